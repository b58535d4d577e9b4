#include "hsm_vault.hpp"

#include "key_policies.hpp"
#include "kps/hsm/certificates.hpp"
#include "kps/hsm/key_ops.hpp"
#include "kps/hsm/object.hpp"
#include "kps/hsm/softhsm.hpp"
#include "kps/hsm/token.hpp"
#include "kps/hsm/token_signer.hpp"
#include "labels.hpp"
#include "token_keys.hpp"
#include "vault_open.hpp"

#include <QDir>

namespace kps::provisioning {

Error deviceError(const hsm::HsmError& error, const QString& what) {
    return Error{ErrorKind::Device, what, QString::fromStdString(error.object),
                 QString::fromStdString(hsm::ckrName(error.rv) + " in " + error.call),
                 QString::fromStdString(error.hint)};
}

Error deviceError(const secure::PinError& error, const QString& what) {
    return Error{ErrorKind::Device, what, QString::fromStdString(error.source),
                 QString::fromStdString(error.what + " failed"),
                 QString::fromStdString(error.reason)};
}

QString kcvText(const hsm::Kcv& kcv) {
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(kcv.data()), 3).toHex());
}

namespace {

/// SHA-256 OAEP where the module takes it, else SHA-1 (SoftHSM 2.6.1); tried once at open.
hsm::OaepHash detectOaep(const hsm::Session& session) {
    auto importKey = hsm::findByLabel(session, CKO_PUBLIC_KEY, labels::kImportKey);
    if (!importKey)
        return hsm::OaepHash::Sha1;
    auto probe = policy::transportKey();
    probe.label = "OAEP probe";
    probe.extractable = true;
    auto attributes = hsm::keyTemplate(probe, hsm::Creation::Generate);
    auto key = hsm::generateKey(session, CKM_AES_KEY_GEN, attributes, "OAEP probe");
    if (!key)
        return hsm::OaepHash::Sha1;
    hsm::SessionObject guard(session, *key);
    return hsm::wrapOaep(session, hsm::OaepHash::Sha256, *importKey, *key, "OAEP probe")
               ? hsm::OaepHash::Sha256
               : hsm::OaepHash::Sha1;
}

Outcome<x509::CertificateInfo> readPublicCertificate(const VaultConfig& config, const char* name) {
    const QString path =
        QDir(config.publicDirectory).filePath(QString::fromLatin1(name) + QStringLiteral(".crt"));
    auto certificate = x509::readCertificateFile(path.toStdString());
    if (!certificate)
        return failure(ErrorKind::Device, QStringLiteral("open station identity"),
                       QString::fromStdString(certificate.error().object),
                       QString::fromStdString(certificate.error().reason),
                       QStringLiteral("The station's public certificates are made by kps init"));
    return *certificate;
}

} // namespace

const std::vector<CK_MECHANISM_TYPE>& HsmVault::requiredMechanisms() {
    static const std::vector<CK_MECHANISM_TYPE> mechanisms = {
        CKM_AES_KEY_GEN,          CKM_AES_KEY_WRAP_PAD, CKM_AES_CMAC,
        CKM_AES_ECB_ENCRYPT_DATA, CKM_RSA_PKCS_OAEP,    CKM_ECDSA};
    return mechanisms;
}

HsmVault::HsmVault(hsm::Module module, hsm::Session session)
    : module_(std::move(module))
    , session_(std::move(session)) {}

HsmVault::~HsmVault() {
    if (!finalising_ && !softHsmDirectory_.empty()) // logging out may rewrite token files
        if (auto lock = hsm::SoftHsmLock::acquire(softHsmDirectory_))
            finalising_ = std::move(*lock);
    signer_.reset();
    pool_.reset(); // sessions close before the module is finalised
}

Outcome<HsmVault::TokenHold> HsmVault::holdToken(const QString& what) {
    TokenHold hold{std::unique_lock(custody_), std::nullopt};
    if (softHsmDirectory_.empty())
        return hold;
    auto lock = hsm::SoftHsmLock::acquire(softHsmDirectory_);
    if (!lock)
        return tl::unexpected(deviceError(lock.error(), what));
    hold.processes = std::move(*lock);
    return hold;
}

Outcome<std::unique_ptr<HsmVault>> HsmVault::open(const VaultConfig& config,
                                                  const secure::SecretBytes& userPin) {
    const QString what = QStringLiteral("open HSM");
    std::optional<hsm::SoftHsmLock> opening; // other stations on the token wait meanwhile
    if (!config.softHsmDirectory.isEmpty()) {
        auto lock = hsm::SoftHsmLock::acquire(config.softHsmDirectory.toStdString());
        if (!lock)
            return tl::unexpected(deviceError(lock.error(), what));
        opening = std::move(*lock);
    }
    KPS_TRY_LET(opened, openToken(config, userPin, what));
    std::unique_ptr<HsmVault> vault(
        new HsmVault(std::move(opened.module), std::move(opened.session)));
    vault->tokenName_ = opened.tokenName.toStdString();
    vault->softHsmDirectory_ = config.softHsmDirectory.toStdString();
    vault->finalising_ = std::move(opening); // until open ends, or while a failed one closes
    vault->repaired_ = opened.repairedTokens;
    vault->userPin_ = secure::SecretBytes::copyOf(userPin.span());
    KPS_TRY(checkMechanisms(vault->module_, vault->session_.slot(), what));
    auto signing = readPublicCertificate(config, labels::kSigningKey);
    auto import = readPublicCertificate(config, labels::kImportKey);
    if (!signing || !import)
        return tl::unexpected(signing ? import.error() : signing.error());
    auto signer = hsm::TokenSigner::open(vault->module_, vault->session_.slot(),
                                         labels::kSigningKey, *signing);
    if (!signer)
        return tl::unexpected(deviceError(signer.error(), what));
    vault->signer_ = std::move(*signer);
    vault->pool_.emplace(vault->module_, vault->session_.slot());
    vault->oaep_ = detectOaep(vault->session_);
    auto info = vault->module_.tokenInfo(vault->session_.slot());
    const QString serial =
        info ? QString::fromStdString(hsm::trimPadded(info->serialNumber, 16)) : QString();
    vault->identity_ = {config.stationName, *signing, *import,
                        QStringLiteral("%1 (%2), token %3, serial %4")
                            .arg(QString::fromStdString(vault->module_.description()),
                                 config.modulePath, opened.tokenName, serial)};
    vault->finalising_.reset(); // other stations may take the token now
    return vault;
}

Outcome<WrappedKek> HsmVault::createKek(const Party& recipient, const QString& label,
                                        hsm::SessionObject& guard) {
    const QString what = QStringLiteral("create order key-encryption key");
    const std::string name = label.toStdString();
    hsm::Attributes filter;
    filter.text(CKA_LABEL, name);
    if (auto existing = hsm::findObjects(session_, filter, name); !existing || !existing->empty())
        return failure(ErrorKind::Refused, what, label,
                       QStringLiteral("the token already holds an object with this label"),
                       QStringLiteral("An order id is used once"));
    auto atRest = policy::orderKek(name);
    auto creation = atRest.allowing(hsm::KeyUse::Sign);
    creation.extractable = true; // once, to its recipient
    auto attributes = hsm::keyTemplate(creation, hsm::Creation::Generate);
    auto kek = hsm::generateKey(session_, CKM_AES_KEY_GEN, attributes, name);
    if (!kek)
        return tl::unexpected(deviceError(kek.error(), what));
    guard = hsm::SessionObject(session_, *kek);
    auto kcv = hsm::kcvOf(session_, *kek, name);
    auto recipientKey =
        hsm::importRsaPublicKey(session_, recipient.certificate.der, recipient.name.toStdString());
    if (!kcv || !recipientKey)
        return tl::unexpected(deviceError(kcv ? recipientKey.error() : kcv.error(), what));
    auto wrapped = hsm::wrapOaep(session_, oaep_, recipientKey->handle(), *kek, name);
    if (!wrapped)
        return tl::unexpected(deviceError(wrapped.error(), what));
    for (auto attribute : {CKA_SIGN, CKA_EXTRACTABLE})
        if (auto locked = hsm::setFlag(session_, *kek, attribute, false, name); !locked)
            return tl::unexpected(deviceError(locked.error(), what));
    if (auto kept = hsm::enforcePolicy(session_, *kek, atRest); !kept)
        return tl::unexpected(deviceError(kept.error(), what));
    return WrappedKek{bytesOf(*wrapped), QString::fromStdString(hsm::oaepName(oaep_)),
                      kcvText(*kcv)};
}

Outcome<std::pair<WrappedKek, WrappedKek>> HsmVault::createOrderKeks(const Order& order,
                                                                     const OrderKekLabels& labels) {
    KPS_TRY(holdToken(QStringLiteral("take the HSM token")));
    hsm::SessionObject customerGuard, headendGuard;
    KPS_TRY_LET(customer, createKek(order.customer, labels.customer, customerGuard));
    KPS_TRY_LET(headend, createKek(order.headend, labels.headend, headendGuard));
    customerGuard.release(); // both exist: keep them
    headendGuard.release();
    return std::make_pair(customer, headend);
}

Outcome<CustodyObject> HsmVault::createOrderFixedKey(const QString& orderId, const QString& name) {
    KPS_TRY(holdToken(QStringLiteral("take the HSM token")));
    const QString label = labels::orderObject(orderId, name);
    KPS_TRY_LET(made, generateWithKcv(session_, policy::fixedKey(label.toStdString()),
                                      QStringLiteral("create order key")));
    return CustodyObject{label, CustodyKind::Master, made.kcv, QDateTime::currentDateTimeUtc(), {}};
}

Outcome<std::size_t> HsmVault::objectCount() {
    auto count = hsm::countObjects(session_);
    if (!count)
        return tl::unexpected(deviceError(count.error(), QStringLiteral("count token objects")));
    return *count;
}

QString orderObjectLabel(const QString& orderId, const QString& name) {
    return labels::orderObject(orderId, name);
}

OrderKekLabels kekLabelsFor(const QString& orderId) {
    return {labels::orderObject(orderId, QStringLiteral("customer-kek")),
            labels::orderObject(orderId, QStringLiteral("headend-kek")),
            labels::orderObject(orderId, QStringLiteral("storage-kek"))};
}

} // namespace kps::provisioning
