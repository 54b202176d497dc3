#pragma once
// kmconsole-cli profile add entra, setup azure, azure check-app, map-keys.

#include "CliContext.h"

namespace km::cli {

QList<CommandEntry> entraCommands();

} // namespace km::cli
