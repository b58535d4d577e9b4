// Which archived endpoints the simulated line brings back for a re-keying order.
#include "kps/jigs/keystore_record.hpp"
#include "kps/provisioning/address.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/provisioning/store.hpp"

#include <QDir>
#include <QFile>
#include <QSet>

namespace kps::provisioning {
namespace {

/// The address an archived key-store page carries, if it holds a record.
std::optional<QString> archivedAddress(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    secure::SecretBytes page(std::size_t(file.size()));
    file.read(reinterpret_cast<char*>(page.data()), qint64(page.size()));
    const std::size_t length = jigs::recordLengthInPage(page.span());
    if (length == 0)
        return std::nullopt;
    auto content = jigs::decodeKeyStore(page.span().first(length));
    if (!content)
        return std::nullopt;
    return EndpointAddress::fromBytes(content->address).text();
}

} // namespace

Outcome<QStringList> endpointsToReturn(Store& store, const OrderRecord& order,
                                       const QString& archiveDirectory) {
    QSet<QString> finished;
    KPS_TRY(store.endpoints().forEach(
        order.order.id, std::nullopt, [&](const EndpointRow& row) -> Done {
            if (row.state == EndpointState::Verified || row.state == EndpointState::Failed)
                finished.insert(row.address);
            return {};
        }));
    std::vector<std::pair<std::uint32_t, QString>> returned; // list index, unique ID
    for (const QFileInfo& info :
         QDir(archiveDirectory).entryInfoList({QStringLiteral("*.keystore")}, QDir::Files)) {
        const auto address = archivedAddress(info.filePath());
        if (!address || finished.contains(*address))
            continue;
        if (const auto index = order.order.indexOf(*address))
            returned.emplace_back(*index, info.completeBaseName());
    }
    std::sort(returned.begin(), returned.end());
    QStringList ids;
    for (const auto& [index, id] : returned)
        ids << id;
    return ids;
}

} // namespace kps::provisioning
