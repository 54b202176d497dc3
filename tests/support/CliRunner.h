#pragma once
// Runs the real kmconsole-cli binary with a private config directory, as a script would.

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

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
