#pragma once
// A station in a temporary directory with a demo customer and head-end, and an
// order file written to the test's wishes.
#include "kps/app/demo_party.hpp"
#include "kps/app/operations/login.hpp"
#include "kps/provisioning/so_pin_shares.hpp"
#include "kps/provisioning/station.hpp"
#include "kps/secure/pin.hpp"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace kps::test {

struct OrderSpec {
    QString id = QStringLiteral("PO-TEST-0001");
    QString keySource = QStringLiteral("manuf");
    int quantity = 10;
    QString first = QStringLiteral("00010000");
    QString dm = QStringLiteral("keys");
    QStringList list; // explicit addresses (8 ID digits each) instead of a range from `first`
    QString profile = QStringLiteral("amr-reference-v1");
    bool rekey = false; // a re-keying order of the listed addresses
};

class StationFixture {
public:
    StationFixture() {
        if (!directory.isValid())
            qFatal("no temporary directory");
        provisioning::InitOptions init{path(QStringLiteral("station")),
                                       QStringLiteral("test-01"),
                                       {},
                                       QStringLiteral("kps-station"),
                                       QStringLiteral("tester")};
        const app::TrainingCustodians custodians(init);
        auto made = provisioning::Station::initialize(std::move(init));
        if (!made)
            qFatal("%s", qPrintable(made.error().message()));
        if (!custodians.writePins(path(QStringLiteral("station/secrets"))))
            qFatal("cannot write the custodians' PINs");
        for (const char* stem : {"customer", "headend"})
            if (!app::makeDemoParty(path(QString::fromLatin1(stem)), QString::fromLatin1(stem),
                                    QString::fromLatin1(stem)))
                qFatal("cannot make demo party");
        reopen();
        const auto admin = login(QStringLiteral("admin"));
        if (!app::addStaff(*station, admin, app::demoStaff(), station->paths().secrets()))
            qFatal("cannot add the staff");
    }

    /// Logs in one of the staff (admin, supervisor, operator, custodian1, custodian2, auditor).
    provisioning::Principal login(const QString& name) {
        auto principal = app::loginWithPinFile(
            *station, name,
            QDir(station->paths().secrets()).filePath(name + QStringLiteral(".pin")));
        if (!principal)
            qFatal("%s", qPrintable(principal.error().message));
        return *principal;
    }

    /// The token's SO PIN, joined from the two custodians' shares kps init wrote.
    secure::SecretBytes soPin() const {
        secure::SecretBytes shares[2];
        for (int i = 0; i < 2; ++i) {
            auto share = secure::readPinFile(
                path(QStringLiteral("station/secrets/so-share-%1.pin").arg(i + 1)).toStdString());
            if (!share)
                qFatal("%s", share.error().message().c_str());
            shares[i] = std::move(*share);
        }
        auto pin = provisioning::joinSoPin(shares[0], shares[1]);
        if (!pin)
            qFatal("%s", qPrintable(pin.error().message()));
        return std::move(*pin);
    }

    void reopen() {
        station.reset();
        auto opened = provisioning::Station::open(path(QStringLiteral("station")));
        if (!opened)
            qFatal("%s", qPrintable(opened.error().message()));
        station = std::move(*opened);
    }

    QString path(const QString& relative) const {
        return QDir(directory.path()).filePath(relative);
    }

    static QJsonObject addresses(const OrderSpec& spec) {
        QJsonObject json{{QStringLiteral("manufacturer"), QStringLiteral("KLK")},
                         {QStringLiteral("version"), 1},
                         {QStringLiteral("type"), 7}};
        if (spec.list.isEmpty())
            json.insert(QStringLiteral("first"), spec.first);
        else
            json.insert(QStringLiteral("list"), QJsonArray::fromStringList(spec.list));
        return json;
    }

    QString writeOrder(const OrderSpec& spec) const {
        QJsonObject order{
            {QStringLiteral("format"), QStringLiteral("kps-order/1")},
            {QStringLiteral("order"), spec.id},
            {QStringLiteral("customer"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("Customer")},
                         {QStringLiteral("certificate"), QStringLiteral("customer/customer.crt")}}},
            {QStringLiteral("headend"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("Head-end")},
                         {QStringLiteral("certificate"), QStringLiteral("headend/headend.crt")},
                         {QStringLiteral("dm"), spec.dm}}},
            {QStringLiteral("profile"), spec.profile},
            {QStringLiteral("keySource"), spec.keySource},
            {QStringLiteral("quantity"), spec.quantity},
            {QStringLiteral("addresses"), addresses(spec)}};
        if (spec.rekey)
            order.insert(QStringLiteral("rekey"), true);
        const QString file = path(spec.id + QStringLiteral(".json"));
        QFile out(file);
        out.open(QIODevice::WriteOnly);
        out.write(QJsonDocument(order).toJson());
        return file;
    }

    QTemporaryDir directory;
    std::unique_ptr<provisioning::Station> station;
};

} // namespace kps::test
