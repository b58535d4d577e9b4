// CMSIS-DAP v2 probes over libusb behind provisioning's EndpointJig port.
#include "kps/provisioning/probe_rack.hpp"

#include "jigs_adapter.hpp"
#include "kps/jigs/libusb_transport.hpp"
#include "kps/jigs/probe_jig.hpp"

#include <mutex>

namespace kps::provisioning {
namespace {

tl::unexpected<Error> jigError(const jigs::JigError& error, const QString& what) {
    return failure(ErrorKind::Device, what, QString::fromStdString(error.where),
                   QString::fromStdString(error.message()), QString::fromStdString(error.hint));
}

/// Opens the probe with this serial, on a libusb context of its own (slots never
/// share event handling).
Outcome<std::unique_ptr<jigs::DapTransport>> openProbe(const QString& serial) {
    auto context = jigs::usb::Context::create();
    if (!context)
        return jigError(context.error(), QStringLiteral("start USB"));
    auto transport = jigs::LibusbTransport::open(*context, serial.toStdString());
    if (!transport)
        return failure(ErrorKind::Device, QStringLiteral("find probe"),
                       QStringLiteral("probe %1").arg(serial),
                       QString::fromStdString(transport.error().message()),
                       QStringLiteral("check its USB cable; `kps probes` lists what is there"));
    return std::unique_ptr<jigs::DapTransport>(std::move(*transport));
}

class ProbeRack final : public JigRack {
public:
    ProbeRack(QStringList serials, std::vector<std::unique_ptr<jigs::DapTransport>> opened,
              jigs::TargetProfile target)
        : serials_(std::move(serials))
        , opened_(std::move(opened))
        , target_(std::move(target)) {}
    int slotCount() const override { return int(serials_.size()); }
    QString slotName(int slot) const override {
        return QStringLiteral("probe-") + serials_.value(slot - 1);
    }
    Outcome<std::unique_ptr<EndpointJig>> jigForSlot(int slot) override {
        if (slot < 1 || slot > serials_.size())
            return failure(ErrorKind::Internal, QStringLiteral("open jig"),
                           QStringLiteral("slot %1").arg(slot), QStringLiteral("no such slot"));
        std::unique_ptr<jigs::DapTransport> transport;
        {
            std::lock_guard lock(mutex_);
            transport = std::move(opened_[std::size_t(slot - 1)]);
        }
        if (!transport) { // a later run: open it again
            KPS_TRY_LET(reopened, openProbe(serials_.at(slot - 1)));
            transport = std::move(reopened);
        }
        return adaptJig(std::make_unique<jigs::ProbeJig>(std::move(transport), target_));
    }

private:
    QStringList serials_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<jigs::DapTransport>> opened_;
    jigs::TargetProfile target_;
};

} // namespace

Outcome<std::unique_ptr<JigRack>> makeProbeRack(const ProbeRackOptions& options) {
    QStringList unique = options.serials;
    if (unique.isEmpty() || unique.removeDuplicates() != 0)
        return failure(ErrorKind::BadInput, QStringLiteral("configure probes"), {},
                       QStringLiteral("give each slot one probe serial, no serial twice"));
    auto target = jigs::builtInTargetProfile(options.target.toStdString());
    if (!target)
        return jigError(target.error(), QStringLiteral("load target profile"));
    std::vector<std::unique_ptr<jigs::DapTransport>> opened;
    for (const QString& serial : options.serials) { // one after the other, before slots start
        KPS_TRY_LET(transport, openProbe(serial));
        opened.push_back(std::move(transport));
    }
    return std::make_unique<ProbeRack>(options.serials, std::move(opened), std::move(*target));
}

Outcome<std::vector<ConnectedProbe>> listConnectedProbes() {
    auto context = jigs::usb::Context::create();
    if (!context)
        return jigError(context.error(), QStringLiteral("start USB"));
    auto present = jigs::listUsbProbes(**context);
    if (!present)
        return jigError(present.error(), QStringLiteral("list probes"));
    std::vector<ConnectedProbe> probes;
    for (const jigs::UsbProbe& usb : *present) {
        ConnectedProbe probe{QString::fromStdString(usb.serial),
                             QString::fromStdString(usb.product),
                             {},
                             std::nullopt,
                             usb.bus,
                             usb.address,
                             {}};
        auto transport = jigs::LibusbTransport::open(*context, usb.serial);
        auto details = transport
                           ? jigs::DapProbe(**transport).details()
                           : jigs::Result<jigs::ProbeDetails>(tl::unexpected(transport.error()));
        if (details) {
            probe.firmware = QString::fromStdString(details->firmware);
            if (details->targetMillivolts)
                probe.targetMillivolts = *details->targetMillivolts;
        } else {
            probe.problem = QString::fromStdString(details.error().message());
        }
        probes.push_back(std::move(probe));
    }
    return probes;
}

} // namespace kps::provisioning
