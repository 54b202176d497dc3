#include "ui/applications/ApplicationsPage.h"
#include "services/core/ConstRange.h"

#include "models/applications/DevPortalApplicationModel.h"
#include "models/applications/EntraApplicationModel.h"
#include "models/common/SearchFilterProxyModel.h"
#include "services/apim/ApimClient.h"
#include "services/apim/DevPortalOverview.h"
#include "services/apim/DevPortalClient.h"
#include "services/connections/Connections.h"
#include "services/core/Job.h"
#include "services/core/ServiceContext.h"
#include "services/entra/EntraAppCheck.h"
#include "services/entra/EntraClient.h"
#include "services/entra/GraphClient.h"
#include "services/http/HttpRequest.h"
#include "services/profiles/ProfileStore.h"
#include "services/secrets/SecretStore.h"
#include "services/tokens/Jwt.h"
#include "ui/applications/EntraAppCheckDialog.h"
#include "ui/applications/EntraTokenDialog.h"
#include "ui/applications/ProvideKeysDialog.h"
#include "ui/common/EmptyStateView.h"
#include "ui/common/StateBanner.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <memory>

namespace km {

namespace {

constexpr int MaxGraphPages = 50;

QTableView *makeTable(const char *name, SearchFilterProxyModel *proxy, QAbstractItemModel *model)
{
    proxy->setSourceModel(model);
    auto *table = new QTableView;
    table->setObjectName(QString::fromLatin1(name));
    table->setModel(proxy);
    table->setSortingEnabled(true);
    table->sortByColumn(0, Qt::AscendingOrder);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    return table;
}

// Columns as wide as their contents (names and GUIDs are not cut off), within reason; the last one stretches.
void fitColumns(QTableView *table)
{
    table->resizeColumnsToContents();
    const int last = table->model()->columnCount() - 1;
    int total = 0;
    for (int column = 0; column <= last; ++column) {
        table->setColumnWidth(column, qMin(table->columnWidth(column), 340));
        total += table->columnWidth(column);
    }
    // Stretching the last column to the viewport would cut its text when the columns are wider than the view.
    table->horizontalHeader()->setStretchLastSection(total <= table->viewport()->width());
    if (total > table->viewport()->width())
        table->resizeColumnToContents(last);
}

QLineEdit *makeFilter(const char *name, const QString &placeholder)
{
    auto *filter = new QLineEdit;
    filter->setObjectName(QString::fromLatin1(name));
    filter->setPlaceholderText(placeholder);
    filter->setClearButtonEnabled(true);
    return filter;
}

} // namespace

ApplicationsPage::ApplicationsPage(ServiceContext *context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_portalModel(new DevPortalApplicationModel(this))
    , m_entraModel(new EntraApplicationModel(this))
    , m_portalProxy(new SearchFilterProxyModel(this))
    , m_entraProxy(new SearchFilterProxyModel(this))
    , m_tabs(new QTabWidget)
    , m_portalFilter(makeFilter("portalFilter", tr("Filter applications, key managers, client IDs")))
    , m_portalBanner(new StateBanner)
    , m_portalStack(new QStackedWidget)
    , m_portalEmpty(new EmptyStateView)
    , m_portalTable(makeTable("portalTable", m_portalProxy, m_portalModel))
    , m_portalSummary(new QLabel)
    , m_entraProfile(new QComboBox)
    , m_entraFilter(makeFilter("entraFilter", tr("Filter names, client IDs, URIs")))
    , m_entraBanner(new StateBanner)
    , m_entraStack(new QStackedWidget)
    , m_entraEmpty(new EmptyStateView)
    , m_entraTable(makeTable("entraTable", m_entraProxy, m_entraModel))
    , m_entraSummary(new QLabel)
    , m_refresh(new QPushButton(tr("&Refresh")))
    , m_check(new QPushButton(tr("&Check app…")))
    , m_provide(new QPushButton(tr("Provide e&xisting keys…")))
    , m_token(new QPushButton(tr("Get &token…")))
{
    setObjectName(QStringLiteral("applicationsPage"));
    m_tabs->setObjectName(QStringLiteral("applicationsTabs"));
    m_portalBanner->setObjectName(QStringLiteral("portalBanner"));
    m_portalEmpty->setObjectName(QStringLiteral("portalEmptyState"));
    m_portalSummary->setObjectName(QStringLiteral("portalSummary"));
    m_portalSummary->setTextFormat(Qt::PlainText);
    m_entraProfile->setObjectName(QStringLiteral("entraProfile"));
    m_entraBanner->setObjectName(QStringLiteral("entraBanner"));
    m_entraEmpty->setObjectName(QStringLiteral("entraEmptyState"));
    m_entraSummary->setObjectName(QStringLiteral("entraSummary"));
    m_entraSummary->setTextFormat(Qt::PlainText);
    m_refresh->setObjectName(QStringLiteral("appsRefresh"));
    m_check->setObjectName(QStringLiteral("appsCheck"));
    m_provide->setObjectName(QStringLiteral("appsProvideKeys"));
    m_token->setObjectName(QStringLiteral("appsGetToken"));
    m_portalSummary->setWordWrap(true);
    m_entraSummary->setWordWrap(true);
    m_entraProfile->setToolTip(tr("The Entra ID profile (tenant and the app registration the console signs in to Microsoft Graph with)"));
    m_entraProfile->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_entraProfile->setPlaceholderText(tr("none"));

    m_portalTable->setColumnWidth(DevPortalApplicationModel::ApplicationColumn, 150);
    m_portalTable->setColumnWidth(DevPortalApplicationModel::OwnerColumn, 80);
    m_portalTable->setColumnWidth(DevPortalApplicationModel::KeyManagerColumn, 210);
    m_portalTable->setColumnWidth(DevPortalApplicationModel::KeyTypeColumn, 95);
    m_portalTable->setColumnWidth(DevPortalApplicationModel::ConsumerKeyColumn, 300);
    m_portalTable->setColumnWidth(DevPortalApplicationModel::ModeColumn, 80);
    m_entraTable->setColumnWidth(EntraApplicationModel::DisplayNameColumn, 190);
    m_entraTable->setColumnWidth(EntraApplicationModel::AppIdColumn, 300);
    m_entraTable->setColumnWidth(EntraApplicationModel::IdentifierUrisColumn, 170);
    m_entraTable->setColumnWidth(EntraApplicationModel::TokenVersionColumn, 100);
    m_entraTable->setColumnWidth(EntraApplicationModel::SecretsColumn, 70);
    m_entraTable->setColumnWidth(EntraApplicationModel::NearestExpiryColumn, 170);

    // Developer Portal tab.
    m_portalStack->addWidget(m_portalEmpty);
    m_portalStack->addWidget(m_portalTable);
    auto *portal = new QWidget;
    auto *portalTop = new QHBoxLayout;
    auto *portalFilterLabel = new QLabel(tr("Filt&er:"));
    portalFilterLabel->setBuddy(m_portalFilter);
    portalTop->addWidget(portalFilterLabel);
    portalTop->addWidget(m_portalFilter, 1);
    auto *portalLayout = new QVBoxLayout(portal);
    portalLayout->addLayout(portalTop);
    portalLayout->addWidget(m_portalBanner);
    portalLayout->addWidget(m_portalStack, 1);
    portalLayout->addWidget(m_portalSummary);

    // Entra ID tab.
    m_entraStack->addWidget(m_entraEmpty);
    m_entraStack->addWidget(m_entraTable);
    auto *entra = new QWidget;
    auto *entraTop = new QHBoxLayout;
    auto *profileLabel = new QLabel(tr("Entra &profile:"));
    profileLabel->setBuddy(m_entraProfile);
    auto *entraFilterLabel = new QLabel(tr("F&ilter:"));
    entraFilterLabel->setBuddy(m_entraFilter);
    entraTop->addWidget(profileLabel);
    entraTop->addWidget(m_entraProfile);
    entraTop->addWidget(entraFilterLabel);
    entraTop->addWidget(m_entraFilter, 1);
    auto *entraLayout = new QVBoxLayout(entra);
    entraLayout->addLayout(entraTop);
    entraLayout->addWidget(m_entraBanner);
    entraLayout->addWidget(m_entraStack, 1);
    entraLayout->addWidget(m_entraSummary);

    m_tabs->addTab(portal, tr("&Developer Portal"));
    m_tabs->addTab(entra, tr("E&ntra ID"));

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_refresh);
    bottom->addStretch(1);
    bottom->addWidget(m_check);
    bottom->addWidget(m_provide);
    bottom->addWidget(m_token);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(bottom);

    // Keyboard: the buttons' mnemonics, and shortcuts that work anywhere on the page.
    auto addShortcut = [this](QPushButton *button, const QKeySequence &keys, void (ApplicationsPage::*slot)()) {
        auto *action = new QAction(button->text(), this);
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, [this, button, slot] {
            if (button->isEnabled())
                (this->*slot)();
        });
        addAction(action);
        button->setProperty("shortcutText", keys.toString(QKeySequence::NativeText));
    };
    addShortcut(m_check, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), &ApplicationsPage::openCheckDialog);
    addShortcut(m_provide, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), &ApplicationsPage::openProvideKeysDialog);
    addShortcut(m_token, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T), &ApplicationsPage::openTokenDialog);
    auto *find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QAction::triggered, this, [this] {
        QLineEdit *filter = m_tabs->currentIndex() == EntraTab ? m_entraFilter : m_portalFilter;
        filter->setFocus();
        filter->selectAll();
    });
    addAction(find);

    connect(m_portalFilter, &QLineEdit::textChanged, m_portalProxy, &SearchFilterProxyModel::setSearchText);
    connect(m_entraFilter, &QLineEdit::textChanged, m_entraProxy, &SearchFilterProxyModel::setSearchText);
    connect(m_refresh, &QPushButton::clicked, this, &ApplicationsPage::refresh);
    connect(m_check, &QPushButton::clicked, this, &ApplicationsPage::openCheckDialog);
    connect(m_provide, &QPushButton::clicked, this, &ApplicationsPage::openProvideKeysDialog);
    connect(m_token, &QPushButton::clicked, this, &ApplicationsPage::openTokenDialog);
    connect(m_tabs, &QTabWidget::currentChanged, this, &ApplicationsPage::updateActions);
    connect(m_portalTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ApplicationsPage::updateActions);
    connect(m_entraTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ApplicationsPage::updateActions);
    connect(m_portalProxy, &QAbstractItemModel::modelReset, this, &ApplicationsPage::updateActions);
    connect(m_portalModel, &DevPortalApplicationModel::applicationsLoaded, this, &ApplicationsPage::portalRowsReady);
    connect(m_portalProxy, &SearchFilterProxyModel::prepared, this, &ApplicationsPage::portalRowsReady);
    connect(m_entraProxy, &QAbstractItemModel::modelReset, this, &ApplicationsPage::updateActions);
    connect(m_portalTable, &QTableView::doubleClicked, this, [this] {
        if (m_check->isEnabled())
            openCheckDialog();
    });
    connect(m_entraTable, &QTableView::doubleClicked, this, [this] {
        if (m_check->isEnabled())
            openCheckDialog();
    });
    connect(m_portalEmpty, &EmptyStateView::actionTriggered, this, [this] {
        if (!m_client)
            Q_EMIT connectRequested();
        else
            refreshDevPortal();
    });
    connect(m_portalBanner, &StateBanner::actionTriggered, this, &ApplicationsPage::refreshDevPortal);
    connect(m_entraBanner, &StateBanner::actionTriggered, this, &ApplicationsPage::refreshEntra);
    connect(m_entraEmpty, &EmptyStateView::actionTriggered, this, [this] {
        if (m_context->profiles()->entraProfiles().isEmpty()) {
            // Profiles added by kmconsole-cli live in the same file: read it again.
            ApiError error;
            if (!m_context->profiles()->load(&error))
                m_entraBanner->showMessage(StateBanner::Kind::Error, error.toUserText());
            reloadEntraProfiles();
        } else {
            refreshEntra();
        }
    });
    connect(m_entraProfile, &QComboBox::activated, this, [this] { refreshEntra(); });
    connect(m_context->profiles(), &ProfileStore::changed, this, &ApplicationsPage::reloadEntraProfiles);

    reloadEntraProfiles();
    updatePortalState();
    updateActions();
}

ApplicationsPage::~ApplicationsPage() = default; // the slots cancel the reads still running

void ApplicationsPage::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab);
}

QString ApplicationsPage::currentEntraProfile() const
{
    return m_entraProfile->currentData().toString();
}

void ApplicationsPage::setClient(ApimClient *client)
{
    m_portalJob.cancel();
    m_client = client;
    delete m_portal;
    m_portal = client ? new DevPortalClient(client, this) : nullptr;
    m_portalModel->clear();
    m_keyManagers.clear();
    m_portalLoaded = false;
    m_portalAwaitingRows = false;
    m_portalBanner->clear();
    m_entraModel->setUsage(QJsonArray());
    if (client)
        refreshDevPortal();
    else
        updatePortalState();
    updateActions();
}

void ApplicationsPage::refresh()
{
    refreshDevPortal();
    refreshEntra();
}

// ---- Developer Portal ----------------------------------------------------------------------------

Job *ApplicationsPage::loadDevPortal()
{
    return DevPortalOverview::load(m_client, m_portal, this);
}

void ApplicationsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_portalDeferred)
        refreshDevPortal();
    if (m_entraDeferred)
        refreshEntra();
}

void ApplicationsPage::refreshDevPortal()
{
    m_portalDeferred = !isVisible();
    if (m_portalDeferred)
        return;
    if (!m_client || !m_portal) {
        updatePortalState();
        updateActions();
        return;
    }
    m_portalBanner->showMessage(StateBanner::Kind::Progress, tr("Reading the Developer Portal's applications and their keys…"));
    m_portalJob.start(loadDevPortal(), [this](const ApiError &error, const QJsonValue &answer) {
        if (error) {
            m_portalBanner->showMessage(StateBanner::Kind::Error, error.toUserText(), tr("Retry"));
            updatePortalState();
            updateActions();
            Q_EMIT devPortalLoaded();
            return;
        }
        const DevPortalOverviewResult result = DevPortalOverviewResult::fromJson(answer);
        m_keyManagers = result.keyManagers;
        m_portalKeyManagerError = result.keyManagerError;
        m_portalAwaitingRows = true;
        m_portalModel->setKeyManagers(m_keyManagers);
        m_portalModel->setApplications(result.applications);
        portalRowsReady(); // at once for a short list; else again when the model and the filter have them
    });
}

void ApplicationsPage::portalRowsReady()
{
    if (!m_portalAwaitingRows || m_portalModel->isLoading() || m_portalProxy->isPreparing())
        return;
    m_portalAwaitingRows = false;
    m_entraModel->setUsage(m_portalModel->azureKeys());
    m_portalLoaded = true;
    updatePortalState(); // the table in view first: the columns are fitted to its width
    fitColumns(m_portalTable);
    if (m_portalKeyManagerError.isEmpty())
        m_portalBanner->clear();
    else
        m_portalBanner->showMessage(StateBanner::Kind::Error,
                                    tr("The key managers could not be read, so keys are shown without their type and token version: %1")
                                        .arg(m_portalKeyManagerError),
                                    tr("Retry"));
    updatePortalState();
    updateActions();
    Q_EMIT devPortalLoaded();
}

void ApplicationsPage::updatePortalState()
{
    if (!m_client) {
        m_portalEmpty->setContent(tr("Not connected"),
                                  tr("Connect to API Manager to see the Developer Portal's applications and the OAuth keys each one "
                                     "holds with each key manager."),
                                  tr("Connect…"));
        m_portalStack->setCurrentWidget(m_portalEmpty);
        m_portalSummary->clear();
        return;
    }
    if (!m_portalLoaded) {
        m_portalEmpty->setContent(tr("Applications not read yet"),
                                  m_portalJob.isBusy() ? tr("Reading the Developer Portal's applications…")
                                              : tr("The Developer Portal's applications could not be read; the message above says why."),
                                  m_portalJob.isBusy() ? QString() : tr("Retry"));
        m_portalStack->setCurrentWidget(m_portalEmpty);
        m_portalSummary->clear();
        return;
    }
    if (m_portalModel->applicationCount() == 0) {
        m_portalEmpty->setContent(tr("No applications yet"),
                                  tr("The Developer Portal has no applications that %1 can see. Create one in the Developer Portal "
                                     "(Applications › Add New Application), generate its keys with a key manager or provide existing "
                                     "ones here, then refresh.").arg(m_client->username()),
                                  tr("Refresh"));
        m_portalStack->setCurrentWidget(m_portalEmpty);
        m_portalSummary->clear();
        return;
    }
    m_portalStack->setCurrentWidget(m_portalTable);
    const int apps = m_portalModel->applicationCount();
    const int keys = m_portalModel->keyCount();
    const int azure = int(m_portalModel->azureKeys().size());
    QString summary = tr("%n application(s)", nullptr, apps) + QStringLiteral(", ") + tr("%n key(s)", nullptr, keys);
    if (azure)
        summary += QStringLiteral(", ") + tr("%n with an AzureAD key manager (its consumer key is the Entra application's client ID)", nullptr, azure);
    m_portalSummary->setText(summary + QLatin1Char('.'));
}

// ---- Entra ID -----------------------------------------------------------------------------------

void ApplicationsPage::reloadEntraProfiles()
{
    const QString current = m_entraProfile->currentData().toString();
    m_entraProfile->clear();
    for (const EntraProfile &p : m_context->profiles()->entraProfiles())
        m_entraProfile->addItem(p.isExternal() ? tr("%1 (%2, External ID)").arg(p.name, p.tenant) : QStringLiteral("%1 (%2)").arg(p.name, p.tenant), p.name);
    const int index = m_entraProfile->findData(current);
    m_entraProfile->setCurrentIndex(index >= 0 ? index : 0);
    m_entraProfile->setEnabled(m_entraProfile->count() > 0);
    if (m_entraProfile->currentData().toString() != current || !m_entraListed)
        refreshEntra();
    else
        updateActions();
}

void ApplicationsPage::showEntraProblem(const QString &title, const QString &text, const QString &action)
{
    m_entraModel->clear();
    m_entraListed = false;
    m_entraProblem = title;
    m_entraEmpty->setContent(title, text, action);
    m_entraStack->setCurrentWidget(m_entraEmpty);
    m_entraSummary->clear();
}

void ApplicationsPage::refreshEntra()
{
    m_entraDeferred = !isVisible();
    if (m_entraDeferred)
        return;
    m_entraJob.cancel();
    const QString name = m_entraProfile->currentData().toString();
    const auto profile = name.isEmpty() ? std::nullopt : m_context->profiles()->entraProfile(name);
    if (!profile) {
        m_entra = nullptr; // the shared connection stays open for others
        m_graph = nullptr;
        m_appCheck = nullptr;
        m_graphProfile.clear();
        m_entraBanner->clear();
        showEntraProblem(tr("No Entra ID profile"),
                         tr("The console needs the tenant and an app registration with Microsoft Graph access "
                            "(Application.Read.All, or Application.ReadWrite.All to apply fixes) to list Entra applications. Add one with"
                            "<br/><code style=\"white-space:pre\">kmconsole-cli profile add entra NAME --tenant TENANT --client-id CLIENT_ID "
                            "--client-secret-stdin</code><br/>or with Setup › Microsoft Entra ID, then reload the profiles."),
                         tr("Reload profiles"));
        updateActions();
        Q_EMIT entraLoaded();
        return;
    }
    m_entraBanner->showMessage(StateBanner::Kind::Progress, tr("Reading the applications of tenant %1 from Microsoft Graph…").arg(profile->tenant));
    withGraph(*profile, [this] { listEntraApplications(); });
}

void ApplicationsPage::withGraph(const EntraProfile &profile, std::function<void()> then)
{
    // The shared connection: opened once for every page and command, replaced when the profile changes.
    m_entraJob.start(m_context->connections()->openEntra(profile.name), [this, profile, then](const ApiError &error, const QJsonValue &) {
        if (error) {
            m_entraBanner->showMessage(StateBanner::Kind::Error,
                                       tr("%1 Store it again with kmconsole-cli profile add entra %2 … --client-secret-stdin.")
                                           .arg(error.toUserText(), profile.name),
                                       tr("Retry"));
            showEntraProblem(tr("Entra applications not listed"),
                             tr("Without the profile's client secret the console cannot sign in to Microsoft Graph."), QString());
            updateActions();
            Q_EMIT entraLoaded();
            return;
        }
        m_entra = m_context->connections()->entra(profile.name);
        m_graph = m_context->connections()->graph(profile.name);
        if (!m_appCheck || m_appCheck->parent() != m_graph.data())
            m_appCheck = m_graph ? m_graph->findChild<EntraAppCheck *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
        if (!m_appCheck && m_graph)
            m_appCheck = new EntraAppCheck(m_graph, m_graph); // lives as long as the shared Graph client
        m_graphProfile = profile.name;
        then();
    });
}

void ApplicationsPage::listEntraApplications()
{
    if (!m_graph)
        return;
    const QString tenant = m_entra ? m_entra->tenant() : QString();
    m_entraJob.start(m_graph->listApplications(MaxGraphPages), [this, tenant](const ApiError &error, const QJsonValue &answer) {
        if (error) {
            m_entraBanner->showMessage(StateBanner::Kind::Error, error.toUserText(), tr("Retry"));
            showEntraProblem(tr("Entra applications not listed"),
                             tr("Microsoft Graph did not list the applications of tenant %1; the message above says why and what to do.").arg(tenant),
                             QString());
            updateActions();
            Q_EMIT entraLoaded();
            return;
        }
        const QJsonObject result = answer.toObject();
        m_entraModel->setApplications(result.value(QLatin1String("applications")).toArray());
        m_entraModel->setUsage(m_portalModel->azureKeys());
        m_entraListed = true;
        m_entraProblem.clear();
        fitColumns(m_entraTable);
        if (result.value(QLatin1String("truncated")).toBool())
            m_entraBanner->showMessage(StateBanner::Kind::Info, tr("Only the first %1 pages of applications are listed: use the filter in the "
                                                                   "Azure portal for the rest.").arg(MaxGraphPages));
        else
            m_entraBanner->clear();
        updateEntraState();
        updateActions();
        Q_EMIT entraLoaded();
    });
}

void ApplicationsPage::updateEntraState()
{
    if (!m_entraListed)
        return;
    if (m_entraModel->rowCount() == 0) {
        m_entraEmpty->setContent(tr("No applications"),
                                 tr("Microsoft Graph lists no application that profile “%1” may read. An app holding only "
                                    "Application.ReadWrite.OwnedBy sees only the applications it created.").arg(m_graphProfile),
                                 tr("Refresh"));
        m_entraStack->setCurrentWidget(m_entraEmpty);
        m_entraSummary->clear();
        return;
    }
    m_entraStack->setCurrentWidget(m_entraTable);
    int noUri = 0, atLimit = 0, mismatched = 0;
    for (int row = 0; row < m_entraModel->rowCount(); ++row) {
        const QModelIndex index = m_entraModel->index(row, 0);
        // A missing URI matters only for an application clients ask tokens for (api://{appId}/.default).
        const bool used = !m_entraModel->usageAt(row).isEmpty();
        noUri += used && !index.data(EntraApplicationModel::HasOwnUriRole).toBool() ? 1 : 0;
        const int limit = index.data(EntraApplicationModel::SecretLimitRole).toInt();
        atLimit += limit > 0 && index.data(EntraApplicationModel::SecretCountRole).toInt() >= limit ? 1 : 0;
        const int expected = index.data(EntraApplicationModel::ExpectedVersionRole).toInt();
        mismatched += expected && expected != index.data(EntraApplicationModel::TokenVersionRole).toInt() ? 1 : 0;
    }
    QStringList parts{tr("%n application(s) in tenant %1", nullptr, m_entraModel->rowCount()).arg(m_entra ? m_entra->tenant() : QString())};
    if (noUri)
        parts << tr("%n used by DevPortal keys but without Application ID URI api://{appId} (AADSTS500011)", nullptr, noUri);
    if (atLimit)
        parts << tr("%n at the client-secret limit", nullptr, atLimit);
    if (mismatched)
        parts << tr("%n issuing tokens of another version than their key manager expects (900901)", nullptr, mismatched);
    // Applications DevPortal keys point at but Graph did not list (e.g. an OwnedBy-only profile).
    QSet<QString> missing;
    for (const QJsonValue &v : km::constTemporary(m_portalModel->azureKeys())) {
        const QString appId = v.toObject().value(QLatin1String("consumerKey")).toString();
        if (m_entraModel->rowForAppId(appId) < 0)
            missing.insert(appId);
    }
    if (!missing.isEmpty())
        parts << tr("%n used by DevPortal keys but not visible to this profile", nullptr, int(missing.size()));
    m_entraSummary->setText(parts.join(QStringLiteral("; ")) + QLatin1Char('.'));
}

// ---- Actions ------------------------------------------------------------------------------------

ApplicationsPage::Selection ApplicationsPage::selection() const
{
    Selection s;
    if (m_tabs->currentIndex() == EntraTab) {
        const QModelIndexList rows = m_entraTable->selectionModel()->selectedRows();
        if (rows.isEmpty())
            return s;
        const QModelIndex index = m_entraProxy->mapToSource(rows.first());
        const EntraApplication app = m_entraModel->applicationAt(index.row());
        s.appId = app.appId;
        s.displayName = app.displayName;
        s.keyManager = index.data(EntraApplicationModel::KeyManagerRole).toString();
        const QJsonArray usage = m_entraModel->usageAt(index.row());
        s.applicationId = usage.isEmpty() ? QString() : usage.first().toObject().value(QLatin1String("applicationId")).toString();
        s.azure = true;
        return s;
    }
    const QModelIndexList rows = m_portalTable->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return s;
    const QModelIndex index = m_portalProxy->mapToSource(rows.first());
    s.applicationId = index.data(DevPortalApplicationModel::ApplicationIdRole).toString();
    s.keyManager = index.data(DevPortalApplicationModel::KeyManagerNameRole).toString();
    s.azure = index.data(DevPortalApplicationModel::KeyManagerTypeRole).toString() == QLatin1String("AzureAD");
    if (s.azure) {
        s.appId = index.data(DevPortalApplicationModel::ConsumerKeyRole).toString();
        const int row = m_entraModel->rowForAppId(s.appId);
        s.displayName = row >= 0 ? m_entraModel->applicationAt(row).displayName
                                 : index.data(DevPortalApplicationModel::ApplicationNameRole).toString();
    }
    return s;
}

QList<PortalKeyManager> ApplicationsPage::azureKeyManagers() const
{
    return PortalKeyManager::entraOnly(m_keyManagers);
}

void ApplicationsPage::updateActions()
{
    const Selection s = selection();
    const bool hasProfile = !m_entraProfile->currentData().toString().isEmpty();
    auto withShortcut = [](QPushButton *b, const QString &tip) {
        b->setToolTip(QStringLiteral("%1 (%2)").arg(tip, b->property("shortcutText").toString()));
    };

    const bool canCheck = m_appCheck && s.azure && !s.appId.isEmpty();
    m_check->setEnabled(canCheck);
    if (canCheck)
        withShortcut(m_check, tr("Check “%1” for its key manager: Application ID URI, token version, client secrets").arg(s.displayName));
    else if (!hasProfile)
        withShortcut(m_check, tr("Add an Entra ID profile first: the check reads the application from Microsoft Graph"));
    else if (!m_appCheck)
        withShortcut(m_check, tr("The Entra ID tab has not signed in to Microsoft Graph yet"));
    else
        withShortcut(m_check, tr("Select an Entra application, or a key of an AzureAD key manager"));

    const bool canProvide = m_portal && m_portalModel->applicationCount() > 0;
    m_provide->setEnabled(canProvide);
    withShortcut(m_provide, !m_client ? tr("Connect to API Manager first")
                            : canProvide ? tr("Give a DevPortal application the client ID and secret of an Entra application registered by hand (map-keys)")
                                         : tr("The Developer Portal has no application to give keys to"));

    m_token->setEnabled(hasProfile);
    withShortcut(m_token, hasProfile ? tr("Request a client-credentials token for api://{appId}/.default and open it in the Token Inspector")
                                     : tr("Add an Entra ID profile first: it names the tenant to request the token from"));
    m_refresh->setEnabled(true);
}

void ApplicationsPage::openCheckDialog()
{
    const Selection s = selection();
    if (!m_appCheck || !s.azure || s.appId.isEmpty())
        return;
    auto *dialog = new EntraAppCheckDialog(m_appCheck, s.appId, s.displayName, azureKeyManagers(), s.keyManager, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &EntraAppCheckDialog::applicationChanged, this, [this] {
        if (m_graph && !m_entraJob.isBusy())
            listEntraApplications();
    });
    dialog->open();
}

void ApplicationsPage::openProvideKeysDialog()
{
    if (!m_portal || m_portalModel->applicationCount() == 0)
        return;
    const Selection s = selection();
    QString keyManager = s.keyManager;
    if (const QList<PortalKeyManager> entra = azureKeyManagers(); keyManager.isEmpty() && !entra.isEmpty())
        keyManager = entra.first().name;
    // From the Entra tab the selected application is the one to map; from the DevPortal tab the key is already held.
    const QString clientId = m_tabs->currentIndex() == EntraTab ? s.appId : QString();
    auto *dialog = new ProvideKeysDialog(m_portal, m_portalModel->applications(), m_keyManagers,
                                         m_tabs->currentIndex() == DevPortalTab ? s.applicationId : QString(), clientId, keyManager, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ProvideKeysDialog::keysMapped, this, &ApplicationsPage::refreshDevPortal);
    dialog->open();
}

void ApplicationsPage::openTokenDialog()
{
    const auto profile = m_context->profiles()->entraProfile(m_entraProfile->currentData().toString());
    if (!profile)
        return;
    const Selection s = selection();
    auto *dialog = new EntraTokenDialog(m_context->http(), *profile, azureKeyManagers(), s.azure ? s.appId : QString(), s.keyManager, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (const int row = s.azure ? m_entraModel->rowForAppId(s.appId) : -1; row >= 0)
        dialog->setApplicationIdUris(m_entraModel->applicationAt(row).identifierUris);
    connect(dialog, &EntraTokenDialog::tokenReceived, this, [this, dialog](const QString &token, const QString &keyManager) {
        Q_EMIT openTokenInInspector(token, keyManager);
        dialog->close();
    });
    dialog->open();
}

} // namespace km
