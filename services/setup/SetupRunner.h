#pragma once
// Runs a setup as an ordered list of checked steps that can be cancelled and resumed after a failure.

#include "services/core/ApiError.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

namespace km {

class Job;

struct SetupStep
{
    enum class Status { Pending, Running, Done, Skipped, Failed, Cancelled };

    QString id;       // stable identifier, e.g. "create-api-resource" (the CLI prints it)
    QString title;    // what the step does, in words
    Status status = Status::Pending;
    QString detail;   // what happened: "created", "already present", the error text
    ApiError error;

    static QString statusName(Status status);
};

class SetupRunner : public QObject
{
    Q_OBJECT
public:
    // The action starts the step's work and later reports through stepDone/stepSkipped/stepFailed.
    using Action = std::function<void(SetupRunner *runner)>;

    explicit SetupRunner(QObject *parent = nullptr);

    void addStep(const QString &id, const QString &title, Action action);

    // A step that runs a credentials check answering {"ok": bool, "message": text, …} (the identity
    // providers' verify calls). Not ok fails the step with the check's message at the client-ID field and
    // vendor code `failureCode(check)`; ok finishes it with `done(runner, check)` as its detail.
    using CheckStart = std::function<Job *()>;
    void addCheckStep(const QString &id, const QString &title, CheckStart start,
                      std::function<QString(const QJsonObject &check)> failureCode,
                      std::function<QString(SetupRunner *runner, const QJsonObject &check)> done);
    // What such a check's answer fails a step with: none when it is ok.
    static ApiError checkFailure(const QJsonObject &check, const std::function<QString(const QJsonObject &check)> &failureCode);
    const QList<SetupStep> &steps() const { return m_steps; }
    int currentStep() const { return m_current; }
    bool isRunning() const { return m_running; }
    bool hasFailed() const;
    bool isComplete() const;   // every step done or skipped

    // A dry run checks everything but changes nothing: steps with side effects report what they would do.
    void setDryRun(bool dryRun) { m_dryRun = dryRun; }
    bool isDryRun() const { return m_dryRun; }

    // Data the steps hand on to each other (ids of created resources, the key manager read back).
    QJsonObject &data() { return m_data; }

    // What happened to each key manager the run wrote or found, for the closing line.
    enum class Outcome { Created, Updated, AlreadyInPlace };
    void noteOutcome(const QString &keyManager, Outcome outcome);
    // "Created: A, B. Updated: C. Already in place: D." (groups without a key manager are left out);
    // empty when no key manager was written or found.
    QString outcomeSummary() const;

    // Starts, or after a failure or cancel resumes at the first step not yet done: steps that
    // succeeded are never repeated.
    void start();
    void cancel();

    // Reports of the running step. Late reports from a cancelled attempt are ignored.
    void stepDone(const QString &detail);
    void stepSkipped(const QString &detail);
    void stepFailed(const ApiError &error);

    // The running step waits for `job`: it is cancelled with the runner, and `done` gets its outcome in the
    // runner's context, only while this attempt of this step still runs (an answer that comes after a cancel,
    // or after the step has already reported, reaches no one).
    using Done = std::function<void(const ApiError &error, const QJsonValue &result)>;
    void whenDone(Job *job, const Done &done);
    // whenDone() where an error fails the step as it is and a success goes to `next`.
    void whenSucceeded(Job *job, const std::function<void(const QJsonValue &result)> &next);

    // [{"id","status":"done"|"skipped"|"failed"|"pending"|"cancelled","detail"}] as the CLI prints it.
    QJsonArray stepsJson() const;
    // "Done: …; not done: …" for the failure summary.
    QString summary() const;

Q_SIGNALS:
    void stepChanged(int index);
    void progressChanged(int finishedSteps, int totalSteps);
    void finished(bool success);

private:
    void runNext();
    void trackJob(Job *job); // cancelled with the runner
    void report(SetupStep::Status status, const QString &detail, const ApiError &error = {});

    QList<SetupStep> m_steps;
    QList<Action> m_actions;
    QJsonObject m_data;
    QList<QPair<QString, Outcome>> m_outcomes;
    QList<QPointer<Job>> m_jobs;
    int m_current = -1;
    bool m_running = false;
    bool m_dryRun = false;
    quint64 m_attempt = 0;
};

} // namespace km
