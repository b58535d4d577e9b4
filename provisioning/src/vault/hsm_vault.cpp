#include "hsm_vault.hpp"

#include "key_policies.hpp"
#include "kps/hsm/certificates.hpp"
#include "kps/hsm/key_ops.hpp"
#include "kps/hsm/object.hpp"
#include "kps/hsm/softhsm.hpp"
#include "kps/hsm/token.hpp"
#include "labels.hpp"

#include <QDir>

namespace kps::provisioning {

Error deviceError(const hsm::HsmError& error, const QString& what) {
    return Error{ErrorKind::Device, what, QString::fromStdString(error.object),
                 QString::fromStdString(hsm::ckrName(error.rv) + " in " + error.call),
                 QString::fromStdString(error.hint)};
}

QString kcvText(const hsm::Kcv& kcv) {
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(kcv.data()), 3).toHex());
}

namespace {

QByteArray bytesOf(const std::vector<std::uint8_t>& v) {
    return QByteArray(reinterpret_cast<const char*>(v.data()), qsizetype(v.size()));
}

/// SHA-256 OAEP where the module takes it, else SHA-1 (SoftHSM 2.6.1); tried once at open.
hsm::OaepHash detectOaep(const hsm::Session& session) {
    auto importKey = hsm::findByLabel(session, CKO_PUBLIC_KEY, labels::kImportKey);
    if (!importKey)
        return hsm::OaepHash::Sha1;
    hsm::Attributes probe;
    probe.number(CKA_CLASS, CKO_SECRET_KEY)
        .number(CKA_KEY_TYPE, CKK_AES)
        .number(CKA_VALUE_LEN, 32)
        .flag(CKA_TOKEN, false)
        .flag(CKA_EXTRACTABLE, true)
        .flag(CKA_SENSITIVE, true);
    auto key = hsm::generateKey(session, CKM_AES_KEY_GEN, probe, "OAEP probe");
    if (!key)
        return hsm::OaepHash::Sha1;
    hsm::SessionObject guard(session, *key);
    return hsm::wrapOaep(session, hsm::OaepHash::Sha256, *importKey, *key, "OAEP probe")
               ? hsm::OaepHash::Sha256
               : hsm::OaepHash::Sha1;
}

Outcome<hsm::CertificateInfo> readPublicCertificate(const VaultConfig& config, const char* name) {
    const QString path =
        QDir(config.publicDirectory).filePath(QString::fromLatin1(name) + QStringLiteral(".crt"));
    auto certificate = hsm::readCertificateFile(path.toStdString());
    if (!certificate)
        return tl::unexpected(
            deviceError(certificate.error(), QStringLiteral("open station identity")));
    return *certificate;
}

} // namespace

HsmVault::HsmVault(hsm::Module module, hsm::Session session)
    : module_(std::move(module))
    , session_(std::move(session)) {}

HsmVault::~HsmVault() = default;

Outcome<std::unique_ptr<HsmVault>> HsmVault::open(const VaultConfig& config,
                                                  const hsm::SecretBytes& userPin) {
    const QString what = QStringLiteral("open HSM");
    if (!config.softHsmDirectory.isEmpty())
        if (auto ready = hsm::useSoftHsmIn(config.softHsmDirectory.toStdString()); !ready)
            return tl::unexpected(deviceError(ready.error(), what));
    auto module = hsm::Module::load(config.modulePath.toStdString());
    if (!module)
        return tl::unexpected(deviceError(module.error(), what));
    auto session = hsm::openUserSession(*module, config.tokenLabel.toStdString(), userPin);
    if (!session)
        return tl::unexpected(deviceError(session.error(), what));
    std::unique_ptr<HsmVault> vault(new HsmVault(std::move(*module), std::move(*session)));
    auto signing = readPublicCertificate(config, labels::kSigningKey);
    auto import = readPublicCertificate(config, labels::kImportKey);
    if (!signing || !import)
        return tl::unexpected(signing ? import.error() : signing.error());
    auto signer = hsm::TokenSigner::open(vault->module_, vault->session_.slot(),
                                         labels::kSigningKey, *signing);
    if (!signer)
        return tl::unexpected(deviceError(signer.error(), what));
    vault->signer_ = std::move(*signer);
    vault->oaep_ = detectOaep(vault->session_);
    auto info = vault->module_.tokenInfo(vault->session_.slot());
    const QString serial =
        info ? QString::fromStdString(hsm::trimPadded(info->serialNumber, 16)) : QString();
    vault->identity_ = {config.stationName, *signing, *import,
                        QStringLiteral("%1, token %2, serial %3")
                            .arg(config.modulePath, config.tokenLabel, serial)};
    return vault;
}

Outcome<WrappedKek> HsmVault::createKek(const Party& recipient, const QString& label,
                                        hsm::SessionObject& guard) {
    const QString what = QStringLiteral("create order key-encryption key");
    const std::string name = label.toStdString();
    hsm::Attributes filter;
    filter.text(CKA_LABEL, name);
    if (auto existing = hsm::findObjects(session_, filter); !existing || !existing->empty())
        return failure(ErrorKind::Refused, what, label,
                       QStringLiteral("the token already holds an object with this label"),
                       QStringLiteral("An order id is used once"));
    auto policy = policy::orderKek(name);
    auto kek = hsm::generateKey(session_, CKM_AES_KEY_GEN, policy, name);
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
        if (auto locked = hsm::setFlag(session_, *kek, attribute, false); !locked)
            return tl::unexpected(deviceError(locked.error(), what));
    return WrappedKek{bytesOf(*wrapped), QString::fromStdString(hsm::oaepName(oaep_)),
                      kcvText(*kcv)};
}

Outcome<std::pair<WrappedKek, WrappedKek>> HsmVault::createOrderKeks(const Order& order,
                                                                     const OrderKekLabels& labels) {
    hsm::SessionObject customerGuard, headendGuard;
    auto customer = createKek(order.customer, labels.customer, customerGuard);
    if (!customer)
        return tl::unexpected(customer.error());
    auto headend = createKek(order.headend, labels.headend, headendGuard);
    if (!headend)
        return tl::unexpected(headend.error());
    customerGuard.release(); // both exist: keep them
    headendGuard.release();
    return std::make_pair(*customer, *headend);
}

Outcome<std::size_t> HsmVault::objectCount() {
    auto count = hsm::countObjects(session_);
    if (!count)
        return tl::unexpected(deviceError(count.error(), QStringLiteral("count token objects")));
    return *count;
}

namespace {

/// Handles and labels of the token objects whose label starts with the prefix.
Outcome<std::vector<std::pair<CK_OBJECT_HANDLE, QString>>>
objectsWithPrefix(const hsm::Session& session, const QString& prefix) {
    hsm::Attributes tokenObjects;
    tokenObjects.flag(CKA_TOKEN, true);
    auto all = hsm::findObjects(session, tokenObjects);
    if (!all)
        return tl::unexpected(deviceError(all.error(), QStringLiteral("search token")));
    std::vector<std::pair<CK_OBJECT_HANDLE, QString>> found;
    for (CK_OBJECT_HANDLE handle : *all) {
        auto label = hsm::readLabel(session, handle);
        if (label && QString::fromStdString(*label).startsWith(prefix))
            found.emplace_back(handle, QString::fromStdString(*label));
    }
    return found;
}

} // namespace

Outcome<QStringList> HsmVault::destroyOrderObjects(const QString& orderId) {
    const QString what = QStringLiteral("destroy order keys");
    const QString prefix = labels::orderObject(orderId, {});
    auto objects = objectsWithPrefix(session_, prefix);
    if (!objects)
        return tl::unexpected(objects.error());
    QStringList destroyed;
    for (const auto& [handle, label] : *objects) {
        if (auto done = hsm::destroyObject(session_, handle, label.toStdString()); !done)
            return tl::unexpected(deviceError(done.error(), what));
        destroyed << label;
    }
    auto left = objectsWithPrefix(session_, prefix);
    if (!left)
        return tl::unexpected(left.error());
    if (!left->empty())
        return failure(
            ErrorKind::Device, what, orderId,
            QStringLiteral("%1 objects are still on the token after destruction").arg(left->size()),
            QStringLiteral("Call the key custodians: the token must be inspected"));
    return destroyed;
}

OrderKekLabels kekLabelsFor(const QString& orderId) {
    return {labels::orderObject(orderId, QStringLiteral("customer-kek")),
            labels::orderObject(orderId, QStringLiteral("headend-kek"))};
}

} // namespace kps::provisioning
