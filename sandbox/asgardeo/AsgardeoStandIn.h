#pragma once
// Stand-in for Asgardeo over plain HTTP on loopback, organizations under /t/{org}: discovery, JWKS,
// client-credentials JWTs holding only the authorized scopes, DCR, API resources, application
// authorization and SCIM2 Roles V2, with Asgardeo's own error shapes and codes.

#include "sandbox/SandboxCrypto.h"
#include "sandbox/SandboxServer.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QStringList>

#include <optional>

namespace km::sandbox {

class ApimStandIn;

class AsgardeoStandIn : public QObject
{
    Q_OBJECT
public:
    static QStringList managementScopes();
    // Application Management API scopes: /applications and their authorized-apis (view; update for POST/PATCH).
    static QStringList applicationScopes();

    explicit AsgardeoStandIn(QObject *parent = nullptr);

    bool start(QString *error);
    SandboxServer *server() const { return m_server; }
    QUrl baseUrl() const { return m_server->baseUrl(); }
    QString organization() const { return m_org; }

    struct App
    {
        QString id;
        QString name;
        QString clientId;
        QString clientSecret;
        QStringList grantedScopes; // scopes its authorized APIs allow in a token
        QMap<QString, QStringList> authorizedApis; // api resource id -> scopes
    };
    App managementApp() const { return m_apps.value(m_managementAppId); }
    App organizationApiApp() const { return m_apps.value(m_orgApiAppId); }
    App connectorOnlyApp() const { return m_apps.value(m_connectorOnlyAppId); }
    App businessApp() const { return m_apps.value(m_businessAppId); }

    // API Manager's Asgardeo connector: a key manager of type Asgardeo is refused when its global
    // scopes resource is missing in its organization.
    void attachTo(ApimStandIn *apim);

    // API Manager's Asgardeo connector propagating API Manager scopes ({name, displayName, description})
    // to the organization's global scopes resource, as it does when a scope is saved in the Publisher.
    // Scopes already there are skipped. Returns empty on success, otherwise the error as the connector
    // reports it, quoting Asgardeo (e.g. its 60008 answer for the restricted prefix `internal`).
    QString addScopesToResource(const QString &org, const QString &resourceName, const QJsonArray &scopes);

    QJsonObject state() const;

private:
    void addRoutes();
    bool authorize(const Request &r, const QString &scope, Response *deny) const;
    Response error(int status, const QString &code, const QString &message, const QString &description) const;
    Response token(const Request &r);
    QJsonObject resourceJson(const QJsonObject &resource, bool withScopes) const;
    QJsonObject findResourceByName(const QString &name) const;
    std::optional<Response> checkScopeNames(const QJsonArray &scopes) const;
    App *appByClientId(const QString &clientId);
    QUrl orgUrl(const QString &path = QString()) const;

    SandboxServer *m_server;
    JwtSigner m_signer;
    QString m_org = QStringLiteral("acme");
    QString m_businessAppId;
    QHash<QString, App> m_apps;             // id -> app
    QString m_managementAppId;
    QString m_orgApiAppId;
    QString m_connectorOnlyAppId;
    QMap<QString, QJsonObject> m_resources; // id -> {id, name, identifier, description, requiresAuthorization, type, scopes:[...]}
    QMap<QString, QJsonObject> m_roles;     // id -> SCIM role
    QHash<QString, QDateTime> m_tokens;     // jti -> expiry (for introspection/revocation)
    QHash<QString, QJsonObject> m_tokenClaims;
};

} // namespace km::sandbox
