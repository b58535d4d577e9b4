#pragma once
// Key custody as values: the token objects the station keeps for an order, the
// imports the key custodians made, and the record of their destruction.
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace kps::provisioning {

enum class CustodyKind { CustomerKek, HeadendKek, StorageKek, Master };
QString custodyKindName(CustodyKind kind);
std::optional<CustodyKind> custodyKindFrom(const QString& name);

/// A token object kept for an order, known by label and KCV (never by value).
struct CustodyObject {
    QString label;
    CustodyKind kind = CustodyKind::Master;
    QString kcv;
    QDateTime createdAt;
    QDateTime destroyedAt; // invalid while the object exists
};

/// Two different logged-in key custodians (checked by Custody::requireDualControl).
struct DualControl {
    QString first;
    QString second;
};

struct KeyImportSummary {
    QString orderId;
    QString purpose; // masters, key-list
    QString fileSha256;
    qint64 items = 0;   // masters, or endpoints of a key list
    QStringList labels; // token objects created (masters)
    QStringList kcvs;
};

/// What was destroyed, when, by whom; signed by the station key into
/// exports/ORDER/ORDER-destruction.json (kps-destruction/1).
struct DestructionRecord {
    QString orderId;
    QString keySource;
    QDateTime destroyedAt;
    std::optional<DualControl> custodians; // customer-masters / customer-list orders
    QString closedBy;                      // manuf / random orders: the supervisor
    std::vector<CustodyObject> objects;
    bool verifiedAbsent = false;
};

/// The destruction record as the signed JSON document (kps-destruction/1).
QJsonObject destructionJson(const DestructionRecord& record, const QString& station,
                            const QString& stationCertificateSha256, const QString& hsm);

} // namespace kps::provisioning
