#include "support/SandboxFixture.h"
#include "services/core/ConstRange.h"

#include "sandbox/SandboxServer.h"
#include "sandbox/apim/ApimStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/asgardeo/AsgardeoSetup.h"
#include "services/http/HttpSession.h"
#include "services/setup/SetupRunner.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>

#include <memory>

namespace km::test {

SandboxFixture::SandboxFixture() = default;
SandboxFixture::~SandboxFixture() = default;

bool SandboxFixture::start(QString *error)
{
    m_sandbox = std::make_unique<sandbox::Sandbox>();
    QString e;
    if (!m_sandbox->start(&e)) {
        if (error)
            *error = e;
        return false;
    }
    m_info = m_sandbox->startupInfo();
    return true;
}

QString SandboxFixture::apimHostPort() const
{
    const QUrl url = apimUrl();
    return url.host() + QLatin1Char(':') + QString::number(url.port());
}

QString SandboxFixture::apimUser() const
{
    return m_info.value(QLatin1String("accounts")).toObject().value(QLatin1String("apim")).toObject().value(QLatin1String("username")).toString();
}

QString SandboxFixture::apimPassword() const
{
    return m_info.value(QLatin1String("accounts")).toObject().value(QLatin1String("apim")).toObject().value(QLatin1String("password")).toString();
}

QJsonArray SandboxFixture::recordedRequests() const
{
    QJsonArray all;
    for (sandbox::SandboxServer *server : m_sandbox->servers()) {
        for (const QJsonValue &v : km::constTemporary(server->recordedRequests()))
            all.append(v);
    }
    return all;
}

QJsonArray SandboxFixture::allRecordedRequests() const
{
    QJsonArray all = m_archive;
    for (const QJsonValue &v : km::constTemporary(recordedRequests()))
        all.append(v);
    return all;
}

void SandboxFixture::clearRecordedRequests()
{
    for (const QJsonValue &v : km::constTemporary(recordedRequests()))
        m_archive.append(v);
    for (sandbox::SandboxServer *server : m_sandbox->servers())
        server->clearRecordedRequests();
}

SandboxProcess::~SandboxProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool SandboxProcess::start(QString *error, const QStringList &arguments)
{
    m_process.setProgram(QStringLiteral(KM_BIN_DIR "/kmconsole-sandbox"));
    m_process.setArguments(arguments);
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start();
    if (!m_process.waitForStarted(10000) || !m_process.waitForReadyRead(20000)) {
        if (error)
            *error = QStringLiteral("kmconsole-sandbox did not start: %1 %2").arg(m_process.errorString(), QString::fromUtf8(m_process.readAllStandardError()));
        return false;
    }
    const QByteArray line = m_process.readLine();
    m_info = QJsonDocument::fromJson(line).object();
    if (m_info.isEmpty()) {
        if (error)
            *error = QStringLiteral("kmconsole-sandbox printed no JSON line: ") + QString::fromUtf8(line);
        return false;
    }
    return true;
}

int SandboxProcess::stop()
{
    m_process.terminate();
    if (!m_process.waitForFinished(10000))
        return -1;
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

} // namespace km::test

namespace km::test {

QJsonObject SandboxFixture::asgardeoKeyManager(const QString &name)
{
    return QJsonObject{
        {QStringLiteral("name"), name},
        {QStringLiteral("type"), QStringLiteral("Asgardeo")},
        {QStringLiteral("displayName"), QStringLiteral("Asgardeo")},
        {QStringLiteral("issuer"), QStringLiteral("https://api.asgardeo.io/t/acme/oauth2/token")},
        // The four endpoints every connector without its own endpoint configuration requires, as flat fields.
        {QStringLiteral("tokenEndpoint"), QStringLiteral("https://api.asgardeo.io/t/acme/oauth2/token")},
        {QStringLiteral("revokeEndpoint"), QStringLiteral("https://api.asgardeo.io/t/acme/oauth2/revoke")},
        {QStringLiteral("introspectionEndpoint"), QStringLiteral("https://api.asgardeo.io/t/acme/oauth2/introspect")},
        {QStringLiteral("clientRegistrationEndpoint"), QStringLiteral("https://api.asgardeo.io/t/acme/api/identity/oauth2/dcr/v1.1/register")},
        {QStringLiteral("additionalProperties"), QJsonObject{
            {QStringLiteral("org_name"), QStringLiteral("acme")},
            {QStringLiteral("mgmt_client_id"), QStringLiteral("cid")},
            {QStringLiteral("mgmt_client_secret"), QStringLiteral("csecret")},
            {QStringLiteral("APIM_GLOBAL_SCOPES"), QStringLiteral("APIM_GLOBAL_SCOPES")},
            {QStringLiteral("asgardeo_api_resource_management_endpoint"), QStringLiteral("https://api.asgardeo.io/t/acme/api/server/v1/api-resources")},
            {QStringLiteral("asgardeo_roles_endpoint"), QStringLiteral("https://api.asgardeo.io/t/acme/scim2/v2/Roles")}}},
    };
}

int SandboxFixture::countRequests(const QString &method, const QString &pathPart) const
{
    int n = 0;
    for (const QJsonValue &v : km::constTemporary(allRecordedRequests())) {
        const QJsonObject o = v.toObject();
        const QString path = o.value(QLatin1String("path")).toString();
        const bool match = pathPart.endsWith(QLatin1Char('$')) ? path == pathPart.chopped(1) : path.contains(pathPart);
        n += o.value(QLatin1String("method")).toString() == method && match;
    }
    return n;
}

QList<QJsonObject> SandboxFixture::keyManagersNamed(const QString &name) const
{
    QList<QJsonObject> out;
    for (const QJsonObject &km : m_sandbox->apim()->keyManagers()) {
        if (km.value(QLatin1String("name")).toString() == name)
            out << km;
    }
    return out;
}

QString SandboxFixture::setUpAsgardeo(km::ApimClient *apim, km::HttpSession *http, const QString &name) const
{
    const QJsonObject a = m_info.value(QLatin1String("accounts")).toObject().value(QLatin1String("asgardeo")).toObject();
    const QString secret = a.value(QLatin1String("clientSecret")).toString();
    km::AsgardeoClient asgardeo(http, QUrl(m_info.value(QLatin1String("asgardeo")).toString()), a.value(QLatin1String("org")).toString(),
                                a.value(QLatin1String("clientId")).toString(), secret);
    km::AsgardeoSetupOptions options;
    options.name = name;
    std::unique_ptr<km::SetupRunner> runner(km::AsgardeoSetup::createRunner(apim, &asgardeo, http, secret, options, nullptr));
    QSignalSpy finished(runner.get(), &km::SetupRunner::finished);
    runner->start();
    if (!finished.wait(20000))
        return QStringLiteral("the Asgardeo setup did not finish in 20 s");
    return finished.first().first().toBool() ? QString() : runner->summary();
}

QJsonObject SandboxProcess::state(const char *listener) const
{
    return control(listener, "GET", QStringLiteral("/__sandbox/state")).toObject();
}

QJsonValue SandboxProcess::control(const char *listener, const QByteArray &method, const QString &path, const QJsonObject &body) const
{
    QNetworkAccessManager nam;
    const QUrl url(m_info.value(QLatin1String(listener)).toString() + path);
    QNetworkRequest request(url);
    request.setRawHeader(sandbox::SandboxServer::ControlTokenHeader, m_info.value(QLatin1String("controlToken")).toString().toLatin1());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = nam.sendCustomRequest(request, method, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (url.scheme() == QLatin1String("https"))
        reply->ignoreSslErrors(); // the test reads the sandbox's own state; the console never does this
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        done.wait(10000);
    const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll());
    reply->deleteLater();
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

km::ApimClient *SandboxFixture::apimClient(km::HttpSession *session, QObject *parent) const
{
    session->pinCertificate(apimHostPort(), apimFingerprint());
    km::ApimCredentials credentials;
    credentials.baseUrl = apimUrl();
    credentials.username = apimUser();
    credentials.password = apimPassword();
    return new km::ApimClient(session, credentials, parent);
}

} // namespace km::test
