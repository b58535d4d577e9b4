#pragma once
// A model of the reference endpoint's MCU as a debugger reaches it through its
// AHB-AP: flash behind a key-locked controller (erase a page, program words, busy
// and error flags), RAM, the factory unique ID, the core's halt control, and the
// debug lock (option-byte readout protection). The memory map and register layout
// come from the target profile, the same data the station's client uses.
#include "kps/jigs/sim/simulated_endpoint.hpp"
#include "kps/jigs/target_profile.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace kps::jigs {

namespace sim {
class FaultInjector;
}

class ReferenceEndpoint final : public sim::SimulatedEndpoint {
public:
    ReferenceEndpoint(const TargetProfile& profile, std::array<std::uint8_t, 12> uniqueId,
                      sim::FaultInjector* faults = nullptr, unsigned busyPolls = 2);
    /// Wipes its flash and RAM: the keys leave the process with the endpoint, so a
    /// search of the station's memory sees the station's own copies only.
    ~ReferenceEndpoint() override;
    ReferenceEndpoint(const ReferenceEndpoint&) = delete;
    ReferenceEndpoint& operator=(const ReferenceEndpoint&) = delete;

    /// The debug bus: `size` is 1, 2 or 4 bytes, the value right-aligned. False: bus error.
    bool busRead(std::uint32_t address, unsigned size, std::uint32_t& value) override;
    bool busWrite(std::uint32_t address, unsigned size, std::uint32_t value) override;
    /// System reset (AIRCR, nRESET, option load): the core runs, the controller locks.
    void systemReset() override;

    const TargetProfile& profile() const override { return profile_; }
    const std::array<std::uint8_t, 12>& uniqueId() const override { return uniqueId_; }
    bool locked() const override; // readout protection in force
    bool halted() const override { return halted_; }
    std::span<const std::uint8_t> keyStorePage() const override;
    std::span<const std::uint8_t> flash() const override { return flash_; }
    /// An endpoint provisioned earlier: `record` in its key store, readout protected.
    void provisionDirectly(std::span<const std::uint8_t> record) override;
    /// The simulated line's persistent socket: a key-store page image and lock as they
    /// were when the station stopped.
    void restoreKeyStore(std::span<const std::uint8_t> page, bool locked) override;
    /// What the endpoint's firmware sends on air: an OMS security mode 5 telegram
    /// of `plaintext`, encrypted with the data key of its key store (role data,
    /// lowest key id) and addressed with the address stored there.
    Result<std::vector<std::uint8_t>> emitTelegram(std::uint8_t accessNumber,
                                                   std::span<const std::uint8_t> plaintext,
                                                   std::uint8_t status = 0) const;

private:
    bool inFlash(std::uint32_t address, unsigned size) const;
    bool readController(std::uint32_t offset, std::uint32_t& value);
    bool writeController(std::uint32_t offset, std::uint32_t value);
    void writeControl(std::uint32_t value);
    void unlockStep(std::uint32_t key, bool optionKeys);
    void startOperation();
    bool programWord(std::uint32_t address, unsigned size, std::uint32_t value);
    void rollOperationFaults();
    void loadOptions();
    bool readCore(std::uint32_t address, std::uint32_t& value) const;
    bool writeCore(std::uint32_t address, std::uint32_t value);

    const TargetProfile& profile_;
    std::array<std::uint8_t, 12> uniqueId_;
    sim::FaultInjector* faults_;
    unsigned busyPolls_;
    std::vector<std::uint8_t> flash_;
    std::vector<std::uint8_t> ram_;
    // flash controller
    std::uint32_t control_ = 0;
    std::uint32_t status_ = 0;
    unsigned busyReads_ = 0;
    int unlockStage_ = 0;
    int optionUnlockStage_ = 0;
    std::uint32_t optionsPending_ = 0;
    std::uint32_t optionsStored_ = 0;
    std::uint32_t optionsLoaded_ = 0;
    bool operationFailing_ = false;
    int corruptAfterWords_ = -1;
    // core
    bool halted_ = false;
    std::uint32_t debugControl_ = 0;
    std::uint32_t demcr_ = 0;
};

} // namespace kps::jigs
