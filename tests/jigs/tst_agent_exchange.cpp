// Agent injection (kps-agent/1) on the emulated STM32WLE5: the endpoint application's
// provisioning agent against the OpenSSL reference of the station's side, driven
// through the simulated probe. The endpoint ends with exactly the station's record
// (byte for byte), publishes the right KCVs, its telegrams decrypt with the data key,
// no secret stays in its RAM or PKA; a reset gives a fresh exchange; the cost of one
// exchange per phase (printed).
#include "agent_fixture.hpp"

#include <QElapsedTimer>

using namespace kps;
using namespace kps::test;

namespace {

const std::array<std::uint8_t, 8> kAddress = {0x8b, 0x2d, 0x78, 0x56, 0x34, 0x12, 0x01, 0x07};

Bytes counting(std::size_t size, std::uint8_t start) {
    Bytes out(size);
    for (std::size_t i = 0; i < size; ++i)
        out[i] = std::uint8_t(start + 13 * i);
    return out;
}

std::vector<agentref::Secret> batchSecrets() {
    const Bytes password = {'A', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'j', 'k', 'm', 'n'};
    return {{1, 1, 1, counting(16, 0x10)}, // data (OMS Kenc)
            {2, 2, 1, counting(16, 0x20)}, // device management
            {3, 3, 2, counting(32, 0x30)}, // local access, AES-256
            {4, 4, 1, counting(16, 0x40)}, // fleet MAC
            {9, proto::kRolePassword, 1, password}};
}

/// The record the station would have written itself in plain injection.
Bytes expectedRecord(const std::vector<agentref::Secret>& secrets) {
    jigs::KeyStoreContent content;
    content.address = kAddress;
    for (const agentref::Secret& s : secrets) {
        if (s.role == proto::kRolePassword)
            content.password = s.value;
        else
            content.keys.push_back({s.id, jigs::KeyRole(s.role), s.version, s.value});
    }
    Bytes record(jigs::keyStoreSize(content));
    if (!jigs::encodeKeyStore(content, record))
        qFatal("cannot encode the record");
    return record;
}

/// Hits of `needle` in the MCU's RAM, read through the debugger.
int hitsInRam(mcuemu::Stm32wlMcu& mcu, const Bytes& needle) {
    Bytes ram(64 * 1024);
    for (std::uint32_t at = 0; at < ram.size(); at += 4) {
        std::uint32_t word = 0;
        mcu.busRead(wl::kRam + at, 4, word);
        for (int b = 0; b < 4; ++b)
            ram[at + std::uint32_t(b)] = std::uint8_t(word >> (8 * b));
    }
    int hits = 0;
    for (auto it = ram.begin();
         (it = std::search(it, ram.end(), needle.begin(), needle.end())) != ram.end(); ++it)
        ++hits;
    return hits;
}

/// The transport key the reference station derived for `agent` with ephemeral `seed`.
Bytes transportKeyOf(const agentref::Publication& agent, std::uint32_t seed) {
    const p256::KeyPair ephemeral = p256::keyFromSeed(seed);
    const p256::KeyPair peer{{},
                             Bytes(agent.agentKey.begin(), agent.agentKey.begin() + 32),
                             Bytes(agent.agentKey.begin() + 32, agent.agentKey.end())};
    Bytes stationKey = ephemeral.x;
    stationKey.insert(stationKey.end(), ephemeral.y.begin(), ephemeral.y.end());
    return agentref::transportKey(p256::ecdh(ephemeral, peer), agent, stationKey);
}

Bytes telegram(mcuemu::Stm32wlMcu& mcu) {
    const std::uint8_t read = 'R';
    mcu.feedUart({&read, 1});
    QByteArray line;
    for (int slice = 0; slice < 100 && !line.endsWith("\r\n"); ++slice) {
        mcu.run(10'000);
        const Bytes out = mcu.takeUartOutput();
        line.append(reinterpret_cast<const char*>(out.data()), qsizetype(out.size()));
    }
    const QByteArray hex = QByteArray::fromHex(line.trimmed());
    return Bytes(hex.begin(), hex.end());
}

/// OMS mode 5 with OpenSSL: AES-128-CBC, IV = M || A || access number x 8.
Bytes decrypt(const Bytes& key, const Bytes& t) {
    Bytes iv(t.begin() + 2, t.begin() + 10), plain(16);
    iv.insert(iv.end(), 8, t[11]);
    p256::Owned<EVP_CIPHER_CTX> context(EVP_CIPHER_CTX_new());
    int length = 0;
    EVP_DecryptInit_ex(context.get(), EVP_aes_128_cbc(), nullptr, key.data(), iv.data());
    EVP_CIPHER_CTX_set_padding(context.get(), 0);
    EVP_DecryptUpdate(context.get(), plain.data(), &length, t.data() + 15, 16);
    return plain;
}

} // namespace

class TstAgentExchange : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void endpointHoldsTheStationsKeys() {
        const agentref::Station station = testStation();
        const proto::StationKey anchor = station.publicKey();
        AgentEndpoint endpoint(1, {&anchor, 1});
        const agentref::Publication agent = endpoint.awaitPublication();
        QCOMPARE(agent.exchange, std::uint32_t(1));
        const auto uid = AgentEndpoint::options(1).uniqueId; // DEVNUM: its words XORed
        Bytes uid64 = {0, 0, 0, 0, 0x15, 0xE1, 0x80, 0x00};  // then STID and DEVID
        for (std::size_t i = 0; i < 4; ++i)
            uid64[i] = uid[i] ^ uid[4 + i] ^ uid[8 + i];
        QCOMPARE(agent.uid64, uid64);
        QCOMPARE(endpoint.word(proto::kMagic), proto::kAgentMagic);

        const auto secrets = batchSecrets();
        const agentref::Request request = station.answer(agent, kAddress, secrets, 7);
        QCOMPARE(endpoint.exchange(request), proto::AgentStatus::Ok);
        QCOMPARE(endpoint.word(proto::kPhase), std::uint32_t(proto::AgentPhase::Done));

        const Bytes record = expectedRecord(secrets);
        const auto page = endpoint.link.mcu->keyStorePage();
        QVERIFY(std::equal(record.begin(), record.end(), page.begin())); // byte for byte

        QCOMPARE(endpoint.word(proto::kKcvCount), std::uint32_t(4)); // the password has none
        const Bytes table = endpoint.bytes(proto::kKcvTable, 4 * 8);
        for (std::size_t k = 0; k < 4; ++k) {
            QCOMPARE(table[8 * k], secrets[k].id);
            QCOMPARE(Bytes(table.begin() + 8 * std::ptrdiff_t(k) + 4,
                           table.begin() + 8 * std::ptrdiff_t(k) + 7),
                     agentref::kcv(secrets[k].value));
        }

        // Wiped: no key, no transport key in RAM; the PKA RAM is all zeros.
        for (const agentref::Secret& s : secrets)
            QCOMPARE(hitsInRam(*endpoint.link.mcu, s.value), 0);
        const Bytes kt = transportKeyOf(agent, 7);
        QCOMPARE(hitsInRam(*endpoint.link.mcu, Bytes(kt.begin(), kt.begin() + 16)), 0);
        QCOMPARE(hitsInRam(*endpoint.link.mcu, Bytes(kt.begin() + 16, kt.end())), 0);
        std::uint32_t nonZero = 0;
        for (std::uint32_t at = 0x58002400; at < 0x580031F8; at += 4) {
            std::uint32_t word = 0;
            endpoint.link.mcu->busRead(at, 4, word);
            nonZero |= word;
        }
        QCOMPARE(nonZero, std::uint32_t(0));

        // The application goes on with its key store: the telegram decrypts.
        const Bytes t = telegram(*endpoint.link.mcu);
        QCOMPARE(t.size(), std::size_t(31));
        QCOMPARE(decrypt(secrets[0].value, t)[0], std::uint8_t(0x2F));
        QCOMPARE(decrypt(secrets[0].value, t)[2], std::uint8_t(0x0C)); // the volume's DIF
    }

    void aProvisionedEndpointPublishesItsKcvsAtBoot() {
        const agentref::Station station = testStation();
        const proto::StationKey anchor = station.publicKey();
        AgentEndpoint endpoint(2, {&anchor, 1});
        const auto secrets = batchSecrets();
        QCOMPARE(
            endpoint.exchange(station.answer(endpoint.awaitPublication(), kAddress, secrets, 8)),
            proto::AgentStatus::Ok);
        endpoint.link.write(proto::kMailbox + proto::kStatus, 0); // before the reset
        endpoint.link.write(wl::kAircr, 0x05FA0004);              // SYSRESETREQ
        QCOMPARE(endpoint.awaitStatusAfter({proto::AgentStatus::Boot}),
                 proto::AgentStatus::Provisioned);
        QCOMPARE(endpoint.word(proto::kKcvCount), std::uint32_t(4));
        QCOMPARE(endpoint.bytes(proto::kKcvTable + 4, 3), agentref::kcv(secrets[0].value));
    }

    void aResetEndpointRepeatsTheExchangeWithFreshKeys() {
        const agentref::Station station = testStation();
        const proto::StationKey anchor = station.publicKey();
        AgentEndpoint endpoint(3, {&anchor, 1});
        const agentref::Publication first = endpoint.awaitPublication();
        const agentref::Request stale = station.answer(first, kAddress, batchSecrets(), 9);
        endpoint.link.write(proto::kMailbox + proto::kStatus, 0);
        endpoint.link.write(wl::kAircr, 0x05FA0004); // the station crashed, the line resets
        const agentref::Publication second = endpoint.awaitPublication();
        QCOMPARE(second.exchange, std::uint32_t(1));
        QVERIFY(second.agentKey != first.agentKey); // a fresh key pair
        QCOMPARE(endpoint.exchange(stale), proto::AgentStatus::Foreign);
        QVERIFY(endpoint.keyStoreBlank());
        endpoint.put(proto::kCommand, {std::uint8_t(proto::AgentCommand::Restart), 0, 0, 0});
        const agentref::Publication third = endpoint.awaitPublication();
        QCOMPARE(third.exchange, std::uint32_t(2));
        QVERIFY(third.agentKey != second.agentKey);
        QCOMPARE(endpoint.exchange(station.answer(third, kAddress, batchSecrets(), 10)),
                 proto::AgentStatus::Ok);
    }
};

QTEST_GUILESS_MAIN(TstAgentExchange)
#include "tst_agent_exchange.moc"
