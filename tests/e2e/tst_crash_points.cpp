// Recovery from a crash at each exact step of the jig sequence: `kps run` ends itself
// there (KPS_SIM_CRASH_AT, as kill -9 would), the next `kps run` recovers, and the
// closed batch holds every endpoint once, verified, with the keys the endpoint holds.
// On the emulated STM32WLE5 line (profile amr-stm32wle5-v1) too: the socket kept the
// firmware the endpoint got before the crash, and every endpoint leaves with it.
#include "batch_check.hpp"
#include "cli_station.hpp"
#include "kps/jigs/sim/flash_pages.hpp"

#include <QJsonDocument>
#include <QJsonObject>

using namespace kps;

namespace {

struct Case {
    const char* name;
    const char* keySource;
    const char* crashAt;
    int slots;
    bool emptySockets;  // the operator took the endpoints out of the sockets after the crash
    const char* reason; // nullptr: every unfinished row is recovered; else each fails so
    const char* profile = "amr-reference-v1";
    bool firmwareLost = false; // the sockets' firmware pages erased after the crash, as a
                               // retry that was rewriting the image when the power went
};

QJsonObject jsonOf(const test::ProcessResult& result) {
    return QJsonDocument::fromJson(result.out).object();
}

} // namespace

class TstCrashPoints : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(station_.fixture.directory.isValid()); }

    void recoversFromEachStep_data() {
        QTest::addColumn<int>("index");
        for (int i = 0; i < int(std::size(kCases)); ++i)
            QTest::newRow(kCases[i].name) << i;
    }

    void recoversFromEachStep() {
        QFETCH(int, index);
        const Case& c = kCases[index];
        test::OrderSpec spec;
        spec.id = QStringLiteral("PO-CRASH-%1").arg(index);
        spec.keySource = QString::fromLatin1(c.keySource);
        spec.quantity = 10;
        spec.first = QString::number(index + 10) + QStringLiteral("000000");
        spec.profile = QString::fromLatin1(c.profile);
        station_.addStartedOrder(spec);
        const QStringList run = {
            QStringLiteral("--json"), QStringLiteral("run"),     spec.id,
            QStringLiteral("--sim"),  QStringLiteral("--slots"), QString::number(c.slots)};

        auto environment = station_.as(QStringLiteral("operator"));
        environment.insert(QStringLiteral("KPS_SIM_CRASH_AT"), QString::fromLatin1(c.crashAt));
        const auto crashed = test::runKps(station_.command(run), environment);
        QCOMPARE(crashed.exitCode, 137);
        const auto afterCrash = test::readStoreFacts(station_.database(), spec.id);
        qInfo("%s: after the crash %d rows, %d unfinished, %d verified", c.name, afterCrash.rows,
              afterCrash.unfinished, afterCrash.verified);
        QVERIFY(afterCrash.unfinished > 0 || QByteArray(c.crashAt).startsWith("before-detach"));
        if (c.emptySockets)
            QDir(station_.archive() + QStringLiteral("/sockets")).removeRecursively();
        if (c.firmwareLost)
            loseFirmware(station_.archive() + QStringLiteral("/sockets"));

        const auto resumed = station_.kps(QStringLiteral("operator"), run);
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        const int recovered = jsonOf(resumed)[QStringLiteral("recovered")].toInt();
        QCOMPARE(recovered, c.reason ? 0 : afterCrash.unfinished);
        checkClosedBatch(spec, c, afterCrash.unfinished);
    }

    /// Rows left in progress in slots a run does not drive stay as they are (an alarm
    /// says so) and block the close, until a run with enough slots recovers them.
    void fewerSlotsLeaveRowsForLater() {
        test::OrderSpec spec;
        spec.id = QStringLiteral("PO-SLOTS");
        spec.quantity = 9;
        spec.first = QStringLiteral("30000000");
        station_.addStartedOrder(spec);
        const auto command = [&](int slots) {
            return QStringList{
                QStringLiteral("--json"), QStringLiteral("run"),     spec.id,
                QStringLiteral("--sim"),  QStringLiteral("--slots"), QString::number(slots)};
        };
        auto environment = station_.as(QStringLiteral("operator"));
        environment.insert(QStringLiteral("KPS_SIM_CRASH_AT"), QStringLiteral("after-lock:4"));
        QCOMPARE(test::runKps(station_.command(command(3)), environment).exitCode, 137);
        const int unfinished = test::readStoreFacts(station_.database(), spec.id).unfinished;
        QVERIFY(unfinished >= 1);
        const auto oneSlot = station_.kps(QStringLiteral("operator"), command(1));
        QCOMPARE(oneSlot.exitCode, 0);
        const int left = test::readStoreFacts(station_.database(), spec.id).unfinished;
        if (left > 0) {
            QVERIFY(oneSlot.err.contains("run with --slots"));
            QCOMPARE(station_.kps(QStringLiteral("supervisor"), {QStringLiteral("close"), spec.id})
                         .exitCode,
                     3);
        }
        QCOMPARE(station_.kps(QStringLiteral("operator"), command(3)).exitCode, 0);
        Case everyRowRecovered{"slots", "manuf", "", 3, false, nullptr};
        checkClosedBatch(spec, everyRowRecovered, 0);
    }

private:
    /// Drops each socket's pages below the key-store page (KPSSOCK3: magic, unique ID,
    /// flags, then the pages): the endpoint keeps its key store, not its firmware.
    static void loseFirmware(const QString& sockets) {
        constexpr qsizetype kHeader = 8 + 12 + 1;
        const QDir directory(sockets);
        int changed = 0;
        for (const QString& name : directory.entryList({QStringLiteral("*.socket")})) {
            QFile file(directory.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QByteArray bytes = file.readAll();
            file.close();
            auto pages = jigs::sim::readPages(
                {reinterpret_cast<const std::uint8_t*>(bytes.constData() + kHeader),
                 std::size_t(bytes.size() - kHeader)});
            QVERIFY(pages);
            std::erase_if(
                *pages, [](const jigs::sim::FlashPage& page) { return page.address < 0x0803F800; });
            std::vector<std::uint8_t> out(bytes.begin(), bytes.begin() + kHeader);
            jigs::sim::appendPages(out, *pages);
            jigs::sim::wipe(*pages);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(reinterpret_cast<const char*>(out.data()), qint64(out.size()));
            ++changed;
        }
        QVERIFY(changed > 0);
    }

    void checkClosedBatch(const test::OrderSpec& spec, const Case& c, int unfinished) {
        const auto closed =
            station_.kps(QStringLiteral("supervisor"), {QStringLiteral("close"), spec.id});
        QVERIFY2(closed.exitCode == 0, closed.err.constData());
        const auto facts = test::readStoreFacts(station_.database(), spec.id);
        QCOMPARE(facts.verified, spec.quantity);
        QCOMPARE(facts.orderVerified, spec.quantity);
        QCOMPARE(facts.unfinished, 0);
        QCOMPARE(facts.failedWithoutReason, 0);
        QCOMPARE(facts.verifiedEvents, spec.quantity);
        QCOMPARE(facts.duplicateUnits, 0);
        QCOMPARE(facts.failed, c.reason ? unfinished : 0);
        if (c.reason)
            QCOMPARE(facts.reasons.value(QString::fromLatin1(c.reason)), unfinished);
        const QString prefix = QStringLiteral("KLK-") + spec.first.left(2);
        const auto archive = test::readArchive(
            station_.archive(), [&](const QString& address) { return address.startsWith(prefix); });
        QCOMPARE(archive.unreadable, 0);
        QCOMPARE(archive.duplicateAddresses, 0);
        QCOMPARE(archive.addresses, facts.verifiedAddresses);
        const auto listing =
            test::checkListing(station_.listingRequest(spec.id), station_.archive());
        QVERIFY2(listing.opened, qPrintable(listing.error));
        QCOMPARE(listing.addresses, facts.verifiedAddresses);
        QCOMPARE(listing.matched, spec.quantity);
        QCOMPARE(listing.differ, 0);
        if (spec.profile != QLatin1String("amr-reference-v1"))
            checkFirmware(archive);
    }

    /// Every endpoint left with the same firmware in its first flash page.
    static void checkFirmware(const test::ArchiveFacts& archive) {
        std::vector<std::uint8_t> first;
        for (const QString& keyStore : archive.fileOf) {
            QFile file(keyStore.chopped(9) + QStringLiteral(".flash"));
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
            const QByteArray bytes = file.readAll();
            auto pages = jigs::sim::readPages(
                {reinterpret_cast<const std::uint8_t*>(bytes.data()), std::size_t(bytes.size())});
            QVERIFY(pages);
            const auto firmware = jigs::sim::pageAt(*pages, 0x08000000);
            QVERIFY(!firmware.empty());
            if (first.empty())
                first.assign(firmware.begin(), firmware.end());
            QVERIFY(std::equal(first.begin(), first.end(), firmware.begin(), firmware.end()));
            jigs::sim::wipe(*pages);
        }
    }

    static constexpr Case kCases[] = {
        {"before-write", "manuf", "before-write:3", 2, false, nullptr},
        {"after-write", "manuf", "after-write:3", 2, false, nullptr},
        {"after-lock", "manuf", "after-lock:3", 2, false, nullptr},
        {"before-detach", "manuf", "before-detach:3", 2, false, nullptr},
        {"endpoint-removed", "manuf", "after-write:3", 1, true, "interrupted"},
        {"random-before-write", "random", "before-write:3", 1, false, nullptr},
        {"random-after-write", "random", "after-write:2", 1, false, nullptr},
        {"random-after-lock", "random", "after-lock:3", 1, false, nullptr},
        {"stm32-after-write", "manuf", "after-write:3", 2, false, nullptr, "amr-stm32wle5-v1"},
        {"stm32-after-lock", "manuf", "after-lock:2", 2, false, nullptr, "amr-stm32wle5-v1"},
        // The key store holds the record but the firmware is gone: programmed and verified
        // again before the lock, never locked in as it is.
        {"stm32-firmware-lost", "manuf", "after-write:3", 2, false, nullptr, "amr-stm32wle5-v1",
         true},
    };

    test::CliStation station_;
};

QTEST_GUILESS_MAIN(TstCrashPoints)
#include "tst_crash_points.moc"
