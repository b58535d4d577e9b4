// kps listing open: the customer's side, verify and decrypt any kps-listing/1.
#include "cli_context.hpp"
#include "kps/reports/listing_opener.hpp"

#include <QJsonArray>
#include <QJsonDocument>
#include <cstdio>

namespace kps::cli {
namespace {

/// Key values as hex, passwords as their characters.
QByteArray valueText(const reports::OpenedSecret& secret) {
    const QByteArray raw(reinterpret_cast<const char*>(secret.value.data()),
                         qsizetype(secret.value.size()));
    return secret.role == QLatin1String("password") ? raw : raw.toHex();
}

void printCsvRow(const QString& address, const reports::OpenedSecret& secret) {
    QByteArray row = address.toUtf8() + ',' + secret.role.toUtf8() + ',' +
                     QByteArray::number(secret.id) + ',' + QByteArray::number(secret.version) +
                     ',' + secret.kcv.toLatin1() + ',' + valueText(secret) + '\n';
    std::fwrite(row.constData(), 1, std::size_t(row.size()), stdout);
    row.fill('\0');
}

} // namespace

int runListing(const Context& context) {
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("key"), QStringLiteral("Recipient private key (PEM)."),
                      QStringLiteral("KEY.pem")});
    parser.addOption(
        {QStringLiteral("sender"), QStringLiteral("Sender certificate."), QStringLiteral("CERT")});
    parser.addOption({QStringLiteral("recipient"),
                      QStringLiteral("Recipient certificate (optional check)."),
                      QStringLiteral("CERT")});
    if (!parseArguments(parser, context, 2,
                        QStringLiteral("listing open FILE --key KEY.pem --sender CERT")))
        return app::Usage;
    if (parser.positionalArguments().first() != QLatin1String("open") ||
        !parser.isSet(QStringLiteral("key")) || !parser.isSet(QStringLiteral("sender")))
        return usage(context,
                     QStringLiteral("usage: kps listing open FILE --key KEY.pem --sender CERT"));
    const reports::OpenRequest request{
        parser.positionalArguments().at(1), parser.value(QStringLiteral("key")),
        parser.value(QStringLiteral("sender")), parser.value(QStringLiteral("recipient"))};
    QJsonArray endpoints;
    if (!context.json)
        std::fputs("address,role,id,version,kcv,value\n", stdout);
    auto opened = reports::openListing(request, [&](const reports::OpenedEndpoint& endpoint) {
        QJsonArray secrets;
        for (const auto& secret : endpoint.secrets) {
            if (!context.json)
                printCsvRow(endpoint.address, secret);
            else
                secrets.append(
                    QJsonObject{{QStringLiteral("role"), secret.role},
                                {QStringLiteral("id"), secret.id},
                                {QStringLiteral("version"), secret.version},
                                {QStringLiteral("kcv"), secret.kcv},
                                {QStringLiteral("value"), QString::fromLatin1(valueText(secret))}});
        }
        if (context.json)
            endpoints.append(QJsonObject{{QStringLiteral("address"), endpoint.address},
                                         {QStringLiteral("secrets"), secrets}});
    });
    if (!opened)
        return failWith(context, app::fromError(opened.error()));
    QJsonArray masters;
    for (const auto& master : opened->masters) {
        if (!context.json)
            printCsvRow(master.name, master);
        masters.append(
            QJsonObject{{QStringLiteral("name"), master.name},
                        {QStringLiteral("kcv"), master.kcv},
                        {QStringLiteral("value"), QString::fromLatin1(valueText(master))}});
    }
    return succeed(context, {},
                   {{QStringLiteral("order"), opened->header.order},
                    {QStringLiteral("purpose"), reports::purposeName(opened->header.purpose)},
                    {QStringLiteral("endpoints"), endpoints},
                    {QStringLiteral("masters"), masters}});
}

} // namespace kps::cli
