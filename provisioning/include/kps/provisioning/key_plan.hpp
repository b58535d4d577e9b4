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

} // namespace kps::provisioning
