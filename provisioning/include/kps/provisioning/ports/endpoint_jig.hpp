#pragma once
// What provisioning asks of a programming jig. Implemented over the jigs library
// (simulated line or CMSIS-DAP probes); tests may substitute a faulty one.
#include "kps/provisioning/error.hpp"
#include "kps/provisioning/fault.hpp"

#include <QString>
#include <memory>
#include <span>

namespace kps::provisioning {

struct Firmware;

struct JigFailure {
    Fault fault;     // the jig's fault, typed (the retry policy is keyed by it)
    QString message; // what, where, what to do
};

template <class T> using JigOutcome = kps::Expected<T, JigFailure>;

struct AttachedEndpoint {
    QString uniqueId;    // the MCU's factory unique ID (hex)
    bool locked = false; // provisioned before: only its identity can be read
};

class EndpointJig {
public:
    virtual ~EndpointJig() = default;
    virtual QString serial() const = 0;
    /// Connects to the endpoint in the socket (again, if it is connected already).
    virtual JigOutcome<AttachedEndpoint> attach() = 0;
    /// Programs the profile's firmware image and verifies it on the endpoint (before
    /// the key store). Jigs without a flash algorithm refuse.
    virtual JigOutcome<void> programFirmware(const Firmware& firmware);
    virtual JigOutcome<void> writeKeyStore(std::span<const std::uint8_t> record) = 0;
    virtual JigOutcome<void> readKeyStore(std::span<std::uint8_t> out) = 0;
    virtual JigOutcome<void> lockAndReset() = 0;
    virtual void detach() noexcept = 0;
    /// Ends the connection, the endpoint left in its socket for a later run to resume.
    virtual void disconnect() noexcept { detach(); }
};

class JigRack {
public:
    virtual ~JigRack() = default;
    virtual int slotCount() const = 0;
    /// What the slot's jig is station-wide ("sim-socket-3", "probe-SERIAL"): one run at a
    /// time may hold it (Line::run locks it). Empty: the jig is this run's alone.
    virtual QString slotName(int /*slot*/) const { return {}; }
    virtual Outcome<std::unique_ptr<EndpointJig>> jigForSlot(int slot) = 0;
};

} // namespace kps::provisioning
