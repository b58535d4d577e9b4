#include "kps/jigs/algorithm_runner.hpp"

#include "kps/jigs/cortex_m/core_registers.hpp"
#include "kps/jigs/cortex_m/halt.hpp"

#include <cstdio>

namespace kps::jigs {

namespace {

using cortex_m::CoreRegister;

constexpr std::uint32_t kBreakpointWord = 0xBE00BE00; // two BKPT #0 (Thumb)
constexpr std::uint32_t kLoadOffset = 16;             // BKPT words before the blob
constexpr std::uint32_t kStackBytes = 1024;

std::uint32_t alignUp(std::uint32_t value, std::uint32_t alignment) {
    return (value + alignment - 1) / alignment * alignment;
}

std::string hex32(std::uint32_t value) {
    char text[11];
    std::snprintf(text, sizeof text, "0x%08X", value);
    return text;
}

} // namespace

Result<AlgorithmLayout> layOutAlgorithm(const FlashAlgorithm& algorithm,
                                        const TargetProfile& target) {
    AlgorithmLayout layout;
    layout.bufferSize = std::min(algorithm.device.pageSize, target.autoIncrementBlock);
    layout.breakpoint = target.ramBase;
    layout.load = target.ramBase + kLoadOffset;
    layout.stackTop = alignUp(layout.load + std::uint32_t(algorithm.blob.size()) + kStackBytes, 8);
    layout.buffers[0] = alignUp(layout.stackTop, layout.bufferSize);
    layout.buffers[1] = layout.buffers[0] + layout.bufferSize;
    if (std::uint64_t(layout.buffers[1]) + layout.bufferSize >
        std::uint64_t(target.ramBase) + target.ramSize)
        return fail(JigFault::Protocol, "lay out the flash algorithm", target.name,
                    "the target's RAM is too small for the algorithm, its stack and two "
                    "buffers of " +
                        std::to_string(layout.bufferSize) + " bytes");
    return layout;
}

void AlgorithmRunner::queueLoad(adiv5::MemAp& ap) const {
    std::vector<std::uint32_t> words(kLoadOffset / 4, kBreakpointWord);
    const auto& blob = algorithm_.blob;
    for (std::size_t at = 0; at < blob.size(); at += 4) {
        std::uint32_t word = 0;
        for (std::size_t i = 0; i < 4 && at + i < blob.size(); ++i)
            word |= std::uint32_t(blob[at + i]) << (8 * i);
        words.push_back(word);
    }
    ap.writeWords(layout_.breakpoint, words, "load the flash algorithm");
    cortex_m::queueMaskInterrupts(ap);
    cortex_m::queueWriteRegister(ap, CoreRegister::Sp, layout_.stackTop);
    cortex_m::queueWriteRegister(ap, CoreRegister::R9, layout_.load + algorithm_.staticBase);
    cortex_m::queueWriteRegister(ap, CoreRegister::Xpsr, cortex_m::kXpsrThumb);
}

void AlgorithmRunner::queueStart(adiv5::MemAp& ap, std::uint32_t entry,
                                 std::span<const std::uint32_t> arguments) const {
    std::uint8_t reg = 0;
    for (std::uint32_t argument : arguments)
        cortex_m::queueWriteRegister(ap, CoreRegister(reg++), argument);
    cortex_m::queueWriteRegister(ap, CoreRegister::Pc, layout_.load + entry);
    cortex_m::queueWriteRegister(ap, CoreRegister::Lr, layout_.breakpoint | 1u);
    cortex_m::queueResume(ap, cortex_m::Interrupts::Masked);
}

std::size_t AlgorithmRunner::queueFinish(adiv5::MemAp& ap, AlgorithmCall& call) const {
    const std::size_t wait = cortex_m::queueWaitForHalt(
        ap, "wait for the flash algorithm's breakpoint", JigFault::BreakpointTimeout);
    queueResults(ap, call);
    return wait;
}

void AlgorithmRunner::queueResults(adiv5::MemAp& ap, AlgorithmCall& call) const {
    cortex_m::queueReadRegister(ap, CoreRegister::R0, &call.r0);
    cortex_m::queueReadRegister(ap, CoreRegister::Pc, &call.pc);
}

Status AlgorithmRunner::check(const AlgorithmCall& call, std::uint32_t expected,
                              const std::string& where) const {
    if (call.pc != layout_.breakpoint && call.pc != layout_.breakpoint + 2)
        return fail(JigFault::FlashProgram, call.what, where,
                    "the flash algorithm stopped at " + hex32(call.pc) +
                        " instead of returning: it faulted; retry the endpoint",
                    long(call.pc));
    if (call.r0 != expected)
        return fail(JigFault::FlashProgram, call.what, where,
                    "the flash algorithm returned " + hex32(call.r0) + " (expected " +
                        hex32(expected) + "): the flash controller reported an error",
                    long(call.r0));
    return {};
}

} // namespace kps::jigs
