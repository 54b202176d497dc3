#include "services/asgardeo/AsgardeoApiResource.h"

#include "services/core/ConstRange.h"

#include <QJsonArray>

namespace km {

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

} // namespace

QStringList AsgardeoApiResource::scopeNames() const
{
    QStringList names;
    for (const AsgardeoScope &s : scopes)
        names << s.name;
    return names;
}

AsgardeoApiResource AsgardeoApiResource::fromJson(const QJsonValue &json)
{
    const QJsonObject o = json.toObject();
    AsgardeoApiResource r;
    if (str(o, "id").isEmpty())
        return r;
    r.id = str(o, "id");
    r.name = str(o, "name");
    r.identifier = str(o, "identifier");
    r.description = str(o, "description");
    r.type = str(o, "type");
    r.requiresAuthorization = o.value(QLatin1String("requiresAuthorization")).toBool(true);
    for (const QJsonValue &v : km::constTemporary(o.value(QLatin1String("scopes")).toArray())) {
        const QJsonObject s = v.toObject();
        if (str(s, "name").isEmpty())
            continue; // a scope without a name is nothing a token could carry
        r.scopes.append(AsgardeoScope{str(s, "id"), str(s, "name"), str(s, "displayName"), str(s, "description")});
    }
    return r;
}

QList<AsgardeoApiResource> AsgardeoApiResource::listFromJson(const QJsonObject &page)
{
    QList<AsgardeoApiResource> out;
    for (const QJsonValue &v : km::constTemporary(page.value(QLatin1String("apiResources")).toArray())) {
        const AsgardeoApiResource r = fromJson(v);
        if (!r.isNull())
            out.append(r);
    }
    return out;
}

QJsonObject AsgardeoApiResource::toSummary() const
{
    return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("name"), name}, {QStringLiteral("identifier"), identifier}};
}

QJsonObject AsgardeoApiResource::toJson() const
{
    QJsonArray scopeList;
    for (const AsgardeoScope &s : scopes)
        scopeList.append(QJsonObject{{QStringLiteral("id"), s.id}, {QStringLiteral("name"), s.name}, {QStringLiteral("displayName"), s.displayName},
                                     {QStringLiteral("description"), s.description}});
    QJsonObject out = toSummary();
    out.insert(QStringLiteral("description"), description);
    out.insert(QStringLiteral("type"), type);
    out.insert(QStringLiteral("requiresAuthorization"), requiresAuthorization);
    out.insert(QStringLiteral("scopes"), scopeList);
    return out;
}

} // namespace km
