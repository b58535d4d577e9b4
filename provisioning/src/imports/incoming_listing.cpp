#include "incoming_listing.hpp"

#include "kps/schemas/validator.hpp"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace kps::provisioning {
namespace {

const QString kWhat = QStringLiteral("read incoming file");
constexpr qint64 kMaxSignatureBytes = 16 * 1024;
constexpr int kWrapOverhead = 8; // AES-KWP adds one 8-byte block to 8-aligned data
constexpr int kKeyBytes = 16;
constexpr int kMaxPasswordBytes = 64;

tl::unexpected<Error> badInput(const QString& file, const QString& place, const QString& reason,
                               const QString& hint = {}) {
    return failure(ErrorKind::BadInput, kWhat, file + QStringLiteral(": ") + place, reason, hint);
}

Outcome<QByteArray> readLimited(const QString& path, qint64 limit, const QString& what) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failure(ErrorKind::BadInput, kWhat, path, file.errorString(),
                       what == QLatin1String("signature")
                           ? QStringLiteral("The signature comes beside the file, as FILE.sig")
                           : QStringLiteral("Check the path"));
    QByteArray bytes = file.read(limit + 1);
    if (bytes.size() > limit)
        return failure(
            ErrorKind::BadInput, kWhat, path,
            QStringLiteral("byte %1: the %2 is larger than %1 bytes").arg(limit).arg(what));
    return bytes;
}

QByteArray base64(const QJsonValue& value) {
    return QByteArray::fromBase64(value.toString().toLatin1());
}

IncomingSecret secretFrom(const QJsonObject& key) {
    return {static_cast<std::uint8_t>(key[QStringLiteral("id")].toInt()),
            key[QStringLiteral("role")].toString(),
            static_cast<std::uint8_t>(key[QStringLiteral("version")].toInt()),
            base64(key[QStringLiteral("wrapped")]), key[QStringLiteral("kcv")].toString()};
}

Outcome<std::vector<IncomingMaster>> mastersOf(const UnverifiedListing& listing) {
    std::vector<IncomingMaster> masters;
    QSet<QString> names;
    const QJsonArray array = listing.json[QStringLiteral("masters")].toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject master = array[i].toObject();
        const QString name = master[QStringLiteral("name")].toString();
        if (names.contains(name))
            return badInput(listing.file, QStringLiteral("/masters/%1/name").arg(i),
                            QStringLiteral("%1 appears twice").arg(name));
        names.insert(name);
        const int length = master[QStringLiteral("length")].toInt();
        const QByteArray wrapped = base64(master[QStringLiteral("wrapped")]);
        if (wrapped.size() != length + kWrapOverhead)
            return badInput(listing.file, QStringLiteral("/masters/%1/wrapped").arg(i),
                            QStringLiteral("%1 bytes: a %2-byte key wrapped with AES-KWP has %3 "
                                           "(truncated or for another key)")
                                .arg(wrapped.size())
                                .arg(length)
                                .arg(length + kWrapOverhead));
        masters.push_back({name, length, wrapped, master[QStringLiteral("kcv")].toString()});
    }
    return masters;
}

/// Wrapped sizes: an AES-128 key is 24 bytes wrapped; a password (NUL-padded to a
/// multiple of 8, at most 64 bytes) 16 to 72.
Outcome<void> checkWrappedSizes(const UnverifiedListing& listing, const IncomingEndpoint& entry,
                                qsizetype index) {
    for (std::size_t k = 0; k < entry.secrets.size(); ++k) {
        const IncomingSecret& secret = entry.secrets[k];
        const qsizetype size = secret.wrapped.size();
        const bool password = secret.role == QLatin1String("password");
        if (password ? (size >= 16 && size <= kMaxPasswordBytes + kWrapOverhead && size % 8 == 0)
                     : size == kKeyBytes + kWrapOverhead)
            continue;
        const QString place =
            password ? QStringLiteral("/endpoints/%1/password/wrapped").arg(index)
                     : QStringLiteral("/endpoints/%1/keys/%2/wrapped").arg(index).arg(k);
        return badInput(listing.file, place,
                        QStringLiteral("%1 bytes: a wrapped %2 has %3 (truncated?)")
                            .arg(size)
                            .arg(password ? QStringLiteral("password") : QStringLiteral("key"))
                            .arg(password ? QStringLiteral("16 to 72, in multiples of 8")
                                          : QStringLiteral("24 (AES-128 under AES-KWP)")));
    }
    return {};
}

Outcome<std::vector<IncomingEndpoint>> endpointsOf(const UnverifiedListing& listing) {
    std::vector<IncomingEndpoint> endpoints;
    const QJsonArray array = listing.json[QStringLiteral("endpoints")].toArray();
    endpoints.reserve(std::size_t(array.size()));
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject endpoint = array[i].toObject();
        IncomingEndpoint entry{endpoint[QStringLiteral("address")].toString(), {}};
        for (const QJsonValue& key : endpoint[QStringLiteral("keys")].toArray())
            entry.secrets.push_back(secretFrom(key.toObject()));
        if (endpoint.contains(QStringLiteral("password")))
            entry.secrets.push_back(
                {0,
                 QStringLiteral("password"),
                 0,
                 base64(endpoint[QStringLiteral("password")][QStringLiteral("wrapped")]),
                 {}});
        if (auto sized = checkWrappedSizes(listing, entry, i); !sized)
            return tl::unexpected(sized.error());
        endpoints.push_back(std::move(entry));
    }
    return endpoints;
}

/// A file meant for another command is named as such before the schema's own
/// (purpose-dependent, hence less telling) complaint. Malformed JSON is left to the
/// schema check, which names its line and column.
Done wrongPurpose(const QString& file, const QByteArray& bytes, const QString& purpose) {
    const QJsonObject object = QJsonDocument::fromJson(bytes).object();
    if (object.isEmpty())
        return {};
    if (!object.contains(QStringLiteral("purpose")))
        return badInput(file, QStringLiteral("/"),
                        QStringLiteral("the required member purpose is missing; this command "
                                       "takes a file of purpose %1")
                            .arg(purpose));
    const QString found = object[QStringLiteral("purpose")].toString();
    if (found != purpose)
        return badInput(
            file, QStringLiteral("/purpose"),
            QStringLiteral("the file's purpose is %1, this command takes %2").arg(found, purpose));
    const QString needed = purpose == QLatin1String("masters") ? QStringLiteral("masters")
                                                               : QStringLiteral("endpoints");
    const QString unwanted = purpose == QLatin1String("masters") ? QStringLiteral("endpoints")
                                                                 : QStringLiteral("masters");
    if (object[needed].toArray().isEmpty())
        return badInput(file, QLatin1Char('/') + needed,
                        QStringLiteral("a %1 file needs a non-empty %2 list").arg(purpose, needed));
    if (object.contains(unwanted))
        return badInput(file, QLatin1Char('/') + unwanted,
                        QStringLiteral("a %1 file carries no %2").arg(purpose, unwanted));
    return {};
}

} // namespace

Outcome<UnverifiedListing> readIncomingListing(const QString& file, const QString& purpose) {
    auto bytes = readLimited(file, schemas::kMaxDocumentBytes, QStringLiteral("file"));
    if (!bytes)
        return tl::unexpected(bytes.error());
    auto signature =
        readLimited(file + QStringLiteral(".sig"), kMaxSignatureBytes, QStringLiteral("signature"));
    if (!signature)
        return tl::unexpected(signature.error());
    if (auto wrong = wrongPurpose(file, *bytes, purpose); !wrong)
        return tl::unexpected(wrong.error());
    auto json = schemas::parseDocument(*bytes, QStringLiteral("kps-listing/1"), file);
    if (!json)
        return tl::unexpected(Error::fromInput(json.error(), kWhat));
    return UnverifiedListing{file, std::move(*bytes), std::move(*signature), std::move(*json)};
}

namespace {

/// The customer's signature over the exact bytes, then the parties the file names.
Outcome<x509::SignatureScheme>
checkSignatureAndParties(const UnverifiedListing& listing, const x509::CertificateInfo& customer,
                         const x509::CertificateInfo& stationImport) {
    const QJsonObject& json = listing.json;
    const QString orderId = json[QStringLiteral("order")].toString();
    const QString sender =
        json[QStringLiteral("sender")][QStringLiteral("certificateSha256")].toString();
    const QString recipient =
        json[QStringLiteral("recipient")][QStringLiteral("certificateSha256")].toString();
    auto scheme =
        x509::verifiedScheme(customer.der,
                             {reinterpret_cast<const std::uint8_t*>(listing.bytes.constData()),
                              std::size_t(listing.bytes.size())},
                             {reinterpret_cast<const std::uint8_t*>(listing.signature.constData()),
                              std::size_t(listing.signature.size())});
    if (scheme == x509::SignatureScheme::None)
        return failure(ErrorKind::BadInput, kWhat, listing.file + QStringLiteral(".sig"),
                       QStringLiteral("the signature does not verify with the certificate of "
                                      "order %1's customer (SHA-256 RSA PKCS#1 v1.5, RSA-PSS "
                                      "or ECDSA over the exact file bytes)")
                           .arg(orderId),
                       QStringLiteral("The file was changed after signing, or signed by "
                                      "someone else: ask the customer for a new one"));
    if (recipient != QString::fromStdString(stationImport.sha256Hex))
        return badInput(listing.file, QStringLiteral("/recipient/certificateSha256"),
                        QStringLiteral("the file is addressed to another certificate (%1), not "
                                       "this station's import certificate")
                            .arg(recipient),
                        QStringLiteral("The customer must wrap to station-import.crt of this "
                                       "station"));
    if (sender != QString::fromStdString(customer.sha256Hex))
        return badInput(listing.file, QStringLiteral("/sender/certificateSha256"),
                        QStringLiteral("the sender is not the customer of order %1").arg(orderId));
    return scheme;
}

} // namespace

Outcome<IncomingListing> verifyIncoming(const UnverifiedListing& listing,
                                        const x509::CertificateInfo& customer,
                                        const x509::CertificateInfo& stationImport) {
    auto scheme = checkSignatureAndParties(listing, customer, stationImport);
    if (!scheme)
        return tl::unexpected(scheme.error());
    const QJsonObject& json = listing.json;
    IncomingListing result;
    result.file = listing.file;
    result.purpose = json[QStringLiteral("purpose")].toString();
    result.orderId = json[QStringLiteral("order")].toString();
    result.sha256 = QString::fromStdString(
        x509::sha256Hex({reinterpret_cast<const std::uint8_t*>(listing.bytes.constData()),
                         std::size_t(listing.bytes.size())}));
    result.signature = *scheme;
    const QJsonObject kek = json[QStringLiteral("kek")].toObject();
    result.kek = {kek[QStringLiteral("wrap")].toString(), base64(kek[QStringLiteral("wrapped")]),
                  kek[QStringLiteral("kcv")].toString()};
    if (result.kek.wrapped.size() * 8 != stationImport.keyBits)
        return badInput(listing.file, QStringLiteral("/kek/wrapped"),
                        QStringLiteral("%1 bytes: a KEK wrapped to the %2-bit import key has %3 "
                                       "(truncated, or wrapped to another key)")
                            .arg(result.kek.wrapped.size())
                            .arg(stationImport.keyBits)
                            .arg(stationImport.keyBits / 8));
    auto masters = mastersOf(listing);
    auto endpoints = endpointsOf(listing);
    if (!masters || !endpoints)
        return tl::unexpected(masters ? endpoints.error() : masters.error());
    result.masters = std::move(*masters);
    result.endpoints = std::move(*endpoints);
    return result;
}

} // namespace kps::provisioning
