#pragma once
// Talks to one Asgardeo organization with the management application's client credentials:
// checks what the management token was granted, and manages API resources, application
// authorization, roles and DCR clients.

#include "services/core/Job.h"
#include "services/http/HttpRequest.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

#include <functional>

namespace km {

class HttpSession;


class AsgardeoClient : public QObject
{
    Q_OBJECT
public:
    static constexpr QLatin1StringView DefaultGlobalScopesResource{"APIM_GLOBAL_SCOPES"};
    static constexpr QLatin1StringView GlobalScopesIdentifier{"/api/server/v1/scope-resource"};

    // The twelve Management API scopes the API Manager connector needs, grouped by API.
    static QList<QPair<QString, QStringList>> managementApis();
    static QStringList managementScopes();

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

    // null when there is none; follows the `after` cursors.
    Job *findApiResourceByName(const QString &name);
    Job *getApiResource(const QString &id);
    // 409 (already there) answers with the existing resource instead of failing.
    Job *createApiResource(const QString &identifier, const QString &name, const QString &description,
                           const QStringList &scopes, bool requiresAuthorization = true);
    Job *addScopes(const QString &resourceId, const QStringList &scopes);

    Job *findApplicationByClientId(const QString &clientId);
    // The organization's applications: [{id, name, clientId}] (first 100).
    Job *listApplications();
    Job *authorizedApis(const QString &appId);
    // POST when the API is not yet authorized for the application, PATCH addedScopes otherwise.
    Job *authorizeApi(const QString &appId, const QString &apiResourceId, const QStringList &scopes);

    // Creates the role unless a role of that name exists. Result: the role, plus "created": bool.
    Job *ensureRole(const QString &displayName, const QStringList &permissions = {});

    // Asgardeo rejects scope names with a restricted prefix (60008); this says so before sending.
    static ApiError checkScopeName(const QString &scope);

Q_SIGNALS:
    void managementTokenChecked(const QJsonObject &check);

private:
    using TokenCallback = std::function<void(const ApiError &)>;
    void withToken(FunctionJob *owner, TokenCallback callback);
    Job *call(HttpRequest request);
    void findPage(FunctionJob *job, const QString &name, const QString &after);
    ApiError explainTokenError(ApiError error) const;

    QPointer<HttpSession> m_session;
    QUrl m_baseUrl;
    QString m_org;
    QString m_clientId;
    QString m_clientSecret;
    QJsonObject m_token;
};

} // namespace km
