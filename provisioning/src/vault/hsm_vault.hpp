#pragma once
// The HSM-backed KeyVault: one PKCS#11 module, one token, one logged-in user. Slot
// threads get their own sessions from a pool.
#include "kps/hsm/key_ops.hpp"
#include "kps/hsm/module.hpp"
#include "kps/hsm/object.hpp"
#include "kps/hsm/session.hpp"
#include "kps/hsm/session_pool.hpp"
#include "kps/hsm/softhsm.hpp"
#include "kps/provisioning/ports/key_vault.hpp"
#include "kps/provisioning/vault_config.hpp"
#include "kps/secure/pin.hpp"

#include <mutex>
#include <optional>

namespace kps::provisioning {

struct MasterCheck {
    QString name;
    QString label;
    QString kcv;
};

class HsmVault final : public KeyVault {
public:
    /// Creates the token (or takes an initialised one, when the configuration names
    /// it by URI), the station identity and the MANUF keys (kps init).
    static Outcome<std::vector<MasterCheck>> initialize(const VaultConfig& config,
                                                        const secure::SecretBytes& soPin,
                                                        const secure::SecretBytes& userPin);
    static Outcome<std::unique_ptr<HsmVault>> open(const VaultConfig& config,
                                                   const secure::SecretBytes& userPin);
    ~HsmVault() override;

    const StationIdentity& identity() const override { return identity_; }
    std::shared_ptr<x509::Signer> signer() override { return signer_; }
    Outcome<std::unique_ptr<VaultSession>> openSession(const OrderKekLabels& keks) override;
    Outcome<std::pair<WrappedKek, WrappedKek>>
    createOrderKeks(const Order& order, const OrderKekLabels& labels) override;
    Outcome<CustodyObject> createOrderFixedKey(const QString& orderId,
                                               const QString& name) override;
    Outcome<std::size_t> objectCount() override;
    Outcome<QStringList> destroyOrderObjects(const QString& orderId) override;
    Outcome<CustodyObject> createStorageKek(const QString& orderId) override;
    Outcome<std::vector<CustodyObject>>
    importMasters(const QString& orderId, const IncomingKek& kek,
                  const std::vector<IncomingMaster>& masters) override;
    Done checkMasters(const QString& orderId, const IncomingKek& kek,
                      const std::vector<IncomingMaster>& masters) override;
    Outcome<std::unique_ptr<KeyListRewrap>> startKeyList(const QString& orderId,
                                                         const IncomingKek& kek) override;
    Outcome<EvalKitKeys> exportEvalKit(const x509::CertificateInfo& recipient,
                                       const secure::SecretBytes& soPin) override;
    Outcome<QStringList> orderObjectsOnToken(const QString& orderId) override;
    Done destroyObjects(const QStringList& labels) override;
    Outcome<WrappedMaster> wrapMasterFor(const QString& masterLabel,
                                         const QString& kekLabel) override;
    Done checkMasterExport(const QString& masterLabel) override;

    hsm::OaepHash oaepHash() const { return oaep_; }
    hsm::SessionPool& sessions() { return *pool_; }

    /// The PKCS#11 mechanisms the station cannot work without.
    static const std::vector<CK_MECHANISM_TYPE>& requiredMechanisms();
    /// SoftHSM token files put back from the station's copy before the module loaded
    /// (see hsm::repairSoftHsmTokens); the station audits them.
    const QStringList& repairedTokens() const { return repaired_; }

private:
    HsmVault(hsm::Module module, hsm::Session session);
    Outcome<WrappedKek> createKek(const Party& recipient, const QString& label,
                                  hsm::SessionObject& guard);
    /// The file's KEK as a session object (unwrap only), its KCV checked.
    Outcome<hsm::SessionObject> unwrapIncomingKek(const hsm::Session& session,
                                                  const IncomingKek& kek, const QString& what);
    Done logInAgain(const QString& what);
    Outcome<hsm::SessionObject> verifyMasters(const QString& orderId, const IncomingKek& kek,
                                              const std::vector<IncomingMaster>& masters,
                                              const QString& what);

    /// One custody operation at a time in this process and, on a SoftHSM token
    /// directory shared by several stations, in all of them (hsm::SoftHsmLock).
    struct TokenHold {
        std::unique_lock<std::mutex> thread;
        std::optional<hsm::SoftHsmLock> processes;
    };
    Outcome<TokenHold> holdToken(const QString& what);

    std::string softHsmDirectory_;               // empty: not SoftHSM
    std::optional<hsm::SoftHsmLock> finalising_; // held while the module logs out, finalises
    hsm::Module module_;
    hsm::Session session_;
    std::optional<hsm::SessionPool> pool_;
    hsm::OaepHash oaep_ = hsm::OaepHash::Sha1;
    StationIdentity identity_;
    std::shared_ptr<x509::Signer> signer_;
    std::string tokenName_;
    secure::SecretBytes userPin_; // locked memory; to log in again after a security-officer step
    std::mutex custody_;          // one custody operation (import, destruction, kit) at a time
    QStringList repaired_;
};

/// Converts an hsm error into a provisioning error (kind Device).
Error deviceError(const hsm::HsmError& error, const QString& what);
/// A PIN that could not be read or written, as a provisioning error (kind Device).
Error deviceError(const secure::PinError& error, const QString& what);
QString kcvText(const hsm::Kcv& kcv);

} // namespace kps::provisioning
