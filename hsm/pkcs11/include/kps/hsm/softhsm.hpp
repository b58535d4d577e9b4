#pragma once
// The embedded default HSM: SoftHSM2 with its token directory inside the station's
// data directory, configured by a softhsm2.conf of the station's own.
#include "kps/hsm/error.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace kps::hsm {

/// Writes DIR/softhsm2.conf (token directory DIR/tokens) unless it exists, and points
/// SOFTHSM2_CONF at it. Call before the module is loaded.
Status useSoftHsmIn(const std::filesystem::path& directory);

/// SoftHSM 2.6 rewrites a token's token.object in place (truncate, then write) at every
/// C_Login, to store its PIN-count-low flags; a process killed during a login can leave
/// the file truncated, and the token is gone. The station keeps a copy of each token's
/// token.object, taken when the token is made (DIR/token-backup/, same permissions), and
/// before the module is loaded puts the copy back over a truncated file. Only the
/// flags differ between the copy and a good file, so the copy is as good as the file.
/// Returns the token directories repaired. Call after useSoftHsmIn, before loading.
Result<std::vector<std::string>> repairSoftHsmTokens(const std::filesystem::path& directory);
/// Takes the copy of every token's token.object that has none yet (kps init, and any
/// station made before the copy existed).
Status backupSoftHsmTokens(const std::filesystem::path& directory);

/// Several processes (stations on one registry) sharing one SoftHSM token directory
/// take turns with this exclusive lock (flock on DIR/kps-token.lock) for everything that
/// rewrites the token's files: loading the module and logging in (C_Login rewrites
/// token.object), creating and destroying token objects, logging out and finalising.
/// SoftHSM 2.6's own file locks do not make those safe across processes (measured: a
/// concurrent C_Initialize sees CKR_TOKEN_NOT_PRESENT, a concurrent C_GenerateKey of a
/// token object fails with CKR_GENERAL_ERROR). Session objects need no lock.
/// Also held between threads of one process; never take it twice in one thread.
class SoftHsmLock {
public:
    static Result<SoftHsmLock> acquire(const std::filesystem::path& directory);
    SoftHsmLock(SoftHsmLock&& other) noexcept;
    SoftHsmLock& operator=(SoftHsmLock&& other) noexcept;
    SoftHsmLock(const SoftHsmLock&) = delete;
    SoftHsmLock& operator=(const SoftHsmLock&) = delete;
    ~SoftHsmLock();

private:
    explicit SoftHsmLock(int fd)
        : fd_(fd) {}
    int fd_ = -1;
};

} // namespace kps::hsm
