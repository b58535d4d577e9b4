#pragma once
// What provisioning asks of the HSM. The HSM-backed implementation is in
// src/vault/; tests may substitute a faulty one for fault injection.
#include "kps/hsm/secret_bytes.hpp"
#include "kps/hsm/signer.hpp"
#include "kps/provisioning/records.hpp"

#include <array>
#include <memory>

namespace kps::provisioning {

enum class SecretOrigin {
    Derived, // KDF-1 from a master key on the token
    Fixed,   // the same token key for every endpoint (MANUF local key and password)
    Random,  // generated in the HSM for this endpoint
};

/// How to make one secret of one endpoint.
struct SecretRecipe {
    std::uint8_t id = 0;
    std::uint8_t version = 1;
    QString role; // data, dm, local, fleet, password
    SecretOrigin origin = SecretOrigin::Derived;
    QString keyLabel; // the master (Derived) or the fixed key (Fixed)
    bool toHeadend = false;
};

/// A made secret: its stored row (KCV, wrapped forms) and its value for injection.
struct MadeSecret {
    SecretRow row;
    hsm::SecretBytes plain;
};

struct OrderKekLabels {
    QString customer;
    QString headend;
};

using Address8 = std::array<std::uint8_t, 8>;

/// One HSM session, for one slot thread.
class VaultSession {
public:
    virtual ~VaultSession() = default;
    virtual Outcome<MadeSecret> makeKey(const SecretRecipe& recipe, const Address8& address) = 0;
    /// The password's 16-byte seed is made like a key; the characters come from
    /// the rule; the customer receives them wrapped as a generic secret.
    virtual Outcome<MadeSecret> makePassword(const SecretRecipe& recipe, const PasswordRule& rule,
                                             const Address8& address) = 0;
};

struct StationIdentity {
    QString name;
    hsm::CertificateInfo signing;
    hsm::CertificateInfo import;
    QString hsmDescription; // module, token label, serial
};

class KeyVault {
public:
    virtual ~KeyVault() = default;
    virtual const StationIdentity& identity() const = 0;
    virtual std::shared_ptr<hsm::Signer> signer() = 0;
    virtual Outcome<std::unique_ptr<VaultSession>> openSession(const OrderKekLabels& keks) = 0;
    /// Fresh AES-256 KEKs for the order, each wrapped to its recipient's certificate.
    virtual Outcome<std::pair<WrappedKek, WrappedKek>>
    createOrderKeks(const Order& order, const OrderKekLabels& labels) = 0;
    /// Objects the station's session can see on the token.
    virtual Outcome<std::size_t> objectCount() = 0;
    /// Destroys every token object of the order (KEKs, customer masters and lists),
    /// then searches the token to confirm none is left. Returns the destroyed labels.
    virtual Outcome<QStringList> destroyOrderObjects(const QString& orderId) = 0;
};

OrderKekLabels kekLabelsFor(const QString& orderId);

} // namespace kps::provisioning
