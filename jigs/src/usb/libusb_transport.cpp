#include "kps/jigs/libusb_transport.hpp"

#include "kps/jigs/wipe.hpp"

#include <libusb.h>

namespace kps::jigs {
namespace {

struct BulkPair {
    std::uint8_t out = 0;
    std::uint8_t in = 0;
    std::uint16_t maxPacket = 0;
};

std::optional<BulkPair> bulkEndpoints(const libusb_interface_descriptor& interface) {
    BulkPair pair;
    for (int i = 0; i < interface.bNumEndpoints; ++i) {
        const libusb_endpoint_descriptor& endpoint = interface.endpoint[i];
        if ((endpoint.bmAttributes & 0x3) != LIBUSB_TRANSFER_TYPE_BULK)
            continue;
        if (endpoint.bEndpointAddress & LIBUSB_ENDPOINT_IN) {
            if (!pair.in)
                pair.in = endpoint.bEndpointAddress;
        } else if (!pair.out) {
            pair.out = endpoint.bEndpointAddress;
            pair.maxPacket = endpoint.wMaxPacketSize;
        }
    }
    if (!pair.in || !pair.out)
        return std::nullopt;
    return pair;
}

/// The CMSIS-DAP v2 interface of a device, if it has one.
std::optional<UsbProbe> probeOf(libusb_device* device) {
    libusb_device_descriptor descriptor{};
    libusb_config_descriptor* config = nullptr;
    if (libusb_get_device_descriptor(device, &descriptor) != 0 ||
        libusb_get_active_config_descriptor(device, &config) != 0)
        return std::nullopt;
    std::unique_ptr<libusb_config_descriptor, void (*)(libusb_config_descriptor*)> owned(
        config, libusb_free_config_descriptor);
    auto handle = usb::DeviceHandle::open(device);
    if (!handle)
        return std::nullopt;
    for (int i = 0; i < config->bNumInterfaces; ++i) {
        if (config->interface[i].num_altsetting < 1)
            continue;
        const libusb_interface_descriptor& interface = config->interface[i].altsetting[0];
        const auto pair = bulkEndpoints(interface);
        if (!pair ||
            handle->stringDescriptor(interface.iInterface).find("CMSIS-DAP") == std::string::npos)
            continue;
        UsbProbe probe;
        probe.serial = handle->stringDescriptor(descriptor.iSerialNumber);
        probe.product = handle->stringDescriptor(descriptor.iProduct);
        probe.vendorId = descriptor.idVendor;
        probe.productId = descriptor.idProduct;
        probe.bus = libusb_get_bus_number(device);
        probe.address = libusb_get_device_address(device);
        probe.interfaceNumber = interface.bInterfaceNumber;
        probe.outEndpoint = pair->out;
        probe.inEndpoint = pair->in;
        probe.maxPacket = pair->maxPacket ? pair->maxPacket : 64;
        return probe;
    }
    return std::nullopt;
}

} // namespace

Result<std::vector<UsbProbe>> listUsbProbes(const usb::Context& context) {
    auto list = usb::DeviceList::of(context);
    if (!list)
        return tl::unexpected(list.error());
    std::vector<UsbProbe> probes;
    for (libusb_device* device : list->devices())
        if (auto probe = probeOf(device))
            probes.push_back(std::move(*probe));
    return probes;
}

LibusbTransport::LibusbTransport(std::shared_ptr<usb::Context> context, std::string serial,
                                 std::chrono::milliseconds timeout)
    : context_(std::move(context))
    , serial_(std::move(serial))
    , timeout_(timeout) {}

LibusbTransport::~LibusbTransport() {
    release();
    wipe(outBuffer_);
}

Result<std::unique_ptr<LibusbTransport>>
LibusbTransport::open(std::shared_ptr<usb::Context> context, const std::string& serial,
                      std::chrono::milliseconds timeout) {
    std::unique_ptr<LibusbTransport> transport(
        new LibusbTransport(std::move(context), serial, timeout));
    if (auto attached = transport->attach(); !attached)
        return tl::unexpected(attached.error());
    return transport;
}

void LibusbTransport::release() {
    claimed_.reset();
    device_.reset();
}

Status LibusbTransport::attach() {
    release();
    auto list = usb::DeviceList::of(*context_);
    if (!list)
        return tl::unexpected(list.error());
    for (libusb_device* device : list->devices()) {
        auto probe = probeOf(device);
        if (!probe || probe->serial != serial_)
            continue;
        auto handle = usb::DeviceHandle::open(device);
        if (!handle)
            return tl::unexpected(handle.error());
        auto claimed = usb::ClaimedInterface::claim(*handle, probe->interfaceNumber);
        if (!claimed)
            return tl::unexpected(claimed.error());
        probe_ = std::move(*probe);
        device_.emplace(std::move(*handle));
        claimed_.emplace(std::move(*claimed));
        return {};
    }
    return fail(JigFault::ProbeMissing, "find probe", "probe " + serial_,
                "no CMSIS-DAP v2 probe with this serial number is connected: check its USB "
                "cable and the slot's configuration");
}

Status LibusbTransport::reconnect() {
    return attach();
}

Result<std::size_t> LibusbTransport::exchange(std::span<const std::uint8_t> command,
                                              std::span<std::uint8_t> response) {
    if (!device_)
        return fail(JigFault::ProbeMissing, "USB transfer", "probe " + serial_,
                    "the probe is not connected: check its USB cable and hub");
    countRoundTrip();
    outBuffer_.assign(command.begin(), command.end());
    usb::Transfer in(context_->get());
    usb::Transfer out(context_->get());
    const auto size =
        std::min<std::size_t>(response.size(), std::max<std::size_t>(probe_.maxPacket, 64));
    Status submitted = in.submit(device_->get(), probe_.inEndpoint, response.first(size), timeout_);
    if (submitted)
        submitted = out.submit(device_->get(), probe_.outEndpoint, outBuffer_, timeout_);
    Status finished = submitted;
    if (submitted) {
        int* flags[] = {out.doneFlag(), in.doneFlag()};
        finished =
            usb::waitFor(context_->get(), flags, std::chrono::steady_clock::now() + 2 * timeout_);
    }
    wipe(outBuffer_);
    const std::string where = "probe " + serial_;
    if (!finished) {
        finished.error().where = where;
        return tl::unexpected(finished.error());
    }
    for (const usb::Transfer* transfer : {&out, &in}) {
        const int status = transfer->status();
        if (status == LIBUSB_TRANSFER_COMPLETED)
            continue;
        return tl::unexpected(usb::usbError(
            status == LIBUSB_TRANSFER_TIMED_OUT ? LIBUSB_ERROR_TIMEOUT : LIBUSB_ERROR_NO_DEVICE,
            "USB transfer", where));
    }
    return in.actualLength();
}

} // namespace kps::jigs
