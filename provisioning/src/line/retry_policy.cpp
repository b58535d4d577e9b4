#include "kps/provisioning/retry_policy.hpp"

#include <algorithm>

namespace kps::provisioning {

int RetryPolicy::attemptsFor(Fault fault) const {
    const auto found = attempts.find(fault);
    return found == attempts.end() ? 1 : std::max(1, found->second);
}

bool RetryPolicy::reconnects(Fault fault) {
    switch (fault) {
    case Fault::SwdWait:
    case Fault::SwdFault:
    case Fault::UsbTimeout:
    case Fault::Protocol:
    case Fault::ProbeMissing:
    case Fault::BreakpointTimeout: // attach again: reset, the algorithm reloaded
        return true;
    default:
        return false;
    }
}

int RetryPolicy::bound() const {
    int most = 1;
    for (const auto& [fault, count] : attempts)
        most = std::max(most, count);
    return most;
}

} // namespace kps::provisioning
