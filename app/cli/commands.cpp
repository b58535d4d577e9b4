// The table of kps's commands, in the order `kps --help` lists them.
#include "commands.hpp"

namespace kps::cli {

const std::vector<CommandSpec>& commandTable() {
    static const std::vector<CommandSpec> table = {
        initCommand(),    orderCommand(),   runCommand(),      closeCommand(),
        reportCommand(),  auditCommand(),   endpointCommand(), probesCommand(),
        userCommand(),    mastersCommand(), keyListCommand(),  destroyCommand(),
        evalKitCommand(), listingCommand(), pskcCommand(),     demoCommand(),
    };
    return table;
}

} // namespace kps::cli
