#include "kps/provisioning/profile.hpp"

#include "kps/schemas/input_file.hpp"
#include "kps/schemas/validator.hpp"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <cmath>

namespace kps::provisioning {
namespace {

/// A key's role: data, dm, local or fleet (a password is no key), refused otherwise.
schemas::Checked<SecretRole> keyRoleOf(const QJsonValue& key, qsizetype index,
                                       const QString& file) {
    const auto role = secretRoleFrom(key[QStringLiteral("role")].toString());
    if (!role || *role == SecretRole::Password)
        return schemas::reject(file, QStringLiteral("/keys/%1/role").arg(index),
                               QStringLiteral("not a key role (data, dm, local, fleet)"));
    return *role;
}

schemas::Checked<void> checkRules(const Profile& profile, const QString& file) {
    if (profile.injection == KeyInjection::Agent)
        return schemas::reject(file, QStringLiteral("/injection"),
                               QStringLiteral("agent injection is not available on this station "
                                              "yet; its endpoints take the keys plain"));
    QSet<int> ids{profile.password.id};
    for (qsizetype i = 0; i < qsizetype(profile.keys.size()); ++i) {
        if (ids.contains(profile.keys[i].id))
            return schemas::reject(
                file, QStringLiteral("/keys/%1/id").arg(i),
                QStringLiteral("key id %1 is used twice").arg(profile.keys[i].id));
        ids.insert(profile.keys[i].id);
    }
    const QString& alphabet = profile.password.alphabet;
    if (QSet<QChar>(alphabet.begin(), alphabet.end()).size() != alphabet.size())
        return schemas::reject(file, QStringLiteral("/password/alphabet"),
                               QStringLiteral("a character appears twice in the alphabet"));
    if (profile.password.length * std::log2(double(alphabet.size())) > 128.0)
        return schemas::reject(file, QStringLiteral("/password/length"),
                               QStringLiteral("more characters than 128 bits of seed can fill"));
    return {};
}

} // namespace

schemas::Checked<Profile> parseProfile(const QByteArray& bytes, const QString& file) {
    KPS_TRY_LET(document, schemas::parseDocument(bytes, QStringLiteral("kps-profile/1"), file));
    Profile profile;
    profile.name = document[QStringLiteral("name")].toString();
    profile.description = document[QStringLiteral("description")].toString();
    profile.target = document[QStringLiteral("target")].toString();
    profile.injection = document[QStringLiteral("injection")].toString() == QLatin1String("agent")
                            ? KeyInjection::Agent
                            : KeyInjection::Plain;
    const QJsonArray keys = document[QStringLiteral("keys")].toArray();
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const QJsonValue key = keys[i];
        KPS_TRY_LET(role, keyRoleOf(key, i, file));
        profile.keys.push_back({static_cast<std::uint8_t>(key[QStringLiteral("id")].toInt()), role,
                                static_cast<std::uint8_t>(key[QStringLiteral("version")].toInt()),
                                key[QStringLiteral("master")].toString()});
    }
    const QJsonObject password = document[QStringLiteral("password")].toObject();
    profile.password = {static_cast<std::uint8_t>(password[QStringLiteral("id")].toInt()),
                        static_cast<std::uint8_t>(password[QStringLiteral("version")].toInt()),
                        password[QStringLiteral("length")].toInt(),
                        password[QStringLiteral("alphabet")].toString(),
                        password[QStringLiteral("source")].toString()};
    if (document.contains(QStringLiteral("firmware"))) {
        const QJsonObject firmware = document[QStringLiteral("firmware")].toObject();
        profile.firmware = FirmwarePin{firmware[QStringLiteral("file")].toString(),
                                       firmware[QStringLiteral("sha256")].toString().toLower()};
    }
    profile.path = file;
    profile.document = bytes;
    KPS_TRY(checkRules(profile, file));
    return profile;
}

QStringList builtinProfiles() {
    QStringList names;
    for (const QString& file :
         QDir(QStringLiteral(":/profiles")).entryList({QStringLiteral("*.json")}))
        names << file.chopped(5);
    return names;
}

Outcome<Profile> loadProfile(const QString& name, const QString& profileDirectory) {
    QString path = QDir(profileDirectory).filePath(name + QStringLiteral(".json"));
    const QFileInfo local(path);
    if (!local.exists() && !local.isSymLink()) // a link is refused below, not passed over
        path = QStringLiteral(":/profiles/") + name + QStringLiteral(".json");
    if (path.startsWith(QLatin1Char(':')) && !QFile::exists(path))
        return failure(ErrorKind::BadInput, QStringLiteral("load profile"), name,
                       QStringLiteral("no such profile"),
                       QStringLiteral("Known profiles: ") +
                           builtinProfiles().join(QStringLiteral(", ")));
    auto bytes = schemas::readInputFile(path, schemas::kMaxDocumentBytes);
    if (!bytes)
        return tl::unexpected(Error::fromInput(bytes.error(), QStringLiteral("load profile")));
    auto profile = parseProfile(*bytes, path);
    if (!profile)
        return tl::unexpected(Error::fromInput(profile.error(), QStringLiteral("load profile")));
    return *profile;
}

secure::SecretBytes passwordFromSeed(std::span<const std::uint8_t> seed, const PasswordRule& rule) {
    __extension__ using Uint128 = unsigned __int128;
    Uint128 x = 0;
    for (std::uint8_t byte : seed.first(16))
        x = (x << 8) | byte;
    const auto n = static_cast<unsigned>(rule.alphabet.size());
    secure::SecretBytes password(static_cast<std::size_t>(rule.length));
    for (int i = 0; i < rule.length; ++i) {
        password.data()[i] = static_cast<std::uint8_t>(rule.alphabet.at(int(x % n)).toLatin1());
        x /= n;
    }
    x = 0;
    return password;
}

} // namespace kps::provisioning
