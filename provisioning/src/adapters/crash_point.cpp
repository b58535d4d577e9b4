#include "crash_point.hpp"

#include <QStringList>
#include <unistd.h>

namespace kps::provisioning {
namespace {

class CrashingJig final : public EndpointJig {
public:
    CrashingJig(std::unique_ptr<EndpointJig> jig, std::shared_ptr<CrashPoint> crash)
        : jig_(std::move(jig))
        , crash_(std::move(crash)) {}
    QString serial() const override { return jig_->serial(); }
    JigOutcome<AttachedEndpoint> attach() override { return jig_->attach(); }
    JigOutcome<void> programFirmware(const Firmware& firmware) override {
        return jig_->programFirmware(firmware);
    }
    JigOutcome<void> writeKeyStore(std::span<const std::uint8_t> record) override {
        at(QStringLiteral("before-write"));
        auto written = jig_->writeKeyStore(record);
        at(QStringLiteral("after-write"));
        return written;
    }
    JigOutcome<void> readKeyStore(std::span<std::uint8_t> out) override {
        return jig_->readKeyStore(out);
    }
    JigOutcome<void> lockAndReset() override {
        auto locked = jig_->lockAndReset();
        at(QStringLiteral("after-lock"));
        return locked;
    }
    void detach() noexcept override {
        at(QStringLiteral("before-detach"));
        jig_->detach();
    }
    void disconnect() noexcept override { jig_->disconnect(); }

private:
    void at(const QString& point) noexcept {
        if (point == crash_->point && ++crash_->seen == crash_->occurrence)
            ::_exit(137); // like kill -9: nothing after this runs
    }

    std::unique_ptr<EndpointJig> jig_;
    std::shared_ptr<CrashPoint> crash_;
};

} // namespace

std::shared_ptr<CrashPoint> CrashPoint::parse(const QString& text) {
    const QStringList parts = text.split(QLatin1Char(':'));
    bool number = false;
    const int occurrence = parts.size() == 2 ? parts[1].toInt(&number) : 0;
    const QStringList points = {QStringLiteral("before-write"), QStringLiteral("after-write"),
                                QStringLiteral("after-lock"), QStringLiteral("before-detach")};
    if (!number || occurrence < 1 || !points.contains(parts[0]))
        return nullptr;
    auto crash = std::make_shared<CrashPoint>();
    crash->point = parts[0];
    crash->occurrence = occurrence;
    return crash;
}

std::unique_ptr<EndpointJig> crashingJig(std::unique_ptr<EndpointJig> jig,
                                         std::shared_ptr<CrashPoint> crash) {
    return std::make_unique<CrashingJig>(std::move(jig), std::move(crash));
}

} // namespace kps::provisioning
