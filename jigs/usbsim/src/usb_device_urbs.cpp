// The URB side of the simulated probe: bulk OUT packets go to the probe, its answers
// wait for (or complete) bulk IN URBs, control URBs answer string descriptors.
#include "usb_device_model.hpp"

#include <cerrno>
#include <cstddef>
#include <linux/usbdevice_fs.h>

namespace kps::usbsim {

void UsbDeviceModel::submit(UMockdevIoctlClient* client, UMockdevIoctlData* argument) {
    Urb urb;
    urb.data = umockdev_ioctl_data_resolve(argument, 0, sizeof(usbdevfs_urb), nullptr);
    const auto* fields = reinterpret_cast<const usbdevfs_urb*>(urb.data->data);
    if (fields->buffer_length > 0)
        urb.buffer = umockdev_ioctl_data_resolve(urb.data, offsetof(usbdevfs_urb, buffer),
                                                 std::size_t(fields->buffer_length), nullptr);
    if (fields->type == USBDEVFS_URB_TYPE_CONTROL && urb.buffer) {
        control(urb, urb.buffer->data);
        reapable_.push_back(urb);
    } else if (fields->type == USBDEVFS_URB_TYPE_BULK && (fields->endpoint & 0x80)) {
        waitingIn_.push_back(urb);
    } else if (fields->type == USBDEVFS_URB_TYPE_BULK && urb.buffer) {
        bulkOut(urb);
        reapable_.push_back(urb);
    } else {
        urb.status = -EINVAL;
        reapable_.push_back(urb);
    }
    matchAnswers();
    umockdev_ioctl_client_complete(client, 0, 0);
}

void UsbDeviceModel::control(Urb& urb, const std::uint8_t* setup) {
    const std::uint8_t request = setup[1];
    const std::uint16_t value = std::uint16_t(setup[2] | setup[3] << 8);
    const std::uint16_t length = std::uint16_t(setup[6] | setup[7] << 8);
    std::vector<std::uint8_t> answer;
    if ((setup[0] & 0x80) && request == 0x06 && (value >> 8) == 3) // GET_DESCRIPTOR string
        answer = stringDescriptor(std::uint8_t(value));
    else if ((setup[0] & 0x80) && request == 0x06 && (value >> 8) == 1) // device
        answer.assign(descriptors().begin(), descriptors().begin() + 18);
    if (answer.size() > length)
        answer.resize(length);
    if (!answer.empty())
        umockdev_ioctl_data_update(urb.buffer, 8, answer.data(), int(answer.size()));
    urb.actualLength = int(answer.size());
}

void UsbDeviceModel::bulkOut(Urb& urb) {
    ++bulkUrbs_;
    const auto* fields = reinterpret_cast<const usbdevfs_urb*>(urb.data->data);
    std::vector<std::uint8_t> response(1024);
    const auto answer = probe_.handle(
        std::span<const std::uint8_t>(urb.buffer->data, std::size_t(fields->buffer_length)),
        response);
    urb.actualLength = fields->buffer_length;
    if (answer.delivery == jigs::sim::Delivery::Answered) {
        response.resize(answer.length);
        answers_.push_back({std::move(response), 0});
    } else if (answer.delivery == jigs::sim::Delivery::Dropped) {
        answers_.push_back({{}, -EPROTO}); // the probe fell off the bus mid-transfer
    } // timed out: no answer ever comes; libusb discards the IN URB at its timeout
}

void UsbDeviceModel::matchAnswers() {
    while (!waitingIn_.empty() && !answers_.empty()) {
        Urb urb = waitingIn_.front();
        waitingIn_.pop_front();
        Answer answer = std::move(answers_.front());
        answers_.pop_front();
        ++bulkUrbs_;
        const auto* fields = reinterpret_cast<const usbdevfs_urb*>(urb.data->data);
        const std::size_t length =
            std::min(answer.bytes.size(), std::size_t(std::max(fields->buffer_length, 0)));
        if (length > 0)
            umockdev_ioctl_data_update(urb.buffer, 0, answer.bytes.data(), int(length));
        urb.actualLength = int(length);
        urb.status = answer.status;
        std::fill(answer.bytes.begin(), answer.bytes.end(), 0);
        reapable_.push_back(urb);
    }
}

void UsbDeviceModel::reap(UMockdevIoctlClient* client, UMockdevIoctlData* argument) {
    if (reapable_.empty()) {
        umockdev_ioctl_client_complete(client, -1, EAGAIN);
        return;
    }
    Urb urb = reapable_.front();
    reapable_.pop_front();
    int status = urb.status;
    int actual = urb.actualLength;
    umockdev_ioctl_data_update(urb.data, offsetof(usbdevfs_urb, status),
                               reinterpret_cast<guint8*>(&status), sizeof status);
    umockdev_ioctl_data_update(urb.data, offsetof(usbdevfs_urb, actual_length),
                               reinterpret_cast<guint8*>(&actual), sizeof actual);
    UMockdevIoctlData* pointer = umockdev_ioctl_data_resolve(argument, 0, sizeof(void*), nullptr);
    umockdev_ioctl_data_set_ptr(pointer, 0, urb.data);
    umockdev_ioctl_client_complete(client, 0, 0);
    g_object_unref(pointer);
    if (urb.buffer)
        g_object_unref(urb.buffer);
    g_object_unref(urb.data);
}

void UsbDeviceModel::discard(UMockdevIoctlClient* client, UMockdevIoctlData* argument) {
    const gulong address = *reinterpret_cast<const gulong*>(argument->data);
    for (auto it = waitingIn_.begin(); it != waitingIn_.end(); ++it) {
        if (it->data->client_addr != address)
            continue;
        Urb urb = *it;
        waitingIn_.erase(it);
        urb.status = -ENOENT;
        urb.actualLength = 0;
        reapable_.push_back(urb);
        umockdev_ioctl_client_complete(client, 0, 0);
        return;
    }
    umockdev_ioctl_client_complete(client, -1, EINVAL);
}

} // namespace kps::usbsim
