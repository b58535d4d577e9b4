#include "kps/schemas/text_checks.hpp"

#include <QHash>
#include <vector>

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

namespace {

/// The string starting at `text[at]` (a '"'): its value, and where it ends (one past
/// the closing quote).
std::pair<QString, qsizetype> readString(QByteArrayView text, qsizetype at) {
    QByteArray utf8;
    QString decoded;
    qsizetype i = at + 1;
    const auto flush = [&] {
        decoded += QString::fromUtf8(utf8);
        utf8.clear();
    };
    while (i < text.size() && text[i] != '"') {
        if (text[i] != '\\') {
            utf8 += text[i++];
            continue;
        }
        const char escaped = i + 1 < text.size() ? text[i + 1] : '\0';
        i += 2;
        if (escaped == 'u') {
            flush();
            decoded += QChar(char16_t(text.sliced(i, std::min<qsizetype>(4, text.size() - i))
                                          .toByteArray()
                                          .toUShort(nullptr, 16)));
            i += 4;
            continue;
        }
        static const QByteArray from = "bfnrt", to = "\b\f\n\r\t";
        const qsizetype named = from.indexOf(escaped);
        utf8 += named >= 0 ? to[named] : escaped;
    }
    flush();
    return {decoded, i + 1};
}

/// One past the closing quote of the string starting at `text[at]`.
qsizetype skipString(QByteArrayView text, qsizetype at) {
    qsizetype i = at + 1;
    while (i < text.size() && text[i] != '"')
        i += text[i] == '\\' ? 2 : 1;
    return i + 1;
}

struct Level {
    bool object = false;
    QString pointer;
    QHash<QString, qsizetype> keys; // objects: key -> offset
    QString key;                    // objects: the member whose value comes next
    qint64 index = 0;               // arrays: the element that comes next
    bool expectingKey = true;
};

} // namespace

std::optional<DuplicateMember> firstDuplicateMember(QByteArrayView json, const QString& prefix) {
    std::vector<Level> stack;
    const auto childPointer = [&]() -> QString {
        if (stack.empty())
            return prefix;
        const Level& parent = stack.back();
        return parent.pointer + QLatin1Char('/') +
               (parent.object ? pointerToken(parent.key) : QString::number(parent.index));
    };
    for (qsizetype i = 0; i < json.size();) {
        const char c = json[i];
        if (c == '"') {
            if (stack.empty() || !stack.back().object || !stack.back().expectingKey) {
                i = skipString(json, i); // a value
                continue;
            }
            auto [key, end] = readString(json, i);
            Level& level = stack.back();
            if (const auto first = level.keys.constFind(key); first != level.keys.cend())
                return DuplicateMember{level.pointer + QLatin1Char('/') + pointerToken(key), i,
                                       first.value()};
            level.keys.insert(key, i);
            level.key = key;
            level.expectingKey = false;
            i = end;
            continue;
        }
        if (c == '{' || c == '[')
            stack.push_back({c == '{', childPointer()});
        else if ((c == '}' || c == ']') && !stack.empty())
            stack.pop_back();
        else if (c == ',' && !stack.empty()) {
            stack.back().expectingKey = true;
            ++stack.back().index;
        }
        ++i;
    }
    return std::nullopt;
}

QString pointerToken(QString key) {
    return key.replace(QLatin1Char('~'), QLatin1String("~0"))
        .replace(QLatin1Char('/'), QLatin1String("~1"));
}

InputProblem duplicateMember(const QString& file, const DuplicateMember& duplicate,
                             const QString& at, const QString& firstAt) {
    return {file, at,
            QStringLiteral("the member %1 appears twice (first at %2): every member of an object "
                           "appears once")
                .arg(duplicate.pointer, firstAt)};
}

} // namespace kps::schemas
