#pragma once
// The store's key custody (store_custody.cpp): token objects by label and KCV, imports,
// listed secrets (wrapped under the order's storage KEK), destructions.
#include "kps/provisioning/custody.hpp"
#include "kps/provisioning/records.hpp"

namespace kps::provisioning {

class Store;

class StoreCustody {
public:
    explicit StoreCustody(Store& store)
        : store_(store) {}
    Done recordObject(const QString& orderId, const CustodyObject& object, const QString& by);
    Outcome<std::vector<CustodyObject>> objects(const QString& orderId);
    Done markDestroyed(const QString& orderId, const QDateTime& at);
    Done recordImport(const KeyImportSummary& summary, const DualControl& custodians,
                      const QDateTime& at);
    /// How many files of this purpose were imported for the order.
    Outcome<qint64> importCount(const QString& orderId, const QString& purpose);
    Outcome<bool> imported(const QString& orderId, const QString& purpose,
                           const QString& fileSha256);
    Done insertListedSecrets(const QString& orderId, const QString& address,
                             const std::vector<SecretRow>& secrets);
    Outcome<std::vector<SecretRow>> listedSecrets(const QString& orderId, const QString& address);
    Outcome<QStringList> listedAddresses(const QString& orderId);
    Done recordDestruction(const DestructionRecord& record, const QString& file,
                           const QString& sha256);
    /// The order's destruction (time, file, SHA-256), if its keys were destroyed.
    Outcome<std::optional<QJsonObject>> destruction(const QString& orderId);

private:
    Store& store_;
};

} // namespace kps::provisioning
