#pragma once
// How often an endpoint is tried again after a jig fault, by the fault. Every retry of an
// endpoint uses the same address and the same keys (the record is kept, or made again
// and checked against the stored KCVs), so a retry is idempotent. The bound is per
// endpoint: attemptsFor(fault) counts the first try, so an endpoint is written at most
// max(attempts) times before it is failed with the fault as reason.
#include "kps/provisioning/fault.hpp"

#include <map>

namespace kps::provisioning {

struct RetryPolicy {
    /// Attempts per fault, first try included; a fault not listed gets one (no retry).
    std::map<Fault, int> attempts = {
        {Fault::FlashProgram, 3}, {Fault::VerifyMismatch, 3},    {Fault::SwdWait, 3},
        {Fault::SwdFault, 3},     {Fault::UsbTimeout, 3},        {Fault::Protocol, 2},
        {Fault::ProbeMissing, 2}, {Fault::BreakpointTimeout, 2},
    };

    int attemptsFor(Fault fault) const;
    /// Faults after which the jig connects to the endpoint again before the next try.
    static bool reconnects(Fault fault);
    /// The most attempts any fault allows (the bound tests check).
    int bound() const;
};

} // namespace kps::provisioning
