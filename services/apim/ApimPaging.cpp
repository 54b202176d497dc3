#include "services/apim/ApimPaging.h"

#include <QJsonArray>

namespace km {

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
