#pragma once
// An exclusive lock on one order for one process (kps run, kps close): an advisory
// lock (flock) on DIR/locks/ORDER.lock, which the kernel releases when the process
// ends, however it ends (kill -9 included). Move-only.
#include "kps/provisioning/error.hpp"

namespace kps::provisioning {

class OrderLock {
public:
    /// Refused (ErrorKind::Refused) while another process holds the order's lock.
    static Outcome<OrderLock> acquire(const QString& directory, const QString& orderId);
    OrderLock(OrderLock&& other) noexcept;
    OrderLock& operator=(OrderLock&& other) noexcept;
    OrderLock(const OrderLock&) = delete;
    OrderLock& operator=(const OrderLock&) = delete;
    ~OrderLock();

private:
    explicit OrderLock(int fd)
        : fd_(fd) {}
    int fd_ = -1;
};

} // namespace kps::provisioning
