#pragma once
// Applications page, the work after setup: the Developer Portal's applications with the OAuth keys they
// hold per key manager, and the Entra ID applications behind AzureAD keys with their token version and
// client secrets. From here an Entra application is checked and fixed, existing keys are mapped to a
// DevPortal application, and a token is requested and handed to the Token Inspector.

#include "services/apim/DevPortalOverview.h"
#include "services/core/JobSlot.h"

#include <QJsonArray>
#include <QPointer>
#include <QWidget>

#include <functional>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace km {

class ApimClient;
class DevPortalApplicationModel;
class DevPortalClient;
class EmptyStateView;
class EntraAppCheck;
class EntraApplicationModel;
class EntraClient;
class GraphClient;
class Job;
class SearchFilterProxyModel;
class ServiceContext;
class StateBanner;
struct EntraProfile;

class ApplicationsPage : public QWidget
{
    Q_OBJECT
public:
    enum Tab { DevPortalTab, EntraTab };

    explicit ApplicationsPage(ServiceContext *context, QWidget *parent = nullptr);
    ~ApplicationsPage() override;

    // The connected API Manager (null: not connected). Loads the DevPortal tab.
    void setClient(ApimClient *client);

    DevPortalApplicationModel *devPortalModel() const { return m_portalModel; }
    EntraApplicationModel *entraModel() const { return m_entraModel; }
    QString currentEntraProfile() const;
    void showTab(Tab tab);

public Q_SLOTS:
    // Reloads both tabs.
    void refresh();
    void refreshDevPortal();
    void refreshEntra();
    // Re-reads the Entra profiles (after Setup or `kmconsole-cli profile add entra` saved one).
    void reloadEntraProfiles();
    // The actions, for the selected row of the current tab.
    void openCheckDialog();
    void openProvideKeysDialog();
    void openTokenDialog();

Q_SIGNALS:
    void connectRequested();
    // A token was requested for an application: open it in the Token Inspector, checked against that key
    // manager (empty: the one whose issuer the token carries).
    void openTokenInInspector(const QString &token, const QString &keyManagerName);
    // The DevPortal tab finished loading (successfully or not).
    void devPortalLoaded();
    // The Entra tab finished loading (successfully or not).
    void entraLoaded();

protected:
    // Loads what was deferred while the page was hidden.
    void showEvent(QShowEvent *event) override;

private:
    struct Selection
    {
        QString appId;           // Entra application (client) ID, or a key's consumer key
        QString displayName;
        QString keyManager;      // the key manager the application is used with
        QString applicationId;   // DevPortal application
        bool azure = false;      // the row is an Entra application or a key of an AzureAD key manager
    };

    Selection selection() const;
    void updateActions();
    void updatePortalState();
    // The list read and shown (the model reads a large one, and the filter prepares it, off the GUI thread).
    void portalRowsReady();
    void updateEntraState();
    void showEntraProblem(const QString &title, const QString &text, const QString &action);
    void withGraph(const EntraProfile &profile, std::function<void()> then);
    void listEntraApplications();
    QList<PortalKeyManager> azureKeyManagers() const;
    Job *loadDevPortal();

    ServiceContext *m_context;
    QPointer<ApimClient> m_client;
    DevPortalClient *m_portal = nullptr;
    DevPortalApplicationModel *m_portalModel;
    EntraApplicationModel *m_entraModel;
    SearchFilterProxyModel *m_portalProxy;
    SearchFilterProxyModel *m_entraProxy;
    QTabWidget *m_tabs;

    QLineEdit *m_portalFilter;
    StateBanner *m_portalBanner;
    QStackedWidget *m_portalStack;
    EmptyStateView *m_portalEmpty;
    QTableView *m_portalTable;
    QLabel *m_portalSummary;

    QComboBox *m_entraProfile;
    QLineEdit *m_entraFilter;
    StateBanner *m_entraBanner;
    QStackedWidget *m_entraStack;
    EmptyStateView *m_entraEmpty;
    QTableView *m_entraTable;
    QLabel *m_entraSummary;

    QPushButton *m_refresh;
    QPushButton *m_check;
    QPushButton *m_provide;
    QPushButton *m_token;

    QList<PortalKeyManager> m_keyManagers; // as last read
    bool m_portalLoaded = false;
    bool m_portalAwaitingRows = false; // read from API Manager, not yet in the table
    QString m_portalKeyManagerError;
    bool m_entraListed = false;
    QString m_entraProblem;       // why the Entra tab has no list (shown in its empty state)
    QString m_graphProfile;       // the profile m_graph signs in with
    QPointer<EntraClient> m_entra;
    QPointer<GraphClient> m_graph;
    QPointer<EntraAppCheck> m_appCheck;
    JobSlot m_portalJob{this}; // the Developer Portal's applications and keys
    JobSlot m_entraJob{this};  // the Entra connection, then Graph's applications
    // Loading waits until the page is shown: nothing reaches API Manager, the keychain or Graph for a
    // page the user has not opened.
    bool m_portalDeferred = false;
    bool m_entraDeferred = false;
};

} // namespace km
