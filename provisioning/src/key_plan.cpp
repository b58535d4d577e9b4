#include "kps/provisioning/key_plan.hpp"

#include "vault/labels.hpp"

namespace kps::provisioning {
namespace {

/// MANUF: data and DM keys derived from the maker's masters; the local key and
/// the password seed are the same fixed MANUF keys for every endpoint.
std::optional<SecretRecipe> manufRecipe(const QString& master) {
    if (master == QLatin1String("DATA"))
        return SecretRecipe{
            0, 1, {}, SecretOrigin::Derived, QString::fromLatin1(labels::kManufData), false};
    if (master == QLatin1String("DM"))
        return SecretRecipe{
            0, 1, {}, SecretOrigin::Derived, QString::fromLatin1(labels::kManufDm), false};
    if (master == QLatin1String("LOCAL"))
        return SecretRecipe{
            0, 1, {}, SecretOrigin::Fixed, QString::fromLatin1(labels::kManufLocalKey), false};
    if (master == QLatin1String("PASSWORD"))
        return SecretRecipe{
            0, 1, {}, SecretOrigin::Fixed, QString::fromLatin1(labels::kManufLocalPassword), false};
    return std::nullopt;
}

std::optional<SecretRecipe> recipeFor(const Order& order, const QString& master) {
    switch (order.keySource) {
    case KeySource::Manuf:
        return manufRecipe(master);
    case KeySource::Random:
        return SecretRecipe{0, 1, {}, SecretOrigin::Random, {}, false};
    case KeySource::CustomerMasters:
        return SecretRecipe{0,
                            1,
                            {},
                            SecretOrigin::Derived,
                            labels::orderObject(order.id, master + QStringLiteral("_MASTER")),
                            false};
    case KeySource::CustomerList:
        return SecretRecipe{0, 1, {}, SecretOrigin::Listed, {}, false};
    }
    return std::nullopt;
}

} // namespace

Outcome<KeyPlan> planKeys(const Profile& profile, const Order& order) {
    KeyPlan plan;
    const auto unsupported = [&](const QString& master) {
        return failure(ErrorKind::Refused, QStringLiteral("plan keys"), order.id,
                       QStringLiteral("key source %1 cannot provide %2 for profile %3")
                           .arg(keySourceName(order.keySource), master, profile.name));
    };
    for (const ProfileKey& key : profile.keys) {
        auto recipe = recipeFor(order, key.master);
        if (!recipe)
            return unsupported(key.master);
        recipe->id = key.id;
        recipe->version = key.version;
        recipe->role = roleName(key.role);
        recipe->toHeadend = key.role == KeyRole::Dm && order.headendDm == QLatin1String("keys");
        plan.keys.push_back(*recipe);
    }
    auto password = recipeFor(order, QStringLiteral("PASSWORD"));
    if (!password)
        return unsupported(QStringLiteral("PASSWORD"));
    password->id = profile.password.id;
    password->version = profile.password.version;
    password->role = QStringLiteral("password");
    password->passwordRule = profile.password;
    plan.password = *password;
    plan.passwordRule = profile.password;
    return plan;
}

} // namespace kps::provisioning
