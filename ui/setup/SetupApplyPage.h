#pragma once
// Wizard page that applies a setup as a live step list with progress, Cancel, and a Retry that resumes.

#include "services/setup/SetupRunner.h"

#include <QPointer>
#include <QWizardPage>

#include <functional>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace km {



class SetupApplyPage : public QWizardPage
{
    Q_OBJECT
public:
    // Builds the runner for what the previous pages hold; called each time the page is entered. It may
    // return null when what it needs is gone (the API Manager connection was closed): the page says so.
    using RunnerFactory = std::function<SetupRunner *(QObject *parent)>;

    explicit SetupApplyPage(QWidget *parent = nullptr);

    void setRunnerFactory(RunnerFactory factory) { m_factory = std::move(factory); }
    SetupRunner *runner() const { return m_runner; }

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;

    // The runner's clients are no longer valid (the console reconnected): stops and drops the runner,
    // takes Retry away and shows `reason`. Nothing of the old connection is used after this.
    void invalidate(const QString &reason);

Q_SIGNALS:
    void applyFinished(bool success);
    void busyChanged(bool busy);

private:
    void attach(SetupRunner *runner);
    void refreshStep(int index);
    void onFinished(bool success);
    void dropRunner();

    RunnerFactory m_factory;
    QPointer<SetupRunner> m_runner;
    QTreeWidget *m_steps;
    QProgressBar *m_progress;
    QLabel *m_summary;
    QPushButton *m_cancel;
    QPushButton *m_retry;
};

} // namespace km
