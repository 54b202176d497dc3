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

// "https://user:password@host" never reaches or leaves the profile file with its user part.
QUrl urlField(const QJsonObject &o, const char *key)
{
    return QUrl(str(o, key)).adjusted(QUrl::RemoveUserInfo);
}

QString urlText(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo).toString();
}
} // namespace

QJsonObject ApimProfile::toJson() const
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("url"), urlText(url)},
                       {QStringLiteral("username"), username},
                       {QStringLiteral("dcrClientId"), dcrClientId},
                       {QStringLiteral("pinnedCertificates"), pinsToJson(pinnedCertificates)},
                       {QStringLiteral("apimVersion"), apimVersion},
                       {QStringLiteral("server"), server}};
}

ApimProfile ApimProfile::fromJson(const QJsonObject &json)
{
    ApimProfile p;
    p.name = str(json, "name");
    p.url = urlField(json, "url");
    p.username = str(json, "username");
    p.dcrClientId = str(json, "dcrClientId");
    p.pinnedCertificates = pinsFromJson(json.value(QLatin1String("pinnedCertificates")));
    p.apimVersion = str(json, "apimVersion");
    p.server = json.value(QLatin1String("server")).toObject();
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
                       {QStringLiteral("baseUrl"), urlText(baseUrl)},
                       {QStringLiteral("organization"), organization},
                       {QStringLiteral("clientId"), clientId},
                       {QStringLiteral("pinnedCertificates"), pinsToJson(pinnedCertificates)}};
}

AsgardeoProfile AsgardeoProfile::fromJson(const QJsonObject &json)
{
    AsgardeoProfile p;
    p.name = str(json, "name");
    if (json.contains(QLatin1String("baseUrl")))
        p.baseUrl = urlField(json, "baseUrl");
    p.organization = str(json, "organization");
    p.clientId = str(json, "clientId");
    p.pinnedCertificates = pinsFromJson(json.value(QLatin1String("pinnedCertificates")));
    return p;
}

QJsonObject EntraProfile::toJson() const
{
    QJsonObject json{{QStringLiteral("name"), name},
                     {QStringLiteral("tenant"), tenant},
                     {QStringLiteral("clientId"), clientId},
                     {QStringLiteral("loginUrl"), urlText(loginUrl)},
                     {QStringLiteral("graphUrl"), urlText(graphUrl)},
                     {QStringLiteral("cloud"), cloud},
                     {QStringLiteral("pinnedCertificates"), pinsToJson(pinnedCertificates)}};
    if (!externalSubdomain.isEmpty())
        json.insert(QStringLiteral("externalSubdomain"), externalSubdomain);
    return json;
}

EntraProfile EntraProfile::fromJson(const QJsonObject &json)
{
    EntraProfile p;
    p.name = str(json, "name");
    p.tenant = str(json, "tenant");
    p.clientId = str(json, "clientId");
    if (json.contains(QLatin1String("loginUrl")))
        p.loginUrl = urlField(json, "loginUrl");
    if (json.contains(QLatin1String("graphUrl")))
        p.graphUrl = urlField(json, "graphUrl");
    if (json.contains(QLatin1String("cloud")))
        p.cloud = str(json, "cloud");
    p.externalSubdomain = str(json, "externalSubdomain");
    p.pinnedCertificates = pinsFromJson(json.value(QLatin1String("pinnedCertificates")));
    return p;
}

} // namespace km
