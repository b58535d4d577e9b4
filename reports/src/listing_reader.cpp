#include "kps/reports/listing_reader.hpp"

#include "customer_crypto.hpp"
#include "json_stream.hpp"
#include "kps/schemas/validator.hpp"
#include "listing_json.hpp"
#include "listing_rules.hpp"

#include <QFile>
#include <QJsonArray>
#include <algorithm>

namespace kps::reports {
namespace {

constexpr qint64 kMaxHeaderValue = 16 << 20;
constexpr qint64 kMaxEntry = 1 << 20;
const QString kSchema = QStringLiteral("kps-listing/1");

/// What the first pass learns: the header fields, where the endpoints array starts
/// and how many entries it holds.
struct Outline {
    QJsonObject header;
    std::optional<TextPosition> endpointsAt;
    qint64 endpoints = 0;
};

ReportResult<void> skipEntries(JsonStream& stream, qint64& count) {
    if (auto open = stream.expect('[', "to open the endpoints array"); !open)
        return open;
    if (stream.peekToken() == ']')
        return stream.expect(']', "");
    for (;;) {
        if (auto skipped = stream.readValue(nullptr, 0, {}); !skipped)
            return skipped;
        ++count;
        if (stream.peekToken() != ',')
            return stream.expect(']', "or ',' after an endpoint");
        KPS_TRY(stream.expect(',', ""));
    }
}

ReportResult<void> readField(JsonStream& stream, Outline& outline, QCryptographicHash& tail) {
    const TextPosition at = stream.position();
    auto key = stream.readKey();
    if (!key)
        return tl::unexpected(key.error());
    if (outline.header.contains(*key) ||
        (*key == QLatin1String("endpoints") && outline.endpointsAt))
        return stream.syntaxErrorAt(at, QStringLiteral("field \"%1\" appears twice").arg(*key));
    if (*key == QLatin1String("endpoints")) {
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
    if (auto read = stream.readValue(&raw, kMaxHeaderValue, QLatin1Char('/') + *key); !read)
        return read;
    auto value = stream.parse(raw, valueAt);
    if (!value)
        return tl::unexpected(value.error());
    outline.header.insert(*key, *value);
    return {};
}

ReportResult<void> readOutline(JsonStream& stream, Outline& outline, QCryptographicHash& tail) {
    if (auto open = stream.expect('{', "at the start of the file"); !open)
        return open;
    if (stream.peekToken() == '}')
        return stream.expect('}', "");
    for (;;) {
        if (auto field = readField(stream, outline, tail); !field)
            return field;
        if (stream.peekToken() != ',')
            return stream.expect('}', "or ',' after a field");
        KPS_TRY(stream.expect(',', ""));
    }
}

ReportResult<void> streamEntries(JsonStream& stream, schemas::PartValidator& validator,
                                 const EndpointVisitor& visit,
                                 std::vector<std::pair<quint64, qint64>>& seen) {
    if (auto open = stream.expect('[', "to open the endpoints array"); !open)
        return open;
    if (stream.peekToken() == ']')
        return stream.expect(']', "");
    for (qint64 index = 0;; ++index) {
        const QString place = QStringLiteral("/endpoints/%1").arg(index);
        const TextPosition at = (stream.skipWhitespace(), stream.position());
        QByteArray raw;
        if (auto read = stream.readValue(&raw, kMaxEntry, place); !read)
            return read;
        auto value = stream.parse(raw, at);
        if (!value)
            return tl::unexpected(value.error());
        if (auto valid = validator.validate(*value, stream.file(), place); !valid)
            return tl::unexpected(ReportError::fromInput(valid.error()));
        const EndpointEntry entry = json::endpointFrom(value->toObject());
        seen.emplace_back(json::addressKey(entry.address), index);
        if (auto visited = visit(entry, place); !visited)
            return visited;
        if (stream.peekToken() != ',')
            return stream.expect(']', "or ',' after an endpoint");
        KPS_TRY(stream.expect(',', ""));
    }
}

/// The first address that appears twice.
ReportResult<void> checkUnique(std::vector<std::pair<quint64, qint64>>& seen, const QString& file) {
    std::sort(seen.begin(), seen.end());
    const auto twice = std::adjacent_find(seen.begin(), seen.end(),
                                          [](auto& a, auto& b) { return a.first == b.first; });
    if (twice == seen.end())
        return {};
    return reportFailure(ReportErrorKind::BadInput, file,
                         QStringLiteral("/endpoints/%1/address").arg(std::next(twice)->second),
                         QStringLiteral("the same address as /endpoints/%1").arg(twice->second),
                         QStringLiteral("Every endpoint address appears once"));
}

ReportResult<QByteArray> readSignature(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return reportFailure(
            ReportErrorKind::Signature, path, {},
            QStringLiteral("cannot be read: ") + file.errorString(),
            QStringLiteral("A listing comes with its detached signature FILE.sig"));
    return file.read(4096);
}

} // namespace

struct ListingReader::State {
    ListingSource source;
    ListingHeader header;
    x509::CertificateInfo sender;
    Outline outline;
    QByteArray tailDigest;
    QString sha256;
};

ListingReader::ListingReader(std::unique_ptr<State> state)
    : state_(std::move(state)) {}
ListingReader::ListingReader(ListingReader&&) noexcept = default;
ListingReader& ListingReader::operator=(ListingReader&&) noexcept = default;
ListingReader::~ListingReader() = default;

const ListingHeader& ListingReader::header() const {
    return state_->header;
}
const x509::CertificateInfo& ListingReader::sender() const {
    return state_->sender;
}
qint64 ListingReader::endpointCount() const {
    return state_->outline.endpoints;
}
QString ListingReader::sha256() const {
    return state_->sha256;
}

ReportResult<ListingReader> ListingReader::open(const ListingSource& source) {
    auto state = std::make_unique<State>();
    state->source = source;
    auto sender = x509::readCertificateFile(source.senderCertificate.toStdString());
    if (!sender)
        return reportFailure(ReportErrorKind::BadInput, source.senderCertificate, {},
                             QString::fromStdString(sender.error().reason));
    state->sender = *sender;
    QFile file(source.listing);
    if (!file.open(QIODevice::ReadOnly))
        return reportFailure(ReportErrorKind::BadInput, source.listing, {},
                             QStringLiteral("cannot be read: ") + file.errorString());
    QCryptographicHash whole(QCryptographicHash::Sha256), tail(QCryptographicHash::Sha256);
    JsonStream stream(file, source.listing);
    stream.hashFromHere(whole);
    auto outlined = readOutline(stream, state->outline, tail);
    const bool onlyWhitespaceLeft = stream.drainToEnd(); // hashes the rest in any case
    const QByteArray digest = whole.result();
    state->sha256 = QString::fromLatin1(digest.toHex());
    auto signature = readSignature(source.listing + QStringLiteral(".sig"));
    if (!signature)
        return tl::unexpected(signature.error());
    if (!crypto::verifyDigest(sender->der, digest, *signature))
        return reportFailure(
            ReportErrorKind::Signature, source.listing, {},
            QStringLiteral("the signature does not verify with the sender's certificate"),
            QStringLiteral("The file was changed or comes from someone else: do not use it"));
    if (!outlined)
        return tl::unexpected(outlined.error());
    if (!onlyWhitespaceLeft)
        return stream.syntaxError(QStringLiteral("text after the end of the document"));
    state->tailDigest = tail.result();
    auto checked = rules::checkHeader(state->outline.header, state->outline.endpointsAt.has_value(),
                                      state->outline.endpoints, source, *sender);
    if (!checked)
        return tl::unexpected(checked.error());
    state->header = json::headerFrom(state->outline.header, state->outline.endpointsAt.has_value());
    return ListingReader(std::move(state));
}

ReportResult<void> ListingReader::forEachEndpoint(const EndpointVisitor& visit) {
    const Outline& outline = state_->outline;
    const QString& path = state_->source.listing;
    if (!outline.endpointsAt)
        return {};
    auto validator =
        schemas::PartValidator::create(kSchema, QStringLiteral("/properties/endpoints/items"));
    if (!validator)
        return tl::unexpected(ReportError::fromInput(validator.error()));
    QFile file(path);
    JsonStream stream(file, path);
    if (!file.open(QIODevice::ReadOnly) || !stream.seek(*outline.endpointsAt))
        return reportFailure(ReportErrorKind::BadInput, path, {},
                             QStringLiteral("cannot be read again: ") + file.errorString());
    QCryptographicHash tail(QCryptographicHash::Sha256);
    stream.hashFromHere(tail);
    std::vector<std::pair<quint64, qint64>> seen;
    auto streamed = streamEntries(stream, *validator, visit, seen);
    stream.drainToEnd();
    if (tail.result() != state_->tailDigest)
        return reportFailure(ReportErrorKind::Signature, path, {},
                             QStringLiteral("the file changed while it was being read"),
                             QStringLiteral("Do not use what was read; open the file again"));
    if (!streamed)
        return streamed;
    return checkUnique(seen, path);
}

} // namespace kps::reports
