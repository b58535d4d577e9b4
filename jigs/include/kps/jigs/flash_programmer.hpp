#pragma once
// Programs a target's flash through its flash algorithm (AlgorithmRunner), one
// queue flush per chunk, double-buffered: while the core erases and programs chunk
// N from one RAM buffer, chunk N+1's data crosses the wire into the other, in the
// same packets as the calls (the calls' waits are value-match polls inside them).
// Verification is the algorithm's CRC-32 of every erased run, compared with the
// plan's: no read-back of the image.
#include "kps/jigs/algorithm_runner.hpp"
#include "kps/jigs/flash_plan.hpp"

#include <chrono>
#include <deque>
#include <optional>

namespace kps::jigs {

struct ProgramReport {
    std::size_t chunks = 0;
    std::size_t sectors = 0;
    std::size_t bytes = 0;     // image bytes sent
    std::uint64_t packets = 0; // DAP packets the programming took
};

class FlashProgrammer {
public:
    FlashProgrammer(DapProbe& probe, const TargetProfile& target, const AlgorithmRunner& runner)
        : probe_(probe)
        , target_(target)
        , runner_(runner) {}

    /// Erases, programs and verifies; `loaded` says whether the algorithm is in RAM and
    /// initialised already (else it is loaded and Init called in the first packet).
    Result<ProgramReport> program(const FlashPlan& plan, bool& loaded);
    /// Erases the page at `address`, programs `words` (an even count) from a RAM buffer,
    /// overwrites that buffer with zeros, locks the controller (UnInit) and reads the
    /// words back into `readBack`: one queue.
    Status writeRecord(std::uint32_t address, std::span<const std::uint32_t> words,
                       std::span<std::uint32_t> readBack, bool& loaded);

private:
    adiv5::MemAp memAp(TransferQueue& queue) const;
    void queueLoad(adiv5::MemAp& ap, std::deque<AlgorithmCall>& calls, bool& loaded) const;
    void queueChunkData(adiv5::MemAp& ap, const FlashChunk& chunk, std::uint32_t buffer) const;
    void queueErase(adiv5::MemAp& ap, const FlashChunk& chunk,
                    std::deque<AlgorithmCall>& calls) const;
    Status flushAndCheck(TransferQueue& queue, const std::deque<AlgorithmCall>& calls) const;
    Status stopOnTimeout(Status outcome) const;
    Status verify(const FlashPlan& plan, std::optional<AlgorithmCall> running);
    /// Waits for `call` beyond the probe's match retries, up to `limit`.
    Status finishLate(AlgorithmCall& call, std::chrono::milliseconds limit);

    DapProbe& probe_;
    const TargetProfile& target_;
    const AlgorithmRunner& runner_;
};

} // namespace kps::jigs
