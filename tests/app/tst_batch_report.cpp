// The batch report of an order with failures: the PDF carries the order, counts and
// KCVs (pdftotext) and renders (pdftoppm); JSON and CSV hold the same facts as the
// store; rewriting from the database and audit chain alone gives the same JSON, CSV
// and PDF byte for byte; one changed byte in any of 100 places of the six files (JSON,
// PDF, CSV and their signatures) fails `kps report verify`.
#include "cli_runner.hpp"
#include "faulty_jig.hpp"
#include "kps/app/operations/close.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "kps/reports/report_verify.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

#include <QApplication>
#include <QJsonArray>
#include <QRegularExpression>

using namespace kps;
using namespace kps::provisioning;

namespace {

const QString kOrder = QStringLiteral("PO-TEST-0001");

QByteArray readFile(const QString& path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    file.open(QIODevice::WriteOnly | QIODevice::Truncate);
    file.write(bytes);
}

} // namespace

class TstBatchReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        auto& station = *fixture_.station;
        test::OrderSpec spec;
        spec.quantity = 60;
        QVERIFY(station.orders().add(fixture_.login(QStringLiteral("supervisor")),
                                     fixture_.writeOrder(spec)));
        QVERIFY(station.orders().changeState(fixture_.login(QStringLiteral("supervisor")),
                                             test::orderId(kOrder),
                                             provisioning::OrderState::Running));
        // Jig faults often enough that the retry policy both saves endpoints (retries)
        // and gives some up (failed, scrapped): the report shows both.
        test::FaultyRack rack(makeSimulatedRack({4, {}, 7, 0.0}), test::randomFaults(0.3, 7));
        RunObserver quiet;
        std::atomic<bool> cancel{false};
        auto run = station.line().run(fixture_.login(QStringLiteral("operator")),
                                      test::orderId(kOrder), {4, 0, 50, {}}, rack, quiet, cancel);
        QVERIFY(run && run->orderComplete);
        QVERIFY2(run->failed > 0, "the seed should give some failures");
        QVERIFY2(run->retries > 0, "the seed should give some retries");
        files_ = app::exportFilesFor(station.paths(), kOrder);
        certificate_ = fixture_.path(QStringLiteral("station/public/station-signing.crt"));
    }

    void interimReportWhileTheOrderIsOpen() {
        auto written = app::writeReport(
            *fixture_.station, fixture_.login(QStringLiteral("auditor")), test::orderId(kOrder));
        QVERIFY2(written, written ? "" : qPrintable(written.error().message));
        QVERIFY(written->interim);
        auto checked = reports::verifyReport(files_.report.json, certificate_);
        QVERIFY(checked && checked->interim);
        QVERIFY(readFile(files_.report.pdf).size() > 1000);
    }

    void closeWritesTheReport() {
        auto closed = app::closeOrder(
            *fixture_.station, fixture_.login(QStringLiteral("supervisor")), test::orderId(kOrder));
        QVERIFY2(closed, closed ? "" : qPrintable(closed.error().message));
        QVERIFY(!closed->report.interim);
        auto checked = reports::verifyReport(files_.report.json, certificate_);
        QVERIFY2(checked, checked ? "" : qPrintable(checked.error().message()));
        QCOMPARE(checked->files.size(), 6); // JSON, PDF, CSV; DM batch, listing, destruction record
        QCOMPARE(checked->anchorSeq, closed->report.anchorSeq);
    }

    void pdfCarriesTheOrderCountsAndKcvs() {
        auto text =
            test::runProgram(QStringLiteral("pdftotext"),
                             {QStringLiteral("-layout"), files_.report.pdf, QStringLiteral("-")});
        QCOMPARE(text.exitCode, 0);
        const QJsonObject json = report();
        const QJsonObject counts = json[QStringLiteral("counts")].toObject();
        QStringList expected{
            kOrder, QStringLiteral("Batch report"),
            json[QStringLiteral("auditHead")][QStringLiteral("hash")].toString(),
            json[QStringLiteral("keks")][QStringLiteral("customerKcv")].toString()};
        for (const QJsonValue master : json[QStringLiteral("masters")].toArray())
            expected << master[QStringLiteral("kcv")].toString();
        for (const QString& needle : expected)
            QVERIFY2(text.out.contains(needle.toUtf8()), qPrintable(needle));
        // The counts row: verified, failed attempts, scrapped, reworked, in progress, yield.
        const QByteArray row =
            QByteArray::number(counts[QStringLiteral("verified")].toInteger()) + " +" +
            QByteArray::number(counts[QStringLiteral("failed")].toInteger()) + " +" +
            QByteArray::number(counts[QStringLiteral("scrapped")].toInteger());
        QVERIFY2(QRegularExpression(QString::fromLatin1(row))
                     .match(QString::fromUtf8(text.out))
                     .hasMatch(),
                 row.constData());
        QDir dir(fixture_.path(QStringLiteral("render")));
        dir.mkpath(QStringLiteral("."));
        auto rendered = test::runProgram(
            QStringLiteral("pdftoppm"),
            {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("50"),
             QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"), QStringLiteral("1"),
             files_.report.pdf, dir.filePath(QStringLiteral("page"))});
        QCOMPARE(rendered.exitCode, 0);
        const QStringList pages = dir.entryList({QStringLiteral("page*.png")});
        QCOMPARE(pages.size(), 1);
        QVERIFY(readFile(dir.filePath(pages.first())).startsWith("\x89PNG"));
    }

    void jsonAndCsvHoldTheStoresFacts() {
        auto record = fixture_.station->orders().find(test::orderId(kOrder));
        QVERIFY(record);
        const QJsonObject json = report();
        const QJsonObject counts = json[QStringLiteral("counts")].toObject();
        QCOMPARE(counts[QStringLiteral("verified")].toInteger(), qint64(record->verified));
        QCOMPARE(counts[QStringLiteral("failed")].toInteger(), qint64(record->failed));
        QCOMPARE(counts[QStringLiteral("verified")].toInteger(), 60);
        qint64 failures = 0, seriesVerified = 0, seriesFailed = 0, histogram = 0;
        for (const QJsonValue failure : json[QStringLiteral("failures")].toArray())
            failures += failure[QStringLiteral("count")].toInteger();
        for (const QJsonValue stretch : json[QStringLiteral("yieldSeries")].toArray()) {
            seriesVerified += stretch[QStringLiteral("verified")].toInteger();
            seriesFailed += stretch[QStringLiteral("failed")].toInteger();
        }
        for (const QJsonValue bin :
             json[QStringLiteral("cycleTimeMs")][QStringLiteral("histogram")].toArray())
            histogram += bin[QStringLiteral("count")].toInteger();
        QCOMPARE(failures, qint64(record->failed));
        QCOMPARE(seriesVerified, 60);
        QCOMPARE(seriesFailed, qint64(record->failed));
        QCOMPARE(histogram, 60);
        QVERIFY(json[QStringLiteral("destruction")].isObject());
        QVERIFY(json[QStringLiteral("operators")].toArray().contains(QStringLiteral("operator")));

        const QList<QByteArray> rows = readFile(files_.report.csv).trimmed().split('\n');
        QCOMPARE(rows.size(), 1 + qsizetype(record->issued));
        QVERIFY(rows.first().startsWith("address,state,reason,slot,attempts"));
        qint64 retried = 0, retries = 0; // from the CSV's attempts column (the engine's retries)
        for (qsizetype i = 1; i < rows.size(); ++i) {
            const QList<QByteArray> cells = rows[i].trimmed().split(',');
            const int attempts = cells[4].toInt();
            retried += attempts > 1 ? 1 : 0;
            retries += attempts > 1 ? attempts - 1 : 0;
        }
        QCOMPARE(counts[QStringLiteral("retried")].toInteger(), retried);
        QCOMPARE(counts[QStringLiteral("retries")].toInteger(), retries);
        QCOMPARE(counts[QStringLiteral("runs")].toInteger(), 1);
        QCOMPARE(counts[QStringLiteral("scrapped")].toInteger(), qint64(record->failed));
        const QList<QByteArray> first = rows[1].trimmed().split(',');
        auto stored = kps::provisioning::StationInternals::store(*fixture_.station)
                          .endpoints()
                          .find(kOrder, QString::fromLatin1(first[0]));
        QVERIFY(stored && *stored);
        QCOMPARE(QString::fromLatin1(first[1]), endpointStateName((*stored)->state));
        for (const SecretRow& secret : (*stored)->secrets)
            if (!secret.kcv.isEmpty())
                QVERIFY(first.contains(secret.kcv.toLatin1()));
    }

    void rewritingFromTheStoreGivesTheSameReport() {
        const QByteArray json = readFile(files_.report.json), csv = readFile(files_.report.csv),
                         pdf = readFile(files_.report.pdf);
        for (const QString& file : {files_.report.json, files_.report.pdf, files_.report.csv}) {
            QFile::remove(file);
            QFile::remove(file + QStringLiteral(".sig"));
        }
        auto written = app::writeReport(
            *fixture_.station, fixture_.login(QStringLiteral("auditor")), test::orderId(kOrder));
        QVERIFY(written && !written->interim);
        QCOMPARE(readFile(files_.report.json), json);
        QCOMPARE(readFile(files_.report.csv), csv);
        QVERIFY(readFile(files_.report.pdf) == pdf);
        QVERIFY(reports::verifyReport(files_.report.json, certificate_));
    }

    void everyChangedByteIsCaught() {
        const QStringList files{files_.report.json,
                                files_.report.pdf,
                                files_.report.csv,
                                files_.report.json + QStringLiteral(".sig"),
                                files_.report.pdf + QStringLiteral(".sig"),
                                files_.report.csv + QStringLiteral(".sig")};
        int caught = 0;
        for (int i = 0; i < 100; ++i) {
            const QString& file = files[i % files.size()];
            const QByteArray original = readFile(file);
            QByteArray changed = original;
            const qsizetype at = (qint64(i) * 7919) % changed.size();
            changed[at] = char(changed[at] ^ 0x01);
            writeFile(file, changed);
            auto checked = reports::verifyReport(files_.report.json, certificate_);
            writeFile(file, original);
            QVERIFY2(!checked, qPrintable(QStringLiteral("%1 byte %2").arg(file).arg(at)));
            ++caught;
        }
        QCOMPARE(caught, 100);
        QVERIFY(reports::verifyReport(files_.report.json, certificate_));
    }

    void theCommandVerifiesWithoutTheStation() {
        const QStringList command{QStringLiteral("report"), QStringLiteral("verify"),
                                  files_.report.json, QStringLiteral("--sender"), certificate_};
        auto fine = test::runKps(command);
        QVERIFY2(fine.exitCode == 0, fine.err.constData());
        const QByteArray original = readFile(files_.report.csv);
        QByteArray changed = original;
        changed[changed.size() - 3] = char(changed[changed.size() - 3] ^ 0x01);
        writeFile(files_.report.csv, changed);
        auto tampered = test::runKps(command);
        writeFile(files_.report.csv, original);
        QCOMPARE(tampered.exitCode, 2);
        QVERIFY2(tampered.err.contains("differs from the one the report names"),
                 tampered.err.constData());
    }

private:
    QJsonObject report() const {
        return QJsonDocument::fromJson(readFile(files_.report.json)).object();
    }

    test::StationFixture fixture_;
    app::ExportFiles files_;
    QString certificate_;
};

QTEST_MAIN(TstBatchReport)
#include "tst_batch_report.moc"
