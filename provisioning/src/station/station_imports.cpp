// kps masters import and kps keylist import: two key custodians bring a customer's
// keys in. The file is checked first (schema, signature by the order's customer,
// addressed to this station, everything the profile needs and nothing else); then
// the HSM does its part; then the store records it. All or nothing.
#include "../imports/order_import.hpp"
#include "../vault/labels.hpp"
#include "kps/provisioning/key_plan.hpp"
#include "kps/provisioning/station.hpp"
#include "station_core.hpp"

#include <QJsonArray>
#include <QSet>

namespace kps::provisioning {
namespace {

/// DATA_MASTER, DM_MASTER, ... : the masters the order's profile derives from.
QSet<QString> neededMasters(const VerifiedImport& verified) {
    const QString prefix = labels::orderObject(verified.record.order.id, {});
    QSet<QString> names;
    auto add = [&](const SecretRecipe& recipe) {
        if (recipe.origin == SecretOrigin::Derived && recipe.keyLabel.startsWith(prefix))
            names.insert(recipe.keyLabel.mid(prefix.size()));
    };
    for (const SecretRecipe& recipe : verified.plan.keys)
        add(recipe);
    add(verified.plan.password);
    return names;
}

Done checkMasterNames(const VerifiedImport& verified) {
    const QSet<QString> needed = neededMasters(verified);
    QSet<QString> given;
    const auto& masters = verified.listing.masters;
    for (std::size_t i = 0; i < masters.size(); ++i) {
        if (!needed.contains(masters[i].name))
            return failure(ErrorKind::BadInput, QStringLiteral("import customer masters"),
                           verified.listing.file + QStringLiteral(": /masters/%1/name").arg(i),
                           QStringLiteral("profile %1 uses no %2")
                               .arg(verified.record.order.profile, masters[i].name),
                           QStringLiteral("The file carries exactly the masters the profile "
                                          "derives from"));
        given.insert(masters[i].name);
    }
    QStringList missing = QStringList((needed - given).values());
    missing.sort();
    if (!missing.isEmpty())
        return failure(ErrorKind::BadInput, QStringLiteral("import customer masters"),
                       verified.listing.file + QStringLiteral(": /masters"),
                       QStringLiteral("missing %1").arg(missing.join(QStringLiteral(", "))));
    return {};
}

QJsonObject importDetail(const IncomingListing& listing, const DualControl& custodians) {
    return {{QStringLiteral("file"), listing.file},
            {QStringLiteral("sha256"), listing.sha256},
            {QStringLiteral("signature"),
             QString::fromStdString(x509::signatureSchemeName(listing.signature))},
            {QStringLiteral("kekKcv"), listing.kek.kcv},
            {QStringLiteral("custodians"), QJsonArray{custodians.first, custodians.second}}};
}

KeyImportSummary summaryOf(const VerifiedImport& verified,
                           const std::vector<CustodyObject>& objects) {
    KeyImportSummary summary{verified.record.order.id,
                             QStringLiteral("masters"),
                             verified.listing.sha256,
                             qint64(objects.size()),
                             {},
                             {}};
    for (const CustodyObject& object : objects) {
        summary.labels << object.label;
        summary.kcvs << object.kcv;
    }
    return summary;
}

/// Inside the caller's transaction: the token objects, the masters' KCVs (for the
/// report), the import and its audit row.
Done recordMasters(Store& store, const VerifiedImport& verified,
                   const std::vector<CustodyObject>& objects, const KeyImportSummary& summary,
                   const DualControl& custodians, const QString& actor) {
    const QString& orderId = verified.record.order.id;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonObject kcvs;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const CustodyObject& object = objects[i];
        kcvs.insert(object.label, object.kcv);
        KPS_TRY(store.custody().recordObject(orderId, object, custodians.first));
        KPS_TRY(store.orders().recordMaster(orderId, verified.listing.masters[i].name, object.label,
                                            object.kcv, now));
    }
    KPS_TRY(store.custody().recordImport(summary, custodians, now));
    auto detail = importDetail(verified.listing, custodians);
    detail.insert(QStringLiteral("masters"), kcvs);
    KPS_TRY(store.audit().append(actor, QStringLiteral("masters.import"), orderId, detail, now));
    return {};
}

} // namespace

Done Custody::checkMastersFile(const QString& file) {
    KPS_TRY_LET(verified, readImportForOrder(station_, file, QStringLiteral("masters"),
                                             KeySource::CustomerMasters,
                                             QStringLiteral("import customer masters")));
    KPS_TRY(checkMasterNames(verified));
    auto checked = core_.vault->checkMasters(verified.record.order.id, verified.listing.kek,
                                             verified.listing.masters);
    return checked ? Done{} : Done(tl::unexpected(inFile(checked.error(), file)));
}

Outcome<KeyImportSummary> Custody::importMasters(const Principal& first, const Principal& second,
                                                 const QString& file) {
    const QString what = QStringLiteral("import customer masters");
    KPS_TRY_LET(custodians, requireDualControl(first, second, Action::ImportMasters, file));
    KPS_TRY_LET(verified, readImportForOrder(station_, file, QStringLiteral("masters"),
                                             KeySource::CustomerMasters, what));
    KPS_TRY(checkMasterNames(verified));
    const QString& orderId = verified.record.order.id;
    KeyVault& vault = *core_.vault;
    Store& store = *core_.store;
    auto objects = vault.importMasters(orderId, verified.listing.kek, verified.listing.masters);
    if (!objects)
        return tl::unexpected(inFile(objects.error(), file));
    const KeyImportSummary summary = summaryOf(verified, *objects);
    auto recorded = store.inTransaction([&]() -> Done {
        return recordMasters(store, verified, *objects, summary, custodians, first.user);
    });
    if (!recorded) // the token goes back to how it was
        return undone(recorded.error(), vault.destroyObjects(summary.labels),
                      QStringLiteral("the imported masters"));
    return summary;
}

} // namespace kps::provisioning
