// The lock that stations sharing one SoftHSM token directory take in turns.
#include "kps/hsm/softhsm.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <utility>

namespace kps::hsm {

Result<SoftHsmLock> SoftHsmLock::acquire(const std::filesystem::path& directory) {
    const auto path = directory / "kps-token.lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail("lock SoftHSM token directory", CKR_GENERAL_ERROR, path.string(),
                    std::string(std::strerror(errno)) + ": check the station's HSM directory");
    while (::flock(fd, LOCK_EX) < 0 && errno == EINTR) {
    }
    return SoftHsmLock(fd);
}

SoftHsmLock::SoftHsmLock(SoftHsmLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)) {}

SoftHsmLock& SoftHsmLock::operator=(SoftHsmLock&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

SoftHsmLock::~SoftHsmLock() {
    if (fd_ >= 0)
        ::close(fd_); // releases the flock
}

} // namespace kps::hsm
