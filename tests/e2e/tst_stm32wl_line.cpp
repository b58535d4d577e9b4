// End to end on real code: `kps demo --target stm32wle5` runs a line of 4 slots that
// programs the endpoint application, the keys and the lock into 1,000 emulated
// STM32WLE5s (Unicorn Cortex-M4, RM0461 flash controller) through the real client
// stack, then closes the order. The customer opens the listing with openssl alone
// (the docs' recipe). Every endpoint, as it left the line (its flash's pages and its
// option bytes), then refuses a debug read of its flash (readout protection level 1)
// and, powered on in the field, runs its firmware, which answers a byte on its LPUART
// with an OMS mode 5 telegram that openssl decrypts with the data key of the listing.
// The batch report and every endpoint's row name the image's SHA-256.
// ctest -L e2e; KPS_E2E_ENDPOINTS=N runs fewer endpoints.
#include "cli_runner.hpp"
#include "kps/jigs/adiv5.hpp"
#include "kps/jigs/oms_telegram.hpp"
#include "kps/jigs/probe_jig.hpp"
#include "kps/jigs/sim/flash_pages.hpp"
#include "kps/jigs/sim/in_process_transport.hpp"
#include "kps/mcuemu/stm32wl_mcu.hpp"
#include "kps/provisioning/address.hpp"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <map>
#include <set>

using namespace kps;
using Bytes = std::vector<std::uint8_t>;

namespace {

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// The docs' recipe for opening a listing with openssl alone.
QByteArray openListingRecipe() {
    const QByteArray text = readFile(QStringLiteral(KPS_SOURCE_DIR "/docs/customers.md"));
    const qsizetype marker = text.indexOf("<!-- recipe: open-listing -->");
    const qsizetype start = text.indexOf("```bash\n", marker);
    const qsizetype end = text.indexOf("\n```", start + 8);
    return marker < 0 ? QByteArray() : text.mid(start + 8, end - start - 8) + '\n';
}

/// An endpoint as it left the line: its archived flash pages, readout protected.
std::unique_ptr<mcuemu::Stm32wlMcu> restore(const QString& stem) {
    const QByteArray bytes = readFile(stem + QStringLiteral(".flash"));
    auto pages = jigs::sim::readPages(
        {reinterpret_cast<const std::uint8_t*>(bytes.data()), std::size_t(bytes.size())});
    auto made = mcuemu::Stm32wlMcu::create(jigs::stm32wle5Target());
    if (!pages || !made)
        return nullptr;
    const std::uint32_t keyStore = jigs::stm32wle5Target().keyStoreAddress;
    for (const auto& page : *pages)
        if (page.address != keyStore)
            (*made)->writeFlashDirectly(page.address, page.bytes);
    (*made)->restoreKeyStore(jigs::sim::pageAt(*pages, keyStore), true);
    jigs::sim::wipe(*pages);
    return std::move(*made);
}

/// A debugger on the endpoint: it attaches and sees the lock; the flash does not answer.
bool debugReadRefused(std::unique_ptr<mcuemu::Stm32wlMcu>& mcu) {
    jigs::sim::SimulatedProbe probe({}, jigs::stm32wle5Target());
    probe.insert(std::move(mcu));
    jigs::ProbeJig jig(std::make_unique<jigs::sim::InProcessTransport>(probe),
                       jigs::stm32wle5Target());
    auto identity = jig.attach();
    std::array<std::uint8_t, 16> flash{};
    const bool refused = identity && identity->locked &&
                         jig.readKeyStore(flash).error().fault == jigs::JigFault::TargetLocked;
    jigs::TransferQueue queue(jig.probe());
    jigs::adiv5::MemAp ap(queue, 0, false);
    std::uint32_t word = 0;
    ap.read(jigs::stm32wle5Target().flashBase, &word, "read the flash");
    const bool faulted = !queue.flush(); // the bus answers FAULT
    jig.detach();
    mcu.reset(static_cast<mcuemu::Stm32wlMcu*>(probe.remove().release()));
    return refused && faulted;
}

QByteArray telegramOf(mcuemu::Stm32wlMcu& mcu) {
    mcu.powerOnReset(); // in the field: no debugger since power-on
    mcu.run(20'000);
    const std::uint8_t read = 'R';
    mcu.feedUart({&read, 1});
    QByteArray line;
    for (int slice = 0; slice < 100 && !line.endsWith("\r\n"); ++slice) {
        mcu.run(10'000);
        const Bytes out = mcu.takeUartOutput();
        line.append(reinterpret_cast<const char*>(out.data()), qsizetype(out.size()));
    }
    return QByteArray::fromHex(line.trimmed());
}

/// AES-128-CBC with the openssl command line, IV = M || A || access number x 8.
QByteArray opensslDecrypt(const QByteArray& keyHex, const QByteArray& telegram) {
    QByteArray iv = telegram.mid(2, 8);
    iv.append(QByteArray(8, telegram[11]));
    auto result = test::runProgram(QStringLiteral("openssl"),
                                   {QStringLiteral("enc"), QStringLiteral("-d"),
                                    QStringLiteral("-aes-128-cbc"), QStringLiteral("-nopad"),
                                    QStringLiteral("-K"), QString::fromLatin1(keyHex),
                                    QStringLiteral("-iv"), QString::fromLatin1(iv.toHex())},
                                   telegram.mid(15, 16));
    return result.exitCode == 0 ? result.out : QByteArray();
}

} // namespace

class TstStm32wlLine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        count_ = qEnvironmentVariableIntValue("KPS_E2E_ENDPOINTS");
        if (count_ <= 0)
            count_ = 1000;
        auto demo = test::runKps({QStringLiteral("demo"), QStringLiteral("--out"), out(),
                                  QStringLiteral("--target"), QStringLiteral("stm32wle5"),
                                  QStringLiteral("--count"), QString::number(count_),
                                  QStringLiteral("--slots"), QStringLiteral("4")});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        qInfo("%s", demo.out.trimmed().constData());
        exports_ = out() + QStringLiteral("/station/exports/PO-DEMO-0001/");
    }

    void theCustomerOpensTheListingWithOpensslAlone() {
        QFile script(dir_.filePath(QStringLiteral("open-listing.sh")));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(openListingRecipe());
        script.close();
        auto opened = test::runProgram(
            QStringLiteral("bash"),
            {script.fileName(), exports_ + QStringLiteral("PO-DEMO-0001-customer-listing.json"),
             exports_ + QStringLiteral("station-signing.crt"),
             out() + QStringLiteral("/customer/customer.key")},
            {}, QProcessEnvironment::systemEnvironment(), 1800000);
        QVERIFY2(opened.exitCode == 0, opened.err.constData());
        for (const QByteArray& line : opened.out.trimmed().split('\n').mid(1)) {
            const QList<QByteArray> row = line.split(','); // address,role,id,version,kcv,value
            if (row.value(1) == "data")
                dataKeys_[QString::fromLatin1(row[0])] = row[5];
        }
        QCOMPARE(int(dataKeys_.size()), count_);
    }

    void everyEndpointIsLockedRunsItsFirmwareAndSpeaksWithTheListedKey() {
        QVERIFY(!dataKeys_.empty());
        const auto flashes = QDir(out() + QStringLiteral("/line"))
                                 .entryInfoList({QStringLiteral("*.flash")}, QDir::Files);
        QCOMPARE(int(flashes.size()), count_);
        std::set<QString> heard;
        for (const QFileInfo& info : flashes) {
            auto mcu = restore(info.path() + u'/' + info.completeBaseName());
            QVERIFY(mcu && mcu->locked());
            QVERIFY2(debugReadRefused(mcu), qPrintable(info.fileName()));
            const QByteArray telegram = telegramOf(*mcu);
            QCOMPARE(telegram.size(), 31);
            std::array<std::uint8_t, 8> onAir{};
            std::copy_n(telegram.begin() + 2, 8, onAir.begin());
            const QString address = provisioning::EndpointAddress::fromBytes(onAir).text();
            QVERIFY2(dataKeys_.count(address), qPrintable(address));
            const QByteArray plain = opensslDecrypt(dataKeys_[address], telegram);
            QVERIFY2(plain.startsWith("\x2F\x2F\x0C\x14"), qPrintable(address)); // the reading
            heard.insert(address);
        }
        QCOMPARE(int(heard.size()), count_); // every endpoint its own address and key
    }

    void theReportAndTheRowsNameTheImage() {
        const QByteArray pinned =
            readFile(QStringLiteral(KPS_SOURCE_DIR "/jigs/firmware/endpoint-app.sha256")).left(64);
        const QJsonObject report =
            QJsonDocument::fromJson(readFile(exports_ + QStringLiteral("PO-DEMO-0001-report.json")))
                .object();
        const QJsonArray images = report[QStringLiteral("firmware")].toArray();
        QCOMPARE(images.size(), 1);
        QCOMPARE(images[0][QStringLiteral("sha256")].toString().toLatin1(), pinned);
        QCOMPARE(images[0][QStringLiteral("endpoints")].toInt(), count_);
        auto rows = test::runProgram(
            QStringLiteral("sqlite3"),
            {out() + QStringLiteral("/station/kps.sqlite"),
             QStringLiteral("SELECT COUNT(*) FROM endpoints WHERE state = 'verified'"
                            " AND firmware_sha256 = '%1'")
                 .arg(QString::fromLatin1(pinned))});
        QCOMPARE(rows.out.trimmed().toInt(), count_);
    }

private:
    QString out() const { return dir_.filePath(QStringLiteral("demo")); }

    QTemporaryDir dir_;
    QString exports_;
    int count_ = 0;
    std::map<QString, QByteArray> dataKeys_; // address -> hex, as openssl opened the listing
};

QTEST_GUILESS_MAIN(TstStm32wlLine)
#include "tst_stm32wl_line.moc"
