// kps pskc export | open: an order's listing or DM batch as PSKC (RFC 6030) for the
// customer's and the head-end's tools (station side), and its opening with the
// recipient's private key (the customer's side, no station).
#include "commands.hpp"
#include "kps/app/operations/pskc.hpp"
#include "kps/reports/pskc.hpp"
#include "listing_print.hpp"
#include "session.hpp"

#include <cstdio>

namespace kps::cli {
namespace {

const Operand kOrder{"ORDER", Operand::Kind::OrderId};
const Operand kFile{"FILE", Operand::Kind::Text};
const Option kOf = Option::choice("of", "listing|dm-batch",
                                  "Which export: the customer listing or the DM batch.", "listing");
const Option kOut = Option::text("out", "FILE", "Output file (default: beside the export).");
const Option kKey = Option::text("key", "KEY.pem", "Recipient private key (PEM).");
const Option kSender = Option::text("sender", "CERT", "The station's signing certificate.");

int exportPskc(const Invocation& call) {
    const Context& context = call.context();
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    const auto source = call.text(kOf) == QLatin1String("dm-batch")
                            ? app::PskcSource::DmBatch
                            : app::PskcSource::CustomerListing;
    auto written = app::exportPskc(*session->station, session->principal, call.orderId(), source,
                                   call.text(kOut));
    if (!written)
        return failWith(context, written.error());
    return succeed(context,
                   QStringLiteral("%1: %2 endpoints, %3 key packages, signed; SHA-256 %4")
                       .arg(written->file)
                       .arg(written->endpoints)
                       .arg(written->keyPackages)
                       .arg(written->sha256),
                   {{QStringLiteral("file"), written->file},
                    {QStringLiteral("endpoints"), written->endpoints},
                    {QStringLiteral("keyPackages"), written->keyPackages},
                    {QStringLiteral("sha256"), written->sha256}});
}

/// CSV on stdout, as `kps listing open` prints it.
int openPskc(const Invocation& call) {
    const Context& context = call.context();
    printCsvHeader(stdout);
    auto opened = reports::openPskc({call.operand(0), call.text(kKey), call.text(kSender)},
                                    [&](const reports::OpenedEndpoint& endpoint) {
                                        for (const auto& secret : endpoint.secrets)
                                            printCsvRow(stdout, endpoint.address, secret);
                                    });
    if (!opened)
        return failWith(context, app::fromError(opened.error()));
    return app::Ok;
}

} // namespace

CommandSpec pskcCommand() {
    return {"pskc",
            "PSKC (RFC 6030): an order's export for key-management tools, and its opening",
            {{"export",
              {kOrder},
              {&kOf, &kOut},
              {},
              "the closed order's listing or DM batch as a signed PSKC file",
              exportPskc},
             {"open",
              {kFile},
              {&kKey, &kSender},
              {&kKey, &kSender},
              "verify and decrypt a PSKC file (the customer's side, no station): CSV",
              openPskc}}};
}

} // namespace kps::cli
