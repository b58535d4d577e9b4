// The jigs library behind provisioning's EndpointJig port: the simulated line.
#include "crash_point.hpp"
#include "emulated_endpoints.hpp"
#include "jigs_adapter.hpp"
#include "kps/jigs/simulated_line.hpp"
#include "kps/provisioning/firmware.hpp"
#include "kps/provisioning/simulated_rack.hpp"

#include <QByteArray>
#include <algorithm>
#include <chrono>
#include <thread>

namespace kps::provisioning {
namespace {

template <class T> JigOutcome<void> plain(const jigs::Result<T>& result) {
    if (!result)
        return tl::unexpected(failureOf(result.error()));
    return {};
}

class JigAdapter final : public EndpointJig {
public:
    explicit JigAdapter(std::unique_ptr<jigs::Jig> jig, int flashMs = 0)
        : jig_(std::move(jig))
        , flashMs_(flashMs) {}
    QString serial() const override { return QString::fromStdString(jig_->serial()); }
    JigOutcome<AttachedEndpoint> attach() override {
        KPS_TRY_LET_MAP(identity, jig_->attach(), failureOf);
        return AttachedEndpoint{
            QString::fromLatin1(
                QByteArray(reinterpret_cast<const char*>(identity.uniqueId.data()), 12).toHex()),
            identity.locked};
    }
    JigOutcome<void> programFirmware(const Firmware& firmware) override {
        return plain(jig_->programFirmware(*firmware.image));
    }
    JigOutcome<void> writeKeyStore(std::span<const std::uint8_t> record) override {
        if (flashMs_ > 0) // the simulated line's stand-in for a real page erase + program
            std::this_thread::sleep_for(std::chrono::milliseconds(flashMs_));
        return plain(jig_->writeKeyStore(record));
    }
    JigOutcome<void> readKeyStore(std::span<std::uint8_t> out) override {
        return plain(jig_->readKeyStore(out));
    }
    JigOutcome<void> lockAndReset() override { return plain(jig_->lockAndReset()); }
    void detach() noexcept override { jig_->detach(); }
    void disconnect() noexcept override { jig_->disconnect(); }

private:
    std::unique_ptr<jigs::Jig> jig_;
    int flashMs_;
};

class SimulatedRack final : public JigRack {
public:
    explicit SimulatedRack(const SimulatedRackOptions& options)
        : slotCount_(options.slotCount)
        , socketOffset_(std::max(0, options.firstSocket - 1))
        , flashMs_(options.flashMs)
        , line_(lineOptions(options))
        , crash_(CrashPoint::parse(options.crashAt)) {}
    int slotCount() const override { return slotCount_; }
    QString slotName(int slot) const override {
        return QStringLiteral("sim-socket-%1").arg(slot + socketOffset_);
    }
    Outcome<std::unique_ptr<EndpointJig>> jigForSlot(int slot) override {
        std::unique_ptr<EndpointJig> jig =
            std::make_unique<JigAdapter>(line_.jigForSlot(slot + socketOffset_), flashMs_);
        if (crash_)
            return crashingJig(std::move(jig), crash_);
        return jig;
    }

private:
    static jigs::SimulatedLineOptions lineOptions(const SimulatedRackOptions& options) {
        jigs::SimulatedLineOptions line;
        line.seed = options.seed;
        line.archiveDirectory = options.archiveDirectory.toStdString();
        line.faultRate = options.faultRate;
        line.socketDirectory = options.socketDirectory.toStdString();
        for (const QString& hex : options.returned)
            line.returnedEndpoints.push_back(uniqueIdFromHex(hex));
        line.onlyReturned = options.onlyReturned;
        line.kind = simulatedEndpoints(options.target, options.flashTimeScale);
        return line;
    }
    static std::array<std::uint8_t, 12> uniqueIdFromHex(const QString& hex) {
        std::array<std::uint8_t, 12> id{};
        const QByteArray bytes = QByteArray::fromHex(hex.toLatin1());
        std::copy_n(bytes.constData(), std::min<qsizetype>(bytes.size(), 12), id.begin());
        return id;
    }
    int slotCount_;
    int socketOffset_;
    int flashMs_;
    jigs::SimulatedLine line_;
    std::shared_ptr<CrashPoint> crash_;
};

} // namespace

namespace {

/// The jig layer's fault as the port carries it.
Fault faultOf(jigs::JigFault fault) {
    switch (fault) {
    case jigs::JigFault::ProbeMissing:
        return Fault::ProbeMissing;
    case jigs::JigFault::UsbTimeout:
        return Fault::UsbTimeout;
    case jigs::JigFault::NoTarget:
        return Fault::NoTarget;
    case jigs::JigFault::SwdWait:
        return Fault::SwdWait;
    case jigs::JigFault::SwdFault:
        return Fault::SwdFault;
    case jigs::JigFault::Protocol:
        return Fault::Protocol;
    case jigs::JigFault::FlashProgram:
        return Fault::FlashProgram;
    case jigs::JigFault::VerifyMismatch:
        return Fault::VerifyMismatch;
    case jigs::JigFault::TargetLocked:
        return Fault::TargetLocked;
    case jigs::JigFault::BreakpointTimeout:
        return Fault::BreakpointTimeout;
    case jigs::JigFault::WrongTarget:
        return Fault::WrongTarget;
    case jigs::JigFault::Cancelled:
        break;
    }
    return Fault::Cancelled;
}

} // namespace

JigFailure failureOf(const jigs::JigError& error) {
    return {faultOf(error.fault), QString::fromStdString(error.message())};
}

std::unique_ptr<EndpointJig> adaptJig(std::unique_ptr<jigs::Jig> jig) {
    return std::make_unique<JigAdapter>(std::move(jig));
}

QStringList simulatedTargets() {
    return {QStringLiteral("reference-endpoint-v1"), QStringLiteral("stm32wle5")};
}

std::unique_ptr<JigRack> makeSimulatedRack(const SimulatedRackOptions& options) {
    return std::make_unique<SimulatedRack>(options);
}

Outcome<std::unique_ptr<JigRack>> makeSimulatedRackFor(const QString& target,
                                                       SimulatedRackOptions options) {
    if (!simulatedTargets().contains(target))
        return failure(ErrorKind::Refused, QStringLiteral("start the simulated line"), target,
                       QStringLiteral("the simulated line has no endpoints of this target"),
                       QStringLiteral("Simulated targets: ") +
                           simulatedTargets().join(QStringLiteral(", ")));
    options.target = target;
    return makeSimulatedRack(options);
}

} // namespace kps::provisioning
