// kps init (a station of its own, or --join one more station on a shared registry).
#include "commands.hpp"
#include "kps/app/environment.hpp"
#include "session.hpp"

#include <QDir>
#include <QFileInfo>

namespace kps::cli {

using namespace provisioning;

namespace {

const Option kName = Option::text("name", "NAME", "Station name.", "station-01");
const Option kModule =
    Option::text("module", "PATH", "PKCS#11 module (default $KPS_PKCS11_MODULE, else SoftHSM2).");
const Option kToken = Option::text("token", "LABEL", "Token label.", "kps-station");
const Option kUri = Option::text("uri", "URI",
                                 "An initialised token, by RFC 7512 PKCS#11 URI (its user PIN "
                                 "from KPS_USER_PIN(_FILE) or the URI's pin-source).");
const Option kPgHost = Option::text("pg-host", "HOST",
                                    "Shared registry: PostgreSQL host (the store is then "
                                    "PostgreSQL instead of a SQLite file).");
const Option kPgPort = Option::integer("pg-port", "PORT", "PostgreSQL port.", "5432", 1, 65535);
const Option kPgDatabase = Option::text("pg-database", "NAME", "PostgreSQL database.", "kps");
const Option kPgUser = Option::text("pg-user", "USER", "PostgreSQL user.", "kps");
const Option kPgPasswordFile = Option::text(
    "pg-password-file", "FILE",
    "The user's password in pgpass format (mode 0600); libpq reads it, the configuration "
    "names only the file.");
const Option kJoin = Option::text("join", "DIR",
                                  "One more station on the registry of the station in DIR: its "
                                  "HSM token and PostgreSQL store, under --name (an "
                                  "administrator of the registry logs in).");

const Option kCustodian1 = Option::text("custodian1", "NAME",
                                        "The first key custodian (the ceremony: PIN from "
                                        "$KPS_CUSTODIAN1_PIN(_FILE), chosen by them).");
const Option kCustodian2 = Option::text("custodian2", "NAME",
                                        "The second key custodian (PIN from "
                                        "$KPS_CUSTODIAN2_PIN(_FILE), chosen by them).");
const Option kSoShare1 = Option::text("so-share1", "FILE",
                                      "Where the first custodian's share of the SO PIN goes "
                                      "(default DIR/secrets/so-share-1.pin).");
const Option kSoShare2 = Option::text("so-share2", "FILE",
                                      "Where the second custodian's share of the SO PIN goes "
                                      "(default DIR/secrets/so-share-2.pin).");

StoreLocation storeFrom(const Invocation& call) {
    StoreLocation location;
    if (!call.isSet(kPgHost))
        return location;
    location.driver = QStringLiteral("QPSQL");
    location.host = call.text(kPgHost);
    location.port = int(call.integer(kPgPort));
    location.database = call.text(kPgDatabase);
    location.user = call.text(kPgUser);
    if (call.isSet(kPgPasswordFile))
        location.passwordFile = QFileInfo(call.text(kPgPasswordFile)).absoluteFilePath();
    return location;
}

/// Only an administrator of the registry ($KPS_LOGIN, logged in on the joined station)
/// adds a station to it; the engine checks the role.
int joinRegistry(const Invocation& call) {
    const Context& context = call.context();
    Context registry = context;
    registry.dataDirectory = call.text(kJoin);
    auto session = openAndLogIn(registry);
    if (!session)
        return failWith(context, session.error());
    const JoinOptions options{context.dataDirectory, call.text(kName)};
    if (auto made = Station::join(options, *session->station, session->principal); !made)
        return failWith(context, app::fromError(made.error()));
    const QString root = QDir(context.dataDirectory).absolutePath();
    return succeed(
        context,
        QStringLiteral("Station %1 joined the registry of %2; data in %3")
            .arg(options.stationName, registry.dataDirectory, root),
        {{QStringLiteral("station"), options.stationName}, {QStringLiteral("data"), root}});
}

/// The PINs kps init takes from the environment (else it makes them in DIR/secrets/).
app::CommandResult<InitOptions> initOptions(const Invocation& call) {
    InitOptions options;
    options.dataDirectory = call.context().dataDirectory;
    options.stationName = call.text(kName);
    options.modulePath =
        call.isSet(kModule) ? call.text(kModule) : qEnvironmentVariable("KPS_PKCS11_MODULE");
    options.tokenLabel = call.text(kToken);
    options.actor = app::currentActor();
    options.tokenUri = call.text(kUri);
    options.store = storeFrom(call);
    KPS_TRY_LET(userPin, app::pinFromEnvironment("KPS_USER_PIN"));
    KPS_TRY_LET(soPin, app::pinFromEnvironment("KPS_SO_PIN"));
    KPS_TRY_LET(adminPin, app::pinFromEnvironment("KPS_LOGIN_PIN"));
    const std::pair<const Option*, const char*> custodians[] = {
        {&kCustodian1, "KPS_CUSTODIAN1_PIN"}, {&kCustodian2, "KPS_CUSTODIAN2_PIN"}};
    for (const auto& [option, variable] : custodians) {
        if (!call.isSet(*option))
            return tl::unexpected(app::CommandError{
                app::Usage, QStringLiteral("kps init: name the two key custodians "
                                           "(--custodian1 NAME --custodian2 NAME)")});
        KPS_TRY_LET(pin, app::pinFromEnvironment(variable));
        if (!pin.given())
            return tl::unexpected(app::CommandError{
                app::Usage, QStringLiteral("kps init: %1 chooses their own PIN: set %2_FILE")
                                .arg(call.text(*option), QString::fromLatin1(variable))});
        options.custodians.push_back({call.text(*option), std::move(pin)});
    }
    options.soShareFiles = {call.text(kSoShare1), call.text(kSoShare2)};
    options.userPin = std::move(userPin);
    options.soPin = std::move(soPin);
    options.adminPin = std::move(adminPin);
    return options;
}

QString shareFile(const InitOptions& options, std::size_t index, const QString& root) {
    if (!options.soShareFiles[index].isEmpty())
        return options.soShareFiles[index];
    return QDir(root).filePath(QStringLiteral("secrets/so-share-%1.pin").arg(index + 1));
}

int runInit(const Invocation& call) {
    const Context& context = call.context();
    if (call.isSet(kJoin))
        return joinRegistry(call);
    auto options = initOptions(call);
    if (!options)
        return failWith(context, options.error());
    const QString name = options->stationName;
    const QString root = QDir(context.dataDirectory).absolutePath();
    QString shares;
    if (!options->soPin.given() && options->tokenUri.isEmpty())
        shares = QStringLiteral("\nEach key custodian now takes their share of the SO PIN "
                                "away (and no copy stays): %1 (%2), %3 (%4)")
                     .arg(shareFile(*options, 0, root), options->custodians[0].name,
                          shareFile(*options, 1, root), options->custodians[1].name);
    if (auto made = Station::initialize(std::move(*options)); !made)
        return failWith(context, app::fromError(made.error()));
    return succeed(context,
                   QStringLiteral("Station %1 initialised in %2; certificates in %2/public%3")
                       .arg(name, root, shares),
                   {{QStringLiteral("station"), name}, {QStringLiteral("data"), root}});
}

} // namespace

CommandSpec initCommand() {
    return {"init",
            "Make a station: HSM token, signing and import keys, MANUF masters, store",
            {{"",
              {},
              {&kName, &kModule, &kToken, &kUri, &kPgHost, &kPgPort, &kPgDatabase, &kPgUser,
               &kPgPasswordFile, &kJoin, &kCustodian1, &kCustodian2, &kSoShare1, &kSoShare2},
              {},
              "",
              runInit}},
            false,
            "The first administrator is admin, PIN from $KPS_LOGIN_PIN(_FILE) or made into\n"
            "DIR/secrets/admin.pin; the token's PINs from $KPS_USER_PIN(_FILE) and\n"
            "$KPS_SO_PIN(_FILE), or made into DIR/secrets/ (the SO PIN: split into two shares,\n"
            "one per key custodian, --so-share1/--so-share2; never kept in clear). The two\n"
            "key custodians are enrolled here, each with the PIN they chose. With --join,\n"
            "$KPS_LOGIN is an administrator of the joined station."};
}

} // namespace kps::cli
