#pragma once
// What every kmconsole-cli command shares: the services, stdout/stderr and the exit code contract
// (0 success, 1 remote or validation failure, 2 bad usage, one line on stderr).

#include "services/core/ApiError.h"
#include "services/core/ServiceContext.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonValue>
#include <QStringList>

#include <QJsonObject>

#include <functional>
#include <initializer_list>

namespace km {
class ApimClient;

class SetupRunner;
}

namespace km::cli {

enum ExitCode { Success = 0, Failure = 1, Usage = 2 };

class CliContext
{
public:
    CliContext();

    ServiceContext *services() { return &m_services; }
    // Loads the profile file; on failure prints why and returns false.
    bool loadProfiles();

    void printJson(const QJsonValue &value);
    void print(const QString &text);
    // Ends the program: the event loop exits with `code` after printing `message` (one line) on stderr.
    void finish(ExitCode code, const QString &message = QString());
    void fail(const ApiError &error);
    // Fails with the first of `errors` that is one; false (nothing printed) when none is.
    bool failOnAny(std::initializer_list<ApiError> errors);
    // Ends a setup or import: `out` plus the steps as JSON (or one line per step), exit 0 when every step
    // is done or skipped, else 1 naming the step that failed.
    void finishRunner(SetupRunner *runner, QJsonObject out, bool json);
    void usage(const QString &message);
    // One line from standard input (for --password-stdin / --client-secret-stdin), without its newline.
    static QString readSecretFromStdin();

private:
    ServiceContext m_services;
};

// A command receives the remaining arguments (after "profile add apim", etc.) and either finishes at
// once or starts asynchronous work that calls ctx.finish() later.
using Command = void (*)(CliContext &ctx, const QStringList &arguments);

struct CommandEntry
{
    QStringList words;      // {"profile", "add", "apim"}
    QString synopsis;       // shown in --help
    Command run;
};

// Each command file registers its entries.
QList<CommandEntry> profileCommands();
QList<CommandEntry> keyManagerCommands();
QList<CommandEntry> planCommands();
QList<CommandEntry> asgardeoCommands();
QList<CommandEntry> applicationCommands();
QList<CommandEntry> keyManagerFormCommands();

// One line per key manager and one per differing field (secrets as "the secret changes"), as `plan` prints them.
void printChanges(CliContext &ctx, const QJsonArray &changes);
// Asks `question` on the terminal ("[y/N]"); true only for y or yes.
bool confirmedOnTerminal(const QString &question);

// The API Manager profile of --profile, else the active one; empty (usage printed) when there is none.
QString profileOrUsage(CliContext &ctx, const QCommandLineParser &parser, const QString &synopsis);
// Signs in to an API Manager profile (ApimConnector) and calls `next` with its client; a profile that
// cannot be opened ends the command with the connector's words.
void openApim(CliContext &ctx, const QString &profile, std::function<void(ApimClient *apim)> next);

// Parses `arguments` with `parser` (program name prepended); on error prints usage and returns false.
bool parseOrUsage(CliContext &ctx, QCommandLineParser &parser, const QStringList &arguments, const QString &synopsis);

} // namespace km::cli
