#pragma once
// What a secret of an endpoint is for. secretRoleName() is the one table of the names
// kps-profile/1, kps-listing/1 and the store use; a name it does not know is refused
// where it is read, never taken for some default role.
#include <QString>
#include <optional>

namespace kps::provisioning {

enum class SecretRole {
    Data,     // meter readings (e.g. OMS Kenc)
    Dm,       // device management: the customer and the head-end
    Local,    // the local maintenance tool's key
    Fleet,    // one MAC key for a whole fleet
    Password, // the local-access password
};

QString secretRoleName(SecretRole role);
std::optional<SecretRole> secretRoleFrom(const QString& name);

} // namespace kps::provisioning
