#include "kps/provisioning/order_lock.hpp"

#include <QDir>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace kps::provisioning {

Outcome<OrderLock> OrderLock::acquire(const QString& directory, const QString& orderId) {
    const QString what = QStringLiteral("lock order");
    QDir().mkpath(directory);
    const QString path = QDir(directory).filePath(orderId + QStringLiteral(".lock"));
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return failure(ErrorKind::Store, what, path, QString::fromLocal8Bit(std::strerror(errno)),
                       QStringLiteral("Check the station data directory"));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd);
        if (error == EWOULDBLOCK)
            return failure(ErrorKind::Refused, what, orderId,
                           QStringLiteral("another kps process works on this order now"),
                           QStringLiteral("Wait for it to finish, or stop it with Ctrl-C"));
        return failure(ErrorKind::Store, what, path, QString::fromLocal8Bit(std::strerror(error)));
    }
    return OrderLock(fd);
}

Outcome<OrderLock> OrderLock::acquireJig(const QString& directory, const QString& name, int slot,
                                         const QString& holder) {
    const QString what = QStringLiteral("take slot %1").arg(slot);
    QDir().mkpath(directory);
    const QString path = QDir(directory).filePath(name + QStringLiteral(".lock"));
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return failure(ErrorKind::Store, what, path, QString::fromLocal8Bit(std::strerror(errno)),
                       QStringLiteral("Check the station data directory"));
    OrderLock lock(fd);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        if (error != EWOULDBLOCK)
            return failure(ErrorKind::Store, what, path,
                           QString::fromLocal8Bit(std::strerror(error)));
        char held[256] = {};
        const ssize_t length = ::pread(fd, held, sizeof held - 1, 0);
        const QString by = length > 0 ? QString::fromUtf8(held, length).trimmed()
                                      : QStringLiteral("another kps process");
        return failure(ErrorKind::Refused, what, name,
                       QStringLiteral("%1 belongs to %2 now").arg(name, by),
                       QStringLiteral("Run on other slots (--first-socket, --probes), or wait "
                                      "for that run to end"));
    }
    const QByteArray text = holder.toUtf8() + '\n';
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, text.constData(), size_t(text.size()), 0) < 0)
        return failure(ErrorKind::Store, what, path, QString::fromLocal8Bit(std::strerror(errno)));
    return lock;
}

OrderLock::OrderLock(OrderLock&& other) noexcept
    : fd_(other.fd_) {
    other.fd_ = -1;
}

OrderLock& OrderLock::operator=(OrderLock&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = other.fd_;
        other.fd_ = -1;
    }
    return *this;
}

OrderLock::~OrderLock() {
    if (fd_ >= 0)
        ::close(fd_); // closing the last descriptor releases the flock
}

} // namespace kps::provisioning
