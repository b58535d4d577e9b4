#include "kps/app/order_exports.hpp"

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

CommandError cancelled(const QString& path) {
    return {Refused, QStringLiteral("%1: export cancelled; nothing was written").arg(path)};
}

CommandResult<QString> stream(Station& station, const OrderRecord& record, const QString& path,
                              const reports::ListingHeader& header, const EntryOf& entryOf,
                              const Progress& progress) {
    auto writer = reports::ListingWriter::create(path, header);
    if (!writer)
        return tl::unexpected(fromError(writer.error()));
    const QString step = reports::purposeName(header.purpose);
    std::optional<CommandError> stopped;
    auto streamed = station.store().forEachEndpointSecrets(
        record.order.id, EndpointState::Verified, [&](const EndpointRow& row) -> Done {
            if (auto added = (*writer)->add(entryOf(row)); !added)
                stopped = fromError(added.error());
            else if ((*writer)->endpointCount() % 1000 == 0) {
                progress.step(step, (*writer)->endpointCount(), qint64(record.verified));
                if (progress.cancelled())
                    stopped = cancelled(path);
            }
            return stopped ? failure(ErrorKind::Refused, {}, {}, {}) : Done{};
        });
    if (stopped)
        return tl::unexpected(*stopped);
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
    progress.step(step, qint64(record.verified), qint64(record.verified));
    return *digest;
}

/// The recipe of the profile's DM key: the master the head-end would derive from.
CommandResult<SecretRecipe> dmRecipe(Station& station, const OrderRecord& record) {
    auto profile = station.profile(record.order.profile);
    if (!profile)
        return tl::unexpected(fromError(profile.error()));
    auto plan = planKeys(*profile, record.order);
    if (!plan)
        return tl::unexpected(fromError(plan.error()));
    for (const SecretRecipe& recipe : plan->keys)
        if (recipe.role == QLatin1String("dm") && recipe.origin == SecretOrigin::Derived)
            return recipe;
    return tl::unexpected(CommandError{
        Refused,
        QStringLiteral("%1: key source %2 has no DM master the head-end could derive from; "
                       "order the DM batch as keys (headend.dm = keys)")
            .arg(record.order.id, keySourceName(record.order.keySource))});
}

CommandResult<QString> exportDmMaster(Station& station, const OrderRecord& record,
                                      const QString& path, const Progress& progress) {
    auto recipe = dmRecipe(station, record);
    if (!recipe)
        return tl::unexpected(recipe.error());
    auto kcv = station.store().masterKcv(recipe->keyLabel);
    auto wrapped =
        station.vault().wrapMasterFor(recipe->keyLabel, kekLabelsFor(record.order.id).headend);
    if (!wrapped)
        return tl::unexpected(fromError(wrapped.error()));
    if (!kcv || !*kcv)
        return tl::unexpected(
            CommandError{DeviceFailure, QStringLiteral("%1: no check value recorded for %2")
                                            .arg(record.order.id, recipe->keyLabel)});
    auto header = headerFor(station, record, reports::Purpose::DmBatch);
    header.masters.push_back({wrapped->name, wrapped->length, wrapped->wrapped, **kcv});
    return stream(
        station, record, path, header,
        [](const EndpointRow& row) {
            return reports::EndpointEntry{row.address, {}, {}};
        },
        progress);
}

} // namespace

CommandResult<QString> exportCustomerListing(Station& station, const OrderRecord& record,
                                             const QString& path, const Progress& progress) {
    return stream(
        station, record, path, headerFor(station, record, reports::Purpose::CustomerListing),
        [](const EndpointRow& row) { return listingEntry(row, false); }, progress);
}

CommandResult<QString> exportDmBatch(Station& station, const OrderRecord& record,
                                     const QString& path, const Progress& progress) {
    if (record.order.headendDm == QLatin1String("master"))
        return exportDmMaster(station, record, path, progress);
    return stream(
        station, record, path, headerFor(station, record, reports::Purpose::DmBatch),
        [](const EndpointRow& row) { return listingEntry(row, true); }, progress);
}

} // namespace kps::app
