#pragma once
// Checks a finished batch the way the torture and recovery tests need: what the store
// says, what the simulated endpoints hold (their archived key-store pages), and what
// the customer listing holds, opened as the customer opens it.
#include "kps/jigs/keystore_record.hpp"
#include "kps/provisioning/address.hpp"
#include "kps/reports/listing_opener.hpp"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QMap>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>
#include <functional>
#include <map>

namespace kps::test {

struct StoreFacts {
    int rows = 0;
    int verified = 0;
    int failed = 0;
    int unfinished = 0; // reserved or injecting
    int failedWithoutReason = 0;
    int orderVerified = 0; // the order's counter
    int quantity = 0;
    int duplicateAddresses = 0; // addresses with more than one row (one order)
    int duplicateUnits = 0;     // unique IDs verified more than once
    int verifiedEvents = 0;     // endpoint.verified audit rows of the order
    int recoveredEvents = 0;    // ... of endpoints a crash had left in progress
    int tokenRepairs = 0;       // SoftHSM token files put back after a crash (whole store)
    int maxAttempts = 0;
    QMap<QString, int> reasons;
    QSet<QString> verifiedAddresses;
};

/// Reads the station's store with a connection of its own (read only).
inline StoreFacts readStoreFacts(const QString& databaseFile, const QString& orderId) {
    StoreFacts facts;
    const QString name = QUuid::createUuid().toString();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(databaseFile);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open())
            qFatal("cannot open the store");
        const auto scalar = [&](const QString& sql) {
            QSqlQuery query(db);
            query.prepare(sql);
            query.addBindValue(orderId);
            query.exec();
            return query.next() ? query.value(0).toInt() : -1;
        };
        QSqlQuery rows(db);
        rows.prepare(QStringLiteral(
            "SELECT address, state, reason, attempts FROM endpoints WHERE order_id = ?"));
        rows.addBindValue(orderId);
        rows.exec();
        while (rows.next()) {
            ++facts.rows;
            const QString state = rows.value(1).toString();
            facts.maxAttempts = std::max(facts.maxAttempts, rows.value(3).toInt());
            if (state == QLatin1String("verified")) {
                ++facts.verified;
                facts.verifiedAddresses.insert(rows.value(0).toString());
            } else if (state == QLatin1String("failed")) {
                ++facts.failed;
                const QString reason = rows.value(2).toString();
                facts.failedWithoutReason += reason.isEmpty() ? 1 : 0;
                ++facts.reasons[reason];
            } else {
                ++facts.unfinished;
            }
        }
        facts.orderVerified = scalar(QStringLiteral("SELECT verified FROM orders WHERE id = ?"));
        facts.quantity = scalar(QStringLiteral("SELECT quantity FROM orders WHERE id = ?"));
        facts.duplicateAddresses = scalar(
            QStringLiteral("SELECT COUNT(*) FROM (SELECT address FROM endpoints WHERE order_id = ?"
                           " GROUP BY address HAVING COUNT(*) > 1)"));
        facts.duplicateUnits = scalar(QStringLiteral(
            "SELECT COUNT(*) FROM (SELECT unique_id FROM endpoints WHERE order_id = ?"
            " AND state = 'verified' GROUP BY unique_id HAVING COUNT(*) > 1)"));
        facts.verifiedEvents =
            scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE event = 'endpoint.verified'"
                                  " AND detail LIKE '%\"order\":\"' || ? || '\"%'"));
        facts.recoveredEvents =
            scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE event = 'endpoint.verified'"
                                  " AND detail LIKE '%\"order\":\"' || ? || '\"%'"
                                  " AND detail LIKE '%\"recovered\":true%'"));
        facts.tokenRepairs = scalar(QStringLiteral(
            "SELECT COUNT(*) FROM audit WHERE event = 'hsm.token-repaired' AND ? IS NOT NULL"));
    }
    QSqlDatabase::removeDatabase(name);
    return facts;
}

/// A key's fingerprint for duplicate checks (the test keeps no key value around).
inline QByteArray fingerprint(std::span<const std::uint8_t> value) {
    return QCryptographicHash::hash(
        QByteArrayView(reinterpret_cast<const char*>(value.data()), qsizetype(value.size())),
        QCryptographicHash::Sha256);
}

struct ArchiveFacts {
    int files = 0;
    int unreadable = 0;
    int duplicateAddresses = 0;
    int duplicateDataKeys = 0; // per-endpoint keys (roles data, dm) found on two endpoints
    QSet<QString> addresses;
    QMap<QString, QString> fileOf; // address -> file
};

/// Every archived (locked) simulated endpoint whose address `belongs`, read from its
/// key-store page.
inline ArchiveFacts readArchive(const QString& directory,
                                const std::function<bool(const QString&)>& belongs = {}) {
    ArchiveFacts facts;
    QSet<QByteArray> perEndpointKeys;
    for (const QFileInfo& info :
         QDir(directory).entryInfoList({QStringLiteral("*.keystore")}, QDir::Files)) {
        ++facts.files;
        QFile file(info.filePath());
        file.open(QIODevice::ReadOnly);
        secure::SecretBytes page(std::size_t(file.size()));
        file.read(reinterpret_cast<char*>(page.data()), qint64(page.size()));
        const std::size_t length = jigs::recordLengthInPage(page.span());
        auto content = length
                           ? jigs::decodeKeyStore(page.span().first(length))
                           : jigs::Result<jigs::KeyStoreContent>(tl::unexpected(jigs::JigError{}));
        if (!content) {
            ++facts.unreadable;
            continue;
        }
        const QString address = provisioning::EndpointAddress::fromBytes(content->address).text();
        if (belongs && !belongs(address)) {
            --facts.files;
            continue;
        }
        facts.duplicateAddresses += facts.addresses.contains(address) ? 1 : 0;
        facts.addresses.insert(address);
        facts.fileOf.insert(address, info.filePath());
        for (const auto& key : content->keys) {
            if (key.role != jigs::KeyRole::Data && key.role != jigs::KeyRole::Dm)
                continue; // MANUF local key and password are fixed by design
            const QByteArray print = fingerprint(key.value);
            facts.duplicateDataKeys += perEndpointKeys.contains(print) ? 1 : 0;
            perEndpointKeys.insert(print);
        }
    }
    return facts;
}

struct ListingFacts {
    bool opened = false;
    QString error;
    QSet<QString> addresses;
    int matched = 0; // endpoints whose every secret equals what the endpoint holds
    int differ = 0;
};

/// Opens the customer listing and compares every secret with the archived endpoint.
inline ListingFacts checkListing(const reports::OpenRequest& request,
                                 const QString& archiveDirectory) {
    ListingFacts facts;
    const ArchiveFacts archive = readArchive(archiveDirectory);
    auto opened = reports::openListing(request, [&](const reports::OpenedEndpoint& endpoint) {
        facts.addresses.insert(endpoint.address);
        bool same = archive.fileOf.contains(endpoint.address);
        if (same) {
            QFile file(archive.fileOf.value(endpoint.address));
            file.open(QIODevice::ReadOnly);
            secure::SecretBytes page(std::size_t(file.size()));
            file.read(reinterpret_cast<char*>(page.data()), qint64(page.size()));
            auto content =
                jigs::decodeKeyStore(page.span().first(jigs::recordLengthInPage(page.span())));
            for (const auto& secret : endpoint.secrets) {
                std::span<const std::uint8_t> held;
                if (secret.role == QLatin1String("password"))
                    held = content->password;
                for (const auto& key : content->keys)
                    if (secret.role != QLatin1String("password") && key.id == secret.id)
                        held = key.value;
                same = same && secure::secretEquals(held, secret.value.span());
            }
        }
        ++(same ? facts.matched : facts.differ);
    });
    facts.opened = bool(opened);
    if (!opened)
        facts.error = opened.error().message();
    return facts;
}

} // namespace kps::test
