#include "kps/jigs/adiv5.hpp"

namespace kps::jigs::adiv5 {

using dap::Port;

void queueLinkUp(TransferQueue& queue, std::uint8_t apsel, std::uint32_t* dpidr) {
    queue.read(Port::Dp, kDpIdr, dpidr, "read DPIDR");
    queue.write(Port::Dp, kDpAbort, kAbortClearAll, "clear sticky errors (ABORT)");
    queue.write(Port::Dp, kDpSelect, std::uint32_t(apsel) << 24, "select the MEM-AP");
    queue.write(Port::Dp, kDpCtrlStat, kPowerUpRequest, "request debug power-up");
    queue.readUntil(Port::Dp, kDpCtrlStat, kPowerUpAck, kPowerUpAck,
                    "wait for debug power-up acknowledge", JigFault::NoTarget);
}

void MemAp::selectBank(int bank) {
    if (bank_ == bank)
        return;
    queue_.write(Port::Dp, kDpSelect,
                 std::uint32_t(apsel_) << 24 | (bank == 1 ? kSelectBankBanked : 0),
                 bank == 1 ? "select the banked data registers" : "select the MEM-AP registers");
    bank_ = bank;
}

void MemAp::leaveBanked() {
    selectBank(0);
}

std::uint8_t MemAp::bankedRegister(std::uint32_t address) {
    const std::uint32_t base = address & ~0xFu;
    if (bank_ != 1 || !tarKnown_ || tar_ != base) {
        selectBank(0);
        useCsw(kCswWordNoIncrement);
        aim(base);
        selectBank(1);
    }
    return static_cast<std::uint8_t>(address & 0xC);
}

void MemAp::writeBanked(std::uint32_t address, std::uint32_t value, const char* label) {
    queue_.write(Port::Ap, bankedRegister(address), value, label);
}

void MemAp::readBanked(std::uint32_t address, std::uint32_t* into, const char* label) {
    queue_.read(Port::Ap, bankedRegister(address), into, label);
}

std::size_t MemAp::pollBanked(std::uint32_t address, std::uint32_t mask, std::uint32_t expected,
                              const char* label, JigFault onTimeout) {
    return queue_.readUntil(Port::Ap, bankedRegister(address), mask, expected, label, onTimeout);
}

void MemAp::useCsw(std::uint32_t csw) {
    selectBank(0);
    if (cswKnown_ && csw_ == csw)
        return;
    queue_.write(Port::Ap, kApCsw, csw, "set CSW");
    csw_ = csw;
    cswKnown_ = true;
}

void MemAp::aim(std::uint32_t address) {
    selectBank(0);
    if (tarKnown_ && tar_ == address)
        return;
    queue_.write(Port::Ap, kApTar, address, "set TAR");
    tar_ = address;
    tarKnown_ = true;
}

void MemAp::write(std::uint32_t address, std::uint32_t value, const char* label) {
    useCsw(kCswWordNoIncrement);
    aim(address);
    queue_.write(Port::Ap, kApDrw, value, label);
}

void MemAp::read(std::uint32_t address, std::uint32_t* into, const char* label) {
    useCsw(kCswWordNoIncrement);
    aim(address);
    queue_.read(Port::Ap, kApDrw, into, label);
}

std::size_t MemAp::poll(std::uint32_t address, std::uint32_t mask, std::uint32_t expected,
                        const char* label, JigFault onTimeout) {
    useCsw(kCswWordNoIncrement);
    aim(address);
    return queue_.readUntil(Port::Ap, kApDrw, mask, expected, label, onTimeout);
}

namespace {
/// Words from `address` up to the next auto-increment boundary (where TAR wraps).
std::size_t wordsBeforeWrap(std::uint32_t address, std::size_t remaining, std::uint32_t block) {
    return std::min<std::size_t>(remaining, (block - (address & (block - 1))) / 4);
}
} // namespace

void MemAp::writeWords(std::uint32_t address, std::span<const std::uint32_t> words,
                       const char* label) {
    useCsw(kCswWordIncrement);
    for (std::size_t done = 0; done < words.size();) {
        const std::uint32_t at = address + std::uint32_t(done * 4);
        const std::size_t count = wordsBeforeWrap(at, words.size() - done, autoIncrementBlock_);
        tarKnown_ = false;
        aim(at);
        queue_.writeRun(Port::Ap, kApDrw, words.subspan(done, count), label);
        done += count;
    }
    tarKnown_ = false;
}

void MemAp::readWords(std::uint32_t address, std::span<std::uint32_t> into, const char* label) {
    useCsw(kCswWordIncrement);
    for (std::size_t done = 0; done < into.size();) {
        const std::uint32_t at = address + std::uint32_t(done * 4);
        const std::size_t count = wordsBeforeWrap(at, into.size() - done, autoIncrementBlock_);
        tarKnown_ = false;
        aim(at);
        queue_.readRun(Port::Ap, kApDrw, into.subspan(done, count), label);
        done += count;
    }
    tarKnown_ = false;
}

} // namespace kps::jigs::adiv5
