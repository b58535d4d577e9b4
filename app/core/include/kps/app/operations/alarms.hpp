#pragma once
// A supervisor acknowledges an alarm: either the supervisor logged in at the station,
// or one who badges in for this acknowledgement alone (user + PIN, checked here).
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"
#include "kps/secure/secret_bytes.hpp"

namespace kps::app {

/// Someone who acts now: a principal already logged in, or a login and PIN to check.
struct Acting {
    std::optional<provisioning::Principal> principal;
    QString login;
    secure::SecretBytes pin;

    static Acting as(provisioning::Principal principal);
    static Acting withPin(QString login, secure::SecretBytes pin);
};

/// Logs in an Acting (if needed); the PIN is wiped either way.
CommandResult<provisioning::Principal> authenticateActing(provisioning::Station& station,
                                                          Acting& acting);

struct Acknowledged {
    provisioning::AlarmRecord alarm;
    std::vector<provisioning::AlarmRecord> open; // every open alarm afterwards
};

/// Acknowledges alarm `id` as `by` (a supervisor); refused (and audited) otherwise.
CommandResult<Acknowledged> acknowledgeAlarm(provisioning::Station& station, Acting& by, qint64 id,
                                             const QString& note);

} // namespace kps::app
