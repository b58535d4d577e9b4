// Tamper suites on what a demo batch leaves: the audit chain (a flipped byte in any
// field of a row, a deleted row, reordered rows) must fail `kps audit verify`; the
// customer listing and the DM batch (a flipped byte anywhere, a deleted or reordered
// endpoint, a truncated file, a damaged signature) must fail `kps listing open`; the
// batch report and the destruction record (the same damage) must fail the station
// signature check auditors run (`openssl dgst -sha256 -verify`, here in-process).
#include "cli_runner.hpp"
#include "kps/provisioning/audit.hpp"
#include "kps/x509/certificate.hpp"
#include "kps/x509/signature.hpp"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <functional>

using namespace kps;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

void writeAll(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    file.open(QIODevice::WriteOnly | QIODevice::Truncate);
    file.write(bytes);
}

/// Runs SQL statements on the database (as an attacker with sqlite3 would).
bool execute(const QString& database, const QStringList& statements) {
    bool ok = true;
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
        db.setDatabaseName(database);
        ok = db.open();
        for (const QString& statement : statements)
            ok = ok && QSqlQuery(db).exec(statement);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
    return ok;
}

/// The bytes with one byte changed at `offset` (kept printable, so JSON stays text).
QByteArray flipped(QByteArray bytes, qsizetype offset) {
    bytes[offset] = bytes[offset] == 'a' ? 'b' : 'a';
    return bytes;
}

/// A JSON document with its endpoints edited, written the way the station writes it.
QByteArray withEndpoints(const QByteArray& bytes, const std::function<void(QJsonArray&)>& edit) {
    QJsonObject json = QJsonDocument::fromJson(bytes).object();
    QJsonArray endpoints = json[QStringLiteral("endpoints")].toArray();
    edit(endpoints);
    json[QStringLiteral("endpoints")] = endpoints;
    return QJsonDocument(json).toJson(QJsonDocument::Indented);
}

} // namespace

class TstTamper : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString out_, station_, exports_, pristine_;
    int cases_ = 0, detected_ = 0;

    QString exported(const QString& suffix) const {
        return QDir(exports_).filePath(QStringLiteral("PO-DEMO-0001-") + suffix);
    }

    test::ProcessResult auditVerify() {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("KPS_LOGIN"), QStringLiteral("auditor"));
        environment.insert(QStringLiteral("KPS_LOGIN_PIN_FILE"),
                           station_ + QStringLiteral("/secrets/auditor.pin"));
        return test::runKps(
            {QStringLiteral("--data"), station_, QStringLiteral("audit"), QStringLiteral("verify")},
            environment);
    }

    /// The pristine database, tampered by `statements`, must fail `kps audit verify`.
    void expectAuditBroken(const QString& name, const QStringList& statements) {
        const QString database = station_ + QStringLiteral("/kps.sqlite");
        QFile::remove(database);
        QVERIFY(QFile::copy(pristine_, database));
        QVERIFY2(execute(database, statements), qPrintable(name));
        const auto result = auditVerify();
        ++cases_;
        QVERIFY2(result.exitCode == 2 && result.err.contains("audit chain broken"),
                 qPrintable(name + QStringLiteral(": exit %1 %2")
                                       .arg(result.exitCode)
                                       .arg(QString::fromUtf8(result.err + result.out))));
        ++detected_;
    }

    /// A changed listing (and/or signature) must fail `kps listing open`.
    void expectListingRejected(const QString& name, const QString& listing, const QString& key,
                               const QByteArray& bytes, const QByteArray& signature) {
        const QString copy = dir_.filePath(QStringLiteral("tampered.json"));
        writeAll(copy, bytes);
        writeAll(copy + QStringLiteral(".sig"), signature);
        const auto result =
            test::runKps({QStringLiteral("listing"), QStringLiteral("open"), copy,
                          QStringLiteral("--key"), key, QStringLiteral("--sender"),
                          QDir(exports_).filePath(QStringLiteral("station-signing.crt"))});
        ++cases_;
        QVERIFY2(result.exitCode == 2, qPrintable(name + QStringLiteral(" of ") + listing +
                                                  QStringLiteral(": exit %1 %2")
                                                      .arg(result.exitCode)
                                                      .arg(QString::fromUtf8(result.err))));
        ++detected_;
    }

    void expectSignatureFails(const QString& name, const QByteArray& bytes,
                              const QByteArray& signature) {
        const auto certificate = x509::readCertificateFile(
            QDir(exports_).filePath(QStringLiteral("station-signing.crt")).toStdString());
        QVERIFY(certificate);
        ++cases_;
        QVERIFY2(
            !x509::verifySignature(certificate->der,
                                   {reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                                    std::size_t(bytes.size())},
                                   {reinterpret_cast<const std::uint8_t*>(signature.constData()),
                                    std::size_t(signature.size())}),
            qPrintable(name));
        ++detected_;
    }

    /// The damage every signed file gets: flipped bytes spread over it, a truncation, a
    /// deleted line, two lines swapped, a flipped signature byte.
    QList<std::pair<QString, std::pair<QByteArray, QByteArray>>>
    damaged(const QByteArray& bytes, const QByteArray& signature) const {
        QList<std::pair<QString, std::pair<QByteArray, QByteArray>>> cases;
        for (int i = 0; i < 10; ++i) {
            const qsizetype offset = (bytes.size() - 1) * i / 9;
            cases.append({QStringLiteral("byte %1 flipped").arg(offset),
                          {flipped(bytes, offset), signature}});
        }
        cases.append({QStringLiteral("truncated"), {bytes.left(bytes.size() - 2), signature}});
        QList<QByteArray> lines = bytes.split('\n');
        QList<QByteArray> deleted = lines;
        deleted.removeAt(lines.size() / 2);
        cases.append({QStringLiteral("line deleted"), {deleted.join('\n'), signature}});
        QList<QByteArray> swapped = lines;
        swapped.swapItemsAt(3, 4);
        cases.append({QStringLiteral("lines reordered"), {swapped.join('\n'), signature}});
        cases.append({QStringLiteral("signature byte flipped"),
                      {bytes, flipped(signature, signature.size() / 2)}});
        return cases;
    }

private Q_SLOTS:
    void initTestCase() {
        out_ = dir_.filePath(QStringLiteral("demo"));
        const auto demo = test::runKps({QStringLiteral("demo"), QStringLiteral("--out"), out_,
                                        QStringLiteral("--count"), QStringLiteral("12")});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        station_ = out_ + QStringLiteral("/station");
        exports_ = station_ + QStringLiteral("/exports/PO-DEMO-0001");
        pristine_ = dir_.filePath(QStringLiteral("pristine.sqlite"));
        QVERIFY(QFile::copy(station_ + QStringLiteral("/kps.sqlite"), pristine_));
        QCOMPARE(auditVerify().exitCode, 0); // positive control
    }

    void auditChain() {
        QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("count"));
        qint64 rows = 0;
        {
            auto db = QSqlDatabase::database(QStringLiteral("count"));
            db.setDatabaseName(pristine_);
            QVERIFY(db.open());
            QSqlQuery query(QStringLiteral("SELECT MAX(seq) FROM audit"), db);
            QVERIFY(query.next());
            rows = query.value(0).toLongLong();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("count"));
        QVERIFY(rows > 10);
        const QList<qint64> positions{1, rows / 2, rows - 1};
        for (qint64 seq : positions)
            for (const char* column : {"at", "actor", "event", "subject", "detail", "prev", "hash"})
                expectAuditBroken(
                    QStringLiteral("row %1: a byte of %2 flipped")
                        .arg(seq)
                        .arg(QLatin1String(column)),
                    {QStringLiteral("UPDATE audit SET %1 = substr(%1, 1, 5) || "
                                    "CASE substr(%1, 6, 1) WHEN 'a' THEN 'b' ELSE 'a' END || "
                                    "substr(%1, 7) WHERE seq = %2")
                         .arg(QLatin1String(column))
                         .arg(seq)});
        for (qint64 seq : positions)
            expectAuditBroken(QStringLiteral("row %1 deleted").arg(seq),
                              {QStringLiteral("DELETE FROM audit WHERE seq = %1").arg(seq)});
        for (qint64 seq : positions)
            expectAuditBroken(
                QStringLiteral("rows %1 and %2 reordered").arg(seq).arg(seq + 1),
                {QStringLiteral("UPDATE audit SET seq = -1 WHERE seq = %1").arg(seq),
                 QStringLiteral("UPDATE audit SET seq = %1 WHERE seq = %2").arg(seq).arg(seq + 1),
                 QStringLiteral("UPDATE audit SET seq = %1 WHERE seq = -1").arg(seq + 1)});
        expectAuditBroken(QStringLiteral("row inserted"),
                          {QStringLiteral("UPDATE audit SET seq = seq + 1000 WHERE seq > 3"),
                           QStringLiteral("UPDATE audit SET seq = seq - 999 WHERE seq > 1000"),
                           QStringLiteral("INSERT INTO audit (seq, at, actor, event, subject, "
                                          "detail, prev, hash, station) SELECT 4, at, actor, "
                                          "event, subject, detail, prev, hash, station FROM "
                                          "audit WHERE seq = 3")});
    }

    void auditTailNeedsCheckpoints() {
        // Without signed checkpoints the last row can go unnoticed; the exports work
        // adds them (docs/hardening.md). Expected to fail until then.
        const QString database = station_ + QStringLiteral("/kps.sqlite");
        QFile::remove(database);
        QVERIFY(QFile::copy(pristine_, database));
        QVERIFY(execute(database, {QStringLiteral("DELETE FROM audit WHERE seq = "
                                                  "(SELECT MAX(seq) FROM audit)")}));
        QEXPECT_FAIL("", "the last row's deletion needs signed audit checkpoints", Continue);
        QCOMPARE(auditVerify().exitCode, 2);
    }

    void listings() {
        const std::vector<std::pair<QString, QString>> listings{
            {QStringLiteral("customer-listing.json"),
             out_ + QStringLiteral("/customer/customer.key")},
            {QStringLiteral("dm-batch.json"), out_ + QStringLiteral("/headend/headend.key")}};
        for (const auto& [suffix, key] : listings) {
            const QByteArray bytes = readAll(exported(suffix));
            const QByteArray signature = readAll(exported(suffix + QStringLiteral(".sig")));
            QCOMPARE(
                test::runKps({QStringLiteral("listing"), QStringLiteral("open"), exported(suffix),
                              QStringLiteral("--key"), key, QStringLiteral("--sender"),
                              QDir(exports_).filePath(QStringLiteral("station-signing.crt"))})
                    .exitCode,
                0); // positive control
            auto cases = damaged(bytes, signature);
            cases.append({QStringLiteral("endpoint deleted"),
                          {withEndpoints(bytes, [](QJsonArray& e) { e.removeAt(5); }), signature}});
            cases.append({QStringLiteral("endpoints reordered"),
                          {withEndpoints(bytes,
                                         [](QJsonArray& e) {
                                             const QJsonValue second = e.at(2);
                                             e[2] = e.at(7);
                                             e[7] = second;
                                         }),
                           signature}});
            for (const auto& [name, tampered] : cases)
                expectListingRejected(name, suffix, key, tampered.first, tampered.second);
        }
    }

    void reportAndDestructionRecord() {
        for (const char* suffix : {"report.json", "destruction.json"}) {
            const QByteArray bytes = readAll(exported(QLatin1String(suffix)));
            const QByteArray signature =
                readAll(exported(QLatin1String(suffix) + QStringLiteral(".sig")));
            const auto certificate = x509::readCertificateFile(
                QDir(exports_).filePath(QStringLiteral("station-signing.crt")).toStdString());
            QVERIFY(certificate);
            QVERIFY(
                x509::verifySignature(certificate->der,
                                      {reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                                       std::size_t(bytes.size())},
                                      {reinterpret_cast<const std::uint8_t*>(signature.constData()),
                                       std::size_t(signature.size())})); // positive control
            for (const auto& [name, tampered] : damaged(bytes, signature))
                expectSignatureFails(QLatin1String(suffix) + QStringLiteral(": ") + name,
                                     tampered.first, tampered.second);
        }
    }

    void cleanupTestCase() {
        qInfo("tamper: %d cases (audit chain, listings, DM batch, report, destruction record), "
              "%d detected",
              cases_, detected_);
    }
};

QTEST_GUILESS_MAIN(TstTamper)
#include "tst_tamper.moc"
