#pragma once
// Keeps secrets in this process out of core dumps and debuggers of other users, and
// everything it creates away from other users.

namespace kps::secure {

/// RLIMIT_CORE = 0 and PR_SET_DUMPABLE = 0. Returns false if either failed.
bool disableCoreDumps();

/// umask 077: every file and directory the process creates is its user's alone
/// (0600, 0700) unless it is deliberately opened up afterwards.
void restrictNewFiles();

/// What both programs (kps, kps-station) do first: disableCoreDumps() and
/// restrictNewFiles(). Returns false if core dumps could not be turned off.
bool hardenProcess();

} // namespace kps::secure
