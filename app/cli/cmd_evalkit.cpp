// kps evalkit --to CERT [--out FILE]: MANUF masters to an evaluation customer; two
// key custodians and the security officer PIN ($KPS_SO_PIN or $KPS_SO_PIN_FILE).
#include "cli_context.hpp"
#include "kps/app/custody.hpp"
#include "kps/secure/pin.hpp"

namespace kps::cli {
namespace {

tl::expected<secure::SecretBytes, app::CommandError> soPin() {
    secure::PinResult<secure::SecretBytes> pin = tl::unexpected(secure::PinError{});
    if (qEnvironmentVariableIsSet("KPS_SO_PIN"))
        pin = secure::takePinFromEnvironment("KPS_SO_PIN");
    else if (qEnvironmentVariableIsSet("KPS_SO_PIN_FILE"))
        pin = secure::readPinFile(qEnvironmentVariable("KPS_SO_PIN_FILE").toStdString());
    else
        return tl::unexpected(app::CommandError{
            app::Refused, QStringLiteral("evaluation kit: only the security officer can make the "
                                         "trusted key it needs: set KPS_SO_PIN_FILE")});
    if (!pin)
        return tl::unexpected(
            app::CommandError{app::Refused, QString::fromStdString(pin.error().message())});
    return std::move(*pin);
}

} // namespace

int runEvalKit(const Context& context) {
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("to"), QStringLiteral("Evaluation customer's certificate."),
                      QStringLiteral("CERT")});
    parser.addOption({QStringLiteral("out"),
                      QStringLiteral("Kit file (default DIR/exports/eval-kits/)."),
                      QStringLiteral("FILE")});
    if (!parseArguments(parser, context, 0, QStringLiteral("evalkit --to CERT [--out FILE]")))
        return app::Usage;
    if (!parser.isSet(QStringLiteral("to")))
        return usage(context, QStringLiteral("usage: kps evalkit --to CERT [--out FILE]"));
    auto opened = openWithCustodians(context);
    if (!opened)
        return failWith(context, opened.error());
    auto pin = soPin();
    if (!pin)
        return failWith(context, pin.error());
    auto kit =
        app::exportEvalKit(*opened->station, opened->custodians, parser.value(QStringLiteral("to")),
                           *pin, parser.value(QStringLiteral("out")));
    if (!kit)
        return failWith(context, kit.error());
    return succeed(context,
                   QStringLiteral("Evaluation kit %1 written: %2 (+ .sig), signer %3")
                       .arg(kit->kitId, kit->kit, kit->signerCertificate),
                   {{QStringLiteral("kit"), kit->kit},
                    {QStringLiteral("id"), kit->kitId},
                    {QStringLiteral("signer"), kit->signerCertificate}});
}

} // namespace kps::cli
