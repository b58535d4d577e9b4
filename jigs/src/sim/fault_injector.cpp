#include "kps/jigs/sim/fault_injector.hpp"

namespace kps::jigs::sim {

const char* faultKindName(FaultKind kind) {
    switch (kind) {
    case FaultKind::UsbDrop:
        return "usb-drop";
    case FaultKind::UsbTimeout:
        return "usb-timeout";
    case FaultKind::SwdWait:
        return "swd-wait";
    case FaultKind::SwdFault:
        return "swd-fault";
    case FaultKind::FlashProgram:
        return "flash-program";
    case FaultKind::FlashVerify:
        return "flash-verify";
    case FaultKind::NoTarget:
        return "no-target";
    case FaultKind::LockedTarget:
        return "locked-target";
    case FaultKind::BkptTimeout:
        return "bkpt-timeout";
    case FaultKind::WrongIdcode:
        return "wrong-idcode";
    }
    return "unknown";
}

} // namespace kps::jigs::sim
