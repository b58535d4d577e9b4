#pragma once
// The HSM-backed KeyVault: one PKCS#11 module, one token, one logged-in user.
#include "kps/hsm/module.hpp"
#include "kps/hsm/session.hpp"
#include "kps/provisioning/ports/key_vault.hpp"
#include "kps/provisioning/vault_config.hpp"

#include <optional>

namespace kps::provisioning {

struct MasterCheck {
    QString name;
    QString label;
    QString kcv;
};

class HsmVault final : public KeyVault {
public:
    /// Creates the token, the station identity and the MANUF keys (kps init).
    static Outcome<std::vector<MasterCheck>> initialize(const VaultConfig& config,
                                                        const hsm::SecretBytes& soPin,
                                                        const hsm::SecretBytes& userPin);
    static Outcome<std::unique_ptr<HsmVault>> open(const VaultConfig& config,
                                                   const hsm::SecretBytes& userPin);
    ~HsmVault() override;

    const StationIdentity& identity() const override { return identity_; }
    std::shared_ptr<hsm::Signer> signer() override { return signer_; }
    Outcome<std::unique_ptr<VaultSession>> openSession(const OrderKekLabels& keks) override;
    Outcome<std::pair<WrappedKek, WrappedKek>>
    createOrderKeks(const Order& order, const OrderKekLabels& labels) override;
    Outcome<std::size_t> objectCount() override;
    Outcome<QStringList> destroyOrderObjects(const QString& orderId) override;

    hsm::OaepHash oaepHash() const { return oaep_; }

private:
    HsmVault(hsm::Module module, hsm::Session session);
    Outcome<WrappedKek> createKek(const Party& recipient, const QString& label,
                                  hsm::SessionObject& guard);

    hsm::Module module_;
    hsm::Session session_;
    hsm::OaepHash oaep_ = hsm::OaepHash::Sha1;
    StationIdentity identity_;
    std::shared_ptr<hsm::Signer> signer_;
};

/// Converts an hsm error into a provisioning error (kind Device).
Error deviceError(const hsm::HsmError& error, const QString& what);
QString kcvText(const hsm::Kcv& kcv);

} // namespace kps::provisioning
