#include "ui/keymanagers/KeyManagersPage.h"

#include "services/apim/ResidentKeyManager.h"

#include "models/keymanagers/KeyManagerTableModel.h"
#include "services/apim/ApimClient.h"
#include "services/apim/KeyManagerCatalogue.h"
#include "services/apim/KeyManagerConfig.h"
#include "services/core/Job.h"
#include "services/core/Redactor.h"
#include "services/core/ServiceContext.h"
#include "ui/keymanagers/KeyManagerDetailsView.h"
#include "ui/keymanagers/KeyManagerFormWizard.h"
#include "ui/common/EmptyStateView.h"
#include "ui/widgets/CopyButton.h"
#include "ui/common/StateBanner.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace km {

namespace {
// Details are fetched a few at a time so a long list does not flood the server.
constexpr int MaxDetailFetches = 3;

QString quoted(const QString &name)
{
    return QStringLiteral("“") + name + QStringLiteral("”");
}
} // namespace

KeyManagersPage::KeyManagersPage(QWidget *parent)
    : QWidget(parent)
    , m_model(new KeyManagerTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_banner(new StateBanner(this))
    , m_filter(new QLineEdit(this))
    , m_refresh(new QPushButton(tr("&Refresh"), this))
    , m_add(new QPushButton(tr("&Add…"), this))
    , m_edit(new QPushButton(tr("Edi&t…"), this))
    , m_toggle(new QPushButton(tr("&Disable"), this))
    , m_delete(new QPushButton(tr("De&lete…"), this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new EmptyStateView(this))
    , m_table(new QTableView(this))
    , m_detailTitle(new QLabel(this))
    , m_details(new KeyManagerDetailsView(this))
    , m_detail(m_details->jsonView())
{
    setObjectName(QStringLiteral("keyManagersPage"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setSortRole(KeyManagerTableModel::SortRole);

    m_filter->setObjectName(QStringLiteral("keyManagerFilter"));
    m_filter->setPlaceholderText(tr("Filter by name, type or issuer"));
    m_filter->setClearButtonEnabled(true);
    auto *filterLabel = new QLabel(tr("F&ilter:"), this);
    filterLabel->setBuddy(m_filter);
    m_refresh->setObjectName(QStringLiteral("keyManagerRefresh"));
    m_refresh->setToolTip(tr("Fetch the key managers again (F5)"));
    m_add->setObjectName(QStringLiteral("keyManagerAdd"));
    m_add->setToolTip(tr("Add a key manager of any type this API Manager has a connector for"));
    m_edit->setObjectName(QStringLiteral("keyManagerEdit"));
    m_toggle->setObjectName(QStringLiteral("keyManagerToggle"));
    m_check = new QPushButton(tr("Chec&k"), this);
    m_check->setObjectName(QStringLiteral("keyManagerCheck"));
    m_delete->setObjectName(QStringLiteral("keyManagerDelete"));
    m_banner->setObjectName(QStringLiteral("keyManagerBanner"));

    m_table->setObjectName(QStringLiteral("keyManagerTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(KeyManagerTableModel::Name, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Columns as wide as their contents (fitColumns), the issuer too up to a limit; a long URL is elided in
    // the middle so its host and its end stay readable, and the whole of it is in the details.
    m_table->setTextElideMode(Qt::ElideMiddle);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);

    m_detailTitle->setObjectName(QStringLiteral("keyManagerDetailTitle"));
    m_detailTitle->setTextFormat(Qt::PlainText); // the name and type come from the server
    m_detailTitle->setWordWrap(true);
    m_detailTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *detailBox = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detailBox);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    // The configuration as shown (secrets masked), to paste into a ticket or compare with another environment.
    auto *copy = new CopyButton([this] { return m_detail->toPlainText(); }, detailBox);
    copy->setObjectName(QStringLiteral("copyKeyManagerDetail"));
    copy->setToolTip(tr("Copy the configuration shown (secrets stay masked)"));
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_detailTitle, 1);
    titleRow->addWidget(copy, 0, Qt::AlignTop);
    detailLayout->addLayout(titleRow);
    detailLayout->addWidget(m_details, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("keyManagerSplitter"));
    splitter->addWidget(m_table);
    splitter->addWidget(detailBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    m_empty->setObjectName(QStringLiteral("keyManagerEmpty"));
    connect(m_empty, &EmptyStateView::actionTriggered, this, [this] {
        if (!m_client)
            Q_EMIT connectRequested();
        else if (m_model->rowCount() > 0)
            m_filter->clear();
        else
            refresh();
    });
    m_stack->addWidget(splitter);
    m_stack->addWidget(m_empty);

    auto *bar = new QHBoxLayout;
    bar->addWidget(filterLabel);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_refresh);
    bar->addWidget(m_add);
    bar->addWidget(m_edit);
    bar->addWidget(m_toggle);
    bar->addWidget(m_delete);
    bar->addWidget(m_check);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_banner);
    layout->addWidget(m_stack, 1);
    setTabOrder(m_filter, m_refresh);
    setTabOrder(m_refresh, m_add);
    setTabOrder(m_add, m_edit);
    setTabOrder(m_edit, m_toggle);
    setTabOrder(m_toggle, m_delete);
    setTabOrder(m_delete, m_check);
    setTabOrder(m_check, m_table);
    setTabOrder(m_table, m_details);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        updateEmptyState();
    });
    connect(m_refresh, &QPushButton::clicked, this, &KeyManagersPage::refresh);
    connect(m_add, &QPushButton::clicked, this, &KeyManagersPage::addKeyManager);
    connect(m_edit, &QPushButton::clicked, this, &KeyManagersPage::editSelected);
    connect(m_toggle, &QPushButton::clicked, this, &KeyManagersPage::toggleEnabledOfSelected);
    connect(m_delete, &QPushButton::clicked, this, &KeyManagersPage::deleteSelected);
    connect(m_check, &QPushButton::clicked, this, [this] {
        const int row = selectedSourceRow();
        if (row >= 0)
            Q_EMIT checkRequested(m_model->nameAt(row));
    });
    connect(m_banner, &StateBanner::actionTriggered, this, [this] {
        if (!m_client) {
            Q_EMIT connectRequested();
        } else if (m_retry) {
            const auto retry = std::exchange(m_retry, {});
            retry();
        } else {
            refresh();
        }
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        const int row = selectedSourceRow();
        const auto state = m_model->data(m_model->index(row, 0), KeyManagerTableModel::DetailStateRole)
                               .value<KeyManagerTableModel::DetailState>();
        if (row >= 0 && (state == KeyManagerTableModel::DetailState::NotLoaded
                         || state == KeyManagerTableModel::DetailState::Failed)) {
            m_detailQueue.removeAll(m_model->idAt(row));
            fetchDetail(m_model->idAt(row));
        }
        updateDetailPane();
        updateActions();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        updateDetailPane();
        updateActions();
    });
    const auto rowsChanged = [this] {
        updateEmptyState();
        updateDetailPane();
        updateActions();
    };
    connect(m_proxy, &QAbstractItemModel::modelReset, this, rowsChanged);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, rowsChanged);
    setClient(nullptr);
}

KeyManagersPage::~KeyManagersPage()
{
    cancelJobs();
}

void KeyManagersPage::setClient(ApimClient *client)
{
    cancelJobs();
    m_client = client;
    if (m_catalogue)
        disconnect(m_catalogue, nullptr, this, nullptr);
    m_catalogue = client ? client->keyManagerCatalogue() : nullptr;
    if (m_catalogue) {
        connect(m_catalogue, &KeyManagerCatalogue::changed, this, [this] {
            // Read again after a change made elsewhere (a wizard, the Doctor's fix): shown as it comes.
            if (!m_listJob && m_catalogue->state() == KeyManagerCatalogue::State::Read)
                showList(m_catalogue->listObject());
        });
    }
    m_listLoaded = false;
    m_connecting = false;
    m_model->clear();
    if (!m_client) {
        m_banner->clear();
        updateEmptyState();
        updateActions();
        return;
    }
    refresh();
}

ApimClient *KeyManagersPage::client() const
{
    return m_client;
}

void KeyManagersPage::showConnecting(const QString &text)
{
    if (m_client)
        return;
    m_connecting = true;
    m_banner->showMessage(StateBanner::Kind::Progress, text);
    updateEmptyState();
}

void KeyManagersPage::showConnectionProblem(const QString &text)
{
    if (m_client)
        return;
    m_connecting = false;
    updateEmptyState();
    m_banner->showMessage(StateBanner::Kind::Error, tr("Not connected to the API Manager. %1").arg(text),
                          tr("&Connect…"));
}

void KeyManagersPage::refresh()
{
    if (!m_client) {
        setClient(nullptr);
        return;
    }
    cancelJobs();
    m_retry = {};
    setBusy(tr("Loading key managers…"));
    fetchSettings();
    Job *job = m_catalogue->refresh();
    m_listJob = job;
    startJob(job);
    job->onFinished(this, [this](Job *job) {
        m_busy = false;
        m_listJob = nullptr;
        if (job->error().kind == ApiError::Kind::Cancelled)
            return;
        if (job->hasError()) {
            showListError(job->error());
            return;
        }
        showList(job->result().toObject());
    });
}

void KeyManagersPage::showList(const QJsonObject &list)
{
    m_banner->clear();
    m_listLoaded = true;
    m_model->setKeyManagerList(list);
    if (!selectPending() && !m_table->selectionModel()->currentIndex().isValid() && m_proxy->rowCount() > 0)
        m_table->selectRow(0);
    m_detailQueue = m_model->idsWithoutDetail();
    fetchNextDetails();
    fitColumns();
    updateEmptyState();
    updateActions();
}

void KeyManagersPage::fetchSettings()
{
    // The connectors' own labels for the details; without them the details show the wire names.
    Job *job = m_client->settings();
    startJob(job);
    job->onFinished(this, [this](Job *job) {
        if (job->hasError())
            return;
        m_connectors = ConnectorSettings::fromSettings(job->result().toObject());
        updateDetailPane();
        updateActions();
    });
}

void KeyManagersPage::fitColumns()
{
    m_table->resizeColumnsToContents();
    // The issuer column takes what it needs up to half the table; longer issuers are elided in the middle.
    const int limit = qMax(m_table->viewport()->width() / 2, fontMetrics().horizontalAdvance(QLatin1Char('x')) * 40);
    if (m_table->columnWidth(KeyManagerTableModel::Issuer) > limit)
        m_table->setColumnWidth(KeyManagerTableModel::Issuer, limit);
}

void KeyManagersPage::startJob(Job *job)
{
    m_jobs.removeAll(nullptr);
    m_jobs.append(job);
}

void KeyManagersPage::cancelJobs()
{
    m_detailQueue.clear();
    m_detailsInFlight = 0;
    const auto jobs = std::exchange(m_jobs, {});
    for (const QPointer<Job> &job : jobs) {
        if (job && !job->isFinished())
            job->cancel();
    }
    m_busy = false;
}

void KeyManagersPage::setBusy(const QString &text)
{
    m_busy = true;
    m_banner->showMessage(StateBanner::Kind::Progress, text);
    updateActions();
}

void KeyManagersPage::showListError(const ApiError &error)
{
    m_retry = [this] { refresh(); };
    m_banner->showMessage(StateBanner::Kind::Error,
                          tr("The key managers could not be loaded. %1").arg(error.toUserText()), tr("&Retry"));
    updateEmptyState();
    updateActions();
}

void KeyManagersPage::showActionError(const QString &what, const ApiError &error, std::function<void()> retry)
{
    m_busy = false;
    m_retry = std::move(retry);
    m_banner->showMessage(StateBanner::Kind::Error, what + QLatin1Char(' ') + error.toUserText(), tr("&Retry"));
    updateActions();
}

void KeyManagersPage::fetchNextDetails()
{
    while (m_client && m_detailsInFlight < MaxDetailFetches && !m_detailQueue.isEmpty())
        fetchDetail(m_detailQueue.takeFirst());
}

void KeyManagersPage::fetchDetail(const QString &id)
{
    if (!m_client || id.isEmpty())
        return;
    ++m_detailsInFlight;
    m_model->setDetailLoading(id);
    Job *job = m_client->getKeyManager(id);
    startJob(job);
    job->onFinished(this, [this, id](Job *job) {
        if (job->error().kind == ApiError::Kind::Cancelled)
            return; // cancelJobs() reset the bookkeeping
        --m_detailsInFlight;
        if (job->hasError())
            m_model->setDetailError(id, job->error().toUserText());
        else
            m_model->setDetail(id, job->result().toObject());
        if (m_detailsInFlight == 0 && m_detailQueue.isEmpty())
            fitColumns();
        fetchNextDetails();
    });
}

void KeyManagersPage::selectKeyManager(const QString &name)
{
    m_pendingSelection = name;
    if (m_listLoaded && !m_busy)
        selectPending();
}

bool KeyManagersPage::selectPending()
{
    if (m_pendingSelection.isEmpty())
        return false;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->nameAt(row) != m_pendingSelection)
            continue;
        m_pendingSelection.clear();
        if (!m_proxy->mapFromSource(m_model->index(row, 0)).isValid())
            m_filter->clear(); // a filter that hides it must not hide what was asked for
        m_table->selectRow(m_proxy->mapFromSource(m_model->index(row, 0)).row());
        m_table->setFocus();
        return true;
    }
    m_pendingSelection.clear();
    return false;
}

int KeyManagersPage::selectedSourceRow() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? m_proxy->mapToSource(current).row() : -1;
}

QString KeyManagersPage::typeAt(int row) const
{
    return m_model->index(row, KeyManagerTableModel::Type).data(Qt::DisplayRole).toString();
}

void KeyManagersPage::toggleEnabledOfSelected()
{
    const int row = selectedSourceRow();
    if (row < 0 || !m_client || m_busy)
        return;
    const QString id = m_model->idAt(row);
    const QString name = m_model->nameAt(row);
    if (!m_model->isEnabled(row) || !ResidentKeyManager::is(name, typeAt(row))) {
        setEnabled(id, !m_model->isEnabled(row));
        return;
    }
    // The built-in key manager: not with the ordinary click, only after reading what stops.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Disable the Resident Key Manager"),
                                tr("Disable %1?").arg(quoted(name)), QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("disableResidentConfirmation"));
    box->setTextFormat(Qt::PlainText);
    box->setInformativeText(ResidentKeyManager::disableConsequences());
    QPushButton *confirm = box->addButton(tr("&Disable the built-in key manager"), QMessageBox::DestructiveRole);
    confirm->setObjectName(QStringLiteral("disableResidentConfirm"));
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(cancel);
    box->setEscapeButton(cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, confirm, id] {
        if (box->clickedButton() == confirm)
            setEnabled(id, false);
    });
    box->open();
    Q_EMIT deleteConfirmationOpened(box);
}

void KeyManagersPage::setEnabled(const QString &id, bool enabled)
{
    const int row = m_model->rowOf(id);
    if (row < 0 || !m_client)
        return;
    const QString name = m_model->nameAt(row);
    setBusy(enabled ? tr("Enabling %1…").arg(quoted(name)) : tr("Disabling %1…").arg(quoted(name)));
    const QString failure = enabled ? tr("%1 could not be enabled.").arg(quoted(name))
                                    : tr("%1 could not be disabled.").arg(quoted(name));
    auto retry = [this, id, enabled] { setEnabled(id, enabled); };

    // From the server's current configuration, never a stale copy: the API replaces it whole on PUT.
    Job *job = m_client->changeKeyManager(id, [enabled](KeyManagerConfig &c) { c.flags.insert(QStringLiteral("enabled"), enabled); });
    startJob(job);
    job->onFinished(this, [this, id, enabled, name, failure, retry](Job *job) {
        if (job->error().kind == ApiError::Kind::Cancelled)
            return;
        if (job->hasError()) {
            showActionError(failure, job->error(), retry);
            return;
        }
        m_busy = false;
        m_model->setDetail(id, job->result().toObject());
        m_banner->showMessage(StateBanner::Kind::Info, enabled ? tr("%1 is enabled.").arg(quoted(name))
                                                               : tr("%1 is disabled.").arg(quoted(name)));
        updateActions();
    });
}

void KeyManagersPage::setServices(ServiceContext *context)
{
    m_services = context;
    updateActions();
}

void KeyManagersPage::addKeyManager()
{
    if (m_client && m_services && !m_connectors.isEmpty())
        openForm({});
}

void KeyManagersPage::editSelected()
{
    const int row = selectedSourceRow();
    if (row < 0 || !m_client || !m_services)
        return;
    const QModelIndex index = m_model->index(row, 0);
    if (m_model->data(index, KeyManagerTableModel::DetailStateRole).value<KeyManagerTableModel::DetailState>() != KeyManagerTableModel::DetailState::Loaded)
        return;
    openForm(m_model->data(index, KeyManagerTableModel::DetailRole).toJsonObject());
}

void KeyManagersPage::openForm(const QJsonObject &existing)
{
    auto *wizard = new KeyManagerFormWizard(m_services, m_client, m_connectors, existing, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &KeyManagerFormWizard::keyManagerSaved, this, [this] {
        if (m_client)
            refresh();
    });
    wizard->open();
    Q_EMIT formOpened(wizard);
}

void KeyManagersPage::deleteSelected()
{
    const int row = selectedSourceRow();
    if (row < 0 || !m_client || m_busy)
        return;
    const QString id = m_model->idAt(row);
    const QString name = m_model->nameAt(row);
    if (const ApiError refused = ResidentKeyManager::refuseDelete(name, typeAt(row)); refused.isError()) {
        m_banner->showMessage(StateBanner::Kind::Error, refused.toUserText());
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete key manager"),
                                tr("Delete the key manager %1 from this API Manager?").arg(quoted(name)),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("deleteConfirmation"));
    box->setTextFormat(Qt::PlainText); // the name is the server's
    box->setInformativeText(tr("Applications can no longer get or validate tokens through it. "
                               "This cannot be undone; you would have to add it again."));
    QPushButton *confirm = box->addButton(tr("&Delete %1").arg(QString(name).replace(QLatin1Char('&'), QStringLiteral("&&"))), QMessageBox::DestructiveRole);
    confirm->setObjectName(QStringLiteral("deleteConfirm"));
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    cancel->setObjectName(QStringLiteral("deleteCancel"));
    box->setDefaultButton(cancel);
    box->setEscapeButton(cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, confirm, id, name] {
        if (box->clickedButton() == confirm)
            deleteKeyManager(id, name);
    });
    // Impact before harm: what still uses it, from API Manager's usage lists, while the box is open.
    Job *usage = m_client->keyManagerUsage(id);
    connect(usage, &Job::finished, box, [box](Job *u) {
        if (u->hasError())
            return; // an older server without the lists: the general words stay
        const QString who = ApimClient::describeKeyManagerUsage(u->result().toObject());
        const QString text = who.isEmpty()
                                 ? tr("Nothing uses it: no API lists it and no application has keys under it. This cannot be undone; you "
                                      "would have to add it again.")
                                 : tr("It is still used by %1. Their tokens stop working, and API Manager refuses to delete it (902015) "
                                      "until the APIs no longer list it and the applications' keys are removed.").arg(who);
        // The names are the server's: escaped, shown as text.
        box->setInformativeText(QStringLiteral("<p>%1</p>").arg(text.toHtmlEscaped()));
    });
    box->open();
    Q_EMIT deleteConfirmationOpened(box);
}

void KeyManagersPage::deleteKeyManager(const QString &id, const QString &name)
{
    if (!m_client)
        return;
    setBusy(tr("Deleting %1…").arg(quoted(name)));
    Job *job = m_client->deleteKeyManager(id);
    startJob(job);
    job->onFinished(this, [this, id, name](Job *job) {
        if (job->error().kind == ApiError::Kind::Cancelled)
            return;
        if (job->hasError()) {
            showActionError(tr("%1 could not be deleted.").arg(quoted(name)), job->error(),
                            [this, id, name] { deleteKeyManager(id, name); });
            return;
        }
        m_busy = false;
        m_model->removeKeyManager(id);
        m_banner->showMessage(StateBanner::Kind::Info, tr("Deleted the key manager %1.").arg(quoted(name)));
        updateActions();
    });
}

QJsonObject KeyManagersPage::maskedConfiguration(const QJsonObject &keyManager)
{
    QJsonObject masked = Redactor::redactJson(keyManager).toObject();
    // Connector settings name their secrets freely (mgmt_client_secret, azure_ad_client_secret, …).
    QJsonObject properties = masked.value(QLatin1String("additionalProperties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const QString key = it.key().toLower();
        if ((key.contains(QLatin1String("secret")) || key.contains(QLatin1String("password")))
            && !it.value().toString().isEmpty())
            it.value() = QString(Redactor::Mask);
    }
    if (masked.contains(QLatin1String("additionalProperties")))
        masked.insert(QStringLiteral("additionalProperties"), properties);
    return masked;
}

void KeyManagersPage::updateDetailPane()
{
    const int row = selectedSourceRow();
    if (row < 0) {
        m_detailTitle->setText(tr("No key manager selected"));
        m_details->clear();
        return;
    }
    const QModelIndex index = m_model->index(row, 0);
    const auto state = m_model->data(index, KeyManagerTableModel::DetailStateRole).value<KeyManagerTableModel::DetailState>();
    const QJsonObject summary = m_model->data(index, KeyManagerTableModel::SummaryRole).toJsonObject();
    const QString name = m_model->nameAt(row);
    QJsonObject shown = summary;
    QString status;
    switch (state) {
    case KeyManagerTableModel::DetailState::Loaded:
        shown = maskedConfiguration(m_model->data(index, KeyManagerTableModel::DetailRole).toJsonObject());
        break;
    case KeyManagerTableModel::DetailState::NotLoaded:
    case KeyManagerTableModel::DetailState::Loading:
        status = tr("Fetching the full configuration…");
        break;
    case KeyManagerTableModel::DetailState::Failed:
        status = tr("The full configuration could not be fetched: %1 Select the key manager again to retry.")
                     .arg(m_model->data(index, KeyManagerTableModel::DetailErrorRole).toString());
        break;
    }
    const QString type = summary.value(QLatin1String("type")).toString();
    const ConnectorType *connector = m_connectors.find(type);
    m_detailTitle->setText(QStringLiteral("%1 — %2%3").arg(name, connector ? connector->displayLabel() : type,
                                                          status.isEmpty() ? QString() : QLatin1Char('\n') + status));
    m_details->setKeyManager(shown, connector);
}

void KeyManagersPage::updateActions()
{
    const int row = selectedSourceRow();
    const bool canAct = m_client && !m_busy && row >= 0;
    m_refresh->setEnabled(m_client && !m_busy);
    m_add->setEnabled(m_client && m_services && !m_connectors.isEmpty());
    m_add->setToolTip(m_connectors.isEmpty() && m_client ? tr("API Manager's connector list (/settings) could not be read")
                                                         : tr("Add a key manager of any type this API Manager has a connector for"));
    const bool loaded = row >= 0 && m_model->data(m_model->index(row, 0), KeyManagerTableModel::DetailStateRole).value<KeyManagerTableModel::DetailState>()
                                        == KeyManagerTableModel::DetailState::Loaded;
    const bool resident = row >= 0 && ResidentKeyManager::is(m_model->nameAt(row), typeAt(row));
    m_edit->setEnabled(canAct && m_services && loaded && !resident && m_connectors.find(m_model->data(m_model->index(row, 0), KeyManagerTableModel::SummaryRole)
                                                                                              .toJsonObject().value(QLatin1String("type")).toString()));
    m_edit->setToolTip(row >= 0 ? tr("Edit %1 in the connector's form").arg(quoted(m_model->nameAt(row))) : tr("Select a key manager to edit"));
    m_toggle->setEnabled(canAct);
    m_delete->setEnabled(canAct && !resident);
    m_check->setEnabled(m_client && row >= 0);
    m_check->setToolTip(row >= 0 ? tr("Check %1 across API Manager, its identity provider and its applications (Doctor)").arg(quoted(m_model->nameAt(row)))
                                 : tr("Select a key manager to check"));
    const bool enabled = row >= 0 && m_model->isEnabled(row);
    m_toggle->setText(enabled ? tr("&Disable") : tr("&Enable"));
    m_toggle->setToolTip(enabled ? tr("Stop API Manager from using this key manager; its configuration is kept")
                                 : tr("Let API Manager use this key manager again"));
    m_delete->setToolTip(resident ? ResidentKeyManager::refuseDelete(m_model->nameAt(row), typeAt(row)).message
                         : row >= 0 ? tr("Delete %1 after confirmation").arg(quoted(m_model->nameAt(row)))
                                    : tr("Select a key manager to delete"));
}

void KeyManagersPage::updateEmptyState()
{
    if (!m_client && m_connecting) {
        m_empty->setContent(tr("Connecting…"), tr("The key managers appear here as soon as API Manager answers."));
        m_stack->setCurrentIndex(1);
        return;
    }
    if (!m_client) {
        m_empty->setContent(tr("Not connected"),
                            tr("Connect to a WSO2 API Manager to list its key managers: the built-in Resident Key "
                               "Manager and any Asgardeo, Entra ID or other identity provider it trusts for tokens."),
                            tr("&Connect to API Manager…"));
        m_stack->setCurrentIndex(1);
        return;
    }
    if (m_proxy->rowCount() > 0 || !m_listLoaded) {
        m_stack->setCurrentIndex(0);
        return;
    }
    if (m_model->rowCount() == 0) {
        m_empty->setContent(tr("No key managers yet"),
                            tr("API Manager validates tokens with the key managers listed here. Add Asgardeo or "
                               "Microsoft Entra ID as a key manager (in the API Manager Admin Portal under Key Managers "
                               "▸ Add Key Manager, or with this console's setup), then refresh."),
                            tr("&Refresh"));
    } else {
        m_empty->setContent(tr("No key manager matches “%1”").arg(m_filter->text()),
                            tr("Clear the filter to see all %n key manager(s).", nullptr, m_model->rowCount()),
                            tr("Clear the &filter"));
    }
    m_stack->setCurrentIndex(1);
}

} // namespace km
