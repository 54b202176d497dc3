#pragma once
// Base of the key-manager setup wizards: asks before closing when typed work or a running apply would be lost.

#include <QStringList>
#include <QWizard>

#include <functional>

class QLabel;

namespace km {

class Job;
class SetupApplyPage;

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

    // Once `apply` has succeeded, Back and Cancel give way to "Open in Key Managers" and "Check with Doctor"
    // (each closes the wizard) for the first key manager `keyManagers()` names; Finish stays.
    void offerFinalActions(SetupApplyPage *apply, std::function<QStringList()> keyManagers);
    QStringList finalKeyManagers() const { return m_finalKeyManagers; }

Q_SIGNALS:
    void openInKeyManagersRequested(const QString &keyManager);
    void checkWithDoctorRequested(const QString &keyManager);
    // Emitted when the user asked to close and confirmation is needed; tests answer it with
    // confirmClose(). The GUI shows a non-blocking question box.
    void closeConfirmationRequested(const QString &question);

public Q_SLOTS:
    void confirmClose(bool close);

private:
    bool m_dirty = false;
    bool m_busy = false;
    QStringList m_finalKeyManagers;
};

} // namespace km
