#pragma once
// A probe answered by script (tests only): every command succeeds, DAP_Transfer
// executes every item, plain reads return the next scripted value (0 when none is
// left), value-match reads match unless a mismatch is scripted. It keeps every
// command packet, so tests can compare the request bytes.
#include "kps/jigs/dap/dap_transfer.hpp"
#include "kps/jigs/transport.hpp"

#include <algorithm>
#include <deque>
#include <vector>

namespace kps::test {

class ScriptedProbe final : public jigs::DapTransport {
public:
    jigs::Result<std::size_t> exchange(std::span<const std::uint8_t> command,
                                       std::span<std::uint8_t> response) override {
        countRoundTrip();
        packets.emplace_back(command.begin(), command.end());
        std::vector<std::uint8_t> out{command[0]};
        const auto id = jigs::dap::CommandId(command[0]);
        if (id == jigs::dap::CommandId::Info)
            out.insert(out.end(), {0x02, 0x00, 0x02}); // packet size 512
        else if (id == jigs::dap::CommandId::Transfer)
            answerTransfer(command, out);
        else if (id == jigs::dap::CommandId::Connect)
            out.push_back(0x01); // SWD
        else
            out.push_back(0x00); // DAP_OK
        std::copy(out.begin(), out.end(), response.begin());
        return out.size();
    }
    jigs::Status reconnect() override { return {}; }
    std::size_t usbPacketSize() const override { return 512; }
    std::string serial() const override { return "SCRIPTED"; }

    /// The DAP_Transfer items (request byte and data) of packet `index`, as sent.
    std::vector<std::uint8_t> transferItems(std::size_t index) const {
        const auto& packet = packets.at(index);
        return {packet.begin() + 3, packet.end()};
    }
    std::size_t transfers() const {
        return std::size_t(std::count_if(packets.begin(), packets.end(), [](const auto& p) {
            return p[0] == std::uint8_t(jigs::dap::CommandId::Transfer);
        }));
    }

    std::deque<std::uint32_t> reads; // values of plain reads, in order
    unsigned mismatches = 0;         // value-match reads that fail (one per packet)
    std::vector<std::vector<std::uint8_t>> packets;

private:
    void answerTransfer(std::span<const std::uint8_t> command, std::vector<std::uint8_t>& out) {
        namespace dap = jigs::dap;
        const std::size_t count = command[2];
        std::size_t at = 3, executed = 0;
        std::uint8_t status = dap::ack::ok;
        std::vector<std::uint8_t> data;
        for (; executed < count; ++executed) {
            const std::uint8_t request = command[at++];
            if (dap::carriesData(request))
                at += 4;
            if ((request & dap::request::valueMatch) && mismatches > 0) {
                --mismatches;
                status = dap::ack::ok | dap::ack::mismatch;
                break;
            }
            if (dap::returnsData(request)) {
                const std::uint32_t value = reads.empty() ? 0 : reads.front();
                if (!reads.empty())
                    reads.pop_front();
                for (int shift = 0; shift < 32; shift += 8)
                    data.push_back(std::uint8_t(value >> shift));
            }
        }
        out.push_back(std::uint8_t(executed));
        out.push_back(status);
        out.insert(out.end(), data.begin(), data.end());
    }
};

/// Bytes of one DAP_Transfer item: request, then the little-endian word if any.
inline std::vector<std::uint8_t> item(std::uint8_t request, std::uint32_t data) {
    return {request, std::uint8_t(data), std::uint8_t(data >> 8), std::uint8_t(data >> 16),
            std::uint8_t(data >> 24)};
}
inline std::vector<std::uint8_t> item(std::uint8_t request) {
    return {request};
}
inline std::vector<std::uint8_t> joined(std::initializer_list<std::vector<std::uint8_t>> parts) {
    std::vector<std::uint8_t> all;
    for (const auto& part : parts)
        all.insert(all.end(), part.begin(), part.end());
    return all;
}

} // namespace kps::test
