#pragma once
// Base of the key-manager setup wizards: asks before closing when typed work or a running apply would be lost.

#include <QWizard>

class QLabel;

namespace km {

class Job;

class SetupWizard : public QWizard
{
    Q_OBJECT
public:
    explicit SetupWizard(QWidget *parent = nullptr);

    // Set by pages when the user typed something worth keeping, or while steps are applied.
    void setDirty(bool dirty) { m_dirty = dirty; }
    void setBusy(bool busy) { m_busy = busy; }

    void reject() override;

    // Shows in `label` how saving a connection profile and its secret (ServiceContext::saveProfileWithSecret)
    // ended: saved with the secret in the keychain, saved with the secret for this session only, or not saved.
    static void reportProfileSaved(QLabel *label, Job *save, const QString &kind, const QString &profileName);

Q_SIGNALS:
    // Emitted when the user asked to close and confirmation is needed; tests answer it with
    // confirmClose(). The GUI shows a non-blocking question box.
    void closeConfirmationRequested(const QString &question);

public Q_SLOTS:
    void confirmClose(bool close);

private:
    bool m_dirty = false;
    bool m_busy = false;
};

} // namespace km
