#include "kps/app/operations/exports.hpp"

#include "kps/provisioning/key_plan.hpp"
#include "kps/reports/listing_writer.hpp"

namespace kps::app {
namespace {

using namespace provisioning;

using EntryOf = std::function<reports::EndpointEntry(const EndpointRow&)>;

reports::PartyRef partyOf(const x509::CertificateInfo& certificate) {
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
    header.sender = partyOf(station.identity().signing);
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
        if (secret.role == SecretRole::Password) {
            if (!dmOnly)
                entry.passwordWrapped = secret.customerWrapped;
            continue;
        }
        if (dmOnly && secret.role != SecretRole::Dm)
            continue;
        entry.keys.push_back({secret.id, secretRoleName(secret.role), secret.version,
                              dmOnly ? secret.headendWrapped : secret.customerWrapped, secret.kcv});
    }
    return entry;
}

CommandError cancelled(const QString& path) {
    return {Refused, QStringLiteral("%1: export cancelled; nothing was written").arg(path)};
}

CommandResult<QString> stream(Station& station, BatchRecords& records, const QString& path,
                              const reports::ListingHeader& header, const EntryOf& entryOf,
                              const Progress& progress) {
    const qint64 verified = qint64(records.record().verified);
    KPS_TRY_LET_MAP(writer, reports::ListingWriter::create(path, header), fromError);
    const QString step = reports::purposeName(header.purpose);
    std::optional<CommandError> stopped;
    auto streamed = records.forEachVerified([&](const EndpointRow& row) -> Done {
        if (auto added = writer->add(entryOf(row)); !added)
            stopped = fromError(added.error());
        else if (writer->endpointCount() % 1000 == 0) {
            progress.step(step, writer->endpointCount(), verified);
            if (progress.cancelled())
                stopped = cancelled(path);
        }
        return stopped ? failure(ErrorKind::Refused, {}, {}, {}) : Done{};
    });
    if (stopped)
        return tl::unexpected(*stopped);
    KPS_TRY_MAP(streamed, fromError);
    if (writer->endpointCount() != verified)
        return tl::unexpected(CommandError{
            DeviceFailure,
            QStringLiteral(
                "%1: %2 endpoints streamed, %3 verified: the store changed during the export")
                .arg(path)
                .arg(writer->endpointCount())
                .arg(verified)});
    KPS_TRY_LET_MAP(digest, writer->finish(station.signer()), fromError);
    progress.step(step, verified, verified);
    return digest;
}

} // namespace

CommandResult<QString> exportCustomerListing(Station& station, BatchRecords& records,
                                             const QString& path, const Progress& progress) {
    return stream(
        station, records, path,
        headerFor(station, records.record(), reports::Purpose::CustomerListing),
        [](const EndpointRow& row) { return listingEntry(row, false); }, progress);
}

CommandResult<QString> exportDmMaster(Station& station, BatchRecords& records, const QString& path,
                                      const Progress& progress) {
    KPS_TRY_LET_MAP(master, records.headendDmMaster(), fromError);
    auto header = headerFor(station, records.record(), reports::Purpose::DmBatch);
    header.masters.push_back(
        {master.master.name, master.master.length, master.master.wrapped, master.kcv});
    return stream(
        station, records, path, header,
        [](const EndpointRow& row) {
            return reports::EndpointEntry{row.address, {}, {}};
        },
        progress);
}

CommandResult<QString> exportDmBatch(Station& station, BatchRecords& records, const QString& path,
                                     const Progress& progress) {
    if (records.record().order.headendDm == QLatin1String("master"))
        return exportDmMaster(station, records, path, progress);
    return stream(
        station, records, path, headerFor(station, records.record(), reports::Purpose::DmBatch),
        [](const EndpointRow& row) { return listingEntry(row, true); }, progress);
}

} // namespace kps::app
