// kps: the station's command line. The commands, their verbs, operands and options are
// one table (commands.cpp); help, usage and argument checks come from it.
#include "command_table.hpp"
#include "kps/app/environment.hpp"
#include "kps/secure/process_hardening.hpp"

#include <QApplication>
#include <QCoreApplication>
#include <memory>

using namespace kps::cli;

namespace {

/// Commands that draw a report (Qt Charts into a PDF) need a QApplication; the CLI
/// never shows a window, so it draws offscreen unless told otherwise.
std::unique_ptr<QCoreApplication> makeApplication(int& argc, char* argv[]) {
    bool gui = false;
    for (int i = 1; i < argc; ++i) {
        const QString word = QString::fromLocal8Bit(argv[i]);
        if (word == QLatin1String("help") || word == QLatin1String("--help") ||
            word == QLatin1String("-h") || word == QLatin1String("--version")) {
            gui = false; // help draws nothing
            break;
        }
        if (const CommandSpec* command = findCommand(word))
            gui = gui || command->drawsReports;
    }
    if (!gui)
        return std::make_unique<QCoreApplication>(argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return std::make_unique<QApplication>(argc, argv);
}

bool isHelp(const QString& argument) {
    return argument == QLatin1String("--help") || argument == QLatin1String("-h");
}

/// Whether `word` is an option of the command that takes its value as the next word.
bool takesNextWord(const CommandSpec& command, const QString& word) {
    if (!word.startsWith(QLatin1String("--")) || word.contains(u'='))
        return false;
    for (const Verb& verb : command.verbs)
        for (const Option* option : verb.options)
            if (word.mid(2) == QLatin1String(option->name))
                return option->kind != Option::Kind::Flag;
    return false;
}

/// The verb the words name: the first operand if it is one of the command's verbs, else
/// the command's unnamed verb.
const Verb* verbOf(const CommandSpec& command, QStringList& words) {
    qsizetype first = 0;
    while (first < words.size() && words[first].startsWith(QLatin1String("--")))
        first += takesNextWord(command, words[first]) ? 2 : 1;
    for (const Verb& verb : command.verbs)
        if (*verb.name && first < words.size() && words[first] == QLatin1String(verb.name)) {
            words.removeAt(first);
            return &verb;
        }
    for (const Verb& verb : command.verbs)
        if (!*verb.name)
            return &verb;
    return nullptr;
}

/// `kps --help` and `kps --version`: text, or {"help": ...} / {"version": ...} with --json.
int about(Context& context, const QString& option) {
    const bool version = option == QLatin1String("--version");
    context.command = version ? QStringLiteral("version") : QStringLiteral("help");
    const QString text = version ? versionText() : programHelp();
    return succeed(context, text, {{context.command, text}});
}

int runCommand(Context& context, const QString& name, QStringList words) {
    const CommandSpec* command = findCommand(name);
    if (!command)
        return failWith(
            context,
            {kps::app::Usage, QStringLiteral("unknown command %1\n%2").arg(name, programHelp())});
    context.command = name;
    if (std::any_of(words.begin(), words.end(), isHelp))
        return succeed(context, commandHelp(*command),
                       {{QStringLiteral("help"), commandHelp(*command)}});
    const Verb* verb = verbOf(*command, words);
    if (!verb)
        return usage(context, *command,
                     words.isEmpty()
                         ? QStringLiteral("%1 needs a verb").arg(name)
                         : QStringLiteral("%1 has no verb %2").arg(name, words.first()));
    Invocation invocation(context, *command, *verb);
    if (auto problem = invocation.parse(words))
        return problem->code == kps::app::Usage ? usage(context, *command, problem->message)
                                                : failWith(context, *problem);
    return verb->handler(invocation);
}

} // namespace

int main(int argc, char* argv[]) {
    kps::secure::hardenProcess();
    auto application = makeApplication(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kps"));
    Context context;
    context.dataDirectory = kps::app::dataDirectoryFromEnvironment();
    QStringList rest = application->arguments().mid(1);
    while (!rest.isEmpty() && rest.first().startsWith(QLatin1Char('-'))) {
        const QString option = rest.takeFirst();
        if (option == QLatin1String("--json"))
            context.json = true;
        else if (option == QLatin1String("--data") && !rest.isEmpty())
            context.dataDirectory = rest.takeFirst();
        else if (option.startsWith(QLatin1String("--data=")))
            context.dataDirectory = option.mid(7);
        else if (isHelp(option) || option == QLatin1String("--version"))
            return about(context, option);
        else
            return failWith(context,
                            {kps::app::Usage,
                             QStringLiteral("unknown option %1\n%2").arg(option, programHelp())});
    }
    if (rest.isEmpty())
        return failWith(context, {kps::app::Usage, programHelp()});
    const QString name = rest.takeFirst();
    if (name == QLatin1String("help")) {
        context.command = name;
        if (rest.isEmpty())
            return succeed(context, programHelp(), {{QStringLiteral("help"), programHelp()}});
        const CommandSpec* command = findCommand(rest.first());
        if (!command)
            return failWith(
                context,
                {kps::app::Usage,
                 QStringLiteral("unknown command %1\n%2").arg(rest.first(), programHelp())});
        return succeed(context, commandHelp(*command),
                       {{QStringLiteral("help"), commandHelp(*command)}});
    }
    return runCommand(context, name, rest);
}
