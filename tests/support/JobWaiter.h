#pragma once
// Waits in a test for a km::Job to finish and keeps it alive for inspection.

#include "services/core/Job.h"

#include <QSignalSpy>

#include <memory>

namespace km::test {

struct JobDeleter
{
    void operator()(Job *job) const { job->deleteLater(); }
};
using JobPtr = std::unique_ptr<Job, JobDeleter>;

inline JobPtr await(Job *job, int timeoutMs = 30000)
{
    job->setAutoDelete(false);
    if (!job->isFinished()) {
        QSignalSpy spy(job, &Job::finished);
        spy.wait(timeoutMs);
    }
    return JobPtr(job);
}

} // namespace km::test
