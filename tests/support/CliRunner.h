#pragma once
// Runs kmconsole-cli's commands with a private config directory: in-process, on buffers, through the same
// library the binary is made of (app/cli), as KeePassXC tests keepassxc-cli; or (runProcess) the real binary,
// as a script would. A PDF needs QtGui's layout, which a test's QCoreApplication lacks: those runs use the
// binary.

#include "cli/Cli.h"
#include "services/core/EnglishPlurals.h"

#include <QBuffer>
#include <QByteArray>
#include <QCoreApplication>
#include <QEventLoop>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QTimer>

namespace km::test {

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
    // stderr without trailing newline, as lines
    QStringList errLines() const { return QString::fromUtf8(err).split(QLatin1Char('\n'), Qt::SkipEmptyParts); }
};

class CliRunner
{
public:
    CliRunner() { m_config.setAutoRemove(true); }
    QString configDir() const { return m_config.path(); }

    CliResult run(const QStringList &arguments, const QByteArray &stdinData = QByteArray(), int timeoutMs = 60000) const
    {
        if (km::cli::wantsPdf(arguments) && !qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
            return runProcess(arguments, stdinData, timeoutMs);
        QByteArray input = stdinData;
        QBuffer in(&input), out, err;
        in.open(QIODevice::ReadOnly);
        out.open(QIODevice::WriteOnly);
        err.open(QIODevice::WriteOnly);
        km::EnglishPlurals plurals; // as kmconsole-cli's main installs it
        QCoreApplication::installTranslator(&plurals);
        CliResult r;
        {
            km::cli::CliContext ctx(m_config.path(), km::cli::CliContext::Streams{&in, &out, &err});
            QEventLoop loop;
            ctx.setFinishedHandler([&loop](int) { loop.quit(); });
            km::cli::start(ctx, arguments);
            QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
            loop.exec(); // until the queued finish, or the time is up
            r.exitCode = ctx.isFinished() ? ctx.exitCode() : -1;
            if (!ctx.isFinished())
                err.write("kmconsole-cli did not finish in time");
        }
        QCoreApplication::removeTranslator(&plurals);
        r.out = out.data();
        r.err = err.data();
        return r;
    }

    // The real binary in its own process.
    CliResult runProcess(const QStringList &arguments, const QByteArray &stdinData = QByteArray(), int timeoutMs = 60000) const
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KMCONSOLE_CONFIG_DIR"), m_config.path());
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(KM_BIN_DIR "/kmconsole-cli"), arguments);
        p.waitForStarted(10000);
        if (!stdinData.isNull())
            p.write(stdinData);
        p.closeWriteChannel();
        CliResult r;
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished(5000);
            r.err = "kmconsole-cli did not finish in time";
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    // `profile add apim NAME` for the API Manager of a sandbox's start-up line, with its admin and
    // its certificate's fingerprint.
    CliResult addApimProfile(const QString &name, const QJsonObject &sandboxInfo, const QStringList &extra = {}) const
    {
        const QJsonObject admin = sandboxInfo.value(QLatin1String("accounts")).toObject().value(QLatin1String("apim")).toObject();
        return run(QStringList{QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("apim"), name, QStringLiteral("--url"),
                    sandboxInfo.value(QLatin1String("apim")).toString(), QStringLiteral("--username"), admin.value(QLatin1String("username")).toString(),
                    QStringLiteral("--password-stdin"), QStringLiteral("--trust-fingerprint"), sandboxInfo.value(QLatin1String("apimFingerprint")).toString()}
                       + extra,
                   admin.value(QLatin1String("password")).toString().toUtf8() + '\n');
    }

    // `profile add asgardeo NAME` for the organization of a sandbox's start-up line, its secret on stdin.
    CliResult addAsgardeoProfile(const QString &name, const QJsonObject &sandboxInfo) const
    {
        const QJsonObject a = sandboxInfo.value(QLatin1String("accounts")).toObject().value(QLatin1String("asgardeo")).toObject();
        return run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("asgardeo"), name, QStringLiteral("--org"),
                    a.value(QLatin1String("org")).toString(), QStringLiteral("--client-id"), a.value(QLatin1String("clientId")).toString(),
                    QStringLiteral("--client-secret-stdin"), QStringLiteral("--base-url"), sandboxInfo.value(QLatin1String("asgardeo")).toString()},
                   a.value(QLatin1String("clientSecret")).toString().toUtf8() + '\n');
    }

private:
    QTemporaryDir m_config;
};

} // namespace km::test
