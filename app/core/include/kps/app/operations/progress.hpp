#pragma once
// How far a long operation (close, report, an import) has come, the request to stop
// it, and where it may draw. Operations check the request between entries; a stopped
// export or report leaves no file behind and changes nothing in the store.
#include <QString>
#include <atomic>
#include <functional>

namespace kps::app {

struct Progress {
    std::function<void(const QString& step, qint64 done, qint64 total)> onStep;
    const std::atomic<bool>* cancel = nullptr;
    /// Runs a drawing (Qt Charts into the report's PDF) on the GUI thread, the only one
    /// Qt draws charts on, and waits for it. Empty: the caller is on the GUI thread
    /// already (the command line).
    std::function<void(const std::function<void()>& drawing)> onGuiThread;

    void step(const QString& what, qint64 done, qint64 total) const {
        if (onStep)
            onStep(what, done, total);
    }
    bool cancelled() const { return cancel && cancel->load(); }
    void draw(const std::function<void()>& drawing) const {
        if (onGuiThread)
            onGuiThread(drawing);
        else
            drawing();
    }
};

} // namespace kps::app
