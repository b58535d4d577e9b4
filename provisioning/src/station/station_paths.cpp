#include "kps/provisioning/station.hpp"

#include <QDir>

namespace kps::provisioning {

namespace {
QString under(const QString& root, const char* name) {
    return QDir(root).filePath(QString::fromLatin1(name));
}
} // namespace

QString StationPaths::config() const {
    return under(root, "station.json");
}
QString StationPaths::hsm() const {
    return under(root, "hsm");
}
QString StationPaths::secrets() const {
    return under(root, "secrets");
}
QString StationPaths::publicCertificates() const {
    return under(root, "public");
}
QString StationPaths::signingCertificate() const {
    return QDir(publicCertificates()).filePath(QStringLiteral("station-signing.crt"));
}
QString StationPaths::database() const {
    return under(root, "kps.sqlite");
}
QString StationPaths::profiles() const {
    return under(root, "profiles");
}
QString StationPaths::orders() const {
    return under(root, "orders");
}
QString StationPaths::exports() const {
    return under(root, "exports");
}
QString StationPaths::simulatedLine() const {
    return under(root, "sim");
}
QString StationPaths::locks() const {
    return under(root, "locks");
}
QString StationPaths::exportsOf(const QString& orderId) const {
    return QDir(exports()).filePath(orderId);
}

} // namespace kps::provisioning
