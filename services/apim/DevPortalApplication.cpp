#include "services/apim/DevPortalApplication.h"

#include <QSet>

namespace km {

namespace {

QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

// One copy of each value that repeats across many applications (owners, key managers, key types, modes,
// states): a list of 100,000 applications holds a handful of them, not 100,000 each.
class Pool
{
public:
    QString operator()(const QString &value)
    {
        const auto found = m_values.constFind(value);
        if (found != m_values.constEnd())
            return *found;
        m_values.insert(value);
        return value;
    }

private:
    QSet<QString> m_values;
};

DevPortalKey keyFromJson(const QJsonObject &json, Pool *pool)
{
    DevPortalKey k;
    k.keyMappingId = text(json, "keyMappingId");
    k.keyManager = (*pool)(text(json, "keyManager"));
    k.keyType = (*pool)(text(json, "keyType"));
    k.consumerKey = text(json, "consumerKey");
    k.mode = (*pool)(text(json, "mode"));
    k.keyState = (*pool)(text(json, "keyState"));
    return k;
}

DevPortalApplication applicationFromJson(const QJsonObject &json, Pool *pool)
{
    DevPortalApplication a;
    a.applicationId = text(json, "applicationId");
    a.name = text(json, "name");
    a.owner = (*pool)(text(json, "owner"));
    const QJsonArray keys = json.value(QLatin1String("keys")).toArray();
    a.keys.reserve(keys.size());
    for (const QJsonValue &k : keys)
        a.keys.append(keyFromJson(k.toObject(), pool));
    return a;
}

} // namespace

bool DevPortalKey::isUsable() const
{
    return !consumerKey.isEmpty()
           && (keyState.isEmpty() || keyState == QLatin1String("COMPLETED") || keyState == QLatin1String("APPROVED"));
}

DevPortalKey DevPortalKey::fromJson(const QJsonObject &json)
{
    Pool pool;
    return keyFromJson(json, &pool);
}

QList<DevPortalApplication> DevPortalApplication::listFromJson(const QJsonArray &applications)
{
    Pool pool;
    QList<DevPortalApplication> list;
    list.reserve(applications.size());
    for (const QJsonValue &a : applications)
        list.append(applicationFromJson(a.toObject(), &pool));
    return list;
}

} // namespace km
