#pragma once
// Commands the order, line and auditor views use: read the station's state, register
// an order file, start or hold an order, close an order (exports, key destruction),
// verify the audit chain, show a batch report. Each moves one operation
// (operations/) to a worker; its result is kept for the view once finished() came.
#include "kps/app/commands/command.hpp"
#include "kps/app/commands/metatypes.hpp"
#include "kps/app/operations/close.hpp"
#include "kps/app/operations/orders.hpp"
#include "kps/app/operations/report_view.hpp"

namespace kps::app {

class LoadStationCommand final : public Command {
    Q_OBJECT
public:
    LoadStationCommand(StationHost& host, provisioning::Principal by, QObject* parent = nullptr);
    const StationSnapshot* snapshot() const { return resultAs<StationSnapshot>(); }
};

class AddOrderCommand final : public Command {
    Q_OBJECT
public:
    AddOrderCommand(StationHost& host, provisioning::Principal by, QString orderFile,
                    QObject* parent = nullptr);
    const provisioning::OrderRecord* order() const { return resultAs<provisioning::OrderRecord>(); }
};

/// A supervisor releases an order to the line (open -> running) or holds it (running ->
/// open). Operators run only running orders; the engine enforces both.
class ChangeOrderStateCommand final : public Command {
    Q_OBJECT
public:
    ChangeOrderStateCommand(StationHost& host, provisioning::Principal by, QString orderId,
                            provisioning::OrderState to, QObject* parent = nullptr);
};

/// Not cancellable once started: an export and its key destruction run to the end. The
/// report's PDF is drawn on the GUI thread, as the command line draws it.
class CloseOrderCommand final : public Command {
    Q_OBJECT
public:
    CloseOrderCommand(StationHost& host, provisioning::Principal by, QString orderId,
                      QObject* parent = nullptr);
    const CloseSummary* summary() const { return resultAs<CloseSummary>(); }
};

/// The audit check `kps audit verify` makes: a shared registry's chains each on its own.
class VerifyAuditCommand final : public Command {
    Q_OBJECT
public:
    VerifyAuditCommand(StationHost& host, provisioning::Principal by, QObject* parent = nullptr);
    const provisioning::AuditVerification* verification() const {
        return resultAs<provisioning::AuditVerification>();
    }
};

/// An order's batch report for the auditor's view: verified, then read.
class ShowReportCommand final : public Command {
    Q_OBJECT
public:
    ShowReportCommand(StationHost& host, provisioning::Principal by, QString orderId,
                      QObject* parent = nullptr);
    const ReportView* view() const { return resultAs<ReportView>(); }
};

} // namespace kps::app
