#pragma once
// kps-profile/1: which secrets an endpoint model receives (key ids, roles, versions,
// the master each is derived from) and its local password rule.
#include "kps/provisioning/error.hpp"
#include "kps/provisioning/secret_role.hpp"
#include "kps/secure/secret_bytes.hpp"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>
#include <span>
#include <vector>

namespace kps::provisioning {

/// How the keys reach the endpoint: written over SWD into its key store (plain), or
/// sent wrapped to the agent in its firmware (kps-agent/1; the station side is not built
/// yet, so a profile asking for it is refused).
enum class KeyInjection { Plain, Agent };

struct ProfileKey {
    std::uint8_t id = 0;
    SecretRole role; // data, dm, local or fleet: always as the profile says
    std::uint8_t version = 1;
    QString master; // DATA, DM, LOCAL, FLEET
};

struct PasswordRule {
    std::uint8_t id = 0;
    std::uint8_t version = 1;
    int length = 12;
    QString alphabet;
    /// How the 16-byte seed is made: "key-source" (empty: as the order's key source makes
    /// secrets), "fixed" (one seed for the whole order), "derived" (KDF-1 from the
    /// customer's PASSWORD_MASTER), "random", or "list" (from a customer key list).
    QString source;
};

/// The firmware image programmed before the keys (targets with a flash algorithm):
/// a file beside the profile, pinned by its SHA-256 (firmware.hpp loads it).
struct FirmwarePin {
    QString file;   // relative to the profile's folder
    QString sha256; // 64 hex digits, lower case
};

struct Profile {
    QString name;
    QString description;
    QString target;
    KeyInjection injection = KeyInjection::Plain;
    std::vector<ProfileKey> keys;
    PasswordRule password;
    std::optional<FirmwarePin> firmware;
    QString path;        // where it was read (its folder holds the firmware file)
    QByteArray document; // the file as read, kept with the order
};

/// Schema check plus the rules a schema cannot say (unique ids, alphabet, entropy).
schemas::Checked<Profile> parseProfile(const QByteArray& bytes, const QString& file);
/// A profile by name: DIR/profiles/NAME.json if present, else a built-in one.
Outcome<Profile> loadProfile(const QString& name, const QString& profileDirectory);
QStringList builtinProfiles();

/// The password for a 16-byte seed: the seed read as a big-endian integer X, then
/// for each character c_i = alphabet[X mod n], X = X div n.
secure::SecretBytes passwordFromSeed(std::span<const std::uint8_t> seed, const PasswordRule& rule);

} // namespace kps::provisioning
