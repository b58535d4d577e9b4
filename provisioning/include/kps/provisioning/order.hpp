#pragma once
// kps-order/1: a production order as registered with `kps order add`.
#include "kps/provisioning/address.hpp"
#include "kps/provisioning/error.hpp"
#include "kps/x509/certificate.hpp"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QString>
#include <vector>

namespace kps::provisioning {

enum class KeySource { Manuf, CustomerMasters, CustomerList, Random };
QString keySourceName(KeySource source);
std::optional<KeySource> keySourceFrom(const QString& name);

struct Party {
    QString name;
    x509::CertificateInfo certificate;
};

struct Order {
    QString id;
    Party customer;
    Party headend;
    QString headendDm; // "keys" or "master"
    QString profile;
    KeySource keySource = KeySource::Manuf;
    int quantity = 0;
    EndpointAddress first;                          // range mode
    std::vector<EndpointAddress> explicitAddresses; // list mode (key lists, re-keying)
    QHash<QString, std::uint32_t> listIndex;        // list mode: address text -> index
    QByteArray document;

    bool rekey = false; // "rekey": true in the file

    /// A re-keying order (PSD handover) gives new keys to endpoints this station produced
    /// before, at the addresses it lists; any other order produces new endpoints.
    bool rekeying() const { return rekey; }
    /// The address of the index-th endpoint of this order, if the range holds it.
    std::optional<EndpointAddress> addressAt(std::uint32_t index) const;
    /// List mode: the index of a listed address.
    std::optional<std::uint32_t> indexOf(const QString& address) const;
    /// How many addresses the order can issue (range: up to the 8-digit end).
    std::uint32_t addressCapacity() const;
};

/// Reads and checks an order file; certificates are read relative to it.
Outcome<Order> readOrderFile(const QString& path, const QDateTime& now);

/// Rebuilds a registered order from its stored document and certificates (no files read).
Outcome<Order> orderFromRegistered(const QByteArray& document, const QByteArray& customerDer,
                                   const QByteArray& headendDer);

/// Checks that a recipient certificate can receive wrapped keys (x509::checkRecipient);
/// a problem names `file` and `place` (where the certificate is named) and, in its
/// reason, the certificate's own file.
schemas::Checked<void> checkRecipientCertificate(const x509::CertificateInfo& certificate,
                                                 const QString& certificateFile,
                                                 const QString& file, const QString& place,
                                                 const QDateTime& now);

} // namespace kps::provisioning
