#include "kps/app/demo.hpp"

#include "kps/app/demo_party.hpp"
#include "kps/app/operations/close.hpp"
#include "kps/app/operations/login.hpp"
#include "kps/app/operations/orders.hpp"
#include "kps/app/operations/run.hpp"
#include "kps/provisioning/line_archive.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/provisioning/station.hpp"
#include "kps/reports/listing_opener.hpp"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace kps::app {
namespace {

using namespace provisioning;

const QString kMarker = QStringLiteral(".kps-demo");

/// A fresh output folder; a previous demo's folder (it carries the marker) is replaced.
CommandResult<void> prepareOutput(const QString& out) {
    QDir dir(out);
    if (dir.exists() && !dir.isEmpty()) {
        if (!QFile::exists(dir.filePath(kMarker)))
            return tl::unexpected(CommandError{
                Refused, QStringLiteral("%1: the folder is not empty and was not made by kps demo; "
                                        "choose another --out")
                             .arg(out)});
        if (!dir.removeRecursively())
            return tl::unexpected(CommandError{
                DeviceFailure, QStringLiteral("%1: cannot remove the previous demo").arg(out)});
    }
    QDir().mkpath(out);
    QFile marker(QDir(out).filePath(kMarker));
    marker.open(QIODevice::WriteOnly);
    return {};
}

QString profileFor(DemoTarget target) {
    return target == DemoTarget::Stm32wle5 ? QStringLiteral("amr-stm32wle5-v1")
                                           : QStringLiteral("amr-reference-v1");
}

QString targetOf(DemoTarget target) {
    return target == DemoTarget::Stm32wle5 ? QStringLiteral("stm32wle5")
                                           : QStringLiteral("reference-endpoint-v1");
}

CommandResult<QString> writeOrder(const DemoOptions& options) {
    const QJsonObject order{
        {QStringLiteral("format"), QStringLiteral("kps-order/1")},
        {QStringLiteral("order"), options.orderId},
        {QStringLiteral("customer"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("Demo Water Utility")},
                     {QStringLiteral("certificate"), QStringLiteral("../customer/customer.crt")}}},
        {QStringLiteral("headend"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("Demo head-end")},
                     {QStringLiteral("certificate"), QStringLiteral("../headend/headend.crt")},
                     {QStringLiteral("dm"), QStringLiteral("keys")}}},
        {QStringLiteral("profile"), profileFor(options.target)},
        {QStringLiteral("keySource"), QStringLiteral("manuf")},
        {QStringLiteral("quantity"), options.count},
        {QStringLiteral("addresses"),
         QJsonObject{{QStringLiteral("manufacturer"), QStringLiteral("KLK")},
                     {QStringLiteral("first"), QStringLiteral("00010000")},
                     {QStringLiteral("version"), 1},
                     {QStringLiteral("type"), 7}}}};
    const QString path =
        QDir(options.out)
            .filePath(QStringLiteral("order/") + options.orderId + QStringLiteral(".json"));
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(order).toJson()) < 0)
        return tl::unexpected(
            CommandError{DeviceFailure, path + QStringLiteral(": cannot write the order")});
    return path;
}

struct DemoStation {
    std::unique_ptr<Station> station;
    Principal supervisor;
    Principal operatorOnShift;
};

CommandResult<Principal> staffLogin(Station& station, const QString& name) {
    return loginWithPinFile(
        station, name, QDir(station.paths().secrets()).filePath(name + QStringLiteral(".pin")));
}

CommandResult<DemoStation> openWithStaff(const QString& root) {
    KPS_TRY_LET_MAP(station, Station::open(root), fromError);
    KPS_TRY_LET(admin, staffLogin(*station, QStringLiteral("admin")));
    KPS_TRY(addStaff(*station, admin, demoStaff(), station->paths().secrets()));
    KPS_TRY_LET(supervisor, staffLogin(*station, QStringLiteral("supervisor")));
    KPS_TRY_LET(operatorOnShift, staffLogin(*station, QStringLiteral("operator")));
    return DemoStation{std::move(station), supervisor, operatorOnShift};
}

CommandResult<DemoStation> setUpStation(const DemoOptions& options, const Say& say) {
    const QDir out(options.out);
    say(QStringLiteral(
        "Initialising the station (SoftHSM2 token, signing and import keys, MANUF masters)"));
    InitOptions init;
    init.dataDirectory = out.filePath(QStringLiteral("station"));
    init.stationName = QStringLiteral("demo-01");
    init.actor = currentActor();
    const TrainingCustodians custodians(init);
    KPS_TRY_MAP(Station::initialize(std::move(init)), fromError);
    KPS_TRY(custodians.writePins(out.filePath(QStringLiteral("station/secrets"))));
    say(QStringLiteral("Creating the demo customer and head-end (RSA-3072 keys and certificates)"));
    for (auto [stem, name] :
         {std::pair{"customer", "Demo Water Utility"}, std::pair{"headend", "Demo head-end"}})
        KPS_TRY(makeDemoParty(out.filePath(QString::fromLatin1(stem)), QString::fromLatin1(stem),
                              QString::fromLatin1(name)));
    KPS_TRY_LET(orderFile, writeOrder(options));
    say(QStringLiteral(
            "Adding the staff (PINs in station/secrets/) and registering order %1 for %2 endpoints")
            .arg(options.orderId)
            .arg(options.count));
    KPS_TRY_LET(demo, openWithStaff(out.filePath(QStringLiteral("station"))));
    KPS_TRY_LET(record, addOrder(*demo.station, demo.supervisor, orderFile));
    KPS_TRY_LET_MAP(orderId, OrderId::parse(record.order.id), fromError);
    KPS_TRY(changeOrderState(*demo.station, demo.supervisor, orderId, OrderState::Running));
    return demo;
}

/// Opens the listing as the customer would and compares it with the endpoints.
CommandResult<void> checkListing(const DemoOptions& options, const ExportFiles& files,
                                 DemoSummary& summary) {
    const QDir out(options.out);
    const auto line = readLineArchive(out.filePath(QStringLiteral("line")));
    reports::OpenRequest request{
        files.listing, out.filePath(QStringLiteral("customer/customer.key")),
        files.signerCertificate, out.filePath(QStringLiteral("customer/customer.crt"))};
    KPS_TRY_MAP(
        reports::openListing(request,
                             [&](const reports::OpenedEndpoint& endpoint) {
                                 auto held = line.find(endpoint.address);
                                 bool same = held != line.end();
                                 for (const auto& secret : endpoint.secrets) {
                                     if (!same)
                                         break;
                                     const secure::SecretBytes* value = nullptr;
                                     if (secretRoleFrom(secret.role) == SecretRole::Password)
                                         value = &held->second.password;
                                     else if (auto key = held->second.keys.find(secret.id);
                                              key != held->second.keys.end())
                                         value = &key->second;
                                     same = value && secure::secretEquals(value->span(),
                                                                          secret.value.span());
                                 }
                                 ++(same ? summary.matched : summary.mismatched);
                             }),
        fromError);
    return {};
}

} // namespace

CommandResult<DemoSummary> runDemo(const DemoOptions& options, RunWatcher& watcher,
                                   const Say& say) {
    QElapsedTimer total, phase;
    total.start();
    phase.start();
    KPS_TRY(prepareOutput(options.out));
    DemoSummary summary;
    summary.out = QDir(options.out).absolutePath();
    KPS_TRY_LET(demo, setUpStation(options, say));
    Station& station = *demo.station;
    KPS_TRY_LET_MAP(orderId, OrderId::parse(options.orderId), fromError);
    summary.setupMs = phase.restart();
    say(QStringLiteral("Running the simulated line: %1 slots, target %2")
            .arg(options.slots)
            .arg(targetOf(options.target)));
    const QString line = QDir(options.out).filePath(QStringLiteral("line"));
    const RunRequest request{
        demo.operatorOnShift, options.orderId, options.slots, 0,
        [&](Station&, const OrderRecord&) -> Outcome<std::unique_ptr<JigRack>> {
            return makeSimulatedRackFor(targetOf(options.target), {options.slots, line, 1, 0.0});
        }};
    std::atomic<bool> cancel{false};
    const RunOutcome run = runOrder(station, request, watcher, cancel);
    if (run.failure)
        return tl::unexpected(*run.failure);
    summary.verified = run.summary->verified;
    summary.failed = run.summary->failed;
    summary.runMs = phase.restart();
    say(QStringLiteral("Closing the order: customer listing, DM batch, report, key destruction"));
    KPS_TRY_LET(closed, closeOrder(station, demo.supervisor, orderId));
    summary.exports = closed.files.directory;
    summary.closeMs = phase.restart();
    say(QStringLiteral("Opening the listing as the customer and comparing with the endpoints"));
    KPS_TRY(checkListing(options, closed.files, summary));
    summary.checkMs = phase.restart();
    summary.totalMs = total.elapsed();
    return summary;
}

} // namespace kps::app
