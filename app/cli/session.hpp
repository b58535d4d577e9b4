#pragma once
// The station a command works on, and who works: the station of --data opened with the
// HSM user PIN of the environment, and the user of $KPS_LOGIN (and, for dual control,
// $KPS_LOGIN2) logged in. The environment is read here and in app/core/environment.
#include "command_table.hpp"
#include "kps/app/operations/custody.hpp"
#include "kps/provisioning/station.hpp"

#include <functional>
#include <memory>

namespace kps::cli {

struct LoggedIn {
    std::unique_ptr<provisioning::Station> station;
    provisioning::Principal principal;
};

/// Checks the command's input file before anyone logs in (the check writes nothing), so
/// a bad file changes nothing, not even the audit log.
using InputCheck = std::function<provisioning::Done(provisioning::Station&)>;

/// The station of --data with the user of $KPS_LOGIN logged in.
app::CommandResult<LoggedIn> openAndLogIn(const Context& context, const InputCheck& check = {});

/// The station of --data with both key custodians of $KPS_LOGIN and $KPS_LOGIN2.
struct WithCustodians {
    std::unique_ptr<provisioning::Station> station;
    app::Custodians custodians;
};
app::CommandResult<WithCustodians> openWithCustodians(const Context& context,
                                                      const InputCheck& check = {});

/// The station of --data with the user of $KPS_LOGIN, and of $KPS_LOGIN2 when it is set
/// (the second approver of a change to the users).
struct WithApprovers {
    std::unique_ptr<provisioning::Station> station;
    provisioning::Approvers approvers;
};
app::CommandResult<WithApprovers> openWithApprovers(const Context& context);

/// A PIN the command needs of the environment ($NAME or $NAME_FILE): `missing` (with
/// `hint`) when neither is set, `unreadable` when the file cannot be read.
struct PinNeed {
    app::ExitCode missing;
    app::ExitCode unreadable;
    QString hint;
};
app::CommandResult<secure::SecretBytes> requiredPin(const QByteArray& name, const PinNeed& need);

} // namespace kps::cli
