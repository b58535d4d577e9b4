// The same custody scenario against a token reached two ways: directly (SoftHSM2)
// and remotely, through `p11-kit server` exporting that SoftHSM module on a private
// socket and p11-kit-client.so in the station. Both tokens are initialised by their
// "administrators" beforehand and adopted by RFC 7512 URI (kps init --uri).
//
// p11-kit's RPC forwards only the mechanisms on its allow-list, and neither 0.24
// (Debian 12) nor its current master carries CKM_AES_KEY_WRAP_PAD or
// CKM_AES_ECB_ENCRYPT_DATA (0.24 lacks CKM_AES_CMAC as well). Without them the
// station cannot derive, check or wrap a key inside the HSM, so it refuses the token
// at `kps init`, naming what is missing and creating nothing. That refusal is
// asserted; the rest of the remote scenario is an expected failure, which turns into
// an unexpected pass (and a red test) the day the link carries the mechanisms.
#include "cli_runner.hpp"
#include "customer_files.hpp"
#include "kps/app/demo_party.hpp"
#include "kps/hsm/softhsm.hpp"
#include "kps/hsm/token.hpp"
#include "kps/secure/pin.hpp"

#include <QJsonObject>
#include <QThread>

using namespace kps;

namespace {

const QString kSoftHsm = QStringLiteral("/usr/lib/softhsm/libsofthsm2.so");
const QString kClient = QStringLiteral(KPS_P11_MODULE_PATH "/p11-kit-client.so");
const QString kOrder = QStringLiteral("PO-REMOTE-0001");

} // namespace

class TstRemoteHsm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QVERIFY(hsm::useSoftHsmIn(path("hsm").toStdString())); // SOFTHSM2_CONF, inherited
        userPin_ = path("user.pin");
        auto user = secure::randomPin(16);
        QVERIFY(secure::writePinFile(userPin_.toStdString(), user));
        {
            auto module = hsm::Module::load(kSoftHsm.toStdString());
            QVERIFY(module);
            for (const char* label : {"kps-local", "kps-remote"})
                QVERIFY(hsm::initializeToken(*module, label, secure::randomPin(16), user));
        }
        socket_ = path("p11-kit.sock");
        server_.setProgram(QStringLiteral("p11-kit"));
        server_.setArguments({QStringLiteral("server"), QStringLiteral("-f"), QStringLiteral("-n"),
                              socket_, QStringLiteral("--provider"), kSoftHsm,
                              QStringLiteral("pkcs11:token=kps-remote")});
        server_.start();
        QVERIFY(server_.waitForStarted(10000));
        for (int i = 0; i < 100 && !QFile::exists(socket_); ++i)
            QThread::msleep(50);
        QVERIFY2(QFile::exists(socket_), "p11-kit server did not open its socket");
        for (const char* party : {"customer", "headend"})
            QVERIFY(app::makeDemoParty(path(party), QString::fromLatin1(party),
                                       QString::fromLatin1(party)));
    }

    void cleanupTestCase() {
        server_.terminate();
        server_.waitForFinished(5000);
    }

    void sameCustodyScenario_data() {
        QTest::addColumn<QString>("module");
        QTest::addColumn<QString>("token");
        QTest::newRow("local SoftHSM2") << kSoftHsm << QStringLiteral("kps-local");
        QTest::newRow("remote through p11-kit") << kClient << QStringLiteral("kps-remote");
    }

    void sameCustodyScenario() {
        QFETCH(QString, module);
        QFETCH(QString, token);
        station_ = path(token + QStringLiteral("-station"));
        module_ = module;
        token_ = token;
        const QStringList before = tokenLabels();
        QVERIFY(before.isEmpty());
        writeCustodianPins();
        auto wrongPin = kpsAs({},
                              {"init", "--module", module, "--uri", uri(), "--custodian1",
                               "custodian1", "--custodian2", "custodian2"},
                              {{"KPS_USER_PIN", "not-the-pin"}});
        QCOMPARE(wrongPin.exitCode, 4);
        QVERIFY2(wrongPin.err.contains("CKR_PIN_INCORRECT"), wrongPin.err.constData());
        QDir(station_).removeRecursively();
        auto init = kpsAs({}, {"init", "--module", module, "--uri", uri(), "--name", "remote-01",
                               "--custodian1", "custodian1", "--custodian2", "custodian2"});
        if (init.exitCode == 0)
            fileCustodianPins();
        if (init.exitCode != 0) {
            QCOMPARE(init.exitCode, 4);
            QVERIFY2(init.err.contains("does not offer"), init.err.constData());
            QVERIFY(init.err.contains("CKM_AES_KEY_WRAP_PAD"));
            QVERIFY(init.err.contains("CKM_AES_ECB_ENCRYPT_DATA"));
            QCOMPARE(tokenLabels(), before); // refused before anything was created
            QEXPECT_FAIL("remote through p11-kit",
                         "p11-kit's RPC does not forward CKM_AES_KEY_WRAP_PAD, "
                         "CKM_AES_ECB_ENCRYPT_DATA (0.24: nor CKM_AES_CMAC)",
                         Abort);
        }
        QCOMPARE(init.exitCode, 0);
        runScenario();
    }

private:
    QString path(const QString& relative) const { return dir_.filePath(relative); }
    QString path(const char* relative) const { return path(QString::fromLatin1(relative)); }
    /// The local token's URI names its PIN file (pin-source); the remote one's PIN comes
    /// from the environment. Both ways must work.
    QString uri() const {
        return QStringLiteral("pkcs11:token=") + token_ +
               (local() ? QStringLiteral("?pin-source=file:") + userPin_ : QString());
    }
    bool local() const { return module_ == kSoftHsm; }

    QProcessEnvironment environment() const {
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("KPS_DATA"), station_);
        environment.insert(QStringLiteral("P11_KIT_SERVER_ADDRESS"),
                           QStringLiteral("unix:path=") + socket_);
        environment.remove(QStringLiteral("KPS_USER_PIN"));
        environment.remove(QStringLiteral("KPS_USER_PIN_FILE"));
        environment.insert(QStringLiteral("KPS_CUSTODIAN1_PIN_FILE"),
                           path("custodians/custodian1.pin"));
        environment.insert(QStringLiteral("KPS_CUSTODIAN2_PIN_FILE"),
                           path("custodians/custodian2.pin"));
        if (!local())
            environment.insert(QStringLiteral("KPS_USER_PIN_FILE"), userPin_);
        return environment;
    }

    test::ProcessResult kpsAs(const QString& user, std::initializer_list<QString> arguments,
                              std::initializer_list<std::pair<const char*, QString>> extra = {},
                              const QString& second = {}) {
        auto env = environment();
        const QString secrets = station_ + QStringLiteral("/secrets/");
        if (!user.isEmpty()) {
            env.insert(QStringLiteral("KPS_LOGIN"), user);
            env.insert(QStringLiteral("KPS_LOGIN_PIN_FILE"),
                       secrets + user + QStringLiteral(".pin"));
        }
        if (!second.isEmpty()) {
            env.insert(QStringLiteral("KPS_LOGIN2"), second);
            env.insert(QStringLiteral("KPS_LOGIN2_PIN_FILE"),
                       secrets + second + QStringLiteral(".pin"));
        }
        for (const auto& [name, value] : extra)
            env.insert(QString::fromLatin1(name), value);
        auto result = test::runKps(QStringList(arguments), env);
        if (result.exitCode != 0)
            qInfo("kps %s: %s", qPrintable(QStringList(arguments).join(u' ')),
                  result.err.constData());
        return result;
    }

    void addStaff() {
        for (auto [name, role] :
             {std::pair{"supervisor", "supervisor"}, std::pair{"operator", "operator"}}) {
            const QString pinFile = station_ + QStringLiteral("/secrets/") +
                                    QString::fromLatin1(name) + QStringLiteral(".pin");
            QVERIFY(secure::writePinFile(pinFile.toStdString(), secure::randomPin(12)));
            QCOMPARE(kpsAs(QStringLiteral("admin"),
                           {"user", "add", QString::fromLatin1(name), "--role",
                            QString::fromLatin1(role)},
                           {{"KPS_NEW_PIN_FILE", pinFile}})
                         .exitCode,
                     0);
        }
    }

    /// The ceremony's PINs, chosen by custodian1 and custodian2 before kps init (kept
    /// outside the station until it exists, then filed in its secrets/ for the test).
    void writeCustodianPins() {
        QDir().mkpath(path("custodians"));
        for (const char* name : {"custodian1", "custodian2"}) {
            const QString file = path("custodians/") + QString::fromLatin1(name) + ".pin";
            QFile::remove(file);
            QVERIFY(secure::writePinFile(file.toStdString(), secure::randomPin(12)));
        }
    }

    void fileCustodianPins() {
        for (const char* name : {"custodian1", "custodian2"}) {
            const QString pin = QString::fromLatin1(name) + QStringLiteral(".pin");
            QVERIFY(QFile::copy(path("custodians/") + pin,
                                station_ + QStringLiteral("/secrets/") + pin));
        }
    }

    QString writeOrder() {
        const QJsonObject order{
            {"format", "kps-order/1"},
            {"order", kOrder},
            {"customer",
             QJsonObject{{"name", "Customer"}, {"certificate", "customer/customer.crt"}}},
            {"headend", QJsonObject{{"name", "Head-end"},
                                    {"certificate", "headend/headend.crt"},
                                    {"dm", "keys"}}},
            {"profile", "amr-reference-v1"},
            {"keySource", "customer-masters"},
            {"quantity", 3},
            {"addresses",
             QJsonObject{
                 {"manufacturer", "KLK"}, {"first", "00700000"}, {"version", 1}, {"type", 7}}}};
        const QString file = path(token_ + QStringLiteral("-order.json"));
        QFile out(file);
        out.open(QIODevice::WriteOnly);
        out.write(QJsonDocument(order).toJson());
        return file;
    }

    /// The scenario every token must pass: custody of a customer-masters order.
    void runScenario() {
        addStaff();
        QCOMPARE(kpsAs(QStringLiteral("supervisor"), {"order", "add", writeOrder()}).exitCode, 0);
        QCOMPARE(kpsAs(QStringLiteral("supervisor"), {"order", "start", kOrder}).exitCode, 0);
        const test::CustomerSide side{path("customer/customer.key"), path("customer/customer.crt"),
                                      station_ + QStringLiteral("/public/station-import.crt")};
        const QString masters =
            test::sealMasters(side, kOrder, path(token_ + QStringLiteral("-masters")));
        const QString c1 = QStringLiteral("custodian1"), c2 = QStringLiteral("custodian2");
        QCOMPARE(kpsAs(c1, {"masters", "import", masters}, {}, c2).exitCode, 0);
        QCOMPARE(
            kpsAs(QStringLiteral("operator"), {"run", kOrder, "--sim", "--count", "3"}).exitCode,
            0);
        QVERIFY(tokenLabels().join(u' ').contains(kOrder));
        QCOMPARE(kpsAs(c1, {"destroy", kOrder}, {}, c2).exitCode, 0);
        QCOMPARE(kpsAs(QStringLiteral("supervisor"), {"close", kOrder}).exitCode, 0);
        const QStringList labels = tokenLabels();
        QVERIFY(labels.contains(QStringLiteral("station-signing")));
        for (const QString& label : labels)
            QVERIFY2(!label.startsWith(QStringLiteral("order:")), qPrintable(label));
        const QString record =
            station_ + QStringLiteral("/exports/%1/%1-destruction.json").arg(kOrder);
        const QString pub = path(token_ + QStringLiteral("-station.pub"));
        auto key = test::runProgram(QStringLiteral("openssl"),
                                    {"x509", "-in", station_ + "/public/station-signing.crt",
                                     "-pubkey", "-noout", "-out", pub});
        QCOMPARE(key.exitCode, 0);
        auto verified =
            test::runProgram(QStringLiteral("openssl"), {"dgst", "-sha256", "-verify", pub,
                                                         "-signature", record + ".sig", record});
        QCOMPARE(verified.out.trimmed(), QByteArray("Verified OK"));
    }

    /// Token object labels as pkcs11-tool lists them, through the same module as the station.
    QStringList tokenLabels() {
        const QString pin = QString::fromLatin1(test::readBytes(userPin_).trimmed());
        auto listed = test::runProgram(QStringLiteral("pkcs11-tool"),
                                       {"--module", module_, "--token-label", token_, "--login",
                                        "--pin", pin, "--list-objects"},
                                       {}, environment());
        if (listed.exitCode != 0)
            qWarning("pkcs11-tool: %s", listed.err.constData());
        QStringList labels;
        for (const QByteArray& line : listed.out.split('\n'))
            if (line.trimmed().startsWith("label:"))
                labels << QString::fromUtf8(line.trimmed().mid(6).trimmed());
        return labels;
    }

    QTemporaryDir dir_;
    QProcess server_;
    QString socket_;
    QString userPin_;
    QString station_;
    QString module_;
    QString token_;
};

QTEST_GUILESS_MAIN(TstRemoteHsm)
#include "tst_remote_hsm.moc"
