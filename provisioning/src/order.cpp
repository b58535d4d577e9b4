#include "kps/provisioning/order.hpp"

#include "kps/schemas/input_file.hpp"
#include "kps/schemas/validator.hpp"
#include "kps/x509/recipient.hpp"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

namespace kps::provisioning {
namespace {

using schemas::Checked;
using schemas::reject;

Checked<Party> readParty(const QJsonObject& json, const QString& orderFile, const QString& place,
                         const QDateTime& now) {
    const QString relative = json[QStringLiteral("certificate")].toString();
    const QString path = QFileInfo(orderFile).dir().filePath(relative);
    auto certificate = x509::readCertificateFile(path.toStdString());
    if (!certificate)
        return reject(
            orderFile, place + QStringLiteral("/certificate"),
            QString::fromStdString(certificate.error().object + ": " + certificate.error().reason));
    KPS_TRY(checkRecipientCertificate(*certificate, relative, orderFile,
                                      place + QStringLiteral("/certificate"), now));
    return Party{json[QStringLiteral("name")].toString(), *certificate};
}

Checked<void> readAddresses(const QJsonObject& json, const QString& file, Order& order) {
    const QString manufacturer = json[QStringLiteral("manufacturer")].toString();
    const int version = json[QStringLiteral("version")].toInt();
    const int type = json[QStringLiteral("type")].toInt();
    if (order.rekey && !json.contains(QStringLiteral("list")))
        return reject(file, QStringLiteral("/addresses"),
                      QStringLiteral("a re-keying order lists the addresses it re-keys"));
    if (order.rekey && order.keySource == KeySource::Manuf)
        return reject(file, QStringLiteral("/keySource"),
                      QStringLiteral("a re-keying order needs new customer keys: key source "
                                     "random, customer-masters or customer-list"));
    if (json.contains(QStringLiteral("first"))) {
        order.first = *EndpointAddress::fromParts(
            manufacturer, json[QStringLiteral("first")].toString(), version, type);
        if (order.addressCapacity() < std::uint32_t(order.quantity))
            return reject(file, QStringLiteral("/addresses/first"),
                          QStringLiteral("the range ends at 99999999 before %1 endpoints")
                              .arg(order.quantity));
        return {};
    }
    const QJsonArray list = json[QStringLiteral("list")].toArray();
    QSet<QString> seen;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString id = list[i].toString();
        if (seen.contains(id))
            return reject(file, QStringLiteral("/addresses/list/%1").arg(i),
                          QStringLiteral("address %1 is listed twice").arg(id));
        seen.insert(id);
        const auto address = *EndpointAddress::fromParts(manufacturer, id, version, type);
        order.listIndex.insert(address.text(), std::uint32_t(order.explicitAddresses.size()));
        order.explicitAddresses.push_back(address);
    }
    if (order.explicitAddresses.size() < std::size_t(order.quantity))
        return reject(file, QStringLiteral("/addresses/list"),
                      QStringLiteral("fewer addresses than the quantity"));
    order.first = order.explicitAddresses.front();
    return {};
}

} // namespace

QString keySourceName(KeySource source) {
    switch (source) {
    case KeySource::Manuf:
        return QStringLiteral("manuf");
    case KeySource::CustomerMasters:
        return QStringLiteral("customer-masters");
    case KeySource::CustomerList:
        return QStringLiteral("customer-list");
    case KeySource::Random:
        return QStringLiteral("random");
    }
    return {};
}

std::optional<KeySource> keySourceFrom(const QString& name) {
    for (KeySource source :
         {KeySource::Manuf, KeySource::CustomerMasters, KeySource::CustomerList, KeySource::Random})
        if (keySourceName(source) == name)
            return source;
    return std::nullopt;
}

Checked<void> checkRecipientCertificate(const x509::CertificateInfo& certificate,
                                        const QString& certificateFile, const QString& file,
                                        const QString& place, const QDateTime& now) {
    auto usable =
        x509::checkRecipient(certificate, now.toSecsSinceEpoch(), certificateFile.toStdString());
    if (usable)
        return {};
    const QString reason = QString::fromStdString(usable.error().reason);
    return reject(file, place,
                  certificateFile == file ? reason
                                          : certificateFile + QStringLiteral(": ") + reason);
}

std::optional<EndpointAddress> Order::addressAt(std::uint32_t index) const {
    if (!explicitAddresses.empty()) {
        if (index >= explicitAddresses.size())
            return std::nullopt;
        return explicitAddresses[index];
    }
    return first.advancedBy(index);
}

std::optional<std::uint32_t> Order::indexOf(const QString& address) const {
    const auto found = listIndex.constFind(address);
    if (found == listIndex.constEnd())
        return std::nullopt;
    return *found;
}

std::uint32_t Order::addressCapacity() const {
    if (!explicitAddresses.empty())
        return static_cast<std::uint32_t>(explicitAddresses.size());
    return 100'000'000u - first.id();
}

namespace {

void readFields(const QJsonObject& json, Order& order) {
    order.id = json[QStringLiteral("order")].toString();
    order.profile = json[QStringLiteral("profile")].toString();
    order.keySource = *keySourceFrom(json[QStringLiteral("keySource")].toString());
    order.quantity = json[QStringLiteral("quantity")].toInt();
    order.rekey = json[QStringLiteral("rekey")].toBool(false);
    order.headendDm = json[QStringLiteral("headend")][QStringLiteral("dm")].toString();
    order.customer.name = json[QStringLiteral("customer")][QStringLiteral("name")].toString();
    order.headend.name = json[QStringLiteral("headend")][QStringLiteral("name")].toString();
}

std::optional<x509::CertificateInfo> certificateFrom(const QByteArray& der) {
    auto info = x509::parseCertificate(
        {reinterpret_cast<const std::uint8_t*>(der.constData()), std::size_t(der.size())}, "store");
    if (!info)
        return std::nullopt;
    return *info;
}

} // namespace

Outcome<Order> orderFromRegistered(const QByteArray& document, const QByteArray& customerDer,
                                   const QByteArray& headendDer) {
    auto json = schemas::parseDocument(document, QStringLiteral("kps-order/1"),
                                       QStringLiteral("stored order"));
    auto customer = certificateFrom(customerDer);
    auto headend = certificateFrom(headendDer);
    if (!json || !customer || !headend)
        return failure(ErrorKind::Store, QStringLiteral("read registered order"),
                       QStringLiteral("database"), QStringLiteral("the stored order is damaged"),
                       QStringLiteral("Run kps audit verify and call a supervisor"));
    Order order;
    readFields(*json, order);
    order.customer.certificate = *customer;
    order.headend.certificate = *headend;
    order.document = document;
    auto addresses = readAddresses((*json)[QStringLiteral("addresses")].toObject(), {}, order);
    if (!addresses)
        return tl::unexpected(
            Error::fromInput(addresses.error(), QStringLiteral("read registered order")));
    return order;
}

Outcome<Order> readOrderFile(const QString& path, const QDateTime& now) {
    const QString what = QStringLiteral("read order");
    auto bytes = schemas::readInputFile(path, schemas::kMaxDocumentBytes);
    if (!bytes)
        return tl::unexpected(Error::fromInput(bytes.error(), what));
    auto json = schemas::parseDocument(*bytes, QStringLiteral("kps-order/1"), path);
    if (!json)
        return tl::unexpected(Error::fromInput(json.error(), what));
    Order order;
    readFields(*json, order);
    auto customer = readParty((*json)[QStringLiteral("customer")].toObject(), path,
                              QStringLiteral("/customer"), now);
    if (!customer)
        return tl::unexpected(Error::fromInput(customer.error(), what));
    auto headend = readParty((*json)[QStringLiteral("headend")].toObject(), path,
                             QStringLiteral("/headend"), now);
    if (!headend)
        return tl::unexpected(Error::fromInput(headend.error(), what));
    order.customer.certificate = customer->certificate;
    order.headend.certificate = headend->certificate;
    if (auto addresses =
            readAddresses((*json)[QStringLiteral("addresses")].toObject(), path, order);
        !addresses)
        return tl::unexpected(Error::fromInput(addresses.error(), what));
    order.document = *bytes;
    return order;
}

} // namespace kps::provisioning
