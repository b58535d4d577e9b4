#include "kps/schemas/input_file.hpp"

#include "kps/schemas/text_checks.hpp"
#include "kps/secure/trusted_files.hpp"

#include <cstdint>

namespace kps::schemas {
namespace {

bool isResource(const QString& path) {
    return path.startsWith(QLatin1String(":/"));
}

tl::unexpected<InputProblem> refused(const QString& path, const secure::FileError& error,
                                     qint64 maxBytes) {
    if (error.problem == secure::FileProblem::TooLarge) // "byte N": where the limit was passed
        return tl::unexpected(tooLarge(path, maxBytes));
    QString reason = QString::fromStdString(error.reason);
    if (!error.fix.empty())
        reason += QStringLiteral(" (fix: %1)").arg(QString::fromStdString(error.fix));
    return reject(path, {}, reason);
}

std::uint64_t limitOf(qint64 maxBytes) {
    return maxBytes > 0 ? std::uint64_t(maxBytes) : std::uint64_t(INT64_MAX);
}

} // namespace

Checked<QByteArray> readInputFile(const QString& path, qint64 maxBytes) {
    if (isResource(path)) {
        QFile resource(path);
        if (!resource.open(QIODevice::ReadOnly))
            return reject(path, {}, QStringLiteral("cannot be read: ") + resource.errorString());
        return resource.readAll();
    }
    auto bytes = secure::readInput(QFile::encodeName(path).toStdString(), limitOf(maxBytes));
    if (!bytes)
        return refused(path, bytes.error(), maxBytes);
    return QByteArray(reinterpret_cast<const char*>(bytes->data()), qsizetype(bytes->size()));
}

Checked<void> openInputFile(QFile& file, qint64 maxBytes) {
    const QString path = file.fileName();
    if (isResource(path)) {
        if (!file.open(QIODevice::ReadOnly))
            return reject(path, {}, QStringLiteral("cannot be read: ") + file.errorString());
        return {};
    }
    auto input = secure::openInput(QFile::encodeName(path).toStdString(), limitOf(maxBytes));
    if (!input)
        return refused(path, input.error(), maxBytes);
    const int fd = input->handle.release();
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        secure::FileHandle owner(fd); // closes it
        return reject(path, {}, QStringLiteral("cannot be read: ") + file.errorString());
    }
    return {};
}

} // namespace kps::schemas
