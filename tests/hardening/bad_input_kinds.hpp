#pragma once
// The kind-specific half of the bad-input corpus: what is wrong only in an order, a
// profile, a certificate, a kps-listing/1 (masters, key list) or station.json.
#include "bad_input_corpus.hpp"
#include "openssl_fixtures.hpp"

namespace kps::test {

inline BadFile with(const QString& name, const QJsonObject& base, const QString& pointer,
                    const QJsonValue& value, const QString& place, const QString& reason) {
    return {name, jsonBytes(set(base, pointer, value)), place, reason};
}

inline BadFile without(const QString& name, const QJsonObject& base, const QString& pointer,
                       const QString& place, const QString& reason) {
    return {name, jsonBytes(removed(base, pointer)), place, reason};
}

inline std::vector<BadFile> orderSemantics(const QJsonObject& base) {
    const QJsonObject listed =
        removed(set(base, QStringLiteral("/addresses/list"), QJsonArray{"00600000", "00600000"}),
                QStringLiteral("/addresses/first"));
    return {
        with("order-quantity-0.json", base, "/quantity", 0, "/quantity", ""),
        with("order-quantity-huge.json", base, "/quantity", 10000001, "/quantity", ""),
        with("order-first-not-bcd.json", base, "/addresses/first", "0050000A", "/addresses/first",
             ""),
        with("order-manufacturer.json", base, "/addresses/manufacturer", "K1X",
             "/addresses/manufacturer", ""),
        with("order-range-overflow.json", base, "/addresses/first", "99999995", "/addresses/first",
             "range ends"),
        with("order-list-twice.json", listed, "/quantity", 2, "/addresses/list/1", "listed twice"),
        with("order-list-short.json", listed, "/addresses/list", QJsonArray{"00600000"},
             "/addresses/list", "fewer addresses"),
        with("order-unknown-profile.json", base, "/profile", "no-such-profile", "/profile",
             "no profile named"),
        with("order-key-source.json", base, "/keySource", "hsm", "/keySource", ""),
        with("order-headend-dm.json", base, "/headend/dm", "all", "/headend/dm", ""),
        with("order-rekey-range.json", base, "/rekey", true, "/addresses", "re-keying"),
        with("order-list-source-range.json", base, "/keySource", "customer-list", "/addresses",
             "customer-list"),
        with("order-id-space.json", base, "/order", "PO 1", "/order", ""),
        with("order-version.json", base, "/addresses/version", 256, "/addresses/version", ""),
        with("order-type.json", base, "/addresses/type", -1, "/addresses/type", ""),
        with("order-cert-absolute.json", base, "/customer/certificate", "/etc/passwd",
             "/customer/certificate", ""),
        with("order-cert-missing.json", base, "/headend/certificate", "nowhere.crt",
             "/headend/certificate", ""),
    };
}

inline std::vector<BadFile> profileSemantics(const QJsonObject& base) {
    return {
        with("profile-key-id-twice.json", base, "/keys/1/id", 1, "/keys/1/id", "used twice"),
        with("profile-key-id-password.json", base, "/keys/0/id", 4, "/keys/0/id", "used twice"),
        with("profile-alphabet-twice.json", base, "/password/alphabet", "ABCDEFGHIJKLMNOPQRSTA",
             "/password/alphabet", "appears twice"),
        with("profile-password-too-long.json",
             set(base, "/password/alphabet",
                 "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
                 "abcdefghijklmnopqrstuvwxyz{|}~"),
             "/password/length", 32, "/password/length", "128 bits"),
        with("profile-role.json", base, "/keys/0/role", "admin", "/keys/0/role", ""),
        with("profile-master.json", base, "/keys/0/master", "FOO", "/keys/0/master", ""),
        with("profile-no-keys.json", base, "/keys", QJsonArray{}, "/keys", ""),
        with("profile-key-length.json", base, "/keys/0/length", 32, "/keys/0/length", ""),
        with("profile-injection.json", base, "/injection", "usb", "/injection", ""),
        // The station side of agent injection is not built: refused, never written plain.
        with("profile-injection-agent.json", base, "/injection", "agent", "/injection",
             "not available"),
        with("profile-password-short.json", base, "/password/length", 5, "/password/length", ""),
        with("profile-alphabet-space.json", base, "/password/alphabet", "ABC DEFGHIJK",
             "/password/alphabet", ""),
        with("profile-source.json", base, "/password/source", "dice", "/password/source", ""),
    };
}

/// Certificates an order names for its customer (or head-end): broken encodings,
/// weak keys (the weak-recipient family of certificate_factory.hpp), wrong usage,
/// wrong time, more than one certificate.
inline std::vector<BadFile> certificateFiles(const QByteArray& goodPem) {
    const Pkey rsa(EVP_RSA_gen(2048));
    const Pkey ec(EVP_EC_gen("P-256"));
    const QString place = QStringLiteral("/customer/certificate");
    std::vector<BadFile> files;
    for (const WeakCertificate& weak : weakRecipients())
        files.push_back({weak.name, weak.pem, place, weak.reason});
    files.insert(
        files.end(),
        {
            {"signing-only.crt",
             makeCertificate(rsa.get(), {-3600, 86400, "critical,digitalSignature"}), place,
             "key encipherment"},
            {"ca-only.crt", makeCertificate(rsa.get(), {-3600, 86400, "critical,keyCertSign"}),
             place, "key encipherment"},
            {"data-only.crt", makeCertificate(rsa.get(), {-3600, 86400, "dataEncipherment"}), place,
             "key encipherment"},
            {"ec-key.crt", makeCertificate(ec.get(), {-3600, 86400, nullptr}), place, "RSA key"},
            {"empty.crt", {}, place, ""},
            {"text.crt", "this is not a certificate\n", place, ""},
            {"missing.crt", {}, place, "", 0, Signing::Customer, "missing"},
            {"directory.crt", {}, place, "", 0, Signing::Customer, "directory"},
            {"endless.crt", {}, place, "symbolic link", 0, Signing::Customer, "link:/dev/zero"},
            {"fifo.crt", {}, place, "named pipe", 0, Signing::Customer, "fifo"},
            {"good-behind-link.crt", goodPem, place, "symbolic link", 0, Signing::Customer,
             "link-to-copy"},
            {"large.crt", {}, place, "64 KiB", 1024 * 1024},
        });
    QRandomGenerator random(0x63657274); // "cert"
    for (int i = 0; i < 10; ++i) {
        QByteArray noise(64 + 97 * i, '\0');
        for (char& c : noise)
            c = char(random.bounded(256));
        files.push_back({QStringLiteral("noise-%1.crt").arg(i), noise, place, ""});
    }
    for (int i = 1; i <= 15; ++i)
        files.push_back({QStringLiteral("truncated-pem-%1.crt").arg(i),
                         goodPem.left(goodPem.size() * i / 16), place, ""});
    const QByteArray der = derOf(goodPem);
    for (int i = 1; i <= 8; ++i)
        files.push_back({QStringLiteral("truncated-der-%1.crt").arg(i),
                         der.left(der.size() * i / 9), place, ""});
    for (int i = 0; i < 5; ++i) {
        QByteArray broken = goodPem;
        broken[40 + 97 * i] = '*'; // not base64
        files.push_back({QStringLiteral("bad-base64-%1.crt").arg(i), broken, place, ""});
    }
    files.push_back({"private-key.crt",
                     "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE "
                     "KEY-----\n",
                     place, ""});
    files.push_back(
        {"der-tag-flipped.crt", QByteArray(1, char(der[0] ^ 0x20)) + der.mid(1), place, ""});
    return files;
}

/// What is wrong in any incoming kps-listing/1, whatever its purpose: parties,
/// KEK, signature.
inline std::vector<BadFile> listingSemantics(const QJsonObject& base, const QString& stem,
                                             const QString& otherPurpose) {
    const QString zeros(64, QLatin1Char('0'));
    auto file = [&](const char* name) {
        return stem + QLatin1Char('-') + QLatin1String(name);
    };
    std::vector<BadFile> files{
        with(file("purpose.json"), base, "/purpose", otherPurpose, "/purpose", "purpose"),
        with(file("recipient.json"), base, "/recipient/certificateSha256", zeros,
             "/recipient/certificateSha256", "addressed to another"),
        with(file("sender.json"), base, "/sender/certificateSha256", zeros,
             "/sender/certificateSha256", "not the customer"),
        with(file("unknown-order.json"), base, "/order", "PO-NOBODY-0001", "/order",
             "no order PO-NOBODY-0001"),
        with(file("kek-kcv.json"), base, "/kek/kcv", "abcdef", "/kek/kcv", "check value"),
        with(file("kek-short.json"), base, "/kek/wrapped",
             QString::fromLatin1(QByteArray(200, 'k').toBase64()), "/kek/wrapped", "truncated"),
        with(file("kek-garbage.json"), base, "/kek/wrapped",
             QString::fromLatin1(QByteArray(384, '\x42').toBase64()), "/kek/wrapped", ""),
        with(file("kek-wrap.json"), base, "/kek/wrap", "rsa-oaep-sha256", "/kek/wrap", ""),
        with(file("created.json"), base, "/created", "yesterday", "/created", ""),
        with(file("key-wrap.json"), base, "/keyWrap", "aes-kw", "/keyWrap", ""),
    };
    const std::vector<std::pair<const char*, Signing>> signatures{
        {"sig-missing", Signing::None},        {"sig-empty", Signing::Empty},
        {"sig-garbage", Signing::Garbage},     {"sig-oversized", Signing::Oversized},
        {"sig-other-key", Signing::OtherKey},  {"sig-flipped-file", Signing::FlippedFile},
        {"sig-truncated", Signing::Truncated},
    };
    for (const auto& [name, signing] : signatures) {
        BadFile bad{file(name) + QStringLiteral(".json"), jsonBytes(base), QStringLiteral(".sig"),
                    QString()};
        bad.signing = signing;
        files.push_back(bad);
    }
    return files;
}

inline std::vector<BadFile> masterSemantics(const QJsonObject& base) {
    const QJsonArray masters = base["masters"].toArray();
    QJsonArray twice = masters;
    twice.append(masters.at(0));
    return {
        with("masters-twice.json", base, "/masters", twice, "/masters/4/name", "appears twice"),
        with("masters-unknown.json", base, "/masters/0/name", "FOO_MASTER", "/masters/0/name",
             "uses no FOO_MASTER"),
        without("masters-missing.json", base, "/masters/1", "/masters", "missing DM_MASTER"),
        with("masters-empty.json", base, "/masters", QJsonArray{}, "/masters", "non-empty"),
        with("masters-kcv.json", base, "/masters/2/kcv", "abcdef", "/masters/2", "check value"),
        with("masters-wrapped-short.json", base, "/masters/0/wrapped",
             QString::fromLatin1(QByteArray(16, 'x').toBase64()), "/masters/0/wrapped",
             "truncated"),
        with("masters-length.json", base, "/masters/3/length", 32, "/masters/3/wrapped", ""),
        with("masters-endpoints.json", base, "/endpoints",
             QJsonArray{QJsonObject{{"address", "KLK-00700000-01-07"}, {"keys", QJsonArray{}}}},
             "/endpoints", "carries no endpoints"),
        with("masters-garbage-wrapped.json", base, "/masters/1/wrapped",
             QString::fromLatin1(QByteArray(40, '\x11').toBase64()), "/masters/1", ""),
    };
}

inline std::vector<BadFile> keyListSemantics(const QJsonObject& base) {
    const QJsonArray endpoints = base["endpoints"].toArray();
    QJsonArray twice = endpoints;
    twice[1] = endpoints.at(0);
    QJsonArray noPassword = endpoints;
    QJsonObject first = endpoints.at(0).toObject();
    first.remove("password");
    noPassword[0] = first;
    return {
        with("list-twice.json", base, "/endpoints", twice, "/endpoints/1/address", "listed twice"),
        with("list-foreign-address.json", base, "/endpoints/0/address", "KLK-00499999-01-07",
             "/endpoints/0/address", "not an address of order"),
        with("list-no-password.json", base, "/endpoints", noPassword, "/endpoints/0/password", ""),
        without("list-key-missing.json", base, "/endpoints/0/keys/2", "/endpoints/0/keys",
                "the profile has 3"),
        with("list-key-version.json", base, "/endpoints/1/keys/0/version", 9, "/endpoints/1/keys",
             "not a key of the profile"),
        with("list-key-id.json", base, "/endpoints/1/keys/1/id", 1, "/endpoints/1/keys",
             "appears twice"),
        with("list-kcv.json", base, "/endpoints/2/keys/0/kcv", "abcdef", "key 1", "check value"),
        with("list-wrapped-short.json", base, "/endpoints/0/keys/0/wrapped",
             QString::fromLatin1(QByteArray(16, 'x').toBase64()), "/endpoints/0/keys/0/wrapped",
             "truncated"),
        with("list-password-short.json", base, "/endpoints/0/password/wrapped",
             QString::fromLatin1(QByteArray(12, 'x').toBase64()), "/endpoints/0/password/wrapped",
             "truncated"),
        with(
            "list-masters.json", base, "/masters",
            QJsonArray{QJsonObject{{"name", "DATA_MASTER"},
                                   {"length", 16},
                                   {"wrapped", QString::fromLatin1(QByteArray(24, 'x').toBase64())},
                                   {"kcv", "abcdef"}}},
            "/masters", "carries no masters"),
        with("list-garbage-wrapped.json", base, "/endpoints/1/keys/2/wrapped",
             QString::fromLatin1(QByteArray(24, '\x11').toBase64()), "/endpoints/1", ""),
        with("list-garbage-password.json", base, "/endpoints/2/password/wrapped",
             QString::fromLatin1(QByteArray(24, '\x11').toBase64()), "/endpoints/2", ""),
        with("list-empty.json", base, "/endpoints", QJsonArray{}, "/endpoints", "non-empty"),
        with("list-address-pattern.json", base, "/endpoints/0/address", "KLK-0070000-01-07",
             "/endpoints/0/address", ""),
    };
}

inline std::vector<BadFile> configSemantics(const QJsonObject& base) {
    return {
        with("config-uri-pin-value.json", base, "/hsm/uri",
             "pkcs11:token=kps-station?pin-value=123456", "/hsm/uri", ""),
        with("config-uri-scheme.json", base, "/hsm/uri", "http://hsm/", "/hsm/uri", ""),
        with("config-driver.json", base, "/store/driver", "QMYSQL", "/store/driver", ""),
        with("config-port.json", base, "/store/port", 70000, "/store/port", ""),
        with("config-name.json", base, "/name", "station one", "/name", ""),
        with("config-token-long.json", base, "/hsm/token", QString(40, QLatin1Char('t')),
             "/hsm/token", ""),
        with("config-module-empty.json", base, "/hsm/module", "", "/hsm/module", ""),
    };
}

} // namespace kps::test
