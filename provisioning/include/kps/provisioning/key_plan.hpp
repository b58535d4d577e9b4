#pragma once
// How each secret of a profile is made under an order's key source
// (docs/key-sources.md): which token key it comes from and how.
#include "kps/provisioning/order.hpp"
#include "kps/provisioning/ports/key_vault.hpp"
#include "kps/provisioning/profile.hpp"

namespace kps::provisioning {

struct KeyPlan {
    std::vector<SecretRecipe> keys;
    SecretRecipe password;
    PasswordRule passwordRule;
};

Outcome<KeyPlan> planKeys(const Profile& profile, const Order& order);

/// Names of an order's fixed keys on the token ("order:ID:FLEET_KEY"): the fleet key,
/// and the password seed of a profile whose password rule is "fixed".
extern const QString kFleetKey;
extern const QString kPasswordKey;
/// The fixed keys a random order needs made when it is added (a customer-masters order
/// brings its own with its masters).
QStringList orderKeysToMake(const Profile& profile, const Order& order);
/// Random and listed secrets keep a storage copy (for retries and recovery) under the
/// order's storage KEK: orders with any such secret get one.
bool needsStorageKek(const Profile& profile, const Order& order);

} // namespace kps::provisioning
