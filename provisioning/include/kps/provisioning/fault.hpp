#pragma once
// Why a jig attempt or an endpoint failed. The jig's faults come across the EndpointJig
// port as these values (the jigs adapter maps the jig layer's own); the line adds its
// own. faultName() is the one table of their stable names, which the store (an
// endpoint's reason), the audit chain and the reports carry.
#include <QString>
#include <optional>

namespace kps::provisioning {

enum class Fault {
    // The jig's
    ProbeMissing,      // no probe with that serial, or its USB is gone
    UsbTimeout,        // a transfer did not complete in time
    NoTarget,          // nothing answers on SWD (an empty socket)
    SwdWait,           // the target kept answering WAIT
    SwdFault,          // the target answered FAULT
    Protocol,          // a malformed answer from the probe
    FlashProgram,      // the flash controller reported an error
    VerifyMismatch,    // the key store read back differs from what was written
    TargetLocked,      // the endpoint is locked (provisioned before)
    Cancelled,         // the jig's work was cancelled
    BreakpointTimeout, // code run on the target (a flash algorithm) never reached its BKPT
    WrongTarget,       // the SW-DP or MCU identification is not the profile's
    // The line's
    EndpointChanged, // another endpoint is in the socket after a reconnect
    UnknownEndpoint, // re-keying: an endpoint the station never produced, or not listed
    KeysNotRemade,   // a resumed endpoint's secrets cannot be made again
    Hsm,             // the HSM failed while making the endpoint's secrets
    Interrupted,     // the endpoint left its socket while its row was unfinished
};

QString faultName(Fault fault);
std::optional<Fault> faultFrom(const QString& name);

} // namespace kps::provisioning
