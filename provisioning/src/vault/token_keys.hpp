#pragma once
// Steps the vault repeats: make a key under its policy and take its KCV, unwrap
// with a KCV check, and turn hsm errors into provisioning errors.
#include "kps/hsm/key_ops.hpp"
#include "kps/hsm/key_policy.hpp"
#include "kps/hsm/object.hpp"
#include "kps/provisioning/error.hpp"

#include <QByteArray>
#include <QString>

namespace kps::provisioning {

struct KeyWithKcv {
    CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
    QString kcv;
};

/// Generates a key with the policy plus the right to sign (for the KCV), takes the
/// KCV, withdraws the right and reads the object back against the policy. On any
/// failure the key is destroyed.
Outcome<KeyWithKcv> generateWithKcv(const hsm::Session& session, const hsm::SecretKeyPolicy& policy,
                                    const QString& what);

/// Unwraps (AES-KWP) into a session object allowed to sign, and checks its KCV.
Outcome<hsm::SessionObject> unwrapChecked(const hsm::Session& session, CK_OBJECT_HANDLE kek,
                                          const QByteArray& wrapped,
                                          const hsm::SecretKeyPolicy& policy,
                                          const QString& expectedKcv, const QString& what);

/// Unwraps (AES-KWP) into an object with exactly this policy, read back to confirm.
Outcome<CK_OBJECT_HANDLE> unwrapWithPolicy(const hsm::Session& session, CK_OBJECT_HANDLE kek,
                                           const QByteArray& wrapped,
                                           const hsm::SecretKeyPolicy& policy, const QString& what);

std::span<const std::uint8_t> bytesSpan(const QByteArray& bytes);
QByteArray bytesOf(const std::vector<std::uint8_t>& bytes);

} // namespace kps::provisioning
