#pragma once
// One programming jig: a probe wired to the SWD port of the endpoint in its socket.
// The sequence per endpoint is attach -> [programFirmware] -> writeKeyStore ->
// readKeyStore -> lockAndReset -> detach; detach always runs (a Jig in a scope guard).
#include "kps/jigs/jig_error.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace kps::jigs {

struct FirmwareImage;

struct EndpointIdentity {
    std::array<std::uint8_t, 12> uniqueId{}; // the MCU's factory unique ID
    std::uint32_t dpidr = 0;                 // SW-DP identification register
    /// Readout protection in force (provisioned before): only the unique ID can be
    /// read; writing or reading the key store fails with TargetLocked.
    bool locked = false;
};

class Jig {
public:
    virtual ~Jig() = default;
    virtual std::string serial() const = 0;
    /// SWD line reset, DPIDR, debug power-up, halt, unique ID, lock state.
    virtual Result<EndpointIdentity> attach() = 0;
    /// Erases the sectors the image covers, programs it and verifies it on the target
    /// (targets with a flash algorithm; the others refuse).
    virtual Status programFirmware(const FirmwareImage& image) = 0;
    /// Erases the key-store page and programs the record.
    virtual Status writeKeyStore(std::span<const std::uint8_t> record) = 0;
    /// Reads back `out.size()` bytes from the start of the key-store page.
    virtual Status readKeyStore(std::span<std::uint8_t> out) = 0;
    /// Locks debug access to the key store and resets the endpoint.
    virtual Status lockAndReset() = 0;
    /// Releases the endpoint (always safe to call).
    virtual void detach() noexcept = 0;
    /// Ends the connection but leaves the endpoint in its socket: the line paused (a
    /// store failure) and a later run resumes it. For a real probe, the same as detach.
    virtual void disconnect() noexcept { detach(); }
};

} // namespace kps::jigs
