#pragma once
// Benches only: a station in a temporary directory (tests/support StationFixture) with
// customer-masters orders of the reference profile whose masters the two custodians
// imported (sealed with openssl as a customer would), and what the PKCS#11 floor
// program needs to reach the same token.
#include "customer_files.hpp"
#include "kps/app/operations/custody.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

#include <QJsonDocument>

namespace kps::bench {

struct TokenAccess {
    QString module;
    QString token;
    QString pinFile;
};

class BenchStation {
public:
    BenchStation()
        : supervisor_(fixture_.login(QStringLiteral("supervisor")))
        , operator_(fixture_.login(QStringLiteral("operator"))) {}

    provisioning::Station& station() { return *fixture_.station; }
    const provisioning::Principal& operatorOnShift() const { return operator_; }

    /// A running customer-masters order of amr-reference-v1 with its masters imported.
    void addOrder(const QString& id, const QString& firstAddress, int quantity) {
        test::OrderSpec spec;
        spec.id = id;
        spec.keySource = QStringLiteral("customer-masters");
        spec.quantity = quantity;
        spec.first = firstAddress;
        if (auto added = station().orders().add(supervisor_, fixture_.writeOrder(spec)); !added)
            qFatal("add order: %s", qPrintable(added.error().message()));
        if (!station().orders().changeState(supervisor_, test::orderId(id),
                                            provisioning::OrderState::Running))
            qFatal("cannot start the order");
        const test::CustomerSide side{fixture_.path(QStringLiteral("customer/customer.key")),
                                      fixture_.path(QStringLiteral("customer/customer.crt")),
                                      station().paths().publicCertificates() +
                                          QStringLiteral("/station-import.crt")};
        const QString file = test::sealMasters(side, id, fixture_.path(id + QStringLiteral("-in")));
        const app::Custodians custodians{fixture_.login(QStringLiteral("custodian1")),
                                         fixture_.login(QStringLiteral("custodian2"))};
        if (auto imported = app::importMasters(station(), custodians, file); !imported)
            qFatal("import masters: %s", qPrintable(imported.error().message));
    }

    /// Module, token label and user PIN file as station.json names them.
    TokenAccess tokenAccess() {
        QFile file(station().paths().config());
        file.open(QIODevice::ReadOnly);
        const QJsonObject hsm = QJsonDocument::fromJson(file.readAll())
                                    .object()
                                    .value(QStringLiteral("hsm"))
                                    .toObject();
        const QString pin = hsm.value(QStringLiteral("userPinFile")).toString();
        return {hsm.value(QStringLiteral("module")).toString(),
                hsm.value(QStringLiteral("token")).toString(),
                QDir(station().paths().root).absoluteFilePath(pin)};
    }

private:
    test::StationFixture fixture_;
    provisioning::Principal supervisor_;
    provisioning::Principal operator_;
};

} // namespace kps::bench
