#include "order_exports.hpp"

#include "kps/reports/listing_writer.hpp"

namespace kps::app {
namespace {

using namespace provisioning;

reports::PartyRef partyOf(const hsm::CertificateInfo& certificate) {
    return {QString::fromStdString(certificate.subject),
            QString::fromStdString(certificate.sha256Hex)};
}

reports::ListingHeader headerFor(Station& station, const OrderRecord& record,
                                 reports::Purpose purpose) {
    const bool toCustomer = purpose == reports::Purpose::CustomerListing;
    const WrappedKek& kek = toCustomer ? record.customerKek : record.headendKek;
    reports::ListingHeader header;
    header.purpose = purpose;
    header.order = record.order.id;
    header.created = QDateTime::currentDateTimeUtc();
    header.sender = partyOf(station.vault().identity().signing);
    header.recipient =
        partyOf(toCustomer ? record.order.customer.certificate : record.order.headend.certificate);
    header.kek = {kek.wrap, kek.wrapped, kek.kcv};
    header.batch =
        reports::BatchFacts{station.name(), record.order.profile,
                            keySourceName(record.order.keySource), qint64(record.verified)};
    return header;
}

reports::EndpointEntry listingEntry(const EndpointRow& row, bool dmOnly) {
    reports::EndpointEntry entry{row.address, {}, {}};
    for (const SecretRow& secret : row.secrets) {
        if (secret.role == QLatin1String("password")) {
            if (!dmOnly)
                entry.passwordWrapped = secret.customerWrapped;
            continue;
        }
        if (dmOnly && secret.role != QLatin1String("dm"))
            continue;
        entry.keys.push_back({secret.id, secret.role, secret.version,
                              dmOnly ? secret.headendWrapped : secret.customerWrapped, secret.kcv});
    }
    return entry;
}

CommandResult<QString> stream(Station& station, const OrderRecord& record, const QString& path,
                              reports::Purpose purpose) {
    const bool dmOnly = purpose == reports::Purpose::DmBatch;
    auto writer = reports::ListingWriter::create(path, headerFor(station, record, purpose));
    if (!writer)
        return tl::unexpected(fromError(writer.error()));
    std::optional<reports::ReportError> writeError;
    auto streamed = station.store().forEachEndpoint(
        record.order.id, EndpointState::Verified, [&](const EndpointRow& row) -> Done {
            if (auto added = (*writer)->add(listingEntry(row, dmOnly)); !added) {
                writeError = added.error();
                return failure(ErrorKind::Store, QStringLiteral("export"), path,
                               added.error().message());
            }
            return {};
        });
    if (writeError)
        return tl::unexpected(fromError(*writeError));
    if (!streamed)
        return tl::unexpected(fromError(streamed.error()));
    if ((*writer)->endpointCount() != qint64(record.verified))
        return tl::unexpected(CommandError{
            DeviceFailure,
            QStringLiteral(
                "%1: %2 endpoints streamed, %3 verified: the store changed during the export")
                .arg(path)
                .arg((*writer)->endpointCount())
                .arg(record.verified)});
    auto digest = (*writer)->finish(*station.vault().signer());
    if (!digest)
        return tl::unexpected(fromError(digest.error()));
    return *digest;
}

} // namespace

CommandResult<QString> exportCustomerListing(Station& station, const OrderRecord& record,
                                             const QString& path) {
    return stream(station, record, path, reports::Purpose::CustomerListing);
}

CommandResult<QString> exportDmBatch(Station& station, const OrderRecord& record,
                                     const QString& path) {
    if (record.order.headendDm != QLatin1String("keys"))
        return tl::unexpected(CommandError{
            Refused, QStringLiteral("%1: a DM batch with the DM master (headend.dm = master) "
                                    "is not available for key source %2")
                         .arg(record.order.id, keySourceName(record.order.keySource))});
    return stream(station, record, path, reports::Purpose::DmBatch);
}

} // namespace kps::app
