#pragma once
// A jig driven through a CMSIS-DAP probe: the real stack, over any transport
// (libusb for a factory, in process for the simulated line).
//
// Round trips per endpoint with a 512-byte packet: attach = DAP_Connect +
// DAP_SWJ_Sequence + one DAP_Transfer (DPIDR, power-up, halt, lock level, unique
// ID); writeKeyStore = one DAP_Transfer (unlock, erase, program, status, read
// back); readKeyStore = one; lockAndReset = one; detach = DAP_Disconnect.
// writeKeyStore verifies the read-back itself. When a write was started but the
// endpoint not locked, detach erases the key-store page again (clean-up always
// runs), so an endpoint leaves the jig either blank or locked with a verified record.
//
// A target whose profile names a flash algorithm (a Cortex-M MCU such as the
// STM32WLE5) is reset into a halt at attach (vector catch) and its identification
// register checked; its firmware and key store are programmed by the algorithm run
// from its RAM (probe_jig_firmware.cpp), and lockAndReset lets the firmware run.
#include "kps/jigs/dap_probe.hpp"
#include "kps/jigs/flash_programmer.hpp"
#include "kps/jigs/jig.hpp"
#include "kps/jigs/target_profile.hpp"

#include <memory>
#include <optional>

namespace kps::jigs {

namespace adiv5 {
class MemAp;
}

class ProbeJig final : public Jig {
public:
    ProbeJig(std::unique_ptr<DapTransport> transport, const TargetProfile& profile);
    ~ProbeJig() override;

    std::string serial() const override;
    Result<EndpointIdentity> attach() override;
    Status programFirmware(const FirmwareImage& image) override;
    Status writeKeyStore(std::span<const std::uint8_t> record) override;
    Status readKeyStore(std::span<std::uint8_t> out) override;
    Status lockAndReset() override;
    void detach() noexcept override;

    /// What the last detach's clean-up did (erase of an unlocked, written key store).
    const Status& lastCleanup() const { return lastCleanup_; }
    /// What the last programFirmware did (chunks, sectors, bytes, packets).
    const ProgramReport& lastProgram() const { return lastProgram_; }
    DapTransport& transport() { return *transport_; }
    DapProbe& probe() { return probe_; }

private:
    Status ensureSession();
    struct LinkFacts {
        std::uint32_t dpidr = 0;
        std::uint32_t options = 0;
        std::uint32_t idcode = 0;
    };
    Status connectAndLinkUp(LinkFacts& facts, std::span<std::uint32_t> uniqueId, bool halt);
    Status requireAttached(const char* what) const;
    void queueControllerUnlock(adiv5::MemAp& ap) const;
    Status eraseKeyStoreIfUnlocked();
    Status cleanUp();
    Status noted(Status outcome);
    void markDirty(std::size_t words);
    bool cortexTarget() const { return !profile_.flashAlgorithm.empty(); }
    void queueStopCore(adiv5::MemAp& ap, std::uint32_t* idcode) const;
    void queueLetFirmwareRun(adiv5::MemAp& ap) const;
    Status checkIdentification(std::uint32_t idcode) const;
    Result<const AlgorithmRunner*> runner();
    Status writeKeyStoreByAlgorithm(std::span<const std::uint8_t> record);

    std::unique_ptr<DapTransport> transport_;
    const TargetProfile& profile_;
    DapProbe probe_;
    bool attached_ = false;
    // The key store of endpoint dirtyUnit_ may hold bytes that are not locked in; kept
    // across a failed attach (a retry's reconnect), so detach still cleans it up.
    bool dirty_ = false;
    std::array<std::uint8_t, 12> unit_{};      // the endpoint attached last
    std::array<std::uint8_t, 12> dirtyUnit_{}; // the endpoint written to
    bool locked_ = false;
    bool reconnect_ = false;
    std::uint32_t options_ = 0;
    std::size_t writtenWords_ = 0;
    Status lastCleanup_;
    // targets with a flash algorithm
    std::optional<FlashAlgorithm> algorithm_;
    std::optional<AlgorithmRunner> runner_;
    bool algorithmLoaded_ = false; // in RAM and initialised since the last attach
    const FirmwareImage* plannedImage_ = nullptr;
    FlashPlan plan_;
    ProgramReport lastProgram_{};
};

} // namespace kps::jigs
