#pragma once
// Connection profiles for API Manager, Asgardeo and Entra ID. Secrets are never fields: they live in
// the keychain under the SecretStore key names.

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace km {

struct ApimProfile
{
    QString name;
    QUrl url;                 // https://apim.example.com:9443
    QString username;
    QString dcrClientId;      // cached REST client; its secret is in the keychain
    QHash<QString, QString> pinnedCertificates; // "host:port" -> SHA-256
    QString apimVersion;      // the API Manager release the administrator declared (e.g. "4.6.0"), may be empty
    QJsonObject server;       // what the console last learnt from the server (ApimServerInfo::toJson) and when

    QJsonObject toJson() const;
    static ApimProfile fromJson(const QJsonObject &json);
};

struct AsgardeoProfile
{
    QString name;
    QUrl baseUrl = QUrl(QStringLiteral("https://api.asgardeo.io"));
    QString organization;
    QString clientId;
    QHash<QString, QString> pinnedCertificates;

    // {base}/t/{org}
    QUrl organizationUrl() const;
    QJsonObject toJson() const;
    static AsgardeoProfile fromJson(const QJsonObject &json);
};

struct EntraProfile
{
    QString name;
    QString tenant;           // GUID or domain
    QString clientId;
    QUrl loginUrl = QUrl(QStringLiteral("https://login.microsoftonline.com"));
    QUrl graphUrl = QUrl(QStringLiteral("https://graph.microsoft.com"));
    QString cloud = QStringLiteral("global"); // global, usgov, china, custom, or external (Microsoft Entra External ID)
    // External ID: the tenant's subdomain ("contoso" of contoso.ciamlogin.com); loginUrl is then
    // https://{subdomain}.ciamlogin.com, or the tenant's custom URL domain.
    QString externalSubdomain;
    QHash<QString, QString> pinnedCertificates;

    bool isExternal() const { return cloud == QLatin1String("external"); }
    QJsonObject toJson() const;
    static EntraProfile fromJson(const QJsonObject &json);
};

} // namespace km
