#pragma once
// DAP_ResetTarget (0x0A): the probe's device-specific reset sequence.
//   request  0A
//   response 0A status execute(1: a reset sequence is implemented)
#include "kps/jigs/dap/dap_packet.hpp"

namespace kps::jigs::dap {

inline Packet encodeResetTarget() {
    return startPacket(CommandId::ResetTarget);
}

/// True when the probe ran a reset sequence of its own.
inline Result<bool> decodeResetTarget(std::span<const std::uint8_t> response) {
    auto reader = openResponse(response, CommandId::ResetTarget, 3, "DAP_ResetTarget");
    if (!reader)
        return tl::unexpected(reader.error());
    const std::uint8_t status = reader->u8();
    const std::uint8_t execute = reader->u8();
    if (status != kStatusOk)
        return fail(JigFault::Protocol, "DAP_ResetTarget", "CMSIS-DAP probe",
                    "the probe could not reset the target: check the nRESET wire", status);
    return execute == 1;
}

} // namespace kps::jigs::dap
