#pragma once
// What the simulated line's endpoints hold (their archived key-store pages), for
// checking that the customer received exactly the keys the endpoints carry.
#include "kps/secure/secret_bytes.hpp"

#include <QHash>
#include <QString>
#include <map>

namespace kps::provisioning {

struct ArchivedEndpoint {
    std::map<int, secure::SecretBytes> keys; // by key id
    secure::SecretBytes password;
};

/// Address text -> content, read from every *.keystore file in the directory.
std::map<QString, ArchivedEndpoint> readLineArchive(const QString& directory);

} // namespace kps::provisioning
