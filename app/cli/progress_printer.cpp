#include "progress_printer.hpp"

#include <QDateTime>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace kps::cli {
namespace {

std::atomic<bool> cancelRequested{false};

extern "C" void onSignal(int) {
    cancelRequested = true;
}

} // namespace

const std::atomic<bool>& installCancelOnSignal() {
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    return cancelRequested;
}

ProgressPrinter::ProgressPrinter(bool enabled)
    : enabled_(enabled && isatty(STDERR_FILENO))
    , startedMs_(QDateTime::currentMSecsSinceEpoch()) {
    if (!enabled_)
        return;
    thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        while (!done_) {
            wake_.wait_for(lock, std::chrono::milliseconds(250));
            draw();
        }
        std::fputc('\n', stderr);
    });
}

ProgressPrinter::~ProgressPrinter() {
    done_ = true;
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

void ProgressPrinter::started(const provisioning::OrderRecord&, qint64 target) {
    target_ = target;
}

void ProgressPrinter::endpointFinished(const provisioning::EndpointResult& result) {
    ++(result.verified ? verified_ : failed_);
}

void ProgressPrinter::alarmRaised(const provisioning::AlarmNotice& notice) {
    std::fprintf(stderr, "\nALARM: %s\n", notice.message.toLocal8Bit().constData());
}

void ProgressPrinter::draw() {
    const int verified = verified_;
    const qint64 target = target_;
    const double seconds = double(QDateTime::currentMSecsSinceEpoch() - startedMs_) / 1000.0;
    const int width = 30;
    const int filled = target > 0 ? int(std::min<qint64>(width, verified * width / target)) : 0;
    std::fprintf(stderr, "\r[%.*s%*s] %d/%lld verified, %d failed, %.0f/s%s", filled,
                 "##############################", width - filled, "", verified,
                 static_cast<long long>(target), failed_.load(),
                 seconds > 0 ? verified / seconds : 0.0, cancelRequested ? " (cancelling)" : "");
    std::fflush(stderr);
}

app::Progress terminalProgress(bool enabled) {
    app::Progress progress;
    progress.cancel = &installCancelOnSignal();
    if (enabled && isatty(STDERR_FILENO))
        progress.onStep = [](const QString& step, qint64 done, qint64 total) {
            std::fprintf(stderr, "\r%-32s %lld/%lld%s", step.toLocal8Bit().constData(),
                         static_cast<long long>(done), static_cast<long long>(total),
                         done >= total ? "\n" : "");
            std::fflush(stderr);
        };
    return progress;
}

} // namespace kps::cli
