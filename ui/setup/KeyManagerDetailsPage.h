#pragma once
// Wizard page for the key manager itself: name, display name, endpoints imported through API Manager's
// discover, grant types, JWKS, claims and permissions. Shared by the Asgardeo and Entra wizards.

#include "services/core/ApiError.h"
#include "services/core/JobSlot.h"

#include <QJsonObject>
#include <QPointer>
#include <QStringList>
#include <QWizardPage>

class QFormLayout;
class QLabel;
class QVBoxLayout;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace km {

class ApimClient;
class EndpointsEditor;
class GrantTypesEditor;
class InlineMessage;
class Job;
class PermissionsEditor;

class KeyManagerDetailsPage : public QWizardPage
{
    Q_OBJECT
public:
    KeyManagerDetailsPage(const QString &keyManagerType, QWidget *parent = nullptr);

    void setApimClient(ApimClient *client) { m_apim = client; }

    // Fills every field from a KeyManager JSON (a plan or what discover returned). Fields the user
    // already edited on this page are kept unless `overwriteEdited`.
    void setFromKeyManager(const QJsonObject &keyManager, bool overwriteEdited = false);
    // Writes the page's fields into a KeyManager JSON (plan) and returns it.
    QJsonObject applyTo(QJsonObject keyManager) const;

    void setWellKnownUrl(const QString &url);
    QString wellKnownUrl() const;
    QString keyManagerName() const;
    // Entra: only client_credentials, with the reason shown.
    void setFixedGrantTypes(const QStringList &grantTypes, const QString &reason);
    void setEndpointNote(const QString &endpointName, const QString &note);
    // A widget above the fields (the Entra wizard's two key managers side by side).
    void addHeaderWidget(QWidget *widget);
    // Hides the fields each key manager has of its own (display name, description, issuer, JWKS, claims) when the page
    // edits only what several key managers share (the Entra wizard's Both, which lists each one's values itself).
    void setPerKeyManagerFieldsHidden(bool hidden);
    bool perKeyManagerFieldsHidden() const { return m_perKeyManagerHidden; }
    // A name that may already exist (the wizard's "update" path) is accepted when it equals this.
    void setAllowExistingName(bool allow) { m_allowExisting = allow; }
    bool nameExists() const { return m_nameExists; }

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    // Validation of a key-manager name as API Manager needs it; empty when valid.
    static QString nameProblem(const QString &name);

Q_SIGNALS:
    void imported(const QJsonObject &discovered);

private:
    void importWellKnown();
    void checkNameSoon();
    void checkName();
    QString problems() const;

    QString m_type;
    QPointer<ApimClient> m_apim;
    QVBoxLayout *m_layout = nullptr;
    QWidget *m_ownFieldsTop = nullptr;
    QWidget *m_ownFieldsBottom = nullptr;
    bool m_perKeyManagerHidden = false;
    QLineEdit *m_name;
    QLineEdit *m_displayName;
    QLineEdit *m_description;
    QLineEdit *m_wellKnown;
    QPushButton *m_import;
    QLineEdit *m_issuer;
    QLineEdit *m_jwks;
    QLineEdit *m_consumerKeyClaim;
    QLineEdit *m_scopesClaim;
    EndpointsEditor *m_endpoints;
    GrantTypesEditor *m_grants;
    PermissionsEditor *m_permissions;
    InlineMessage *m_message;
    QLabel *m_nameStatus;
    QTimer *m_nameTimer;
    JobSlot m_nameJob{this};   // this page's wait for the connection's key-manager list
    JobSlot m_importJob{this}; // endpoints imported through API Manager
    QStringList m_existingNames;
    bool m_namesLoaded = false;
    bool m_nameExists = false;
    bool m_allowExisting = true;
    bool m_grantsFixed = false;
    bool m_importedOnce = false;
};

} // namespace km
