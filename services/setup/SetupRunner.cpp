#include "services/setup/SetupRunner.h"

#include "services/core/Job.h"
#include "services/core/Logging.h"

#include <QTimer>

namespace km {

QString SetupStep::statusName(Status status)
{
    switch (status) {
    case Status::Pending: return QStringLiteral("pending");
    case Status::Running: return QStringLiteral("running");
    case Status::Done: return QStringLiteral("done");
    case Status::Skipped: return QStringLiteral("skipped");
    case Status::Failed: return QStringLiteral("failed");
    case Status::Cancelled: return QStringLiteral("cancelled");
    }
    return QString();
}

SetupRunner::SetupRunner(QObject *parent)
    : QObject(parent)
{
}

void SetupRunner::addStep(const QString &id, const QString &title, Action action)
{
    SetupStep step;
    step.id = id;
    step.title = title;
    m_steps.append(step);
    m_actions.append(std::move(action));
}

bool SetupRunner::hasFailed() const
{
    for (const SetupStep &s : m_steps) {
        if (s.status == SetupStep::Status::Failed)
            return true;
    }
    return false;
}

bool SetupRunner::isComplete() const
{
    for (const SetupStep &s : m_steps) {
        if (s.status != SetupStep::Status::Done && s.status != SetupStep::Status::Skipped)
            return false;
    }
    return true;
}

void SetupRunner::addCheckStep(const QString &id, const QString &title, CheckStart start,
                               std::function<QString(const QJsonObject &)> failureCode,
                               std::function<QString(SetupRunner *, const QJsonObject &)> done)
{
    addStep(id, title, [start, failureCode, done](SetupRunner *r) {
        r->whenSucceeded(start(), [r, failureCode, done](const QJsonValue &result) {
            const QJsonObject check = result.toObject();
            if (ApiError failure = checkFailure(check, failureCode); failure.isError())
                return r->stepFailed(failure);
            r->stepDone(done(r, check));
        });
    });
}

ApiError SetupRunner::checkFailure(const QJsonObject &check, const std::function<QString(const QJsonObject &)> &failureCode)
{
    if (check.value(QLatin1String("ok")).toBool())
        return ApiError();
    ApiError e = ApiError::validation(check.value(QLatin1String("message")).toString(), QString(), QStringLiteral("clientId"));
    e.vendorCode = failureCode(check);
    return e;
}

void SetupRunner::start()
{
    if (m_running)
        return;
    m_running = true;
    ++m_attempt;
    for (int i = 0; i < m_steps.size(); ++i) {
        SetupStep &s = m_steps[i];
        if (s.status == SetupStep::Status::Failed || s.status == SetupStep::Status::Cancelled || s.status == SetupStep::Status::Running) {
            s.status = SetupStep::Status::Pending;
            s.detail.clear();
            s.error = ApiError();
            Q_EMIT stepChanged(i);
        }
    }
    m_current = -1;
    // Queued so that callers connected after start() see every signal.
    const quint64 attempt = m_attempt;
    QTimer::singleShot(0, this, [this, attempt] {
        if (attempt == m_attempt && m_running)
            runNext();
    });
}

void SetupRunner::runNext()
{
    int finishedSteps = 0;
    int next = -1;
    for (int i = 0; i < m_steps.size(); ++i) {
        const SetupStep::Status st = m_steps[i].status;
        if (st == SetupStep::Status::Done || st == SetupStep::Status::Skipped)
            ++finishedSteps;
        else if (next < 0)
            next = i;
    }
    Q_EMIT progressChanged(finishedSteps, int(m_steps.size()));
    if (next < 0) {
        m_running = false;
        m_current = -1;
        Q_EMIT finished(true);
        return;
    }
    m_current = next;
    m_steps[next].status = SetupStep::Status::Running;
    m_steps[next].detail.clear();
    Q_EMIT stepChanged(next);
    qCInfo(lcSetup).noquote() << "step" << m_steps[next].id << "started";
    m_actions[next](this);
}

void SetupRunner::report(SetupStep::Status status, const QString &detail, const ApiError &error)
{
    if (!m_running || m_current < 0)
        return; // a late answer after cancel
    SetupStep &s = m_steps[m_current];
    s.status = status;
    s.detail = detail;
    s.error = error;
    qCInfo(lcSetup).noquote() << "step" << s.id << SetupStep::statusName(status) << detail;
    const int index = m_current;
    Q_EMIT stepChanged(index);
    m_jobs.clear();
    if (status == SetupStep::Status::Failed) {
        m_running = false;
        m_current = -1;
        int finishedSteps = 0;
        for (const SetupStep &st : std::as_const(m_steps))
            finishedSteps += (st.status == SetupStep::Status::Done || st.status == SetupStep::Status::Skipped) ? 1 : 0;
        Q_EMIT progressChanged(finishedSteps, int(m_steps.size()));
        Q_EMIT finished(false);
        return;
    }
    const quint64 attempt = m_attempt;
    QTimer::singleShot(0, this, [this, attempt] {
        if (attempt == m_attempt && m_running)
            runNext();
    });
}

void SetupRunner::stepDone(const QString &detail)
{
    report(SetupStep::Status::Done, detail);
}

void SetupRunner::stepSkipped(const QString &detail)
{
    report(SetupStep::Status::Skipped, detail);
}

void SetupRunner::stepFailed(const ApiError &error)
{
    report(SetupStep::Status::Failed, error.toUserText(), error);
}

void SetupRunner::trackJob(Job *job)
{
    m_jobs.append(job);
}

void SetupRunner::whenDone(Job *job, const Done &done)
{
    const quint64 attempt = m_attempt;
    const int step = m_current;
    const auto stillWaiting = [this, attempt, step] { return attempt == m_attempt && m_running && m_current == step; };
    if (!job) { // its client is gone
        QTimer::singleShot(0, this, [stillWaiting, done] {
            if (stillWaiting())
                done(ApiError::cancelled(), QJsonValue());
        });
        return;
    }
    trackJob(job);
    job->onFinished(this, [stillWaiting, done](Job *finished) {
        if (stillWaiting())
            done(finished->error(), finished->result());
    });
}

void SetupRunner::whenSucceeded(Job *job, const std::function<void(const QJsonValue &result)> &next)
{
    whenDone(job, [this, next](const ApiError &error, const QJsonValue &result) {
        if (error.isError())
            stepFailed(error);
        else
            next(result);
    });
}

void SetupRunner::cancel()
{
    if (!m_running)
        return;
    ++m_attempt;
    const int index = m_current;
    m_running = false;
    m_current = -1;
    const auto jobs = m_jobs;
    m_jobs.clear();
    for (const QPointer<Job> &job : jobs) {
        if (job && !job->isFinished())
            job->cancel();
    }
    if (index >= 0) {
        m_steps[index].status = SetupStep::Status::Cancelled;
        m_steps[index].detail = SetupRunner::tr("Cancelled before it finished; it may have taken effect on the server — Retry checks before repeating it.");
        Q_EMIT stepChanged(index);
    }
    Q_EMIT finished(false);
}

QJsonArray SetupRunner::stepsJson() const
{
    QJsonArray out;
    for (const SetupStep &s : m_steps) {
        out.append(QJsonObject{
            {QStringLiteral("id"), s.id},
            {QStringLiteral("status"), SetupStep::statusName(s.status)},
            {QStringLiteral("detail"), s.detail},
        });
    }
    return out;
}

void SetupRunner::noteOutcome(const QString &keyManager, Outcome outcome)
{
    for (auto &o : m_outcomes) {
        if (o.first == keyManager) {
            o.second = outcome;
            return;
        }
    }
    m_outcomes.append({keyManager, outcome});
}

QString SetupRunner::outcomeSummary() const
{
    QStringList created, updated, inPlace;
    for (const auto &o : m_outcomes) {
        const QString name = QStringLiteral("“%1”").arg(o.first);
        switch (o.second) {
        case Outcome::Created: created << name; break;
        case Outcome::Updated: updated << name; break;
        case Outcome::AlreadyInPlace: inPlace << name; break;
        }
    }
    QStringList parts;
    if (!created.isEmpty())
        parts << tr("Created: %1.").arg(created.join(QStringLiteral(", ")));
    if (!updated.isEmpty())
        parts << tr("Updated: %1.").arg(updated.join(QStringLiteral(", ")));
    if (!inPlace.isEmpty())
        parts << tr("Already in place: %1.").arg(inPlace.join(QStringLiteral(", ")));
    return parts.join(QLatin1Char(' '));
}

QString SetupRunner::summary() const
{
    QStringList done;
    QStringList notDone;
    for (const SetupStep &s : m_steps) {
        // What a step did is in its detail ("Created key manager “X” (id …)"): a setup that stops says
        // exactly what it created, not only which steps ran.
        if (s.status == SetupStep::Status::Done)
            done << (s.detail.isEmpty() ? s.title : QStringLiteral("%1 (%2)").arg(s.title, s.detail));
        else if (s.status == SetupStep::Status::Skipped)
            done << s.title;
        else
            notDone << s.title;
    }
    QString text;
    if (!done.isEmpty())
        text += QStringLiteral("Done: ") + done.join(QStringLiteral("; ")) + QStringLiteral(". ");
    if (!notDone.isEmpty())
        text += SetupRunner::tr("Not done: ") + notDone.join(QStringLiteral("; ")) + QStringLiteral(".");
    return text.trimmed();
}

} // namespace km
