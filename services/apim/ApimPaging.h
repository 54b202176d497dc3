#pragma once
// Where the next page of an API Manager (Publisher, DevPortal) list starts, and where paging stops.

#include "services/core/ApiError.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <functional>

namespace km {

class Job;

class ApimPaging
{
    Q_DECLARE_TR_FUNCTIONS(km::ApimPaging)
public:
    // The most pages one listing reads; a server that keeps reporting more is stopped there.
    static constexpr int MaxPages = 100;

    // The offset of the next page after `page` (read at `offset` with `pageSize`, the `pagesRead`-th
    // page), or -1 when the listing is complete. The next offset is counted here, never taken from the
    // server's pagination.next link, so no page request can be sent to another host. Past MaxPages,
    // -1 with `error` set (naming `what` and the limit).
    static int nextOffset(const QJsonObject &page, int offset, int pageSize, int pagesRead, const QString &what, ApiError *error);

    // Reads every page of a list, one after the other: `page(offset)` sends the request for the `pageSize`
    // entries at `offset` (nullptr: its client is gone, and the read fails as cancelled). Result: the entries of
    // every page's "list", in order. The first error ends it; so does a server still reporting more after
    // MaxPages (nextOffset's error, naming `what`).
    static Job *readAll(const std::function<Job *(int offset)> &page, int pageSize, const QString &what, QObject *parent);
};

} // namespace km
