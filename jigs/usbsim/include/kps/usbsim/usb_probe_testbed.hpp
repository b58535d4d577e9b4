#pragma once
// Simulated CMSIS-DAP v2 probes as USB devices, for testing without hardware: a
// umockdev testbed lists them in a mock sysfs/udev, and an ioctl handler answers
// the usbdevfs calls libusb makes (claim, bulk and control URBs, reap, discard),
// passing every bulk OUT packet to a SimulatedProbe and its answer to the next
// bulk IN. Programs that run inside the mock environment (this process under
// umockdev-wrapper, or children that inherit its environment, e.g. OpenOCD) see
// real USB devices. Test support only: links GLib and umockdev, never the station.
#include "kps/jigs/sim/simulated_probe.hpp"

#include <memory>
#include <string>

namespace kps::usbsim {

constexpr std::uint16_t kVendorId = 0x1209;  // pid.codes
constexpr std::uint16_t kProductId = 0x0001; // pid.codes test PID

class UsbProbeTestbed {
public:
    UsbProbeTestbed();
    ~UsbProbeTestbed();
    UsbProbeTestbed(const UsbProbeTestbed&) = delete;
    UsbProbeTestbed& operator=(const UsbProbeTestbed&) = delete;

    /// Plugs a probe in (bus 1, next device number); the probe must outlive the testbed.
    /// Returns its sysfs path. Add probes before creating a libusb context.
    std::string plug(jigs::sim::SimulatedProbe& probe);
    /// Bulk URBs answered so far, over all probes.
    std::uint64_t bulkUrbs() const;

    /// True inside umockdev's preload environment.
    static bool inMockEnvironment();
    /// Re-executes this program under umockdev-wrapper unless it runs there already;
    /// returns only inside the mock environment (or exits with the child's status).
    static void ensureMockEnvironment(int argc, char** argv);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace kps::usbsim
