#include "kps/provisioning/custody.hpp"

#include <QJsonArray>

namespace kps::provisioning {

QString custodyKindName(CustodyKind kind) {
    switch (kind) {
    case CustodyKind::CustomerKek:
        return QStringLiteral("customer-kek");
    case CustodyKind::HeadendKek:
        return QStringLiteral("headend-kek");
    case CustodyKind::StorageKek:
        return QStringLiteral("storage-kek");
    case CustodyKind::Master:
        return QStringLiteral("master");
    }
    return {};
}

std::optional<CustodyKind> custodyKindFrom(const QString& name) {
    for (auto kind : {CustodyKind::CustomerKek, CustodyKind::HeadendKek, CustodyKind::StorageKek,
                      CustodyKind::Master})
        if (custodyKindName(kind) == name)
            return kind;
    return std::nullopt;
}

QJsonObject destructionJson(const DestructionRecord& record, const QString& station,
                            const QString& stationCertificateSha256, const QString& hsm) {
    QJsonArray objects;
    for (const CustodyObject& object : record.objects)
        objects.append(QJsonObject{
            {QStringLiteral("label"), object.label},
            {QStringLiteral("kind"), custodyKindName(object.kind)},
            {QStringLiteral("kcv"), object.kcv},
            {QStringLiteral("created"), object.createdAt.toUTC().toString(Qt::ISODate)}});
    QJsonObject json{
        {QStringLiteral("format"), QStringLiteral("kps-destruction/1")},
        {QStringLiteral("order"), record.orderId},
        {QStringLiteral("keySource"), record.keySource},
        {QStringLiteral("station"), station},
        {QStringLiteral("stationCertificateSha256"), stationCertificateSha256},
        {QStringLiteral("hsm"), hsm},
        {QStringLiteral("destroyed"), record.destroyedAt.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("objects"), objects},
        {QStringLiteral("verifiedAbsent"), record.verifiedAbsent},
    };
    if (record.custodians)
        json.insert(QStringLiteral("custodians"),
                    QJsonArray{record.custodians->first, record.custodians->second});
    if (!record.closedBy.isEmpty())
        json.insert(QStringLiteral("closedBy"), record.closedBy);
    return json;
}

} // namespace kps::provisioning
