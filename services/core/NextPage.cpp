#include "services/core/NextPage.h"

namespace km {

namespace {
int effectivePort(const QUrl &url)
{
    return url.port(url.scheme().compare(QLatin1String("http"), Qt::CaseInsensitive) == 0 ? 80 : 443);
}
} // namespace

QUrl NextPage::resolve(const QUrl &apiUrl, const QString &next)
{
    return apiUrl.resolved(QUrl(next));
}

bool NextPage::sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
           && effectivePort(a) == effectivePort(b) && b.userInfo().isEmpty();
}

ApiError NextPage::check(const QUrl &apiUrl, const QString &next, int pagesRead, int maxPages, const QString &system)
{
    const QUrl target = resolve(apiUrl, next);
    if (!target.isValid() || !sameOrigin(apiUrl, target)) {
        ApiError e = ApiError::protocol(QStringLiteral("%1 answered with a next-page link to another server (%2) than the one asked (%3): "
                                                       "the listing was stopped there and the link was not followed")
                                            .arg(system, target.isValid() ? target.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery).toString()
                                                                          : next,
                                                 apiUrl.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery).toString()),
                                        apiUrl);
        e.hint = NextPage::tr("Sending the access token to another host would leak it. Check the URL configured for %1, and any proxy "
                              "that rewrites its answers.").arg(system);
        e.vendorCode = QStringLiteral("next-link-off-host");
        return e;
    }
    if (pagesRead >= maxPages) {
        ApiError e = ApiError::protocol(QStringLiteral("%1 still had more pages after %2 pages: the listing was stopped at that limit")
                                            .arg(system).arg(maxPages),
                                        apiUrl);
        e.hint = NextPage::tr("Narrow the search (a filter or a more specific name), or clean up unused entries in %1.").arg(system);
        e.vendorCode = QStringLiteral("too-many-pages");
        return e;
    }
    return {};
}

} // namespace km
