#pragma once
// ADIv5 over SWD, queued: the SW-DP registers and the power-up handshake, and a
// MEM-AP (AHB-AP) with CSW/TAR/DRW. Register-style accesses run with address
// increment off (so value-match polls read the same register); data runs switch
// it on and write or read whole words, re-aiming TAR at every 1 KiB boundary
// where auto-increment wraps. TAR and CSW are cached to skip needless writes.
#include "kps/jigs/transfer_queue.hpp"

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
constexpr std::uint32_t kCswWordNoIncrement = 0xA2000002;
constexpr std::uint32_t kCswWordIncrement = 0xA2000012;
// Cortex-M debug
constexpr std::uint32_t kDhcsrHaltRequest = 0xA05F0003; // DBGKEY | C_HALT | C_DEBUGEN
constexpr std::uint32_t kDhcsrHalted = 1u << 17;        // S_HALT

/// Queues: read DPIDR, clear sticky errors, select the AP, power up the debug and
/// system domains and wait (value match) for both acknowledgements.
void queueLinkUp(TransferQueue& queue, std::uint8_t apsel, std::uint32_t* dpidr);

class MemAp {
public:
    explicit MemAp(TransferQueue& queue)
        : queue_(queue) {}

    void write(std::uint32_t address, std::uint32_t value, const char* label);
    void read(std::uint32_t address, std::uint32_t* into, const char* label);
    /// Polls a register until (value & mask) == expected (value-match read).
    void poll(std::uint32_t address, std::uint32_t mask, std::uint32_t expected, const char* label,
              JigFault onTimeout);
    void writeWords(std::uint32_t address, std::span<const std::uint32_t> words, const char* label);
    void readWords(std::uint32_t address, std::span<std::uint32_t> into, const char* label);
    /// Forget cached CSW/TAR (after an error, a reset or a new session).
    void forget() { cswKnown_ = tarKnown_ = false; }

private:
    void useCsw(std::uint32_t csw);
    void aim(std::uint32_t address);
    TransferQueue& queue_;
    std::uint32_t csw_ = 0;
    std::uint32_t tar_ = 0;
    bool cswKnown_ = false;
    bool tarKnown_ = false;
};

} // namespace kps::jigs::adiv5
