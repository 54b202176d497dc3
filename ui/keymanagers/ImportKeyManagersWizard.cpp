#include "ui/keymanagers/ImportKeyManagersWizard.h"
#include "services/core/ConstRange.h"

#include "services/apim/ApimClient.h"
#include "services/core/Job.h"
#include "services/core/ServiceContext.h"
#include "services/export/KeyManagerExport.h"
#include "services/setup/SetupRunner.h"
#include "ui/setup/SetupApplyPage.h"
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
        Q_EMIT completeChanged(); // NOLINT(readability-misleading-indentation): Q_EMIT expands to nothing
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

ImportPlanPage::ImportPlanPage(ServiceContext *context, QPointer<ApimClient> *apim, Source source, QWidget *parent)
    : QWizardPage(parent)
    , m_context(context)
    , m_apim(apim)
    , m_source(std::move(source))
    , m_tree(new QTreeWidget)
    , m_message(new InlineMessage)
{
    setTitle(tr("What changes in this API Manager"));
    setSubTitle(tr("Tick the key managers to apply. An update changes only the fields listed under it; secrets are never shown."));
    m_tree->setObjectName(QStringLiteral("importPlan"));
    m_message->setObjectName(QStringLiteral("planMessage"));
    m_tree->setHeaderLabels({tr("Key manager / field"), tr("Change"), tr("In API Manager now"), tr("From the file")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    connect(m_tree, &QTreeWidget::itemChanged, this, [this] { Q_EMIT completeChanged(); });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_message);
}

void ImportPlanPage::initializePage()
{
    m_tree->clear();
    m_changes.clear();
    if (!*m_apim) {
        m_message->showMessage(InlineMessage::Type::Error, tr("Not connected to API Manager: connect again (File › Connect), then import the file again."));
        return;
    }
    m_message->showMessage(InlineMessage::Type::Info, tr("Comparing with API Manager…"));
    // Back and Next again while it runs: the earlier comparison is stopped, its answer never fills the tree.
    m_planning.watch(KeyManagerPlan::plan(*m_apim, m_source(), this, m_context->secrets()), [this](Job *finished) {
        auto *job = static_cast<PlanJob *>(finished); // the plan started above
        if (job->hasError()) {
            m_message->showError(job->error());
            return;
        }
        m_changes = job->changes();
        const QSignalBlocker block(m_tree);
        int work = 0;
        for (const KeyManagerChange &c : std::as_const(m_changes)) {
            QString action;
            switch (c.action) {
            case KeyManagerChange::Action::Create: action = tr("create"); break;
            case KeyManagerChange::Action::Update: action = tr("update %n field(s)", nullptr, int(c.fields().size())); break;
            case KeyManagerChange::Action::Unchanged: action = tr("unchanged"); break;
            case KeyManagerChange::Action::OnlyOnServer: action = tr("only in API Manager (left as it is)"); break;
            }
            auto *item = new QTreeWidgetItem(m_tree, {QStringLiteral("%1 (%2)").arg(c.name, c.type), action});
            item->setData(0, Qt::UserRole, c.name);
            const bool applicable = c.action == KeyManagerChange::Action::Create || c.action == KeyManagerChange::Action::Update;
            if (applicable) {
                ++work;
                item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
                // A new key manager is what the import is for; an update replaces what is there, so it waits for a tick.
                item->setCheckState(0, c.action == KeyManagerChange::Action::Create ? Qt::Checked : Qt::Unchecked);
            } else {
                item->setDisabled(true);
            }
            for (const KeyManagerChange::Field &f : c.fields()) {
                if (f.secret)
                    new QTreeWidgetItem(item, {f.field, tr("new secret"), tr("(kept by API Manager)"), tr("(from your keychain)")});
                else
                    new QTreeWidgetItem(item, {f.field, tr("changes"), KeyManagerPlan::valueText(f.from), KeyManagerPlan::valueText(f.to)});
            }
            item->setExpanded(true);
        }
        if (work == 0)
            m_message->showMessage(InlineMessage::Type::Success, tr("API Manager already has every key manager of the file as it is there: nothing to apply."));
        else
            m_message->showMessage(InlineMessage::Type::Info, tr("%n key manager(s) can be created or updated. Updates are applied only when ticked.", nullptr, work));
        Q_EMIT completeChanged();
    });
}

QStringList ImportPlanPage::selected() const
{
    QStringList names;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_tree->topLevelItem(i);
        if ((item->flags() & Qt::ItemIsUserCheckable) && item->checkState(0) == Qt::Checked)
            names << item->data(0, Qt::UserRole).toString();
    }
    return names;
}

bool ImportPlanPage::isComplete() const
{
    return !selected().isEmpty();
}

ImportKeyManagersWizard::ImportKeyManagersWizard(ServiceContext *context, ApimClient *apim, const QJsonObject &document,
                                                 const QString &fileName, QWidget *parent)
    : SetupWizard(parent)
    , m_context(context)
    , m_apim(apim)
    , m_source(new ImportSourcePage(context, document, fileName))
    , m_plan(new ImportPlanPage(context, &m_apim, [this] { return m_source->keyManagers(); }))
    , m_apply(new SetupApplyPage)
{
    setObjectName(QStringLiteral("importKeyManagersWizard"));
    setWindowTitle(tr("Import key managers"));
    setPage(SourceId, m_source);
    setPage(ReviewId, m_plan);
    setPage(ApplyId, m_apply);
    m_apply->setRunnerFactory([this](QObject *parent) -> SetupRunner * {
        if (!m_apim)
            return nullptr;
        // Only the ticked ones, one POST or PUT each, in the file's order.
        return KeyManagerPlan::createApplyRunner(m_apim, m_plan->changes(), parent, m_context->secrets(), m_plan->selected());
    });
    connect(m_apply, &SetupApplyPage::busyChanged, this, [this](bool busy) { setBusy(busy); });
    resize(820, 600);
}

} // namespace km
