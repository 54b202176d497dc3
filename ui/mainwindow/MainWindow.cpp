#include "ui/mainwindow/MainWindow.h"

#include "ui/setup/SetupApplyPage.h"
#include "services/core/Job.h"
#include "services/export/KeyManagerExport.h"
#include "services/export/KeyManagerReport.h"
#include "ui/common/StateBanner.h"
#include "ui/environments/CompareEnvironmentsDialog.h"
#include "ui/keymanagers/ImportKeyManagersWizard.h"
#include "ui/applications/ApplicationsPage.h"
#include "ui/doctor/DoctorPage.h"
#include "ui/scopes/ScopesPage.h"
#include "ui/tokens/TokenInspectorPage.h"
#include "ui/setup/asgardeo/AsgardeoSetupWizard.h"
#include "ui/setup/entra/EntraSetupWizard.h"

#include "services/core/ServiceContext.h"
#include "services/secrets/SecretStore.h"
#include "ui/activity/ActivityPage.h"
#include "ui/common/ConsoleSettings.h"
#include "ui/common/EmptyStateView.h"
#include "ui/common/PlainToolTip.h"
#include "ui/connect/ApimConnection.h"
#include "ui/connect/ConnectDialog.h"
#include "ui/keymanagers/KeyManagersPage.h"

#include <QAction>
#include <QDate>
#include <QFileDialog>
#include <QFileInfo>
#include <QRegularExpression>
#include <QJsonArray>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>

namespace km {

MainWindow::MainWindow(ServiceContext *context, QWidget *parent)
    : QMainWindow(parent)
    , m_context(context)
    , m_connection(new ApimConnection(context, this))
    , m_navigation(new QListWidget(this))
    , m_pages(new QStackedWidget(this))
    , m_status(new QLabel(this))
    , m_keychainWarning(new QLabel(this))
    , m_keyManagers(new KeyManagersPage(this))
    , m_activity(new ActivityPage(context->activity(), this))
{
    setObjectName(QStringLiteral("mainWindow"));
    // The desktop adds the application's name ("… — kmconsole"): not twice.
    setWindowTitle(tr("Key Managers for WSO2 API Manager"));
    setWindowIcon(QIcon(QStringLiteral(":/kmconsole/icons/kmconsole.svg")));

    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setAccessibleName(tr("Pages"));
    m_navigation->setSelectionMode(QAbstractItemView::SingleSelection);
    m_navigation->setUniformItemSizes(true);
    // Roomy rows by size hint, not by a style sheet: a style-sheeted list keeps the colours it had when the desktop
    // switches between a light and a dark palette.
    m_navigation->setMinimumWidth(150);
    m_pages->setObjectName(QStringLiteral("pages"));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_navigation);
    splitter->addWidget(m_pages);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({170, 900});
    setCentralWidget(splitter);

    m_status->setObjectName(QStringLiteral("connectionStatus"));
    m_status->setTextFormat(Qt::PlainText); // quotes server errors: never markup
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_status, 1);
    m_keychainWarning->setObjectName(QStringLiteral("keychainWarning"));
    m_keychainWarning->setTextFormat(Qt::PlainText);
    m_keychainWarning->hide();
    statusBar()->addPermanentWidget(m_keychainWarning);

    setPage(KeyManagersPageId, tr("&Key Managers"), m_keyManagers, [this] { m_keyManagers->refresh(); });
    m_keyManagers->setServices(m_context);
    m_scopes = new ScopesPage(m_context, this);
    setPage(ScopesPageId, tr("&Scopes"), m_scopes, [this] { m_scopes->refresh(); });
    m_applications = new ApplicationsPage(m_context, this);
    setPage(ApplicationsPageId, tr("A&pplications"), m_applications, [this] { m_applications->refresh(); });
    m_tokenInspector = new TokenInspectorPage(m_context->http(), this);
    setPage(TokenInspectorPageId, tr("&Token Inspector"), m_tokenInspector, [this] { m_tokenInspector->refreshKeyManagers(); });
    setPage(ActivityPageId, tr("Acti&vity"), m_activity);
    m_doctor = new DoctorPage(m_context, this);
    setPage(DoctorPageId, tr("&Doctor"), m_doctor, [this] { m_doctor->runChecks(); });

    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < m_pageOrder.size())
            m_pages->setCurrentWidget(m_pageEntries.value(m_pageOrder.at(row)).widget);
        if (m_refreshAction)
            m_refreshAction->setEnabled(bool(m_pageEntries.value(currentPageId()).refresh));
    });
    createActions();
    m_navigation->setCurrentRow(0);
    // Wide enough for the longest page name in the user's language, never less than 150 px.
    m_navigation->setMinimumWidth(qMax(150, m_navigation->sizeHintForColumn(0) + 2 * m_navigation->frameWidth() + 4));

    connect(m_connection, &ApimConnection::stateChanged, this, [this](ApimConnection::State state) {
        updateStatus();
        if (state == ApimConnection::State::Connecting)
            m_keyManagers->showConnecting(tr("Connecting to API Manager “%1” at %2…")
                                              .arg(m_connection->profileName(), m_connection->url().toDisplayString()));
        else if (state == ApimConnection::State::Failed)
            m_keyManagers->showConnectionProblem(m_connection->error().toUserText());
    });
    connect(m_connection, &ApimConnection::serverInfoChanged, this, &MainWindow::updateStatus);
    connect(m_connection, &ApimConnection::clientChanged, m_keyManagers, &KeyManagersPage::setClient);
    connect(m_connection, &ApimConnection::clientChanged, m_tokenInspector, &TokenInspectorPage::setClient);
    connect(m_connection, &ApimConnection::clientChanged, m_scopes, &ScopesPage::setClient);
    connect(m_connection, &ApimConnection::clientChanged, m_applications, &ApplicationsPage::setClient);
    connect(m_connection, &ApimConnection::clientChanged, m_doctor, &DoctorPage::setClient);
    connect(m_doctor, &DoctorPage::connectRequested, this, &MainWindow::openConnectDialog);
    connect(m_keyManagers, &KeyManagersPage::checkRequested, this, &MainWindow::showDoctorFor);
    connect(m_applications, &ApplicationsPage::connectRequested, this, &MainWindow::openConnectDialog);
    connect(m_applications, &ApplicationsPage::openTokenInInspector, this, [this](const QString &token, const QString &keyManager) {
        showPage(TokenInspectorPageId);
        m_tokenInspector->inspectToken(token, keyManager);
    });
    connect(m_scopes, &ScopesPage::connectRequested, this, &MainWindow::openConnectDialog);
    connect(m_scopes, &ScopesPage::openTokenInInspector, this, [this](const QString &token) {
        showPage(TokenInspectorPageId);
        m_tokenInspector->inspectToken(token);
    });
    connect(m_connection, &ApimConnection::clientChanged, this, [this](ApimClient *client) {
        m_setupAsgardeoAction->setEnabled(client != nullptr);
        m_setupEntraAction->setEnabled(client != nullptr);
        m_exportAction->setEnabled(client != nullptr);
        m_bundleAction->setEnabled(client != nullptr);
        m_importAction->setEnabled(client != nullptr);
        m_reportAction->setEnabled(client != nullptr);
        // A wizard bound to the previous connection must not write to the new one, nor use its client
        // (deleted on reconnect) from a Retry: before applying it closes; after, its runner is dropped and
        // what happened stays on screen.
        const QString reason = tr("The connection to API Manager changed, so this wizard stopped and Retry is no longer "
                                  "available. Close it and open it again to continue with the current connection.");
        if (m_asgardeoWizard) {
            if (m_asgardeoWizard->applyPage()->runner())
                m_asgardeoWizard->applyPage()->invalidate(reason);
            else
                m_asgardeoWizard->close();
        }
        if (m_entraWizard) {
            if (m_entraWizard->applyPage()->runner())
                m_entraWizard->applyPage()->invalidate(reason);
            else
                m_entraWizard->close();
        }
        if (auto *import = qobject_cast<ImportKeyManagersWizard *>(m_importWizard.data())) {
            if (import->applyPage()->runner())
                import->applyPage()->invalidate(reason);
            else
                import->close();
        }
    });
    connect(m_keyManagers, &KeyManagersPage::connectRequested, this, &MainWindow::openConnectDialog);
    connect(m_context->secrets(), &SecretStore::keychainUnavailable, this, [this](const QString &message) {
        m_keychainWarning->setText(tr("⚠ Keychain unavailable: secrets are kept for this session only"));
        m_keychainWarning->setToolTip(plainToolTip(message));
        m_keychainWarning->show();
    });
    connect(m_context->secrets(), &SecretStore::keychainAvailable, m_keychainWarning, &QWidget::hide);
    updateStatus();
    restoreWindowState();
}

MainWindow::~MainWindow() = default;

namespace {

// A non-modal Save dialog (the event loop never waits on it) proposing `fileName`. A name typed without a
// suffix gets the one of the chosen filter ("PDF report (*.pdf)" → .pdf). Connect fileSelected, then open().
QFileDialog *saveDialog(QWidget *parent, const QString &title, const QString &filters, const QString &fileName)
{
    auto *dialog = new QFileDialog(parent, title, QString(), filters);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QFileInfo(fileName).suffix());
    dialog->selectFile(fileName);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(dialog, &QFileDialog::filterSelected, dialog, [dialog](const QString &filter) {
        static const QRegularExpression suffix(QStringLiteral("\\*\\.(\\w+)"));
        const QRegularExpressionMatch m = suffix.match(filter);
        if (m.hasMatch())
            dialog->setDefaultSuffix(m.captured(1));
    });
    return dialog;
}

} // namespace

void MainWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    m_connectAction = fileMenu->addAction(style()->standardIcon(QStyle::SP_DriveNetIcon), tr("&Connect to API Manager…"),
                                          this, &MainWindow::openConnectDialog);
    m_connectAction->setObjectName(QStringLiteral("actionConnect"));
    m_connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_connectAction->setStatusTip(tr("Enter or change the API Manager address and administrator credentials"));
    fileMenu->addSeparator();
    m_exportAction = fileMenu->addAction(tr("&Export key managers…"), this, [this] {
        QFileDialog *dialog = saveDialog(this, tr("Export key managers"), tr("kmconsole exports (*.json)"), QStringLiteral("key-managers.json"));
        connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) { exportKeyManagersTo(path); });
        dialog->open();
    });
    m_exportAction->setObjectName(QStringLiteral("actionExport"));
    m_exportAction->setStatusTip(tr("Save the key managers' configuration, without secrets, to import into another API Manager"));
    m_exportAction->setEnabled(false);
    m_reportAction = fileMenu->addAction(tr("Save &report…"), this, [this] {
        QFileDialog *dialog = saveDialog(this, tr("Save key-manager report"), tr("PDF report (*.pdf);;HTML report (*.html)"),
                                         QStringLiteral("key-managers-report-%1.pdf").arg(QDate::currentDate().toString(Qt::ISODate)));
        connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) { saveReportTo(path); });
        dialog->open();
    });
    m_reportAction->setObjectName(QStringLiteral("actionSaveReport"));
    m_reportAction->setStatusTip(tr("Save the key managers' configuration (secrets masked) and the Doctor's checks as a PDF or HTML "
                                    "report for a change ticket or an audit"));
    m_reportAction->setEnabled(false);
    m_importAction = fileMenu->addAction(tr("&Import key managers…"), this, [this] {
        auto *dialog = new QFileDialog(this, tr("Import key managers"), QString(), tr("kmconsole exports (*.json *.yaml *.yml)"));
        dialog->setAcceptMode(QFileDialog::AcceptOpen);
        dialog->setFileMode(QFileDialog::ExistingFile);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::openImportWizard);
        dialog->open();
    });
    m_importAction->setObjectName(QStringLiteral("actionImport"));
    m_importAction->setStatusTip(tr("Create or update key managers from a kmconsole export"));
    m_importAction->setEnabled(false);
    QAction *compare = fileMenu->addAction(tr("Compare en&vironments…"), this, [this] {
        // One at a time, non-modal: the administrator may keep it open beside the pages.
        auto *dialog = findChild<CompareEnvironmentsDialog *>();
        if (!dialog) {
            dialog = new CompareEnvironmentsDialog(m_context, this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
        }
        dialog->show();
        dialog->raise();
        dialog->activateWindow();
    });
    compare->setObjectName(QStringLiteral("actionCompareEnvironments"));
    compare->setStatusTip(tr("Show which key managers differ between two API Manager profiles, and in which fields"));
    fileMenu->addSeparator();
    m_bundleAction = fileMenu->addAction(tr("Save support &bundle…"), this, [this] {
        QFileDialog *dialog = saveDialog(this, tr("Save support bundle"), tr("Zip archives (*.zip)"),
                                         QStringLiteral("kmconsole-support-%1.zip").arg(QDate::currentDate().toString(Qt::ISODate)));
        connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
            showPage(DoctorPageId);
            m_doctor->saveSupportBundle(path, m_connection->profileName());
        });
        dialog->open();
    });
    m_bundleAction->setObjectName(QStringLiteral("actionSupportBundle"));
    m_bundleAction->setStatusTip(tr("Run the Doctor and save its report, the key managers, the profiles, the activity and the versions "
                                    "in one zip for a support request, with secrets masked"));
    m_bundleAction->setEnabled(false);
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    m_refreshAction = viewMenu->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Refresh"), this,
                                          &MainWindow::refreshCurrentPage);
    m_refreshAction->setObjectName(QStringLiteral("actionRefresh"));
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_refreshAction->setStatusTip(tr("Fetch the shown page's data again"));
    viewMenu->addSeparator();
    for (int i = 0; i < m_pageOrder.size(); ++i) {
        const QString id = m_pageOrder.at(i);
        QAction *go = viewMenu->addAction(m_pageEntries.value(id).title, this, [this, id] { showPage(id); });
        go->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
    }

    QMenu *setupMenu = menuBar()->addMenu(tr("&Setup"));
    m_setupAsgardeoAction = setupMenu->addAction(tr("Set up &Asgardeo as a key manager…"), this, &MainWindow::openAsgardeoWizard);
    m_setupAsgardeoAction->setObjectName(QStringLiteral("actionSetupAsgardeo"));
    m_setupAsgardeoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_setupAsgardeoAction->setStatusTip(tr("Create or update an Asgardeo key manager, checking each step against Asgardeo and API Manager"));
    m_setupAsgardeoAction->setEnabled(false);
    m_setupAsgardeoAction->setIconText(tr("Set up Asgardeo"));
    m_setupEntraAction = setupMenu->addAction(tr("Set up Microsoft &Entra ID as a key manager…"), this, &MainWindow::openEntraWizard);
    m_setupEntraAction->setObjectName(QStringLiteral("actionSetupEntra"));
    m_setupEntraAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_setupEntraAction->setStatusTip(tr("Create Entra ID key managers for v1 and/or v2 tokens, checking each step against Entra ID and API Manager"));
    m_setupEntraAction->setEnabled(false);
    m_setupEntraAction->setIconText(tr("Set up Entra ID"));

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *about = helpMenu->addAction(tr("&About kmconsole"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("actionAbout"));
    about->setMenuRole(QAction::AboutRole);

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setMovable(false);
    // Words only (not every action has an icon), and no Refresh: each page has its own, and F5.
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(m_connectAction);
    toolbar->addSeparator();
    toolbar->addAction(m_setupAsgardeoAction);
    toolbar->addAction(m_setupEntraAction);
}

void MainWindow::exportKeyManagersTo(const QString &path)
{
    ApimClient *client = m_connection->client();
    if (!client)
        return;
    showPage(KeyManagersPageId);
    m_keyManagers->banner()->showMessage(StateBanner::Kind::Progress, tr("Exporting the key managers to %1…").arg(path));
    Job *job = KeyManagerExport::exportKeyManagers(m_context, client, m_connection->url(), {}, this);
    connect(job, &Job::finished, this, [this, path](Job *j) {
        ApiError error = j->error();
        if (!error)
            KeyManagerExport::write(path, j->result().toObject(), &error);
        if (error) {
            m_keyManagers->banner()->showMessage(StateBanner::Kind::Error, tr("Nothing was exported: %1").arg(error.toUserText()));
            return;
        }
        const QJsonObject document = j->result().toObject();
        m_keyManagers->banner()->showMessage(StateBanner::Kind::Info,
                                             tr("Exported %n key manager(s) to %1, without secrets. Importing elsewhere takes each secret "
                                                "from that computer's keychain.", nullptr,
                                                int(document.value(QLatin1String("keyManagers")).toArray().size())).arg(path));
    });
}

void MainWindow::saveReportTo(const QString &path)
{
    ApimClient *client = m_connection->client();
    if (!client)
        return;
    showPage(KeyManagersPageId);
    const QJsonObject lastChecks = m_doctor->lastReport();
    const bool runDoctor = lastChecks.isEmpty();
    m_keyManagers->banner()->showMessage(StateBanner::Kind::Progress,
                                         runDoctor ? tr("Saving the report to %1: reading the key managers and running the Doctor's checks…").arg(path)
                                                   : tr("Saving the report to %1: reading the key managers…").arg(path));
    const QString who = KeyManagerReport::author(m_connection->username(), m_connection->profileName());
    const QUrl source = m_connection->url();
    Job *job = KeyManagerReport::collect(m_context, client, source, {}, runDoctor, this);
    connect(job, &Job::finished, this, [this, path, who, source, lastChecks](Job *j) {
        if (j->hasError()) {
            m_keyManagers->banner()->showMessage(StateBanner::Kind::Error, tr("The report was not saved: %1").arg(j->error().toUserText()));
            return;
        }
        const QJsonObject result = j->result().toObject();
        const QJsonObject document = result.value(QLatin1String("document")).toObject();
        const QJsonObject checks = lastChecks.isEmpty() ? result.value(QLatin1String("doctor")).toObject() : lastChecks;
        const int count = int(document.value(QLatin1String("keyManagers")).toArray().size());
        // Laid out and written off the GUI thread: a PDF of many key managers takes a while.
        Job *written = KeyManagerReport::writeInBackground(path, KeyManagerReport::formatOf(path),
                                                           KeyManagerReport::html(document, checks, who, source.toString()), this);
        connect(written, &Job::finished, this, [this, path, count, doctorRan = !checks.isEmpty()](Job *w) {
            if (w->hasError()) {
                m_keyManagers->banner()->showMessage(StateBanner::Kind::Error, tr("The report was not saved: %1").arg(w->error().toUserText()));
                return;
            }
            m_keyManagers->banner()->showMessage(StateBanner::Kind::Info,
                                                 doctorRan ? tr("Saved the report of %n key manager(s) and the Doctor's checks to %1, secrets masked.",
                                                                nullptr, count).arg(path)
                                                           : tr("Saved the report of %n key manager(s) to %1, secrets masked. The Doctor's checks "
                                                                "could not run, and the report says so.", nullptr, count).arg(path));
            Q_EMIT reportSaved(path);
        });
    });
}

void MainWindow::openImportWizard(const QString &path)
{
    ApimClient *client = m_connection->client();
    if (!client)
        return;
    ApiError error;
    const QJsonObject document = KeyManagerExport::read(path, &error);
    if (error) {
        showPage(KeyManagersPageId);
        m_keyManagers->banner()->showMessage(StateBanner::Kind::Error, tr("Nothing was imported: %1").arg(error.toUserText()));
        return;
    }
    auto *wizard = new ImportKeyManagersWizard(m_context, client, document, QFileInfo(path).fileName(), this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard->applyPage(), &SetupApplyPage::applyFinished, this, [this](bool) { m_keyManagers->refresh(); });
    m_importWizard = wizard;
    wizard->show();
}

void MainWindow::openEntraWizard()
{
    ApimClient *client = m_connection->client();
    if (!client) {
        openConnectDialog();
        return;
    }
    if (m_entraWizard) {
        m_entraWizard->raise();
        m_entraWizard->activateWindow();
        return;
    }
    m_entraWizard = new EntraSetupWizard(m_context, client, this);
    m_entraWizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_entraWizard, &QWizard::finished, this, [this] { m_keyManagers->refresh(); });
    connectSetupWizard(m_entraWizard);
    connect(m_entraWizard->applyPage(), &SetupApplyPage::applyFinished, this, [this](bool) {
        m_keyManagers->refresh();
        m_applications->refresh();
        m_tokenInspector->refreshKeyManagers();
    });
    m_entraWizard->show();
}

void MainWindow::openAsgardeoWizard()
{
    ApimClient *client = m_connection->client();
    if (!client) {
        openConnectDialog();
        return;
    }
    if (m_asgardeoWizard) {
        m_asgardeoWizard->raise();
        m_asgardeoWizard->activateWindow();
        return;
    }
    m_asgardeoWizard = new AsgardeoSetupWizard(m_context, client, this);
    m_asgardeoWizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_asgardeoWizard, &QWizard::finished, this, [this] { m_keyManagers->refresh(); });
    connectSetupWizard(m_asgardeoWizard);
    connect(m_asgardeoWizard->applyPage(), &SetupApplyPage::applyFinished, this, [this](bool) {
        m_keyManagers->refresh();
        m_scopes->reloadOrganizations();
        m_tokenInspector->refreshKeyManagers();
    });
    m_asgardeoWizard->show();
}

void MainWindow::showAbout()
{
    // Non-modal to the event loop, as every other box of the console.
    auto *box = new QMessageBox(QMessageBox::NoIcon, tr("About kmconsole"), tr("kmconsole %1").arg(QCoreApplication::applicationVersion()),
                                QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setIconPixmap(windowIcon().pixmap(64, 64));
    box->setInformativeText(tr(
        "<p>A desktop admin console for WSO2 API Manager 4.x that sets up <b>Asgardeo</b> and <b>Microsoft Entra ID</b> as "
        "third-party key managers, and tells you what is wrong when the gateway answers 900901 “Invalid Credentials”.</p>"
        "<ul><li><b>Key Managers</b>: every key manager with its configuration (secrets masked); enable, disable, delete.</li>"
        "<li><b>Setup</b>: wizards for Asgardeo and Entra ID that check each step against the live systems and say before "
        "writing what they will create or update.</li>"
        "<li><b>Scopes</b> and <b>Applications</b>: what API Manager, Asgardeo and Entra ID hold, checked against each other, "
        "with fixes.</li>"
        "<li><b>Token Inspector</b>: whether the gateway would accept a token, and why not.</li>"
        "<li><b>Activity</b>: every remote call, secrets redacted.</li></ul>"
        "<p>Secrets live in the system keychain only. <code>kmconsole-cli</code> does the same work in scripts.</p>"));
    box->setDefaultButton(QMessageBox::Close);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::connectSetupWizard(SetupWizard *wizard)
{
    connect(wizard, &SetupWizard::openInKeyManagersRequested, this, &MainWindow::openInKeyManagers);
    connect(wizard, &SetupWizard::checkWithDoctorRequested, this, &MainWindow::checkWithDoctor);
}

void MainWindow::openInKeyManagers(const QString &keyManager)
{
    showPage(KeyManagersPageId);
    m_keyManagers->selectKeyManager(keyManager);
}

void MainWindow::checkWithDoctor(const QString &keyManager)
{
    showDoctorFor(keyManager);
    Q_EMIT checkWithDoctorRequested(keyManager);
}

void MainWindow::setPage(const QString &id, const QString &title, QWidget *page, std::function<void()> refresh)
{
    auto existing = m_pageEntries.find(id);
    if (existing != m_pageEntries.end()) {
        QWidget *old = existing->widget;
        const bool wasCurrent = m_pages->currentWidget() == old;
        const int index = m_pages->indexOf(old);
        m_pages->insertWidget(index, page);
        if (old) {
            m_pages->removeWidget(old);
            old->deleteLater();
        }
        existing->title = title;
        existing->widget = page;
        existing->refresh = std::move(refresh);
        m_navigation->item(int(m_pageOrder.indexOf(id)))->setText(QString(title).remove(QLatin1Char('&')));
        if (wasCurrent)
            m_pages->setCurrentWidget(page);
    } else {
        m_pageOrder.append(id);
        m_pageEntries.insert(id, PageEntry{title, page, std::move(refresh)});
        m_pages->addWidget(page);
        auto *item = new QListWidgetItem(QString(title).remove(QLatin1Char('&')), m_navigation);
        item->setData(Qt::UserRole, id);
        const QFontMetrics fm(m_navigation->font());
        item->setSizeHint(QSize(fm.horizontalAdvance(item->text()) + 16, fm.height() + 12));
    }
    if (m_refreshAction)
        m_refreshAction->setEnabled(bool(m_pageEntries.value(currentPageId()).refresh));
}

QWidget *MainWindow::page(const QString &id) const
{
    return m_pageEntries.value(id).widget;
}

QString MainWindow::currentPageId() const
{
    const int row = m_navigation->currentRow();
    return row >= 0 && row < m_pageOrder.size() ? m_pageOrder.at(row) : QString();
}

void MainWindow::showDoctorFor(const QString &keyManagerName)
{
    showPage(DoctorPageId);
    m_doctor->showDoctorFor(keyManagerName);
}

void MainWindow::showPage(const QString &id)
{
    const int row = int(m_pageOrder.indexOf(id));
    if (row >= 0)
        m_navigation->setCurrentRow(row);
}

ConnectDialog *MainWindow::connectDialog() const
{
    return m_connectDialog;
}

void MainWindow::openConnectDialog()
{
    // A dialog closed a moment ago is still waiting for its deferred delete: open a new one instead of raising it.
    if (m_connectDialog && m_connectDialog->isVisible()) {
        m_connectDialog->raise();
        m_connectDialog->activateWindow();
        return;
    }
    m_connectDialog = new ConnectDialog(m_context, this);
    m_connectDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_connectDialog->loadProfile(m_connection->profileName());
    connect(m_connectDialog, &ConnectDialog::profileSaved, this, [this](const QString &name, bool connectNow) {
        if (connectNow || name == m_connection->profileName())
            m_connection->connectToProfile(name);
    });
    m_connectDialog->open();
}

void MainWindow::refreshCurrentPage()
{
    const auto refresh = m_pageEntries.value(currentPageId()).refresh;
    if (refresh)
        refresh();
}

void MainWindow::updateStatus()
{
    m_status->setText(m_connection->statusText());
    m_status->setToolTip(m_connection->error().isError() ? plainToolTip(m_connection->error().toUserText()) : QString());
}

void MainWindow::restoreWindowState()
{
    const auto settings = consoleSettings();
    if (!restoreGeometry(settings->value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1180, 720);
    restoreState(settings->value(QStringLiteral("mainWindow/state")).toByteArray());
    if (auto *splitter = findChild<QSplitter *>(QStringLiteral("mainSplitter")))
        splitter->restoreState(settings->value(QStringLiteral("mainWindow/splitter")).toByteArray());
}

void MainWindow::saveWindowState() const
{
    // Window layout only: profiles and secrets have their own stores.
    const auto settings = consoleSettings();
    settings->setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings->setValue(QStringLiteral("mainWindow/state"), saveState());
    if (auto *splitter = findChild<QSplitter *>(QStringLiteral("mainSplitter")))
        settings->setValue(QStringLiteral("mainWindow/splitter"), splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    QMainWindow::closeEvent(event);
}

} // namespace km
