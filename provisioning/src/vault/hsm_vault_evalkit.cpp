// Evaluation kits: the MANUF masters may leave the token only under a trusted
// wrapping key (CKA_WRAP_WITH_TRUSTED), and only the security officer can mark a key
// trusted. So: the user logs out, the SO makes a fresh trusted KEK (a public session
// object) and wraps it to the evaluation customer, the SO logs out, the user logs in
// again and wraps the MANUF keys under that KEK, and the KEK is destroyed.
#include "hsm_vault.hpp"
#include "key_policies.hpp"
#include "kps/hsm/certificates.hpp"
#include "kps/hsm/token.hpp"
#include "labels.hpp"
#include "token_keys.hpp"

namespace kps::provisioning {
namespace {

const QString kWhat = QStringLiteral("export evaluation kit");

struct TrustedKek {
    hsm::SessionObject kek;
    hsm::SessionObject recipientKey;
    WrappedKek wrapped;
};

Outcome<TrustedKek> makeTrustedKek(const hsm::Session& session,
                                   const x509::CertificateInfo& recipient, hsm::OaepHash oaep) {
    const auto kekPolicy = policy::evaluationKek();
    KPS_TRY_LET(made, generateWithKcv(session, kekPolicy.allowing(hsm::KeyUse::Sign), kWhat));
    TrustedKek result{hsm::SessionObject(session, made.handle), {}, {}};
    auto recipientKey = hsm::importRsaPublicKey(session, recipient.der, "evaluation customer");
    if (!recipientKey)
        return tl::unexpected(deviceError(recipientKey.error(), kWhat));
    result.recipientKey = std::move(*recipientKey);
    auto wrapped =
        hsm::wrapOaep(session, oaep, result.recipientKey.handle(), made.handle, kekPolicy.label);
    if (!wrapped)
        return tl::unexpected(deviceError(wrapped.error(), kWhat));
    result.wrapped = {bytesOf(*wrapped), QString::fromStdString(hsm::oaepName(oaep)), made.kcv};
    return result;
}

Outcome<std::vector<IncomingMaster>> wrapManufKeys(const hsm::Session& session,
                                                   CK_OBJECT_HANDLE kek) {
    std::vector<IncomingMaster> masters;
    for (const char* label : {labels::kManufData, labels::kManufDm, labels::kManufLocalKey,
                              labels::kManufLocalPassword}) {
        auto key = hsm::findByLabel(session, CKO_SECRET_KEY, label);
        if (!key)
            return tl::unexpected(deviceError(key.error(), kWhat));
        auto length = hsm::readNumber(session, *key, CKA_VALUE_LEN, label);
        auto wrapped = hsm::wrapKwp(session, kek, *key, label);
        if (!length || !wrapped)
            return tl::unexpected(deviceError(length ? wrapped.error() : length.error(), kWhat));
        masters.push_back({QString::fromLatin1(label), int(*length), bytesOf(*wrapped), QString()});
    }
    return masters;
}

} // namespace

Done HsmVault::logInAgain(const QString& what) {
    (void)session_.logout();
    if (auto in = hsm::logInChecked(module_, session_, CKU_USER, userPin_, tokenName_); !in)
        return tl::unexpected(deviceError(in.error(), what));
    return {};
}

Outcome<EvalKitKeys> HsmVault::exportEvalKit(const x509::CertificateInfo& recipient,
                                             const secure::SecretBytes& soPin) {
    KPS_TRY_LET(hold, holdToken(QStringLiteral("take the HSM token")));
    pool_->closeIdle(); // a logout invalidates what pooled sessions hold
    if (auto out = session_.logout(); !out)
        return tl::unexpected(deviceError(out.error(), kWhat));
    if (auto in = hsm::logInChecked(module_, session_, CKU_SO, soPin, tokenName_); !in) {
        const Error error = deviceError(in.error(), kWhat);
        KPS_TRY(logInAgain(kWhat));
        return tl::unexpected(error);
    }
    auto trusted = makeTrustedKek(session_, recipient, oaep_);
    KPS_TRY(logInAgain(kWhat)); // the user session comes back whether or not the kek was made
    KPS_TRY(trusted);
    KPS_TRY_LET(masters, wrapManufKeys(session_, trusted->kek.handle()));
    return EvalKitKeys{trusted->wrapped, std::move(masters)};
}

} // namespace kps::provisioning
