#include "ui/scopes/ScopesPage.h"

#include "models/common/SearchFilterProxyModel.h"
#include "models/scopes/ScopeTableModel.h"
#include "services/apim/ApimClient.h"
#include "services/apim/PublisherClient.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/asgardeo/ScopeCoverage.h"
#include "services/connections/Connections.h"
#include "services/core/Job.h"
#include "services/core/ServiceContext.h"
#include "services/profiles/ProfileStore.h"
#include "services/secrets/SecretStore.h"
#include "ui/common/EmptyStateView.h"
#include "ui/common/StateBanner.h"
#include "ui/scopes/ScopeDialogs.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <utility>

namespace km {

ScopesPage::ScopesPage(ServiceContext *context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_model(new ScopeTableModel(this))
    , m_proxy(new SearchFilterProxyModel(this))
    , m_organization(new QComboBox)
    , m_resource(new QLineEdit(QString(AsgardeoClient::DefaultGlobalScopesResource)))
    , m_filter(new QLineEdit)
    , m_refresh(new QPushButton(tr("&Refresh")))
    , m_authorize(new QPushButton(tr("&Authorize for an application…")))
    , m_requestToken(new QPushButton(tr("Request a &token…")))
    , m_addMissing(new QPushButton(tr("Add &missing to Asgardeo")))
    , m_banner(new StateBanner)
    , m_summary(new QLabel)
    , m_stack(new QStackedWidget)
    , m_empty(new EmptyStateView)
    , m_table(new QTableView)
{
    setObjectName(QStringLiteral("scopesPage"));
    m_organization->setObjectName(QStringLiteral("scopesOrganization"));
    m_resource->setObjectName(QStringLiteral("scopesResource"));
    m_filter->setObjectName(QStringLiteral("scopesFilter"));
    m_refresh->setObjectName(QStringLiteral("scopesRefresh"));
    m_authorize->setObjectName(QStringLiteral("scopesAuthorize"));
    m_requestToken->setObjectName(QStringLiteral("scopesRequestToken"));
    m_addMissing->setObjectName(QStringLiteral("scopesAddMissing"));
    m_banner->setObjectName(QStringLiteral("scopesBanner"));
    m_summary->setObjectName(QStringLiteral("scopesSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_table->setObjectName(QStringLiteral("scopesTable"));
    m_empty->setObjectName(QStringLiteral("scopesEmptyState"));
    m_filter->setPlaceholderText(tr("Filter scopes"));
    m_filter->setClearButtonEnabled(true);
    m_summary->setWordWrap(true);
    m_organization->setToolTip(tr("The Asgardeo organization whose global scopes resource is compared"));
    m_resource->setToolTip(tr("Name of the global scopes API resource (the key manager's APIM_GLOBAL_SCOPES setting)"));

    m_proxy->setSourceModel(m_model);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ScopeTableModel::NameColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setColumnWidth(ScopeTableModel::NameColumn, 160);
    m_table->setColumnWidth(ScopeTableModel::DisplayNameColumn, 150);
    m_table->setColumnWidth(ScopeTableModel::UsedByColumn, 220);
    m_table->setColumnWidth(ScopeTableModel::RolesColumn, 130);
    m_table->setColumnWidth(ScopeTableModel::AsgardeoColumn, 100);
    // Never narrower than the column's title (tst_gui_clipping): "In Asgardeo" needs more than 100 px in some fonts.
    for (int column = 0; column < m_table->model()->columnCount(); ++column)
        m_table->setColumnWidth(column, qMax(m_table->columnWidth(column), m_table->horizontalHeader()->sectionSizeHint(column)));

    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_table);

    // Sized by a fixed number of characters, not by its longest entry: a long profile name or a longer
    // language would otherwise make the page wider than the window (tst_gui_pseudo_locale).
    m_organization->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_organization->setMinimumContentsLength(16);
    auto *top = new QHBoxLayout;
    auto *orgLabel = new QLabel(tr("Asgardeo &organization:"));
    orgLabel->setBuddy(m_organization);
    auto *resourceLabel = new QLabel(tr("Global r&esource:"));
    resourceLabel->setBuddy(m_resource);
    top->addWidget(orgLabel);
    top->addWidget(m_organization, 1);
    top->addWidget(resourceLabel);
    top->addWidget(m_resource, 1);
    // The filter on a row of its own: beside the two fields above it was squeezed to a few letters at 1024 px.
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_refresh);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_summary, 1);
    bottom->addWidget(m_addMissing);
    bottom->addWidget(m_authorize);
    bottom->addWidget(m_requestToken);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(filterRow);
    layout->addWidget(m_banner);
    layout->addWidget(m_stack, 1);
    layout->addLayout(bottom);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &SearchFilterProxyModel::setSearchText);
    connect(m_refresh, &QPushButton::clicked, this, &ScopesPage::refresh);
    connect(m_resource, &QLineEdit::returnPressed, this, &ScopesPage::refresh);
    connect(m_organization, &QComboBox::activated, this, [this] {
        m_organizationChosen = true;
        refresh();
    });
    connect(m_context->profiles(), &ProfileStore::changed, this, &ScopesPage::reloadOrganizations);
    connect(m_authorize, &QPushButton::clicked, this, &ScopesPage::openAuthorizeDialog);
    connect(m_addMissing, &QPushButton::clicked, this, &ScopesPage::addMissingToAsgardeo);
    connect(m_requestToken, &QPushButton::clicked, this, &ScopesPage::openRequestTokenDialog);
    connect(m_empty, &EmptyStateView::actionTriggered, this, [this] {
        if (!m_client)
            Q_EMIT connectRequested();
        else
            refresh();
    });
    connect(m_banner, &StateBanner::actionTriggered, this, &ScopesPage::refresh);
    reloadOrganizations();
    updateState();
}

ScopesPage::~ScopesPage() = default; // the slot cancels a read still running

void ScopesPage::reloadOrganizations()
{
    const QString current = m_organization->currentData().toString();
    m_organization->clear();
    m_organization->addItem(tr("None: list scopes only"), QString());
    for (const AsgardeoProfile &p : m_context->profiles()->asgardeoProfiles())
        m_organization->addItem(QStringLiteral("%1 (%2)").arg(p.organization, p.baseUrl.host()), p.name);
    // Until the user picks one, the first organization is compared.
    const int index = m_organizationChosen ? m_organization->findData(current) : -1;
    m_organization->setCurrentIndex(index >= 0 ? index : (m_organization->count() > 1 ? 1 : 0));
}

void ScopesPage::setClient(ApimClient *client)
{
    m_job.cancel();
    m_client = client;
    delete m_publisher;
    m_publisher = client ? new PublisherClient(client, this) : nullptr;
    m_model->clear();
    m_coverage.reset();
    if (client)
        refresh();
    else
        updateState();
}

void ScopesPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_deferred)
        refresh();
}

void ScopesPage::refresh()
{
    m_deferred = !isVisible();
    if (m_deferred)
        return;
    if (!m_client || !m_publisher) {
        updateState();
        return;
    }
    m_refresh->setEnabled(false);
    m_banner->showMessage(StateBanner::Kind::Progress, tr("Reading the scopes from API Manager's Publisher…"));
    const QString profileName = m_organization->currentData().toString();
    if (profileName.isEmpty() || !m_context->profiles()->asgardeoProfile(profileName)) {
        compareWith(nullptr);
        return;
    }
    // The shared connection: opened once for every page and command, replaced when the profile changes. Asked
    // again meanwhile (another organization, another resource): this opening and its comparison are cancelled.
    m_job.start(m_context->connections()->openAsgardeo(profileName), [this, profileName](const ApiError &error, const QJsonValue &) {
        if (error) {
            m_banner->showMessage(StateBanner::Kind::Error, tr("%1 Scopes are listed without the comparison.").arg(error.toUserText()));
            compareWith(nullptr);
            return;
        }
        m_asgardeo = m_context->connections()->asgardeo(profileName);
        compareWith(m_asgardeo);
    });
}

void ScopesPage::compareWith(AsgardeoClient *asgardeo)
{
    const QString resource = m_resource->text().trimmed().isEmpty() ? QString(AsgardeoClient::DefaultGlobalScopesResource) : m_resource->text().trimmed();
    m_job.start(ScopeCoverage::compare(m_publisher, asgardeo, resource, this), [this, resource](const ApiError &error, const QJsonValue &result) {
        m_refresh->setEnabled(true);
        if (error) {
            m_banner->showMessage(StateBanner::Kind::Error, error.toUserText(), tr("Retry"));
            updateState();
            return;
        }
        m_coverage = ScopeCoverageResult::fromJson(result);
        const ScopeCoverageResult &coverage = *m_coverage;
        m_model->setCoverage(coverage);
        const int total = m_model->rowCount();
        QStringList parts{tr("%n scope(s) in API Manager", nullptr, total)};
        if (coverage.compared && coverage.resource.isNull()) {
            m_banner->showMessage(StateBanner::Kind::Error,
                                  tr("Organization “%1” has no API resource named “%2”: the Asgardeo key manager cannot work without it. "
                                     "Run Setup › Asgardeo to create it.").arg(coverage.organization, resource));
        } else if (const QStringList notes = ScopeCoverage::mcpNotes(coverage.mcp); !notes.isEmpty()) {
            // No MCP servers on this server (before 4.6), or servers whose tools carry no scope: said, not hidden.
            m_banner->showMessage(StateBanner::Kind::Info, notes.join(QLatin1Char('\n')));
        } else {
            m_banner->clear();
        }
        if (coverage.mcp.read)
            parts << tr("%n MCP server(s)", nullptr, coverage.mcp.servers);
        if (coverage.compared)
            parts << tr("%n missing from Asgardeo", nullptr, coverage.missing);
        if (coverage.restricted)
            parts << tr("%n with a name Asgardeo refuses", nullptr, coverage.restricted);
        m_summary->setText(parts.join(QStringLiteral("; ")) + QLatin1Char('.'));
        if (!m_report.isEmpty())
            m_banner->showMessage(StateBanner::Kind::Info, std::exchange(m_report, QString()));
        updateState();
        Q_EMIT loaded();
    });
}

void ScopesPage::updateState()
{
    const bool compared = m_coverage && !m_coverage->resource.isNull();
    m_authorize->setEnabled(compared && m_asgardeo);
    m_addMissing->setEnabled(compared && m_asgardeo && !missingScopes().isEmpty());
    m_addMissing->setToolTip(tr("Add the scopes Asgardeo's global resource lacks (names Asgardeo refuses are left out)"));
    m_requestToken->setEnabled(compared && m_asgardeo);
    const QString why = tr("Choose an Asgardeo organization that holds the global scopes resource first.");
    m_authorize->setToolTip(compared ? tr("Let an Asgardeo application request some of these scopes") : why);
    m_requestToken->setToolTip(compared ? tr("Request a client-credentials token and see which scopes were granted") : why);
    if (!m_client) {
        m_empty->setContent(tr("Not connected"), tr("Connect to API Manager to see its shared and API scopes, and whether "
                                                    "Asgardeo's global scopes resource holds them."), tr("Connect…"));
        m_stack->setCurrentWidget(m_empty);
        m_summary->clear();
        return;
    }
    if (m_model->rowCount() == 0 && m_coverage) {
        m_empty->setContent(tr("No scopes yet"), tr("API Manager has no shared scopes and no API defines a scope. Add scopes in the "
                                                    "Publisher (Scopes, or an API's Resources); they appear here."), tr("Refresh"));
        m_stack->setCurrentWidget(m_empty);
        return;
    }
    m_stack->setCurrentWidget(m_table);
}

QStringList ScopesPage::missingScopes() const
{
    return m_coverage ? m_coverage->namesToAdd() : QStringList();
}

void ScopesPage::addMissingToAsgardeo()
{
    const QStringList missing = missingScopes();
    if (!m_asgardeo || missing.isEmpty() || !m_coverage || m_coverage->resource.isNull())
        return;
    const QString resourceId = m_coverage->resource.id;
    const QString resource = m_coverage->resource.name;
    const int leftOut = m_coverage->restricted;
    // Writes to Asgardeo: asked first, non-blocking.
    auto *box = new QMessageBox(QMessageBox::Question, tr("Add missing scopes to Asgardeo"),
                                ScopeCoverage::addQuestion(missing, leftOut, resource), QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("addMissingConfirmation"));
    box->setTextFormat(Qt::PlainText); // scope names are the server's
    QPushButton *add = box->addButton(tr("&Add %n scope(s)", nullptr, int(missing.size())), QMessageBox::AcceptRole);
    add->setObjectName(QStringLiteral("addMissingConfirm"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(add);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, add, missing, resourceId, resource, leftOut] {
        if (box->clickedButton() == add)
            addScopes(resourceId, resource, missing, leftOut);
    });
    box->open();
    Q_EMIT confirmationOpened(box);
}

void ScopesPage::addScopes(const QString &resourceId, const QString &resource, const QStringList &missing, int leftOut)
{
    if (!m_asgardeo)
        return;
    m_addMissing->setEnabled(false);
    m_banner->showMessage(StateBanner::Kind::Progress, tr("Adding %1 to Asgardeo…").arg(missing.join(QStringLiteral(", "))));
    m_job.start(m_asgardeo->addScopes(resourceId, missing), [this, missing, resource, leftOut](const ApiError &error, const QJsonValue &) {
        if (error) {
            m_banner->showMessage(StateBanner::Kind::Error, error.toUserText(), tr("Retry"));
            updateState();
            return;
        }
        // Said once the table shows them (the reload clears the banner first).
        m_report = ScopeCoverage::addReport(missing, leftOut, resource);
        refresh();
    });
}

void ScopesPage::openAuthorizeDialog()
{
    if (!m_asgardeo)
        return;
    if (!m_coverage)
        return;
    auto *dialog = new AuthorizeScopesDialog(m_asgardeo, m_coverage->resource.id, m_coverage->resource.name, m_coverage->namesInAsgardeo(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void ScopesPage::openRequestTokenDialog()
{
    if (!m_asgardeo)
        return;
    auto *dialog = new RequestTokenDialog(m_asgardeo, m_context->http(), m_coverage ? m_coverage->namesInAsgardeo() : QStringList(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RequestTokenDialog::openInInspector, this, [this, dialog](const QString &token) {
        Q_EMIT openTokenInInspector(token);
        dialog->close();
    });
    dialog->open();
}

} // namespace km
