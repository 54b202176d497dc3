#include "CliContext.h"

#include "services/connections/Connections.h"
#include "services/core/Job.h"

#include "services/setup/SetupRunner.h"

#include "services/profiles/ProfileStore.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>

namespace km::cli {

CliContext::CliContext(const QString &configDirectory, const Streams &streams)
    : m_streams(streams)
    , m_services(configDirectory)
{
    if (!m_streams.in) {
        m_stdin.open(stdin, QIODevice::ReadOnly);
        m_streams.in = &m_stdin;
    }
    if (!m_streams.out) {
        m_stdout.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered);
        m_streams.out = &m_stdout;
    }
    if (!m_streams.err) {
        m_stderr.open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered);
        m_streams.err = &m_stderr;
    }
    m_finished = [](int code) { QCoreApplication::exit(code); };
}

CliContext::~CliContext() = default;

void CliContext::write(const QByteArray &bytes)
{
    m_streams.out->write(bytes);
}

void CliContext::printError(const QString &text)
{
    m_streams.err->write(text.toUtf8());
}

bool CliContext::confirmed(const QString &question)
{
    printError(question + QStringLiteral(" [y/N] "));
    const QString answer = QString::fromUtf8(m_streams.in->readLine()).trimmed().toLower();
    return answer == QLatin1String("y") || answer == QLatin1String("yes");
}

QByteArray CliContext::readAllStdin()
{
    return m_streams.in->readAll();
}

bool CliContext::loadProfiles()
{
    ApiError error;
    if (m_services.profiles()->load(&error))
        return true;
    fail(error);
    return false;
}

void CliContext::printJson(const QJsonValue &value)
{
    const QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    write(doc.toJson(QJsonDocument::Indented));
}

void CliContext::print(const QString &text)
{
    write(text.toUtf8() + '\n');
}

void CliContext::finish(ExitCode code, const QString &message)
{
    if (m_exitCode >= 0)
        return; // the first outcome is the run's
    m_exitCode = code;
    if (!message.isEmpty())
        printError(QString(message).replace(QLatin1Char('\n'), QLatin1Char(' ')) + QLatin1Char('\n'));
    // Queued, so a command may call finish() before the event loop runs.
    QTimer::singleShot(0, &m_scope, [this, code] {
        if (m_finished)
            m_finished(code);
    });
}

bool CliContext::failOnAny(std::initializer_list<ApiError> errors)
{
    const ApiError first = ApiError::firstOf(errors);
    if (first)
        fail(first);
    return first.isError();
}

void CliContext::finishRunner(SetupRunner *runner, QJsonObject out, bool json)
{
    out.insert(QStringLiteral("steps"), runner->stepsJson());
    if (runner->isDryRun())
        out.insert(QStringLiteral("dryRun"), true);
    if (json) {
        printJson(out);
    } else {
        for (const SetupStep &step : runner->steps())
            print(QStringLiteral("%1  %2  %3").arg(SetupStep::statusName(step.status), -9).arg(step.id, -32).arg(step.detail));
        if (const QString outcomes = runner->outcomeSummary(); !outcomes.isEmpty())
            print(outcomes);
    }
    if (runner->isComplete()) {
        finish(Success);
        return;
    }
    for (const SetupStep &step : runner->steps()) {
        if (step.status == SetupStep::Status::Failed) {
            finish(Failure, QStringLiteral("kmconsole-cli: step %1 failed: %2").arg(step.id, step.error.toUserText()));
            return;
        }
    }
    finish(Failure, QStringLiteral("kmconsole-cli: the setup did not complete. ") + runner->summary());
}

void CliContext::fail(const ApiError &error)
{
    QString text = QStringLiteral("kmconsole-cli: ") + error.toUserText();
    if (error.kind == ApiError::Kind::Tls && !error.certificateChain.isEmpty() && error.vendorCode == QLatin1String("untrusted-certificate")) {
        text += QStringLiteral(" Its SHA-256 fingerprint is %1; if that matches the server's certificate, re-add the profile with "
                               "--trust-fingerprint %1.").arg(sha256Fingerprint(error.certificateChain.first()));
    }
    finish(error.kind == ApiError::Kind::Validation && error.field == QLatin1String("usage") ? Usage : Failure, text);
}

void CliContext::then(Job *job, std::function<void(const QJsonValue &result)> next)
{
    thenFinished(job, [next = std::move(next)](Job *finished) { next(finished->result()); });
}

void CliContext::thenFinished(Job *job, std::function<void(Job *finished)> next)
{
    if (!job) {
        fail(ApiError::cancelled());
        return;
    }
    QObject::connect(job, &Job::finished, &m_scope, [this, next = std::move(next)](Job *finished) {
        if (finished->hasError())
            fail(finished->error());
        else
            next(finished);
    });
}

void CliContext::usage(const QString &message)
{
    finish(Usage, QStringLiteral("kmconsole-cli: ") + message + QStringLiteral(" (see kmconsole-cli --help)"));
}

QString CliContext::readSecretFromStdin()
{
    const QByteArray line = m_streams.in->readLine();
    if (line.isEmpty())
        return QString();
    QString value = QString::fromUtf8(line);
    while (value.endsWith(QLatin1Char('\n')))
        value.chop(1);
    while (value.endsWith(QLatin1Char('\r')))
        value.chop(1);
    return value;
}

QString commandHelp(const QCommandLineParser &parser, const QString &synopsis)
{
    // QCommandLineParser's own text, from its option list on, under the command's synopsis.
    const QString own = parser.helpText();
    const qsizetype options = own.indexOf(QLatin1String("\nOptions:\n"));
    return QStringLiteral("Usage: kmconsole-cli ") + synopsis + QLatin1Char('\n')
           + (options < 0 ? QString() : own.mid(options)) + QStringLiteral("\nExit status: 0 success, 1 remote or validation "
                                                                        "failure, 2 bad usage (see kmconsole-cli --help).\n");
}

bool parseOrUsage(CliContext &ctx, QCommandLineParser &parser, const QStringList &arguments, const QString &synopsis)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    // Every command answers --help (-h) with its own synopsis and options, before anything else is checked.
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("show this command's options"));
    parser.addOption(help);
    const bool parsed = parser.parse(QStringList{QStringLiteral("kmconsole-cli")} + arguments);
    if (parser.isSet(help)) {
        ctx.write(commandHelp(parser, synopsis).toUtf8());
        ctx.finish(Success);
        return false;
    }
    if (!parsed) {
        ctx.usage(parser.errorText() + QStringLiteral("; usage: kmconsole-cli ") + synopsis);
        return false;
    }
    return true;
}

QString profileOrUsage(CliContext &ctx, const QCommandLineParser &parser, const QString &synopsis)
{
    QString profile = parser.value(QStringLiteral("profile"));
    if (profile.isEmpty())
        profile = ctx.services()->profiles()->activeApimProfile();
    if (profile.isEmpty())
        ctx.usage(QStringLiteral("--profile is required; usage: kmconsole-cli ") + synopsis);
    return profile;
}

void openApim(CliContext &ctx, const QString &profile, std::function<void(ApimClient *apim)> next)
{
    ctx.services()->connections()->openApim(profile)->onFinished(ctx.scope(), [&ctx, profile, next = std::move(next)](Job *open) {
        if (open->hasError())
            return ctx.fail(open->error());
        ApimClient *apim = ctx.services()->connections()->apim(profile);
        if (!apim)
            return ctx.fail(ApiError::cancelled());
        next(apim);
    });
}

} // namespace km::cli
