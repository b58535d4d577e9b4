#include "file_checks.hpp"
#include "kps/secure/trusted_files.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace kps::secure {
namespace {

/// open() failed: a link (O_NOFOLLOW gives ELOOP), a missing file, or another reason.
FileError openFailure(const std::string& path, int error) {
    if (error == ELOOP)
        return detail::refusal(path, FileProblem::Symlink,
                               "is a symbolic link; the station reads no file through a link",
                               "give the path of the file itself");
    if (error == ENOENT)
        return detail::refusal(path, FileProblem::Missing, "does not exist", "check the path");
    FileError failure = detail::refusal(path, FileProblem::Unreadable,
                                        std::string("cannot be opened: ") + std::strerror(error),
                                        "check the path and its permissions");
    failure.systemError = error;
    return failure;
}

/// Owner and permissions of a secret: the caller's own, nobody else's business.
FileResult<void> checkPrivate(const std::string& path, const struct stat& info) {
    if (info.st_uid != ::geteuid())
        return tl::unexpected(detail::refusal(path, FileProblem::ForeignOwner,
                                              "belongs to another user; a secret must be yours",
                                              "chown " + currentUserName() + " " + path));
    if (info.st_mode & (S_IRWXG | S_IRWXO))
        return tl::unexpected(detail::refusal(path, FileProblem::ReadableByOthers,
                                              "may be read or written by group or others",
                                              "chmod 600 " + path));
    return {};
}

/// Reads until the end of the file into `out` (one byte larger than the file was).
template <class Buffer>
FileResult<std::size_t> readWhole(const std::string& path, int fd, Buffer& out,
                                  std::uint64_t maxBytes) {
    std::size_t total = 0;
    for (;;) {
        const ssize_t got = ::read(fd, out.data() + total, out.size() - total);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            FileError failure = detail::refusal(
                path, FileProblem::Unreadable,
                std::string("cannot be read: ") + std::strerror(errno), "check the file");
            failure.systemError = errno;
            return tl::unexpected(std::move(failure));
        }
        if (got == 0)
            return total;
        total += std::size_t(got);
        if (total > maxBytes)
            return tl::unexpected(detail::tooLarge(path, maxBytes));
        if (total == out.size()) // longer than fstat said: it is being written
            return tl::unexpected(detail::refusal(path, FileProblem::Unreadable,
                                                  "grew while it was read",
                                                  "give a file nothing writes to any more"));
    }
}

} // namespace

FileHandle::FileHandle(FileHandle&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)) {}

FileHandle& FileHandle::operator=(FileHandle&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

FileHandle::~FileHandle() {
    if (fd_ >= 0)
        ::close(fd_);
}

int FileHandle::release() noexcept {
    return std::exchange(fd_, -1);
}

FileResult<InputFile> openInput(const std::string& path, std::uint64_t maxBytes,
                                Exposure exposure) {
    FileHandle file(
        ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (!file)
        return tl::unexpected(openFailure(path, errno));
    struct stat info {};
    if (::fstat(file.get(), &info) != 0)
        return tl::unexpected(openFailure(path, errno));
    KPS_TRY(detail::checkRegular(path, info));
    if (std::uint64_t(info.st_size) > maxBytes)
        return tl::unexpected(detail::tooLarge(path, maxBytes));
    if (exposure == Exposure::OwnerOnly)
        KPS_TRY(checkPrivate(path, info));
    // A regular file: blocking reads from here on (O_NONBLOCK only kept open() from waiting).
    const int flags = ::fcntl(file.get(), F_GETFL);
    if (flags >= 0)
        static_cast<void>(::fcntl(file.get(), F_SETFL, flags & ~O_NONBLOCK));
    return InputFile{std::move(file), std::uint64_t(info.st_size)};
}

FileResult<std::vector<std::uint8_t>> readInput(const std::string& path, std::uint64_t maxBytes) {
    KPS_TRY_LET(input, openInput(path, maxBytes));
    std::vector<std::uint8_t> bytes(std::size_t(input.size) + 1);
    KPS_TRY_LET(total, readWhole(path, input.handle.get(), bytes, maxBytes));
    bytes.resize(total);
    return bytes;
}

FileResult<SecretBytes> readSecretInput(const std::string& path, std::uint64_t maxBytes,
                                        Exposure exposure) {
    KPS_TRY_LET(input, openInput(path, maxBytes, exposure));
    SecretBytes bytes(std::size_t(maxBytes) + 1);
    KPS_TRY_LET(total, readWhole(path, input.handle.get(), bytes, maxBytes));
    bytes.shrink(total);
    return bytes;
}

} // namespace kps::secure
