// kps-bench-engine: what the store costs per endpoint while a line runs. N slot threads
// do exactly the store work of the endpoint job (claim -> secrets + 'injecting' ->
// result + audit row, three commits' worth) through one StoreWriter, with group
// commit and without it (one transaction per piece), on a durable SQLite store
// (WAL, synchronous=FULL) in a fresh directory. One figure per line:
//   <name> <value> <unit>
// Usage: kps-bench-engine [--sizes 1000,100000] [--slots 4] [--modes group,single]
//                         [--sync full|normal] [--dir DIR]
// --sync full (default) is the station's setting: every commit reaches the disk
// (fsync), so a power cut loses nothing committed; normal shows the statements' own
// cost. --dir: where the temporary store goes (default: the current directory).
#include "kps/provisioning/store_writer.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <cstdio>
#include <sys/resource.h>
#include <thread>

using namespace kps::provisioning;

namespace {

Order benchOrder(int quantity) {
    Order order;
    order.id = QStringLiteral("PO-BENCH");
    order.profile = QStringLiteral("amr-reference-v1");
    order.headendDm = QStringLiteral("keys");
    order.customer.name = QStringLiteral("Bench customer");
    order.headend.name = QStringLiteral("Bench head-end");
    order.quantity = quantity;
    order.first =
        *EndpointAddress::fromParts(QStringLiteral("KLK"), QStringLiteral("00000000"), 1, 7);
    order.document = QJsonDocument(QJsonObject{{QStringLiteral("order"), order.id}}).toJson();
    return order;
}

std::vector<SecretRow> benchSecrets() {
    const QByteArray wrapped(24, '\x5a'); // stands in for an AES-KWP blob
    return {{1, SecretRole::Data, 1, QStringLiteral("a1b2c3"), wrapped, {}},
            {2, SecretRole::Dm, 1, QStringLiteral("d4e5f6"), wrapped, wrapped},
            {3, SecretRole::Local, 1, QStringLiteral("0718a9"), wrapped, {}},
            {4, SecretRole::Password, 1, {}, wrapped, {}}};
}

std::nullopt_t failed(const Error& error) {
    std::fprintf(stderr, "%s\n", qPrintable(error.message()));
    return std::nullopt;
}

/// The three store steps of one endpoint, as the endpoint job submits them.
bool oneEndpoint(StoreWriter& writer, const Order& order, int slot, const QString& unit) {
    auto claim = writer.call<Claim>([&](Store& store) {
        return store.endpoints().claim(order, slot, unit, false, QDateTime::currentDateTimeUtc());
    });
    if (!claim)
        return (failed(claim.error()), false);
    const QString address = claim->row.address;
    const auto secrets = benchSecrets();
    auto recorded = writer.submit(
        [&](Store& store) { return store.endpoints().recordSecrets(order.id, address, secrets); });
    if (!recorded)
        return (failed(recorded.error()), false);
    auto finished = writer.submit([&](Store& store) -> Done {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (auto done = store.endpoints().finish(order.id, address, EndpointState::Verified, {}, 1,
                                                 90, now);
            !done)
            return done;
        auto audited = store.audit().append(QStringLiteral("bench"),
                                            QStringLiteral("endpoint.verified"), address,
                                            {{QStringLiteral("order"), order.id},
                                             {QStringLiteral("slot"), slot},
                                             {QStringLiteral("kcv"), QStringLiteral("a1b2c3")}},
                                            now);
        return audited ? Done{} : Done(tl::unexpected(audited.error()));
    });
    return finished ? true : (failed(finished.error()), false);
}

/// CPU time of the whole process (every thread), in ms.
double cpuMs() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto ms = [](const timeval& t) {
        return double(t.tv_sec) * 1e3 + double(t.tv_usec) / 1e3;
    };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

struct Measure {
    double msPerEndpoint = 0;
    double cpuMsPerEndpoint = 0; // less sensitive than wall time to a busy machine
    double commitsPerEndpoint = 0;
    double lastThousandMs = 0; // ms per endpoint over the batch's last 1,000
    double piecesPerCommit = 0;
};

std::optional<Measure> measure(const QString& directory, int size, int slots, bool group,
                               bool durable) {
    const StoreLocation location{QStringLiteral("QSQLITE"),
                                 QDir(directory).filePath(QStringLiteral("bench.sqlite")), durable};
    {
        auto store = Store::open(location, QStringLiteral("bench-setup"));
        if (!store)
            return failed(store.error());
        const WrappedKek kek{QByteArray(48, '\x01'), QStringLiteral("rsa-oaep-sha1"),
                             QStringLiteral("000000")};
        if (auto inserted = store->orders().insert(
                {benchOrder(size), OrderState::Running, kek, kek, QDateTime::currentDateTimeUtc()});
            !inserted)
            return failed(inserted.error());
    }
    auto writer = StoreWriter::start(location, group ? 0 : 1);
    if (!writer)
        return failed(writer.error());
    const Order order = benchOrder(size);
    std::atomic<int> next{0}, failures{0};
    std::atomic<qint64> lastThousandStartNs{0};
    QElapsedTimer clock;
    clock.start();
    const double cpuBefore = cpuMs();
    std::vector<std::thread> threads;
    for (int slot = 1; slot <= slots; ++slot)
        threads.emplace_back([&, slot] {
            for (int i = next++; i < size; i = next++) {
                if (i == size - 1000)
                    lastThousandStartNs = clock.nsecsElapsed();
                if (!oneEndpoint(**writer, order, slot, QStringLiteral("unit-%1").arg(i)))
                    ++failures;
            }
        });
    for (auto& thread : threads)
        thread.join();
    const double totalMs = double(clock.nsecsElapsed()) / 1e6;
    if (failures > 0)
        return std::nullopt;
    Measure result;
    result.msPerEndpoint = totalMs / size;
    result.lastThousandMs = (totalMs - double(lastThousandStartNs) / 1e6) / 1000.0;
    result.piecesPerCommit = double((*writer)->pieces()) / double((*writer)->commits());
    result.cpuMsPerEndpoint = (cpuMs() - cpuBefore) / size;
    result.commitsPerEndpoint = double((*writer)->commits()) / size;
    return result;
}

QStringList option(const QStringList& arguments, const QString& name, const QString& fallback) {
    const qsizetype at = arguments.indexOf(name);
    return (at >= 0 && at + 1 < arguments.size() ? arguments[at + 1] : fallback)
        .split(QLatin1Char(','));
}

} // namespace

int main(int argc, char* argv[]) {
    QCoreApplication application(argc, argv);
    const QStringList arguments = application.arguments();
    const QStringList sizes =
        option(arguments, QStringLiteral("--sizes"), QStringLiteral("1000,100000"));
    const int slots =
        option(arguments, QStringLiteral("--slots"), QStringLiteral("4")).first().toInt();
    const QStringList modes =
        option(arguments, QStringLiteral("--modes"), QStringLiteral("group,single"));
    const QString base = option(arguments, QStringLiteral("--dir"), QStringLiteral(".")).first();
    const QString sync =
        option(arguments, QStringLiteral("--sync"), QStringLiteral("full")).first();
    for (const QString& mode : modes)
        for (const QString& size : sizes) {
            QDir().mkpath(base);
            QTemporaryDir directory(QDir(base).filePath(QStringLiteral("kps-bench-XXXXXX")));
            if (!directory.isValid()) {
                std::fprintf(stderr, "bench: cannot create a store under %s: %s\n",
                             qPrintable(base), qPrintable(directory.errorString()));
                return 1;
            }
            const auto result =
                measure(directory.path(), size.toInt(), slots, mode == QLatin1String("group"),
                        sync != QLatin1String("normal"));
            if (!result) {
                std::fprintf(stderr, "bench %s %s failed\n", qPrintable(mode), qPrintable(size));
                return 1;
            }
            const QString name = QStringLiteral("engine.store.%1.%2.slots%3.n%4")
                                     .arg(mode, sync)
                                     .arg(slots)
                                     .arg(size);
            std::printf("%s.ms_per_endpoint %.3f ms\n", qPrintable(name), result->msPerEndpoint);
            std::printf("%s.last1000_ms_per_endpoint %.3f ms\n", qPrintable(name),
                        result->lastThousandMs);
            std::printf("%s.pieces_per_commit %.2f pieces\n", qPrintable(name),
                        result->piecesPerCommit);
            std::printf("%s.commits_per_endpoint %.2f commits\n", qPrintable(name),
                        result->commitsPerEndpoint);
            std::printf("%s.cpu_ms_per_endpoint %.3f ms\n", qPrintable(name),
                        result->cpuMsPerEndpoint);
            std::fflush(stdout);
        }
    return 0;
}
