#pragma once
// kmconsole-cli doctor: every key manager's health across API Manager, Asgardeo and Entra ID.

#include "CliContext.h"

namespace km::cli {

QList<CommandEntry> doctorCommands();

} // namespace km::cli
