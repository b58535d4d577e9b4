#pragma once
// A demo customer or head-end: an RSA-3072 key and a self-signed certificate made
// with OpenSSL, as the party would make them with its own tools.
#include "kps/app/outcome.hpp"

namespace kps::app {

struct DemoParty {
    QString keyPath;         // PEM private key, 0600
    QString certificatePath; // PEM certificate
};

CommandResult<DemoParty> makeDemoParty(const QString& directory, const QString& stem,
                                       const QString& commonName);

} // namespace kps::app
