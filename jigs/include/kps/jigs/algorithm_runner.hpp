#pragma once
// A flash algorithm run from target RAM with the CMSIS-Pack calling convention:
// arguments in r0-r3, sp on its own stack, r9 the static base, lr pointing at a BKPT
// (Thumb), pc the entry point; the core runs until it halts on that BKPT and r0 is
// the result. Everything is queued, so calls share packets with data: a call that
// is only started (queueStart) runs while the next buffer's data crosses the wire.
//
// RAM: BKPT words at the start, the algorithm at +16, its stack after it, then two
// buffers of one chunk each, aligned to the chunk (one auto-increment window).
#include "kps/jigs/adiv5.hpp"
#include "kps/jigs/flash_algorithm.hpp"
#include "kps/jigs/target_profile.hpp"

#include <array>

namespace kps::jigs {

struct AlgorithmLayout {
    std::uint32_t breakpoint = 0; // lr of every call (| 1)
    std::uint32_t load = 0;       // where the blob starts
    std::uint32_t stackTop = 0;
    std::uint32_t bufferSize = 0; // one chunk: ProgramPage's largest call
    std::array<std::uint32_t, 2> buffers{};
};

/// The layout in the target's RAM; an error when the RAM is too small for it.
Result<AlgorithmLayout> layOutAlgorithm(const FlashAlgorithm& algorithm,
                                        const TargetProfile& target);

/// One call's outcome, filled in when the queue flushes.
struct AlgorithmCall {
    std::string what; // "EraseSector(0x08000800)"
    std::uint32_t r0 = 0xFFFFFFFF;
    std::uint32_t pc = 0; // where the core halted: the BKPT if it returned
};

class AlgorithmRunner {
public:
    AlgorithmRunner(const FlashAlgorithm& algorithm, const AlgorithmLayout& layout)
        : algorithm_(algorithm)
        , layout_(layout) {}

    /// The BKPT words and the blob into RAM; sp, r9 and xPSR (Thumb) set.
    void queueLoad(adiv5::MemAp& ap) const;
    /// Sets the arguments, pc and lr and lets the core run (interrupts masked).
    void queueStart(adiv5::MemAp& ap, std::uint32_t entry,
                    std::span<const std::uint32_t> arguments) const;
    /// Waits for the BKPT (the probe's match retries bound the wait), then r0 and pc.
    /// Returns the wait's item in the queue.
    std::size_t queueFinish(adiv5::MemAp& ap, AlgorithmCall& call) const;
    /// r0 and pc of a call whose BKPT was reached.
    void queueResults(adiv5::MemAp& ap, AlgorithmCall& call) const;
    void queueCall(adiv5::MemAp& ap, std::uint32_t entry, std::span<const std::uint32_t> arguments,
                   AlgorithmCall& call) const {
        queueStart(ap, entry, arguments);
        queueFinish(ap, call);
    }
    /// A flushed call returned `expected` in r0 at the BKPT, else a flash-program fault.
    Status check(const AlgorithmCall& call, std::uint32_t expected, const std::string& where) const;

    const FlashAlgorithm& algorithm() const { return algorithm_; }
    const AlgorithmLayout& layout() const { return layout_; }

private:
    const FlashAlgorithm& algorithm_;
    AlgorithmLayout layout_;
};

} // namespace kps::jigs
