#include "services/core/Job.h"

#include <QTimer>

#include <utility>

namespace km {

Job::Job(QObject *parent)
    : QObject(parent)
{
}

void Job::cancel()
{
    if (m_finished)
        return;
    // A cancelled job finishes as cancelled, whatever its work's own continuations (those bound to other
    // objects still run when their jobs stop) try to finish it with meanwhile.
    m_cancelling = true;
    abortWork();
    if (!m_finished)
        finishWithError(ApiError::cancelled());
}

void Job::onFinished(QObject *context, std::function<void(Job *)> handler)
{
    if (m_finished) {
        QPointer<Job> self(this);
        QTimer::singleShot(0, context, [self, handler] {
            if (self)
                handler(self.data());
        });
        return;
    }
    connect(this, &Job::finished, context, [handler](Job *job) { handler(job); });
}

void Job::finishWithResult(const QJsonValue &result)
{
    if (m_finished)
        return;
    if (m_cancelling) {
        m_error = ApiError::cancelled();
        finish();
        return;
    }
    m_result = result;
    finish();
}

void Job::finishWithError(const ApiError &error)
{
    if (m_finished)
        return;
    m_error = m_cancelling ? ApiError::cancelled() : error;
    if (!m_error.isError())
        m_error.kind = ApiError::Kind::Protocol;
    finish();
}

void Job::finish()
{
    m_finished = true;
    settleWork();
    Q_EMIT finished(this);
    // Decided when control is back in the event loop, not now: a job that finished synchronously
    // (a refused input, a cancelled client) is still the caller's to keep with setAutoDelete(false).
    QMetaObject::invokeMethod(
        this, [this] {
            if (m_autoDelete)
                deleteLater();
        },
        Qt::QueuedConnection);
}

void FunctionJob::track(Job *child)
{
    m_children.append(child);
}

void FunctionJob::whenDone(Job *child, const Done &done)
{
    track(child);
    if (child->isFinished()) {
        // Copied into the continuation now: the child may be gone by the time it runs.
        QTimer::singleShot(0, this, [done, error = child->error(), result = child->result()] { done(error, result); });
        return;
    }
    connect(child, &Job::finished, this, [done](Job *finished) { done(finished->error(), finished->result()); });
}

void FunctionJob::follow(Job *child)
{
    whenDone(child, [this](const ApiError &error, const QJsonValue &result) {
        if (isFinished())
            return;
        if (error.isError())
            fail(error);
        else
            succeed(result);
    });
}

void FunctionJob::abortWork()
{
    stopChildren();
}

void FunctionJob::settleWork()
{
    stopChildren();
}

void FunctionJob::stopChildren()
{
    const auto children = std::exchange(m_children, {});
    for (const QPointer<Job> &child : children) {
        if (!child || child->isFinished())
            continue;
        // Its answer is no longer wanted here: this job's continuations are cut first, then it is stopped.
        disconnect(child, &Job::finished, this, nullptr);
        child->cancel();
    }
}

void FunctionJob::failLater(const ApiError &error)
{
    QTimer::singleShot(0, this, [this, error] { fail(error); });
}

void FunctionJob::succeedLater(const QJsonValue &result)
{
    QTimer::singleShot(0, this, [this, result] { succeed(result); });
}

} // namespace km
