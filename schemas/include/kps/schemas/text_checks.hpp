#pragma once
// The checks every JSON file the station reads gets around its syntax, with one
// wording wherever the file is read (whole, or streamed as a listing is): no byte order
// mark, valid UTF-8, not larger than the limit, an object at the top, and no member
// twice in any object (JSON leaves that to the reader; the station refuses it, as a
// reader that kept the first or the last would see another file than the signer).
#include "kps/schemas/input_problem.hpp"

#include <QByteArrayView>
#include <optional>

namespace kps::schemas {

/// UTF-8 checked as it comes, in pieces of any size: the offset of the first byte of
/// the first malformed sequence (overlong forms, surrogates and code points above
/// U+10FFFF included, and a sequence the end cuts short).
class Utf8Check {
public:
    /// The offset (counted from the first byte ever fed) of the first malformed
    /// sequence in what was fed so far, once one is seen.
    std::optional<qint64> feed(QByteArrayView bytes);
    /// At the end of the text: a sequence still open is malformed.
    std::optional<qint64> finish() const;

private:
    qint64 offset_ = 0;
    qint64 sequenceStart_ = 0;
    int needed_ = 0;
    unsigned char low_ = 0x80;
    unsigned char high_ = 0xBF;
    std::optional<qint64> bad_;
};

/// The offset of the first byte that is not part of well-formed UTF-8, or -1.
qsizetype firstInvalidUtf8(QByteArrayView bytes);

/// "line L, column C" of a byte offset in a text.
QString lineAndColumn(QByteArrayView text, qsizetype offset);

bool startsWithByteOrderMark(QByteArrayView bytes);

InputProblem byteOrderMark(const QString& file);
/// `lineColumn` as lineAndColumn() gives it.
InputProblem invalidUtf8(const QString& file, qint64 offset, const QString& lineColumn);
InputProblem tooLarge(const QString& file, qint64 maxBytes);
InputProblem notAnObject(const QString& file);

/// A member that appears a second time in its object: its JSON pointer ("/kek/kcv")
/// and the offsets (in the text scanned) of both keys.
struct DuplicateMember {
    QString pointer;
    qsizetype offset = 0;
    qsizetype firstOffset = 0;
};
/// The first duplicate member of a syntactically valid JSON text; keys are compared
/// as the strings they encode ("a" and "\u0061" are one key). `prefix` is the pointer
/// of the value scanned within its file ("" for a whole document, "/endpoints/3").
std::optional<DuplicateMember> firstDuplicateMember(QByteArrayView json,
                                                    const QString& prefix = {});
/// A key as one token of a JSON pointer ("~" as "~0", "/" as "~1").
QString pointerToken(QString key);
/// `at` and `firstAt` as lineAndColumn() gives them.
InputProblem duplicateMember(const QString& file, const DuplicateMember& duplicate,
                             const QString& at, const QString& firstAt);

} // namespace kps::schemas
