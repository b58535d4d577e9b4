// kps evalkit --to CERT [--out FILE]: MANUF masters to an evaluation customer; two
// key custodians and the security officer PIN ($KPS_SO_PIN or $KPS_SO_PIN_FILE).
#include "commands.hpp"
#include "kps/app/operations/custody.hpp"
#include "session.hpp"

namespace kps::cli {
namespace {

const Option kTo = Option::text("to", "CERT", "Evaluation customer's certificate.");
const Option kOut = Option::text("out", "FILE", "Kit file (default DIR/exports/eval-kits/).");

int runEvalKit(const Invocation& call) {
    const Context& context = call.context();
    auto opened = openWithCustodians(context);
    if (!opened)
        return failWith(context, opened.error());
    auto pin = requiredPin("KPS_SO_PIN",
                           {app::Refused, app::Refused,
                            QStringLiteral("evaluation kit: only the security officer can make "
                                           "the trusted key it needs: set KPS_SO_PIN_FILE")});
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
