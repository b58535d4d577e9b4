#include "kps/jigs/sim/swd_target.hpp"

#include "kps/jigs/dap/dap_transfer.hpp"

namespace kps::jigs::sim {
namespace {

namespace ack = dap::ack;

constexpr std::uint32_t kStickyErr = 1u << 5;
constexpr std::uint32_t kReadOk = 1u << 6;
constexpr std::uint32_t kDebugPowerReq = 1u << 28;
constexpr std::uint32_t kDebugPowerAck = 1u << 29;
constexpr std::uint32_t kSystemPowerReq = 1u << 30;
constexpr std::uint32_t kSystemPowerAck = 1u << 31;
constexpr std::uint32_t kAbortStickyErrClear = 1u << 2;
constexpr std::uint32_t kCswDeviceEnabled = 1u << 6;
constexpr std::uint32_t kCswWritable = 0xFFFFFF3F;
constexpr std::uint32_t kRomTableBase = 0xE00FF003;
constexpr unsigned kPowerUpDelayReads = 1; // CTRL/STAT reads before the ACK bits follow

unsigned sizeBytes(std::uint32_t csw) {
    return 1u << (csw & 0x7);
}
unsigned addressIncrement(std::uint32_t csw) {
    return (csw >> 4) & 0x3;
}

} // namespace

SwdTarget::SwdTarget(const TargetProfile&) {}

void SwdTarget::plug(SimulatedEndpoint* endpoint) {
    endpoint_ = endpoint;
    link_ = Link::Jtag; // a freshly powered SWJ-DP starts in JTAG mode
    swdSelected_ = false;
    control_ = 0;
    select_ = 0;
    stickyError_ = false;
    csw_ = 0x03000002;
    tar_ = 0;
}

void SwdTarget::clockBits(unsigned count, std::span<const std::uint8_t> bits) {
    for (unsigned i = 0; i < count && i / 8 < bits.size(); ++i)
        clockBit((bits[i / 8] >> (i % 8)) & 1u);
    if (ones_ >= 50 && swdSelected_)
        link_ = Link::AwaitingDpidr;
}

void SwdTarget::clockBit(bool one) {
    shift_ = static_cast<std::uint16_t>(shift_ >> 1 | (one ? 0x8000 : 0));
    ++sinceReset_;
    if (!one) {
        if (ones_ >= 50) { // a line reset just ended with this zero
            sinceReset_ = 1;
            if (swdSelected_)
                link_ = Link::AwaitingDpidr;
        }
        ones_ = 0;
    } else {
        ++ones_;
    }
    if (sinceReset_ == 16 && shift_ == 0xE79E)
        swdSelected_ = true; // the JTAG-to-SWD select sequence right after a line reset
}

std::uint8_t SwdTarget::access(std::uint8_t request, std::uint32_t& data) {
    const bool read = request & dap::request::read;
    const std::uint8_t address = request & 0x0C;
    if (!endpoint_)
        return ack::noAck;
    endpoint_->swdAccess();
    if (link_ == Link::Jtag || !endpoint_->debugPortEnabled())
        return ack::noAck;
    const bool isAp = request & dap::request::ap;
    if (link_ == Link::AwaitingDpidr) {
        if (isAp || !read || address != 0)
            return ack::noAck; // after a line reset only a DPIDR read is answered
        link_ = Link::Swd;
    }
    return isAp ? accessPort(read, address, data) : debugPort(read, address, data);
}

std::uint8_t SwdTarget::debugPort(bool read, std::uint8_t address, std::uint32_t& data) {
    const bool bankZero = (select_ & 0xF) == 0;
    switch (address) {
    case 0x0:
        if (read)
            data = endpoint_->dpidr();
        else
            writeAbort(data);
        break;
    case 0x4:
        if (read) {
            data = bankZero ? controlStatus() : 0;
        } else if (bankZero) {
            control_ = data & ~(kDebugPowerAck | kSystemPowerAck | kStickyErr | kReadOk);
            powerUpReads_ = kPowerUpDelayReads;
        }
        break;
    case 0x8:
        if (read)
            data = lastRead_; // RESEND
        else
            select_ = data;
        break;
    default:
        if (read)
            data = lastRead_; // RDBUFF
        break;
    }
    return ack::ok;
}

std::uint32_t SwdTarget::controlStatus() {
    std::uint32_t value = control_ | (stickyError_ ? kStickyErr : 0);
    if (powerUpReads_ > 0) {
        --powerUpReads_;
        return value;
    }
    if (control_ & kDebugPowerReq)
        value |= kDebugPowerAck;
    if (control_ & kSystemPowerReq)
        value |= kSystemPowerAck;
    return value;
}

void SwdTarget::writeAbort(std::uint32_t value) {
    if (value & kAbortStickyErrClear)
        stickyError_ = false;
}

std::uint8_t SwdTarget::busError() {
    stickyError_ = true;
    return ack::fault;
}

std::uint8_t SwdTarget::accessPort(bool read, std::uint8_t address, std::uint32_t& data) {
    if (stickyError_)
        return ack::fault; // every AP access faults until ABORT clears STICKYERR
    if (!(controlStatus() & kDebugPowerAck))
        return busError(); // the debug domain is not powered
    const std::uint8_t apsel = static_cast<std::uint8_t>(select_ >> 24);
    const std::uint32_t reg = (select_ & 0xF0) | address;
    const TargetProfile& profile = endpoint_->profile();
    if (apsel != profile.memAp) {
        if (read)
            data = lastRead_ = 0; // IDR 0: no AP here
        return ack::ok;
    }
    std::uint8_t result = ack::ok;
    if (reg == 0x00 && read)
        data = csw_ | kCswDeviceEnabled;
    else if (reg == 0x00)
        csw_ = (data & kCswWritable & ~0x7u) | ((data & 0x7) <= 2 ? data & 0x7 : 2);
    else if (reg == 0x04 && read)
        data = tar_;
    else if (reg == 0x04)
        tar_ = data;
    else if (reg == 0x0C)
        result = dataRegister(read, data);
    else if (reg >= 0x10 && reg <= 0x1C)
        result = dataWord(read, (tar_ & ~0xFu) | (reg & 0xC), data);
    else if (read)
        data = reg == 0xFC ? profile.apIdr : reg == 0xF8 ? kRomTableBase : 0;
    if (read && result == ack::ok)
        lastRead_ = data;
    return result;
}

std::uint8_t SwdTarget::dataWord(bool read, std::uint32_t address, std::uint32_t& data) {
    const bool ok =
        read ? endpoint_->busRead(address, 4, data) : endpoint_->busWrite(address, 4, data);
    return ok ? ack::ok : busError();
}

std::uint8_t SwdTarget::dataRegister(bool read, std::uint32_t& data) {
    const unsigned size = sizeBytes(csw_);
    const unsigned increment = addressIncrement(csw_);
    if (size == 4) {
        const std::uint8_t result = dataWord(read, tar_, data);
        if (result == ack::ok && increment)
            advance(4);
        return result;
    }
    const bool packed = increment == 2;
    const unsigned transfers = packed ? 4 / size : 1;
    std::uint32_t gathered = 0;
    for (unsigned i = 0; i < transfers; ++i) {
        const std::uint32_t address = tar_ + i * size;
        const unsigned lane = 8 * (address & 3);
        const std::uint32_t mask = size == 1 ? 0xFFu : 0xFFFFu;
        std::uint32_t value = (data >> lane) & mask;
        const bool ok = read ? endpoint_->busRead(address, size, value)
                             : endpoint_->busWrite(address, size, value);
        if (!ok)
            return busError();
        gathered |= (value & mask) << lane;
    }
    if (read)
        data = gathered;
    if (increment)
        advance(size * transfers);
    return ack::ok;
}

void SwdTarget::advance(std::uint32_t bytes) {
    const std::uint32_t block = endpoint_->autoIncrementBlock() - 1; // TAR wraps within it
    tar_ = (tar_ & ~block) | ((tar_ + bytes) & block);
}

} // namespace kps::jigs::sim
