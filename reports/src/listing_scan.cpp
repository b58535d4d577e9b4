#include "listing_scan.hpp"

#include "kps/schemas/input_file.hpp"
#include "listing_json.hpp"

#include <QFile>
#include <algorithm>

namespace kps::reports::scan {
namespace {

constexpr qint64 kMaxHeaderValue = 16 << 20;
constexpr qint64 kMaxEntry = 1 << 20;
constexpr qint64 kMaxSignature = 16 * 1024;

ReportResult<void> skipEntries(JsonStream& stream, qint64& count) {
    KPS_TRY(stream.expect('[', "to open the endpoints array"));
    if (stream.peekToken() == ']')
        return stream.expect(']', "");
    for (;;) {
        KPS_TRY(stream.readValue(nullptr, 0, {}));
        ++count;
        if (stream.peekToken() != ',')
            return stream.expect(']', "or ',' after an endpoint");
        KPS_TRY(stream.expect(',', ""));
    }
}

ReportResult<void> readField(JsonStream& stream, Outline& outline, QCryptographicHash& tail) {
    const TextPosition at = (stream.skipWhitespace(), stream.position());
    KPS_TRY_LET(key, stream.readKey());
    if (const auto first = outline.keyAt.constFind(key); first != outline.keyAt.cend())
        return stream.duplicateAt(key, at, first.value());
    outline.keyAt.insert(key, at);
    if (key == QLatin1String("endpoints")) {
        stream.skipWhitespace();
        outline.endpointsAt = stream.position();
        stream.hashFromHere(tail);
        if (stream.peekToken() != '[')
            return reportFailure(ReportErrorKind::BadInput, stream.file(),
                                 QStringLiteral("/endpoints"), QStringLiteral("must be an array"));
        return skipEntries(stream, outline.endpoints);
    }
    const TextPosition valueAt = (stream.skipWhitespace(), stream.position());
    QByteArray raw;
    KPS_TRY(stream.readValue(&raw, kMaxHeaderValue, QLatin1Char('/') + key));
    KPS_TRY_LET(value, stream.parseValue(raw, valueAt, QLatin1Char('/') + key));
    outline.header.insert(key, value);
    return {};
}

ReportResult<void> readOutline(JsonStream& stream, Outline& outline, QCryptographicHash& tail) {
    if (stream.peekToken() == '[') // a document, but not the object a listing is
        return tl::unexpected(ReportError::fromInput(schemas::notAnObject(stream.file())));
    KPS_TRY(stream.expect('{', "at the start of the file"));
    if (stream.peekToken() == '}')
        return stream.expect('}', "");
    for (;;) {
        KPS_TRY(readField(stream, outline, tail));
        if (stream.peekToken() != ',')
            return stream.expect('}', "or ',' after a field");
        KPS_TRY(stream.expect(',', ""));
    }
}

/// The second time an address appears, with the place of the first.
ReportResult<void> checkUnique(std::vector<std::pair<quint64, qint64>>& seen, const QString& file) {
    std::sort(seen.begin(), seen.end());
    const auto twice = std::adjacent_find(seen.begin(), seen.end(),
                                          [](auto& a, auto& b) { return a.first == b.first; });
    if (twice == seen.end())
        return {};
    return reportFailure(ReportErrorKind::BadInput, file,
                         QStringLiteral("/endpoints/%1/address").arg(std::next(twice)->second),
                         QStringLiteral("the address is listed twice: the same address as "
                                        "/endpoints/%1")
                             .arg(twice->second),
                         QStringLiteral("Every endpoint address appears once"));
}

} // namespace

ReportResult<FirstPass> firstPass(const QString& path, qint64 maxBytes) {
    QFile file(path);
    if (auto opened = schemas::openInputFile(file, 0); !opened) // the stream checks the size
        return tl::unexpected(ReportError::fromInput(opened.error()));
    QCryptographicHash whole(QCryptographicHash::Sha256), tail(QCryptographicHash::Sha256);
    JsonStream stream(file, path, maxBytes);
    stream.hashFromHere(whole);
    FirstPass pass;
    auto outlined = readOutline(stream, pass.outline, tail);
    const auto trailing = stream.drainToEnd(); // hashes the rest in any case
    pass.digest = whole.result();
    pass.tailDigest = tail.result();
    if (auto text = stream.textProblem())
        pass.problem = std::move(*text);
    else if (!outlined)
        pass.problem = std::move(outlined.error());
    else if (trailing)
        pass.problem =
            stream.syntaxErrorAt(*trailing, QStringLiteral("text after the end of the document"))
                .value();
    return pass;
}

ReportResult<void> streamEntries(JsonStream& stream, schemas::PartValidator& validator,
                                 const EndpointVisitor& visit) {
    KPS_TRY(stream.expect('[', "to open the endpoints array"));
    if (stream.peekToken() == ']')
        return stream.expect(']', "");
    std::vector<std::pair<quint64, qint64>> seen;
    for (qint64 index = 0;; ++index) {
        const QString place = QStringLiteral("/endpoints/%1").arg(index);
        const TextPosition at = (stream.skipWhitespace(), stream.position());
        QByteArray raw;
        KPS_TRY(stream.readValue(&raw, kMaxEntry, place));
        KPS_TRY_LET(value, stream.parseValue(raw, at, place));
        if (auto valid = validator.validate(value, stream.file(), place); !valid)
            return tl::unexpected(ReportError::fromInput(valid.error()));
        const EndpointEntry entry = json::endpointFrom(value.toObject());
        seen.emplace_back(json::addressKey(entry.address), index);
        KPS_TRY(visit(entry, place));
        if (stream.peekToken() != ',') {
            KPS_TRY(stream.expect(']', "or ',' after an endpoint"));
            return checkUnique(seen, stream.file());
        }
        KPS_TRY(stream.expect(',', ""));
    }
}

ReportResult<QByteArray> readSignature(const QString& listing) {
    const QString path = listing + QStringLiteral(".sig");
    QFile file(path);
    if (auto opened = schemas::openInputFile(file, kMaxSignature + 1); !opened)
        return reportFailure(
            ReportErrorKind::Signature, path, opened.error().place,
            QStringLiteral("cannot be read: ") + opened.error().reason,
            QStringLiteral("A listing comes with its detached signature, as FILE.sig"));
    QByteArray signature = file.read(kMaxSignature + 1);
    if (signature.size() > kMaxSignature)
        return reportFailure(
            ReportErrorKind::Signature, path, QStringLiteral("byte %1").arg(kMaxSignature),
            QStringLiteral("the signature is larger than %1 bytes").arg(kMaxSignature));
    return signature;
}

} // namespace kps::reports::scan
