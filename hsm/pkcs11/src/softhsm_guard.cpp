// Keeps SoftHSM's token.object files safe from a process killed during C_Login.
#include "kps/hsm/softhsm.hpp"

#include <cerrno>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace kps::hsm {
namespace {

namespace fs = std::filesystem;

fs::path backupOf(const fs::path& directory, const fs::path& tokenDirectory) {
    return directory / "token-backup" / tokenDirectory.filename() / "token.object";
}

std::uintmax_t sizeOf(const fs::path& path) {
    std::error_code error;
    const auto size = fs::file_size(path, error);
    return error ? 0 : size;
}

/// Copies through a temporary file and a rename, keeping the owner-only permissions.
Status copyAtomically(const fs::path& from, const fs::path& to) {
    std::error_code error;
    fs::create_directories(to.parent_path(), error);
    fs::permissions(to.parent_path(), fs::perms::owner_all, fs::perm_options::replace, error);
    // One temporary per process: stations sharing a token directory may repair at once.
    const fs::path temporary = to.string() + ".tmp." + std::to_string(::getpid());
    fs::copy_file(from, temporary, fs::copy_options::overwrite_existing, error);
    if (!error)
        fs::permissions(temporary, fs::perms::owner_read | fs::perms::owner_write,
                        fs::perm_options::replace, error);
    if (!error)
        fs::rename(temporary, to, error);
    if (error)
        return fail("copy SoftHSM token file", CKR_GENERAL_ERROR, from.string(),
                    error.message() + ": check the station data directory");
    return {};
}

std::vector<fs::path> tokenDirectories(const fs::path& directory) {
    std::vector<fs::path> tokens;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(directory / "tokens", error))
        if (entry.is_directory() && fs::exists(entry.path() / "token.object"))
            tokens.push_back(entry.path());
    return tokens;
}

/// A read lock (fcntl, blocking) on a token file. SoftHSM write-locks an object file
/// from truncate to the end of the rewrite and read-locks it to read it, so while this
/// is held no other process is half-way through rewriting it: a short file then means
/// a process was killed during the rewrite, not that one is writing it right now
/// (several stations share one token directory). Released when closed.
class TokenFileReadLock {
public:
    explicit TokenFileReadLock(const fs::path& file)
        : fd_(::open(file.c_str(), O_RDONLY | O_CLOEXEC)) {
        if (fd_ < 0)
            return;
        struct flock lock {};
        lock.l_type = F_RDLCK;
        lock.l_whence = SEEK_SET;
        while (::fcntl(fd_, F_SETLKW, &lock) < 0 && errno == EINTR) {
        }
    }
    ~TokenFileReadLock() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    TokenFileReadLock(const TokenFileReadLock&) = delete;
    TokenFileReadLock& operator=(const TokenFileReadLock&) = delete;

private:
    int fd_;
};

} // namespace

Status backupSoftHsmTokens(const fs::path& directory) {
    for (const fs::path& token : tokenDirectories(directory)) {
        const fs::path backup = backupOf(directory, token);
        if (fs::exists(backup) || sizeOf(token / "token.object") == 0)
            continue;
        if (auto copied = copyAtomically(token / "token.object", backup); !copied)
            return copied;
    }
    return {};
}

Result<std::vector<std::string>> repairSoftHsmTokens(const fs::path& directory) {
    std::vector<std::string> repaired;
    for (const fs::path& token : tokenDirectories(directory)) {
        const fs::path backup = backupOf(directory, token);
        const auto expected = sizeOf(backup);
        const TokenFileReadLock settled(token / "token.object");
        if (expected == 0 || sizeOf(token / "token.object") >= expected)
            continue;
        if (auto restored = copyAtomically(backup, token / "token.object"); !restored)
            return tl::unexpected(restored.error());
        repaired.push_back(token.string());
    }
    return repaired;
}

} // namespace kps::hsm
