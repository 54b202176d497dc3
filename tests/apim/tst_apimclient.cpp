// ApimClient against the sandbox's API Manager: what the user is told, and what the server receives.

#include "support/JobWaiter.h"
#include "services/core/ConstRange.h"
#include "support/OpenApiValidator.h"
#include "support/SandboxFixture.h"

#include "sandbox/SandboxServer.h"
#include "sandbox/apim/ApimStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/apim/KeyManagerDetails.h"
#include "services/apim/KeyManagerTokenType.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/http/HttpSession.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

using namespace km;
using namespace km::test;

class TstApimClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void untrustedCertificateCarriesChain();
    void connectRegistersOnceAndListsKeyManagers();
    void keyManagerLifecycleAndErrors();
    void missingConfigurationIsNamed();
    void tokenTypesFitTheServersRelease();
    void deleteOfKeyManagerInUseSaysWhy();
    void discoverImportsWellKnown();
    void discoverOfUnreadableUrlIsNotValid();
    void wrongPasswordIsSaidPlainly();
    void nonApiManagerHostIsRecognised();
    void unreachableHostAndUrlWithoutScheme();
    void expiredTokenIsRefreshedAndRevokedRefreshSignsInAgain();
    void unauthorizedOnceIsRetriedWithNewToken();
    // Last: everything sent above, re-sent through an independent validator.
    void everyAdminRequestFitsTheVendorSpec();

private:
    ApimClient *client(const QString &password = QString());
    QJsonObject asgardeoKeyManager(const QString &name) const;
    int countRequests(const QString &path, const QString &bodyContains = QString()) const;

    SandboxFixture m_sandbox;
    HttpSession *m_session = nullptr;
};

void TstApimClient::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    m_session = new HttpSession(this);
    m_session->setRetryPolicy({20, 100, 2000});
}

ApimClient *TstApimClient::client(const QString &password)
{
    m_session->pinCertificate(m_sandbox.apimHostPort(), m_sandbox.apimFingerprint());
    ApimCredentials c;
    c.baseUrl = m_sandbox.apimUrl();
    c.username = m_sandbox.apimUser();
    c.password = password.isEmpty() ? m_sandbox.apimPassword() : password;
    return new ApimClient(m_session, c, this);
}

int TstApimClient::countRequests(const QString &path, const QString &bodyContains) const
{
    int n = 0;
    for (const QJsonValue &v : km::constTemporary(m_sandbox.recordedRequests())) {
        const QJsonObject o = v.toObject();
        if (o.value(QLatin1String("path")).toString() == path
            && (bodyContains.isEmpty() || o.value(QLatin1String("body")).toString().contains(bodyContains)))
            ++n;
    }
    return n;
}

QJsonObject TstApimClient::asgardeoKeyManager(const QString &name) const
{
    return SandboxFixture::asgardeoKeyManager(name);
}

void TstApimClient::untrustedCertificateCarriesChain()
{
    HttpSession fresh;
    ApimCredentials c;
    c.baseUrl = m_sandbox.apimUrl();
    c.username = m_sandbox.apimUser();
    c.password = m_sandbox.apimPassword();
    ApimClient apim(&fresh, c);
    auto job = await(apim.testConnection());
    QCOMPARE(job->error().kind, ApiError::Kind::Tls);
    QVERIFY(!job->error().certificateChain.isEmpty());
    QCOMPARE(sha256Fingerprint(job->error().certificateChain.first()), m_sandbox.apimFingerprint());
    QVERIFY(job->error().toUserText().contains(QLatin1String("not trusted")));
}

void TstApimClient::connectRegistersOnceAndListsKeyManagers()
{
    m_sandbox.clearRecordedRequests();
    ApimClient *apim = client();
    QSignalSpy registered(apim, &ApimClient::registrationChanged);
    auto test = await(apim->testConnection());
    QVERIFY2(!test->hasError(), qPrintable(test->error().toUserText()));
    QCOMPARE(test->result().toObject().value(QLatin1String("keyManagers")).toInt(), 1);
    QCOMPARE(registered.size(), 1);
    auto list = await(apim->listKeyManagers());
    QCOMPARE(list->result().toObject().value(QLatin1String("list")).toArray().first().toObject().value(QLatin1String("name")).toString(),
             QStringLiteral("Resident Key Manager"));
    QCOMPARE(countRequests(QStringLiteral("/client-registration/v0.17/register")), 1);
    QCOMPARE(countRequests(QStringLiteral("/oauth2/token")), 1);
    // What the server received: the documented DCR body and the password grant with the admin scopes.
    for (const QJsonValue &v : km::constTemporary(m_sandbox.recordedRequests())) {
        const QJsonObject o = v.toObject();
        if (o.value(QLatin1String("path")).toString() == QLatin1String("/client-registration/v0.17/register")) {
            const QJsonObject body = QJsonDocument::fromJson(o.value(QLatin1String("body")).toString().toUtf8()).object();
            QCOMPARE(body.value(QLatin1String("grantType")).toString(), QStringLiteral("client_credentials password refresh_token"));
            QCOMPARE(body.value(QLatin1String("owner")).toString(), m_sandbox.apimUser());
            QCOMPARE(body.value(QLatin1String("saasApp")).toBool(), true);
        }
        if (o.value(QLatin1String("path")).toString() == QLatin1String("/oauth2/token"))
            QVERIFY(o.value(QLatin1String("body")).toString().contains(QLatin1String("apim%3Akeymanagers_manage")));
    }
}

void TstApimClient::keyManagerLifecycleAndErrors()
{
    ApimClient *apim = client();
    // The Asgardeo connector cannot load while the organization lacks the global scopes resource, yet API
    // Manager answers 201: the row is stored and the connector's failure reaches only the server log.
    auto early = await(apim->createKeyManager(asgardeoKeyManager(QStringLiteral("Asgardeo-early"))));
    QVERIFY2(!early->hasError(), qPrintable(early->error().toUserText()));
    const QJsonArray log = m_sandbox.sandbox()->apim()->state().value(QLatin1String("serverLog")).toArray();
    QVERIFY(!log.isEmpty());
    QVERIFY2(log.last().toString().contains(QLatin1String("'APIM_GLOBAL_SCOPES' was not found in organization 'acme'")), qPrintable(log.last().toString()));
    QVERIFY(!await(apim->deleteKeyManager(early->result().toObject().value(QLatin1String("id")).toString()))->hasError());

    // Once the resource exists in Asgardeo (created through its own API), the same request succeeds.
    const QJsonObject account = m_sandbox.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("asgardeo")).toObject();
    AsgardeoClient asgardeo(m_session, QUrl(m_sandbox.info().value(QLatin1String("asgardeo")).toString()),
                            account.value(QLatin1String("org")).toString(), account.value(QLatin1String("clientId")).toString(),
                            account.value(QLatin1String("clientSecret")).toString());
    auto resource = await(asgardeo.createApiResource(QStringLiteral("APIM_GLOBAL_SCOPES"), QStringLiteral("APIM_GLOBAL_SCOPES"),
                                                     QStringLiteral("Global scopes of API Manager"), QStringList()));
    QVERIFY2(!resource->hasError(), qPrintable(resource->error().toUserText()));

    auto created = await(apim->createKeyManager(asgardeoKeyManager(QStringLiteral("Asgardeo-life"))));
    QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));
    const QString id = created->result().toObject().value(QLatin1String("id")).toString();
    QVERIFY(!id.isEmpty());

    auto duplicate = await(apim->createKeyManager(asgardeoKeyManager(QStringLiteral("Asgardeo-life"))));
    QCOMPARE(duplicate->error().httpStatus, 409);
    QCOMPARE(duplicate->error().vendorCode, QStringLiteral("901402"));
    QVERIFY(duplicate->error().toUserText().contains(QStringLiteral("named “Asgardeo-life” already exists")));
    QCOMPARE(duplicate->error().field, QStringLiteral("name"));

    // A rename is API Manager's plain 400 (code 400, "Key Manager name couldn't able to change").
    QJsonObject renamed = asgardeoKeyManager(QStringLiteral("Other-name"));
    auto rename = await(apim->updateKeyManager(id, renamed));
    QCOMPARE(rename->error().httpStatus, 400);
    QCOMPARE(rename->error().vendorCode, QStringLiteral("400"));
    QVERIFY2(rename->error().toUserText().contains(QLatin1String("does not let a key manager be renamed")), qPrintable(rename->error().toUserText()));
    QCOMPARE(rename->error().field, QStringLiteral("name"));

    QJsonObject disabled = asgardeoKeyManager(QStringLiteral("Asgardeo-life"));
    disabled.insert(QStringLiteral("enabled"), false);
    auto update = await(apim->updateKeyManager(id, disabled));
    QVERIFY(!update->hasError());
    auto get = await(apim->getKeyManager(id));
    const QJsonObject held = get->result().toObject();
    QCOMPARE(held.value(QLatin1String("enabled")).toBool(), false);
    // The real GET: the secret masked, endpoints as flat fields with an empty list, self_validate_jwt left behind.
    const QJsonObject props = held.value(QLatin1String("additionalProperties")).toObject();
    QCOMPARE(props.value(QLatin1String("mgmt_client_secret")).toString(), QStringLiteral("*****"));
    QCOMPARE(props.value(QLatin1String("self_validate_jwt")).toBool(), true);
    QVERIFY(!props.contains(QLatin1String("token_endpoint")));
    QCOMPARE(held.value(QLatin1String("endpoints")).toArray().size(), 0);
    QCOMPARE(held.value(QLatin1String("tokenEndpoint")).toString(), QStringLiteral("https://api.asgardeo.io/t/acme/oauth2/token"));

    // A PUT that sends "*****" back keeps the stored secret; the connector still reads the real one.
    QJsonObject masked = disabled;
    QJsonObject maskedProps = masked.value(QLatin1String("additionalProperties")).toObject();
    maskedProps.insert(QStringLiteral("mgmt_client_secret"), QStringLiteral("*****"));
    masked.insert(QStringLiteral("additionalProperties"), maskedProps);
    QVERIFY(!await(apim->updateKeyManager(id, masked))->hasError());
    for (const QJsonObject &km : m_sandbox.sandbox()->apim()->keyManagers()) {
        if (km.value(QLatin1String("id")).toString() == id)
            QVERIFY(km.value(QLatin1String("additionalProperties")).toObject().value(QLatin1String("mgmt_client_secret")).toString() == QLatin1String("csecret"));
    }

    QVERIFY(!await(apim->deleteKeyManager(id))->hasError());
    auto gone = await(apim->getKeyManager(id));
    QCOMPARE(gone->error().httpStatus, 404);
    QCOMPARE(gone->error().vendorCode, QStringLiteral("901411"));
    QVERIFY(gone->error().toUserText().contains(QLatin1String("no longer exists")));
}

void TstApimClient::tokenTypesFitTheServersRelease()
{
    // Token types came with API Manager 4.1; a 4.0 server refuses the field with 400 "Unrecognized property".
    sandbox::ApimStandIn *server = m_sandbox.sandbox()->apim();
    server->setVersion(4, 0, 0);
    auto restore = qScopeGuard([server] { server->setVersion(4, 6, 0); });
    const QString path = QStringLiteral("/api/am/admin/v4/key-managers");
    ApimClient *apim = client();
    QJsonObject direct = asgardeoKeyManager(QStringLiteral("Direct40"));
    direct.insert(QStringLiteral("tokenType"), QStringLiteral("DIRECT"));

    // Release not declared: refused once, sent again without the field, stored; the user sees only the key manager.
    m_sandbox.clearRecordedRequests();
    auto created = await(apim->createKeyManager(direct));
    QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));
    QCOMPARE(countRequests(path), 2);
    QCOMPARE(countRequests(path, QStringLiteral("tokenType")), 1);
    QCOMPARE(m_sandbox.keyManagersNamed(QStringLiteral("Direct40")).size(), 1);
    QVERIFY(!created->result().toObject().contains(QLatin1String("tokenType")));
    // Read back from 4.0, the details show no token type at all (4.0 has none).
    bool tokenTypeShown = false;
    for (const DetailSection &section : KeyManagerDetails::sections(created->result().toObject(), nullptr)) {
        for (const auto &row : section.rows)
            tokenTypeShown = tokenTypeShown || row.key == QLatin1String("tokenType");
    }
    QVERIFY(!tokenTypeShown);

    // Release declared: the field is left out before sending, one request.
    apim->setDeclaredVersion(ApimVersion::parse(QStringLiteral("4.0.0")));
    direct.insert(QStringLiteral("name"), QStringLiteral("Direct40b"));
    m_sandbox.clearRecordedRequests();
    QVERIFY(!await(apim->createKeyManager(direct))->hasError());
    QCOMPARE(countRequests(path), 1);
    QCOMPARE(countRequests(path, QStringLiteral("tokenType")), 0);

    // Exchanged tokens need 4.1: refused before sending when declared, explained after the answer when not.
    QJsonObject exchanged = asgardeoKeyManager(QStringLiteral("Exchanged40"));
    exchanged.insert(QStringLiteral("tokenType"), QStringLiteral("EXCHANGED"));
    m_sandbox.clearRecordedRequests();
    auto refusedEarly = await(apim->createKeyManager(exchanged));
    QVERIFY(refusedEarly->hasError());
    QVERIFY2(refusedEarly->error().toUserText().contains(QLatin1String("API Manager 4.0.0 has no token exchange")), qPrintable(refusedEarly->error().toUserText()));
    QVERIFY2(refusedEarly->error().toUserText().contains(QLatin1String("Set its token type to DIRECT")), qPrintable(refusedEarly->error().toUserText()));
    QCOMPARE(countRequests(path), 0);

    apim->setDeclaredVersion(ApimVersion());
    auto refusedLate = await(apim->createKeyManager(exchanged));
    QVERIFY(refusedLate->hasError());
    QVERIFY2(refusedLate->error().toUserText().contains(QLatin1String("does not know token types")), qPrintable(refusedLate->error().toUserText()));
    QCOMPARE(refusedLate->error().field, QStringLiteral("tokenType"));
    QCOMPARE(countRequests(path), 1);
    QVERIFY(m_sandbox.keyManagersNamed(QStringLiteral("Exchanged40")).isEmpty());

    // A 4.1+ server takes the field as sent, one request.
    server->setVersion(4, 6, 0);
    direct.insert(QStringLiteral("name"), QStringLiteral("Direct46"));
    m_sandbox.clearRecordedRequests();
    auto onNew = await(apim->createKeyManager(direct));
    QVERIFY(!onNew->hasError());
    QCOMPARE(countRequests(path, QStringLiteral("\"tokenType\":\"DIRECT\"")), 1);
    QCOMPARE(onNew->result().toObject().value(QLatin1String("tokenType")).toString(), QStringLiteral("DIRECT"));

    // What the details say of each value, including the older name and one the console does not know.
    QVERIFY(KeyManagerTokenType::describe(QStringLiteral("ORIGINAL")).contains(QLatin1String("older name of DIRECT")));
    QVERIFY(KeyManagerTokenType::describe(QStringLiteral("EXCHANGED")).contains(QLatin1String("does not take the provider's token")));
    QVERIFY(KeyManagerTokenType::describe(QStringLiteral("SOMETHING")).contains(QLatin1String("a token type the console does not know")));
    for (const QString &name : {QStringLiteral("Direct40"), QStringLiteral("Direct40b"), QStringLiteral("Direct46")}) {
        for (const QJsonObject &km : m_sandbox.keyManagersNamed(name))
            QVERIFY(!await(apim->deleteKeyManager(km.value(QLatin1String("id")).toString()))->hasError());
    }
}

void TstApimClient::missingConfigurationIsNamed()
{
    ApimClient *apim = client();
    QJsonObject km = asgardeoKeyManager(QStringLiteral("Asgardeo-incomplete"));
    QJsonObject props = km.value(QLatin1String("additionalProperties")).toObject();
    props.remove(QStringLiteral("mgmt_client_secret"));
    km.insert(QStringLiteral("additionalProperties"), props);
    auto job = await(apim->createKeyManager(km));
    QCOMPARE(job->error().vendorCode, QStringLiteral("901401"));
    QVERIFY2(job->error().toUserText().contains(QLatin1String("Client Secret (mgmt_client_secret)")), qPrintable(job->error().toUserText()));

    // 901401 names nothing when an endpoint is missing either: the client says which.
    QJsonObject noEndpoints = asgardeoKeyManager(QStringLiteral("Asgardeo-no-endpoints"));
    for (const char *flat : {"tokenEndpoint", "revokeEndpoint"})
        noEndpoints.remove(QLatin1String(flat));
    auto refused = await(apim->createKeyManager(noEndpoints));
    QCOMPARE(refused->error().vendorCode, QStringLiteral("901401"));
    QVERIFY2(refused->error().toUserText().contains(QLatin1String("token_endpoint, revoke_endpoint")), qPrintable(refused->error().toUserText()));
}

void TstApimClient::deleteOfKeyManagerInUseSaysWhy()
{
    // A key manager whose keys an application holds: API Manager refuses with 412 902015.
    ApimClient *apim = client();
    auto created = await(apim->createKeyManager(asgardeoKeyManager(QStringLiteral("Asgardeo-used"))));
    QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));
    const QString id = created->result().toObject().value(QLatin1String("id")).toString();
    m_sandbox.sandbox()->apim()->addUsageCheck([](const QString &name) {
        QList<sandbox::ApimStandIn::Usage> users;
        if (name != QLatin1String("Asgardeo-used"))
            return users;
        for (int i = 1; i <= 7; ++i)
            users.append({true, QStringLiteral("Orders%1").arg(i), QStringLiteral("1.0.%1").arg(i), QString()});
        users.append({false, QStringLiteral("Pizza"), QString(), QStringLiteral("alice")});
        return users;
    });
    auto refused = await(apim->deleteKeyManager(id));
    QCOMPARE(refused->error().httpStatus, 412);
    QCOMPARE(refused->error().vendorCode, QStringLiteral("902015"));
    // The refusal names who holds it, from the server's usage lists: five APIs and the count of the rest.
    const QString said = refused->error().toUserText();
    QVERIFY2(said.contains(QLatin1String("still used by APIs: Orders1 1.0.1, Orders2 1.0.2")), qPrintable(said));
    QVERIFY2(said.contains(QLatin1String("Orders5 1.0.5 and 2 more")), qPrintable(said));
    QVERIFY2(!said.contains(QLatin1String("Orders6")), qPrintable(said));
    QVERIFY2(said.contains(QLatin1String("applications: Pizza (owner alice)")), qPrintable(said));
    QVERIFY(said.contains(QLatin1String("disable it instead")));
    // A server without the usage lists (before 4.3 they answer 404) still gets a refusal in words.
    sandbox::SandboxServer::Fault older;
    older.path = QRegularExpression(QStringLiteral("/usages$|-usages$"));
    older.status = 404;
    older.body = R"({"code":404,"message":"Not Found"})";
    older.times = 2;
    m_sandbox.sandbox()->apim()->server()->addFault(older);
    auto refusedByOlder = await(apim->deleteKeyManager(id));
    QCOMPARE(refusedByOlder->error().vendorCode, QStringLiteral("902015"));
    QVERIFY2(refusedByOlder->error().toUserText().contains(QLatin1String("APIs or applications still use it")),
             qPrintable(refusedByOlder->error().toUserText()));
    m_sandbox.sandbox()->apim()->server()->clearFaults();
    auto still = await(apim->getKeyManager(id));
    QVERIFY(!still->hasError());
}

void TstApimClient::discoverImportsWellKnown()
{
    sandbox::SandboxServer idp(QStringLiteral("idp"), false);
    QString error;
    QVERIFY(idp.start(&error));
    const QString base = idp.baseUrl().toString();
    idp.route("GET", QStringLiteral("/oauth2/token/.well-known/openid-configuration"), [base](const sandbox::Request &) {
        return sandbox::Response::json(200, QJsonObject{
            {QStringLiteral("issuer"), QString(base + QStringLiteral("/oauth2/token"))},
            {QStringLiteral("token_endpoint"), QString(base + QStringLiteral("/oauth2/token"))},
            {QStringLiteral("jwks_uri"), QString(base + QStringLiteral("/oauth2/jwks"))},
            {QStringLiteral("revocation_endpoint"), QString(base + QStringLiteral("/oauth2/revoke"))},
            {QStringLiteral("grant_types_supported"), QJsonArray{QStringLiteral("client_credentials"), QStringLiteral("authorization_code")}}});
    });
    ApimClient *apim = client();
    auto job = await(apim->discoverKeyManager(QUrl(base + QStringLiteral("/oauth2/token/.well-known/openid-configuration")), QStringLiteral("Asgardeo")));
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    const QJsonObject result = job->result().toObject();
    QCOMPARE(result.value(QLatin1String("valid")).toBool(), true);
    const QJsonObject km = result.value(QLatin1String("value")).toObject();
    QCOMPARE(km.value(QLatin1String("issuer")).toString(), base + QStringLiteral("/oauth2/token"));
    QCOMPARE(km.value(QLatin1String("certificates")).toObject().value(QLatin1String("value")).toString(), base + QStringLiteral("/oauth2/jwks"));
    QCOMPARE(km.value(QLatin1String("availableGrantTypes")).toArray().size(), 2);
    // The request went out as multipart/form-data with the url and type fields.
    bool seen = false;
    for (const QJsonValue &v : km::constTemporary(m_sandbox.recordedRequests())) {
        const QJsonObject o = v.toObject();
        if (o.value(QLatin1String("path")).toString().endsWith(QLatin1String("/key-managers/discover"))) {
            seen = true;
            QVERIFY(o.value(QLatin1String("headers")).toObject().value(QLatin1String("content-type")).toString().startsWith(QLatin1String("multipart/form-data")));
            QVERIFY(o.value(QLatin1String("body")).toString().contains(QLatin1String("name=\"type\"\r\n\r\nAsgardeo")));
        }
    }
    QVERIFY(seen);
}

void TstApimClient::discoverOfUnreadableUrlIsNotValid()
{
    ApimClient *apim = client();
    auto job = await(apim->discoverKeyManager(QUrl(QStringLiteral("http://127.0.0.1:1/.well-known/openid-configuration")), QStringLiteral("Asgardeo")));
    QVERIFY(!job->hasError());
    QCOMPARE(job->result().toObject().value(QLatin1String("valid")).toBool(), false);
}

void TstApimClient::wrongPasswordIsSaidPlainly()
{
    ApimClient *apim = client(QStringLiteral("not-the-password"));
    auto job = await(apim->testConnection());
    QCOMPARE(job->error().httpStatus, 401);
    QVERIFY2(job->error().toUserText().contains(QStringLiteral("rejected the user name or password for admin")), qPrintable(job->error().toUserText()));
}

void TstApimClient::nonApiManagerHostIsRecognised()
{
    sandbox::SandboxServer web(QStringLiteral("web"), false);
    QString error;
    QVERIFY(web.start(&error));
    web.setNotFoundHandler([](const sandbox::Request &) {
        sandbox::Response r;
        r.status = 200;
        r.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("text/html")));
        r.body = "<html><head><title>Sign in</title></head><body>Please sign in</body></html>";
        return r;
    });
    ApimCredentials c;
    c.baseUrl = web.baseUrl();
    c.username = QStringLiteral("admin");
    c.password = QStringLiteral("x");
    ApimClient apim(m_session, c);
    auto job = await(apim.testConnection());
    QVERIFY(job->hasError());
    QVERIFY2(job->error().toUserText().contains(QLatin1String("does not look like WSO2 API Manager")), qPrintable(job->error().toUserText()));
    QVERIFY(job->error().toUserText().contains(QStringLiteral("“Sign in”")));
}

void TstApimClient::unreachableHostAndUrlWithoutScheme()
{
    ApimCredentials c;
    c.baseUrl = QUrl(QStringLiteral("https://127.0.0.1:1"));
    c.username = QStringLiteral("admin");
    c.password = QStringLiteral("x");
    ApimClient down(m_session, c);
    auto job = await(down.testConnection());
    QCOMPARE(job->error().kind, ApiError::Kind::Network);
    QVERIFY(job->error().toUserText().contains(QLatin1String("refused the connection on port 1")));

    c.baseUrl = QUrl(QStringLiteral("apim.example.com"));
    ApimClient noScheme(m_session, c);
    auto job2 = await(noScheme.testConnection());
    QCOMPARE(job2->error().kind, ApiError::Kind::Validation);
    QVERIFY2(job2->error().toUserText().contains(QLatin1String("scheme")), qPrintable(job2->error().toUserText()));
}

void TstApimClient::expiredTokenIsRefreshedAndRevokedRefreshSignsInAgain()
{
    m_sandbox.sandbox()->apim()->setTokenLifetimeSeconds(1); // every token is stale at once
    ApimClient *apim = client();
    QVERIFY(!await(apim->listKeyManagers())->hasError());
    m_sandbox.clearRecordedRequests();
    QVERIFY(!await(apim->listKeyManagers())->hasError());
    QCOMPARE(countRequests(QStringLiteral("/oauth2/token"), QStringLiteral("grant_type=refresh_token")), 1);

    // The refresh token was revoked: the client signs in again with the password.
    sandbox::SandboxServer::Fault fault;
    fault.method = "POST";
    fault.path = QRegularExpression(QStringLiteral("^/oauth2/token$"));
    fault.status = 400;
    fault.body = R"({"error":"invalid_grant","error_description":"Persisted access token data not found"})";
    m_sandbox.sandbox()->apim()->server()->addFault(fault);
    m_sandbox.clearRecordedRequests();
    auto job = await(apim->listKeyManagers());
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    QCOMPARE(countRequests(QStringLiteral("/oauth2/token"), QStringLiteral("grant_type=password")), 1);
    m_sandbox.sandbox()->apim()->setTokenLifetimeSeconds(3600);
}

void TstApimClient::unauthorizedOnceIsRetriedWithNewToken()
{
    ApimClient *apim = client();
    QVERIFY(!await(apim->listKeyManagers())->hasError());
    sandbox::SandboxServer::Fault fault;
    fault.method = "GET";
    fault.path = QRegularExpression(QStringLiteral("/key-managers$"));
    fault.status = 401;
    fault.body = R"({"code":900901,"message":"Invalid Credentials","description":"Invalid Credentials"})";
    m_sandbox.sandbox()->apim()->server()->addFault(fault);
    m_sandbox.clearRecordedRequests();
    auto job = await(apim->listKeyManagers());
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    QCOMPARE(countRequests(QStringLiteral("/api/am/admin/v4/key-managers")), 2);
    QCOMPARE(countRequests(QStringLiteral("/oauth2/token")), 1);
}

void TstApimClient::everyAdminRequestFitsTheVendorSpec()
{
    const QJsonArray sent = m_sandbox.allRecordedRequests();
    OpenApiValidator validator;
    QString error;
    QUrl upstream = m_sandbox.apimUrl();
    upstream.setPath(QStringLiteral("/api/am/admin/v4"));
    QVERIFY2(validator.start(QStringLiteral("wso2-apim-admin-v4.yaml"), upstream, &error), qPrintable(error));
    const QByteArray bearer = "Bearer " + m_sandbox.sandbox()->apim()->issueAdminToken().toUtf8();

    // The validator is not a rubber stamp: a key manager without its required name is reported.
    const QStringList wrong = validator.check("POST", QStringLiteral("/key-managers"), R"({"type":"Asgardeo"})", "application/json", bearer);
    QVERIFY2(!wrong.isEmpty(), "Prism accepted a KeyManager without its required name");

    const QStringList all = validator.validate(sent, QStringLiteral("/api/am/admin/v4"), bearer);
    QVERIFY2(validator.checkedCount() > 15, qPrintable(QStringLiteral("only %1 requests were checked").arg(validator.checkedCount())));
    // Where the YAML and API Manager's server disagree, the server wins (docs/fidelity.md): ConfigurationDto
    // serializes a connector field's `default` as a string and its `values` as strings, which the YAML types as
    // objects. Exactly those /settings findings are expected; anything else is a violation.
    static const QRegularExpression serverShape(QStringLiteral("configurations\\.\\d+\\.(default|values\\.\\d+) must be object"));
    QStringList violations;
    bool settingsDisagreementSeen = false;
    for (const QString &line : all) {
        if (!line.startsWith(QLatin1String("GET /settings"))) {
            violations << line;
            continue;
        }
        for (const QString &part : line.split(QStringLiteral("; "))) {
            if (serverShape.match(part).hasMatch())
                settingsDisagreementSeen = true;
            else
                violations << QStringLiteral("GET /settings: ") + part;
        }
    }
    QVERIFY2(settingsDisagreementSeen, "the sandbox no longer serves /settings in the server's shape (string default and values)");
    QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TstApimClient)
#include "tst_apimclient.moc"
