#pragma once
// The Asgardeo-specific pages of the Asgardeo setup wizard: the organization and its management app
// (verified against Asgardeo), the global scopes API resource, and the connector configuration with the
// role-name mapping preview. The key manager, Review and Apply pages are the shared ones.

#include "services/asgardeo/AsgardeoClient.h"
#include "services/core/ApiError.h"
#include "services/core/JobSlot.h"
#include "ui/setup/CredentialsPage.h"

#include <QJsonObject>
#include <QPointer>
#include <QStringList>
#include <QWizardPage>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;
class QTreeWidget;

namespace km {

class InlineMessage;
class Job;
class SecretField;
class ServiceContext;
struct AsgardeoApiResource;
struct AsgardeoProfile;

class AsgardeoOrganizationPage : public CredentialsPage
{
    Q_OBJECT
public:
    explicit AsgardeoOrganizationPage(ServiceContext *context, QWidget *parent = nullptr);

    // Prefills the fields from a saved profile; the secret is read from the keychain.
    void loadProfile(const AsgardeoProfile &profile);

    // The client for the verified organization; null until Verify succeeded for the current fields.
    AsgardeoClient *client() const { return isVerified() ? m_client.data() : nullptr; }
    QString organization() const;

    bool validatePage() override;

    // Empty when the organization name can be used; what is wrong otherwise.

public Q_SLOTS:
    void verify() override;

protected:
    void showCheck(const QJsonObject &check) override;
    void saveProfile() override;

private:
    QLineEdit *m_organization;
    QLineEdit *m_baseUrl;
    QTreeWidget *m_scopes;
    QPointer<AsgardeoClient> m_client;
};

class AsgardeoResourcePage : public QWizardPage
{
    Q_OBJECT
public:
    explicit AsgardeoResourcePage(AsgardeoOrganizationPage *organization, QWidget *parent = nullptr);

    QString resourceName() const;

    void initializePage() override;
    bool isComplete() const override;

public Q_SLOTS:
    void lookUp();
    void createNow();

private:
    void showResource(const AsgardeoApiResource &resource);

    AsgardeoOrganizationPage *m_organization;
    QLineEdit *m_name;
    QPushButton *m_lookUp;
    QPushButton *m_create;
    QLabel *m_status;
    QListWidget *m_scopes;
    InlineMessage *m_message;
    JobSlot m_job{this}; // the look-up, or the creation, of the resource
    QString m_lookedUpName;
    bool m_lookedUp = false;
};

class AsgardeoConnectorPage : public QWizardPage
{
    Q_OBJECT
public:
    AsgardeoConnectorPage(AsgardeoOrganizationPage *organization, AsgardeoResourcePage *resource, QWidget *parent = nullptr);

    // The seven connector keys, secret included (it goes to API Manager, never to the screen).
    QJsonObject connectorConfiguration() const;
    bool createRoles() const;
    QStringList roles() const;
    // Roles the mapping rejects (Application/*), with the reason.
    QStringList rejectedRoles() const;

    void initializePage() override;
    bool isComplete() const override;

private:
    void updatePreview();

    AsgardeoOrganizationPage *m_organization;
    AsgardeoResourcePage *m_resource;
    QTableWidget *m_configuration;
    QCheckBox *m_createRoles;
    QLineEdit *m_roles;
    QTableWidget *m_preview;
    InlineMessage *m_message;
};

} // namespace km
