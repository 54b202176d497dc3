#pragma once
// "Check app…": an Entra application checked for the AzureAD key manager it is used with — Application ID
// URI, token version, client secrets against the credential limit — with one-click fixes (Graph PATCH) and
// old secrets removed after a confirmation. Non-modal; every error stays inside the dialog.

#include "services/apim/DevPortalOverview.h"
#include "services/core/JobSlot.h"
#include "services/entra/EntraAppCheck.h"

#include <QDialog>
#include <QJsonArray>
#include <QPointer>

#include <functional>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QVBoxLayout;

namespace km {

class InlineMessage;
class Job;

class EntraAppCheckDialog : public QDialog
{
    Q_OBJECT
public:
    // `keyManagers`: the AzureAD key managers [{"name", "tokenVersion"}] the application may be checked for;
    // `keyManagerName` the one to start with (e.g. the one its DevPortal key uses).
    EntraAppCheckDialog(EntraAppCheck *check, const QString &appId, const QString &displayName, const QList<PortalKeyManager> &keyManagers,
                        const QString &keyManagerName, QWidget *parent = nullptr);
    ~EntraAppCheckDialog() override;

    QString appId() const { return m_appId; }
    int keyManagerVersion() const;

public Q_SLOTS:
    void runCheck();
    void fix(const QString &findingId);
    // Asks first (non-blocking), then removes the secret selected in the list.
    void removeSelectedSecret();

Q_SIGNALS:
    void checked();
    // Graph changed (a fix or a removed secret): lists showing the application are stale.
    void applicationChanged(const QString &appId);

private:
    void showResult(const EntraAppCheckResult &result);
    void setBusy(bool busy);
    // Runs a Graph call with progress in the message; on success `done` gets its result, errors are shown.
    void start(Job *job, const QString &progress, std::function<void(const QJsonValue &result)> done);
    void removeSecret(const QString &keyId, const QString &label);

    QPointer<EntraAppCheck> m_check;
    QString m_appId;
    QString m_displayName;
    QComboBox *m_keyManager;
    QLabel *m_summary;
    QWidget *m_findings;
    QVBoxLayout *m_findingsLayout;
    QTableWidget *m_secrets;
    QPushButton *m_remove;
    QPushButton *m_recheck;
    InlineMessage *m_message;
    QLabel *m_noSecrets;
    JobSlot m_job{this};
};

} // namespace km
