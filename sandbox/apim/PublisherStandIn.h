#pragma once
// Stand-in for API Manager's Publisher REST API v4 (shared scopes, APIs with their scopes, settings and,
// from 4.6, MCP servers with their tools' scopes) on the API Manager stand-in's listener, including the
// key-manager connectors' scope propagation.

#include "sandbox/SandboxServer.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>

#include <functional>
#include <optional>

namespace km::sandbox {

class ApimStandIn;

class PublisherStandIn : public QObject
{
    Q_OBJECT
public:
    static constexpr QLatin1StringView Base{"/api/am/publisher/v4"};

    // Registers the Publisher routes on `apim`'s server and adds its data to `apim`'s /__sandbox/state.
    explicit PublisherStandIn(ApimStandIn *apim, QObject *parent = nullptr);

    // What a key-manager connector does when API Manager scopes are saved: `scopes` are
    // [{name, displayName, description}]. Returns empty on success, else the connector's error.
    using ScopeConnector = std::function<QString(const QJsonObject &keyManager, const QJsonArray &scopes)>;
    void addScopeConnector(const QString &keyManagerType, ScopeConnector connector) { m_connectors.insert(keyManagerType, std::move(connector)); }

    QList<QJsonObject> sharedScopes() const { return m_scopes; }
    QList<QJsonObject> apis() const { return m_apis; }
    // MCP servers in the MCPServer shape (carbon-apimgt MCPServerDTO): `scopes:[{scope, shared}]`,
    // `operations:[{target, feature: "TOOL", scopes:[name], …}]`. Served only while the API Manager
    // stand-in answers as 4.6 or later. Returns the server's id (given one when it has none).
    QString addMcpServer(QJsonObject server);
    QList<QJsonObject> mcpServers() const { return m_mcpServers; }
    QJsonObject state() const;

private:
    void addRoutes();
    void seed();
    bool allowed(const Request &r, const QStringList &scopes, Response *deny) const;

    Response listScopes(const Request &r);
    Response addScope(const Request &r);
    Response getScope(const Request &r);
    Response updateScope(const Request &r);
    Response deleteScope(const Request &r);
    Response scopeExists(const Request &r);
    Response listApis(const Request &r);
    Response getApi(const Request &r);
    Response saveApi(const Request &r, bool create);
    Response settings(const Request &r);
    Response listMcpServers(const Request &r);
    Response getMcpServer(const Request &r);

    int indexOfScope(const QString &id) const;
    int indexOfApi(const QString &id) const;
    QJsonObject sharedScopeByName(const QString &name) const;
    // The API (other than `exceptApiId`) that defines `name` as a local scope, or empty.
    QJsonObject apiWithLocalScope(const QString &name, const QString &exceptApiId = QString()) const;
    QJsonObject scopeJson(const QJsonObject &scope) const;
    QStringList apisUsingSharedScope(const QString &name) const;
    // Calls every enabled key manager's connector; the connector's error when one refuses.
    QString propagate(const QJsonArray &scopes) const;
    // Normalizes API.scopes: shared ones take the shared definition; local ones are checked.
    std::optional<Response> resolveApiScopes(QJsonObject &api, const QString &apiId, QJsonArray *localScopes) const;

    ApimStandIn *m_apim;
    QList<QJsonObject> m_scopes; // {id, name, displayName, description, bindings}
    QList<QJsonObject> m_apis;   // full API objects
    QList<QJsonObject> m_mcpServers; // full MCPServer objects
    QHash<QString, ScopeConnector> m_connectors;
};

} // namespace km::sandbox
