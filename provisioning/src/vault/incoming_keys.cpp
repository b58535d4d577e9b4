#include "incoming_keys.hpp"

#include "hsm_vault.hpp"

namespace kps::provisioning {

std::optional<hsm::OaepHash> oaepFromName(const QString& wrap) {
    for (auto hash : {hsm::OaepHash::Sha256, hsm::OaepHash::Sha1})
        if (QString::fromStdString(hsm::oaepName(hash)) == wrap)
            return hash;
    return std::nullopt;
}

bool meansBadData(CK_RV rv) {
    switch (rv) {
    case CKR_WRAPPED_KEY_INVALID:
    case CKR_WRAPPED_KEY_LEN_RANGE:
    case CKR_ENCRYPTED_DATA_INVALID:
    case CKR_ENCRYPTED_DATA_LEN_RANGE:
    case CKR_DATA_INVALID:
    case CKR_DATA_LEN_RANGE:
    case CKR_KEY_SIZE_RANGE:
    case CKR_ATTRIBUTE_VALUE_INVALID:
        return true;
    default:
        return false;
    }
}

Error incomingError(const hsm::HsmError& error, const QString& what, const QString& place,
                    const QString& hint) {
    if (!meansBadData(error.rv))
        return deviceError(error, what);
    return Error{ErrorKind::BadInput, what, place,
                 QStringLiteral("the HSM refuses the wrapped data (%1 in %2)")
                     .arg(QString::fromStdString(hsm::ckrName(error.rv)),
                          QString::fromStdString(error.call)),
                 hint};
}

Error located(Error error, const QString& place) {
    if (error.kind == ErrorKind::BadInput)
        error.where = place;
    return error;
}

} // namespace kps::provisioning
