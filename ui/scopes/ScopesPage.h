#pragma once
// Scopes page: API Manager's shared and API scopes, whether the Asgardeo global scopes resource holds
// each of them, and names Asgardeo would refuse; from here scopes are authorized for an Asgardeo
// application and a token is requested to check them.

#include "services/asgardeo/ScopeCoverage.h"
#include "services/core/JobSlot.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QMessageBox;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace km {

class ApimClient;
class AsgardeoClient;
class EmptyStateView;
class Job;
class SearchFilterProxyModel;
class PublisherClient;
class ScopeTableModel;
class ServiceContext;
class StateBanner;

class ScopesPage : public QWidget
{
    Q_OBJECT
public:
    explicit ScopesPage(ServiceContext *context, QWidget *parent = nullptr);
    ~ScopesPage() override;

    void setClient(ApimClient *client);
    ScopeTableModel *model() const { return m_model; }
    // The last comparison; none before the first has answered.
    const std::optional<ScopeCoverageResult> &coverage() const { return m_coverage; }

public Q_SLOTS:
    void refresh();
    // Re-reads the Asgardeo profiles (after the wizard saved one).
    void reloadOrganizations();
    void openAuthorizeDialog();
    // Adds the scopes the global resource lacks (except names Asgardeo refuses), then compares again.
    void addMissingToAsgardeo();
    void openRequestTokenDialog();

Q_SIGNALS:
    void connectRequested();
    void openTokenInInspector(const QString &token);
    void loaded();
    // "Add missing to Asgardeo" asks first; tests answer the box by clicking its buttons.
    void confirmationOpened(QMessageBox *box);

protected:
    // Loads what was deferred while the page was hidden.
    void showEvent(QShowEvent *event) override;

private:
    void addScopes(const QString &resourceId, const QString &resource, const QStringList &missing, int leftOut);
    void compareWith(AsgardeoClient *asgardeo);
    void updateState();
    QStringList missingScopes() const;

    ServiceContext *m_context;
    QPointer<ApimClient> m_client;
    PublisherClient *m_publisher = nullptr;
    QPointer<AsgardeoClient> m_asgardeo;
    ScopeTableModel *m_model;
    SearchFilterProxyModel *m_proxy;
    QComboBox *m_organization;
    QLineEdit *m_resource;
    QLineEdit *m_filter;
    QPushButton *m_refresh;
    QPushButton *m_authorize;
    QPushButton *m_requestToken;
    QPushButton *m_addMissing;
    StateBanner *m_banner;
    QLabel *m_summary;
    QStackedWidget *m_stack;
    EmptyStateView *m_empty;
    QTableView *m_table;
    JobSlot m_job{this}; // the Asgardeo connection, then the comparison; or adding scopes
    std::optional<ScopeCoverageResult> m_coverage;
    QString m_report;   // what the last change did, shown once the reload shows it
    bool m_organizationChosen = false;
    // Loading waits until the page is shown: nothing reaches the Publisher or Asgardeo for a page the user
    // has not opened.
    bool m_deferred = false;
};

} // namespace km
