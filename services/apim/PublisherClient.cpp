#include "services/apim/PublisherClient.h"
#include "services/core/ConstRange.h"
#include "services/apim/ApimErrors.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimPaging.h"
#include "services/apim/ApimVersion.h"
#include "services/apim/PublisherScope.h"
#include "services/core/Tasks.h"
#include "services/http/HttpRequest.h"

#include <QMap>
#include <QSet>
#include <QUrl>

#include <memory>

namespace km {

namespace {


QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

// What the Publisher accepts in a Scope body: read-only fields (id, usageCount) stay out.
QJsonObject scopeBody(const QJsonObject &scope)
{
    const QString name = text(scope, "name").trimmed();
    const QString display = text(scope, "displayName").trimmed();
    QJsonObject body{{QStringLiteral("name"), name}, {QStringLiteral("displayName"), display.isEmpty() ? name : display},
                     {QStringLiteral("description"), text(scope, "description")},
                     {QStringLiteral("bindings"), scope.value(QLatin1String("bindings")).toArray()}};
    return body;
}

} // namespace

QStringList PublisherClient::scopes()
{
    return {QStringLiteral("apim:api_view"), QStringLiteral("apim:shared_scope_manage"), QStringLiteral("apim:api_create"),
            QStringLiteral("apim:api_manage"), QStringLiteral("apim:mcp_server_view")};
}

PublisherClient::PublisherClient(ApimClient *apim, QObject *parent)
    : QObject(parent)
    , m_apim(apim)
{
}

ApiError PublisherClient::explain(ApiError e, const QString &action, const QStringList &neededScopes)
{
    const QString all = e.message + QLatin1Char(' ') + e.description;
    if (e.httpStatus == 403) {
        e.message = PublisherClient::tr("API Manager did not allow kmconsole to %1: the token it issued has none of the scopes %2")
                        .arg(action, neededScopes.join(QStringLiteral(", ")));
        e.hint = PublisherClient::tr("API Manager grants only the scopes the user's roles allow: give the user a role with the Publisher "
                                     "permissions (e.g. admin or Internal/publisher) and connect again.");
    } else if (e.vendorCode == ApimErrors::ScopeAlreadyAssigned || (e.httpStatus == 409 && action.contains(QLatin1String("scope")))) {
        e.hint = PublisherClient::tr("Scope names are unique across shared scopes and every API's local scopes: choose another name, or use the existing scope.");
        e.field = QStringLiteral("name");
    } else if (all.contains(QLatin1String("60008")) || all.contains(QLatin1String("restricted prefix"))) {
        e.message = PublisherClient::tr("API Manager could not %1: its Asgardeo key manager refused the scope, because Asgardeo does not "
                                        "accept scope names that start with the restricted prefix “internal” (Asgardeo error 60008)")
                        .arg(action);
        e.hint = PublisherClient::tr("Rename the scope so that it does not start with “internal”; nothing was saved.");
        e.field = QStringLiteral("name");
    } else if (e.httpStatus == 500 && e.description.contains(QLatin1String("Key manager"))) {
        e.hint = PublisherClient::tr("A key manager's connector refused the scope; the description says which key manager and why.");
    } else if (e.vendorCode == ApimErrors::ApiNotFound || e.vendorCode == ApimErrors::ApiNotFoundByUuid) {
        e.hint = PublisherClient::tr("It no longer exists in API Manager; refresh the list.");
    }
    return e;
}

Job *PublisherClient::send(const QByteArray &method, const QString &path, const QJsonValue &body, const QString &purpose)
{
    const QUrl url(QString(ApimClient::PublisherBase) + path);
    HttpRequest req = body.isUndefined() ? HttpRequest::get(url) : HttpRequest::json(method, url, body);
    req.method = method;
    if (method == "HEAD")
        req.expectJson = false;
    req.purpose = purpose;
    if (!m_apim)
        return tasks::failed(ApiError::cancelled(), this);
    return m_apim->call(req);
}

Job *PublisherClient::collectPages(const QString &path, int pageSize, const QString &purpose)
{
    // The job is this client's: the page requests are never asked of a client that is gone.
    Job *pages = ApimPaging::readAll([this, path, pageSize, purpose](int offset) {
        return send("GET", QStringLiteral("%1?limit=%2&offset=%3").arg(path).arg(pageSize).arg(offset), QJsonValue::Undefined, purpose);
    }, pageSize, path.mid(1), this);
    const QStringList needed = path == QLatin1String("/scopes")        ? QStringList{QStringLiteral("apim:api_view"), QStringLiteral("apim:shared_scope_manage")}
                               : path == QLatin1String("/mcp-servers") ? QStringList{QStringLiteral("apim:mcp_server_view"), QStringLiteral("apim:mcp_server_manage")}
                                                                       : QStringList{QStringLiteral("apim:api_view"), QStringLiteral("apim:api_manage")};
    return tasks::reword(pages, [action = purpose.toLower(), needed](const ApiError &error) { return explain(error, action, needed); }, this);
}

Job *PublisherClient::listSharedScopes(int pageSize)
{
    return collectPages(QStringLiteral("/scopes"), qMax(1, pageSize), PublisherClient::tr("List shared scopes"));
}

Job *PublisherClient::listApis(int pageSize)
{
    return collectPages(QStringLiteral("/apis"), qMax(1, pageSize), PublisherClient::tr("List APIs"));
}

Job *PublisherClient::scopeExists(const QString &name)
{
    auto *job = new FunctionJob(this);
    const QString encoded = QString::fromLatin1(name.toUtf8().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    Job *head = send("HEAD", QStringLiteral("/scopes/") + encoded, QJsonValue::Undefined, PublisherClient::tr("Check whether a scope name exists"));
    job->whenDone(head, [job](const ApiError &error, const QJsonValue &) {
        if (!error.isError())
            job->succeed(true);
        else if (error.httpStatus == 404)
            job->succeed(false);
        else
            job->fail(explain(error, PublisherClient::tr("check whether a scope name exists"),
                              {QStringLiteral("apim:api_create"), QStringLiteral("apim:api_manage"), QStringLiteral("apim:shared_scope_manage")}));
    });
    return job;
}

Job *PublisherClient::createSharedScope(const QJsonObject &scope)
{
    const QJsonObject body = scopeBody(scope);
    const QString name = text(body, "name");
    if (name.isEmpty())
        return tasks::failed(ApiError::validation(PublisherClient::tr("A shared scope needs a name"), QString(), QStringLiteral("name")), this);
    return tasks::reword(send("POST", QStringLiteral("/scopes"), body, PublisherClient::tr("Create shared scope")),
                         [name](const ApiError &e) {
                             return explain(e, PublisherClient::tr("create the shared scope “%1”").arg(name), {QStringLiteral("apim:shared_scope_manage")});
                         },
                         this);
}

Job *PublisherClient::updateSharedScope(const QString &id, const QJsonObject &scope)
{
    const QJsonObject body = scopeBody(scope);
    const QString name = text(body, "name");
    return tasks::reword(send("PUT", QStringLiteral("/scopes/") + id, body, PublisherClient::tr("Update shared scope")),
                         [name](const ApiError &e) {
                             return explain(e, PublisherClient::tr("update the shared scope “%1”").arg(name), {QStringLiteral("apim:shared_scope_manage")});
                         },
                         this);
}

Job *PublisherClient::deleteSharedScope(const QString &id)
{
    return tasks::map(
        send("DELETE", QStringLiteral("/scopes/") + id, QJsonValue::Undefined, PublisherClient::tr("Delete shared scope")),
        [](const QJsonValue &) { return QJsonValue(); },
        [](const ApiError &e) { return explain(e, PublisherClient::tr("delete the shared scope"), {QStringLiteral("apim:shared_scope_manage")}); }, this);
}

Job *PublisherClient::getApi(const QString &id)
{
    return getOne(QStringLiteral("/apis/") + id, PublisherClient::tr("Get API"), PublisherClient::tr("read the API"),
                  {QStringLiteral("apim:api_view"), QStringLiteral("apim:api_manage")});
}

Job *PublisherClient::getOne(const QString &path, const QString &purpose, const QString &action, const QStringList &neededScopes)
{
    return tasks::reword(send("GET", path, QJsonValue::Undefined, purpose),
                         [action, neededScopes](const ApiError &e) { return explain(e, action, neededScopes); }, this);
}

Job *PublisherClient::createApi(const QJsonObject &api)
{
    const QString name = text(api, "name");
    return tasks::reword(send("POST", QStringLiteral("/apis"), api, PublisherClient::tr("Create API")),
                         [name](const ApiError &e) {
                             return explain(e, PublisherClient::tr("create the API “%1”").arg(name),
                                            {QStringLiteral("apim:api_create"), QStringLiteral("apim:api_manage")});
                         },
                         this);
}

Job *PublisherClient::listMcpServers(int pageSize)
{
    return tasks::reword(collectPages(QStringLiteral("/mcp-servers"), qMax(1, pageSize), PublisherClient::tr("List MCP servers")), [](ApiError e) {
        if (e.httpStatus == 404) {
            // The route itself is missing: API Manager before 4.6 has no MCP servers.
            // A missing feature, not a failed call: said without the HTTP status in front.
            e.kind = ApiError::Kind::Protocol;
            e.description.clear();
            e.vendorCode = QStringLiteral("mcp-servers-absent");
            e.message = tr("This API Manager has no MCP servers: its Publisher answered 404 for /mcp-servers, as API Manager before 4.%1 does")
                            .arg(ApimVersion::McpServersMinor);
            e.hint = tr("MCP servers came with API Manager 4.%1; on this server only shared and API scopes exist.").arg(ApimVersion::McpServersMinor);
        }
        return e;
    }, this);
}

Job *PublisherClient::getMcpServer(const QString &id)
{
    return getOne(QStringLiteral("/mcp-servers/") + id, PublisherClient::tr("Get MCP server"), PublisherClient::tr("read the MCP server"),
                  {QStringLiteral("apim:mcp_server_view"), QStringLiteral("apim:mcp_server_manage")});
}

Job *PublisherClient::readAll(const QJsonArray &infos, Job *(PublisherClient::*get)(const QString &))
{
    QList<tasks::Factory> reads;
    for (const QJsonValue &info : infos)
        reads << [this, get, id = text(info.toObject(), "id")] { return (this->*get)(id); };
    return tasks::parallel(reads, this);
}

Job *PublisherClient::allScopes()
{
    return tasks::map(allScopesWithUsage(), [](const QJsonValue &all) { return all.toObject().value(QLatin1String("scopes")); }, {}, this);
}

namespace {

struct Gathered
{
    QJsonArray shared;
    QList<QJsonObject> apis;
    QList<QJsonObject> mcpServers;
    McpScopeReading mcp;
};

QList<QJsonObject> objects(const QJsonValue &list)
{
    QList<QJsonObject> out;
    for (const QJsonValue &v : km::constTemporary(list.toArray()))
        out << v.toObject();
    return out;
}

QStringList names(const QJsonValue &list)
{
    QStringList out;
    for (const QJsonValue &v : km::constTemporary(list.toArray()))
        out << v.toString();
    return out;
}

// Shared scopes, then each API's and MCP server's `scopes:[{scope, shared}]` and the scopes of its operations.
PublisherScopes combine(const Gathered &g)
{
    QMap<QString, PublisherScope> byName; // sorted by name
    for (const QJsonValue &v : g.shared) {
        const PublisherScope scope = PublisherScope::fromPublisher(v.toObject(), true);
        byName.insert(scope.name, scope);
    }
    auto define = [&byName](const QJsonObject &owner) {
        for (const QJsonValue &v : km::constTemporary(owner.value(QLatin1String("scopes")).toArray())) {
            const PublisherScope scope = PublisherScope::fromPublisher(v.toObject().value(QLatin1String("scope")).toObject(),
                                                                       v.toObject().value(QLatin1String("shared")).toBool());
            if (!scope.name.isEmpty() && !byName.contains(scope.name))
                byName.insert(scope.name, scope);
        }
    };
    auto use = [&byName](const QString &name, const ScopeUse &usage) {
        if (!byName.contains(name)) // used by an operation, defined nowhere the console could read
            byName.insert(name, PublisherScope::fromPublisher(QJsonObject{{QStringLiteral("name"), name}}, false));
        PublisherScope &scope = byName[name];
        if (!scope.usedBy.contains(usage))
            scope.usedBy.append(usage);
        QStringList &owners = usage.kind == ScopeUse::Kind::McpTool ? scope.mcpServers : scope.apis;
        if (!owners.contains(usage.owner))
            owners << usage.owner;
    };
    for (const QJsonObject &api : g.apis) {
        define(api);
        const QString apiName = text(api, "name");
        QSet<QString> byOperation;
        for (const QJsonValue &op : km::constTemporary(api.value(QLatin1String("operations")).toArray())) {
            const QJsonObject o = op.toObject();
            for (const QString &name : names(o.value(QLatin1String("scopes")))) {
                use(name, ScopeUse{ScopeUse::Kind::Api, apiName, QStringLiteral("%1 %2").arg(text(o, "verb"), text(o, "target")).trimmed(), QString()});
                byOperation.insert(name);
            }
        }
        // A scope the API holds that no operation requires is still the API's.
        for (const QJsonValue &v : km::constTemporary(api.value(QLatin1String("scopes")).toArray())) {
            const QString name = text(v.toObject().value(QLatin1String("scope")).toObject(), "name");
            if (!name.isEmpty() && !byOperation.contains(name))
                use(name, ScopeUse{ScopeUse::Kind::Api, apiName, QString(), QString()});
        }
    }
    PublisherScopes out;
    out.mcp = g.mcp;
    for (const QJsonObject &server : g.mcpServers) {
        define(server);
        const QString serverName = text(server, "name");
        bool anyScope = false;
        for (const QJsonValue &op : km::constTemporary(server.value(QLatin1String("operations")).toArray())) {
            const QJsonObject o = op.toObject();
            for (const QString &name : names(o.value(QLatin1String("scopes")))) {
                anyScope = true;
                use(name, ScopeUse{ScopeUse::Kind::McpTool, serverName, QString(), text(o, "target")});
            }
        }
        if (!anyScope)
            out.mcp.unscoped << serverName;
    }
    for (PublisherScope &scope : byName) {
        scope.apis.sort(Qt::CaseInsensitive);
        scope.mcpServers.sort(Qt::CaseInsensitive);
        out.scopes.append(scope);
    }
    out.mcp.unscoped.sort(Qt::CaseInsensitive);
    out.mcp.servers = int(g.mcpServers.size());
    return out;
}

} // namespace

Job *PublisherClient::allScopesWithUsage()
{
    auto gathered = std::make_shared<Gathered>();
    // The steps end with the sequence, which ends with this client: `this` is never used after it.
    return tasks::sequence(
        {[this](const QJsonValue &) { return listSharedScopes(); },
         [this, gathered](const QJsonValue &shared) {
             gathered->shared = shared.toArray();
             return listApis();
         },
         // The list carries no scopes: read every API.
         [this](const QJsonValue &apis) { return readAll(apis.toArray(), &PublisherClient::getApi); },
         [this, gathered](const QJsonValue &apis) -> Job * {
             gathered->apis = objects(apis);
             auto *servers = new FunctionJob(this);
             servers->whenDone(listMcpServers(), [this, servers, gathered](const ApiError &error, const QJsonValue &list) {
                 if (!error.isError()) {
                     gathered->mcp.read = true;
                     return servers->follow(readAll(list.toArray(), &PublisherClient::getMcpServer));
                 }
                 if (error.vendorCode != QLatin1String("mcp-servers-absent") && error.httpStatus != 403)
                     return servers->fail(error);
                 // Not a failure of the listing: said in `note`, and the APIs' scopes are still there.
                 gathered->mcp.note = error.toUserText();
                 servers->succeed(QJsonArray());
             });
             return servers;
         },
         [gathered](const QJsonValue &servers) {
             gathered->mcpServers = objects(servers);
             return tasks::done(combine(*gathered).toJson());
         }},
        this);
}

} // namespace km
