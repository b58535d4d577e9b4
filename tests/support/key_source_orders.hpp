#pragma once
// Orders of the four key sources (manuf, customer-masters, customer-list, random) taken
// through their life on a StationFixture, as the staff would: added and started, the
// customer's masters or key list (sealed with openssl alone) imported by two
// custodians, run on the simulated line (its endpoints archived), the customer's keys
// destroyed and the order closed with its exports.
#include "customer_files.hpp"
#include "kps/app/operations/close.hpp"
#include "kps/app/operations/custody.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

namespace kps::test {

class KeySourceOrders {
public:
    explicit KeySourceOrders(StationFixture& fixture)
        : fixture_(fixture)
        , side_{fixture.path(QStringLiteral("customer/customer.key")),
                fixture.path(QStringLiteral("customer/customer.crt")),
                fixture.station->paths().publicCertificates() +
                    QStringLiteral("/station-import.crt")} {}

    const CustomerSide& customerSide() const { return side_; }

    /// The addresses of `count` endpoints from ID `first`, as the station writes them.
    static QStringList addresses(int first, int count) {
        QStringList addresses;
        for (int i = 0; i < count; ++i)
            addresses << QStringLiteral("KLK-%1-01-07").arg(first + i);
        return addresses;
    }

    /// Adds and starts order `id` of `count` endpoints from ID `first` (a customer-list
    /// order lists those addresses), then imports its customer's keys.
    void start(const QString& id, const QString& source, int first, int count) {
        OrderSpec spec;
        spec.id = id;
        spec.keySource = source;
        spec.quantity = count;
        spec.first = QString::number(first);
        if (source == QLatin1String("customer-list"))
            for (int i = 0; i < count; ++i)
                spec.list << QString::number(first + i);
        auto& station = *fixture_.station;
        auto added = station.orders().add(login("supervisor"), fixture_.writeOrder(spec));
        QVERIFY2(added, added ? "" : qPrintable(added.error().message()));
        QVERIFY(station.orders().changeState(login("supervisor"), test::orderId(id),
                                             provisioning::OrderState::Running));
        importKeys(source, id, addresses(first, count));
    }

    /// Runs the order on 2 simulated slots, its endpoints archived in archiveOf(order).
    /// Returns why the run failed or stopped, or an empty string.
    QString run(const QString& order, int* verified = nullptr) {
        auto rack = provisioning::makeSimulatedRack({2, archiveOf(order), 3, 0.0});
        provisioning::RunObserver quiet;
        std::atomic<bool> cancel{false};
        auto result = fixture_.station->line().run(login("operator"), test::orderId(order),
                                                   {2, 0, 5, {}}, *rack, quiet, cancel);
        if (result && verified)
            *verified = result->verified;
        return !result             ? result.error().message()
               : result->stoppedBy ? result->stoppedBy->message()
                                   : QString();
    }

    /// Destroys a customer order's keys (two custodians), then closes the order.
    void close(const QString& source, const QString& order) {
        auto& station = *fixture_.station;
        if (source.startsWith(QLatin1String("customer-"))) {
            auto destroyed = app::destroyCustomerKeys(station, custodians(), test::orderId(order));
            QVERIFY2(destroyed, destroyed ? "" : qPrintable(destroyed.error().message));
        }
        auto closed = app::closeOrder(station, login("supervisor"), test::orderId(order));
        QVERIFY2(closed, closed ? "" : qPrintable(closed.error().message));
    }

    QString archiveOf(const QString& order) const {
        return fixture_.path(order + QStringLiteral("-line"));
    }

    provisioning::Principal login(const char* name) {
        return fixture_.login(QString::fromLatin1(name));
    }
    app::Custodians custodians() { return {login("custodian1"), login("custodian2")}; }

private:
    void importKeys(const QString& source, const QString& order, const QStringList& addresses) {
        auto& station = *fixture_.station;
        const QString dir = fixture_.path(order);
        std::atomic<bool> cancel{false};
        provisioning::ImportObserver quiet;
        if (source == QLatin1String("customer-masters")) {
            auto imported =
                app::importMasters(station, custodians(), sealMasters(side_, order, dir));
            QVERIFY2(imported, imported ? "" : qPrintable(imported.error().message));
        } else if (source == QLatin1String("customer-list")) {
            auto imported = app::importKeyList(
                station, custodians(), sealKeyList(side_, order, dir, addresses), quiet, cancel);
            QVERIFY2(imported, imported ? "" : qPrintable(imported.error().message));
        }
    }

    StationFixture& fixture_;
    CustomerSide side_;
};

} // namespace kps::test
