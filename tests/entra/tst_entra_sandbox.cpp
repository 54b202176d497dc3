// The sandbox's Entra ID / Microsoft Graph stand-in and API Manager's DevPortal keys on an AzureAD
// key manager: what a client sees over HTTP, checked against the real services' contracts.

#include "support/OpenApiValidator.h"
#include "services/core/ConstRange.h"
#include "support/SandboxFixture.h"

#include "sandbox/SandboxServer.h"
#include "sandbox/apim/ApimStandIn.h"
#include "sandbox/entra/EntraStandIn.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTest>

using namespace km;
using namespace km::test;
using km::sandbox::EntraStandIn;

namespace {
struct HttpResult
{
    int status = 0;
    QByteArray body;
    QJsonObject json;
    QString error; // transport error
};

QJsonObject jwtPart(const QString &token, int part)
{
    return QJsonDocument::fromJson(QByteArray::fromBase64(token.section(QLatin1Char('.'), part, part).toLatin1(), QByteArray::Base64UrlEncoding)).object();
}

int aadCode(const HttpResult &r)
{
    return r.json.value(QLatin1String("error_codes")).toArray().first().toInt();
}

QString graphCode(const HttpResult &r)
{
    return r.json.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString();
}
} // namespace

class TstEntraSandbox : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void startupLineNamesEntra();
    void discoveryV2AndV1();
    void unknownTenantIs90002();
    void graphTokenCarriesRolesAndNonce();
    void graphTokenFailsIndependentVerification();
    void resourceTokenFollowsRequestedVersion();
    void resourceTokensVerifyWithJose();
    void tokenErrors_data();
    void tokenErrors();
    void secretIdInsteadOfValueIs7000215();
    void graphApplicationLifecycle();
    void graphRequiresRoles();
    void credentialLimit();
    void replicationLagThenSuccess();
    void stateHasNoSecrets();
    void devPortalApplications();
    void generateKeysOnAzureAdAbsorbsLag();
    void generateKeysPastMaxWaitLeavesOrphan();
    void mapKeys();
    // Last: every DevPortal exchange above, re-sent through an independent validator.
    void everyDevPortalExchangeFitsTheVendorSpec();

private:
    QString apimToken();
    HttpResult devPortal(const QByteArray &method, const QString &path, const QJsonObject &body = {});
    QString createAzureKeyManager(const QString &name, const QJsonObject &extraProps);
    QString createDevPortalApp(const QString &name);
    int countGraph404(const QString &pathContains) const;

    HttpResult send(const QByteArray &method, const QUrl &url, const QByteArray &body = {}, const QByteArray &contentType = {},
                    const QString &bearer = QString());
    HttpResult token(const QString &clientId, const QString &secret, const QString &scope, bool v1 = false,
                     const QString &tenant = QString());
    QString graphToken(const EntraStandIn::Client &client);
    QUrl login(const QString &path) const;
    QUrl graph(const QString &path) const;
    HttpResult graphCall(const QByteArray &method, const QString &path, const QJsonObject &body = {}, const QString &bearer = QString());
    QJsonObject createApp(const QString &name, const QJsonValue &version);
    QString verifyWithJose(const QString &jwksUrl, const QString &jwt, QJsonObject *verified);

    SandboxFixture m_sandbox;
    EntraStandIn *m_entra = nullptr;
    QNetworkAccessManager m_net;
    QString m_graphToken;
    QString m_apimToken;
};

void TstEntraSandbox::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    m_entra = m_sandbox.sandbox()->entra();
    QVERIFY(m_entra);
    m_graphToken = graphToken(m_entra->managementClient());
    QVERIFY(!m_graphToken.isEmpty());
}

void TstEntraSandbox::init()
{
    m_entra->setReplicationLagMs(0);
}

HttpResult TstEntraSandbox::send(const QByteArray &method, const QUrl &url, const QByteArray &body, const QByteArray &contentType,
                                 const QString &bearer)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(20000);
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer.toLatin1());
    if (url.path().startsWith(QLatin1String("/__sandbox/")))
        request.setRawHeader(sandbox::SandboxServer::ControlTokenHeader, m_sandbox.controlToken());
    if (url.scheme() == QLatin1String("https")) {
        // The API Manager stand-in's own self-signed certificate, pinned for this test.
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificate(m_sandbox.sandbox()->apim()->server()->certificate());
        request.setSslConfiguration(ssl);
    }
    QNetworkReply *reply = m_net.sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(30000);
    HttpResult r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.json = QJsonDocument::fromJson(r.body).object();
    if (r.status == 0)
        r.error = reply->errorString();
    reply->deleteLater();
    return r;
}

QUrl TstEntraSandbox::login(const QString &path) const
{
    return QUrl(m_entra->loginUrl().toString() + path);
}

QUrl TstEntraSandbox::graph(const QString &path) const
{
    return QUrl(m_entra->graphUrl().toString() + path);
}

HttpResult TstEntraSandbox::token(const QString &clientId, const QString &secret, const QString &scope, bool v1, const QString &tenant)
{
    auto field = [](const char *name, const QString &value) -> QByteArray { return QByteArray(name) + '=' + QUrl::toPercentEncoding(value); };
    const QByteArray form = field("grant_type", QStringLiteral("client_credentials")) + '&' + field("client_id", clientId) + '&'
                            + field("client_secret", secret) + '&' + field(v1 ? "resource" : "scope", scope);
    const QString t = tenant.isEmpty() ? m_entra->tenantId() : tenant;
    return send("POST", login(QStringLiteral("/%1/oauth2/%2token").arg(t, v1 ? QString() : QStringLiteral("v2.0/"))),
                form, "application/x-www-form-urlencoded");
}

QString TstEntraSandbox::graphToken(const EntraStandIn::Client &client)
{
    const HttpResult r = token(client.clientId, client.secret, QStringLiteral("https://graph.microsoft.com/.default"));
    return r.json.value(QLatin1String("access_token")).toString();
}

HttpResult TstEntraSandbox::graphCall(const QByteArray &method, const QString &path, const QJsonObject &body, const QString &bearer)
{
    return send(method, graph(path), body.isEmpty() && method != "POST" && method != "PATCH" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact),
                "application/json", bearer.isEmpty() ? m_graphToken : bearer);
}

QJsonObject TstEntraSandbox::createApp(const QString &name, const QJsonValue &version)
{
    const HttpResult r = graphCall("POST", QStringLiteral("/v1.0/applications"),
                                   QJsonObject{{QStringLiteral("displayName"), name}, {QStringLiteral("signInAudience"), QStringLiteral("AzureADMyOrg")},
                                               {QStringLiteral("api"), QJsonObject{{QStringLiteral("requestedAccessTokenVersion"), version}}}});
    if (r.status != 201)
        qWarning() << "create app:" << r.status << r.body;
    return r.json;
}

QString TstEntraSandbox::verifyWithJose(const QString &jwksUrl, const QString &jwt, QJsonObject *verified)
{
    // jose fetches the JWKS from this process's sandbox, so wait for node without blocking the event loop.
    if (!QFile::exists(QStringLiteral(KM_NODE_DIR "/node_modules/jose/package.json")))
        return QStringLiteral("The npm test peers are not installed in tests/node: run scripts/test.sh (it runs npm ci there).");
    QProcess node;
    node.setWorkingDirectory(QStringLiteral(KM_NODE_DIR));
    QSignalSpy finished(&node, &QProcess::finished);
    node.start(QStringLiteral("node"), {QStringLiteral(KM_NODE_DIR "/jwt-verify.mjs"), jwksUrl, jwt});
    if (!node.waitForStarted(10000))
        return QStringLiteral("node could not start: ") + node.errorString();
    if (!finished.wait(60000)) {
        node.kill();
        node.waitForFinished(2000);
        return QStringLiteral("node jwt-verify.mjs timed out");
    }
    if (node.exitStatus() == QProcess::NormalExit && node.exitCode() == 0) {
        *verified = QJsonDocument::fromJson(node.readAllStandardOutput()).object();
        return QString();
    }
    const QString err = QString::fromUtf8(node.readAllStandardError()).trimmed();
    return err.isEmpty() ? QStringLiteral("node exited with %1").arg(node.exitCode()) : err;
}

void TstEntraSandbox::startupLineNamesEntra()
{
    const QJsonObject info = m_sandbox.info();
    QCOMPARE(info.value(QLatin1String("entra")).toString(), m_entra->loginUrl().toString());
    QCOMPARE(info.value(QLatin1String("graph")).toString(), m_entra->graphUrl().toString());
    const QJsonObject account = info.value(QLatin1String("accounts")).toObject().value(QLatin1String("entra")).toObject();
    QCOMPARE(account.value(QLatin1String("tenant")).toString(), m_entra->tenantId());
    QCOMPARE(account.value(QLatin1String("clientId")).toString(), m_entra->managementClient().clientId);
    QCOMPARE(account.value(QLatin1String("clientSecret")).toString(), m_entra->managementClient().secret);
    QVERIFY(m_entra->managementClient().keyId != m_entra->managementClient().secret);
}

void TstEntraSandbox::discoveryV2AndV1()
{
    const QString tid = m_entra->tenantId();
    const QString base = m_entra->loginUrl().toString();
    // The tenant id and the domain alias both work.
    for (const QString &tenant : {tid, m_entra->domain()}) {
        const HttpResult v2 = send("GET", login(QStringLiteral("/%1/v2.0/.well-known/openid-configuration").arg(tenant)));
        QCOMPARE(v2.status, 200);
        QCOMPARE(v2.json.value(QLatin1String("issuer")).toString(), QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(tid));
        QCOMPARE(v2.json.value(QLatin1String("token_endpoint")).toString(), QStringLiteral("%1/%2/oauth2/v2.0/token").arg(base, tid));
        QCOMPARE(v2.json.value(QLatin1String("jwks_uri")).toString(), QStringLiteral("%1/%2/discovery/v2.0/keys").arg(base, tid));
        QCOMPARE(v2.json.value(QLatin1String("authorization_endpoint")).toString(), QStringLiteral("%1/%2/oauth2/v2.0/authorize").arg(base, tid));
        QCOMPARE(v2.json.value(QLatin1String("userinfo_endpoint")).toString(), m_entra->graphUrl().toString() + QStringLiteral("/oidc/userinfo"));
        // Like the real document: no grant_types_supported.
        QVERIFY(!v2.json.contains(QLatin1String("grant_types_supported")));

        const HttpResult v1 = send("GET", login(QStringLiteral("/%1/.well-known/openid-configuration").arg(tenant)));
        QCOMPARE(v1.status, 200);
        QCOMPARE(v1.json.value(QLatin1String("issuer")).toString(), QStringLiteral("https://sts.windows.net/%1/").arg(tid));
        QCOMPARE(v1.json.value(QLatin1String("token_endpoint")).toString(), QStringLiteral("%1/%2/oauth2/token").arg(base, tid));
        QCOMPARE(v1.json.value(QLatin1String("jwks_uri")).toString(), base + QStringLiteral("/common/discovery/keys"));
        QCOMPARE(v1.json.value(QLatin1String("userinfo_endpoint")).toString(), QStringLiteral("%1/%2/openid/userinfo").arg(base, tid));
    }
    for (const QString &jwks : {QStringLiteral("/%1/discovery/v2.0/keys").arg(tid), QStringLiteral("/common/discovery/keys")}) {
        const HttpResult keys = send("GET", login(jwks));
        QCOMPARE(keys.status, 200);
        const QJsonObject key = keys.json.value(QLatin1String("keys")).toArray().first().toObject();
        QCOMPARE(key.value(QLatin1String("kty")).toString(), QStringLiteral("RSA"));
        QVERIFY(!key.value(QLatin1String("kid")).toString().isEmpty());
    }
}

void TstEntraSandbox::unknownTenantIs90002()
{
    const HttpResult d = send("GET", login(QStringLiteral("/fabrikam.onmicrosoft.com/v2.0/.well-known/openid-configuration")));
    QCOMPARE(d.status, 400);
    QCOMPARE(aadCode(d), 90002);
    const HttpResult t = token(m_entra->managementClient().clientId, m_entra->managementClient().secret,
                               QStringLiteral("https://graph.microsoft.com/.default"), false, QStringLiteral("00000000-1111-2222-3333-444444444444"));
    QCOMPARE(t.status, 400);
    QCOMPARE(aadCode(t), 90002);
    QVERIFY(t.json.value(QLatin1String("error_description")).toString().startsWith(QLatin1String("AADSTS90002: Tenant '00000000-1111-2222-3333-444444444444' not found.")));
}

void TstEntraSandbox::graphTokenCarriesRolesAndNonce()
{
    const HttpResult r = token(m_entra->managementClient().clientId, m_entra->managementClient().secret,
                               QStringLiteral("https://graph.microsoft.com/.default"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QLatin1String("token_type")).toString(), QStringLiteral("Bearer"));
    const QString jwt = r.json.value(QLatin1String("access_token")).toString();
    const QJsonObject header = jwtPart(jwt, 0);
    const QJsonObject claims = jwtPart(jwt, 1);
    QVERIFY(!header.value(QLatin1String("nonce")).toString().isEmpty());
    QCOMPARE(claims.value(QLatin1String("aud")).toString(), QStringLiteral("https://graph.microsoft.com"));
    QCOMPARE(claims.value(QLatin1String("iss")).toString(), QStringLiteral("https://sts.windows.net/%1/").arg(m_entra->tenantId()));
    QCOMPARE(claims.value(QLatin1String("appid")).toString(), m_entra->managementClient().clientId);
    QStringList roles = claims.value(QLatin1String("roles")).toVariant().toStringList();
    roles.sort();
    QCOMPARE(roles, (QStringList{QStringLiteral("Application.Read.All"), QStringLiteral("Application.ReadWrite.All"),
                                 QStringLiteral("Application.ReadWrite.OwnedBy")}));
    QCOMPARE(claims.value(QLatin1String("tid")).toString(), m_entra->tenantId());

    const HttpResult readOnly = token(m_entra->readOnlyClient().clientId, m_entra->readOnlyClient().secret,
                                      QStringLiteral("https://graph.microsoft.com/.default"));
    QCOMPARE(readOnly.status, 200);
    QCOMPARE(jwtPart(readOnly.json.value(QLatin1String("access_token")).toString(), 1).value(QLatin1String("roles")).toVariant().toStringList(),
             QStringList{QStringLiteral("Application.Read.All")});
    QCOMPARE(EntraStandIn::graphPermissionId(QStringLiteral("Application.ReadWrite.All")), QStringLiteral("1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9"));
}

void TstEntraSandbox::graphTokenFailsIndependentVerification()
{
    // A token for Graph is signed over a hashed nonce while its header carries the plain one: only
    // Graph can check it, and a standard JOSE library must reject the signature. A console that
    // verifies such a token must not call it forged.
    QJsonObject verified;
    const QString failure = verifyWithJose(m_entra->loginUrl().toString() + QStringLiteral("/%1/discovery/v2.0/keys").arg(m_entra->tenantId()),
                                           m_graphToken, &verified);
    QVERIFY2(failure.startsWith(QLatin1String("ERR_JWS_SIGNATURE_VERIFICATION_FAILED")), qPrintable(failure));
}

void TstEntraSandbox::resourceTokenFollowsRequestedVersion()
{
    const EntraStandIn::Client mgmt = m_entra->managementClient();
    const QJsonObject app = createApp(QStringLiteral("Orders API"), QJsonValue::Null);
    const QString id = app.value(QLatin1String("id")).toString();
    const QString appId = app.value(QLatin1String("appId")).toString();
    QVERIFY(!appId.isEmpty());
    // No identifier URI yet, no service principal: the resource principal is not found.
    HttpResult t = token(mgmt.clientId, mgmt.secret, QStringLiteral("api://%1/.default").arg(appId));
    QCOMPARE(t.status, 400);
    QCOMPARE(aadCode(t), 500011);
    QCOMPARE(graphCall("PATCH", QStringLiteral("/v1.0/applications/") + id,
                       QJsonObject{{QStringLiteral("identifierUris"), QJsonArray{QString(QStringLiteral("api://") + appId)}}}).status, 204);
    QCOMPARE(graphCall("POST", QStringLiteral("/v1.0/servicePrincipals"), QJsonObject{{QStringLiteral("appId"), appId}}).status, 201);

    // requestedAccessTokenVersion null: a v1 token even from the v2 endpoint.
    t = token(mgmt.clientId, mgmt.secret, QStringLiteral("api://%1/.default").arg(appId));
    QCOMPARE(t.status, 200);
    QJsonObject claims = jwtPart(t.json.value(QLatin1String("access_token")).toString(), 1);
    QCOMPARE(claims.value(QLatin1String("ver")).toString(), QStringLiteral("1.0"));
    QCOMPARE(claims.value(QLatin1String("iss")).toString(), QStringLiteral("https://sts.windows.net/%1/").arg(m_entra->tenantId()));
    QCOMPARE(claims.value(QLatin1String("appid")).toString(), mgmt.clientId);
    QCOMPARE(claims.value(QLatin1String("appidacr")).toString(), QStringLiteral("1"));
    QVERIFY(!claims.contains(QLatin1String("azp")));
    QCOMPARE(claims.value(QLatin1String("aud")).toString(), QStringLiteral("api://") + appId);
    QVERIFY(!claims.value(QLatin1String("oid")).toString().isEmpty());
    QVERIFY(claims.value(QLatin1String("exp")).toInteger() > claims.value(QLatin1String("iat")).toInteger());
    QVERIFY(!jwtPart(t.json.value(QLatin1String("access_token")).toString(), 0).contains(QLatin1String("nonce")));

    // After PATCH api.requestedAccessTokenVersion = 2: v2 tokens, whichever endpoint.
    QCOMPARE(graphCall("PATCH", QStringLiteral("/v1.0/applications/") + id,
                       QJsonObject{{QStringLiteral("api"), QJsonObject{{QStringLiteral("requestedAccessTokenVersion"), 2}}}}).status, 204);
    for (bool v1Endpoint : {false, true}) {
        t = token(mgmt.clientId, mgmt.secret, v1Endpoint ? QStringLiteral("api://") + appId : QStringLiteral("api://%1/.default").arg(appId), v1Endpoint);
        QCOMPARE(t.status, 200);
        claims = jwtPart(t.json.value(QLatin1String("access_token")).toString(), 1);
        QCOMPARE(claims.value(QLatin1String("ver")).toString(), QStringLiteral("2.0"));
        QCOMPARE(claims.value(QLatin1String("iss")).toString(), QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(m_entra->tenantId()));
        QCOMPARE(claims.value(QLatin1String("azp")).toString(), mgmt.clientId);
        QCOMPARE(claims.value(QLatin1String("azpacr")).toString(), QStringLiteral("1"));
        QCOMPARE(claims.value(QLatin1String("aud")).toString(), appId);
        QVERIFY(!claims.contains(QLatin1String("appid")));
    }
    // The bare client id works as the resource too.
    t = token(mgmt.clientId, mgmt.secret, appId + QStringLiteral("/.default"));
    QCOMPARE(t.status, 200);

    // The seeded legacy registration: version null, no identifier URI, but a service principal.
    const QString legacy = m_entra->legacyResourceAppId();
    QCOMPARE(aadCode(token(mgmt.clientId, mgmt.secret, QStringLiteral("api://%1/.default").arg(legacy))), 500011);
    t = token(mgmt.clientId, mgmt.secret, legacy + QStringLiteral("/.default"));
    QCOMPARE(t.status, 200);
    QCOMPARE(jwtPart(t.json.value(QLatin1String("access_token")).toString(), 1).value(QLatin1String("ver")).toString(), QStringLiteral("1.0"));
}

void TstEntraSandbox::resourceTokensVerifyWithJose()
{
    const EntraStandIn::Client mgmt = m_entra->managementClient();
    const QString legacy = m_entra->legacyResourceAppId();
    const HttpResult t = token(mgmt.clientId, mgmt.secret, legacy + QStringLiteral("/.default"));
    QCOMPARE(t.status, 200);
    const QString jwt = t.json.value(QLatin1String("access_token")).toString();
    for (const QString &jwks : {QString(m_entra->loginUrl().toString() + QStringLiteral("/%1/discovery/v2.0/keys").arg(m_entra->tenantId())),
                                QString(m_entra->loginUrl().toString() + QStringLiteral("/common/discovery/keys"))}) {
        QJsonObject verified;
        const QString failure = verifyWithJose(jwks, jwt, &verified);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QCOMPARE(verified.value(QLatin1String("payload")).toObject().value(QLatin1String("appid")).toString(), mgmt.clientId);
        QCOMPARE(verified.value(QLatin1String("header")).toObject().value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
    }
}

void TstEntraSandbox::tokenErrors_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("scope");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("text");
    const EntraStandIn::Client mgmt = m_entra->managementClient();
    const QString graphScope = QStringLiteral("https://graph.microsoft.com/.default");
    QTest::newRow("wrong secret") << mgmt.clientId << QStringLiteral("not-the-secret") << graphScope << 401 << QStringLiteral("invalid_client") << 7000215
                                  << QStringLiteral("AADSTS7000215: Invalid client secret provided.");
    QTest::newRow("expired secret") << m_entra->expiredSecretClient().clientId << m_entra->expiredSecretClient().secret << graphScope << 401
                                    << QStringLiteral("invalid_client") << 7000222 << QStringLiteral("AADSTS7000222: The provided client secret keys for app");
    QTest::newRow("unknown client") << QStringLiteral("11111111-2222-3333-4444-555555555555") << mgmt.secret << graphScope << 400
                                    << QStringLiteral("unauthorized_client") << 700016
                                    << QStringLiteral("AADSTS700016: Application with identifier '11111111-2222-3333-4444-555555555555' was not found in the directory");
    QTest::newRow("unknown resource") << mgmt.clientId << mgmt.secret << QStringLiteral("api://no-such-api/.default") << 400
                                      << QStringLiteral("invalid_resource") << 500011
                                      << QStringLiteral("AADSTS500011: The resource principal named api://no-such-api was not found in the tenant");
    QTest::newRow("scope without .default") << mgmt.clientId << mgmt.secret << QStringLiteral("https://graph.microsoft.com/Application.Read.All") << 400
                                            << QStringLiteral("invalid_scope") << 70011
                                            << QStringLiteral("AADSTS70011: The provided value for the input parameter 'scope' is not valid.");
}

void TstEntraSandbox::tokenErrors()
{
    QFETCH(QString, clientId);
    QFETCH(QString, secret);
    QFETCH(QString, scope);
    QFETCH(int, status);
    QFETCH(QString, error);
    QFETCH(int, code);
    QFETCH(QString, text);
    const HttpResult r = token(clientId, secret, scope);
    QCOMPARE(r.status, status);
    QCOMPARE(r.json.value(QLatin1String("error")).toString(), error);
    QCOMPARE(r.json.value(QLatin1String("error_codes")).toArray(), QJsonArray{code});
    QVERIFY2(r.json.value(QLatin1String("error_description")).toString().startsWith(text), qPrintable(r.json.value(QLatin1String("error_description")).toString()));
    for (const char *field : {"timestamp", "trace_id", "correlation_id"})
        QVERIFY2(!r.json.value(QLatin1String(field)).toString().isEmpty(), field);
}

void TstEntraSandbox::secretIdInsteadOfValueIs7000215()
{
    // What the real service does when a secret's ID is pasted instead of its value.
    const EntraStandIn::Client mgmt = m_entra->managementClient();
    const HttpResult r = token(mgmt.clientId, mgmt.keyId, QStringLiteral("https://graph.microsoft.com/.default"));
    QCOMPARE(r.status, 401);
    QCOMPARE(aadCode(r), 7000215);
    QVERIFY(r.json.value(QLatin1String("error_description")).toString().contains(QLatin1String("not the client secret ID")));
}

void TstEntraSandbox::graphApplicationLifecycle()
{
    const QJsonObject created = createApp(QStringLiteral("Lifecycle app"), 2);
    const QString id = created.value(QLatin1String("id")).toString();
    const QString appId = created.value(QLatin1String("appId")).toString();
    QVERIFY(!id.isEmpty() && !appId.isEmpty() && id != appId);
    QCOMPARE(created.value(QLatin1String("api")).toObject().value(QLatin1String("requestedAccessTokenVersion")).toInt(), 2);
    QCOMPARE(created.value(QLatin1String("signInAudience")).toString(), QStringLiteral("AzureADMyOrg"));

    HttpResult get = graphCall("GET", QStringLiteral("/v1.0/applications/") + id);
    QCOMPARE(get.status, 200);
    QCOMPARE(get.json.value(QLatin1String("appId")).toString(), appId);
    get = graphCall("GET", QStringLiteral("/v1.0/applications(appId='%1')").arg(appId));
    QCOMPARE(get.status, 200);
    QCOMPARE(get.json.value(QLatin1String("id")).toString(), id);
    get = graphCall("GET", QStringLiteral("/v1.0/applications?$filter=appId%20eq%20'%1'&$select=id,appId,displayName").arg(appId));
    QCOMPARE(get.status, 200);
    const QJsonArray value = get.json.value(QLatin1String("value")).toArray();
    QCOMPARE(value.size(), 1);
    QCOMPARE(value.first().toObject().value(QLatin1String("id")).toString(), id);
    QCOMPARE(value.first().toObject().keys(), (QStringList{QStringLiteral("appId"), QStringLiteral("displayName"), QStringLiteral("id")}));

    QCOMPARE(graphCall("PATCH", QStringLiteral("/v1.0/applications/") + id,
                       QJsonObject{{QStringLiteral("identifierUris"), QJsonArray{QString(QStringLiteral("api://") + appId)}}}).status, 204);
    // Someone else's domain is refused.
    const HttpResult foreign = graphCall("PATCH", QStringLiteral("/v1.0/applications/") + id,
                                         QJsonObject{{QStringLiteral("identifierUris"), QJsonArray{QStringLiteral("https://api.fabrikam.com/orders")}}});
    QCOMPARE(foreign.status, 400);
    QCOMPARE(graphCode(foreign), QStringLiteral("HostNameNotOnVerifiedDomain"));

    // addPassword: the value is shown once.
    const HttpResult added = graphCall("POST", QStringLiteral("/v1.0/applications/%1/addPassword").arg(id),
                                       QJsonObject{{QStringLiteral("passwordCredential"), QJsonObject{{QStringLiteral("displayName"), QStringLiteral("apim")}}}});
    QCOMPARE(added.status, 200);
    const QString secret = added.json.value(QLatin1String("secretText")).toString();
    const QString keyId = added.json.value(QLatin1String("keyId")).toString();
    QVERIFY(secret.size() >= 40);
    QCOMPARE(added.json.value(QLatin1String("hint")).toString(), secret.left(3));
    QCOMPARE(added.json.value(QLatin1String("displayName")).toString(), QStringLiteral("apim"));
    QVERIFY(added.json.contains(QLatin1String("customKeyIdentifier")) && added.json.value(QLatin1String("customKeyIdentifier")).isNull());
    QVERIFY(QDateTime::fromString(added.json.value(QLatin1String("endDateTime")).toString(), Qt::ISODateWithMs)
            > QDateTime::fromString(added.json.value(QLatin1String("startDateTime")).toString(), Qt::ISODateWithMs));
    get = graphCall("GET", QStringLiteral("/v1.0/applications/") + id);
    const QJsonObject listed = get.json.value(QLatin1String("passwordCredentials")).toArray().first().toObject();
    QCOMPARE(listed.value(QLatin1String("keyId")).toString(), keyId);
    QVERIFY(listed.value(QLatin1String("secretText")).isNull());
    QVERIFY(!get.body.contains(secret.toUtf8()));

    QCOMPARE(graphCall("POST", QStringLiteral("/v1.0/applications/%1/removePassword").arg(id), QJsonObject{{QStringLiteral("keyId"), keyId}}).status, 204);
    get = graphCall("GET", QStringLiteral("/v1.0/applications/") + id);
    QVERIFY(get.json.value(QLatin1String("passwordCredentials")).toArray().isEmpty());

    QCOMPARE(graphCall("DELETE", QStringLiteral("/v1.0/applications/") + id).status, 204);
    const HttpResult gone = graphCall("GET", QStringLiteral("/v1.0/applications/") + id);
    QCOMPARE(gone.status, 404);
    QCOMPARE(graphCode(gone), QStringLiteral("Request_ResourceNotFound"));
    const QJsonObject inner = gone.json.value(QLatin1String("error")).toObject().value(QLatin1String("innerError")).toObject();
    QVERIFY(!inner.value(QLatin1String("request-id")).toString().isEmpty());
    QVERIFY(!inner.value(QLatin1String("date")).toString().isEmpty());
}

void TstEntraSandbox::graphRequiresRoles()
{
    const HttpResult anonymous = send("GET", graph(QStringLiteral("/v1.0/applications")));
    QCOMPARE(anonymous.status, 401);
    QCOMPARE(graphCode(anonymous), QStringLiteral("InvalidAuthenticationToken"));

    // A token for another audience is refused by Graph.
    const EntraStandIn::Client mgmt = m_entra->managementClient();
    const QString otherAudience = token(mgmt.clientId, mgmt.secret, m_entra->legacyResourceAppId() + QStringLiteral("/.default"))
                                      .json.value(QLatin1String("access_token")).toString();
    const HttpResult wrongAudience = graphCall("GET", QStringLiteral("/v1.0/applications"), {}, otherAudience);
    QCOMPARE(wrongAudience.status, 401);
    QVERIFY(wrongAudience.json.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().contains(QLatin1String("Invalid audience")));

    // Application.Read.All reads but cannot create.
    const QString readOnly = graphToken(m_entra->readOnlyClient());
    QCOMPARE(graphCall("GET", QStringLiteral("/v1.0/applications"), {}, readOnly).status, 200);
    const HttpResult denied = graphCall("POST", QStringLiteral("/v1.0/applications"), QJsonObject{{QStringLiteral("displayName"), QStringLiteral("x")}}, readOnly);
    QCOMPARE(denied.status, 403);
    QCOMPARE(graphCode(denied), QStringLiteral("Authorization_RequestDenied"));
    QCOMPARE(denied.json.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString(),
             QStringLiteral("Insufficient privileges to complete the operation."));
}

void TstEntraSandbox::credentialLimit()
{
    const QJsonObject body{{QStringLiteral("passwordCredential"), QJsonObject{{QStringLiteral("displayName"), QStringLiteral("s")}}}};
    // Work accounts only (AzureADMyOrg, AzureADMultipleOrgs): no two-secret limit.
    for (const QString &audience : {QStringLiteral("AzureADMyOrg"), QStringLiteral("AzureADMultipleOrgs")}) {
        const QString orgId = createApp(QStringLiteral("No limit (%1)").arg(audience), 2).value(QLatin1String("id")).toString();
        QCOMPARE(graphCall("PATCH", QStringLiteral("/v1.0/applications/") + orgId, QJsonObject{{QStringLiteral("signInAudience"), audience}}).status, 204);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(graphCall("POST", QStringLiteral("/v1.0/applications/%1/addPassword").arg(orgId), body).status, 200);
    }
    // Personal Microsoft accounts allowed: two secrets at most.
    const QString id = createApp(QStringLiteral("Two secrets at most"), 2).value(QLatin1String("id")).toString();
    QCOMPARE(graphCall("PATCH", QStringLiteral("/v1.0/applications/") + id,
                       QJsonObject{{QStringLiteral("signInAudience"), QStringLiteral("AzureADandPersonalMicrosoftAccount")}}).status, 204);
    const QString path = QStringLiteral("/v1.0/applications/%1/addPassword").arg(id);
    QCOMPARE(graphCall("POST", path, body).status, 200);
    QCOMPARE(graphCall("POST", path, body).status, 200);
    const HttpResult third = graphCall("POST", path, body);
    QCOMPARE(third.status, 400);
    QCOMPARE(graphCode(third), QStringLiteral("TooManyAppPasswords"));
    QCOMPARE(third.json.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString(),
             QStringLiteral("Unable to save changes because the credential limit has been reached. Please delete a credential and try again."));
}

void TstEntraSandbox::replicationLagThenSuccess()
{
    m_entra->setReplicationLagMs(1500);
    const QJsonObject created = createApp(QStringLiteral("Lagging app"), QJsonValue::Null);
    const QString id = created.value(QLatin1String("id")).toString();
    const QString appId = created.value(QLatin1String("appId")).toString();
    QVERIFY(!id.isEmpty());
    const QString addPassword = QStringLiteral("/v1.0/applications/%1/addPassword").arg(id);
    const QJsonObject body{{QStringLiteral("passwordCredential"), QJsonObject{{QStringLiteral("displayName"), QStringLiteral("s")}}}};
    for (const HttpResult &r : {graphCall("GET", QStringLiteral("/v1.0/applications/") + id), graphCall("POST", addPassword, body),
                                graphCall("PATCH", QStringLiteral("/v1.0/applications/") + id, QJsonObject{{QStringLiteral("displayName"), QStringLiteral("y")}})}) {
        QCOMPARE(r.status, 404);
        QCOMPARE(graphCode(r), QStringLiteral("Request_ResourceNotFound"));
    }
    // A service principal for the new application: 400, as Graph answers it (tests/fixtures/real/graph-sp-lag-error-400.json).
    const HttpResult spEarly = graphCall("POST", QStringLiteral("/v1.0/servicePrincipals"), QJsonObject{{QStringLiteral("appId"), appId}});
    QCOMPARE(spEarly.status, 400);
    QCOMPARE(graphCode(spEarly), QStringLiteral("Request_BadRequest"));
    QCOMPARE(spEarly.json.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString(),
             QStringLiteral("The appId '%1' of the service principal does not reference a valid application object.").arg(appId));
    const HttpResult notYet = graphCall("GET", QStringLiteral("/v1.0/applications/") + id);
    QCOMPARE(notYet.json.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString(),
             QStringLiteral("Resource '%1' does not exist or one of its queried reference-property objects are not present.").arg(id));
    QTRY_COMPARE_WITH_TIMEOUT(graphCall("GET", QStringLiteral("/v1.0/applications/") + id).status, 200, 5000);
    const HttpResult added = graphCall("POST", addPassword, body);
    QCOMPARE(added.status, 200);
    // The new secret is not yet known to the token service either.
    const QString secret = added.json.value(QLatin1String("secretText")).toString();
    const HttpResult early = token(appId, secret, QStringLiteral("https://graph.microsoft.com/.default"));
    QCOMPARE(early.status, 401);
    QCOMPARE(aadCode(early), 7000215);
    QTRY_COMPARE_WITH_TIMEOUT(token(appId, secret, QStringLiteral("https://graph.microsoft.com/.default")).status, 200, 5000);
    QCOMPARE(graphCall("POST", QStringLiteral("/v1.0/servicePrincipals"), QJsonObject{{QStringLiteral("appId"), appId}}).status, 201);
}

void TstEntraSandbox::stateHasNoSecrets()
{
    const HttpResult state = send("GET", graph(QStringLiteral("/__sandbox/state")));
    QCOMPARE(state.status, 200);
    QCOMPARE(state.json.value(QLatin1String("tenant")).toObject().value(QLatin1String("id")).toString(), m_entra->tenantId());
    QVERIFY(!state.json.value(QLatin1String("applications")).toArray().isEmpty());
    QVERIFY(!state.json.value(QLatin1String("servicePrincipals")).toArray().isEmpty());
    QVERIFY(!state.body.contains(m_entra->managementClient().secret.toUtf8()));
    QVERIFY(state.body.contains(m_entra->managementClient().keyId.toUtf8()));
    const HttpResult loginState = send("GET", login(QStringLiteral("/__sandbox/state")));
    QCOMPARE(loginState.json.value(QLatin1String("listener")).toString(), QStringLiteral("entra"));
}

QString TstEntraSandbox::apimToken()
{
    if (!m_apimToken.isEmpty())
        return m_apimToken;
    // As a real client does: register a REST client with DCR, then the password grant.
    const QUrl apim(m_sandbox.info().value(QLatin1String("apim")).toString());
    const QByteArray basic = "Basic " + QString(m_sandbox.apimUser() + QLatin1Char(':') + m_sandbox.apimPassword()).toUtf8().toBase64();
    QNetworkRequest dcr(QUrl(apim.toString() + QStringLiteral("/client-registration/v0.17/register")));
    dcr.setRawHeader("Authorization", basic);
    dcr.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.addCaCertificate(m_sandbox.sandbox()->apim()->server()->certificate());
    dcr.setSslConfiguration(ssl);
    const QJsonObject registration{{QStringLiteral("callbackUrl"), QStringLiteral("www.example.com")}, {QStringLiteral("clientName"), QStringLiteral("tst_entra")},
                                   {QStringLiteral("owner"), m_sandbox.apimUser()}, {QStringLiteral("grantType"), QStringLiteral("client_credentials password refresh_token")},
                                   {QStringLiteral("saasApp"), true}};
    QNetworkReply *reply = m_net.post(dcr, QJsonDocument(registration).toJson(QJsonDocument::Compact));
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        done.wait(20000);
    const QJsonObject client = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    QNetworkRequest tokenRequest(QUrl(apim.toString() + QStringLiteral("/oauth2/token")));
    tokenRequest.setRawHeader("Authorization", "Basic " + QString(client.value(QLatin1String("clientId")).toString() + QLatin1Char(':')
                                                                 + client.value(QLatin1String("clientSecret")).toString()).toUtf8().toBase64());
    tokenRequest.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    tokenRequest.setSslConfiguration(ssl);
    const QByteArray form = "grant_type=password&username=" + QUrl::toPercentEncoding(m_sandbox.apimUser()) + "&password="
                            + QUrl::toPercentEncoding(m_sandbox.apimPassword()) + "&scope=" + QUrl::toPercentEncoding(QStringLiteral("apim:admin apim:subscribe apim:app_manage"));
    reply = m_net.post(tokenRequest, form);
    QSignalSpy tokenDone(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        tokenDone.wait(20000);
    m_apimToken = QJsonDocument::fromJson(reply->readAll()).object().value(QLatin1String("access_token")).toString();
    reply->deleteLater();
    return m_apimToken;
}

HttpResult TstEntraSandbox::devPortal(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    const QString base = m_sandbox.info().value(QLatin1String("apim")).toString() + QStringLiteral("/api/am/devportal/v3");
    return send(method, QUrl(base + path), method == "GET" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", apimToken());
}

QString TstEntraSandbox::createAzureKeyManager(const QString &name, const QJsonObject &extraProps)
{
    const EntraStandIn::Client mgmt = m_entra->managementClient();
    const QString tid = m_entra->tenantId();
    const QString login = m_entra->loginUrl().toString();
    QJsonObject props{{QStringLiteral("microsoft_graph_api_endpoint"), m_entra->graphUrl().toString()}, {QStringLiteral("v1.0"), QStringLiteral("v1.0")},
                      {QStringLiteral("azure_ad_requested_access_token_version"), QStringLiteral("v2.0")},
                      {QStringLiteral("azure_ad_client_id"), mgmt.clientId}, {QStringLiteral("azure_ad_client_secret"), mgmt.secret}};
    for (auto it = extraProps.begin(); it != extraProps.end(); ++it)
        props.insert(it.key(), it.value());
    const QString token = QStringLiteral("%1/%2/oauth2/v2.0/token").arg(login, tid);
    const QJsonObject km{
        {QStringLiteral("name"), name}, {QStringLiteral("type"), QStringLiteral("AzureAD")}, {QStringLiteral("displayName"), name},
        {QStringLiteral("issuer"), QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(tid)},
        // As the Admin Portal sends them: flat fields, which API Manager stores where the connector reads them.
        {QStringLiteral("tokenEndpoint"), token}, {QStringLiteral("revokeEndpoint"), token}, {QStringLiteral("introspectionEndpoint"), token},
        {QStringLiteral("clientRegistrationEndpoint"), m_entra->graphUrl().toString()},
        {QStringLiteral("certificates"), QJsonObject{{QStringLiteral("type"), QStringLiteral("JWKS")},
                                                     {QStringLiteral("value"), QStringLiteral("%1/%2/discovery/v2.0/keys").arg(login, tid)}}},
        {QStringLiteral("consumerKeyClaim"), QStringLiteral("azp")}, {QStringLiteral("availableGrantTypes"), QJsonArray{QStringLiteral("client_credentials")}},
        {QStringLiteral("enableMapOAuthConsumerApps"), true}, {QStringLiteral("enableOAuthAppCreation"), true},
        {QStringLiteral("additionalProperties"), props}};
    const QString base = m_sandbox.info().value(QLatin1String("apim")).toString();
    const HttpResult r = send("POST", QUrl(base + QStringLiteral("/api/am/admin/v4/key-managers")), QJsonDocument(km).toJson(QJsonDocument::Compact),
                              "application/json", apimToken());
    if (r.status != 201)
        qWarning() << "key manager:" << r.status << r.body;
    return r.json.value(QLatin1String("id")).toString();
}

QString TstEntraSandbox::createDevPortalApp(const QString &name)
{
    const HttpResult r = devPortal("POST", QStringLiteral("/applications"),
                                   QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("throttlingPolicy"), QStringLiteral("Unlimited")}});
    if (r.status != 201)
        qWarning() << "application:" << r.status << r.body;
    return r.json.value(QLatin1String("applicationId")).toString();
}

int TstEntraSandbox::countGraph404(const QString &pathContains) const
{
    int n = 0;
    for (const QJsonValue &v : km::constTemporary(m_sandbox.recordedRequests())) {
        const QJsonObject o = v.toObject();
        if (o.value(QLatin1String("listener")).toString() == QLatin1String("graph") && o.value(QLatin1String("status")).toInt() == 404
            && o.value(QLatin1String("path")).toString().contains(pathContains))
            ++n;
    }
    return n;
}

void TstEntraSandbox::devPortalApplications()
{
    QVERIFY(!apimToken().isEmpty());
    const HttpResult anonymous = send("GET", QUrl(m_sandbox.info().value(QLatin1String("apim")).toString() + QStringLiteral("/api/am/devportal/v3/applications")));
    QCOMPARE(anonymous.status, 401);
    QCOMPARE(anonymous.json.value(QLatin1String("code")).toInteger(), 900902);

    const HttpResult created = devPortal("POST", QStringLiteral("/applications"),
                                         QJsonObject{{QStringLiteral("name"), QStringLiteral("Portal app")}, {QStringLiteral("throttlingPolicy"), QStringLiteral("Unlimited")}});
    QCOMPARE(created.status, 201);
    const QString id = created.json.value(QLatin1String("applicationId")).toString();
    QVERIFY(!id.isEmpty());
    QCOMPARE(created.json.value(QLatin1String("status")).toString(), QStringLiteral("APPROVED"));
    QCOMPARE(created.json.value(QLatin1String("owner")).toString(), m_sandbox.apimUser());
    const HttpResult duplicate = devPortal("POST", QStringLiteral("/applications"),
                                           QJsonObject{{QStringLiteral("name"), QStringLiteral("Portal app")}, {QStringLiteral("throttlingPolicy"), QStringLiteral("Unlimited")}});
    QCOMPARE(duplicate.status, 409);
    QVERIFY(duplicate.json.contains(QLatin1String("code")) && duplicate.json.contains(QLatin1String("message")));
    const HttpResult noPolicy = devPortal("POST", QStringLiteral("/applications"), QJsonObject{{QStringLiteral("name"), QStringLiteral("No policy")}});
    QCOMPARE(noPolicy.status, 400);

    const HttpResult list = devPortal("GET", QStringLiteral("/applications?query=Portal%20app"));
    QCOMPARE(list.status, 200);
    QCOMPARE(list.json.value(QLatin1String("count")).toInt(), 1);
    QCOMPARE(list.json.value(QLatin1String("list")).toArray().first().toObject().value(QLatin1String("applicationId")).toString(), id);
    QCOMPARE(devPortal("GET", QStringLiteral("/applications/") + id).status, 200);
    const HttpResult missing = devPortal("GET", QStringLiteral("/applications/00000000-0000-0000-0000-000000000000"));
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.json.value(QLatin1String("code")).toInteger(), 404);

    // The resident key manager makes keys at once.
    const HttpResult keys = devPortal("POST", QStringLiteral("/applications/%1/generate-keys").arg(id),
                                      QJsonObject{{QStringLiteral("keyType"), QStringLiteral("PRODUCTION")},
                                                  {QStringLiteral("grantTypesToBeSupported"), QJsonArray{QStringLiteral("client_credentials")}}});
    QCOMPARE(keys.status, 200);
    QCOMPARE(keys.json.value(QLatin1String("keyManager")).toString(), QStringLiteral("Resident Key Manager"));
    QCOMPARE(keys.json.value(QLatin1String("mode")).toString(), QStringLiteral("CREATED"));
    QVERIFY(!keys.json.value(QLatin1String("consumerKey")).toString().isEmpty());
    const HttpResult again = devPortal("POST", QStringLiteral("/applications/%1/generate-keys").arg(id),
                                       QJsonObject{{QStringLiteral("keyType"), QStringLiteral("PRODUCTION")},
                                                   {QStringLiteral("grantTypesToBeSupported"), QJsonArray{QStringLiteral("client_credentials")}}});
    QCOMPARE(again.status, 409);
}

void TstEntraSandbox::generateKeysOnAzureAdAbsorbsLag()
{
    QVERIFY(!createAzureKeyManager(QStringLiteral("AzureAD"), QJsonObject{{QStringLiteral("polling_initial_delay_ms"), QStringLiteral("200")}}).isEmpty());
    const QString app = createDevPortalApp(QStringLiteral("Orders client"));
    QVERIFY(!app.isEmpty());
    m_entra->setReplicationLagMs(1000);
    m_sandbox.clearRecordedRequests();
    const HttpResult keys = devPortal("POST", QStringLiteral("/applications/%1/generate-keys").arg(app),
                                      QJsonObject{{QStringLiteral("keyType"), QStringLiteral("PRODUCTION")}, {QStringLiteral("keyManager"), QStringLiteral("AzureAD")},
                                                  {QStringLiteral("grantTypesToBeSupported"), QJsonArray{QStringLiteral("client_credentials")}}});
    QVERIFY2(keys.status == 200, keys.body.constData());
    const QString clientId = keys.json.value(QLatin1String("consumerKey")).toString();
    const QString secret = keys.json.value(QLatin1String("consumerSecret")).toString();
    QVERIFY(!secret.isEmpty());
    QCOMPARE(keys.json.value(QLatin1String("mode")).toString(), QStringLiteral("CREATED"));
    QCOMPARE(keys.json.value(QLatin1String("supportedGrantTypes")).toArray(), QJsonArray{QStringLiteral("client_credentials")});
    // The lag was met (404 Request_ResourceNotFound) and waited out.
    QVERIFY(countGraph404(QStringLiteral("/addPassword")) > 0);

    const auto created = m_entra->applicationByAppId(clientId);
    QVERIFY(created.has_value());
    QCOMPARE(created->displayName, QStringLiteral("%1_Orders client_PRODUCTION").arg(m_sandbox.apimUser()));
    QCOMPARE(created->identifierUris, QStringList{QStringLiteral("api://") + clientId});
    QCOMPARE(created->requestedAccessTokenVersion.toInt(), 2);
    QCOMPARE(created->passwords.size(), 1);
    QVERIFY(m_entra->hasServicePrincipal(clientId));

    // The keys work against Entra once the secret has replicated: a v2 token for api://{appId}.
    QTRY_COMPARE_WITH_TIMEOUT(token(clientId, secret, QStringLiteral("api://%1/.default").arg(clientId)).status, 200, 5000);
    const QJsonObject claims = jwtPart(token(clientId, secret, QStringLiteral("api://%1/.default").arg(clientId)).json.value(QLatin1String("access_token")).toString(), 1);
    QCOMPARE(claims.value(QLatin1String("azp")).toString(), clientId);
    QCOMPARE(claims.value(QLatin1String("ver")).toString(), QStringLiteral("2.0"));

    // Afterwards API Manager lists the key but cannot show the secret again.
    const HttpResult listed = devPortal("GET", QStringLiteral("/applications/%1/oauth-keys").arg(app));
    QCOMPARE(listed.status, 200);
    QCOMPARE(listed.json.value(QLatin1String("count")).toInt(), 1);
    const QJsonObject key = listed.json.value(QLatin1String("list")).toArray().first().toObject();
    QCOMPARE(key.value(QLatin1String("consumerKey")).toString(), clientId);
    QCOMPARE(key.value(QLatin1String("keyManager")).toString(), QStringLiteral("AzureAD"));
    QVERIFY(!key.contains(QLatin1String("consumerSecret")));
    QVERIFY(!listed.body.contains(secret.toUtf8()));
}

void TstEntraSandbox::generateKeysPastMaxWaitLeavesOrphan()
{
    QVERIFY(!createAzureKeyManager(QStringLiteral("AzureAD impatient"), QJsonObject{{QStringLiteral("polling_initial_delay_ms"), QStringLiteral("100")},
                                                                                   {QStringLiteral("polling_max_wait_time_ms"), QStringLiteral("300")}}).isEmpty());
    const QString app = createDevPortalApp(QStringLiteral("Impatient client"));
    m_entra->setReplicationLagMs(3000);
    const int before = m_entra->applications().size();
    m_sandbox.clearRecordedRequests();
    const HttpResult keys = devPortal("POST", QStringLiteral("/applications/%1/generate-keys").arg(app),
                                      QJsonObject{{QStringLiteral("keyType"), QStringLiteral("SANDBOX")}, {QStringLiteral("keyManager"), QStringLiteral("AzureAD impatient")},
                                                  {QStringLiteral("grantTypesToBeSupported"), QJsonArray{QStringLiteral("client_credentials")}}});
    QCOMPARE(keys.status, 500);
    QCOMPARE(keys.json.value(QLatin1String("code")).toInteger(), 500);
    const QString description = keys.json.value(QLatin1String("description")).toString();
    QVERIFY2(description.contains(QLatin1String("adding a password")) && description.contains(QLatin1String("Request_ResourceNotFound")), qPrintable(description));
    // 100 + 200 ms of waiting: three attempts, all refused.
    QCOMPARE(countGraph404(QStringLiteral("/addPassword")), 3);
    // The application created before the failure stays in Entra without a secret.
    QCOMPARE(m_entra->applications().size(), before + 1);
    bool orphan = false;
    for (const EntraStandIn::Application &a : m_entra->applications())
        orphan = orphan || (a.displayName == QStringLiteral("%1_Impatient client_SANDBOX").arg(m_sandbox.apimUser()) && a.passwords.isEmpty());
    QVERIFY(orphan);
    QCOMPARE(devPortal("GET", QStringLiteral("/applications/%1/oauth-keys").arg(app)).json.value(QLatin1String("count")).toInt(), 0);
}

void TstEntraSandbox::mapKeys()
{
    QVERIFY(m_entra->applicationByAppId(m_entra->legacyResourceAppId()).has_value());
    createAzureKeyManager(QStringLiteral("AzureAD v1"), QJsonObject{{QStringLiteral("azure_ad_requested_access_token_version"), QStringLiteral("v1.0")}});
    const QString app = createDevPortalApp(QStringLiteral("Mapped client"));
    const HttpResult unknown = devPortal("POST", QStringLiteral("/applications/%1/map-keys").arg(app),
                                         QJsonObject{{QStringLiteral("consumerKey"), QStringLiteral("99999999-8888-7777-6666-555555555555")},
                                                     {QStringLiteral("consumerSecret"), QStringLiteral("whatever")},
                                                     {QStringLiteral("keyManager"), QStringLiteral("AzureAD v1")}, {QStringLiteral("keyType"), QStringLiteral("PRODUCTION")}});
    QCOMPARE(unknown.status, 400);
    QVERIFY(unknown.json.value(QLatin1String("description")).toString().contains(QLatin1String("99999999-8888-7777-6666-555555555555")));

    const QString existing = m_entra->legacyResourceAppId();
    const HttpResult mapped = devPortal("POST", QStringLiteral("/applications/%1/map-keys").arg(app),
                                        QJsonObject{{QStringLiteral("consumerKey"), existing}, {QStringLiteral("consumerSecret"), QStringLiteral("typed-by-the-user")},
                                                    {QStringLiteral("keyManager"), QStringLiteral("AzureAD v1")}, {QStringLiteral("keyType"), QStringLiteral("PRODUCTION")}});
    QCOMPARE(mapped.status, 200);
    QCOMPARE(mapped.json.value(QLatin1String("mode")).toString(), QStringLiteral("MAPPED"));
    QCOMPARE(mapped.json.value(QLatin1String("consumerKey")).toString(), existing);
    QVERIFY(!mapped.body.contains("typed-by-the-user"));
    const HttpResult listed = devPortal("GET", QStringLiteral("/applications/%1/oauth-keys").arg(app));
    QCOMPARE(listed.json.value(QLatin1String("count")).toInt(), 1);
    QCOMPARE(listed.json.value(QLatin1String("list")).toArray().first().toObject().value(QLatin1String("mode")).toString(), QStringLiteral("MAPPED"));
    QVERIFY(!listed.body.contains("typed-by-the-user"));
    // The same key type on the same key manager cannot be mapped twice.
    QCOMPARE(devPortal("POST", QStringLiteral("/applications/%1/map-keys").arg(app),
                       QJsonObject{{QStringLiteral("consumerKey"), existing}, {QStringLiteral("keyManager"), QStringLiteral("AzureAD v1")},
                                   {QStringLiteral("keyType"), QStringLiteral("PRODUCTION")}}).status, 409);
}

void TstEntraSandbox::everyDevPortalExchangeFitsTheVendorSpec()
{
    QJsonArray sent;
    for (const QJsonValue &v : km::constTemporary(m_sandbox.allRecordedRequests())) {
        // devPortalApplications() sends one invalid application on purpose.
        if (!v.toObject().value(QLatin1String("body")).toString().contains(QLatin1String("No policy")))
            sent.append(v);
    }
    OpenApiValidator validator;
    QString error;
    QUrl upstream(m_sandbox.info().value(QLatin1String("apim")).toString());
    upstream.setPath(QStringLiteral("/api/am/devportal/v3"));
    QVERIFY2(validator.start(QStringLiteral("wso2-apim-devportal-v3.yaml"), upstream, &error), qPrintable(error));
    const QByteArray bearer = "Bearer " + apimToken().toUtf8();
    // The validator is not a rubber stamp: an application without its required throttlingPolicy is reported.
    QVERIFY2(!validator.check("POST", QStringLiteral("/applications"), R"({"name":"x"})", "application/json", bearer).isEmpty(),
             "Prism accepted an Application without throttlingPolicy");
    const QStringList violations = validator.validate(sent, QStringLiteral("/api/am/devportal/v3"), bearer);
    QVERIFY2(validator.checkedCount() > 15, qPrintable(QStringLiteral("only %1 requests were checked").arg(validator.checkedCount())));
    QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TstEntraSandbox)
#include "tst_entra_sandbox.moc"
