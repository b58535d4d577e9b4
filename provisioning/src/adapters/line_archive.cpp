#include "kps/provisioning/line_archive.hpp"

#include "kps/jigs/keystore_record.hpp"
#include "kps/provisioning/address.hpp"

#include <QDir>
#include <QFile>

namespace kps::provisioning {

std::map<QString, ArchivedEndpoint> readLineArchive(const QString& directory) {
    std::map<QString, ArchivedEndpoint> endpoints;
    for (const QFileInfo& info :
         QDir(directory).entryInfoList({QStringLiteral("*.keystore")}, QDir::Files)) {
        QFile file(info.filePath());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        secure::SecretBytes page(std::size_t(file.size()));
        file.read(reinterpret_cast<char*>(page.data()), qint64(page.size()));
        const std::size_t length = jigs::recordLengthInPage(page.span());
        auto content = jigs::decodeKeyStore(page.span().first(length));
        if (!length || !content)
            continue;
        ArchivedEndpoint endpoint;
        for (const auto& key : content->keys)
            endpoint.keys.emplace(key.id, secure::SecretBytes::copyOf(key.value));
        endpoint.password = secure::SecretBytes::copyOf(content->password);
        endpoints.emplace(EndpointAddress::fromBytes(content->address).text(), std::move(endpoint));
    }
    return endpoints;
}

} // namespace kps::provisioning
