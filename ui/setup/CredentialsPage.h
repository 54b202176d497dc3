#pragma once
// Base of the wizard pages that take an identity provider's client credentials and verify them with a
// real token (the Asgardeo organization page, the Entra tenant page): a Verify button, the check's
// outcome in an inline message and a result tree, the profile saved with its secret in the keychain
// once verified, and any edit invalidating the verification.

#include "services/core/JobSlot.h"

#include <QJsonObject>
#include <QWizardPage>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace km {

class InlineMessage;
class Job;
class SecretField;
class ServiceContext;

class CredentialsPage : public QWizardPage
{
    Q_OBJECT
public:
    // The shared widgets are named <prefix>ClientId, <prefix>ClientSecret, <prefix>Verify, <prefix>Message
    // and <prefix>Saved.
    CredentialsPage(ServiceContext *context, const QString &namePrefix, QWidget *parent = nullptr);

    bool isVerified() const { return m_verified; }
    QString clientSecret() const;
    bool isComplete() const override;

public Q_SLOTS:
    // Checks the fields, then builds the client and calls runCheck().
    virtual void verify() = 0;

protected:
    // Lays the page out: `form` (whose rows the subclass filled, the client ID and secret among them),
    // the Verify button with `hint`, the message, `result` and the saved-profile line.
    void assemble(QFormLayout *form, const QString &hint, QWidget *result);
    // Any edit of `edit` invalidates the verification.
    void watch(QLineEdit *edit);
    void fieldsEdited();
    // Fills the secret from the keychain unless the user typed one meanwhile.
    void fillSecretFrom(const QString &secretKey);
    // Shows `problem` at the page; true when there was one (nothing is sent then).
    bool refuse(const QString &problem);
    // Runs a check answering {"ok", "message", …}: progress while it runs, then showCheck() and, when ok,
    // saveProfile().
    void runCheck(Job *job, const QString &progress);
    virtual void showCheck(const QJsonObject &check) = 0;
    virtual void saveProfile() = 0;

    ServiceContext *m_context;
    QLineEdit *m_clientId;
    SecretField *m_secret;
    QPushButton *m_verify;
    InlineMessage *m_message;
    QLabel *m_saved;

private:
    JobSlot m_job{this}; // the check of the fields as they are
    bool m_verified = false;
};

} // namespace km
