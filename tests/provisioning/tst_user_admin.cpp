// Managing the station's users: disable, enable, reset a PIN, remove (administrators,
// audited); a key custodian's enrolment or PIN reset under dual control (an
// administrator with an existing custodian); never without an enabled administrator or
// below two custodians; the custodians' recovery of a locked-out administrator; kps
// init's ceremony (two custodians with their own PINs, the SO PIN only as two shares).
#include "kps/provisioning/so_pin_shares.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "must.hpp"
#include "station_fixture.hpp"

#include <QDirIterator>

using namespace kps;
using namespace kps::provisioning;

namespace {

secure::SecretBytes pinOf(const char* text) {
    return secure::SecretBytes::copyOf(
        {reinterpret_cast<const std::uint8_t*>(text), std::strlen(text)});
}

int auditCount(Station& station, const QString& event) {
    int count = 0;
    test::must(
        StationInternals::store(station).audit().forEach([&](const AuditEntry& entry) -> Done {
            count += entry.event == event;
            return {};
        }),
        "read the audit");
    return count;
}

bool exists(Station& station, const QString& name) {
    auto user = StationInternals::store(station).users().byLogin(name);
    return user && user->has_value();
}

QByteArray valueOf(const secure::SecretBytes& secret) {
    return QByteArray(reinterpret_cast<const char*>(secret.data()), qsizetype(secret.size()));
}

} // namespace

class TstUserAdmin : public QObject {
    Q_OBJECT

    std::optional<test::StationFixture> fixture_;
    Station& station() { return *fixture().station; }
    test::StationFixture& fixture() { // made for the tests that use a station
        if (!fixture_)
            fixture_.emplace();
        return *fixture_;
    }
    Principal login(const char* name) { return fixture().login(QString::fromLatin1(name)); }
    Done change(const Approvers& by, UserChange what, const char* name,
                const secure::SecretBytes* pin = nullptr) {
        return station().users().change(by, what, QString::fromLatin1(name), pin);
    }

private Q_SLOTS:
    void cleanup() { fixture_.reset(); }

    void oneAdministratorCannotEnrolACustodian() {
        const auto admin = login("admin");
        const auto refusedBefore = auditCount(station(), QStringLiteral("refused"));
        auto alone = station().users().add(admin, QStringLiteral("eve"), Role::Custodian, {},
                                           pinOf("135790"));
        QVERIFY(!alone);
        QCOMPARE(alone.error().kind, ErrorKind::Refused);
        QVERIFY(!exists(station(), QStringLiteral("eve")));
        QCOMPARE(auditCount(station(), QStringLiteral("refused")), refusedBefore + 1);
        auto withOperator = station().users().add({admin, login("operator")}, QStringLiteral("eve"),
                                                  Role::Custodian, {}, pinOf("135790"));
        QVERIFY(!withOperator);
        QVERIFY(!exists(station(), QStringLiteral("eve")));
        QVERIFY(station().users().add({admin, login("custodian1")}, QStringLiteral("eve"),
                                      Role::Custodian, {}, pinOf("135790")));
        QCOMPARE(station().users().authenticate(QStringLiteral("eve"), pinOf("135790"))->role,
                 Role::Custodian);
    }

    /// A badge that is another user's name (or a name that is another's badge) would make
    /// two users answer to one login and count each other's failed logins.
    void aLoginNamesOneUser() {
        const auto admin = login("admin");
        for (const auto& [name, badge] : {std::pair{"mop", "custodian1"},
                                          std::pair{"xadm", "admin"}, std::pair{"operator", ""}}) {
            auto added = station().users().add(admin, QString::fromLatin1(name), Role::Operator,
                                               QString::fromLatin1(badge), pinOf("246802"));
            QVERIFY2(!added, name);
            QCOMPARE(added.error().kind, ErrorKind::BadInput);
        }
        QVERIFY(!exists(station(), QStringLiteral("mop")));
        QVERIFY(!exists(station(), QStringLiteral("xadm")));
        QVERIFY(station().users().add(admin, QStringLiteral("mop"), Role::Operator,
                                      QStringLiteral("B-0042"), pinOf("246802")));
        auto sameBadge = station().users().add(admin, QStringLiteral("mop2"), Role::Operator,
                                               QStringLiteral("B-0042"), pinOf("246802"));
        QVERIFY(!sameBadge);
        auto nameIsABadge = station().users().add(admin, QStringLiteral("B-0042"), Role::Operator,
                                                  {}, pinOf("246802"));
        QVERIFY(!nameIsABadge);
    }

    /// One admin with one honest approval must not grow its own custodians: a custodian
    /// whose PIN that admin set (enrolled or reset) cannot approve that admin's custodian
    /// changes, and no custodian is disabled or removed by an admin alone.
    void anAdminCannotChainItsOwnCustodians() {
        const auto admin = login("admin");
        QVERIFY(station().users().add({admin, login("custodian1")}, QStringLiteral("carl"),
                                      Role::Custodian, {}, pinOf("135791")));
        const auto carl = *station().users().authenticate(QStringLiteral("carl"), pinOf("135791"));
        auto dave = station().users().add({admin, carl}, QStringLiteral("dave"), Role::Custodian,
                                          {}, pinOf("135792"));
        QVERIFY(!dave);
        QCOMPARE(dave.error().kind, ErrorKind::Refused);
        QVERIFY(!exists(station(), QStringLiteral("dave")));
        const auto pin = pinOf("135793");
        QVERIFY(!change({admin, carl}, UserChange::ResetPin, "custodian2", &pin));
        QVERIFY(!change({admin, std::nullopt}, UserChange::Disable, "custodian1"));
        QVERIFY(!change({admin, std::nullopt}, UserChange::Remove, "carl"));
        login("custodian1"); // still enabled
        login("custodian2"); // its own PIN still
    }

    void aCustodiansPinResetNeedsAnotherCustodian() {
        const auto admin = login("admin");
        const auto pin = pinOf("864200");
        QCOMPARE(
            change({admin, std::nullopt}, UserChange::ResetPin, "custodian1", &pin).error().kind,
            ErrorKind::Refused);
        QVERIFY(!change({admin, login("custodian1")}, UserChange::ResetPin, "custodian1", &pin));
        QVERIFY(!station().users().authenticate(QStringLiteral("custodian1"), pin));
        QVERIFY(change({admin, login("custodian2")}, UserChange::ResetPin, "custodian1", &pin));
        QCOMPARE(station().users().authenticate(QStringLiteral("custodian1"), pin)->user,
                 QStringLiteral("custodian1"));
        QCOMPARE(auditCount(station(), QStringLiteral("user.reset-pin")), 1);
    }

    void disableEnableResetRemoveAreAudited() {
        const Approvers admin{login("admin"), std::nullopt};
        QVERIFY(change(admin, UserChange::Disable, "operator"));
        QVERIFY(!station().users().authenticate(
            QStringLiteral("operator"),
            *secure::readPinFile((station().paths().secrets() + "/operator.pin").toStdString())));
        QVERIFY(change(admin, UserChange::Enable, "operator"));
        login("operator");
        const auto pin = pinOf("975310");
        QVERIFY(change(admin, UserChange::ResetPin, "operator", &pin));
        QCOMPARE(station().users().authenticate(QStringLiteral("operator"), pin)->user,
                 QStringLiteral("operator"));
        QVERIFY(change(admin, UserChange::Remove, "operator"));
        QVERIFY(!exists(station(), QStringLiteral("operator")));
        QVERIFY(!station().users().authenticate(QStringLiteral("operator"), pin));
        for (const char* event : {"user.disable", "user.enable", "user.reset-pin", "user.remove"})
            QCOMPARE(auditCount(station(), QString::fromLatin1(event)), 1);
        QCOMPARE(change(admin, UserChange::Remove, "nobody").error().kind, ErrorKind::BadInput);
        QCOMPARE(change({login("supervisor"), std::nullopt}, UserChange::Disable, "auditor")
                     .error()
                     .kind,
                 ErrorKind::Refused);
    }

    void theLastAdministratorAndTwoCustodiansStay() {
        const Approvers admin{login("admin"), std::nullopt};
        for (UserChange what : {UserChange::Disable, UserChange::Remove}) {
            auto refused = change(admin, what, "admin");
            QVERIFY(!refused);
            QCOMPARE(refused.error().kind, ErrorKind::Refused);
            QVERIFY(refused.error().reason.contains(QLatin1String("no enabled administrator")));
            QVERIFY(!change(admin, what, "custodian1"));
        }
        login("admin"); // still enabled
        login("custodian1");
        QVERIFY(station().users().add(admin.first, QStringLiteral("root2"), Role::Admin, {},
                                      pinOf("112233")));
        QVERIFY(change(admin, UserChange::Disable, "admin"));
        const Approvers root2{
            *station().users().authenticate(QStringLiteral("root2"), pinOf("112233")),
            std::nullopt};
        QVERIFY(!change(root2, UserChange::Remove, "root2"));
    }

    void twoCustodiansRecoverALockedOutAdministrator() {
        for (int attempt = 0; attempt < kMaxFailedLogins + 1; ++attempt)
            QVERIFY(!station().users().authenticate(QStringLiteral("admin"), pinOf("000000")));
        const Approvers custodians{login("custodian1"), login("custodian2")};
        QCOMPARE(change({custodians.first, std::nullopt}, UserChange::Enable, "admin").error().kind,
                 ErrorKind::Refused);
        QCOMPARE(
            change({custodians.first, custodians.first}, UserChange::Enable, "admin").error().kind,
            ErrorKind::Refused);
        QCOMPARE(change(custodians, UserChange::Enable, "supervisor").error().kind,
                 ErrorKind::Refused); // custodians recover administrators only
        const auto pin = pinOf("246813");
        QVERIFY(change(custodians, UserChange::ResetPin, "admin", &pin));
        QVERIFY(change(custodians, UserChange::Enable, "admin"));
        QCOMPARE(station().users().authenticate(QStringLiteral("admin"), pin)->role, Role::Admin);
        // With an administrator enabled, the custodians have no say over it.
        QCOMPARE(change(custodians, UserChange::ResetPin, "admin", &pin).error().kind,
                 ErrorKind::Refused);
    }

    void initEnrolsTwoCustodiansAndKeepsNoSoPinInClear() {
        const QDir station(fixture().path(QStringLiteral("station")));
        QVERIFY(!QFile::exists(station.filePath(QStringLiteral("secrets/so.pin"))));
        const QByteArray soPin = valueOf(fixture().soPin());
        QCOMPARE(soPin.size(), 16);
        QDirIterator files(station.path(), QDir::Files | QDir::Hidden,
                           QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(soPin), qPrintable(file.fileName()));
        }
        QCOMPARE(login("custodian1").role, Role::Custodian);
        QCOMPARE(login("custodian2").role, Role::Custodian);
    }

    void initRefusesWithoutTheCeremony() {
        const QTemporaryDir temporary;
        const QString dir = QDir(temporary.path()).filePath(QStringLiteral("second"));
        InitOptions options{dir,
                            QStringLiteral("test-02"),
                            {},
                            QStringLiteral("kps-second"),
                            QStringLiteral("tester")};
        auto refused = Station::initialize(std::move(options));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Refused);
        QVERIFY(!QDir(dir).exists()); // nothing created
        InitOptions unset{dir,
                          QStringLiteral("test-02"),
                          {},
                          QStringLiteral("kps-second"),
                          QStringLiteral("tester")};
        for (const char* name : {"ana", "ben"}) // named, but no PIN chosen
            unset.custodians.push_back({QString::fromLatin1(name), {}});
        QVERIFY(!Station::initialize(std::move(unset)));
        QVERIFY(!QDir(dir).exists());
    }

    void sharesSplitAndJoin() {
        for (int round = 0; round < 50; ++round) {
            const auto pin = secure::randomPin(16);
            const auto shares = splitSoPin(pin);
            QVERIFY(valueOf(shares.first) != valueOf(pin));
            QVERIFY(valueOf(shares.second) != valueOf(pin));
            QCOMPARE(valueOf(*joinSoPin(shares.first, shares.second)), valueOf(pin));
        }
        QCOMPARE(joinSoPin(pinOf("abc"), pinOf("abcd")).error().kind, ErrorKind::BadInput);
        QCOMPARE(joinSoPin(pinOf("ab!"), pinOf("abc")).error().kind, ErrorKind::BadInput);
    }
};

QTEST_GUILESS_MAIN(TstUserAdmin)
#include "tst_user_admin.moc"
