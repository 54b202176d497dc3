#include "services/core/Tasks.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace km::tasks {

namespace {

void runStep(FunctionJob *job, const std::shared_ptr<const QList<Step>> &steps, int index, const QJsonValue &previous)
{
    if (job->isFinished())
        return;
    if (index >= steps->size())
        return job->succeed(previous);
    Job *next = steps->at(index)(previous);
    if (!next)
        return job->succeed(previous);
    job->whenDone(next, [job, steps, index](const ApiError &error, const QJsonValue &result) {
        if (job->isFinished())
            return;
        if (error.isError())
            return job->fail(error);
        runStep(job, steps, index + 1, result);
    });
}

struct EachState
{
    int count = 0;
    std::function<Job *(int)> make;
    std::function<void(int, ApiError &)> failed;
};

void runEach(FunctionJob *job, const std::shared_ptr<const EachState> &state, int index, const QJsonArray &results)
{
    if (job->isFinished())
        return;
    if (index >= state->count)
        return job->succeed(results);
    Job *one = state->make(index);
    const auto fail = [job, state, index](ApiError error) {
        if (state->failed)
            state->failed(index, error);
        job->fail(error);
    };
    if (!one)
        return fail(ApiError::cancelled());
    job->whenDone(one, [job, state, index, results, fail](const ApiError &error, const QJsonValue &result) {
        if (job->isFinished())
            return;
        if (error.isError())
            return fail(error);
        QJsonArray more = results;
        more.append(result);
        runEach(job, state, index + 1, more);
    });
}

void attempt(FunctionJob *job, const Factory &make, int left, int delayMs, const std::function<bool(const ApiError &)> &retryable)
{
    if (job->isFinished())
        return;
    Job *one = make();
    if (!one)
        return job->fail(ApiError::protocol(QCoreApplication::translate("km::tasks", "Nothing to try")));
    job->whenDone(one, [job, make, left, delayMs, retryable](const ApiError &error, const QJsonValue &result) {
        if (job->isFinished())
            return;
        if (!error.isError())
            return job->succeed(result);
        if (left <= 1 || !retryable(error))
            return job->fail(error);
        Q_EMIT job->progress(QCoreApplication::translate("km::tasks", "%1 Trying again in %2 ms.").arg(error.toUserText()).arg(delayMs));
        QTimer::singleShot(delayMs, job, [job, make, left, delayMs, retryable] { attempt(job, make, left - 1, delayMs * 2, retryable); });
    });
}

} // namespace

FunctionJob *map(Job *job, const std::function<QJsonValue(const QJsonValue &)> &result, const std::function<ApiError(const ApiError &)> &error,
                 QObject *parent)
{
    auto *mapped = new FunctionJob(parent);
    mapped->whenDone(job, [mapped, result, error](const ApiError &failure, const QJsonValue &value) {
        if (mapped->isFinished())
            return;
        if (failure.isError())
            return mapped->fail(error ? error(failure) : failure);
        mapped->succeed(result ? result(value) : value);
    });
    return mapped;
}

FunctionJob *reword(Job *job, const std::function<ApiError(const ApiError &)> &error, QObject *parent)
{
    return map(job, {}, error, parent);
}

FunctionJob *done(const QJsonValue &result, QObject *parent)
{
    auto *job = new FunctionJob(parent);
    job->succeedLater(result);
    return job;
}

FunctionJob *failed(const ApiError &error, QObject *parent)
{
    auto *job = new FunctionJob(parent);
    job->failLater(error);
    return job;
}

FunctionJob *sequence(const QList<Step> &steps, QObject *parent)
{
    auto *job = new FunctionJob(parent);
    runStep(job, std::make_shared<const QList<Step>>(steps), 0, QJsonValue(QJsonValue::Undefined));
    return job;
}

FunctionJob *forEach(int count, const std::function<Job *(int index)> &make, QObject *parent,
                     const std::function<void(int index, ApiError &error)> &failed)
{
    auto *job = new FunctionJob(parent);
    auto state = std::make_shared<EachState>();
    state->count = count;
    state->make = make;
    state->failed = failed;
    // Started from the event loop, as a job's caller expects to connect to it first.
    QTimer::singleShot(0, job, [job, state] { runEach(job, state, 0, QJsonArray()); });
    return job;
}

FunctionJob *parallel(const QList<Factory> &jobs, QObject *parent)
{
    auto *job = new FunctionJob(parent);
    if (jobs.isEmpty()) {
        job->succeedLater(QJsonArray());
        return job;
    }
    struct State
    {
        QList<QJsonValue> results;
        QList<QPointer<Job>> running;
        int left = 0;
    };
    auto state = std::make_shared<State>();
    state->results.resize(jobs.size());
    state->left = int(jobs.size());
    for (int i = 0; i < jobs.size(); ++i) {
        Job *one = jobs.at(i)();
        if (!one) {
            job->failLater(ApiError::protocol(QCoreApplication::translate("km::tasks", "A parallel step made no job")));
            break;
        }
        state->running << one;
        job->whenDone(one, [job, state, i](const ApiError &error, const QJsonValue &result) {
            if (job->isFinished())
                return;
            if (error.isError()) {
                job->fail(error);
                // The others are of no use any more; their answers arrive at a finished job and are dropped.
                for (const QPointer<Job> &other : std::as_const(state->running)) {
                    if (other && !other->isFinished())
                        other->cancel();
                }
                return;
            }
            state->results[i] = result;
            if (--state->left == 0) {
                QJsonArray all;
                for (const QJsonValue &r : std::as_const(state->results))
                    all.append(r);
                job->succeed(all);
            }
        });
    }
    return job;
}

bool isTransient(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Network:
        return true;
    case ApiError::Kind::Http:
        return error.httpStatus == 429 || error.httpStatus >= 500;
    default:
        return false;
    }
}

FunctionJob *settled(const QList<Factory> &jobs, const std::function<void(int, const ApiError &, const QJsonValue &)> &each, QObject *parent)
{
    auto *job = new FunctionJob(parent);
    auto left = std::make_shared<int>(int(jobs.size()));
    // Outcomes are reported from the event loop at the earliest, after the caller has connected to the job.
    const auto outcome = [job, left, each](int index, const ApiError &error, const QJsonValue &result) {
        if (job->isFinished())
            return;
        if (each)
            each(index, error, result);
        if (--*left == 0)
            job->succeed();
    };
    if (jobs.isEmpty())
        job->succeedLater();
    for (int i = 0; i < jobs.size(); ++i) {
        Job *one = jobs.at(i)();
        if (!one) {
            QTimer::singleShot(0, job, [outcome, i] { outcome(i, ApiError::cancelled(), QJsonValue()); });
            continue;
        }
        job->whenDone(one, [outcome, i](const ApiError &error, const QJsonValue &result) { outcome(i, error, result); });
    }
    return job;
}

FunctionJob *retry(const Factory &make, int attempts, int firstDelayMs, QObject *parent, const std::function<bool(const ApiError &)> &retryable)
{
    auto *job = new FunctionJob(parent);
    attempt(job, make, qMax(1, attempts), qMax(0, firstDelayMs), retryable ? retryable : std::function<bool(const ApiError &)>(isTransient));
    return job;
}

FunctionJob *withTimeout(const Factory &make, int ms, const QString &what, QObject *parent)
{
    auto *job = new FunctionJob(parent);
    Job *one = make();
    if (!one) {
        job->failLater(ApiError::protocol(QCoreApplication::translate("km::tasks", "Nothing to wait for")));
        return job;
    }
    const QPointer<Job> watched(one);
    auto *timer = new QTimer(job);
    timer->setSingleShot(true);
    const QPointer<QTimer> deadline(timer);
    QObject::connect(timer, &QTimer::timeout, job, [job, watched, what, ms] {
        if (job->isFinished())
            return;
        ApiError error;
        error.kind = ApiError::Kind::Timeout;
        error.message = QCoreApplication::translate("km::tasks", "%1 did not answer within %2 ms").arg(what).arg(ms);
        error.hint = QCoreApplication::translate("km::tasks", "Check that the system answers from this computer (proxy, firewall, VPN), then try again.");
        job->fail(error);
        if (watched && !watched->isFinished())
            watched->cancel();
    });
    job->whenDone(one, [job, deadline](const ApiError &error, const QJsonValue &result) {
        if (job->isFinished())
            return;
        if (deadline)
            deadline->stop();
        if (error.isError())
            job->fail(error);
        else
            job->succeed(result);
    });
    timer->start(qMax(0, ms));
    return job;
}

} // namespace km::tasks
