#pragma once
// Each command's declaration, beside its handler in cmd_*.cpp; commandTable() lists them.
#include "command_table.hpp"

namespace kps::cli {

CommandSpec initCommand();
CommandSpec orderCommand();
CommandSpec runCommand();
CommandSpec closeCommand();
CommandSpec reportCommand();
CommandSpec auditCommand();
CommandSpec endpointCommand();
CommandSpec probesCommand();
CommandSpec userCommand();
CommandSpec mastersCommand();
CommandSpec keyListCommand();
CommandSpec destroyCommand();
CommandSpec evalKitCommand();
CommandSpec listingCommand();
CommandSpec pskcCommand();
CommandSpec demoCommand();

} // namespace kps::cli
