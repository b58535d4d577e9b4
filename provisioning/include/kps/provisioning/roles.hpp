#pragma once
// Who may do what (least privilege). The engine checks every action against this
// matrix; the GUI only hides what the engine would refuse anyway.
//
//                    operator supervisor custodian auditor admin
//   run order            x        x
//   view orders          x        x         x         x      x
//   add / close order             x
//   start / hold order            x
//   acknowledge alarm             x
//   write report                  x                   x
//   verify audit                  x                   x
//   import masters / lists                  x
//   destroy keys                            x
//   export eval kit                         x
//   manage users                                             x
//   approve a custodian's enrolment / PIN reset x (with an administrator)
//   recover an administrator                x (two custodians, no administrator enabled)
#include <QString>
#include <optional>

namespace kps::provisioning {

enum class Role { Operator, Supervisor, Custodian, Auditor, Admin };

enum class Action {
    RunOrder,
    ViewOrders,
    AddOrder,
    CloseOrder,
    ChangeOrderState, // start (open -> running) and hold (running -> open)
    AcknowledgeAlarm,
    WriteReport,
    VerifyAudit,
    ImportMasters,
    ImportKeyList,
    DestroyKeys,
    ExportEvalKit,
    ManageUsers,
    ApproveCustodian, // the second approver of a custodian's enrolment or PIN reset
    RecoverAdmin,     // two custodians re-enable or reset an administrator (none enabled)
};

bool allowed(Role role, Action action);
QString roleName(Role role);
std::optional<Role> roleFrom(const QString& name);
QString actionName(Action action);

/// Someone logged in at the station.
struct Principal {
    QString user;
    Role role = Role::Operator;
};

} // namespace kps::provisioning
