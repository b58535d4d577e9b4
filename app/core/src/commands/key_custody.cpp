#include "kps/app/commands/key_custody.hpp"

#include "kps/app/operations/custody.hpp"

namespace kps::app {

using namespace provisioning;

namespace {

CustodyResult resultOf(const KeyImportSummary& summary) {
    CustodyResult result{
        summary.orderId, summary.items, {}, QStringLiteral("SHA-256 %1").arg(summary.fileSha256)};
    for (qsizetype i = 0; i < summary.labels.size() && i < summary.kcvs.size(); ++i)
        result.keys.push_back({summary.labels[i], summary.kcvs[i]});
    return result;
}

class ImportProgress final : public ImportObserver {
public:
    explicit ImportProgress(const CustodyProgress& report)
        : report_(report) {}
    void progress(qint64 done, qint64 total) const override {
        if (report_)
            report_(done, total);
    }

private:
    const CustodyProgress& report_;
};

/// The engine's key custody: imports and destruction with their audit rows and the
/// signed destruction record, exactly as `kps masters import`, `kps keylist import`
/// and `kps destroy` do them.
class StationKeyCustody final : public KeyCustody {
public:
    CommandResult<CustodyResult> importMasters(Station& station, const CustodianPair& pair,
                                               const QString& file) override {
        KPS_TRY_LET(imported, app::importMasters(station, {pair.first, pair.second}, file));
        return resultOf(imported);
    }

    CommandResult<CustodyResult> importKeyList(Station& station, const CustodianPair& pair,
                                               const QString& file, const CustodyProgress& progress,
                                               const std::atomic<bool>& cancel) override {
        const ImportProgress observer(progress);
        KPS_TRY_LET(imported,
                    app::importKeyList(station, {pair.first, pair.second}, file, observer, cancel));
        return resultOf(imported);
    }

    CommandResult<CustodyResult> destroyKeys(Station& station, const CustodianPair& pair,
                                             const QString& orderId) override {
        KPS_TRY_LET_MAP(id, OrderId::parse(orderId), fromError);
        KPS_TRY_LET(files, destroyCustomerKeys(station, {pair.first, pair.second}, id));
        CustodyResult result{orderId, qint64(files.destruction.objects.size()), {}, files.record};
        for (const CustodyObject& object : files.destruction.objects)
            result.keys.push_back({object.label, object.kcv});
        return result;
    }
};

} // namespace

std::shared_ptr<KeyCustody> stationKeyCustody() {
    return std::make_shared<StationKeyCustody>();
}

CommandResult<void> checkDualControl(Station& station, const CustodianPair& custodians,
                                     Action action, const QString& subject) {
    if (custodians.first.user.isEmpty() || custodians.second.user.isEmpty())
        return tl::unexpected(CommandError{
            Refused, QStringLiteral("%1: two key custodians must log in").arg(subject)});
    KPS_TRY_MAP(
        station.custody().requireDualControl(custodians.first, custodians.second, action, subject),
        fromError);
    return {};
}

} // namespace kps::app
