// kps keylist import: a customer's explicit keys per endpoint. Every key is checked
// against the profile and its KCV, re-wrapped under the order's storage KEK and
// stored; the token gains no object per endpoint. One transaction: all or nothing.
#include "../imports/order_import.hpp"
#include "kps/provisioning/key_plan.hpp"
#include "kps/provisioning/station.hpp"
#include "station_core.hpp"

#include <QJsonArray>
#include <QSet>

namespace kps::provisioning {
namespace {

const QString kWhat = QStringLiteral("import key list");

tl::unexpected<Error> badEntry(const QString& file, qsizetype index, const QString& place,
                               const QString& reason) {
    return failure(ErrorKind::BadInput, kWhat,
                   file + QStringLiteral(": /endpoints/%1%2").arg(index).arg(place), reason,
                   QStringLiteral("Ask the customer for a corrected key list"));
}

/// The endpoint carries exactly the profile's keys (id, role, version) and a password.
Done checkSecrets(const IncomingEndpoint& endpoint, const KeyPlan& plan, const QString& file,
                  qsizetype index) {
    QSet<int> seen;
    bool password = false;
    for (const IncomingSecret& secret : endpoint.secrets) {
        if (secret.role == SecretRole::Password) {
            password = true;
            continue;
        }
        const auto match = std::find_if(plan.keys.begin(), plan.keys.end(),
                                        [&](const auto& r) { return r.id == secret.id; });
        if (match == plan.keys.end() || match->role != secret.role ||
            match->version != secret.version || seen.contains(secret.id))
            return badEntry(file, index, QStringLiteral("/keys"),
                            QStringLiteral("key %1 (%2, version %3) is not a key of the profile, "
                                           "or appears twice")
                                .arg(secret.id)
                                .arg(secretRoleName(secret.role))
                                .arg(secret.version));
        seen.insert(secret.id);
    }
    if (seen.size() != qsizetype(plan.keys.size()))
        return badEntry(
            file, index, QStringLiteral("/keys"),
            QStringLiteral("%1 keys, the profile has %2").arg(seen.size()).arg(plan.keys.size()));
    if (!password)
        return badEntry(file, index, QStringLiteral("/password"),
                        QStringLiteral("the profile gives every endpoint a password"));
    return {};
}

Done checkEndpoints(Store& store, const IncomingListing& listing, const Order& order,
                    const KeyPlan& plan) {
    QSet<QString> orderAddresses;
    for (const EndpointAddress& address : order.explicitAddresses)
        orderAddresses.insert(address.text());
    QSet<QString> seen;
    for (qsizetype i = 0; i < qsizetype(listing.endpoints.size()); ++i) {
        const IncomingEndpoint& endpoint = listing.endpoints[std::size_t(i)];
        if (!orderAddresses.contains(endpoint.address))
            return badEntry(
                listing.file, i, QStringLiteral("/address"),
                QStringLiteral("%1 is not an address of order %2").arg(endpoint.address, order.id));
        if (seen.contains(endpoint.address))
            return badEntry(listing.file, i, QStringLiteral("/address"),
                            QStringLiteral("%1 is listed twice").arg(endpoint.address));
        seen.insert(endpoint.address);
        KPS_TRY(checkSecrets(endpoint, plan, listing.file, i));
        KPS_TRY_LET(known, store.custody().listedSecrets(order.id, endpoint.address));
        if (!known.empty())
            return badEntry(
                listing.file, i, QStringLiteral("/address"),
                QStringLiteral("the keys of %1 were imported already").arg(endpoint.address));
    }
    return {};
}

/// Each endpoint re-wrapped and stored, inside the caller's transaction; a cancel or
/// any failure returns an error, and the caller's rollback leaves nothing behind.
Done storeEndpoints(Store& store, KeyListRewrap& rewrap, const VerifiedImport& listing,
                    const ImportObserver& observer, const std::atomic<bool>& cancel) {
    const auto& endpoints = listing.listing.endpoints;
    for (std::size_t i = 0; i < endpoints.size(); ++i) {
        if (cancel)
            return failure(ErrorKind::Refused, kWhat, listing.listing.file,
                           QStringLiteral("cancelled: nothing was imported"));
        KPS_TRY_LET(rows, rewrap.rewrap(endpoints[i]));
        for (SecretRow& row : rows)
            if (row.role == SecretRole::Password) { // the file names no id for it
                row.id = listing.plan.password.id;
                row.version = listing.plan.password.version;
            }
        KPS_TRY(store.custody().insertListedSecrets(listing.record.order.id, endpoints[i].address,
                                                    rows));
        observer.progress(qint64(i + 1), qint64(endpoints.size()));
    }
    return {};
}

} // namespace

Done Custody::checkKeyListFile(const QString& file) {
    KPS_TRY_LET(listing, readImportForOrder(station_, file, QStringLiteral("key-list"),
                                            KeySource::CustomerList, kWhat));
    const Order& order = listing.record.order;
    KPS_TRY(checkEndpoints(*core_.store, listing.listing, order, listing.plan));
    auto rewrap = core_.vault->startKeyList(order.id, listing.listing.kek);
    if (!rewrap)
        return tl::unexpected(inFile(rewrap.error(), file));
    const auto& endpoints = listing.listing.endpoints;
    for (std::size_t i = 0; i < endpoints.size(); ++i) // a rehearsal: every KCV compared
        if (auto rows = (*rewrap)->rewrap(endpoints[i]); !rows)
            return tl::unexpected(
                inFile(rows.error(), file + QStringLiteral(": /endpoints/%1").arg(i)));
    return {};
}

Outcome<KeyImportSummary> Custody::importKeyList(const Principal& first, const Principal& second,
                                                 const QString& file,
                                                 const ImportObserver& observer,
                                                 const std::atomic<bool>& cancel) {
    KPS_TRY_LET(custodians, requireDualControl(first, second, Action::ImportKeyList, file));
    Store& store = *core_.store;
    KPS_TRY_LET(listing, readImportForOrder(station_, file, QStringLiteral("key-list"),
                                            KeySource::CustomerList, kWhat));
    const Order& order = listing.record.order;
    KPS_TRY(checkEndpoints(*core_.store, listing.listing, order, listing.plan));
    auto rewrap = core_.vault->startKeyList(order.id, listing.listing.kek);
    if (!rewrap)
        return tl::unexpected(inFile(rewrap.error(), file));
    KeyImportSummary summary{order.id,
                             QStringLiteral("key-list"),
                             listing.listing.sha256,
                             qint64(listing.listing.endpoints.size()),
                             {},
                             {}};
    auto done = store.inTransaction([&]() -> Done {
        KPS_TRY(storeEndpoints(store, **rewrap, listing, observer, cancel));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        KPS_TRY(store.custody().recordImport(summary, custodians, now));
        QJsonObject detail{
            {QStringLiteral("file"), file},
            {QStringLiteral("sha256"), summary.fileSha256},
            {QStringLiteral("endpoints"), summary.items},
            {QStringLiteral("custodians"), QJsonArray{custodians.first, custodians.second}}};
        KPS_TRY(store.audit().append(first.user, QStringLiteral("keylist.import"), order.id, detail,
                                     now));
        return {};
    });
    if (!done)
        return tl::unexpected(inFile(done.error(), file));
    return summary;
}

} // namespace kps::provisioning
