#pragma once
// Imports key managers exported from another environment: what the file holds and where each secret
// comes from, then the plan (KeyManagerPlan: per key manager create / update with its field differences /
// unchanged / only in API Manager, a checkbox for each one to apply) and the shared Apply page.

#include "services/core/ApiError.h"
#include "services/core/JobSlot.h"
#include "services/export/KeyManagerPlan.h"
#include "ui/setup/SetupWizard.h"

#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QWizardPage>

class QLabel;
class QTreeWidget;

namespace km {

class ApimClient;
class InlineMessage;
class ServiceContext;
class SetupApplyPage;

class ImportSourcePage : public QWizardPage
{
    Q_OBJECT
public:
    ImportSourcePage(ServiceContext *context, const QJsonObject &document, const QString &fileName, QWidget *parent = nullptr);
    // The key managers with their secrets filled in; empty until they all were found.
    QList<QJsonObject> keyManagers() const { return m_keyManagers; }
    void initializePage() override;
    bool isComplete() const override;

private:
    void resolve(bool allowElsewhere);
    void askToSendElsewhere(const ApiError &error);
    ServiceContext *m_context;
    QJsonObject m_document;
    QTreeWidget *m_contents;
    InlineMessage *m_message;
    QList<QJsonObject> m_keyManagers;
    bool m_resolving = false;
};

// The plan against the connected API Manager. New key managers are ticked; an update is applied only
// when its box is ticked (the administrator has seen its field differences); unchanged ones and those
// only in API Manager are shown, never touched.
class ImportPlanPage : public QWizardPage
{
    Q_OBJECT
public:
    using Source = std::function<QList<QJsonObject>()>;
    ImportPlanPage(ServiceContext *context, QPointer<ApimClient> *apim, Source source, QWidget *parent = nullptr);
    void initializePage() override;
    bool isComplete() const override;
    const QList<KeyManagerChange> &changes() const { return m_changes; }
    // The names ticked to apply.
    QStringList selected() const;
    QTreeWidget *tree() const { return m_tree; }

private:
    ServiceContext *m_context;
    QPointer<ApimClient> *m_apim;
    Source m_source;
    QTreeWidget *m_tree;
    InlineMessage *m_message;
    QList<KeyManagerChange> m_changes;
    JobSlot m_planning{this}; // the comparison with API Manager for this visit of the page
};

class ImportKeyManagersWizard : public SetupWizard
{
    Q_OBJECT
public:
    enum PageId { SourceId, ReviewId, ApplyId };
    ImportKeyManagersWizard(ServiceContext *context, ApimClient *apim, const QJsonObject &document, const QString &fileName,
                            QWidget *parent = nullptr);
    ImportPlanPage *planPage() const { return m_plan; }
    SetupApplyPage *applyPage() const { return m_apply; }

private:
    ServiceContext *m_context;
    QPointer<ApimClient> m_apim;
    ImportSourcePage *m_source;
    ImportPlanPage *m_plan;
    SetupApplyPage *m_apply;
};

} // namespace km
