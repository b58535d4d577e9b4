#include "kps/app/commands/words.hpp"

#include <QCoreApplication>

namespace kps::app {

using namespace provisioning;

QString roleTitle(Role role) {
    switch (role) {
    case Role::Operator:
        return QCoreApplication::translate("kps::Words", "operator");
    case Role::Supervisor:
        return QCoreApplication::translate("kps::Words", "supervisor");
    case Role::Custodian:
        return QCoreApplication::translate("kps::Words", "key custodian");
    case Role::Auditor:
        return QCoreApplication::translate("kps::Words", "auditor");
    case Role::Admin:
        return QCoreApplication::translate("kps::Words", "administrator");
    }
    return {};
}

QString stepTitle(SlotStep step) {
    switch (step) {
    case SlotStep::Idle:
        return QCoreApplication::translate("kps::Words", "idle");
    case SlotStep::Attaching:
        return QCoreApplication::translate("kps::Words", "attaching");
    case SlotStep::Recovering:
        return QCoreApplication::translate("kps::Words", "recovering (re-verifying)");
    case SlotStep::Reserving:
        return QCoreApplication::translate("kps::Words", "reserving an address");
    case SlotStep::MakingKeys:
        return QCoreApplication::translate("kps::Words", "making keys");
    case SlotStep::Recording:
        return QCoreApplication::translate("kps::Words", "recording");
    case SlotStep::Programming:
        return QCoreApplication::translate("kps::Words", "programming the firmware");
    case SlotStep::Writing:
        return QCoreApplication::translate("kps::Words", "writing");
    case SlotStep::Verifying:
        return QCoreApplication::translate("kps::Words", "verifying");
    case SlotStep::Locking:
        return QCoreApplication::translate("kps::Words", "locking");
    case SlotStep::Passed:
        return QCoreApplication::translate("kps::Words", "PASS");
    case SlotStep::Failed:
        return QCoreApplication::translate("kps::Words", "FAIL");
    }
    return {};
}

QString alarmTitle(AlarmKind kind) {
    switch (kind) {
    case AlarmKind::Hsm:
        return QCoreApplication::translate("kps::Words", "HSM missing");
    case AlarmKind::Jig:
        return QCoreApplication::translate("kps::Words", "Jig stopped (probe unplugged?)");
    case AlarmKind::Quota:
        return QCoreApplication::translate("kps::Words", "Order quantity reached");
    case AlarmKind::Store:
        return QCoreApplication::translate("kps::Words", "Database failure");
    case AlarmKind::Line:
        return QCoreApplication::translate("kps::Words", "Line stopped");
    }
    return {};
}

QString orderStateTitle(OrderState state) {
    switch (state) {
    case OrderState::Open:
        return QCoreApplication::translate("kps::Words", "open");
    case OrderState::Running:
        return QCoreApplication::translate("kps::Words", "running");
    case OrderState::Closed:
        return QCoreApplication::translate("kps::Words", "closed");
    }
    return {};
}

QString keySourceTitle(KeySource source) {
    switch (source) {
    case KeySource::Manuf:
        return QCoreApplication::translate("kps::Words", "manufacturer masters (manuf)");
    case KeySource::CustomerMasters:
        return QCoreApplication::translate("kps::Words", "customer masters");
    case KeySource::CustomerList:
        return QCoreApplication::translate("kps::Words", "customer key list");
    case KeySource::Random:
        return QCoreApplication::translate("kps::Words", "random keys (HSM)");
    }
    return {};
}

} // namespace kps::app
