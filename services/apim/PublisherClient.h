#pragma once
// Reads and writes API Manager's scopes through the Publisher REST API v4 (shared scopes, the scopes of
// each API and, from API Manager 4.6, the scopes of each MCP server's tools), signed in through an
// ApimClient's token.

#include "services/core/Job.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

namespace km {

class ApimClient;

class PublisherClient : public QObject
{
    Q_OBJECT
public:
    // The scopes the Publisher calls need in API Manager's token (contracts §1.1).
    static QStringList scopes();

    explicit PublisherClient(ApimClient *apim, QObject *parent = nullptr);

    // Every shared scope, following the pagination `pageSize` at a time. Result: [Scope].
    Job *listSharedScopes(int pageSize = 25);
    // HEAD /scopes/{base64url(name)}: is the name taken by a shared or an API's local scope. Result: bool.
    Job *scopeExists(const QString &name);
    // POST /scopes. `scope` = {name, displayName, description, bindings}; displayName defaults to the name.
    // Result: the created Scope (with its id).
    Job *createSharedScope(const QJsonObject &scope);
    Job *updateSharedScope(const QString &id, const QJsonObject &scope);
    Job *deleteSharedScope(const QString &id);
    // Every API (APIInfo objects), following the pagination. Result: [APIInfo].
    Job *listApis(int pageSize = 25);
    // The full API, with `scopes:[{scope, shared}]` and `operations[].scopes`. Result: API.
    Job *getApi(const QString &id);
    // POST /apis. Result: the created API.
    Job *createApi(const QJsonObject &api);
    // Every MCP server (APIInfo objects of type MCP), following the pagination. API Manager before 4.6 has
    // none and answers 404: error code `mcp-servers-absent`, saying so. Result: [APIInfo].
    Job *listMcpServers(int pageSize = 25);
    // The full MCP server: `scopes:[{scope, shared}]` and `operations:[{target (the tool), feature: TOOL,
    // scopes:[name]}]`. Result: MCPServer.
    Job *getMcpServer(const QString &id);
    // Shared scopes, each API's local scopes and each MCP server's, in one list sorted by name; a shared scope lists
    // what uses it, a local scope what defines it. Result: [PublisherScope::toJson].
    Job *allScopes();
    // allScopes() and what was learnt of MCP servers. Result: PublisherScopes::toJson. A server without MCP servers
    // (404, before 4.6) or a token without `apim:mcp_server_view` (403) is not a failure: McpScopeReading::read is
    // false and its note says why.
    Job *allScopesWithUsage();

private:
    Job *send(const QByteArray &method, const QString &path, const QJsonValue &body, const QString &purpose);
    // GET `path`; a failure is explained as failing to `action`, naming the scopes it needs.
    Job *getOne(const QString &path, const QString &purpose, const QString &action, const QStringList &neededScopes);
    // Collects `list` of every page of GET `path`.
    Job *collectPages(const QString &path, int pageSize, const QString &purpose);
    // Turns a Publisher error into what the admin can act on for this call.
    static ApiError explain(ApiError error, const QString &action, const QStringList &neededScopes);

    // Reads every id of `infos` with `get`, all at once. Result: the objects, in the order of `infos`; the
    // first failure is its error.
    Job *readAll(const QJsonArray &infos, Job *(PublisherClient::*get)(const QString &));

    QPointer<ApimClient> m_apim;
};

} // namespace km
