#include "services/profiles/Profiles.h"

namespace km {

namespace {
QJsonObject pinsToJson(const QHash<QString, QString> &pins)
{
    QJsonObject out;
    for (auto it = pins.begin(); it != pins.end(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

QHash<QString, QString> pinsFromJson(const QJsonValue &value)
{
    QHash<QString, QString> out;
    const QJsonObject obj = value.toObject();
    for (auto it = obj.begin(); it != obj.end(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}
} // namespace

QJsonObject ApimProfile::toJson() const
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("url"), url.toString()},
                       {QStringLiteral("username"), username},
                       {QStringLiteral("dcrClientId"), dcrClientId},
                       {QStringLiteral("pinnedCertificates"), pinsToJson(pinnedCertificates)}};
}

ApimProfile ApimProfile::fromJson(const QJsonObject &json)
{
    ApimProfile p;
    p.name = str(json, "name");
    p.url = QUrl(str(json, "url"));
    p.username = str(json, "username");
    p.dcrClientId = str(json, "dcrClientId");
    p.pinnedCertificates = pinsFromJson(json.value(QLatin1String("pinnedCertificates")));
    return p;
}

QUrl AsgardeoProfile::organizationUrl() const
{
    QUrl url = baseUrl;
    QString path = url.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/t/") + organization);
    return url;
}

QJsonObject AsgardeoProfile::toJson() const
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("baseUrl"), baseUrl.toString()},
                       {QStringLiteral("organization"), organization},
                       {QStringLiteral("clientId"), clientId},
                       {QStringLiteral("pinnedCertificates"), pinsToJson(pinnedCertificates)}};
}

AsgardeoProfile AsgardeoProfile::fromJson(const QJsonObject &json)
{
    AsgardeoProfile p;
    p.name = str(json, "name");
    if (json.contains(QLatin1String("baseUrl")))
        p.baseUrl = QUrl(str(json, "baseUrl"));
    p.organization = str(json, "organization");
    p.clientId = str(json, "clientId");
    p.pinnedCertificates = pinsFromJson(json.value(QLatin1String("pinnedCertificates")));
    return p;
}

QJsonObject EntraProfile::toJson() const
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("tenant"), tenant},
                       {QStringLiteral("clientId"), clientId},
                       {QStringLiteral("loginUrl"), loginUrl.toString()},
                       {QStringLiteral("graphUrl"), graphUrl.toString()},
                       {QStringLiteral("cloud"), cloud},
                       {QStringLiteral("pinnedCertificates"), pinsToJson(pinnedCertificates)}};
}

EntraProfile EntraProfile::fromJson(const QJsonObject &json)
{
    EntraProfile p;
    p.name = str(json, "name");
    p.tenant = str(json, "tenant");
    p.clientId = str(json, "clientId");
    if (json.contains(QLatin1String("loginUrl")))
        p.loginUrl = QUrl(str(json, "loginUrl"));
    if (json.contains(QLatin1String("graphUrl")))
        p.graphUrl = QUrl(str(json, "graphUrl"));
    if (json.contains(QLatin1String("cloud")))
        p.cloud = str(json, "cloud");
    p.pinnedCertificates = pinsFromJson(json.value(QLatin1String("pinnedCertificates")));
    return p;
}

} // namespace km
