#include "services/entra/AzureSetup.h"

#include "services/apim/ApimClient.h"
#include "services/apim/KeyManagerConfig.h"
#include "services/entra/EntraClient.h"
#include "services/setup/KeyManagerSteps.h"
#include "services/setup/SetupRunner.h"
#include "services/profiles/ProfileValidation.h"
#include "services/tokens/Jwt.h"

#include <QJsonArray>

namespace km {

namespace {

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

ApiError AzureSetup::checkVersionsFor(const EntraClient *entra, AzureTokenVersions versions)
{
    if (!entra || !entra->isExternal() || versions == AzureTokenVersions::V2)
        return {};
    return ApiError::validation(
        QObject::tr("A Microsoft Entra External ID tenant gets one key manager, for v2 tokens: its discovery document and issuer "
                    "(https://{tenant-id}.ciamlogin.com/{tenant-id}/v2.0) exist for v2.0 only"),
        QObject::tr("Choose v2 (--token-version v2), and set api.requestedAccessTokenVersion to 2 on the API apps (kmconsole-cli azure "
                    "check-app --fix does it), as Microsoft's External ID samples do."),
        QStringLiteral("token-version"));
}

ApiError AzureSetup::checkExternalIssuer(const QString &documentIssuer, const QString &tenantId, const QUrl &wellKnown, const QString &typedIssuer)
{
    const QString field = QStringLiteral("issuer");
    if (documentIssuer.isEmpty())
        return ApiError::validation(QObject::tr("The discovery document at %1 names no issuer").arg(wellKnown.toString()),
                                    QObject::tr("Check the subdomain and the tenant ID: the document of an External ID tenant is at "
                                                "https://{subdomain}.ciamlogin.com/{tenant-id}/v2.0/.well-known/openid-configuration."), field);
    const QString tid = ProfileValidation::isGuid(tenantId) ? tenantId.toLower() : QString();
    const QString expected = QStringLiteral("https://%1.ciamlogin.com/%1/v2.0").arg(tid.isEmpty() ? QStringLiteral("{tenant-id}") : tid);
    if (!isEntraExternalIssuer(documentIssuer) || entraIssuerVersion(documentIssuer) != 2) {
        const bool workforce = entraIssuerVersion(documentIssuer) != 0;
        return ApiError::validation(
            workforce ? QObject::tr("The discovery document at %1 gives the workforce issuer %2, not an External ID one (%3): the tenant is "
                                    "a workforce tenant, or the sign-in URL is not the external tenant's").arg(wellKnown.toString(), documentIssuer, expected)
                      : QObject::tr("The discovery document at %1 gives the issuer %2, not an External ID one (%3)").arg(wellKnown.toString(), documentIssuer, expected),
            workforce ? QObject::tr("For a workforce tenant choose the cloud “%1” instead of External ID; for an external tenant use "
                                    "https://{subdomain}.ciamlogin.com as the sign-in URL.").arg(EntraCloud::presets().constFirst().displayName)
                      : QObject::tr("Check the sign-in URL: a custom URL domain of an external tenant still serves the issuer %1.").arg(expected),
            field);
    }
    if (!tid.isEmpty() && entraIssuerTenant(documentIssuer).compare(tid, Qt::CaseInsensitive) != 0)
        return ApiError::validation(QObject::tr("The discovery document at %1 belongs to tenant %2, not to %3 (its issuer is %4)")
                                        .arg(wellKnown.toString(), entraIssuerTenant(documentIssuer), tid, documentIssuer),
                                    QObject::tr("Use the tenant ID the connector's app is registered in, %1.").arg(tid), field);
    if (!typedIssuer.isEmpty() && typedIssuer != documentIssuer)
        return ApiError::validation(QObject::tr("The issuer “%1” does not match the discovery document's “%2”: the gateway would refuse every token "
                                                "of this tenant with 900901").arg(typedIssuer, documentIssuer),
                                    QObject::tr("Leave the issuer as the discovery document gives it: %1.").arg(documentIssuer), field);
    return {};
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
    const KeyManagerConfig v2 = KeyManagerConfig::fromJson(discoveredV2);
    const KeyManagerConfig own = KeyManagerConfig::fromJson(version == 1 ? discoveredV1 : discoveredV2);

    KeyManagerConfig config;
    // Issuer and signing keys differ per token version: v1 tokens come from sts.windows.net (or the
    // cloud's v1 host) and are signed with the keys of /common/discovery/keys.
    config.issuer = own.issuer;
    // An External ID issuer is taken from the document only (the "external-issuer" step checked it), never assembled.
    if (config.issuer.isEmpty() && !entra->isExternal())
        config.issuer = version == 1 ? QStringLiteral("https://%1/%2/").arg(entra->cloud().v1IssuerHost, tid)
                                     : QStringLiteral("%1/%2/v2.0").arg(login, tid);
    config.certificateType = QStringLiteral("JWKS");
    config.certificateValue = own.certificateValue.isEmpty() ? entra->jwksUrl(version).toString() : own.certificateValue;

    // Endpoints follow the connector's guide. The v2 token endpoint serves both versions (the resource
    // app decides a token's version, not the endpoint) and the connector gets its Graph token there;
    // Entra has neither introspection nor revocation, so those point at the token endpoint too, and
    // scopes live in app registrations, not behind a scope-management endpoint. API Manager requires
    // all four of token, revoke, introspection and client registration.
    auto fromV2 = [&v2](const char *name, const QString &fallback) {
        const QString value = v2.endpoints.value(QLatin1String(name));
        return value.isEmpty() ? fallback : value;
    };
    const QString token = fromV2("token_endpoint", QStringLiteral("%1/%2/oauth2/v2.0/token").arg(login, tid));
    config.endpoints = {
        {QStringLiteral("client_registration_endpoint"), baseOf(entra->graphUrl())},
        {QStringLiteral("introspection_endpoint"), token},
        {QStringLiteral("token_endpoint"), token},
        {QStringLiteral("display_token_endpoint"), token},
        {QStringLiteral("revoke_endpoint"), token},
        {QStringLiteral("display_revoke_endpoint"), token},
        {QStringLiteral("userinfo_endpoint"), fromV2("userinfo_endpoint", baseOf(entra->graphUrl()) + QStringLiteral("/oidc/userinfo"))},
        {QStringLiteral("authorize_endpoint"), fromV2("authorize_endpoint", QStringLiteral("%1/%2/oauth2/v2.0/authorize").arg(login, tid))},
        {QStringLiteral("scope_management_endpoint"), QStringLiteral("none")},
    };

    QString displayName = options.displayName.isEmpty() ? options.name : options.displayName;
    if (options.tokenVersions == AzureTokenVersions::Both)
        displayName = QObject::tr("%1 (v%2 tokens)").arg(displayName).arg(version);
    config.name = keyManagerName(options, version);
    config.displayName = displayName;
    config.type = QStringLiteral("AzureAD");
    config.description = !options.description.isEmpty() ? options.description
                         : entra->isExternal()       ? QObject::tr("Microsoft Entra External ID tenant %1, v%2.0 access tokens").arg(tid).arg(version)
                                                     : QObject::tr("Microsoft Entra ID tenant %1, v%2.0 access tokens").arg(tid).arg(version);
    config.wellKnownEndpoint = entra->wellKnownUrl(version).toString();
    // The connector makes client-credentials apps only.
    config.grantTypes = {QStringLiteral("client_credentials")};
    // v1 tokens name the client in appid, v2 tokens in azp: the wrong one is the gateway's 900901.
    config.consumerKeyClaim = version == 1 ? QStringLiteral("appid") : QStringLiteral("azp");
    // Client-credentials tokens carry application permissions in `roles`; `scp` (the type's default)
    // appears only in delegated user tokens, which this connector never issues, so scope checks
    // against `scp` would see no scopes at all.
    config.scopesClaim = QStringLiteral("roles");
    config.permissions = options.permissions;
    config.connector = connectorConfiguration(entra, version, options);
    QJsonObject km = config.toPayload();
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
        } else if (it.key() == QLatin1String("endpoints")) {
            km = KeyManagerConfig::withEndpoints(km, it.value().toArray());
        } else if (it.key() == QLatin1String("issuer") && entra->isExternal() && it.value().toString().isEmpty()) {
            continue; // an External ID issuer comes from the discovery document, never blanked
        } else {
            km.insert(it.key(), it.value());
        }
    }
    return km;
}

SetupRunner *AzureSetup::createRunner(ApimClient *apim, EntraClient *entra, HttpSession *http, const AzureSetupOptions &options,
                                      QObject *parent, SecretStore *ledger)
{
    auto *runner = new SetupRunner(parent);
    const QList<int> wanted = versions(options.tokenVersions);
    if (const ApiError refused = checkVersionsFor(entra, options.tokenVersions)) {
        // Said before anything is asked of Entra or API Manager (the CLI and the wizard refuse it earlier).
        runner->addStep(QStringLiteral("token-version"), QObject::tr("Check the token version"),
                        [refused](SetupRunner *r) { r->stepFailed(refused); });
        return runner;
    }

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
    if (entra->isExternal()) {
        // The key manager takes the document's issuer verbatim; this step says when it is not an External ID one.
        runner->addStep(QStringLiteral("external-issuer"), QObject::tr("Check the External ID issuer of the discovery document"),
                        [entra, options](SetupRunner *r) {
            const QString issuer = r->data().value(QLatin1String("discovered-v2")).toObject().value(QLatin1String("issuer")).toString();
            const ApiError e = checkExternalIssuer(issuer, entra->tenantId(), entra->wellKnownUrl(2),
                                                   options.keyManagerOverrides.value(QLatin1String("issuer")).toString());
            if (e)
                r->stepFailed(e);
            else
                r->stepDone(QObject::tr("Issuer %1: Microsoft Entra External ID tenant %2").arg(issuer, entraIssuerTenant(issuer)));
        });
    }

    for (int version : wanted) {
        KeyManagerSteps::add(runner, apim, http, [runner, options, entra, version] {
            return keyManagerPayload(runner->data().value(QLatin1String("discovered-v2")).toObject(),
                                     runner->data().value(QLatin1String("discovered-v1")).toObject(), version, options, entra);
        }, options.allowUpdate, versionLabel(version), ledger);
    }

    addGraphCheck(runner, QStringLiteral("graph-token"), QObject::tr("Check the connector's Graph token is still granted"), entra, false);
    return runner;
}

} // namespace km
