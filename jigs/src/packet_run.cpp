#include "packet_run.hpp"

#include "kps/jigs/cortex_m/breakpoint_run.hpp"

namespace kps::jigs {

void PacketRun::data(std::uint32_t address, std::span<const std::uint32_t> words,
                     const char* label) {
    Op op{Kind::Data};
    op.address = address;
    op.words = words;
    op.label = label;
    ops_.push_back(std::move(op));
}

void PacketRun::read(std::uint32_t address, std::span<std::uint32_t> into, const char* label) {
    Op op{Kind::Read};
    op.address = address;
    op.into = into;
    op.label = label;
    ops_.push_back(std::move(op));
}

void PacketRun::start(std::uint32_t entry, std::vector<std::uint32_t> arguments) {
    Op op{Kind::Start};
    op.address = entry;
    op.arguments = std::move(arguments);
    ops_.push_back(std::move(op));
}

AlgorithmCall& PacketRun::finish(std::string what, std::chrono::milliseconds limit,
                                 std::optional<std::uint32_t> expected) {
    calls_.push_back({std::move(what), 0xFFFFFFFF, 0});
    Op op{Kind::Finish};
    op.call = &calls_.back();
    op.limit = limit;
    op.expected = expected;
    ops_.push_back(std::move(op));
    return calls_.back();
}

Status PacketRun::send(std::size_t from, bool resultsOnly, std::optional<std::size_t>& late) {
    TransferQueue queue(probe_);
    adiv5::MemAp ap(queue, target_.memAp, false);
    ap.setAutoIncrementBlock(target_.autoIncrementBlock);
    std::vector<std::pair<std::size_t, std::size_t>> waits; // queue item, op
    for (std::size_t i = from; i < ops_.size(); ++i) {
        Op& op = ops_[i];
        switch (op.kind) {
        case Kind::Load:
            runner_.queueLoad(ap);
            break;
        case Kind::Data:
            ap.writeWords(op.address, op.words, op.label);
            break;
        case Kind::Read:
            ap.readWords(op.address, op.into, op.label);
            break;
        case Kind::Start:
            runner_.queueStart(ap, op.address, op.arguments);
            break;
        case Kind::Finish:
            if (i == from && resultsOnly)
                runner_.queueResults(ap, *op.call);
            else
                waits.emplace_back(runner_.queueFinish(ap, *op.call), i);
            break;
        }
    }
    ap.leaveBanked(); // the next MemAp may assume bank 0
    auto sent = queue.flush();
    late.reset();
    if (!sent && sent.error().fault == JigFault::BreakpointTimeout && queue.failedItem())
        for (const auto& [item, op] : waits)
            if (item == *queue.failedItem())
                late = op;
    return sent;
}

Status PacketRun::flush() {
    std::size_t from = 0;
    bool resultsOnly = false;
    for (;;) {
        std::optional<std::size_t> late;
        auto sent = send(from, resultsOnly, late);
        if (sent)
            break;
        if (!late)
            return sent;
        // The call is still running after the probe's match retries: wait for it up to
        // its own limit, then read its results and send the rest again.
        const Op& op = ops_[*late];
        KPS_TRY(cortex_m::awaitBreakpoint(probe_, target_.memAp, op.limit, op.call->what.c_str()));
        from = *late;
        resultsOnly = true;
    }
    for (const Op& op : ops_)
        if (op.kind == Kind::Finish)
            KPS_TRY(runner_.check(*op.call, op.expected.value_or(op.call->r0), probe_.where()));
    return {};
}

} // namespace kps::jigs
