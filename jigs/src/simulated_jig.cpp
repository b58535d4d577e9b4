#include "simulated_jig.hpp"

#include "kps/jigs/simulated_line.hpp"

namespace kps::jigs {

using Map = ReferenceMemoryMap;

SimulatedJig::SimulatedJig(SimulatedLine& line, int slot)
    : line_(line)
    , slot_(slot) {}

SimulatedJig::~SimulatedJig() {
    detach();
}

std::string SimulatedJig::serial() const {
    return "KPS-SIM-" + std::to_string(slot_);
}

Status SimulatedJig::requireEndpoint(const char* what) const {
    if (!endpoint_)
        return fail(JigFault::NoTarget, what, serial(), "attach an endpoint first");
    if (endpoint_->locked())
        return fail(JigFault::TargetLocked, what, serial(), "the endpoint is locked already");
    return {};
}

Result<EndpointIdentity> SimulatedJig::attach() {
    endpoint_.emplace(line_.nextUniqueId());
    return EndpointIdentity{endpoint_->uniqueId(), Map::dpidr};
}

Status SimulatedJig::writeKeyStore(std::span<const std::uint8_t> record) {
    if (auto ready = requireEndpoint("write key store"); !ready)
        return ready;
    if (record.size() > Map::pageSize)
        return fail(JigFault::FlashProgram, "write key store", serial(),
                    "record larger than a page");
    endpoint_->erasePage(Map::keyStoreAddress);
    if (line_.nextWriteFails())
        return fail(JigFault::FlashProgram, "write key store", serial(),
                    "flash program error (simulated): retry or scrap the endpoint");
    endpoint_->program(Map::keyStoreAddress, record);
    return {};
}

Status SimulatedJig::readKeyStore(std::span<std::uint8_t> out) {
    if (auto ready = requireEndpoint("read key store"); !ready)
        return ready;
    endpoint_->read(Map::keyStoreAddress, out);
    return {};
}

Status SimulatedJig::lockAndReset() {
    if (auto ready = requireEndpoint("lock endpoint"); !ready)
        return ready;
    endpoint_->lock();
    return {};
}

void SimulatedJig::detach() noexcept {
    if (endpoint_ && endpoint_->locked())
        line_.archive(*endpoint_);
    endpoint_.reset();
}

} // namespace kps::jigs
