// Login with Argon2id-hashed PINs, lockout after repeated failures, and the engine
// refusing (and auditing) what a role may not do.
#include "kps/provisioning/pin_hash.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "must.hpp"
#include "station_fixture.hpp"

using namespace kps;
using namespace kps::provisioning;

namespace {

secure::SecretBytes pinOf(const char* text) {
    return secure::SecretBytes::copyOf(
        {reinterpret_cast<const std::uint8_t*>(text), std::strlen(text)});
}

int auditCount(Store& store, const QString& event) {
    int count = 0;
    test::must(store.audit().forEach([&](const AuditEntry& entry) -> Done {
        count += entry.event == event;
        return {};
    }),
               "read the audit");
    return count;
}

} // namespace

class TstLogin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pinHashIsArgon2idAndVerifies() {
        const QString hash = hashPin(pinOf("123456"));
        QVERIFY(hash.startsWith(QLatin1String("$argon2id$v=19$m=19456,t=2,p=1$")));
        QVERIFY(!hash.contains(QLatin1String("123456")));
        QVERIFY(verifyPin(hash, pinOf("123456")));
        QVERIFY(!verifyPin(hash, pinOf("123457")));
    }

    void wrongPinsLockTheUserOut() {
        test::StationFixture fixture;
        auto& station = *fixture.station;
        const auto admin = fixture.login(QStringLiteral("admin"));
        QVERIFY(station.users().add(admin, QStringLiteral("ana"), Role::Operator,
                                    QStringLiteral("BADGE-0042"), pinOf("246810")));
        QCOMPARE(station.users().authenticate(QStringLiteral("BADGE-0042"), pinOf("246810"))->user,
                 QStringLiteral("ana"));
        for (int attempt = 0; attempt < kMaxFailedLogins; ++attempt)
            QVERIFY(!station.users().authenticate(QStringLiteral("ana"), pinOf("000000")));
        auto locked = station.users().authenticate(QStringLiteral("ana"), pinOf("246810"));
        QVERIFY(!locked);
        QCOMPARE(locked.error().kind, ErrorKind::Refused);
        QVERIFY(locked.error().reason.contains(QLatin1String("disabled")));
        QCOMPARE(auditCount(kps::provisioning::StationInternals::store(station),
                            QStringLiteral("login.failed")),
                 kMaxFailedLogins + 1);
    }

    void engineRefusesWhatTheRoleMayNotDo() {
        test::StationFixture fixture;
        auto& station = *fixture.station;
        const QString order = fixture.writeOrder({});
        auto byOperator = station.orders().add(fixture.login(QStringLiteral("operator")), order);
        QVERIFY(!byOperator);
        QCOMPARE(byOperator.error().kind, ErrorKind::Refused);
        QCOMPARE(auditCount(kps::provisioning::StationInternals::store(station),
                            QStringLiteral("refused")),
                 1);
        QVERIFY(!kps::provisioning::StationInternals::store(station)
                     .orders()
                     .find(QStringLiteral("PO-TEST-0001"))
                     ->has_value());
        QVERIFY(station.orders().add(fixture.login(QStringLiteral("supervisor")), order));
    }
};

QTEST_GUILESS_MAIN(TstLogin)
#include "tst_login.moc"
