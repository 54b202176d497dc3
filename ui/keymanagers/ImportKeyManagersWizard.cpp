#include "ui/keymanagers/ImportKeyManagersWizard.h"

#include "services/apim/ApimClient.h"
#include "services/core/Job.h"
#include "services/core/ServiceContext.h"
#include "services/export/KeyManagerExport.h"
#include "services/setup/SetupRunner.h"
#include "ui/setup/SetupApplyPage.h"
#include "ui/setup/SetupReviewPage.h"
#include "ui/widgets/InlineMessage.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>


namespace km {

ImportSourcePage::ImportSourcePage(ServiceContext *context, const QJsonObject &document, const QString &fileName, QWidget *parent)
    : QWizardPage(parent)
    , m_context(context)
    , m_document(document)
    , m_contents(new QTreeWidget)
    , m_message(new InlineMessage)
{
    setTitle(tr("Import key managers"));
    setSubTitle(tr("From %1, exported from %2 on %3. The export holds no secret: each one is taken from this computer's keychain.")
                    .arg(fileName, document.value(QLatin1String("source")).toString(), document.value(QLatin1String("exportedAt")).toString()));
    m_contents->setObjectName(QStringLiteral("importContents"));
    m_message->setObjectName(QStringLiteral("importMessage"));
    m_contents->setHeaderLabels({tr("Key manager"), tr("Type"), tr("Secrets")});
    m_contents->setRootIsDecorated(false);
    m_contents->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_contents->header()->setStretchLastSection(true);
    QHash<QString, QStringList> secrets;
    for (const QJsonValue &v : document.value(QLatin1String("secretsRequired")).toArray())
        secrets[v.toObject().value(QLatin1String("keyManager")).toString()] << v.toObject().value(QLatin1String("hint")).toString();
    for (const QJsonValue &v : document.value(QLatin1String("keyManagers")).toArray()) {
        const QJsonObject km = v.toObject();
        const QString name = km.value(QLatin1String("name")).toString();
        new QTreeWidgetItem(m_contents, {name, km.value(QLatin1String("type")).toString(),
                                         secrets.value(name).isEmpty() ? tr("none") : secrets.value(name).join(QStringLiteral("; "))});
    }
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_contents, 1);
    layout->addWidget(m_message);
}

void ImportSourcePage::initializePage()
{
    if (!m_keyManagers.isEmpty() || m_resolving)
        return;
    m_resolving = true;
    m_message->showMessage(InlineMessage::Type::Info, tr("Reading the secrets from the keychain…"));
    Job *job = KeyManagerExport::resolveSecrets(m_context, m_document, this);
    connect(job, &Job::finished, this, [this](Job *j) {
        m_resolving = false;
        if (j->hasError()) {
            m_message->showError(j->error());
        } else {
            for (const QJsonValue &v : j->result().toArray())
                m_keyManagers << v.toObject();
            m_message->showMessage(InlineMessage::Type::Success, tr("Every secret was found. Next shows what will change in this API Manager."));
        }
        Q_EMIT completeChanged();
    });
}

bool ImportSourcePage::isComplete() const
{
    return !m_keyManagers.isEmpty();
}

ImportKeyManagersWizard::ImportKeyManagersWizard(ServiceContext *context, ApimClient *apim, const QJsonObject &document,
                                                 const QString &fileName, QWidget *parent)
    : SetupWizard(parent)
    , m_context(context)
    , m_apim(apim)
    , m_source(new ImportSourcePage(context, document, fileName))
    , m_review(new SetupReviewPage)
    , m_apply(new SetupApplyPage)
{
    setObjectName(QStringLiteral("importKeyManagersWizard"));
    setWindowTitle(tr("Import key managers"));
    setPage(SourceId, m_source);
    setPage(ReviewId, m_review);
    setPage(ApplyId, m_apply);
    m_review->setLoader([this](SetupReviewPage *page) { page->reviewKeyManagers(m_apim, m_source->keyManagers()); });
    m_apply->setRunnerFactory([this](QObject *parent) -> SetupRunner * {
        if (!m_apim)
            return nullptr;
        return KeyManagerExport::createImportRunner(m_apim, m_context->http(), m_source->keyManagers(), m_review->updateConfirmed(), parent, m_context->secrets());
    });
    connect(m_apply, &SetupApplyPage::busyChanged, this, [this](bool busy) { setBusy(busy); });
    resize(820, 600);
}

} // namespace km
