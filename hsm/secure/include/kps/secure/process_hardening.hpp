#pragma once
// Keeps secrets in this process out of core dumps and debuggers of other users.

namespace kps::secure {

/// RLIMIT_CORE = 0 and PR_SET_DUMPABLE = 0. Returns false if either failed.
bool disableCoreDumps();

} // namespace kps::secure
