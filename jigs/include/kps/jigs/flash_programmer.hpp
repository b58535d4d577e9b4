#pragma once
// Programs a target's flash through its flash algorithm (AlgorithmRunner), one
// queue flush per chunk, double-buffered: while the core erases and programs chunk
// N from one RAM buffer, chunk N+1's data crosses the wire into the other, in the
// same packets as the calls (the calls' waits are value-match polls inside them).
// Verification is the algorithm's CRC-32 of every erased run, compared with the
// plan's: no read-back of the image. A call that outlasts the probe's match retries
// is waited for up to the FlashDevice's time-out (packet_run.hpp).
#include "kps/jigs/algorithm_runner.hpp"
#include "kps/jigs/flash_plan.hpp"

namespace kps::jigs {

class PacketRun;

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
    void load(PacketRun& run, bool& loaded) const;
    void eraseAndStart(PacketRun& run, const FlashChunk& chunk, std::uint32_t buffer) const;
    void finishProgram(PacketRun& run, const FlashChunk& chunk) const;
    Status stopOnTimeout(Status outcome) const;
    Status verify(const FlashPlan& plan);

    DapProbe& probe_;
    const TargetProfile& target_;
    const AlgorithmRunner& runner_;
};

} // namespace kps::jigs
