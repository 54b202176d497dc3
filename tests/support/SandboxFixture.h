#pragma once
// Starts the sandbox for a test (in-process, or the real kmconsole-sandbox binary) and reads what it recorded.

#include "sandbox/Sandbox.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QUrl>

#include <memory>

namespace km {
class ApimClient;
class HttpSession;
}

namespace km::test {

class SandboxFixture
{
public:
    SandboxFixture();
    ~SandboxFixture();

    // In-process sandbox; false with `error` set when it cannot start.
    bool start(QString *error = nullptr);
    sandbox::Sandbox *sandbox() const { return m_sandbox.get(); }
    QJsonObject info() const { return m_info; }

    QUrl apimUrl() const { return QUrl(m_info.value(QLatin1String("apim")).toString()); }
    QString apimFingerprint() const { return m_info.value(QLatin1String("apimFingerprint")).toString(); }
    // What the /__sandbox/ control endpoints require in the X-Sandbox-Token header.
    QByteArray controlToken() const { return m_info.value(QLatin1String("controlToken")).toString().toLatin1(); }
    QString apimHostPort() const;
    QString apimUser() const;
    QString apimPassword() const;
    // A client of the sandbox's API Manager signed in as its admin, on `session` (which trusts the
    // sandbox's certificate from then on).
    km::ApimClient *apimClient(km::HttpSession *session, QObject *parent) const;
    // Sets the seeded Asgardeo organization up as the key manager `name` the console's way (the whole
    // AsgardeoSetup runner). Empty when it worked; the runner's summary otherwise.
    QString setUpAsgardeo(km::ApimClient *apim, km::HttpSession *http, const QString &name) const;

    // An Asgardeo key manager `name` as the console sends it (the four flat endpoints and the connector's
    // required values), for the organization "acme": what API Manager accepts.
    static QJsonObject asgardeoKeyManager(const QString &name);

    // Every exchange all listeners recorded, oldest first.
    QJsonArray recordedRequests() const;
    // Forgets the current recording for counting; allRecordedRequests() still has it.
    void clearRecordedRequests();
    QJsonArray allRecordedRequests() const;
    // Recorded requests of `method` whose path contains `pathPart` (ending in "$": is exactly it).
    int countRequests(const QString &method, const QString &pathPart) const;
    // The key managers the API Manager stand-in holds under `name`.
    QList<QJsonObject> keyManagersNamed(const QString &name) const;

private:
    std::unique_ptr<sandbox::Sandbox> m_sandbox;
    QJsonObject m_info;
    QJsonArray m_archive;
};

// The real kmconsole-sandbox binary, for CLI tests.
class SandboxProcess
{
public:
    ~SandboxProcess();
    // `arguments` go to kmconsole-sandbox (e.g. {"--apim-version", "4.2.0"}).
    bool start(QString *error, const QStringList &arguments = {});
    QJsonObject info() const { return m_info; }
    // Sends SIGTERM and returns the exit code (-1 if it did not stop).
    int stop();
    // GET /__sandbox/state of a listener named in the start-up line ("apim", "asgardeo", "graph", …).
    QJsonObject state(const char *listener) const;
    // A /__sandbox/ control call on a listener (e.g. POST "/__sandbox/faults" with a fault, GET or DELETE
    // "/__sandbox/requests"): the answer's JSON.
    QJsonValue control(const char *listener, const QByteArray &method, const QString &path, const QJsonObject &body = {}) const;

private:
    QProcess m_process;
    QJsonObject m_info;
};

} // namespace km::test
