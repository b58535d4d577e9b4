#pragma once
// One flush's worth of flash-algorithm work (data into RAM, calls started and waited
// for, reads), kept as a list so it can be sent again from any wait: a call that
// outlasts the probe's value-match retries (slow flash, a slow SWD clock, a core
// emulated faster than the wire) is polled for up to its own time limit (the
// CMSIS FlashDevice's time-outs), its results read, and the rest sent again. Only a
// call that misses its limit is a bkpt-timeout. Spans given to data() and read()
// must outlive flush().
#include "kps/jigs/algorithm_runner.hpp"

#include <chrono>
#include <deque>

namespace kps::jigs {

class PacketRun {
public:
    PacketRun(DapProbe& probe, const TargetProfile& target, const AlgorithmRunner& runner)
        : probe_(probe)
        , target_(target)
        , runner_(runner) {}

    void load() { ops_.push_back({Kind::Load}); }
    void data(std::uint32_t address, std::span<const std::uint32_t> words, const char* label);
    void read(std::uint32_t address, std::span<std::uint32_t> into, const char* label);
    void start(std::uint32_t entry, std::vector<std::uint32_t> arguments);
    /// Waits for the call started last (in this run or the one before); its result must
    /// be `expected` in r0 (nullopt: any value, the caller looks at it).
    AlgorithmCall& finish(std::string what, std::chrono::milliseconds limit,
                          std::optional<std::uint32_t> expected = 0);
    AlgorithmCall& call(std::uint32_t entry, std::vector<std::uint32_t> arguments, std::string what,
                        std::chrono::milliseconds limit,
                        std::optional<std::uint32_t> expected = 0) {
        start(entry, std::move(arguments));
        return finish(std::move(what), limit, expected);
    }
    /// Sends everything; then every finished call must have returned at its BKPT.
    Status flush();

private:
    enum class Kind { Load, Data, Read, Start, Finish };
    struct Op {
        Kind kind = Kind::Load;
        std::uint32_t address = 0;
        std::span<const std::uint32_t> words;
        std::span<std::uint32_t> into;
        const char* label = "";
        std::vector<std::uint32_t> arguments; // Start: its arguments, entry in `address`
        AlgorithmCall* call = nullptr;        // Finish, Results
        std::chrono::milliseconds limit{0};
        std::optional<std::uint32_t> expected;
    };
    /// Queues ops_[from..] (a Finish at `from` only reads its results) and sends them;
    /// the index of the Finish whose wait ran out of match retries, if that failed.
    Status send(std::size_t from, bool resultsOnly, std::optional<std::size_t>& late);

    DapProbe& probe_;
    const TargetProfile& target_;
    const AlgorithmRunner& runner_;
    std::vector<Op> ops_;
    std::deque<AlgorithmCall> calls_;
};

} // namespace kps::jigs
