#include "json_text.hpp"

#include "kps/reports/json_escape.hpp"

namespace kps::reports {

QByteArray JsonText::quoted(const QString& value) {
    return jsonQuoted(value.toUtf8());
}

void JsonText::separate() {
    if (needComma_)
        text_ += ", ";
    needComma_ = true;
}

void JsonText::key(const char* key) {
    separate();
    if (key) {
        text_ += '"';
        text_ += key;
        text_ += "\": ";
    }
}

JsonText& JsonText::beginObject() {
    separate();
    text_ += '{';
    needComma_ = false;
    return *this;
}

JsonText& JsonText::endObject() {
    text_ += '}';
    needComma_ = true;
    return *this;
}

JsonText& JsonText::beginArray(const char* name) {
    key(name);
    text_ += '[';
    needComma_ = false;
    return *this;
}

JsonText& JsonText::endArray() {
    text_ += ']';
    needComma_ = true;
    return *this;
}

JsonText& JsonText::field(const char* name, const QString& value) {
    key(name);
    text_ += quoted(value);
    return *this;
}

JsonText& JsonText::field(const char* name, qint64 value) {
    key(name);
    text_ += QByteArray::number(value);
    return *this;
}

JsonText& JsonText::rawField(const char* name, const QByteArray& json) {
    key(name);
    text_ += json;
    return *this;
}

JsonText& JsonText::raw(const QByteArray& json) {
    separate();
    text_ += json;
    return *this;
}

} // namespace kps::reports
