#pragma once
// One simulated probe as a usbdevfs device: descriptors for the mock sysfs, and the
// ioctl handler (runs on umockdev's worker thread; state under one mutex).
#include "kps/jigs/sim/simulated_probe.hpp"

#include <atomic>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <umockdev.h>
#include <vector>

namespace kps::usbsim {

class UsbDeviceModel {
public:
    UsbDeviceModel(jigs::sim::SimulatedProbe& probe, int bus, int number);
    ~UsbDeviceModel();
    std::string attach(UMockdevTestbed* testbed);
    void detach(UMockdevTestbed* testbed);
    std::uint64_t bulkUrbs() const { return bulkUrbs_; }

private:
    struct Urb {
        UMockdevIoctlData* data = nullptr;   // the client's usbdevfs_urb
        UMockdevIoctlData* buffer = nullptr; // its buffer
        int status = 0;
        int actualLength = 0;
    };
    struct Answer {
        std::vector<std::uint8_t> bytes;
        int status = 0;
    };
    static gboolean onIoctl(UMockdevIoctlBase* handler, UMockdevIoctlClient* client, gpointer self);
    bool handle(UMockdevIoctlClient* client);
    void submit(UMockdevIoctlClient* client, UMockdevIoctlData* argument);
    void reap(UMockdevIoctlClient* client, UMockdevIoctlData* argument);
    void discard(UMockdevIoctlClient* client, UMockdevIoctlData* argument);
    void control(Urb& urb, const std::uint8_t* setup);
    void bulkOut(Urb& urb);
    void matchAnswers();
    std::string deviceRecord() const;
    std::vector<std::uint8_t> descriptors() const;
    std::vector<std::uint8_t> stringDescriptor(std::uint8_t index) const;

    jigs::sim::SimulatedProbe& probe_;
    int bus_;
    int number_;
    std::string devnode_;
    UMockdevIoctlBase* handler_ = nullptr;
    std::mutex mutex_;
    std::deque<Urb> waitingIn_;
    std::deque<Answer> answers_;
    std::deque<Urb> reapable_;
    std::atomic<std::uint64_t> bulkUrbs_{0};
};

} // namespace kps::usbsim
