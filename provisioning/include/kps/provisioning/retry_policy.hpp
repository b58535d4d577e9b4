#pragma once
// How often an endpoint is tried again after a jig fault, by the fault's stable name.
// Every retry of an endpoint uses the same address and the same keys (the record is
// kept, or made again and checked against the stored KCVs), so a retry is idempotent.
// The bound is per endpoint: attempts(fault) counts the first try, so an endpoint is
// written at most max(attempts) times before it is failed with the fault as reason.
#include <QString>
#include <map>

namespace kps::provisioning {

struct RetryPolicy {
    /// Attempts per fault, first try included; a fault not listed gets one (no retry).
    std::map<QString, int> attempts = {
        {QStringLiteral("flash-program"), 3}, {QStringLiteral("verify-mismatch"), 3},
        {QStringLiteral("swd-wait"), 3},      {QStringLiteral("swd-fault"), 3},
        {QStringLiteral("usb-timeout"), 3},   {QStringLiteral("protocol"), 2},
        {QStringLiteral("probe-missing"), 2}, {QStringLiteral("bkpt-timeout"), 2},
    };

    int attemptsFor(const QString& fault) const;
    /// Faults after which the jig connects to the endpoint again before the next try.
    bool reconnects(const QString& fault) const;
    /// The most attempts any fault allows (the bound tests check).
    int bound() const;
};

} // namespace kps::provisioning
