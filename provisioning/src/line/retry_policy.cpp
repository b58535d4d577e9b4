#include "kps/provisioning/retry_policy.hpp"

#include <algorithm>

namespace kps::provisioning {

int RetryPolicy::attemptsFor(const QString& fault) const {
    const auto found = attempts.find(fault);
    return found == attempts.end() ? 1 : std::max(1, found->second);
}

bool RetryPolicy::reconnects(const QString& fault) const {
    return fault.startsWith(QLatin1String("swd-")) || fault == QLatin1String("usb-timeout") ||
           fault == QLatin1String("protocol") || fault == QLatin1String("probe-missing") ||
           fault == QLatin1String("bkpt-timeout"); // attach again: reset, algorithm reloaded
}

int RetryPolicy::bound() const {
    int most = 1;
    for (const auto& [fault, count] : attempts)
        most = std::max(most, count);
    return most;
}

} // namespace kps::provisioning
