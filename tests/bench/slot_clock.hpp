#pragma once
// Benches only: a run observer that times every slot. A slot is busy from the start of
// an endpoint job (attaching) to its recorded end (PASS or FAIL); the finish times give
// the time per endpoint of the run's steady part (first to last finished endpoint),
// without the sessions opened before the first one.
#include "kps/provisioning/line_run.hpp"

#include <QElapsedTimer>
#include <algorithm>
#include <array>
#include <mutex>
#include <vector>

namespace kps::bench {

class SlotClock final : public provisioning::RunObserver {
public:
    static constexpr int kMaxSlots = 16;

    SlotClock() { clock_.start(); }

    void slotStep(int slot, provisioning::SlotStep step, const QString&) override {
        Slot& s = slots_.at(std::size_t(slot));
        const qint64 now = clock_.nsecsElapsed();
        if (step == provisioning::SlotStep::Attaching) {
            s.started = now;
            s.first = s.first < 0 ? now : s.first;
        } else if (step == provisioning::SlotStep::Passed ||
                   step == provisioning::SlotStep::Failed) {
            s.busy += now - s.started;
            s.last = now;
            ++s.endpoints;
        }
    }

    void endpointFinished(const provisioning::EndpointResult&) override {
        const qint64 now = clock_.nsecsElapsed();
        std::lock_guard lock(mutex_);
        finished_.push_back(now);
    }

    void alarm(const QString& message) override {
        std::lock_guard lock(mutex_);
        alarms_ << message;
    }

    /// ms per endpoint between the first and the last finished endpoint.
    double msPerEndpoint() const {
        if (finished_.size() < 2)
            return 0;
        return double(finished_.back() - finished_.front()) / 1e6 / double(finished_.size() - 1);
    }

    struct Utilisation {
        double busyShare = 0; // busy time / wall time, lowest slot
        double meanBusy = 0;  // the same, mean over slots
        double workShare = 0; // endpoints x `work` / wall time, lowest slot
        double meanWork = 0;
    };

    /// Per slot over the run's wall time (first attach of any slot to the last end);
    /// `workNs`: the time an endpoint needs at the jig alone (e.g. the flash time).
    Utilisation utilisation(int slots, qint64 workNs) const {
        qint64 begin = INT64_MAX, end = 0;
        for (int i = 1; i <= slots; ++i) {
            begin = std::min(begin, slots_.at(std::size_t(i)).first);
            end = std::max(end, slots_.at(std::size_t(i)).last);
        }
        Utilisation u{1.0, 0, 1.0, 0};
        const double wall = double(end - begin);
        for (int i = 1; i <= slots; ++i) {
            const Slot& s = slots_.at(std::size_t(i));
            const double busy = double(s.busy) / wall, work = double(s.endpoints * workNs) / wall;
            u.busyShare = std::min(u.busyShare, busy);
            u.workShare = std::min(u.workShare, work);
            u.meanBusy += busy / slots;
            u.meanWork += work / slots;
        }
        return u;
    }

    const QStringList& alarms() const { return alarms_; }

private:
    struct Slot {
        qint64 started = 0, first = -1, last = 0, busy = 0, endpoints = 0;
    };
    QElapsedTimer clock_;
    std::array<Slot, kMaxSlots + 1> slots_{};
    std::mutex mutex_;
    std::vector<qint64> finished_;
    QStringList alarms_;
};

} // namespace kps::bench
