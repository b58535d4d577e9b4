#include "incoming_listing.hpp"

#include "kps/provisioning/secret_role.hpp"
#include "kps/schemas/validator.hpp"

#include <QSet>

namespace kps::provisioning {
namespace {

const QString kWhat = QStringLiteral("read incoming file");
constexpr int kWrapOverhead = 8; // AES-KWP adds one 8-byte block to 8-aligned data
constexpr int kKeyBytes = 16;
constexpr int kMaxPasswordBytes = 64;

tl::unexpected<Error> badInput(const QString& file, const QString& place, const QString& reason,
                               const QString& hint = {}) {
    return failure(ErrorKind::BadInput, kWhat, file + QStringLiteral(": ") + place, reason, hint);
}

Outcome<std::vector<IncomingMaster>> mastersOf(const reports::ListingHeader& header,
                                               const QString& file) {
    std::vector<IncomingMaster> masters;
    QSet<QString> names;
    for (std::size_t i = 0; i < header.masters.size(); ++i) {
        const reports::MasterEntry& master = header.masters[i];
        if (names.contains(master.name))
            return badInput(file, QStringLiteral("/masters/%1/name").arg(i),
                            QStringLiteral("%1 appears twice").arg(master.name));
        names.insert(master.name);
        if (master.wrapped.size() != master.length + kWrapOverhead)
            return badInput(file, QStringLiteral("/masters/%1/wrapped").arg(i),
                            QStringLiteral("%1 bytes: a %2-byte key wrapped with AES-KWP has %3 "
                                           "(truncated or for another key)")
                                .arg(master.wrapped.size())
                                .arg(master.length)
                                .arg(master.length + kWrapOverhead));
        masters.push_back({master.name, master.length, master.wrapped, master.kcv});
    }
    return masters;
}

/// Wrapped sizes: an AES-128 key is 24 bytes wrapped; a password (NUL-padded to a
/// multiple of 8, at most 64 bytes) 16 to 72.
Outcome<void> checkWrappedSizes(const IncomingEndpoint& entry, const QString& file,
                                const QString& place) {
    for (std::size_t k = 0; k < entry.secrets.size(); ++k) {
        const IncomingSecret& secret = entry.secrets[k];
        const qsizetype size = secret.wrapped.size();
        const bool password = secret.role == SecretRole::Password;
        if (password ? (size >= 16 && size <= kMaxPasswordBytes + kWrapOverhead && size % 8 == 0)
                     : size == kKeyBytes + kWrapOverhead)
            continue;
        return badInput(file,
                        place + (password ? QStringLiteral("/password/wrapped")
                                          : QStringLiteral("/keys/%1/wrapped").arg(k)),
                        QStringLiteral("%1 bytes: a wrapped %2 has %3 (truncated?)")
                            .arg(size)
                            .arg(password ? QStringLiteral("password") : QStringLiteral("key"))
                            .arg(password ? QStringLiteral("16 to 72, in multiples of 8")
                                          : QStringLiteral("24 (AES-128 under AES-KWP)")));
    }
    return {};
}

/// An entry's secrets; each key's role must be a key's (the password has a field of its own).
Outcome<IncomingEndpoint> endpointOf(const reports::EndpointEntry& entry, const QString& file,
                                     const QString& place) {
    IncomingEndpoint endpoint{entry.address, {}};
    endpoint.secrets.reserve(entry.keys.size() + 1);
    for (std::size_t k = 0; k < entry.keys.size(); ++k) {
        const reports::KeyEntry& key = entry.keys[k];
        const auto role = secretRoleFrom(key.role);
        if (!role || *role == SecretRole::Password)
            return badInput(file, place + QStringLiteral("/keys/%1/role").arg(k),
                            QStringLiteral("not a key role (data, dm, local, fleet)"));
        endpoint.secrets.push_back({static_cast<std::uint8_t>(key.id), *role,
                                    static_cast<std::uint8_t>(key.version), key.wrapped, key.kcv});
    }
    if (!entry.passwordWrapped.isEmpty())
        endpoint.secrets.push_back({0, SecretRole::Password, 0, entry.passwordWrapped, QString()});
    return endpoint;
}

Outcome<std::vector<IncomingEndpoint>> endpointsOf(reports::ListingReader& reader) {
    std::vector<IncomingEndpoint> endpoints;
    endpoints.reserve(std::size_t(reader.endpointCount()));
    std::optional<Error> problem;
    auto streamed =
        reader.forEachEndpoint([&](const reports::EndpointEntry& entry,
                                   const QString& place) -> reports::ReportResult<void> {
            auto endpoint = endpointOf(entry, reader.file(), place);
            auto sized = endpoint ? checkWrappedSizes(*endpoint, reader.file(), place)
                                  : Outcome<void>(tl::unexpected(endpoint.error()));
            if (!sized) {
                problem = sized.error();
                return reports::reportFailure(reports::ReportErrorKind::BadInput, reader.file(),
                                              place, sized.error().reason);
            }
            endpoints.push_back(std::move(*endpoint));
            return {};
        });
    if (problem)
        return tl::unexpected(std::move(*problem));
    if (!streamed)
        return tl::unexpected(incomingFileError(streamed.error()));
    return endpoints;
}

} // namespace

Error incomingFileError(const reports::ReportError& error) {
    return Error{ErrorKind::BadInput, kWhat,
                 error.place.isEmpty() ? error.file
                                       : error.file + QStringLiteral(": ") + error.place,
                 error.reason, error.hint};
}

Outcome<UnverifiedListing> readIncomingListing(const QString& file, const QString& purpose) {
    const auto expected = reports::purposeFrom(purpose);
    auto reader = reports::ListingReader::read(file, {expected, schemas::kMaxDocumentBytes});
    if (!reader)
        return tl::unexpected(incomingFileError(reader.error()));
    return UnverifiedListing{file, std::move(*reader)};
}

Outcome<IncomingListing> verifyIncoming(UnverifiedListing& listing,
                                        const x509::CertificateInfo& customer,
                                        const x509::CertificateInfo& stationImport) {
    const reports::ListingReader& reader = listing.reader;
    const reports::ListingHeader& header = reader.header();
    const reports::ListingParty sender{
        customer, QStringLiteral("the customer of order %1").arg(header.order)};
    const reports::ListingParty recipient{
        stationImport, QStringLiteral("this station's import certificate (station-import.crt)")};
    auto scheme = reader.verifySignature(sender);
    if (!scheme)
        return tl::unexpected(incomingFileError(scheme.error()));
    if (auto addressed = reader.checkRecipient(recipient); !addressed)
        return tl::unexpected(incomingFileError(addressed.error()));
    if (auto signedBy = reader.checkSender(sender); !signedBy)
        return tl::unexpected(incomingFileError(signedBy.error()));
    IncomingListing result;
    result.file = listing.file;
    result.purpose = reports::purposeName(header.purpose);
    result.orderId = header.order;
    result.sha256 = reader.sha256();
    result.signature = *scheme;
    result.kek = {header.kek.wrap, header.kek.wrapped, header.kek.kcv};
    if (result.kek.wrapped.size() * 8 != stationImport.keyBits)
        return badInput(listing.file, QStringLiteral("/kek/wrapped"),
                        QStringLiteral("%1 bytes: a KEK wrapped to the %2-bit import key has %3 "
                                       "(truncated, or wrapped to another key)")
                            .arg(result.kek.wrapped.size())
                            .arg(stationImport.keyBits)
                            .arg(stationImport.keyBits / 8));
    KPS_TRY_LET(masters, mastersOf(header, listing.file));
    KPS_TRY_LET(endpoints, endpointsOf(listing.reader));
    result.masters = std::move(masters);
    result.endpoints = std::move(endpoints);
    return result;
}

} // namespace kps::provisioning
