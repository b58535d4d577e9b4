#pragma once
// A station for tests that drive the kps command line: made in-process (with the demo
// customer, head-end and staff), then used only through `kps --data DIR ...` as the
// staff member the test names.
#include "cli_runner.hpp"
#include "kps/reports/listing_opener.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

namespace kps::test {

class CliStation {
public:
    QString directory() const { return fixture.path(QStringLiteral("station")); }
    QString database() const { return QDir(directory()).filePath(QStringLiteral("kps.sqlite")); }
    QString archive() const { return QDir(directory()).filePath(QStringLiteral("sim")); }

    /// The environment of `user` (and of a second key custodian, for dual control).
    QProcessEnvironment as(const QString& user, const QString& second = {}) const {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("KPS_LOGIN"), user);
        environment.insert(QStringLiteral("KPS_LOGIN_PIN_FILE"), pinFile(user));
        environment.remove(QStringLiteral("KPS_LOGIN_PIN"));
        environment.remove(QStringLiteral("KPS_LOGIN2_PIN"));
        if (!second.isEmpty()) {
            environment.insert(QStringLiteral("KPS_LOGIN2"), second);
            environment.insert(QStringLiteral("KPS_LOGIN2_PIN_FILE"), pinFile(second));
        }
        return environment;
    }

    QString pinFile(const QString& user) const {
        return QDir(directory())
            .filePath(QStringLiteral("secrets/") + user + QStringLiteral(".pin"));
    }

    QStringList command(const QStringList& arguments) const {
        return QStringList{QStringLiteral("--data"), directory()} + arguments;
    }

    ProcessResult kps(const QString& user, const QStringList& arguments) const {
        return runKps(command(arguments), as(user));
    }

    /// Registers the order and has the supervisor start it; the in-process station
    /// closes afterwards, so only kps processes use the data directory.
    void addStartedOrder(const OrderSpec& spec) {
        if (!fixture.station)
            fixture.reopen();
        const auto supervisor = fixture.login(QStringLiteral("supervisor"));
        auto added = fixture.station->orders().add(supervisor, fixture.writeOrder(spec));
        if (!added)
            qFatal("%s", qPrintable(added.error().message()));
        if (!fixture.station->orders().changeState(supervisor, test::orderId(spec.id),
                                                   provisioning::OrderState::Running))
            qFatal("cannot start the order");
        fixture.station.reset();
    }

    reports::OpenRequest listingRequest(const QString& orderId) const {
        const QDir exports(QDir(directory()).filePath(QStringLiteral("exports/") + orderId));
        return {exports.filePath(orderId + QStringLiteral("-customer-listing.json")),
                fixture.path(QStringLiteral("customer/customer.key")),
                exports.filePath(QStringLiteral("station-signing.crt")),
                fixture.path(QStringLiteral("customer/customer.crt"))};
    }

    StationFixture fixture;
};

} // namespace kps::test
