#include "ui/setup/SetupWizard.h"

#include "services/core/Job.h"
#include "ui/setup/SetupApplyPage.h"

#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>

namespace km {

SetupWizard::SetupWizard(QWidget *parent)
    : QWizard(parent)
{
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnLastPage, false);
    setOption(QWizard::HaveHelpButton, false);
    setMinimumSize(820, 600);
}

void SetupWizard::offerFinalActions(SetupApplyPage *apply, std::function<QStringList()> keyManagers)
{
    setButtonText(QWizard::CustomButton1, tr("&Open in Key Managers"));
    setButtonText(QWizard::CustomButton2, tr("Check with &Doctor"));
    connect(apply, &SetupApplyPage::applyFinished, this, [this, keyManagers](bool success) {
        if (!success)
            return;
        m_finalKeyManagers = keyManagers();
        if (m_finalKeyManagers.isEmpty())
            return;
        // Nothing is left to go back to or to cancel: the key managers exist now.
        setOption(QWizard::HaveCustomButton1, true);
        setOption(QWizard::HaveCustomButton2, true);
        setButtonLayout({QWizard::Stretch, QWizard::CustomButton1, QWizard::CustomButton2, QWizard::FinishButton});
        if (auto *finish = qobject_cast<QPushButton *>(button(QWizard::FinishButton)))
            finish->setDefault(true);
    });
    connect(this, &QWizard::customButtonClicked, this, [this](int which) {
        const QString keyManager = m_finalKeyManagers.value(0);
        if (keyManager.isEmpty())
            return;
        if (which == QWizard::CustomButton1)
            Q_EMIT openInKeyManagersRequested(keyManager);
        else if (which == QWizard::CustomButton2)
            Q_EMIT checkWithDoctorRequested(keyManager);
        else
            return;
        accept();
    });
}

void SetupWizard::reject()
{
    if (!m_dirty && !m_busy) {
        QWizard::reject();
        return;
    }
    const QString question = m_busy
        ? tr("Changes are being applied right now. Close anyway? The step under way may still complete on the server; "
             "running the wizard again checks what exists before creating anything.")
        : tr("Close the wizard and discard what you entered?");
    Q_EMIT closeConfirmationRequested(question);
    auto *box = new QMessageBox(QMessageBox::Question, windowTitle(), question,
                                QMessageBox::Close | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("closeConfirmation"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int result) { confirmClose(result == QMessageBox::Close); });
    box->open();
}

void SetupWizard::reportProfileSaved(QLabel *label, Job *save, const QString &kind, const QString &profileName)
{
    QObject::connect(save, &Job::finished, label, [label, kind, profileName](Job *j) {
        if (j->hasError()) {
            label->setText(tr("The profile could not be saved: %1").arg(j->error().toUserText()));
            return;
        }
        const QJsonObject result = j->result().toObject();
        label->setText(result.value(QLatin1String("stored")).toString() == QLatin1String("keychain")
                           ? tr("Saved as %1 profile “%2”; the client secret is in the OS keychain.").arg(kind, profileName)
                           : tr("Saved as %1 profile “%2”. The client secret is kept for this session only: %3")
                                 .arg(kind, profileName, result.value(QLatin1String("problem")).toString()));
    });
}

void SetupWizard::confirmClose(bool close)
{
    if (!close)
        return;
    m_dirty = false;
    m_busy = false;
    QWizard::reject();
}

} // namespace km
