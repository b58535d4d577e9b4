#pragma once
// One RSA-2048 party made when a fuzz target starts: its certificate stands for the
// customer, the head-end and the station's import certificate; its key signs inputs.
#include "kps/x509/certificate.hpp"
#include "openssl_fixtures.hpp"

#include <QByteArray>

namespace kps::fuzz {

struct Party {
    test::Pkey key;
    QByteArray der;
    x509::CertificateInfo certificate;
};

inline const Party& party() {
    static const Party made = [] {
        Party p{test::Pkey(EVP_RSA_gen(2048)), {}, {}};
        p.der = test::derOf(test::makeCertificate(p.key.get(), {}));
        auto info = x509::parseCertificate(
            {reinterpret_cast<const std::uint8_t*>(p.der.constData()), std::size_t(p.der.size())},
            "fuzz party");
        if (!info)
            std::abort();
        p.certificate = *info;
        return p;
    }();
    return made;
}

} // namespace kps::fuzz
