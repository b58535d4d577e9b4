// PSKC through the command line: a supervisor exports a closed order's customer listing
// as PSKC (kps pskc export), the other side's own tool validates it (pskctool) and the
// customer's `kps pskc open` gives the same rows as `kps listing open`; an export never
// replaces a file, and other roles are refused.
#include "cli_runner.hpp"
#include "customer_files.hpp"

#include <QTemporaryDir>

using namespace kps;

namespace {

const QString kOrder = QStringLiteral("PO-DEMO-0001");

} // namespace

class TstPskcCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        auto demo = test::runKps({QStringLiteral("demo"), QStringLiteral("--out"), dir_.path(),
                                  QStringLiteral("--count"), QStringLiteral("5"),
                                  QStringLiteral("--target"), QStringLiteral("reference")});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        station_ = dir_.filePath(QStringLiteral("station"));
    }

    void theCustomerOpensTheSameKeys() {
        auto exported =
            kps("supervisor", {QStringLiteral("pskc"), QStringLiteral("export"), kOrder});
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
        const QString pskc = exports(QStringLiteral("-customer-listing.pskc.xml"));
        QVERIFY(QFileInfo(pskc).isFile());
        const auto validated =
            test::runProgram(QStringLiteral("pskctool"), {QStringLiteral("--validate"), pskc});
        QVERIFY2(validated.exitCode == 0, validated.err.constData());
        const QString key = dir_.filePath(QStringLiteral("customer/customer.key"));
        const QString sender = station_ + QStringLiteral("/public/station-signing.crt");
        const auto fromPskc =
            test::runKps({QStringLiteral("pskc"), QStringLiteral("open"), pskc,
                          QStringLiteral("--key"), key, QStringLiteral("--sender"), sender});
        QVERIFY2(fromPskc.exitCode == 0, fromPskc.err.constData());
        const auto fromListing =
            test::runKps({QStringLiteral("listing"), QStringLiteral("open"),
                          exports(QStringLiteral("-customer-listing.json")),
                          QStringLiteral("--key"), key, QStringLiteral("--sender"), sender});
        QVERIFY2(fromListing.exitCode == 0, fromListing.err.constData());
        QCOMPARE(fromPskc.out.count('\n'), 1 + 5 * 4); // header; 3 keys and a password each
        QCOMPARE(fromPskc.out, fromListing.out);
    }

    void anExportNeverReplacesAFile() {
        const QByteArray before =
            test::readBytes(exports(QStringLiteral("-customer-listing.pskc.xml")));
        auto again = kps("supervisor", {QStringLiteral("pskc"), QStringLiteral("export"), kOrder});
        QCOMPARE(again.exitCode, 2);
        QVERIFY(again.err.contains("exists already"));
        QCOMPARE(test::readBytes(exports(QStringLiteral("-customer-listing.pskc.xml"))), before);
    }

    void onlyWhoClosesExports() {
        for (const char* user : {"operator", "auditor", "custodian1"}) {
            auto refused = kps(user, {QStringLiteral("pskc"), QStringLiteral("export"), kOrder,
                                      QStringLiteral("--of"), QStringLiteral("dm-batch")});
            QCOMPARE(refused.exitCode, 3);
        }
        QVERIFY(!QFileInfo::exists(exports(QStringLiteral("-dm-batch.pskc.xml"))));
    }

private:
    QString exports(const QString& tail) const {
        return station_ + QStringLiteral("/exports/") + kOrder + QStringLiteral("/") + kOrder +
               tail;
    }

    test::ProcessResult kps(const char* user, const QStringList& arguments) {
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("KPS_DATA"), station_);
        environment.insert(QStringLiteral("KPS_LOGIN"), QString::fromLatin1(user));
        environment.insert(QStringLiteral("KPS_LOGIN_PIN_FILE"),
                           station_ + QStringLiteral("/secrets/") + QString::fromLatin1(user) +
                               QStringLiteral(".pin"));
        return test::runKps(arguments, environment);
    }

    QTemporaryDir dir_;
    QString station_;
};

QTEST_GUILESS_MAIN(TstPskcCli)
#include "tst_pskc_cli.moc"
