#include "signed_stream.hpp"

#include "kps/reports/listing_writer.hpp"

#include <QDir>
#include <QFileInfo>
#include <unistd.h>

namespace kps::reports {
namespace {

tl::unexpected<ReportError> outputError(const QString& path, const QString& reason) {
    return reportFailure(ReportErrorKind::Output, path, {}, reason,
                         QStringLiteral("Check the disk and the export directory"));
}

} // namespace

ReportResult<void> signDigestTo(const QString& path, const QByteArray& digest,
                                x509::Signer& signer) {
    auto signature = signer.signDigest(std::span<const std::uint8_t, 32>(
        reinterpret_cast<const std::uint8_t*>(digest.constData()), 32));
    if (!signature)
        return reportFailure(ReportErrorKind::Hsm, path, {},
                             QString::fromStdString(signature.error().message()));
    return writeSignature(path, QByteArray(reinterpret_cast<const char*>(signature->data()),
                                           qsizetype(signature->size())));
}

SignedStream::SignedStream(const QString& path)
    : path_(path) {}

SignedStream::~SignedStream() {
    file_.close();
    output_.reset(); // unfinished: the partial file is removed
}

ReportResult<std::unique_ptr<SignedStream>> SignedStream::create(const QString& path) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    std::unique_ptr<SignedStream> stream(new SignedStream(path));
    auto partial = secure::SafeOutput::createPath(QFile::encodeName(path).toStdString(),
                                                  secure::Replace::Allowed);
    if (!partial)
        return outputError(path, QString::fromStdString(partial.error().message()));
    stream->output_.emplace(std::move(*partial));
    if (!stream->file_.open(stream->output_->fd(), QIODevice::WriteOnly,
                            QFileDevice::DontCloseHandle))
        return outputError(path, stream->file_.errorString());
    return stream;
}

ReportResult<void> SignedStream::write(const QByteArray& bytes) {
    if (file_.write(bytes) != bytes.size())
        return outputError(path_, file_.errorString());
    hash_.addData(bytes);
    return {};
}

ReportResult<QString> SignedStream::finish(x509::Signer& signer) {
    if (!file_.flush() || ::fsync(file_.handle()) != 0)
        return outputError(path_, file_.errorString());
    file_.close();
    const QByteArray digest = hash_.result();
    if (auto signed_ = signDigestTo(path_, digest, signer); !signed_)
        return tl::unexpected(signed_.error());
    if (auto moved = output_->commit(); !moved)
        return outputError(path_, QString::fromStdString(moved.error().message()));
    return QString::fromLatin1(digest.toHex());
}

} // namespace kps::reports
