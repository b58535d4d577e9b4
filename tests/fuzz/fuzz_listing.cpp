// libFuzzer target: an incoming kps-listing/1 (masters or key list) through the
// station's reader: size limits, schema, purpose, then, signed by the harness with
// the party's key, the signature and party checks and the masters / endpoints
// extraction. "@PARTY@" in an input becomes the party certificate's fingerprint, so
// seeds reach past the sender and recipient checks.
#include "fuzz_party.hpp"
#include "imports/incoming_listing.hpp"

#include <QDir>
#include <QFile>
#include <unistd.h>

namespace {

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    file.open(QIODevice::WriteOnly | QIODevice::Truncate);
    file.write(bytes);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kps;
    const auto& party = fuzz::party();
    QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    bytes.replace("@PARTY@", QByteArray::fromStdString(party.certificate.sha256Hex));
    static const QString file =
        QDir::temp().filePath(QStringLiteral("kps-fuzz-listing-%1.json").arg(getpid()));
    writeFile(file, bytes);
    writeFile(file + QStringLiteral(".sig"), test::signSha256(party.key.get(), bytes));
    for (const QString purpose : {QStringLiteral("masters"), QStringLiteral("key-list")}) {
        auto unverified = provisioning::readIncomingListing(file, purpose);
        if (unverified)
            (void)provisioning::verifyIncoming(*unverified, party.certificate, party.certificate);
    }
    return 0;
}
