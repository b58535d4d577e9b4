#include "kps/reports/listing_writer.hpp"

#include "kps/schemas/validator.hpp"
#include "kps/secure/safe_output.hpp"
#include "listing_format.hpp"
#include "listing_output.hpp"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace kps::reports {
namespace {

/// A file the station writes that would break its own schema: a fault of the station.
ReportError wouldBreakSchema(const schemas::InputProblem& problem) {
    return {ReportErrorKind::Output, problem.file, problem.place,
            QStringLiteral("would not match its schema: ") + problem.reason,
            QStringLiteral("Nothing was written; report this to the station's maintainers")};
}

ReportResult<void> outputError(const QString& path, const QString& reason) {
    return reportFailure(ReportErrorKind::Output, path, {}, reason,
                         QStringLiteral("Check the disk and the export directory"));
}

} // namespace

ReportResult<void> writeFileAtomically(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    // Not QSaveFile: it follows a link at PATH and writes where the link points.
    auto output = secure::SafeOutput::createPath(QFile::encodeName(path).toStdString(),
                                                 secure::Replace::Allowed);
    if (!output)
        return outputError(path, QString::fromStdString(output.error().message()));
    auto written = output->write(
        {reinterpret_cast<const std::uint8_t*>(bytes.constData()), std::size_t(bytes.size())});
    if (written)
        written = output->commit();
    if (!written)
        return outputError(path, QString::fromStdString(written.error().message()));
    return {};
}

ReportResult<void> writeSignature(const QString& path, const QByteArray& signatureDer) {
    return writeFileAtomically(path + QStringLiteral(".sig"), signatureDer);
}

ReportResult<QString> writeSigned(const QString& path, const QByteArray& bytes,
                                  x509::Signer& signer) {
    auto signature = signer.signData(
        {reinterpret_cast<const std::uint8_t*>(bytes.constData()), std::size_t(bytes.size())});
    if (!signature)
        return reportFailure(ReportErrorKind::Hsm, path, {},
                             QString::fromStdString(signature.error().message()));
    if (auto written = writeFileAtomically(path, bytes); !written)
        return tl::unexpected(written.error());
    if (auto sig = writeSignature(path, QByteArray(reinterpret_cast<const char*>(signature->data()),
                                                   qsizetype(signature->size())));
        !sig)
        return tl::unexpected(sig.error());
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

ListingWriter::ListingWriter(const QString& path, bool hasEndpoints,
                             std::unique_ptr<ListingOutput> output)
    : path_(path)
    , hasEndpoints_(hasEndpoints)
    , output_(std::move(output)) {}

ListingWriter::~ListingWriter() = default;

qint64 ListingWriter::endpointCount() const {
    return output_->entries();
}

ReportResult<std::unique_ptr<ListingWriter>> ListingWriter::create(const QString& path,
                                                                   const ListingHeader& header) {
    const QByteArray head = format::headerText(header);
    const QByteArray probe = head + (header.hasEndpoints ? "]}" : "}");
    if (auto valid = schemas::parseDocument(probe, QStringLiteral("kps-listing/1"), path); !valid)
        return tl::unexpected(wouldBreakSchema(valid.error()));
    auto output = ListingOutput::open(path);
    if (!output)
        return tl::unexpected(output.error());
    if (auto written = (*output)->write(head); !written)
        return tl::unexpected(written.error());
    return std::unique_ptr<ListingWriter>(
        new ListingWriter(path, header.hasEndpoints, std::move(*output)));
}

ReportResult<void> ListingWriter::add(const EndpointEntry& endpoint) {
    if (!hasEndpoints_)
        return reportFailure(ReportErrorKind::Output, path_, QStringLiteral("/endpoints"),
                             QStringLiteral("this listing's purpose carries no endpoints"));
    return output_->addEntry(format::endpointText(endpoint));
}

ReportResult<QString> ListingWriter::finish(x509::Signer& signer) {
    const bool any = output_->entries() > 0;
    const QByteArray tail = hasEndpoints_ ? (any ? "\n  ]\n}\n" : "]\n}\n") : "\n}\n";
    if (auto written = output_->write(tail); !written)
        return tl::unexpected(written.error());
    auto digest = output_->close();
    if (!digest)
        return tl::unexpected(digest.error());
    auto signature = signer.signDigest(std::span<const std::uint8_t, 32>(
        reinterpret_cast<const std::uint8_t*>(digest->constData()), 32));
    if (!signature)
        return reportFailure(ReportErrorKind::Hsm, path_, {},
                             QString::fromStdString(signature.error().message()));
    if (auto sig =
            writeSignature(path_, QByteArray(reinterpret_cast<const char*>(signature->data()),
                                             qsizetype(signature->size())));
        !sig)
        return tl::unexpected(sig.error());
    if (auto moved = output_->commit(); !moved)
        return tl::unexpected(moved.error());
    return QString::fromLatin1(digest->toHex());
}

} // namespace kps::reports
