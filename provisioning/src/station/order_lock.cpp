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
