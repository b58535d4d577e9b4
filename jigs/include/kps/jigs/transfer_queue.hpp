#pragma once
// Register accesses queued into as few USB round trips as the probe's packet size
// allows: consecutive accesses share one DAP_Transfer; a long run on one register
// (DRW with auto-increment) that does not fit the current packet tops that packet up
// and goes on as DAP_TransferBlock. A packet leaves when it is full or when the caller flushes;
// read results land in the caller's variables at that moment. The first failure
// stops the queue and names the item (its label and index) that failed.
// Packets and responses that carried data are wiped after use; the queue itself (it
// holds the key-store words being written) lives in secure memory, reserved once at
// its largest, so it never leaves a copy in a buffer it outgrew.
#include "kps/jigs/dap/dap_transfer.hpp"
#include "kps/jigs/dap_probe.hpp"
#include "kps/secure/secure_vector.hpp"

#include <optional>

namespace kps::jigs {

struct QueuedAccess {
    std::uint8_t request = 0;
    std::uint32_t data = 0;
    std::uint32_t* into = nullptr; // plain reads
    const char* label = "";
    JigFault onMismatch = JigFault::SwdWait; // value-match reads that never matched
};

class TransferQueue {
public:
    explicit TransferQueue(DapProbe& probe);
    ~TransferQueue();
    TransferQueue(const TransferQueue&) = delete;
    TransferQueue& operator=(const TransferQueue&) = delete;

    void write(dap::Port port, std::uint8_t address, std::uint32_t value, const char* label);
    void read(dap::Port port, std::uint8_t address, std::uint32_t* into, const char* label);
    /// Reads until (value & mask) == expected, retried by the probe (value match).
    /// Returns the read's item index (as failedItem() names it).
    std::size_t readUntil(dap::Port port, std::uint8_t address, std::uint32_t mask,
                          std::uint32_t expected, const char* label, JigFault onMismatch);
    void writeRun(dap::Port port, std::uint8_t address, std::span<const std::uint32_t> values,
                  const char* label);
    void readRun(dap::Port port, std::uint8_t address, std::span<std::uint32_t> into,
                 const char* label);
    /// Sends whatever is queued; the first failure since the last flush, if any.
    Status flush();
    /// The index (since the previous flush) of the access a failed flush stopped at.
    std::optional<std::size_t> failedItem() const { return failedItem_; }

    std::uint64_t packetsSent() const { return packetsSent_; }

private:
    void add(const QueuedAccess& access);
    bool fits(const QueuedAccess& access) const;
    bool runFitsPacket(std::size_t count, bool read) const;
    std::size_t roomFor(bool read) const; // accesses of one kind the pending packet still takes
    void sendPending();
    void sendBlock(std::uint8_t request, std::span<const std::uint32_t> values,
                   std::span<std::uint32_t> into, const char* label);
    void failAt(std::size_t index, const char* label, std::uint8_t response, JigFault onMismatch);

    DapProbe& probe_;
    secure::SecureVector<QueuedAccess> pending_; // capacity: a whole DAP_Transfer, from the start
    std::size_t requestBytes_ = 3;
    std::size_t responseBytes_ = 3;
    std::size_t nextIndex_ = 0; // index of the next access since the last flush
    std::size_t firstPendingIndex_ = 0;
    std::optional<JigError> error_;
    std::optional<std::size_t> failedItem_;
    std::uint32_t currentMask_ = 0;
    bool maskKnown_ = false;
    std::uint64_t packetsSent_ = 0;
};

/// The fault a DAP transfer response byte means, with what to do about it.
JigError transferError(std::uint8_t response, std::string where, const char* label);

} // namespace kps::jigs
