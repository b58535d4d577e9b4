#include "kps/jigs/adiv5.hpp"

namespace kps::jigs::adiv5 {

Status awaitValue(DapProbe& probe, std::uint8_t apsel, std::uint32_t address, std::uint32_t mask,
                  std::uint32_t expected, std::chrono::milliseconds limit, const char* label,
                  JigFault onTimeout) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        TransferQueue queue(probe);
        MemAp ap(queue, apsel, false);
        ap.poll(address, mask, expected, label, onTimeout);
        auto polled = queue.flush();
        if (polled || polled.error().fault != onTimeout ||
            std::chrono::steady_clock::now() >= deadline)
            return polled;
    }
}

} // namespace kps::jigs::adiv5
