#include "services/apim/DevPortalApplication.h"

namespace km {

namespace {

QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

} // namespace

bool DevPortalKey::isUsable() const
{
    return !consumerKey.isEmpty()
           && (keyState.isEmpty() || keyState == QLatin1String("COMPLETED") || keyState == QLatin1String("APPROVED"));
}

DevPortalKey DevPortalKey::fromJson(const QJsonObject &json)
{
    DevPortalKey k;
    k.keyMappingId = text(json, "keyMappingId");
    k.keyManager = text(json, "keyManager");
    k.keyType = text(json, "keyType");
    k.consumerKey = text(json, "consumerKey");
    k.mode = text(json, "mode");
    k.keyState = text(json, "keyState");
    return k;
}

DevPortalApplication DevPortalApplication::fromJson(const QJsonObject &json)
{
    DevPortalApplication a;
    a.applicationId = text(json, "applicationId");
    a.name = text(json, "name");
    a.owner = text(json, "owner");
    const QJsonArray keys = json.value(QLatin1String("keys")).toArray();
    a.keys.reserve(keys.size());
    for (const QJsonValue &k : keys)
        a.keys.append(DevPortalKey::fromJson(k.toObject()));
    return a;
}

QList<DevPortalApplication> DevPortalApplication::listFromJson(const QJsonArray &applications)
{
    QList<DevPortalApplication> list;
    list.reserve(applications.size());
    for (const QJsonValue &a : applications)
        list.append(fromJson(a.toObject()));
    return list;
}

} // namespace km
