// kps evalkit --to CERT [--out FILE]: MANUF masters to an evaluation customer; two
// key custodians and the security officer PIN: the custodians' two shares of it
// ($KPS_SO_SHARE1_FILE, $KPS_SO_SHARE2_FILE), or the PIN ($KPS_SO_PIN(_FILE)) where the
// token's SO PIN was given at init.
#include "commands.hpp"
#include "kps/app/operations/custody.hpp"
#include "kps/provisioning/so_pin_shares.hpp"
#include "kps/secure/pin.hpp"
#include "session.hpp"

namespace kps::cli {
namespace {

const Option kTo = Option::text("to", "CERT", "Evaluation customer's certificate.");
const Option kOut = Option::text("out", "FILE", "Kit file (default DIR/exports/eval-kits/).");

app::CommandResult<secure::SecretBytes> shareFrom(const char* variable) {
    const QString file = qEnvironmentVariable(variable);
    auto share = secure::readPinFile(file.toStdString());
    if (!share)
        return tl::unexpected(
            app::CommandError{app::BadInput, QString::fromStdString(share.error().message())});
    return std::move(*share);
}

/// The SO PIN: joined from the custodians' two shares, or given as it is.
app::CommandResult<secure::SecretBytes> soPin() {
    if (qEnvironmentVariableIsEmpty("KPS_SO_SHARE1_FILE") &&
        qEnvironmentVariableIsEmpty("KPS_SO_SHARE2_FILE"))
        return requiredPin(
            "KPS_SO_PIN",
            {app::Refused, app::Refused,
             QStringLiteral("evaluation kit: only the security officer can make the trusted key "
                            "it needs: each custodian brings their share of the SO PIN "
                            "(KPS_SO_SHARE1_FILE, KPS_SO_SHARE2_FILE)")});
    KPS_TRY_LET(first, shareFrom("KPS_SO_SHARE1_FILE"));
    KPS_TRY_LET(second, shareFrom("KPS_SO_SHARE2_FILE"));
    KPS_TRY_LET_MAP(pin, provisioning::joinSoPin(first, second), app::fromError);
    return pin;
}

int runEvalKit(const Invocation& call) {
    const Context& context = call.context();
    auto opened = openWithCustodians(context);
    if (!opened)
        return failWith(context, opened.error());
    auto pin = soPin();
    if (!pin)
        return failWith(context, pin.error());
    auto kit = app::exportEvalKit(*opened->station, opened->custodians, call.text(kTo), *pin,
                                  call.text(kOut));
    if (!kit)
        return failWith(context, kit.error());
    return succeed(context,
                   QStringLiteral("Evaluation kit %1 written: %2 (+ .sig), signer %3")
                       .arg(kit->kitId, kit->kit, kit->signerCertificate),
                   {{QStringLiteral("kit"), kit->kit},
                    {QStringLiteral("id"), kit->kitId},
                    {QStringLiteral("signer"), kit->signerCertificate}});
}

} // namespace

CommandSpec evalKitCommand() {
    return {"evalkit",
            "MANUF masters to an evaluation customer (two key custodians, SO PIN)",
            {{"", {}, {&kTo, &kOut}, {&kTo}, "", runEvalKit}}};
}

} // namespace kps::cli
