// kps listing open | verify | seal: the customer's side of kps-listing/1 (no station
// needed): verify and decrypt a listing, check one without any key, or build one.
#include "commands.hpp"
#include "kps/reports/listing_opener.hpp"
#include "kps/reports/listing_sealer.hpp"
#include "listing_print.hpp"

#include <QJsonArray>
#include <QJsonDocument>
#include <cstdio>

namespace kps::cli {
namespace {

const Operand kFile{"FILE", Operand::Kind::Text};
const Option kKey = Option::text("key", "KEY.pem", "Recipient private key (PEM).");
const Option kSender = Option::text("sender", "CERT", "Sender certificate.");
const Option kRecipient = Option::text("recipient", "CERT", "Recipient certificate.");
const Option kPurpose = Option::text("purpose", "PURPOSE", "Listing purpose (masters, key-list).");
const Option kOrder = Option::text("order", "ID", "Order id.");
const Option kKeys = Option::text("keys", "KEYS.csv", "CSV of keys.");
const Option kTo = Option::text("to", "CERT", "Recipient certificate (seal).");
const Option kSenderKey = Option::text("sender-key", "KEY.pem", "Sender private key (PEM).");
const Option kOut = Option::text("out", "FILE", "Output file.");
const Option kWrap = Option::text(
    "wrap", "WRAP", "RSA-OAEP hash: rsa-oaep-sha256 or rsa-oaep-sha1.", "rsa-oaep-sha256");

/// With --json the endpoints stream out as they are opened; the object is closed
/// with the outcome, so the output stays one valid JSON object even after an error.
class JsonStreamOut {
public:
    void endpoint(const reports::OpenedEndpoint& endpoint) {
        std::fputs(count_++ ? "," : "{\"command\":\"listing\",\"endpoints\":[", stdout);
        printJsonEndpoint(stdout, endpoint);
    }
    bool started() const { return count_ > 0; }
    int close(const reports::OpenedListing& opened) {
        std::fputs(started() ? "],\"masters\":["
                             : "{\"command\":\"listing\",\"endpoints\":[],\"masters\":[",
                   stdout);
        for (std::size_t i = 0; i < opened.masters.size(); ++i) {
            if (i)
                std::fputc(',', stdout);
            printJsonMaster(stdout, opened.masters[i]);
        }
        const QJsonObject tail{
            {QStringLiteral("order"), opened.header.order},
            {QStringLiteral("purpose"), reports::purposeName(opened.header.purpose)},
            {QStringLiteral("ok"), true}};
        std::printf("],%s\n",
                    QJsonDocument(tail).toJson(QJsonDocument::Compact).mid(1).constData());
        return app::Ok;
    }
    int fail(const app::CommandError& error) {
        const QJsonObject tail{{QStringLiteral("ok"), false},
                               {QStringLiteral("exitCode"), int(error.code)},
                               {QStringLiteral("error"), error.message}};
        std::printf("],%s\n",
                    QJsonDocument(tail).toJson(QJsonDocument::Compact).mid(1).constData());
        return error.code;
    }

private:
    qint64 count_ = 0;
};

int openListing(const Invocation& call) {
    const Context& context = call.context();
    const reports::OpenRequest request{call.operand(0), call.text(kKey), call.text(kSender),
                                       call.text(kRecipient)};
    JsonStreamOut json;
    bool headerPrinted = false;
    auto opened = reports::openListing(request, [&](const reports::OpenedEndpoint& endpoint) {
        if (context.json)
            return json.endpoint(endpoint);
        if (!std::exchange(headerPrinted, true))
            printCsvHeader(stdout);
        for (const auto& secret : endpoint.secrets)
            printCsvRow(stdout, endpoint.address, secret);
    });
    if (!opened) {
        const app::CommandError error = app::fromError(opened.error());
        if (context.json && json.started())
            return json.fail(error);
        return failWith(context, error);
    }
    if (context.json)
        return json.close(*opened);
    if (!headerPrinted)
        printCsvHeader(stdout);
    for (const auto& master : opened->masters)
        printCsvRow(stdout, master.name, master);
    return app::Ok;
}

int verifyListing(const Invocation& call) {
    const Context& context = call.context();
    const QString file = call.operand(0);
    auto verified = reports::verifyListing({file, call.text(kSender), call.text(kRecipient)});
    if (!verified)
        return failWith(context, app::fromError(verified.error()));
    const QString purpose = reports::purposeName(verified->header.purpose);
    return succeed(context,
                   QStringLiteral("%1: %2 of order %3, signed by %4; %5 endpoints, %6 masters; "
                                  "SHA-256 %7")
                       .arg(file, purpose, verified->header.order, verified->senderSubject)
                       .arg(verified->endpointCount)
                       .arg(verified->header.masters.size())
                       .arg(verified->sha256),
                   {{QStringLiteral("purpose"), purpose},
                    {QStringLiteral("order"), verified->header.order},
                    {QStringLiteral("endpoints"), verified->endpointCount},
                    {QStringLiteral("masters"), qint64(verified->header.masters.size())},
                    {QStringLiteral("sha256"), verified->sha256}});
}

int sealListing(const Invocation& call) {
    const Context& context = call.context();
    const auto purpose = reports::purposeFrom(call.text(kPurpose));
    if (!purpose)
        return usage(context, call.command(),
                     QStringLiteral("--purpose takes a listing purpose, not \"%1\"")
                         .arg(call.text(kPurpose)));
    reports::SealRequest request{*purpose,        call.text(kOrder),     call.text(kKeys),
                                 call.text(kTo),  call.text(kSenderKey), call.text(kSender),
                                 call.text(kOut), call.text(kWrap)};
    auto sealed = reports::sealListing(request);
    if (!sealed)
        return failWith(context, app::fromError(sealed.error()));
    return succeed(
        context,
        QStringLiteral("%1 sealed: %2 endpoints, %3 masters, signed (%1.sig); SHA-256 %4")
            .arg(request.output)
            .arg(sealed->endpoints)
            .arg(sealed->masters)
            .arg(sealed->sha256),
        {{QStringLiteral("file"), request.output},
         {QStringLiteral("endpoints"), sealed->endpoints},
         {QStringLiteral("masters"), sealed->masters},
         {QStringLiteral("sha256"), sealed->sha256}});
}

} // namespace

CommandSpec listingCommand() {
    return {"listing",
            "The customer's side of kps-listing/1: open, verify or seal one (no station)",
            {{"open",
              {kFile},
              {&kKey, &kSender, &kRecipient},
              {&kKey, &kSender},
              "verify and decrypt a listing, as a stream (CSV, or JSON with --json)",
              openListing},
             {"verify",
              {kFile},
              {&kSender, &kRecipient},
              {&kSender},
              "signature, schema, parties and every entry, without any key",
              verifyListing},
             {"seal",
              {},
              {&kPurpose, &kOrder, &kKeys, &kTo, &kSenderKey, &kSender, &kOut, &kWrap},
              {&kPurpose, &kOrder, &kKeys, &kTo, &kSenderKey, &kSender, &kOut},
              "build a kps-listing/1 from a CSV of keys (masters, key lists)",
              sealListing}}};
}

} // namespace kps::cli
