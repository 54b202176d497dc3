#pragma once
// Doctor page: every key manager's checks across API Manager, its identity provider and the app
// registrations, grouped per key manager, filled in as each check finishes; a slow system only keeps its
// own check waiting (each has a deadline), never the window.

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QMessageBox;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTreeView;

namespace km {

class ApimClient;
class KeyManagerCatalogue;
class AsgardeoClient;
class Doctor;
class DoctorCheckModel;
class GraphClient;
class Job;
class ServiceContext;
class StateBanner;

class DoctorPage : public QWidget
{
    Q_OBJECT
public:
    explicit DoctorPage(ServiceContext *context, QWidget *parent = nullptr);
    ~DoctorPage() override;

    void setClient(ApimClient *client);
    DoctorCheckModel *model() const { return m_model; }
    // From Run until the report (or Stop), including the opening of the profiles.
    bool isRunning() const { return m_active; }
    // The grouped report (Doctor::grouped) of the last run that completed for this connection; empty when the
    // checks have not run since it opened.
    QJsonObject lastReport() const { return m_lastReport; }

public Q_SLOTS:
    // Selects `keyManagerName` (empty: all) and runs the checks.
    void showDoctorFor(const QString &keyManagerName);
    // Runs the checks for the key manager chosen in the page.
    void runChecks();
    void stop();
    // Re-reads the Asgardeo and Entra profiles (after a wizard saved one).
    void reloadProfiles();
    // Runs the checks as chosen on the page, then saves the support bundle (SupportBundle) to `path`;
    // the progress bar and the banner say how far it is. bundleFinished() follows.
    void saveSupportBundle(const QString &path, const QString &apimProfile);
    // Asks before it applies the selected check's one-click fix (DoctorFix), then checks again.
    void fixSelected();

Q_SIGNALS:
    void connectRequested();
    // A run ended (stopped too).
    void finished();
    void bundleFinished(bool saved);
    // The confirmation before a fix (for tests and accessibility tools); fixFinished() follows the fix.
    void fixConfirmationOpened(QMessageBox *box);
    void fixFinished(bool fixed, const QString &message);

private:
    void loadKeyManagerNames();
    // The key-manager choice from the catalogue's names, `selected` kept chosen.
    void showKeyManagerNames(const QString &selected);
    void openProviders(std::function<void(AsgardeoClient *, GraphClient *)> then);
    void start(AsgardeoClient *asgardeo, GraphClient *graph);
    void updateState();
    void writeBundle(const QJsonObject &report);
    QJsonObject selectedAction() const;
    void applyFix(const QJsonObject &action);

    ServiceContext *m_context;
    QPointer<ApimClient> m_client;
    QPointer<KeyManagerCatalogue> m_catalogue; // observed: the names follow every change
    DoctorCheckModel *m_model;
    QComboBox *m_keyManager;
    QComboBox *m_asgardeo;
    QComboBox *m_entra;
    QSpinBox *m_timeout;
    QPushButton *m_run;
    QPushButton *m_stop;
    QPushButton *m_fix;
    QProgressBar *m_progress;
    QLabel *m_summary;
    StateBanner *m_banner;
    QTreeView *m_tree;
    QPointer<Doctor> m_doctor;
    QPointer<Job> m_job;
    QPointer<Job> m_fixJob;
    // The identity-provider clients of the last run: a fix changes the systems that run checked.
    QPointer<AsgardeoClient> m_runAsgardeo;
    QPointer<GraphClient> m_runGraph;
    QString m_fixDone; // said again once the checks after a fix have run
    QJsonObject m_lastReport;
    QString m_wanted; // the key manager asked for before the names arrived
    QString m_bundlePath; // set while the checks for a support bundle run
    QString m_bundleProfile;
    bool m_active = false;
    int m_generation = 0; // a run's continuations compare it: a stopped or replaced run reports nothing
};

} // namespace km
