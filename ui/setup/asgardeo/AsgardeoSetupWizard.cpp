#include "ui/setup/asgardeo/AsgardeoSetupWizard.h"

#include "services/apim/ApimClient.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/asgardeo/AsgardeoSetup.h"
#include "services/core/ServiceContext.h"
#include "services/profiles/ProfileStore.h"
#include "services/setup/SetupRunner.h"
#include "ui/setup/IntroPage.h"
#include "ui/setup/KeyManagerDetailsPage.h"
#include "ui/setup/SetupApplyPage.h"
#include "ui/setup/SetupReviewPage.h"
#include "ui/setup/asgardeo/AsgardeoPages.h"

#include <QJsonArray>

namespace km {

namespace {

QString introHtml()
{
    return QObject::tr(
        "<p>The console sets up Asgardeo as a key manager of this API Manager and checks every step against "
        "Asgardeo and API Manager as it goes. One thing must be done by hand first, in the "
        "<a href=\"https://console.asgardeo.io\">Asgardeo Console</a>:</p>"
        "<ol>"
        "<li>Create a <b>Standard-Based Application</b> named <b>APIM-Management-App</b> with the protocol "
        "<b>OAuth 2.0 + OpenID Connect</b>, and allow the <b>Client Credential</b> grant.</li>"
        "<li>Under <b>API Authorization</b>, authorize the <b>Management API</b> versions (not the Organization API "
        "ones) of: <i>OAuth DCR API</i>, <i>API Resource Management API</i>, <i>SCIM2 Roles V1 API</i> and "
        "<i>SCIM2 Roles V2 API</i>, with all their scopes. Optional: the <i>Application Management API</i> "
        "(internal_application_mgt_view and internal_application_mgt_update) lets the Scopes page authorize scopes "
        "for an application.</li>"
        "<li>Copy the application's <b>client ID</b> and <b>client secret</b> from its Protocol tab.</li>"
        "</ol>"
        "<p>The next page verifies these with a real token and says exactly which scope is missing. "
        "Guides: <a href=\"https://apim.docs.wso2.com/en/latest/administer/key-managers/configure-asgardeo-connector/\">"
        "Configure Asgardeo as a Key Manager</a>, "
        "<a href=\"https://wso2.com/asgardeo/docs/guides/applications/register-standard-based-app/\">Register a standard-based application</a>.</p>"
        "<p>The client secret is kept in the OS keychain, never in a file.</p>");
}

} // namespace

AsgardeoSetupWizard::AsgardeoSetupWizard(ServiceContext *context, ApimClient *apim, QWidget *parent)
    : SetupWizard(parent)
    , m_context(context)
    , m_apim(apim)
    , m_intro(new IntroPage(tr("Before you start"), introHtml()))
    , m_organization(new AsgardeoOrganizationPage(context))
    , m_resource(new AsgardeoResourcePage(m_organization))
    , m_details(new KeyManagerDetailsPage(QStringLiteral("Asgardeo")))
    , m_connector(new AsgardeoConnectorPage(m_organization, m_resource))
    , m_review(new SetupReviewPage)
    , m_apply(new SetupApplyPage)
{
    setObjectName(QStringLiteral("asgardeoSetupWizard"));
    setWindowTitle(tr("Set up Asgardeo as a key manager"));
    setPage(IntroId, m_intro);
    setPage(OrganizationId, m_organization);
    setPage(ResourceId, m_resource);
    setPage(KeyManagerId, m_details);
    setPage(ConnectorId, m_connector);
    setPage(ReviewId, m_review);
    setPage(ApplyId, m_apply);
    m_details->setApimClient(apim);
    m_details->setTitle(tr("Key manager"));
    m_details->setSubTitle(tr("How API Manager will know this Asgardeo organization. Endpoints are imported through API "
                              "Manager's own discovery, as the Admin Portal's Import does; every one stays editable."));

    const QList<AsgardeoProfile> profiles = context->profiles()->asgardeoProfiles();
    if (!profiles.isEmpty())
        m_organization->loadProfile(profiles.first());

    connect(m_details, &KeyManagerDetailsPage::imported, this, [this](const QJsonObject &discovered) {
        m_discovered = discovered;
        // Asgardeo's scopes go through the connector's global resource: the scope management endpoint is "none".
        AsgardeoClient *client = m_organization->client();
        if (!client)
            return;
        AsgardeoSetupOptions options;
        const QJsonObject planned = AsgardeoSetup::keyManagerPayload(discovered, options, client, QString());
        m_details->setFromKeyManager(QJsonObject{{QStringLiteral("endpoints"), planned.value(QLatin1String("endpoints"))}}, true);
    });

    m_review->setLoader([this](SetupReviewPage *page) { page->reviewKeyManagers(m_apim, {payload()}); });

    m_apply->setRunnerFactory([this](QObject *parent) -> SetupRunner * {
        AsgardeoClient *client = m_organization->client();
        if (!m_apim || !client)
            return nullptr;
        AsgardeoSetupOptions options;
        options.name = m_details->keyManagerName();
        options.globalScopesResource = m_resource->resourceName();
        options.createRoles = m_connector->createRoles();
        options.roles = m_connector->roles();
        options.allowUpdate = m_review->updateConfirmed();
        options.keyManager = payload();
        return AsgardeoSetup::createRunner(m_apim, client, m_context->http(), m_organization->clientSecret(), options, parent, m_context->secrets());
    });
    connect(m_apply, &SetupApplyPage::busyChanged, this, [this](bool busy) { setBusy(busy); });
    offerFinalActions(m_apply, [this] { return m_review->keyManagerNames(); });
    connect(m_apply, &SetupApplyPage::applyFinished, this, [this](bool success) {
        if (success)
            setDirty(false);
    });
    resize(860, 660);
}

void AsgardeoSetupWizard::initializePage(int id)
{
    if (id == KeyManagerId) {
        if (AsgardeoClient *client = m_organization->client()) {
            const QString wellKnown = client->wellKnownUrl().toString();
            if (m_prefilledFor != wellKnown) {
                m_prefilledFor = wellKnown;
                AsgardeoSetupOptions options;
                options.name = QStringLiteral("Asgardeo");
                QJsonObject defaults = AsgardeoSetup::keyManagerPayload({}, options, client, QString());
                defaults.remove(QStringLiteral("endpoints"));
                defaults.remove(QStringLiteral("availableGrantTypes"));
                m_details->setFromKeyManager(defaults);
                m_details->setWellKnownUrl(wellKnown);
            }
        }
    }
    SetupWizard::initializePage(id);
}

QJsonObject AsgardeoSetupWizard::payload() const
{
    AsgardeoClient *client = m_organization->client();
    if (!client)
        return {};
    AsgardeoSetupOptions options;
    options.name = m_details->keyManagerName();
    options.globalScopesResource = m_resource->resourceName();
    options.createRoles = m_connector->createRoles();
    QJsonObject km = AsgardeoSetup::keyManagerPayload(m_discovered, options, client, m_organization->clientSecret());
    km = m_details->applyTo(km);
    km.insert(QStringLiteral("additionalProperties"), m_connector->connectorConfiguration());
    return km;
}

} // namespace km
