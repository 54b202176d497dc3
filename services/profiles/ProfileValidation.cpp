#include "services/profiles/ProfileValidation.h"

#include "services/apim/ApimVersion.h"

#include "services/http/HttpSession.h"

#include <QRegularExpression>

namespace km {

ApiError ProfileValidation::profileName(const QString &name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    if (name.isEmpty())
        return ApiError::validation(tr("The profile name is empty"), tr("Give the profile a short name, e.g. prod."), QStringLiteral("name"));
    if (!valid.match(name).hasMatch())
        return ApiError::validation(tr("The profile name “%1” has characters other than letters, digits, dot, dash and underscore").arg(name),
                                    tr("Use up to 64 of A–Z, a–z, 0–9, '.', '-', '_'."), QStringLiteral("name"));
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
    return ApiError::validation(tr("The URL holds a user name or password before the host (…@%1); it was not kept").arg(host),
                                tr("Enter only the address, e.g. https://%1, and the user name and password in their own fields "
                                               "(the password goes to the keychain, never into the profile).").arg(host),
                                field);
}

ApiError ProfileValidation::serviceUrl(const QString &text, QUrl *url, const QString &field)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return ApiError::validation(tr("The URL is empty"), tr("Enter it with its scheme, e.g. https://apim.example.com:9443."), field);
    if (const ApiError e = refuseUserInfo(trimmed, field))
        return e;
    if (!trimmed.contains(QLatin1String("://")))
        return ApiError::validation(tr("“%1” has no scheme").arg(trimmed),
                                    tr("Enter the URL with its scheme, e.g. https://%1.").arg(trimmed), field);
    QUrl parsed(trimmed, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty())
        return ApiError::validation(tr("“%1” is not a valid URL").arg(trimmed),
                                    tr("Enter it as https://host[:port], e.g. https://apim.example.com:9443."), field);
    if (parsed.scheme() == QLatin1String("http") && !HttpSession::isLoopbackHost(parsed.host()))
        return ApiError::validation(tr("“%1” uses plain http, which would send credentials unencrypted").arg(trimmed),
                                    tr("Use https:// (plain http is accepted for loopback addresses only)."), field);
    if (parsed.scheme() != QLatin1String("https") && parsed.scheme() != QLatin1String("http"))
        return ApiError::validation(tr("“%1” is not an https:// URL").arg(trimmed), tr("Use https://."), field);
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
        return ApiError::validation(tr("The tenant is empty"),
                                    tr("Enter the Directory (tenant) ID from the app registration's Overview page, or a verified domain such as contoso.onmicrosoft.com."),
                                    QStringLiteral("tenant"));
    if (isGuid(t) || domain.match(t).hasMatch())
        return {};
    return ApiError::validation(tr("“%1” is neither a tenant ID (a GUID) nor a domain").arg(t),
                                tr("Copy the Directory (tenant) ID from Azure portal › App registrations › your app › Overview, "
                                               "or use a verified domain such as contoso.onmicrosoft.com."),
                                QStringLiteral("tenant"));
}

ApiError ProfileValidation::externalSubdomain(const QString &text, QString *normalized)
{
    const QString field = QStringLiteral("external-subdomain");
    const QString t = text.trimmed();
    const QString example = tr("Type the first part of the external tenant's domain: “contoso” for contoso.onmicrosoft.com "
                               "(Microsoft Entra admin center › the external tenant › Overview › Primary domain).");
    if (t.isEmpty())
        return ApiError::validation(tr("The External ID subdomain is empty"), example, field);
    // A URL or a host pasted: say which label to type.
    QString host = t;
    const bool url = t.contains(QLatin1String("://")) || t.contains(QLatin1Char('/'));
    if (url)
        host = QUrl::fromUserInput(t).host();
    if (url || t.contains(QLatin1Char('.'))) {
        const QString lower = host.toLower();
        const QString label = lower.section(QLatin1Char('.'), 0, 0);
        const bool known = lower.endsWith(QLatin1String(".ciamlogin.com")) || lower.endsWith(QLatin1String(".onmicrosoft.com"));
        const QString what = url ? tr("“%1” is a URL, not a subdomain").arg(t) : tr("“%1” is a domain, not a subdomain (no dots)").arg(t);
        if (known && !label.isEmpty())
            return ApiError::validation(what, tr("Type only “%1”: the console builds https://%1.ciamlogin.com/{tenant ID} from it.").arg(label), field);
        return ApiError::validation(what, example + QLatin1Char(' ')
                                              + tr("A custom URL domain goes in the sign-in URL (--login-url), not here."), field);
    }
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9]{1,64}$"));
    if (!isGuid(t) && !valid.match(t).hasMatch())
        return ApiError::validation(tr("“%1” is not an External ID subdomain: it has characters other than letters and digits").arg(t), example, field);
    if (normalized)
        *normalized = t.toLower();
    return {};
}

ApiError ProfileValidation::organization(const QString &organization)
{
    static const QRegularExpression valid(QStringLiteral("^[a-z0-9][a-z0-9._-]{1,62}$"));
    const QString o = organization.trimmed();
    if (o.isEmpty())
        return ApiError::validation(tr("The organization name is empty"),
                                    tr("Enter the organization name: the part after /t/ in your Asgardeo URLs (https://api.asgardeo.io/t/<organization>)."),
                                    QStringLiteral("organization"));
    if (o.contains(QLatin1Char('/')) || o.contains(QLatin1Char(':'))) {
        static const QRegularExpression inUrl(QStringLiteral("/t/([^/?#]+)"));
        const QRegularExpressionMatch m = inUrl.match(o);
        const QString example = m.hasMatch() ? tr("for %1 it is “%2”").arg(o, m.captured(1))
                                             : tr("for https://api.asgardeo.io/t/acme it is “acme”");
        return ApiError::validation(tr("“%1” is a URL, not an organization name").arg(o),
                                    tr("Enter only the organization name, not a URL: %1.").arg(example), QStringLiteral("organization"));
    }
    if (o != o.toLower() && valid.match(o.toLower()).hasMatch())
        return ApiError::validation(tr("“%1” has capital letters; Asgardeo organization names are lower case").arg(o),
                                    tr("Enter it as it appears in your Asgardeo URLs: “%1”.").arg(o.toLower()), QStringLiteral("organization"));
    if (!valid.match(o).hasMatch())
        return ApiError::validation(tr("“%1” is not an Asgardeo organization name").arg(o),
                                    tr("Use the name as it appears in Asgardeo URLs (/t/<organization>): lower-case letters, digits, '-', '_' or '.'."),
                                    QStringLiteral("organization"));
    return {};
}

ApiError ProfileValidation::clientId(const QString &clientId, const QString &where)
{
    if (clientId.trimmed().isEmpty())
        return ApiError::validation(tr("The client ID is empty"), tr("Enter the client ID from %1.").arg(where), QStringLiteral("clientId"));
    if (clientId.trimmed().contains(QLatin1Char(' ')))
        return ApiError::validation(tr("The client ID contains spaces"), tr("Copy it again without surrounding text."), QStringLiteral("clientId"));
    return {};
}

ApiError ProfileValidation::entraClientId(const QString &clientId)
{
    if (const ApiError e = ProfileValidation::clientId(clientId, tr("Azure portal › App registrations › the app › Overview "
                                                                                  "(the “Application (client) ID”)")))
        return e;
    if (!isGuid(clientId.trimmed()))
        return ApiError::validation(tr("“%1” is not an Entra Application (client) ID: those are GUIDs like 1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d").arg(clientId.trimmed()),
                                    tr("Copy the “Application (client) ID” from Azure portal › App registrations › the app › Overview."),
                                    QStringLiteral("clientId"));
    return {};
}

ApiError ProfileValidation::clientSecret(const QString &secret, const QString &where)
{
    if (secret.trimmed().isEmpty())
        return ApiError::validation(tr("The client secret is empty"), tr("Copy it from %1.").arg(where), QStringLiteral("clientSecret"));
    return {};
}

bool ProfileValidation::looksLikeEntraSecretId(const QString &secret)
{
    QString s = secret.trimmed();
    if (s.startsWith(QLatin1Char('{')) && s.endsWith(QLatin1Char('}')))
        s = s.mid(1, s.size() - 2);
    return isGuid(s);
}

ApiError ProfileValidation::entraClientSecret(const QString &secret)
{
    if (const ApiError e = clientSecret(secret, tr("Azure portal › App registrations › the app › Certificates & secrets (the “Value” column)")))
        return e;
    if (looksLikeEntraSecretId(secret))
        return ApiError::validation(
            tr("The client secret given is shaped like a GUID: that is the secret's ID (the “Secret ID” column), not its Value"),
            tr("In Azure portal › App registrations › the app › Certificates & secrets, copy the “Value” column; it is shown only "
                           "right after the secret is created, so if it is hidden now, create a new client secret."),
            QStringLiteral("clientSecret"));
    return {};
}

ApiError ProfileValidation::apimVersion(const QString &text, QString *normalized, QString *note)
{
    const ApimVersion version = ApimVersion::parse(text);
    if (!version.isValid() || version.majorNumber() < 4) {
        ApiError e = ApiError::validation(version.problem(), tr("Type the release as API Manager's About page or its download name shows it, "
                                                                "e.g. 4.2.0 or 4.6.0, or leave it out: the console reads what the server offers."),
                                          QStringLiteral("apim-version"));
        return e;
    }
    if (normalized)
        *normalized = version.toString();
    if (note)
        *note = version.problem();
    return ApiError();
}

} // namespace km
