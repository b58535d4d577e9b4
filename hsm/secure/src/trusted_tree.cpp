#include "file_checks.hpp"
#include "kps/secure/trusted_files.hpp"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace kps::secure {

FileResult<void> checkTreePath(const std::string& path, TreeRule rule, bool mayBeMissing) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        if (errno == ENOENT && mayBeMissing)
            return {};
        FileError failure = detail::refusal(
            path, errno == ENOENT ? FileProblem::Missing : FileProblem::Unreadable,
            std::string("cannot be checked: ") + std::strerror(errno), "check the path");
        failure.systemError = errno;
        return tl::unexpected(std::move(failure));
    }
    if (info.st_uid != ::geteuid())
        return tl::unexpected(detail::refusal(path, FileProblem::ForeignOwner,
                                              "belongs to user " + std::to_string(info.st_uid) +
                                                  ", not to " + currentUserName() +
                                                  " who runs the station",
                                              "chown " + currentUserName() + " " + path));
    if (info.st_mode & (S_IWGRP | S_IWOTH))
        return tl::unexpected(detail::refusal(path, FileProblem::WritableByOthers,
                                              "may be written by group or others",
                                              "chmod go-w " + path));
    if (rule == TreeRule::OwnerOnly && (info.st_mode & (S_IRWXG | S_IRWXO)))
        return tl::unexpected(detail::refusal(path, FileProblem::ReadableByOthers,
                                              "may be read by group or others",
                                              "chmod go-rwx " + path));
    return {};
}

} // namespace kps::secure
