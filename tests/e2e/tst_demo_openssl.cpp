// The other side needs no software of ours. On a demo's outputs this runs the very
// scripts of the docs (each a ```bash block after a "<!-- recipe: NAME -->" line):
//   docs/customers.md open-listing  the customer listing and the DM batch opened with
//                                   openssl alone give the same CSV as `kps listing
//                                   open`, and the keys the simulated endpoints hold;
//   docs/auditors.md  check-audit   the audit chain checked with sqlite3, sha256sum and
//                                   openssl; a changed byte or deleted rows fail it;
//   docs/auditors.md  check-report  the batch report's signatures and companions.
// And one changed byte in any of 100 places of the customer listing or its
// signature makes `kps listing open` and `kps listing verify` refuse it (exit 2).
#include "cli_runner.hpp"
#include "kps/provisioning/line_archive.hpp"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

using namespace kps;

namespace {

/// The script of a recipe block in a document of docs/.
QByteArray recipe(const QString& document, const QString& name) {
    QFile file(QStringLiteral(KPS_SOURCE_DIR "/docs/") + document);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray text = file.readAll();
    const qsizetype marker = text.indexOf("<!-- recipe: " + name.toUtf8() + " -->");
    const qsizetype start = text.indexOf("```bash\n", marker);
    const qsizetype end = text.indexOf("\n```", start + 8);
    if (marker < 0 || start < 0 || end < 0)
        return {};
    return text.mid(start + 8, end - start - 8) + '\n';
}

QByteArray hexOf(const secure::SecretBytes& secret) {
    return QByteArray(reinterpret_cast<const char*>(secret.data()), qsizetype(secret.size()))
        .toHex();
}

QByteArray valueOf(const secure::SecretBytes& secret) {
    return QByteArray(reinterpret_cast<const char*>(secret.data()), qsizetype(secret.size()));
}

} // namespace

class TstDemoOpenssl : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        auto demo = test::runKps({QStringLiteral("demo"), QStringLiteral("--out"), out(),
                                  QStringLiteral("--count"), QStringLiteral("12")});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        exports_ = out() + QStringLiteral("/station/exports/PO-DEMO-0001/");
        line_ = provisioning::readLineArchive(out() + QStringLiteral("/line"));
        QCOMPARE(line_.size(), std::size_t(12));
        for (const auto& [document, name] :
             {std::pair{"customers.md", "open-listing"}, std::pair{"auditors.md", "check-audit"},
              std::pair{"auditors.md", "check-report"}}) {
            const QByteArray script =
                recipe(QString::fromLatin1(document), QString::fromLatin1(name));
            QVERIFY2(script.startsWith("#!/bin/bash"), name);
            QFile file(dir_.filePath(QString::fromLatin1(name) + QStringLiteral(".sh")));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(script);
        }
    }

    void customerListingOpensWithOpensslAlone() {
        checkListing(QStringLiteral("customer-listing"), QStringLiteral("customer"), 12 * 4);
    }
    void dmBatchOpensWithOpensslAlone() {
        checkListing(QStringLiteral("dm-batch"), QStringLiteral("headend"), 12);
    }

    void auditChainChecksWithSqliteSha256sumAndOpenssl() {
        const QString database = out() + QStringLiteral("/station/kps.sqlite");
        auto intact = checkAudit(database);
        QVERIFY2(intact.exitCode == 0, intact.err.constData());
        QVERIFY(intact.out.startsWith("audit chain intact"));

        const QString copy = dir_.filePath(QStringLiteral("tampered.sqlite"));
        QVERIFY(QFile::copy(database, copy));
        sqlite(copy, "UPDATE audit SET detail = replace(detail, '\"slot\":1', '\"slot\":2')"
                     " WHERE seq = (SELECT MIN(seq) FROM audit WHERE detail LIKE '%\"slot\":1%')");
        auto changed = checkAudit(copy);
        QVERIFY(changed.exitCode != 0);
        QVERIFY2(changed.err.contains("does not match its hash"), changed.err.constData());

        QFile::remove(copy);
        QVERIFY(QFile::copy(database, copy));
        sqlite(copy, "DELETE FROM audit WHERE seq > (SELECT MAX(seq) - 3 FROM audit_checkpoints)");
        auto shortened = checkAudit(copy);
        QVERIFY(shortened.exitCode != 0);
        QVERIFY2(shortened.err.contains("checkpoint"), shortened.err.constData());
    }

    void reportChecksWithOpensslAlone() {
        const QString report = exports_ + QStringLiteral("PO-DEMO-0001-report.json");
        auto fine = runScript(QStringLiteral("check-report"),
                              {report, exports_ + QStringLiteral("station-signing.crt")});
        QVERIFY2(fine.exitCode == 0, fine.err.constData());
        QFile csv(exports_ + QStringLiteral("PO-DEMO-0001-report.csv"));
        QVERIFY(csv.open(QIODevice::ReadWrite));
        const QByteArray original = csv.readAll();
        QByteArray changed = original;
        changed[changed.size() / 2] = changed[changed.size() / 2] ^ 0x01;
        csv.seek(0);
        csv.write(changed);
        csv.flush();
        auto tampered = runScript(QStringLiteral("check-report"),
                                  {report, exports_ + QStringLiteral("station-signing.crt")});
        csv.seek(0);
        csv.write(original);
        QVERIFY(tampered.exitCode != 0);
    }

    void everyChangedByteOfAListingIsCaught() {
        const QString listing = exports_ + QStringLiteral("PO-DEMO-0001-customer-listing.json");
        const QString certificate = exports_ + QStringLiteral("station-signing.crt");
        const QString key = out() + QStringLiteral("/customer/customer.key");
        int caught = 0;
        for (int i = 0; i < 100; ++i) {
            const QString file = i % 5 == 4 ? listing + QStringLiteral(".sig") : listing;
            QFile target(file);
            QVERIFY(target.open(QIODevice::ReadWrite));
            const QByteArray original = target.readAll();
            const qsizetype at = (qint64(i) * 7919) % original.size();
            QByteArray changed = original;
            changed[at] = char(changed[at] ^ 0x01);
            target.seek(0);
            target.write(changed);
            target.flush();
            const QStringList command =
                i % 2 ? QStringList{QStringLiteral("listing"), QStringLiteral("verify"), listing,
                                    QStringLiteral("--sender"), certificate}
                      : QStringList{QStringLiteral("listing"),
                                    QStringLiteral("open"),
                                    listing,
                                    QStringLiteral("--key"),
                                    key,
                                    QStringLiteral("--sender"),
                                    certificate};
            auto result = test::runKps(command);
            target.seek(0);
            target.write(original);
            target.close();
            QVERIFY2(
                result.exitCode == 2 && result.out.isEmpty(),
                qPrintable(
                    QStringLiteral("%1 byte %2: exit %3").arg(file).arg(at).arg(result.exitCode)));
            ++caught;
        }
        QCOMPARE(caught, 100);
    }

private:
    QString out() const { return dir_.filePath(QStringLiteral("demo")); }

    test::ProcessResult runScript(const QString& name, const QStringList& arguments) {
        return test::runProgram(QStringLiteral("bash"),
                                QStringList{dir_.filePath(name + QStringLiteral(".sh"))} +
                                    arguments);
    }

    test::ProcessResult checkAudit(const QString& database) {
        return runScript(QStringLiteral("check-audit"),
                         {database, out() + QStringLiteral("/station/public/station-signing.crt")});
    }

    static void sqlite(const QString& database, const char* statement) {
        auto done =
            test::runProgram(QStringLiteral("sqlite3"), {database, QString::fromLatin1(statement)});
        QVERIFY2(done.exitCode == 0, done.err.constData());
    }

    void checkListing(const QString& kind, const QString& recipient, int rows) {
        const QString listing =
            exports_ + QStringLiteral("PO-DEMO-0001-") + kind + QStringLiteral(".json");
        const QString key = out() + u'/' + recipient + u'/' + recipient + QStringLiteral(".key");
        const QString certificate = exports_ + QStringLiteral("station-signing.crt");
        auto byOpenssl = runScript(QStringLiteral("open-listing"), {listing, certificate, key});
        QVERIFY2(byOpenssl.exitCode == 0, byOpenssl.err.constData());
        auto byKps =
            test::runKps({QStringLiteral("listing"), QStringLiteral("open"), listing,
                          QStringLiteral("--key"), key, QStringLiteral("--sender"), certificate});
        QVERIFY2(byKps.exitCode == 0, byKps.err.constData());
        QCOMPARE(byOpenssl.out, byKps.out);
        const QList<QByteArray> lines = byOpenssl.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + rows);
        for (const QByteArray& line : lines.mid(1))
            QVERIFY2(holds(line.split(',')), line.left(30).constData());
    }

    /// The endpoint of a CSV row holds exactly that value.
    bool holds(const QList<QByteArray>& row) const {
        const auto endpoint = line_.find(QString::fromLatin1(row.value(0)));
        if (row.size() != 6 || endpoint == line_.end())
            return false;
        if (row[1] == "password")
            return row[5] == valueOf(endpoint->second.password);
        const auto key = endpoint->second.keys.find(row[2].toInt());
        return key != endpoint->second.keys.end() && row[5] == hexOf(key->second);
    }

    QTemporaryDir dir_;
    QString exports_;
    std::map<QString, provisioning::ArchivedEndpoint> line_;
};

QTEST_GUILESS_MAIN(TstDemoOpenssl)
#include "tst_demo_openssl.moc"
