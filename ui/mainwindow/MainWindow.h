#pragma once
// The console's main window: page navigation, the active API Manager's status line, and the
// Connect / Refresh / Quit commands.

#include "ui/setup/asgardeo/AsgardeoSetupWizard.h"
#include "ui/setup/entra/EntraSetupWizard.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>

#include <functional>

class QAction;
class QLabel;
class QListWidget;
class QStackedWidget;

namespace km {

class ActivityPage;

class ApimConnection;
class ConnectDialog;
class KeyManagersPage;
class TokenInspectorPage;
class ScopesPage;
class ApplicationsPage;
class DoctorPage;
class ServiceContext;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // Ids of the pages in the navigation, in order.
    static inline const QString KeyManagersPageId = QStringLiteral("key-managers");
    static inline const QString ScopesPageId = QStringLiteral("scopes");
    static inline const QString ApplicationsPageId = QStringLiteral("applications");
    static inline const QString TokenInspectorPageId = QStringLiteral("token-inspector");
    static inline const QString ActivityPageId = QStringLiteral("activity");
    static inline const QString DoctorPageId = QStringLiteral("doctor");

    explicit MainWindow(ServiceContext *context, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Registers a page: adds it to the navigation, or replaces the page (e.g. a placeholder)
    // already registered under `id` in place. `refresh` is what F5 does while the page is shown.
    void setPage(const QString &id, const QString &title, QWidget *page, std::function<void()> refresh = {});
    QWidget *page(const QString &id) const;
    QString currentPageId() const;
    void showPage(const QString &id);

    ServiceContext *context() const { return m_context; }
    ApimConnection *connection() const { return m_connection; }
    KeyManagersPage *keyManagersPage() const { return m_keyManagers; }
    ActivityPage *activityPage() const { return m_activity; }
    TokenInspectorPage *tokenInspectorPage() const { return m_tokenInspector; }
    ScopesPage *scopesPage() const { return m_scopes; }
    ApplicationsPage *applicationsPage() const { return m_applications; }
    DoctorPage *doctorPage() const { return m_doctor; }
    ConnectDialog *connectDialog() const;
    QLabel *connectionStatus() const { return m_status; }

public Q_SLOTS:
    // Opens the (non-modal to the event loop) Connect to API Manager dialog, prefilled with the active profile.
    void openConnectDialog();
    void refreshCurrentPage();
    // Opens the Asgardeo setup wizard for the connected API Manager (raises it when already open).
    void openAsgardeoWizard();
    // Opens the Entra ID setup wizard for the connected API Manager (raises it when already open).
    void openEntraWizard();
    // Writes every key manager but the Resident one, without secrets, to `path` (File › Export).
    void exportKeyManagersTo(const QString &path);
    // The report for people (KeyManagerReport) of every key manager, PDF or HTML by the file name, with the
    // Doctor page's last checks, or the Doctor's API Manager checks run for it; the banner says how it went.
    void saveReportTo(const QString &path);
    // Opens the import wizard for an export file (File › Import); a bad file is said in the Key Managers page.
    void openImportWizard(const QString &path);
    // Shows the Doctor page and checks `keyManagerName` (empty: every key manager); for the Key Managers
    // page's Check button and the wizards' "Check with Doctor".
    void showDoctorFor(const QString &keyManagerName);
    // Shows the Key Managers page with `keyManager` selected (once the list has it).
    void openInKeyManagers(const QString &keyManager);
    // A setup wizard's "Check with Doctor": the Doctor page checks that key manager (and checkWithDoctorRequested says so).
    void checkWithDoctor(const QString &keyManager);
    // Help › About: what the console does, in the README's words.
    void showAbout();

Q_SIGNALS:
    void checkWithDoctorRequested(const QString &keyManager);
    // saveReportTo() wrote the report.
    void reportSaved(const QString &path);

public:
    AsgardeoSetupWizard *asgardeoWizard() const { return m_asgardeoWizard; }
    QAction *setupAsgardeoAction() const { return m_setupAsgardeoAction; }
    EntraSetupWizard *entraWizard() const { return m_entraWizard; }
    QAction *setupEntraAction() const { return m_setupEntraAction; }
    QWidget *importWizard() const { return m_importWizard; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    struct PageEntry
    {
        QString title;
        QPointer<QWidget> widget;
        std::function<void()> refresh;
    };
    void createActions();
    void connectSetupWizard(SetupWizard *wizard);
    void updateStatus();
    void restoreWindowState();
    void saveWindowState() const;

    ServiceContext *m_context;
    ApimConnection *m_connection;
    QListWidget *m_navigation;
    QStackedWidget *m_pages;
    QLabel *m_status;
    QLabel *m_keychainWarning;
    QStringList m_pageOrder;
    QHash<QString, PageEntry> m_pageEntries;
    KeyManagersPage *m_keyManagers;
    ActivityPage *m_activity;
    TokenInspectorPage *m_tokenInspector;
    ScopesPage *m_scopes;
    ApplicationsPage *m_applications;
    DoctorPage *m_doctor = nullptr;
    QPointer<ConnectDialog> m_connectDialog;
    QAction *m_connectAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_setupAsgardeoAction = nullptr;
    QPointer<AsgardeoSetupWizard> m_asgardeoWizard;
    QAction *m_setupEntraAction = nullptr;
    QPointer<EntraSetupWizard> m_entraWizard;
    QAction *m_exportAction = nullptr;
    QAction *m_bundleAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_reportAction = nullptr;
    QPointer<QWidget> m_importWizard;
};

} // namespace km
