#pragma once
// A forward-only reader of JSON text from a file. It finds where each value begins
// and ends without building it, so one value at a time can be parsed (QJsonDocument)
// or skipped: a listing of a million endpoints is read in constant memory. Every
// byte read can also go into hashes (the signature covers the exact bytes). As it
// reads it checks the text as the whole-file parser does (schemas/text_checks.hpp):
// byte order mark, UTF-8, size limit; textProblem() names the first one found.
#include "kps/reports/report_error.hpp"
#include "kps/schemas/text_checks.hpp"

#include <QCryptographicHash>
#include <QIODevice>
#include <QJsonValue>
#include <optional>
#include <vector>

namespace kps::reports {

struct TextPosition {
    qint64 offset = 0;
    qint64 line = 1;
    qint64 column = 1;
    QString text() const;
};

class JsonStream {
public:
    /// `maxBytes` > 0: reading stops after that many bytes and the file is too large.
    JsonStream(QIODevice& device, QString file, qint64 maxBytes = 0);
    JsonStream(const JsonStream&) = delete;
    JsonStream& operator=(const JsonStream&) = delete;

    /// Every byte from the current position to the end also goes into `hash`.
    void hashFromHere(QCryptographicHash& hash);
    /// Moves to a position found by an earlier pass (only before any hash is attached).
    bool seek(const TextPosition& at);

    void skipWhitespace();
    /// The next byte (after whitespace), or -1 at the end.
    int peekToken();
    /// Consumes `expected` (after whitespace) or fails naming what was found.
    ReportResult<void> expect(char expected, const char* context);
    /// An object key and its colon.
    ReportResult<QString> readKey();
    /// The raw text of the next value; with a null sink the value is only skipped.
    ReportResult<void> readValue(QByteArray* sink, qint64 maxBytes, const QString& place);
    /// Parses one value's raw text, reporting syntax errors at their line and column.
    ReportResult<QJsonValue> parse(const QByteArray& raw, const TextPosition& start) const;
    /// The same, and no member twice in any of its objects; `pointer` is the value's
    /// place in the file ("/kek", "/endpoints/3").
    ReportResult<QJsonValue> parseValue(const QByteArray& raw, const TextPosition& start,
                                        const QString& pointer) const;
    /// A member seen twice at the top of the document (the stream reads those itself).
    tl::unexpected<ReportError> duplicateAt(const QString& key, const TextPosition& at,
                                            const TextPosition& first) const;
    /// Reads (and hashes) whatever is left; where the first byte other than whitespace
    /// was, if there was one.
    std::optional<TextPosition> drainToEnd();
    /// What is wrong with the text read so far, before any syntax: a byte order mark,
    /// a file larger than the limit, bytes that are not UTF-8 (in that order).
    std::optional<ReportError> textProblem() const;

    TextPosition position() const { return position_; }
    tl::unexpected<ReportError> syntaxError(const QString& reason) const;
    tl::unexpected<ReportError> syntaxErrorAt(const TextPosition& at, const QString& reason) const;
    const QString& file() const { return file_; }

private:
    struct Observer {
        QCryptographicHash* hash;
        qsizetype from; // index in buffer_ from which this hash still has to take bytes
    };
    bool refill();
    void checkText(const TextPosition& chunkStart);
    int peek() {
        return next_ < buffer_.size() || refill() ? static_cast<unsigned char>(buffer_[next_]) : -1;
    }
    void advance();
    ReportResult<void> readString(QByteArray* sink, qint64 maxBytes, const QString& place);
    ReportResult<void> readNested(QByteArray* sink, qint64 maxBytes, const QString& place);
    void take(QByteArray* sink, char c);

    QIODevice& device_;
    QString file_;
    QByteArray buffer_;
    qsizetype next_ = 0;
    bool ended_ = false;
    TextPosition position_;
    std::vector<Observer> observers_;
    qint64 maxBytes_ = 0;
    qint64 bytesRead_ = 0;
    bool byteOrderMark_ = false;
    bool tooLarge_ = false;
    schemas::Utf8Check utf8_;
    std::optional<std::pair<qint64, TextPosition>> badUtf8_; // offset, line and column
};

} // namespace kps::reports
