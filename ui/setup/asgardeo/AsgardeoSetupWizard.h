#pragma once
// Sets up Asgardeo as a key manager of the connected API Manager: seven pages, each checked against the
// live systems, ending in the shared Review and Apply pages (the same steps `kmconsole-cli setup asgardeo` runs).

#include "ui/setup/SetupWizard.h"

#include <QJsonObject>
#include <QPointer>

namespace km {

class ApimClient;
class AsgardeoConnectorPage;
class AsgardeoOrganizationPage;
class AsgardeoResourcePage;
class IntroPage;
class KeyManagerDetailsPage;
class ServiceContext;
class SetupApplyPage;
class SetupReviewPage;

class AsgardeoSetupWizard : public SetupWizard
{
    Q_OBJECT
public:
    enum PageId { IntroId, OrganizationId, ResourceId, KeyManagerId, ConnectorId, ReviewId, ApplyId };

    AsgardeoSetupWizard(ServiceContext *context, ApimClient *apim, QWidget *parent = nullptr);

    AsgardeoOrganizationPage *organizationPage() const { return m_organization; }
    AsgardeoResourcePage *resourcePage() const { return m_resource; }
    KeyManagerDetailsPage *keyManagerPage() const { return m_details; }
    AsgardeoConnectorPage *connectorPage() const { return m_connector; }
    SetupReviewPage *reviewPage() const { return m_review; }
    SetupApplyPage *applyPage() const { return m_apply; }

    // The key manager exactly as it will be sent (secret included; the pages mask it).
    QJsonObject payload() const;

protected:
    void initializePage(int id) override;

private:
    ServiceContext *m_context;
    QPointer<ApimClient> m_apim;
    IntroPage *m_intro;
    AsgardeoOrganizationPage *m_organization;
    AsgardeoResourcePage *m_resource;
    KeyManagerDetailsPage *m_details;
    AsgardeoConnectorPage *m_connector;
    SetupReviewPage *m_review;
    SetupApplyPage *m_apply;
    QJsonObject m_discovered;
    QString m_prefilledFor;
};

} // namespace km
