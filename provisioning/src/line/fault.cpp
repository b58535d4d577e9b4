#include "kps/provisioning/fault.hpp"

#include <array>
#include <utility>

namespace kps::provisioning {
namespace {

constexpr std::array<std::pair<Fault, const char*>, 17> kNames{{
    {Fault::ProbeMissing, "probe-missing"},
    {Fault::UsbTimeout, "usb-timeout"},
    {Fault::NoTarget, "no-target"},
    {Fault::SwdWait, "swd-wait"},
    {Fault::SwdFault, "swd-fault"},
    {Fault::Protocol, "protocol"},
    {Fault::FlashProgram, "flash-program"},
    {Fault::VerifyMismatch, "verify-mismatch"},
    {Fault::TargetLocked, "target-locked"},
    {Fault::BreakpointTimeout, "bkpt-timeout"},
    {Fault::WrongTarget, "wrong-target"},
    {Fault::Cancelled, "cancelled"},
    {Fault::EndpointChanged, "endpoint-changed"},
    {Fault::UnknownEndpoint, "unknown-endpoint"},
    {Fault::KeysNotRemade, "keys-not-remade"},
    {Fault::Hsm, "hsm"},
    {Fault::Interrupted, "interrupted"},
}};

} // namespace

QString faultName(Fault fault) {
    for (const auto& [known, name] : kNames)
        if (known == fault)
            return QString::fromLatin1(name);
    return {};
}

std::optional<Fault> faultFrom(const QString& name) {
    for (const auto& [fault, known] : kNames)
        if (name == QLatin1String(known))
            return fault;
    return std::nullopt;
}

} // namespace kps::provisioning
