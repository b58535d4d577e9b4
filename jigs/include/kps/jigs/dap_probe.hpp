#pragma once
// One CMSIS-DAP probe seen by the station: the commands that are not register
// transfers (info, connect, clock, sequences, pins, reset) and the raw
// command/response exchange the transfer queue builds on.
#include "kps/jigs/dap/dap_host_status.hpp"
#include "kps/jigs/dap/dap_info.hpp"
#include "kps/jigs/dap/dap_transfer_configure.hpp"
#include "kps/jigs/transport.hpp"

#include <optional>
#include <vector>

namespace kps::jigs {

struct ProbeDetails {
    std::string vendor;
    std::string product;
    std::string serial;
    std::string firmware;
    std::uint8_t capabilities = 0;
    std::uint16_t packetSize = 0;
    std::uint8_t packetCount = 0;
    std::optional<std::uint16_t> targetMillivolts; // KPS probes only (vendor command)
};

class DapProbe {
public:
    explicit DapProbe(DapTransport& transport);
    ~DapProbe();
    DapProbe(const DapProbe&) = delete;
    DapProbe& operator=(const DapProbe&) = delete;

    /// Learns the packet size and sets SWCLK and the transfer retries (once per session).
    Status open(std::uint32_t clockHz, const dap::TransferConfig& config = {});
    bool isOpen() const { return open_; }
    /// After a USB error: finds the probe again; the caller opens it again.
    Status reconnect();

    Result<ProbeDetails> details();
    Status connectSwd();
    Status disconnect();
    Status switchToSwd(); // line reset, JTAG-to-SWD, line reset, idle
    Result<std::uint8_t> pins(std::uint8_t output, std::uint8_t select, std::uint32_t waitUs);
    Status hostStatus(dap::HostStatusLed led, bool on);
    Result<bool> resetTarget();

    /// One command packet; the response stays valid until the next call or wipe.
    Result<std::span<const std::uint8_t>> command(std::span<const std::uint8_t> packet);
    void wipeResponse();
    std::size_t packetSize() const { return packetSize_; }
    DapTransport& transport() { return transport_; }
    std::string where() const { return "probe " + transport_.serial(); }

private:
    Result<std::vector<std::uint8_t>> info(dap::InfoId id);
    DapTransport& transport_;
    std::vector<std::uint8_t> response_;
    std::size_t responseLength_ = 0;
    std::size_t packetSize_ = 64;
    bool open_ = false;
};

} // namespace kps::jigs
