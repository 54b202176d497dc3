#pragma once
// Runs one of the npm test peers in tests/node (a real OpenID provider, the jose verifier) as a process.

#include <QJsonObject>
#include <QProcess>
#include <QStringList>

namespace km::test {

class NodePeer
{
public:
    ~NodePeer();
    // Starts `node tests/node/<script> args…` and reads its one-line JSON announcement.
    bool start(const QString &script, const QStringList &arguments, QString *error);
    QJsonObject info() const { return m_info; }

    // Runs a node script to completion; returns its exit code, stdout in `out`, stderr in `err`.
    static int run(const QString &script, const QStringList &arguments, QByteArray *out, QByteArray *err);

private:
    QProcess m_process;
    QJsonObject m_info;
};

} // namespace km::test
