#pragma once
// Login PINs of the station's users are stored only as Argon2id hashes
// (libargon2, encoded form "$argon2id$v=19$m=19456,t=2,p=1$salt$hash").
#include "kps/secure/secret_bytes.hpp"

#include <QString>

namespace kps::provisioning {

QString hashPin(const secure::SecretBytes& pin);
bool verifyPin(const QString& encodedHash, const secure::SecretBytes& pin);

} // namespace kps::provisioning
