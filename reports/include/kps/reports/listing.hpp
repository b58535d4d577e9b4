#pragma once
// kps-listing/1 (docs/formats.md) as values: the header and the entries.
#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <optional>
#include <vector>

namespace kps::reports {

enum class Purpose { CustomerListing, DmBatch, Masters, KeyList, EvalKit };
QString purposeName(Purpose purpose);
std::optional<Purpose> purposeFrom(const QString& name);

struct PartyRef {
    QString subject;
    QString certificateSha256;
};

struct KekBlock {
    QString wrap;       // rsa-oaep-sha256 / rsa-oaep-sha1
    QByteArray wrapped; // raw RSA-OAEP output
    QString kcv;
};

struct BatchFacts {
    QString station;
    QString profile;
    QString keySource;
    qint64 count = 0;
};

struct MasterEntry {
    QString name;
    int length = 16;
    QByteArray wrapped;
    QString kcv;
};

struct KeyEntry {
    int id = 0;
    QString role;
    int version = 1;
    QByteArray wrapped;
    QString kcv;
};

struct EndpointEntry {
    QString address;
    std::vector<KeyEntry> keys;
    QByteArray passwordWrapped; // empty: no password
};

struct ListingHeader {
    Purpose purpose = Purpose::CustomerListing;
    QString order;
    QDateTime created;
    PartyRef sender;
    PartyRef recipient;
    KekBlock kek;
    std::optional<BatchFacts> batch;
    std::vector<MasterEntry> masters;
    bool hasEndpoints = true;
};

} // namespace kps::reports
