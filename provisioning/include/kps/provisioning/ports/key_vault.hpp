#pragma once
// What provisioning asks of the HSM. The HSM-backed implementation is in
// src/vault/; tests may substitute a faulty one for fault injection.
#include "kps/provisioning/custody.hpp"
#include "kps/provisioning/records.hpp"
#include "kps/secure/secret_bytes.hpp"
#include "kps/x509/signer.hpp"

#include <array>
#include <functional>
#include <memory>
#include <optional>

namespace kps::provisioning {

enum class SecretOrigin {
    Derived, // KDF-1 from a master key on the token
    Fixed,   // the same token key for every endpoint (MANUF local key and password)
    Random,  // generated in the HSM for this endpoint
    Listed,  // from the customer's key list (stored wrapped under the order's storage KEK)
};

/// How to make one secret of one endpoint.
struct SecretRecipe {
    std::uint8_t id = 0;
    std::uint8_t version = 1;
    SecretRole role;
    SecretOrigin origin = SecretOrigin::Derived;
    QString keyLabel; // the master (Derived) or the fixed key (Fixed)
    bool toHeadend = false;
    std::optional<PasswordRule> passwordRule; // the password's recipe only (for remake)
};

/// A made secret: its stored row (KCV, wrapped forms) and its value for injection.
struct MadeSecret {
    SecretRow row;
    secure::SecretBytes plain;
};

struct OrderKekLabels {
    QString customer;
    QString headend;
    QString storage; // random and customer-list orders; may be absent on the token
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
    /// Makes the same secret again from its stored row (a retry, a recovery, or a
    /// customer's listed secret): derived and fixed secrets are derived again;
    /// random and listed ones are unwrapped from their storage copy and checked
    /// against the row's KCV. Rows lacking customer/head-end forms get them.
    virtual Outcome<MadeSecret> remake(const SecretRecipe& recipe, const SecretRow& stored,
                                       const Address8& address) = 0;
};

/// A kps-listing/1 file's KEK (wrapped to the station's import key) as it came in.
struct IncomingKek {
    QString wrap; // rsa-oaep-sha256 / rsa-oaep-sha1
    QByteArray wrapped;
    QString kcv;
};

struct IncomingMaster {
    QString name; // DATA_MASTER, DM_MASTER, LOCAL_MASTER, PASSWORD_MASTER, ...
    int length = 16;
    QByteArray wrapped;
    QString kcv;
};

/// One secret of one endpoint of a customer's key list; a password has no KCV.
struct IncomingSecret {
    std::uint8_t id = 0;
    SecretRole role;
    std::uint8_t version = 1;
    QByteArray wrapped;
    QString kcv;
};

struct IncomingEndpoint {
    QString address;
    std::vector<IncomingSecret> secrets;
};

/// Re-wraps a key list, endpoint by endpoint, from the file's KEK to the order's
/// storage KEK. The token does not grow with the list: every intermediate object is
/// a session object destroyed before rewrap() returns.
class KeyListRewrap {
public:
    virtual ~KeyListRewrap() = default;
    /// Rows with kcv and storageWrapped; fails on a KCV that does not match.
    virtual Outcome<std::vector<SecretRow>> rewrap(const IncomingEndpoint& endpoint) = 0;
};

/// An evaluation kit: the file KEK wrapped to the recipient, and the MANUF masters
/// (and fixed keys) wrapped under it.
struct EvalKitKeys {
    WrappedKek kek;
    std::vector<IncomingMaster> masters; // name, length, wrapped, kcv
};

struct StationIdentity {
    QString name;
    x509::CertificateInfo signing;
    x509::CertificateInfo import;
    QString hsmDescription; // module, token label, serial
};

/// A master key wrapped for a recipient that derives the endpoint keys itself.
struct WrappedMaster {
    QString name; // as it appears in a listing ("DM_MASTER", "MANUF_DM_MASTER")
    int length = 16;
    QByteArray wrapped; // AES-KWP (RFC 5649) under the KEK
};

class KeyVault {
public:
    virtual ~KeyVault() = default;
    virtual const StationIdentity& identity() const = 0;
    virtual std::shared_ptr<x509::Signer> signer() = 0;
    virtual Outcome<std::unique_ptr<VaultSession>> openSession(const OrderKekLabels& keks) = 0;
    /// Fresh AES-256 KEKs for the order, each wrapped to its recipient's certificate.
    virtual Outcome<std::pair<WrappedKek, WrappedKek>>
    createOrderKeks(const Order& order, const OrderKekLabels& labels) = 0;
    /// A fixed AES-128 key of the order on the token ("order:ID:NAME"), the same for
    /// every endpoint of the order (a random order's fleet key); returned as its custody
    /// record (kind master, KCV). It is destroyed with the order's other objects.
    virtual Outcome<CustodyObject> createOrderFixedKey(const QString& orderId,
                                                       const QString& name) = 0;
    /// Objects the station's session can see on the token.
    virtual Outcome<std::size_t> objectCount() = 0;
    /// Destroys every token object of the order (KEKs, customer masters and lists),
    /// then searches the token to confirm none is left. Returns the destroyed labels.
    virtual Outcome<QStringList> destroyOrderObjects(const QString& orderId) = 0;

    /// The order's storage KEK (random and customer-list orders), with its KCV.
    virtual Outcome<CustodyObject> createStorageKek(const QString& orderId) = 0;
    /// Unwraps the file's KEK with the station import key, then each master into a
    /// token object `order:ORDER:NAME` (customer-master policy), checking every KCV
    /// first: all or nothing, the token is unchanged on any failure.
    virtual Outcome<std::vector<CustodyObject>>
    importMasters(const QString& orderId, const IncomingKek& kek,
                  const std::vector<IncomingMaster>& masters) = 0;
    /// What importMasters checks before it touches the token (labels free, KEK and
    /// every master unwrapped into session objects, KCVs compared), and nothing more.
    virtual Done checkMasters(const QString& orderId, const IncomingKek& kek,
                              const std::vector<IncomingMaster>& masters) = 0;
    /// Starts re-wrapping a key list of the order (its storage KEK must exist).
    virtual Outcome<std::unique_ptr<KeyListRewrap>> startKeyList(const QString& orderId,
                                                                 const IncomingKek& kek) = 0;
    /// The MANUF masters and fixed keys for an evaluation customer. Only a trusted
    /// key may wrap the masters, and only the security officer can make one, so the
    /// SO PIN is needed; the user session is logged in again afterwards.
    virtual Outcome<EvalKitKeys> exportEvalKit(const x509::CertificateInfo& recipient,
                                               const secure::SecretBytes& soPin) = 0;
    /// Labels of the order's objects still on the token (a search, not the store).
    virtual Outcome<QStringList> orderObjectsOnToken(const QString& orderId) = 0;
    /// Destroys these token objects (undoing an import whose recording failed).
    virtual Done destroyObjects(const QStringList& labels) = 0;
    /// Wraps a master key under one of the order's KEKs (the head-end DM batch when
    /// headend.dm is "master"). Refused where the master's key policy does not let it
    /// leave under that KEK (docs/key-policy.md); vaults that cannot do it refuse.
    virtual Outcome<WrappedMaster> wrapMasterFor(const QString& masterLabel,
                                                 const QString& kekLabel);
    /// Whether that master could leave under an order's (untrusted) head-end KEK: asks
    /// the token object, or, for a customer master not yet imported, its policy.
    /// Refused (kind Refused, saying why) when it could not.
    virtual Done checkMasterExport(const QString& masterLabel);
};

OrderKekLabels kekLabelsFor(const QString& orderId);
/// The token label of an order's object ("order:PO-1:FLEET_KEY").
QString orderObjectLabel(const QString& orderId, const QString& name);

} // namespace kps::provisioning
