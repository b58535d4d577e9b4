#include "usb_device_model.hpp"

#include "kps/usbsim/usb_probe_testbed.hpp"

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>

namespace kps::usbsim {
namespace {

constexpr std::size_t kSetupPacket = 8;
constexpr int kUsbSpeedHigh = 3;

std::string hex(const std::vector<std::uint8_t>& bytes) {
    std::string text;
    char two[3];
    for (std::uint8_t byte : bytes) {
        std::snprintf(two, sizeof two, "%02X", byte); // umockdev wants upper case
        text += two;
    }
    return text;
}

void putInt(UMockdevIoctlData* data, std::size_t offset, int value) {
    umockdev_ioctl_data_update(data, offset, reinterpret_cast<guint8*>(&value), sizeof value);
}

} // namespace

UsbDeviceModel::UsbDeviceModel(jigs::sim::SimulatedProbe& probe, int bus, int number)
    : probe_(probe)
    , bus_(bus)
    , number_(number) {
    char node[32];
    std::snprintf(node, sizeof node, "/dev/bus/usb/%03d/%03d", bus, number);
    devnode_ = node;
}

UsbDeviceModel::~UsbDeviceModel() {
    auto release = [](std::deque<Urb>& urbs) {
        for (Urb& urb : urbs) {
            if (urb.buffer)
                g_object_unref(urb.buffer);
            g_object_unref(urb.data);
        }
        urbs.clear();
    };
    release(waitingIn_);
    release(reapable_);
    if (handler_)
        g_object_unref(handler_);
}

std::vector<std::uint8_t> UsbDeviceModel::descriptors() const {
    const std::uint16_t packet = 512;
    return {// device: USB 2.0, vendor-specific at interface level, EP0 64 bytes
            0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, kVendorId & 0xFF, kVendorId >> 8,
            kProductId & 0xFF, kProductId >> 8, 0x00, 0x01, 1, 2, 3, 1,
            // configuration: 1 interface, bus powered, 100 mA
            0x09, 0x02, 32, 0, 1, 1, 0, 0x80, 50,
            // interface 0: vendor class, 2 endpoints, string 4 ("... CMSIS-DAP")
            0x09, 0x04, 0, 0, 2, 0xFF, 0x00, 0x00, 4,
            // bulk OUT 0x01 and bulk IN 0x81, 512 bytes
            0x07, 0x05, 0x01, 0x02, packet & 0xFF, packet >> 8, 0, 0x07, 0x05, 0x81, 0x02,
            packet & 0xFF, packet >> 8, 0};
}

std::vector<std::uint8_t> UsbDeviceModel::stringDescriptor(std::uint8_t index) const {
    const auto& identity = probe_.identity();
    if (index == 0)
        return {4, 3, 0x09, 0x04}; // English (US)
    const std::string text = index == 1   ? identity.vendor
                             : index == 2 ? identity.product
                             : index == 3 ? identity.serial
                             : index == 4 ? identity.product + " CMSIS-DAP"
                                          : std::string();
    std::vector<std::uint8_t> descriptor{std::uint8_t(2 + 2 * text.size()), 3};
    for (char c : text)
        descriptor.insert(descriptor.end(), {std::uint8_t(c), 0});
    return descriptor;
}

std::string UsbDeviceModel::deviceRecord() const {
    const auto& identity = probe_.identity();
    const std::string bus = std::to_string(bus_);
    const std::string number = std::to_string(number_);
    const int minor = (bus_ - 1) * 128 + number_ - 1;
    char busText[4], numberText[4];
    std::snprintf(busText, sizeof busText, "%03d", bus_);
    std::snprintf(numberText, sizeof numberText, "%03d", number_);
    const std::string descriptorHex = hex(descriptors());
    std::string record =
        "P: /devices/pci0000:00/0000:00:14.0/usb" + bus + "/" + bus + "-" + number + "\n";
    record += "N: bus/usb/" + std::string(busText) + "/" + numberText + "=" + descriptorHex + "\n";
    record += "E: DEVNAME=" + devnode_ + "\nE: DEVTYPE=usb_device\nE: DRIVER=usb\n";
    record += "E: PRODUCT=1209/1/100\nE: TYPE=0/0/0\nE: BUSNUM=" + std::string(busText) +
              "\nE: DEVNUM=" + numberText + "\nE: MAJOR=189\nE: MINOR=" + std::to_string(minor) +
              "\nE: SUBSYSTEM=usb\n";
    record += "A: busnum=" + bus + "\\n\nA: devnum=" + number +
              "\\n\nA: dev=189:" + std::to_string(minor) + "\\n\nA: devpath=" + number +
              "\\n\nA: speed=480\\n\n";
    record += "A: bConfigurationValue=1\\n\nA: bNumConfigurations=1\\n\nA: bNumInterfaces= 1\\n\n";
    record += "A: idVendor=1209\\n\nA: idProduct=0001\\n\nA: manufacturer=" + identity.vendor +
              "\\n\nA: product=" + identity.product + "\\n\nA: serial=" + identity.serial + "\\n\n";
    record += "H: descriptors=" + descriptorHex + "\n";
    return record;
}

std::string UsbDeviceModel::attach(UMockdevTestbed* testbed) {
    handler_ = umockdev_ioctl_base_new();
    g_signal_connect(handler_, "handle-ioctl", G_CALLBACK(&UsbDeviceModel::onIoctl), this);
    GError* error = nullptr;
    if (!umockdev_testbed_attach_ioctl(testbed, devnode_.c_str(), handler_, &error))
        g_error("umockdev: cannot attach the probe's ioctl handler: %s", error->message);
    if (!umockdev_testbed_add_from_string(testbed, deviceRecord().c_str(), &error))
        g_error("umockdev: cannot add the probe device: %s", error->message);
    return "/sys/devices/pci0000:00/0000:00:14.0/usb" + std::to_string(bus_) + "/" +
           std::to_string(bus_) + "-" + std::to_string(number_);
}

void UsbDeviceModel::detach(UMockdevTestbed* testbed) {
    umockdev_testbed_detach_ioctl(testbed, devnode_.c_str(), nullptr);
}

gboolean UsbDeviceModel::onIoctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer self) {
    return static_cast<UsbDeviceModel*>(self)->handle(client);
}

bool UsbDeviceModel::handle(UMockdevIoctlClient* client) {
    const gulong request = umockdev_ioctl_client_get_request(client);
    UMockdevIoctlData* argument = umockdev_ioctl_client_get_arg(client);
    std::lock_guard lock(mutex_);
    switch (request) {
    case USBDEVFS_GET_CAPABILITIES: {
        UMockdevIoctlData* data = umockdev_ioctl_data_resolve(argument, 0, 4, nullptr);
        const guint32 capabilities = USBDEVFS_CAP_BULK_CONTINUATION |
                                     USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
                                     USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_ZERO_PACKET;
        putInt(data, 0, int(capabilities));
        g_object_unref(data);
        umockdev_ioctl_client_complete(client, 0, 0);
        return true;
    }
    case USBDEVFS_CONNECTINFO: {
        UMockdevIoctlData* data =
            umockdev_ioctl_data_resolve(argument, 0, sizeof(usbdevfs_connectinfo), nullptr);
        usbdevfs_connectinfo info{unsigned(number_), 0};
        umockdev_ioctl_data_update(data, 0, reinterpret_cast<guint8*>(&info), sizeof info);
        g_object_unref(data);
        umockdev_ioctl_client_complete(client, 0, 0);
        return true;
    }
    case USBDEVFS_GET_SPEED:
        umockdev_ioctl_client_complete(client, kUsbSpeedHigh, 0);
        return true;
    case USBDEVFS_CLAIMINTERFACE:
    case USBDEVFS_RELEASEINTERFACE:
    case USBDEVFS_SETINTERFACE:
    case USBDEVFS_SETCONFIGURATION:
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESET:
    case USBDEVFS_RESETEP:
        umockdev_ioctl_client_complete(client, 0, 0);
        return true;
    case USBDEVFS_SUBMITURB:
        submit(client, argument);
        return true;
    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY:
        reap(client, argument);
        return true;
    case USBDEVFS_DISCARDURB:
        discard(client, argument);
        return true;
    default:
        umockdev_ioctl_client_complete(client, -1, ENOTTY);
        return true;
    }
}

} // namespace kps::usbsim
