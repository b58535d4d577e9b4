// The 4-station registry test with the HSM on the network: `p11-kit server` exports a
// SoftHSM2 token on a private socket and every station reaches it through
// p11-kit-client.so (the stand-in for a network HSM), on one PostgreSQL database.
//
// KNOWN BLOCKED: p11-kit's RPC (0.24 in Debian 12, and its master) forwards only the
// mechanisms it knows the parameters of; CKM_AES_ECB_ENCRYPT_DATA (KDF-1) and
// CKM_AES_KEY_WRAP_PAD (0.24: CKM_AES_CMAC as well) are not among them, so the station
// refuses the token at kps init, naming them. That refusal is asserted and the rest is
// marked an expected failure (XFAIL) only while the refusal happens: the day the link
// carries the mechanisms, kps init succeeds, the 4-station scenario runs and the test
// passes without an edit. Needs PostgreSQL (scripts/test.sh); skipped without it.
#include "kps/hsm/softhsm.hpp"
#include "kps/hsm/token.hpp"
#include "kps/secure/pin.hpp"
#include "registry_line.hpp"

#include <QThread>

using namespace kps;

namespace {

const QString kSoftHsm = QStringLiteral("/usr/lib/softhsm/libsofthsm2.so");
const QString kClient = QStringLiteral(KPS_P11_MODULE_PATH "/p11-kit-client.so");
const QString kOrder = QStringLiteral("PO-REMOTE-REGISTRY");
constexpr int kStations = 4;

} // namespace

class TstRegistryRemote : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        server_ = test::PgServer::fromEnvironment();
        if (!server_)
            QSKIP(test::kNoServer);
        QVERIFY(dir_.isValid());
        QVERIFY(hsm::useSoftHsmIn(path("hsm").toStdString())); // SOFTHSM2_CONF, inherited
        const QString pinFile = path("user.pin");
        auto user = secure::randomPin(16);
        QVERIFY(secure::writePinFile(pinFile.toStdString(), user));
        {
            auto module = hsm::Module::load(kSoftHsm.toStdString());
            QVERIFY(module);
            QVERIFY(hsm::initializeToken(*module, "kps-network", secure::randomPin(16), user));
        }
        startServer();
        // Station processes inherit these: the socket, and the PIN of the adopted token.
        qputenv("P11_KIT_SERVER_ADDRESS", ("unix:path=" + socket_).toUtf8());
        qputenv("KPS_USER_PIN_FILE", pinFile.toUtf8());
        database_ = std::make_unique<test::ScratchDatabase>(*server_, QStringLiteral("remote"));
    }

    void cleanupTestCase() {
        database_.reset();
        server_process_.terminate();
        server_process_.waitForFinished(5000);
    }

    void fourStationsOnANetworkHsm() {
        test::RegistryLine line(*server_, database_->name());
        const QString pinFile = path("user.pin");
        const QString refused = line.setUp(kStations, [&](provisioning::InitOptions& options) {
            options.modulePath = kClient;
            options.tokenUri = QStringLiteral("pkcs11:token=kps-network");
            options.userPin.file = pinFile; // the station processes read $KPS_USER_PIN_FILE
        });
        if (!refused.isEmpty()) {
            QVERIFY2(refused.contains(QStringLiteral("does not offer")), qPrintable(refused));
            QVERIFY(refused.contains(QStringLiteral("CKM_AES_ECB_ENCRYPT_DATA")));
            QVERIFY(refused.contains(QStringLiteral("CKM_AES_KEY_WRAP_PAD")));
            QEXPECT_FAIL("",
                         "p11-kit's RPC does not forward CKM_AES_ECB_ENCRYPT_DATA, "
                         "CKM_AES_KEY_WRAP_PAD (0.24: nor CKM_AES_CMAC)",
                         Abort);
        }
        QVERIFY2(refused.isEmpty(), qPrintable(refused));
        test::OrderSpec spec;
        spec.id = kOrder;
        spec.quantity = 200;
        line.addStartedOrder(spec);
        std::vector<std::unique_ptr<QProcess>> runs;
        for (int n = 1; n <= kStations; ++n)
            runs.push_back(line.startRun(n, kOrder, 2));
        for (auto& run : runs) {
            QVERIFY(run->waitForFinished(180000));
            QVERIFY2(run->exitCode() == 0, run->readAllStandardError().constData());
        }
        test::PgConnection db(*server_, database_->name());
        QCOMPARE(db.scalar(QStringLiteral("SELECT COUNT(*) FROM endpoints WHERE order_id = ?"
                                          " AND state = 'verified'"),
                           {kOrder}),
                 qint64(spec.quantity));
    }

private:
    QString path(const char* relative) const {
        return dir_.filePath(QString::fromLatin1(relative));
    }

    void startServer() {
        socket_ = path("p11-kit.sock");
        server_process_.setProgram(QStringLiteral("p11-kit"));
        server_process_.setArguments({QStringLiteral("server"), QStringLiteral("-f"),
                                      QStringLiteral("-n"), socket_, QStringLiteral("--provider"),
                                      kSoftHsm, QStringLiteral("pkcs11:token=kps-network")});
        server_process_.start();
        QVERIFY(server_process_.waitForStarted(10000));
        for (int i = 0; i < 100 && !QFile::exists(socket_); ++i)
            QThread::msleep(50);
        QVERIFY2(QFile::exists(socket_), "p11-kit server did not open its socket");
    }

    QTemporaryDir dir_;
    QString socket_;
    QProcess server_process_;
    std::optional<test::PgServer> server_;
    std::unique_ptr<test::ScratchDatabase> database_;
};

QTEST_GUILESS_MAIN(TstRegistryRemote)
#include "tst_registry_remote.moc"
