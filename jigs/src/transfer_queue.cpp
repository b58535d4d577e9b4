#include "kps/jigs/transfer_queue.hpp"

#include "kps/jigs/dap/dap_transfer_block.hpp"
#include "kps/jigs/wipe.hpp"

#include <algorithm>

namespace kps::jigs {

using namespace dap;

namespace {
constexpr std::size_t kMaxTransferItems = 255;
constexpr std::size_t kBlockThreshold = 8; // shorter runs never go as DAP_TransferBlock

std::size_t requestCost(std::uint8_t request) {
    return carriesData(request) ? 5 : 1;
}
std::size_t responseCost(std::uint8_t request) {
    return returnsData(request) ? 4 : 0;
}
} // namespace

JigError transferError(std::uint8_t response, std::string where, const char* label) {
    JigError error{JigFault::Protocol, std::string("SWD transfer: ") + label, std::move(where),
                   response, ""};
    const std::uint8_t acknowledge = response & 0x07;
    if (response & ack::mismatch) {
        error.fault = JigFault::SwdWait;
        error.hint = "the register never reached the expected value: the target may be stuck";
    } else if (response & ack::swdError) {
        error.hint = "SWD parity error: check the SWD wiring and lower the clock";
    } else if (acknowledge == ack::wait) {
        error.fault = JigFault::SwdWait;
        error.hint =
            "the target kept answering WAIT: check the SWD clock and the endpoint's supply";
    } else if (acknowledge == ack::fault) {
        error.fault = JigFault::SwdFault;
        error.hint = "the target answered FAULT (bus or sticky error): it is cleared at the next "
                     "attach; retry the endpoint";
    } else if (acknowledge == ack::noAck || acknowledge == 0) {
        error.fault = JigFault::NoTarget;
        error.hint = "nothing answers on SWD: check that the endpoint sits in the socket and is "
                     "powered";
    }
    return error;
}

TransferQueue::TransferQueue(DapProbe& probe)
    : probe_(probe) {
    pending_.reserve(kMaxTransferItems); // never grown: no outgrown buffer holds key words
}

TransferQueue::~TransferQueue() {
    for (QueuedAccess& access : pending_)
        access.data = 0;
    wipe(pending_);
}

bool TransferQueue::fits(const QueuedAccess& access) const {
    return pending_.size() < kMaxTransferItems &&
           requestBytes_ + requestCost(access.request) <= probe_.packetSize() &&
           responseBytes_ + responseCost(access.request) <= probe_.packetSize();
}

void TransferQueue::add(const QueuedAccess& access) {
    if (error_)
        return;
    if (!fits(access))
        sendPending();
    if (error_)
        return;
    if (pending_.empty())
        firstPendingIndex_ = nextIndex_;
    pending_.push_back(access);
    requestBytes_ += requestCost(access.request);
    responseBytes_ += responseCost(access.request);
    ++nextIndex_;
}

void TransferQueue::write(Port port, std::uint8_t address, std::uint32_t value, const char* label) {
    add({registerRequest(port, false, address), value, nullptr, label});
}

void TransferQueue::read(Port port, std::uint8_t address, std::uint32_t* into, const char* label) {
    add({registerRequest(port, true, address), 0, into, label});
}

std::size_t TransferQueue::readUntil(Port port, std::uint8_t address, std::uint32_t mask,
                                     std::uint32_t expected, const char* label,
                                     JigFault onMismatch) {
    if (!maskKnown_ || currentMask_ != mask) {
        add({request::matchMask, mask, nullptr, "set match mask"});
        currentMask_ = mask;
        maskKnown_ = true;
    }
    const std::size_t index = nextIndex_;
    add({static_cast<std::uint8_t>(registerRequest(port, true, address) | request::valueMatch),
         expected, nullptr, label, onMismatch});
    return index;
}

std::size_t TransferQueue::roomFor(bool read) const {
    const std::size_t packet = probe_.packetSize();
    const std::size_t byRequest = (packet - requestBytes_) / (read ? 1 : 5);
    const std::size_t byResponse = read ? (packet - responseBytes_) / 4 : byRequest;
    return std::min({byRequest, byResponse, kMaxTransferItems - pending_.size()});
}

bool TransferQueue::runFitsPacket(std::size_t count, bool read) const {
    return pending_.size() + count <= kMaxTransferItems &&
           requestBytes_ + count * (read ? 1 : 5) <= probe_.packetSize() &&
           responseBytes_ + (read ? 4 * count : 0) <= probe_.packetSize();
}

void TransferQueue::writeRun(Port port, std::uint8_t address, std::span<const std::uint32_t> values,
                             const char* label) {
    const std::uint8_t request = registerRequest(port, false, address);
    if (values.size() < kBlockThreshold || runFitsPacket(values.size(), false)) {
        for (std::uint32_t value : values)
            add({request, value, nullptr, label});
        return;
    }
    const std::size_t topUp = pending_.empty() ? 0 : std::min(values.size(), roomFor(false));
    for (std::uint32_t value : values.first(topUp)) // the packet leaves anyway: fill it up
        add({request, value, nullptr, label});
    sendPending();
    sendBlock(request, values.subspan(topUp), {}, label);
}

void TransferQueue::readRun(Port port, std::uint8_t address, std::span<std::uint32_t> into,
                            const char* label) {
    const std::uint8_t request = registerRequest(port, true, address);
    if (into.size() < kBlockThreshold || runFitsPacket(into.size(), true)) {
        for (std::uint32_t& word : into)
            add({request, 0, &word, label});
        return;
    }
    const std::size_t topUp = pending_.empty() ? 0 : std::min(into.size(), roomFor(true));
    for (std::uint32_t& word : into.first(topUp))
        add({request, 0, &word, label});
    sendPending();
    sendBlock(request, {}, into.subspan(topUp), label);
}

void TransferQueue::sendBlock(std::uint8_t request, std::span<const std::uint32_t> values,
                              std::span<std::uint32_t> into, const char* label) {
    const bool reading = !into.empty();
    const std::size_t total = reading ? into.size() : values.size();
    const std::size_t perPacket = reading ? (probe_.packetSize() - kTransferBlockResponse) / 4
                                          : (probe_.packetSize() - kTransferBlockHeader) / 4;
    for (std::size_t done = 0; done < total && !error_;) {
        const std::size_t count = std::min(perPacket, total - done);
        Packet packet = reading ? encodeTransferBlockRead(request, std::uint16_t(count))
                                : encodeTransferBlockWrite(request, values.subspan(done, count));
        auto response = probe_.command(packet);
        wipe(packet);
        ++packetsSent_;
        if (!response) {
            error_ = response.error();
            break;
        }
        auto result = decodeTransferBlock(*response, reading ? into.subspan(done, count)
                                                             : std::span<std::uint32_t>());
        probe_.wipeResponse();
        if (!result)
            error_ = result.error();
        else if (!result->ok(count))
            failAt(nextIndex_ + result->executed, label, result->response, JigFault::SwdWait);
        nextIndex_ += count;
        done += count;
    }
}

void TransferQueue::sendPending() {
    if (pending_.empty() || error_)
        return;
    secure::SecureVector<TransferItem> items;
    items.reserve(pending_.size());
    for (const QueuedAccess& access : pending_)
        items.push_back({access.request, access.data});
    Packet packet = encodeTransfer(items);
    auto response = probe_.command(packet);
    wipe(packet);
    ++packetsSent_;
    if (!response) {
        error_ = response.error();
    } else if (auto result = decodeTransfer(*response, items); !result) {
        error_ = result.error();
    } else {
        std::size_t read = 0;
        for (std::size_t i = 0; i < result->executed; ++i)
            if (pending_[i].into && returnsData(pending_[i].request))
                *pending_[i].into = result->reads[read++];
        if (!result->ok(pending_.size())) {
            const std::size_t failed = std::min<std::size_t>(result->executed, pending_.size() - 1);
            failAt(firstPendingIndex_ + failed, pending_[failed].label, result->response,
                   pending_[failed].onMismatch);
        }
        wipe(result->reads);
    }
    probe_.wipeResponse();
    for (TransferItem& item : items)
        item.data = 0;
    wipe(items);
    for (QueuedAccess& access : pending_)
        access.data = 0;
    pending_.clear();
    requestBytes_ = responseBytes_ = kTransferHeader;
}

void TransferQueue::failAt(std::size_t index, const char* label, std::uint8_t response,
                           JigFault onMismatch) {
    failedItem_ = index;
    error_ =
        transferError(response, probe_.where() + ", transfer item " + std::to_string(index), label);
    if (response & ack::mismatch)
        error_->fault = onMismatch;
}

Status TransferQueue::flush() {
    sendPending();
    nextIndex_ = 0;
    if (!error_) {
        failedItem_.reset();
        return {};
    }
    JigError error = std::move(*error_);
    error_.reset();
    maskKnown_ = false;
    return tl::unexpected(std::move(error));
}

} // namespace kps::jigs
