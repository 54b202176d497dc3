#pragma once
// Decides whether a "next page" link a server handed back (Asgardeo's links rel=next, Graph's
// @odata.nextLink) may be followed: only on the API's own scheme, host and port, and only up to a
// bounded number of pages, so a forged or looping link can neither send the bearer token elsewhere
// nor keep a listing going forever.

#include "services/core/ApiError.h"

#include <QCoreApplication>
#include <QString>
#include <QUrl>

namespace km {

class NextPage
{
    Q_DECLARE_TR_FUNCTIONS(km::NextPage)
public:
    static constexpr int DefaultMaxPages = 50;

    // `next` resolved against `apiUrl` (a relative link keeps the API's origin).
    static QUrl resolve(const QUrl &apiUrl, const QString &next);
    // True when `a` and `b` share scheme, host (case-insensitive) and effective port.
    static bool sameOrigin(const QUrl &a, const QUrl &b);
    // Empty when page number `pagesRead + 1` may be fetched from `next`; otherwise an error naming
    // `system` and saying why (another host, or more than `maxPages` pages).
    static ApiError check(const QUrl &apiUrl, const QString &next, int pagesRead, int maxPages, const QString &system);
};

} // namespace km
