#pragma once
// Move-only owners of libusb handles: the context, a device list, an open device,
// a claimed interface and an asynchronous transfer. Each converts libusb's codes
// into JigError once, where the call is made; destructors never throw.
#include "kps/jigs/jig_error.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>

struct libusb_context;
struct libusb_device;
struct libusb_device_handle;
struct libusb_transfer;

namespace kps::jigs::usb {

/// A JigError for a libusb return code.
JigError usbError(int code, std::string what, std::string where);

class Context {
public:
    static Result<std::shared_ptr<Context>> create();
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
    libusb_context* get() const { return context_; }

private:
    explicit Context(libusb_context* context)
        : context_(context) {}
    libusb_context* context_;
};

class DeviceList {
public:
    static Result<DeviceList> of(const Context& context);
    ~DeviceList();
    DeviceList(DeviceList&& other) noexcept;
    DeviceList& operator=(DeviceList&&) = delete;
    std::span<libusb_device* const> devices() const { return {list_, count_}; }

private:
    DeviceList(libusb_device** list, std::size_t count)
        : list_(list)
        , count_(count) {}
    libusb_device** list_;
    std::size_t count_;
};

class DeviceHandle {
public:
    static Result<DeviceHandle> open(libusb_device* device);
    ~DeviceHandle();
    DeviceHandle(DeviceHandle&& other) noexcept;
    DeviceHandle& operator=(DeviceHandle&& other) noexcept;
    libusb_device_handle* get() const { return handle_; }
    /// An ASCII string descriptor ("" when absent or unreadable).
    std::string stringDescriptor(std::uint8_t index) const;

private:
    explicit DeviceHandle(libusb_device_handle* handle)
        : handle_(handle) {}
    libusb_device_handle* handle_;
};

class ClaimedInterface {
public:
    static Result<ClaimedInterface> claim(const DeviceHandle& device, int number);
    ~ClaimedInterface();
    ClaimedInterface(ClaimedInterface&& other) noexcept;
    ClaimedInterface& operator=(ClaimedInterface&& other) noexcept;

private:
    ClaimedInterface(libusb_device_handle* handle, int number)
        : handle_(handle)
        , number_(number) {}
    libusb_device_handle* handle_;
    int number_;
};

/// One bulk transfer in flight; cancelled (and waited for) if destroyed early.
class Transfer {
public:
    explicit Transfer(libusb_context* context);
    ~Transfer();
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;

    Status submit(libusb_device_handle* handle, std::uint8_t endpoint,
                  std::span<std::uint8_t> buffer, std::chrono::milliseconds timeout);
    bool done() const { return done_ != 0; }
    int* doneFlag() { return &done_; }
    /// libusb_transfer_status of a finished transfer, and the bytes moved.
    int status() const;
    std::size_t actualLength() const;

private:
    static void onComplete(libusb_transfer* transfer);
    libusb_context* context_;
    libusb_transfer* transfer_;
    int done_ = 1;
};

/// Runs libusb's event loop until every flag is set or the deadline passes.
Status waitFor(libusb_context* context, std::span<int* const> doneFlags,
               std::chrono::steady_clock::time_point deadline);

} // namespace kps::jigs::usb
