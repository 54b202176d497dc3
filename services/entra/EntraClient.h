#pragma once
// Signs in to one Microsoft Entra ID tenant with an app registration's client credentials: tokens for
// Microsoft Graph or for an API (api://{appId}), the AADSTS errors said as the Azure-portal fix, and
// which Graph application permissions the connector's app really holds.

#include "services/core/Job.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <optional>

namespace km {

class HttpSession;
struct EntraProfile;

// The national clouds differ in their sign-in and Graph hosts (and so in issuers). Microsoft Entra
// External ID (customer) tenants sign in on https://{subdomain}.ciamlogin.com/{tenant-id} and keep
// Microsoft Graph; their issuer is https://{tenant-id}.ciamlogin.com/{tenant-id}/v2.0 (docs/fidelity.md).
struct EntraCloud
{
    QString id;            // "global", "usgov", "china", "external" or "custom"
    QString displayName;
    QUrl loginUrl;         // https://login.microsoftonline.com
    QUrl graphUrl;         // https://graph.microsoft.com
    QString v1IssuerHost;  // host of v1 issuers: sts.windows.net in the global cloud

    static QList<EntraCloud> presets(); // global, usgov, china
    // A preset by id; "custom" (or an unknown id) gives nothing.
    static std::optional<EntraCloud> preset(const QString &id);
    // The preset whose login host is `loginUrl`'s, or a "custom" cloud with these URLs.
    static EntraCloud forUrls(const QUrl &loginUrl, const QUrl &graphUrl);

    static constexpr QLatin1StringView ExternalId{"external"};
    static constexpr QLatin1StringView ExternalLoginDomain{"ciamlogin.com"};
    // The External ID "cloud" of the tenant whose subdomain is `subdomain`: https://{subdomain}.ciamlogin.com and Graph.
    static EntraCloud external(const QString &subdomain);
    static QString externalDisplayName();
};

class EntraClient : public QObject
{
    Q_OBJECT
public:
    // Graph application permissions the AzureAD connector needs.
    static constexpr QLatin1StringView ReadAll{"Application.Read.All"};
    static constexpr QLatin1StringView ReadWriteAll{"Application.ReadWrite.All"};
    static constexpr QLatin1StringView ReadWriteOwnedBy{"Application.ReadWrite.OwnedBy"};
    static QStringList graphPermissions();                 // the three, in that order
    static QString graphPermissionId(const QString &name); // app-role GUID of Microsoft Graph, or empty

    EntraClient(HttpSession *session, const QUrl &loginUrl, const QUrl &graphUrl, const QString &tenant, const QString &clientId,
                const QString &clientSecret, QObject *parent = nullptr);
    EntraClient(HttpSession *session, const EntraProfile &profile, const QString &clientSecret, QObject *parent = nullptr);

    HttpSession *session() const { return m_session; }
    QString tenant() const { return m_tenant; }       // as configured: GUID or domain
    QString tenantId() const;                         // the GUID once a token showed it (tid), else tenant()
    QString clientId() const { return m_clientId; }
    QString clientSecret() const { return m_clientSecret; }
    QUrl loginUrl() const { return m_loginUrl; }
    QUrl graphUrl() const { return m_graphUrl; }
    EntraCloud cloud() const;
    // A Microsoft Entra External ID tenant: v2.0 discovery only, issuer on {tenant-id}.ciamlogin.com. Set from
    // the profile (cloud "external"), or for a client built from URLs.
    bool isExternal() const { return m_external; }
    void setExternal(bool external) { m_external = external; }

    // {login}/{tenant}/oauth2/v2.0/token (version 2) or {login}/{tenant}/oauth2/token (version 1).
    QUrl tokenUrl(int version = 2) const;
    // {login}/{tenant}/v2.0/.well-known/openid-configuration or {login}/{tenant}/.well-known/openid-configuration;
    // always the v2.0 one for an External ID tenant (the v1 document does not serve them).
    QUrl wellKnownUrl(int version) const;
    // {login}/{tenant}/discovery/v2.0/keys or {login}/common/discovery/keys (External ID: always the v2.0 keys).
    QUrl jwksUrl(int version) const;
    QString graphScope() const;                          // {graph}/.default
    static QString apiScope(const QString &appId);       // api://{appId}/.default
    // The client-credentials scopes an application can ask for itself: "<URI>/.default" for each of its
    // Application ID URIs (identifierUris), none when it has none (asking for api://{appId}/.default then
    // fails with AADSTS500011).
    static QStringList ownScopes(const QStringList &identifierUris);

    // Client-credentials token for one `.default` scope. Result: the token response (+ "obtained_at").
    // Errors carry vendorCode "AADSTS<n>" and a message and hint that name the Azure-portal fix.
    Job *requestToken(const QString &scope);

    // Graph token, then its `roles`. Result: {"roles":[…], "present":[…], "missing":[…],
    // "canRead", "canWrite", "ownedByOnly", "adminConsentMissing", "tenantId", "ok", "message"}.
    // ok needs Application.ReadWrite.All or Application.ReadWrite.OwnedBy.
    Job *verifyGraphAccess();

    // Hands a Graph access token (cached while fresh) to `callback`; the token job is tracked by `owner`.
    using GraphTokenCallback = std::function<void(const ApiError &error, const QString &accessToken)>;
    void withGraphToken(FunctionJob *owner, GraphTokenCallback callback);
    void forgetToken() { m_graphToken = QJsonObject(); }

    // Tenant typed by a user: a GUID or a domain; the error says where to find it.
    static ApiError validateTenant(const QString &tenant);
    // A client secret shaped like a GUID is almost always the secret's ID, not its Value.
    static bool looksLikeSecretId(const QString &secret);
    // AADSTS codes said in words, with the fix in the Azure portal. `scope` is what was asked for.
    ApiError explainTokenError(ApiError error, const QString &scope) const;

Q_SIGNALS:
    void graphAccessChecked(const QJsonObject &check);

private:
    QPointer<HttpSession> m_session;
    QUrl m_loginUrl;
    QUrl m_graphUrl;
    QString m_tenant;
    QString m_tenantId;
    QString m_clientId;
    QString m_clientSecret;
    QJsonObject m_graphToken;
    bool m_external = false;
};

} // namespace km
