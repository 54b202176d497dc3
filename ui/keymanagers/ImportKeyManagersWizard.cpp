#include "ui/keymanagers/ImportKeyManagersWizard.h"
#include "services/core/ConstRange.h"

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
#include <QMessageBox>
#include <QPushButton>
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
    for (const QJsonValue &v : km::constTemporary(document.value(QLatin1String("secretsRequired")).toArray()))
        secrets[v.toObject().value(QLatin1String("keyManager")).toString()] << v.toObject().value(QLatin1String("hint")).toString();
    for (const QJsonValue &v : km::constTemporary(document.value(QLatin1String("keyManagers")).toArray())) {
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
    resolve(false);
}

void ImportSourcePage::resolve(bool allowElsewhere)
{
    m_resolving = true;
    m_message->showMessage(InlineMessage::Type::Info, tr("Reading the secrets from the keychain…"));
    Job *job = KeyManagerExport::resolveSecrets(m_context, m_document, allowElsewhere, this);
    connect(job, &Job::finished, this, [this](Job *j) {
        m_resolving = false;
        if (j->hasError() && j->error().vendorCode == KeyManagerExport::SecretElsewhereCode) {
            m_message->showError(j->error());
            askToSendElsewhere(j->error());
        } else if (j->hasError()) {
            m_message->showError(j->error());
        } else {
            for (const QJsonValue &v : km::constTemporary(j->result().toObject().value(QLatin1String("keyManagers")).toArray()))
                m_keyManagers << v.toObject();
            const QJsonArray elsewhere = j->result().toObject().value(QLatin1String("elsewhere")).toArray();
            if (elsewhere.isEmpty())
                m_message->showMessage(InlineMessage::Type::Success, tr("Every secret was found. Next shows what will change in this API Manager."));
            else
                m_message->showMessage(InlineMessage::Type::Warning, tr("Every secret was found; as you agreed, %1.").arg(KeyManagerExport::elsewhereText(elsewhere)));
        }
        Q_EMIT completeChanged();
    });
}

void ImportSourcePage::askToSendElsewhere(const ApiError &error)
{
    // Both hosts in front of the administrator; the safe answer is the default.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Send secrets to another host?"),
                                tr("This file would send secrets from your keychain to hosts they were not stored for."),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("secretElsewhereConfirmation"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextFormat(Qt::PlainText);
    QString details = error.description;
    if (!details.isEmpty())
        details[0] = details.at(0).toUpper();
    box->setInformativeText(details + QStringLiteral(".\n\n")
                            + tr("Send them only if you know these hosts belong to the same identity provider."));
    QPushButton *send = box->addButton(tr("&Send them there"), QMessageBox::DestructiveRole);
    send->setObjectName(QStringLiteral("sendElsewhere"));
    QPushButton *cancel = box->addButton(tr("Do &not send"), QMessageBox::RejectRole);
    cancel->setObjectName(QStringLiteral("keepSecrets"));
    box->setDefaultButton(cancel);
    box->setEscapeButton(cancel);
    connect(box, &QMessageBox::finished, this, [this, box, send] {
        if (box->clickedButton() == send)
            resolve(true);
        else
            m_message->showMessage(InlineMessage::Type::Error,
                                   tr("Nothing was imported: the file would send secrets to hosts they were not stored for. Correct its URLs and open it again."));
    });
    box->open();
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
