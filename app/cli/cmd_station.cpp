// kps init.
#include "cli_context.hpp"
#include "kps/provisioning/station.hpp"

#include <QDir>

namespace kps::cli {

using namespace provisioning;

int runInit(const Context& context) {
    QCommandLineParser parser;
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
    if (!parseArguments(
            parser, context, 0,
            QStringLiteral("init [--name NAME] [--module PATH] [--token LABEL | --uri URI]")))
        return app::Usage;
    InitOptions options{context.dataDirectory, parser.value(QStringLiteral("name")),
                        parser.value(QStringLiteral("module")),
                        parser.value(QStringLiteral("token")), app::currentActor()};
    options.tokenUri = parser.value(QStringLiteral("uri"));
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
