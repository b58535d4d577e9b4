#pragma once
// Runs the kps command line (path from $KPS_CLI, set by ctest) and other programs.
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

namespace kps::test {

struct ProcessResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline ProcessResult
runProgram(const QString& program, const QStringList& arguments, const QByteArray& input = {},
           const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment(),
           int timeoutMs = 300000) {
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return {-1, {}, ("cannot start " + program).toUtf8()};
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(timeoutMs);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

inline QString cliPath() {
    return qEnvironmentVariable("KPS_CLI", QStringLiteral(KPS_BINARY_DIR "/app/kps"));
}

inline ProcessResult
runKps(const QStringList& arguments,
       const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
    return runProgram(cliPath(), arguments, {}, environment);
}

} // namespace kps::test
