#include "kps/reports/listing_writer.hpp"

#include "kps/schemas/validator.hpp"
#include "listing_format.hpp"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <unistd.h>

namespace kps::reports {
namespace {

QString partialPath(const QString& path) {
    return path + QStringLiteral(".partial");
}

ReportResult<void> outputError(const QString& path, const QString& reason) {
    return reportFailure(ReportErrorKind::Output, path, {}, reason,
                         QStringLiteral("Check the disk and the export directory"));
}

} // namespace

ReportResult<void> writeFileAtomically(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return outputError(path, file.errorString());
    return {};
}

ReportResult<void> writeSignature(const QString& path, const QByteArray& signatureDer) {
    return writeFileAtomically(path + QStringLiteral(".sig"), signatureDer);
}

ReportResult<QString> writeSigned(const QString& path, const QByteArray& bytes,
                                  hsm::Signer& signer) {
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

ListingWriter::ListingWriter(const QString& path, bool hasEndpoints)
    : path_(path)
    , file_(partialPath(path))
    , hasEndpoints_(hasEndpoints) {}

ListingWriter::~ListingWriter() {
    if (file_.isOpen()) { // never finished: leave nothing behind
        file_.close();
        file_.remove();
    }
}

ReportResult<std::unique_ptr<ListingWriter>> ListingWriter::create(const QString& path,
                                                                   const ListingHeader& header) {
    const QByteArray head = format::headerText(header);
    const QByteArray probe = head + (header.hasEndpoints ? "]}" : "}");
    if (auto valid = schemas::parseDocument(probe, QStringLiteral("kps-listing/1"), path); !valid)
        return tl::unexpected(ReportError::fromInput(valid.error()));
    QDir().mkpath(QFileInfo(path).absolutePath());
    std::unique_ptr<ListingWriter> writer(new ListingWriter(path, header.hasEndpoints));
    if (!writer->file_.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return tl::unexpected(outputError(path, writer->file_.errorString()).error());
    if (auto written = writer->write(head); !written)
        return tl::unexpected(written.error());
    return writer;
}

ReportResult<void> ListingWriter::write(const QByteArray& bytes) {
    if (file_.write(bytes) != bytes.size())
        return outputError(path_, file_.errorString());
    hash_.addData(bytes);
    return {};
}

ReportResult<void> ListingWriter::add(const EndpointEntry& endpoint) {
    const QByteArray lead = count_ == 0 ? QByteArray("\n    ") : QByteArray(",\n    ");
    ++count_;
    return write(lead + format::endpointText(endpoint));
}

ReportResult<QString> ListingWriter::finish(hsm::Signer& signer) {
    const QByteArray tail = hasEndpoints_ ? (count_ ? "\n  ]\n}\n" : "]\n}\n") : "\n}\n";
    if (auto written = write(tail); !written)
        return tl::unexpected(written.error());
    if (!file_.flush() || ::fsync(file_.handle()) != 0)
        return tl::unexpected(outputError(path_, file_.errorString()).error());
    file_.close();
    const QByteArray digest = hash_.result();
    auto signature = signer.signDigest(std::span<const std::uint8_t, 32>(
        reinterpret_cast<const std::uint8_t*>(digest.constData()), 32));
    if (!signature)
        return reportFailure(ReportErrorKind::Hsm, path_, {},
                             QString::fromStdString(signature.error().message()));
    if (auto sig =
            writeSignature(path_, QByteArray(reinterpret_cast<const char*>(signature->data()),
                                             qsizetype(signature->size())));
        !sig)
        return tl::unexpected(sig.error());
    QFile::remove(path_);
    if (!QFile::rename(partialPath(path_), path_))
        return tl::unexpected(
            outputError(path_, QStringLiteral("cannot move the finished file into place")).error());
    return QString::fromLatin1(digest.toHex());
}

} // namespace kps::reports
