// kps listing open | verify | seal: the customer's side of kps-listing/1 (no station
// needed): verify and decrypt a listing, check one without any key, or build one.
#include "cli_context.hpp"
#include "kps/reports/listing_opener.hpp"
#include "kps/reports/listing_sealer.hpp"
#include "listing_print.hpp"

#include <QJsonArray>
#include <QJsonDocument>
#include <cstdio>

namespace kps::cli {
namespace {

const char* kUsage =
    "usage: kps listing open FILE --key KEY.pem --sender CERT [--recipient CERT]\n"
    "       kps listing verify FILE --sender CERT [--recipient CERT]\n"
    "       kps listing seal --purpose PURPOSE --order ID --keys KEYS.csv --to CERT\n"
    "                        --sender-key KEY.pem --sender CERT --out FILE [--wrap rsa-oaep-sha256|"
    "rsa-oaep-sha1]";

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

int openListing(const Context& context, const QCommandLineParser& parser, const QString& file) {
    if (!parser.isSet(QStringLiteral("key")))
        return usage(context, QString::fromLatin1(kUsage));
    const reports::OpenRequest request{file, parser.value(QStringLiteral("key")),
                                       parser.value(QStringLiteral("sender")),
                                       parser.value(QStringLiteral("recipient"))};
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

int verifyListing(const Context& context, const QCommandLineParser& parser, const QString& file) {
    auto verified = reports::verifyListing(
        {file, parser.value(QStringLiteral("sender")), parser.value(QStringLiteral("recipient"))});
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

int sealListing(const Context& context, const QCommandLineParser& parser) {
    const auto purpose = reports::purposeFrom(parser.value(QStringLiteral("purpose")));
    for (const char* option : {"order", "keys", "to", "sender-key", "sender", "out"})
        if (!parser.isSet(QString::fromLatin1(option)) || !purpose)
            return usage(context, QString::fromLatin1(kUsage));
    reports::SealRequest request{*purpose,
                                 parser.value(QStringLiteral("order")),
                                 parser.value(QStringLiteral("keys")),
                                 parser.value(QStringLiteral("to")),
                                 parser.value(QStringLiteral("sender-key")),
                                 parser.value(QStringLiteral("sender")),
                                 parser.value(QStringLiteral("out")),
                                 parser.value(QStringLiteral("wrap"))};
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

void addOptions(QCommandLineParser& parser) {
    const QList<QCommandLineOption> options{
        {QStringLiteral("key"), QStringLiteral("Recipient private key (PEM)."),
         QStringLiteral("KEY")},
        {QStringLiteral("sender"), QStringLiteral("Sender certificate."), QStringLiteral("CERT")},
        {QStringLiteral("recipient"), QStringLiteral("Recipient certificate."),
         QStringLiteral("CERT")},
        {QStringLiteral("purpose"), QStringLiteral("Listing purpose."), QStringLiteral("PURPOSE")},
        {QStringLiteral("order"), QStringLiteral("Order id."), QStringLiteral("ID")},
        {QStringLiteral("keys"), QStringLiteral("CSV of keys."), QStringLiteral("CSV")},
        {QStringLiteral("to"), QStringLiteral("Recipient certificate (seal)."),
         QStringLiteral("CERT")},
        {QStringLiteral("sender-key"), QStringLiteral("Sender private key (PEM)."),
         QStringLiteral("KEY")},
        {QStringLiteral("out"), QStringLiteral("Output file."), QStringLiteral("FILE")},
        {QStringLiteral("wrap"), QStringLiteral("RSA-OAEP hash."), QStringLiteral("WRAP"),
         QStringLiteral("rsa-oaep-sha256")}};
    parser.addOptions(options);
}

} // namespace

int runListing(const Context& context) {
    QCommandLineParser parser;
    addOptions(parser);
    if (!parser.parse(context.arguments))
        return usage(context, parser.errorText() + u'\n' + QString::fromLatin1(kUsage));
    const QStringList words = parser.positionalArguments();
    const QString verb = words.value(0);
    if (verb == QLatin1String("seal") && words.size() == 1)
        return sealListing(context, parser);
    if (words.size() != 2 || !parser.isSet(QStringLiteral("sender")))
        return usage(context, QString::fromLatin1(kUsage));
    if (verb == QLatin1String("open"))
        return openListing(context, parser, words.at(1));
    if (verb == QLatin1String("verify"))
        return verifyListing(context, parser, words.at(1));
    return usage(context, QString::fromLatin1(kUsage));
}

} // namespace kps::cli
