#pragma once
// Checks of what users type into profiles, shared by the CLI and the GUI; errors name the field.

#include "services/core/ApiError.h"

#include <QUrl>

namespace km {

class ProfileValidation
{
public:
    static ApiError profileName(const QString &name);
    // Accepts https:// (and http:// for loopback only), without user information; fills `url` with the
    // normalised URL.
    static ApiError serviceUrl(const QString &text, QUrl *url, const QString &field = QStringLiteral("url"));
    // "user:password@host" in a URL: refused (the error never repeats what came before '@').
    static ApiError refuseUserInfo(const QString &text, const QString &field = QStringLiteral("url"));
    static ApiError tenant(const QString &tenant);
    static ApiError organization(const QString &organization);
    static ApiError clientId(const QString &clientId);
    static bool isGuid(const QString &text);
};

} // namespace km
