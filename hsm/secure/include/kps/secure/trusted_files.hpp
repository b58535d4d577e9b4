#pragma once
// Files the station trusts. Every file it reads is opened without following a link
// and without blocking (a FIFO, a device such as /dev/zero, a directory or a socket is
// refused before a byte is read), must be a regular file no larger than the caller's
// limit, and is read whole. A file holding a secret (a PIN) must also be the caller's
// own and closed to group and others. The station's own tree (data directory,
// configuration, database, secrets, token) must be the user's and not writable by
// anyone else. Every refusal names the file, what is wrong and the command that fixes it.
#include "kps/base/expected.hpp"
#include "kps/secure/secret_bytes.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kps::secure {

/// What is wrong with a file, one value per reason the station refuses it.
enum class FileProblem {
    Missing,          // no such file
    Unreadable,       // the system refused (permissions, I/O); systemError says why
    Symlink,          // a symbolic link where a file was expected
    Fifo,             // a named pipe: it would block the reader
    Device,           // a character or block device (/dev/zero never ends)
    Directory,        // a directory where a file was expected
    Socket,           // a UNIX socket
    NotRegular,       // any other kind of file
    TooLarge,         // larger than the caller's limit
    ForeignOwner,     // owned by another user
    WritableByOthers, // group or others may write it
    ReadableByOthers, // group or others may read it (a secret, the database)
    PartialNotOurs,   // a *.partial the station did not leave (a link, another's file)
    Exists,           // the output exists and may not be replaced
    WriteFailed,      // writing, syncing or renaming failed; systemError says why
};

/// A short name of the problem for logs and tests ("fifo", "too-large").
std::string_view problemName(FileProblem problem);

/// Why a file was refused: what was tried, the file, the problem in words (with the
/// limit or the system's error text) and the command that fixes it, if there is one.
struct FileError {
    std::string what; // "read order", "open PIN file", "check station directory"
    std::string path; // the file as the caller named it
    FileProblem problem = FileProblem::Unreadable;
    std::string reason; // "is a named pipe (FIFO), not a regular file"
    std::string fix;    // "chmod go-w /srv/kps" (empty when there is no command)
    int systemError = 0;

    /// "PATH: REASON (fix: FIX)"; `what` is left to the caller's wording.
    std::string message() const;
};

template <class T> using FileResult = kps::Expected<T, FileError>;

/// A file descriptor that closes itself; move-only.
class FileHandle {
public:
    FileHandle() = default;
    explicit FileHandle(int fd) noexcept
        : fd_(fd) {}
    FileHandle(FileHandle&& other) noexcept;
    FileHandle& operator=(FileHandle&& other) noexcept;
    FileHandle(const FileHandle&) = delete;
    FileHandle& operator=(const FileHandle&) = delete;
    ~FileHandle();

    int get() const noexcept { return fd_; }
    /// Gives the descriptor up (to a QFile that closes it).
    int release() noexcept;
    explicit operator bool() const noexcept { return fd_ >= 0; }

private:
    int fd_ = -1;
};

/// Who besides its owner may read a file. A secret may be read by its owner only.
enum class Exposure { Public, OwnerOnly };

/// An input opened for reading: a regular file within the limit, in blocking mode.
struct InputFile {
    FileHandle handle;
    std::uint64_t size = 0;
};

/// Opens an input (O_NOFOLLOW, O_NONBLOCK, O_NOCTTY, O_CLOEXEC), refuses anything but a
/// regular file of at most maxBytes, and with Exposure::OwnerOnly a file that is not
/// the caller's or that group or others may read or write.
FileResult<InputFile> openInput(const std::string& path, std::uint64_t maxBytes,
                                Exposure exposure = Exposure::Public);
/// openInput, then the whole file (refused if it grows past maxBytes while read).
FileResult<std::vector<std::uint8_t>> readInput(const std::string& path, std::uint64_t maxBytes);
/// A secret file read whole into locked memory; by default (a PIN) it must be the
/// caller's own and closed to group and others.
FileResult<SecretBytes> readSecretInput(const std::string& path, std::uint64_t maxBytes,
                                        Exposure exposure = Exposure::OwnerOnly);

/// What the station's own tree must keep from other users.
enum class TreeRule {
    NotWritableByOthers, // owned by the user, no write for group or others
    OwnerOnly,           // owned by the user, no access at all for group or others
};

/// Checks one path of the station's tree (links followed: what it points at counts).
/// A missing path passes when `mayBeMissing`.
FileResult<void> checkTreePath(const std::string& path, TreeRule rule, bool mayBeMissing = false);

/// The name of the effective user (for "chown USER PATH"), or its number.
std::string currentUserName();

} // namespace kps::secure
