#include "ui/setup/entra/EntraPages.h"
#include "services/core/ConstRange.h"

#include "services/core/Job.h"
#include "services/core/ServiceContext.h"
#include "services/profiles/ProfileStore.h"
#include "services/profiles/ProfileValidation.h"
#include "services/profiles/Profiles.h"
#include "services/secrets/SecretStore.h"
#include "ui/setup/SetupWizard.h"
#include "ui/widgets/InlineMessage.h"
#include "ui/widgets/SecretField.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStyle>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace km {

// ---------------------------------------------------------------------------------------------
// Cloud

EntraCloudSelector::EntraCloudSelector(QWidget *parent)
    : QWidget(parent)
    , m_cloud(new QComboBox)
    , m_subdomain(new QLineEdit)
    , m_login(new QLineEdit)
    , m_graph(new QLineEdit)
    , m_subdomainLabel(new QLabel(tr("Subdo&main:")))
{
    m_cloud->setObjectName(QStringLiteral("entraCloud"));
    m_subdomain->setObjectName(QStringLiteral("entraExternalSubdomain"));
    m_login->setObjectName(QStringLiteral("entraLoginUrl"));
    m_graph->setObjectName(QStringLiteral("entraGraphUrl"));
    for (const EntraCloud &c : EntraCloud::presets())
        m_cloud->addItem(c.displayName, c.id);
    m_cloud->addItem(EntraCloud::externalDisplayName(), QString(EntraCloud::ExternalId));
    m_cloud->addItem(tr("Custom sign-in and Graph URLs"), QStringLiteral("custom"));
    m_subdomain->setPlaceholderText(tr("contoso for contoso.onmicrosoft.com (sign-in on contoso.ciamlogin.com)"));
    m_subdomain->setToolTip(tr("The external tenant's subdomain: the first part of its primary domain. The sign-in URL becomes "
                               "https://{subdomain}.ciamlogin.com; replace it with the tenant's custom URL domain if it has one."));
    m_subdomainLabel->setBuddy(m_subdomain);
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Cloud:"), m_cloud);
    form->addRow(m_subdomainLabel, m_subdomain);
    form->addRow(tr("Sign-in &URL:"), m_login);
    form->addRow(tr("&Graph URL:"), m_graph);
    connect(m_cloud, &QComboBox::currentIndexChanged, this, &EntraCloudSelector::cloudChosen);
    connect(m_subdomain, &QLineEdit::textEdited, this, &EntraCloudSelector::subdomainEdited);
    connect(m_login, &QLineEdit::textEdited, this, &EntraCloudSelector::changed);
    connect(m_graph, &QLineEdit::textEdited, this, &EntraCloudSelector::changed);
    cloudChosen();
}

void EntraCloudSelector::cloudChosen()
{
    const auto preset = EntraCloud::preset(m_cloud->currentData().toString());
    const bool external = isExternal();
    // Custom URLs and External ID (a custom URL domain) keep the URLs editable.
    m_login->setReadOnly(bool(preset));
    m_graph->setReadOnly(bool(preset));
    m_subdomain->setVisible(external);
    m_subdomainLabel->setVisible(external);
    if (preset) {
        m_login->setText(preset->loginUrl.toString());
        m_graph->setText(preset->graphUrl.toString());
    } else if (external) {
        // External tenants keep Microsoft Graph; the sign-in host follows the subdomain.
        m_graph->setText(EntraCloud::external(QStringLiteral("contoso")).graphUrl.toString());
        subdomainEdited();
        return;
    }
    Q_EMIT changed(); // NOLINT(readability-misleading-indentation): Q_EMIT expands to nothing
}

void EntraCloudSelector::subdomainEdited()
{
    // https://{subdomain}.ciamlogin.com as typed; what is not a subdomain is said at Verify.
    QString subdomain;
    if (!ProfileValidation::externalSubdomain(m_subdomain->text(), &subdomain))
        m_login->setText(EntraCloud::external(subdomain).loginUrl.toString());
    Q_EMIT changed();
}

QUrl EntraCloudSelector::loginUrl() const { return QUrl::fromUserInput(m_login->text().trimmed()); }
QUrl EntraCloudSelector::graphUrl() const { return QUrl::fromUserInput(m_graph->text().trimmed()); }
QString EntraCloudSelector::cloudId() const { return m_cloud->currentData().toString(); }
bool EntraCloudSelector::isExternal() const { return m_cloud->currentData().toString() == EntraCloud::ExternalId; }
QString EntraCloudSelector::externalSubdomain() const { return m_subdomain->text().trimmed(); }

void EntraCloudSelector::setUrls(const QUrl &loginUrl, const QUrl &graphUrl)
{
    const EntraCloud cloud = EntraCloud::forUrls(loginUrl, graphUrl);
    const int index = m_cloud->findData(cloud.id);
    m_cloud->setCurrentIndex(index >= 0 ? index : m_cloud->count() - 1);
    m_login->setText(loginUrl.toString());
    m_graph->setText(graphUrl.toString());
    Q_EMIT changed();
}

void EntraCloudSelector::setProfile(const EntraProfile &profile)
{
    if (!profile.isExternal()) {
        setUrls(profile.loginUrl, profile.graphUrl);
        return;
    }
    m_subdomain->setText(profile.externalSubdomain);
    m_cloud->setCurrentIndex(m_cloud->findData(QString(EntraCloud::ExternalId)));
    // The profile's URLs: a custom URL domain stays.
    m_login->setText(profile.loginUrl.toString());
    m_graph->setText(profile.graphUrl.toString());
    Q_EMIT changed();
}

// ---------------------------------------------------------------------------------------------
// Tenant and client

EntraTenantPage::EntraTenantPage(ServiceContext *context, EntraCloudSelector *cloud, QWidget *parent)
    : CredentialsPage(context, QStringLiteral("entra"), parent)
    , m_cloud(cloud)
    , m_tenant(new QLineEdit)
    , m_permissions(new QTreeWidget)
{
    setTitle(tr("Tenant and client"));
    setSubTitle(tr("The app registration API Manager's connector signs in with. Verify requests a Microsoft Graph token "
                   "and shows which application permissions it carries."));
    m_tenant->setObjectName(QStringLiteral("entraTenant"));
    m_permissions->setObjectName(QStringLiteral("entraPermissions"));
    m_tenant->setPlaceholderText(tr("Directory (tenant) ID, or a domain such as contoso.onmicrosoft.com"));
    m_clientId->setPlaceholderText(tr("Application (client) ID of the app registration"));
    m_secret->setPlaceholderText(tr("The secret's Value (not its Secret ID); kept in the OS keychain"));
    m_permissions->setHeaderLabels({tr("Microsoft Graph application permission"), tr("In the token")});
    m_permissions->setRootIsDecorated(false);
    m_permissions->header()->setSectionResizeMode(0, QHeaderView::Stretch);

    auto *form = new QFormLayout;
    // The cloud beside the tenant it holds: a US Government or China tenant is found only in its own cloud.
    form->addRow(m_cloud);
    form->addRow(tr("&Tenant:"), m_tenant);
    form->addRow(tr("Client &ID:"), m_clientId);
    form->addRow(tr("Client &secret:"), m_secret);
    assemble(form, tr("Requests a client-credentials token for Microsoft Graph (…/.default)."), m_permissions);
    watch(m_tenant);
    connect(m_cloud, &EntraCloudSelector::changed, this, &EntraTenantPage::fieldsEdited);
}

void EntraTenantPage::loadProfile(const EntraProfile &profile)
{
    m_cloud->setProfile(profile);
    m_tenant->setText(profile.tenant);
    m_clientId->setText(profile.clientId);
    fillSecretFrom(SecretStore::entraSecretKey(profile.name));
}

void EntraTenantPage::verify()
{
    // The same rules, in the same order, as `kmconsole-cli profile add entra`.
    const ApiError problem = ApiError::firstOf(
        {m_cloud->isExternal() ? ProfileValidation::externalSubdomain(m_cloud->externalSubdomain()) : ApiError(),
         EntraClient::validateTenant(m_tenant->text().trimmed()), ProfileValidation::entraClientId(m_clientId->text()),
         ProfileValidation::entraClientSecret(m_secret->text()),
         ProfileValidation::serviceUrl(m_cloud->loginUrl().toString(), nullptr, QStringLiteral("login-url")),
         ProfileValidation::serviceUrl(m_cloud->graphUrl().toString(), nullptr, QStringLiteral("graph-url"))});
    if (refuse(problem.toUserText()))
        return;
    m_permissions->clear();
    delete m_client;
    m_client = new EntraClient(m_context->http(), m_cloud->loginUrl(), m_cloud->graphUrl(), m_tenant->text().trimmed(),
                               m_clientId->text().trimmed(), m_secret->text(), this);
    m_client->setExternal(m_cloud->isExternal());
    runCheck(m_client->verifyGraphAccess(), tr("Requesting a Microsoft Graph token from tenant %1…").arg(m_tenant->text().trimmed()));
}

void EntraTenantPage::showCheck(const QJsonObject &check)
{
    m_permissions->clear();
    QStringList present;
    for (const QJsonValue &v : km::constTemporary(check.value(QLatin1String("present")).toArray()))
        present << v.toString();
    for (const QString &permission : EntraClient::graphPermissions()) {
        const bool has = present.contains(permission);
        auto *item = new QTreeWidgetItem(m_permissions, {permission, has ? tr("granted") : tr("not granted")});
        item->setIcon(0, style()->standardIcon(has ? QStyle::SP_DialogApplyButton : QStyle::SP_DialogCancelButton));
    }
}

void EntraTenantPage::saveProfile()
{
    EntraProfile profile;
    profile.name = m_tenant->text().trimmed();
    profile.tenant = m_tenant->text().trimmed();
    profile.clientId = m_clientId->text().trimmed();
    profile.loginUrl = m_cloud->loginUrl();
    profile.graphUrl = m_cloud->graphUrl();
    profile.cloud = m_cloud->cloudId();
    if (profile.isExternal())
        ProfileValidation::externalSubdomain(m_cloud->externalSubdomain(), &profile.externalSubdomain);
    if (auto existing = m_context->profiles()->entraProfile(profile.name))
        profile.pinnedCertificates = existing->pinnedCertificates;
    Job *save = m_context->saveProfileWithSecret(SecretStore::entraSecretKey(profile.name), m_secret->text(),
                                                  [profile](ProfileStore *store) { store->upsertEntra(profile); });
    SetupWizard::reportProfileSaved(m_saved, save, tr("Entra"), profile.name);
}

// ---------------------------------------------------------------------------------------------
// Token version

EntraVersionPage::EntraVersionPage(EntraTenantPage *tenant, QWidget *parent)
    : QWizardPage(parent)
    , m_tenant(tenant)
    , m_v1(new QRadioButton(tr("V&1 tokens")))
    , m_v2(new QRadioButton(tr("V&2 tokens")))
    , m_both(new QRadioButton(tr("Bot&h: two key managers")))
    , m_explanation(new QLabel)
{
    setTitle(tr("Token version"));
    setSubTitle(tr("Entra issues v1 or v2 access tokens depending on each API app's requestedAccessTokenVersion, not on the "
                   "endpoint used. A key manager accepts one issuer, so each version needs its own key manager."));
    m_v1->setObjectName(QStringLiteral("entraV1"));
    m_v2->setObjectName(QStringLiteral("entraV2"));
    m_both->setObjectName(QStringLiteral("entraBoth"));
    m_explanation->setObjectName(QStringLiteral("entraVersionExplanation"));
    m_explanation->setWordWrap(true);
    m_explanation->setTextFormat(Qt::RichText);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_v2->setChecked(true);
    auto *group = new QButtonGroup(this);
    for (QRadioButton *b : {m_v1, m_v2, m_both})
        group->addButton(b);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_v1);
    layout->addWidget(m_v2);
    layout->addWidget(m_both);
    layout->addSpacing(8);
    layout->addWidget(m_explanation);
    layout->addStretch(1);
    connect(group, &QButtonGroup::buttonToggled, this, [this] { explain(); });
}

AzureTokenVersions EntraVersionPage::versions() const
{
    if (m_v1->isChecked())
        return AzureTokenVersions::V1;
    if (m_both->isChecked())
        return AzureTokenVersions::Both;
    return AzureTokenVersions::V2;
}

void EntraVersionPage::initializePage()
{
    // An External ID tenant has a v2.0 document and issuer only: one key manager, for v2 tokens.
    EntraClient *client = m_tenant->client();
    const bool external = client && client->isExternal();
    if (external)
        m_v2->setChecked(true);
    m_v1->setEnabled(!external);
    m_both->setEnabled(!external);
    explain();
}

void EntraVersionPage::explain()
{
    EntraClient *client = m_tenant->client();
    const QString tid = client ? client->tenantId() : QStringLiteral("{tenant}");
    const QString v1Host = client ? client->cloud().v1IssuerHost : QStringLiteral("sts.windows.net");
    const QString login = client ? client->loginUrl().toString() : QStringLiteral("https://login.microsoftonline.com");
    const QString v1 = tr("<p><b>V1</b>: issuer <code>https://%1/%2/</code>; the client ID is in the <code>appid</code> claim. "
                          "Apps whose requestedAccessTokenVersion is null (the default) or 1 get these.</p>").arg(v1Host.toHtmlEscaped(), tid.toHtmlEscaped());
    const QString v2 = tr("<p><b>V2</b>: issuer <code>%1/%2/v2.0</code>; the client ID is in the <code>azp</code> claim. "
                          "Apps need requestedAccessTokenVersion = 2 (the Applications page can set it).</p>").arg(login.toHtmlEscaped(), tid.toHtmlEscaped());
    if (client && client->isExternal()) {
        m_explanation->setText(tr("<p><b>Microsoft Entra External ID</b>: one key manager, for <b>v2</b> tokens. The issuer is taken from the "
                                  "tenant's discovery document, <code>https://%1.ciamlogin.com/%1/v2.0</code> (the tenant ID as host, not the "
                                  "subdomain); the client ID is in the <code>azp</code> claim.</p><p>External tenants have no v1.0 discovery "
                                  "document: set requestedAccessTokenVersion = 2 on every API app (the Applications page can), as "
                                  "Microsoft's External ID samples do.</p>").arg(tid.toHtmlEscaped()));
        return;
    }
    QString text;
    switch (versions()) {
    case AzureTokenVersions::V1: text = v1; break;
    case AzureTokenVersions::V2: text = v2; break;
    case AzureTokenVersions::Both:
        text = v1 + v2 + tr("<p>Two key managers are created, NAME-v1 and NAME-v2, as the connector's guide requires when "
                            "both kinds of apps exist.</p>");
        break;
    }
    m_explanation->setText(text + tr("<p>A token whose issuer or client-ID claim does not match its key manager is refused by "
                                     "the gateway with 900901 Invalid Credentials.</p>"));
}

// ---------------------------------------------------------------------------------------------
// Claims, grants, connector

EntraConnectorPage::EntraConnectorPage(EntraTenantPage *tenant, std::function<AzureSetupOptions()> options, QWidget *parent)
    : QWizardPage(parent)
    , m_tenant(tenant)
    , m_options(std::move(options))
    , m_claims(new QLabel)
    , m_grants(new QLabel(tr("Grant types: <b>client_credentials</b> only. The AzureAD connector creates client-credentials "
                             "apps; Entra issues other grants' tokens outside API Manager.")))
    , m_initialDelay(new QSpinBox)
    , m_maxWait(new QSpinBox)
    , m_configuration(new QTableWidget(0, 3))
{
    setTitle(tr("Claims, grants and connector"));
    setSubTitle(tr("What the gateway reads from each token, and the settings API Manager's AzureAD connector uses to create apps."));
    m_claims->setObjectName(QStringLiteral("entraClaims"));
    m_grants->setObjectName(QStringLiteral("entraGrants"));
    m_initialDelay->setObjectName(QStringLiteral("entraPollDelay"));
    m_maxWait->setObjectName(QStringLiteral("entraPollMax"));
    m_configuration->setObjectName(QStringLiteral("entraConnector"));
    m_claims->setWordWrap(true);
    m_claims->setTextFormat(Qt::RichText);
    m_grants->setWordWrap(true);
    m_initialDelay->setRange(100, 60000);
    m_initialDelay->setSingleStep(100);
    m_initialDelay->setValue(500);
    m_initialDelay->setSuffix(tr(" ms"));
    m_maxWait->setRange(500, 300000);
    m_maxWait->setSingleStep(500);
    m_maxWait->setValue(5000);
    m_maxWait->setSuffix(tr(" ms"));
    m_initialDelay->setToolTip(tr("How long the connector waits before retrying a Graph call that failed because of replication lag"));
    m_maxWait->setToolTip(tr("How long in all the connector keeps retrying while Graph has not replicated a new app"));
    m_configuration->setHorizontalHeaderLabels({tr("Key"), tr("Value"), tr("Key manager")});
    m_configuration->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_configuration->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_configuration->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_configuration->verticalHeader()->hide();
    m_configuration->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto *form = new QFormLayout;
    form->addRow(tr("Polling initial &delay:"), m_initialDelay);
    form->addRow(tr("Polling &maximum wait:"), m_maxWait);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_claims);
    layout->addWidget(m_grants);
    layout->addLayout(form);
    layout->addWidget(m_configuration, 1);
    connect(m_initialDelay, &QSpinBox::valueChanged, this, [this] { fill(); Q_EMIT completeChanged(); });
    connect(m_maxWait, &QSpinBox::valueChanged, this, [this] { fill(); Q_EMIT completeChanged(); });
}

int EntraConnectorPage::pollingInitialDelayMs() const { return m_initialDelay->value(); }
int EntraConnectorPage::pollingMaxWaitMs() const { return m_maxWait->value(); }

void EntraConnectorPage::initializePage()
{
    fill();
}

void EntraConnectorPage::fill()
{
    EntraClient *client = m_tenant->client();
    if (!client)
        return;
    const AzureSetupOptions options = m_options();
    QStringList claims;
    m_configuration->setRowCount(0);
    for (int version : AzureSetup::versions(options.tokenVersions)) {
        const QString name = AzureSetup::keyManagerName(options, version);
        claims << tr("<b>%1</b> (v%2 tokens): consumer-key claim <code>%3</code>, scopes claim <code>roles</code> "
                     "(application permissions; <code>scp</code> only appears in user tokens).")
                      .arg(name.toHtmlEscaped()).arg(version).arg(version == 1 ? QStringLiteral("appid") : QStringLiteral("azp"));
        const QJsonObject config = AzureSetup::connectorConfiguration(client, version, options);
        for (auto it = config.begin(); it != config.end(); ++it) {
            const int row = m_configuration->rowCount();
            m_configuration->insertRow(row);
            QString value = it.value().isString() ? it.value().toString() : QString::number(it.value().toDouble());
            if (it.key() == QLatin1String("azure_ad_client_secret"))
                value = tr("•••••••• (from the keychain)");
            m_configuration->setItem(row, 0, new QTableWidgetItem(it.key()));
            m_configuration->setItem(row, 1, new QTableWidgetItem(value));
            m_configuration->setItem(row, 2, new QTableWidgetItem(name));
        }
    }
    m_claims->setText(claims.join(QStringLiteral("<br>")));
}

bool EntraConnectorPage::isComplete() const
{
    return m_tenant->client() && m_maxWait->value() >= m_initialDelay->value();
}

} // namespace km
