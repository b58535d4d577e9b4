// kps-sim-probe: runs a program with simulated CMSIS-DAP v2 probes plugged in (as
// USB devices behind umockdev), each with a blank endpoint in its socket: the
// reference endpoint, or with --target stm32wle5 an emulated STM32WLE5.
//   kps-sim-probe [--probes N] [--serial PREFIX] [--target reference|stm32wle5]
//                 [--flash-time-scale S] -- PROGRAM ARGS...
// (S: the STM32WLE5's flash times on the steady clock; 1 = the datasheet's, 0 = none)
// e.g. kps-sim-probe -- openocd -f jigs/usbsim/openocd-sim.cfg -c "init; mdw 0x1fff7590 3;
// shutdown" Prints the packets each probe answered to stderr; exits with the program's status.
#include "kps/jigs/reference_endpoint.hpp"
#include "kps/mcuemu/stm32wl_mcu.hpp"
#include "kps/usbsim/usb_probe_testbed.hpp"

#include <cstdio>
#include <cstring>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace kps;

namespace {

std::unique_ptr<jigs::sim::SimulatedEndpoint>
blankEndpoint(bool stm32wl, std::array<std::uint8_t, 12> uniqueId, double flashTimeScale) {
    if (!stm32wl)
        return std::make_unique<jigs::ReferenceEndpoint>(jigs::referenceTarget(), uniqueId);
    mcuemu::Stm32wlOptions options;
    options.uniqueId = uniqueId;
    options.flashTimeScale = flashTimeScale;
    auto mcu = mcuemu::Stm32wlMcu::create(jigs::stm32wle5Target(), options);
    if (!mcu) {
        std::fprintf(stderr, "kps-sim-probe: %s\n", mcu.error().message().c_str());
        std::exit(1);
    }
    return std::move(*mcu);
}

} // namespace

int main(int argc, char** argv) {
    usbsim::UsbProbeTestbed::ensureMockEnvironment(argc, argv);
    int count = 1;
    std::string prefix = "KPS-SIM-";
    bool stm32wl = false;
    double flashTimeScale = 0;
    int first = 1;
    for (; first < argc && std::strcmp(argv[first], "--") != 0; ++first) {
        if (std::strcmp(argv[first], "--probes") == 0 && first + 1 < argc)
            count = std::max(1, std::atoi(argv[++first]));
        else if (std::strcmp(argv[first], "--serial") == 0 && first + 1 < argc)
            prefix = argv[++first];
        else if (std::strcmp(argv[first], "--target") == 0 && first + 1 < argc)
            stm32wl = std::strcmp(argv[++first], "stm32wle5") == 0;
        else if (std::strcmp(argv[first], "--flash-time-scale") == 0 && first + 1 < argc)
            flashTimeScale = std::atof(argv[++first]);
    }
    if (first + 1 >= argc) {
        std::fputs("usage: kps-sim-probe [--probes N] [--serial PREFIX] "
                   "[--target reference|stm32wle5] [--flash-time-scale S] -- PROGRAM ARGS...\n",
                   stderr);
        return 1;
    }
    usbsim::UsbProbeTestbed testbed;
    std::vector<std::unique_ptr<jigs::sim::SimulatedProbe>> probes;
    for (int i = 1; i <= count; ++i) {
        jigs::sim::ProbeIdentity identity;
        identity.serial = prefix + std::to_string(i);
        const jigs::TargetProfile& profile =
            stm32wl ? jigs::stm32wle5Target() : jigs::referenceTarget();
        auto probe = std::make_unique<jigs::sim::SimulatedProbe>(identity, profile);
        std::array<std::uint8_t, 12> uniqueId{0x4B, 0x50, 0x53, std::uint8_t(i)};
        probe->insert(blankEndpoint(stm32wl, uniqueId, flashTimeScale));
        testbed.plug(*probe);
        std::fprintf(stderr, "kps-sim-probe: probe %s plugged in\n", identity.serial.c_str());
        probes.push_back(std::move(probe));
    }
    const pid_t child = fork();
    if (child == 0) {
        execvp(argv[first + 1], argv + first + 1);
        std::perror("kps-sim-probe: cannot start the program");
        _exit(127);
    }
    int status = 0;
    waitpid(child, &status, 0);
    for (const auto& probe : probes)
        std::fprintf(stderr, "kps-sim-probe: probe %s answered %llu packets\n",
                     probe->identity().serial.c_str(),
                     static_cast<unsigned long long>(probe->packets()));
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
