#include "token_keys.hpp"

#include "hsm_vault.hpp"
#include "incoming_keys.hpp"

namespace kps::provisioning {
namespace {
const QString kDamaged =
    QStringLiteral("The wrapped key is damaged or wrapped under another key: ask for a new file");
} // namespace

std::span<const std::uint8_t> bytesSpan(const QByteArray& bytes) {
    return {reinterpret_cast<const std::uint8_t*>(bytes.constData()),
            static_cast<std::size_t>(bytes.size())};
}

QByteArray bytesOf(const std::vector<std::uint8_t>& bytes) {
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()));
}

Outcome<KeyWithKcv> generateWithKcv(const hsm::Session& session, const hsm::SecretKeyPolicy& policy,
                                    const QString& what) {
    auto attributes = hsm::keyTemplate(policy.allowing(hsm::KeyUse::Sign), hsm::Creation::Generate);
    auto key = hsm::generateKey(session, CKM_AES_KEY_GEN, attributes, policy.label);
    if (!key)
        return tl::unexpected(deviceError(key.error(), what));
    hsm::SessionObject guard(session, *key); // destroys a token object too, until released
    auto kcv = hsm::kcvOf(session, *key, policy.label);
    if (!kcv)
        return tl::unexpected(deviceError(kcv.error(), what));
    if (!policy.uses.has(hsm::KeyUse::Sign))
        if (auto locked = hsm::setFlag(session, *key, CKA_SIGN, false, policy.label); !locked)
            return tl::unexpected(deviceError(locked.error(), what));
    if (auto kept = hsm::enforcePolicy(session, *key, policy); !kept)
        return tl::unexpected(deviceError(kept.error(), what));
    return KeyWithKcv{guard.release(), kcvText(*kcv)};
}

Outcome<hsm::SessionObject> unwrapChecked(const hsm::Session& session, CK_OBJECT_HANDLE kek,
                                          const QByteArray& wrapped,
                                          const hsm::SecretKeyPolicy& policy,
                                          const QString& expectedKcv, const QString& what) {
    auto sessionPolicy = policy;
    sessionPolicy.lifetime = hsm::Lifetime::Session;
    sessionPolicy.modifiable = true;
    sessionPolicy.uses = sessionPolicy.uses.with(hsm::KeyUse::Sign);
    auto attributes = hsm::keyTemplate(sessionPolicy, hsm::Creation::Unwrap);
    auto key = hsm::unwrapKwp(session, kek, bytesSpan(wrapped), attributes, policy.label);
    if (!key)
        return tl::unexpected(
            incomingError(key.error(), what, QString::fromStdString(policy.label), kDamaged));
    hsm::SessionObject object(session, *key);
    auto kcv = hsm::kcvOf(session, *key, policy.label);
    if (!kcv)
        return tl::unexpected(deviceError(kcv.error(), what));
    if (kcvText(*kcv) != expectedKcv)
        return failure(ErrorKind::BadInput, what, QString::fromStdString(policy.label),
                       QStringLiteral("the key check value is %1, the file says %2")
                           .arg(kcvText(*kcv), expectedKcv),
                       QStringLiteral("The file was wrapped under another key or damaged: ask "
                                      "the customer for a new file"));
    return object;
}

Outcome<CK_OBJECT_HANDLE> unwrapWithPolicy(const hsm::Session& session, CK_OBJECT_HANDLE kek,
                                           const QByteArray& wrapped,
                                           const hsm::SecretKeyPolicy& policy,
                                           const QString& what) {
    auto attributes = hsm::keyTemplate(policy, hsm::Creation::Unwrap);
    auto key = hsm::unwrapKwp(session, kek, bytesSpan(wrapped), attributes, policy.label);
    if (!key)
        return tl::unexpected(
            incomingError(key.error(), what, QString::fromStdString(policy.label), kDamaged));
    hsm::SessionObject guard(session, *key);
    if (auto kept = hsm::enforcePolicy(session, *key, policy); !kept)
        return tl::unexpected(deviceError(kept.error(), what));
    return guard.release();
}

} // namespace kps::provisioning
