// kps init (a station of its own, or --join one more station on a shared registry).
#include "cli_context.hpp"
#include "kps/provisioning/station.hpp"

#include <QDir>

namespace kps::cli {

using namespace provisioning;

namespace {

void addInitOptions(QCommandLineParser& parser) {
    parser.addOption({QStringLiteral("name"), QStringLiteral("Station name."),
                      QStringLiteral("NAME"), QStringLiteral("station-01")});
    parser.addOption({QStringLiteral("module"),
                      QStringLiteral("PKCS#11 module (default SoftHSM2)."),
                      QStringLiteral("PATH")});
    parser.addOption({QStringLiteral("token"), QStringLiteral("Token label."),
                      QStringLiteral("LABEL"), QStringLiteral("kps-station")});
    parser.addOption({QStringLiteral("uri"),
                      QStringLiteral("An initialised token, by RFC 7512 PKCS#11 URI (its user PIN "
                                     "from KPS_USER_PIN(_FILE))."),
                      QStringLiteral("URI")});
    parser.addOption({QStringLiteral("pg-host"),
                      QStringLiteral("Shared registry: PostgreSQL host (the store is then "
                                     "PostgreSQL instead of a SQLite file)."),
                      QStringLiteral("HOST")});
    parser.addOption({QStringLiteral("pg-port"), QStringLiteral("PostgreSQL port."),
                      QStringLiteral("PORT"), QStringLiteral("5432")});
    parser.addOption({QStringLiteral("pg-database"), QStringLiteral("PostgreSQL database."),
                      QStringLiteral("NAME"), QStringLiteral("kps")});
    parser.addOption({QStringLiteral("pg-user"), QStringLiteral("PostgreSQL user."),
                      QStringLiteral("USER"), QStringLiteral("kps")});
    parser.addOption({QStringLiteral("pg-password-file"),
                      QStringLiteral("The user's password in pgpass format (mode 0600); libpq "
                                     "reads it, the configuration names only the file."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("join"),
                      QStringLiteral("One more station on the registry of the station in DIR: "
                                     "its HSM token and PostgreSQL store, under --name "
                                     "(an administrator logs in: KPS_LOGIN, KPS_LOGIN_PIN_FILE)."),
                      QStringLiteral("DIR")});
}

StoreLocation storeFrom(const QCommandLineParser& parser) {
    StoreLocation location;
    if (!parser.isSet(QStringLiteral("pg-host")))
        return location;
    location.driver = QStringLiteral("QPSQL");
    location.host = parser.value(QStringLiteral("pg-host"));
    location.port = parser.value(QStringLiteral("pg-port")).toInt();
    location.database = parser.value(QStringLiteral("pg-database"));
    location.user = parser.value(QStringLiteral("pg-user"));
    if (parser.isSet(QStringLiteral("pg-password-file")))
        location.passwordFile =
            QFileInfo(parser.value(QStringLiteral("pg-password-file"))).absoluteFilePath();
    return location;
}

/// Only an administrator of the registry ($KPS_LOGIN, checked on the joined station)
/// adds a station to it.
tl::expected<QString, app::CommandError> registryAdministrator(const Context& context,
                                                               const QString& joined) {
    Context registry = context;
    registry.dataDirectory = joined;
    auto session = openAndLogIn(registry);
    if (!session)
        return tl::unexpected(session.error());
    if (auto permitted = session->station->require(session->principal, Action::ManageUsers,
                                                   QStringLiteral("station join"));
        !permitted)
        return tl::unexpected(app::fromError(permitted.error()));
    return session->principal.user;
}

int joinRegistry(const Context& context, const QCommandLineParser& parser) {
    const QString joined = parser.value(QStringLiteral("join"));
    auto administrator = registryAdministrator(context, joined);
    if (!administrator)
        return failWith(context, administrator.error());
    const JoinOptions options{context.dataDirectory, parser.value(QStringLiteral("name")), joined,
                              *administrator};
    if (auto joined = Station::join(options); !joined)
        return failWith(context, app::fromError(joined.error()));
    const QString root = QDir(context.dataDirectory).absolutePath();
    return succeed(
        context,
        QStringLiteral("Station %1 joined the registry of %2; data in %3")
            .arg(options.stationName, options.joinedDirectory, root),
        {{QStringLiteral("station"), options.stationName}, {QStringLiteral("data"), root}});
}

} // namespace

int runInit(const Context& context) {
    QCommandLineParser parser;
    addInitOptions(parser);
    if (!parseArguments(parser, context, 0,
                        QStringLiteral("init [--name NAME] [--module PATH] [--token LABEL | --uri "
                                       "URI] [--pg-host HOST ...] | init --join DIR --name NAME")))
        return app::Usage;
    if (parser.isSet(QStringLiteral("join")))
        return joinRegistry(context, parser);
    const int port = parser.value(QStringLiteral("pg-port")).toInt();
    if (port < 1 || port > 65535)
        return usage(context, QStringLiteral("--pg-port takes 1 to 65535"));
    InitOptions options{context.dataDirectory, parser.value(QStringLiteral("name")),
                        parser.value(QStringLiteral("module")),
                        parser.value(QStringLiteral("token")), app::currentActor()};
    options.tokenUri = parser.value(QStringLiteral("uri"));
    options.store = storeFrom(parser);
    if (auto made = Station::initialize(options); !made)
        return failWith(context, app::fromError(made.error()));
    const QString root = QDir(context.dataDirectory).absolutePath();
    return succeed(
        context,
        QStringLiteral("Station %1 initialised in %2; certificates in %2/public")
            .arg(options.stationName, root),
        {{QStringLiteral("station"), options.stationName}, {QStringLiteral("data"), root}});
}

} // namespace kps::cli
