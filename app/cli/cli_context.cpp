#include "cli_context.hpp"

#include "kps/app/login.hpp"

#include <QJsonDocument>
#include <cstdio>

namespace kps::cli {

namespace {
void print(FILE* stream, const QString& text) {
    std::fputs(text.toLocal8Bit().constData(), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}
} // namespace

bool parseArguments(QCommandLineParser& parser, const Context& context, int positionalCount,
                    const QString& synopsis) {
    parser.setApplicationDescription(synopsis);
    if (!parser.parse(context.arguments)) {
        usage(context, parser.errorText());
        return false;
    }
    if (parser.positionalArguments().size() != positionalCount) {
        usage(context, QStringLiteral("usage: kps [--data DIR] [--json] %1").arg(synopsis));
        return false;
    }
    return true;
}

int succeed(const Context& context, const QString& text, const QJsonObject& result) {
    if (context.json) {
        QJsonObject answer = result;
        answer.insert(QStringLiteral("ok"), true);
        answer.insert(QStringLiteral("command"), context.command);
        print(stdout, QString::fromUtf8(QJsonDocument(answer).toJson(QJsonDocument::Compact)));
    } else if (!text.isEmpty()) {
        print(stdout, text);
    }
    return app::Ok;
}

int failWith(const Context& context, const app::CommandError& error) {
    if (context.json) {
        const QJsonObject answer{{QStringLiteral("ok"), false},
                                 {QStringLiteral("command"), context.command},
                                 {QStringLiteral("exitCode"), int(error.code)},
                                 {QStringLiteral("error"), error.message}};
        print(stdout, QString::fromUtf8(QJsonDocument(answer).toJson(QJsonDocument::Compact)));
    } else {
        print(stderr, QStringLiteral("kps: ") + error.message);
    }
    return error.code;
}

tl::expected<LoggedIn, app::CommandError> openAndLogIn(const Context& context) {
    return openCheckAndLogIn(context, [](provisioning::Station&) { return provisioning::Done{}; });
}

tl::expected<LoggedIn, app::CommandError> openCheckAndLogIn(const Context& context,
                                                            const InputCheck& check) {
    auto station = provisioning::Station::open(context.dataDirectory);
    if (!station)
        return tl::unexpected(app::fromError(station.error()));
    if (auto checked = check(**station); !checked)
        return tl::unexpected(app::fromError(checked.error()));
    auto principal = app::loginFromEnvironment(**station);
    if (!principal)
        return tl::unexpected(principal.error());
    return LoggedIn{std::move(*station), *principal};
}

tl::expected<WithCustodians, app::CommandError> openWithCustodians(const Context& context,
                                                                   const InputCheck& check) {
    auto station = provisioning::Station::open(context.dataDirectory);
    if (!station)
        return tl::unexpected(app::fromError(station.error()));
    if (check)
        if (auto checked = check(**station); !checked)
            return tl::unexpected(app::fromError(checked.error()));
    auto custodians = app::custodiansFromEnvironment(**station);
    if (!custodians)
        return tl::unexpected(custodians.error());
    return WithCustodians{std::move(*station), *custodians};
}

int usage(const Context& context, const QString& message) {
    return failWith(context, {app::Usage, message});
}

} // namespace kps::cli
