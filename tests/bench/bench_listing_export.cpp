// Export of a large order's customer listing and DM batch, the customer-side check of
// the listing, and the batch report (CSV of every endpoint, PDF, JSON): wall time, CPU
// time and peak resident memory of each phase.
//   bench_listing_export [--count N]        (default 1,000,000 endpoints)
#include "bench_support.hpp"
#include "kps/app/operations/close.hpp"
#include "kps/app/operations/exports.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "kps/reports/listing_opener.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"
#include "synthetic_order.hpp"

#include <QApplication>
#include <QFileInfo>
#include <QSqlQuery>

using namespace kps;

namespace {

qint64 countArgument(const QStringList& arguments) {
    const auto at = arguments.indexOf(QStringLiteral("--count"));
    return at >= 0 && at + 1 < arguments.size() ? arguments.at(at + 1).toLongLong() : 1'000'000;
}

template <class Work> bool measure(const char* name, Work&& work) {
    bench::resetPeakRss();
    QElapsedTimer clock;
    clock.start();
    const double cpuBefore = bench::cpuSeconds(), threadBefore = bench::threadCpuSeconds();
    const bool ok = work();
    const double thread = bench::threadCpuSeconds() - threadBefore;
    bench::figure((std::string(name) + "_s").c_str(), double(clock.elapsed()) / 1000.0, "s");
    const double cpu = bench::cpuSeconds() - cpuBefore;
    bench::figure((std::string(name) + "_cpu").c_str(), cpu, "s");
    bench::figure((std::string(name) + "_cpu_main_thread").c_str(), thread, "s");
    bench::figure((std::string(name) + "_cpu_helpers").c_str(), cpu - thread, "s");
    bench::figure((std::string(name) + "_peak_rss").c_str(), bench::peakRssMb(), "MiB");
    return ok;
}

/// A station with an order of `count` verified endpoints, ready to export.
void prepare(test::StationFixture& fixture, const test::OrderSpec& spec, qint64 count) {
    auto& station = *fixture.station;
    auto added =
        station.orders().add(fixture.login(QStringLiteral("supervisor")), fixture.writeOrder(spec));
    if (!added)
        qFatal("%s", qPrintable(added.error().message()));
    bench::figure("endpoints", double(count), "endpoints");
    if (!measure("populate", [&] {
            return bench::populateOrder(kps::provisioning::StationInternals::store(station),
                                        spec.id, count);
        }))
        qFatal("populating the order failed");
    // A station's writer commits small transactions and SQLite checkpoints its WAL as
    // it goes; after one huge bulk insert, do that once so reads see the same layout.
    QSqlQuery(kps::provisioning::StationInternals::store(station).database())
        .exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
}

template <class T> bool reported(const T& result) {
    if (!result)
        std::fprintf(stderr, "%s\n", qPrintable(result.error().message));
    return bool(result);
}

} // namespace

int main(int argc, char* argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication application(argc, argv);
    const qint64 count = countArgument(application.arguments());
    test::StationFixture fixture;
    test::OrderSpec spec;
    spec.quantity = int(count);
    prepare(fixture, spec, count);
    auto& station = *fixture.station;
    auto records =
        station.orders().records(fixture.login(QStringLiteral("auditor")), test::orderId(spec.id));
    if (!records)
        return 1;
    const QString listing = fixture.path(QStringLiteral("listing.json"));
    bool ok = measure("listing_export", [&] {
        return reported(app::exportCustomerListing(station, *records, listing));
    });
    bench::figure("listing_size", double(QFileInfo(listing).size()) / (1 << 20), "MiB");
    ok = ok && measure("dm_batch_export", [&] {
             return reported(
                 app::exportDmBatch(station, *records, fixture.path(QStringLiteral("dm.json"))));
         });
    const QString certificate = fixture.path(QStringLiteral("station/public/station-signing.crt"));
    ok = ok && measure("listing_verify", [&] {
             auto verified = reports::verifyListing({listing, certificate, {}});
             return verified && verified->endpointCount == count;
         });
    ok = ok && measure("report", [&] {
             auto written = app::writeReport(station, fixture.login(QStringLiteral("auditor")),
                                             test::orderId(spec.id));
             return reported(written) && written->endpoints == count;
         });
    return ok ? 0 : 1;
}
