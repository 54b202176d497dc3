#include "CliContext.h"

#include "services/apim/ApimConnector.h"
#include "services/core/Job.h"

#include "services/setup/SetupRunner.h"

#include "services/profiles/ProfileStore.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <iostream>
#include <string>

namespace km::cli {

CliContext::CliContext() = default;

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
    const QByteArray text = doc.toJson(QJsonDocument::Indented);
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    std::fflush(stdout);
}

void CliContext::print(const QString &text)
{
    const QByteArray bytes = text.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void CliContext::finish(ExitCode code, const QString &message)
{
    if (!message.isEmpty()) {
        const QByteArray line = QString(message).replace(QLatin1Char('\n'), QLatin1Char(' ')).toUtf8() + '\n';
        std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
        std::fflush(stderr);
    }
    // Queued, so a command may call finish() before the event loop runs.
    QTimer::singleShot(0, qApp, [code] { QCoreApplication::exit(code); });
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

void CliContext::usage(const QString &message)
{
    finish(Usage, QStringLiteral("kmconsole-cli: ") + message + QStringLiteral(" (see kmconsole-cli --help)"));
}

QString CliContext::readSecretFromStdin()
{
    std::string line;
    if (!std::getline(std::cin, line))
        return QString();
    QString value = QString::fromStdString(line);
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
        const QByteArray text = commandHelp(parser, synopsis).toUtf8();
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        std::fflush(stdout);
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
    ApimConnectJob *open = ApimConnector::open(ctx.services(), profile);
    QObject::connect(open, &Job::finished, open, [&ctx, open, next = std::move(next)](Job *) {
        if (open->hasError()) {
            ctx.fail(open->error());
            return;
        }
        next(open->client());
    });
}

} // namespace km::cli
