#include "kps/mcuemu/stm32wl_mcu.hpp"

#include "mcu.hpp"

#include <algorithm>

namespace kps::mcuemu {

jigs::Result<std::unique_ptr<Stm32wlMcu>> Stm32wlMcu::create(const jigs::TargetProfile& profile,
                                                             Stm32wlOptions options) {
    if (!profile.peripherals.aes || !profile.identity.dbgmcuIdcode || profile.programUnit != 8)
        return jigs::fail(jigs::JigFault::Protocol, "emulate target", profile.name,
                          "the profile does not describe an STM32WL (peripherals, identity, "
                          "64-bit programming)");
    KPS_TRY_LET(impl, Impl::create(profile, std::move(options)));
    return std::unique_ptr<Stm32wlMcu>(new Stm32wlMcu(std::move(impl)));
}

Stm32wlMcu::Stm32wlMcu(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

Stm32wlMcu::~Stm32wlMcu() = default;

bool Stm32wlMcu::busRead(std::uint32_t address, unsigned size, std::uint32_t& value) {
    return impl_->debugRead(address, size, value);
}

bool Stm32wlMcu::busWrite(std::uint32_t address, unsigned size, std::uint32_t value) {
    return impl_->debugWrite(address, size, value);
}

void Stm32wlMcu::systemReset() {
    impl_->systemReset();
}

void Stm32wlMcu::swdAccess() {
    impl_->swdAccess();
}

void Stm32wlMcu::probeCommand() {
    impl_->probeCommand();
}

std::uint32_t Stm32wlMcu::dpidr() const {
    return impl_->options_.dpidr.value_or(impl_->profile_.dpidr);
}

bool Stm32wlMcu::debugPortEnabled() const {
    return impl_->flashController_->level() != RdpLevel::Level2;
}

const jigs::TargetProfile& Stm32wlMcu::profile() const {
    return impl_->profile_;
}

const std::array<std::uint8_t, 12>& Stm32wlMcu::uniqueId() const {
    return impl_->options_.uniqueId;
}

bool Stm32wlMcu::locked() const {
    return impl_->flashController_->level() != RdpLevel::Level0;
}

bool Stm32wlMcu::halted() const {
    return impl_->control_->state() == CoreState::Halted;
}

std::span<const std::uint8_t> Stm32wlMcu::flash() const {
    return impl_->flash_;
}

std::span<const std::uint8_t> Stm32wlMcu::keyStorePage() const {
    const jigs::TargetProfile& p = impl_->profile_;
    return flash().subspan(p.keyStoreAddress - p.flashBase, p.keyStoreSize);
}

void Stm32wlMcu::provisionDirectly(std::span<const std::uint8_t> record) {
    const jigs::TargetProfile& p = impl_->profile_;
    std::vector<std::uint8_t> page(p.keyStoreSize, 0xFF);
    std::copy_n(record.begin(), std::min(record.size(), page.size()), page.begin());
    restoreKeyStore(page, true);
}

void Stm32wlMcu::restoreKeyStore(std::span<const std::uint8_t> page, bool locked) {
    const jigs::TargetProfile& p = impl_->profile_;
    writeFlashDirectly(p.keyStoreAddress,
                       page.first(std::min<std::size_t>(page.size(), p.keyStoreSize)));
    if (locked) {
        const std::uint32_t options = impl_->flashController_->loadedOptions();
        impl_->flashController_->setOptionBytes((options & ~p.lock.rdpMask) | p.lock.lockedLevel);
        powerOnReset();
    }
}

void Stm32wlMcu::powerOnReset() {
    impl_->powerOnReset();
}

void Stm32wlMcu::run(std::uint64_t instructions) {
    impl_->run(instructions);
}

McuCoreState Stm32wlMcu::coreState() const {
    switch (impl_->control_->state()) {
    case CoreState::Running:
        return McuCoreState::Running;
    case CoreState::Halted:
        return McuCoreState::Halted;
    case CoreState::LockedUp:
        return McuCoreState::LockedUp;
    case CoreState::Hung:
        break;
    }
    return McuCoreState::Hung;
}

std::uint32_t Stm32wlMcu::coreRegister(unsigned selector) const {
    return impl_->core_->readRegister(selector);
}

ReadoutProtection Stm32wlMcu::readoutProtection() const {
    switch (impl_->flashController_->level()) {
    case RdpLevel::Level0:
        return ReadoutProtection::Level0;
    case RdpLevel::Level1:
        return ReadoutProtection::Level1;
    case RdpLevel::Level2:
        break;
    }
    return ReadoutProtection::Level2;
}

void Stm32wlMcu::writeFlashDirectly(std::uint32_t address, std::span<const std::uint8_t> bytes) {
    const jigs::TargetProfile& p = impl_->profile_;
    if (address < p.flashBase || address - p.flashBase + bytes.size() > p.flashSize)
        return;
    std::copy(bytes.begin(), bytes.end(), impl_->flash_.begin() + (address - p.flashBase));
    impl_->flashChanged(address, address + std::uint32_t(bytes.size()));
}

void Stm32wlMcu::feedUart(std::span<const std::uint8_t> bytes) {
    impl_->uart_.feed(bytes);
}

std::vector<std::uint8_t> Stm32wlMcu::takeUartOutput() {
    return impl_->uart_.takeTransmitted();
}

McuFlashStatistics Stm32wlMcu::flashStatistics() const {
    const FlashStatistics s = impl_->flashController_->statistics();
    return {s.pageErases,     s.massErases,          s.doubleWords,
            s.optionPrograms, s.modelledNanoseconds, s.chargedNanoseconds};
}

std::uint64_t Stm32wlMcu::wireNanoseconds() const {
    return impl_->wireNanoseconds_;
}

std::uint64_t Stm32wlMcu::aesBlocks() const {
    return impl_->aes_.blocksProcessed();
}

std::uint64_t Stm32wlMcu::pkaOperations() const {
    return impl_->pka_.operationsModelled();
}

} // namespace kps::mcuemu
