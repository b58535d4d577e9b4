// ProbeJig on a target with a flash algorithm (a Cortex-M MCU): the core stopped at
// its reset vector at attach, the MCU identified, the firmware image programmed and
// verified through the algorithm, the key store written through it, and the core
// let go before the lock's reset so the endpoint runs its firmware.
#include "kps/jigs/cortex_m/debug_registers.hpp"
#include "kps/jigs/cortex_m/halt.hpp"
#include "kps/jigs/cortex_m/reset.hpp"
#include "kps/jigs/firmware_image.hpp"
#include "kps/jigs/probe_jig.hpp"
#include "kps/jigs/wipe.hpp"
#include "kps/secure/secret_words.hpp"

#include <cstdio>

namespace kps::jigs {

namespace {
std::string hex32(std::uint32_t value) {
    char text[11];
    std::snprintf(text, sizeof text, "0x%08X", value);
    return text;
}

JigError badImage(const ImageError& error) {
    return {JigFault::Protocol, "program firmware", error.file, 0, error.message()};
}
} // namespace

void ProbeJig::queueStopCore(adiv5::MemAp& ap, std::uint32_t* idcode) const {
    cortex_m::queueResetAndHalt(ap);
    if (profile_.identity.dbgmcuIdcode != 0)
        ap.read(profile_.identity.dbgmcuIdcode, idcode, "read the MCU identification (IDCODE)");
}

void ProbeJig::queueLetFirmwareRun(adiv5::MemAp& ap) const {
    ap.writeBanked(cortex_m::kDemcr, 0, "no vector catch (DEMCR)");
    cortex_m::queueRelease(ap);
    ap.leaveBanked();
}

Status ProbeJig::checkIdentification(std::uint32_t idcode) const {
    constexpr std::uint32_t kDeviceIdMask = 0xFFF; // DEV_ID, bits 11:0
    const IdentityProfile& id = profile_.identity;
    if (id.dbgmcuIdcode == 0 || (idcode & kDeviceIdMask) == id.deviceId)
        return {};
    return fail(JigFault::WrongTarget, "attach", "probe " + serial(),
                "the MCU's device ID is " + hex32(idcode & kDeviceIdMask) + ", not " +
                    hex32(id.deviceId) + " (" + profile_.name +
                    "): is the right endpoint type in the socket?",
                long(idcode));
}

Result<const AlgorithmRunner*> ProbeJig::runner() {
    if (runner_)
        return &*runner_;
    if (!cortexTarget())
        return fail(JigFault::Protocol, "program firmware", profile_.name,
                    "this target has no flash algorithm: it takes no firmware image");
    auto algorithm = builtInFlashAlgorithm(profile_.flashAlgorithm);
    if (!algorithm)
        return fail(JigFault::Protocol, "load the flash algorithm", profile_.name,
                    algorithm.error().message());
    KPS_TRY_LET(layout, layOutAlgorithm(*algorithm, profile_));
    algorithm_ = std::move(*algorithm);
    runner_.emplace(*algorithm_, layout);
    return &*runner_;
}

Status ProbeJig::programFirmware(const FirmwareImage& image) {
    KPS_TRY(requireAttached("program firmware"));
    KPS_TRY_LET(algorithm, runner());
    if (plannedImage_ != &image) {
        KPS_TRY_MAP(checkPlacement(image, profile_), badImage);
        plan_ = planFlash(image, algorithm->algorithm().device, algorithm->layout().bufferSize);
        plannedImage_ = &image;
    }
    markDirty(0); // from the first erase on, the clean-up must look at the key store
    FlashProgrammer programmer(probe_, profile_, *algorithm);
    auto report = programmer.program(plan_, algorithmLoaded_);
    if (!report) {
        algorithmLoaded_ = false;
        return noted(tl::unexpected(report.error()));
    }
    lastProgram_ = *report;
    return {};
}

Status ProbeJig::writeKeyStoreByAlgorithm(std::span<const std::uint8_t> record) {
    KPS_TRY_LET(algorithm, runner());
    const std::size_t count = (record.size() / 4 + 1) / 2 * 2; // whole double words
    secure::SecretWords words(count);
    const auto padded = words.span();
    for (std::size_t i = 0; i < count; ++i) // the record is whole words (checked), then erased
        padded[i] = 4 * i < record.size()
                        ? std::uint32_t(record[4 * i]) | std::uint32_t(record[4 * i + 1]) << 8 |
                              std::uint32_t(record[4 * i + 2]) << 16 |
                              std::uint32_t(record[4 * i + 3]) << 24
                        : 0xFFFFFFFF;
    secure::SecretWords readBack(count);
    markDirty(count);
    FlashProgrammer programmer(probe_, profile_, *algorithm);
    if (auto written = programmer.writeRecord(profile_.keyStoreAddress, words.span(),
                                              readBack.span(), algorithmLoaded_);
        !written) {
        algorithmLoaded_ = false;
        return noted(std::move(written));
    }
    if (!words.equals(readBack))
        return fail(JigFault::VerifyMismatch, "write key store", "probe " + serial(),
                    "the key store read back differs from the record: retry once, scrap the "
                    "endpoint if it fails again");
    return {};
}

} // namespace kps::jigs
