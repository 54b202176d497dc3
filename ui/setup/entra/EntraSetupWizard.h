#pragma once
// Sets up Microsoft Entra ID as one or two key managers (v1 and/or v2 tokens) of the connected API Manager,
// on the same machinery as the Asgardeo wizard: shared key-manager, Review and Apply pages, and the same
// steps `kmconsole-cli setup azure` runs.

#include "services/core/JobSlot.h"
#include "services/entra/AzureSetup.h"
#include "ui/setup/SetupWizard.h"

#include <QJsonObject>
#include <QPointer>

class QLabel;
class QGridLayout;

namespace km {

class ApimClient;
class EntraCloudSelector;
class EntraConnectorPage;
class EntraTenantPage;
class EntraVersionPage;
class IntroPage;
class Job;
class KeyManagerDetailsPage;
class ServiceContext;
class SetupApplyPage;
class SetupReviewPage;

class EntraSetupWizard : public SetupWizard
{
    Q_OBJECT
public:
    enum PageId { IntroId, TenantId, VersionId, KeyManagerId, ConnectorId, ReviewId, ApplyId };

    EntraSetupWizard(ServiceContext *context, ApimClient *apim, QWidget *parent = nullptr);

    EntraCloudSelector *cloudSelector() const { return m_cloud; }
    EntraTenantPage *tenantPage() const { return m_tenant; }
    EntraVersionPage *versionPage() const { return m_version; }
    KeyManagerDetailsPage *keyManagerPage() const { return m_details; }
    EntraConnectorPage *connectorPage() const { return m_connector; }
    SetupReviewPage *reviewPage() const { return m_review; }
    SetupApplyPage *applyPage() const { return m_apply; }
    // With Both: the key managers side by side; `column` 0 is v1, 1 is v2; rows: name, display name, issuer,
    // consumer-key claim, scopes claim, JWKS. Empty when not shown.
    QWidget *bothKeyManagers() const { return m_both; }
    QString bothKeyManagersCell(int row, int column) const;

    // The setup as the pages hold it; the payloads of Review and Apply are built from it.
    AzureSetupOptions options() const;
    // `withPageEdits` false: as AzureSetup builds it from discovery alone.
    QJsonObject payload(int version, bool withPageEdits = true) const;

protected:
    void initializePage(int id) override;

private:
    void discoverV1();
    // With Both: the v1 and v2 key managers side by side, as they will be sent.
    void showBothKeyManagers();
    int primaryVersion() const;

    ServiceContext *m_context;
    QPointer<ApimClient> m_apim;
    EntraCloudSelector *m_cloud;
    IntroPage *m_intro;
    EntraTenantPage *m_tenant;
    EntraVersionPage *m_version;
    KeyManagerDetailsPage *m_details;
    EntraConnectorPage *m_connector;
    SetupReviewPage *m_review;
    SetupApplyPage *m_apply;
    QJsonObject m_discoveredV1;
    QJsonObject m_discoveredV2;
    QString m_preparedFor;
    JobSlot m_v1Job{this}; // the tenant's v1 discovery document, read through API Manager
    QWidget *m_both = nullptr;
    QLabel *m_bothCaption = nullptr;
    QGridLayout *m_bothGrid = nullptr;
};

} // namespace km
