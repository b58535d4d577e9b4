#include "kps/schemas/text_checks.hpp"

namespace kps::schemas {

std::optional<qint64> Utf8Check::feed(QByteArrayView bytes) {
    for (qsizetype i = 0; i < bytes.size() && !bad_; ++i, ++offset_) {
        const auto byte = static_cast<unsigned char>(bytes[i]);
        if (needed_ > 0) {
            if (byte < low_ || byte > high_) {
                bad_ = sequenceStart_;
                break;
            }
            low_ = 0x80;
            high_ = 0xBF;
            --needed_;
            continue;
        }
        sequenceStart_ = offset_;
        if (byte < 0x80)
            continue;
        if (byte < 0xC2 || byte > 0xF4) {
            bad_ = offset_;
            break;
        }
        needed_ = byte < 0xE0 ? 1 : byte < 0xF0 ? 2 : 3;
        if (byte == 0xE0)
            low_ = 0xA0; // overlong
        else if (byte == 0xED)
            high_ = 0x9F; // surrogates
        else if (byte == 0xF0)
            low_ = 0x90; // overlong
        else if (byte == 0xF4)
            high_ = 0x8F; // above U+10FFFF
    }
    return bad_;
}

std::optional<qint64> Utf8Check::finish() const {
    if (bad_)
        return bad_;
    if (needed_ > 0)
        return sequenceStart_;
    return std::nullopt;
}

qsizetype firstInvalidUtf8(QByteArrayView bytes) {
    Utf8Check check;
    check.feed(bytes);
    const auto bad = check.finish();
    return bad ? qsizetype(*bad) : -1;
}

QString lineAndColumn(QByteArrayView text, qsizetype offset) {
    const QByteArrayView before = text.first(std::min(offset, text.size()));
    const qsizetype line = before.count('\n') + 1;
    const qsizetype column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

bool startsWithByteOrderMark(QByteArrayView bytes) {
    return bytes.startsWith("\xef\xbb\xbf");
}

InputProblem byteOrderMark(const QString& file) {
    return {file, QStringLiteral("byte 0"),
            QStringLiteral("the file starts with a byte order mark: save it as UTF-8 without one")};
}

InputProblem invalidUtf8(const QString& file, qint64 offset, const QString& lineColumn) {
    return {file, QStringLiteral("byte %1 (%2)").arg(offset).arg(lineColumn),
            QStringLiteral("the file is not valid UTF-8")};
}

InputProblem tooLarge(const QString& file, qint64 maxBytes) {
    return {file, QStringLiteral("byte %1").arg(maxBytes),
            QStringLiteral("the file is larger than %1 bytes").arg(maxBytes)};
}

InputProblem notAnObject(const QString& file) {
    return {file, QStringLiteral("/"), QStringLiteral("expected a JSON object")};
}

} // namespace kps::schemas
