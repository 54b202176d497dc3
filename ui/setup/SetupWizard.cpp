#include "ui/setup/SetupWizard.h"

#include <QMessageBox>

namespace km {

SetupWizard::SetupWizard(QWidget *parent)
    : QWizard(parent)
{
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnLastPage, false);
    setOption(QWizard::HaveHelpButton, false);
    setMinimumSize(820, 600);
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

void SetupWizard::confirmClose(bool close)
{
    if (!close)
        return;
    m_dirty = false;
    m_busy = false;
    QWizard::reject();
}

} // namespace km
