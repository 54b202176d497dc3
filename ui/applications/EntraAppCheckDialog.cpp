#include "ui/applications/EntraAppCheckDialog.h"

#include "services/core/Job.h"
#include "services/entra/EntraAppCheck.h"
#include "ui/widgets/InlineMessage.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

namespace km {

namespace {

enum SecretColumn { SecretName, SecretId, SecretHint, SecretStart, SecretEnd, SecretStatus, SecretColumns };

QString date(const QJsonValue &v)
{
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(v.toString(), Qt::ISODate);
    return t.isValid() ? t.toUTC().date().toString(Qt::ISODate) : QObject::tr("none");
}

QString severityColors(EntraFinding::Severity severity)
{
    if (severity == EntraFinding::Severity::Error)
        return QStringLiteral("background:#fce8e6;border:1px solid #f28b82;");
    if (severity == EntraFinding::Severity::Warning)
        return QStringLiteral("background:#fef7e0;border:1px solid #fdd663;");
    return QStringLiteral("background:#e8f0fe;border:1px solid #8ab4f8;");
}

} // namespace

EntraAppCheckDialog::EntraAppCheckDialog(EntraAppCheck *check, const QString &appId, const QString &displayName,
                                         const QList<PortalKeyManager> &keyManagers, const QString &keyManagerName, QWidget *parent)
    : QDialog(parent)
    , m_check(check)
    , m_appId(appId)
    , m_displayName(displayName)
    , m_keyManager(new QComboBox)
    , m_summary(new QLabel)
    , m_findings(new QWidget)
    , m_findingsLayout(new QVBoxLayout(m_findings))
    , m_secrets(new QTableWidget(0, SecretColumns))
    , m_remove(new QPushButton(tr("&Remove secret…")))
    , m_recheck(new QPushButton(tr("Check &again")))
    , m_message(new InlineMessage)
    , m_noSecrets(new QLabel)
{
    setObjectName(QStringLiteral("entraAppCheckDialog"));
    setWindowTitle(tr("Check Entra application — %1").arg(displayName.isEmpty() ? appId : displayName));
    m_keyManager->setObjectName(QStringLiteral("checkKeyManager"));
    m_summary->setObjectName(QStringLiteral("checkSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_findings->setObjectName(QStringLiteral("checkFindings"));
    m_secrets->setObjectName(QStringLiteral("checkSecrets"));
    m_remove->setObjectName(QStringLiteral("checkRemoveSecret"));
    m_recheck->setObjectName(QStringLiteral("checkRun"));
    m_message->setObjectName(QStringLiteral("checkMessage"));

    for (const PortalKeyManager &km : keyManagers) {
        m_keyManager->addItem(km.expectationLabel(), km.tokenVersion);
        m_keyManager->setItemData(m_keyManager->count() - 1, km.name, Qt::UserRole + 1);
    }
    m_keyManager->addItem(tr("Any key manager expecting v2 tokens"), 2);
    m_keyManager->addItem(tr("Any key manager expecting v1 tokens"), 1);
    const int preferred = m_keyManager->findData(keyManagerName, Qt::UserRole + 1);
    m_keyManager->setCurrentIndex(preferred >= 0 ? preferred : 0);
    m_keyManager->setToolTip(tr("The token version depends on the key manager: its issuer and consumer-key claim must match the tokens Entra issues"));

    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_findingsLayout->setContentsMargins(0, 0, 0, 0);
    m_findingsLayout->addStretch(1);
    auto *scroll = new QScrollArea;
    scroll->setWidget(m_findings);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumHeight(200);

    m_secrets->setHorizontalHeaderLabels({tr("Description"), tr("Secret ID"), tr("Hint"), tr("Created"), tr("Expires"), tr("Status")});
    m_secrets->verticalHeader()->hide();
    m_secrets->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_secrets->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_secrets->setSelectionMode(QAbstractItemView::SingleSelection);
    m_secrets->horizontalHeader()->setStretchLastSection(true);
    m_secrets->setColumnWidth(SecretName, 170);
    m_secrets->setColumnWidth(SecretId, 270);
    m_secrets->setColumnWidth(SecretHint, 50);
    m_secrets->setColumnWidth(SecretStart, 90);
    m_secrets->setColumnWidth(SecretEnd, 90);
    m_secrets->setMinimumHeight(110);
    m_remove->setEnabled(false);
    m_remove->setToolTip(tr("Remove the selected client secret from the Entra application (asks first)"));
    m_message->hide();

    auto *form = new QFormLayout;
    auto *app = new QLabel(tr("%1 — %2").arg(displayName, appId));
    app->setObjectName(QStringLiteral("checkApplication"));
    app->setTextFormat(Qt::PlainText); // Graph's display name, shown as written
    app->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Application:"), app);
    form->addRow(tr("Check &for:"), m_keyManager);

    auto *secretsHeader = new QHBoxLayout;
    auto *secretsLabel = new QLabel(tr("Client secrets:"));
    m_noSecrets->setObjectName(QStringLiteral("checkNoSecrets"));
    m_noSecrets->setTextFormat(Qt::PlainText);
    m_noSecrets->setWordWrap(true);
    m_noSecrets->setText(tr("This application has no client secret. Add one in Azure portal › App registrations › %1 › Certificates & secrets; "
                            "Entra shows its Value once, when it is created.").arg(displayName.isEmpty() ? appId : displayName));
    m_noSecrets->hide();
    secretsHeader->addWidget(secretsLabel, 1);
    secretsHeader->addWidget(m_remove);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_recheck, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_summary);
    layout->addWidget(scroll, 2);
    layout->addLayout(secretsHeader);
    layout->addWidget(m_secrets, 1);
    layout->addWidget(m_noSecrets);
    layout->addWidget(buttons);
    m_recheck->setDefault(true);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_recheck, &QPushButton::clicked, this, &EntraAppCheckDialog::runCheck);
    connect(m_keyManager, &QComboBox::activated, this, &EntraAppCheckDialog::runCheck);
    connect(m_remove, &QPushButton::clicked, this, &EntraAppCheckDialog::removeSelectedSecret);
    connect(m_secrets, &QTableWidget::itemSelectionChanged, this,
            [this] { m_remove->setEnabled(!m_job.isBusy() && !m_secrets->selectedItems().isEmpty()); });
    resize(820, 640);
    runCheck();
}

EntraAppCheckDialog::~EntraAppCheckDialog() = default; // the slot cancels a check still running

int EntraAppCheckDialog::keyManagerVersion() const
{
    return m_keyManager->currentData().toInt();
}

void EntraAppCheckDialog::setBusy(bool busy)
{
    m_recheck->setEnabled(!busy);
    m_keyManager->setEnabled(!busy);
    m_remove->setEnabled(!busy && !m_secrets->selectedItems().isEmpty());
    for (QPushButton *b : m_findings->findChildren<QPushButton *>())
        b->setEnabled(!busy);
}

void EntraAppCheckDialog::runCheck()
{
    if (!m_check)
        return;
    start(m_check->check(m_appId, keyManagerVersion()), tr("Reading the application from Microsoft Graph…"), [this](const QJsonValue &result) {
        if (m_message->type() == InlineMessage::Type::Info)
            m_message->hide(); // the progress note; a fix's or removal's outcome stays
        showResult(EntraAppCheckResult::fromJson(result));
    });
}

void EntraAppCheckDialog::showResult(const EntraAppCheckResult &result)
{
    const EntraAppSummary &app = result.application;
    const QList<EntraFinding> &findings = result.findings;
    const int errors = int(result.errorIds().size());
    const QString uris = app.identifierUris.join(QStringLiteral(", "));
    const QString secretsText = app.secretLimit > 0 ? tr("%1 of %2 (the limit for %3)").arg(app.secrets.size()).arg(app.secretLimit).arg(app.signInAudience)
                                                    : tr("%1 (no limit for %2)").arg(app.secrets.size()).arg(app.signInAudience);
    QString summary = tr("Application ID URI: %1. Token version: %2 (requestedAccessTokenVersion %3). Client secrets: %4.")
                          .arg(uris.isEmpty() ? tr("none") : uris, QString::number(app.tokenVersion),
                               app.requestedAccessTokenVersion ? QString::number(*app.requestedAccessTokenVersion) : QStringLiteral("null"), secretsText);
    summary += QLatin1Char(' ')
               + (errors == 1  ? tr("One problem makes the gateway reject this application's tokens.")
                  : errors > 1 ? tr("%1 problems make the gateway reject this application's tokens.").arg(errors)
                               : tr("Nothing stops its tokens from working with this key manager."));
    m_summary->setText(summary);

    // Findings, each with its fix; fixable ones get a button.
    while (m_findingsLayout->count() > 1) {
        QLayoutItem *item = m_findingsLayout->takeAt(0);
        if (item->widget())
            item->widget()->deleteLater();
        delete item;
    }
    if (findings.isEmpty()) {
        auto *none = new QLabel(tr("No findings: the Application ID URI, the token version and the client secrets are as the key manager needs them."));
        none->setWordWrap(true);
        none->setObjectName(QStringLiteral("checkNoFindings"));
        m_findingsLayout->insertWidget(0, none);
    }
    int position = 0;
    for (const EntraFinding &f : findings) {
        const QString &id = f.id;
        auto *frame = new QFrame;
        frame->setObjectName(QStringLiteral("finding_") + id);
        frame->setStyleSheet(QStringLiteral("QFrame#%1{%2border-radius:4px;} QLabel{background:transparent;border:none;color:#202124;}")
                                 .arg(frame->objectName(), severityColors(f.severity)));
        auto *icon = new QLabel;
        const QStyle::StandardPixmap pixmap = f.severity == EntraFinding::Severity::Error     ? QStyle::SP_MessageBoxCritical
                                              : f.severity == EntraFinding::Severity::Warning ? QStyle::SP_MessageBoxWarning
                                                                                              : QStyle::SP_MessageBoxInformation;
        icon->setPixmap(style()->standardIcon(pixmap).pixmap(20, 20));
        auto *message = new QLabel(f.message);
        message->setObjectName(QStringLiteral("findingMessage"));
        message->setTextFormat(Qt::PlainText);
        message->setWordWrap(true);
        message->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *fixText = new QLabel(tr("Fix: %1").arg(f.fix));
        fixText->setObjectName(QStringLiteral("findingFix"));
        fixText->setTextFormat(Qt::PlainText);
        fixText->setWordWrap(true);
        fixText->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *texts = new QVBoxLayout;
        texts->addWidget(message);
        texts->addWidget(fixText);
        auto *row = new QHBoxLayout(frame);
        row->setContentsMargins(8, 6, 8, 6);
        row->addWidget(icon, 0, Qt::AlignTop);
        row->addLayout(texts, 1);
        if (f.fixable) {
            auto *button = new QPushButton(id == EntraAppCheck::IdentifierUriMissing ? tr("Set URI")
                                           : id == EntraAppCheck::TokenVersionMismatch ? tr("Set version %1").arg(keyManagerVersion())
                                                                                        : tr("Fix"));
            button->setObjectName(QStringLiteral("fix_") + id);
            button->setToolTip(tr("Apply this fix with one Microsoft Graph PATCH, then check again"));
            connect(button, &QPushButton::clicked, this, [this, id] { fix(id); });
            row->addWidget(button, 0, Qt::AlignTop);
        }
        m_findingsLayout->insertWidget(position++, frame);
    }

    // Secrets with their dates.
    const QList<EntraSecretState> &secrets = app.secrets;
    m_secrets->setRowCount(0);
    for (const EntraSecretState &s : secrets) {
        const int row = m_secrets->rowCount();
        m_secrets->insertRow(row);
        auto *name = new QTableWidgetItem(s.displayName);
        name->setData(Qt::UserRole, s.keyId);
        m_secrets->setItem(row, SecretName, name);
        m_secrets->setItem(row, SecretId, new QTableWidgetItem(s.keyId));
        m_secrets->setItem(row, SecretHint, new QTableWidgetItem(s.hint));
        m_secrets->setItem(row, SecretStart, new QTableWidgetItem(date(s.startDateTime)));
        m_secrets->setItem(row, SecretEnd, new QTableWidgetItem(date(s.endDateTime)));
        QString status;
        if (s.expired)
            status = tr("expired");
        else if (!s.daysLeft)
            status = tr("no end date");
        else
            status = *s.daysLeft == 1 ? tr("1 day left") : tr("%1 days left").arg(*s.daysLeft);
        auto *statusItem = new QTableWidgetItem(status);
        if (s.expired)
            statusItem->setForeground(QColor(0xc0, 0x1c, 0x28));
        else if (s.daysLeft && *s.daysLeft <= EntraAppCheck::ExpiryWarningDays)
            statusItem->setForeground(QColor(0xb0, 0x60, 0x00));
        m_secrets->setItem(row, SecretStatus, statusItem);
    }
    m_remove->setEnabled(false);
    m_secrets->setVisible(!secrets.isEmpty());
    m_noSecrets->setVisible(secrets.isEmpty());
    Q_EMIT checked();
}

void EntraAppCheckDialog::start(Job *job, const QString &progress, std::function<void(const QJsonValue &result)> done)
{
    setBusy(true);
    m_message->showMessage(InlineMessage::Type::Info, progress);
    m_job.start(job, [this, done](const ApiError &error, const QJsonValue &result) {
        setBusy(false);
        if (error) {
            m_message->showError(error);
            return;
        }
        done(result);
    });
}

void EntraAppCheckDialog::fix(const QString &findingId)
{
    if (!m_check || m_job.isBusy())
        return;
    start(m_check->fix(m_appId, findingId, keyManagerVersion()), tr("Applying the fix with Microsoft Graph…"), [this, findingId](const QJsonValue &value) {
        const EntraAppFixResult result = EntraAppFixResult::fromJson(value);
        if (result.fixed.isEmpty()) {
            m_message->showMessage(InlineMessage::Type::Info, tr("Nothing to fix any more: someone fixed it meanwhile."));
            runCheck();
            return;
        }
        showResult(result.check);
        const QString what = findingId == EntraAppCheck::IdentifierUriMissing
                                 ? tr("The Application ID URI is set to api://%1.").arg(m_appId)
                                 : tr("requestedAccessTokenVersion is now %1: new tokens for this application are v%1 tokens.").arg(keyManagerVersion());
        m_message->showMessage(InlineMessage::Type::Success, what);
        Q_EMIT applicationChanged(m_appId);
    });
}

void EntraAppCheckDialog::removeSelectedSecret()
{
    const QList<QTableWidgetItem *> selected = m_secrets->selectedItems();
    if (selected.isEmpty() || m_job.isBusy())
        return;
    const int row = selected.first()->row();
    const QString keyId = m_secrets->item(row, SecretName)->data(Qt::UserRole).toString();
    const QString label = tr("“%1” (%2, expires %3)").arg(m_secrets->item(row, SecretName)->text(), keyId, m_secrets->item(row, SecretEnd)->text());
    auto *confirm = new QMessageBox(QMessageBox::Warning, tr("Remove client secret"),
                                    tr("Remove client secret %1 from “%2”?").arg(label, m_displayName), QMessageBox::Cancel, this);
    confirm->setObjectName(QStringLiteral("confirmRemoveSecret"));
    confirm->setTextFormat(Qt::PlainText); // the display name is Graph's
    confirm->setInformativeText(tr("Clients still using this secret get AADSTS7000215 (invalid client secret) from then on, and a "
                                   "DevPortal key created with it stops working. Entra cannot restore a removed secret."));
    QPushButton *remove = confirm->addButton(tr("Remove secret"), QMessageBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("confirmRemoveSecretYes"));
    confirm->setDefaultButton(QMessageBox::Cancel);
    confirm->setAttribute(Qt::WA_DeleteOnClose);
    connect(confirm, &QMessageBox::buttonClicked, this, [this, confirm, remove, keyId, label](QAbstractButton *clicked) {
        if (clicked == remove)
            removeSecret(keyId, label);
        confirm->close();
    });
    confirm->open();
}

void EntraAppCheckDialog::removeSecret(const QString &keyId, const QString &label)
{
    if (!m_check || m_job.isBusy())
        return;
    start(m_check->removeSecret(m_appId, keyId), tr("Removing client secret %1…").arg(keyId), [this, label](const QJsonValue &) {
        Q_EMIT applicationChanged(m_appId);
        runCheck();
        m_message->showMessage(InlineMessage::Type::Success, tr("Client secret %1 was removed.").arg(label));
    });
}

} // namespace km
