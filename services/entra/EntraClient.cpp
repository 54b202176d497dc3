#include "services/entra/EntraClient.h"
#include "services/core/ConstRange.h"
#include "services/entra/EntraErrors.h"

#include "services/http/HttpSession.h"
#include "services/oauth/TokenClient.h"
#include "services/profiles/ProfileValidation.h"
#include "services/profiles/Profiles.h"
#include "services/tokens/Jwt.h"

#include <QJsonArray>

namespace km {

namespace {

QString trimmedBase(const QUrl &url)
{
    QString s = url.toString();
    while (s.endsWith(QLatin1Char('/')))
        s.chop(1);
    return s;
}

QString vendorSentence(const QString &description)
{
    return EntraErrors::loginSentence(description);
}

} // namespace

// ------------------------------------------------------------------ clouds

QList<EntraCloud> EntraCloud::presets()
{
    return {
        {QStringLiteral("global"), EntraClient::tr("Microsoft Entra ID (global)"), QUrl(QStringLiteral("https://login.microsoftonline.com")),
         QUrl(QStringLiteral("https://graph.microsoft.com")), QStringLiteral("sts.windows.net")},
        {QStringLiteral("usgov"), EntraClient::tr("Microsoft Entra ID for US Government"), QUrl(QStringLiteral("https://login.microsoftonline.us")),
         QUrl(QStringLiteral("https://graph.microsoft.us")), QStringLiteral("login.microsoftonline.us")},
        {QStringLiteral("china"), EntraClient::tr("Microsoft Entra ID operated by 21Vianet (China)"), QUrl(QStringLiteral("https://login.chinacloudapi.cn")),
         QUrl(QStringLiteral("https://microsoftgraph.chinacloudapi.cn")), QStringLiteral("sts.chinacloudapi.cn")},
    };
}

std::optional<EntraCloud> EntraCloud::preset(const QString &id)
{
    for (const EntraCloud &c : presets()) {
        if (c.id == id)
            return c;
    }
    return std::nullopt;
}

QString EntraCloud::externalDisplayName()
{
    return QObject::tr("Microsoft Entra External ID");
}

EntraCloud EntraCloud::external(const QString &subdomain)
{
    // v1-format tokens of an external tenant carry https://{tid}.ciamlogin.com/{tid}/ (docs/fidelity.md, a GUESS).
    return {QString(ExternalId), externalDisplayName(), QUrl(QStringLiteral("https://%1.%2").arg(subdomain.toLower(), ExternalLoginDomain)),
            QUrl(QStringLiteral("https://graph.microsoft.com")), QString()};
}

EntraCloud EntraCloud::forUrls(const QUrl &loginUrl, const QUrl &graphUrl)
{
    for (const EntraCloud &c : presets()) {
        if (c.loginUrl.host().compare(loginUrl.host(), Qt::CaseInsensitive) == 0)
            return c;
    }
    const QString host = loginUrl.host().toLower();
    if (host.endsWith(QLatin1Char('.') + ExternalLoginDomain)) {
        EntraCloud c = external(host.left(host.size() - int(ExternalLoginDomain.size()) - 1));
        c.loginUrl = loginUrl;
        c.graphUrl = graphUrl;
        return c;
    }
    // A private cloud or the sandbox: the tokens name the global issuer hosts unless discovery says otherwise.
    return {QStringLiteral("custom"), EntraClient::tr("Custom endpoints"), loginUrl, graphUrl, QStringLiteral("sts.windows.net")};
}

// ------------------------------------------------------------------ client

QStringList EntraClient::graphPermissions()
{
    return {QString(ReadAll), QString(ReadWriteAll), QString(ReadWriteOwnedBy)};
}

QString EntraClient::graphPermissionId(const QString &name)
{
    if (name == ReadAll)
        return QStringLiteral("9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30");
    if (name == ReadWriteAll)
        return QStringLiteral("1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9");
    if (name == ReadWriteOwnedBy)
        return QStringLiteral("18a4783c-866b-4cc7-a460-3d5e5662c884");
    return QString();
}

EntraClient::EntraClient(HttpSession *session, const QUrl &loginUrl, const QUrl &graphUrl, const QString &tenant, const QString &clientId,
                         const QString &clientSecret, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_loginUrl(loginUrl)
    , m_graphUrl(graphUrl)
    , m_tenant(tenant.trimmed())
    , m_clientId(clientId.trimmed())
    , m_clientSecret(clientSecret)
{
    if (ProfileValidation::isGuid(m_tenant))
        m_tenantId = m_tenant.toLower();
}

EntraClient::EntraClient(HttpSession *session, const EntraProfile &profile, const QString &clientSecret, QObject *parent)
    : EntraClient(session, profile.loginUrl, profile.graphUrl, profile.tenant, profile.clientId, clientSecret, parent)
{
    m_external = profile.isExternal();
}

EntraCloud EntraClient::cloud() const
{
    EntraCloud c = EntraCloud::forUrls(m_loginUrl, m_graphUrl);
    if (m_external && c.id != EntraCloud::ExternalId) {
        // A custom URL domain (or the sandbox's loopback stand-in) of an external tenant.
        c.id = QString(EntraCloud::ExternalId);
        c.displayName = EntraCloud::externalDisplayName();
        c.v1IssuerHost.clear();
    }
    return c;
}

QString EntraClient::tenantId() const
{
    return m_tenantId.isEmpty() ? m_tenant : m_tenantId;
}

QUrl EntraClient::tokenUrl(int version) const
{
    return QUrl(trimmedBase(m_loginUrl) + QLatin1Char('/') + m_tenant
                + (version == 1 ? QStringLiteral("/oauth2/token") : QStringLiteral("/oauth2/v2.0/token")));
}

QUrl EntraClient::wellKnownUrl(int version) const
{
    if (m_external)
        version = 2;
    return QUrl(trimmedBase(m_loginUrl) + QLatin1Char('/') + m_tenant
                + (version == 1 ? QStringLiteral("/.well-known/openid-configuration") : QStringLiteral("/v2.0/.well-known/openid-configuration")));
}

QUrl EntraClient::jwksUrl(int version) const
{
    if (version == 1 && !m_external)
        return QUrl(trimmedBase(m_loginUrl) + QStringLiteral("/common/discovery/keys"));
    return QUrl(trimmedBase(m_loginUrl) + QLatin1Char('/') + tenantId() + QStringLiteral("/discovery/v2.0/keys"));
}

QString EntraClient::graphScope() const
{
    return trimmedBase(m_graphUrl) + QStringLiteral("/.default");
}

QString EntraClient::apiScope(const QString &appId)
{
    return QStringLiteral("api://%1/.default").arg(appId);
}

QStringList EntraClient::ownScopes(const QStringList &identifierUris)
{
    QStringList scopes;
    for (QString uri : identifierUris) {
        while (uri.endsWith(QLatin1Char('/')))
            uri.chop(1);
        if (!uri.isEmpty())
            scopes << uri + QStringLiteral("/.default");
    }
    return scopes;
}

ApiError EntraClient::validateTenant(const QString &tenant)
{
    return ProfileValidation::tenant(tenant);
}

bool EntraClient::looksLikeSecretId(const QString &secret)
{
    return ProfileValidation::looksLikeEntraSecretId(secret);
}

ApiError EntraClient::explainTokenError(ApiError e, const QString &scope) const
{
    if (e.kind != ApiError::Kind::Http || !e.vendorCode.startsWith(EntraErrors::LoginCodePrefix))
        return e;
    const QString vendor = vendorSentence(e.description.isEmpty() ? e.message : e.description);
    const QString code = e.vendorCode;
    const QString portal = EntraClient::tr("Azure portal › Microsoft Entra ID › App registrations");
    if (code == EntraErrors::InvalidClientSecret) {
        e.field = QStringLiteral("clientSecret");
        if (looksLikeSecretId(m_clientSecret)) {
            e.message = EntraClient::tr("Entra ID rejected the client secret of app %1 (AADSTS7000215): the value given is shaped like a GUID, "
                                        "so it is most likely the secret's ID (the “Secret ID” column), not the secret's Value").arg(m_clientId);
            e.hint = EntraClient::tr("In %1 › your app › Certificates & secrets, copy the “Value” column, not the “Secret ID”. The Value is shown "
                                     "only right after the secret is created: if it is hidden now, create a new client secret and copy its Value.").arg(portal);
        } else {
            e.message = EntraClient::tr("Entra ID rejected the client secret of app %1 (AADSTS7000215: invalid client secret)").arg(m_clientId);
            e.hint = EntraClient::tr("In %1 › your app › Certificates & secrets, copy the secret's “Value” (not its “Secret ID”), or create a new secret. "
                                     "A secret created moments ago may need a minute to replicate before Entra ID accepts it.").arg(portal);
        }
    } else if (code == EntraErrors::ClientSecretExpired) {
        e.field = QStringLiteral("clientSecret");
        e.message = EntraClient::tr("The client secret of app %1 has expired (AADSTS7000222)").arg(m_clientId);
        e.hint = EntraClient::tr("In %1 › your app › Certificates & secrets, add a new client secret, copy its Value, and enter it in the Entra profile "
                                 "and in the key manager's Client Secret.").arg(portal);
    } else if (code == EntraErrors::ApplicationNotFound) {
        e.field = QStringLiteral("clientId");
        e.message = EntraClient::tr("Tenant %1 has no application with the client ID %2 (AADSTS700016)").arg(m_tenant, m_clientId);
        e.hint = EntraClient::tr("Copy the “Application (client) ID” from %1 › your app › Overview, and check that the tenant is the "
                                 "“Directory (tenant) ID” shown on the same page (the app may be registered in another tenant).").arg(portal);
    } else if (code == EntraErrors::TenantNotFound && m_external) {
        // What ciamlogin answers for a workforce tenant is not documented (docs/fidelity.md, a GUESS): said from the failure.
        e.field = QStringLiteral("tenant");
        e.message = EntraClient::tr("There is no Microsoft Entra External ID tenant “%1” at %2 (AADSTS90002): is it a workforce tenant?")
                        .arg(m_tenant, m_loginUrl.host());
        e.hint = EntraClient::tr("For a workforce tenant choose the cloud “%1” instead of External ID. For an external tenant, use the "
                                 "“Tenant ID” shown on its Overview page (Microsoft Entra admin center, switched to the external tenant) and "
                                 "its subdomain, “contoso” for contoso.onmicrosoft.com.").arg(EntraCloud::presets().constFirst().displayName);
    } else if (code == EntraErrors::TenantNotFound) {
        e.field = QStringLiteral("tenant");
        e.message = EntraClient::tr("Entra ID has no tenant “%1” in this cloud (AADSTS90002)").arg(m_tenant);
        e.hint = EntraClient::tr("Use the “Directory (tenant) ID” from %1 › your app › Overview, or a verified domain of the tenant; "
                                 "a US Government or China tenant needs that cloud's sign-in URL.").arg(portal);
    } else if (code == EntraErrors::ResourceNotFound) {
        e.field = QStringLiteral("scope");
        const QString resource = scope.endsWith(QLatin1String("/.default")) ? scope.left(scope.size() - 9) : scope;
        e.message = EntraClient::tr("Entra ID found no resource “%1” in tenant %2 (AADSTS500011): the Application ID URI is wrong, "
                                    "or the API's application has no service principal in this tenant").arg(resource, m_tenant);
        e.hint = QStringLiteral("In %1 › the API's app › Expose an API, set the Application ID URI (api://<Application (client) ID>) and ask for "
                                "<that URI>/.default; an app registered in another tenant needs its enterprise application (service principal) "
                                "created here first.").arg(portal);
    } else if (code == EntraErrors::InvalidScope) {
        e.field = QStringLiteral("scope");
        e.message = EntraClient::tr("The scope “%1” is not valid for a client-credentials token (AADSTS70011)").arg(scope);
        e.hint = QStringLiteral("Ask for exactly one scope: the resource's Application ID URI followed by /.default, e.g. api://<app ID>/.default "
                                "or %1.").arg(graphScope());
    } else {
        e.message = vendor.isEmpty() ? e.message : vendor;
        return e;
    }
    e.description = vendor;
    return e;
}

Job *EntraClient::requestToken(const QString &scope)
{
    auto *job = new FunctionJob(this);
    Job *token = TokenClient(m_session, EntraClient::tr("Microsoft Entra ID"), EntraErrors::parseLogin).clientCredentials(tokenUrl(2), m_clientId, m_clientSecret, {scope}, TokenClient::ClientAuth::Body, job);
    job->whenDone(token, [this, job, scope](const ApiError &error, const QJsonValue &answer) {
        if (error.isError()) {
            job->fail(explainTokenError(error, scope));
            return;
        }
        const QString tid = DecodedToken::decode(TokenClient::accessToken(answer.toObject())).claimString(QStringLiteral("tid"));
        if (!tid.isEmpty())
            m_tenantId = tid;
        job->succeed(answer);
    });
    return job;
}

void EntraClient::withGraphToken(FunctionJob *owner, GraphTokenCallback callback)
{
    if (TokenClient::isFresh(m_graphToken)) {
        callback(ApiError(), TokenClient::accessToken(m_graphToken));
        return;
    }
    owner->whenDone(requestToken(graphScope()), [this, callback](const ApiError &error, const QJsonValue &answer) {
        if (error.isError()) {
            callback(error, QString());
            return;
        }
        m_graphToken = answer.toObject();
        callback(ApiError(), TokenClient::accessToken(m_graphToken));
    });
}

Job *EntraClient::verifyGraphAccess()
{
    auto *job = new FunctionJob(this);
    // Always a new token: the point is to see what Entra grants now (consent may just have changed).
    job->whenDone(requestToken(graphScope()), [this, job](const ApiError &error, const QJsonValue &answer) {
        if (error.isError()) {
            job->fail(error);
            return;
        }
        m_graphToken = answer.toObject();
        // A Graph token cannot be verified by anyone but Graph (nonce header): its claims are only read.
        const DecodedToken decoded = DecodedToken::decode(TokenClient::accessToken(m_graphToken));
        QStringList roles;
        const QJsonValue rolesClaim = decoded.claims.value(QLatin1String("roles"));
        for (const QJsonValue &r : km::constTemporary(rolesClaim.toArray()))
            roles << r.toString();
        QStringList present, missing;
        for (const QString &p : graphPermissions())
            (roles.contains(p) ? present : missing) << p;
        const bool all = roles.contains(ReadWriteAll);
        const bool ownedBy = roles.contains(ReadWriteOwnedBy);
        const bool canWrite = all || ownedBy;
        const bool canRead = roles.contains(ReadAll) || all;
        const bool noConsent = roles.isEmpty();
        const QString where = EntraClient::tr("Azure portal › Microsoft Entra ID › App registrations › your app › API permissions");
        QString message;
        if (noConsent)
            message = EntraClient::tr("The Microsoft Graph token of app %1 carries no application permissions: admin consent has not been granted. "
                                      "In %2, add the Microsoft Graph application permissions Application.ReadWrite.All (or Application.ReadWrite.OwnedBy) "
                                      "and Application.Read.All, then click “Grant admin consent”.").arg(m_clientId, where);
        else if (!canWrite)
            message = EntraClient::tr("App %1 holds %2 but neither Application.ReadWrite.All nor Application.ReadWrite.OwnedBy: API Manager could not "
                                      "create Entra applications. In %3, add Application.ReadWrite.All (or Application.ReadWrite.OwnedBy) as a "
                                      "Microsoft Graph application permission and click “Grant admin consent”.")
                          .arg(m_clientId, roles.join(QStringLiteral(", ")), where);
        else if (!all)
            message = EntraClient::tr("App %1 may create applications (Application.ReadWrite.OwnedBy) but manage only those it owns: "
                                      "applications registered by hand cannot be mapped or fixed through it.").arg(m_clientId);
        else
            message = EntraClient::tr("App %1 holds %2: the connector can create and manage Entra applications.")
                          .arg(m_clientId, present.join(QStringLiteral(", ")));
        const QJsonObject check{{QStringLiteral("roles"), QJsonArray::fromStringList(roles)},
                                {QStringLiteral("present"), QJsonArray::fromStringList(present)},
                                {QStringLiteral("missing"), QJsonArray::fromStringList(missing)},
                                {QStringLiteral("canRead"), canRead},
                                {QStringLiteral("canWrite"), canWrite},
                                {QStringLiteral("ownedByOnly"), canWrite && !all},
                                {QStringLiteral("adminConsentMissing"), noConsent},
                                {QStringLiteral("tenantId"), tenantId()},
                                {QStringLiteral("ok"), canWrite},
                                {QStringLiteral("message"), message}};
        Q_EMIT graphAccessChecked(check);
        job->succeed(check);
    });
    return job;
}

} // namespace km
