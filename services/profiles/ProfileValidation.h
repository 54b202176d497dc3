#pragma once
// Checks of what users type into profiles, shared by the CLI and the GUI; errors name the field.

#include "services/core/ApiError.h"

#include <QCoreApplication>
#include <QUrl>

namespace km {

class ProfileValidation
{
    Q_DECLARE_TR_FUNCTIONS(km::ProfileValidation)
public:
    static ApiError profileName(const QString &name);
    // Accepts https:// (and http:// for loopback only), without user information; fills `url` with the
    // normalised URL.
    static ApiError serviceUrl(const QString &text, QUrl *url, const QString &field = QStringLiteral("url"));
    // "user:password@host" in a URL: refused (the error never repeats what came before '@').
    static ApiError refuseUserInfo(const QString &text, const QString &field = QStringLiteral("url"));
    static ApiError tenant(const QString &tenant);
    // The subdomain of a Microsoft Entra External ID tenant: "contoso" for contoso.onmicrosoft.com and
    // contoso.ciamlogin.com (letters and digits), or the tenant ID. A URL or a domain pasted is refused with
    // the subdomain to type instead. `normalized` gets it in lower case.
    static ApiError externalSubdomain(const QString &text, QString *normalized = nullptr);
    static ApiError organization(const QString &organization);
    // `where`: where the user finds it, e.g. "the application's settings".
    static ApiError clientId(const QString &clientId, const QString &where = QStringLiteral("the application's settings"));
    // An Entra application's "Application (client) ID": a GUID.
    static ApiError entraClientId(const QString &clientId);
    // A client secret typed or piped in: present; for Entra, its Value and not its ID (a GUID).
    static ApiError clientSecret(const QString &secret, const QString &where);
    static ApiError entraClientSecret(const QString &secret);
    static bool looksLikeEntraSecretId(const QString &secret);
    static bool isGuid(const QString &text);
    // The API Manager release an administrator declares ("4.6.0"): not a version, or older than 4.0, is refused
    // with what to type; a 4.x newer than the console knows is accepted and `note` says what it assumes.
    // `normalized` gets "4.6.0".
    static ApiError apimVersion(const QString &text, QString *normalized, QString *note = nullptr);
};

} // namespace km
