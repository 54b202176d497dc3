#include "support/NodePeer.h"

#include <QFile>
#include <QJsonDocument>

namespace km::test {

namespace {
QString scriptPath(const QString &script)
{
    return QStringLiteral(KM_NODE_DIR "/") + script;
}

bool peersInstalled(QString *error)
{
    if (QFile::exists(QStringLiteral(KM_NODE_DIR "/node_modules/oidc-provider/package.json")))
        return true;
    if (error)
        *error = QStringLiteral("The npm test peers are not installed in tests/node: run scripts/test.sh (it runs npm ci there).");
    return false;
}
} // namespace

NodePeer::~NodePeer()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(2000);
    }
}

bool NodePeer::start(const QString &script, const QStringList &arguments, QString *error)
{
    if (!peersInstalled(error))
        return false;
    m_process.setProgram(QStringLiteral("node"));
    m_process.setArguments(QStringList{scriptPath(script)} + arguments);
    m_process.setWorkingDirectory(QStringLiteral(KM_NODE_DIR));
    m_process.start();
    if (!m_process.waitForStarted(10000)) {
        *error = QStringLiteral("node could not start: ") + m_process.errorString();
        return false;
    }
    if (!m_process.waitForReadyRead(30000)) {
        *error = QStringLiteral("%1 printed nothing: %2").arg(script, QString::fromUtf8(m_process.readAllStandardError()));
        return false;
    }
    m_info = QJsonDocument::fromJson(m_process.readLine()).object();
    if (m_info.isEmpty()) {
        *error = QStringLiteral("%1 did not announce itself").arg(script);
        return false;
    }
    return true;
}

int NodePeer::run(const QString &script, const QStringList &arguments, QByteArray *out, QByteArray *err)
{
    QString error;
    if (!peersInstalled(&error)) {
        if (err)
            *err = error.toUtf8();
        return -1;
    }
    QProcess p;
    p.setWorkingDirectory(QStringLiteral(KM_NODE_DIR));
    p.start(QStringLiteral("node"), QStringList{scriptPath(script)} + arguments);
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished(2000);
        if (err)
            *err = "node script timed out";
        return -1;
    }
    if (out)
        *out = p.readAllStandardOutput();
    if (err)
        *err = p.readAllStandardError();
    return p.exitCode();
}

} // namespace km::test
