#pragma once
// "Connect to API Manager": profile name, URL and administrator credentials, an asynchronous Test
// Connection, the untrusted-certificate decision, and saving (password to the keychain only).

#include "services/core/ApiError.h"

#include <QDialog>
#include <QHash>
#include <QPointer>
#include <QUrl>

class QDialogButtonBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace km {

class ApimClient;
class CertificateTrustPanel;
class Job;
class ServiceContext;

class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectDialog(ServiceContext *context, QWidget *parent = nullptr);
    ~ConnectDialog() override;

    // Fills the fields from a saved profile (the password stays in the keychain); empty = new profile.
    void loadProfile(const QString &profileName);

    bool isBusy() const;
    QString errorText() const;
    QString statusText() const;
    CertificateTrustPanel *certificatePanel() const { return m_certificate; }

public Q_SLOTS:
    void testConnection();
    // Tests, and when the API Manager answers saves the profile, makes it active and closes.
    void connectAndSave();
    // Saves the profile without contacting the server.
    void save();
    void cancelRunning();

Q_SIGNALS:
    // The profile is in the profile store (and its password in the keychain).
    void profileSaved(const QString &profileName, bool connectNow);

protected:
    void reject() override;

private:
    enum class Goal { Test, Connect };
    struct Input
    {
        QString name;
        QUrl url;
        QString username;
        QString password; // empty when the stored one is kept
        QString apimVersion; // normalized ("4.2.0"); empty: read from the server
    };

    bool readInput(Input *input, bool needPassword);
    bool hasStoredPassword(const QString &name) const;
    void run(Goal goal);
    void runWithPassword(Goal goal, const Input &input);
    void finishTest(Goal goal, const Input &input, Job *job);
    void storeProfile(const Input &input, bool connectNow);
    void writeProfile(const Input &input, bool connectNow);
    void trustCertificate(const QString &hostPort, const QString &fingerprint);

    void setRunning(Job *job, const QString &text);
    void fitToContents();
    void showError(const ApiError &error, QLineEdit *field = nullptr);
    void showStatus(const QString &text);
    void clearMessages();
    void updateButtons();
    void showVersionNote();

    ServiceContext *m_context;
    QString m_loadedProfile;
    bool m_loadedHasPassword = false;
    QHash<QString, QString> m_loadedPins;
    QHash<QString, QString> m_newPins;  // trusted in this dialog, not yet saved
    // DCR registration made by Test Connection, or the loaded profile's from the keychain, kept so
    // testing and connecting do not register another REST client on API Manager each time.
    QUrl m_registrationUrl;
    QString m_registrationClientId;
    QString m_registrationSecret;
    QPointer<Job> m_registrationRead; // the loaded profile's DCR secret, on its way from the keychain
    Goal m_lastGoal = Goal::Test;

    QPointer<Job> m_running;
    QPointer<ApimClient> m_testClient;
    QComboBox *m_profiles;
    QLineEdit *m_name;   // the combo's line edit
    QLineEdit *m_url;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QComboBox *m_versions;
    QLineEdit *m_version; // the versions combo's line edit
    QLabel *m_versionNote;
    QLabel *m_error;
    QLabel *m_status;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    CertificateTrustPanel *m_certificate;
    QPushButton *m_test;
    QPushButton *m_save;
    QPushButton *m_connect;
    QPushButton *m_close;
};

} // namespace km
