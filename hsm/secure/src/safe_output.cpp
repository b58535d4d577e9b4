#include "kps/secure/safe_output.hpp"

#include "file_checks.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdio.h> // renameat2
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace kps::secure {
namespace {

std::string joined(const std::string& directory, const std::string& name) {
    if (directory.empty() || directory.back() == '/')
        return directory + name;
    return directory + "/" + name;
}

FileError systemFailure(const std::string& path, const std::string& action, int error) {
    FileError failure =
        detail::refusal(path, FileProblem::WriteFailed, action + ": " + std::strerror(error),
                        "check the disk and the directory's permissions");
    failure.systemError = error;
    return failure;
}

std::string linkTarget(int directory, const std::string& name) {
    char target[4096];
    const ssize_t length = ::readlinkat(directory, name.c_str(), target, sizeof target - 1);
    return length < 0 ? std::string("?") : std::string(target, std::size_t(length));
}

/// A NAME.partial in the way: removed when it is the user's own regular file (left by an
/// interrupted run), refused when it is a link or anything else.
FileResult<void> clearStalePartial(int directory, const std::string& partial,
                                   const std::string& shownPath) {
    struct stat info {};
    if (::fstatat(directory, partial.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? FileResult<void>{}
                               : tl::unexpected(systemFailure(shownPath, "cannot inspect", errno));
    const std::string fix = "remove it (rm " + shownPath + ") after finding out who put it there";
    if (S_ISLNK(info.st_mode))
        return tl::unexpected(detail::refusal(shownPath, FileProblem::PartialNotOurs,
                                              "is a symbolic link (to " +
                                                  linkTarget(directory, partial) +
                                                  ") the station did not make; it is not followed",
                                              fix));
    if (!S_ISREG(info.st_mode) || info.st_uid != ::geteuid() || info.st_nlink != 1)
        return tl::unexpected(detail::refusal(
            shownPath, FileProblem::PartialNotOurs,
            "is in the way and is not a file the station left (another owner, kind or a "
            "second link)",
            fix));
    if (::unlinkat(directory, partial.c_str(), 0) != 0 && errno != ENOENT)
        return tl::unexpected(systemFailure(shownPath, "cannot remove the stale file", errno));
    return {};
}

FileResult<FileHandle> createPartial(int directory, const std::string& partial,
                                     const std::string& shownPath, mode_t mode) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        FileHandle file(::openat(directory, partial.c_str(),
                                 O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
        if (file)
            return file;
        if (errno != EEXIST)
            return tl::unexpected(systemFailure(shownPath, "cannot create", errno));
        KPS_TRY(clearStalePartial(directory, partial, shownPath));
    }
    return tl::unexpected(detail::refusal(shownPath, FileProblem::PartialNotOurs,
                                          "keeps coming back while the station writes it",
                                          "find out which process makes it"));
}

} // namespace

SafeOutput::SafeOutput(FileHandle directory, FileHandle file, std::string directoryPath,
                       std::string name, Replace replace)
    : directory_(std::move(directory))
    , file_(std::move(file))
    , directoryPath_(std::move(directoryPath))
    , name_(std::move(name))
    , replace_(replace) {}

SafeOutput::SafeOutput(SafeOutput&& other) noexcept
    : directory_(std::move(other.directory_))
    , file_(std::move(other.file_))
    , directoryPath_(std::move(other.directoryPath_))
    , name_(std::move(other.name_))
    , replace_(other.replace_)
    , committed_(std::exchange(other.committed_, true)) {}

SafeOutput& SafeOutput::operator=(SafeOutput&& other) noexcept {
    if (this != &other) {
        discard();
        directory_ = std::move(other.directory_);
        file_ = std::move(other.file_);
        directoryPath_ = std::move(other.directoryPath_);
        name_ = std::move(other.name_);
        replace_ = other.replace_;
        committed_ = std::exchange(other.committed_, true);
    }
    return *this;
}

SafeOutput::~SafeOutput() {
    discard();
}

void SafeOutput::discard() noexcept {
    if (committed_ || !file_ || !directory_)
        return;
    file_ = FileHandle();
    static_cast<void>(::unlinkat(directory_.get(), (name_ + ".partial").c_str(), 0));
}

std::string SafeOutput::path() const {
    return joined(directoryPath_, name_);
}

std::string SafeOutput::partialPath() const {
    return path() + ".partial";
}

FileResult<SafeOutput> SafeOutput::create(const std::string& directory, const std::string& name,
                                          Replace replace, mode_t mode) {
    const std::string shown = joined(directory, name);
    if (name.empty() || name.find('/') != std::string::npos)
        return tl::unexpected(
            detail::refusal(shown, FileProblem::NotRegular, "is not a file name", "name a file"));
    FileHandle folder(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!folder)
        return tl::unexpected(systemFailure(directory, "cannot open the directory", errno));
    struct stat existing {};
    if (replace == Replace::Never &&
        ::fstatat(folder.get(), name.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0)
        return tl::unexpected(detail::refusal(shown, FileProblem::Exists, "exists already",
                                              "choose another name or remove the file"));
    KPS_TRY_LET(file, createPartial(folder.get(), name + ".partial", shown + ".partial", mode));
    return SafeOutput(std::move(folder), std::move(file), directory, name, replace);
}

FileResult<SafeOutput> SafeOutput::createPath(const std::string& path, Replace replace,
                                              mode_t mode) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos)
        return create(".", path, replace, mode);
    return create(slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1), replace, mode);
}

FileResult<void> SafeOutput::write(std::span<const std::uint8_t> bytes) {
    while (!bytes.empty()) {
        const ssize_t done = ::write(file_.get(), bytes.data(), bytes.size());
        if (done < 0 && errno == EINTR)
            continue;
        if (done <= 0)
            return tl::unexpected(systemFailure(partialPath(), "cannot write", errno));
        bytes = bytes.subspan(std::size_t(done));
    }
    return {};
}

FileResult<void> SafeOutput::commit() {
    if (::fsync(file_.get()) != 0)
        return tl::unexpected(systemFailure(partialPath(), "cannot sync", errno));
    const std::string partial = name_ + ".partial";
    const unsigned flags = replace_ == Replace::Never ? RENAME_NOREPLACE : 0;
    if (::renameat2(directory_.get(), partial.c_str(), directory_.get(), name_.c_str(), flags) !=
        0) {
        if (errno == EEXIST)
            return tl::unexpected(detail::refusal(path(), FileProblem::Exists, "exists already",
                                                  "choose another name or remove the file"));
        return tl::unexpected(
            systemFailure(path(), "cannot move the finished file into place", errno));
    }
    committed_ = true;
    file_ = FileHandle();
    static_cast<void>(::fsync(directory_.get())); // the rename durable where the disk allows
    return {};
}

} // namespace kps::secure
