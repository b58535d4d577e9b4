// One door into the engine: the command line and the GUI run the same operations, so
// what one does the other does too. The alarms of `kps run` reach the supervisor's
// panel; an order closed from the GUI gets the report the command line writes, both
// charts drawn, byte for byte; the auditor's view verifies a report before it shows it,
// refuses a tampered one, and shows the destruction facts of a closed order.
#include "cli_station.hpp"
#include "command_runner.hpp"
#include "kps/app/commands/station_commands.hpp"
#include "ui/auditor_view.hpp"

#include <QApplication>
#include <QJsonDocument>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>

using namespace kps;
using namespace kps::provisioning;

namespace {

QByteArray readFile(const QString& path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

/// The text of one page of a PDF (pdftotext).
QByteArray pageText(const QString& pdf, int page) {
    const QString number = QString::number(page);
    return test::runProgram(QStringLiteral("pdftotext"),
                            {QStringLiteral("-f"), number, QStringLiteral("-l"), number, pdf,
                             QStringLiteral("-")})
        .out;
}

} // namespace

class TstOneDoor : public QObject {
    Q_OBJECT
    test::CliStation cli_;
    std::unique_ptr<app::StationHost> host_;
    const QString closed_ = QStringLiteral("PO-DOOR-0002");

    Station& station() { return *cli_.fixture.station; }
    Principal login(const char* name) { return cli_.fixture.login(QString::fromLatin1(name)); }

    /// The auditor's view as an auditor logged in at the station sees it.
    struct AuditorScreen {
        station::Session session;
        station::StationState state;
        station::AuditorView view;
        AuditorScreen(app::StationHost& host, const Principal& auditor)
            : state(host, session)
            , view(host, session, state) {
            session.logIn(auditor);
        }
        /// Selects the order; true when its report was verified and is shown.
        bool show(const QString& orderId) {
            QSignalSpy shown(&view, &station::AuditorView::reportShown);
            if (!QTest::qWaitFor(
                    [&] { return !view.orders()->findItems(orderId, Qt::MatchExactly).isEmpty(); },
                    30000))
                qFatal("the auditor's view did not list the order");
            view.orders()->setCurrentItem(nullptr);
            view.orders()->setCurrentItem(
                view.orders()->findItems(orderId, Qt::MatchExactly).first());
            if (!shown.wait(30000))
                qFatal("the auditor's view did not show the report");
            return shown.last().first().toBool();
        }
    };

private Q_SLOTS:
    void cliRunAlarmsReachTheSupervisorsPanel() {
        cli_.fixture.station.reset();
        const QString order = QStringLiteral("PO-DOOR-0001");
        cli_.addStartedOrder({order, QStringLiteral("manuf"), 4, QStringLiteral("00070000")});
        const auto run = cli_.kps(QStringLiteral("operator"),
                                  {QStringLiteral("run"), order, QStringLiteral("--sim"),
                                   QStringLiteral("--slots"), QStringLiteral("2")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(run.out.contains("(order complete)"));
        cli_.fixture.reopen();
        host_ = std::make_unique<app::StationHost>(station());
        // The supervisor's panel is fed by the station's snapshot, as the GUI loads it.
        app::LoadStationCommand load(*host_, login("supervisor"));
        QVERIFY(test::runToEnd(load).succeeded());
        const auto& alarms = load.snapshot()->openAlarms;
        QCOMPARE(alarms.size(), std::size_t(1));
        QCOMPARE(alarms.front().notice.kind, AlarmKind::Quota);
        QCOMPARE(alarms.front().notice.orderId, order);
        QCOMPARE(alarms.front().raisedBy, QStringLiteral("operator"));
    }

    void guiCloseDrawsBothChartsAsTheCommandLineDoes() {
        cli_.fixture.station.reset();
        host_.reset();
        cli_.addStartedOrder({closed_, QStringLiteral("manuf"), 12, QStringLiteral("00080000")});
        const auto run = cli_.kps(QStringLiteral("operator"),
                                  {QStringLiteral("run"), closed_, QStringLiteral("--sim")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        cli_.fixture.reopen();
        host_ = std::make_unique<app::StationHost>(station());
        app::CloseOrderCommand close(*host_, login("supervisor"), closed_);
        const auto report = test::runToEnd(close);
        QVERIFY2(report.succeeded(), qPrintable(report.details));
        const QString pdf = close.summary()->report.files.pdf;
        const QByteArray drawn = readFile(pdf);
        const QByteArray charts = pageText(pdf, 2);
        QVERIFY2(charts.contains("Yield along the batch"), charts.constData());
        QVERIFY2(charts.contains("Cycle time"), charts.constData());
        // The command line rewrites the report from the store and the audit chain alone,
        // anchored to the same close: the same facts give the same bytes.
        const auto rewritten =
            cli_.kps(QStringLiteral("auditor"), {QStringLiteral("report"), closed_});
        QVERIFY2(rewritten.exitCode == 0, rewritten.err.constData());
        QCOMPARE(readFile(pdf).size(), drawn.size());
        QVERIFY(readFile(pdf) == drawn);
    }

    void auditorSeesTheDestructionFactsOfAVerifiedReport() {
        AuditorScreen screen(*host_, login("auditor"));
        QVERIFY(screen.show(closed_));
        const QString text = screen.view.reportText();
        QVERIFY2(text.contains(QLatin1String("verified")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("the token was searched: none left")),
                 qPrintable(text));
        QVERIFY(!text.contains(QLatin1String("NOT verified absent")));
        QVERIFY(text.contains(QLatin1String("by supervisor")));
        QVERIFY(text.contains(closed_ + QStringLiteral("-destruction.json")));
        QVERIFY(screen.view.openPdfButton()->isEnabled());
    }

    void auditorRefusesATamperedReport() {
        const QString json = app::exportFilesFor(station().paths(), closed_).report.json;
        const QByteArray original = readFile(json);
        QJsonObject report = QJsonDocument::fromJson(original).object();
        QJsonObject counts = report[QStringLiteral("counts")].toObject();
        QCOMPARE(counts[QStringLiteral("verified")].toInteger(), 12);
        counts[QStringLiteral("verified")] = 13; // one more than the order's quantity
        report[QStringLiteral("counts")] = counts;
        {
            QFile file(json);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(QJsonDocument(report).toJson(QJsonDocument::Indented));
        }
        AuditorScreen screen(*host_, login("auditor"));
        const bool shown = screen.show(closed_);
        const QString text = screen.view.reportText();
        QFile restore(json);
        QVERIFY(restore.open(QIODevice::WriteOnly | QIODevice::Truncate));
        restore.write(original);
        restore.close();
        QVERIFY(!shown);
        QVERIFY2(text.contains(QLatin1String("NOT verified")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("signature")), qPrintable(text));
        QVERIFY(!text.contains(QLatin1String("Audit head"))); // none of its facts
        QVERIFY(!screen.view.openPdfButton()->isEnabled());
        QVERIFY(screen.show(closed_)); // the station's own report again
    }

    /// Another order's report (here an interim one), signed by this station, copied under
    /// this order's names verifies as a report: the view refuses it as this order's.
    void auditorRefusesAnotherOrdersReport() {
        const QString other = QStringLiteral("PO-DOOR-0001");
        cli_.fixture.station.reset();
        const auto written = cli_.kps(QStringLiteral("auditor"), {QStringLiteral("report"), other});
        QVERIFY2(written.exitCode == 0, written.err.constData());
        cli_.fixture.reopen();
        host_ = std::make_unique<app::StationHost>(station());
        const QDir from(app::exportFilesFor(station().paths(), other).directory);
        const QDir to(app::exportFilesFor(station().paths(), closed_).directory);
        std::vector<std::pair<QString, QByteArray>> saved;
        for (const QString& suffix :
             {QStringLiteral("json"), QStringLiteral("pdf"), QStringLiteral("csv")})
            for (const QString& tail : {QString(), QStringLiteral(".sig")}) {
                const QString mine =
                    to.filePath(closed_ + QStringLiteral("-report.") + suffix + tail);
                const QString theirs = QStringLiteral("-report.") + suffix + tail;
                saved.emplace_back(mine, readFile(mine));
                QFile::remove(mine);
                QVERIFY(QFile::copy(from.filePath(other + theirs), mine));
                QFile::copy(from.filePath(other + theirs), to.filePath(other + theirs));
            }
        AuditorScreen screen(*host_, login("auditor"));
        const bool shown = screen.show(closed_);
        const QString text = screen.view.reportText();
        for (const auto& [path, bytes] : saved) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(bytes);
        }
        QVERIFY(!shown);
        QVERIFY2(text.contains(QLatin1String("not of ")) || text.contains(QLatin1String("interim")),
                 qPrintable(text));
        QVERIFY(screen.show(closed_)); // the station's own report again
    }
};

QTEST_MAIN(TstOneDoor)
#include "tst_one_door.moc"
