// Agent injection refuses what it must, each with its own status and nothing written
// to the key store: a request replayed to another endpoint, a station key signed by
// a key outside the trust anchor, a tampered wrap, a wrong KCV, a station key off the
// curve, a malformed request, an image not personalised for any station. After a
// refusal the agent starts afresh on request and accepts the right answer.
#include "agent_fixture.hpp"

using namespace kps;
using namespace kps::test;
using Status = proto::AgentStatus;

namespace {

const std::array<std::uint8_t, 8> kAddress = {0x8b, 0x2d, 0x01, 0x00, 0x00, 0x10, 0x01, 0x07};

std::vector<agentref::Secret> secrets() {
    Bytes data(16), dm(16);
    for (std::uint8_t i = 0; i < 16; ++i) {
        data[i] = std::uint8_t(0xA0 + i);
        dm[i] = std::uint8_t(0x50 + 3 * i);
    }
    return {{1, 1, 1, data}, {2, 2, 1, dm}, {9, proto::kRolePassword, 1, {'p', 'w', '1', '2'}}};
}

struct Fixture {
    explicit Fixture(std::uint8_t tag)
        : anchor(station.publicKey())
        , endpoint(tag, {&anchor, 1})
        , agent(endpoint.awaitPublication())
        , request(station.answer(agent, kAddress, secrets(), 50u + tag)) {}

    /// Sends `sent` and checks the refusal: status, detail and a blank key store.
    bool refused(const agentref::Request& sent, Status expected, std::uint32_t detail = 0) {
        const Status status = endpoint.exchange(sent);
        if (status != expected || endpoint.word(proto::kDetail) != detail)
            qWarning("status 0x%x detail %u", unsigned(status), endpoint.word(proto::kDetail));
        return status == expected && endpoint.word(proto::kDetail) == detail &&
               endpoint.keyStoreBlank() && endpoint.word(proto::kKcvCount) == 0;
    }

    agentref::Station station = testStation();
    proto::StationKey anchor;
    AgentEndpoint endpoint;
    agentref::Publication agent;
    agentref::Request request;
};

} // namespace

class TstAgentAttacks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void requestReplayedToAnotherEndpoint() {
        Fixture a(10), b(11);
        QVERIFY(b.refused(a.request, Status::Foreign));       // signed, but for endpoint a
        QCOMPARE(a.endpoint.exchange(a.request), Status::Ok); // where it belongs
    }

    void stationKeySignedByAnotherKey() {
        Fixture f(12);
        agentref::Request forged = f.request;
        forged.signature = p256::sign(testStation(1).signing, forged.signedPart);
        QVERIFY(f.refused(forged, Status::BadSignature));
        agentref::Request changed = f.request; // the right signature over other bytes
        changed.signedPart[proto::kRequestStationKey + 5] ^= 1;
        f.endpoint.put(proto::kCommand, {std::uint8_t(proto::AgentCommand::Restart), 0, 0, 0});
        QVERIFY(f.endpoint.awaitPublication().exchange == 2);
        QVERIFY(f.refused(changed, Status::BadSignature));
    }

    void tamperedWrap() {
        Fixture f(13);
        agentref::Request tampered = f.request;
        tampered.wrapped[24 + 9] ^= 0x40; // the second entry (the first is 24 bytes)
        QVERIFY(f.refused(tampered, Status::UnwrapFailed, 1));
    }

    void wrongKcv() {
        Fixture f(14);
        agentref::Request wrong = f.request; // a station that lists a KCV it did not wrap
        wrong.signedPart[proto::kRequestEntries + 4] ^= 1;
        wrong.signature = p256::sign(f.station.signing, wrong.signedPart);
        QVERIFY(f.refused(wrong, Status::KcvMismatch, 0));
    }

    void stationKeyOffTheCurve() {
        Fixture f(15);
        agentref::Request bad = f.request;
        bad.signedPart[proto::kRequestStationKey + 63] ^= 1; // y no longer fits x
        bad.signature = p256::sign(f.station.signing, bad.signedPart);
        QVERIFY(f.refused(bad, Status::BadPoint));
    }

    void malformedRequest() {
        Fixture f(16);
        agentref::Request bad = f.request;
        bad.signedPart[proto::kRequestEntries + 3] = 17; // a key of 17 bytes
        bad.signature = p256::sign(f.station.signing, bad.signedPart);
        QVERIFY(f.refused(bad, Status::BadRequest));
    }

    void afterARefusalAFreshExchangeSucceeds() {
        Fixture f(17);
        agentref::Request tampered = f.request;
        tampered.wrapped.back() ^= 1;
        QVERIFY(f.refused(tampered, Status::UnwrapFailed, 2)); // the password's wrap
        f.endpoint.put(proto::kCommand, {std::uint8_t(proto::AgentCommand::Restart), 0, 0, 0});
        QCOMPARE(f.endpoint.awaitPublication().exchange, std::uint32_t(2));
        QCOMPARE(f.endpoint.exchange(f.request), Status::Foreign); // that key pair is spent
        f.endpoint.put(proto::kCommand, {std::uint8_t(proto::AgentCommand::Restart), 0, 0, 0});
        const agentref::Publication fresh = f.endpoint.awaitPublication();
        QCOMPARE(fresh.exchange, std::uint32_t(3));
        QVERIFY(fresh.agentKey != f.agent.agentKey);
        QCOMPARE(f.endpoint.exchange(f.station.answer(fresh, kAddress, secrets(), 99)), Status::Ok);
        QVERIFY(!f.endpoint.keyStoreBlank());
    }

    void unpersonalisedImageAcceptsNothing() {
        AgentEndpoint endpoint(18, {});
        QCOMPARE(endpoint.awaitStatusAfter({Status::Boot}), Status::NoTrustAnchor);
        QVERIFY(endpoint.word(proto::kAgentKey) == 0); // no key pair was made
        QVERIFY(endpoint.keyStoreBlank());
    }
};

QTEST_GUILESS_MAIN(TstAgentAttacks)
#include "tst_agent_attacks.moc"
