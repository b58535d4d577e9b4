#pragma once
// Alarms of the line (HSM missing, a jig's probe unplugged, the order's quantity
// reached, ...): raised by whoever runs the line, shown until a supervisor
// acknowledges them. Both steps are audited (alarm.raised, alarm.acknowledged);
// only a role allowed Action::AcknowledgeAlarm may acknowledge (Line checks it).
#include "kps/provisioning/error.hpp"
#include "kps/provisioning/roles.hpp"

#include <QDateTime>
#include <QString>
#include <vector>

namespace kps::provisioning {

class Store;

enum class AlarmKind {
    Hsm,   // the HSM is missing or failing: the line stopped
    Jig,   // a slot stopped (probe unplugged, endpoint missing, repeated faults)
    Quota, // the order's quantity is reached: nothing more may be provisioned
    Store, // the database failed: the line stopped
    Line,  // any other reason the line stopped
};
QString alarmKindName(AlarmKind kind);
std::optional<AlarmKind> alarmKindFrom(const QString& name);

/// What the line reports; the store adds the id and the times.
struct AlarmNotice {
    AlarmKind kind = AlarmKind::Line;
    QString orderId;
    int slot = 0; // 0: the whole line
    QString message;
    QDateTime raisedAt;
};

struct AlarmRecord {
    qint64 id = 0;
    AlarmNotice notice;
    QString raisedBy;
    QDateTime acknowledgedAt; // invalid while open
    QString acknowledgedBy;
    QString note;
    bool open() const { return !acknowledgedAt.isValid(); }
};

/// Records an alarm and its audit row in one transaction.
Outcome<AlarmRecord> raiseAlarm(Store& store, const QString& actor, const AlarmNotice& notice);

/// Alarms not yet acknowledged, oldest first.
Outcome<std::vector<AlarmRecord>> openAlarms(Store& store);
Outcome<std::optional<AlarmRecord>> alarm(Store& store, qint64 id);

/// Acknowledges an open alarm as `user` (whose role the caller checked); refused if the
/// alarm is unknown or acknowledged already.
Outcome<AlarmRecord> acknowledgeAlarm(Store& store, const QString& user, qint64 id,
                                      const QString& note);

} // namespace kps::provisioning
