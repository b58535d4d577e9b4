// The store's statement cache (provisioning/src/store): statements are prepared once per
// connection, a nested use of the same text gets a query of its own, a failed statement
// is prepared again, and a finished read holds no snapshot that would keep another
// connection's checkpoint from completing.
#include "sql.hpp"

#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>

using namespace kps::provisioning;

namespace {

QSqlDatabase openConnection(const QString& file, const QString& name) {
    auto database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    database.setDatabaseName(file);
    database.open();
    return database;
}

int countRows(QSqlDatabase& database) {
    auto rows = sql::run(database, QStringLiteral("count"),
                         QStringLiteral("SELECT COUNT(*) FROM t WHERE v >= ?"), {0});
    return rows && rows->next() ? rows->value(0).toInt() : -1;
}

} // namespace

class TstStatementCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        QVERIFY(dir_.isValid());
        file_ = dir_.filePath(QStringLiteral("cache-%1.db").arg(++round_));
        writer_ = openConnection(file_, QStringLiteral("writer"));
        reader_ = openConnection(file_, QStringLiteral("reader"));
        QVERIFY(sql::exec(writer_, QStringLiteral("set up"),
                          QStringLiteral("PRAGMA journal_mode=WAL")));
        QVERIFY(sql::exec(writer_, QStringLiteral("set up"),
                          QStringLiteral("CREATE TABLE t (v INTEGER PRIMARY KEY)")));
    }

    void cleanup() {
        for (auto* database : {&writer_, &reader_}) {
            const QString name = database->connectionName();
            sql::StatementCache::drop(*database);
            database->close();
            *database = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
        }
    }

    void preparesOncePerText() {
        const QString insert = QStringLiteral("INSERT INTO t (v) VALUES (?)");
        for (int v : {1, 2, 3})
            QVERIFY(sql::exec(writer_, QStringLiteral("insert"), insert, {v}));
        QCOMPARE(sql::StatementCache::of(writer_)->size(), std::size_t(1));
        QCOMPARE(countRows(writer_), 3);
    }

    void nestedUseOfTheSameTextGetsItsOwnQuery() {
        for (int v : {1, 2, 3})
            QVERIFY(sql::exec(writer_, QStringLiteral("insert"),
                              QStringLiteral("INSERT INTO t (v) VALUES (?)"), {v}));
        const QString above = QStringLiteral("SELECT v FROM t WHERE v > ? ORDER BY v");
        auto outer = sql::run(writer_, QStringLiteral("outer"), above, {0});
        QVERIFY(outer);
        QStringList pairs;
        while (outer->next()) {
            auto inner = sql::run(writer_, QStringLiteral("inner"), above, {outer->value(0)});
            QVERIFY(inner);
            while (inner->next())
                pairs << QStringLiteral("%1<%2")
                             .arg(outer->value(0).toInt())
                             .arg(inner->value(0).toInt());
        }
        QCOMPARE(pairs, QStringList({"1<2", "1<3", "2<3"}));
    }

    void failedStatementIsPreparedAgain() {
        const QString insert = QStringLiteral("INSERT INTO t (v) VALUES (?)");
        QVERIFY(sql::exec(writer_, QStringLiteral("insert"), insert, {7}));
        auto duplicate = sql::exec(writer_, QStringLiteral("insert again"), insert, {7});
        QVERIFY(!duplicate);
        QVERIFY(duplicate.error().what.contains(QStringLiteral("insert again")));
        QVERIFY(sql::exec(writer_, QStringLiteral("insert"), insert, {8}));
        QCOMPARE(countRows(writer_), 2);
    }

    void finishedReadHoldsNoSnapshot() {
        for (int v : {1, 2, 3})
            QVERIFY(sql::exec(writer_, QStringLiteral("insert"),
                              QStringLiteral("INSERT INTO t (v) VALUES (?)"), {v}));
        {
            auto partly = sql::run(reader_, QStringLiteral("read one"),
                                   QStringLiteral("SELECT v FROM t WHERE v > ?"), {0});
            QVERIFY(partly && partly->next()); // two rows left unread
        }
        QVERIFY(sql::exec(writer_, QStringLiteral("insert"),
                          QStringLiteral("INSERT INTO t (v) VALUES (?)"), {4}));
        auto checkpoint = sql::run(writer_, QStringLiteral("checkpoint"),
                                   QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        QVERIFY(checkpoint && checkpoint->next());
        QCOMPARE(checkpoint->value(0).toInt(), 0); // not blocked by a reader
        QCOMPARE(countRows(reader_), 4);           // and the reader sees the new row
    }

private:
    QTemporaryDir dir_;
    QString file_;
    int round_ = 0;
    QSqlDatabase writer_;
    QSqlDatabase reader_;
};

QTEST_GUILESS_MAIN(TstStatementCache)
#include "tst_statement_cache.moc"
