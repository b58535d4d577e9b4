// A customer's files built with `kps listing seal` (RSA-PSS signature, rsa-oaep-sha1 for
// SoftHSM) are what the station imports: masters and a key list, through the key
// custodians' commands, with the KCVs the sealed file names.
#include "cli_runner.hpp"
#include "station_fixture.hpp"

#include <QJsonArray>

using namespace kps;

class TstSealImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sealedMastersAreImported() {
        test::OrderSpec spec;
        spec.id = QStringLiteral("PO-SEAL-MASTERS");
        spec.keySource = QStringLiteral("customer-masters");
        QVERIFY(fixture_.station->orders().add(fixture_.login(QStringLiteral("supervisor")),
                                               fixture_.writeOrder(spec)));
        const QByteArray csv = "address,role,id,version,kcv,value\n"
                               "DATA_MASTER,master,0,0,,000102030405060708090a0b0c0d0e0f\n"
                               "DM_MASTER,master,0,0,,101112131415161718191a1b1c1d1e1f\n"
                               "LOCAL_MASTER,master,0,0,,202122232425262728292a2b2c2d2e2f\n"
                               "PASSWORD_MASTER,master,0,0,,303132333435363738393a3b3c3d3e3f\n";
        const QString file = seal(QStringLiteral("masters"), spec.id, csv);
        auto imported = custodians({QStringLiteral("masters"), QStringLiteral("import"), file});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        for (const QJsonValue master : sealed(file)[QStringLiteral("masters")].toArray())
            QVERIFY2(imported.out.contains(master[QStringLiteral("kcv")].toString().toLatin1()),
                     imported.out.constData());
    }

    void sealedKeyListIsImported() {
        test::OrderSpec spec;
        spec.id = QStringLiteral("PO-SEAL-LIST");
        spec.keySource = QStringLiteral("customer-list");
        spec.quantity = 2;
        spec.list = {QStringLiteral("00070001"), QStringLiteral("00070002")};
        QVERIFY(fixture_.station->orders().add(fixture_.login(QStringLiteral("supervisor")),
                                               fixture_.writeOrder(spec)));
        QByteArray csv = "address,role,id,version,kcv,value\n";
        for (const char* address : {"KLK-00070001-01-07", "KLK-00070002-01-07"}) {
            for (int id = 1; id <= 3; ++id)
                csv += QByteArray(address) + ',' + QByteArrayList{"data", "dm", "local"}[id - 1] +
                       ',' + QByteArray::number(id) + ",1,," +
                       QByteArray(16, char('a' + id)).toHex() + '\n';
            csv += QByteArray(address) + ",password,0,0,,Abcdefgh2345\n";
        }
        const QString file = seal(QStringLiteral("key-list"), spec.id, csv);
        auto imported = custodians({QStringLiteral("keylist"), QStringLiteral("import"), file});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
    }

private:
    QString seal(const QString& purpose, const QString& order, const QByteArray& csv) {
        const QString keys = fixture_.path(purpose + QStringLiteral(".csv"));
        QFile out(keys);
        out.open(QIODevice::WriteOnly);
        out.write(csv);
        out.close();
        const QString file =
            fixture_.path(order + QStringLiteral("-") + purpose + QStringLiteral(".json"));
        auto sealedFile = test::runKps(
            {QStringLiteral("listing"), QStringLiteral("seal"), QStringLiteral("--purpose"),
             purpose, QStringLiteral("--order"), order, QStringLiteral("--keys"), keys,
             QStringLiteral("--to"),
             fixture_.path(QStringLiteral("station/public/station-import.crt")),
             QStringLiteral("--sender-key"), fixture_.path(QStringLiteral("customer/customer.key")),
             QStringLiteral("--sender"), fixture_.path(QStringLiteral("customer/customer.crt")),
             QStringLiteral("--out"), file, QStringLiteral("--wrap"),
             QStringLiteral("rsa-oaep-sha1")});
        if (sealedFile.exitCode != 0)
            qWarning("%s", sealedFile.err.constData());
        return file;
    }

    static QJsonObject sealed(const QString& file) {
        QFile in(file);
        in.open(QIODevice::ReadOnly);
        return QJsonDocument::fromJson(in.readAll()).object();
    }

    test::ProcessResult custodians(const QStringList& command) {
        auto environment = QProcessEnvironment::systemEnvironment();
        const QString secrets = fixture_.path(QStringLiteral("station/secrets/"));
        environment.insert(QStringLiteral("KPS_LOGIN"), QStringLiteral("custodian1"));
        environment.insert(QStringLiteral("KPS_LOGIN_PIN_FILE"),
                           secrets + QStringLiteral("custodian1.pin"));
        environment.insert(QStringLiteral("KPS_LOGIN2"), QStringLiteral("custodian2"));
        environment.insert(QStringLiteral("KPS_LOGIN2_PIN_FILE"),
                           secrets + QStringLiteral("custodian2.pin"));
        return test::runKps(
            QStringList{QStringLiteral("--data"), fixture_.path(QStringLiteral("station"))} +
                command,
            environment);
    }

    test::StationFixture fixture_;
};

QTEST_GUILESS_MAIN(TstSealImport)
#include "tst_seal_import.moc"
