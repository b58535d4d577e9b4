#include "kps/jigs/flash_programmer.hpp"

#include "kps/jigs/cortex_m/breakpoint_run.hpp"
#include "kps/jigs/cortex_m/halt.hpp"

#include <cstdio>

namespace kps::jigs {

namespace {

constexpr std::uint32_t kFunctionProgram = 2; // Init/UnInit's function code

std::string call(const char* function, std::uint32_t address) {
    char text[48];
    std::snprintf(text, sizeof text, "%s(0x%08X)", function, address);
    return text;
}

/// A CRC-32 of `size` bytes: a second, and a second per 64 KiB (silicon needs ~16 ms).
std::chrono::milliseconds crcTimeLimit(std::uint32_t size) {
    return std::chrono::milliseconds(1000 + std::uint64_t(size) * 1000 / 65536);
}

std::vector<std::uint32_t> wordsOf(std::span<const std::uint8_t> bytes) {
    std::vector<std::uint32_t> words(bytes.size() / 4);
    for (std::size_t i = 0; i < words.size(); ++i)
        words[i] = std::uint32_t(bytes[4 * i]) | std::uint32_t(bytes[4 * i + 1]) << 8 |
                   std::uint32_t(bytes[4 * i + 2]) << 16 | std::uint32_t(bytes[4 * i + 3]) << 24;
    return words;
}

} // namespace

adiv5::MemAp FlashProgrammer::memAp(TransferQueue& queue) const {
    adiv5::MemAp ap(queue, target_.memAp, false);
    ap.setAutoIncrementBlock(target_.autoIncrementBlock);
    return ap;
}

void FlashProgrammer::queueLoad(adiv5::MemAp& ap, std::deque<AlgorithmCall>& calls,
                                bool& loaded) const {
    if (loaded)
        return;
    runner_.queueLoad(ap);
    calls.push_back({"Init", 0xFFFFFFFF, 0});
    runner_.queueCall(ap, runner_.algorithm().entries.init,
                      {target_.flashBase, 0, kFunctionProgram}, calls.back());
    loaded = true; // undone by the caller's next attach if the flush fails
}

void FlashProgrammer::queueChunkData(adiv5::MemAp& ap, const FlashChunk& chunk,
                                     std::uint32_t buffer) const {
    if (!chunk.bytes.empty())
        ap.writeWords(buffer, wordsOf(chunk.bytes), "send a chunk of the image");
}

void FlashProgrammer::queueErase(adiv5::MemAp& ap, const FlashChunk& chunk,
                                 std::deque<AlgorithmCall>& calls) const {
    for (std::uint32_t sector : chunk.eraseSectors) {
        calls.push_back({call("EraseSector", sector), 0xFFFFFFFF, 0});
        runner_.queueCall(ap, runner_.algorithm().entries.eraseSector, {sector}, calls.back());
    }
}

Status FlashProgrammer::stopOnTimeout(Status outcome) const {
    if (outcome || outcome.error().fault != JigFault::BreakpointTimeout)
        return outcome;
    TransferQueue queue(probe_); // a known state for the clean-up: the core halted
    adiv5::MemAp ap = memAp(queue);
    cortex_m::queueHalt(ap);
    ignoreResult(queue.flush(), "the timeout is the fault reported; the clean-up attaches again");
    outcome.error().hint += "; the core was halted";
    return outcome;
}

Status FlashProgrammer::flushAndCheck(TransferQueue& queue,
                                      const std::deque<AlgorithmCall>& calls) const {
    KPS_TRY(queue.flush());
    for (const AlgorithmCall& done : calls)
        KPS_TRY(runner_.check(done, 0, probe_.where()));
    return {};
}

Result<ProgramReport> FlashProgrammer::program(const FlashPlan& plan, bool& loaded) {
    const auto& entries = runner_.algorithm().entries;
    const auto& buffers = runner_.layout().buffers;
    const std::uint64_t before = probe_.transport().roundTrips();
    ProgramReport report{plan.chunks.size(), plan.sectorCount(), 0, 0};
    std::optional<AlgorithmCall> running; // ProgramPage started in the previous packet run
    // Packet run i: finish chunk i-2's ProgramPage, erase chunk i-1's sectors, start its
    // ProgramPage, and send chunk i's data into the other buffer meanwhile.
    for (std::size_t i = 0; i < plan.chunks.size(); ++i) {
        TransferQueue queue(probe_);
        adiv5::MemAp ap = memAp(queue);
        std::deque<AlgorithmCall> calls;
        queueLoad(ap, calls, loaded);
        if (running) {
            calls.push_back(std::move(*running));
            running.reset();
            runner_.queueFinish(ap, calls.back());
        }
        if (i > 0) {
            const FlashChunk& previous = plan.chunks[i - 1];
            queueErase(ap, previous, calls);
            if (!previous.bytes.empty()) {
                running = AlgorithmCall{call("ProgramPage", previous.address), 0xFFFFFFFF, 0};
                runner_.queueStart(
                    ap, entries.programPage,
                    {previous.address, std::uint32_t(previous.bytes.size()), buffers[(i - 1) % 2]});
            }
        }
        queueChunkData(ap, plan.chunks[i], buffers[i % 2]);
        report.bytes += plan.chunks[i].bytes.size();
        KPS_TRY(stopOnTimeout(flushAndCheck(queue, calls)));
    }
    KPS_TRY(stopOnTimeout(verify(plan, std::move(running))));
    report.packets = probe_.transport().roundTrips() - before;
    return report;
}

Status FlashProgrammer::verify(const FlashPlan& plan, std::optional<AlgorithmCall> running) {
    const auto& entries = runner_.algorithm().entries;
    TransferQueue queue(probe_);
    adiv5::MemAp ap = memAp(queue);
    std::deque<AlgorithmCall> calls;
    if (running) {
        calls.push_back(std::move(*running));
        runner_.queueFinish(ap, calls.back());
    }
    if (!plan.chunks.empty()) { // the last chunk: erase, program, wait
        const FlashChunk& last = plan.chunks.back();
        queueErase(ap, last, calls);
        if (!last.bytes.empty()) {
            calls.push_back({call("ProgramPage", last.address), 0xFFFFFFFF, 0});
            runner_.queueCall(ap, entries.programPage,
                              {last.address, std::uint32_t(last.bytes.size()),
                               runner_.layout().buffers[(plan.chunks.size() - 1) % 2]},
                              calls.back());
        }
    }
    // Each CRC-32 starts in the packet before the one that waits for it, and its wait
    // alone may outlast the probe's match retries (a whole image on a slow core): then
    // the breakpoint is polled again until its time limit.
    for (std::size_t i = 0; i < plan.checks.size(); ++i) {
        if (i == 0)
            runner_.queueStart(ap, entries.crc32, {plan.checks[0].address, plan.checks[0].size});
        KPS_TRY(flushAndCheck(queue, calls));
        calls.clear();
        AlgorithmCall sum{call("Crc32", plan.checks[i].address), 0xFFFFFFFF, 0};
        KPS_TRY(finishLate(sum, crcTimeLimit(plan.checks[i].size)));
        ap.forget(); // finishLate used the AP meanwhile
        KPS_TRY(runner_.check(sum, sum.r0, probe_.where()));
        if (sum.r0 != plan.checks[i].crc)
            return fail(JigFault::VerifyMismatch, sum.what, probe_.where(),
                        "the flash's CRC-32 computed on the target differs from the image's: "
                        "retry once, scrap the endpoint if it fails again",
                        long(sum.r0));
        if (i + 1 < plan.checks.size())
            runner_.queueStart(ap, entries.crc32,
                               {plan.checks[i + 1].address, plan.checks[i + 1].size});
    }
    return flushAndCheck(queue, calls);
}

Status FlashProgrammer::finishLate(AlgorithmCall& call, std::chrono::milliseconds limit) {
    {
        TransferQueue queue(probe_);
        adiv5::MemAp ap = memAp(queue);
        runner_.queueFinish(ap, call);
        auto finished = queue.flush();
        if (finished || finished.error().fault != JigFault::BreakpointTimeout)
            return finished;
    }
    KPS_TRY(cortex_m::awaitBreakpoint(probe_, target_.memAp, limit, call.what.c_str()));
    TransferQueue queue(probe_);
    adiv5::MemAp ap = memAp(queue);
    runner_.queueResults(ap, call);
    return queue.flush();
}

Status FlashProgrammer::writeRecord(std::uint32_t address, std::span<const std::uint32_t> words,
                                    std::span<std::uint32_t> readBack, bool& loaded) {
    const auto& entries = runner_.algorithm().entries;
    const std::uint32_t buffer = runner_.layout().buffers[0];
    TransferQueue queue(probe_);
    adiv5::MemAp ap = memAp(queue);
    std::deque<AlgorithmCall> calls;
    queueLoad(ap, calls, loaded);
    ap.writeWords(buffer, words, "send the key-store record");
    calls.push_back({call("EraseSector", address), 0xFFFFFFFF, 0});
    runner_.queueCall(ap, entries.eraseSector, {address}, calls.back());
    calls.push_back({call("ProgramPage", address), 0xFFFFFFFF, 0});
    runner_.queueCall(ap, entries.programPage, {address, std::uint32_t(words.size() * 4), buffer},
                      calls.back());
    const std::vector<std::uint32_t> zeros(words.size(), 0);
    ap.writeWords(buffer, zeros, "wipe the record from the target's RAM");
    calls.push_back({"UnInit", 0xFFFFFFFF, 0});
    runner_.queueCall(ap, entries.uninit, {kFunctionProgram}, calls.back());
    loaded = false; // UnInit locked the controller: Init again before the next use
    ap.readWords(address, readBack, "read the key store back");
    return flushAndCheck(queue, calls);
}

} // namespace kps::jigs
