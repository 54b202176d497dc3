#include "sandbox/apim/PublisherStandIn.h"
#include "services/core/ConstRange.h"

#include "sandbox/apim/ApimStandIn.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUuid>

namespace km::sandbox {

namespace {

QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString now()
{
    return QString::number(QDateTime::currentMSecsSinceEpoch());
}

// limit/offset as the Publisher reads them; the defaults are the spec's.
QPair<int, int> page(const Request &r)
{
    bool ok = false;
    int limit = r.query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
    if (!ok || limit <= 0)
        limit = 25;
    int offset = r.query.queryItemValue(QStringLiteral("offset")).toInt(&ok);
    if (!ok || offset < 0)
        offset = 0;
    return {limit, offset};
}

// The Publisher's Pagination: next/previous are links relative to the API's base, empty at the ends.
QJsonObject pagination(const QString &path, int limit, int offset, int total)
{
    const QString next = offset + limit < total ? QStringLiteral("%1?limit=%2&offset=%3").arg(path).arg(limit).arg(offset + limit) : QString();
    const QString previous = offset > 0 ? QStringLiteral("%1?limit=%2&offset=%3").arg(path).arg(limit).arg(qMax(0, offset - limit)) : QString();
    return QJsonObject{{QStringLiteral("offset"), offset}, {QStringLiteral("limit"), limit}, {QStringLiteral("total"), total},
                       {QStringLiteral("next"), next}, {QStringLiteral("previous"), previous}};
}

QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

// What a connector needs of a scope: the display name falls back to the name, as Asgardeo requires one.
QJsonObject connectorScope(const QJsonObject &scope)
{
    const QString name = text(scope, "name");
    const QString display = text(scope, "displayName");
    return QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("displayName"), display.isEmpty() ? name : display},
                       {QStringLiteral("description"), text(scope, "description")}};
}

// An APIList page: APIInfo entries (the list carries no scopes or operations), `count` and `pagination`.
// GET /mcp-servers answers the same APIList (McpServersApi.getAllMCPServers: APIMappingUtil.fromAPIListToDTO).
QJsonObject infoPage(const QList<QJsonObject> &all, const QString &path, int limit, int offset)
{
    QJsonArray list;
    for (int i = offset; i < all.size() && i < offset + limit; ++i) {
        const QJsonObject &api = all.at(i);
        QJsonObject info;
        for (const char *key : {"id", "name", "displayName", "description", "context", "version", "provider", "type", "lifeCycleStatus",
                                "hasThumbnail", "securityScheme", "createdTime", "gatewayVendor"}) {
            if (api.contains(QLatin1String(key)))
                info.insert(QLatin1String(key), api.value(QLatin1String(key)));
        }
        info.insert(QStringLiteral("updatedTime"), api.value(QLatin1String("lastUpdatedTime")));
        info.insert(QStringLiteral("workflowStatus"), QStringLiteral("APPROVED"));
        list.append(info);
    }
    return QJsonObject{{QStringLiteral("count"), list.size()}, {QStringLiteral("list"), list},
                       {QStringLiteral("pagination"), pagination(path, limit, offset, int(all.size()))}};
}

const QStringList kViewScopes = {QStringLiteral("apim:api_view"), QStringLiteral("apim:shared_scope_manage")};
const QStringList kManageScopes = {QStringLiteral("apim:shared_scope_manage")};
const QStringList kHeadScopes = {QStringLiteral("apim:api_create"), QStringLiteral("apim:api_publish"), QStringLiteral("apim:api_manage"),
                                 QStringLiteral("apim:shared_scope_manage")};
const QStringList kApiListScopes = {QStringLiteral("apim:api_view"), QStringLiteral("apim:api_manage"), QStringLiteral("apim:api_import_export"),
                                    QStringLiteral("apim:api_list_view")};
const QStringList kApiGetScopes = {QStringLiteral("apim:api_view"), QStringLiteral("apim:api_manage"), QStringLiteral("apim:api_import_export"),
                                   QStringLiteral("apim:api_product_import_export")};
const QStringList kApiCreateScopes = {QStringLiteral("apim:api_create"), QStringLiteral("apim:api_manage")};
// McpServersApi (publisher v4, 4.6+): GET /mcp-servers and GET /mcp-servers/{mcpServerId}.
const QStringList kMcpListScopes = {QStringLiteral("apim:mcp_server_view"), QStringLiteral("apim:mcp_server_manage"),
                                    QStringLiteral("apim:mcp_server_import_export"), QStringLiteral("apim:mcp_server_list_view")};
const QStringList kMcpGetScopes = {QStringLiteral("apim:mcp_server_view"), QStringLiteral("apim:mcp_server_manage"),
                                   QStringLiteral("apim:mcp_server_import_export")};
const QStringList kSettingsScopes = {QStringLiteral("apim:api_view"), QStringLiteral("apim:publisher_settings")};
const QStringList kApiUpdateScopes = {QStringLiteral("apim:api_create"), QStringLiteral("apim:api_manage"), QStringLiteral("apim:api_publish")};

} // namespace

PublisherStandIn::PublisherStandIn(ApimStandIn *apim, QObject *parent)
    : QObject(parent)
    , m_apim(apim)
{
    seed();
    addRoutes();
    m_apim->addStateContributor([this](QJsonObject &state) { state.insert(QStringLiteral("publisher"), this->state()); });
}

void PublisherStandIn::seed()
{
    auto scope = [](const QString &name, const QString &display, const QString &description, const QStringList &roles) {
        return QJsonObject{{QStringLiteral("id"), uuid()}, {QStringLiteral("name"), name}, {QStringLiteral("displayName"), display},
                           {QStringLiteral("description"), description}, {QStringLiteral("bindings"), QJsonArray::fromStringList(roles)}};
    };
    m_scopes << scope(QStringLiteral("orders:read"), QStringLiteral("Read orders"), QStringLiteral("View orders of any API that shares it"),
                      {QStringLiteral("Internal/subscriber")})
             << scope(QStringLiteral("orders:write"), QStringLiteral("Write orders"), QStringLiteral("Create and change orders"),
                      {QStringLiteral("Internal/creator"), QStringLiteral("admin")});
    const QString created = now();
    auto operation = [](const char *target, const char *verb, const QStringList &scopes) {
        return QJsonObject{{QStringLiteral("id"), QString()}, {QStringLiteral("target"), QLatin1String(target)},
                           {QStringLiteral("verb"), QLatin1String(verb)}, {QStringLiteral("authType"), QStringLiteral("Application & Application User")},
                           {QStringLiteral("throttlingPolicy"), QStringLiteral("Unlimited")}, {QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)},
                           {QStringLiteral("usedProductIds"), QJsonArray()}};
    };
    const QJsonObject local{{QStringLiteral("id"), QString()}, {QStringLiteral("name"), QStringLiteral("pizza:order")},
                            {QStringLiteral("displayName"), QStringLiteral("Order pizza")},
                            {QStringLiteral("description"), QStringLiteral("Place a pizza order")},
                            {QStringLiteral("bindings"), QJsonArray{QStringLiteral("Internal/subscriber")}}};
    m_apis << QJsonObject{
        {QStringLiteral("id"), uuid()},
        {QStringLiteral("name"), QStringLiteral("PizzaShackAPI")},
        {QStringLiteral("description"), QStringLiteral("The pizza delivery store's API")},
        {QStringLiteral("context"), QStringLiteral("/pizzashack")},
        {QStringLiteral("version"), QStringLiteral("1.0.0")},
        {QStringLiteral("provider"), m_apim->adminUser()},
        {QStringLiteral("lifeCycleStatus"), QStringLiteral("PUBLISHED")},
        {QStringLiteral("type"), QStringLiteral("HTTP")},
        {QStringLiteral("transport"), QJsonArray{QStringLiteral("http"), QStringLiteral("https")}},
        {QStringLiteral("tags"), QJsonArray{QStringLiteral("pizza")}},
        {QStringLiteral("policies"), QJsonArray{QStringLiteral("Unlimited")}},
        {QStringLiteral("securityScheme"), QJsonArray{QStringLiteral("oauth2")}},
        {QStringLiteral("visibility"), QStringLiteral("PUBLIC")},
        {QStringLiteral("hasThumbnail"), false},
        {QStringLiteral("isDefaultVersion"), false},
        {QStringLiteral("gatewayVendor"), QStringLiteral("wso2")},
        {QStringLiteral("createdTime"), created},
        {QStringLiteral("lastUpdatedTime"), created},
        {QStringLiteral("scopes"), QJsonArray{QJsonObject{{QStringLiteral("scope"), local}, {QStringLiteral("shared"), false}},
                                              QJsonObject{{QStringLiteral("scope"), m_scopes.first()}, {QStringLiteral("shared"), true}}}},
        {QStringLiteral("operations"), QJsonArray{operation("/menu", "GET", {QStringLiteral("orders:read")}),
                                                  operation("/order", "POST", {QStringLiteral("pizza:order")})}},
    };

    // An MCP server made from the API (its GET /menu a tool, behind the shared scope the API uses too), and a
    // proxy of a remote MCP server whose tools carry no scope. No scope name is new: the scope lists stay as
    // the API seed makes them.
    auto tool = [](const char *name, const char *description, const QStringList &scopes) {
        return QJsonObject{{QStringLiteral("id"), QString()}, {QStringLiteral("target"), QLatin1String(name)},
                           {QStringLiteral("feature"), QStringLiteral("TOOL")}, {QStringLiteral("authType"), QStringLiteral("Any")},
                           {QStringLiteral("throttlingPolicy"), QStringLiteral("Unlimited")}, {QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)},
                           {QStringLiteral("description"), QLatin1String(description)}};
    };
    QJsonObject menu = tool("get_menu", "The pizzas on the menu", {QStringLiteral("orders:read")});
    menu.insert(QStringLiteral("apiOperationMapping"), QJsonObject{{QStringLiteral("apiId"), m_apis.first().value(QLatin1String("id"))},
                                                                   {QStringLiteral("apiName"), QStringLiteral("PizzaShackAPI")},
                                                                   {QStringLiteral("apiVersion"), QStringLiteral("1.0.0")},
                                                                   {QStringLiteral("target"), QStringLiteral("/menu")},
                                                                   {QStringLiteral("verb"), QStringLiteral("GET")}});
    addMcpServer(QJsonObject{{QStringLiteral("name"), QStringLiteral("PizzaShackMCP")},
                             {QStringLiteral("displayName"), QStringLiteral("Pizza Shack MCP")},
                             {QStringLiteral("description"), QStringLiteral("The pizza API's menu as an MCP tool")},
                             {QStringLiteral("context"), QStringLiteral("/pizzashack-mcp")},
                             {QStringLiteral("subtypeConfiguration"), QJsonObject{{QStringLiteral("subtype"), QStringLiteral("EXISTING_API")}}},
                             {QStringLiteral("scopes"), QJsonArray{QJsonObject{{QStringLiteral("scope"), m_scopes.first()}, {QStringLiteral("shared"), true}}}},
                             {QStringLiteral("operations"), QJsonArray{menu}}});
    addMcpServer(QJsonObject{{QStringLiteral("name"), QStringLiteral("WeatherMCP")},
                             {QStringLiteral("displayName"), QStringLiteral("Weather MCP")},
                             {QStringLiteral("description"), QStringLiteral("A remote MCP server, proxied")},
                             {QStringLiteral("context"), QStringLiteral("/weather-mcp")},
                             {QStringLiteral("subtypeConfiguration"), QJsonObject{{QStringLiteral("subtype"), QStringLiteral("SERVER_PROXY")}}},
                             {QStringLiteral("scopes"), QJsonArray()},
                             {QStringLiteral("operations"), QJsonArray{tool("get_forecast", "Tomorrow's weather", {}),
                                                                       tool("get_alerts", "Weather alerts", {})}}});
}

QString PublisherStandIn::addMcpServer(QJsonObject server)
{
    if (text(server, "id").isEmpty())
        server.insert(QStringLiteral("id"), uuid());
    const QString created = now();
    const QJsonObject defaults{{QStringLiteral("version"), QStringLiteral("1.0.0")},
                               {QStringLiteral("provider"), m_apim->adminUser()},
                               {QStringLiteral("lifeCycleStatus"), QStringLiteral("PUBLISHED")},
                               {QStringLiteral("type"), QStringLiteral("MCP")},
                               {QStringLiteral("transport"), QJsonArray{QStringLiteral("http"), QStringLiteral("https")}},
                               {QStringLiteral("policies"), QJsonArray{QStringLiteral("Unlimited")}},
                               {QStringLiteral("securityScheme"), QJsonArray{QStringLiteral("oauth2")}},
                               {QStringLiteral("visibility"), QStringLiteral("PUBLIC")},
                               {QStringLiteral("hasThumbnail"), false},
                               {QStringLiteral("isDefaultVersion"), false},
                               {QStringLiteral("isRevision"), false},
                               {QStringLiteral("gatewayVendor"), QStringLiteral("wso2")},
                               {QStringLiteral("gatewayType"), QStringLiteral("wso2/synapse")},
                               {QStringLiteral("createdTime"), created},
                               {QStringLiteral("lastUpdatedTime"), created}};
    for (auto it = defaults.begin(); it != defaults.end(); ++it) {
        if (!server.contains(it.key()))
            server.insert(it.key(), it.value());
    }
    m_mcpServers.append(server);
    return text(server, "id");
}

Response PublisherStandIn::settings(const Request &r)
{
    Response deny;
    if (!allowed(r, kSettingsScopes, &deny))
        return deny;
    // SettingsApiServiceImpl.getScopeList: every scope of the server's own publisher-api.yaml.
    QStringList scopes{QStringLiteral("apim:api_create"), QStringLiteral("apim:api_delete"), QStringLiteral("apim:api_import_export"),
                       QStringLiteral("apim:api_list_view"), QStringLiteral("apim:api_manage"), QStringLiteral("apim:api_publish"),
                       QStringLiteral("apim:api_view"), QStringLiteral("apim:publisher_settings"), QStringLiteral("apim:shared_scope_manage"),
                       QStringLiteral("apim:subscription_view")};
    if (m_apim->hasMcpServers())
        scopes << QStringLiteral("apim:mcp_server_create") << QStringLiteral("apim:mcp_server_import_export") << QStringLiteral("apim:mcp_server_list_view")
               << QStringLiteral("apim:mcp_server_manage") << QStringLiteral("apim:mcp_server_publish") << QStringLiteral("apim:mcp_server_view");
    return Response::json(200, QJsonObject{{QStringLiteral("devportalUrl"), QString(m_apim->server()->baseUrl().toString() + QStringLiteral("/devportal"))},
                                           {QStringLiteral("environment"), QJsonArray()},
                                           {QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)},
                                           {QStringLiteral("monetizationAttributes"), QJsonArray()},
                                           {QStringLiteral("externalStoresEnabled"), false},
                                           {QStringLiteral("docVisibilityEnabled"), false}});
}

Response PublisherStandIn::listMcpServers(const Request &r)
{
    if (!m_apim->hasMcpServers())
        return ApimStandIn::notFoundPage(); // no such resource before 4.6
    Response deny;
    if (!allowed(r, kMcpListScopes, &deny))
        return deny;
    const auto [limit, offset] = page(r);
    return Response::json(200, infoPage(m_mcpServers, QStringLiteral("/mcp-servers"), limit, offset));
}

Response PublisherStandIn::getMcpServer(const Request &r)
{
    if (!m_apim->hasMcpServers())
        return ApimStandIn::notFoundPage();
    Response deny;
    if (!allowed(r, kMcpGetScopes, &deny))
        return deny;
    const QString id = r.params.value(QStringLiteral("mcpServerId"));
    for (const QJsonObject &server : std::as_const(m_mcpServers)) {
        if (text(server, "id") == id)
            return Response::json(200, server);
    }
    return ApimStandIn::error(404, 404, QStringLiteral("Not Found"), QStringLiteral("Requested MCP Server with Id '%1' not found").arg(id));
}

void PublisherStandIn::addRoutes()
{
    SandboxServer *server = m_apim->server();
    const QString base = QString(Base);
    server->route("GET", base + QStringLiteral("/scopes"), [this](const Request &r) { return listScopes(r); });
    server->route("POST", base + QStringLiteral("/scopes"), [this](const Request &r) { return addScope(r); });
    // HEAD first: the server answers HEAD with a GET route when no HEAD route precedes it.
    server->route("HEAD", base + QStringLiteral("/scopes/{scopeId}"), [this](const Request &r) { return scopeExists(r); });
    server->route("GET", base + QStringLiteral("/scopes/{scopeId}"), [this](const Request &r) { return getScope(r); });
    server->route("PUT", base + QStringLiteral("/scopes/{scopeId}"), [this](const Request &r) { return updateScope(r); });
    server->route("DELETE", base + QStringLiteral("/scopes/{scopeId}"), [this](const Request &r) { return deleteScope(r); });
    server->route("GET", base + QStringLiteral("/apis"), [this](const Request &r) { return listApis(r); });
    server->route("POST", base + QStringLiteral("/apis"), [this](const Request &r) { return saveApi(r, true); });
    server->route("GET", base + QStringLiteral("/apis/{apiId}"), [this](const Request &r) { return getApi(r); });
    server->route("PUT", base + QStringLiteral("/apis/{apiId}"), [this](const Request &r) { return saveApi(r, false); });
    server->route("GET", base + QStringLiteral("/settings"), [this](const Request &r) { return settings(r); });
    server->route("GET", base + QStringLiteral("/mcp-servers"), [this](const Request &r) { return listMcpServers(r); });
    server->route("GET", base + QStringLiteral("/mcp-servers/{mcpServerId}"), [this](const Request &r) { return getMcpServer(r); });
}

QJsonObject PublisherStandIn::state() const
{
    QJsonArray scopes;
    for (const QJsonObject &s : m_scopes)
        scopes.append(scopeJson(s));
    QJsonArray apis;
    for (const QJsonObject &a : m_apis)
        apis.append(a);
    QJsonArray mcp;
    for (const QJsonObject &m : m_mcpServers)
        mcp.append(m);
    return QJsonObject{{QStringLiteral("sharedScopes"), scopes}, {QStringLiteral("apis"), apis}, {QStringLiteral("mcpServers"), mcp},
                       {QStringLiteral("version"), m_apim->version()}};
}

bool PublisherStandIn::allowed(const Request &r, const QStringList &scopes, Response *deny) const
{
    return m_apim->authorize(r, scopes, deny);
}

int PublisherStandIn::indexOfScope(const QString &id) const
{
    for (int i = 0; i < m_scopes.size(); ++i) {
        if (text(m_scopes.at(i), "id") == id)
            return i;
    }
    return -1;
}

int PublisherStandIn::indexOfApi(const QString &id) const
{
    for (int i = 0; i < m_apis.size(); ++i) {
        if (text(m_apis.at(i), "id") == id)
            return i;
    }
    return -1;
}

QJsonObject PublisherStandIn::sharedScopeByName(const QString &name) const
{
    for (const QJsonObject &s : m_scopes) {
        if (text(s, "name") == name)
            return s;
    }
    return {};
}

QJsonObject PublisherStandIn::apiWithLocalScope(const QString &name, const QString &exceptApiId) const
{
    for (const QJsonObject &api : m_apis) {
        if (text(api, "id") == exceptApiId)
            continue;
        for (const QJsonValue &s : km::constTemporary(api.value(QLatin1String("scopes")).toArray())) {
            const QJsonObject o = s.toObject();
            if (!o.value(QLatin1String("shared")).toBool() && text(o.value(QLatin1String("scope")).toObject(), "name") == name)
                return api;
        }
    }
    return {};
}

QStringList PublisherStandIn::apisUsingSharedScope(const QString &name) const
{
    QStringList out;
    for (const QJsonObject &api : m_apis) {
        for (const QJsonValue &s : km::constTemporary(api.value(QLatin1String("scopes")).toArray())) {
            const QJsonObject o = s.toObject();
            if (o.value(QLatin1String("shared")).toBool() && text(o.value(QLatin1String("scope")).toObject(), "name") == name)
                out << text(api, "name");
        }
    }
    return out;
}

QJsonObject PublisherStandIn::scopeJson(const QJsonObject &scope) const
{
    QJsonObject out = scope;
    out.insert(QStringLiteral("usageCount"), int(apisUsingSharedScope(text(scope, "name")).size()));
    return out;
}

QString PublisherStandIn::propagate(const QJsonArray &scopes) const
{
    if (scopes.isEmpty())
        return QString();
    for (const QJsonObject &km : m_apim->keyManagers()) {
        if (!km.value(QLatin1String("enabled")).toBool(true))
            continue;
        const auto connector = m_connectors.constFind(text(km, "type"));
        if (connector == m_connectors.constEnd())
            continue;
        const QString problem = (*connector)(km, scopes);
        if (!problem.isEmpty())
            return QStringLiteral("Key manager %1 (%2): %3").arg(text(km, "name"), text(km, "type"), problem);
    }
    return QString();
}

Response PublisherStandIn::listScopes(const Request &r)
{
    Response deny;
    if (!allowed(r, kViewScopes, &deny))
        return deny;
    const auto [limit, offset] = page(r);
    QJsonArray list;
    for (int i = offset; i < m_scopes.size() && i < offset + limit; ++i)
        list.append(scopeJson(m_scopes.at(i)));
    return Response::json(200, QJsonObject{{QStringLiteral("count"), list.size()}, {QStringLiteral("list"), list},
                                           {QStringLiteral("pagination"), pagination(QStringLiteral("/scopes"), limit, offset, int(m_scopes.size()))}});
}

Response PublisherStandIn::addScope(const Request &r)
{
    Response deny;
    if (!allowed(r, kManageScopes, &deny))
        return deny;
    QJsonObject body;
    Response invalid;
    if (!ApimStandIn::jsonBody(r, &body, &invalid))
        return invalid;
    const QString name = text(body, "name").trimmed();
    if (name.isEmpty())
        return ApimStandIn::error(400, 900983, QStringLiteral("Shared Scope name not specified"), QStringLiteral("Shared Scope name not specified"));
    if (text(body, "displayName").trimmed().isEmpty())
        return ApimStandIn::error(400, 900987, QStringLiteral("Shared Scope display name not specified"),
                                  QStringLiteral("Shared Scope display name not specified"));
    if (name.size() > 255 || text(body, "displayName").size() > 255 || text(body, "description").size() > 512)
        return ApimStandIn::error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("name and displayName: size must be at most 255; description: at most 512"));
    if (!sharedScopeByName(name).isEmpty() || !apiWithLocalScope(name).isEmpty())
        return ApimStandIn::error(409, 900984, QStringLiteral("Scope already exists"), QStringLiteral("Scope %1 already exists").arg(name));
    QJsonObject scope{{QStringLiteral("id"), uuid()}, {QStringLiteral("name"), name},
                      {QStringLiteral("displayName"), text(body, "displayName")}, {QStringLiteral("description"), text(body, "description")},
                      {QStringLiteral("bindings"), body.value(QLatin1String("bindings")).toArray()}};
    // The key managers register the scope before API Manager stores it: a refusal fails the save.
    const QString problem = propagate(QJsonArray{connectorScope(scope)});
    if (!problem.isEmpty())
        return ApimStandIn::error(500, 500, QStringLiteral("Internal server error"),
                                  QStringLiteral("Error occurred while adding shared scope: %1. %2").arg(name, problem));
    m_scopes.append(scope);
    Response ok = Response::json(201, scopeJson(scope));
    ok.header("Location", (m_apim->server()->baseUrl().toString() + QString(Base) + QStringLiteral("/scopes/") + text(scope, "id")).toUtf8());
    return ok;
}

Response PublisherStandIn::getScope(const Request &r)
{
    Response deny;
    if (!allowed(r, kViewScopes, &deny))
        return deny;
    const QString id = r.params.value(QStringLiteral("scopeId"));
    const int i = indexOfScope(id);
    if (i < 0)
        return ApimStandIn::error(404, 900981, QStringLiteral("Shared Scope not found"), QStringLiteral("Requested Shared Scope ID  %1 could not be found").arg(id));
    return Response::json(200, scopeJson(m_scopes.at(i)));
}

Response PublisherStandIn::updateScope(const Request &r)
{
    Response deny;
    if (!allowed(r, kManageScopes, &deny))
        return deny;
    const QString id = r.params.value(QStringLiteral("scopeId"));
    const int i = indexOfScope(id);
    if (i < 0)
        return ApimStandIn::error(404, 900981, QStringLiteral("Shared Scope not found"), QStringLiteral("Requested Shared Scope ID  %1 could not be found").arg(id));
    const QJsonObject body = r.json();
    if (text(body, "displayName").trimmed().isEmpty())
        return ApimStandIn::error(400, 900987, QStringLiteral("Shared Scope display name not specified"),
                                  QStringLiteral("Shared Scope display name not specified"));
    QJsonObject scope = m_scopes.at(i);
    // The name identifies the scope in every key manager: an update keeps it.
    scope.insert(QStringLiteral("displayName"), text(body, "displayName"));
    scope.insert(QStringLiteral("description"), text(body, "description"));
    scope.insert(QStringLiteral("bindings"), body.value(QLatin1String("bindings")).toArray());
    const QString problem = propagate(QJsonArray{connectorScope(scope)});
    if (!problem.isEmpty())
        return ApimStandIn::error(500, 500, QStringLiteral("Internal server error"),
                                  QStringLiteral("Error occurred while updating shared scope: %1. %2").arg(text(scope, "name"), problem));
    m_scopes[i] = scope;
    return Response::json(200, scopeJson(scope));
}

Response PublisherStandIn::deleteScope(const Request &r)
{
    Response deny;
    if (!allowed(r, kManageScopes, &deny))
        return deny;
    const QString id = r.params.value(QStringLiteral("scopeId"));
    const int i = indexOfScope(id);
    if (i < 0)
        return ApimStandIn::error(404, 900981, QStringLiteral("Shared Scope not found"), QStringLiteral("Requested Shared Scope ID  %1 could not be found").arg(id));
    const QString name = text(m_scopes.at(i), "name");
    if (!apisUsingSharedScope(name).isEmpty())
        return ApimStandIn::error(409, 900985, QStringLiteral("Shared Scope already attached"),
                                  QStringLiteral("Shared Scope %1 is already used by one or more APIs").arg(name));
    m_scopes.removeAt(i);
    return Response::empty(200);
}

Response PublisherStandIn::scopeExists(const Request &r)
{
    Response deny;
    if (!allowed(r, kHeadScopes, &deny))
        return deny;
    const QString name = QString::fromUtf8(QByteArray::fromBase64(r.params.value(QStringLiteral("scopeId")).toLatin1(),
                                                                 QByteArray::Base64UrlEncoding));
    // A scope name is taken when it is a shared scope or any API's local scope.
    if (!name.isEmpty() && (!sharedScopeByName(name).isEmpty() || !apiWithLocalScope(name).isEmpty()))
        return Response::empty(200);
    return ApimStandIn::error(404, 404, QStringLiteral("Not Found"), QStringLiteral("Scope %1 does not exist").arg(name));
}

Response PublisherStandIn::listApis(const Request &r)
{
    Response deny;
    if (!allowed(r, kApiListScopes, &deny))
        return deny;
    const auto [limit, offset] = page(r);
    return Response::json(200, infoPage(m_apis, QStringLiteral("/apis"), limit, offset));
}

Response PublisherStandIn::getApi(const Request &r)
{
    Response deny;
    if (!allowed(r, kApiGetScopes, &deny))
        return deny;
    const QString id = r.params.value(QStringLiteral("apiId"));
    const int i = indexOfApi(id);
    if (i < 0)
        return ApimStandIn::error(404, 900308, QStringLiteral("API Not Found"), QStringLiteral("Requested API with id '%1' not found").arg(id));
    return Response::json(200, m_apis.at(i));
}

std::optional<Response> PublisherStandIn::resolveApiScopes(QJsonObject &api, const QString &apiId, QJsonArray *localScopes) const
{
    QJsonArray resolved;
    QStringList defined;
    for (const QJsonValue &v : km::constTemporary(api.value(QLatin1String("scopes")).toArray())) {
        const QJsonObject scope = v.toObject().value(QLatin1String("scope")).toObject();
        const QString name = text(scope, "name").trimmed();
        if (name.isEmpty())
            return ApimStandIn::error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("scopes.scope.name: must not be empty"));
        defined << name;
        // `shared` is not honoured from the payload: a scope is shared when a shared scope has its name.
        const QJsonObject shared = sharedScopeByName(name);
        if (!shared.isEmpty()) {
            resolved.append(QJsonObject{{QStringLiteral("scope"), shared}, {QStringLiteral("shared"), true}});
            continue;
        }
        const QJsonObject owner = apiWithLocalScope(name, apiId);
        if (!owner.isEmpty())
            return ApimStandIn::error(400, 900988, QStringLiteral("Scope already assigned locally by another API"),
                                      QStringLiteral("Scope %1 is already assigned locally by the API %2").arg(name, text(owner, "name")));
        const QJsonObject local{{QStringLiteral("id"), QString()}, {QStringLiteral("name"), name},
                                {QStringLiteral("displayName"), text(scope, "displayName").isEmpty() ? name : text(scope, "displayName")},
                                {QStringLiteral("description"), text(scope, "description")},
                                {QStringLiteral("bindings"), scope.value(QLatin1String("bindings")).toArray()}};
        resolved.append(QJsonObject{{QStringLiteral("scope"), local}, {QStringLiteral("shared"), false}});
        localScopes->append(connectorScope(local));
    }
    QJsonArray operations;
    for (const QJsonValue &v : km::constTemporary(api.value(QLatin1String("operations")).toArray())) {
        QJsonObject op = v.toObject();
        for (const QJsonValue &s : km::constTemporary(op.value(QLatin1String("scopes")).toArray())) {
            if (!defined.contains(s.toString()))
                return ApimStandIn::error(400, 400, QStringLiteral("Bad Request"),
                                          QStringLiteral("Scope %1 of the resource %2 %3 is not defined in the API's scopes")
                                              .arg(s.toString(), text(op, "verb"), text(op, "target")));
        }
        if (!op.contains(QLatin1String("authType")))
            op.insert(QStringLiteral("authType"), QStringLiteral("Application & Application User"));
        if (!op.contains(QLatin1String("throttlingPolicy")))
            op.insert(QStringLiteral("throttlingPolicy"), QStringLiteral("Unlimited"));
        if (!op.contains(QLatin1String("scopes")))
            op.insert(QStringLiteral("scopes"), QJsonArray());
        operations.append(op);
    }
    api.insert(QStringLiteral("scopes"), resolved);
    api.insert(QStringLiteral("operations"), operations);
    return std::nullopt;
}

Response PublisherStandIn::saveApi(const Request &r, bool create)
{
    Response deny;
    if (!allowed(r, create ? kApiCreateScopes : kApiUpdateScopes, &deny))
        return deny;
    QJsonObject body;
    Response invalid;
    if (!ApimStandIn::jsonBody(r, &body, &invalid))
        return invalid;
    QJsonObject api;
    QString id;
    int index = -1;
    if (create) {
        for (const char *required : {"name", "context", "version"}) {
            if (text(body, required).trimmed().isEmpty())
                return ApimStandIn::error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("%1: must not be null").arg(QLatin1String(required)));
        }
        static const QRegularExpression badName(QStringLiteral("[~!@#;:%^*()+={}|\\\\<>\"',&$\\[\\]/]"));
        const QString name = text(body, "name");
        if (badName.match(name).hasMatch())
            return ApimStandIn::error(400, 900854, QStringLiteral("Invalid API Name"), QStringLiteral("API name %1 contains special characters").arg(name));
        QString context = text(body, "context");
        if (!context.startsWith(QLatin1Char('/')))
            context.prepend(QLatin1Char('/'));
        for (const QJsonObject &existing : std::as_const(m_apis)) {
            if (text(existing, "name").compare(name, Qt::CaseInsensitive) == 0 && text(existing, "version") == text(body, "version"))
                return ApimStandIn::error(409, 900250, QStringLiteral("The API name already exists."),
                                          QStringLiteral("An API with name '%1' already exists").arg(name));
            if (text(existing, "context") == context)
                return ApimStandIn::error(409, 900251, QStringLiteral("The API context already exists."),
                                          QStringLiteral("An API with context '%1' already exists").arg(context));
        }
        id = uuid();
        api = body;
        api.insert(QStringLiteral("id"), id);
        api.insert(QStringLiteral("context"), context);
        if (text(api, "provider").isEmpty())
            api.insert(QStringLiteral("provider"), m_apim->adminUser());
        api.insert(QStringLiteral("lifeCycleStatus"), QStringLiteral("CREATED"));
        if (text(api, "type").isEmpty())
            api.insert(QStringLiteral("type"), QStringLiteral("HTTP"));
        if (!api.contains(QLatin1String("policies")))
            api.insert(QStringLiteral("policies"), QJsonArray{QStringLiteral("Unlimited")});
        if (!api.contains(QLatin1String("securityScheme")))
            api.insert(QStringLiteral("securityScheme"), QJsonArray{QStringLiteral("oauth2")});
        if (!api.contains(QLatin1String("transport")))
            api.insert(QStringLiteral("transport"), QJsonArray{QStringLiteral("http"), QStringLiteral("https")});
        if (text(api, "visibility").isEmpty())
            api.insert(QStringLiteral("visibility"), QStringLiteral("PUBLIC"));
        api.insert(QStringLiteral("hasThumbnail"), false);
        api.insert(QStringLiteral("gatewayVendor"), QStringLiteral("wso2"));
        api.insert(QStringLiteral("createdTime"), now());
    } else {
        id = r.params.value(QStringLiteral("apiId"));
        index = indexOfApi(id);
        if (index < 0)
            return ApimStandIn::error(404, 900308, QStringLiteral("API Not Found"), QStringLiteral("Requested API with id '%1' not found").arg(id));
        api = m_apis.at(index);
        // name, version, context, provider and state do not change through an update.
        for (auto it = body.begin(); it != body.end(); ++it) {
            static const QStringList fixed = {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("version"), QStringLiteral("context"),
                                              QStringLiteral("provider"), QStringLiteral("lifeCycleStatus"), QStringLiteral("createdTime")};
            if (!fixed.contains(it.key()))
                api.insert(it.key(), it.value());
        }
    }
    QJsonArray localScopes;
    if (auto problem = resolveApiScopes(api, id, &localScopes))
        return *problem;
    const QString problem = propagate(localScopes);
    if (!problem.isEmpty())
        return ApimStandIn::error(500, 900313, QStringLiteral("Error has occurred. Could not update the API"),
                                  QStringLiteral("Error while %1 the API %2-%3: %4")
                                      .arg(create ? QStringLiteral("adding") : QStringLiteral("updating"), text(api, "name"), text(api, "version"), problem));
    api.insert(QStringLiteral("lastUpdatedTime"), now());
    if (create)
        m_apis.append(api);
    else
        m_apis[index] = api;
    Response ok = Response::json(create ? 201 : 200, api);
    ok.header("Location", (m_apim->server()->baseUrl().toString() + QString(Base) + QStringLiteral("/apis/") + id).toUtf8());
    return ok;
}

} // namespace km::sandbox
