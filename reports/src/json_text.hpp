#pragma once
// A small writer of JSON text that keeps fields in the order they are added
// (QJsonObject sorts them), for files whose layout is fixed (docs/formats.md).
#include <QByteArray>
#include <QString>

namespace kps::reports {

class JsonText {
public:
    JsonText& beginObject();
    JsonText& endObject();
    JsonText& beginArray(const char* key = nullptr);
    JsonText& endArray();
    JsonText& field(const char* key, const QString& value);
    JsonText& field(const char* key, qint64 value);
    JsonText& rawField(const char* key, const QByteArray& json);
    JsonText& raw(const QByteArray& json);
    const QByteArray& text() const { return text_; }
    static QByteArray quoted(const QString& value);

private:
    void separate();
    void key(const char* key);
    QByteArray text_;
    bool needComma_ = false;
};

} // namespace kps::reports
