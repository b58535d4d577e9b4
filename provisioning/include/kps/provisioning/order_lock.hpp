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
    /// The same for one slot's jig (a simulated socket, a probe): DIR/locks/NAME.lock,
    /// which names its holder (`holder`: the order, the process) while it is held. A
    /// second run asking for it is refused, naming the slot and the holder.
    static Outcome<OrderLock> acquireJig(const QString& directory, const QString& name, int slot,
                                         const QString& holder);
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
