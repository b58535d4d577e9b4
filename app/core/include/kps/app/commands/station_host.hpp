#pragma once
// The station as the GUI's commands share it. A Station (its SQL connection and its
// HSM session) serves one caller at a time, so commands take turns through a gate:
// each command's work runs on its own worker thread and holds the gate while it uses
// the station. A line run holds it for the whole run; commands started meanwhile wait
// (and say so) until the line pauses, or give up when cancelled.
#include "kps/provisioning/station.hpp"

#include <atomic>
#include <functional>
#include <mutex>

namespace kps::app {

class StationHost {
public:
    explicit StationHost(provisioning::Station& station)
        : station_(station) {}
    StationHost(const StationHost&) = delete;
    StationHost& operator=(const StationHost&) = delete;

    /// Exclusive use of the station while alive.
    class Lease {
    public:
        Lease() = default;
        explicit Lease(StationHost& host, std::unique_lock<std::timed_mutex> lock)
            : host_(&host)
            , lock_(std::move(lock)) {}
        explicit operator bool() const { return lock_.owns_lock(); }
        provisioning::Station& station() const { return host_->station_; }

    private:
        StationHost* host_ = nullptr;
        std::unique_lock<std::timed_mutex> lock_;
    };

    /// Waits for the gate; calls `waiting` once if it must wait. Returns an empty lease
    /// when `cancel` is set before the gate opens.
    Lease acquire(const std::atomic<bool>& cancel, const std::function<void()>& waiting);

    /// The station's data directory (readable without the gate: it never changes).
    const provisioning::StationPaths& paths() const { return station_.paths(); }

private:
    provisioning::Station& station_;
    std::timed_mutex gate_;
};

} // namespace kps::app
