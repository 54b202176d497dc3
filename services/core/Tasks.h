#pragma once
// Combinators over Job: the shapes every flow is made of (one after the other, all at once, again after a
// pause, no longer than), written once. Each returns a FunctionJob that owns the jobs it starts (cancelling it
// cancels them) and is the context of every continuation: a continuation never outlives the combinator, and
// a step is only started by a factory when its turn comes, so nothing runs for a flow that was cancelled.
//
//   Job *job = tasks::sequence({
//       [client](const QJsonValue &) { return client->findRole(name); },
//       [client](const QJsonValue &found) { return client->getRole(idOf(found)); },
//   }, parent);

#include "services/core/Job.h"

#include <QJsonValue>
#include <QList>

#include <functional>

namespace km::tasks {

// Makes the next job; gets the result of the step before (the first step gets an undefined value).
// Returning nullptr ends the sequence there with the previous result.
using Step = std::function<Job *(const QJsonValue &previous)>;
// Makes a job, for retry (each attempt a new one).
using Factory = std::function<Job *()>;

// The steps one after the other. Result: the last result; the first error ends it (the remaining steps are
// never made).
FunctionJob *sequence(const QList<Step> &steps, QObject *parent = nullptr);

// One job per index, 0 … count − 1, one after the other, each made when its turn comes. Result: their results
// as an array. The first error ends it; `failed`, if given, may reword that error knowing which index failed
// (e.g. to say what was done before it). A factory that makes no job fails the loop as cancelled (its client
// is gone).
FunctionJob *forEach(int count, const std::function<Job *(int index)> &make, QObject *parent = nullptr,
                     const std::function<void(int index, ApiError &error)> &failed = {});

// All the jobs at once (each made now). Result: their results as an array, in the order given; the first
// error cancels the others and is the combinator's error. No jobs: an empty array.
FunctionJob *parallel(const QList<Factory> &jobs, QObject *parent = nullptr);

// All the jobs at once (each made now); `each` gets every outcome as it arrives (the job's index, its error or
// result; a factory that made no job counts as cancelled). The combinator succeeds once every job has finished,
// whatever their outcomes: for reads where one failure must not hide what the others found.
FunctionJob *settled(const QList<Factory> &jobs, const std::function<void(int index, const ApiError &error, const QJsonValue &result)> &each,
                     QObject *parent = nullptr);

// The job's outcome, changed on the way: `result` maps a success's value (none given: passed as is), `error`
// rewords a failure (none given: passed as is), e.g. to say what was being done and which scopes it needs.
// A client's method that only translates one request's answer is this, not a hand-written forwarder.
FunctionJob *map(Job *job, const std::function<QJsonValue(const QJsonValue &result)> &result,
                 const std::function<ApiError(const ApiError &error)> &error, QObject *parent = nullptr);
// map() with the result as is.
FunctionJob *reword(Job *job, const std::function<ApiError(const ApiError &error)> &error, QObject *parent = nullptr);

// A job that finishes from the event loop with this result, or this error: the step whose answer is already
// known (a value in hand, refused input, a client that is gone), in a flow that expects a job.
FunctionJob *done(const QJsonValue &result, QObject *parent = nullptr);
FunctionJob *failed(const ApiError &error, QObject *parent = nullptr);

// Makes and runs the job until it succeeds, at most `attempts` times, while `retryable` says the error is
// worth another try (default: timeouts, network errors, 429 and 5xx), waiting `firstDelayMs` before the
// second attempt and twice as long before each next. Result: the succeeding attempt's; else the last error.
FunctionJob *retry(const Factory &make, int attempts, int firstDelayMs, QObject *parent = nullptr,
                   const std::function<bool(const ApiError &)> &retryable = {});
// What retry() tries again by default.
bool isTransient(const ApiError &error);

// The job (made now) if it finishes within `ms`; otherwise it is cancelled and the combinator fails with a
// Timeout error saying `what` did not answer in time.
FunctionJob *withTimeout(const Factory &make, int ms, const QString &what, QObject *parent = nullptr);

} // namespace km::tasks
