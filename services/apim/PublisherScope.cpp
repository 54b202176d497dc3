#include "services/apim/PublisherScope.h"

#include "services/core/ConstRange.h"

#include <QJsonArray>

namespace km {

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QStringList strings(const QJsonValue &list)
{
    QStringList out;
    for (const QJsonValue &v : km::constTemporary(list.toArray())) {
        if (v.isString())
            out << v.toString();
    }
    return out;
}

} // namespace

bool ScopeUse::operator==(const ScopeUse &other) const
{
    return kind == other.kind && owner == other.owner && operation == other.operation && tool == other.tool;
}

QJsonObject ScopeUse::toJson() const
{
    if (kind == Kind::McpTool)
        return QJsonObject{{QStringLiteral("kind"), QStringLiteral("mcpTool")}, {QStringLiteral("name"), owner}, {QStringLiteral("tool"), tool}};
    return QJsonObject{{QStringLiteral("kind"), QStringLiteral("api")}, {QStringLiteral("name"), owner}, {QStringLiteral("operation"), operation}};
}

ScopeUse ScopeUse::fromJson(const QJsonValue &json)
{
    const QJsonObject o = json.toObject();
    ScopeUse use;
    use.kind = str(o, "kind") == QLatin1String("mcpTool") ? Kind::McpTool : Kind::Api;
    use.owner = str(o, "name");
    if (use.kind == Kind::McpTool)
        use.tool = str(o, "tool");
    else
        use.operation = str(o, "operation");
    return use;
}

PublisherScope PublisherScope::fromPublisher(const QJsonObject &scope, bool shared)
{
    PublisherScope s;
    s.name = str(scope, "name");
    s.displayName = str(scope, "displayName");
    s.description = str(scope, "description");
    s.bindings = strings(scope.value(QLatin1String("bindings")));
    s.shared = shared;
    return s;
}

PublisherScope PublisherScope::fromJson(const QJsonValue &json)
{
    const QJsonObject o = json.toObject();
    PublisherScope s = fromPublisher(o, o.value(QLatin1String("shared")).toBool());
    s.apis = strings(o.value(QLatin1String("apis")));
    s.mcpServers = strings(o.value(QLatin1String("mcpServers")));
    for (const QJsonValue &v : km::constTemporary(o.value(QLatin1String("usedBy")).toArray()))
        s.usedBy.append(ScopeUse::fromJson(v));
    return s;
}

QList<PublisherScope> PublisherScope::listFromJson(const QJsonValue &json)
{
    QList<PublisherScope> out;
    for (const QJsonValue &v : km::constTemporary(json.toArray()))
        out.append(fromJson(v));
    return out;
}

QJsonObject PublisherScope::toJson() const
{
    QJsonArray uses;
    for (const ScopeUse &u : usedBy)
        uses.append(u.toJson());
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("displayName"), displayName},
                       {QStringLiteral("description"), description},
                       {QStringLiteral("bindings"), QJsonArray::fromStringList(bindings)},
                       {QStringLiteral("shared"), shared},
                       {QStringLiteral("apis"), QJsonArray::fromStringList(apis)},
                       {QStringLiteral("mcpServers"), QJsonArray::fromStringList(mcpServers)},
                       {QStringLiteral("usedBy"), uses}};
}

QJsonObject McpScopeReading::toJson() const
{
    return QJsonObject{{QStringLiteral("read"), read},
                       {QStringLiteral("note"), note},
                       {QStringLiteral("servers"), servers},
                       {QStringLiteral("unscoped"), QJsonArray::fromStringList(unscoped)}};
}

McpScopeReading McpScopeReading::fromJson(const QJsonValue &json)
{
    const QJsonObject o = json.toObject();
    McpScopeReading m;
    m.read = o.value(QLatin1String("read")).toBool();
    m.note = str(o, "note");
    m.servers = o.value(QLatin1String("servers")).toInt();
    m.unscoped = strings(o.value(QLatin1String("unscoped")));
    return m;
}

QJsonObject PublisherScopes::toJson() const
{
    QJsonArray list;
    for (const PublisherScope &s : scopes)
        list.append(s.toJson());
    return QJsonObject{{QStringLiteral("scopes"), list}, {QStringLiteral("mcp"), mcp.toJson()}};
}

PublisherScopes PublisherScopes::fromJson(const QJsonValue &json)
{
    const QJsonObject o = json.toObject();
    return PublisherScopes{PublisherScope::listFromJson(o.value(QLatin1String("scopes"))), McpScopeReading::fromJson(o.value(QLatin1String("mcp")))};
}

} // namespace km
