#include "ui/setup/CredentialsPage.h"

#include "services/core/Job.h"
#include "services/core/ServiceContext.h"
#include "services/secrets/SecretStore.h"
#include "ui/setup/SetupWizard.h"
#include "ui/widgets/InlineMessage.h"
#include "ui/widgets/SecretField.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace km {

CredentialsPage::CredentialsPage(ServiceContext *context, const QString &namePrefix, QWidget *parent)
    : QWizardPage(parent)
    , m_context(context)
    , m_clientId(new QLineEdit)
    , m_secret(new SecretField)
    , m_verify(new QPushButton(tr("&Verify")))
    , m_message(new InlineMessage)
    , m_saved(new QLabel)
{
    m_clientId->setObjectName(namePrefix + QStringLiteral("ClientId"));
    m_secret->setObjectName(namePrefix + QStringLiteral("ClientSecret"));
    m_verify->setObjectName(namePrefix + QStringLiteral("Verify"));
    m_message->setObjectName(namePrefix + QStringLiteral("Message"));
    m_saved->setObjectName(namePrefix + QStringLiteral("Saved"));
    m_saved->setTextFormat(Qt::PlainText);
    m_saved->setWordWrap(true);
    m_message->hide();
    watch(m_clientId);
    watch(m_secret);
    connect(m_verify, &QPushButton::clicked, this, &CredentialsPage::verify);
    connect(m_secret, &QLineEdit::returnPressed, this, &CredentialsPage::verify);
}

void CredentialsPage::assemble(QFormLayout *form, const QString &hint, QWidget *result)
{
    auto *row = new QHBoxLayout;
    row->addWidget(m_verify);
    auto *label = new QLabel(hint);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    row->addWidget(label, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(row);
    layout->addWidget(m_message);
    layout->addWidget(result, 1);
    layout->addWidget(m_saved);
}

void CredentialsPage::watch(QLineEdit *edit)
{
    connect(edit, &QLineEdit::textEdited, this, &CredentialsPage::fieldsEdited);
}

QString CredentialsPage::clientSecret() const
{
    return m_secret->text();
}

bool CredentialsPage::isComplete() const
{
    return m_verified;
}

void CredentialsPage::fieldsEdited()
{
    // A check of what the fields held before says nothing of what they hold now.
    if (m_job.isBusy()) {
        m_job.cancel();
        m_verify->setEnabled(true);
    }
    if (m_verified) {
        m_verified = false;
        m_message->showMessage(InlineMessage::Type::Info, tr("The fields changed: verify again."));
    }
    if (auto *w = qobject_cast<SetupWizard *>(wizard()))
        w->setDirty(true);
    Q_EMIT completeChanged();
}

void CredentialsPage::fillSecretFrom(const QString &secretKey)
{
    Job *read = m_context->secrets()->read(secretKey);
    connect(read, &Job::finished, this, [this](Job *job) {
        // What the user typed in the meantime wins over the stored secret.
        if (!job->hasError() && m_secret->text().isEmpty())
            m_secret->setText(job->result().toString());
    });
}

bool CredentialsPage::refuse(const QString &problem)
{
    if (problem.isEmpty())
        return false;
    m_message->showMessage(InlineMessage::Type::Error, problem);
    return true;
}

void CredentialsPage::runCheck(Job *job, const QString &progress)
{
    m_verified = false;
    m_saved->clear();
    m_verify->setEnabled(false);
    m_message->showMessage(InlineMessage::Type::Info, progress);
    Q_EMIT completeChanged();
    m_job.start(job, [this](const ApiError &error, const QJsonValue &result) {
        m_verify->setEnabled(true);
        if (error) {
            m_message->showError(error);
            Q_EMIT completeChanged();
            return;
        }
        const QJsonObject check = result.toObject();
        showCheck(check);
        m_verified = check.value(QLatin1String("ok")).toBool();
        m_message->showMessage(m_verified ? InlineMessage::Type::Success : InlineMessage::Type::Error,
                               check.value(QLatin1String("message")).toString());
        if (m_verified)
            saveProfile();
        Q_EMIT completeChanged();
    });
}

} // namespace km
