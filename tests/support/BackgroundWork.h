#pragma once
// Waiting for work started with km::runInBackground (services/core/Background.h) instead of for a fixed time.

#include <QFutureWatcherBase>
#include <QObject>

namespace km::test {

// True once every piece of work started with `context` has been handed back (its result used or dropped):
// each one's watcher is a child of `context`, deleted after the hand-back ran. Poll it with QTRY_VERIFY,
// whose waiting also runs the deferred deletions.
inline bool backgroundWorkSettled(const QObject *context)
{
    return context->findChildren<QFutureWatcherBase *>(Qt::FindDirectChildrenOnly).isEmpty();
}

} // namespace km::test
