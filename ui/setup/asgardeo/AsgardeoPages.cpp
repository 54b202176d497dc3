#include "ui/setup/asgardeo/AsgardeoPages.h"

#include "services/asgardeo/AsgardeoApiResource.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/asgardeo/AsgardeoRoleMapping.h"
#include "services/asgardeo/AsgardeoSetup.h"
#include "services/core/Job.h"
#include "services/core/ServiceContext.h"
#include "services/profiles/ProfileStore.h"
#include "services/profiles/ProfileValidation.h"
#include "services/profiles/Profiles.h"
#include "services/secrets/SecretStore.h"
#include "ui/common/PlainToolTip.h"
#include "ui/setup/SetupWizard.h"
#include "ui/widgets/InlineMessage.h"
#include "ui/widgets/SecretField.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QTreeWidget>
#include <QStyle>
#include <QVBoxLayout>

namespace km {

namespace {

const QString kDefaultBaseUrl = QStringLiteral("https://api.asgardeo.io");

} // namespace

// ---------------------------------------------------------------------------------------------
// Organization and management app

AsgardeoOrganizationPage::AsgardeoOrganizationPage(ServiceContext *context, QWidget *parent)
    : CredentialsPage(context, QStringLiteral("asg"), parent)
    , m_organization(new QLineEdit)
    , m_baseUrl(new QLineEdit(kDefaultBaseUrl))
    , m_scopes(new QTreeWidget)
{
    setTitle(tr("Organization and management application"));
    setSubTitle(tr("The Asgardeo organization and the client credentials of APIM-Management-App."));
    m_organization->setObjectName(QStringLiteral("asgOrganization"));
    m_organization->setPlaceholderText(tr("e.g. acme (the part after /t/ in your Asgardeo URLs)"));
    m_clientId->setPlaceholderText(tr("Client ID of APIM-Management-App"));
    m_secret->setPlaceholderText(tr("Client secret (kept in the OS keychain)"));
    m_baseUrl->setObjectName(QStringLiteral("asgBaseUrl"));
    m_scopes->setObjectName(QStringLiteral("asgScopeCheck"));
    m_scopes->setHeaderLabels({tr("API and scope"), tr("Granted")});
    m_scopes->setRootIsDecorated(true);
    m_scopes->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_scopes->setMinimumHeight(150);

    auto *form = new QFormLayout;
    form->addRow(tr("&Organization:"), m_organization);
    form->addRow(tr("Client &ID:"), m_clientId);
    form->addRow(tr("Client &secret:"), m_secret);
    form->addRow(tr("Base &URL:"), m_baseUrl);
    assemble(form, tr("Requests a real client-credentials token and checks that it holds the twelve management scopes the "
                      "connector needs, and the two optional Application Management API scopes the Scopes page uses."), m_scopes);
    watch(m_organization);
    watch(m_baseUrl);
}

QString AsgardeoOrganizationPage::organization() const
{
    return m_organization->text().trimmed();
}

void AsgardeoOrganizationPage::loadProfile(const AsgardeoProfile &profile)
{
    m_organization->setText(profile.organization);
    m_clientId->setText(profile.clientId);
    m_baseUrl->setText(profile.baseUrl.toString());
    fillSecretFrom(SecretStore::asgardeoSecretKey(profile.name));
    fieldsEdited();
}

void AsgardeoOrganizationPage::verify()
{
    const QString org = organization();
    // The same rules, in the same order, as `kmconsole-cli profile add asgardeo`.
    QUrl base;
    const ApiError problem = ApiError::firstOf(
        {ProfileValidation::organization(org), ProfileValidation::clientId(m_clientId->text(), tr("Asgardeo Console › Applications › APIM-Management-App › Protocol")),
         ProfileValidation::clientSecret(m_secret->text(), tr("Asgardeo Console › Applications › APIM-Management-App › Protocol")),
         ProfileValidation::serviceUrl(m_baseUrl->text(), &base, QStringLiteral("base-url"))});
    if (refuse(problem.toUserText()))
        return;
    m_scopes->clear();
    delete m_client;
    m_client = new AsgardeoClient(m_context->http(), base, org, m_clientId->text().trimmed(), m_secret->text(), this);
    runCheck(m_client->verifyManagementAccess(), tr("Requesting a management token from organization “%1”…").arg(org));
}

void AsgardeoOrganizationPage::showCheck(const QJsonObject &check)
{
    m_scopes->clear();
    const QJsonArray apis = check.value(QLatin1String("apis")).toArray();
    for (const QJsonValue &v : apis) {
        const QJsonObject api = v.toObject();
        const QJsonArray granted = api.value(QLatin1String("granted")).toArray();
        const QJsonArray missing = api.value(QLatin1String("missing")).toArray();
        auto *top = new QTreeWidgetItem(m_scopes, {api.value(QLatin1String("api")).toString(),
                                                   missing.isEmpty() ? tr("all %1").arg(granted.size())
                                                                     : tr("%1 missing").arg(missing.size())});
        top->setIcon(0, style()->standardIcon(missing.isEmpty() ? QStyle::SP_DialogApplyButton : QStyle::SP_MessageBoxWarning));
        for (const QJsonValue &s : granted)
            new QTreeWidgetItem(top, {s.toString(), tr("yes")});
        for (const QJsonValue &s : missing) {
            auto *item = new QTreeWidgetItem(top, {s.toString(), tr("missing")});
            item->setForeground(1, QColor(0xc0, 0x1c, 0x28));
        }
        top->setExpanded(!missing.isEmpty());
    }
    // Not needed by the connector: what the console's Scopes page can do with them.
    const QJsonArray optional = check.value(QLatin1String("optional")).toArray();
    if (!optional.isEmpty()) {
        int granted = 0;
        for (const QJsonValue &v : optional)
            granted += v.toObject().value(QLatin1String("granted")).toBool() ? 1 : 0;
        auto *top = new QTreeWidgetItem(m_scopes, {tr("%1 (optional)").arg(optional.first().toObject().value(QLatin1String("api")).toString()),
                                                   granted == optional.size() ? tr("all %1").arg(granted) : tr("optional: %1 not granted").arg(optional.size() - granted)});
        top->setIcon(0, style()->standardIcon(granted == optional.size() ? QStyle::SP_DialogApplyButton : QStyle::SP_MessageBoxInformation));
        top->setToolTip(0, tr("Not needed by API Manager's connector. Authorize the Application Management API for APIM-Management-App "
                              "to use Scopes › Authorize for an application…"));
        for (const QJsonValue &v : optional) {
            const QJsonObject o = v.toObject();
            const bool has = o.value(QLatin1String("granted")).toBool();
            auto *item = new QTreeWidgetItem(top, {tr("%1 — unlocks %2").arg(o.value(QLatin1String("scope")).toString(), o.value(QLatin1String("unlocks")).toString()),
                                                   has ? tr("yes") : tr("no (optional)")});
            item->setToolTip(0, item->text(0));
        }
        top->setExpanded(granted != optional.size());
    }
    if (check.value(QLatin1String("organizationApiMistake")).toBool()) {
        auto *mistake = new QTreeWidgetItem(m_scopes, {tr("Organization API scopes (internal_org_*)"), tr("granted instead")});
        mistake->setIcon(0, style()->standardIcon(QStyle::SP_MessageBoxCritical));
    }
}

void AsgardeoOrganizationPage::saveProfile()
{
    AsgardeoProfile profile;
    profile.name = organization();
    profile.organization = organization();
    profile.clientId = m_clientId->text().trimmed();
    profile.baseUrl = QUrl::fromUserInput(m_baseUrl->text().trimmed());
    if (auto existing = m_context->profiles()->asgardeoProfile(profile.name))
        profile.pinnedCertificates = existing->pinnedCertificates;
    Job *save = m_context->saveProfileWithSecret(SecretStore::asgardeoSecretKey(profile.name), m_secret->text(),
                                                  [profile](ProfileStore *store) { store->upsertAsgardeo(profile); });
    SetupWizard::reportProfileSaved(m_saved, save, tr("Asgardeo"), profile.name);
}

bool AsgardeoOrganizationPage::validatePage()
{
    return client() != nullptr;
}

// ---------------------------------------------------------------------------------------------
// Global scopes API resource

AsgardeoResourcePage::AsgardeoResourcePage(AsgardeoOrganizationPage *organization, QWidget *parent)
    : QWizardPage(parent)
    , m_organization(organization)
    , m_name(new QLineEdit(QString(AsgardeoClient::DefaultGlobalScopesResource)))
    , m_lookUp(new QPushButton(tr("&Look up")))
    , m_create(new QPushButton(tr("&Create it now")))
    , m_status(new QLabel)
    , m_scopes(new QListWidget)
    , m_message(new InlineMessage)
{
    setTitle(tr("Global scopes API resource"));
    setSubTitle(tr("API Manager's connector keeps every scope in one Asgardeo API resource. It must exist before "
                   "API Manager accepts the key manager."));
    m_name->setObjectName(QStringLiteral("asgResourceName"));
    m_lookUp->setObjectName(QStringLiteral("asgResourceLookUp"));
    m_create->setObjectName(QStringLiteral("asgResourceCreate"));
    m_status->setObjectName(QStringLiteral("asgResourceStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_scopes->setObjectName(QStringLiteral("asgResourceScopes"));
    m_message->setObjectName(QStringLiteral("asgResourceMessage"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_create->hide();
    m_message->hide();

    auto *row = new QHBoxLayout;
    row->addWidget(m_name, 1);
    row->addWidget(m_lookUp);
    auto *form = new QFormLayout;
    auto *nameLabel = new QLabel(tr("Resource na&me:"));
    nameLabel->setBuddy(m_name);
    form->addRow(nameLabel, row);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    auto *createRow = new QHBoxLayout;
    createRow->addWidget(m_create);
    createRow->addStretch(1);
    layout->addLayout(createRow);
    layout->addWidget(m_message);
    layout->addWidget(new QLabel(tr("Scopes it already holds:")));
    layout->addWidget(m_scopes, 1);

    connect(m_lookUp, &QPushButton::clicked, this, &AsgardeoResourcePage::lookUp);
    connect(m_name, &QLineEdit::returnPressed, this, &AsgardeoResourcePage::lookUp);
    connect(m_name, &QLineEdit::textEdited, this, [this] {
        m_lookedUp = false;
        Q_EMIT completeChanged();
    });
    connect(m_create, &QPushButton::clicked, this, &AsgardeoResourcePage::createNow);
}

QString AsgardeoResourcePage::resourceName() const
{
    const QString name = m_name->text().trimmed();
    return name.isEmpty() ? QString(AsgardeoClient::DefaultGlobalScopesResource) : name;
}

void AsgardeoResourcePage::initializePage()
{
    if (!m_lookedUp || m_lookedUpName != resourceName())
        lookUp();
}

void AsgardeoResourcePage::lookUp()
{
    AsgardeoClient *client = m_organization->client();
    if (!client)
        return;
    m_lookedUp = false;
    m_scopes->clear();
    m_create->hide();
    m_message->hide();
    const QString name = resourceName();
    m_status->setText(tr("Looking up “%1” in organization “%2”…").arg(name, client->organization()));
    m_lookUp->setEnabled(false);
    m_job.start(client->readApiResourceByName(name), [this, organization = client->organization(), name](const ApiError &error, const QJsonValue &result) {
        m_lookUp->setEnabled(true);
        if (error) {
            m_status->clear();
            m_message->showError(error);
            m_message->setAction(tr("Retry"));
            connect(m_message, &InlineMessage::actionTriggered, this, &AsgardeoResourcePage::lookUp, Qt::UniqueConnection);
            return;
        }
        m_lookedUpName = name;
        const AsgardeoApiResource found = AsgardeoApiResource::fromJson(result);
        if (found.isNull()) {
            m_lookedUp = true;
            m_status->setText(tr("There is no API resource named “%1” in organization “%2”. Create it now, or let the Apply "
                                 "step create it (identifier %3, requires authorization).")
                                  .arg(name, organization, QString(AsgardeoClient::GlobalScopesIdentifier)));
            auto *none = new QListWidgetItem(tr("None: the resource does not exist yet."), m_scopes);
            none->setFlags(Qt::NoItemFlags);
            m_create->show();
            Q_EMIT completeChanged();
            return;
        }
        showResource(found);
    });
}

void AsgardeoResourcePage::createNow()
{
    AsgardeoClient *client = m_organization->client();
    if (!client)
        return;
    m_create->setEnabled(false);
    m_status->setText(tr("Creating “%1”…").arg(resourceName()));
    m_job.start(client->createApiResource(QString(AsgardeoClient::GlobalScopesIdentifier), resourceName(), tr("Global scopes of WSO2 API Manager"), {}),
                [this](const ApiError &error, const QJsonValue &result) {
        m_create->setEnabled(true);
        if (error) {
            m_message->showError(error);
            return;
        }
        m_create->hide();
        showResource(AsgardeoApiResource::fromJson(result));
    });
}

void AsgardeoResourcePage::showResource(const AsgardeoApiResource &resource)
{
    m_lookedUp = true;
    m_scopes->clear();
    m_scopes->addItems(resource.scopeNames());
    if (resource.scopes.isEmpty()) {
        auto *none = new QListWidgetItem(tr("None yet: API Manager's connector adds each scope here when it is saved in the Publisher."), m_scopes);
        none->setFlags(Qt::NoItemFlags);
    }
    m_status->setText(tr("Found “%1” (identifier %2) with %n scope(s).", nullptr, int(resource.scopes.size())).arg(resource.name, resource.identifier));
    Q_EMIT completeChanged();
}

bool AsgardeoResourcePage::isComplete() const
{
    return m_lookedUp && !m_name->text().trimmed().contains(QLatin1Char(' '));
}

// ---------------------------------------------------------------------------------------------
// Connector configuration

AsgardeoConnectorPage::AsgardeoConnectorPage(AsgardeoOrganizationPage *organization, AsgardeoResourcePage *resource, QWidget *parent)
    : QWizardPage(parent)
    , m_organization(organization)
    , m_resource(resource)
    , m_configuration(new QTableWidget(0, 2))
    , m_createRoles(new QCheckBox(tr("Create the API Manager roles in Asgardeo")))
    , m_roles(new QLineEdit(QStringLiteral("admin, Internal/creator, Internal/publisher, Internal/subscriber")))
    , m_preview(new QTableWidget(0, 2))
    , m_message(new InlineMessage)
{
    setTitle(tr("Connector configuration"));
    setSubTitle(tr("The seven settings API Manager's Asgardeo connector reads, filled from the pages before."));
    m_configuration->setObjectName(QStringLiteral("asgConnector"));
    m_createRoles->setObjectName(QStringLiteral("asgCreateRoles"));
    m_roles->setObjectName(QStringLiteral("asgRoles"));
    m_preview->setObjectName(QStringLiteral("asgRolePreview"));
    m_message->setObjectName(QStringLiteral("asgRoleMessage"));
    m_message->hide();
    m_configuration->setHorizontalHeaderLabels({tr("Key"), tr("Value")});
    m_configuration->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_configuration->horizontalHeader()->setStretchLastSection(true);
    m_configuration->verticalHeader()->hide();
    m_configuration->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setHorizontalHeaderLabels({tr("API Manager role"), tr("Asgardeo role")});
    m_preview->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_preview->verticalHeader()->hide();
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_createRoles->setToolTip(tr("The connector then creates each API Manager role in Asgardeo under the name shown in the preview."));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_configuration, 2);
    layout->addWidget(m_createRoles);
    auto *form = new QFormLayout;
    form->addRow(tr("&Roles (comma-separated):"), m_roles);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_preview, 1);

    connect(m_createRoles, &QCheckBox::toggled, this, &AsgardeoConnectorPage::updatePreview);
    connect(m_roles, &QLineEdit::textChanged, this, &AsgardeoConnectorPage::updatePreview);
    updatePreview();
}

QJsonObject AsgardeoConnectorPage::connectorConfiguration() const
{
    AsgardeoClient *client = m_organization->client();
    if (!client)
        return {};
    return AsgardeoSetup::connectorConfiguration(client, m_organization->clientSecret(), m_resource->resourceName(), createRoles());
}

bool AsgardeoConnectorPage::createRoles() const
{
    return m_createRoles->isChecked();
}

QStringList AsgardeoConnectorPage::roles() const
{
    QStringList out;
    for (const QString &r : m_roles->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!r.trimmed().isEmpty())
            out << r.trimmed();
    }
    return out;
}

QStringList AsgardeoConnectorPage::rejectedRoles() const
{
    QStringList out;
    for (const QString &role : roles()) {
        ApiError error;
        if (AsgardeoRoleMapping::toAsgardeo(role, &error).isEmpty())
            out << role;
    }
    return out;
}

void AsgardeoConnectorPage::initializePage()
{
    const QJsonObject config = connectorConfiguration();
    m_configuration->setRowCount(0);
    for (auto it = config.begin(); it != config.end(); ++it) {
        const int row = m_configuration->rowCount();
        m_configuration->insertRow(row);
        m_configuration->setItem(row, 0, new QTableWidgetItem(it.key()));
        QString value = it.value().isBool() ? (it.value().toBool() ? tr("true") : tr("false")) : it.value().toString();
        if (it.key() == QLatin1String("mgmt_client_secret"))
            value = tr("•••••••• (from the keychain)");
        m_configuration->setItem(row, 1, new QTableWidgetItem(value));
    }
    updatePreview();
}

void AsgardeoConnectorPage::updatePreview()
{
    m_roles->setEnabled(m_createRoles->isChecked());
    m_preview->setEnabled(m_createRoles->isChecked());
    m_preview->setRowCount(0);
    QStringList problems;
    for (const QString &role : roles()) {
        ApiError error;
        const QString mapped = AsgardeoRoleMapping::toAsgardeo(role, &error);
        const int row = m_preview->rowCount();
        m_preview->insertRow(row);
        m_preview->setItem(row, 0, new QTableWidgetItem(role));
        auto *target = new QTableWidgetItem(mapped.isEmpty() ? tr("rejected") : mapped);
        if (mapped.isEmpty()) {
            target->setForeground(QColor(0xc0, 0x1c, 0x28));
            target->setToolTip(plainToolTip(error.toUserText()));
            problems << error.toUserText();
        }
        m_preview->setItem(row, 1, target);
    }
    // The connector's own setting follows the checkbox.
    for (int row = 0; row < m_configuration->rowCount(); ++row) {
        if (m_configuration->item(row, 0)->text() == QLatin1String("asgardeo_role_creation"))
            m_configuration->item(row, 1)->setText(m_createRoles->isChecked() ? tr("true") : tr("false"));
    }
    if (m_createRoles->isChecked() && !problems.isEmpty())
        m_message->showMessage(InlineMessage::Type::Error, problems.join(QLatin1Char(' ')));
    else
        m_message->hide();
    Q_EMIT completeChanged();
}

bool AsgardeoConnectorPage::isComplete() const
{
    return m_organization->client() && (!createRoles() || rejectedRoles().isEmpty());
}

} // namespace km
