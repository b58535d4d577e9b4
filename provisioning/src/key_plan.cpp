#include "kps/provisioning/key_plan.hpp"

#include "vault/labels.hpp"

#include <algorithm>

namespace kps::provisioning {

const QString kFleetKey = QStringLiteral("FLEET_KEY");
const QString kPasswordKey = QStringLiteral("PASSWORD_KEY");

namespace {

SecretRecipe recipe(SecretOrigin origin, const QString& label = {}) {
    return SecretRecipe{0, 1, {}, origin, label, false};
}

/// MANUF: data and DM keys derived from the maker's masters; the local key and
/// the password seed are the same fixed MANUF keys for every endpoint.
std::optional<SecretRecipe> manufRecipe(const QString& master) {
    if (master == QLatin1String("DATA"))
        return recipe(SecretOrigin::Derived, QString::fromLatin1(labels::kManufData));
    if (master == QLatin1String("DM"))
        return recipe(SecretOrigin::Derived, QString::fromLatin1(labels::kManufDm));
    if (master == QLatin1String("LOCAL"))
        return recipe(SecretOrigin::Fixed, QString::fromLatin1(labels::kManufLocalKey));
    if (master == QLatin1String("PASSWORD"))
        return recipe(SecretOrigin::Fixed, QString::fromLatin1(labels::kManufLocalPassword));
    return std::nullopt;
}

/// A key the same for every endpoint of a random order ("order:ID:NAME"), made when the
/// order is added. (A customer's own fleet key would come with its masters; the import
/// does not take fixed keys yet, so customer-masters orders refuse such profiles.)
std::optional<SecretRecipe> orderFixedRecipe(const Order& order, const QString& name) {
    if (order.keySource != KeySource::Random)
        return std::nullopt;
    return recipe(SecretOrigin::Fixed, labels::orderObject(order.id, name));
}

std::optional<SecretRecipe> recipeFor(const Order& order, const QString& master) {
    if (master == QLatin1String("FLEET") && order.keySource != KeySource::CustomerList)
        return orderFixedRecipe(order, kFleetKey); // a key list lists it per endpoint
    switch (order.keySource) {
    case KeySource::Manuf:
        return manufRecipe(master);
    case KeySource::Random:
        return recipe(SecretOrigin::Random);
    case KeySource::CustomerMasters:
        return recipe(SecretOrigin::Derived,
                      labels::orderObject(order.id, master + QStringLiteral("_MASTER")));
    case KeySource::CustomerList:
        return recipe(SecretOrigin::Listed);
    }
    return std::nullopt;
}

/// The password seed by the profile's rule: as the key source makes secrets, or
/// fixed (one seed for the order), derived (KDF-1 from a password master) or random.
std::optional<SecretRecipe> passwordRecipe(const Order& order, const QString& source) {
    if (source.isEmpty() || source == QLatin1String("key-source"))
        return recipeFor(order, QStringLiteral("PASSWORD"));
    if (source == QLatin1String("random"))
        return recipe(SecretOrigin::Random);
    if (source == QLatin1String("fixed"))
        return order.keySource == KeySource::Manuf ? manufRecipe(QStringLiteral("PASSWORD"))
                                                   : orderFixedRecipe(order, kPasswordKey);
    if (source == QLatin1String("derived") && order.keySource == KeySource::CustomerMasters)
        return recipeFor(order, QStringLiteral("PASSWORD"));
    if (source == QLatin1String("list") && order.keySource == KeySource::CustomerList)
        return recipe(SecretOrigin::Listed);
    return std::nullopt;
}

} // namespace

bool needsStorageKek(const Profile& profile, const Order& order) {
    return order.keySource == KeySource::Random || order.keySource == KeySource::CustomerList ||
           profile.password.source == QLatin1String("random");
}

QStringList orderKeysToMake(const Profile& profile, const Order& order) {
    QStringList names;
    if (order.keySource != KeySource::Random)
        return names;
    if (std::any_of(profile.keys.begin(), profile.keys.end(),
                    [](const ProfileKey& key) { return key.master == QLatin1String("FLEET"); }))
        names << kFleetKey;
    if (profile.password.source == QLatin1String("fixed"))
        names << kPasswordKey;
    return names;
}

Outcome<KeyPlan> planKeys(const Profile& profile, const Order& order) {
    KeyPlan plan;
    const auto unsupported = [&](const QString& master) {
        return failure(ErrorKind::Refused, QStringLiteral("plan keys"), order.id,
                       QStringLiteral("key source %1 cannot provide %2 for profile %3")
                           .arg(keySourceName(order.keySource), master, profile.name));
    };
    for (const ProfileKey& key : profile.keys) {
        auto made = recipeFor(order, key.master);
        if (!made)
            return unsupported(key.master);
        made->id = key.id;
        made->version = key.version;
        made->role = key.role;
        made->toHeadend = key.role == SecretRole::Dm && order.headendDm == QLatin1String("keys");
        plan.keys.push_back(*made);
    }
    auto password = passwordRecipe(order, profile.password.source);
    if (!password)
        return unsupported(QStringLiteral("a %1 password")
                               .arg(profile.password.source.isEmpty() ? QStringLiteral("key-source")
                                                                      : profile.password.source));
    password->id = profile.password.id;
    password->version = profile.password.version;
    password->role = SecretRole::Password;
    password->passwordRule = profile.password;
    plan.password = *password;
    plan.passwordRule = profile.password;
    return plan;
}

} // namespace kps::provisioning
