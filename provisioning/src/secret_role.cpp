#include "kps/provisioning/secret_role.hpp"

#include <array>
#include <utility>

namespace kps::provisioning {
namespace {

constexpr std::array<std::pair<SecretRole, const char*>, 5> kNames{{
    {SecretRole::Data, "data"},
    {SecretRole::Dm, "dm"},
    {SecretRole::Local, "local"},
    {SecretRole::Fleet, "fleet"},
    {SecretRole::Password, "password"},
}};

} // namespace

QString secretRoleName(SecretRole role) {
    for (const auto& [known, name] : kNames)
        if (known == role)
            return QString::fromLatin1(name);
    return {};
}

std::optional<SecretRole> secretRoleFrom(const QString& name) {
    for (const auto& [role, known] : kNames)
        if (name == QLatin1String(known))
            return role;
    return std::nullopt;
}

} // namespace kps::provisioning
