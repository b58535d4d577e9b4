#pragma once
// A guard against a test that would hang (a read of a FIFO or /dev/zero): if the guarded
// scope has not ended after `seconds`, the test process stops with a message naming
// the step. No timing is asserted: a scope that ends in time is simply let go.
#include <QtGlobal>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace kps::test {

class HangGuard {
public:
    explicit HangGuard(std::string step, int seconds = 60)
        : step_(std::move(step))
        , watcher_([this, seconds] {
            std::unique_lock lock(mutex_);
            if (!done_.wait_for(lock, std::chrono::seconds(seconds), [this] { return ended_; }))
                qFatal("hung: %s did not return", step_.c_str());
        }) {}
    ~HangGuard() {
        {
            std::lock_guard lock(mutex_);
            ended_ = true;
        }
        done_.notify_one();
        watcher_.join();
    }
    HangGuard(const HangGuard&) = delete;
    HangGuard& operator=(const HangGuard&) = delete;

private:
    std::string step_;
    std::mutex mutex_;
    std::condition_variable done_;
    bool ended_ = false;
    std::thread watcher_;
};

} // namespace kps::test
