#pragma once
// Stand-in for Microsoft Entra ID (login.microsoftonline.com) and Microsoft Graph v1.0
// (graph.microsoft.com) over plain HTTP on loopback: one tenant, OpenID discovery v1/v2, the
// client-credentials token endpoint with the real AADSTS errors, and Graph applications,
// passwords and service principals, including the replication lag that new objects show.

#include "sandbox/SandboxCrypto.h"
#include "sandbox/SandboxServer.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QStringList>

#include <optional>

namespace km::sandbox {

class EntraStandIn : public QObject
{
    Q_OBJECT
public:
    // Graph application permissions (app roles of Microsoft Graph) the connector needs.
    static QString graphPermissionId(const QString &name); // "Application.Read.All" -> GUID, or empty
    static constexpr const char *GraphResource = "https://graph.microsoft.com";
    static constexpr const char *GraphAppId = "00000003-0000-0000-c000-000000000000";

    // Workforce: login.microsoftonline.com. External: a Microsoft Entra External ID tenant, its sign-in
    // server standing in for https://{subdomain}.ciamlogin.com (loopback has no host names, so the
    // subdomain is the server itself), issuer https://{tenant-id}.ciamlogin.com/{tenant-id}/v2.0, v2.0 only.
    enum class Kind { Workforce, External };

    explicit EntraStandIn(QObject *parent = nullptr);
    EntraStandIn(Kind kind, QObject *parent);

    bool start(QString *error);
    SandboxServer *loginServer() const { return m_login; }
    SandboxServer *graphServer() const { return m_graph; }

    QString tenantId() const { return m_tenantId; }
    QString domain() const { return m_domain; }
    QString tenantDisplayName() const { return m_tenantName; }
    bool isExternal() const { return m_kind == Kind::External; }
    // External: the subdomain ("contosocustomers" of contosocustomers.onmicrosoft.com).
    QString subdomain() const { return m_domain.section(QLatin1Char('.'), 0, 0); }
    // The issuers of the tenant's tokens: v2 (https://login.microsoftonline.com/{tid}/v2.0 or
    // https://{tid}.ciamlogin.com/{tid}/v2.0) and v1 (https://sts.windows.net/{tid}/ or https://{tid}.ciamlogin.com/{tid}/).
    QString v2Issuer() const;
    QString v1Issuer() const;
    QUrl loginUrl() const { return m_login->baseUrl(); }  // stands in for https://login.microsoftonline.com
    QUrl graphUrl() const { return m_graph->baseUrl(); }  // stands in for https://graph.microsoft.com

    struct Client
    {
        QString clientId;
        QString secret;  // the secret's value
        QString keyId;   // the secret's ID (what users paste by mistake)
    };
    // The seeded "APIM management" app with Application.Read.All, ReadWrite.All and ReadWrite.OwnedBy granted.
    Client managementClient() const;
    // A seeded app granted only Application.Read.All, to reproduce missing permissions.
    Client readOnlyClient() const;
    // A seeded app whose only secret expired.
    Client expiredSecretClient() const;
    // A seeded resource app with requestedAccessTokenVersion null, no identifierUris, and a service principal.
    QString legacyResourceAppId() const { return m_legacyAppId; }

    // New Graph objects (applications, their secrets) stay invisible to Graph reads and to the
    // token endpoint for this long after creation; 0 (default) means immediately consistent.
    void setReplicationLagMs(int ms) { m_lagMs = ms; }
    int replicationLagMs() const { return m_lagMs; }

    struct PasswordCredential
    {
        QString keyId;
        QString secret;
        QString displayName;
        QDateTime start;
        QDateTime end;
        QDateTime created;
    };
    struct Application
    {
        QString id;      // object id
        QString appId;   // client id
        QString displayName;
        QString signInAudience = QStringLiteral("AzureADMyOrg");
        QJsonValue requestedAccessTokenVersion = QJsonValue::Null; // null, 1 or 2
        QStringList identifierUris;
        QList<PasswordCredential> passwords;
        QStringList graphRoles;  // granted Graph application permissions (by name)
        QString owner;           // appId of the client that created it through Graph
        QDateTime created;
    };
    // Lookups ignore replication lag (they are the sandbox's own view, not Graph's).
    std::optional<Application> applicationByAppId(const QString &appId) const;
    std::optional<Application> applicationById(const QString &objectId) const;
    QList<Application> applications() const { return m_apps.values(); }
    bool hasServicePrincipal(const QString &appId) const;
    // Client secrets Entra allows for an application of this audience; 0 when there is no such limit.
    static int secretLimitOf(const QString &signInAudience);

    QJsonObject state() const;

private:
    void addLoginRoutes();
    void addGraphRoutes();
    bool knownTenant(const QString &tenant) const;
    QJsonObject discovery(bool v2) const;
    Response token(const Request &r, bool v1Endpoint);
    Response aadError(int status, const QString &error, int code, const QString &text) const;

    struct Caller
    {
        QString appId;
        QStringList roles;
    };
    std::optional<Caller> graphCaller(const Request &r, Response *deny) const;
    Response graph(const Request &r);
    Response graphError(int status, const QString &code, const QString &message) const;
    Response notFound(const QString &id) const;
    QJsonObject applicationJson(const Application &app) const;
    bool visible(const Application &app) const;
    Application *findVisible(const QString &segment, QString *idForError);
    bool canRead(const Caller &c, const Application &app) const;
    bool canWrite(const Caller &c, const Application &app) const;

    Kind m_kind = Kind::Workforce;
    SandboxServer *m_login;
    SandboxServer *m_graph;
    JwtSigner m_signer;
    QString m_tenantId;
    QString m_domain = QStringLiteral("contoso.onmicrosoft.com");
    QString m_tenantName = QStringLiteral("Contoso");
    int m_lagMs = 0;
    QMap<QString, Application> m_apps;            // object id -> application
    QMap<QString, QJsonObject> m_servicePrincipals; // object id -> {id, appId, displayName, created}
    QHash<QString, QJsonObject> m_graphTokens;    // access token -> claims (tokens Graph accepts)
    QString m_managementAppId;
    QString m_readOnlyAppId;
    QString m_expiredAppId;
    QString m_legacyAppId;
};

} // namespace km::sandbox
