#pragma once
// Work that would stall the window (parsing megabytes of JSON, laying out a PDF) run on Qt's thread pool,
// its result handed back on `context`'s thread. `work` gets copies only and touches no QObject; `done` runs
// only while `context` lives: if it is deleted first, the watcher goes with it and the result is dropped.

#include <QFutureWatcher>
#include <QObject>
#include <QPromise>
#include <QThreadPool>

#include <memory>

namespace km {

template <typename Result, typename Work, typename Done>
void runInBackground(QObject *context, Work work, Done done)
{
    auto promise = std::make_shared<QPromise<Result>>();
    auto *watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)] {
        watcher->deleteLater();
        if (watcher->future().resultCount() > 0)
            done(watcher->result());
    });
    watcher->setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, work = std::move(work)]() mutable {
        promise->addResult(work());
        promise->finish();
    });
}

} // namespace km
