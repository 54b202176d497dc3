#pragma once
// kmconsole-cli's commands as a library: main.cpp runs them on the process's streams, the tests in-process on
// buffers (as KeePassXC tests keepassxc-cli), with one process-level smoke test.

#include "CliContext.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace km::cli {

// Every command, for dispatch and for --help.
QList<CommandEntry> allCommands();
// What `kmconsole-cli --help` prints.
QString helpText();
// Starts `arguments` (without the program's name): --help, --version or a command. It ends, now or later,
// through ctx.finish(); run the event loop until ctx.isFinished().
void start(CliContext &ctx, const QStringList &arguments);

} // namespace km::cli
