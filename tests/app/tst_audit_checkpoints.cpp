// The audit chain is sealed by checkpoints the station key signs every N rows and at
// every order close, and `kps audit verify` (verifyAuditChain) names the first broken
// link: one changed byte in any of 100 places (row fields, checkpoint hashes and
// signatures), moved rows and rows deleted from the end are all caught.
#include "cli_runner.hpp"
#include "kps/app/operations/close.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "must.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

#include <QApplication>
#include <QJsonDocument>
#include <QSqlQuery>

using namespace kps;
using namespace kps::provisioning;

namespace {

constexpr int kEvery = 10;
const QStringList kColumns{QStringLiteral("at"),     QStringLiteral("actor"),
                           QStringLiteral("event"),  QStringLiteral("subject"),
                           QStringLiteral("detail"), QStringLiteral("prev"),
                           QStringLiteral("hash")};

QVariant valueOf(QSqlDatabase& database, const QString& sql, qint64 seq) {
    QSqlQuery query(database);
    query.prepare(sql);
    query.addBindValue(seq);
    return query.exec() && query.next() ? query.value(0) : QVariant();
}

bool update(QSqlDatabase& database, const QString& sql, const QVariant& value, qint64 seq) {
    QSqlQuery query(database);
    query.prepare(sql);
    query.addBindValue(value);
    query.addBindValue(seq);
    return query.exec() && query.numRowsAffected() == 1;
}

/// One character of the text changed (its lowest bit flipped).
QString flipped(QString text, qsizetype at) {
    text[at] = QChar(text[at].unicode() ^ 0x01);
    return text;
}

} // namespace

class TstAuditCheckpoints : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QFile config(fixture_.path(QStringLiteral("station/station.json")));
        QVERIFY(config.open(QIODevice::ReadWrite));
        QJsonObject json = QJsonDocument::fromJson(config.readAll()).object();
        json.insert(QStringLiteral("audit"),
                    QJsonObject{{QStringLiteral("checkpointEvery"), kEvery}});
        config.resize(0);
        config.write(QJsonDocument(json).toJson());
        config.close();
        fixture_.reopen();
        auto& station = *fixture_.station;
        test::OrderSpec spec;
        spec.quantity = 30;
        QVERIFY(station.orders().add(fixture_.login(QStringLiteral("supervisor")),
                                     fixture_.writeOrder(spec)));
        QVERIFY(station.orders().changeState(fixture_.login(QStringLiteral("supervisor")),
                                             test::orderId(spec.id),
                                             provisioning::OrderState::Running));
        auto rack = makeSimulatedRack({3, {}, 11, 0.0});
        RunObserver quiet;
        std::atomic<bool> cancel{false};
        auto run = station.line().run(fixture_.login(QStringLiteral("operator")),
                                      test::orderId(spec.id), {3, 0, 5, {}}, *rack, quiet, cancel);
        QVERIFY(run && run->orderComplete);
        auto closed = app::closeOrder(station, fixture_.login(QStringLiteral("supervisor")),
                                      test::orderId(spec.id));
        QVERIFY2(closed, closed ? "" : qPrintable(closed.error().message));
    }

    void checkpointsEveryNRowsAndAtClose() {
        auto& store = kps::provisioning::StationInternals::store(*fixture_.station);
        auto verified = verify();
        QVERIFY(verified.intact);
        QVERIFY2(verified.rows > 45, qPrintable(QString::number(verified.rows)));
        auto close = store.audit().checkpointOf(QStringLiteral("order.close"),
                                                QStringLiteral("PO-TEST-0001"));
        QVERIFY(close && *close);
        QCOMPARE((*close)->reason, QStringLiteral("order.close"));
        qint64 interval = 0;
        test::must(store.audit().forEachCheckpoint([&](const AuditCheckpoint& checkpoint) -> Done {
            if (checkpoint.reason == QLatin1String("interval")) {
                ++interval;
                if (checkpoint.seq % kEvery != 0)
                    return failure(ErrorKind::Internal, {}, {}, QStringLiteral("off the interval"));
            }
            return {};
        }),
                   "list the checkpoints");
        QCOMPARE(interval, verified.rows / kEvery);
        QCOMPARE(verified.checkpoints,
                 interval + ((*close)->seq % kEvery == 0 ? 0 : 1)); // + the close, if apart
        QVERIFY(verified.lastCheckpoint >= (*close)->seq);
    }

    void everyChangedByteIsCaught() {
        auto& database = kps::provisioning::StationInternals::store(*fixture_.station).database();
        const qint64 rows = verify().rows;
        int caught = 0;
        for (int i = 0; i < 100; ++i) {
            const qint64 seq = 1 + (qint64(i) * 37) % rows;
            if (i % 10 == 8 || i % 10 == 9) {
                caught += changeCheckpoint(database, i) ? 1 : 0;
                continue;
            }
            const QString column = kColumns[i % kColumns.size()];
            const QString select = QStringLiteral("SELECT %1 FROM audit WHERE seq = ?").arg(column);
            const QString change =
                QStringLiteral("UPDATE audit SET %1 = ? WHERE seq = ?").arg(column);
            const QString original = valueOf(database, select, seq).toString();
            QVERIFY(!original.isEmpty());
            QVERIFY(update(database, change, flipped(original, (i * 13) % original.size()), seq));
            const auto result = verify();
            QVERIFY(update(database, change, original, seq));
            QVERIFY2(
                !result.intact && result.firstBroken == seq,
                qPrintable(
                    QStringLiteral("%1 of row %2: %3").arg(column).arg(seq).arg(result.reason)));
            ++caught;
        }
        QCOMPARE(caught, 100);
        QVERIFY(verify().intact);
    }

    void movedRowIsCaught() {
        auto& database = kps::provisioning::StationInternals::store(*fixture_.station).database();
        const qint64 seq = 3; // no checkpoint refers to it
        QVERIFY(update(database, QStringLiteral("UPDATE audit SET seq = ? WHERE seq = ?"), 100000,
                       seq));
        const auto result = verify();
        QVERIFY(update(database, QStringLiteral("UPDATE audit SET seq = ? WHERE seq = ?"), seq,
                       100000));
        QVERIFY(!result.intact);
        QCOMPARE(result.firstBroken, seq);
    }

    void rowsDeletedFromTheEndAreCaughtByTheirCheckpoint() {
        const auto before = verify();
        QSqlQuery query(kps::provisioning::StationInternals::store(*fixture_.station).database());
        QVERIFY(query.exec(QStringLiteral("PRAGMA foreign_keys = OFF")));
        QVERIFY(query.exec(QStringLiteral("BEGIN")));
        QVERIFY(query.exec(
            QStringLiteral("DELETE FROM audit WHERE seq > %1").arg(before.lastCheckpoint - 3)));
        const auto result = verify();
        QVERIFY(query.exec(QStringLiteral("ROLLBACK")));
        QVERIFY(query.exec(QStringLiteral("PRAGMA foreign_keys = ON")));
        QVERIFY(!result.intact);
        QVERIFY2(result.reason.contains(QLatin1String("missing")), qPrintable(result.reason));
        QVERIFY(verify().intact);
    }

    void theCommandNamesTheFirstBrokenRow() {
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("KPS_LOGIN"), QStringLiteral("auditor"));
        environment.insert(QStringLiteral("KPS_LOGIN_PIN_FILE"),
                           fixture_.path(QStringLiteral("station/secrets/auditor.pin")));
        const QStringList command{QStringLiteral("--data"),
                                  fixture_.path(QStringLiteral("station")), QStringLiteral("audit"),
                                  QStringLiteral("verify")};
        auto intact = test::runKps(command, environment);
        QVERIFY2(intact.exitCode == 0, intact.err.constData());
        QVERIFY(intact.out.contains("Audit chain intact"));
        auto& database = kps::provisioning::StationInternals::store(*fixture_.station).database();
        const QString select = QStringLiteral("SELECT detail FROM audit WHERE seq = ?");
        const QString change = QStringLiteral("UPDATE audit SET detail = ? WHERE seq = ?");
        const QString original = valueOf(database, select, 20).toString();
        QVERIFY(update(database, change, flipped(original, 5), 20));
        auto broken = test::runKps(command, environment);
        QVERIFY(update(database, change, original, 20));
        QCOMPARE(broken.exitCode, 2);
        QVERIFY2(broken.err.contains("broken at row 20"), broken.err.constData());
    }

private:
    /// The station's one chain, checked as `kps audit verify` checks it (by an auditor
    /// logged in once: a verification writes no audit row).
    ChainVerification verify() {
        if (!auditor_)
            auditor_ = fixture_.login(QStringLiteral("auditor"));
        auto result = fixture_.station->audit().verify(*auditor_);
        if (!result)
            qFatal("%s", qPrintable(result.error().message()));
        return result->chains.front();
    }

    /// Changes the hash (i % 10 == 8) or one byte of the signature of a checkpoint.
    bool changeCheckpoint(QSqlDatabase& database, int i) {
        std::vector<qint64> seqs;
        test::must(kps::provisioning::StationInternals::store(*fixture_.station)
                       .audit()
                       .forEachCheckpoint([&](const AuditCheckpoint& checkpoint) -> Done {
                           seqs.push_back(checkpoint.seq);
                           return {};
                       }),
                   "list the checkpoints");
        const qint64 seq = seqs[std::size_t(i / 10) % seqs.size()];
        const QString column = i % 10 == 8 ? QStringLiteral("hash") : QStringLiteral("signature");
        const QString select =
            QStringLiteral("SELECT %1 FROM audit_checkpoints WHERE seq = ?").arg(column);
        const QString change =
            QStringLiteral("UPDATE audit_checkpoints SET %1 = ? WHERE seq = ?").arg(column);
        const QString original = valueOf(database, select, seq).toString();
        QString changed = flipped(original, (i * 7) % 64);
        if (column == QLatin1String("signature")) {
            QByteArray der = QByteArray::fromBase64(original.toLatin1());
            der[(i * 7) % der.size()] = char(der[(i * 7) % der.size()] ^ 0x01);
            changed = QString::fromLatin1(der.toBase64());
        }
        if (!update(database, change, changed, seq))
            return false;
        const auto result = verify();
        update(database, change, original, seq);
        return !result.intact && result.firstBroken == seq;
    }

    test::StationFixture fixture_;
    std::optional<Principal> auditor_;
};

QTEST_MAIN(TstAuditCheckpoints)
#include "tst_audit_checkpoints.moc"
