#include "json_text.hpp"

namespace kps::reports {

QByteArray JsonText::quoted(const QString& value) {
    const QByteArray utf8 = value.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out += '"';
    for (char c : utf8) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out += QByteArray("\\u00") +
                       QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    out += '"';
    return out;
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
