// Key custody in the store: token objects (label, KCV), imports, listed secrets,
// destructions. No column ever holds a key value; listed secrets are wrapped under
// the order's storage KEK, which never leaves the HSM.
#include "kps/provisioning/store.hpp"
#include "sql.hpp"

namespace kps::provisioning {
namespace {

QString iso(const QDateTime& time) {
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime fromIso(const QVariant& value) {
    return value.isNull() ? QDateTime()
                          : QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

QVariant base64OrNull(const QByteArray& bytes) {
    return bytes.isEmpty() ? QVariant() : QVariant(QString::fromLatin1(bytes.toBase64()));
}

} // namespace

Done StoreCustody::recordObject(const QString& orderId, const CustodyObject& object,
                                const QString& by) {
    return sql::exec(store_.database_, QStringLiteral("record token object"),
                     QStringLiteral("INSERT INTO custody_objects (label, order_id, kind, kcv,"
                                    " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)"),
                     {object.label, orderId, custodyKindName(object.kind), object.kcv,
                      iso(object.createdAt), by});
}

Outcome<std::vector<CustodyObject>> StoreCustody::objects(const QString& orderId) {
    KPS_TRY_LET(query,
                sql::run(store_.database_, QStringLiteral("read token objects"),
                         QStringLiteral("SELECT label, kind, kcv, created_at, destroyed_at FROM"
                                        " custody_objects WHERE order_id = ? ORDER BY label"),
                         {orderId}));
    std::vector<CustodyObject> objects;
    while (query.next())
        objects.push_back({query.value(0).toString(),
                           custodyKindFrom(query.value(1).toString()).value_or(CustodyKind::Master),
                           query.value(2).toString(), fromIso(query.value(3)),
                           fromIso(query.value(4))});
    return objects;
}

Done StoreCustody::markDestroyed(const QString& orderId, const QDateTime& at) {
    return sql::exec(store_.database_, QStringLiteral("record destruction"),
                     QStringLiteral("UPDATE custody_objects SET destroyed_at = ?"
                                    " WHERE order_id = ? AND destroyed_at IS NULL"),
                     {iso(at), orderId});
}

Done StoreCustody::recordImport(const KeyImportSummary& summary, const DualControl& custodians,
                                const QDateTime& at) {
    return sql::exec(store_.database_, QStringLiteral("record key import"),
                     QStringLiteral("INSERT INTO key_imports (order_id, purpose, file_sha256,"
                                    " first_custodian, second_custodian, items, imported_at)"
                                    " VALUES (?, ?, ?, ?, ?, ?, ?)"),
                     {summary.orderId, summary.purpose, summary.fileSha256, custodians.first,
                      custodians.second, summary.items, iso(at)});
}

Outcome<qint64> StoreCustody::importCount(const QString& orderId, const QString& purpose) {
    KPS_TRY_LET(query,
                sql::run(store_.database_, QStringLiteral("read key imports"),
                         QStringLiteral(
                             "SELECT COUNT(*) FROM key_imports WHERE order_id = ? AND purpose = ?"),
                         {orderId, purpose}));
    return query.next() ? query.value(0).toLongLong() : 0;
}

Outcome<bool> StoreCustody::imported(const QString& orderId, const QString& purpose,
                                     const QString& fileSha256) {
    KPS_TRY_LET(query, sql::run(store_.database_, QStringLiteral("read key imports"),
                                QStringLiteral("SELECT 1 FROM key_imports WHERE order_id = ? AND"
                                               " purpose = ? AND file_sha256 = ?"),
                                {orderId, purpose, fileSha256}));
    return query.next();
}

Done StoreCustody::insertListedSecrets(const QString& orderId, const QString& address,
                                       const std::vector<SecretRow>& secrets) {
    for (const SecretRow& secret : secrets)
        KPS_TRY(sql::exec(
            store_.database_, QStringLiteral("record key list"),
            QStringLiteral("INSERT INTO listed_secrets (order_id, address, secret_id, role,"
                           " version, kcv, storage_wrapped) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            {orderId, address, secret.id, secretRoleName(secret.role), secret.version,
             secret.kcv.isEmpty() ? QVariant() : secret.kcv, base64OrNull(secret.storageWrapped)}));
    return {};
}

Outcome<std::vector<SecretRow>> StoreCustody::listedSecrets(const QString& orderId,
                                                            const QString& address) {
    KPS_TRY_LET(query,
                sql::run(store_.database_, QStringLiteral("read key list"),
                         QStringLiteral("SELECT secret_id, role, version, kcv, storage_wrapped"
                                        " FROM listed_secrets WHERE order_id = ? AND address = ?"
                                        " ORDER BY secret_id"),
                         {orderId, address}));
    std::vector<SecretRow> rows;
    while (query.next()) {
        KPS_TRY_LET(role, sql::secretRole(query.value(1)));
        SecretRow row{static_cast<std::uint8_t>(query.value(0).toUInt()), role};
        row.version = static_cast<std::uint8_t>(query.value(2).toUInt());
        row.kcv = query.value(3).toString();
        row.storageWrapped = QByteArray::fromBase64(query.value(4).toByteArray());
        rows.push_back(std::move(row));
    }
    return rows;
}

Outcome<QStringList> StoreCustody::listedAddresses(const QString& orderId) {
    KPS_TRY_LET(query, sql::run(store_.database_, QStringLiteral("read key list"),
                                QStringLiteral("SELECT DISTINCT address FROM listed_secrets"
                                               " WHERE order_id = ? ORDER BY address"),
                                {orderId}));
    QStringList addresses;
    while (query.next())
        addresses << query.value(0).toString();
    return addresses;
}

Done StoreCustody::recordDestruction(const DestructionRecord& record, const QString& file,
                                     const QString& sha256) {
    KPS_TRY(markDestroyed(record.orderId, record.destroyedAt));
    return sql::exec(
        store_.database_, QStringLiteral("record destruction"),
        QStringLiteral("INSERT INTO destructions (order_id, destroyed_at, first_custodian,"
                       " second_custodian, closed_by, objects, record_file, record_sha256)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        {record.orderId, iso(record.destroyedAt),
         record.custodians ? QVariant(record.custodians->first) : QVariant(),
         record.custodians ? QVariant(record.custodians->second) : QVariant(),
         record.closedBy.isEmpty() ? QVariant() : QVariant(record.closedBy),
         qint64(record.objects.size()), file, sha256});
}

Outcome<std::optional<QJsonObject>> StoreCustody::destruction(const QString& orderId) {
    KPS_TRY_LET(query,
                sql::run(store_.database_, QStringLiteral("read destruction"),
                         QStringLiteral("SELECT destroyed_at, record_file, record_sha256, objects"
                                        " FROM destructions WHERE order_id = ?"),
                         {orderId}));
    if (!query.next())
        return std::optional<QJsonObject>();
    return std::optional<QJsonObject>(
        QJsonObject{{QStringLiteral("destroyed"), query.value(0).toString()},
                    {QStringLiteral("file"), query.value(1).toString()},
                    {QStringLiteral("sha256"), query.value(2).toString()},
                    {QStringLiteral("objects"), query.value(3).toLongLong()}});
}

} // namespace kps::provisioning
