#pragma once
// Stand-in for WSO2 API Manager 4.x over HTTPS: DCR, the token endpoint, and the Admin v4
// key-manager API with the real server's validation and error codes.

#include "sandbox/SandboxServer.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QObject>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace km::sandbox {

class ApimStandIn : public QObject
{
    Q_OBJECT
public:
    explicit ApimStandIn(QObject *parent = nullptr);

    bool start(QString *error);
    SandboxServer *server() const { return m_server; }
    QString adminUser() const { return m_adminUser; }
    QString adminPassword() const { return m_adminPassword; }
    void setTokenLifetimeSeconds(int seconds) { m_tokenLifetime = seconds; }
    // The scopes the admin user's roles allow: the password grant silently leaves out any other
    // requested scope, as API Manager does. Empty (the default): every requested scope is granted.
    void setUserScopes(const QStringList &scopes) { m_userScopes = scopes; }

    // The release this stand-in answers as ("4.6.0" by default; `kmconsole-sandbox --apim-version 4.2.0`).
    // Before 4.6 the Publisher has no MCP servers: /mcp-servers is an unknown path (404), the Publisher
    // settings list no apim:mcp_server_* scopes, and the token endpoint leaves those scopes out.
    void setVersion(int majorNumber, int minorNumber, int patchNumber)
    {
        m_versionMajor = majorNumber;
        m_versionMinor = minorNumber;
        m_versionPatch = patchNumber;
    }
    QString version() const { return QStringLiteral("%1.%2.%3").arg(m_versionMajor).arg(m_versionMinor).arg(m_versionPatch); }
    bool hasMcpServers() const { return m_versionMajor > 4 || (m_versionMajor == 4 && m_versionMinor >= 6); }
    // Key managers' tokenType (DIRECT/EXCHANGED/BOTH) came with token exchange in 4.1.0; 4.0's DTO has no such field.
    bool hasTokenTypes() const { return m_versionMajor > 4 || (m_versionMajor == 4 && m_versionMinor >= 1); }
    // What API Manager's web apps answer for a path they do not serve: an HTML 404 page.
    static Response notFoundPage();

    // A token with every admin/publisher/devportal scope, for tools that replay requests.
    QString issueAdminToken();

    // Checks a bearer token for the given scopes; on failure `deny` holds the 401/403 to send.
    bool authorize(const Request &request, const QStringList &scopes, Response *deny) const;

    // Connector behaviour of a key-manager type when it loads a saved key manager (e.g. Asgardeo looks
    // up its global scopes resource): returns the connector's error. As on the real server the save still
    // answers 201/200; the failure only reaches the server log (state "serverLog").
    using KeyManagerHook = std::function<QString(const QJsonObject &keyManager)>;
    void addKeyManagerHook(const QString &type, KeyManagerHook hook) { m_hooks.insert(type, hook); }
    // Who uses a key manager (APIs listing it, applications with keys under it): a delete answers 412 902015
    // while anyone does. Each product stand-in on this listener adds its own.
    // GET /key-managers/{id}/api-usages and /app-usages list them (APIManager 4.3+, admin v4 spec).
    struct Usage
    {
        bool api = false; // an API, else an application
        QString name;
        QString version;  // APIs
        QString owner;    // applications
    };
    using UsageCheck = std::function<QList<Usage>(const QString &keyManagerName)>;
    void addUsageCheck(UsageCheck check) { m_usageChecks.append(std::move(check)); }
    // What the server holds, unmasked: the GET shape with flat fields, and `additionalProperties` as the
    // server stores it (endpoints, issuer and claims included), which is all that connectors and the
    // gateway read. `endpointsMap` is the server's separate endpoints map (validation only).
    QList<QJsonObject> keyManagers() const;

    static Response error(int status, qint64 code, const QString &message, const QString &description = QString());
    // The request's JSON object body; false with `invalid` set to API Manager's 400 when it is not one.
    static bool jsonBody(const Request &r, QJsonObject *body, Response *invalid);
    QJsonObject state() const;
    // Other product APIs served on this listener (e.g. the Publisher) add their data to /__sandbox/state.
    using StateContributor = std::function<void(QJsonObject &state)>;
    void addStateContributor(StateContributor contributor) { m_stateContributors.append(std::move(contributor)); }

private:
    void addRoutes();
    Response registerClient(const Request &r);
    Response token(const Request &r);
    Response listKeyManagers(const Request &r);
    Response getKeyManager(const Request &r);
    Response saveKeyManager(const Request &r, bool create);
    Response deleteKeyManager(const Request &r);
    void discover(const Request &r, SandboxServer::Reply reply);
    Response settings(const Request &r);
    std::optional<Response> validateKeyManager(const QJsonObject &dto, const QJsonObject &stored) const;
    QJsonObject typeConfiguration(const QString &type) const;
    // carbon-apimgt KeyManagerMappingUtil.toKeyManagerConfigurationDTO / toKeyManagerDTO.
    QJsonObject toStored(const QString &id, const QJsonObject &dto, const QJsonObject &previous) const;
    QJsonObject toDto(const QJsonObject &stored, bool mask) const;
    QJsonObject heldView(const QJsonObject &stored) const;
    QList<Usage> usersOf(const QString &name) const;
    Response keyManagerUsages(const Request &r, bool apis);
    QJsonObject issueToken(const QString &user, const QString &clientId, const QStringList &scopes);

    struct Client { QString secret; QString name; QString owner; };
    struct Token { QString user; QString clientId; QStringList scopes; QDateTime expires; };

    SandboxServer *m_server;
    QNetworkAccessManager *m_network;
    QString m_adminUser = QStringLiteral("admin");
    QString m_adminPassword;
    int m_tokenLifetime = 3600;
    QHash<QString, Client> m_clients;
    QHash<QString, Token> m_tokens;
    QHash<QString, Token> m_refreshTokens;
    QMap<QString, QJsonObject> m_keyManagers; // id -> the stored configuration (toStored)
    QHash<QString, KeyManagerHook> m_hooks;
    QList<UsageCheck> m_usageChecks;
    QStringList m_serverLog;
    QStringList m_userScopes;
    QList<StateContributor> m_stateContributors;
    int m_versionMajor = 4;
    int m_versionMinor = 6;
    int m_versionPatch = 0;
};

} // namespace km::sandbox
