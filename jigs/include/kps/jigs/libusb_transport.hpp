#pragma once
// CMSIS-DAP v2 probes over libusb: a probe is a USB interface whose string
// contains "CMSIS-DAP", with one bulk OUT and one bulk IN endpoint. A transport is
// bound to one probe serial number and follows the probe across re-plugging:
// after the probe drops off the bus, reconnect() finds the same serial again
// (wherever it re-appears) and claims it anew.
#include "kps/jigs/transport.hpp"
#include "kps/jigs/usb/usb_handles.hpp"

#include <chrono>
#include <optional>
#include <vector>

namespace kps::jigs {

struct UsbProbe {
    std::string serial;
    std::string product;
    std::uint16_t vendorId = 0;
    std::uint16_t productId = 0;
    std::uint8_t bus = 0;
    std::uint8_t address = 0;
    int interfaceNumber = 0;
    std::uint8_t outEndpoint = 0;
    std::uint8_t inEndpoint = 0;
    std::uint16_t maxPacket = 0;
};

/// Every CMSIS-DAP v2 probe on the bus (devices that cannot be opened are skipped).
Result<std::vector<UsbProbe>> listUsbProbes(const usb::Context& context);

class LibusbTransport final : public DapTransport {
public:
    static Result<std::unique_ptr<LibusbTransport>>
    open(std::shared_ptr<usb::Context> context, const std::string& serial,
         std::chrono::milliseconds timeout = std::chrono::milliseconds(1000));
    ~LibusbTransport() override;

    Result<std::size_t> exchange(std::span<const std::uint8_t> command,
                                 std::span<std::uint8_t> response) override;
    Status reconnect() override;
    std::size_t usbPacketSize() const override { return probe_.maxPacket; }
    std::string serial() const override { return serial_; }

private:
    LibusbTransport(std::shared_ptr<usb::Context> context, std::string serial,
                    std::chrono::milliseconds timeout);
    Status attach();
    void release();

    std::shared_ptr<usb::Context> context_;
    std::string serial_;
    std::chrono::milliseconds timeout_;
    UsbProbe probe_;
    std::optional<usb::DeviceHandle> device_;
    std::optional<usb::ClaimedInterface> claimed_;
    std::vector<std::uint8_t> outBuffer_;
};

} // namespace kps::jigs
