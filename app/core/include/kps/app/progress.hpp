#pragma once
// How far a long command (close, report) has come, and the request to stop it.
// Commands check the request between entries; a stopped export or report leaves no
// file behind and changes nothing in the store.
#include <QString>
#include <atomic>
#include <functional>

namespace kps::app {

struct Progress {
    std::function<void(const QString& step, qint64 done, qint64 total)> onStep;
    const std::atomic<bool>* cancel = nullptr;

    void step(const QString& what, qint64 done, qint64 total) const {
        if (onStep)
            onStep(what, done, total);
    }
    bool cancelled() const { return cancel && cancel->load(); }
};

} // namespace kps::app
