#include "kps/reports/listing_opener.hpp"

#include "customer_crypto.hpp"
#include "kps/hsm/x509.hpp"
#include "kps/schemas/validator.hpp"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

namespace kps::reports {
namespace {

using Bytes = std::span<const std::uint8_t>;

Bytes bytesOf(const QByteArray& array) {
    return {reinterpret_cast<const std::uint8_t*>(array.constData()), std::size_t(array.size())};
}

ReportResult<QByteArray> readAll(const QString& path, qint64 limit) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return reportFailure(ReportErrorKind::BadInput, path, {},
                             QStringLiteral("cannot be read: ") + file.errorString());
    if (file.size() > limit)
        return reportFailure(ReportErrorKind::BadInput, path, {},
                             QStringLiteral("is larger than %1 bytes").arg(limit));
    return file.readAll();
}

ReportResult<hsm::CertificateInfo> checkSignature(const OpenRequest& request,
                                                  const QByteArray& listing) {
    auto certificate = hsm::readCertificateFile(request.senderCertificate.toStdString());
    if (!certificate)
        return reportFailure(ReportErrorKind::BadInput, request.senderCertificate, {},
                             QString::fromStdString(certificate.error().hint));
    auto signature = readAll(request.listing + QStringLiteral(".sig"), 4096);
    if (!signature)
        return tl::unexpected(signature.error());
    if (!hsm::verifySignature(certificate->der, bytesOf(listing), bytesOf(*signature)))
        return reportFailure(
            ReportErrorKind::Signature, request.listing, {},
            QStringLiteral("the signature does not verify with the sender's certificate"),
            QStringLiteral("The file was changed or comes from someone else: do not use it"));
    return *certificate;
}

ReportResult<void> checkParties(const OpenRequest& request, const QJsonObject& json,
                                const hsm::CertificateInfo& sender) {
    if (json[QStringLiteral("sender")][QStringLiteral("certificateSha256")]
            .toString()
            .toStdString() != sender.sha256Hex)
        return reportFailure(
            ReportErrorKind::BadInput, request.listing, QStringLiteral("/sender/certificateSha256"),
            QStringLiteral("names a different sender certificate than the one that signed it"));
    if (request.recipientCertificate.isEmpty())
        return {};
    auto recipient = hsm::readCertificateFile(request.recipientCertificate.toStdString());
    if (!recipient || json[QStringLiteral("recipient")][QStringLiteral("certificateSha256")]
                              .toString()
                              .toStdString() != recipient->sha256Hex)
        return reportFailure(ReportErrorKind::BadInput, request.listing,
                             QStringLiteral("/recipient/certificateSha256"),
                             QStringLiteral("the listing is addressed to another recipient"));
    return {};
}

ReportResult<OpenedSecret> unwrapSecret(Bytes kek, const QJsonObject& json, const QString& file,
                                        const QString& place) {
    OpenedSecret secret;
    secret.name = json[QStringLiteral("name")].toString();
    secret.id = json[QStringLiteral("id")].toInt();
    secret.role = json[QStringLiteral("role")].toString();
    secret.version = json[QStringLiteral("version")].toInt();
    secret.kcv = json[QStringLiteral("kcv")].toString();
    auto value = crypto::aesKwpUnwrap(
        kek, QByteArray::fromBase64(json[QStringLiteral("wrapped")].toString().toLatin1()));
    if (!value)
        return reportFailure(
            ReportErrorKind::BadInput, file, place + QStringLiteral("/wrapped"),
            QStringLiteral("does not unwrap under the listing's KEK (corrupt or truncated)"));
    if (!secret.kcv.isEmpty() && crypto::kcvHex(value->span()) != secret.kcv)
        return reportFailure(
            ReportErrorKind::BadInput, file, place + QStringLiteral("/kcv"),
            QStringLiteral("the key check value does not match the unwrapped key"));
    secret.value = std::move(*value);
    return secret;
}

ReportResult<OpenedEndpoint> openEndpoint(Bytes kek, const QJsonObject& json, const QString& file,
                                          const QString& place) {
    OpenedEndpoint endpoint{json[QStringLiteral("address")].toString(), {}};
    const QJsonArray keys = json[QStringLiteral("keys")].toArray();
    for (qsizetype i = 0; i < keys.size(); ++i) {
        auto secret =
            unwrapSecret(kek, keys[i].toObject(), file, place + QStringLiteral("/keys/%1").arg(i));
        if (!secret)
            return tl::unexpected(secret.error());
        endpoint.secrets.push_back(std::move(*secret));
    }
    if (json.contains(QStringLiteral("password"))) {
        auto password = unwrapSecret(kek, json[QStringLiteral("password")].toObject(), file,
                                     place + QStringLiteral("/password"));
        if (!password)
            return tl::unexpected(password.error());
        password->role = QStringLiteral("password");
        std::size_t length = password->value.size();
        while (length > 0 &&
               password->value.data()[length - 1] == 0) // transfer form: NUL-padded to 8
            --length;
        password->value.shrink(length);
        endpoint.secrets.push_back(std::move(*password));
    }
    return endpoint;
}

ReportResult<hsm::SecretBytes> openKek(const OpenRequest& request, const QJsonObject& kekJson) {
    auto key = crypto::readPrivateKeyPem(request.recipientKey);
    if (!key)
        return reportFailure(ReportErrorKind::BadInput, request.recipientKey, {},
                             QStringLiteral("not a PEM private key"));
    const QString wrap = kekJson[QStringLiteral("wrap")].toString();
    auto kek = crypto::rsaOaepDecrypt(
        key.get(), QByteArray::fromBase64(kekJson[QStringLiteral("wrapped")].toString().toLatin1()),
        wrap);
    if (!kek || kek->size() != 32)
        return reportFailure(ReportErrorKind::BadInput, request.listing,
                             QStringLiteral("/kek/wrapped"),
                             QStringLiteral("the KEK does not decrypt with this private key"),
                             QStringLiteral("Use the private key of the listing's recipient"));
    if (crypto::kcvHex(kek->span()) != kekJson[QStringLiteral("kcv")].toString())
        return reportFailure(ReportErrorKind::BadInput, request.listing, QStringLiteral("/kek/kcv"),
                             QStringLiteral("the KEK's check value does not match"));
    return std::move(*kek);
}

} // namespace

ReportResult<OpenedListing> openListing(const OpenRequest& request,
                                        const std::function<void(const OpenedEndpoint&)>& visit) {
    auto bytes = readAll(request.listing, 4LL << 30);
    if (!bytes)
        return tl::unexpected(bytes.error());
    auto sender = checkSignature(request, *bytes);
    if (!sender)
        return tl::unexpected(sender.error());
    auto json = schemas::parseDocument(*bytes, QStringLiteral("kps-listing/1"), request.listing);
    if (!json)
        return tl::unexpected(ReportError::fromInput(json.error()));
    if (auto parties = checkParties(request, *json, *sender); !parties)
        return tl::unexpected(parties.error());
    auto kek = openKek(request, (*json)[QStringLiteral("kek")].toObject());
    if (!kek)
        return tl::unexpected(kek.error());
    OpenedListing opened;
    opened.header.order = (*json)[QStringLiteral("order")].toString();
    opened.header.purpose = *purposeFrom((*json)[QStringLiteral("purpose")].toString());
    const QJsonArray masters = (*json)[QStringLiteral("masters")].toArray();
    for (qsizetype i = 0; i < masters.size(); ++i) {
        auto master = unwrapSecret(kek->span(), masters[i].toObject(), request.listing,
                                   QStringLiteral("/masters/%1").arg(i));
        if (!master)
            return tl::unexpected(master.error());
        master->role = QStringLiteral("master");
        opened.masters.push_back(std::move(*master));
    }
    const QJsonArray endpoints = (*json)[QStringLiteral("endpoints")].toArray();
    for (qsizetype i = 0; i < endpoints.size(); ++i) {
        auto endpoint = openEndpoint(kek->span(), endpoints[i].toObject(), request.listing,
                                     QStringLiteral("/endpoints/%1").arg(i));
        if (!endpoint)
            return tl::unexpected(endpoint.error());
        visit(*endpoint);
        ++opened.endpointCount;
    }
    return opened;
}

} // namespace kps::reports
