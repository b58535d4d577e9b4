#include "kps/provisioning/roles.hpp"

#include <initializer_list>

namespace kps::provisioning {

bool allowed(Role role, Action action) {
    const auto in = [action](std::initializer_list<Action> actions) {
        for (Action a : actions)
            if (a == action)
                return true;
        return false;
    };
    switch (role) {
    case Role::Operator:
        return in({Action::RunOrder, Action::ViewOrders});
    case Role::Supervisor:
        return in({Action::RunOrder, Action::ViewOrders, Action::AddOrder, Action::CloseOrder,
                   Action::ChangeOrderState, Action::AcknowledgeAlarm, Action::WriteReport,
                   Action::VerifyAudit});
    case Role::Custodian:
        return in({Action::ViewOrders, Action::ImportMasters, Action::ImportKeyList,
                   Action::DestroyKeys, Action::ExportEvalKit, Action::ApproveCustodian,
                   Action::RecoverAdmin});
    case Role::Auditor:
        return in({Action::ViewOrders, Action::WriteReport, Action::VerifyAudit});
    case Role::Admin:
        return in({Action::ViewOrders, Action::ManageUsers});
    }
    return false;
}

QString roleName(Role role) {
    switch (role) {
    case Role::Operator:
        return QStringLiteral("operator");
    case Role::Supervisor:
        return QStringLiteral("supervisor");
    case Role::Custodian:
        return QStringLiteral("custodian");
    case Role::Auditor:
        return QStringLiteral("auditor");
    case Role::Admin:
        return QStringLiteral("admin");
    }
    return {};
}

std::optional<Role> roleFrom(const QString& name) {
    for (Role role :
         {Role::Operator, Role::Supervisor, Role::Custodian, Role::Auditor, Role::Admin})
        if (roleName(role) == name)
            return role;
    return std::nullopt;
}

QString actionName(Action action) {
    switch (action) {
    case Action::RunOrder:
        return QStringLiteral("run order");
    case Action::ViewOrders:
        return QStringLiteral("view orders");
    case Action::AddOrder:
        return QStringLiteral("add order");
    case Action::CloseOrder:
        return QStringLiteral("close order");
    case Action::ChangeOrderState:
        return QStringLiteral("start or hold order");
    case Action::AcknowledgeAlarm:
        return QStringLiteral("acknowledge alarm");
    case Action::WriteReport:
        return QStringLiteral("write report");
    case Action::VerifyAudit:
        return QStringLiteral("verify audit");
    case Action::ImportMasters:
        return QStringLiteral("import masters");
    case Action::ImportKeyList:
        return QStringLiteral("import key list");
    case Action::DestroyKeys:
        return QStringLiteral("destroy keys");
    case Action::ExportEvalKit:
        return QStringLiteral("export evaluation kit");
    case Action::ManageUsers:
        return QStringLiteral("manage users");
    case Action::ApproveCustodian:
        return QStringLiteral("approve a key custodian");
    case Action::RecoverAdmin:
        return QStringLiteral("recover an administrator");
    }
    return {};
}

} // namespace kps::provisioning
