#pragma once
// Base of the key-manager setup wizards: asks before closing when typed work or a running apply would be lost.

#include <QWizard>

namespace km {

class SetupWizard : public QWizard
{
    Q_OBJECT
public:
    explicit SetupWizard(QWidget *parent = nullptr);

    // Set by pages when the user typed something worth keeping, or while steps are applied.
    void setDirty(bool dirty) { m_dirty = dirty; }
    void setBusy(bool busy) { m_busy = busy; }

    void reject() override;

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
