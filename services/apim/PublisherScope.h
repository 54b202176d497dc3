#pragma once
// API Manager's scopes as the console reasons about them: the Publisher's shared scopes, each API's and each
// MCP server's scopes, with where they are used (PublisherClient::allScopesWithUsage). The Publisher's Scope
// fields (name, displayName, description, bindings: the v4 Scope object) are read in fromPublisher only; the
// rest is what the console learnt by reading every API and MCP server. toJson is the console's own JSON
// (`kmconsole-cli scopes list --json`), which fromJson reads back unchanged.

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace km {

// One place that requires a scope: an API operation ("GET /menu"; empty when the API holds the scope but no
// operation requires it) or an MCP server's tool.
struct ScopeUse
{
    enum class Kind { Api, McpTool };
    Kind kind = Kind::Api;
    QString owner;     // the API or the MCP server
    QString operation; // Api
    QString tool;      // McpTool

    bool operator==(const ScopeUse &other) const;
    QJsonObject toJson() const;
    static ScopeUse fromJson(const QJsonValue &json);
};

struct PublisherScope
{
    QString name;
    QString displayName;
    QString description;
    QStringList bindings;   // API Manager roles the scope is bound to
    bool shared = false;    // a shared scope (Publisher ▸ Scopes), or an API's or MCP server's own
    QStringList apis;       // APIs that hold or require it, sorted
    QStringList mcpServers; // MCP servers whose tools require it, sorted
    QList<ScopeUse> usedBy;

    // The Publisher's Scope object (a shared scope, or the `scope` of an API's `scopes` entry).
    static PublisherScope fromPublisher(const QJsonObject &scope, bool shared);
    // Anything that is not an object reads as a scope without a name.
    static PublisherScope fromJson(const QJsonValue &json);
    static QList<PublisherScope> listFromJson(const QJsonValue &json);
    QJsonObject toJson() const;
};

// What was learnt of MCP servers while reading the scopes. A server without MCP servers (before 4.6) or a token
// without apim:mcp_server_view is no failure: `read` is false and `note` says why.
struct McpScopeReading
{
    bool read = false;
    QString note;
    int servers = 0;
    QStringList unscoped; // MCP servers none of whose tools requires a scope, sorted

    QJsonObject toJson() const;
    static McpScopeReading fromJson(const QJsonValue &json);
};

// PublisherClient::allScopesWithUsage's result.
struct PublisherScopes
{
    QList<PublisherScope> scopes; // sorted by name
    McpScopeReading mcp;

    QJsonObject toJson() const;
    static PublisherScopes fromJson(const QJsonValue &json);
};

} // namespace km
