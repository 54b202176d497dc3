#include "services/entra/AzureSetup.h"

#include "services/apim/ApimClient.h"
#include "services/entra/EntraClient.h"
#include "services/setup/KeyManagerSteps.h"
#include "services/setup/SetupRunner.h"

#include <QJsonArray>

namespace km {

namespace {

QString endpointValue(const QJsonObject &discovered, const QString &name)
{
    for (const QJsonValue &e : discovered.value(QLatin1String("endpoints")).toArray()) {
        if (e.toObject().value(QLatin1String("name")).toString() == name)
            return e.toObject().value(QLatin1String("value")).toString();
    }
    return QString();
}

QString versionLabel(int version)
{
    return QStringLiteral("v%1").arg(version);
}

QString baseOf(const QUrl &url)
{
    QString s = url.toString();
    while (s.endsWith(QLatin1Char('/')))
        s.chop(1);
    return s;
}

// The Graph permission check, first to stop early and last to confirm the connector's credentials still work.
void addGraphCheck(SetupRunner *runner, const QString &id, const QString &title, EntraClient *entra, bool first)
{
    runner->addCheckStep(id, title, [entra] { return entra->verifyGraphAccess(); },
        [](const QJsonObject &check) {
            return check.value(QLatin1String("adminConsentMissing")).toBool() ? QStringLiteral("admin-consent-missing")
                                                                             : QStringLiteral("missing-graph-permission");
        },
        [first](SetupRunner *r, const QJsonObject &check) {
            if (!first)
                return QObject::tr("The connector's client credentials still get a Microsoft Graph token with %1")
                    .arg(check.value(QLatin1String("present")).toVariant().toStringList().join(QStringLiteral(", ")));
            r->data().insert(QStringLiteral("graphAccess"), check);
            return check.value(QLatin1String("message")).toString();
        });
}

} // namespace

bool AzureSetup::parseTokenVersions(const QString &text, AzureTokenVersions *out)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("v1") || t == QLatin1String("1") || t == QLatin1String("v1.0"))
        *out = AzureTokenVersions::V1;
    else if (t == QLatin1String("v2") || t == QLatin1String("2") || t == QLatin1String("v2.0"))
        *out = AzureTokenVersions::V2;
    else if (t == QLatin1String("both"))
        *out = AzureTokenVersions::Both;
    else
        return false;
    return true;
}

QList<int> AzureSetup::versions(AzureTokenVersions v)
{
    switch (v) {
    case AzureTokenVersions::V1: return {1};
    case AzureTokenVersions::V2: return {2};
    case AzureTokenVersions::Both: return {1, 2};
    }
    return {2};
}

QString AzureSetup::keyManagerName(const AzureSetupOptions &options, int version)
{
    return options.tokenVersions == AzureTokenVersions::Both ? QString(options.name + QLatin1Char('-') + versionLabel(version)) : options.name;
}

QJsonObject AzureSetup::connectorConfiguration(const EntraClient *entra, int version, const AzureSetupOptions &options)
{
    return QJsonObject{
        {QStringLiteral("microsoft_graph_api_endpoint"), baseOf(entra->graphUrl())},
        // The key of this select is the literal "v1.0" and so is its only value.
        {QStringLiteral("v1.0"), QStringLiteral("v1.0")},
        {QStringLiteral("azure_ad_requested_access_token_version"), version == 1 ? QStringLiteral("v1.0") : QStringLiteral("v2.0")},
        {QStringLiteral("azure_ad_client_id"), entra->clientId()},
        {QStringLiteral("azure_ad_client_secret"), entra->clientSecret()},
        {QStringLiteral("polling_initial_delay_ms"), QString::number(options.pollingInitialDelayMs)},
        {QStringLiteral("polling_max_wait_time_ms"), QString::number(options.pollingMaxWaitMs)},
    };
}

QJsonObject AzureSetup::keyManagerPayload(const QJsonObject &discoveredV2, const QJsonObject &discoveredV1, int version,
                                          const AzureSetupOptions &options, const EntraClient *entra)
{
    const QString tid = entra->tenantId();
    const QString login = baseOf(entra->loginUrl());
    const QJsonObject &own = version == 1 ? discoveredV1 : discoveredV2;

    // Issuer and signing keys differ per token version: v1 tokens come from sts.windows.net (or the
    // cloud's v1 host) and are signed with the keys of /common/discovery/keys.
    QString issuer = own.value(QLatin1String("issuer")).toString();
    if (issuer.isEmpty())
        issuer = version == 1 ? QStringLiteral("https://%1/%2/").arg(entra->cloud().v1IssuerHost, tid)
                              : QStringLiteral("%1/%2/v2.0").arg(login, tid);
    QString jwks = own.value(QLatin1String("certificates")).toObject().value(QLatin1String("value")).toString();
    if (jwks.isEmpty())
        jwks = entra->jwksUrl(version).toString();

    // Endpoints follow the connector's guide. The v2 token endpoint serves both versions (the resource
    // app decides a token's version, not the endpoint) and the connector gets its Graph token there;
    // Entra has neither introspection nor revocation, so those point at the token endpoint too, and
    // scopes live in app registrations, not behind a scope-management endpoint.
    auto v2 = [&](const QString &name, const QString &fallback) {
        const QString value = endpointValue(discoveredV2, name);
        return value.isEmpty() ? fallback : value;
    };
    const QString token = v2(QStringLiteral("token_endpoint"), QStringLiteral("%1/%2/oauth2/v2.0/token").arg(login, tid));
    const QString authorize = v2(QStringLiteral("authorize_endpoint"), QStringLiteral("%1/%2/oauth2/v2.0/authorize").arg(login, tid));
    const QString userinfo = v2(QStringLiteral("userinfo_endpoint"), baseOf(entra->graphUrl()) + QStringLiteral("/oidc/userinfo"));
    auto endpoint = [](const char *name, const QString &value) {
        return QJsonObject{{QStringLiteral("name"), QLatin1String(name)}, {QStringLiteral("value"), value}};
    };
    const QJsonArray endpoints{
        endpoint("client_registration_endpoint", baseOf(entra->graphUrl())),
        endpoint("introspection_endpoint", token),
        endpoint("token_endpoint", token),
        endpoint("display_token_endpoint", token),
        endpoint("revoke_endpoint", token),
        endpoint("display_revoke_endpoint", token),
        endpoint("userinfo_endpoint", userinfo),
        endpoint("authorize_endpoint", authorize),
        endpoint("scope_management_endpoint", QStringLiteral("none")),
    };

    QString displayName = options.displayName.isEmpty() ? options.name : options.displayName;
    if (options.tokenVersions == AzureTokenVersions::Both)
        displayName = QObject::tr("%1 (v%2 tokens)").arg(displayName).arg(version);
    QJsonObject km{
        {QStringLiteral("name"), keyManagerName(options, version)},
        {QStringLiteral("displayName"), displayName},
        {QStringLiteral("type"), QStringLiteral("AzureAD")},
        {QStringLiteral("description"), options.description.isEmpty()
                                            ? QObject::tr("Microsoft Entra ID tenant %1, v%2.0 access tokens").arg(tid).arg(version)
                                            : options.description},
        {QStringLiteral("wellKnownEndpoint"), entra->wellKnownUrl(version).toString()},
        {QStringLiteral("issuer"), issuer},
        {QStringLiteral("endpoints"), endpoints},
        {QStringLiteral("certificates"), QJsonObject{{QStringLiteral("type"), QStringLiteral("JWKS")}, {QStringLiteral("value"), jwks}}},
        // The connector makes client-credentials apps only.
        {QStringLiteral("availableGrantTypes"), QJsonArray{QStringLiteral("client_credentials")}},
        // v1 tokens name the client in appid, v2 tokens in azp: the wrong one is the gateway's 900901.
        {QStringLiteral("consumerKeyClaim"), version == 1 ? QStringLiteral("appid") : QStringLiteral("azp")},
        // Client-credentials tokens carry application permissions in `roles`; `scp` (the type's default)
        // appears only in delegated user tokens, which this connector never issues, so scope checks
        // against `scp` would see no scopes at all.
        {QStringLiteral("scopesClaim"), QStringLiteral("roles")},
        {QStringLiteral("permissions"), options.permissions},
        {QStringLiteral("additionalProperties"), connectorConfiguration(entra, version, options)},
    };
    km = KeyManagerSteps::withThirdPartyDefaults(km);
    for (auto it = options.keyManagerOverrides.begin(); it != options.keyManagerOverrides.end(); ++it) {
        if (it.key() == QLatin1String("name"))
            continue; // names come from the options so NAME-v1 / NAME-v2 stay distinct
        if (it.key() == QLatin1String("additionalProperties") && it.value().isObject()) {
            QJsonObject props = km.value(QLatin1String("additionalProperties")).toObject();
            const QJsonObject extra = it.value().toObject();
            for (auto p = extra.begin(); p != extra.end(); ++p) {
                if (p.key() != QLatin1String("azure_ad_requested_access_token_version"))
                    props.insert(p.key(), p.value());
            }
            km.insert(QStringLiteral("additionalProperties"), props);
        } else {
            km.insert(it.key(), it.value());
        }
    }
    return km;
}

SetupRunner *AzureSetup::createRunner(ApimClient *apim, EntraClient *entra, HttpSession *http, const AzureSetupOptions &options,
                                      QObject *parent)
{
    auto *runner = new SetupRunner(parent);
    const QList<int> wanted = versions(options.tokenVersions);

    addGraphCheck(runner, QStringLiteral("graph-access"), QObject::tr("Check the app's Microsoft Graph permissions"), entra, true);

    // v2 discovery always (it gives the token, authorize and userinfo endpoints); v1 for the v1 issuer and keys.
    QList<int> discover{2};
    if (wanted.contains(1))
        discover.prepend(1);
    for (int version : discover) {
        KeyManagerSteps::addDiscover(runner, apim, QStringLiteral("discover-") + versionLabel(version),
                                     QObject::tr("Import the v%1.0 endpoints through API Manager's discovery").arg(version),
                                     entra->wellKnownUrl(version), QStringLiteral("AzureAD"), QStringLiteral("discovered-") + versionLabel(version),
                                     QStringLiteral("tenant"),
                                     QObject::tr("Check the tenant and the cloud, and that API Manager can reach the Entra sign-in host."));
    }

    for (int version : wanted) {
        KeyManagerSteps::add(runner, apim, http, [runner, options, entra, version] {
            return keyManagerPayload(runner->data().value(QLatin1String("discovered-v2")).toObject(),
                                     runner->data().value(QLatin1String("discovered-v1")).toObject(), version, options, entra);
        }, options.allowUpdate, versionLabel(version));
    }

    addGraphCheck(runner, QStringLiteral("graph-token"), QObject::tr("Check the connector's Graph token is still granted"), entra, false);
    return runner;
}

} // namespace km
