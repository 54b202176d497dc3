#include "support/ConsoleScene.h"
#include "support/JobWaiter.h"

#include "sandbox/entra/EntraStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/core/ServiceContext.h"
#include "services/entra/AzureSetup.h"
#include "services/entra/EntraClient.h"
#include "services/entra/GraphClient.h"
#include "services/oauth/TokenClient.h"
#include "services/profiles/ProfileStore.h"
#include "services/secrets/SecretStore.h"
#include "services/setup/SetupRunner.h"
#include "ui/connect/ApimConnection.h"
#include "ui/mainwindow/MainWindow.h"

#include <QSignalSpy>
#include <QTest>

namespace km::test {

ConsoleScene::ConsoleScene() = default;

ConsoleScene::~ConsoleScene()
{
    m_window.reset();
    m_context.reset();
}

bool ConsoleScene::start(QString *error)
{
    if (!m_sandbox.start(error))
        return false;
    m_context = std::make_unique<ServiceContext>(QString(), QStringLiteral("kmconsole-sandbox"));
    const QJsonObject accounts = m_sandbox.info().value(QLatin1String("accounts")).toObject();

    ApimProfile apim;
    apim.name = apimProfileName();
    apim.url = m_sandbox.apimUrl();
    apim.username = m_sandbox.apimUser();
    apim.pinnedCertificates.insert(m_sandbox.apimHostPort(), m_sandbox.apimFingerprint());
    m_context->profiles()->upsertApim(apim);
    m_context->profiles()->setActiveApimProfile(apim.name);
    if (await(m_context->secrets()->write(SecretStore::apimPasswordKey(apim.name), m_sandbox.apimPassword()))->hasError()) {
        *error = QStringLiteral("the keychain refused the API Manager password");
        return false;
    }

    const QJsonObject asgardeo = accounts.value(QLatin1String("asgardeo")).toObject();
    AsgardeoProfile org;
    org.name = asgardeo.value(QLatin1String("org")).toString();
    org.organization = org.name;
    org.clientId = asgardeo.value(QLatin1String("clientId")).toString();
    org.baseUrl = QUrl(m_sandbox.info().value(QLatin1String("asgardeo")).toString());
    auto savedOrg = await(m_context->saveProfileWithSecret(SecretStore::asgardeoSecretKey(org.name), asgardeo.value(QLatin1String("clientSecret")).toString(),
                                                           [org](ProfileStore *store) { store->upsertAsgardeo(org); }));
    if (savedOrg->hasError()) {
        *error = savedOrg->error().toUserText();
        return false;
    }

    sandbox::EntraStandIn *entraStandIn = m_sandbox.sandbox()->entra();
    const auto client = entraStandIn->managementClient();
    EntraProfile tenant;
    tenant.name = QStringLiteral("contoso");
    tenant.tenant = entraStandIn->tenantId();
    tenant.clientId = client.clientId;
    tenant.loginUrl = entraStandIn->loginUrl();
    tenant.graphUrl = entraStandIn->graphUrl();
    tenant.cloud = QStringLiteral("custom");
    auto savedTenant = await(m_context->saveProfileWithSecret(SecretStore::entraSecretKey(tenant.name), client.secret,
                                                              [tenant](ProfileStore *store) { store->upsertEntra(tenant); }));
    if (savedTenant->hasError()) {
        *error = savedTenant->error().toUserText();
        return false;
    }

    // The key managers: Asgardeo, and Entra for v1 and v2 tokens.
    m_apim = m_sandbox.apimClient(m_context->http(), m_context.get());
    const QString asgardeoSetUp = m_sandbox.setUpAsgardeo(m_apim, m_context->http(), QStringLiteral("Asgardeo"));
    if (!asgardeoSetUp.isEmpty()) {
        *error = asgardeoSetUp;
        return false;
    }
    auto *entra = new EntraClient(m_context->http(), tenant, client.secret, m_context.get());
    AzureSetupOptions options;
    options.name = QStringLiteral("AzureAD");
    options.tokenVersions = AzureTokenVersions::Both;
    std::unique_ptr<SetupRunner> runner(AzureSetup::createRunner(m_apim, entra, m_context->http(), options, nullptr));
    QSignalSpy finished(runner.get(), &SetupRunner::finished);
    runner->start();
    if (!finished.wait(30000) || !finished.first().first().toBool()) {
        *error = QStringLiteral("the Entra setup failed: %1").arg(runner->summary());
        return false;
    }

    // Resource applications whose tokens are v1 (requestedAccessTokenVersion null) and v2.
    m_v1Resource = entraStandIn->legacyResourceAppId();
    GraphClient graph(entra);
    auto created = await(graph.createApplication(QStringLiteral("Orders API"), 2));
    if (created->hasError()) {
        *error = created->error().toUserText();
        return false;
    }
    m_v2Resource = created->result().toObject().value(QLatin1String("appId")).toString();
    auto principal = await(graph.createServicePrincipal(m_v2Resource));
    if (principal->hasError()) {
        *error = principal->error().toUserText();
        return false;
    }

    m_window = std::make_unique<MainWindow>(m_context.get());
    m_window->resize(1280, 800);
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get())) {
        *error = QStringLiteral("the window was not shown");
        return false;
    }
    m_window->connection()->connectToProfile(apim.name);
    if (!QTest::qWaitFor([this] { return m_window->connection()->state() == ApimConnection::State::Connected; }, 20000)) {
        *error = QStringLiteral("the window did not connect to the sandbox's API Manager");
        return false;
    }
    return true;
}

QString ConsoleScene::asgardeoToken() const
{
    const QJsonObject a = m_sandbox.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("asgardeo")).toObject();
    const QUrl tokenUrl(m_sandbox.info().value(QLatin1String("asgardeo")).toString()
                        + QStringLiteral("/t/%1/oauth2/token").arg(a.value(QLatin1String("org")).toString()));
    auto token = await(TokenClient(m_context->http()).clientCredentials(tokenUrl, a.value(QLatin1String("clientId")).toString(),
                                                                        a.value(QLatin1String("clientSecret")).toString(),
                                                                        {QStringLiteral("internal_api_resource_view")}));
    return token->result().toObject().value(QLatin1String("access_token")).toString();
}

QString ConsoleScene::entraToken(int version) const
{
    sandbox::EntraStandIn *entra = m_sandbox.sandbox()->entra();
    const auto client = entra->managementClient();
    const QUrl tokenUrl(entra->loginUrl().toString() + QStringLiteral("/%1/oauth2/v2.0/token").arg(entra->tenantId()));
    const QString resource = version == 1 ? m_v1Resource : m_v2Resource;
    auto token = await(TokenClient(m_context->http()).clientCredentials(tokenUrl, client.clientId, client.secret,
                                                                        {resource + QStringLiteral("/.default")}));
    return token->result().toObject().value(QLatin1String("access_token")).toString();
}

} // namespace km::test
