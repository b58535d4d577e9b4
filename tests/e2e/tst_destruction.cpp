// Destruction at close, through the command line: a customer-masters order's keys are
// destroyed by two key custodians (kps destroy), after which `pkcs11-tool
// --list-objects` shows none of the order's objects and the signed destruction record
// verifies with `openssl dgst`; a manuf order's keys go at `kps close` by the supervisor.
#include "cli_runner.hpp"
#include "customer_files.hpp"

#include <QJsonArray>
#include <QTemporaryDir>

using namespace kps;

namespace {

const QString kOrder = QStringLiteral("PO-CM-DESTROY");

} // namespace

class TstDestruction : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        auto demo = test::runKps({QStringLiteral("demo"), QStringLiteral("--out"), out(),
                                  QStringLiteral("--count"), QStringLiteral("3")});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        station_ = out() + QStringLiteral("/station");
    }

    void manufKeysGoAtCloseWithASignedRecord() {
        const QString record =
            station_ + QStringLiteral("/exports/PO-DEMO-0001/PO-DEMO-0001-destruction.json");
        QVERIFY(verifiesWithOpenssl(record));
        // kps runs with umask 077: what it creates is the station's user's alone.
        const auto others = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup |
                            QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
        for (const QString& made :
             {record, record + QStringLiteral(".sig"), QFileInfo(record).absolutePath(),
              station_ + QStringLiteral("/kps.sqlite")})
            QVERIFY2(!(QFileInfo(made).permissions() & others), qPrintable(made));
        const QJsonObject json = QJsonDocument::fromJson(test::readBytes(record)).object();
        QCOMPARE(json["closedBy"].toString(), QStringLiteral("supervisor"));
        QCOMPARE(json["objects"].toArray().size(), 2); // the order's two KEKs
        QVERIFY(json["verifiedAbsent"].toBool());
    }

    void customerKeysNeedTwoCustodiansThenLeaveNoTrace() {
        QVERIFY(kps("supervisor", {"order", "add", writeOrder()}).exitCode == 0);
        QVERIFY(kps("supervisor", {"order", "start", kOrder}).exitCode == 0);
        const test::CustomerSide side{out() + QStringLiteral("/customer/customer.key"),
                                      out() + QStringLiteral("/customer/customer.crt"),
                                      station_ + QStringLiteral("/public/station-import.crt")};
        const QString masters = test::sealMasters(side, kOrder, dir_.filePath("masters"));
        QCOMPARE(kps("custodian1", {"masters", "import", masters}, "custodian2").exitCode, 0);
        QCOMPARE(kps("operator", {"run", kOrder, "--sim", "--count", "3"}).exitCode, 0);
        QVERIFY(tokenLabels().join(u' ').contains(kOrder));

        auto early = kps("supervisor", {"close", kOrder});
        QCOMPARE(early.exitCode, 3);
        QVERIFY(early.err.contains("kps destroy"));
        QCOMPARE(kps("custodian1", {"destroy", kOrder}, "custodian1").exitCode, 3);
        QCOMPARE(kps("operator", {"destroy", kOrder}, "custodian2").exitCode, 3);
        auto destroyed = kps("custodian1", {"--json", "destroy", kOrder}, "custodian2");
        QVERIFY2(destroyed.exitCode == 0, destroyed.err.constData());
        QCOMPARE(kps("operator", {"run", kOrder, "--sim", "--count", "1"}).exitCode, 3);
        auto closed = kps("supervisor", {"close", kOrder});
        QVERIFY2(closed.exitCode == 0, closed.err.constData());

        const QStringList labels = tokenLabels();
        QVERIFY(labels.contains(QStringLiteral("station-signing"))); // the listing works
        for (const QString& label : labels)
            QVERIFY2(!label.startsWith(QStringLiteral("order:")), qPrintable(label));
        checkRecord(test::readBytes(masters));
        QCOMPARE(kps("auditor", {"audit", "verify"}).exitCode, 0);
    }

    void wrongHsmPinIsRefusedAndChangesNothing() {
        const QStringList before = tokenLabels();
        auto environment = loginEnvironment("supervisor");
        environment.insert(QStringLiteral("KPS_USER_PIN"), QStringLiteral("not-the-pin"));
        auto refused = test::runKps({QStringLiteral("order"), QStringLiteral("add"), writeOrder()},
                                    environment);
        QCOMPARE(refused.exitCode, 4);
        QVERIFY2(refused.err.contains("CKR_PIN_INCORRECT"), refused.err.constData());
        QCOMPARE(tokenLabels(), before);
    }

private:
    QString out() const { return dir_.filePath(QStringLiteral("demo")); }

    QProcessEnvironment loginEnvironment(const QString& user, const QString& second = {}) {
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("KPS_DATA"), station_);
        environment.insert(QStringLiteral("KPS_LOGIN"), user);
        environment.insert(QStringLiteral("KPS_LOGIN_PIN_FILE"), pinFile(user));
        if (!second.isEmpty()) {
            environment.insert(QStringLiteral("KPS_LOGIN2"), second);
            environment.insert(QStringLiteral("KPS_LOGIN2_PIN_FILE"), pinFile(second));
        }
        return environment;
    }

    test::ProcessResult kps(const char* user, std::initializer_list<QString> arguments,
                            const char* second = nullptr) {
        auto result =
            test::runKps(QStringList(arguments),
                         loginEnvironment(QString::fromLatin1(user),
                                          second ? QString::fromLatin1(second) : QString()));
        if (result.exitCode != 0)
            qInfo("kps %s: %s", qPrintable(QStringList(arguments).join(u' ')),
                  result.err.constData());
        return result;
    }

    QString pinFile(const QString& user) const {
        return station_ + QStringLiteral("/secrets/") + user + QStringLiteral(".pin");
    }

    QString writeOrder() {
        const QJsonObject order{
            {"format", "kps-order/1"},
            {"order", kOrder},
            {"customer",
             QJsonObject{{"name", "Demo"}, {"certificate", "demo/customer/customer.crt"}}},
            {"headend", QJsonObject{{"name", "Head-end"},
                                    {"certificate", "demo/headend/headend.crt"},
                                    {"dm", "keys"}}},
            {"profile", "amr-reference-v1"},
            {"keySource", "customer-masters"},
            {"quantity", 3},
            {"addresses",
             QJsonObject{
                 {"manufacturer", "KLK"}, {"first", "00300000"}, {"version", 1}, {"type", 7}}}};
        const QString path = dir_.filePath(QStringLiteral("order.json"));
        QFile file(path);
        file.open(QIODevice::WriteOnly);
        file.write(QJsonDocument(order).toJson());
        return path;
    }

    /// Token object labels as pkcs11-tool (OpenSC) lists them, logged in as the station.
    QStringList tokenLabels() {
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("SOFTHSM2_CONF"),
                           station_ + QStringLiteral("/hsm/softhsm2.conf"));
        const QString pin = QString::fromLatin1(test::readBytes(pinFile("user")).trimmed());
        auto listed = test::runProgram(
            QStringLiteral("pkcs11-tool"),
            {QStringLiteral("--module"), QStringLiteral("/usr/lib/softhsm/libsofthsm2.so"),
             QStringLiteral("--token-label"), QStringLiteral("kps-station"),
             QStringLiteral("--login"), QStringLiteral("--pin"), pin,
             QStringLiteral("--list-objects")},
            {}, environment);
        if (listed.exitCode != 0)
            qFatal("pkcs11-tool: %s", listed.err.constData());
        QStringList labels;
        for (const QByteArray& line : listed.out.split('\n'))
            if (line.trimmed().startsWith("label:"))
                labels << QString::fromUtf8(line.trimmed().mid(6).trimmed());
        return labels;
    }

    bool verifiesWithOpenssl(const QString& file) {
        const QString exports = QFileInfo(file).absolutePath();
        auto pub = test::runProgram(QStringLiteral("openssl"),
                                    {QStringLiteral("x509"), QStringLiteral("-in"),
                                     exports + QStringLiteral("/station-signing.crt"),
                                     QStringLiteral("-pubkey"), QStringLiteral("-noout")});
        const QString key = dir_.filePath(QStringLiteral("station.pub"));
        QFile keyFile(key);
        keyFile.open(QIODevice::WriteOnly);
        keyFile.write(pub.out);
        keyFile.close();
        auto verified = test::runProgram(
            QStringLiteral("openssl"),
            {QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"), key,
             QStringLiteral("-signature"), file + QStringLiteral(".sig"), file});
        return verified.exitCode == 0 && verified.out.trimmed() == "Verified OK";
    }

    void checkRecord(const QByteArray& mastersFile) {
        const QString record =
            station_ + QStringLiteral("/exports/%1/%1-destruction.json").arg(kOrder);
        QVERIFY(verifiesWithOpenssl(record));
        const QJsonObject json = QJsonDocument::fromJson(test::readBytes(record)).object();
        QCOMPARE(json["format"].toString(), QStringLiteral("kps-destruction/1"));
        QCOMPARE(json["custodians"].toArray(), (QJsonArray{"custodian1", "custodian2"}));
        QVERIFY(json["verifiedAbsent"].toBool());
        QMap<QString, QString> destroyed;
        for (const QJsonValue& object : json["objects"].toArray())
            destroyed.insert(object["label"].toString(), object["kcv"].toString());
        QCOMPARE(destroyed.size(), 6); // four masters and two KEKs
        for (const QJsonValue& master :
             QJsonDocument::fromJson(mastersFile).object()["masters"].toArray())
            QCOMPARE(destroyed.value(
                         QStringLiteral("order:%1:%2").arg(kOrder, master["name"].toString())),
                     master["kcv"].toString());
        // A changed byte breaks the signature.
        QFile copy(dir_.filePath(QStringLiteral("changed.json")));
        copy.open(QIODevice::WriteOnly);
        copy.write(test::readBytes(record).replace("custodian2", "custodian3"));
        copy.close();
        QFile::copy(record + QStringLiteral(".sig"), copy.fileName() + QStringLiteral(".sig"));
        QFile::copy(QFileInfo(record).absolutePath() + QStringLiteral("/station-signing.crt"),
                    dir_.filePath(QStringLiteral("station-signing.crt")));
        QVERIFY(!verifiesWithOpenssl(copy.fileName()));
    }

    QTemporaryDir dir_;
    QString station_;
};

QTEST_GUILESS_MAIN(TstDestruction)
#include "tst_destruction.moc"
