#pragma once
// An in-process jig on the simulated line: no USB, no SWD, direct memory access.
#include "kps/jigs/jig.hpp"
#include "kps/jigs/reference_endpoint.hpp"

#include <optional>

namespace kps::jigs {

class SimulatedLine;

class SimulatedJig final : public Jig {
public:
    SimulatedJig(SimulatedLine& line, int slot);
    ~SimulatedJig() override;

    std::string serial() const override;
    Result<EndpointIdentity> attach() override;
    Status writeKeyStore(std::span<const std::uint8_t> record) override;
    Status readKeyStore(std::span<std::uint8_t> out) override;
    Status lockAndReset() override;
    void detach() noexcept override;

private:
    Status requireEndpoint(const char* what) const;
    SimulatedLine& line_;
    int slot_;
    std::optional<ReferenceEndpoint> endpoint_;
};

} // namespace kps::jigs
