#include "kps/reports/listing_reader.hpp"

#include "kps/schemas/input_file.hpp"
#include "listing_json.hpp"
#include "listing_rules.hpp"
#include "listing_scan.hpp"

#include <QFile>
#include <QFileInfo>

namespace kps::reports {

struct ListingReader::State {
    QString file;
    scan::FirstPass pass;
    ListingHeader header;
};

ListingReader::ListingReader(std::unique_ptr<State> state)
    : state_(std::move(state)) {}
ListingReader::ListingReader(ListingReader&&) noexcept = default;
ListingReader& ListingReader::operator=(ListingReader&&) noexcept = default;
ListingReader::~ListingReader() = default;

const QString& ListingReader::file() const {
    return state_->file;
}
const ListingHeader& ListingReader::header() const {
    return state_->header;
}
qint64 ListingReader::endpointCount() const {
    return state_->pass.outline.endpoints;
}
QString ListingReader::sha256() const {
    return QString::fromLatin1(state_->pass.digest.toHex());
}

namespace {

/// A certificate a customer names on the command line, and how messages name it.
ReportResult<ListingParty> partyFromFile(const QString& path) {
    auto certificate = x509::readCertificateFile(path.toStdString());
    if (!certificate)
        return reportFailure(ReportErrorKind::BadInput, path, {},
                             QString::fromStdString(certificate.error().reason));
    return ListingParty{std::move(*certificate),
                        QStringLiteral("the holder of %1").arg(QFileInfo(path).fileName())};
}

} // namespace

ReportResult<ListingReader> ListingReader::read(const QString& listing,
                                                const ListingExpectations& expected) {
    auto state = std::make_unique<State>();
    state->file = listing;
    KPS_TRY_LET(pass, scan::firstPass(listing, expected.maxBytes));
    if (pass.problem)
        return tl::unexpected(std::move(*pass.problem));
    const scan::Outline& outline = pass.outline;
    const bool hasEndpoints = outline.endpointsAt.has_value();
    if (expected.purpose)
        KPS_TRY(rules::checkPurpose(outline.header, hasEndpoints, outline.endpoints,
                                    *expected.purpose, listing));
    KPS_TRY(rules::checkSchema(outline.header, hasEndpoints, listing));
    KPS_TRY(rules::checkCount(outline.header, outline.endpoints, listing));
    state->header = json::headerFrom(outline.header, hasEndpoints);
    state->pass = std::move(pass);
    return ListingReader(std::move(state));
}

ReportResult<ListingReader> ListingReader::open(const ListingSource& source) {
    KPS_TRY_LET(sender, partyFromFile(source.senderCertificate));
    auto state = std::make_unique<State>();
    state->file = source.listing;
    KPS_TRY_LET(pass, scan::firstPass(source.listing, 0));
    state->pass = std::move(pass);
    ListingReader reader(std::move(state));
    // The signature first: nothing else is said about a file that may not be the sender's.
    KPS_TRY(reader.verifySignature(sender));
    scan::FirstPass& first = reader.state_->pass;
    if (first.problem)
        return tl::unexpected(std::move(*first.problem));
    const bool hasEndpoints = first.outline.endpointsAt.has_value();
    KPS_TRY(rules::checkSchema(first.outline.header, hasEndpoints, source.listing));
    KPS_TRY(reader.checkSender(sender));
    if (!source.recipientCertificate.isEmpty()) {
        KPS_TRY_LET(recipient, partyFromFile(source.recipientCertificate));
        KPS_TRY(reader.checkRecipient(recipient));
    }
    KPS_TRY(rules::checkCount(first.outline.header, first.outline.endpoints, source.listing));
    reader.state_->header = json::headerFrom(first.outline.header, hasEndpoints);
    return reader;
}

ReportResult<x509::SignatureScheme>
ListingReader::verifySignature(const ListingParty& sender) const {
    KPS_TRY_LET(signature, scan::readSignature(state_->file));
    const QByteArray& digest = state_->pass.digest;
    const auto scheme = x509::verifiedDigestScheme(
        sender.certificate.der,
        std::span<const std::uint8_t, 32>(reinterpret_cast<const std::uint8_t*>(digest.data()), 32),
        {reinterpret_cast<const std::uint8_t*>(signature.constData()),
         std::size_t(signature.size())});
    if (scheme == x509::SignatureScheme::None)
        return reportFailure(ReportErrorKind::Signature, state_->file + QStringLiteral(".sig"), {},
                             QStringLiteral("the signature does not verify with the certificate "
                                            "of %1 (SHA-256 with RSA PKCS#1 v1.5, RSA-PSS or "
                                            "ECDSA over the exact bytes of the file)")
                                 .arg(sender.name),
                             QStringLiteral("The file was changed after signing, or comes from "
                                            "someone else: do not use it"));
    return scheme;
}

ReportResult<void> ListingReader::checkRecipient(const ListingParty& recipient) const {
    return rules::checkParty(state_->pass.outline.header, "recipient", recipient, state_->file);
}

ReportResult<void> ListingReader::checkSender(const ListingParty& sender) const {
    return rules::checkParty(state_->pass.outline.header, "sender", sender, state_->file);
}

ReportResult<void> ListingReader::forEachEndpoint(const EndpointVisitor& visit) {
    const scan::Outline& outline = state_->pass.outline;
    const QString& path = state_->file;
    if (!outline.endpointsAt)
        return {};
    auto validator = schemas::PartValidator::create(QStringLiteral("kps-listing/1"),
                                                    QStringLiteral("/properties/endpoints/items"));
    if (!validator)
        return tl::unexpected(ReportError::fromInput(validator.error()));
    QFile file(path);
    JsonStream stream(file, path);
    if (!schemas::openInputFile(file, 0) || !stream.seek(*outline.endpointsAt))
        return reportFailure(ReportErrorKind::BadInput, path, {},
                             QStringLiteral("cannot be read again: ") + file.errorString());
    QCryptographicHash tail(QCryptographicHash::Sha256);
    stream.hashFromHere(tail);
    auto streamed = scan::streamEntries(stream, *validator, visit);
    stream.drainToEnd(); // the rest is hashed too
    if (tail.result() != state_->pass.tailDigest)
        return reportFailure(ReportErrorKind::Signature, path, {},
                             QStringLiteral("the file changed while it was being read"),
                             QStringLiteral("Do not use what was read; open the file again"));
    return streamed;
}

} // namespace kps::reports
