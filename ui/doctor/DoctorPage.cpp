#include "ui/doctor/DoctorPage.h"

#include "models/doctor/DoctorCheckModel.h"
#include "services/apim/ApimClient.h"
#include "services/apim/KeyManagerCatalogue.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/connections/Connections.h"
#include "services/core/ServiceContext.h"
#include "services/doctor/Doctor.h"
#include "services/doctor/DoctorFix.h"
#include "services/doctor/SupportBundle.h"
#include "services/entra/GraphClient.h"
#include "services/profiles/ProfileStore.h"
#include "ui/common/StateBanner.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeView>
#include <QVBoxLayout>

namespace km {

DoctorPage::DoctorPage(ServiceContext *context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_model(new DoctorCheckModel(this))
    , m_keyManager(new QComboBox(this))
    , m_asgardeo(new QComboBox(this))
    , m_entra(new QComboBox(this))
    , m_timeout(new QSpinBox(this))
    , m_run(new QPushButton(tr("&Run checks"), this))
    , m_stop(new QPushButton(tr("S&top"), this))
    , m_fix(new QPushButton(tr("&Fix…"), this))
    , m_progress(new QProgressBar(this))
    , m_summary(new QLabel(this))
    , m_banner(new StateBanner(this))
    , m_tree(new QTreeView(this))
{
    setObjectName(QStringLiteral("doctorPage"));
    m_keyManager->setObjectName(QStringLiteral("doctorKeyManager"));
    m_asgardeo->setObjectName(QStringLiteral("doctorAsgardeoProfile"));
    m_entra->setObjectName(QStringLiteral("doctorEntraProfile"));
    m_timeout->setObjectName(QStringLiteral("doctorTimeout"));
    m_run->setObjectName(QStringLiteral("doctorRun"));
    m_stop->setObjectName(QStringLiteral("doctorStop"));
    m_fix->setObjectName(QStringLiteral("doctorFix"));
    m_progress->setObjectName(QStringLiteral("doctorProgress"));
    m_summary->setObjectName(QStringLiteral("doctorSummary"));
    m_tree->setObjectName(QStringLiteral("doctorChecks"));

    m_keyManager->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_keyManager->setMinimumContentsLength(12);
    m_asgardeo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_asgardeo->setMinimumContentsLength(10);
    m_entra->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_entra->setMinimumContentsLength(10);
    m_keyManager->setToolTip(tr("The key manager to check, or all of them"));
    m_asgardeo->setToolTip(tr("The Asgardeo organization whose key managers are checked against it"));
    m_entra->setToolTip(tr("The Entra ID tenant whose app registrations are checked"));
    m_timeout->setRange(1, 600);
    m_timeout->setValue(15);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setToolTip(tr("How long each check may take; a slower system is reported, the other checks go on"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_progress->setTextVisible(true);
    m_progress->setVisible(false);

    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(false);
    m_tree->setWordWrap(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(DoctorCheckModel::Check, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(DoctorCheckModel::Level, QHeaderView::ResizeToContents);
    m_tree->setColumnWidth(DoctorCheckModel::Message, 420);

    // Two rows, so that the page fits a 1024 px window in longer languages too.
    auto *choices = new QGridLayout;
    auto addLabeled = [this, choices](const QString &text, QWidget *field, int row, int column) {
        auto *label = new QLabel(text, this);
        label->setBuddy(field);
        choices->addWidget(label, row, column);
        choices->addWidget(field, row, column + 1);
    };
    addLabeled(tr("&Key manager:"), m_keyManager, 0, 0);
    addLabeled(tr("Time&out:"), m_timeout, 0, 2);
    addLabeled(tr("&Asgardeo:"), m_asgardeo, 1, 0);
    addLabeled(tr("&Entra ID:"), m_entra, 1, 2);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_stop);
    choices->addLayout(buttons, 0, 4);
    choices->setColumnStretch(1, 1);
    choices->setColumnStretch(3, 1);

    auto *status = new QHBoxLayout;
    status->addWidget(m_progress);
    status->addWidget(m_summary, 1);
    status->addWidget(m_fix); // beside the checks it acts on; the row above must fit 1024 px

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(choices);
    layout->addWidget(m_banner);
    layout->addLayout(status);
    layout->addWidget(m_tree, 1);

    connect(m_run, &QPushButton::clicked, this, &DoctorPage::runChecks);
    connect(m_stop, &QPushButton::clicked, this, &DoctorPage::stop);
    connect(m_fix, &QPushButton::clicked, this, &DoctorPage::fixSelected);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &DoctorPage::updateState);
    connect(m_tree, &QTreeView::activated, this, [this] {
        if (!selectedAction().isEmpty())
            fixSelected();
    });
    connect(m_banner, &StateBanner::actionTriggered, this, [this] {
        if (!m_client)
            Q_EMIT connectRequested();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent, int first) {
        if (!parent.isValid())
            m_tree->expand(m_model->index(first, 0));
    });
    reloadProfiles();
    updateState();
}

DoctorPage::~DoctorPage()
{
    if (m_fixJob)
        m_fixJob->cancel();
    if (m_job)
        m_job->cancel();
}

void DoctorPage::reloadProfiles()
{
    const QString asgardeo = m_asgardeo->currentData().toString();
    const QString entra = m_entra->currentData().toString();
    m_asgardeo->clear();
    m_entra->clear();
    m_asgardeo->addItem(tr("None"), QString());
    m_entra->addItem(tr("None"), QString());
    for (const AsgardeoProfile &p : m_context->profiles()->asgardeoProfiles())
        m_asgardeo->addItem(QStringLiteral("%1 (%2)").arg(p.organization, p.baseUrl.host()), p.name);
    for (const EntraProfile &p : m_context->profiles()->entraProfiles())
        m_entra->addItem(QStringLiteral("%1 (%2)").arg(p.name, p.tenant), p.name);
    // Until the user picks another, the first profile of each is used.
    const int a = m_asgardeo->findData(asgardeo);
    m_asgardeo->setCurrentIndex(!asgardeo.isEmpty() && a >= 0 ? a : (m_asgardeo->count() > 1 ? 1 : 0));
    const int e = m_entra->findData(entra);
    m_entra->setCurrentIndex(!entra.isEmpty() && e >= 0 ? e : (m_entra->count() > 1 ? 1 : 0));
}

void DoctorPage::setClient(ApimClient *client)
{
    stop();
    m_client = client;
    if (m_catalogue)
        disconnect(m_catalogue, nullptr, this, nullptr);
    m_catalogue = client ? client->keyManagerCatalogue() : nullptr;
    if (m_catalogue)
        connect(m_catalogue, &KeyManagerCatalogue::changed, this, [this] { showKeyManagerNames(m_keyManager->currentData().toString()); });
    m_lastReport = QJsonObject();
    m_model->clear();
    m_summary->clear();
    m_banner->clear();
    loadKeyManagerNames();
    updateState();
}

void DoctorPage::loadKeyManagerNames()
{
    const QString current = m_wanted.isEmpty() ? m_keyManager->currentData().toString() : m_wanted;
    showKeyManagerNames(current);
    if (!m_catalogue)
        return;
    // Read when no page has yet; the names come with the catalogue's changed(), not with this wait (which
    // owns nothing). A failed read is left to the run, which says why in its own check.
    m_catalogue->ensure();
}

void DoctorPage::showKeyManagerNames(const QString &selected)
{
    // The one asked for stays even before the list has it (it may be on its way, or the run says it is not there).
    m_keyManager->clear();
    m_keyManager->addItem(tr("All key managers"), QString());
    const QStringList names = m_catalogue ? m_catalogue->names() : QStringList();
    for (const QString &name : names)
        m_keyManager->addItem(name, name);
    if (!selected.isEmpty() && m_keyManager->findData(selected) < 0)
        m_keyManager->addItem(selected, selected);
    m_keyManager->setCurrentIndex(qMax(0, m_keyManager->findData(selected)));
}

void DoctorPage::showDoctorFor(const QString &keyManagerName)
{
    m_wanted = keyManagerName;
    int index = m_keyManager->findData(keyManagerName);
    if (index < 0) {
        m_keyManager->addItem(keyManagerName, keyManagerName);
        index = m_keyManager->count() - 1;
    }
    m_keyManager->setCurrentIndex(index);
    runChecks();
}

void DoctorPage::runChecks()
{
    stop();
    reloadProfiles();
    m_model->clear();
    m_summary->clear();
    m_banner->clear();
    if (!m_client) {
        m_banner->showMessage(StateBanner::Kind::Info, tr("Connect to an API Manager to check its key managers."), tr("Connect…"));
        updateState();
        return;
    }
    const int generation = ++m_generation;
    m_active = true;
    m_progress->setRange(0, 0);
    m_progress->setVisible(true);
    m_summary->setText(tr("Opening the identity-provider profiles…"));
    m_run->setEnabled(false);
    m_stop->setEnabled(true);
    openProviders([this, generation](AsgardeoClient *asgardeo, GraphClient *graph) {
        if (generation == m_generation)
            start(asgardeo, graph);
    });
}

void DoctorPage::openProviders(std::function<void(AsgardeoClient *, GraphClient *)> then)
{
    const QString asgardeoName = m_asgardeo->currentData().toString();
    const QString entraName = m_entra->currentData().toString();
    Connections *connections = m_context->connections();
    const QPointer<DoctorPage> self(this);
    // A profile that cannot be opened is said, and the checks run without it.
    auto openEntra = [self, connections, entraName, then](AsgardeoClient *asgardeo) {
        if (entraName.isEmpty())
            return then(asgardeo, nullptr);
        const QPointer<AsgardeoClient> kept(asgardeo);
        Job *open = connections->openEntra(entraName);
        connect(open, &Job::finished, self, [self, connections, entraName, kept, then](Job *o) {
            if (o->hasError())
                self->m_banner->showMessage(StateBanner::Kind::Error, tr("%1 The app registrations are not checked.").arg(o->error().toUserText()));
            then(kept.data(), o->hasError() ? nullptr : connections->graph(entraName));
        });
    };
    if (asgardeoName.isEmpty())
        return openEntra(nullptr);
    Job *open = connections->openAsgardeo(asgardeoName);
    connect(open, &Job::finished, this, [this, connections, asgardeoName, openEntra](Job *o) {
        if (o->hasError())
            m_banner->showMessage(StateBanner::Kind::Error, tr("%1 The organization is not checked.").arg(o->error().toUserText()));
        openEntra(o->hasError() ? nullptr : connections->asgardeo(asgardeoName));
    });
}

void DoctorPage::start(AsgardeoClient *asgardeo, GraphClient *graph)
{
    if (!m_client) {
        stop();
        return;
    }
    const int generation = m_generation;
    updateState();
    m_runAsgardeo = asgardeo;
    m_runGraph = graph;
    auto *doctor = new Doctor(m_client, this);
    m_doctor = doctor;
    doctor->setAsgardeo(asgardeo);
    doctor->setGraph(graph);
    DoctorOptions options;
    options.keyManager = m_keyManager->currentData().toString();
    options.timeoutMs = m_timeout->value() * 1000;
    if (!options.keyManager.isEmpty())
        m_model->addGroup(options.keyManager);
    connect(doctor, &Doctor::checkReported, this, [this, generation](const QJsonObject &check) {
        if (generation == m_generation)
            m_model->addCheck(DoctorCheck::fromJson(check));
    });
    connect(doctor, &Doctor::pendingChanged, this, [this, generation](int pending, int total) {
        if (generation != m_generation)
            return;
        m_progress->setRange(0, total);
        m_progress->setValue(total - pending);
        m_progress->setFormat(tr("%1 of %2 checks").arg(total - pending).arg(total));
        m_summary->setText(tr("Checking: %n check(s) still running", "", pending));
    });
    m_summary->setText(tr("Reading the key managers…"));
    m_job = doctor->run(options);
    connect(m_job, &Job::finished, this, [this, generation, doctor](Job *j) {
        doctor->deleteLater();
        if (generation != m_generation)
            return;
        m_job = nullptr;
        m_active = false;
        m_progress->setVisible(false);
        if (j->hasError()) {
            if (j->error().kind != ApiError::Kind::Cancelled)
                m_banner->showMessage(StateBanner::Kind::Error, j->error().toUserText());
            m_summary->setText(tr("The checks did not run."));
            if (!m_bundlePath.isEmpty() && j->error().kind != ApiError::Kind::Cancelled)
                writeBundle(Doctor::report({})); // the bundle is wanted most when the checks cannot run
        } else {
            m_lastReport = Doctor::grouped(j->result().toObject());
            if (!m_bundlePath.isEmpty())
                writeBundle(j->result().toObject());
            const QJsonObject summary = j->result().toObject().value(QLatin1String("summary")).toObject();
            m_summary->setText(QString(tr("%n check(s):", "", summary.value(QLatin1String("total")).toInt()) + QLatin1Char(' ')
                               + tr("%n error(s)", "", summary.value(QLatin1String("error")).toInt()) + QStringLiteral(", ")
                               + tr("%n warning(s)", "", summary.value(QLatin1String("warn")).toInt()) + QStringLiteral(", ")
                               + tr("%n passed", "", summary.value(QLatin1String("ok")).toInt())));
            if (!m_fixDone.isEmpty())
                m_banner->showMessage(StateBanner::Kind::Info, tr("%1. The checks ran again.").arg(m_fixDone));
        }
        m_fixDone.clear();
        updateState();
        Q_EMIT finished();
    });
    updateState();
}

void DoctorPage::saveSupportBundle(const QString &path, const QString &apimProfile)
{
    if (!m_client) {
        m_banner->showMessage(StateBanner::Kind::Error, tr("Connect to an API Manager before saving a support bundle: it holds its key managers."),
                              tr("Connect…"));
        return;
    }
    // The bundle holds a report of now: the checks run first.
    runChecks();
    m_bundlePath = path;
    m_bundleProfile = apimProfile;
    m_banner->showMessage(StateBanner::Kind::Progress, tr("Running the checks for the support bundle %1…").arg(path));
}

void DoctorPage::writeBundle(const QJsonObject &report)
{
    const QString path = m_bundlePath;
    m_bundlePath.clear();
    m_active = true;
    m_progress->setRange(0, 0);
    m_progress->setFormat(QString());
    m_progress->setVisible(true);
    m_banner->showMessage(StateBanner::Kind::Progress, tr("Saving the support bundle to %1…").arg(path));
    const int generation = m_generation;
    m_job = SupportBundle::save(m_context, m_client, m_bundleProfile, report, path, this);
    connect(m_job, &Job::progress, this, [this, generation](const QString &message) {
        if (generation == m_generation)
            m_banner->showMessage(StateBanner::Kind::Progress, message);
    });
    connect(m_job, &Job::finished, this, [this, generation, path](Job *j) {
        if (generation != m_generation)
            return;
        m_job = nullptr;
        m_active = false;
        m_progress->setVisible(false);
        if (j->hasError())
            m_banner->showMessage(StateBanner::Kind::Error, tr("The support bundle was not saved: %1").arg(j->error().toUserText()));
        else
            m_banner->showMessage(StateBanner::Kind::Info, tr("Support bundle saved to %1. Passwords, client secrets and tokens in it are masked; "
                                                              "look it over before you send it.").arg(path));
        updateState();
        Q_EMIT bundleFinished(!j->hasError());
    });
    updateState();
}

void DoctorPage::stop()
{
    ++m_generation;
    m_bundlePath.clear();
    const bool wasRunning = m_active;
    m_active = false;
    if (m_job)
        m_job->cancel();
    m_job = nullptr;
    if (m_doctor)
        m_doctor->deleteLater();
    m_progress->setVisible(false);
    if (wasRunning) {
        m_summary->setText(tr("Stopped."));
        Q_EMIT finished();
    }
    updateState();
}

QJsonObject DoctorPage::selectedAction() const
{
    return m_tree->currentIndex().isValid() ? m_tree->currentIndex().siblingAtColumn(0).data(DoctorCheckModel::ActionRole).toJsonObject()
                                            : QJsonObject();
}

void DoctorPage::fixSelected()
{
    const QJsonObject action = selectedAction();
    if (action.isEmpty() || m_active || m_fixJob)
        return;
    const bool destructive = DoctorFix::isDestructive(action);
    auto *box = new QMessageBox(destructive ? QMessageBox::Warning : QMessageBox::Question, tr("Fix"), DoctorFix::question(action),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("doctorFixConfirmation"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *confirm = box->addButton(DoctorFix::label(action), destructive ? QMessageBox::DestructiveRole : QMessageBox::AcceptRole);
    confirm->setObjectName(QStringLiteral("doctorFixConfirm"));
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    // Something that cannot be brought back is not what Enter does.
    box->setDefaultButton(destructive ? cancel : confirm);
    connect(box, &QMessageBox::finished, this, [this, box, confirm, action] {
        if (box->clickedButton() == confirm)
            applyFix(action);
    });
    box->open();
    Q_EMIT fixConfirmationOpened(box);
}

void DoctorPage::applyFix(const QJsonObject &action)
{
    if (!m_client || m_fixJob)
        return;
    m_banner->showMessage(StateBanner::Kind::Progress, tr("%1…").arg(DoctorFix::label(action)));
    m_progress->setRange(0, 0);
    m_progress->setFormat(QString());
    m_progress->setVisible(true);
    m_fixJob = DoctorFix::apply(action, m_client, m_runAsgardeo, m_runGraph, this);
    updateState();
    connect(m_fixJob, &Job::finished, this, [this](Job *j) {
        m_fixJob = nullptr;
        m_progress->setVisible(false);
        if (j->hasError()) {
            if (j->error().kind != ApiError::Kind::Cancelled)
                m_banner->showMessage(StateBanner::Kind::Error, tr("Not fixed: %1").arg(j->error().toUserText()));
            updateState();
            Q_EMIT fixFinished(false, j->error().toUserText());
            return;
        }
        const QString message = j->result().toObject().value(QLatin1String("message")).toString();
        Q_EMIT fixFinished(true, message);
        // What the fix changed is checked again at once; the banner says what was done after the run.
        runChecks();
        m_fixDone = message;
        m_banner->showMessage(StateBanner::Kind::Progress, tr("%1. Checking again…").arg(message));
    });
}

void DoctorPage::updateState()
{
    const QJsonObject action = selectedAction();
    m_fix->setEnabled(m_client && !m_active && !m_fixJob && !action.isEmpty());
    // The text stays short (the row must fit a 1024 px window); what the fix does is in the tooltip and the question.
    m_fix->setToolTip(action.isEmpty() ? tr("Select a check the console can fix (its Fix column ends with “Fix… does this”)")
                                       : tr("%1 (asks first, then checks again)").arg(DoctorFix::label(action)));
    m_run->setEnabled(m_client && !m_active && !m_fixJob);
    m_stop->setEnabled(m_active);
    if (!m_client && m_banner->isHidden())
        m_banner->showMessage(StateBanner::Kind::Info, tr("Connect to an API Manager to check its key managers."), tr("Connect…"));
}

} // namespace km
