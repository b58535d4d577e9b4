// libFuzzer target: every CMSIS-DAP response decoder on arbitrary probe answers.
// The first byte picks the decoder, the rest is the response as the probe sent it.
#include "kps/jigs/dap/dap_connect.hpp"
#include "kps/jigs/dap/dap_disconnect.hpp"
#include "kps/jigs/dap/dap_host_status.hpp"
#include "kps/jigs/dap/dap_info.hpp"
#include "kps/jigs/dap/dap_reset_target.hpp"
#include "kps/jigs/dap/dap_swj_clock.hpp"
#include "kps/jigs/dap/dap_swj_pins.hpp"
#include "kps/jigs/dap/dap_swj_sequence.hpp"
#include "kps/jigs/dap/dap_transfer.hpp"
#include "kps/jigs/dap/dap_transfer_block.hpp"
#include "kps/jigs/dap/dap_transfer_configure.hpp"

#include <array>

using namespace kps::jigs::dap;

namespace {

/// A transfer as the queue sends it: reads and writes mixed, so the decoder must
/// know which items return data.
std::vector<TransferItem> transferItems(std::uint8_t shape) {
    std::vector<TransferItem> items;
    for (int i = 0; i < (shape & 0x0F) + 1; ++i)
        items.push_back({static_cast<std::uint8_t>((shape >> (i % 4)) & 1 ? 0x0A : 0x08), 0});
    return items;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2)
        return 0;
    const std::uint8_t selector = data[0];
    const std::span<const std::uint8_t> response(data + 1, size - 1);
    switch (selector % 11) {
    case 0:
        (void)decodeConnect(response);
        break;
    case 1:
        (void)decodeDisconnect(response);
        break;
    case 2:
        (void)decodeHostStatus(response);
        break;
    case 3:
        (void)decodeInfo(response);
        break;
    case 4:
        (void)decodeResetTarget(response);
        break;
    case 5:
        (void)decodeSwjClock(response);
        break;
    case 6:
        (void)decodeSwjPins(response);
        break;
    case 7:
        (void)decodeSwjSequence(response);
        break;
    case 8: {
        const auto items = transferItems(selector >> 4 | (size & 0xF0));
        (void)decodeTransfer(response, items);
        break;
    }
    case 9: {
        std::array<std::uint32_t, 64> reads{};
        (void)decodeTransferBlock(response, std::span(reads).first(selector % 65));
        break;
    }
    default:
        (void)decodeTransferConfigure(response);
        break;
    }
    return 0;
}
