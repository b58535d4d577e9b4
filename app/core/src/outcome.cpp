#include "kps/app/outcome.hpp"

#include <QProcessEnvironment>

namespace kps::app {

CommandError fromError(const provisioning::Error& error) {
    using provisioning::ErrorKind;
    switch (error.kind) {
    case ErrorKind::BadInput:
        return {BadInput, error.message()};
    case ErrorKind::Refused:
        return {Refused, error.message()};
    default:
        return {DeviceFailure, error.message()};
    }
}

CommandError fromError(const reports::ReportError& error) {
    using reports::ReportErrorKind;
    switch (error.kind) {
    case ReportErrorKind::BadInput:
    case ReportErrorKind::Signature:
        return {BadInput, error.message()};
    default:
        return {DeviceFailure, error.message()};
    }
}

QString currentActor() {
    const auto environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"KPS_ACTOR", "USER", "LOGNAME"})
        if (const QString value = environment.value(QString::fromLatin1(name)); !value.isEmpty())
            return value;
    return QStringLiteral("operator");
}

} // namespace kps::app
