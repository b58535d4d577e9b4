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

KeyRole roleFrom(const QString& name) {
    if (name == QLatin1String("dm"))
        return KeyRole::Dm;
    if (name == QLatin1String("local"))
        return KeyRole::Local;
    if (name == QLatin1String("fleet"))
        return KeyRole::Fleet;
    return KeyRole::Data;
}

schemas::Checked<void> checkRules(const Profile& profile, const QString& file) {
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

QString roleName(KeyRole role) {
    switch (role) {
    case KeyRole::Data:
        return QStringLiteral("data");
    case KeyRole::Dm:
        return QStringLiteral("dm");
    case KeyRole::Local:
        return QStringLiteral("local");
    case KeyRole::Fleet:
        return QStringLiteral("fleet");
    }
    return {};
}

schemas::Checked<Profile> parseProfile(const QByteArray& bytes, const QString& file) {
    auto document = schemas::parseDocument(bytes, QStringLiteral("kps-profile/1"), file);
    if (!document)
        return tl::unexpected(document.error());
    Profile profile;
    profile.name = (*document)[QStringLiteral("name")].toString();
    profile.description = (*document)[QStringLiteral("description")].toString();
    profile.target = (*document)[QStringLiteral("target")].toString();
    profile.injection = (*document)[QStringLiteral("injection")].toString();
    for (const QJsonValue& key : (*document)[QStringLiteral("keys")].toArray())
        profile.keys.push_back({static_cast<std::uint8_t>(key[QStringLiteral("id")].toInt()),
                                roleFrom(key[QStringLiteral("role")].toString()),
                                static_cast<std::uint8_t>(key[QStringLiteral("version")].toInt()),
                                key[QStringLiteral("master")].toString()});
    const QJsonObject password = (*document)[QStringLiteral("password")].toObject();
    profile.password = {static_cast<std::uint8_t>(password[QStringLiteral("id")].toInt()),
                        static_cast<std::uint8_t>(password[QStringLiteral("version")].toInt()),
                        password[QStringLiteral("length")].toInt(),
                        password[QStringLiteral("alphabet")].toString(),
                        password[QStringLiteral("source")].toString()};
    if (document->contains(QStringLiteral("firmware"))) {
        const QJsonObject firmware = (*document)[QStringLiteral("firmware")].toObject();
        profile.firmware = FirmwarePin{firmware[QStringLiteral("file")].toString(),
                                       firmware[QStringLiteral("sha256")].toString().toLower()};
    }
    profile.path = file;
    profile.document = bytes;
    if (auto rules = checkRules(profile, file); !rules)
        return tl::unexpected(rules.error());
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
