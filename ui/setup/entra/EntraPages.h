#pragma once
// The Entra-specific pages of the Entra ID setup wizard: the cloud (under the intro text), tenant and
// client verified with a Graph token, the token version(s), and the claims/grants/connector settings.
// The key manager (endpoints), Review and Apply pages are the shared ones.

#include "services/core/ApiError.h"
#include "services/entra/AzureSetup.h"
#include "services/entra/EntraClient.h"
#include "services/http/HttpSession.h"
#include "ui/setup/CredentialsPage.h"

#include <QJsonObject>
#include <QPointer>
#include <QWizardPage>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTableWidget;
class QTreeWidget;

namespace km {

class InlineMessage;
class Job;
class SecretField;
class ServiceContext;

// Under the intro text: which Microsoft cloud, a Microsoft Entra External ID tenant (its subdomain), or
// custom sign-in and Graph URLs.
class EntraCloudSelector : public QWidget
{
    Q_OBJECT
public:
    explicit EntraCloudSelector(QWidget *parent = nullptr);
    QUrl loginUrl() const;
    QUrl graphUrl() const;
    QString cloudId() const;
    bool isExternal() const;
    QString externalSubdomain() const; // as typed
    void setUrls(const QUrl &loginUrl, const QUrl &graphUrl);
    void setProfile(const EntraProfile &profile);

Q_SIGNALS:
    void changed();

private:
    void cloudChosen();
    void subdomainEdited();
    QComboBox *m_cloud;
    QLineEdit *m_subdomain;
    QLineEdit *m_login;
    QLineEdit *m_graph;
    QLabel *m_subdomainLabel;
};

class EntraTenantPage : public CredentialsPage
{
    Q_OBJECT
public:
    EntraTenantPage(ServiceContext *context, EntraCloudSelector *cloud, QWidget *parent = nullptr);

    void loadProfile(const EntraProfile &profile);
    // The verified client; null until Verify succeeded for the current fields.
    EntraClient *client() const { return isVerified() ? m_client.data() : nullptr; }

public Q_SLOTS:
    void verify() override;

protected:
    void showCheck(const QJsonObject &check) override;
    void saveProfile() override;

private:
    EntraCloudSelector *m_cloud;
    QLineEdit *m_tenant;
    QTreeWidget *m_permissions;
    QPointer<EntraClient> m_client;
};

class EntraVersionPage : public QWizardPage
{
    Q_OBJECT
public:
    EntraVersionPage(EntraTenantPage *tenant, QWidget *parent = nullptr);
    AzureTokenVersions versions() const;
    void initializePage() override;

private:
    void explain();
    EntraTenantPage *m_tenant;
    QRadioButton *m_v1;
    QRadioButton *m_v2;
    QRadioButton *m_both;
    QLabel *m_explanation;
};

class EntraConnectorPage : public QWizardPage
{
    Q_OBJECT
public:
    // `options` gives the setup as the pages before hold it.
    EntraConnectorPage(EntraTenantPage *tenant, std::function<AzureSetupOptions()> options, QWidget *parent = nullptr);
    int pollingInitialDelayMs() const;
    int pollingMaxWaitMs() const;
    void initializePage() override;
    bool isComplete() const override;

private:
    void fill();
    EntraTenantPage *m_tenant;
    std::function<AzureSetupOptions()> m_options;
    QLabel *m_claims;
    QLabel *m_grants;
    QSpinBox *m_initialDelay;
    QSpinBox *m_maxWait;
    QTableWidget *m_configuration;
};

} // namespace km
