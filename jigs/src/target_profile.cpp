#include "kps/jigs/target_profile.hpp"

#include <nlohmann/json.hpp>

namespace kps::jigs {

std::string_view embeddedReferenceEndpointJson(); // generated from jigs/targets/
std::string_view embeddedStm32wle5Json();

namespace {

using nlohmann::json;

/// A 32-bit value, as a number or a string ("0x0803F800"); anything wider is refused,
/// never cut short.
std::uint32_t number(const json& value) {
    std::uint64_t wide = 0;
    if (value.is_number_unsigned()) {
        wide = value.get<std::uint64_t>();
    } else {
        const std::string text = value.get<std::string>();
        std::size_t used = 0;
        wide = std::stoull(text, &used, 0);
        if (used != text.size())
            throw std::invalid_argument("\"" + text + "\" is not a number");
    }
    if (wide > 0xFFFFFFFFull)
        throw std::out_of_range(std::to_string(wide) + " does not fit in 32 bits");
    return static_cast<std::uint32_t>(wide);
}

std::uint32_t bit(const json& node, const char* name) {
    const unsigned position = node.at(name).get<unsigned>();
    if (position > 31)
        throw std::out_of_range(std::string(name) + " " + std::to_string(position) +
                                ": a 32-bit register has bits 0 to 31");
    return 1u << position;
}

std::uint32_t optionalBit(const json& node, const char* name) {
    return node.contains(name) ? bit(node, name) : 0;
}

std::uint32_t optionalNumber(const json& node, const char* name) {
    return node.contains(name) ? number(node.at(name)) : 0;
}

void readOptionalFlashBits(const json& sr, const json& cr, FlashControllerProfile& flash) {
    flash.srOperationError = optionalBit(sr, "operationErrorBit");
    flash.srProgramError = optionalBit(sr, "programErrorBit");
    flash.srWriteProtectError = optionalBit(sr, "writeProtectErrorBit");
    flash.srAlignmentError = optionalBit(sr, "alignmentErrorBit");
    flash.srSizeError = optionalBit(sr, "sizeErrorBit");
    flash.srSequenceError = optionalBit(sr, "sequenceErrorBit");
    flash.srConfigBusy = optionalBit(sr, "configBusyBit");
    flash.crMassErase = optionalBit(cr, "massEraseBit");
    flash.crFastProgram = optionalBit(cr, "fastProgramBit");
    flash.crEndOfOperationInterrupt = optionalBit(cr, "endOfOperationInterruptBit");
    flash.crErrorInterrupt = optionalBit(cr, "errorInterruptBit");
}

void readFlashController(const json& node, FlashControllerProfile& flash) {
    flash.base = number(node.at("base"));
    const json& registers = node.at("registers");
    flash.keyr = number(registers.at("keyr"));
    flash.optkeyr = number(registers.at("optkeyr"));
    flash.sr = number(registers.at("sr"));
    flash.cr = number(registers.at("cr"));
    flash.optr = number(registers.at("optr"));
    for (std::size_t i = 0; i < 2; ++i) {
        flash.unlockKeys[i] = number(node.at("unlockKeys").at(i));
        flash.optionUnlockKeys[i] = number(node.at("optionUnlockKeys").at(i));
    }
    const json& sr = node.at("sr");
    flash.srBusy = bit(sr, "busyBit");
    flash.srEndOfOperation = bit(sr, "endOfOperationBit");
    flash.srErrors = number(sr.at("errorMask"));
    const json& cr = node.at("cr");
    flash.crProgram = bit(cr, "programBit");
    flash.crPageErase = bit(cr, "pageEraseBit");
    flash.crStart = bit(cr, "startBit");
    flash.crOptionStart = bit(cr, "optionStartBit");
    flash.crOptionLoad = bit(cr, "optionLoadBit");
    flash.crOptionLock = bit(cr, "optionLockBit");
    flash.crLock = bit(cr, "lockBit");
    flash.pageNumberShift = cr.at("pageNumberShift").get<unsigned>();
    flash.pageNumberMask = (1u << cr.at("pageNumberBits").get<unsigned>()) - 1;
    readOptionalFlashBits(sr, cr, flash);
}

void readIdentity(const json& document, TargetProfile& profile) {
    const json& memory = document.at("memory");
    if (memory.contains("uid64"))
        profile.identity.uid64Address = number(memory.at("uid64").at("address"));
    profile.identity.flashSizeRegister = optionalNumber(memory, "flashSizeRegister");
    profile.identity.cpuid = optionalNumber(document.at("core"), "cpuid");
    if (!document.contains("identity"))
        return;
    const json& identity = document.at("identity");
    profile.identity.dbgmcuIdcode = number(identity.at("dbgmcuIdcode"));
    profile.identity.deviceId = number(identity.at("deviceId"));
    profile.identity.revisionId = number(identity.at("revisionId"));
}

void readPeripheralsAndTiming(const json& document, TargetProfile& profile) {
    if (document.contains("peripherals")) {
        const json& peripherals = document.at("peripherals");
        profile.peripherals.aes = number(peripherals.at("aes"));
        profile.peripherals.pka = number(peripherals.at("pka"));
        profile.peripherals.rng = number(peripherals.at("rng"));
        profile.peripherals.uart = number(peripherals.at("uart").at("base"));
        profile.peripherals.uartName = peripherals.at("uart").at("name").get<std::string>();
    }
    if (document.contains("timing")) {
        const json& timing = document.at("timing");
        profile.timing.pageEraseNanoseconds = number(timing.at("pageEraseNanoseconds"));
        profile.timing.programNanoseconds = number(timing.at("programNanoseconds"));
    }
}

void readLock(const json& lock, LockProfile& profile) {
    profile.rdpMask = number(lock.at("rdpMask"));
    profile.unlockedLevel = number(lock.at("unlockedLevel"));
    profile.lockedLevel = number(lock.at("lockedLevel"));
    profile.permanentLevel = optionalNumber(lock, "permanentLevel");
    profile.factoryOptions = optionalNumber(lock, "factoryOptions");
    if (!profile.factoryOptions)
        profile.factoryOptions = profile.unlockedLevel;
}

TargetProfile readProfile(const json& document) {
    TargetProfile profile;
    profile.name = document.at("name").get<std::string>();
    const json& swd = document.at("swd");
    profile.dpidr = number(swd.at("dpidr"));
    profile.memAp = static_cast<std::uint8_t>(swd.at("memAp").get<unsigned>());
    profile.apIdr = number(swd.at("apIdr"));
    profile.clockHz = number(swd.at("clockHz"));
    profile.autoIncrementBlock = swd.contains("autoIncrementBlock")
                                     ? swd.at("autoIncrementBlock").get<std::uint32_t>()
                                     : 1024;
    profile.flashAlgorithm = document.value("flashAlgorithm", std::string());
    const json& memory = document.at("memory");
    profile.flashBase = number(memory.at("flash").at("base"));
    profile.flashSize = number(memory.at("flash").at("size"));
    profile.pageSize = number(memory.at("flash").at("pageSize"));
    if (memory.at("flash").contains("programUnit"))
        profile.programUnit = number(memory.at("flash").at("programUnit"));
    profile.ramBase = number(memory.at("ram").at("base"));
    profile.ramSize = number(memory.at("ram").at("size"));
    profile.uniqueIdAddress = number(memory.at("uniqueId").at("address"));
    profile.uniqueIdLength = number(memory.at("uniqueId").at("length"));
    profile.keyStoreAddress = number(memory.at("keyStore").at("address"));
    profile.keyStoreSize = number(memory.at("keyStore").at("size"));
    profile.dhcsr = number(document.at("core").at("dhcsr"));
    profile.aircr = number(document.at("core").at("aircr"));
    readFlashController(document.at("flashController"), profile.flash);
    readLock(document.at("lock"), profile.lock);
    readIdentity(document, profile);
    readPeripheralsAndTiming(document, profile);
    return profile;
}

const char* inconsistency(const TargetProfile& profile) {
    if (profile.pageSize == 0 || profile.flashSize % profile.pageSize != 0)
        return "flash size is not a whole number of pages";
    if (profile.keyStoreAddress < profile.flashBase ||
        std::uint64_t(profile.keyStoreAddress) + profile.keyStoreSize >
            std::uint64_t(profile.flashBase) + profile.flashSize ||
        (profile.keyStoreAddress - profile.flashBase) % profile.pageSize != 0 ||
        profile.keyStoreSize != profile.pageSize)
        return "the key store must be one whole flash page";
    if (profile.programUnit % 4 != 0 || profile.pageSize % profile.programUnit != 0)
        return "the program unit must be whole words that fill a page";
    if (profile.uniqueIdLength != 12 || profile.uniqueIdAddress % 4 != 0)
        return "the unique ID must be 12 bytes at a word address";
    if (profile.autoIncrementBlock < 1024 ||
        (profile.autoIncrementBlock & (profile.autoIncrementBlock - 1)) != 0)
        return "the auto-increment block is a power of two of at least 1024 bytes";
    return nullptr;
}

} // namespace

Result<TargetProfile> parseTargetProfile(std::string_view text) {
    try {
        const json document = json::parse(text);
        if (document.at("format").get<std::string>() != "kps-target/1")
            return fail(JigFault::Protocol, "read target profile", "format",
                        "not a kps-target/1 document");
        TargetProfile profile = readProfile(document);
        if (const char* problem = inconsistency(profile))
            return fail(JigFault::Protocol, "read target profile", profile.name, problem);
        return profile;
    } catch (const std::exception& error) {
        return fail(JigFault::Protocol, "read target profile", "JSON", error.what());
    }
}

std::string_view builtInTargetJson(std::string_view name) {
    if (name == "reference-endpoint-v1")
        return embeddedReferenceEndpointJson();
    if (name == "stm32wle5")
        return embeddedStm32wle5Json();
    return {};
}

Result<TargetProfile> builtInTargetProfile(std::string_view name) {
    const std::string_view text = builtInTargetJson(name);
    if (text.empty())
        return fail(JigFault::Protocol, "find target profile", std::string(name),
                    "no built-in target of that name");
    return parseTargetProfile(text);
}

const TargetProfile& referenceTarget() {
    static const TargetProfile profile = *builtInTargetProfile("reference-endpoint-v1");
    return profile;
}

const TargetProfile& stm32wle5Target() {
    static const TargetProfile profile = *builtInTargetProfile("stm32wle5");
    return profile;
}

} // namespace kps::jigs
