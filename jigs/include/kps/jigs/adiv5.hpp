#pragma once
// ADIv5 over SWD, queued: the SW-DP registers and the power-up handshake, and a
// MEM-AP (AHB-AP) with CSW/TAR/DRW. Register-style accesses run with address
// increment off (so value-match polls read the same register); data runs switch
// it on and write or read whole words, re-aiming TAR at every 1 KiB boundary
// where auto-increment wraps. TAR and CSW are cached to skip needless writes.
// Four registers at a 16-byte aligned address (the Cortex-M debug block DHCSR,
// DCRSR, DCRDR, DEMCR) are reached through the banked data registers BD0-BD3:
// TAR is aimed once, then each access is one transfer (SELECT bank 1).
#include "kps/jigs/transfer_queue.hpp"

#include <chrono>

namespace kps::jigs::adiv5 {

// SW-DP registers (DPv1)
constexpr std::uint8_t kDpIdr = 0x0;   // read
constexpr std::uint8_t kDpAbort = 0x0; // write
constexpr std::uint8_t kDpCtrlStat = 0x4;
constexpr std::uint8_t kDpSelect = 0x8;        // write
constexpr std::uint8_t kDpRdBuff = 0xC;        // read
constexpr std::uint32_t kAbortClearAll = 0x1E; // STKCMPCLR, STKERRCLR, WDERRCLR, ORUNERRCLR
constexpr std::uint32_t kPowerUpRequest = (1u << 28) | (1u << 30);
constexpr std::uint32_t kPowerUpAck = (1u << 29) | (1u << 31);
// MEM-AP registers (bank 0)
constexpr std::uint8_t kApCsw = 0x0;
constexpr std::uint8_t kApTar = 0x4;
constexpr std::uint8_t kApDrw = 0xC;
constexpr std::uint32_t kSelectBankBanked = 0x10; // APBANKSEL 1: BD0-BD3 at 0x10-0x1C
constexpr std::uint32_t kCswWordNoIncrement = 0xA2000002;
constexpr std::uint32_t kCswWordIncrement = 0xA2000012;
// Cortex-M debug
constexpr std::uint32_t kDhcsrHaltRequest = 0xA05F0003; // DBGKEY | C_HALT | C_DEBUGEN
constexpr std::uint32_t kDhcsrHalted = 1u << 17;        // S_HALT

/// Queues: read DPIDR, clear sticky errors, select the AP, power up the debug and
/// system domains and wait (value match) for both acknowledgements.
void queueLinkUp(TransferQueue& queue, std::uint8_t apsel, std::uint32_t* dpidr);

/// Polls a MEM-AP register until (value & mask) == expected, one value-match read per
/// packet, until `limit` has passed (then `onTimeout`): for an operation that may
/// outlast one poll's match retries.
Status awaitValue(DapProbe& probe, std::uint8_t apsel, std::uint32_t address, std::uint32_t mask,
                  std::uint32_t expected, std::chrono::milliseconds limit, const char* label,
                  JigFault onTimeout);

class MemAp {
public:
    /// `bankKnown`: SELECT holds bank 0 of this AP (true after queueLinkUp in the same
    /// session and after every MemAp that ended with leaveBanked()).
    explicit MemAp(TransferQueue& queue, std::uint8_t apsel = 0, bool bankKnown = true)
        : queue_(queue)
        , apsel_(apsel)
        , bank_(bankKnown ? 0 : kBankUnknown) {}

    void write(std::uint32_t address, std::uint32_t value, const char* label);
    void read(std::uint32_t address, std::uint32_t* into, const char* label);
    /// Polls a register until (value & mask) == expected (value-match read).
    std::size_t poll(std::uint32_t address, std::uint32_t mask, std::uint32_t expected,
                     const char* label, JigFault onTimeout);
    void writeWords(std::uint32_t address, std::span<const std::uint32_t> words, const char* label);
    void readWords(std::uint32_t address, std::span<std::uint32_t> into, const char* label);
    /// The word at `address` through a banked data register (TAR = address & ~0xF).
    void writeBanked(std::uint32_t address, std::uint32_t value, const char* label);
    void readBanked(std::uint32_t address, std::uint32_t* into, const char* label);
    std::size_t pollBanked(std::uint32_t address, std::uint32_t mask, std::uint32_t expected,
                           const char* label, JigFault onTimeout);
    /// Selects bank 0 again if a banked access left bank 1 selected.
    void leaveBanked();
    /// The auto-increment range of this AP (TAR wraps within it): ADIv5 guarantees
    /// 1 KiB; the AHB-AP of a Cortex-M3/M4 increments within 4 KiB.
    void setAutoIncrementBlock(std::uint32_t bytes) { autoIncrementBlock_ = bytes; }
    /// Forget cached CSW, TAR and SELECT (another MemAp used the AP in between, an
    /// error, a reset or a new session).
    void forget() {
        cswKnown_ = tarKnown_ = false;
        bank_ = kBankUnknown;
    }

private:
    static constexpr int kBankUnknown = -1;
    void useCsw(std::uint32_t csw);
    void aim(std::uint32_t address);
    void selectBank(int bank);
    std::uint8_t bankedRegister(std::uint32_t address);
    TransferQueue& queue_;
    std::uint8_t apsel_;
    int bank_;
    std::uint32_t csw_ = 0;
    std::uint32_t tar_ = 0;
    bool cswKnown_ = false;
    bool tarKnown_ = false;
    std::uint32_t autoIncrementBlock_ = 0x400;
};

} // namespace kps::jigs::adiv5
