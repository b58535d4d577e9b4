#include "kps/jigs/usb/usb_handles.hpp"

#include <libusb.h>

namespace kps::jigs::usb {

JigError usbError(int code, std::string what, std::string where) {
    const bool gone = code == LIBUSB_ERROR_NO_DEVICE || code == LIBUSB_ERROR_IO ||
                      code == LIBUSB_ERROR_PIPE || code == LIBUSB_ERROR_NOT_FOUND;
    JigError error{gone ? JigFault::ProbeMissing : JigFault::Protocol, std::move(what),
                   std::move(where), code, std::string("libusb: ") + libusb_error_name(code)};
    if (code == LIBUSB_ERROR_TIMEOUT) {
        error.fault = JigFault::UsbTimeout;
        error.hint = "the probe did not answer in time: check its USB cable and hub";
    } else if (code == LIBUSB_ERROR_ACCESS) {
        error.hint = "no permission to open the probe: give the station user access to it (a udev "
                     "rule for its USB IDs)";
    } else if (code == LIBUSB_ERROR_BUSY) {
        error.hint = "another program holds the probe: close it (OpenOCD, an IDE)";
    } else if (gone) {
        error.hint = "the probe is gone from the bus: check its USB cable and hub";
    }
    return error;
}

Result<std::shared_ptr<Context>> Context::create() {
    libusb_context* context = nullptr;
    if (int code = libusb_init(&context); code != 0)
        return tl::unexpected(usbError(code, "start libusb", "USB"));
    return std::shared_ptr<Context>(new Context(context));
}

Context::~Context() {
    libusb_exit(context_);
}

Result<DeviceList> DeviceList::of(const Context& context) {
    libusb_device** list = nullptr;
    const ssize_t count = libusb_get_device_list(context.get(), &list);
    if (count < 0)
        return tl::unexpected(usbError(int(count), "list USB devices", "USB"));
    return DeviceList(list, std::size_t(count));
}

DeviceList::~DeviceList() {
    if (list_)
        libusb_free_device_list(list_, 1);
}

DeviceList::DeviceList(DeviceList&& other) noexcept
    : list_(std::exchange(other.list_, nullptr))
    , count_(std::exchange(other.count_, 0)) {}

Result<DeviceHandle> DeviceHandle::open(libusb_device* device) {
    libusb_device_handle* handle = nullptr;
    if (int code = libusb_open(device, &handle); code != 0)
        return tl::unexpected(usbError(code, "open USB device", "USB"));
    return DeviceHandle(handle);
}

DeviceHandle::~DeviceHandle() {
    if (handle_)
        libusb_close(handle_);
}

DeviceHandle::DeviceHandle(DeviceHandle&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)) {}

DeviceHandle& DeviceHandle::operator=(DeviceHandle&& other) noexcept {
    if (this != &other) {
        if (handle_)
            libusb_close(handle_);
        handle_ = std::exchange(other.handle_, nullptr);
    }
    return *this;
}

std::string DeviceHandle::stringDescriptor(std::uint8_t index) const {
    if (index == 0)
        return {};
    unsigned char text[256] = {};
    const int length = libusb_get_string_descriptor_ascii(handle_, index, text, sizeof text);
    return length > 0 ? std::string(reinterpret_cast<char*>(text), std::size_t(length))
                      : std::string();
}

Result<ClaimedInterface> ClaimedInterface::claim(const DeviceHandle& device, int number) {
    if (int code = libusb_claim_interface(device.get(), number); code != 0)
        return tl::unexpected(usbError(code, "claim the CMSIS-DAP interface", "USB"));
    return ClaimedInterface(device.get(), number);
}

ClaimedInterface::~ClaimedInterface() {
    if (handle_)
        libusb_release_interface(handle_, number_);
}

ClaimedInterface::ClaimedInterface(ClaimedInterface&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr))
    , number_(other.number_) {}

ClaimedInterface& ClaimedInterface::operator=(ClaimedInterface&& other) noexcept {
    if (this != &other) {
        if (handle_)
            libusb_release_interface(handle_, number_);
        handle_ = std::exchange(other.handle_, nullptr);
        number_ = other.number_;
    }
    return *this;
}

Transfer::Transfer(libusb_context* context)
    : context_(context)
    , transfer_(libusb_alloc_transfer(0)) {}

Transfer::~Transfer() {
    if (!transfer_)
        return;
    if (!done_ && libusb_cancel_transfer(transfer_) == 0) {
        int* flags[] = {&done_};
        (void)waitFor(context_, flags, std::chrono::steady_clock::now() + std::chrono::seconds(1));
    }
    if (done_)
        libusb_free_transfer(transfer_); // never free a transfer libusb still holds
}

void Transfer::onComplete(libusb_transfer* transfer) {
    *static_cast<int*>(transfer->user_data) = 1;
}

Status Transfer::submit(libusb_device_handle* handle, std::uint8_t endpoint,
                        std::span<std::uint8_t> buffer, std::chrono::milliseconds timeout) {
    if (!transfer_)
        return tl::unexpected(usbError(LIBUSB_ERROR_NO_MEM, "allocate a USB transfer", "USB"));
    libusb_fill_bulk_transfer(transfer_, handle, endpoint, buffer.data(), int(buffer.size()),
                              &Transfer::onComplete, &done_, unsigned(timeout.count()));
    done_ = 0;
    if (int code = libusb_submit_transfer(transfer_); code != 0) {
        done_ = 1;
        return tl::unexpected(usbError(code, "submit a USB transfer", "USB"));
    }
    return {};
}

int Transfer::status() const {
    return transfer_->status;
}

std::size_t Transfer::actualLength() const {
    return std::size_t(transfer_->actual_length);
}

Status waitFor(libusb_context* context, std::span<int* const> doneFlags,
               std::chrono::steady_clock::time_point deadline) {
    for (int* flag : doneFlags) {
        while (!*flag) {
            if (std::chrono::steady_clock::now() > deadline)
                return tl::unexpected(usbError(LIBUSB_ERROR_TIMEOUT, "USB transfer", "USB"));
            timeval step{0, 100'000};
            if (int code = libusb_handle_events_timeout_completed(context, &step, flag);
                code != 0 && code != LIBUSB_ERROR_INTERRUPTED)
                return tl::unexpected(usbError(code, "USB events", "USB"));
        }
    }
    return {};
}

} // namespace kps::jigs::usb
