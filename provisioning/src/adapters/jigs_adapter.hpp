#pragma once
// A jigs::Jig behind provisioning's EndpointJig port.
#include "kps/jigs/jig.hpp"
#include "kps/provisioning/ports/endpoint_jig.hpp"

namespace kps::provisioning {

JigFailure failureOf(const jigs::JigError& error);
std::unique_ptr<EndpointJig> adaptJig(std::unique_ptr<jigs::Jig> jig);

} // namespace kps::provisioning
