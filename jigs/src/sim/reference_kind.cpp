#include "kps/jigs/reference_endpoint.hpp"
#include "kps/jigs/sim/endpoint_kind.hpp"

namespace kps::jigs::sim {

namespace {

class ReferenceKind final : public EndpointKind {
public:
    explicit ReferenceKind(unsigned busyPolls)
        : busyPolls_(busyPolls) {}
    const TargetProfile& profile() const override { return referenceTarget(); }
    std::unique_ptr<SimulatedEndpoint> make(const std::array<std::uint8_t, 12>& uniqueId,
                                            FaultInjector* faults) const override {
        return std::make_unique<ReferenceEndpoint>(referenceTarget(), uniqueId, faults, busyPolls_);
    }
    /// The model changes nothing but its key-store page.
    std::unique_ptr<SimulatedEndpoint> restore(const std::array<std::uint8_t, 12>& uniqueId,
                                               const FlashPages& pages, bool locked,
                                               FaultInjector* faults) const override {
        auto endpoint = make(uniqueId, faults);
        const std::vector<std::uint8_t> blank(referenceTarget().keyStoreSize, 0xFF);
        const auto page = pageAt(pages, referenceTarget().keyStoreAddress);
        endpoint->restoreKeyStore(page.empty() ? std::span<const std::uint8_t>(blank) : page,
                                  locked);
        return endpoint;
    }

private:
    unsigned busyPolls_;
};

} // namespace

std::shared_ptr<const EndpointKind> referenceEndpoints(unsigned busyPolls) {
    return std::make_shared<ReferenceKind>(busyPolls);
}

} // namespace kps::jigs::sim
