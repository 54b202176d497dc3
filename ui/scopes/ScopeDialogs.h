#pragma once
// The two follow-ups of the Scopes page ("Requesting and Using Scopes"): authorize scopes of the global
// resource for an Asgardeo application, and request a client-credentials token to see which were granted.
// Both are non-modal dialogs whose errors stay inside them.

#include "services/core/JobSlot.h"

#include <QDialog>
#include <QPointer>
#include <QStringList>

class QComboBox;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace km {

class AsgardeoClient;
class HttpSession;
class InlineMessage;
class Job;
class SecretField;

class AuthorizeScopesDialog : public QDialog
{
    Q_OBJECT
public:
    AuthorizeScopesDialog(AsgardeoClient *asgardeo, const QString &resourceId, const QString &resourceName,
                          const QStringList &scopes, QWidget *parent = nullptr);

public Q_SLOTS:
    void authorize();

Q_SIGNALS:
    void authorized(const QString &applicationName, const QStringList &scopes);

private:
    void loadApplications();
    void loadAuthorized();

    QPointer<AsgardeoClient> m_asgardeo;
    QString m_resourceId;
    QString m_resourceName;
    QComboBox *m_application;
    QListWidget *m_scopes;
    InlineMessage *m_message;
    QPushButton *m_apply;
    JobSlot m_job{this};        // the applications' list, then an authorization
    JobSlot m_authorized{this}; // what the chosen application may request already
};

class RequestTokenDialog : public QDialog
{
    Q_OBJECT
public:
    RequestTokenDialog(AsgardeoClient *asgardeo, HttpSession *http, const QStringList &scopes, QWidget *parent = nullptr);

    QString token() const { return m_token; }

public Q_SLOTS:
    void request();

Q_SIGNALS:
    // "Open in Token Inspector" was pressed.
    void openInInspector(const QString &token);

private:
    QPointer<AsgardeoClient> m_asgardeo;
    HttpSession *m_http;
    QLineEdit *m_clientId;
    SecretField *m_secret;
    QListWidget *m_scopes;
    QTableWidget *m_result;
    InlineMessage *m_message;
    QPushButton *m_request;
    QPushButton *m_open;
    JobSlot m_job{this};
    QString m_token;
};

} // namespace km
