#pragma once
// kmconsole-cli's commands as a library: main.cpp runs them on the process's streams, the tests in-process on
// buffers (as KeePassXC tests keepassxc-cli), with one process-level smoke test.

#include "CliContext.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace km::cli {

// Whether `arguments` ask for a PDF (--format pdf or --format=pdf), whose layout needs QtGui (a QGuiApplication).
bool wantsPdf(const QStringList &arguments);
// What `kmconsole-cli --help` prints.
QString helpText();
// Starts `arguments` (without the program's name): --help, --version or a command. It ends, now or later,
// through ctx.finish(); run the event loop until ctx.isFinished().
void start(CliContext &ctx, const QStringList &arguments);

} // namespace km::cli
