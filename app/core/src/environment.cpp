#include "kps/app/environment.hpp"

#include "kps/secure/pin.hpp"

namespace kps::app {

using namespace provisioning;

QString dataDirectoryFromEnvironment() {
    return qEnvironmentVariable("KPS_DATA", QStringLiteral("kps-data"));
}

CommandResult<PinSource> pinFromEnvironment(const QByteArray& name) {
    const QByteArray fileVariable = name + "_FILE";
    PinSource source;
    if (qEnvironmentVariableIsSet(name.constData())) {
        auto pin = secure::takePinFromEnvironment(name.constData());
        if (!pin)
            return tl::unexpected(
                CommandError{Refused, QString::fromStdString(pin.error().message())});
        source.value = std::move(*pin);
    } else if (qEnvironmentVariableIsSet(fileVariable.constData())) {
        source.file = qEnvironmentVariable(fileVariable.constData());
    }
    return source;
}

CommandResult<std::unique_ptr<Station>> openStation(const QString& dataDirectory) {
    KPS_TRY_LET(userPin, pinFromEnvironment("KPS_USER_PIN"));
    KPS_TRY_LET_MAP(station, Station::open(dataDirectory, std::move(userPin)), fromError);
    return station;
}

QString simulatedCrashPoint() {
    return qEnvironmentVariable("KPS_SIM_CRASH_AT");
}

int simulatedFlashMs() {
    return qBound(0, qEnvironmentVariableIntValue("KPS_SIM_FLASH_MS"), 10000);
}

} // namespace kps::app
