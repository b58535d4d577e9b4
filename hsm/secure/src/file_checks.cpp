#include "file_checks.hpp"

#include <cerrno>
#include <cstring>
#include <pwd.h>
#include <unistd.h>

namespace kps::secure {
namespace detail {

FileError refusal(const std::string& path, FileProblem problem, std::string reason,
                  std::string fix) {
    return FileError{{}, path, problem, std::move(reason), std::move(fix), 0};
}

FileError tooLarge(const std::string& path, std::uint64_t maxBytes) {
    return refusal(path, FileProblem::TooLarge,
                   "is larger than the limit of " + std::to_string(maxBytes) + " bytes",
                   "check that this is the right file");
}

FileResult<void> checkRegular(const std::string& path, const struct stat& info) {
    const mode_t type = info.st_mode & S_IFMT;
    if (type == S_IFREG)
        return {};
    if (type == S_IFIFO)
        return tl::unexpected(refusal(path, FileProblem::Fifo,
                                      "is a named pipe (FIFO), not a regular file",
                                      "give the path of a regular file"));
    if (type == S_IFCHR || type == S_IFBLK)
        return tl::unexpected(refusal(path, FileProblem::Device, "is a device, not a regular file",
                                      "give the path of a regular file"));
    if (type == S_IFDIR)
        return tl::unexpected(refusal(path, FileProblem::Directory,
                                      "is a directory, not a regular file",
                                      "give the path of a file in it"));
    if (type == S_IFSOCK)
        return tl::unexpected(refusal(path, FileProblem::Socket, "is a socket, not a regular file",
                                      "give the path of a regular file"));
    if (type == S_IFLNK)
        return tl::unexpected(
            refusal(path, FileProblem::Symlink,
                    "is a symbolic link; the station reads no file through a link",
                    "give the path of the file itself"));
    return tl::unexpected(refusal(path, FileProblem::NotRegular, "is not a regular file",
                                  "give the path of a regular file"));
}

} // namespace detail

std::string_view problemName(FileProblem problem) {
    switch (problem) {
    case FileProblem::Missing:
        return "missing";
    case FileProblem::Unreadable:
        return "unreadable";
    case FileProblem::Symlink:
        return "symlink";
    case FileProblem::Fifo:
        return "fifo";
    case FileProblem::Device:
        return "device";
    case FileProblem::Directory:
        return "directory";
    case FileProblem::Socket:
        return "socket";
    case FileProblem::NotRegular:
        return "not-regular";
    case FileProblem::TooLarge:
        return "too-large";
    case FileProblem::ForeignOwner:
        return "foreign-owner";
    case FileProblem::WritableByOthers:
        return "writable-by-others";
    case FileProblem::ReadableByOthers:
        return "readable-by-others";
    case FileProblem::PartialNotOurs:
        return "partial-not-ours";
    case FileProblem::Exists:
        return "exists";
    case FileProblem::WriteFailed:
        return "write-failed";
    }
    return "unknown";
}

std::string FileError::message() const {
    std::string text = path + ": " + reason;
    if (!fix.empty())
        text += " (fix: " + fix + ")";
    return text;
}

std::string currentUserName() {
    const uid_t uid = ::geteuid();
    struct passwd entry {};
    struct passwd* found = nullptr;
    char buffer[1024];
    if (::getpwuid_r(uid, &entry, buffer, sizeof buffer, &found) == 0 && found)
        return found->pw_name;
    return std::to_string(uid);
}

} // namespace kps::secure
