#pragma once
// Errors of the jig layer as values: what failed, where (probe serial, address,
// command), the underlying code (libusb, DAP status, SWD ACK) and what to do.
#include "kps/base/expected.hpp"

#include <cstdint>
#include <string>

namespace kps::jigs {

enum class JigFault {
    ProbeMissing,   // no probe with that serial / USB gone
    UsbTimeout,     // a transfer did not complete in time
    NoTarget,       // nothing answers on SWD
    SwdWait,        // target kept answering WAIT
    SwdFault,       // target answered FAULT
    Protocol,       // malformed response from the probe
    FlashProgram,   // flash controller reported an error
    VerifyMismatch, // readback differs from what was written
    TargetLocked,   // the endpoint is locked already
    Cancelled,
    BreakpointTimeout, // code run on the target (a flash algorithm) never reached its BKPT
    WrongTarget,       // the SW-DP or MCU identification is not the profile's
};

struct JigError {
    JigFault fault = JigFault::Protocol;
    std::string what;  // "write key store"
    std::string where; // "probe KPS-SIM-0001, address 0x0800f800"
    long code = 0;     // libusb error, DAP status or SWD ACK
    std::string hint;  // "check that the endpoint sits in the socket"

    std::string message() const;
};

/// Short stable name of a fault, for databases and reports ("swd-wait", ...).
const char* faultName(JigFault fault);

template <class T> using Result = kps::Expected<T, JigError>;
using Status = kps::Expected<void, JigError>;

inline tl::unexpected<JigError> fail(JigFault fault, std::string what, std::string where,
                                     std::string hint, long code = 0) {
    return tl::unexpected(
        JigError{fault, std::move(what), std::move(where), code, std::move(hint)});
}

} // namespace kps::jigs
