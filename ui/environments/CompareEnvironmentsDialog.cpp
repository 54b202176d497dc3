#include "ui/environments/CompareEnvironmentsDialog.h"

#include "services/core/ServiceContext.h"
#include "services/export/KeyManagerPlan.h"
#include "services/profiles/ProfileStore.h"
#include "services/profiles/Profiles.h"
#include "ui/widgets/InlineMessage.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace km {

namespace {

enum Column { NameColumn, StatusColumn, ProfileColumn, AgainstColumn };

} // namespace

CompareEnvironmentsDialog::CompareEnvironmentsDialog(ServiceContext *context, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
    , m_profile(new QComboBox)
    , m_against(new QComboBox)
    , m_compare(new QPushButton(tr("&Compare")))
    , m_tree(new QTreeWidget)
    , m_progress(new QProgressBar)
    , m_message(new InlineMessage)
{
    setObjectName(QStringLiteral("compareEnvironmentsDialog"));
    setWindowTitle(tr("Compare environments"));
    m_profile->setObjectName(QStringLiteral("compareProfile"));
    m_against->setObjectName(QStringLiteral("compareAgainst"));
    m_compare->setObjectName(QStringLiteral("compareButton"));
    m_tree->setObjectName(QStringLiteral("compareResult"));
    m_message->setObjectName(QStringLiteral("compareMessage"));

    auto *intro = new QLabel(tr("The key managers of two API Manager profiles, field by field: which are only in one, "
                                "which differ and how. Nothing is changed; secrets are never shown."));
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    auto *profileLabel = new QLabel(tr("&Environment:"));
    profileLabel->setBuddy(m_profile);
    auto *againstLabel = new QLabel(tr("Compared &with:"));
    againstLabel->setBuddy(m_against);
    form->addRow(profileLabel, m_profile);
    form->addRow(againstLabel, m_against);

    m_tree->setColumnCount(4);
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(StatusColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(ProfileColumn, QHeaderView::Interactive);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->resizeSection(ProfileColumn, 220);

    m_progress->setRange(0, 0); // busy: how long API Manager takes is not known
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    m_progress->hide();
    m_message->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_compare, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_compare, &QPushButton::clicked, this, &CompareEnvironmentsDialog::compare);
    if (QPushButton *close = buttons->button(QDialogButtonBox::Close))
        close->setAutoDefault(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    // Enter compares (set once the button is in the dialog: only then can it be its default).
    m_compare->setDefault(true);

    fillProfiles();
    connect(m_profile, &QComboBox::currentIndexChanged, this, &CompareEnvironmentsDialog::selectionChanged);
    connect(m_against, &QComboBox::currentIndexChanged, this, &CompareEnvironmentsDialog::selectionChanged);
    selectionChanged();
    resize(900, 560);
}

void CompareEnvironmentsDialog::fillProfiles()
{
    QStringList names;
    for (const ApimProfile &p : m_context->profiles()->apimProfiles())
        names << p.name;
    m_profile->addItems(names);
    m_against->addItems(names);
    // The connected one first, compared with the next one: dev against prod when those are the two.
    const QString active = m_context->profiles()->activeApimProfile();
    const int first = qMax(0, names.indexOf(active));
    m_profile->setCurrentIndex(names.isEmpty() ? -1 : first);
    m_against->setCurrentIndex(names.size() < 2 ? -1 : (first + 1) % names.size());
}

void CompareEnvironmentsDialog::selectionChanged()
{
    if (m_job.isBusy())
        return;
    m_tree->clear();
    const QString a = m_profile->currentText();
    const QString b = m_against->currentText();
    m_tree->setHeaderLabels({tr("Key manager / field"), tr("Status"), a.isEmpty() ? tr("Environment") : a,
                             b.isEmpty() ? tr("Compared with") : b});
    if (m_profile->count() < 2) {
        m_message->showMessage(InlineMessage::Type::Info,
                               tr("Comparing needs two API Manager profiles. Add the other environment with File › Connect "
                                  "to API Manager, then open this again."));
        m_compare->setEnabled(false);
        return;
    }
    if (a == b) {
        m_message->showMessage(InlineMessage::Type::Info, tr("Choose two different API Manager profiles."));
        m_compare->setEnabled(false);
        return;
    }
    m_message->hide();
    m_compare->setEnabled(true);
}

void CompareEnvironmentsDialog::setBusy(bool busy)
{
    m_profile->setEnabled(!busy);
    m_against->setEnabled(!busy);
    m_compare->setEnabled(!busy);
    m_progress->setVisible(busy);
}

void CompareEnvironmentsDialog::compare()
{
    const QString a = m_profile->currentText();
    const QString b = m_against->currentText();
    if (m_job.isBusy() || a.isEmpty() || b.isEmpty() || a == b)
        return;
    m_tree->clear();
    setBusy(true);
    m_message->showMessage(InlineMessage::Type::Info, tr("Reading the key managers of “%1” and “%2”…").arg(a, b));
    m_job.watch(KeyManagerPlan::compareProfiles(m_context, a, b, this), [this, a, b](Job *finished) {
        auto *job = static_cast<PlanJob *>(finished); // the plan started above
        setBusy(false);
        if (job->hasError()) {
            m_message->showMessage(InlineMessage::Type::Error,
                                   tr("Could not compare “%1” with “%2”: %3").arg(a, b, job->error().toUserText()));
            return;
        }
        int differing = 0;
        const QList<KeyManagerChange> changes = job->changes();
        for (const KeyManagerChange &c : changes) {
            const QString status = KeyManagerPlan::differenceStatus(c.action);
            const QList<KeyManagerChange::Field> fields = c.fields();
            QString words;
            if (status == QLatin1String("only-in-profile"))
                words = tr("only in %1").arg(a);
            else if (status == QLatin1String("only-in-against"))
                words = tr("only in %1").arg(b);
            else if (status == QLatin1String("differs"))
                words = tr("differs in %n field(s)", nullptr, int(fields.size()));
            else
                words = tr("same");
            if (status != QLatin1String("same"))
                ++differing;
            auto *item = new QTreeWidgetItem(m_tree, {QStringLiteral("%1 (%2)").arg(c.name, c.type), words});
            item->setData(NameColumn, Qt::UserRole, c.name);
            item->setData(StatusColumn, Qt::UserRole, status);
            if (status == QLatin1String("only-in-profile"))
                item->setText(ProfileColumn, tr("present"));
            else if (status == QLatin1String("only-in-against"))
                item->setText(AgainstColumn, tr("present"));
            for (const KeyManagerChange::Field &f : fields) {
                auto *field = new QTreeWidgetItem(item, {f.field});
                field->setData(NameColumn, Qt::UserRole, f.field);
                if (f.secret) {
                    field->setText(StatusColumn, tr("the secret differs"));
                    field->setText(ProfileColumn, tr("(secret, not shown)"));
                    field->setText(AgainstColumn, tr("(secret, not shown)"));
                } else {
                    // "to" is what the first environment has, "from" what the other has (KeyManagerPlan).
                    field->setText(StatusColumn, tr("differs"));
                    field->setText(ProfileColumn, KeyManagerPlan::valueText(f.to));
                    field->setText(AgainstColumn, KeyManagerPlan::valueText(f.from));
                }
                field->setToolTip(ProfileColumn, field->text(ProfileColumn));
                field->setToolTip(AgainstColumn, field->text(AgainstColumn));
            }
            item->setExpanded(true);
        }
        if (changes.isEmpty())
            m_message->showMessage(InlineMessage::Type::Success, tr("Neither “%1” nor “%2” has key managers to compare.").arg(a, b));
        else if (differing == 0)
            m_message->showMessage(InlineMessage::Type::Success,
                                   tr("“%1” and “%2” have the same %n key manager(s).", nullptr, int(changes.size())).arg(a, b));
        else
            m_message->showMessage(InlineMessage::Type::Warning,
                                   tr("%n of %1 key manager(s) are not the same in “%2” and “%3”.", nullptr, differing)
                                       .arg(changes.size()).arg(a, b));
    });
}

} // namespace km
