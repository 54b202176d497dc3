#pragma once
// The Key Managers page: the API Manager's key managers with filter, details (secrets masked),
// enable/disable, delete and refresh; loading, empty and error states are shown in the page.

#include "services/apim/ConnectorSettings.h"

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;
class QMessageBox;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace km {

class ApimClient;
class KeyManagerCatalogue;
class Job;
class KeyManagerTableModel;
class KeyManagerDetailsView;
class KeyManagerFormWizard;
class ServiceContext;
class EmptyStateView;
class StateBanner;
struct ApiError;

class KeyManagersPage : public QWidget
{
    Q_OBJECT
public:
    explicit KeyManagersPage(QWidget *parent = nullptr);
    ~KeyManagersPage() override;

    // What the key-manager form needs beyond the client (the keychain ledger of pushed secrets); without it
    // Add and Edit stay disabled.
    void setServices(ServiceContext *context);
    // The client of the connected API Manager, or null while not connected.
    void setClient(ApimClient *client);
    ApimClient *client() const;
    // While not connected: why the connection failed, with the way to fix it.
    void showConnectionProblem(const QString &text);
    // While a connection is being opened.
    void showConnecting(const QString &text);

    KeyManagerTableModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    StateBanner *banner() const { return m_banner; }
    KeyManagerDetailsView *details() const { return m_details; }
    // The connectors API Manager described in /settings (empty until read, or when it could not be).
    const ConnectorSettings &connectors() const { return m_connectors; }

    // The key manager configuration as shown in the detail pane: masked and indented.
    static QJsonObject maskedConfiguration(const QJsonObject &keyManager);

public Q_SLOTS:
    void refresh();
    void toggleEnabledOfSelected();
    // The form for a new key manager of any installed connector type, or for the selected one.
    void addKeyManager();
    void editSelected();
    // Asks for confirmation (non-blocking) and deletes the selected key manager when confirmed.
    void deleteSelected();
    // Selects the key manager named `name`, now or as soon as the list being loaded has it.
    void selectKeyManager(const QString &name);

Q_SIGNALS:
    // The page has nothing to show until an API Manager is connected.
    void connectRequested();
    // A confirmation box (delete, or disabling the Resident Key Manager) was opened; tests answer it by
    // clicking its buttons.
    void deleteConfirmationOpened(QMessageBox *box);
    // The add/edit form was opened (tests drive it).
    void formOpened(km::KeyManagerFormWizard *wizard);
    // "Check" on the selected key manager: the main window opens the Doctor for it.
    void checkRequested(const QString &keyManagerName);

private:
    void startJob(Job *job);
    void cancelJobs();
    void showListError(const ApiError &error);
    // The key managers the catalogue read: into the table, then their details.
    void showList(const QJsonObject &list);
    void showActionError(const QString &what, const ApiError &error, std::function<void()> retry);
    void fetchNextDetails();
    void fetchDetail(const QString &id);
    void setEnabled(const QString &id, bool enabled);
    void deleteKeyManager(const QString &id, const QString &name);
    int selectedSourceRow() const;
    QString typeAt(int row) const;
    bool selectPending();
    void updateDetailPane();
    void updateActions();
    void updateEmptyState();
    void setBusy(const QString &text);
    void fetchSettings();
    void openForm(const QJsonObject &existing);
    void fitColumns();

    QPointer<ApimClient> m_client;
    // The connection's key managers (observed: a change made elsewhere in the console shows here too).
    QPointer<KeyManagerCatalogue> m_catalogue;
    QPointer<Job> m_listJob; // this page's own read, answered by its job
    KeyManagerTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    StateBanner *m_banner;
    QLineEdit *m_filter;
    QPushButton *m_refresh;
    QPushButton *m_add;
    QPushButton *m_edit;
    QPushButton *m_toggle;
    QPushButton *m_delete;
    QPushButton *m_check;
    QStackedWidget *m_stack;
    EmptyStateView *m_empty;
    QTableView *m_table;
    QLabel *m_detailTitle;
    KeyManagerDetailsView *m_details;
    QPlainTextEdit *m_detail; // the details' JSON tab
    ConnectorSettings m_connectors;
    QPointer<ServiceContext> m_services;
    QList<QPointer<Job>> m_jobs;
    QStringList m_detailQueue;
    int m_detailsInFlight = 0;
    bool m_listLoaded = false;
    bool m_connecting = false;
    bool m_busy = false;
    std::function<void()> m_retry;
    QString m_pendingSelection;
};

} // namespace km
