#include "kps/secure/process_hardening.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

namespace kps::secure {

bool disableCoreDumps() {
    struct rlimit none {
        0, 0
    };
    const bool limited = setrlimit(RLIMIT_CORE, &none) == 0;
    const bool undumpable = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
    return limited && undumpable;
}

void restrictNewFiles() {
    ::umask(077);
}

bool hardenProcess() {
    restrictNewFiles();
    return disableCoreDumps();
}

} // namespace kps::secure
