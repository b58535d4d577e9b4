#include "kps/jigs/jig_error.hpp"

namespace kps::jigs {

const char* faultName(JigFault fault) {
    switch (fault) {
    case JigFault::ProbeMissing:
        return "probe-missing";
    case JigFault::UsbTimeout:
        return "usb-timeout";
    case JigFault::NoTarget:
        return "no-target";
    case JigFault::SwdWait:
        return "swd-wait";
    case JigFault::SwdFault:
        return "swd-fault";
    case JigFault::Protocol:
        return "protocol";
    case JigFault::FlashProgram:
        return "flash-program";
    case JigFault::VerifyMismatch:
        return "verify-mismatch";
    case JigFault::TargetLocked:
        return "target-locked";
    case JigFault::Cancelled:
        return "cancelled";
    case JigFault::BreakpointTimeout:
        return "bkpt-timeout";
    case JigFault::WrongTarget:
        return "wrong-target";
    }
    return "unknown";
}

std::string JigError::message() const {
    std::string text = what + " failed (" + faultName(fault) + ")";
    if (!where.empty())
        text += " at " + where;
    if (!hint.empty())
        text += ": " + hint;
    return text;
}

} // namespace kps::jigs
