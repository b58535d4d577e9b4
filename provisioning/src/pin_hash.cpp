#include "kps/provisioning/pin_hash.hpp"

#include <argon2.h>
#include <openssl/rand.h>

namespace kps::provisioning {
namespace {

// OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane (about 30 ms here).
constexpr uint32_t kMemoryKiB = 19456;
constexpr uint32_t kPasses = 2;
constexpr uint32_t kLanes = 1;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

} // namespace

QString hashPin(const secure::SecretBytes& pin) {
    unsigned char salt[kSaltBytes];
    RAND_bytes(salt, sizeof salt);
    char encoded[160];
    const int rc = argon2id_hash_encoded(kPasses, kMemoryKiB, kLanes, pin.data(), pin.size(), salt,
                                         sizeof salt, kHashBytes, encoded, sizeof encoded);
    return rc == ARGON2_OK ? QString::fromLatin1(encoded) : QString();
}

bool verifyPin(const QString& encodedHash, const secure::SecretBytes& pin) {
    const QByteArray encoded = encodedHash.toLatin1();
    return !encoded.isEmpty() &&
           argon2id_verify(encoded.constData(), pin.data(), pin.size()) == ARGON2_OK;
}

} // namespace kps::provisioning
