#pragma once
// "Get token…": a client-credentials token from Entra ID for an application's own API
// (scope api://{appId}/.default), handed to the Token Inspector together with the key manager it is
// meant for, so issuer, version and consumer-key claim are checked there (the gateway's 900901).
// The secret is used for this request only. Non-modal; AADSTS errors are explained inside the dialog.

#include "services/apim/DevPortalOverview.h"
#include "services/core/JobSlot.h"
#include "services/profiles/Profiles.h"

#include <QDialog>
#include <QJsonArray>
#include <QPointer>

class QComboBox;
class QLineEdit;
class QPushButton;

namespace km {

class EntraClient;
class HttpSession;
class InlineMessage;
class Job;
class SecretField;

class EntraTokenDialog : public QDialog
{
    Q_OBJECT
public:
    // `profile` gives the tenant and the sign-in host; `keyManagers`: the AzureAD key managers.
    EntraTokenDialog(HttpSession *http, const EntraProfile &profile, const QList<PortalKeyManager> &keyManagers, const QString &clientId,
                     const QString &keyManagerName, QWidget *parent = nullptr);
    ~EntraTokenDialog() override;

    QString scope() const;
    // The Application ID URIs of the application (Graph's identifierUris), when known: only its own
    // scopes are suggested, and none when it has none (the dialog says how to add one).
    void setApplicationIdUris(const QStringList &uris);

public Q_SLOTS:
    void requestToken();

Q_SIGNALS:
    // The token and the key manager it is meant for (empty: let the inspector pick one by issuer).
    void tokenReceived(const QString &token, const QString &keyManagerName);

private:
    HttpSession *m_http;
    EntraProfile m_profile;
    QComboBox *m_keyManager;
    QLineEdit *m_clientId;
    SecretField *m_secret;
    QLineEdit *m_scope;
    InlineMessage *m_message;
    QPushButton *m_request;
    QPointer<EntraClient> m_entra;
    JobSlot m_job{this};
    QString m_autoScope;
};

} // namespace km
