#include "emulated_endpoints.hpp"

#include "kps/mcuemu/stm32wl_mcu.hpp"

namespace kps::provisioning {

namespace {

/// Emulated STM32WLE5s: the core runs its code in step with the SWD accesses; the
/// flash's datasheet times are charged as busy time, scaled (0: at once).
class Stm32wlEndpoints final : public jigs::sim::EndpointKind {
public:
    explicit Stm32wlEndpoints(double flashTimeScale)
        : flashTimeScale_(flashTimeScale) {}
    const jigs::TargetProfile& profile() const override { return jigs::stm32wle5Target(); }
    std::unique_ptr<jigs::sim::SimulatedEndpoint>
    make(const std::array<std::uint8_t, 12>& uniqueId,
         jigs::sim::FaultInjector* faults) const override {
        return emulate(uniqueId, faults);
    }
    std::unique_ptr<jigs::sim::SimulatedEndpoint>
    restore(const std::array<std::uint8_t, 12>& uniqueId, const jigs::sim::FlashPages& pages,
            bool locked, jigs::sim::FaultInjector* faults) const override {
        auto mcu = emulate(uniqueId, faults);
        if (!mcu)
            return nullptr;
        const std::uint32_t keyStore = profile().keyStoreAddress;
        for (const jigs::sim::FlashPage& page : pages)
            if (page.address != keyStore)
                mcu->writeFlashDirectly(page.address, page.bytes);
        const std::vector<std::uint8_t> blank(profile().keyStoreSize, 0xFF);
        const auto page = jigs::sim::pageAt(pages, keyStore);
        mcu->restoreKeyStore(page.empty() ? std::span<const std::uint8_t>(blank) : page, locked);
        return mcu;
    }

private:
    std::unique_ptr<mcuemu::Stm32wlMcu> emulate(const std::array<std::uint8_t, 12>& uniqueId,
                                                jigs::sim::FaultInjector* faults) const {
        mcuemu::Stm32wlOptions options;
        options.uniqueId = uniqueId;
        options.seed = std::uint64_t(uniqueId[8]) | std::uint64_t(uniqueId[0]) << 8;
        options.flashTimeScale = flashTimeScale_;
        options.faults = faults;
        auto made = mcuemu::Stm32wlMcu::create(profile(), std::move(options));
        return made ? std::move(*made) : nullptr; // no MCU: the socket stays empty
    }
    double flashTimeScale_;
};

} // namespace

std::shared_ptr<const jigs::sim::EndpointKind> simulatedEndpoints(const QString& target,
                                                                  double flashTimeScale) {
    if (target.isEmpty() || target == QLatin1String("reference-endpoint-v1"))
        return jigs::sim::referenceEndpoints();
    if (target == QLatin1String("stm32wle5"))
        return std::make_shared<Stm32wlEndpoints>(flashTimeScale);
    return nullptr;
}

} // namespace kps::provisioning
