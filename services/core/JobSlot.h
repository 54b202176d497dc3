#pragma once
// The one job an owner (a page, a dialog) is waiting for. Starting another cancels the one before, and only
// the job in the slot is heard: a page never shows the answer to a question it no longer asks. The owner is
// the context of the connection, so an answer after the owner is gone reaches no one; the slot, a member of
// its owner, cancels its job when it goes.
//
//     m_read.start(m_client->listKeyManagers(), [this](const ApiError &error, const QJsonValue &list) {
//         if (error)
//             return m_banner->showError(error);
//         m_model->setKeyManagers(list.toArray());
//     });
//
// A cancelled job (by the slot, by the owner, or by the client going away) answers no one: whoever cancelled
// it has already put the owner in its next state.

#include "services/core/ApiError.h"
#include "services/core/Job.h"

#include <QJsonValue>
#include <QPointer>

#include <functional>

namespace km {

class JobSlot
{
public:
    using Done = std::function<void(const ApiError &error, const QJsonValue &result)>;

    explicit JobSlot(QObject *owner);
    ~JobSlot();
    JobSlot(const JobSlot &) = delete;
    JobSlot &operator=(const JobSlot &) = delete;

    // Puts `job` in the slot (cancelling the job there) and calls `done` with its outcome once it finishes,
    // unless it was cancelled or replaced first. The slot is empty again when `done` runs, so `done` may start
    // the next job. A null job (its client is gone) leaves the slot empty and answers no one.
    void start(Job *job, Done done);
    // The same, for an owner that reads the job's own accessors (PlanJob::changes): `done` gets the finished job,
    // valid for the length of the call.
    void watch(Job *job, std::function<void(Job *finished)> done);
    // Cancels the job in the slot, if any; its answer reaches no one.
    void cancel();
    bool isBusy() const { return !m_job.isNull(); }

private:
    QObject *m_owner;
    QPointer<Job> m_job;
};

} // namespace km
