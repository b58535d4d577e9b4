#include "json_stream.hpp"

#include <QJsonArray>
#include <QJsonDocument>

namespace kps::reports {
namespace {

constexpr qsizetype kChunk = 1 << 20;

bool isWhitespace(int c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool endsScalar(int c) {
    return c < 0 || isWhitespace(c) || c == ',' || c == '}' || c == ']';
}

} // namespace

QString TextPosition::text() const {
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

JsonStream::JsonStream(QIODevice& device, QString file, qint64 maxBytes)
    : device_(device)
    , file_(std::move(file))
    , maxBytes_(maxBytes) {}

void JsonStream::hashFromHere(QCryptographicHash& hash) {
    observers_.push_back({&hash, next_});
}

bool JsonStream::seek(const TextPosition& at) {
    if (!observers_.empty() || !device_.seek(at.offset))
        return false;
    buffer_.clear();
    next_ = 0;
    ended_ = false;
    position_ = at;
    return true;
}

bool JsonStream::refill() {
    for (Observer& observer : observers_) {
        if (observer.from < buffer_.size())
            observer.hash->addData(QByteArrayView(buffer_.constData() + observer.from,
                                                  buffer_.size() - observer.from));
        observer.from = 0;
    }
    buffer_.clear();
    next_ = 0;
    if (ended_)
        return false;
    const qint64 room = maxBytes_ > 0 ? maxBytes_ + 1 - bytesRead_ : kChunk;
    buffer_ = device_.read(std::min<qint64>(kChunk, room));
    if (maxBytes_ > 0 && bytesRead_ + buffer_.size() > maxBytes_) {
        tooLarge_ = true; // a pipe or a device has no size: stop at the limit
        buffer_.truncate(maxBytes_ - bytesRead_);
    }
    checkText(position_);
    bytesRead_ += buffer_.size();
    ended_ = buffer_.isEmpty() || tooLarge_;
    return !buffer_.isEmpty();
}

void JsonStream::checkText(const TextPosition& chunkStart) {
    if (bytesRead_ == 0 && schemas::startsWithByteOrderMark(buffer_))
        byteOrderMark_ = true;
    if (badUtf8_)
        return;
    auto bad = utf8_.feed(buffer_);
    if (!bad && buffer_.isEmpty())
        bad = utf8_.finish();
    if (!bad)
        return;
    // The position of the bad byte, counted from the chunk's start; a sequence begun in
    // an earlier chunk starts a few bytes before it, on the same line (no line break
    // can be part of a sequence).
    TextPosition at = chunkStart;
    if (*bad < at.offset) {
        at.column -= at.offset - *bad;
        at.offset = *bad;
    }
    for (qsizetype i = 0; i < buffer_.size() && at.offset < *bad; ++i, ++at.offset) {
        at.column = buffer_[i] == '\n' ? 1 : at.column + 1;
        at.line += buffer_[i] == '\n' ? 1 : 0;
    }
    badUtf8_ = std::pair{*bad, at};
}

std::optional<ReportError> JsonStream::textProblem() const {
    if (byteOrderMark_)
        return ReportError::fromInput(schemas::byteOrderMark(file_));
    if (tooLarge_)
        return ReportError::fromInput(schemas::tooLarge(file_, maxBytes_));
    if (badUtf8_)
        return ReportError::fromInput(
            schemas::invalidUtf8(file_, badUtf8_->first, badUtf8_->second.text()));
    return std::nullopt;
}

void JsonStream::advance() {
    if (buffer_[next_] == '\n') {
        ++position_.line;
        position_.column = 0;
    }
    ++position_.column;
    ++position_.offset;
    ++next_;
}

void JsonStream::take(QByteArray* sink, char c) {
    if (sink)
        sink->append(c);
    advance();
}

void JsonStream::skipWhitespace() {
    while (isWhitespace(peek()))
        advance();
}

int JsonStream::peekToken() {
    skipWhitespace();
    return peek();
}

tl::unexpected<ReportError> JsonStream::syntaxErrorAt(const TextPosition& at,
                                                      const QString& reason) const {
    return reportFailure(ReportErrorKind::BadInput, file_, at.text(),
                         QStringLiteral("not valid JSON: ") + reason);
}

tl::unexpected<ReportError> JsonStream::syntaxError(const QString& reason) const {
    return syntaxErrorAt(position_, reason);
}

ReportResult<void> JsonStream::expect(char expected, const char* context) {
    const int c = peekToken();
    if (c == expected) {
        advance();
        return {};
    }
    const QString found = c < 0 ? QStringLiteral("the end of the file")
                                : QStringLiteral("'%1'").arg(QChar::fromLatin1(char(c)));
    return syntaxError(QStringLiteral("expected '%1' %2, found %3")
                           .arg(QChar::fromLatin1(expected), QString::fromLatin1(context), found));
}

ReportResult<QString> JsonStream::readKey() {
    skipWhitespace();
    const TextPosition start = position_;
    if (peek() != '"')
        return syntaxError(QStringLiteral("expected a field name in double quotes"));
    QByteArray raw;
    if (auto read = readString(&raw, 4096, QStringLiteral("field name")); !read)
        return tl::unexpected(read.error());
    auto key = parse(raw, start);
    if (!key)
        return tl::unexpected(key.error());
    if (auto colon = expect(':', "after a field name"); !colon)
        return tl::unexpected(colon.error());
    return key->toString();
}

ReportResult<void> JsonStream::readString(QByteArray* sink, qint64 maxBytes, const QString& place) {
    take(sink, '"');
    for (;;) {
        const int c = peek();
        if (c < 0)
            return syntaxError(QStringLiteral("the file ends inside a string"));
        if (sink && sink->size() > maxBytes)
            return reportFailure(ReportErrorKind::BadInput, file_, place,
                                 QStringLiteral("longer than %1 bytes").arg(maxBytes));
        take(sink, char(c));
        if (c == '"')
            return {};
        if (c == '\\') {
            const int escaped = peek();
            if (escaped < 0)
                return syntaxError(QStringLiteral("the file ends inside a string"));
            take(sink, char(escaped));
        }
    }
}

ReportResult<void> JsonStream::readNested(QByteArray* sink, qint64 maxBytes, const QString& place) {
    int depth = 0;
    do {
        const int c = peek();
        if (c < 0)
            return syntaxError(QStringLiteral("the file ends inside an object or array"));
        if (sink && sink->size() > maxBytes)
            return reportFailure(ReportErrorKind::BadInput, file_, place,
                                 QStringLiteral("larger than %1 bytes").arg(maxBytes));
        if (c == '"') {
            if (auto read = readString(sink, maxBytes, place); !read)
                return read;
            continue;
        }
        depth += (c == '{' || c == '[') ? 1 : (c == '}' || c == ']') ? -1 : 0;
        take(sink, char(c));
    } while (depth > 0);
    return {};
}

ReportResult<void> JsonStream::readValue(QByteArray* sink, qint64 maxBytes, const QString& place) {
    const int c = peekToken();
    if (c == '"')
        return readString(sink, maxBytes, place);
    if (c == '{' || c == '[')
        return readNested(sink, maxBytes, place);
    if (endsScalar(c))
        return syntaxError(QStringLiteral("expected a value"));
    for (int next = c; !endsScalar(next); next = peek()) {
        if (sink && sink->size() > 64)
            return syntaxError(QStringLiteral("a number or literal is too long"));
        take(sink, char(next));
    }
    return {};
}

namespace {

/// The position of `raw[offset]`, `raw` starting at `start`.
TextPosition positionIn(const QByteArray& raw, const TextPosition& start, qsizetype offset) {
    TextPosition at = start;
    for (qsizetype i = 0; i < offset && i < raw.size(); ++i, ++at.offset) {
        at.column = raw[i] == '\n' ? 1 : at.column + 1;
        at.line += raw[i] == '\n' ? 1 : 0;
    }
    return at;
}

} // namespace

ReportResult<QJsonValue> JsonStream::parse(const QByteArray& raw, const TextPosition& start) const {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + raw + ']', &error);
    if (error.error == QJsonParseError::NoError)
        return document.array().at(0);
    return syntaxErrorAt(positionIn(raw, start, error.offset - 1), error.errorString());
}

ReportResult<QJsonValue> JsonStream::parseValue(const QByteArray& raw, const TextPosition& start,
                                                const QString& pointer) const {
    KPS_TRY_LET(value, parse(raw, start));
    if (const auto twice = schemas::firstDuplicateMember(raw, pointer))
        return tl::unexpected(ReportError::fromInput(
            schemas::duplicateMember(file_, *twice, positionIn(raw, start, twice->offset).text(),
                                     positionIn(raw, start, twice->firstOffset).text())));
    return value;
}

tl::unexpected<ReportError> JsonStream::duplicateAt(const QString& key, const TextPosition& at,
                                                    const TextPosition& first) const {
    const schemas::DuplicateMember twice{QLatin1Char('/') + schemas::pointerToken(key), 0, 0};
    return tl::unexpected(
        ReportError::fromInput(schemas::duplicateMember(file_, twice, at.text(), first.text())));
}

std::optional<TextPosition> JsonStream::drainToEnd() {
    skipWhitespace();
    std::optional<TextPosition> text;
    if (peek() >= 0)
        text = position_;
    while (peek() >= 0) { // the rest of each chunk at once; positions kept for checkText
        const QByteArrayView rest(buffer_.constData() + next_, buffer_.size() - next_);
        const qsizetype lastBreak = rest.lastIndexOf('\n');
        position_.line += rest.count('\n');
        position_.column = lastBreak < 0 ? position_.column + rest.size() : rest.size() - lastBreak;
        position_.offset += rest.size();
        next_ = buffer_.size(); // refill() hashes the rest of the chunk
    }
    return text;
}

} // namespace kps::reports
