#pragma once
// Talks to one Asgardeo organization with the management application's client credentials:
// checks what the management token was granted, and manages API resources, application
// authorization, roles and DCR clients. Every call names the scope Asgardeo checks for it, so a
// scope the token lacks is said as the scope to authorize, not as a bare 403.

#include "services/core/Job.h"
#include "services/http/HttpRequest.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

#include <functional>

namespace km {

class HttpJob;
class HttpSession;

class AsgardeoClient : public QObject
{
    Q_OBJECT
public:
    static constexpr QLatin1StringView DefaultGlobalScopesResource{"APIM_GLOBAL_SCOPES"};
    static constexpr QLatin1StringView GlobalScopesIdentifier{"/api/server/v1/scope-resource"};

    // Asgardeo refuses scope names that start with a restricted prefix (API-RESOURCE-60008); the
    // server's check is a case-sensitive startsWith of its configured prefixes, `internal_` by default.
    static constexpr QLatin1StringView RestrictedScopePrefix{"internal_"};
    // A listing stops after this many pages (and says so).
    static constexpr int MaxListPages = 50;

    // The twelve Management API scopes the API Manager connector needs, grouped by API.
    static QList<QPair<QString, QStringList>> managementApis();
    static QStringList managementScopes();
    // Application Management API scopes the console itself uses for the Scopes page's "authorize
    // scopes for an application": optional, not among the connector's twelve.
    static constexpr QLatin1StringView ApplicationViewScope{"internal_application_mgt_view"};
    static constexpr QLatin1StringView ApplicationUpdateScope{"internal_application_mgt_update"};
    static QStringList applicationScopes();
    // What the console requests in its management token: the twelve and the optional ones. Asgardeo
    // leaves out whatever the application is not authorized for, so asking costs nothing.
    static QStringList requestedScopes();
    // The Management API an internal_* scope belongs to, as the Asgardeo Console names it.
    static QString apiOfScope(const QString &scope);
    // OpenID Connect scopes Asgardeo keeps for itself: an API scope of the same name is refused (API-RESOURCE-60009).
    static QStringList oidcScopes();
    // A SCIM 2.0 filter value as a quoted, escaped JSON string (RFC 7644 §3.4.2.2).
    static QString scimString(const QString &value);

    AsgardeoClient(HttpSession *session, const QUrl &baseUrl, const QString &organization, const QString &clientId,
                   const QString &clientSecret, QObject *parent = nullptr);

    QUrl organizationUrl(const QString &path = QString()) const;
    QString organization() const { return m_org; }
    QString clientId() const { return m_clientId; }
    QUrl wellKnownUrl() const { return organizationUrl(QStringLiteral("/oauth2/token/.well-known/openid-configuration")); }

    // Requests a token for the management scopes (and, to recognise the common mistake, their
    // Organization API twins). Result: {"granted":[…], "missing":[…], "apis":[{"api","granted":[…],"missing":[…]}],
    // "organizationApiMistake": bool, "ok": bool, "message": text}.
    Job *verifyManagementAccess();

    // null when there is none; follows the links rel=next on the organization's own host, at most MaxListPages pages.
    // Result: the entry as AsgardeoApiResource::toJson writes it (a search entry has no scopes).
    Job *findApiResourceByName(const QString &name);
    Job *getApiResource(const QString &id);
    // findApiResourceByName, then the resource itself with its scopes (getApiResource); null when there is none.
    Job *readApiResourceByName(const QString &name);
    // Asgardeo answers 201 with a Location (and usually the resource); the result is always the resource
    // as Asgardeo holds it, read back when the answer had no body. 409 (already there) answers with the
    // existing resource of that name instead of failing.
    Job *createApiResource(const QString &identifier, const QString &name, const QString &description,
                           const QStringList &scopes, bool requiresAuthorization = true);
    Job *addScopes(const QString &resourceId, const QStringList &scopes);

    Job *findApplicationByClientId(const QString &clientId);
    // The organization's applications: [{id, name, clientId}] (first 100).
    Job *listApplications();
    Job *authorizedApis(const QString &appId);
    // What the application may request of one API resource: {"authorized": whether the API is authorized for it
    // at all, "scopes": [names]}.
    Job *authorizedScopes(const QString &appId, const QString &apiResourceId);
    // POST when the API is not yet authorized for the application, PATCH addedScopes otherwise.
    Job *authorizeApi(const QString &appId, const QString &apiResourceId, const QStringList &scopes);

    // SCIM2 Roles .search for displayName eq `displayName`. Result: the ListResponse.
    Job *findRole(const QString &displayName);
    // Creates the role unless a role of that name exists. Result: the role, plus "created": bool.
    Job *ensureRole(const QString &displayName, const QStringList &permissions = {});
    // GET /scim2/v2/Roles/{id}: the role whole, with its permissions.
    Job *getRole(const QString &roleId);
    // Each role by display name (SCIM2 Roles .search), then read whole (GET /Roles/{id}: the permissions),
    // all at once. Result: {"roles": {displayName: role}}; a name Asgardeo does not know is left out.
    Job *findRoles(const QStringList &displayNames);
    // PATCH /Roles/{id}: adds the scopes (API resource scope names) to the role's permissions.
    Job *addRolePermissions(const QString &roleId, const QStringList &scopes);

    // What Asgardeo would refuse, said before sending: a blank name (API-RESOURCE-60005), the restricted
    // prefix (60008), an OpenID Connect scope name (60009), or a space (not a valid OAuth scope token).
    static ApiError checkScopeName(const QString &scope);
    // An Asgardeo error said with its fix: the API-RESOURCE-600xx codes and a 403 for `requiredScope`.
    ApiError explainApiError(ApiError error, const QString &requiredScope) const;
    // The error for a management token that lacks `scope`: which API and scope to authorize, and where.
    ApiError missingScopeError(const QString &scope) const;

Q_SIGNALS:
    void managementTokenChecked(const QJsonObject &check);

private:
    using TokenCallback = std::function<void(const ApiError &)>;
    // A fresh management token holding `requiredScope` (a new one is requested when the cached one lacks it).
    void withToken(FunctionJob *owner, const QString &requiredScope, TokenCallback callback);
    // Sends `request` (URL relative to the organization) with the management token. `onSuccess` gets the
    // finished HTTP job (for headers); by default the job succeeds with the body.
    using SuccessHandler = std::function<void(FunctionJob *job, HttpJob *http)>;
    Job *call(HttpRequest request, const QString &requiredScope, SuccessHandler onSuccess = {});
    void findPage(FunctionJob *job, const QString &name, const QUrl &pageUrl, int pagesRead);
    ApiError explainTokenError(ApiError error) const;

    QPointer<HttpSession> m_session;
    QUrl m_baseUrl;
    QString m_org;
    QString m_clientId;
    QString m_clientSecret;
    QJsonObject m_token;
};

} // namespace km
