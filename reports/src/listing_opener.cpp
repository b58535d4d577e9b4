#include "kps/reports/listing_opener.hpp"

#include "customer_crypto.hpp"
#include "kps/reports/listing_reader.hpp"

namespace kps::reports {
namespace {

using Bytes = std::span<const std::uint8_t>;

ReportResult<OpenedSecret> unwrapSecret(Bytes kek, const QByteArray& wrapped, OpenedSecret secret,
                                        const QString& file, const QString& place) {
    auto value = crypto::aesKwpUnwrap(kek, wrapped);
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

/// The password's transfer form is its characters NUL-padded to a multiple of 8.
void stripPadding(secure::SecretBytes& password) {
    std::size_t length = password.size();
    while (length > 0 && password.data()[length - 1] == 0)
        --length;
    password.shrink(length);
}

ReportResult<OpenedEndpoint> openEndpoint(Bytes kek, const EndpointEntry& entry,
                                          const QString& file, const QString& place) {
    OpenedEndpoint endpoint{entry.address, {}};
    for (std::size_t i = 0; i < entry.keys.size(); ++i) {
        const KeyEntry& key = entry.keys[i];
        auto secret =
            unwrapSecret(kek, key.wrapped, {{}, key.id, key.role, key.version, key.kcv, {}}, file,
                         place + QStringLiteral("/keys/%1").arg(i));
        if (!secret)
            return tl::unexpected(secret.error());
        endpoint.secrets.push_back(std::move(*secret));
    }
    if (!entry.passwordWrapped.isEmpty()) {
        auto password =
            unwrapSecret(kek, entry.passwordWrapped, {{}, 0, QStringLiteral("password"), 0, {}, {}},
                         file, place + QStringLiteral("/password"));
        if (!password)
            return tl::unexpected(password.error());
        stripPadding(password->value);
        endpoint.secrets.push_back(std::move(*password));
    }
    return endpoint;
}

ReportResult<secure::SecretBytes> openKek(const OpenRequest& request, const KekBlock& block) {
    auto key = crypto::readPrivateKeyPem(request.recipientKey);
    if (!key)
        return reportFailure(ReportErrorKind::BadInput, request.recipientKey, {},
                             QStringLiteral("not a PEM private key"));
    auto kek = crypto::rsaOaepDecrypt(key.get(), block.wrapped, block.wrap);
    if (!kek || kek->size() != 32)
        return reportFailure(ReportErrorKind::BadInput, request.listing,
                             QStringLiteral("/kek/wrapped"),
                             QStringLiteral("the KEK does not decrypt with this private key"),
                             QStringLiteral("Use the private key of the listing's recipient"));
    if (crypto::kcvHex(kek->span()) != block.kcv)
        return reportFailure(ReportErrorKind::BadInput, request.listing, QStringLiteral("/kek/kcv"),
                             QStringLiteral("the KEK's check value does not match"));
    return std::move(*kek);
}

ReportResult<std::vector<OpenedSecret>> openMasters(Bytes kek, const ListingHeader& header,
                                                    const QString& file) {
    std::vector<OpenedSecret> masters;
    for (std::size_t i = 0; i < header.masters.size(); ++i) {
        const MasterEntry& entry = header.masters[i];
        auto master = unwrapSecret(kek, entry.wrapped,
                                   {entry.name, 0, QStringLiteral("master"), 0, entry.kcv, {}},
                                   file, QStringLiteral("/masters/%1").arg(i));
        if (!master)
            return tl::unexpected(master.error());
        if (master->value.size() != std::size_t(entry.length))
            return reportFailure(ReportErrorKind::BadInput, file,
                                 QStringLiteral("/masters/%1/length").arg(i),
                                 QStringLiteral("says %1 bytes, the key has %2")
                                     .arg(entry.length)
                                     .arg(master->value.size()));
        masters.push_back(std::move(*master));
    }
    return masters;
}

} // namespace

ReportResult<OpenedListing> openListing(const OpenRequest& request,
                                        const std::function<void(const OpenedEndpoint&)>& visit) {
    auto reader = ListingReader::open(
        {request.listing, request.senderCertificate, request.recipientCertificate});
    if (!reader)
        return tl::unexpected(reader.error());
    auto kek = openKek(request, reader->header().kek);
    if (!kek)
        return tl::unexpected(kek.error());
    OpenedListing opened;
    opened.header = reader->header();
    auto masters = openMasters(kek->span(), opened.header, request.listing);
    if (!masters)
        return tl::unexpected(masters.error());
    opened.masters = std::move(*masters);
    auto streamed = reader->forEachEndpoint(
        [&](const EndpointEntry& entry, const QString& place) -> ReportResult<void> {
            auto endpoint = openEndpoint(kek->span(), entry, request.listing, place);
            if (!endpoint)
                return tl::unexpected(endpoint.error());
            visit(*endpoint);
            ++opened.endpointCount;
            return {};
        });
    if (!streamed)
        return tl::unexpected(streamed.error());
    return opened;
}

ReportResult<VerifiedListing> verifyListing(const ListingSource& source) {
    auto reader = ListingReader::open(source);
    if (!reader)
        return tl::unexpected(reader.error());
    auto streamed = reader->forEachEndpoint(
        [](const EndpointEntry&, const QString&) -> ReportResult<void> { return {}; });
    if (!streamed)
        return tl::unexpected(streamed.error());
    const auto sender = x509::readCertificateFile(source.senderCertificate.toStdString());
    return VerifiedListing{reader->header(), reader->endpointCount(), reader->sha256(),
                           sender ? QString::fromStdString(sender->subject) : QString()};
}

} // namespace kps::reports
