#pragma once
// The command line as a table: each command names its sub-verbs, their operands and
// options, and its handler; usage lines, `kps --help`, `kps help COMMAND`,
// `kps COMMAND --help` and every argument check come from the table. An option's name
// is written once, where the option is declared; handlers read its value through the
// same declaration. Arguments are checked before a station is opened: a wrong one is a
// usage error (exit 1), a malformed order id or address bad input (exit 2).
#include "kps/app/outcome.hpp"
#include "kps/provisioning/address.hpp"
#include "kps/provisioning/order_id.hpp"

#include <QJsonObject>
#include <QStringList>
#include <functional>
#include <vector>

namespace kps::cli {

/// What every command receives of the program's own options.
struct Context {
    QString dataDirectory;
    bool json = false;
    QString command;
};

/// One option: its name (without "--"), the value it takes, the check of that value.
struct Option {
    enum class Kind {
        Flag,     // no value
        Text,     // any value
        Integer,  // a whole number within [minimum, maximum]
        Fraction, // a number within [0, 1]
        Choice,   // one of the words of valueName ("stm32wle5|reference")
    };
    const char* name;
    Kind kind = Kind::Flag;
    const char* valueName = ""; // "N", "FILE"
    const char* description = "";
    const char* defaultValue = ""; // used when the option is absent
    qint64 minimum = 0;
    qint64 maximum = 0;

    static Option flag(const char* name, const char* description);
    static Option text(const char* name, const char* valueName, const char* description,
                       const char* defaultValue = "");
    static Option integer(const char* name, const char* valueName, const char* description,
                          const char* defaultValue, qint64 minimum, qint64 maximum);
    static Option fraction(const char* name, const char* valueName, const char* description,
                           const char* defaultValue);
    static Option choice(const char* name, const char* choices, const char* description,
                         const char* defaultValue);
    QString synopsis() const; // "--count N"
};

/// A positional argument of a verb.
struct Operand {
    enum class Kind { Text, OrderId, Address };
    const char* name; // "ORDER", "FILE"
    Kind kind = Kind::Text;
};

class Invocation;
using Handler = std::function<int(const Invocation&)>;

/// A command's sub-verb ("order add"), or the command itself (an empty name).
struct Verb {
    const char* name;
    std::vector<Operand> operands;
    std::vector<const Option*> options;
    std::vector<const Option*> required; // of `options`: must be given
    const char* summary;
    Handler handler;
};

struct CommandSpec {
    const char* name;
    const char* summary;
    std::vector<Verb> verbs;
    bool drawsReports = false; // needs a QApplication (Qt Charts into the report's PDF)
    const char* notes = "";    // more lines for `kps help COMMAND`
};

/// Arguments as the table checked them, for a handler.
class Invocation {
public:
    Invocation(const Context& context, const CommandSpec& command, const Verb& verb)
        : context_(context)
        , command_(command)
        , verb_(verb) {}

    const Context& context() const { return context_; }
    const CommandSpec& command() const { return command_; }
    const Verb& verb() const { return verb_; }

    bool isSet(const Option& option) const;
    QString text(const Option& option) const;
    qint64 integer(const Option& option) const;
    double fraction(const Option& option) const;
    const QString& operand(std::size_t index) const { return operands_.at(index); }
    /// Operands of kind OrderId and Address, checked when the arguments were parsed.
    const provisioning::OrderId& orderId() const { return *orderId_; }
    const provisioning::EndpointAddress& address() const { return *address_; }

    /// Parses the verb's own arguments; on a problem returns its exit code and message.
    std::optional<app::CommandError> parse(const QStringList& arguments);

private:
    std::optional<app::CommandError> check(const Option& option, const QString& value);
    std::optional<app::CommandError> checkOperands();
    const Context& context_;
    const CommandSpec& command_;
    const Verb& verb_;
    std::vector<std::pair<const Option*, QString>> values_;
    QStringList operands_;
    std::optional<provisioning::OrderId> orderId_;
    std::optional<provisioning::EndpointAddress> address_;
};

/// Every command of kps, in the order `kps --help` lists them.
const std::vector<CommandSpec>& commandTable();
const CommandSpec* findCommand(const QString& name);

/// `kps --help`, `kps help COMMAND` / `kps COMMAND --help`, one verb's usage lines.
QString programHelp();
QString commandHelp(const CommandSpec& command);
QString usageOf(const CommandSpec& command, const Verb* verb = nullptr);
QString versionText();

int succeed(const Context& context, const QString& text, const QJsonObject& result);
int failWith(const Context& context, const app::CommandError& error);
/// A result that fell short (a stopped or cancelled run): the result's fields with
/// "ok": false, the exit code and the error; as text, `text` and then the error.
int fellShort(const Context& context, const QString& text, const QJsonObject& result,
              const app::CommandError& error);
/// A usage error (exit 1): the message, then the command's usage lines.
int usage(const Context& context, const CommandSpec& command, const QString& message);

} // namespace kps::cli
