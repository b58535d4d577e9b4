#include "kps/app/commands/key_custody.hpp"

#include <QJsonObject>

namespace kps::app {

using namespace provisioning;

namespace {

/// Stands in until the station's key custody (masters import and destruction
/// confirmation in the engine) is part of the build: every request is refused.
class UnavailableKeyCustody final : public KeyCustody {
public:
    CommandResult<CustodyResult> importMasters(Station&, const CustodianPair&,
                                               const QString& file) override {
        return refuse(file);
    }
    CommandResult<CustodyResult> confirmDestruction(Station&, const CustodianPair&,
                                                    const QString& orderId) override {
        return refuse(orderId);
    }

private:
    static tl::unexpected<CommandError> refuse(const QString& subject) {
        return tl::unexpected(CommandError{
            Refused, QStringLiteral("%1: key custody (masters import, destruction confirmation) "
                                    "is not part of this build of the station")
                         .arg(subject)});
    }
};

} // namespace

std::shared_ptr<KeyCustody> stationKeyCustody() {
    return std::make_shared<UnavailableKeyCustody>();
}

CommandResult<void> checkDualControl(Station& station, const CustodianPair& custodians,
                                     Action action, const QString& subject) {
    const Principal& first = custodians.first;
    const Principal& second = custodians.second;
    if (first.user.isEmpty() || second.user.isEmpty())
        return tl::unexpected(CommandError{
            Refused, QStringLiteral("%1: two key custodians must log in").arg(subject)});
    if (first.user.compare(second.user, Qt::CaseInsensitive) == 0) {
        station.audit(second.user, QStringLiteral("refused"), subject,
                      {{QStringLiteral("action"), actionName(action)},
                       {QStringLiteral("reason"), QStringLiteral("dual control: same user twice")}});
        return tl::unexpected(CommandError{
            Refused, QStringLiteral("%1: dual control needs two different key custodians; %2 "
                                    "logged in twice")
                         .arg(subject, first.user)});
    }
    for (const Principal* custodian : {&first, &second})
        if (auto permitted = station.require(*custodian, action, subject); !permitted)
            return tl::unexpected(fromError(permitted.error()));
    return {};
}

} // namespace kps::app
