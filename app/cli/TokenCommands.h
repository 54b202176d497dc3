#pragma once
// kmconsole-cli token inspect: why the gateway would accept or reject an access token.

#include "CliContext.h"

namespace km::cli {

QList<CommandEntry> tokenCommands();

} // namespace km::cli
