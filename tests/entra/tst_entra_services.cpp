// The Entra services against the in-process sandbox: what the administrator is told when sign-in
// fails, which Graph permissions are seen, the key managers API Manager ends up holding for v1, v2
// and both, Graph's replication lag, the application checks and fixes, and DevPortal keys, with every
// DevPortal request re-sent through an independent OpenAPI validator (Prism).

#include "support/JobWaiter.h"
#include "services/core/ConstRange.h"
#include "support/OpenApiValidator.h"
#include "support/SandboxFixture.h"

#include "sandbox/apim/ApimStandIn.h"
#include "sandbox/SandboxServer.h"
#include "sandbox/entra/EntraStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/apim/DevPortalClient.h"
#include "services/apim/DevPortalOverview.h"
#include "services/doctor/Doctor.h"
#include "services/entra/AzureSetup.h"
#include "services/entra/EntraAppCheck.h"
#include "services/entra/EntraClient.h"
#include "services/entra/GraphClient.h"
#include "services/http/HttpJob.h"
#include "services/http/HttpSession.h"
#include "services/oauth/TokenClient.h"
#include "services/profiles/ProfileValidation.h"
#include "services/profiles/Profiles.h"
#include "services/setup/SetupRunner.h"
#include "services/tokens/Jwt.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace km;
using namespace km::test;
using km::sandbox::EntraStandIn;

class TstEntraServices : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cloudPresetsAndTenantValidation();
    void graphAccessOfTheManagementApp();
    void readOnlyAppIsToldWhatIsMissing();
    void noRolesMeansAdminConsentMissing();
    void aadstsErrorsAreExplained_data();
    void aadstsErrorsAreExplained();
    void setupV2CreatesOneKeyManager();
    void setupV1UsesTheV1IssuerAndAppid();
    void setupBothCreatesTwoAndASecondRunNothing();
    void setupStopsWithoutWritePermission();
    void replicationLagIsWaitedOut();
    void replicationLagBeyondTheMaximumIsSaidToBeLag();
    void expiredGraphTokenIsRenewedOnce();
    void appCheckFindsAndFixesTheLegacyApp();
    void thirdSecretIsRefusedAndAnOldOneCanBeRemoved();
    void organizationOnlyAppsHaveNoSecretLimit();
    void graphApplicationIsReadOnceIntoItsValue();
    void servicePrincipalOfANewApplicationWaitsOutThe400Lag();
    void nextLinksAreFollowedOnlyOnGraphItselfAndCapped();
    void devPortalMapsAndGeneratesKeys();
    void devPortalOverviewReadsEveryPageAndEveryKey();
    void externalIdSubdomainAndEndpoints_data();
    void externalIdSubdomainAndEndpoints();
    void externalIdIssuerRules();
    void externalIdSetupAgainstTheExternalTenant();
    void externalIdRefusesV1AndAForeignIssuer();
    // Last: every DevPortal request above, re-sent through Prism with the vendor's spec.
    void everyDevPortalRequestFitsTheVendorSpec();

private:
    EntraClient *entra(const EntraStandIn::Client &client, const QString &tenant = QString());
    EntraClient *managementEntra() { return entra(m_standIn->managementClient()); }
    ApimClient *apim();
    SetupRunner *runSetup(const AzureSetupOptions &options, bool dryRun = false);
    static QJsonObject stepsById(const SetupRunner *runner);
    // The error of the runner's failed step, as the user reads it.
    static QString failure(const SetupRunner *runner);
    QJsonObject heldKeyManager(const QString &name) const;
    int keyManagerCount() const { return m_sandbox.sandbox()->apim()->keyManagers().size(); }
    int countRecorded(const QString &listener, const QString &method, const QString &pathContains, int status = 0) const;
    QJsonObject newApplication(GraphClient *graph, const QString &name, const QJsonValue &version = QJsonValue(QJsonValue::Null));
    QByteArray apimBearer();

    SandboxFixture m_sandbox;
    EntraStandIn *m_standIn = nullptr;
    HttpSession *m_session = nullptr;
    ApimClient *m_apim = nullptr;
};

void TstEntraServices::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    m_standIn = m_sandbox.sandbox()->entra();
    m_session = new HttpSession(this);
    m_session->setRetryPolicy({20, 100, 2000});
    m_session->pinCertificate(m_sandbox.apimHostPort(), m_sandbox.apimFingerprint());
}

void TstEntraServices::init()
{
    m_standIn->setReplicationLagMs(0);
}

EntraClient *TstEntraServices::entra(const EntraStandIn::Client &client, const QString &tenant)
{
    return new EntraClient(m_session, m_standIn->loginUrl(), m_standIn->graphUrl(), tenant.isEmpty() ? m_standIn->tenantId() : tenant,
                           client.clientId, client.secret, this);
}

ApimClient *TstEntraServices::apim()
{
    if (!m_apim)
        m_apim = m_sandbox.apimClient(m_session, this);
    return m_apim;
}

SetupRunner *TstEntraServices::runSetup(const AzureSetupOptions &options, bool dryRun)
{
    SetupRunner *runner = AzureSetup::createRunner(apim(), managementEntra(), m_session, options, this);
    runner->setDryRun(dryRun);
    QSignalSpy finished(runner, &SetupRunner::finished);
    runner->start();
    if (finished.isEmpty())
        finished.wait(60000);
    return runner;
}

QJsonObject TstEntraServices::stepsById(const SetupRunner *runner)
{
    QJsonObject byId;
    for (const QJsonValue &s : km::constTemporary(runner->stepsJson()))
        byId.insert(s.toObject().value(QLatin1String("id")).toString(), s.toObject());
    return byId;
}

QJsonObject TstEntraServices::heldKeyManager(const QString &name) const
{
    for (const QJsonObject &km : m_sandbox.sandbox()->apim()->keyManagers()) {
        if (km.value(QLatin1String("name")).toString() == name)
            return km;
    }
    return {};
}

QString TstEntraServices::failure(const SetupRunner *runner)
{
    for (const SetupStep &step : runner->steps()) {
        if (step.status == SetupStep::Status::Failed)
            return step.error.toUserText();
    }
    return QString();
}

int TstEntraServices::countRecorded(const QString &listener, const QString &method, const QString &pathContains, int status) const
{
    int n = 0;
    for (const QJsonValue &v : km::constTemporary(m_sandbox.recordedRequests())) {
        const QJsonObject o = v.toObject();
        if (o.value(QLatin1String("listener")).toString() == listener && o.value(QLatin1String("method")).toString() == method
            && o.value(QLatin1String("path")).toString().contains(pathContains) && (status == 0 || o.value(QLatin1String("status")).toInt() == status))
            ++n;
    }
    return n;
}

QJsonObject TstEntraServices::newApplication(GraphClient *graph, const QString &name, const QJsonValue &version)
{
    JobPtr created = await(graph->createApplication(name, version));
    if (created->hasError())
        qWarning() << "create application:" << created->error().toUserText();
    return created->result().toObject();
}

void TstEntraServices::cloudPresetsAndTenantValidation()
{
    const auto usgov = EntraCloud::preset(QStringLiteral("usgov"));
    QVERIFY(usgov.has_value());
    QCOMPARE(usgov->loginUrl, QUrl(QStringLiteral("https://login.microsoftonline.us")));
    QCOMPARE(usgov->graphUrl, QUrl(QStringLiteral("https://graph.microsoft.us")));
    const auto china = EntraCloud::preset(QStringLiteral("china"));
    QCOMPARE(china->loginUrl, QUrl(QStringLiteral("https://login.chinacloudapi.cn")));
    QCOMPARE(china->graphUrl, QUrl(QStringLiteral("https://microsoftgraph.chinacloudapi.cn")));
    QCOMPARE(EntraCloud::preset(QStringLiteral("global"))->loginUrl, QUrl(QStringLiteral("https://login.microsoftonline.com")));
    QVERIFY(!EntraCloud::preset(QStringLiteral("custom")).has_value());
    QCOMPARE(EntraCloud::forUrls(QUrl(QStringLiteral("https://login.microsoftonline.us/")), QUrl()).id, QStringLiteral("usgov"));

    QVERIFY(!EntraClient::validateTenant(m_standIn->tenantId()).isError());
    QVERIFY(!EntraClient::validateTenant(QStringLiteral("contoso.onmicrosoft.com")).isError());
    const ApiError bad = EntraClient::validateTenant(QStringLiteral("my tenant"));
    QVERIFY(bad.isError());
    QCOMPARE(bad.field, QStringLiteral("tenant"));
    QVERIFY2(bad.toUserText().contains(QLatin1String("neither a tenant ID (a GUID) nor a domain")), qPrintable(bad.toUserText()));

    QVERIFY(EntraClient::looksLikeSecretId(m_standIn->managementClient().keyId));
    QVERIFY(!EntraClient::looksLikeSecretId(m_standIn->managementClient().secret));

    EntraClient *client = managementEntra();
    const QString login = m_standIn->loginUrl().toString();
    const QString tid = m_standIn->tenantId();
    QCOMPARE(client->tokenUrl(2).toString(), QStringLiteral("%1/%2/oauth2/v2.0/token").arg(login, tid));
    QCOMPARE(client->wellKnownUrl(1).toString(), QStringLiteral("%1/%2/.well-known/openid-configuration").arg(login, tid));
    QCOMPARE(client->jwksUrl(1).toString(), login + QStringLiteral("/common/discovery/keys"));
    QCOMPARE(client->graphScope(), m_standIn->graphUrl().toString() + QStringLiteral("/.default"));
    QCOMPARE(EntraClient::apiScope(QStringLiteral("abc")), QStringLiteral("api://abc/.default"));
}

void TstEntraServices::graphAccessOfTheManagementApp()
{
    // Signing in with the domain shows the tenant's GUID afterwards (for issuers).
    EntraClient *client = entra(m_standIn->managementClient(), m_standIn->domain());
    QCOMPARE(client->tenantId(), m_standIn->domain());
    JobPtr job = await(client->verifyGraphAccess());
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    const QJsonObject check = job->result().toObject();
    QCOMPARE(check.value(QLatin1String("ok")).toBool(), true);
    QCOMPARE(check.value(QLatin1String("present")).toVariant().toStringList(), EntraClient::graphPermissions());
    QVERIFY(check.value(QLatin1String("missing")).toArray().isEmpty());
    QCOMPARE(check.value(QLatin1String("ownedByOnly")).toBool(), false);
    QCOMPARE(check.value(QLatin1String("tenantId")).toString(), m_standIn->tenantId());
    QCOMPARE(client->tenantId(), m_standIn->tenantId());
    // What Entra received: a client-credentials request for Graph's .default scope.
    bool asked = false;
    for (const QJsonValue &v : km::constTemporary(m_sandbox.recordedRequests())) {
        const QString body = v.toObject().value(QLatin1String("body")).toString();
        asked = asked || (v.toObject().value(QLatin1String("path")).toString().endsWith(QLatin1String("/oauth2/v2.0/token"))
                          && body.contains(QLatin1String("grant_type=client_credentials"))
                          && body.contains(QString::fromLatin1(QUrl::toPercentEncoding(client->graphScope()))));
    }
    QVERIFY(asked);
}

void TstEntraServices::readOnlyAppIsToldWhatIsMissing()
{
    JobPtr job = await(entra(m_standIn->readOnlyClient())->verifyGraphAccess());
    QVERIFY(!job->hasError());
    const QJsonObject check = job->result().toObject();
    QCOMPARE(check.value(QLatin1String("ok")).toBool(), false);
    QCOMPARE(check.value(QLatin1String("present")).toVariant().toStringList(), QStringList{QStringLiteral("Application.Read.All")});
    QCOMPARE(check.value(QLatin1String("canWrite")).toBool(), false);
    QCOMPARE(check.value(QLatin1String("adminConsentMissing")).toBool(), false);
    const QString message = check.value(QLatin1String("message")).toString();
    QVERIFY2(message.contains(QLatin1String("neither Application.ReadWrite.All nor Application.ReadWrite.OwnedBy")), qPrintable(message));
    QVERIFY(message.contains(QLatin1String("Grant admin consent")));
}

void TstEntraServices::noRolesMeansAdminConsentMissing()
{
    // An app registered through Graph has no consented permissions at all.
    auto *graph = new GraphClient(managementEntra(), this);
    const QJsonObject app = newApplication(graph, QStringLiteral("kmconsole no consent"));
    QVERIFY(!app.isEmpty());
    JobPtr password = await(graph->addPassword(app.value(QLatin1String("id")).toString(), QStringLiteral("test")));
    QVERIFY2(!password->hasError(), qPrintable(password->error().toUserText()));
    const QString secret = password->result().toObject().value(QLatin1String("secretText")).toString();
    QVERIFY(!secret.isEmpty());
    JobPtr job = await(entra({app.value(QLatin1String("appId")).toString(), secret, QString()})->verifyGraphAccess());
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    const QJsonObject check = job->result().toObject();
    QCOMPARE(check.value(QLatin1String("ok")).toBool(), false);
    QCOMPARE(check.value(QLatin1String("adminConsentMissing")).toBool(), true);
    QVERIFY(check.value(QLatin1String("roles")).toArray().isEmpty());
    QVERIFY2(check.value(QLatin1String("message")).toString().contains(QLatin1String("admin consent has not been granted")),
             qPrintable(check.value(QLatin1String("message")).toString()));
}

void TstEntraServices::aadstsErrorsAreExplained_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("tenant");
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QStringList>("said");
    QTest::newRow("secret id pasted") << QStringLiteral("secretId") << QString() << QString() << QStringLiteral("AADSTS7000215") << QStringLiteral("clientSecret")
                                      << QStringList{QStringLiteral("most likely the secret's ID"), QStringLiteral("copy the “Value” column")};
    QTest::newRow("wrong secret") << QStringLiteral("wrongSecret") << QString() << QString() << QStringLiteral("AADSTS7000215") << QStringLiteral("clientSecret")
                                  << QStringList{QStringLiteral("rejected the client secret"), QStringLiteral("not its “Secret ID”")};
    QTest::newRow("expired secret") << QStringLiteral("expired") << QString() << QString() << QStringLiteral("AADSTS7000222") << QStringLiteral("clientSecret")
                                    << QStringList{QStringLiteral("has expired"), QStringLiteral("add a new client secret")};
    QTest::newRow("app not in tenant") << QStringLiteral("unknownApp") << QString() << QString() << QStringLiteral("AADSTS700016") << QStringLiteral("clientId")
                                       << QStringList{QStringLiteral("has no application with the client ID"), QStringLiteral("Application (client) ID")};
    QTest::newRow("unknown tenant") << QStringLiteral("management") << QStringLiteral("00000000-1111-2222-3333-444444444444") << QString()
                                    << QStringLiteral("AADSTS90002") << QStringLiteral("tenant")
                                    << QStringList{QStringLiteral("no tenant “00000000-1111-2222-3333-444444444444”"), QStringLiteral("Directory (tenant) ID")};
    QTest::newRow("wrong App ID URI") << QStringLiteral("management") << QString() << QStringLiteral("api://99999999-8888-7777-6666-555555555555/.default")
                                      << QStringLiteral("AADSTS500011") << QStringLiteral("scope")
                                      << QStringList{QStringLiteral("Application ID URI is wrong"), QStringLiteral("service principal"), QStringLiteral("Expose an API")};
    QTest::newRow("invalid scope") << QStringLiteral("management") << QString() << QStringLiteral("https://graph.microsoft.com/User.Read")
                                   << QStringLiteral("AADSTS70011") << QStringLiteral("scope")
                                   << QStringList{QStringLiteral("is not valid for a client-credentials token"), QStringLiteral("/.default")};
}

void TstEntraServices::aadstsErrorsAreExplained()
{
    QFETCH(QString, who);
    QFETCH(QString, tenant);
    QFETCH(QString, scope);
    QFETCH(QString, code);
    QFETCH(QString, field);
    QFETCH(QStringList, said);
    EntraStandIn::Client c = m_standIn->managementClient();
    if (who == QLatin1String("secretId"))
        c.secret = c.keyId;
    else if (who == QLatin1String("wrongSecret"))
        c.secret = QStringLiteral("abc8Q~NotTheRightSecretValueAtAll1234567");
    else if (who == QLatin1String("expired"))
        c = m_standIn->expiredSecretClient();
    else if (who == QLatin1String("unknownApp"))
        c.clientId = QStringLiteral("11111111-2222-3333-4444-555555555555");
    EntraClient *client = entra(c, tenant);
    JobPtr job = await(client->requestToken(scope.isEmpty() ? client->graphScope() : scope));
    QVERIFY(job->hasError());
    const ApiError e = job->error();
    QCOMPARE(e.vendorCode, code);
    QCOMPARE(e.field, field);
    const QString text = e.toUserText();
    for (const QString &s : said)
        QVERIFY2(text.contains(s), qPrintable(text));
    QVERIFY2(!text.contains(QLatin1String("Trace ID")), qPrintable(text));
    // The secret-ID sentence is for GUID-shaped secrets only.
    QCOMPARE(text.contains(QLatin1String("secret's ID")), who == QLatin1String("secretId"));
}

void TstEntraServices::setupV2CreatesOneKeyManager()
{
    AzureSetupOptions options;
    options.name = QStringLiteral("Entra");
    options.tokenVersions = AzureTokenVersions::V2;
    const int before = keyManagerCount();
    SetupRunner *runner = runSetup(options);
    QVERIFY2(runner->isComplete(), qPrintable(runner->summary()));
    const QJsonObject steps = stepsById(runner);
    for (const char *id : {"graph-access", "discover-v2", "key-manager-v2", "read-back-v2", "fetch-jwks-v2", "graph-token"})
        QVERIFY2(steps.value(QLatin1String(id)).toObject().value(QLatin1String("status")).toString() == QLatin1String("done"), id);
    QVERIFY(!steps.contains(QLatin1String("discover-v1")));
    QCOMPARE(keyManagerCount(), before + 1);

    const QString tid = m_standIn->tenantId();
    const QString login = m_standIn->loginUrl().toString();
    const QJsonObject km = heldKeyManager(QStringLiteral("Entra"));
    QCOMPARE(km.value(QLatin1String("type")).toString(), QStringLiteral("AzureAD"));
    QCOMPARE(km.value(QLatin1String("issuer")).toString(), QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(tid));
    QCOMPARE(km.value(QLatin1String("consumerKeyClaim")).toString(), QStringLiteral("azp"));
    QCOMPARE(km.value(QLatin1String("scopesClaim")).toString(), QStringLiteral("roles"));
    QCOMPARE(km.value(QLatin1String("availableGrantTypes")).toArray(), QJsonArray{QStringLiteral("client_credentials")});
    QCOMPARE(km.value(QLatin1String("certificates")).toObject().value(QLatin1String("value")).toString(),
             QStringLiteral("%1/%2/discovery/v2.0/keys").arg(login, tid));
    QCOMPARE(km.value(QLatin1String("wellKnownEndpoint")).toString(), QStringLiteral("%1/%2/v2.0/.well-known/openid-configuration").arg(login, tid));
    // Stored where the AzureAD connector and the gateway read them: the server's additionalProperties.
    const QJsonObject endpoints = km.value(QLatin1String("additionalProperties")).toObject();
    const QString token = QStringLiteral("%1/%2/oauth2/v2.0/token").arg(login, tid);
    QCOMPARE(endpoints.value(QLatin1String("client_registration_endpoint")).toString(), m_standIn->graphUrl().toString());
    for (const char *name : {"token_endpoint", "display_token_endpoint", "introspection_endpoint", "revoke_endpoint", "display_revoke_endpoint"})
        QCOMPARE(endpoints.value(QLatin1String(name)).toString(), token);
    QCOMPARE(endpoints.value(QLatin1String("authorize_endpoint")).toString(), QStringLiteral("%1/%2/oauth2/v2.0/authorize").arg(login, tid));
    QCOMPARE(endpoints.value(QLatin1String("userinfo_endpoint")).toString(), m_standIn->graphUrl().toString() + QStringLiteral("/oidc/userinfo"));
    QCOMPARE(endpoints.value(QLatin1String("scope_management_endpoint")).toString(), QStringLiteral("none"));

    const QJsonObject props = km.value(QLatin1String("additionalProperties")).toObject();
    QCOMPARE(props.value(QLatin1String("microsoft_graph_api_endpoint")).toString(), m_standIn->graphUrl().toString());
    QCOMPARE(props.value(QLatin1String("v1.0")).toString(), QStringLiteral("v1.0"));
    QCOMPARE(props.value(QLatin1String("azure_ad_requested_access_token_version")).toString(), QStringLiteral("v2.0"));
    QCOMPARE(props.value(QLatin1String("azure_ad_client_id")).toString(), m_standIn->managementClient().clientId);
    QCOMPARE(props.value(QLatin1String("azure_ad_client_secret")).toString(), m_standIn->managementClient().secret);
    QCOMPARE(props.value(QLatin1String("polling_initial_delay_ms")).toString(), QStringLiteral("500"));
    QCOMPARE(props.value(QLatin1String("polling_max_wait_time_ms")).toString(), QStringLiteral("5000"));
    QCOMPARE(runner->data().value(QLatin1String("keyManager-v2")).toObject().value(QLatin1String("id")).toString(), km.value(QLatin1String("id")).toString());
}

void TstEntraServices::setupV1UsesTheV1IssuerAndAppid()
{
    AzureSetupOptions options;
    options.name = QStringLiteral("Entra-legacy");
    options.displayName = QStringLiteral("Entra ID (v1 tokens)");
    options.tokenVersions = AzureTokenVersions::V1;
    SetupRunner *runner = runSetup(options);
    QVERIFY2(runner->isComplete(), qPrintable(runner->summary()));
    // v2 discovery gives the endpoints, v1 discovery the issuer and keys.
    QVERIFY(stepsById(runner).contains(QLatin1String("discover-v1")));
    QVERIFY(stepsById(runner).contains(QLatin1String("discover-v2")));
    const QJsonObject km = heldKeyManager(QStringLiteral("Entra-legacy"));
    const QString tid = m_standIn->tenantId();
    QCOMPARE(km.value(QLatin1String("issuer")).toString(), QStringLiteral("https://sts.windows.net/%1/").arg(tid));
    QCOMPARE(km.value(QLatin1String("consumerKeyClaim")).toString(), QStringLiteral("appid"));
    QCOMPARE(km.value(QLatin1String("displayName")).toString(), QStringLiteral("Entra ID (v1 tokens)"));
    QCOMPARE(km.value(QLatin1String("certificates")).toObject().value(QLatin1String("value")).toString(),
             m_standIn->loginUrl().toString() + QStringLiteral("/common/discovery/keys"));
    QCOMPARE(km.value(QLatin1String("additionalProperties")).toObject().value(QLatin1String("azure_ad_requested_access_token_version")).toString(),
             QStringLiteral("v1.0"));
    // The connector takes its Graph token from the v2 token endpoint whatever the version.
    const QString storedToken = km.value(QLatin1String("additionalProperties")).toObject().value(QLatin1String("token_endpoint")).toString();
    QVERIFY2(storedToken.endsWith(QLatin1String("/oauth2/v2.0/token")), qPrintable(storedToken));
}

void TstEntraServices::setupBothCreatesTwoAndASecondRunNothing()
{
    AzureSetupOptions options;
    options.name = QStringLiteral("Contoso");
    options.displayName = QStringLiteral("Contoso Entra");
    options.tokenVersions = AzureTokenVersions::Both;
    const int before = keyManagerCount();
    SetupRunner *runner = runSetup(options);
    QVERIFY2(runner->isComplete(), qPrintable(runner->summary()));
    QCOMPARE(keyManagerCount(), before + 2);
    const QJsonObject v1 = heldKeyManager(QStringLiteral("Contoso-v1"));
    const QJsonObject v2 = heldKeyManager(QStringLiteral("Contoso-v2"));
    QCOMPARE(v1.value(QLatin1String("issuer")).toString(), QStringLiteral("https://sts.windows.net/%1/").arg(m_standIn->tenantId()));
    QCOMPARE(v1.value(QLatin1String("consumerKeyClaim")).toString(), QStringLiteral("appid"));
    QCOMPARE(v1.value(QLatin1String("displayName")).toString(), QStringLiteral("Contoso Entra (v1 tokens)"));
    QCOMPARE(v2.value(QLatin1String("issuer")).toString(), QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(m_standIn->tenantId()));
    QCOMPARE(v2.value(QLatin1String("consumerKeyClaim")).toString(), QStringLiteral("azp"));
    QCOMPARE(v2.value(QLatin1String("displayName")).toString(), QStringLiteral("Contoso Entra (v2 tokens)"));
    // The closing line tells what was created from what was already there.
    QCOMPARE(runner->outcomeSummary(), QStringLiteral("Created: “Contoso-v1”, “Contoso-v2”."));

    // Again: nothing is created or changed on API Manager.
    m_sandbox.clearRecordedRequests();
    SetupRunner *again = runSetup(options);
    QVERIFY2(again->isComplete(), qPrintable(again->summary()));
    const QJsonObject steps = stepsById(again);
    QCOMPARE(steps.value(QLatin1String("key-manager-v1")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("skipped"));
    QCOMPARE(steps.value(QLatin1String("key-manager-v2")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("skipped"));
    QCOMPARE(keyManagerCount(), before + 2);
    QCOMPARE(countRecorded(QStringLiteral("apim"), QStringLiteral("POST"), QStringLiteral("/key-managers"))
                 - countRecorded(QStringLiteral("apim"), QStringLiteral("POST"), QStringLiteral("/key-managers/discover")), 0);
    QCOMPARE(countRecorded(QStringLiteral("apim"), QStringLiteral("PUT"), QStringLiteral("/key-managers")), 0);
    QCOMPARE(heldKeyManager(QStringLiteral("Contoso-v1")), v1);
    QCOMPARE(heldKeyManager(QStringLiteral("Contoso-v2")), v2);
    QCOMPARE(again->outcomeSummary(), QStringLiteral("Already in place: “Contoso-v1”, “Contoso-v2”."));

    // A different display name is an update, refused unless allowed.
    options.displayName = QStringLiteral("Contoso renamed");
    SetupRunner *changed = runSetup(options);
    QVERIFY(changed->hasFailed());
    QCOMPARE(stepsById(changed).value(QLatin1String("key-manager-v1")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("failed"));
    QCOMPARE(heldKeyManager(QStringLiteral("Contoso-v1")), v1);

    // Allowed, both are updated and the closing line says so.
    options.allowUpdate = true;
    SetupRunner *updated = runSetup(options);
    QVERIFY2(updated->isComplete(), qPrintable(updated->summary()));
    QCOMPARE(updated->outcomeSummary(), QStringLiteral("Updated: “Contoso-v1”, “Contoso-v2”."));
    QCOMPARE(heldKeyManager(QStringLiteral("Contoso-v1")).value(QLatin1String("displayName")).toString(), QStringLiteral("Contoso renamed (v1 tokens)"));
}

void TstEntraServices::setupStopsWithoutWritePermission()
{
    AzureSetupOptions options;
    options.name = QStringLiteral("ReadOnly");
    SetupRunner *runner = AzureSetup::createRunner(apim(), entra(m_standIn->readOnlyClient()), m_session, options, this);
    QSignalSpy finished(runner, &SetupRunner::finished);
    runner->start();
    QVERIFY(finished.wait(30000));
    QVERIFY(runner->hasFailed());
    const SetupStep &first = runner->steps().first();
    QCOMPARE(first.id, QStringLiteral("graph-access"));
    QCOMPARE(first.status, SetupStep::Status::Failed);
    QCOMPARE(first.error.vendorCode, QStringLiteral("missing-graph-permission"));
    QVERIFY(heldKeyManager(QStringLiteral("ReadOnly")).isEmpty());
}

void TstEntraServices::replicationLagIsWaitedOut()
{
    auto *graph = new GraphClient(managementEntra(), this);
    QCOMPARE(graph->initialDelayMs(), 500);
    QCOMPARE(graph->maxWaitMs(), 5000);
    m_standIn->setReplicationLagMs(1200);
    m_sandbox.clearRecordedRequests();
    const QJsonObject app = newApplication(graph, QStringLiteral("kmconsole lag"), 2);
    QVERIFY(!app.isEmpty());
    const QString id = app.value(QLatin1String("id")).toString();
    QElapsedTimer timer;
    timer.start();
    JobPtr password = await(graph->addPassword(id, QStringLiteral("first")));
    QVERIFY2(!password->hasError(), qPrintable(password->error().toUserText()));
    QVERIFY(!password->result().toObject().value(QLatin1String("secretText")).toString().isEmpty());
    // Graph said 404 at least once and the client waited (500 ms, then 1000 ms) instead of failing.
    QVERIFY(countRecorded(QStringLiteral("graph"), QStringLiteral("POST"), QStringLiteral("/addPassword"), 404) >= 1);
    QVERIFY(timer.elapsed() >= 500);
    JobPtr uris = await(graph->setIdentifierUris(id, {QStringLiteral("api://") + app.value(QLatin1String("appId")).toString()}));
    QVERIFY(!uris->hasError());
    JobPtr sp = await(graph->createServicePrincipal(app.value(QLatin1String("appId")).toString()));
    QVERIFY2(!sp->hasError(), qPrintable(sp->error().toUserText()));
    QVERIFY(m_standIn->hasServicePrincipal(app.value(QLatin1String("appId")).toString()));
}

void TstEntraServices::expiredGraphTokenIsRenewedOnce()
{
    auto *graph = new GraphClient(managementEntra(), this);
    const QJsonObject app = newApplication(graph, QStringLiteral("kmconsole token renewal"), 2);
    QVERIFY(!app.isEmpty());
    m_sandbox.clearRecordedRequests();
    // Graph refuses the cached token once, as it does when the token expired meanwhile.
    sandbox::SandboxServer::Fault fault;
    fault.method = "GET";
    fault.path = QRegularExpression(QStringLiteral("^/v1.0/applications/"));
    fault.status = 401;
    fault.body = R"({"error":{"code":"InvalidAuthenticationToken","message":"Lifetime validation failed, the token is expired."}})";
    m_standIn->graphServer()->addFault(fault);
    JobPtr get = await(graph->getApplication(app.value(QLatin1String("id")).toString()));
    QVERIFY2(!get->hasError(), qPrintable(get->error().toUserText()));
    QCOMPARE(get->result().toObject().value(QLatin1String("appId")), app.value(QLatin1String("appId")));
    QCOMPARE(countRecorded(QStringLiteral("entra"), QStringLiteral("POST"), QStringLiteral("/oauth2/v2.0/token")), 1);

    // Refused again after signing in anew: said, not retried forever.
    fault.times = 2;
    m_standIn->graphServer()->addFault(fault);
    JobPtr refused = await(graph->getApplication(app.value(QLatin1String("id")).toString()));
    QVERIFY(refused->hasError());
    QCOMPARE(refused->error().httpStatus, 401);
    m_standIn->graphServer()->clearFaults();
}

void TstEntraServices::replicationLagBeyondTheMaximumIsSaidToBeLag()
{
    auto *graph = new GraphClient(managementEntra(), this);
    graph->setReplicationWait(100, 300);
    m_standIn->setReplicationLagMs(5000);
    const QJsonObject app = newApplication(graph, QStringLiteral("kmconsole impatient"));
    QVERIFY(!app.isEmpty());
    m_sandbox.clearRecordedRequests();
    JobPtr password = await(graph->addPassword(app.value(QLatin1String("id")).toString(), QStringLiteral("first")));
    QVERIFY(password->hasError());
    const ApiError e = password->error();
    QCOMPARE(e.vendorCode, QStringLiteral("Request_ResourceNotFound"));
    QVERIFY2(e.toUserText().contains(QLatin1String("replication lag")), qPrintable(e.toUserText()));
    QVERIFY2(e.toUserText().contains(QLatin1String("after waiting 300 ms")), qPrintable(e.toUserText()));
    // 100 + 200 ms of waiting: three attempts.
    QCOMPARE(countRecorded(QStringLiteral("graph"), QStringLiteral("POST"), QStringLiteral("/addPassword"), 404), 3);
}

void TstEntraServices::appCheckFindsAndFixesTheLegacyApp()
{
    auto *graph = new GraphClient(managementEntra(), this);
    auto *check = new EntraAppCheck(graph, this);
    const QString legacy = m_standIn->legacyResourceAppId();
    auto ids = [](const QJsonObject &result) {
        QStringList out;
        for (const QJsonValue &f : km::constTemporary(result.value(QLatin1String("findings")).toArray()))
            out << f.toObject().value(QLatin1String("id")).toString();
        return out;
    };

    JobPtr forV1 = await(check->check(legacy, 1));
    QVERIFY2(!forV1->hasError(), qPrintable(forV1->error().toUserText()));
    QVERIFY(ids(forV1->result().toObject()).contains(QLatin1String("identifier-uri-missing")));
    QVERIFY(!ids(forV1->result().toObject()).contains(QLatin1String("token-version-mismatch"))); // null means v1

    JobPtr forV2 = await(check->check(legacy, 2));
    const QJsonObject result = forV2->result().toObject();
    QCOMPARE(result.value(QLatin1String("ok")).toBool(), false);
    QCOMPARE(result.value(QLatin1String("application")).toObject().value(QLatin1String("requestedAccessTokenVersion")), QJsonValue(QJsonValue::Null));
    QCOMPARE(result.value(QLatin1String("application")).toObject().value(QLatin1String("tokenVersion")).toInt(), 1);
    QVERIFY(ids(result).contains(QLatin1String("identifier-uri-missing")));
    QVERIFY(ids(result).contains(QLatin1String("token-version-mismatch")));
    QVERIFY(ids(result).contains(QLatin1String("no-secret")));
    for (const QJsonValue &f : km::constTemporary(result.value(QLatin1String("findings")).toArray())) {
        const QJsonObject finding = f.toObject();
        QVERIFY(!finding.value(QLatin1String("fix")).toString().isEmpty());
        if (finding.value(QLatin1String("id")).toString() == QLatin1String("token-version-mismatch"))
            QVERIFY2(finding.value(QLatin1String("message")).toString().contains(QLatin1String("900901")), qPrintable(finding.value(QLatin1String("message")).toString()));
    }

    JobPtr fixUri = await(check->fix(legacy, QStringLiteral("identifier-uri-missing"), 2));
    QVERIFY2(!fixUri->hasError(), qPrintable(fixUri->error().toUserText()));
    JobPtr fixVersion = await(check->fix(legacy, QStringLiteral("token-version-mismatch"), 2));
    QVERIFY2(!fixVersion->hasError(), qPrintable(fixVersion->error().toUserText()));
    const QJsonObject after = fixVersion->result().toObject().value(QLatin1String("check")).toObject();
    QCOMPARE(after.value(QLatin1String("ok")).toBool(), true);
    QCOMPARE(ids(after), QStringList{QStringLiteral("no-secret")});

    // Graph now holds the fixes.
    const auto app = m_standIn->applicationByAppId(legacy);
    QCOMPARE(app->identifierUris, QStringList{QStringLiteral("api://") + legacy});
    QCOMPARE(app->requestedAccessTokenVersion.toInt(), 2);
    // And a token for the API is a v2 token now.
    JobPtr token = await(managementEntra()->requestToken(EntraClient::apiScope(legacy)));
    QVERIFY2(!token->hasError(), qPrintable(token->error().toUserText()));
    QCOMPARE(DecodedToken::decode(token->result().toObject().value(QLatin1String("access_token")).toString()).claimString(QStringLiteral("ver")),
             QStringLiteral("2.0"));

    // A finding that is not there is not "fixed" twice; an unknown application is said plainly.
    JobPtr again = await(check->fix(legacy, QStringLiteral("identifier-uri-missing"), 2));
    QVERIFY(again->result().toObject().value(QLatin1String("fixed")).isNull());
    JobPtr unknown = await(check->check(QStringLiteral("99999999-8888-7777-6666-555555555555"), 2));
    QVERIFY(unknown->hasError());
    QVERIFY(unknown->error().toUserText().contains(QLatin1String("no application with the Application (client) ID")));
}

void TstEntraServices::thirdSecretIsRefusedAndAnOldOneCanBeRemoved()
{
    auto *graph = new GraphClient(managementEntra(), this);
    auto *check = new EntraAppCheck(graph, this);
    const QJsonObject app = newApplication(graph, QStringLiteral("kmconsole secrets"), 2);
    const QString id = app.value(QLatin1String("id")).toString();
    const QString appId = app.value(QLatin1String("appId")).toString();
    QVERIFY(!await(graph->setIdentifierUris(id, {QStringLiteral("api://") + appId}))->hasError());
    // The two-secret limit belongs to applications personal Microsoft accounts may sign in to.
    QVERIFY(!await(graph->patchApplication(id, QJsonObject{{QStringLiteral("signInAudience"), QStringLiteral("AzureADandPersonalMicrosoftAccount")}}))->hasError());
    JobPtr first = await(graph->addPassword(id, QStringLiteral("one"), QDateTime::currentDateTimeUtc().addDays(10)));
    JobPtr second = await(graph->addPassword(id, QStringLiteral("two")));
    QVERIFY(!first->hasError() && !second->hasError());
    JobPtr third = await(graph->addPassword(id, QStringLiteral("three")));
    QVERIFY(third->hasError());
    QCOMPARE(third->error().vendorCode, QStringLiteral("TooManyAppPasswords"));
    QVERIFY2(third->error().toUserText().contains(QLatin1String("as many client secrets as Entra ID allows")), qPrintable(third->error().toUserText()));
    QVERIFY(third->error().toUserText().contains(QLatin1String("credential limit")));
    QCOMPARE(m_standIn->applicationByAppId(appId)->passwords.size(), 2);

    JobPtr checked = await(check->check(appId, 2));
    const QJsonObject result = checked->result().toObject();
    const QString firstKey = first->result().toObject().value(QLatin1String("keyId")).toString();
    QCOMPARE(result.value(QLatin1String("application")).toObject().value(QLatin1String("secrets")).toArray().size(), 2);
    bool limit = false, expiring = false;
    for (const QJsonValue &f : km::constTemporary(result.value(QLatin1String("findings")).toArray())) {
        const QJsonObject finding = f.toObject();
        if (finding.value(QLatin1String("id")).toString() == QLatin1String("secret-limit-reached")) {
            limit = true;
            QVERIFY(finding.value(QLatin1String("message")).toString().contains(firstKey)); // listed with its date
            QCOMPARE(finding.value(QLatin1String("fixable")).toBool(), false);
        }
        if (finding.value(QLatin1String("id")).toString() == QLatin1String("secret-expiring"))
            expiring = finding.value(QLatin1String("keyId")).toString() == firstKey;
    }
    QVERIFY(limit);
    QVERIFY(expiring);
    QCOMPARE(result.value(QLatin1String("ok")).toBool(), true); // secret findings are warnings

    JobPtr removed = await(check->removeSecret(appId, firstKey));
    QVERIFY2(!removed->hasError(), qPrintable(removed->error().toUserText()));
    QCOMPARE(m_standIn->applicationByAppId(appId)->passwords.size(), 1);
    JobPtr unknownKey = await(check->removeSecret(appId, firstKey));
    QVERIFY(unknownKey->hasError());
    QCOMPARE(unknownKey->error().field, QStringLiteral("keyId"));
    JobPtr replacement = await(graph->addPassword(id, QStringLiteral("three")));
    QVERIFY2(!replacement->hasError(), qPrintable(replacement->error().toUserText()));
}

void TstEntraServices::organizationOnlyAppsHaveNoSecretLimit()
{
    auto *graph = new GraphClient(managementEntra(), this);
    auto *check = new EntraAppCheck(graph, this);
    const QJsonObject app = newApplication(graph, QStringLiteral("kmconsole many secrets"), 2);
    const QString id = app.value(QLatin1String("id")).toString();
    const QString appId = app.value(QLatin1String("appId")).toString();
    QCOMPARE(app.value(QLatin1String("signInAudience")).toString(), QStringLiteral("AzureADMyOrg"));
    for (const QString &name : {QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")}) {
        JobPtr added = await(graph->addPassword(id, name));
        QVERIFY2(!added->hasError(), qPrintable(added->error().toUserText()));
    }
    QCOMPARE(m_standIn->applicationByAppId(appId)->passwords.size(), 3);
    JobPtr checked = await(check->check(appId, 2));
    QVERIFY2(!checked->hasError(), qPrintable(checked->error().toUserText()));
    const QJsonObject result = checked->result().toObject();
    QVERIFY(result.value(QLatin1String("application")).toObject().value(QLatin1String("secretLimit")).isNull());
    for (const QJsonValue &f : km::constTemporary(result.value(QLatin1String("findings")).toArray()))
        QVERIFY2(f.toObject().value(QLatin1String("id")).toString() != QLatin1String("secret-limit-reached"),
                 qPrintable(f.toObject().value(QLatin1String("message")).toString()));
    // Multi-tenant (work accounts only) has no limit either; the personal-account audience has.
    QCOMPARE(EntraApplication::secretLimit(QStringLiteral("AzureADMultipleOrgs")), 0);
    QCOMPARE(EntraApplication::secretLimit(QStringLiteral("PersonalMicrosoftAccount")), 2);
}

void TstEntraServices::graphApplicationIsReadOnceIntoItsValue()
{
    // Microsoft Graph v1.0 application resource (Microsoft Learn, "application resource type"): the fields the
    // console reasons about, with Graph's own spelling; api carries more than the token version.
    const QJsonObject graph = QJsonDocument::fromJson(R"({
        "id": "0b9d5ae1-0a55-4b50-9a52-07e1c1bd1b11", "appId": "6f1c2d3e-1111-4c5d-9e8f-123456789abc",
        "displayName": "admin_Shop_PRODUCTION", "signInAudience": "AzureADandPersonalMicrosoftAccount",
        "identifierUris": ["https://contoso.example/shop"],
        "api": {"requestedAccessTokenVersion": null, "oauth2PermissionScopes": [{"value": "read", "id": "5f0a2b6c-0000-4000-8000-000000000001"}]},
        "passwordCredentials": [
            {"customKeyIdentifier": null, "displayName": "first", "endDateTime": "2026-12-31T00:00:00Z", "hint": "Ab1",
             "keyId": "key-1", "secretText": null, "startDateTime": "2026-01-01T00:00:00Z"},
            {"displayName": "second", "endDateTime": "2027-06-30T12:00:00.1234567Z", "hint": "Cd2", "keyId": "key-2",
             "startDateTime": "2026-06-30T12:00:00Z"}]
    })").object();
    const EntraApplication app = EntraApplication::fromGraph(graph);
    QCOMPARE(app.objectId, QStringLiteral("0b9d5ae1-0a55-4b50-9a52-07e1c1bd1b11"));
    QCOMPARE(app.appId, QStringLiteral("6f1c2d3e-1111-4c5d-9e8f-123456789abc"));
    QCOMPARE(app.displayName, QStringLiteral("admin_Shop_PRODUCTION"));
    QVERIFY(app.requestedAccessTokenVersion().isNull());
    QCOMPARE(app.tokenVersion(), 1); // null: Entra issues v1
    QCOMPARE(app.ownIdentifierUri(), QStringLiteral("api://6f1c2d3e-1111-4c5d-9e8f-123456789abc"));
    QVERIFY(!app.hasOwnIdentifierUri());
    QCOMPARE(app.secretLimit(), 2);
    QCOMPARE(app.secrets.size(), 2);
    QCOMPARE(app.secrets.at(0).keyId, QStringLiteral("key-1"));
    QCOMPARE(app.secrets.at(0).end, QDateTime(QDate(2026, 12, 31), QTime(0, 0), Qt::UTC));
    // Graph writes seven fractional digits; the date is still read.
    QCOMPARE(app.secrets.at(1).end.date(), QDate(2027, 6, 30));

    // The fixes: the own URI first with the others kept; the token version with the rest of `api` kept.
    QCOMPARE(app.identifierUriPatch(), QJsonObject({{QStringLiteral("identifierUris"),
                                                     QJsonArray{QStringLiteral("api://6f1c2d3e-1111-4c5d-9e8f-123456789abc"), QStringLiteral("https://contoso.example/shop")}}}));
    const QJsonObject api = app.tokenVersionPatch(2).value(QLatin1String("api")).toObject();
    QCOMPARE(api.value(QLatin1String("requestedAccessTokenVersion")).toInt(), 2);
    QCOMPARE(api.value(QLatin1String("oauth2PermissionScopes")).toArray().size(), 1);

    // The short form the CLI prints and the check reports.
    const QDateTime now(QDate(2027, 1, 1), QTime(0, 0), Qt::UTC);
    const QJsonObject summary = app.toSummary(now);
    QCOMPARE(summary.value(QLatin1String("id")).toString(), app.objectId);
    QVERIFY(summary.value(QLatin1String("requestedAccessTokenVersion")).isNull());
    QCOMPARE(summary.value(QLatin1String("tokenVersion")).toInt(), 1);
    QCOMPARE(summary.value(QLatin1String("secretLimit")).toInt(), 2);
    const QJsonArray secrets = summary.value(QLatin1String("secrets")).toArray();
    QCOMPARE(secrets.size(), 2);
    QCOMPARE(secrets.at(0).toObject().value(QLatin1String("expired")).toBool(), true);
    QCOMPARE(secrets.at(1).toObject().value(QLatin1String("expired")).toBool(), false);
    QCOMPARE(secrets.at(1).toObject().value(QLatin1String("daysLeft")).toInt(), 180);
    QCOMPARE(secrets.at(1).toObject().value(QLatin1String("endDateTime")).toString(), QStringLiteral("2027-06-30T12:00:00.1234567Z"));
    // Findings read the same value: no URI (an error), v1 where v2 is expected, the two-secret limit reached, one secret expired.
    const QList<EntraFinding> findings = EntraAppCheck::findings(app, 2, now);
    QStringList ids;
    for (const EntraFinding &f : findings)
        ids << f.id;
    QCOMPARE(ids, QStringList({QStringLiteral("identifier-uri-missing"), QStringLiteral("token-version-mismatch"), QStringLiteral("secret-limit-reached"),
                               QStringLiteral("secret-expired")}));
    QCOMPARE(findings.last().keyId, QStringLiteral("key-1"));

    // The check's result is read once where it arrives (the dialog, the CLI): what it writes reads back as itself.
    const EntraAppCheckResult result{app.summary(now), 2, findings};
    QCOMPARE(result.toJson().value(QLatin1String("application")).toObject(), summary);
    QCOMPARE(EntraAppCheckResult::fromJson(result.toJson()).toJson(), result.toJson());
    QVERIFY(!result.ok());
    QCOMPARE(result.toJson().value(QLatin1String("ok")).toBool(true), false);
    QCOMPARE(result.errorIds(), (QStringList{QStringLiteral("identifier-uri-missing"), QStringLiteral("token-version-mismatch")}));
    QCOMPARE(result.fixableIds(), result.errorIds());
    const EntraSecretState later = EntraAppCheckResult::fromJson(result.toJson()).application.secrets.at(1);
    QCOMPARE(later.daysLeft.value_or(-1), 180);
    QVERIFY(!later.expired);
}

void TstEntraServices::servicePrincipalOfANewApplicationWaitsOutThe400Lag()
{
    auto *graph = new GraphClient(managementEntra(), this);
    m_standIn->setReplicationLagMs(1200);
    const QJsonObject app = newApplication(graph, QStringLiteral("kmconsole sp lag"), 2);
    QVERIFY(!app.isEmpty());
    const QString appId = app.value(QLatin1String("appId")).toString();
    m_sandbox.clearRecordedRequests();
    JobPtr sp = await(graph->createServicePrincipal(appId));
    QVERIFY2(!sp->hasError(), qPrintable(sp->error().toUserText()));
    QVERIFY(m_standIn->hasServicePrincipal(appId));
    // Graph said 400 "does not reference a valid application object" first; the client waited instead of failing.
    QVERIFY(countRecorded(QStringLiteral("graph"), QStringLiteral("POST"), QStringLiteral("/servicePrincipals"), 400) >= 1);
    QCOMPARE(countRecorded(QStringLiteral("graph"), QStringLiteral("POST"), QStringLiteral("/servicePrincipals"), 201), 1);

    // Bounded: past the wait it is said as lag, with the Graph code kept.
    graph->setReplicationWait(100, 300);
    m_standIn->setReplicationLagMs(5000);
    const QJsonObject late = newApplication(graph, QStringLiteral("kmconsole sp lag 2"), 2);
    m_sandbox.clearRecordedRequests();
    JobPtr failed = await(graph->createServicePrincipal(late.value(QLatin1String("appId")).toString()));
    QVERIFY(failed->hasError());
    QCOMPARE(failed->error().vendorCode, QStringLiteral("Request_BadRequest"));
    QVERIFY2(failed->error().toUserText().contains(QLatin1String("replication lag")), qPrintable(failed->error().toUserText()));
    QCOMPARE(countRecorded(QStringLiteral("graph"), QStringLiteral("POST"), QStringLiteral("/servicePrincipals"), 400), 3);
}

void TstEntraServices::nextLinksAreFollowedOnlyOnGraphItselfAndCapped()
{
    auto *graph = new GraphClient(managementEntra(), this);
    m_sandbox.clearRecordedRequests();
    // A next link to another host: refused, the token is not sent there.
    sandbox::SandboxServer::Fault fault;
    fault.method = "GET";
    fault.path = QRegularExpression(QStringLiteral("^/v1.0/applications$"));
    fault.status = 200;
    fault.body = R"({"value":[],"@odata.nextLink":"http://graph.example.invalid:8080/v1.0/applications?$skiptoken=X"})";
    m_standIn->graphServer()->addFault(fault);
    JobPtr offHost = await(graph->listApplications());
    m_standIn->graphServer()->clearFaults();
    QVERIFY(offHost->hasError());
    QCOMPARE(offHost->error().vendorCode, QStringLiteral("next-link-off-host"));
    QVERIFY2(offHost->error().toUserText().contains(QLatin1String("graph.example.invalid")), qPrintable(offHost->error().toUserText()));

    // Same host, another port: another origin as well.
    QUrl otherPort = m_standIn->graphUrl();
    otherPort.setPort(otherPort.port() + 1);
    fault.body = QJsonDocument(QJsonObject{{QStringLiteral("value"), QJsonArray()},
                                           {QStringLiteral("@odata.nextLink"), QString(otherPort.toString() + QStringLiteral("/v1.0/applications?$skiptoken=X"))}})
                     .toJson(QJsonDocument::Compact);
    m_standIn->graphServer()->addFault(fault);
    JobPtr otherPortList = await(graph->listApplications());
    m_standIn->graphServer()->clearFaults();
    QVERIFY(otherPortList->hasError());
    QCOMPARE(otherPortList->error().vendorCode, QStringLiteral("next-link-off-host"));

    // A next link that never ends: followed on Graph's own origin up to the cap, then reported as truncated.
    fault.body = QJsonDocument(QJsonObject{{QStringLiteral("value"), QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("x")}}}},
                                           {QStringLiteral("@odata.nextLink"), QString(m_standIn->graphUrl().toString() + QStringLiteral("/v1.0/applications"))}})
                     .toJson(QJsonDocument::Compact);
    fault.times = -1;
    m_standIn->graphServer()->addFault(fault);
    m_sandbox.clearRecordedRequests();
    JobPtr endless = await(graph->listApplications(4));
    m_standIn->graphServer()->clearFaults();
    QVERIFY2(!endless->hasError(), qPrintable(endless->error().toUserText()));
    QCOMPARE(endless->result().toObject().value(QLatin1String("truncated")).toBool(), true);
    QCOMPARE(endless->result().toObject().value(QLatin1String("pages")).toInt(), 4);
    QCOMPARE(countRecorded(QStringLiteral("graph"), QStringLiteral("GET"), QStringLiteral("/v1.0/applications")), 4);
}

void TstEntraServices::devPortalMapsAndGeneratesKeys()
{
    // The key manager made by the v2 setup above.
    QVERIFY(!heldKeyManager(QStringLiteral("Entra")).isEmpty());
    auto *portal = new DevPortalClient(apim(), this);
    JobPtr created = await(portal->createApplication(QStringLiteral("Orders client")));
    QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));
    const QString applicationId = created->result().toObject().value(QLatin1String("applicationId")).toString();
    JobPtr found = await(portal->findApplicationByName(QStringLiteral("Orders client")));
    QCOMPARE(found->result().toObject().value(QLatin1String("applicationId")).toString(), applicationId);
    JobPtr none = await(portal->findApplicationByName(QStringLiteral("No such client")));
    QVERIFY(!none->hasError() && none->result().isNull());

    // Provide existing OAuth keys: an app registered by hand.
    const QString existing = m_standIn->legacyResourceAppId();
    JobPtr mapped = await(portal->mapKeys(applicationId, QStringLiteral("Entra"), existing, QStringLiteral("typed-value-8Q~xyz"), QStringLiteral("PRODUCTION")));
    QVERIFY2(!mapped->hasError(), qPrintable(mapped->error().toUserText()));
    QCOMPARE(mapped->result().toObject().value(QLatin1String("mode")).toString(), QStringLiteral("MAPPED"));
    QCOMPARE(mapped->result().toObject().value(QLatin1String("consumerKey")).toString(), existing);
    // What API Manager received is what the spec names, and the connector looked the client up in Graph.
    bool sent = false;
    for (const QJsonValue &v : km::constTemporary(m_sandbox.recordedRequests())) {
        if (v.toObject().value(QLatin1String("path")).toString().endsWith(QLatin1String("/map-keys"))) {
            const QJsonObject body = QJsonDocument::fromJson(v.toObject().value(QLatin1String("body")).toString().toUtf8()).object();
            sent = body == QJsonObject{{QStringLiteral("consumerKey"), existing}, {QStringLiteral("consumerSecret"), QStringLiteral("typed-value-8Q~xyz")},
                                       {QStringLiteral("keyManager"), QStringLiteral("Entra")}, {QStringLiteral("keyType"), QStringLiteral("PRODUCTION")}};
        }
    }
    QVERIFY(sent);
    JobPtr twice = await(portal->mapKeys(applicationId, QStringLiteral("Entra"), existing, QStringLiteral("x"), QStringLiteral("PRODUCTION")));
    QVERIFY(twice->hasError());
    QCOMPARE(twice->error().httpStatus, 409);
    QVERIFY(twice->error().hint.contains(QLatin1String("already has PRODUCTION keys")));
    JobPtr badType = await(portal->mapKeys(applicationId, QStringLiteral("Entra"), existing, QStringLiteral("x"), QStringLiteral("production")));
    QCOMPARE(badType->error().kind, ApiError::Kind::Validation);

    // Generated keys on the AzureAD key manager, through Graph's lag.
    m_standIn->setReplicationLagMs(700);
    GenerateKeysRequest request;
    request.keyType = QStringLiteral("SANDBOX");
    request.keyManager = QStringLiteral("Entra");
    JobPtr generated = await(portal->generateKeys(applicationId, request), 60000);
    QVERIFY2(!generated->hasError(), qPrintable(generated->error().toUserText()));
    const QJsonObject key = generated->result().toObject();
    QCOMPARE(key.value(QLatin1String("mode")).toString(), QStringLiteral("CREATED"));
    QVERIFY(!key.value(QLatin1String("consumerSecret")).toString().isEmpty());
    const auto app = m_standIn->applicationByAppId(key.value(QLatin1String("consumerKey")).toString());
    QVERIFY(app.has_value());
    QCOMPARE(app->requestedAccessTokenVersion.toInt(), 2);

    JobPtr keys = await(portal->oauthKeys(applicationId));
    QCOMPARE(keys->result().toObject().value(QLatin1String("count")).toInt(), 2);
    JobPtr listed = await(portal->listApplications());
    QVERIFY(listed->result().toObject().value(QLatin1String("count")).toInt() >= 1);
    JobPtr one = await(portal->getApplication(applicationId));
    QCOMPARE(one->result().toObject().value(QLatin1String("name")).toString(), QStringLiteral("Orders client"));
}

void TstEntraServices::devPortalOverviewReadsEveryPageAndEveryKey()
{
    // More applications than one page holds: the overview reads the pages one after the other and every
    // application's keys, and keeps the keys with their application.
    auto *portal = new DevPortalClient(apim(), this);
    JobPtr before = await(portal->listApplications(QString(), 1));
    const int existing = before->result().toObject().value(QLatin1String("pagination")).toObject().value(QLatin1String("total")).toInt();
    QVERIFY(existing >= 1);
    for (int i = existing; i <= DevPortalOverview::PageSize; ++i) {
        JobPtr created = await(portal->createApplication(QStringLiteral("Batch client %1").arg(i, 3, 10, QLatin1Char('0'))));
        QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));
    }
    const int total = DevPortalOverview::PageSize + 1;
    m_sandbox.clearRecordedRequests();
    JobPtr overview = await(DevPortalOverview::load(apim(), portal, this), 60000);
    QVERIFY2(!overview->hasError(), qPrintable(overview->error().toUserText()));
    const QJsonObject result = overview->result().toObject();
    const QJsonArray applications = result.value(QLatin1String("applications")).toArray();
    QCOMPARE(applications.size(), total);
    QSet<QString> names;
    int withKeys = 0;
    for (const QJsonValue &v : applications) {
        const QJsonObject app = v.toObject();
        names.insert(app.value(QLatin1String("name")).toString());
        if (app.value(QLatin1String("name")).toString() == QLatin1String("Orders client")) {
            QCOMPARE(app.value(QLatin1String("keys")).toArray().size(), 2); // mapped PRODUCTION, generated SANDBOX
            ++withKeys;
        } else {
            QVERIFY(app.value(QLatin1String("keys")).toArray().isEmpty());
        }
    }
    QCOMPARE(names.size(), total);
    QCOMPARE(withKeys, 1);
    // The AzureAD key manager made by the v2 setup expects v2.0 tokens.
    bool entraSeen = false;
    for (const QJsonValue &v : km::constTemporary(result.value(QLatin1String("keyManagers")).toArray())) {
        if (v.toObject().value(QLatin1String("name")).toString() == QLatin1String("Entra")) {
            QCOMPARE(v.toObject().value(QLatin1String("tokenVersion")).toInt(), 2);
            entraSeen = true;
        }
    }
    QVERIFY(entraSeen);
    // Two pages, at the offsets the console counted itself; one keys read per application.
    QStringList offsets;
    int keyReads = 0;
    for (const QJsonValue &v : km::constTemporary(m_sandbox.recordedRequests())) {
        const QJsonObject r = v.toObject();
        if (r.value(QLatin1String("listener")).toString() != QLatin1String("apim") || r.value(QLatin1String("method")).toString() != QLatin1String("GET"))
            continue;
        const QString path = r.value(QLatin1String("path")).toString();
        if (path.endsWith(QLatin1String("/applications")))
            offsets << r.value(QLatin1String("query")).toObject().value(QLatin1String("offset")).toString();
        else if (path.endsWith(QLatin1String("/oauth-keys")))
            ++keyReads;
    }
    QCOMPARE(offsets, (QStringList{QStringLiteral("0"), QString::number(DevPortalOverview::PageSize)}));
    QCOMPARE(keyReads, total);
}

QByteArray TstEntraServices::apimBearer()
{
    // The recorder redacts Authorization: re-sending needs a token of our own (DCR, then the password grant).
    HttpRequest dcr = HttpRequest::json("POST", QUrl(m_sandbox.apimUrl().toString() + QStringLiteral("/client-registration/v0.17/register")),
                                        QJsonObject{{QStringLiteral("callbackUrl"), QStringLiteral("www.example.com")},
                                                    {QStringLiteral("clientName"), QStringLiteral("tst_entra_services_prism")},
                                                    {QStringLiteral("owner"), m_sandbox.apimUser()},
                                                    {QStringLiteral("grantType"), QStringLiteral("client_credentials password refresh_token")},
                                                    {QStringLiteral("saasApp"), true}});
    dcr.setBasicAuth(m_sandbox.apimUser(), m_sandbox.apimPassword());
    JobPtr registered = await(m_session->send(dcr));
    if (registered->hasError())
        return QByteArray();
    const QJsonObject client = registered->result().toObject();
    JobPtr token = await(TokenClient(m_session).passwordGrant(QUrl(m_sandbox.apimUrl().toString() + QStringLiteral("/oauth2/token")),
                                                              client.value(QLatin1String("clientId")).toString(),
                                                              client.value(QLatin1String("clientSecret")).toString(), m_sandbox.apimUser(),
                                                              m_sandbox.apimPassword(), ApimClient::scopes()));
    if (token->hasError())
        return QByteArray();
    return "Bearer " + token->result().toObject().value(QLatin1String("access_token")).toString().toUtf8();
}

void TstEntraServices::externalIdSubdomainAndEndpoints_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("normalized"); // empty: refused
    QTest::addColumn<QString>("said");
    QTest::newRow("subdomain") << QStringLiteral("contoso") << QStringLiteral("contoso") << QString();
    QTest::newRow("capitals") << QStringLiteral(" ContosoCustomers ") << QStringLiteral("contosocustomers") << QString();
    QTest::newRow("tenant id as host") << QStringLiteral("0f2e1d3c-4b5a-4978-8a6b-5c4d3e2f1a0b") << QStringLiteral("0f2e1d3c-4b5a-4978-8a6b-5c4d3e2f1a0b")
                                       << QString();
    QTest::newRow("empty") << QString() << QString() << QStringLiteral("The External ID subdomain is empty");
    QTest::newRow("ciamlogin host") << QStringLiteral("contoso.ciamlogin.com") << QString() << QStringLiteral("Type only “contoso”");
    QTest::newRow("onmicrosoft domain") << QStringLiteral("Contoso.onmicrosoft.com") << QString() << QStringLiteral("Type only “contoso”");
    QTest::newRow("full URL") << QStringLiteral("https://contoso.ciamlogin.com/0f2e1d3c-4b5a-4978-8a6b-5c4d3e2f1a0b/v2.0") << QString()
                              << QStringLiteral("is a URL, not a subdomain. Type only “contoso”");
    QTest::newRow("custom domain") << QStringLiteral("login.contoso.com") << QString() << QStringLiteral("custom URL domain goes in the sign-in URL");
    QTest::newRow("underscore") << QStringLiteral("contoso_customers") << QString() << QStringLiteral("characters other than letters and digits");
}

void TstEntraServices::externalIdSubdomainAndEndpoints()
{
    QFETCH(QString, typed);
    QFETCH(QString, normalized);
    QFETCH(QString, said);
    QString out;
    const ApiError e = ProfileValidation::externalSubdomain(typed, &out);
    if (normalized.isEmpty()) {
        QVERIFY(e.isError());
        QCOMPARE(e.field, QStringLiteral("external-subdomain"));
        QVERIFY2(e.toUserText().contains(said), qPrintable(e.toUserText()));
        return;
    }
    QVERIFY2(!e.isError(), qPrintable(e.toUserText()));
    QCOMPARE(out, normalized);

    // The endpoints follow from subdomain + tenant ID; only the v2.0 document and keys exist.
    const QString tid = QStringLiteral("0f2e1d3c-4b5a-4978-8a6b-5c4d3e2f1a0b");
    EntraProfile profile;
    profile.name = QStringLiteral("customers");
    profile.tenant = tid;
    profile.clientId = m_standIn->managementClient().clientId;
    profile.externalSubdomain = out;
    const EntraCloud cloud = EntraCloud::external(out);
    profile.cloud = cloud.id;
    profile.loginUrl = cloud.loginUrl;
    profile.graphUrl = cloud.graphUrl;
    // Stored and read back with its subdomain.
    const EntraProfile back = EntraProfile::fromJson(profile.toJson());
    QVERIFY(back.isExternal());
    QCOMPARE(back.externalSubdomain, out);
    QCOMPARE(back.loginUrl, QUrl(QStringLiteral("https://%1.ciamlogin.com").arg(out)));
    QCOMPARE(back.graphUrl, QUrl(QStringLiteral("https://graph.microsoft.com")));
    QCOMPARE(EntraCloud::forUrls(back.loginUrl, back.graphUrl).id, QStringLiteral("external"));

    EntraClient client(m_session, back, QStringLiteral("abc8Q~value"));
    QVERIFY(client.isExternal());
    QCOMPARE(client.cloud().displayName, QStringLiteral("Microsoft Entra External ID"));
    const QString authority = QStringLiteral("https://%1.ciamlogin.com/%2").arg(out, tid);
    QCOMPARE(client.tokenUrl(2).toString(), authority + QStringLiteral("/oauth2/v2.0/token"));
    QCOMPARE(client.wellKnownUrl(2).toString(), authority + QStringLiteral("/v2.0/.well-known/openid-configuration"));
    QCOMPARE(client.wellKnownUrl(1).toString(), authority + QStringLiteral("/v2.0/.well-known/openid-configuration"));
    QCOMPARE(client.jwksUrl(1).toString(), authority + QStringLiteral("/discovery/v2.0/keys"));
    QCOMPARE(client.graphScope(), QStringLiteral("https://graph.microsoft.com/.default"));
}

void TstEntraServices::externalIdIssuerRules()
{
    const QString tid = QStringLiteral("0f2e1d3c-4b5a-4978-8a6b-5c4d3e2f1a0b");
    const QString other = QStringLiteral("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
    const QUrl doc(QStringLiteral("https://contoso.ciamlogin.com/%1/v2.0/.well-known/openid-configuration").arg(tid));
    const QString issuer = QStringLiteral("https://%1.ciamlogin.com/%1/v2.0").arg(tid);
    QVERIFY(isEntraExternalIssuer(issuer));
    QCOMPARE(entraIssuerVersion(issuer), 2);
    QCOMPARE(entraIssuerTenant(issuer), tid);
    QCOMPARE(entraIssuerVersion(QStringLiteral("https://%1.ciamlogin.com/%1/").arg(tid)), 1);
    // The friendly subdomain as host, or two different GUIDs, is not the issuer shape.
    QVERIFY(!isEntraExternalIssuer(QStringLiteral("https://contoso.ciamlogin.com/%1/v2.0").arg(tid)));
    QVERIFY(!isEntraExternalIssuer(QStringLiteral("https://%1.ciamlogin.com/%2/v2.0").arg(tid, other)));
    QVERIFY(!isEntraExternalIssuer(QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(tid)));

    QVERIFY(!AzureSetup::checkExternalIssuer(issuer, tid, doc).isError());
    QVERIFY(!AzureSetup::checkExternalIssuer(issuer, QString(), doc).isError());
    ApiError e = AzureSetup::checkExternalIssuer(QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(tid), tid, doc);
    QVERIFY2(e.toUserText().contains(QLatin1String("gives the workforce issuer")) && e.toUserText().contains(QStringLiteral("choose the cloud “Microsoft Entra ID (global)”")),
             qPrintable(e.toUserText()));
    e = AzureSetup::checkExternalIssuer(QStringLiteral("https://%1.ciamlogin.com/%1/v2.0").arg(other), tid, doc);
    QVERIFY2(e.toUserText().contains(QStringLiteral("belongs to tenant %1, not to %2").arg(other, tid)), qPrintable(e.toUserText()));
    e = AzureSetup::checkExternalIssuer(issuer, tid, doc, QStringLiteral("https://contoso.ciamlogin.com/%1/v2.0").arg(tid));
    QVERIFY2(e.toUserText().contains(QLatin1String("does not match the discovery document's")) && e.toUserText().contains(QStringLiteral("Leave the issuer as the discovery document gives it: %1").arg(issuer)),
             qPrintable(e.toUserText()));
    e = AzureSetup::checkExternalIssuer(QString(), tid, doc);
    QVERIFY2(e.toUserText().contains(QLatin1String("names no issuer")), qPrintable(e.toUserText()));
}

void TstEntraServices::externalIdSetupAgainstTheExternalTenant()
{
    EntraStandIn *external = m_sandbox.sandbox()->entraExternal();
    QVERIFY(external->isExternal());
    EntraProfile profile;
    profile.name = QStringLiteral("customers");
    profile.tenant = external->tenantId();
    profile.clientId = external->managementClient().clientId;
    profile.cloud = QStringLiteral("external");
    profile.externalSubdomain = external->subdomain();
    profile.loginUrl = external->loginUrl();  // stands in for https://contosocustomers.ciamlogin.com
    profile.graphUrl = external->graphUrl();
    auto *entra = new EntraClient(m_session, profile, external->managementClient().secret, this);

    // The discovery document: the tenant ID as the issuer's host, endpoints on the sign-in host.
    JobPtr doc = await(m_session->send(HttpRequest::get(entra->wellKnownUrl(2))));
    QVERIFY2(!doc->hasError(), qPrintable(doc->error().toUserText()));
    const QString tid = external->tenantId();
    const QString login = external->loginUrl().toString();
    QCOMPARE(doc->result().toObject().value(QLatin1String("issuer")).toString(), QStringLiteral("https://%1.ciamlogin.com/%1/v2.0").arg(tid));
    QCOMPARE(doc->result().toObject().value(QLatin1String("token_endpoint")).toString(), QStringLiteral("%1/%2/oauth2/v2.0/token").arg(login, tid));
    QCOMPARE(doc->result().toObject().value(QLatin1String("jwks_uri")).toString(), QStringLiteral("%1/%2/discovery/v2.0/keys").arg(login, tid));
    // No v1.0 document for an external tenant.
    HttpRequest v1Request = HttpRequest::get(QUrl(QStringLiteral("%1/%2/.well-known/openid-configuration").arg(login, tid)));
    v1Request.maxAttempts = 1;
    JobPtr v1 = await(m_session->send(v1Request));
    QVERIFY(v1->hasError());

    AzureSetupOptions options;
    options.name = QStringLiteral("Customers");
    options.tokenVersions = AzureTokenVersions::V2;
    SetupRunner *runner = AzureSetup::createRunner(apim(), entra, m_session, options, this);
    QSignalSpy finished(runner, &SetupRunner::finished);
    runner->start();
    QVERIFY(finished.wait(60000));
    QVERIFY2(runner->isComplete(), qPrintable(runner->summary()));
    const QJsonObject km = heldKeyManager(QStringLiteral("Customers"));
    QCOMPARE(km.value(QLatin1String("issuer")).toString(), QStringLiteral("https://%1.ciamlogin.com/%1/v2.0").arg(tid));
    QCOMPARE(km.value(QLatin1String("additionalProperties")).toObject().value(QLatin1String("token_endpoint")).toString(),
             QStringLiteral("%1/%2/oauth2/v2.0/token").arg(login, tid));

    // A token of the external tenant for a v2 API app carries that issuer and verifies with the tenant's keys.
    GraphClient graph(entra);
    const QJsonObject api = newApplication(&graph, QStringLiteral("Customers API"), 2);
    QVERIFY(!api.isEmpty());
    JobPtr patched = await(graph.patchApplication(api.value(QLatin1String("id")).toString(),
                                                  QJsonObject{{QStringLiteral("identifierUris"), QJsonArray{QStringLiteral("api://%1").arg(api.value(QLatin1String("appId")).toString())}}}));
    QVERIFY2(!patched->hasError(), qPrintable(patched->error().toUserText()));
    JobPtr sp = await(graph.createServicePrincipal(api.value(QLatin1String("appId")).toString()));
    QVERIFY2(!sp->hasError(), qPrintable(sp->error().toUserText()));
    JobPtr token = await(entra->requestToken(EntraClient::apiScope(api.value(QLatin1String("appId")).toString())));
    QVERIFY2(!token->hasError(), qPrintable(token->error().toUserText()));
    const DecodedToken decoded = DecodedToken::decode(token->result().toObject().value(QLatin1String("access_token")).toString());
    QCOMPARE(decoded.issuer(), km.value(QLatin1String("issuer")).toString());
    QCOMPARE(decoded.claimString(QStringLiteral("ver")), QStringLiteral("2.0"));

    // The Doctor recognises the External ID issuer, and names the workforce issuer of this tenant as the cause.
    Doctor doctor(apim());
    DoctorOptions only;
    only.keyManager = QStringLiteral("Customers");
    JobPtr run = await(doctor.run(only), 60000);
    QVERIFY2(!run->hasError(), qPrintable(run->error().toUserText()));
    QJsonObject issuerCheck;
    for (const QJsonValue &c : km::constTemporary(run->result().toObject().value(QLatin1String("checks")).toArray())) {
        if (c.toObject().value(QLatin1String("id")).toString() == QLatin1String("issuer"))
            issuerCheck = c.toObject();
    }
    QCOMPARE(issuerCheck.value(QLatin1String("level")).toString(), QStringLiteral("ok"));
    QVERIFY2(issuerCheck.value(QLatin1String("message")).toString().contains(QStringLiteral("a Microsoft Entra External ID tenant (%1), v2 tokens").arg(tid)),
             qPrintable(issuerCheck.value(QLatin1String("message")).toString()));
    QJsonObject workforceIssuer = km;
    workforceIssuer.insert(QStringLiteral("issuer"), QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(tid));
    const QList<DoctorCheck> checks = Doctor::discoveryChecks(workforceIssuer, doc->result().toObject());
    QVERIFY(!checks.isEmpty());
    QCOMPARE(checks.first().id, QStringLiteral("issuer"));
    QCOMPARE(checks.first().level, DoctorCheck::Level::Error);
    QVERIFY2(checks.first().message.contains(QLatin1String("holds the workforce issuer")) && checks.first().fix.contains(QLatin1String("--cloud external")),
             qPrintable(checks.first().message + QLatin1Char(' ') + checks.first().fix));
}

void TstEntraServices::externalIdRefusesV1AndAForeignIssuer()
{
    EntraStandIn *external = m_sandbox.sandbox()->entraExternal();
    auto *entra = new EntraClient(m_session, external->loginUrl(), external->graphUrl(), external->tenantId(), external->managementClient().clientId,
                                  external->managementClient().secret, this);
    entra->setExternal(true);
    const int before = keyManagerCount();

    // v1 or both: refused before anything is asked of Entra or API Manager.
    AzureSetupOptions options;
    options.name = QStringLiteral("CustomersBoth");
    options.tokenVersions = AzureTokenVersions::Both;
    QVERIFY(AzureSetup::checkVersionsFor(entra, AzureTokenVersions::V1).isError());
    QVERIFY(!AzureSetup::checkVersionsFor(managementEntra(), AzureTokenVersions::Both).isError());
    m_sandbox.clearRecordedRequests();
    SetupRunner *runner = AzureSetup::createRunner(apim(), entra, m_session, options, this);
    QSignalSpy finished(runner, &SetupRunner::finished);
    runner->start();
    QVERIFY(finished.wait(20000));
    QVERIFY(runner->hasFailed());
    QVERIFY2(failure(runner).contains(QLatin1String("one key manager, for v2 tokens")), qPrintable(failure(runner)));
    QCOMPARE(m_sandbox.recordedRequests().size(), 0);

    // An issuer typed over the document's: said, nothing created.
    options.name = QStringLiteral("CustomersTyped");
    options.tokenVersions = AzureTokenVersions::V2;
    options.keyManagerOverrides.insert(QStringLiteral("issuer"), QStringLiteral("https://%1.ciamlogin.com/%2/v2.0").arg(external->subdomain(), external->tenantId()));
    runner = AzureSetup::createRunner(apim(), entra, m_session, options, this);
    QSignalSpy typed(runner, &SetupRunner::finished);
    runner->start();
    QVERIFY(typed.wait(60000));
    const QJsonObject steps = stepsById(runner);
    QCOMPARE(steps.value(QLatin1String("external-issuer")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("failed"));
    QVERIFY2(failure(runner).contains(QLatin1String("does not match the discovery document's")), qPrintable(failure(runner)));

    // A workforce tenant's sign-in host given as an External ID one: its document's issuer says so.
    auto *workforce = new EntraClient(m_session, m_standIn->loginUrl(), m_standIn->graphUrl(), m_standIn->tenantId(), m_standIn->managementClient().clientId,
                                      m_standIn->managementClient().secret, this);
    workforce->setExternal(true);
    options.name = QStringLiteral("NotExternal");
    options.keyManagerOverrides = QJsonObject();
    runner = AzureSetup::createRunner(apim(), workforce, m_session, options, this);
    QSignalSpy wrong(runner, &SetupRunner::finished);
    runner->start();
    QVERIFY(wrong.wait(60000));
    QVERIFY2(failure(runner).contains(QLatin1String("gives the workforce issuer")), qPrintable(failure(runner)));
    QCOMPARE(keyManagerCount(), before);
}

void TstEntraServices::everyDevPortalRequestFitsTheVendorSpec()
{
    const QString base = QStringLiteral("/api/am/devportal/v3");
    QJsonArray sent;
    for (const QJsonValue &v : km::constTemporary(m_sandbox.allRecordedRequests())) {
        if (v.toObject().value(QLatin1String("path")).toString().startsWith(base))
            sent.append(v);
    }
    const QByteArray bearer = apimBearer();
    QVERIFY2(!bearer.isEmpty(), "API Manager issued no token for re-sending");
    OpenApiValidator validator;
    QString error;
    QUrl upstream = m_sandbox.apimUrl();
    upstream.setPath(base);
    QVERIFY2(validator.start(QStringLiteral("wso2-apim-devportal-v3.yaml"), upstream, &error), qPrintable(error));
    // Not a rubber stamp: a mapping without its required keyType is reported.
    QVERIFY2(!validator.check("POST", QStringLiteral("/applications/x/map-keys"), R"({"consumerKey":"x"})", "application/json", bearer).isEmpty(),
             "Prism accepted a map-keys request without keyType");
    const QStringList violations = validator.validate(sent, base, bearer);
    QVERIFY2(validator.checkedCount() >= 10, qPrintable(QStringLiteral("only %1 requests were checked").arg(validator.checkedCount())));
    QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TstEntraServices)
#include "tst_entra_services.moc"
