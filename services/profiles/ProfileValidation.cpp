#include "services/profiles/ProfileValidation.h"

#include "services/http/HttpSession.h"

#include <QRegularExpression>

namespace km {

ApiError ProfileValidation::profileName(const QString &name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    if (name.isEmpty())
        return ApiError::validation(QStringLiteral("The profile name is empty"), QStringLiteral("Give the profile a short name, e.g. prod."), QStringLiteral("name"));
    if (!valid.match(name).hasMatch())
        return ApiError::validation(QStringLiteral("The profile name “%1” has characters other than letters, digits, dot, dash and underscore").arg(name),
                                    QStringLiteral("Use up to 64 of A–Z, a–z, 0–9, '.', '-', '_'."), QStringLiteral("name"));
    return {};
}

ApiError ProfileValidation::refuseUserInfo(const QString &text, const QString &field)
{
    // The authority is what lies between "scheme://" (if any) and the first '/', '?' or '#'.
    QString authority = text.trimmed();
    const int scheme = authority.indexOf(QLatin1String("://"));
    if (scheme >= 0)
        authority = authority.mid(scheme + 3);
    static const QRegularExpression end(QStringLiteral("[/?#]"));
    const int cut = authority.indexOf(end);
    if (cut >= 0)
        authority.truncate(cut);
    const int at = authority.lastIndexOf(QLatin1Char('@'));
    if (at < 0)
        return {};
    // Said without echoing the URL: the part before '@' may be a password.
    const QString host = authority.mid(at + 1);
    return ApiError::validation(QStringLiteral("The URL holds a user name or password before the host (…@%1); it was not kept").arg(host),
                                QStringLiteral("Enter only the address, e.g. https://%1, and the user name and password in their own fields "
                                               "(the password goes to the keychain, never into the profile).").arg(host),
                                field);
}

ApiError ProfileValidation::serviceUrl(const QString &text, QUrl *url, const QString &field)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return ApiError::validation(QStringLiteral("The URL is empty"), QStringLiteral("Enter it with its scheme, e.g. https://apim.example.com:9443."), field);
    if (const ApiError e = refuseUserInfo(trimmed, field))
        return e;
    if (!trimmed.contains(QLatin1String("://")))
        return ApiError::validation(QStringLiteral("“%1” has no scheme").arg(trimmed),
                                    QStringLiteral("Enter the URL with its scheme, e.g. https://%1.").arg(trimmed), field);
    QUrl parsed(trimmed, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty())
        return ApiError::validation(QStringLiteral("“%1” is not a valid URL").arg(trimmed),
                                    QStringLiteral("Enter it as https://host[:port], e.g. https://apim.example.com:9443."), field);
    if (parsed.scheme() == QLatin1String("http") && !HttpSession::isLoopbackHost(parsed.host()))
        return ApiError::validation(QStringLiteral("“%1” uses plain http, which would send credentials unencrypted").arg(trimmed),
                                    QStringLiteral("Use https:// (plain http is accepted for loopback addresses only)."), field);
    if (parsed.scheme() != QLatin1String("https") && parsed.scheme() != QLatin1String("http"))
        return ApiError::validation(QStringLiteral("“%1” is not an https:// URL").arg(trimmed), QStringLiteral("Use https://."), field);
    QString path = parsed.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    parsed.setPath(path);
    if (url)
        *url = parsed;
    return {};
}

bool ProfileValidation::isGuid(const QString &text)
{
    static const QRegularExpression guid(QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    return guid.match(text).hasMatch();
}

ApiError ProfileValidation::tenant(const QString &tenant)
{
    static const QRegularExpression domain(QStringLiteral("^(?=.{4,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$"));
    const QString t = tenant.trimmed();
    if (t.isEmpty())
        return ApiError::validation(QStringLiteral("The tenant is empty"),
                                    QStringLiteral("Enter the Directory (tenant) ID from the app registration's Overview page, or a verified domain such as contoso.onmicrosoft.com."),
                                    QStringLiteral("tenant"));
    if (isGuid(t) || domain.match(t).hasMatch())
        return {};
    return ApiError::validation(QStringLiteral("“%1” is neither a tenant ID (a GUID) nor a domain").arg(t),
                                QStringLiteral("Copy the Directory (tenant) ID from Azure portal › App registrations › your app › Overview, "
                                               "or use a verified domain such as contoso.onmicrosoft.com."),
                                QStringLiteral("tenant"));
}

ApiError ProfileValidation::organization(const QString &organization)
{
    static const QRegularExpression valid(QStringLiteral("^[a-z0-9][a-z0-9._-]{1,62}$"));
    const QString o = organization.trimmed();
    if (o.isEmpty())
        return ApiError::validation(QStringLiteral("The organization name is empty"),
                                    QStringLiteral("Enter the organization name shown in the Asgardeo Console (it appears in URLs as /t/<organization>)."),
                                    QStringLiteral("organization"));
    if (!valid.match(o).hasMatch())
        return ApiError::validation(QStringLiteral("“%1” is not an Asgardeo organization name").arg(o),
                                    QStringLiteral("Use the name as it appears in Asgardeo URLs (/t/<organization>): lower-case letters, digits, '-', '_' or '.'."),
                                    QStringLiteral("organization"));
    return {};
}

ApiError ProfileValidation::clientId(const QString &clientId)
{
    if (clientId.trimmed().isEmpty())
        return ApiError::validation(QStringLiteral("The client ID is empty"), QStringLiteral("Copy it from the application's settings."), QStringLiteral("clientId"));
    if (clientId.trimmed().contains(QLatin1Char(' ')))
        return ApiError::validation(QStringLiteral("The client ID contains spaces"), QStringLiteral("Copy it again without surrounding text."), QStringLiteral("clientId"));
    return {};
}

} // namespace km
