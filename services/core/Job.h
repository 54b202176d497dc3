#pragma once
// Base of every asynchronous operation: finishes once, with a JSON result or a typed error.

#include "services/core/ApiError.h"

#include <QJsonValue>
#include <QObject>
#include <QPointer>

#include <functional>

namespace km {

class Job : public QObject
{
    Q_OBJECT
public:
    explicit Job(QObject *parent = nullptr);

    bool isFinished() const { return m_finished; }
    bool hasError() const { return m_error.isError(); }
    const ApiError &error() const { return m_error; }
    const QJsonValue &result() const { return m_result; }

    // Deleted with deleteLater() after finished() unless turned off, even when turned off only after a
    // synchronous finish: the choice is read once control is back in the event loop.
    void setAutoDelete(bool on) { m_autoDelete = on; }

    // Stops the work; finished() follows with a Cancelled error unless already finished.
    virtual void cancel();

    // Calls `handler` when the job finishes (or at once, queued, if it has).
    void onFinished(QObject *context, std::function<void(Job *)> handler);

Q_SIGNALS:
    void finished(km::Job *job);
    void progress(const QString &message);

protected:
    void finishWithResult(const QJsonValue &result = QJsonValue());
    void finishWithError(const ApiError &error);
    // Hook for subclasses to abort their work on cancel().
    virtual void abortWork() {}
    // Hook for subclasses, called once the job has its outcome, before finished() is emitted: work it started
    // and no longer needs is stopped here.
    virtual void settleWork() {}

private:
    void finish();

    ApiError m_error;
    QJsonValue m_result;
    bool m_finished = false;
    bool m_cancelling = false;
    bool m_autoDelete = true;
};

// A job finished by a function: for composing calls ("get token, then send").
class FunctionJob : public Job
{
    Q_OBJECT
public:
    using Starter = std::function<void(FunctionJob *self)>;
    explicit FunctionJob(QObject *parent = nullptr) : Job(parent) {}

    // Child jobs registered here are cancelled along with this one, and when it finishes while they still run
    // (a step failed, a result came without them): no one is left to use what they would bring. Either way
    // their finished() no longer reaches this job's own continuations (those connected with it as context),
    // so a stopped job starts nothing more.
    void track(Job *child);
    // Tracks `child` and calls `done` with its outcome, in this job's context (never after this job has
    // stopped). A child that has already finished is read now and answered from the event loop: it may
    // delete itself meanwhile.
    using Done = std::function<void(const ApiError &error, const QJsonValue &result)>;
    void whenDone(Job *child, const Done &done);
    // Finishes with `child`'s outcome, whatever it is (tracked: cancelling this cancels it).
    void follow(Job *child);
    void succeed(const QJsonValue &result = QJsonValue()) { finishWithResult(result); }
    void fail(const ApiError &error) { finishWithError(error); }
    // Finish from the event loop, for a job that knows its answer before the caller could connect to
    // finished(): refused input, a missing client, a value already held.
    void failLater(const ApiError &error);
    void succeedLater(const QJsonValue &result = QJsonValue());

protected:
    void abortWork() override;
    void settleWork() override;

private:
    void stopChildren();

    QList<QPointer<Job>> m_children;
};

} // namespace km
