#include "command_table.hpp"

#include <QJsonDocument>
#include <cstdio>

namespace kps::cli {

namespace {

const char* kProgram = "kps [--data DIR] [--json]";

void print(FILE* stream, const QString& text) {
    std::fputs(text.toLocal8Bit().constData(), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

app::CommandError usageError(const QString& message) {
    return {app::Usage, message};
}

/// "add ORDER.json [--badge ID] --role ROLE"
QString verbSynopsis(const CommandSpec& command, const Verb& verb) {
    QStringList words{QString::fromLatin1(command.name)};
    if (*verb.name)
        words << QString::fromLatin1(verb.name);
    for (const Operand& operand : verb.operands)
        words << QString::fromLatin1(operand.name);
    for (const Option* option : verb.options) {
        const bool required =
            std::find(verb.required.begin(), verb.required.end(), option) != verb.required.end();
        words << (required ? option->synopsis() : QLatin1Char('[') + option->synopsis() + u']');
    }
    return words.join(u' ');
}

QString optionLines(const std::vector<const Option*>& options) {
    QStringList lines;
    for (const Option* option : options) {
        QString line = QStringLiteral("  %1").arg(option->synopsis(), -26);
        QString description = QString::fromUtf8(option->description);
        if (*option->defaultValue) { // "Jigs in parallel (default 4)."
            const bool stop = description.endsWith(u'.');
            description =
                (stop ? description.chopped(1) : description) +
                QStringLiteral(" (default %1)").arg(QString::fromLatin1(option->defaultValue)) +
                (stop ? QStringLiteral(".") : QString());
        }
        line += description;
        lines << line;
    }
    return lines.join(u'\n');
}

} // namespace

Option Option::flag(const char* name, const char* description) {
    return {name, Kind::Flag, "", description, "", 0, 0};
}

Option Option::text(const char* name, const char* valueName, const char* description,
                    const char* defaultValue) {
    return {name, Kind::Text, valueName, description, defaultValue, 0, 0};
}

Option Option::integer(const char* name, const char* valueName, const char* description,
                       const char* defaultValue, qint64 minimum, qint64 maximum) {
    return {name, Kind::Integer, valueName, description, defaultValue, minimum, maximum};
}

Option Option::fraction(const char* name, const char* valueName, const char* description,
                        const char* defaultValue) {
    return {name, Kind::Fraction, valueName, description, defaultValue, 0, 1};
}

Option Option::choice(const char* name, const char* choices, const char* description,
                      const char* defaultValue) {
    return {name, Kind::Choice, choices, description, defaultValue, 0, 0};
}

QString Option::synopsis() const {
    const QString option = QStringLiteral("--") + QString::fromLatin1(name);
    return kind == Kind::Flag ? option : option + u' ' + QString::fromLatin1(valueName);
}

bool Invocation::isSet(const Option& option) const {
    return std::any_of(values_.begin(), values_.end(),
                       [&](const auto& value) { return value.first == &option; });
}

QString Invocation::text(const Option& option) const {
    for (const auto& [given, value] : values_)
        if (given == &option)
            return value;
    return QString::fromLatin1(option.defaultValue);
}

qint64 Invocation::integer(const Option& option) const {
    return text(option).toLongLong();
}

double Invocation::fraction(const Option& option) const {
    return text(option).toDouble();
}

std::optional<app::CommandError> Invocation::check(const Option& option, const QString& value) {
    const QString name = option.synopsis();
    bool number = false;
    switch (option.kind) {
    case Option::Kind::Flag:
    case Option::Kind::Text:
        return std::nullopt;
    case Option::Kind::Integer: {
        const qint64 parsed = value.toLongLong(&number);
        if (number && parsed >= option.minimum && parsed <= option.maximum)
            return std::nullopt;
        return usageError(QStringLiteral("%1 takes a whole number from %2 to %3, not \"%4\"")
                              .arg(name)
                              .arg(option.minimum)
                              .arg(option.maximum)
                              .arg(value));
    }
    case Option::Kind::Fraction: {
        const double parsed = value.toDouble(&number);
        if (number && parsed >= 0.0 && parsed <= 1.0)
            return std::nullopt;
        return usageError(
            QStringLiteral("%1 takes a number from 0 to 1, not \"%2\"").arg(name, value));
    }
    case Option::Kind::Choice: {
        const QStringList choices = QString::fromLatin1(option.valueName).split(u'|');
        if (choices.contains(value))
            return std::nullopt;
        return usageError(QStringLiteral("%1 takes %2, not \"%3\"")
                              .arg(QStringLiteral("--") + QString::fromLatin1(option.name),
                                   choices.join(QStringLiteral(" or ")), value));
    }
    }
    return std::nullopt;
}

std::optional<app::CommandError> Invocation::parse(const QStringList& arguments) {
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& argument = arguments[i];
        if (!argument.startsWith(QLatin1String("--")) || argument == QLatin1String("--")) {
            operands_ << argument;
            continue;
        }
        const qsizetype equals = argument.indexOf(u'=');
        const QString name = argument.mid(2, equals < 0 ? -1 : equals - 2);
        const auto found =
            std::find_if(verb_.options.begin(), verb_.options.end(),
                         [&](const Option* option) { return name == QLatin1String(option->name); });
        if (found == verb_.options.end())
            return usageError(QStringLiteral("unknown option --%1").arg(name));
        const Option& option = **found;
        if (isSet(option)) // one value per option: not the first or the last of two
            return usageError(QStringLiteral("--%1 is given twice").arg(name));
        QString value;
        if (option.kind != Option::Kind::Flag) {
            if (equals < 0 && i + 1 >= arguments.size())
                return usageError(QStringLiteral("%1 needs a value").arg(option.synopsis()));
            value = equals < 0 ? arguments[++i] : argument.mid(equals + 1);
        } else if (equals >= 0) {
            return usageError(QStringLiteral("--%1 takes no value").arg(name));
        }
        if (auto problem = check(option, value))
            return problem;
        values_.emplace_back(&option, value);
    }
    for (const Option* option : verb_.required)
        if (!isSet(*option))
            return usageError(QStringLiteral("%1 is needed").arg(option->synopsis()));
    return checkOperands();
}

std::optional<app::CommandError> Invocation::checkOperands() {
    if (operands_.size() != qsizetype(verb_.operands.size()))
        return usageError(operands_.size() < qsizetype(verb_.operands.size())
                              ? QStringLiteral("missing arguments")
                              : QStringLiteral("too many arguments"));
    for (std::size_t i = 0; i < verb_.operands.size(); ++i) {
        const QString& value = operands_[qsizetype(i)];
        switch (verb_.operands[i].kind) {
        case Operand::Kind::Text:
            break;
        case Operand::Kind::OrderId: {
            auto id = provisioning::OrderId::parse(value);
            if (!id)
                return app::fromError(id.error());
            orderId_ = std::move(*id);
            break;
        }
        case Operand::Kind::Address:
            address_ = provisioning::EndpointAddress::parse(value);
            if (!address_)
                return app::CommandError{
                    app::BadInput,
                    QStringLiteral("%1: not an address like KLK-12345678-01-07").arg(value)};
            break;
        }
    }
    return std::nullopt;
}

const CommandSpec* findCommand(const QString& name) {
    for (const CommandSpec& command : commandTable())
        if (name == QLatin1String(command.name))
            return &command;
    return nullptr;
}

QString usageOf(const CommandSpec& command, const Verb* only) {
    QStringList lines;
    for (const Verb& verb : command.verbs)
        if (!only || only == &verb)
            lines << QStringLiteral("%1 %2 %3")
                         .arg(lines.isEmpty() ? QStringLiteral("usage:") : QStringLiteral("      "),
                              QString::fromLatin1(kProgram), verbSynopsis(command, verb));
    return lines.join(u'\n');
}

QString commandHelp(const CommandSpec& command) {
    QString text = usageOf(command) + QStringLiteral("\n\n") + QString::fromUtf8(command.summary) +
                   QStringLiteral(".\n");
    std::vector<const Option*> options;
    for (const Verb& verb : command.verbs) {
        if (command.verbs.size() > 1 || *verb.name)
            text += QStringLiteral("\n  %1 %2")
                        .arg(QString::fromLatin1(verb.name), -12)
                        .arg(QString::fromUtf8(verb.summary));
        for (const Option* option : verb.options)
            if (std::find(options.begin(), options.end(), option) == options.end())
                options.push_back(option);
    }
    if (command.verbs.size() > 1 || *command.verbs.front().name)
        text += u'\n';
    if (!options.empty())
        text += QStringLiteral("\nOptions:\n") + optionLines(options) + u'\n';
    if (*command.notes)
        text += u'\n' + QString::fromUtf8(command.notes) + u'\n';
    return text.trimmed();
}

QString programHelp() {
    QStringList lines{QStringLiteral("usage: %1 COMMAND ...").arg(QString::fromLatin1(kProgram)),
                      QString(), QStringLiteral("Commands:")};
    for (const CommandSpec& command : commandTable())
        lines << QStringLiteral("  %1 %2")
                     .arg(QString::fromLatin1(command.name), -10)
                     .arg(QString::fromUtf8(command.summary));
    lines
        << QString() << QStringLiteral("Options:")
        << QStringLiteral("  --data DIR   the station directory ($KPS_DATA, else ./kps-data)")
        << QStringLiteral("  --json       one machine-readable JSON result on stdout")
        << QStringLiteral("  --help       this help (kps help COMMAND, kps COMMAND --help: one "
                          "command's)")
        << QStringLiteral("  --version    the version of kps") << QString()
        << QStringLiteral(
               "Log in with $KPS_LOGIN (user or badge) and $KPS_LOGIN_PIN or $KPS_LOGIN_PIN_FILE;\n"
               "the HSM user PIN comes from $KPS_USER_PIN(_FILE) or the station's PIN file. Dual\n"
               "control (masters, keylist, destroy, evalkit): the second key custodian logs in\n"
               "with $KPS_LOGIN2 and $KPS_LOGIN2_PIN or $KPS_LOGIN2_PIN_FILE.\n"
               "Exit codes: 0 ok, 1 usage, 2 bad input (nothing changed), 3 refused, 4 HSM, jig\n"
               "or store failure (or a line stopped on alarms), 5 cancelled (Ctrl-C).");
    return lines.join(u'\n');
}

QString versionText() {
    return QStringLiteral("kps %1 (Qt %2)")
        .arg(QStringLiteral(KPS_VERSION), QString::fromLatin1(qVersion()));
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

int fellShort(const Context& context, const QString& text, const QJsonObject& result,
              const app::CommandError& error) {
    if (!context.json) {
        if (!text.isEmpty())
            print(stdout, text);
        return failWith(context, error);
    }
    QJsonObject answer = result;
    answer.insert(QStringLiteral("ok"), false);
    answer.insert(QStringLiteral("command"), context.command);
    answer.insert(QStringLiteral("exitCode"), int(error.code));
    answer.insert(QStringLiteral("error"), error.message);
    print(stdout, QString::fromUtf8(QJsonDocument(answer).toJson(QJsonDocument::Compact)));
    return error.code;
}

int usage(const Context& context, const CommandSpec& command, const QString& message) {
    return failWith(context, usageError(message + u'\n' + usageOf(command)));
}

} // namespace kps::cli
