#pragma once
// Labels of the station's token objects.
#include <QString>

namespace kps::provisioning::labels {

inline constexpr const char* kSigningKey = "station-signing";
inline constexpr const char* kImportKey = "station-import";
inline constexpr const char* kManufData = "MANUF_DATA_MASTER";
inline constexpr const char* kManufDm = "MANUF_DM_MASTER";
inline constexpr const char* kManufLocalKey = "MANUF_LOCAL_KEY";
inline constexpr const char* kManufLocalPassword = "MANUF_LOCAL_PASSWORD";

/// Customer objects carry their order: "order:PO-1:DATA_MASTER".
inline QString orderObject(const QString& orderId, const QString& name) {
    return QStringLiteral("order:") + orderId + QLatin1Char(':') + name;
}

} // namespace kps::provisioning::labels
