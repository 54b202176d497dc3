#include "ui/setup/entra/EntraSetupWizard.h"

#include "services/apim/ApimClient.h"
#include "services/core/Job.h"
#include "services/core/ServiceContext.h"
#include "services/entra/EntraClient.h"
#include "services/profiles/ProfileStore.h"
#include "services/setup/SetupRunner.h"
#include "ui/setup/IntroPage.h"
#include "ui/setup/KeyManagerDetailsPage.h"
#include "ui/setup/SetupApplyPage.h"
#include "ui/setup/SetupReviewPage.h"
#include "ui/setup/entra/EntraPages.h"

#include <QJsonArray>
#include <QLabel>
#include <QGridLayout>
#include <QVBoxLayout>


namespace km {

namespace {

QString introHtml()
{
    return QObject::tr(
        "<p>The console sets up Microsoft Entra ID as a key manager of this API Manager and checks each step. First, in the "
        "<a href=\"https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade\">Azure portal › App registrations</a>:</p>"
        "<ol>"
        "<li>Create an app registration for API Manager (single tenant is enough).</li>"
        "<li>Under <b>Certificates &amp; secrets</b>, add a client secret with the expiry your policy allows, and copy its "
        "<b>Value</b> at once (not the Secret ID: Entra never shows the Value again).</li>"
        "<li>Under <b>API permissions</b>, add the Microsoft Graph <b>application</b> permission "
        "<i>Application.ReadWrite.All</i> (or <i>Application.ReadWrite.OwnedBy</i>; <i>Application.Read.All</i> to look apps up), "
        "then press <b>Grant admin consent</b>.</li>"
        "</ol>"
        "<p>Guide: <a href=\"https://apim.docs.wso2.com/en/latest/administer/key-managers/configure-azure-ad-connector/\">"
        "Configure Azure AD as a Key Manager</a>. The client secret is kept in the OS keychain, never in a file.</p>");
}

} // namespace

EntraSetupWizard::EntraSetupWizard(ServiceContext *context, ApimClient *apim, QWidget *parent)
    : SetupWizard(parent)
    , m_context(context)
    , m_apim(apim)
    , m_cloud(new EntraCloudSelector)
    , m_intro(new IntroPage(tr("Before you start"), introHtml()))
    , m_tenant(new EntraTenantPage(context, m_cloud))
    , m_version(new EntraVersionPage(m_tenant))
    , m_details(new KeyManagerDetailsPage(QStringLiteral("AzureAD")))
    , m_connector(new EntraConnectorPage(m_tenant, [this] { return options(); }))
    , m_review(new SetupReviewPage)
    , m_apply(new SetupApplyPage)
{
    setObjectName(QStringLiteral("entraSetupWizard"));
    setWindowTitle(tr("Set up Microsoft Entra ID as a key manager"));
    setPage(IntroId, m_intro);
    setPage(TenantId, m_tenant);
    setPage(VersionId, m_version);
    setPage(KeyManagerId, m_details);
    setPage(ConnectorId, m_connector);
    setPage(ReviewId, m_review);
    setPage(ApplyId, m_apply);
    m_details->setApimClient(apim);
    m_details->setTitle(tr("Endpoints"));
    m_details->setSubTitle(tr("Imported through API Manager's discovery of the tenant's metadata and filled as the connector's "
                              "guide says; every row stays editable."));
    m_details->setFixedGrantTypes({QStringLiteral("client_credentials")},
                                  tr("The AzureAD connector creates client-credentials apps only."));
    const QString unsupported = tr("Not supported by Azure: the token endpoint is used");
    for (const char *name : {"introspection_endpoint", "revoke_endpoint", "display_revoke_endpoint"})
        m_details->setEndpointNote(QLatin1String(name), unsupported);
    m_details->setEndpointNote(QStringLiteral("client_registration_endpoint"), tr("The Microsoft Graph endpoint"));

    m_both = new QWidget;
    m_both->setObjectName(QStringLiteral("entraBothKeyManagers"));
    m_bothCaption = new QLabel(m_both);
    m_bothCaption->setObjectName(QStringLiteral("entraBothCaption"));
    m_bothCaption->setWordWrap(true);
    m_bothCaption->setTextFormat(Qt::PlainText);
    m_bothGrid = new QGridLayout;
    m_bothGrid->addWidget(new QLabel(tr("<b>For v1 tokens</b>")), 0, 1);
    m_bothGrid->addWidget(new QLabel(tr("<b>For v2 tokens</b>")), 0, 2);
    m_bothGrid->setColumnStretch(1, 1);
    m_bothGrid->setColumnStretch(2, 1);
    auto *bothLayout = new QVBoxLayout(m_both);
    bothLayout->setContentsMargins(0, 0, 0, 0);
    bothLayout->addWidget(m_bothCaption);
    bothLayout->addLayout(m_bothGrid);
    m_both->hide();
    m_details->addHeaderWidget(m_both);
    connect(m_details, &QWizardPage::completeChanged, this, &EntraSetupWizard::showBothKeyManagers);

    const QList<EntraProfile> profiles = context->profiles()->entraProfiles();
    if (!profiles.isEmpty())
        m_tenant->loadProfile(profiles.first());

    connect(m_details, &KeyManagerDetailsPage::imported, this, [this](const QJsonObject &discovered) {
        (primaryVersion() == 1 ? m_discoveredV1 : m_discoveredV2) = discovered;
        // The guide's table, not the raw discovery: endpoints, claims and JWKS per version.
        // Built without the page's current fields: they still hold the raw discovery.
        const QJsonObject planned = payload(primaryVersion(), false);
        QJsonObject fill;
        for (const char *key : {"issuer", "endpoints", "certificates", "consumerKeyClaim", "scopesClaim"})
            fill.insert(QLatin1String(key), planned.value(QLatin1String(key)));
        m_details->setFromKeyManager(fill, true);
        showBothKeyManagers();
    });

    m_review->setLoader([this](SetupReviewPage *page) {
        QList<QJsonObject> payloads;
        if (m_tenant->client()) {
            for (int version : AzureSetup::versions(options().tokenVersions))
                payloads << payload(version);
        }
        page->reviewKeyManagers(m_tenant->client() ? m_apim.data() : nullptr, payloads);
    });

    m_apply->setRunnerFactory([this](QObject *parent) -> SetupRunner * {
        EntraClient *entra = m_tenant->client();
        if (!m_apim || !entra)
            return nullptr;
        return AzureSetup::createRunner(m_apim, entra, m_context->http(), options(), parent, m_context->secrets());
    });
    connect(m_apply, &SetupApplyPage::busyChanged, this, [this](bool busy) { setBusy(busy); });
    offerFinalActions(m_apply, [this] { return m_review->keyManagerNames(); });
    connect(m_apply, &SetupApplyPage::applyFinished, this, [this](bool success) {
        if (success)
            setDirty(false);
    });
    resize(880, 680);
}

int EntraSetupWizard::primaryVersion() const
{
    return m_version->versions() == AzureTokenVersions::V1 ? 1 : 2;
}

void EntraSetupWizard::initializePage(int id)
{
    if (id == KeyManagerId) {
        if (EntraClient *entra = m_tenant->client()) {
            const QString key = entra->tenantId() + QLatin1Char('|') + QString::number(int(m_version->versions()));
            if (m_preparedFor != key) {
                m_preparedFor = key;
                m_discoveredV1 = {};
                m_discoveredV2 = {};
                AzureSetupOptions defaults;
                defaults.name = m_details->keyManagerName().isEmpty() ? QStringLiteral("AzureAD") : m_details->keyManagerName();
                defaults.tokenVersions = m_version->versions();
                QJsonObject initial = AzureSetup::keyManagerPayload({}, {}, primaryVersion(), defaults, entra);
                initial.insert(QStringLiteral("name"), defaults.name);
                if (defaults.tokenVersions == AzureTokenVersions::Both)
                    initial.remove(QStringLiteral("displayName"));
                m_details->setFromKeyManager(initial);
                // The page imports this document through API Manager; the v1 one, for Both, is fetched here.
                m_details->setWellKnownUrl(entra->wellKnownUrl(primaryVersion()).toString());
                if (m_version->versions() == AzureTokenVersions::Both)
                    discoverV1();
            }
        }
        const bool both = m_version->versions() == AzureTokenVersions::Both;
        m_both->setVisible(both);
        m_details->setPerKeyManagerFieldsHidden(both);
        showBothKeyManagers();
    }
    SetupWizard::initializePage(id);
}

void EntraSetupWizard::discoverV1()
{
    EntraClient *entra = m_tenant->client();
    if (!m_apim || !entra)
        return;
    m_v1Job.start(m_apim->discoverKeyManager(entra->wellKnownUrl(1), QStringLiteral("AzureAD")), [this](const ApiError &error, const QJsonValue &found) {
        // Without it the v1 key manager falls back to the documented v1 issuer and keys.
        if (!error && found.toObject().value(QLatin1String("valid")).toBool())
            m_discoveredV1 = found.toObject().value(QLatin1String("value")).toObject();
        showBothKeyManagers();
    });
}

void EntraSetupWizard::showBothKeyManagers()
{
    if (!m_both->isVisibleTo(m_details) || !m_tenant->client())
        return;
    const QJsonObject v1 = payload(1);
    const QJsonObject v2 = payload(2);
    m_bothCaption->setText(tr("Two key managers are created, one per token version: a gateway accepts a token only from the key "
                              "manager whose issuer it carries. Each gets its own name, issuer, JWKS and claims, as listed here; the "
                              "fields below (the name, from which both names are made, the endpoints, grant types and permissions) are shared."));
    const QList<QPair<QString, QString>> rows{
        {tr("Name"), QStringLiteral("name")},
        {tr("Display name"), QStringLiteral("displayName")},
        {tr("Issuer"), QStringLiteral("issuer")},
        {tr("Consumer key claim"), QStringLiteral("consumerKeyClaim")},
        {tr("Scopes claim"), QStringLiteral("scopesClaim")},
    };
    auto put = [this](int row, int column, const QString &text) {
        auto *label = qobject_cast<QLabel *>(m_bothGrid->itemAtPosition(row + 1, column) ? m_bothGrid->itemAtPosition(row + 1, column)->widget() : nullptr);
        if (!label) {
            label = new QLabel;
            label->setTextFormat(Qt::PlainText); // values from discovery and the user
            label->setTextInteractionFlags(Qt::TextSelectableByMouse);
            label->setWordWrap(column > 0);
            label->setObjectName(QStringLiteral("entraBoth_%1_%2").arg(row).arg(column));
            m_bothGrid->addWidget(label, row + 1, column);
        }
        label->setText(text);
    };
    for (int row = 0; row < rows.size(); ++row) {
        put(row, 0, rows.at(row).first + QLatin1Char(':'));
        put(row, 1, v1.value(rows.at(row).second).toString());
        put(row, 2, v2.value(rows.at(row).second).toString());
    }
    const int jwksRow = int(rows.size());
    put(jwksRow, 0, tr("Certificates (JWKS):"));
    put(jwksRow, 1, v1.value(QLatin1String("certificates")).toObject().value(QLatin1String("value")).toString());
    put(jwksRow, 2, v2.value(QLatin1String("certificates")).toObject().value(QLatin1String("value")).toString());
}

QString EntraSetupWizard::bothKeyManagersCell(int row, int column) const
{
    QLayoutItem *item = m_bothGrid->itemAtPosition(row + 1, column + 1);
    auto *label = item ? qobject_cast<QLabel *>(item->widget()) : nullptr;
    return label ? label->text() : QString();
}

AzureSetupOptions EntraSetupWizard::options() const
{
    AzureSetupOptions o;
    const QJsonObject page = m_details->applyTo(QJsonObject());
    o.name = m_details->keyManagerName();
    o.displayName = page.value(QLatin1String("displayName")).toString();
    o.tokenVersions = m_version->versions();
    o.allowUpdate = m_review->updateConfirmed();
    o.pollingInitialDelayMs = m_connector->pollingInitialDelayMs();
    o.pollingMaxWaitMs = m_connector->pollingMaxWaitMs();
    o.permissions = page.value(QLatin1String("permissions")).toObject();
    // What the endpoints page edits. With Both, the per-version fields (issuer, JWKS, claims, description)
    // stay AzureSetup's, so that the v1 and v2 key managers each get their own.
    QStringList keys{QStringLiteral("endpoints"), QStringLiteral("permissions")};
    if (o.tokenVersions != AzureTokenVersions::Both) {
        keys << QStringLiteral("description") << QStringLiteral("issuer") << QStringLiteral("certificates")
             << QStringLiteral("consumerKeyClaim") << QStringLiteral("scopesClaim") << QStringLiteral("wellKnownEndpoint");
    }
    for (const QString &key : std::as_const(keys)) {
        if (page.contains(key))
            o.keyManagerOverrides.insert(key, page.value(key));
    }
    return o;
}

QJsonObject EntraSetupWizard::payload(int version, bool withPageEdits) const
{
    EntraClient *entra = m_tenant->client();
    if (!entra)
        return {};
    AzureSetupOptions o = options();
    if (!withPageEdits)
        o.keyManagerOverrides = QJsonObject();
    return AzureSetup::keyManagerPayload(m_discoveredV2, m_discoveredV1, version, o, entra);
}

} // namespace km
