// kps-bench-agent: the cost of one kps-agent/1 exchange on the emulated STM32WLE5, per
// phase: core instructions (counted in slices of 50), what the peripherals did (AES
// blocks, PKA operations, flash erases and double words with their datasheet time) and
// host time per exchange (emulator plus the OpenSSL reference station). Prints one
// figure per line: "name value [unit]". See docs/jigs.md.
#include "agent_fixture.hpp"

#include <QElapsedTimer>
#include <cstdio>

using namespace kps;
using namespace kps::test;

namespace {

constexpr std::uint64_t kSlice = 50;
constexpr int kHostRuns = 20;

void figure(const char* name, double value, const char* unit = "") {
    std::printf("%s %.1f%s%s\n", name, value, *unit ? " " : "", unit);
    std::fflush(stdout);
}

std::uint32_t mailbox(mcuemu::Stm32wlMcu& mcu, std::uint32_t offset) {
    std::uint32_t value = 0;
    mcu.busRead(proto::kMailbox + offset, 4, value);
    return value;
}

void put(mcuemu::Stm32wlMcu& mcu, std::uint32_t offset, const Bytes& data) {
    for (std::size_t i = 0; i < data.size(); i += 4) {
        std::uint32_t word = 0;
        for (std::size_t b = 0; b < 4 && i + b < data.size(); ++b)
            word |= std::uint32_t(data[i + b]) << (8 * b);
        mcu.busWrite(proto::kMailbox + offset + std::uint32_t(i), 4, word);
    }
}

/// Runs the core until `done` holds; the instructions it took (to a slice).
template <typename Done> std::uint64_t runUntil(mcuemu::Stm32wlMcu& mcu, Done done) {
    std::uint64_t instructions = 0;
    while (!done() && instructions < 50'000'000) {
        mcu.run(kSlice);
        instructions += kSlice;
    }
    return instructions;
}

std::vector<agentref::Secret> secrets() {
    Bytes password(12, 'x');
    return {{1, 1, 1, Bytes(16, 1)},
            {2, 2, 1, Bytes(16, 2)},
            {3, 3, 1, Bytes(16, 3)},
            {4, 4, 1, Bytes(32, 4)},
            {9, proto::kRolePassword, 1, password}};
}

const std::array<std::uint8_t, 8> kAddress = {0x8b, 0x2d, 1, 2, 3, 4, 1, 7};

/// One exchange from a reset; prints the phases when `print`.
bool exchange(AgentEndpoint& endpoint, const agentref::Station& station, bool print) {
    mcuemu::Stm32wlMcu& mcu = *endpoint.link.mcu;
    const auto phase = [&](proto::AgentPhase p) {
        return [&mcu, p] {
            return mailbox(mcu, proto::kPhase) >= std::uint32_t(p);
        };
    };
    mcu.restoreKeyStore(Bytes(2048, 0xFF), false); // blank again for the next exchange
    mcu.busWrite(proto::kMailbox + proto::kStatus, 4, 0);
    mcu.busWrite(proto::kMailbox + proto::kPhase, 4, 0);
    mcu.systemReset();
    const std::uint64_t boot = runUntil(mcu, phase(proto::AgentPhase::KeyGen));
    const std::uint64_t keyGen = runUntil(mcu, [&] {
        return mailbox(mcu, proto::kStatus) == std::uint32_t(proto::AgentStatus::Waiting);
    });
    const agentref::Publication agent{
        [&] {
            Bytes uid(8);
            for (std::uint32_t i = 0; i < 8; ++i)
                uid[i] = std::uint8_t(mailbox(mcu, proto::kUid64 + (i & ~3u)) >> (8 * (i % 4)));
            return uid;
        }(),
        [&] {
            Bytes key(64);
            for (std::uint32_t i = 0; i < 64; ++i)
                key[i] = std::uint8_t(mailbox(mcu, proto::kAgentKey + (i & ~3u)) >> (8 * (i % 4)));
            return key;
        }(),
        mailbox(mcu, proto::kExchange)};
    const agentref::Request request = station.answer(agent, kAddress, secrets(), 77);
    put(mcu, proto::kRequest, request.signedPart);
    put(mcu, proto::kSignature, request.signature);
    put(mcu, proto::kWrapped, request.wrapped);
    put(mcu, proto::kCommand, {std::uint8_t(proto::AgentCommand::Process), 0, 0, 0});
    const std::uint64_t toVerify = runUntil(mcu, phase(proto::AgentPhase::Verify));
    const std::uint64_t verify = runUntil(mcu, phase(proto::AgentPhase::Ecdh));
    const std::uint64_t ecdh = runUntil(mcu, phase(proto::AgentPhase::Unwrap));
    const std::uint64_t unwrap = runUntil(mcu, phase(proto::AgentPhase::Flash));
    const std::uint64_t flash = runUntil(mcu, phase(proto::AgentPhase::Done));
    const std::uint64_t done = runUntil(
        mcu, [&] { return mailbox(mcu, proto::kStatus) == std::uint32_t(proto::AgentStatus::Ok); });
    if (print) {
        figure("boot_to_keygen_instructions", double(boot));
        figure("keygen_instructions", double(keyGen));
        figure("command_seen_instructions", double(toVerify));
        figure("verify_instructions", double(verify));
        figure("ecdh_and_transport_key_instructions", double(ecdh));
        figure("unwrap_and_kcv_instructions", double(unwrap));
        figure("flash_write_instructions", double(flash));
        figure("kcv_table_instructions", double(done));
        const double exchangeTotal =
            double(keyGen + toVerify + verify + ecdh + unwrap + flash + done);
        figure("exchange_instructions", exchangeTotal);
        figure("exchange_core_time_at_48MHz", exchangeTotal / 48e3, "ms");
    }
    return mailbox(mcu, proto::kStatus) == std::uint32_t(proto::AgentStatus::Ok);
}

} // namespace

int main() {
    const agentref::Station station = testStation();
    const proto::StationKey anchor = station.publicKey();
    AgentEndpoint endpoint(1, {&anchor, 1});
    mcuemu::Stm32wlMcu& mcu = *endpoint.link.mcu;
    const std::uint64_t aes = mcu.aesBlocks(), pka = mcu.pkaOperations();
    if (!exchange(endpoint, station, true))
        return 1;
    const mcuemu::McuFlashStatistics flash = mcu.flashStatistics();
    figure("aes_blocks", double(mcu.aesBlocks() - aes));
    figure("pka_operations", double(mcu.pkaOperations() - pka));
    figure("flash_page_erases", double(flash.pageErases));
    figure("flash_double_words", double(flash.doubleWords));
    figure("flash_datasheet_time", double(flash.modelledNanoseconds) / 1e6, "ms");
    QElapsedTimer timer;
    timer.start();
    for (int run = 0; run < kHostRuns; ++run)
        if (!exchange(endpoint, station, false))
            return 1;
    figure("host_time_per_exchange", double(timer.nsecsElapsed()) / 1e6 / kHostRuns, "ms");
    return 0;
}
