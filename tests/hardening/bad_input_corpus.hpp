#pragma once
// A deterministic generator of bad input files: every file is a valid base document
// (order, profile, kps-listing/1, configuration) with one thing wrong, and carries the
// place and the reason the station's message must name. Nothing is random but what a
// fixed seed gives, so every run tries the same files.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStringList>
#include <functional>
#include <vector>

namespace kps::test {

/// How the signature beside a listing is made (only listings have one).
enum class Signing { Customer, None, Empty, Garbage, Oversized, OtherKey, FlippedFile, Truncated };

struct BadFile {
    QString name;      // file name in the corpus directory
    QByteArray bytes;  // the content
    QString place;     // what the message must name as the place
    QString reason;    // a fragment of the reason ("" = any reason after the place)
    qint64 sparse = 0; // > 0: a sparse file of this many bytes instead of `bytes`
    Signing signing = Signing::Customer;
    QString special; // instead of a plain file: "missing", "directory", "fifo",
                     // "link:TARGET" or "link-to-copy" (a link to a file holding `bytes`)
};

using Edit = std::function<void(QJsonObject&)>;

inline QByteArray jsonBytes(const QJsonObject& object) {
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

/// Reads or writes the value at a JSON pointer ("/addresses/first", "/keys/0/id").
inline QJsonValue valueAt(const QJsonValue& root, QStringList path) {
    QJsonValue value = root;
    for (const QString& part : path)
        value = value.isArray() ? value.toArray().at(part.toInt()) : value.toObject().value(part);
    return value;
}

inline QJsonValue withValue(const QJsonValue& root, QStringList path, const QJsonValue& value,
                            bool remove = false) {
    if (path.isEmpty())
        return value;
    const QString head = path.takeFirst();
    if (root.isArray()) {
        QJsonArray array = root.toArray();
        if (remove && path.isEmpty())
            array.removeAt(head.toInt());
        else
            array[head.toInt()] = withValue(array.at(head.toInt()), path, value, remove);
        return array;
    }
    QJsonObject object = root.toObject();
    if (remove && path.isEmpty())
        object.remove(head);
    else
        object[head] = withValue(object.value(head), path, value, remove);
    return object;
}

inline QStringList partsOf(const QString& pointer) {
    return pointer.split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

inline QJsonObject set(const QJsonObject& base, const QString& pointer, const QJsonValue& value) {
    return withValue(base, partsOf(pointer), value).toObject();
}

inline QJsonObject removed(const QJsonObject& base, const QString& pointer) {
    return withValue(base, partsOf(pointer), {}, true).toObject();
}

/// Every scalar (string, number, bool) with its pointer.
inline void leavesOf(const QJsonValue& value, const QString& pointer, QStringList& out) {
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            leavesOf(it.value(), pointer + QLatin1Char('/') + it.key(), out);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            leavesOf(array.at(i), pointer + QStringLiteral("/%1").arg(i), out);
    } else {
        out << pointer;
    }
}

/// A value of another JSON type than `value`.
inline QJsonValue otherType(const QJsonValue& value) {
    if (value.isString())
        return value.toString().size() % 2 ? QJsonValue(true) : QJsonValue(12345);
    if (value.isDouble())
        return QJsonValue(QStringLiteral("12"));
    return QJsonValue(QStringLiteral("yes"));
}

inline QString lineOf(const QByteArray& bytes, qsizetype offset) {
    return QStringLiteral("line %1,").arg(bytes.left(offset).count('\n') + 1);
}

/// Damage any JSON document can suffer: truncation, bad UTF-8, wrong top-level
/// type, nesting deeper than the parser takes, oversize, stray bytes around it.
inline std::vector<BadFile> damagedCopies(const QJsonObject& base, const QString& stem) {
    std::vector<BadFile> files;
    const QByteArray bytes = jsonBytes(base);
    for (int i = 1; i <= 10; ++i) {
        const qsizetype cut = bytes.size() * i / 11;
        files.push_back({stem + QStringLiteral("-truncated-%1.json").arg(i), bytes.left(cut),
                         QStringLiteral("line "), QStringLiteral("not valid JSON")});
    }
    const qsizetype inString = bytes.indexOf(": \"") + 3; // inside the first string value
    const std::vector<std::pair<const char*, QByteArray>> encodings{
        {"ff", QByteArray("\xff")},
        {"overlong", QByteArray("\xc0\xaf")},
        {"surrogate", QByteArray("\xed\xa0\x80")},
        {"latin1", QByteArray("\xe9")},
        {"cut-sequence", QByteArray("\xe2\x82")},
        {"above-10ffff", QByteArray("\xf4\x90\x80\x80")},
    };
    for (const auto& [name, insert] : encodings)
        files.push_back({stem + QStringLiteral("-utf8-%1.json").arg(QLatin1String(name)),
                         bytes.left(inString) + insert + bytes.mid(inString),
                         QStringLiteral("byte %1").arg(inString), QStringLiteral("UTF-8")});
    const QString text = QString::fromUtf8(bytes);
    files.push_back({stem + QStringLiteral("-utf16.json"),
                     QByteArray("\xff\xfe") +
                         QByteArray(reinterpret_cast<const char*>(text.utf16()), text.size() * 2),
                     QStringLiteral("byte 0"), QStringLiteral("UTF-8")});
    files.push_back({stem + QStringLiteral("-top-array.json"), "[]", QStringLiteral("/"),
                     QStringLiteral("expected a JSON object")});
    // Qt's parser takes only an object or an array at the top.
    const std::vector<std::pair<const char*, QByteArray>> tops{
        {"string", "\"kps\""}, {"number", "42"}, {"null", "null"}, {"bool", "true"}};
    for (const auto& [name, top] : tops)
        files.push_back({stem + QStringLiteral("-top-%1.json").arg(QLatin1String(name)), top,
                         QStringLiteral("line 1,"), QStringLiteral("not valid JSON")});
    files.push_back({stem + QStringLiteral("-empty.json"),
                     {},
                     QStringLiteral("line 1, column 1"),
                     QStringLiteral("not valid JSON")});
    files.push_back({stem + QStringLiteral("-garbage-after.json"), bytes + "x",
                     lineOf(bytes, bytes.size()), QStringLiteral("not valid JSON")});
    files.push_back({stem + QStringLiteral("-bom.json"), "\xef\xbb\xbf" + bytes,
                     QStringLiteral("byte 0"), QStringLiteral("byte order mark")});
    const QByteArray deep = QByteArray(5000, '[') + QByteArray(5000, ']');
    files.push_back({stem + QStringLiteral("-deep-5000.json"), "{\"format\": " + deep + "}",
                     QStringLiteral("line 1,"), QStringLiteral("not valid JSON")});
    const QByteArray nested = QByteArray(300, '[') + "1" + QByteArray(300, ']');
    QByteArray deepField = bytes;
    deepField.replace(inString - 1, bytes.indexOf('"', inString) - inString + 2, nested);
    files.push_back(
        {stem + QStringLiteral("-deep-300.json"), deepField, QStringLiteral("/"), QString()});
    files.push_back({stem + QStringLiteral("-oversized.json"),
                     {},
                     QStringLiteral("byte 67108864"),
                     QStringLiteral("larger than"),
                     64 * 1024 * 1024 + 100});
    QRandomGenerator random(0x6b7073); // "kps"
    for (int i = 0; i < 3; ++i) {
        QByteArray noise(256 + 64 * i, '\0');
        for (char& c : noise)
            c = char(0x20 + random.bounded(0x5f)); // printable, so the parser is the judge
        files.push_back({stem + QStringLiteral("-noise-%1.json").arg(i), noise,
                         QStringLiteral("line 1,"), QStringLiteral("not valid JSON")});
    }
    return files;
}

/// Inputs that are not regular files (docs/hardening.md, "Filesystem"): a named pipe and a
/// link to /dev/zero would block or never end, a link to a good copy of the file and a
/// directory are not the file itself. Each is refused before a byte is read.
inline std::vector<BadFile> nonRegularFiles(const QJsonObject& base, const QString& stem) {
    const QString name = stem + QStringLiteral("-%1.json");
    std::vector<BadFile> files{
        {name.arg(QStringLiteral("fifo")), {}, {}, QStringLiteral("named pipe")},
        {name.arg(QStringLiteral("dev-zero")), {}, {}, QStringLiteral("symbolic link")},
        {name.arg(QStringLiteral("link")), jsonBytes(base), {}, QStringLiteral("symbolic link")},
        {name.arg(QStringLiteral("directory")), {}, {}, QStringLiteral("directory")},
    };
    files[0].special = QStringLiteral("fifo");
    files[1].special = QStringLiteral("link:/dev/zero");
    files[2].special = QStringLiteral("link-to-copy");
    files[3].special = QStringLiteral("directory");
    return files;
}

struct Duplicate {
    QString object; // JSON pointer of the object ("" for the top)
    QString key;    // the member that appears twice
    QJsonValue value;
};

/// A member twice in an object: JSON leaves it to the reader, the station refuses it.
/// QJsonObject cannot hold a member twice, so a stand-in member is written and renamed.
inline std::vector<BadFile> duplicateMembers(const QJsonObject& base, const QString& stem,
                                             const std::vector<Duplicate>& duplicates) {
    static const QByteArray kStandIn = "kpsDuplicateStandIn";
    std::vector<BadFile> files;
    int n = 0;
    for (const Duplicate& twice : duplicates) {
        QByteArray bytes =
            jsonBytes(set(base, twice.object + QLatin1Char('/') + kStandIn, twice.value));
        bytes.replace('"' + kStandIn + '"', '"' + twice.key.toUtf8() + '"');
        files.push_back(
            {stem + QStringLiteral("-member-twice-%1.json").arg(++n), bytes,
             QStringLiteral("line "),
             twice.object + QLatin1Char('/') + twice.key + QStringLiteral(" appears twice")});
    }
    return files;
}

/// Schema violations: every scalar of another type, an unknown member in every
/// object, each required member missing, and the wrong format string.
inline std::vector<BadFile> schemaViolations(const QJsonObject& base, const QString& stem,
                                             const QStringList& required,
                                             const QStringList& closedObjects) {
    std::vector<BadFile> files;
    QStringList leaves;
    leavesOf(base, {}, leaves);
    int n = 0;
    for (const QString& pointer : leaves)
        files.push_back({stem + QStringLiteral("-type-%1.json").arg(++n),
                         jsonBytes(set(base, pointer, otherType(valueAt(base, partsOf(pointer))))),
                         pointer, QString()});
    for (const QString& object : closedObjects)
        files.push_back({stem + QStringLiteral("-unknown-member-%1.json").arg(++n),
                         jsonBytes(set(base, object + QStringLiteral("/surprise"), 1)),
                         object.isEmpty() ? QStringLiteral("/") : object, QString()});
    for (const QString& pointer : required) {
        const QString parent = pointer.section(QLatin1Char('/'), 0, -2);
        files.push_back({stem + QStringLiteral("-missing-%1.json").arg(++n),
                         jsonBytes(removed(base, pointer)),
                         parent.isEmpty() ? QStringLiteral("/") : parent,
                         pointer.section(QLatin1Char('/'), -1)});
    }
    for (const char* format : {"kps-order/2", "", "KPS-LISTING/1"})
        files.push_back({stem + QStringLiteral("-format-%1.json").arg(++n),
                         jsonBytes(set(base, QStringLiteral("/format"), QLatin1String(format))),
                         QStringLiteral("/format"), QString()});
    return files;
}

} // namespace kps::test
