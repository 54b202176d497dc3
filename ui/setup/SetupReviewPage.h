#pragma once
// Wizard page showing the exact JSON that will be sent (secrets masked) and, against an existing
// key manager of the same name, the difference field by field with the choice to update it.

#include "services/core/ApiError.h"
#include "services/core/JobSlot.h"
#include "services/setup/SetupWritePlan.h"

#include <QJsonObject>
#include <QWizardPage>

#include <functional>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTreeWidget;
class QPushButton;

namespace km {

class ApimClient;

struct ReviewItem
{
    QString title;          // "Key manager AzureAD-v2"
    QJsonObject payload;    // what will be sent
    QJsonObject existing;   // what the server holds now; empty when it will be created
};

class SetupReviewPage : public QWizardPage
{
    Q_OBJECT
public:
    // The loader is called each time the page is shown; it calls setReview() or setLoadError() later.
    using Loader = std::function<void(SetupReviewPage *page)>;

    explicit SetupReviewPage(QWidget *parent = nullptr);

    void setLoader(Loader loader) { m_loader = std::move(loader); }
    void setReview(const QList<ReviewItem> &items);
    void setLoadError(const ApiError &error);
    // Reviews key-manager payloads against what API Manager holds under their names (looked up here),
    // then calls setReview(); for the loaders of the setup and import wizards.
    void reviewKeyManagers(ApimClient *apim, const QList<QJsonObject> &payloads);

    const QList<ReviewItem> &items() const { return m_items; }
    // Per key manager: created, updated or left as it is (what the button that leaves the page says).
    const QList<KeyManagerWrite> &writes() const { return m_writes; }
    QStringList keyManagerNames() const;
    bool updatesExisting() const;
    bool updateConfirmed() const;
    // Number of changed fields across all items (0 when everything already matches).
    int changeCount() const { return m_changeCount; }

    void initializePage() override;
    bool isComplete() const override;

private:
    void reload();

    Loader m_loader;
    QList<ReviewItem> m_items;
    QList<KeyManagerWrite> m_writes;
    int m_changeCount = 0;
    bool m_loading = false;
    JobSlot m_lookUp{this}; // what API Manager holds now, for this visit of the page
    QLabel *m_status;
    QTabWidget *m_tabs;
    QCheckBox *m_confirmUpdate;
    QPushButton *m_retry;
};

} // namespace km
