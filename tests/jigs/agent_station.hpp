#pragma once
// The station's side of kps-agent/1 with OpenSSL alone - the reference the HSM path
// must match byte for byte: an ephemeral P-256 key per exchange, ECDH (x coordinate,
// as ECDH1_DERIVE with CKD_NULL), the transport key
//   K_T = AES-256-ECB(Z, SHA-256("kps-agent/1 transport key" || UID64 || 04 Q_A ||
//                                04 Q_S || exchange as u32 LE))
// (as CKM_AES_ECB_ENCRYPT_DATA over that context), every entry wrapped with RFC 5649
// under K_T (id-aes256-wrap-pad, as CKM_AES_KEY_WRAP_PAD), the KCVs, and the request
// signed with ECDSA P-256 / SHA-256 by the station's signing key.
#include "kps/jigs/agent_protocol.hpp"
#include "p256_reference.hpp"

#include <openssl/core_names.h>

namespace kps::test::agentref {

using p256::Bytes;
namespace proto = jigs::agent;

/// What the agent published in the mailbox.
struct Publication {
    Bytes uid64;    // 8 bytes
    Bytes agentKey; // X || Y
    std::uint32_t exchange = 0;
};

/// One secret for the endpoint: a key (role 1..4, 16 or 32 bytes) or the password.
struct Secret {
    std::uint8_t id = 0, role = 1, version = 1;
    Bytes value;
};

/// The station's answer as it goes into the mailbox.
struct Request {
    Bytes signedPart, signature, wrapped;
};

inline Bytes aes256Ecb(const Bytes& key, const Bytes& data) {
    p256::Owned<EVP_CIPHER_CTX> context(EVP_CIPHER_CTX_new());
    Bytes out(data.size());
    int length = 0;
    EVP_EncryptInit_ex(context.get(), EVP_aes_256_ecb(), nullptr, key.data(), nullptr);
    EVP_CIPHER_CTX_set_padding(context.get(), 0);
    EVP_EncryptUpdate(context.get(), out.data(), &length, data.data(), int(data.size()));
    return out;
}

inline Bytes transportKey(const Bytes& z, const Publication& agent, const Bytes& stationKey) {
    Bytes context(proto::kTransportLabel.begin(), proto::kTransportLabel.end());
    context.insert(context.end(), agent.uid64.begin(), agent.uid64.end());
    context.push_back(0x04);
    context.insert(context.end(), agent.agentKey.begin(), agent.agentKey.end());
    context.push_back(0x04);
    context.insert(context.end(), stationKey.begin(), stationKey.end());
    for (int i = 0; i < 4; ++i)
        context.push_back(std::uint8_t(agent.exchange >> (8 * i)));
    return aes256Ecb(z, p256::sha256(context));
}

/// RFC 5649 with OpenSSL's id-aes256-wrap-pad.
inline Bytes wrapPad(const Bytes& kek, const Bytes& plain) {
    p256::Owned<EVP_CIPHER_CTX> context(EVP_CIPHER_CTX_new());
    EVP_CIPHER_CTX_set_flags(context.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    Bytes out(plain.size() + 16);
    int length = 0, tail = 0;
    if (EVP_EncryptInit_ex(context.get(), EVP_aes_256_wrap_pad(), nullptr, kek.data(), nullptr) !=
            1 ||
        EVP_EncryptUpdate(context.get(), out.data(), &length, plain.data(), int(plain.size())) !=
            1 ||
        EVP_EncryptFinal_ex(context.get(), out.data() + length, &tail) != 1)
        return {};
    out.resize(std::size_t(length + tail));
    return out;
}

/// First 3 bytes of AES-CMAC(key, 16 zero bytes).
inline Bytes kcv(const Bytes& key) {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "CMAC", nullptr);
    EVP_MAC_CTX* context = EVP_MAC_CTX_new(mac);
    char cipher[16] = "AES-128-CBC";
    if (key.size() == 32)
        cipher[4] = '2', cipher[5] = '5', cipher[6] = '6';
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("cipher", cipher, 0),
                                 OSSL_PARAM_END};
    const Bytes zeros(16, 0);
    Bytes tag(16);
    std::size_t length = 0;
    EVP_MAC_init(context, key.data(), key.size(), params);
    EVP_MAC_update(context, zeros.data(), zeros.size());
    EVP_MAC_final(context, tag.data(), &length, tag.size());
    EVP_MAC_CTX_free(context);
    EVP_MAC_free(mac);
    return Bytes(tag.begin(), tag.begin() + 3);
}

/// What is wrapped: a key as it is, a password NUL-padded to a multiple of 8 (the
/// station's transfer form of passwords: SoftHSM 2.6 pads to 8 before it wraps).
inline Bytes transferForm(const Secret& secret) {
    Bytes value = secret.value;
    if (secret.role == proto::kRolePassword)
        value.resize((value.size() + 7) / 8 * 8, 0);
    return value;
}

inline void append32(Bytes& out, std::uint32_t value) {
    for (int i = 0; i < 4; ++i)
        out.push_back(std::uint8_t(value >> (8 * i)));
}

/// The signed part of a request.
inline Bytes signedPart(const Publication& agent, const std::array<std::uint8_t, 8>& address,
                        const Bytes& stationKey, const std::vector<Secret>& secrets) {
    Bytes part;
    append32(part, proto::kRequestMagicValue);
    append32(part, proto::kProtocolVersion | std::uint32_t(secrets.size()) << 16);
    append32(part, agent.exchange);
    append32(part, 0);
    part.insert(part.end(), agent.uid64.begin(), agent.uid64.end());
    part.insert(part.end(), address.begin(), address.end());
    part.insert(part.end(), agent.agentKey.begin(), agent.agentKey.end());
    part.insert(part.end(), stationKey.begin(), stationKey.end());
    for (const Secret& secret : secrets) {
        const bool password = secret.role == proto::kRolePassword;
        const Bytes check = password ? Bytes(3, 0) : kcv(secret.value);
        part.insert(part.end(),
                    {secret.id, secret.role, secret.version, std::uint8_t(secret.value.size()),
                     check[0], check[1], check[2], 0});
    }
    return part;
}

/// One station (its long-term signing key) answering agents.
struct Station {
    p256::KeyPair signing;

    proto::StationKey publicKey() const {
        proto::StationKey key{};
        std::copy(signing.x.begin(), signing.x.end(), key.begin());
        std::copy(signing.y.begin(), signing.y.end(), key.begin() + 32);
        return key;
    }

    /// The request for an agent's publication, with an ephemeral key from `seed`.
    Request answer(const Publication& agent, const std::array<std::uint8_t, 8>& address,
                   const std::vector<Secret>& secrets, std::uint32_t seed) const {
        const p256::KeyPair ephemeral = p256::keyFromSeed(seed);
        const p256::KeyPair peer{{},
                                 Bytes(agent.agentKey.begin(), agent.agentKey.begin() + 32),
                                 Bytes(agent.agentKey.begin() + 32, agent.agentKey.end())};
        Bytes stationKey = ephemeral.x;
        stationKey.insert(stationKey.end(), ephemeral.y.begin(), ephemeral.y.end());
        const Bytes kt = transportKey(p256::ecdh(ephemeral, peer), agent, stationKey);
        Request request{signedPart(agent, address, stationKey, secrets), {}, {}};
        request.signature = p256::sign(signing, request.signedPart);
        for (const Secret& secret : secrets) {
            const Bytes wrapped = wrapPad(kt, transferForm(secret));
            request.wrapped.insert(request.wrapped.end(), wrapped.begin(), wrapped.end());
        }
        return request;
    }
};

} // namespace kps::test::agentref
