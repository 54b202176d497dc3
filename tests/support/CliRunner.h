#pragma once
// Runs the real kmconsole-cli binary with a private config directory, as a script would.

#include <QByteArray>
#include <QJsonDocument>
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

private:
    QTemporaryDir m_config;
};

} // namespace km::test
