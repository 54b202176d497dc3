#include "services/apim/ApimPaging.h"

#include "services/core/ConstRange.h"
#include "services/core/Job.h"

#include <QJsonArray>

namespace km {

namespace {

void readFrom(FunctionJob *job, const std::function<Job *(int)> &page, int pageSize, const QString &what, int offset, const QJsonArray &collected)
{
    Job *one = page(offset);
    if (!one)
        return job->failLater(ApiError::cancelled());
    job->whenDone(one, [job, page, pageSize, what, offset, collected](const ApiError &error, const QJsonValue &result) {
        if (job->isFinished())
            return;
        if (error.isError())
            return job->fail(error);
        const QJsonObject answer = result.toObject();
        QJsonArray more = collected;
        for (const QJsonValue &v : km::constTemporary(answer.value(QLatin1String("list")).toArray()))
            more.append(v);
        ApiError tooMany;
        const int next = ApimPaging::nextOffset(answer, offset, pageSize, offset / pageSize + 1, what, &tooMany);
        if (tooMany)
            return job->fail(tooMany);
        if (next < 0)
            return job->succeed(more);
        readFrom(job, page, pageSize, what, next, more);
    });
}

} // namespace

Job *ApimPaging::readAll(const std::function<Job *(int offset)> &page, int pageSize, const QString &what, QObject *parent)
{
    auto *job = new FunctionJob(parent);
    readFrom(job, page, qMax(1, pageSize), what, 0, QJsonArray());
    return job;
}

int ApimPaging::nextOffset(const QJsonObject &page, int offset, int pageSize, int pagesRead, const QString &what, ApiError *error)
{
    const QJsonArray list = page.value(QLatin1String("list")).toArray();
    const int total = page.value(QLatin1String("pagination")).toObject().value(QLatin1String("total")).toInt(-1);
    const int next = offset + int(list.size());
    // Another page while the server reports more than collected; without a total, while pages come back full.
    const bool more = !list.isEmpty() && (total >= 0 ? next < total : list.size() >= pageSize);
    if (!more)
        return -1;
    if (pagesRead >= MaxPages) {
        if (error) {
            *error = ApiError::protocol(ApimPaging::tr("API Manager still reported more %1 after %2 pages (%3 entries); the console stops there")
                                            .arg(what).arg(MaxPages).arg(next));
            error->hint = ApimPaging::tr("Check the server: a list this long usually means it repeats its pages or reports a wrong total.");
        }
        return -1;
    }
    return next;
}

} // namespace km
