#include "kps/usbsim/usb_probe_testbed.hpp"

#include "usb_device_model.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <umockdev.h>
#include <unistd.h>
#include <vector>

namespace kps::usbsim {

struct UsbProbeTestbed::Impl {
    UMockdevTestbed* testbed = umockdev_testbed_new();
    std::vector<std::unique_ptr<UsbDeviceModel>> devices;
    ~Impl() {
        for (auto& device : devices)
            device->detach(testbed);
        g_object_unref(testbed);
    }
};

UsbProbeTestbed::UsbProbeTestbed()
    : impl_(std::make_unique<Impl>()) {}

UsbProbeTestbed::~UsbProbeTestbed() = default;

std::string UsbProbeTestbed::plug(jigs::sim::SimulatedProbe& probe) {
    const int number = int(impl_->devices.size()) + 2; // device 1 is the root hub's place
    auto device = std::make_unique<UsbDeviceModel>(probe, 1, number);
    std::string path = device->attach(impl_->testbed);
    impl_->devices.push_back(std::move(device));
    return path;
}

std::uint64_t UsbProbeTestbed::bulkUrbs() const {
    std::uint64_t total = 0;
    for (const auto& device : impl_->devices)
        total += device->bulkUrbs();
    return total;
}

bool UsbProbeTestbed::inMockEnvironment() {
    const char* preload = std::getenv("LD_PRELOAD");
    return preload && std::strstr(preload, "libumockdev-preload") != nullptr;
}

void UsbProbeTestbed::ensureMockEnvironment(int argc, char** argv) {
    if (inMockEnvironment())
        return;
    std::vector<char*> arguments{const_cast<char*>("umockdev-wrapper")};
    for (int i = 0; i < argc; ++i)
        arguments.push_back(argv[i]);
    arguments.push_back(nullptr);
    execvp("umockdev-wrapper", arguments.data());
    std::perror("cannot run umockdev-wrapper (Debian package umockdev)");
    std::exit(127);
}

} // namespace kps::usbsim
