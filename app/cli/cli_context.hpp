#pragma once
// What every kps command receives: the station directory, the output mode and its
// own arguments; and how it answers (text, or one JSON object with --json).
#include "kps/app/custody.hpp"
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QStringList>
#include <functional>

namespace kps::cli {

struct Context {
    QString dataDirectory;
    bool json = false;
    QString command;
    QStringList arguments; // the command's own, program name first (for QCommandLineParser)
};

/// Parses the command's options; on a usage error prints it and returns false.
bool parseArguments(QCommandLineParser& parser, const Context& context, int positionalCount,
                    const QString& synopsis);

int succeed(const Context& context, const QString& text, const QJsonObject& result);
int failWith(const Context& context, const app::CommandError& error);
int usage(const Context& context, const QString& message);

/// The station of --data with the user of $KPS_LOGIN logged in.
struct LoggedIn {
    std::unique_ptr<provisioning::Station> station;
    provisioning::Principal principal;
};
tl::expected<LoggedIn, app::CommandError> openAndLogIn(const Context& context);
/// The same, but the command's input file is checked before anyone logs in (the
/// check writes nothing), so a bad file changes nothing, not even the audit log.
using InputCheck = std::function<provisioning::Done(provisioning::Station&)>;
tl::expected<LoggedIn, app::CommandError> openCheckAndLogIn(const Context& context,
                                                            const InputCheck& check);

/// The station of --data with both key custodians of $KPS_LOGIN and $KPS_LOGIN2.
struct WithCustodians {
    std::unique_ptr<provisioning::Station> station;
    app::Custodians custodians;
};
tl::expected<WithCustodians, app::CommandError> openWithCustodians(const Context& context,
                                                                   const InputCheck& check = {});

using CommandFunction = int (*)(const Context&);

int runInit(const Context& context);
int runOrder(const Context& context);
int runRun(const Context& context);
int runClose(const Context& context);
int runReport(const Context& context);
int runAudit(const Context& context);
int runListing(const Context& context);
int runDemo(const Context& context);
int runUser(const Context& context);
int runMasters(const Context& context);
int runKeyList(const Context& context);
int runDestroy(const Context& context);
int runEvalKit(const Context& context);
int runProbes(const Context& context);
int runEndpoint(const Context& context);

} // namespace kps::cli
