#include "listing_output.hpp"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <unistd.h>

namespace kps::reports {
namespace {

constexpr std::size_t kBatch = 256;

tl::unexpected<ReportError> outputError(const QString& path, const QString& reason) {
    return reportFailure(ReportErrorKind::Output, path, {}, reason,
                         QStringLiteral("Check the disk and the export directory"));
}

/// A file the station writes that would break its own schema: a fault of the station.
tl::unexpected<ReportError> wouldBreakSchema(const schemas::InputProblem& problem) {
    return tl::unexpected(
        ReportError{ReportErrorKind::Output, problem.file, problem.place,
                    QStringLiteral("would not match its schema: ") + problem.reason,
                    QStringLiteral("Nothing was written; report this to the maintainers")});
}

} // namespace

ListingOutput::ListingOutput(QString path, schemas::PartValidator validator)
    : path_(std::move(path))
    , validator_(std::move(validator)) {}

ListingOutput::~ListingOutput() {
    if (pending_.valid())
        pending_.wait();
    file_.close();
    output_.reset(); // never committed: the partial file is removed
}

ReportResult<std::unique_ptr<ListingOutput>> ListingOutput::open(const QString& path) {
    auto validator = schemas::PartValidator::create(QStringLiteral("kps-listing/1"),
                                                    QStringLiteral("/properties/endpoints/items"));
    if (!validator)
        return tl::unexpected(ReportError::fromInput(validator.error()));
    QDir().mkpath(QFileInfo(path).absolutePath());
    std::unique_ptr<ListingOutput> output(new ListingOutput(path, std::move(*validator)));
    auto partial = secure::SafeOutput::createPath(QFile::encodeName(path).toStdString(),
                                                  secure::Replace::Allowed);
    if (!partial)
        return outputError(path, QString::fromStdString(partial.error().message()));
    output->output_.emplace(std::move(*partial));
    if (!output->file_.open(output->output_->fd(), QIODevice::WriteOnly,
                            QFileDevice::DontCloseHandle))
        return outputError(path, output->file_.errorString());
    return output;
}

ReportResult<void> ListingOutput::append(const QByteArray& bytes) {
    if (file_.write(bytes) != bytes.size())
        return outputError(path_, file_.errorString());
    hash_.addData(bytes);
    return {};
}

ReportResult<void> ListingOutput::writeBatch(std::vector<QByteArray> batch, qint64 first) {
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const qint64 index = first + qint64(i);
        const QString place = QStringLiteral("/endpoints/%1").arg(index);
        if (auto valid =
                validator_.validate(QJsonDocument::fromJson(batch[i]).object(), path_, place);
            !valid)
            return wouldBreakSchema(valid.error());
        if (auto written = append((index == 0 ? "\n    " : ",\n    ") + batch[i]); !written)
            return written;
    }
    return {};
}

/// Waits for the batch on the worker and returns its outcome.
ReportResult<void> ListingOutput::drain() {
    if (!pending_.valid())
        return {};
    return pending_.get();
}

ReportResult<void> ListingOutput::addEntry(QByteArray text) {
    batch_.push_back(std::move(text));
    ++entries_;
    if (batch_.size() < kBatch)
        return {};
    if (auto previous = drain(); !previous)
        return previous;
    pending_ = std::async(std::launch::async, &ListingOutput::writeBatch, this, std::move(batch_),
                          entries_ - qint64(kBatch));
    batch_ = {};
    return {};
}

ReportResult<void> ListingOutput::write(const QByteArray& bytes) {
    if (auto previous = drain(); !previous)
        return previous;
    if (!batch_.empty()) {
        const qint64 first = entries_ - qint64(batch_.size());
        if (auto rest = writeBatch(std::exchange(batch_, {}), first); !rest)
            return rest;
    }
    return append(bytes);
}

ReportResult<QByteArray> ListingOutput::close() {
    if (auto flushed = write({}); !flushed)
        return tl::unexpected(flushed.error());
    if (!file_.flush() || ::fsync(file_.handle()) != 0)
        return outputError(path_, file_.errorString());
    file_.close();
    return hash_.result();
}

ReportResult<void> ListingOutput::commit() {
    if (auto moved = output_->commit(); !moved)
        return outputError(path_, QString::fromStdString(moved.error().message()));
    return {};
}

} // namespace kps::reports
