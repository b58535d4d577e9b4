#include "listing_format.hpp"

#include "json_text.hpp"

#include <QJsonArray>

namespace kps::reports::format {
namespace {

QString base64(const QByteArray& bytes) {
    return QString::fromLatin1(bytes.toBase64());
}

QByteArray party(const PartyRef& ref) {
    JsonText json;
    json.beginObject()
        .field("subject", ref.subject)
        .field("certificateSha256", ref.certificateSha256)
        .endObject();
    return json.text();
}

QByteArray kek(const KekBlock& block) {
    JsonText json;
    json.beginObject()
        .field("wrap", block.wrap)
        .field("wrapped", base64(block.wrapped))
        .field("kcv", block.kcv)
        .endObject();
    return json.text();
}

QByteArray batch(const BatchFacts& facts) {
    JsonText json;
    json.beginObject()
        .field("station", facts.station)
        .field("profile", facts.profile)
        .field("keySource", facts.keySource)
        .field("count", facts.count)
        .endObject();
    return json.text();
}

QByteArray master(const MasterEntry& entry) {
    JsonText json;
    json.beginObject()
        .field("name", entry.name)
        .field("length", entry.length)
        .field("wrapped", base64(entry.wrapped))
        .field("kcv", entry.kcv)
        .endObject();
    return json.text();
}

QByteArray key(const KeyEntry& entry) {
    JsonText json;
    json.beginObject()
        .field("id", entry.id)
        .field("role", entry.role)
        .field("version", entry.version)
        .field("wrapped", base64(entry.wrapped))
        .field("kcv", entry.kcv)
        .endObject();
    return json.text();
}

QByteArray line(const char* name, const QByteArray& json) {
    return QByteArray("  \"") + name + "\": " + json;
}

} // namespace

QByteArray endpointText(const EndpointEntry& endpoint) {
    JsonText keys;
    keys.beginArray();
    for (const KeyEntry& entry : endpoint.keys)
        keys.raw(key(entry));
    keys.endArray();
    JsonText json;
    json.beginObject().field("address", endpoint.address).rawField("keys", keys.text());
    if (!endpoint.passwordWrapped.isEmpty()) {
        JsonText password;
        password.beginObject().field("wrapped", base64(endpoint.passwordWrapped)).endObject();
        json.rawField("password", password.text());
    }
    json.endObject();
    return json.text();
}

QByteArray headerText(const ListingHeader& header) {
    QByteArrayList lines;
    lines << line("format", JsonText::quoted(QStringLiteral("kps-listing/1")))
          << line("purpose", JsonText::quoted(purposeName(header.purpose)))
          << line("order", JsonText::quoted(header.order))
          << line("created", JsonText::quoted(header.created.toUTC().toString(Qt::ISODate)))
          << line("sender", party(header.sender)) << line("recipient", party(header.recipient))
          << line("kek", kek(header.kek))
          << line("keyWrap", JsonText::quoted(QStringLiteral("aes-kwp")));
    if (header.batch)
        lines << line("batch", batch(*header.batch));
    if (!header.masters.empty()) {
        QByteArrayList masters;
        for (const MasterEntry& entry : header.masters)
            masters << "    " + master(entry);
        lines << line("masters", "[\n" + masters.join(",\n") + "\n  ]");
    }
    QByteArray text = "{\n" + lines.join(",\n");
    if (header.hasEndpoints)
        text += ",\n  \"endpoints\": [";
    return text;
}

} // namespace kps::reports::format
