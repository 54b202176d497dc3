#include "services/core/JobSlot.h"

#include "services/core/Job.h"

#include <utility>

namespace km {

JobSlot::JobSlot(QObject *owner)
    : m_owner(owner)
{
}

JobSlot::~JobSlot()
{
    cancel();
}

void JobSlot::start(Job *job, Done done)
{
    watch(job, [done = std::move(done)](Job *finished) { done(finished->error(), finished->result()); });
}

void JobSlot::watch(Job *job, std::function<void(Job *finished)> done)
{
    cancel();
    if (!job)
        return;
    m_job = job;
    // `this` lives as long as the owner, which is the connection's context.
    job->onFinished(m_owner, [this, done = std::move(done)](Job *finished) {
        if (m_job != finished)
            return; // replaced or cancelled by the slot: the owner no longer asks
        m_job = nullptr;
        if (finished->error().kind == ApiError::Kind::Cancelled)
            return;
        done(finished);
    });
}

void JobSlot::cancel()
{
    // Emptied first: the cancelled job's answer, delivered during cancel(), finds the slot no longer its own.
    if (Job *job = std::exchange(m_job, nullptr))
        job->cancel();
}

} // namespace km
