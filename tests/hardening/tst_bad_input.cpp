// The bad-input corpus (docs/hardening.md, docs/formats.md): for every kind of file the station
// reads (order, profile, certificate, masters and key lists in kps-listing/1, configuration) at
// least 50 crafted files, each rejected by the kps command line with exit code 2 and one message
// naming the file, the place and the reason, the database and the token byte for byte unchanged.
// The files come from bad_input_corpus.hpp and the kind-specific lists below, all deterministic.
#include "bad_input_kinds.hpp"
#include "bad_input_runner.hpp"
#include "customer_files.hpp"
#include "kps/provisioning/profile.hpp"
#include "openssl_fixtures.hpp"

#include <QFile>

using namespace kps;
using test::BadFile;
using test::Signing;

namespace {

const QString kMastersOrder = QStringLiteral("PO-HM-0001");
const QString kListOrder = QStringLiteral("PO-HL-0001");

QJsonObject readJson(const QString& path) {
    return QJsonDocument::fromJson(test::readBytes(path)).object();
}

std::vector<BadFile> joined(std::initializer_list<std::vector<BadFile>> parts) {
    std::vector<BadFile> all;
    for (const auto& part : parts)
        all.insert(all.end(), part.begin(), part.end());
    return all;
}

} // namespace

class TstBadInput : public QObject {
    Q_OBJECT

    test::CliStation cli_;
    QString corpus_;
    QJsonObject order_, masters_, keyList_, profile_, config_;
    QList<test::KindFigures> figures_;

    QString path(const QString& name) const { return QDir(corpus_).filePath(name); }

    void record(const test::KindFigures& figures) {
        figures_ << figures;
        QVERIFY2(figures.failures.isEmpty(), qPrintable(figures.failures.join(u'\n')));
        QVERIFY(figures.tried >= 50);
    }

    void writeSigned(const QString& file, const BadFile& bad) {
        test::writeFile(file, bad);
        const test::Pkey customer =
            test::readPrivateKey(cli_.fixture.path(QStringLiteral("customer/customer.key")));
        const test::Pkey other =
            test::readPrivateKey(cli_.fixture.path(QStringLiteral("headend/headend.key")));
        QByteArray signature = test::signSha256(customer.get(), bad.bytes);
        switch (bad.signing) {
        case Signing::Customer:
            break;
        case Signing::None:
            QFile::remove(file + QStringLiteral(".sig"));
            return;
        case Signing::Empty:
            signature.clear();
            break;
        case Signing::Garbage:
            signature = QByteArray(384, '\x5a');
            break;
        case Signing::Oversized:
            signature = QByteArray(16 * 1024 + 1, '\x30');
            break;
        case Signing::OtherKey:
            signature = test::signSha256(other.get(), bad.bytes);
            break;
        case Signing::FlippedFile: {        // signed, then one byte of the file flipped
            QByteArray flipped = bad.bytes; // a digit of the last check value
            const qsizetype digit = flipped.lastIndexOf("\"kcv\": \"") + 8;
            flipped[digit] = flipped[digit] == '0' ? '1' : '0';
            test::writeFile(file, {bad.name, flipped});
            break;
        }
        case Signing::Truncated:
            signature.chop(10);
            break;
        }
        QFile out(file + QStringLiteral(".sig"));
        out.open(QIODevice::WriteOnly | QIODevice::Truncate);
        out.write(signature);
    }

private Q_SLOTS:
    void initTestCase();
    void orders();
    void profiles();
    void certificates();
    void masters();
    void keyLists();
    void configuration();
    void cleanupTestCase();
};

void TstBadInput::initTestCase() {
    auto& fixture = cli_.fixture;
    auto& station = *fixture.station;
    corpus_ = fixture.path(QStringLiteral("corpus"));
    QDir().mkpath(corpus_ + QStringLiteral("/certs"));
    for (const char* party : {"customer", "headend"})
        QVERIFY(QFile::copy(fixture.path(QStringLiteral("%1/%1.crt").arg(QLatin1String(party))),
                            path(QStringLiteral("%1.crt").arg(QLatin1String(party)))));
    const auto supervisor = fixture.login(QStringLiteral("supervisor"));
    test::OrderSpec masters{kMastersOrder, QStringLiteral("customer-masters"), 5,
                            QStringLiteral("00700000")};
    test::OrderSpec list{kListOrder, QStringLiteral("customer-list"), 3};
    list.list = {QStringLiteral("00800000"), QStringLiteral("00800001"),
                 QStringLiteral("00800002")};
    QVERIFY(station.orders().add(supervisor, fixture.writeOrder(masters)));
    QVERIFY(station.orders().add(supervisor, fixture.writeOrder(list)));

    const test::CustomerSide side{fixture.path(QStringLiteral("customer/customer.key")),
                                  fixture.path(QStringLiteral("customer/customer.crt")),
                                  station.paths().publicCertificates() +
                                      QStringLiteral("/station-import.crt")};
    const QString mastersFile =
        test::sealMasters(side, kMastersOrder, path(QStringLiteral("sealed")));
    const QString listFile = test::sealKeyList(side, kListOrder, path(QStringLiteral("sealed")),
                                               {QStringLiteral("KLK-00800000-01-07"),
                                                QStringLiteral("KLK-00800001-01-07"),
                                                QStringLiteral("KLK-00800002-01-07")});
    masters_ = readJson(mastersFile);
    keyList_ = readJson(listFile);
    profile_ =
        readJson(QStringLiteral(KPS_SOURCE_DIR "/provisioning/profiles/amr-reference-v1.json"));
    config_ = readJson(station.paths().config());

    test::OrderSpec base{QStringLiteral("PO-BAD-0001"), QStringLiteral("manuf"), 10,
                         QStringLiteral("00500000")};
    order_ = readJson(fixture.writeOrder(base));
    order_ =
        test::set(order_, QStringLiteral("/customer/certificate"), QStringLiteral("customer.crt"));
    order_ =
        test::set(order_, QStringLiteral("/headend/certificate"), QStringLiteral("headend.crt"));
    // Positive controls: the base files pass the very checks the bad copies fail.
    test::writeFile(path(QStringLiteral("good-order.json")), {{}, test::jsonBytes(order_)});
    auto good = station.orders().checkFile(path(QStringLiteral("good-order.json")));
    QVERIFY2(good, qPrintable(good ? QString() : good.error().message()));
    auto goodMasters = station.custody().checkMastersFile(mastersFile);
    QVERIFY2(goodMasters, qPrintable(goodMasters ? QString() : goodMasters.error().message()));
    auto goodList = station.custody().checkKeyListFile(listFile);
    QVERIFY2(goodList, qPrintable(goodList ? QString() : goodList.error().message()));
    QVERIFY(provisioning::parseProfile(test::jsonBytes(profile_), QStringLiteral("profile")));
    fixture.station.reset(); // from here on only kps processes use the station
}

void TstBadInput::orders() {
    const auto files = joined(
        {test::damagedCopies(order_, QStringLiteral("order")),
         test::schemaViolations(order_, QStringLiteral("order"),
                                {"/order", "/customer", "/headend/certificate", "/profile",
                                 "/keySource", "/quantity", "/addresses/manufacturer"},
                                {"", "/customer", "/headend", "/addresses"}),
         test::duplicateMembers(order_, QStringLiteral("order"),
                                {{"", "order", "PO-OTHER-0001"},
                                 {"/customer", "name", "Someone else"},
                                 {"/addresses", "first", "00900000"}}),
         test::orderSemantics(order_), test::nonRegularFiles(order_, QStringLiteral("order"))});
    record(test::tryAll(cli_, QStringLiteral("order"), files, [&](const BadFile& bad) {
        const QString file = path(bad.name);
        test::writeFile(file, bad);
        return test::Attempt{{QStringLiteral("order"), QStringLiteral("add"), file},
                             QStringLiteral("supervisor"),
                             {},
                             file};
    }));
}

void TstBadInput::profiles() {
    const auto files =
        joined({test::damagedCopies(profile_, QStringLiteral("profile")),
                test::schemaViolations(profile_, QStringLiteral("profile"),
                                       {"/name", "/target", "/injection", "/keys", "/password",
                                        "/password/alphabet", "/keys/0/master"},
                                       {"", "/keys/0", "/password"}),
                test::duplicateMembers(
                    profile_, QStringLiteral("profile"),
                    {{"", "injection", "agent"}, {"/keys/0", "id", 9}, {"/password", "length", 8}}),
                test::profileSemantics(profile_),
                test::nonRegularFiles(profile_, QStringLiteral("profile"))});
    const QString profiles = QDir(cli_.directory()).filePath(QStringLiteral("profiles"));
    QDir().mkpath(profiles);
    int n = 0;
    record(test::tryAll(cli_, QStringLiteral("profile"), files, [&](const BadFile& bad) {
        const QString name = QStringLiteral("corpus-%1").arg(++n);
        const QString file = QDir(profiles).filePath(name + QStringLiteral(".json"));
        test::writeFile(file, bad);
        const QString order = path(QStringLiteral("profile-order-%1.json").arg(n));
        test::writeFile(order,
                        {{}, test::jsonBytes(test::set(order_, QStringLiteral("/profile"), name))});
        return test::Attempt{{QStringLiteral("order"), QStringLiteral("add"), order},
                             QStringLiteral("supervisor"),
                             {},
                             file};
    }));
}

void TstBadInput::certificates() {
    const auto files = test::certificateFiles(
        test::readBytes(cli_.fixture.path(QStringLiteral("customer/customer.crt"))));
    record(test::tryAll(cli_, QStringLiteral("certificate"), files, [&](const BadFile& bad) {
        test::writeFile(path(QStringLiteral("certs/") + bad.name), bad);
        const QString order =
            path(QStringLiteral("cert-order-") + bad.name + QStringLiteral(".json"));
        test::writeFile(order,
                        {{},
                         test::jsonBytes(test::set(order_, QStringLiteral("/customer/certificate"),
                                                   QStringLiteral("certs/") + bad.name))});
        return test::Attempt{{QStringLiteral("order"), QStringLiteral("add"), order},
                             QStringLiteral("supervisor"),
                             {},
                             order};
    }));
}

void TstBadInput::masters() {
    const auto files = joined(
        {test::damagedCopies(masters_, QStringLiteral("masters")),
         test::schemaViolations(masters_, QStringLiteral("masters"),
                                {"/purpose", "/order", "/created", "/sender", "/kek/wrapped",
                                 "/keyWrap", "/masters/0/kcv"},
                                {"", "/kek", "/sender", "/masters/0"}),
         test::duplicateMembers(masters_, QStringLiteral("masters"),
                                {{"", "order", kListOrder},
                                 {"/kek", "kcv", "000000"},
                                 {"/sender", "subject", "CN=Someone else"},
                                 {"/masters/1", "name", "DATA_MASTER"}}),
         test::listingSemantics(masters_, QStringLiteral("masters"), QStringLiteral("key-list")),
         test::masterSemantics(masters_),
         test::nonRegularFiles(masters_, QStringLiteral("masters")),
         {test::with("masters-for-list-order.json", masters_, "/order", kListOrder, "/order",
                     "key source is customer-list")}});
    QDir().mkpath(path(QStringLiteral("masters")));
    record(test::tryAll(
        cli_, QStringLiteral("masters (kps-listing/1)"), files, [&](const BadFile& bad) {
            const QString file = path(QStringLiteral("masters/") + bad.name);
            writeSigned(file, bad);
            return test::Attempt{{QStringLiteral("masters"), QStringLiteral("import"), file},
                                 QStringLiteral("custodian1"),
                                 QStringLiteral("custodian2"),
                                 file};
        }));
}

void TstBadInput::keyLists() {
    const auto files = joined(
        {test::damagedCopies(keyList_, QStringLiteral("list")),
         test::schemaViolations(
             keyList_, QStringLiteral("list"),
             {"/format", "/recipient", "/kek", "/kek/kcv", "/endpoints/0/keys",
              "/endpoints/0/address", "/endpoints/0/keys/0/role"},
             {"", "/recipient", "/endpoints/0", "/endpoints/0/keys/0", "/endpoints/0/password"}),
         test::duplicateMembers(keyList_, QStringLiteral("list"),
                                {{"", "purpose", "masters"},
                                 {"/recipient", "certificateSha256", QString(64, QLatin1Char('0'))},
                                 {"/endpoints/1", "address", "KLK-00800000-01-07"},
                                 {"/endpoints/2/keys/0", "kcv", "000000"},
                                 {"/endpoints/0/password", "wrapped", "AAAAAAAAAAAAAAAAAAAAAA=="}}),
         {test::with("list-batch-count.json", keyList_, "/batch",
                     QJsonObject{{"station", "customer"},
                                 {"profile", "amr-reference-v1"},
                                 {"keySource", "customer-list"},
                                 {"count", 99}},
                     "/batch/count", "the file holds 3")},
         test::listingSemantics(keyList_, QStringLiteral("list"), QStringLiteral("masters")),
         test::keyListSemantics(keyList_),
         test::nonRegularFiles(keyList_, QStringLiteral("list")),
         {test::with("list-for-masters-order.json", keyList_, "/order", kMastersOrder, "/order",
                     "key source is customer-masters")}});
    QDir().mkpath(path(QStringLiteral("lists")));
    record(test::tryAll(
        cli_, QStringLiteral("key list (kps-listing/1)"), files, [&](const BadFile& bad) {
            const QString file = path(QStringLiteral("lists/") + bad.name);
            writeSigned(file, bad);
            return test::Attempt{{QStringLiteral("keylist"), QStringLiteral("import"), file},
                                 QStringLiteral("custodian1"),
                                 QStringLiteral("custodian2"),
                                 file};
        }));
}

void TstBadInput::configuration() {
    const auto files = joined(
        {test::damagedCopies(config_, QStringLiteral("config")),
         test::schemaViolations(config_, QStringLiteral("config"),
                                {"/name", "/hsm", "/store", "/hsm/module", "/hsm/token",
                                 "/store/driver", "/store/database"},
                                {"", "/hsm", "/store"}),
         test::duplicateMembers(config_, QStringLiteral("config"),
                                {{"", "name", "another-station"},
                                 {"/hsm", "module", "/tmp/evil.so"},
                                 {"/store", "database", "other.sqlite"}}),
         test::configSemantics(config_), test::nonRegularFiles(config_, QStringLiteral("config"))});
    const QString config = QDir(cli_.directory()).filePath(QStringLiteral("station.json"));
    const QByteArray original = test::readBytes(config);
    record(test::tryAll(cli_, QStringLiteral("configuration"), files, [&](const BadFile& bad) {
        test::writeFile(config, bad);
        return test::Attempt{{QStringLiteral("order"), QStringLiteral("show"), kMastersOrder},
                             QStringLiteral("supervisor"),
                             {},
                             config};
    }));
    test::writeFile(config, {{}, original});
}

void TstBadInput::cleanupTestCase() {
    int tried = 0, clean = 0;
    for (const auto& figures : figures_) {
        tried += figures.tried;
        clean += figures.rejectedCleanly;
    }
    qInfo("bad-input corpus: %d files of %lld kinds tried, %d rejected cleanly", tried,
          qlonglong(figures_.size()), clean);
}

QTEST_GUILESS_MAIN(TstBadInput)
#include "tst_bad_input.moc"
