#pragma once
// What every kmconsole-cli command shares: the services, stdout/stderr and the exit code contract
// (0 success, 1 remote or validation failure, 2 bad usage, one line on stderr).

#include "services/core/ApiError.h"
#include "services/core/ServiceContext.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QObject>
#include <QJsonValue>
#include <QStringList>

#include <QJsonObject>

#include <functional>
#include <initializer_list>

namespace km {
class ApimClient;
class Job;
struct KeyManagerChange;
class SetupRunner;
}

namespace km::cli {

enum ExitCode { Success = 0, Failure = 1, Usage = 2 };

// Where a command reads and writes: the process's stdin, stdout and stderr (null), or (in tests, which run the
// commands in-process) buffers.
struct CliStreams
{
    QIODevice *in = nullptr;
    QIODevice *out = nullptr;
    QIODevice *err = nullptr;
};

class CliContext
{
public:
    using Streams = CliStreams;
    // `configDirectory` empty: $KMCONSOLE_CONFIG_DIR or the platform's location; `streams` unset: the
    // process's own.
    explicit CliContext(const QString &configDirectory = QString(), const Streams &streams = Streams());
    ~CliContext();
    Q_DISABLE_COPY(CliContext)

    ServiceContext *services() { return &m_services; }
    // The context and parent of everything a command starts: it goes with the CliContext, so no continuation
    // of a command runs after its run has ended.
    QObject *scope() { return &m_scope; }
    // Called once, from the event loop, with the exit status (default: QCoreApplication::exit).
    void setFinishedHandler(std::function<void(int code)> handler) { m_finished = std::move(handler); }
    bool isFinished() const { return m_exitCode >= 0; }
    int exitCode() const { return m_exitCode; }
    // Loads the profile file; on failure prints why and returns false.
    bool loadProfiles();

    void printJson(const QJsonValue &value);
    void print(const QString &text);
    // Ends the program: the event loop exits with `code` after printing `message` (one line) on stderr.
    void finish(ExitCode code, const QString &message = QString());
    void fail(const ApiError &error);
    // The one way a command waits for a job: `next` gets the job's result once it succeeds; a failure ends the
    // command with the job's error (fail()), so no command writes that branch again. The continuation's context
    // is scope(): it never runs after the command's run has ended. A null job (its client is gone) fails the
    // command as cancelled.
    void then(Job *job, std::function<void(const QJsonValue &result)> next);
    // The same, for jobs whose answer is read from their own accessors (PlanJob::changes,
    // TokenInspectionJob::diagnosis): `next` gets the finished job as its own class `J`, valid for the length of
    // the call. A failure ends the command as in then().
    template<class J>
    void thenJob(J *job, std::function<void(J *finished)> next)
    {
        thenFinished(job, [next = std::move(next)](Job *finished) { next(static_cast<J *>(finished)); });
    }
    // Fails with the first of `errors` that is one; false (nothing printed) when none is.
    bool failOnAny(std::initializer_list<ApiError> errors);
    // Ends a setup or import: `out` plus the steps as JSON (or one line per step), exit 0 when every step
    // is done or skipped, else 1 naming the step that failed.
    void finishRunner(SetupRunner *runner, QJsonObject out, bool json);
    void usage(const QString &message);
    // One line from standard input (for --password-stdin / --client-secret-stdin), without its newline.
    QString readSecretFromStdin();
    // All of standard input.
    QByteArray readAllStdin();
    // Text on stderr that is not the one closing line (a warning, a question).
    void printError(const QString &text);
    // Writes `bytes` to stdout as they are.
    void write(const QByteArray &bytes);
    // Asks `question` on stderr ("[y/N]") and reads the answer from stdin; true only for y or yes.
    bool confirmed(const QString &question);

private:
    void thenFinished(Job *job, std::function<void(Job *finished)> next);

    QFile m_stdin, m_stdout, m_stderr;
    Streams m_streams;
    ServiceContext m_services;
    QObject m_scope;
    std::function<void(int)> m_finished;
    int m_exitCode = -1;
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
void printChanges(CliContext &ctx, const QList<KeyManagerChange> &changes);

// The API Manager profile of --profile, else the active one; empty (usage printed) when there is none.
QString profileOrUsage(CliContext &ctx, const QCommandLineParser &parser, const QString &synopsis);
// Signs in to an API Manager profile (ApimConnector) and calls `next` with its client; a profile that
// cannot be opened ends the command with the connector's words.
void openApim(CliContext &ctx, const QString &profile, std::function<void(ApimClient *apim)> next);

// Parses `arguments` with `parser` (program name prepended); on error prints usage and returns false.
bool parseOrUsage(CliContext &ctx, QCommandLineParser &parser, const QStringList &arguments, const QString &synopsis);

} // namespace km::cli
