#pragma once
// The one check of a certificate that keys are wrapped to (an order's customer and
// head-end, an evaluation customer, a station that is sent keys): a key no one can
// read the wrapped keys without the private half of, held by an end-entity that may
// receive keys, now. Every place that makes a certificate a wrap target calls it.
#include "kps/x509/certificate.hpp"

#include <ctime>

namespace kps::x509 {

enum class RecipientKeys {
    RsaOnly, // what RSA-OAEP (every KEK the station wraps) needs
    RsaOrEc, // a purpose that also takes EC P-256 or P-384
};

/// The key alone: RSA with an odd public exponent of at least 65537 and an odd modulus
/// of at least 2048 bits (or EC P-256/P-384 where allowed). `der` is the certificate.
Result<void> checkRecipientKey(std::span<const std::uint8_t> der, const std::string& source,
                               RecipientKeys allowed = RecipientKeys::RsaOnly);

/// Everything: the key (above), an end-entity certificate (not CA:TRUE), a key usage
/// (when present) that allows key encipherment, within its validity at `now`, and
/// nothing after the certificate in its file. The reason names what is wrong.
Result<void> checkRecipient(const CertificateInfo& certificate, std::time_t now,
                            const std::string& source,
                            RecipientKeys allowed = RecipientKeys::RsaOnly);

} // namespace kps::x509
