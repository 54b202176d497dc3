#pragma once
// Imports key managers exported from another environment: what the file holds and where each secret
// comes from, then the shared Review (difference from what exists) and Apply pages.

#include "services/core/ApiError.h"
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
class SetupReviewPage;

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

class ImportKeyManagersWizard : public SetupWizard
{
    Q_OBJECT
public:
    enum PageId { SourceId, ReviewId, ApplyId };
    ImportKeyManagersWizard(ServiceContext *context, ApimClient *apim, const QJsonObject &document, const QString &fileName,
                            QWidget *parent = nullptr);
    SetupReviewPage *reviewPage() const { return m_review; }
    SetupApplyPage *applyPage() const { return m_apply; }

private:
    ServiceContext *m_context;
    QPointer<ApimClient> m_apim;
    ImportSourcePage *m_source;
    SetupReviewPage *m_review;
    SetupApplyPage *m_apply;
};

} // namespace km
