#include "kps/app/demo.hpp"

#include "kps/app/demo_party.hpp"
#include "kps/app/login.hpp"
#include "kps/app/order_close.hpp"
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
    auto station = Station::open(root);
    if (!station)
        return tl::unexpected(fromError(station.error()));
    auto admin = staffLogin(**station, QStringLiteral("admin"));
    if (!admin)
        return tl::unexpected(admin.error());
    if (auto added = addStaff(**station, *admin, demoStaff(), (*station)->paths().secrets());
        !added)
        return tl::unexpected(added.error());
    auto supervisor = staffLogin(**station, QStringLiteral("supervisor"));
    auto operatorOnShift = staffLogin(**station, QStringLiteral("operator"));
    if (!supervisor || !operatorOnShift)
        return tl::unexpected(supervisor ? operatorOnShift.error() : supervisor.error());
    return DemoStation{std::move(*station), *supervisor, *operatorOnShift};
}

CommandResult<DemoStation> setUpStation(const DemoOptions& options, const Say& say) {
    const QDir out(options.out);
    say(QStringLiteral(
        "Initialising the station (SoftHSM2 token, signing and import keys, MANUF masters)"));
    if (auto made = Station::initialize({out.filePath(QStringLiteral("station")),
                                         QStringLiteral("demo-01"),
                                         {},
                                         QStringLiteral("kps-station"),
                                         currentActor()});
        !made)
        return tl::unexpected(fromError(made.error()));
    say(QStringLiteral("Creating the demo customer and head-end (RSA-3072 keys and certificates)"));
    for (auto [stem, name] :
         {std::pair{"customer", "Demo Water Utility"}, std::pair{"headend", "Demo head-end"}})
        if (auto party = makeDemoParty(out.filePath(QString::fromLatin1(stem)),
                                       QString::fromLatin1(stem), QString::fromLatin1(name));
            !party)
            return tl::unexpected(party.error());
    auto orderFile = writeOrder(options);
    if (!orderFile)
        return tl::unexpected(orderFile.error());
    say(QStringLiteral(
            "Adding the staff (PINs in station/secrets/) and registering order %1 for %2 endpoints")
            .arg(options.orderId)
            .arg(options.count));
    auto demo = openWithStaff(out.filePath(QStringLiteral("station")));
    if (!demo)
        return tl::unexpected(demo.error());
    if (auto added = demo->station->addOrder(demo->supervisor, *orderFile); !added)
        return tl::unexpected(fromError(added.error()));
    if (auto started =
            demo->station->changeOrderState(demo->supervisor, options.orderId, OrderState::Running);
        !started)
        return tl::unexpected(fromError(started.error()));
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
    auto opened = reports::openListing(request, [&](const reports::OpenedEndpoint& endpoint) {
        auto held = line.find(endpoint.address);
        bool same = held != line.end();
        for (const auto& secret : endpoint.secrets) {
            if (!same)
                break;
            const secure::SecretBytes* value = nullptr;
            if (secret.role == QLatin1String("password"))
                value = &held->second.password;
            else if (auto key = held->second.keys.find(secret.id); key != held->second.keys.end())
                value = &key->second;
            same = value && secure::secretEquals(value->span(), secret.value.span());
        }
        ++(same ? summary.matched : summary.mismatched);
    });
    if (!opened)
        return tl::unexpected(fromError(opened.error()));
    return {};
}

} // namespace

CommandResult<DemoSummary> runDemo(const DemoOptions& options, RunObserver& observer,
                                   const Say& say) {
    QElapsedTimer total, phase;
    total.start();
    phase.start();
    if (auto ready = prepareOutput(options.out); !ready)
        return tl::unexpected(ready.error());
    DemoSummary summary;
    summary.out = QDir(options.out).absolutePath();
    auto demo = setUpStation(options, say);
    if (!demo)
        return tl::unexpected(demo.error());
    Station& station = *demo->station;
    summary.setupMs = phase.restart();
    say(QStringLiteral("Running the simulated line: %1 slots, target %2")
            .arg(options.slots)
            .arg(targetOf(options.target)));
    auto rack = makeSimulatedRackFor(
        targetOf(options.target),
        {options.slots, QDir(options.out).filePath(QStringLiteral("line")), 1, 0.0});
    if (!rack)
        return tl::unexpected(fromError(rack.error()));
    std::atomic<bool> cancel{false};
    RunOptions runOptions;
    runOptions.slotCount = options.slots;
    auto run =
        station.run(demo->operatorOnShift, options.orderId, runOptions, **rack, observer, cancel);
    if (!run)
        return tl::unexpected(fromError(run.error()));
    if (run->stoppedBy)
        return tl::unexpected(fromError(*run->stoppedBy));
    summary.verified = run->verified;
    summary.failed = run->failed;
    summary.runMs = phase.restart();
    say(QStringLiteral("Closing the order: customer listing, DM batch, report, key destruction"));
    auto closed = closeOrder(station, demo->supervisor, options.orderId);
    if (!closed)
        return tl::unexpected(closed.error());
    summary.exports = closed->files.directory;
    summary.closeMs = phase.restart();
    say(QStringLiteral("Opening the listing as the customer and comparing with the endpoints"));
    if (auto checked = checkListing(options, closed->files, summary); !checked)
        return tl::unexpected(checked.error());
    summary.checkMs = phase.restart();
    summary.totalMs = total.elapsed();
    return summary;
}

} // namespace kps::app
