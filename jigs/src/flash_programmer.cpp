#include "kps/jigs/flash_programmer.hpp"

#include "kps/jigs/cortex_m/halt.hpp"
#include "packet_run.hpp"

#include <cstdio>

namespace kps::jigs {

namespace {

using std::chrono::milliseconds;

constexpr std::uint32_t kFunctionProgram = 2; // Init/UnInit's function code
constexpr milliseconds kInitLimit{100};       // Init and UnInit: a few register writes

std::string call(const char* function, std::uint32_t address) {
    char text[48];
    std::snprintf(text, sizeof text, "%s(0x%08X)", function, address);
    return text;
}

/// A CRC-32 of `size` bytes: a second, and a second per 64 KiB (silicon needs ~16 ms).
milliseconds crcTimeLimit(std::uint32_t size) {
    return milliseconds(1000 + std::uint64_t(size) * 1000 / 65536);
}

std::vector<std::uint32_t> wordsOf(std::span<const std::uint8_t> bytes) {
    std::vector<std::uint32_t> words(bytes.size() / 4);
    for (std::size_t i = 0; i < words.size(); ++i)
        words[i] = std::uint32_t(bytes[4 * i]) | std::uint32_t(bytes[4 * i + 1]) << 8 |
                   std::uint32_t(bytes[4 * i + 2]) << 16 | std::uint32_t(bytes[4 * i + 3]) << 24;
    return words;
}

} // namespace

void FlashProgrammer::load(PacketRun& run, bool& loaded) const {
    if (loaded)
        return;
    run.load();
    run.call(runner_.algorithm().entries.init, {target_.flashBase, 0, kFunctionProgram}, "Init",
             kInitLimit);
    loaded = true; // the caller forgets it when the run fails
}

void FlashProgrammer::eraseAndStart(PacketRun& run, const FlashChunk& chunk,
                                    std::uint32_t buffer) const {
    const auto& algorithm = runner_.algorithm();
    for (std::uint32_t sector : chunk.eraseSectors)
        run.call(algorithm.entries.eraseSector, {sector}, call("EraseSector", sector),
                 milliseconds(algorithm.device.eraseTimeoutMs));
    if (!chunk.bytes.empty())
        run.start(algorithm.entries.programPage,
                  {chunk.address, std::uint32_t(chunk.bytes.size()), buffer});
}

void FlashProgrammer::finishProgram(PacketRun& run, const FlashChunk& chunk) const {
    if (!chunk.bytes.empty())
        run.finish(call("ProgramPage", chunk.address),
                   milliseconds(runner_.algorithm().device.programTimeoutMs));
}

Status FlashProgrammer::stopOnTimeout(Status outcome) const {
    if (outcome || outcome.error().fault != JigFault::BreakpointTimeout)
        return outcome;
    TransferQueue queue(probe_); // a known state for the clean-up: the core halted
    adiv5::MemAp ap(queue, target_.memAp, false);
    cortex_m::queueHalt(ap);
    ap.leaveBanked();
    ignoreResult(queue.flush(), "the timeout is the fault reported; the clean-up attaches again");
    outcome.error().hint += "; the core was halted";
    return outcome;
}

Result<ProgramReport> FlashProgrammer::program(const FlashPlan& plan, bool& loaded) {
    const auto& buffers = runner_.layout().buffers;
    const std::uint64_t before = probe_.transport().roundTrips();
    ProgramReport report{plan.chunks.size(), plan.sectorCount(), 0, 0};
    // Run i: finish chunk i-2's ProgramPage, erase chunk i-1's sectors and start its
    // ProgramPage, and send chunk i's data into the other buffer meanwhile.
    for (std::size_t i = 0; i < plan.chunks.size(); ++i) {
        PacketRun run(probe_, target_, runner_);
        load(run, loaded);
        if (i >= 2)
            finishProgram(run, plan.chunks[i - 2]);
        if (i >= 1)
            eraseAndStart(run, plan.chunks[i - 1], buffers[(i - 1) % 2]);
        const std::vector<std::uint32_t> words = wordsOf(plan.chunks[i].bytes);
        run.data(buffers[i % 2], words, "send a chunk of the image");
        report.bytes += plan.chunks[i].bytes.size();
        KPS_TRY(stopOnTimeout(run.flush()));
    }
    KPS_TRY(stopOnTimeout(verify(plan)));
    report.packets = probe_.transport().roundTrips() - before;
    return report;
}

Status FlashProgrammer::verify(const FlashPlan& plan) {
    const std::size_t n = plan.chunks.size();
    PacketRun run(probe_, target_, runner_);
    if (n >= 2)
        finishProgram(run, plan.chunks[n - 2]);
    if (n >= 1) {
        eraseAndStart(run, plan.chunks[n - 1], runner_.layout().buffers[(n - 1) % 2]);
        finishProgram(run, plan.chunks[n - 1]);
    }
    std::vector<AlgorithmCall*> sums;
    for (const CrcCheck& check : plan.checks)
        sums.push_back(&run.call(runner_.algorithm().entries.crc32, {check.address, check.size},
                                 call("Crc32", check.address), crcTimeLimit(check.size),
                                 std::nullopt));
    KPS_TRY(run.flush());
    for (std::size_t i = 0; i < plan.checks.size(); ++i)
        if (sums[i]->r0 != plan.checks[i].crc)
            return fail(JigFault::VerifyMismatch, sums[i]->what, probe_.where(),
                        "the flash's CRC-32 computed on the target differs from the image's: "
                        "retry once, scrap the endpoint if it fails again",
                        long(sums[i]->r0));
    return {};
}

Status FlashProgrammer::writeRecord(std::uint32_t address, std::span<const std::uint32_t> words,
                                    std::span<std::uint32_t> readBack, bool& loaded) {
    const auto& algorithm = runner_.algorithm();
    const std::uint32_t buffer = runner_.layout().buffers[0];
    const std::vector<std::uint32_t> zeros(words.size(), 0);
    PacketRun run(probe_, target_, runner_);
    load(run, loaded);
    run.data(buffer, words, "send the key-store record");
    run.call(algorithm.entries.eraseSector, {address}, call("EraseSector", address),
             milliseconds(algorithm.device.eraseTimeoutMs));
    run.call(algorithm.entries.programPage, {address, std::uint32_t(words.size() * 4), buffer},
             call("ProgramPage", address), milliseconds(algorithm.device.programTimeoutMs));
    run.data(buffer, zeros, "wipe the record from the target's RAM");
    run.call(algorithm.entries.uninit, {kFunctionProgram}, "UnInit", kInitLimit);
    loaded = false; // UnInit locked the controller: Init again before the next use
    run.read(address, readBack, "read the key store back");
    return stopOnTimeout(run.flush());
}

} // namespace kps::jigs
