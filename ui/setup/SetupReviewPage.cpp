#include "ui/setup/SetupReviewPage.h"
#include "services/core/ConstRange.h"

#include "services/setup/KeyManagerSteps.h"

#include "services/core/Job.h"
#include "services/core/Tasks.h"

#include "services/core/Redactor.h"
#include "services/apim/ApimClient.h"
#include "services/apim/KeyManagerConfig.h"
#include "services/setup/JsonDiff.h"
#include "services/setup/SetupWritePlan.h"
#include "ui/common/PlainToolTip.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QWizard>

#include <memory>

#include <optional>

namespace km {

namespace {
// A JSON array of strings as a list; nothing for anything else.
std::optional<QStringList> stringList(const QJsonValue &value)
{
    if (!value.isArray())
        return std::nullopt;
    QStringList words;
    for (const QJsonValue &v : km::constTemporary(value.toArray())) {
        if (!v.isString())
            return std::nullopt;
        words << v.toString();
    }
    return words;
}

QString shortJson(const QJsonValue &value)
{
    const QJsonValue masked = Redactor::redactJson(value);
    if (masked.isUndefined() || masked.isNull())
        return QStringLiteral("—");
    if (masked.isString())
        return masked.toString();
    if (masked.isBool())
        return masked.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (masked.isDouble())
        return QString::number(masked.toDouble(), 'g', 15);
    if (const auto words = stringList(masked))
        return words->isEmpty() ? QStringLiteral("—") : words->join(QStringLiteral(", "));
    const QJsonDocument doc = masked.isArray() ? QJsonDocument(masked.toArray()) : QJsonDocument(masked.toObject());
    return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
}

// For two lists of words (grant types, scopes), what is added and removed, instead of only "changed".
QString listChange(const QJsonValue &before, const QJsonValue &after, const QString &fallback)
{
    const auto was = stringList(before), will = stringList(after);
    if (!was || !will)
        return fallback;
    QStringList added, removed;
    for (const QString &w : *will) {
        if (!was->contains(w))
            added << w;
    }
    for (const QString &w : *was) {
        if (!will->contains(w))
            removed << w;
    }
    QStringList parts;
    if (!added.isEmpty())
        parts << SetupReviewPage::tr("adds %1").arg(added.join(QStringLiteral(", ")));
    if (!removed.isEmpty())
        parts << SetupReviewPage::tr("removes %1").arg(removed.join(QStringLiteral(", ")));
    return parts.isEmpty() ? SetupReviewPage::tr("reorders") : parts.join(QStringLiteral("; "));
}
} // namespace

SetupReviewPage::SetupReviewPage(QWidget *parent)
    : QWizardPage(parent)
    , m_status(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_confirmUpdate(new QCheckBox(tr("&Update the existing key manager with these values"), this))
    , m_retry(new QPushButton(tr("&Check again"), this))
{
    setTitle(tr("Review"));
    // The button that leaves this page writes to API Manager and says what it writes; the pages before
    // it cannot be changed afterwards (QWizard disables Back after a commit page).
    setCommitPage(true);
    setSubTitle(tr("This is exactly what will be sent to API Manager. Secrets are masked here; the real values come from your keychain."));
    m_status->setObjectName(QStringLiteral("reviewStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tabs->setObjectName(QStringLiteral("reviewTabs"));
    m_confirmUpdate->setObjectName(QStringLiteral("confirmUpdate"));
    m_confirmUpdate->setVisible(false);
    m_retry->setObjectName(QStringLiteral("reviewRetry"));
    m_retry->setVisible(false);
    connect(m_confirmUpdate, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
    connect(m_retry, &QPushButton::clicked, this, &SetupReviewPage::reload);

    auto *top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(m_retry);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_confirmUpdate);
}

void SetupReviewPage::initializePage()
{
    reload();
}

void SetupReviewPage::reload()
{
    m_items.clear();
    m_writes.clear();
    m_changeCount = 0;
    setButtonText(QWizard::CommitButton, tr("Apply"));
    m_tabs->clear();
    m_confirmUpdate->setChecked(false);
    m_confirmUpdate->setVisible(false);
    m_retry->setVisible(false);
    m_loading = true;
    m_status->setText(tr("Checking what API Manager holds now…"));
    Q_EMIT completeChanged();
    if (m_loader)
        m_loader(this);
    else
        setReview({});
}

void SetupReviewPage::reviewKeyManagers(ApimClient *apim, const QList<QJsonObject> &payloads)
{
    if (!apim) {
        setLoadError(ApiError::validation(tr("Not connected to API Manager"), tr("Connect to API Manager and open the wizard again.")));
        return;
    }
    // Every key manager looked up at once; the first that cannot be read stops the review.
    QList<ReviewItem> items;
    QList<tasks::Factory> finds;
    for (const QJsonObject &payload : payloads) {
        const QString name = payload.value(QLatin1String("name")).toString();
        items.append({tr("Key manager %1").arg(name), payload, {}});
        finds << [client = QPointer<ApimClient>(apim), name]() -> Job * { return client ? KeyManagerSteps::findByName(client, name) : nullptr; };
    }
    // Back and Next again while it runs: the earlier look-up is stopped, its answer never reaches the review.
    m_lookUp.start(tasks::parallel(finds, this), [this, items](const ApiError &error, const QJsonValue &result) {
        if (error) {
            setLoadError(error);
            return;
        }
        QList<ReviewItem> found = items;
        const QJsonArray existing = result.toArray();
        for (int i = 0; i < found.size(); ++i)
            found[i].existing = existing.at(i).toObject();
        setReview(found);
    });
}

void SetupReviewPage::setLoadError(const ApiError &error)
{
    m_loading = false;
    m_status->setText(tr("Could not compare with API Manager: %1").arg(error.toUserText()));
    m_retry->setVisible(true);
    Q_EMIT completeChanged();
}

void SetupReviewPage::setReview(const QList<ReviewItem> &items)
{
    m_loading = false;
    m_items = items;
    m_tabs->clear();
    m_changeCount = 0;
    m_writes.clear();
    for (const ReviewItem &item : items) {
        const QString name = item.payload.value(QLatin1String("name")).toString();
        auto *tab = new QWidget;
        auto *tabLayout = new QVBoxLayout(tab);
        if (!item.existing.isEmpty()) {
            // Only what the console owns counts; "*****" is a secret API Manager keeps (the apply step tells a
            // rotated one apart with the fingerprint it recorded when it pushed it).
            const KeyManagerComparison comparison = KeyManagerCompare::compare(KeyManagerConfig::fromJson(item.payload),
                                                                               KeyManagerConfig::fromJson(item.existing));
            const QList<JsonChange> changes = comparison.differences;
            m_changeCount += int(changes.size());
            auto *tree = new QTreeWidget(tab);
            tree->setObjectName(QStringLiteral("reviewDiff"));
            tree->setHeaderLabels({tr("Field"), tr("Change"), tr("Now in API Manager"), tr("Will be")});
            tree->setRootIsDecorated(false);
            tree->setAlternatingRowColors(true);
            for (const JsonChange &c : changes) {
                auto *row = new QTreeWidgetItem(tree, {c.path, listChange(c.before, c.after, JsonDiff::kindName(c.kind)), shortJson(c.before),
                                                       shortJson(c.after)});
                for (int col = 1; col < 4; ++col)
                    row->setToolTip(col, plainToolTip(row->text(col)));
            }
            tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
            tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
            // The old and the new value share the rest, each shortened in the middle when long (whole in the tooltip).
            tree->header()->setSectionResizeMode(2, QHeaderView::Stretch);
            tree->header()->setSectionResizeMode(3, QHeaderView::Stretch);
            tree->setTextElideMode(Qt::ElideMiddle);
            auto *label = new QLabel(changes.isEmpty()
                                         ? tr("A key manager with this name exists and already matches: nothing will change.")
                                         : tr("A key manager with this name exists; %n field(s) differ:", nullptr, int(changes.size())),
                                     tab);
            label->setWordWrap(true);
            tabLayout->addWidget(label);
            if (!changes.isEmpty())
                tabLayout->addWidget(tree, 1);
            else
                delete tree;
            m_writes << SetupWritePlan::write(name, true, int(changes.size()));
        } else {
            m_writes << SetupWritePlan::write(name, false, 0);
        }
        auto *json = new QPlainTextEdit(tab);
        json->setObjectName(QStringLiteral("reviewJson"));
        json->setReadOnly(true);
        json->setLineWrapMode(QPlainTextEdit::NoWrap);
        const QJsonObject body = KeyManagerConfig::fromJson(item.payload).toPayload();
        const QString text = QString::fromUtf8(QJsonDocument(Redactor::redactJson(body).toObject()).toJson(QJsonDocument::Indented));
        json->setPlainText(text);
        auto *copy = new QPushButton(tr("Copy JSON"), tab);
        copy->setObjectName(QStringLiteral("reviewCopy"));
        connect(copy, &QPushButton::clicked, json, [text] { QApplication::clipboard()->setText(text); });
        auto *copyRow = new QHBoxLayout;
        copyRow->addWidget(new QLabel(tr("Request body (secrets masked):"), tab));
        copyRow->addStretch();
        copyRow->addWidget(copy);
        tabLayout->addLayout(copyRow);
        tabLayout->addWidget(json, 2);
        m_tabs->addTab(tab, item.title);
    }
    m_status->setText(SetupWritePlan::summary(m_writes));
    setButtonText(QWizard::CommitButton, QString(SetupWritePlan::commitText(m_writes)).replace(QLatin1Char('&'), QStringLiteral("&&")));
    const bool needsConfirmation = updatesExisting() && m_changeCount > 0;
    m_confirmUpdate->setVisible(needsConfirmation);
    Q_EMIT completeChanged();
}

QStringList SetupReviewPage::keyManagerNames() const
{
    QStringList names;
    for (const KeyManagerWrite &w : m_writes)
        names << w.name;
    return names;
}

bool SetupReviewPage::updatesExisting() const
{
    for (const ReviewItem &item : m_items) {
        if (!item.existing.isEmpty())
            return true;
    }
    return false;
}

bool SetupReviewPage::updateConfirmed() const
{
    return m_confirmUpdate->isChecked();
}

bool SetupReviewPage::isComplete() const
{
    if (m_loading || m_items.isEmpty())
        return false;
    if (updatesExisting() && m_changeCount > 0)
        return m_confirmUpdate->isChecked();
    return true;
}

} // namespace km
