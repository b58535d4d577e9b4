#include "listing_json.hpp"

#include <QJsonArray>

namespace kps::reports::json {
namespace {

QByteArray base64(const QJsonValue& value) {
    return QByteArray::fromBase64(value.toString().toLatin1());
}

PartyRef partyFrom(const QJsonValue& value) {
    return {value[QStringLiteral("subject")].toString(),
            value[QStringLiteral("certificateSha256")].toString()};
}

KeyEntry keyFrom(const QJsonValue& value) {
    return {value[QStringLiteral("id")].toInt(), value[QStringLiteral("role")].toString(),
            value[QStringLiteral("version")].toInt(), base64(value[QStringLiteral("wrapped")]),
            value[QStringLiteral("kcv")].toString()};
}

} // namespace

ListingHeader headerFrom(const QJsonObject& header, bool hasEndpoints) {
    ListingHeader result;
    result.purpose =
        purposeFrom(header[QStringLiteral("purpose")].toString()).value_or(Purpose::Masters);
    result.order = header[QStringLiteral("order")].toString();
    result.created =
        QDateTime::fromString(header[QStringLiteral("created")].toString(), Qt::ISODateWithMs);
    result.sender = partyFrom(header[QStringLiteral("sender")]);
    result.recipient = partyFrom(header[QStringLiteral("recipient")]);
    const QJsonValue kek = header[QStringLiteral("kek")];
    result.kek = {kek[QStringLiteral("wrap")].toString(), base64(kek[QStringLiteral("wrapped")]),
                  kek[QStringLiteral("kcv")].toString()};
    if (header.contains(QStringLiteral("batch"))) {
        const QJsonValue batch = header[QStringLiteral("batch")];
        result.batch = BatchFacts{batch[QStringLiteral("station")].toString(),
                                  batch[QStringLiteral("profile")].toString(),
                                  batch[QStringLiteral("keySource")].toString(),
                                  batch[QStringLiteral("count")].toInteger()};
    }
    for (const QJsonValue master : header[QStringLiteral("masters")].toArray())
        result.masters.push_back(
            {master[QStringLiteral("name")].toString(), master[QStringLiteral("length")].toInt(),
             base64(master[QStringLiteral("wrapped")]), master[QStringLiteral("kcv")].toString()});
    result.hasEndpoints = hasEndpoints;
    return result;
}

EndpointEntry endpointFrom(const QJsonObject& entry) {
    EndpointEntry result;
    result.address = entry[QStringLiteral("address")].toString();
    for (const QJsonValue key : entry[QStringLiteral("keys")].toArray())
        result.keys.push_back(keyFrom(key));
    if (entry.contains(QStringLiteral("password")))
        result.passwordWrapped =
            base64(entry[QStringLiteral("password")][QStringLiteral("wrapped")]);
    return result;
}

quint64 addressKey(const QString& address) {
    // "KLK-12345678-01-07": manufacturer (3 x 5 bits), 8 digits, version, type.
    const QByteArray text = address.toLatin1().toUpper();
    quint64 key = 0;
    for (int i = 0; i < 3; ++i)
        key = (key << 5) | quint64((text[i] - 'A') & 0x1f);
    key = key * 100000000ULL + text.mid(4, 8).toULongLong();
    key = (key << 8) | text.mid(13, 2).toULongLong(nullptr, 16);
    return (key << 8) | text.mid(16, 2).toULongLong(nullptr, 16);
}

} // namespace kps::reports::json
