#pragma once
// Commands the order, line and auditor views use: read the station's state, register
// an order file, close an order (exports, key destruction), verify the audit chain.
#include "kps/app/audit_check.hpp"
#include "kps/app/commands/command.hpp"
#include "kps/app/commands/metatypes.hpp"
#include "kps/app/order_close.hpp"

namespace kps::app {

/// Orders and open alarms, as a role allowed to view orders sees them.
struct StationSnapshot {
    std::vector<provisioning::OrderRecord> orders;
    std::vector<provisioning::AlarmRecord> openAlarms;
};

class LoadStationCommand final : public Command {
    Q_OBJECT
public:
    LoadStationCommand(StationHost& host, provisioning::Principal by, QObject* parent = nullptr);
    ~LoadStationCommand() override { stopAndWait(); }
    const StationSnapshot& snapshot() const { return snapshot_; }

protected:
    CommandReport work(provisioning::Station& station, const std::atomic<bool>& cancelled) override;
    void done() override { snapshot_ = std::move(loaded_); }

private:
    provisioning::Principal by_;
    StationSnapshot loaded_, snapshot_;
};

class AddOrderCommand final : public Command {
    Q_OBJECT
public:
    AddOrderCommand(StationHost& host, provisioning::Principal by, QString orderFile,
                    QObject* parent = nullptr);
    ~AddOrderCommand() override { stopAndWait(); }
    const std::optional<provisioning::OrderRecord>& order() const { return order_; }

protected:
    CommandReport work(provisioning::Station& station, const std::atomic<bool>& cancelled) override;
    void done() override { order_ = std::move(added_); }

private:
    provisioning::Principal by_;
    QString file_;
    std::optional<provisioning::OrderRecord> added_, order_;
};

/// A supervisor releases an order to the line (open -> running) or holds it (running ->
/// open). Operators run only running orders; the engine enforces both.
class ChangeOrderStateCommand final : public Command {
    Q_OBJECT
public:
    ChangeOrderStateCommand(StationHost& host, provisioning::Principal by, QString orderId,
                            provisioning::OrderState to, QObject* parent = nullptr);
    ~ChangeOrderStateCommand() override { stopAndWait(); }

protected:
    CommandReport work(provisioning::Station& station, const std::atomic<bool>& cancelled) override;

private:
    provisioning::Principal by_;
    QString orderId_;
    provisioning::OrderState to_;
};

/// Not cancellable once started: an export and its key destruction run to the end.
class CloseOrderCommand final : public Command {
    Q_OBJECT
public:
    CloseOrderCommand(StationHost& host, provisioning::Principal by, QString orderId,
                      QObject* parent = nullptr);
    ~CloseOrderCommand() override { stopAndWait(); }
    const std::optional<CloseSummary>& summary() const { return summary_; }

protected:
    CommandReport work(provisioning::Station& station, const std::atomic<bool>& cancelled) override;
    void done() override { summary_ = std::move(closed_); }

private:
    provisioning::Principal by_;
    QString orderId_;
    std::optional<CloseSummary> closed_, summary_;
};

class VerifyAuditCommand final : public Command {
    Q_OBJECT
public:
    VerifyAuditCommand(StationHost& host, provisioning::Principal by, QObject* parent = nullptr);
    ~VerifyAuditCommand() override { stopAndWait(); }
    const std::optional<AuditVerification>& verification() const { return verification_; }

protected:
    CommandReport work(provisioning::Station& station, const std::atomic<bool>& cancelled) override;
    void done() override { verification_ = std::move(checked_); }

private:
    provisioning::Principal by_;
    std::optional<AuditVerification> checked_, verification_;
};

} // namespace kps::app
