#include "sandbox/entra/EntraStandIn.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUuid>

namespace km::sandbox {

namespace {
QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

bool isGuid(const QString &s)
{
    return !QUuid::fromString(s).isNull();
}

// Secret values look like the real ones: three characters, "8Q~", then 34 more (40 in all).
QString newSecretValue()
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
    auto pick = [](int n, int range) {
        QString out;
        for (int i = 0; i < n; ++i)
            out += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(range)]);
        return out;
    };
    return pick(3, 62) + QStringLiteral("8Q~") + pick(34, int(sizeof(alphabet) - 1));
}

QString graphTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

const QString kRead = QStringLiteral("Application.Read.All");
const QString kReadWrite = QStringLiteral("Application.ReadWrite.All");
const QString kOwnedBy = QStringLiteral("Application.ReadWrite.OwnedBy");

QJsonObject decodeJwtPart(const QString &token, int part)
{
    const QStringList parts = token.split(QLatin1Char('.'));
    if (parts.size() != 3)
        return {};
    return QJsonDocument::fromJson(QByteArray::fromBase64(parts.at(part).toLatin1(), QByteArray::Base64UrlEncoding)).object();
}
} // namespace

QString EntraStandIn::graphPermissionId(const QString &name)
{
    static const QHash<QString, QString> ids = {
        {kRead, QStringLiteral("9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30")},
        {kReadWrite, QStringLiteral("1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9")},
        {kOwnedBy, QStringLiteral("18a4783c-866b-4cc7-a460-3d5e5662c884")},
    };
    return ids.value(name);
}

EntraStandIn::EntraStandIn(QObject *parent)
    : EntraStandIn(Kind::Workforce, parent)
{
}

EntraStandIn::EntraStandIn(Kind kind, QObject *parent)
    : QObject(parent)
    , m_kind(kind)
    , m_login(new SandboxServer(kind == Kind::External ? QStringLiteral("entraExternal") : QStringLiteral("entra"), false, this))
    , m_graph(new SandboxServer(kind == Kind::External ? QStringLiteral("graphExternal") : QStringLiteral("graph"), false, this))
    , m_tenantId(uuid())
{
    if (kind == Kind::External) {
        m_domain = QStringLiteral("contosocustomers.onmicrosoft.com");
        m_tenantName = QStringLiteral("Contoso Customers");
    }
    const QDateTime longAgo = QDateTime::currentDateTimeUtc().addDays(-30);
    auto seed = [&](const QString &name, const QStringList &roles, QDateTime secretEnd) {
        Application app;
        app.id = uuid();
        app.appId = uuid();
        app.displayName = name;
        app.graphRoles = roles;
        app.created = longAgo;
        if (secretEnd.isValid())
            app.passwords.append({uuid(), newSecretValue(), QStringLiteral("kmconsole"), longAgo, secretEnd, longAgo});
        m_apps.insert(app.id, app);
        const QString sp = uuid();
        m_servicePrincipals.insert(sp, QJsonObject{{QStringLiteral("id"), sp}, {QStringLiteral("appId"), app.appId},
                                                   {QStringLiteral("displayName"), name}});
        return app.appId;
    };
    const QDateTime inTwoYears = QDateTime::currentDateTimeUtc().addYears(2);
    m_managementAppId = seed(QStringLiteral("APIM management"), {kRead, kReadWrite, kOwnedBy}, inTwoYears);
    m_readOnlyAppId = seed(QStringLiteral("APIM management (read only)"), {kRead}, inTwoYears);
    m_expiredAppId = seed(QStringLiteral("APIM management (expired secret)"), {kRead, kReadWrite, kOwnedBy},
                          QDateTime::currentDateTimeUtc().addDays(-1));
    m_legacyAppId = seed(QStringLiteral("Orders API (legacy registration)"), {}, QDateTime());
    addLoginRoutes();
    addGraphRoutes();
}

bool EntraStandIn::start(QString *error)
{
    if (!m_signer.isValid()) {
        if (error)
            *error = QStringLiteral("OpenSSL could not create the Entra ID signing key");
        return false;
    }
    return m_login->start(error) && m_graph->start(error);
}

EntraStandIn::Client EntraStandIn::managementClient() const
{
    const auto app = applicationByAppId(m_managementAppId);
    return {app->appId, app->passwords.first().secret, app->passwords.first().keyId};
}

EntraStandIn::Client EntraStandIn::readOnlyClient() const
{
    const auto app = applicationByAppId(m_readOnlyAppId);
    return {app->appId, app->passwords.first().secret, app->passwords.first().keyId};
}

EntraStandIn::Client EntraStandIn::expiredSecretClient() const
{
    const auto app = applicationByAppId(m_expiredAppId);
    return {app->appId, app->passwords.first().secret, app->passwords.first().keyId};
}

std::optional<EntraStandIn::Application> EntraStandIn::applicationByAppId(const QString &appId) const
{
    for (const Application &a : m_apps) {
        if (a.appId == appId)
            return a;
    }
    return std::nullopt;
}

std::optional<EntraStandIn::Application> EntraStandIn::applicationById(const QString &objectId) const
{
    if (!m_apps.contains(objectId))
        return std::nullopt;
    return m_apps.value(objectId);
}

bool EntraStandIn::hasServicePrincipal(const QString &appId) const
{
    for (const QJsonObject &sp : m_servicePrincipals) {
        if (sp.value(QLatin1String("appId")).toString() == appId)
            return true;
    }
    return false;
}

QString EntraStandIn::v2Issuer() const
{
    return isExternal() ? QStringLiteral("https://%1.ciamlogin.com/%1/v2.0").arg(m_tenantId)
                        : QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(m_tenantId);
}

QString EntraStandIn::v1Issuer() const
{
    // External: the v1-format issuer seen on an external tenant's tokens (docs/fidelity.md, a GUESS).
    return isExternal() ? QStringLiteral("https://%1.ciamlogin.com/%1/").arg(m_tenantId) : QStringLiteral("https://sts.windows.net/%1/").arg(m_tenantId);
}

bool EntraStandIn::knownTenant(const QString &tenant) const
{
    return tenant.compare(m_tenantId, Qt::CaseInsensitive) == 0 || tenant.compare(m_domain, Qt::CaseInsensitive) == 0;
}

Response EntraStandIn::aadError(int status, const QString &error, int code, const QString &text) const
{
    const QString trace = uuid();
    const QString correlation = uuid();
    const QString timestamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QLatin1Char('Z');
    const QString description = QStringLiteral("AADSTS%1: %2 Trace ID: %3 Correlation ID: %4 Timestamp: %5")
                                    .arg(QString::number(code), text, trace, correlation, timestamp);
    return Response::json(status, QJsonObject{{QStringLiteral("error"), error},
                                              {QStringLiteral("error_description"), description},
                                              {QStringLiteral("error_codes"), QJsonArray{code}},
                                              {QStringLiteral("timestamp"), timestamp},
                                              {QStringLiteral("trace_id"), trace},
                                              {QStringLiteral("correlation_id"), correlation},
                                              {QStringLiteral("error_uri"), QStringLiteral("https://login.microsoftonline.com/error?code=%1").arg(code)}});
}

QJsonObject EntraStandIn::discovery(bool v2) const
{
    const QString login = loginUrl().toString() + QLatin1Char('/') + m_tenantId;
    const QJsonArray auth{QStringLiteral("client_secret_post"), QStringLiteral("private_key_jwt"), QStringLiteral("client_secret_basic")};
    QJsonObject doc{
        {QStringLiteral("token_endpoint_auth_methods_supported"), auth},
        {QStringLiteral("response_modes_supported"), QJsonArray{QStringLiteral("query"), QStringLiteral("fragment"), QStringLiteral("form_post")}},
        {QStringLiteral("subject_types_supported"), QJsonArray{QStringLiteral("pairwise")}},
        {QStringLiteral("id_token_signing_alg_values_supported"), QJsonArray{QStringLiteral("RS256")}},
        {QStringLiteral("http_logout_supported"), true},
        {QStringLiteral("frontchannel_logout_supported"), true},
        {QStringLiteral("tenant_region_scope"), QStringLiteral("EU")},
        {QStringLiteral("cloud_instance_name"), QStringLiteral("microsoftonline.com")},
        {QStringLiteral("cloud_graph_host_name"), QStringLiteral("graph.windows.net")},
        {QStringLiteral("msgraph_host"), QStringLiteral("graph.microsoft.com")},
        {QStringLiteral("rbac_url"), QStringLiteral("https://pas.windows.net")},
        {QStringLiteral("kerberos_endpoint"), QString(login + QStringLiteral("/kerberos"))},
    };
    // Entra publishes no grant_types_supported: importing this document leaves API Manager's grant types empty.
    if (v2) {
        // External ID: the issuer has the tenant ID as host, the endpoints the subdomain's host (this server).
        doc.insert(QStringLiteral("issuer"), v2Issuer());
        doc.insert(QStringLiteral("token_endpoint"), QString(login + QStringLiteral("/oauth2/v2.0/token")));
        doc.insert(QStringLiteral("jwks_uri"), QString(login + QStringLiteral("/discovery/v2.0/keys")));
        doc.insert(QStringLiteral("authorization_endpoint"), QString(login + QStringLiteral("/oauth2/v2.0/authorize")));
        doc.insert(QStringLiteral("device_authorization_endpoint"), QString(login + QStringLiteral("/oauth2/v2.0/devicecode")));
        doc.insert(QStringLiteral("end_session_endpoint"), QString(login + QStringLiteral("/oauth2/v2.0/logout")));
        doc.insert(QStringLiteral("userinfo_endpoint"), QString(graphUrl().toString() + QStringLiteral("/oidc/userinfo")));
        doc.insert(QStringLiteral("request_uri_parameter_supported"), false);
        doc.insert(QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code"), QStringLiteral("id_token"),
                                                                         QStringLiteral("code id_token"), QStringLiteral("id_token token")});
        doc.insert(QStringLiteral("scopes_supported"), QJsonArray{QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("email"),
                                                                 QStringLiteral("offline_access")});
        doc.insert(QStringLiteral("claims_supported"), QJsonArray{QStringLiteral("sub"), QStringLiteral("iss"), QStringLiteral("aud"),
                                                                 QStringLiteral("exp"), QStringLiteral("iat"), QStringLiteral("auth_time"),
                                                                 QStringLiteral("acr"), QStringLiteral("nonce"), QStringLiteral("preferred_username"),
                                                                 QStringLiteral("name"), QStringLiteral("tid"), QStringLiteral("ver"),
                                                                 QStringLiteral("at_hash"), QStringLiteral("c_hash"), QStringLiteral("email")});
    } else {
        doc.insert(QStringLiteral("issuer"), QStringLiteral("https://sts.windows.net/%1/").arg(m_tenantId));
        doc.insert(QStringLiteral("token_endpoint"), QString(login + QStringLiteral("/oauth2/token")));
        doc.insert(QStringLiteral("jwks_uri"), QString(loginUrl().toString() + QStringLiteral("/common/discovery/keys")));
        doc.insert(QStringLiteral("authorization_endpoint"), QString(login + QStringLiteral("/oauth2/authorize")));
        doc.insert(QStringLiteral("device_authorization_endpoint"), QString(login + QStringLiteral("/oauth2/devicecode")));
        doc.insert(QStringLiteral("end_session_endpoint"), QString(login + QStringLiteral("/oauth2/logout")));
        doc.insert(QStringLiteral("check_session_iframe"), QString(login + QStringLiteral("/oauth2/checksession")));
        doc.insert(QStringLiteral("userinfo_endpoint"), QString(login + QStringLiteral("/openid/userinfo")));
        doc.insert(QStringLiteral("microsoft_multi_refresh_token"), true);
        doc.insert(QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code"), QStringLiteral("id_token"), QStringLiteral("code id_token"),
                                                                         QStringLiteral("token id_token"), QStringLiteral("token")});
        doc.insert(QStringLiteral("scopes_supported"), QJsonArray{QStringLiteral("openid")});
        doc.insert(QStringLiteral("claims_supported"), QJsonArray{QStringLiteral("sub"), QStringLiteral("iss"), QStringLiteral("aud"),
                                                                 QStringLiteral("exp"), QStringLiteral("iat"), QStringLiteral("auth_time"),
                                                                 QStringLiteral("acr"), QStringLiteral("amr"), QStringLiteral("nonce"),
                                                                 QStringLiteral("email"), QStringLiteral("given_name"), QStringLiteral("family_name"),
                                                                 QStringLiteral("nickname")});
    }
    return doc;
}

void EntraStandIn::addLoginRoutes()
{
    auto tenantNotFound = [this](const QString &tenant) {
        return aadError(400, QStringLiteral("invalid_tenant"), 90002,
                        QStringLiteral("Tenant '%1' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. "
                                       "Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.")
                            .arg(tenant));
    };
    m_login->route("GET", QStringLiteral("/{tenant}/v2.0/.well-known/openid-configuration"), [this, tenantNotFound](const Request &r) {
        const QString tenant = r.params.value(QStringLiteral("tenant"));
        return knownTenant(tenant) ? Response::json(200, discovery(true)) : tenantNotFound(tenant);
    });
    // An external tenant has no usable v1.0 document, v1 keys or v1 token endpoint (docs/fidelity.md): those paths
    // get the not-found answer below (its exact status and body are a GUESS).
    if (!isExternal()) {
        m_login->route("GET", QStringLiteral("/{tenant}/.well-known/openid-configuration"), [this, tenantNotFound](const Request &r) {
            const QString tenant = r.params.value(QStringLiteral("tenant"));
            return knownTenant(tenant) ? Response::json(200, discovery(false)) : tenantNotFound(tenant);
        });
    }
    auto keys = [this](bool v2) {
        QJsonObject key = m_signer.jwk();
        key.remove(QStringLiteral("alg")); // Entra's keys carry no alg
        if (v2)
            key.insert(QStringLiteral("issuer"), v2Issuer());
        return Response::json(200, QJsonObject{{QStringLiteral("keys"), QJsonArray{key}}});
    };
    m_login->route("GET", QStringLiteral("/{tenant}/discovery/v2.0/keys"), [this, keys, tenantNotFound](const Request &r) {
        const QString tenant = r.params.value(QStringLiteral("tenant"));
        return knownTenant(tenant) || tenant == QLatin1String("common") ? keys(true) : tenantNotFound(tenant);
    });
    if (!isExternal()) {
        m_login->route("GET", QStringLiteral("/{tenant}/discovery/keys"), [this, keys, tenantNotFound](const Request &r) {
            const QString tenant = r.params.value(QStringLiteral("tenant"));
            return knownTenant(tenant) || tenant == QLatin1String("common") ? keys(false) : tenantNotFound(tenant);
        });
    }
    m_login->route("POST", QStringLiteral("/{tenant}/oauth2/v2.0/token"), [this](const Request &r) { return token(r, false); });
    if (!isExternal())
        m_login->route("POST", QStringLiteral("/{tenant}/oauth2/token"), [this](const Request &r) { return token(r, true); });
    // Userinfo answers user tokens only; the sandbox issues none.
    m_login->route("GET", QStringLiteral("/{tenant}/openid/userinfo"), [](const Request &) {
        return Response::json(401, QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_token")},
                                               {QStringLiteral("error_description"), QStringLiteral("The access token is not a user token.")}})
            .header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    });
    m_login->setStateProvider([this] { return state(); });
    m_login->setNotFoundHandler([this](const Request &r) {
        return aadError(404, QStringLiteral("invalid_request"), 90027, QStringLiteral("The path '%1' is not a known endpoint.").arg(r.path));
    });
}

Response EntraStandIn::token(const Request &r, bool v1Endpoint)
{
    const QString tenant = r.params.value(QStringLiteral("tenant"));
    if (!knownTenant(tenant))
        return aadError(400, QStringLiteral("invalid_request"), 90002,
                        QStringLiteral("Tenant '%1' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. "
                                       "Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.")
                            .arg(tenant));
    const auto fields = r.formFields();
    const auto basic = r.basicAuth();
    const QString clientId = basic.first.isEmpty() ? fields.value(QStringLiteral("client_id")) : basic.first;
    const QString secret = basic.first.isEmpty() ? fields.value(QStringLiteral("client_secret")) : basic.second;
    const QString grant = fields.value(QStringLiteral("grant_type"));
    if (grant.isEmpty())
        return aadError(400, QStringLiteral("invalid_request"), 900144, QStringLiteral("The request body must contain the following parameter: 'grant_type'."));
    if (grant != QLatin1String("client_credentials"))
        return aadError(400, QStringLiteral("unsupported_grant_type"), 70003, QStringLiteral("The app requested an unsupported grant type '%1'.").arg(grant));
    if (clientId.isEmpty())
        return aadError(400, QStringLiteral("invalid_request"), 900144, QStringLiteral("The request body must contain the following parameter: 'client_id'."));
    const auto client = applicationByAppId(clientId);
    if (!client)
        return aadError(400, QStringLiteral("unauthorized_client"), 700016,
                        QStringLiteral("Application with identifier '%1' was not found in the directory '%2'. This can happen if the application has not been "
                                       "installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your "
                                       "authentication request to the wrong tenant.").arg(clientId, m_tenantName));

    // The resource: v2 takes scope=<resource>/.default; v1 takes resource=<resource>.
    QString resource;
    if (v1Endpoint && fields.contains(QStringLiteral("resource"))) {
        resource = fields.value(QStringLiteral("resource"));
    } else {
        const QString scope = fields.value(QStringLiteral("scope")).trimmed();
        if (scope.isEmpty())
            return aadError(400, QStringLiteral("invalid_request"), 900144, QStringLiteral("The request body must contain the following parameter: 'scope'."));
        if (scope.contains(QLatin1Char(' ')) || !scope.endsWith(QLatin1String("/.default")))
            return aadError(400, QStringLiteral("invalid_scope"), 70011,
                            QStringLiteral("The provided value for the input parameter 'scope' is not valid. The scope %1 is not valid. Client credential "
                                           "flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).").arg(scope));
        resource = scope.left(scope.size() - int(qstrlen("/.default")));
    }

    if (secret.isEmpty())
        return aadError(401, QStringLiteral("invalid_client"), 7000218,
                        QStringLiteral("The request body must contain the following parameter: 'client_assertion' or 'client_secret'."));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const PasswordCredential *match = nullptr;
    for (const PasswordCredential &p : client->passwords) {
        if (p.secret == secret)
            match = &p;
    }
    // A secret not yet replicated to the token service is as unknown as a wrong one; the secret's ID
    // (keyId) pasted instead of its value is simply not a valid secret.
    if (!match || match->created.addMSecs(m_lagMs) > now)
        return aadError(401, QStringLiteral("invalid_client"), 7000215,
                        QStringLiteral("Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the "
                                       "client secret ID, for a secret added to app '%1'.").arg(clientId));
    if (match->end < now)
        return aadError(401, QStringLiteral("invalid_client"), 7000222,
                        QStringLiteral("The provided client secret keys for app '%1' are expired. Visit the Azure portal to create new keys for your app: "
                                       "https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: "
                                       "https://aka.ms/certCreds.").arg(clientId));

    QString clientSp;
    for (const QJsonObject &sp : std::as_const(m_servicePrincipals)) {
        if (sp.value(QLatin1String("appId")).toString() == clientId)
            clientSp = sp.value(QLatin1String("id")).toString();
    }
    if (clientSp.isEmpty())
        clientSp = client->id;

    const qint64 iat = now.toSecsSinceEpoch();
    const qint64 exp = iat + 3599;
    QJsonObject claims{{QStringLiteral("tid"), m_tenantId}, {QStringLiteral("oid"), clientSp}, {QStringLiteral("sub"), clientSp},
                       {QStringLiteral("iat"), iat}, {QStringLiteral("nbf"), iat}, {QStringLiteral("exp"), exp},
                       {QStringLiteral("idtyp"), QStringLiteral("app")}, {QStringLiteral("uti"), QString::fromLatin1(base64Url(QUuid::createUuid().toRfc4122()))},
                       {QStringLiteral("rh"), QStringLiteral("0.AAAA.")}};
    QByteArray accessToken;
    QString audience;
    const QString graphAlias = graphUrl().toString();
    const bool toGraph = resource == QLatin1String(GraphResource) || resource == QString(QLatin1String(GraphResource) + QLatin1Char('/'))
                         || resource == QLatin1String(GraphAppId) || resource == graphAlias || resource == QString(graphAlias + QLatin1Char('/'));
    if (toGraph) {
        // Graph tokens are v1 tokens with the granted application permissions as roles.
        audience = QLatin1String(GraphResource);
        claims.insert(QStringLiteral("aud"), audience);
        claims.insert(QStringLiteral("iss"), QStringLiteral("https://sts.windows.net/%1/").arg(m_tenantId));
        claims.insert(QStringLiteral("idp"), QStringLiteral("https://sts.windows.net/%1/").arg(m_tenantId));
        claims.insert(QStringLiteral("ver"), QStringLiteral("1.0"));
        claims.insert(QStringLiteral("appid"), clientId);
        claims.insert(QStringLiteral("appidacr"), QStringLiteral("1"));
        claims.insert(QStringLiteral("app_displayname"), client->displayName);
        if (!client->graphRoles.isEmpty())
            claims.insert(QStringLiteral("roles"), QJsonArray::fromStringList(client->graphRoles));
        // Graph signs over a hashed nonce and puts the plain one in the header, so only Graph can verify it.
        const QString nonce = QString::fromLatin1(base64Url(QUuid::createUuid().toRfc4122() + QUuid::createUuid().toRfc4122()));
        const QString hashed = QString::fromLatin1(QCryptographicHash::hash(nonce.toLatin1(), QCryptographicHash::Sha256).toHex());
        const QByteArray signedToken = m_signer.sign(claims, QJsonObject{{QStringLiteral("nonce"), hashed}, {QStringLiteral("x5t"), m_signer.keyId()}});
        const QJsonObject shownHeader{{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("typ"), QStringLiteral("JWT")},
                                      {QStringLiteral("kid"), m_signer.keyId()}, {QStringLiteral("x5t"), m_signer.keyId()},
                                      {QStringLiteral("nonce"), nonce}};
        const QList<QByteArray> parts = signedToken.split('.');
        accessToken = base64Url(QJsonDocument(shownHeader).toJson(QJsonDocument::Compact)) + '.' + parts.value(1) + '.' + parts.value(2);
        m_graphTokens.insert(QString::fromLatin1(accessToken), claims);
    } else {
        std::optional<Application> target;
        for (const Application &a : std::as_const(m_apps)) {
            if (a.identifierUris.contains(resource) || a.appId == resource)
                target = a;
        }
        if (!target || !hasServicePrincipal(target->appId) || target->created.addMSecs(m_lagMs) > now)
            return aadError(400, QStringLiteral("invalid_resource"), 500011,
                            QStringLiteral("The resource principal named %1 was not found in the tenant named %2. This can happen if the application has not "
                                           "been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent "
                                           "your authentication request to the wrong tenant.").arg(resource, m_tenantName));
        // The resource application decides the token version, whatever endpoint was used.
        const bool v2 = target->requestedAccessTokenVersion.toInt(1) == 2;
        audience = v2 ? target->appId : resource;
        claims.insert(QStringLiteral("aud"), audience);
        if (v2) {
            claims.insert(QStringLiteral("iss"), v2Issuer());
            claims.insert(QStringLiteral("ver"), QStringLiteral("2.0"));
            claims.insert(QStringLiteral("azp"), clientId);
            claims.insert(QStringLiteral("azpacr"), QStringLiteral("1"));
        } else {
            claims.insert(QStringLiteral("iss"), v1Issuer());
            claims.insert(QStringLiteral("idp"), v1Issuer());
            claims.insert(QStringLiteral("ver"), QStringLiteral("1.0"));
            claims.insert(QStringLiteral("appid"), clientId);
            claims.insert(QStringLiteral("appidacr"), QStringLiteral("1"));
        }
        claims.remove(QStringLiteral("idtyp"));
        accessToken = m_signer.sign(claims);
    }
    QJsonObject body{{QStringLiteral("token_type"), QStringLiteral("Bearer")}, {QStringLiteral("expires_in"), 3599},
                     {QStringLiteral("ext_expires_in"), 3599}, {QStringLiteral("access_token"), QString::fromLatin1(accessToken)}};
    if (v1Endpoint) {
        body.insert(QStringLiteral("expires_on"), QString::number(exp));
        body.insert(QStringLiteral("not_before"), QString::number(iat));
        body.insert(QStringLiteral("resource"), resource);
    }
    return Response::json(200, body);
}

// ---------------------------------------------------------------- Graph

Response EntraStandIn::graphError(int status, const QString &code, const QString &message) const
{
    const QString requestId = uuid();
    return Response::json(status, QJsonObject{{QStringLiteral("error"), QJsonObject{
        {QStringLiteral("code"), code}, {QStringLiteral("message"), message},
        {QStringLiteral("innerError"), QJsonObject{{QStringLiteral("date"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                                                   {QStringLiteral("request-id"), requestId},
                                                   {QStringLiteral("client-request-id"), requestId}}}}}})
        .header("request-id", requestId.toLatin1());
}

Response EntraStandIn::notFound(const QString &id) const
{
    return graphError(404, QStringLiteral("Request_ResourceNotFound"),
                      QStringLiteral("Resource '%1' does not exist or one of its queried reference-property objects are not present.").arg(id));
}

std::optional<EntraStandIn::Caller> EntraStandIn::graphCaller(const Request &r, Response *deny) const
{
    const QString token = r.bearerToken();
    if (token.isEmpty()) {
        *deny = graphError(401, QStringLiteral("InvalidAuthenticationToken"), QStringLiteral("Access token is empty."));
        return std::nullopt;
    }
    const auto it = m_graphTokens.constFind(token);
    if (it == m_graphTokens.constEnd()) {
        const QJsonObject payload = decodeJwtPart(token, 1);
        if (payload.isEmpty())
            *deny = graphError(401, QStringLiteral("InvalidAuthenticationToken"), QStringLiteral("IDX14100: JWT is not well formed, there are no dots (.)."));
        else
            *deny = graphError(401, QStringLiteral("InvalidAuthenticationToken"), QStringLiteral("Access token validation failure. Invalid audience."));
        return std::nullopt;
    }
    if (it->value(QLatin1String("exp")).toInteger() < QDateTime::currentSecsSinceEpoch()) {
        *deny = graphError(401, QStringLiteral("InvalidAuthenticationToken"), QStringLiteral("Lifetime validation failed, the token is expired."));
        return std::nullopt;
    }
    Caller c;
    c.appId = it->value(QLatin1String("appid")).toString();
    c.roles = it->value(QLatin1String("roles")).toVariant().toStringList();
    return c;
}

int EntraStandIn::secretLimitOf(const QString &signInAudience)
{
    return signInAudience == QLatin1String("AzureADandPersonalMicrosoftAccount") || signInAudience == QLatin1String("PersonalMicrosoftAccount") ? 2 : 0;
}

bool EntraStandIn::visible(const Application &app) const
{
    return app.created.addMSecs(m_lagMs) <= QDateTime::currentDateTimeUtc();
}

bool EntraStandIn::canRead(const Caller &c, const Application &app) const
{
    return c.roles.contains(kRead) || c.roles.contains(kReadWrite) || (c.roles.contains(kOwnedBy) && app.owner == c.appId);
}

bool EntraStandIn::canWrite(const Caller &c, const Application &app) const
{
    return c.roles.contains(kReadWrite) || (c.roles.contains(kOwnedBy) && app.owner == c.appId);
}

QJsonObject EntraStandIn::applicationJson(const Application &app) const
{
    QJsonArray passwords;
    for (const PasswordCredential &p : app.passwords)
        passwords.append(QJsonObject{{QStringLiteral("customKeyIdentifier"), QJsonValue::Null}, {QStringLiteral("displayName"), p.displayName},
                                     {QStringLiteral("endDateTime"), graphTime(p.end)}, {QStringLiteral("hint"), p.secret.left(3)},
                                     {QStringLiteral("keyId"), p.keyId}, {QStringLiteral("secretText"), QJsonValue::Null},
                                     {QStringLiteral("startDateTime"), graphTime(p.start)}});
    QJsonArray access;
    for (const QString &role : app.graphRoles)
        access.append(QJsonObject{{QStringLiteral("id"), graphPermissionId(role)}, {QStringLiteral("type"), QStringLiteral("Role")}});
    QJsonArray required;
    if (!access.isEmpty())
        required.append(QJsonObject{{QStringLiteral("resourceAppId"), QLatin1String(GraphAppId)}, {QStringLiteral("resourceAccess"), access}});
    return QJsonObject{
        {QStringLiteral("id"), app.id}, {QStringLiteral("appId"), app.appId}, {QStringLiteral("displayName"), app.displayName},
        {QStringLiteral("signInAudience"), app.signInAudience}, {QStringLiteral("identifierUris"), QJsonArray::fromStringList(app.identifierUris)},
        {QStringLiteral("api"), QJsonObject{{QStringLiteral("requestedAccessTokenVersion"), app.requestedAccessTokenVersion},
                                            {QStringLiteral("acceptMappedClaims"), QJsonValue::Null},
                                            {QStringLiteral("knownClientApplications"), QJsonArray()},
                                            {QStringLiteral("oauth2PermissionScopes"), QJsonArray()},
                                            {QStringLiteral("preAuthorizedApplications"), QJsonArray()}}},
        {QStringLiteral("passwordCredentials"), passwords}, {QStringLiteral("keyCredentials"), QJsonArray()},
        {QStringLiteral("requiredResourceAccess"), required}, {QStringLiteral("createdDateTime"), graphTime(app.created)},
        {QStringLiteral("publisherDomain"), m_domain}, {QStringLiteral("deletedDateTime"), QJsonValue::Null},
        {QStringLiteral("description"), QJsonValue::Null}, {QStringLiteral("tags"), QJsonArray()},
        {QStringLiteral("web"), QJsonObject{{QStringLiteral("redirectUris"), QJsonArray()}}},
    };
}

EntraStandIn::Application *EntraStandIn::findVisible(const QString &segment, QString *idForError)
{
    static const QRegularExpression byAppId(QStringLiteral("^applications\\(appId='([^']*)'\\)$"));
    const auto m = byAppId.match(segment);
    Application *found = nullptr;
    if (m.hasMatch()) {
        *idForError = m.captured(1);
        for (auto it = m_apps.begin(); it != m_apps.end(); ++it) {
            if (it->appId == m.captured(1))
                found = &it.value();
        }
    } else {
        *idForError = segment;
        if (m_apps.contains(segment))
            found = &m_apps[segment];
    }
    return found && visible(*found) ? found : nullptr;
}

void EntraStandIn::addGraphRoutes()
{
    for (const QByteArray &method : {QByteArray("GET"), QByteArray("POST"), QByteArray("PATCH"), QByteArray("DELETE")})
        m_graph->route(method, QStringLiteral("/v1.0/**"), [this](const Request &r) { return graph(r); });
    m_graph->route("GET", QStringLiteral("/oidc/userinfo"), [this](const Request &r) {
        Response deny;
        if (!graphCaller(r, &deny))
            return deny;
        return graphError(401, QStringLiteral("InvalidAuthenticationToken"), QStringLiteral("Access token validation failure: the token has no user."));
    });
    m_graph->setStateProvider([this] { return state(); });
    m_graph->setNotFoundHandler([this](const Request &r) {
        return graphError(400, QStringLiteral("BadRequest"), QStringLiteral("Invalid version: %1").arg(r.path.section(QLatin1Char('/'), 1, 1)));
    });
}

Response EntraStandIn::graph(const Request &r)
{
    Response deny;
    const auto caller = graphCaller(r, &deny);
    if (!caller)
        return deny;
    const QString rest = r.params.value(QStringLiteral("rest"));
    QStringList segments = rest.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (segments.isEmpty())
        return graphError(400, QStringLiteral("BadRequest"), QStringLiteral("Resource not found for the segment ''."));
    // applications(appId='…') addresses an application by its client id.
    if (segments.first().startsWith(QLatin1String("applications("))) {
        segments.insert(1, segments.first());
        segments[0] = QStringLiteral("applications");
    }
    const QString collection = segments.first();
    const QString select = r.query.queryItemValue(QStringLiteral("$select"), QUrl::FullyDecoded);
    const QStringList selected = select.split(QLatin1Char(','), Qt::SkipEmptyParts);
    auto project = [&selected](const QJsonObject &o) {
        if (selected.isEmpty())
            return o;
        QJsonObject out;
        for (const QString &s : selected)
            out.insert(s.trimmed(), o.value(s.trimmed()));
        return out;
    };
    const QString context = QStringLiteral("https://graph.microsoft.com/v1.0/$metadata#");
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString insufficient = QStringLiteral("Insufficient privileges to complete the operation.");

    if (collection == QLatin1String("applications") && segments.size() == 1) {
        if (r.method == "GET") {
            if (!caller->roles.contains(kRead) && !caller->roles.contains(kReadWrite) && !caller->roles.contains(kOwnedBy))
                return graphError(403, QStringLiteral("Authorization_RequestDenied"), insufficient);
            const QString filter = r.query.queryItemValue(QStringLiteral("$filter"), QUrl::FullyDecoded);
            static const QRegularExpression eq(QStringLiteral("^\\s*(appId|displayName|id)\\s+eq\\s+'([^']*)'\\s*$"));
            const auto m = eq.match(filter);
            if (!filter.isEmpty() && !m.hasMatch())
                return graphError(400, QStringLiteral("Request_UnsupportedQuery"), QStringLiteral("Unsupported or invalid query filter clause specified for property '%1' of resource 'Application'.")
                                                                                       .arg(filter.section(QLatin1Char(' '), 0, 0)));
            QJsonArray all;
            for (const Application &a : std::as_const(m_apps)) {
                if (!visible(a) || !canRead(*caller, a))
                    continue;
                const QJsonObject json = applicationJson(a);
                if (m.hasMatch() && json.value(m.captured(1)).toString() != m.captured(2))
                    continue;
                all.append(project(json));
            }
            // $top (1..999, default 100) pages the list; @odata.nextLink carries an opaque $skiptoken.
            const int top = qBound(1, r.query.hasQueryItem(QStringLiteral("$top")) ? r.query.queryItemValue(QStringLiteral("$top")).toInt() : 100, 999);
            const int skip = QByteArray::fromBase64(r.query.queryItemValue(QStringLiteral("$skiptoken")).toLatin1(), QByteArray::Base64UrlEncoding).toInt();
            QJsonArray value;
            for (int i = skip; i < all.size() && i < skip + top; ++i)
                value.append(all.at(i));
            QJsonObject list{{QStringLiteral("@odata.context"), QString(context + QStringLiteral("applications") + (selected.isEmpty() ? QString() : QString(QLatin1Char('(') + select + QLatin1Char(')'))))},
                             {QStringLiteral("value"), value}};
            if (skip + top < all.size()) {
                QUrl next = m_graph->baseUrl();
                next.setPath(QStringLiteral("/v1.0/applications"));
                QUrlQuery q = r.query;
                q.removeAllQueryItems(QStringLiteral("$skiptoken"));
                q.addQueryItem(QStringLiteral("$skiptoken"), QString::fromLatin1(QByteArray::number(skip + top).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
                next.setQuery(q);
                list.insert(QStringLiteral("@odata.nextLink"), next.toString(QUrl::FullyEncoded));
            }
            return Response::json(200, list);
        }
        if (r.method == "POST") {
            if (!caller->roles.contains(kReadWrite) && !caller->roles.contains(kOwnedBy))
                return graphError(403, QStringLiteral("Authorization_RequestDenied"), insufficient);
            const QJsonObject body = r.json();
            if (body.value(QLatin1String("displayName")).toString().trimmed().isEmpty())
                return graphError(400, QStringLiteral("Request_BadRequest"), QStringLiteral("Invalid value specified for property 'displayName' of resource 'Application'."));
            const QJsonValue version = body.value(QLatin1String("api")).toObject().value(QLatin1String("requestedAccessTokenVersion"));
            if (!version.isUndefined() && !version.isNull() && version.toInt() != 1 && version.toInt() != 2)
                return graphError(400, QStringLiteral("Request_BadRequest"), QStringLiteral("Invalid value specified for property 'api.requestedAccessTokenVersion' of resource 'Application'."));
            Application app;
            app.id = uuid();
            app.appId = uuid();
            app.displayName = body.value(QLatin1String("displayName")).toString();
            app.signInAudience = body.value(QLatin1String("signInAudience")).toString(QStringLiteral("AzureADMyOrg"));
            app.requestedAccessTokenVersion = version.isUndefined() ? QJsonValue(QJsonValue::Null) : version;
            app.identifierUris = body.value(QLatin1String("identifierUris")).toVariant().toStringList();
            app.owner = caller->appId;
            app.created = now;
            m_apps.insert(app.id, app);
            QJsonObject json = applicationJson(app);
            json.insert(QStringLiteral("@odata.context"), QString(context + QStringLiteral("applications/$entity")));
            return Response::json(201, json).header("Location", QStringLiteral("https://graph.microsoft.com/v2/%1/directoryObjects/%2/Microsoft.DirectoryServices.Application")
                                                                    .arg(m_tenantId, app.id).toUtf8());
        }
    }

    if (collection == QLatin1String("applications") && segments.size() >= 2) {
        const QString &key = segments.at(1);
        if (!key.startsWith(QLatin1String("applications(")) && !isGuid(key))
            return graphError(400, QStringLiteral("Request_BadRequest"), QStringLiteral("Invalid object identifier '%1'.").arg(key));
        QString idForError;
        Application *app = findVisible(key, &idForError);
        if (!app)
            return notFound(idForError);
        const QString action = segments.value(2);
        if (segments.size() == 2 && r.method == "GET") {
            if (!canRead(*caller, *app))
                return graphError(403, QStringLiteral("Authorization_RequestDenied"), insufficient);
            QJsonObject json = project(applicationJson(*app));
            json.insert(QStringLiteral("@odata.context"), QString(context + QStringLiteral("applications/$entity")));
            return Response::json(200, json);
        }
        if (!canWrite(*caller, *app))
            return graphError(403, QStringLiteral("Authorization_RequestDenied"), insufficient);
        if (segments.size() == 2 && r.method == "DELETE") {
            const QString appId = app->appId;
            m_apps.remove(app->id);
            m_servicePrincipals.removeIf([&appId](const auto &sp) { return sp.value().value(QLatin1String("appId")).toString() == appId; });
            return Response::empty(204);
        }
        if (segments.size() == 2 && r.method == "PATCH") {
            const QJsonObject body = r.json();
            static const QStringList known = {QStringLiteral("displayName"), QStringLiteral("identifierUris"), QStringLiteral("api"),
                                              QStringLiteral("signInAudience"), QStringLiteral("description"), QStringLiteral("tags"),
                                              QStringLiteral("web"), QStringLiteral("notes"), QStringLiteral("requiredResourceAccess")};
            for (auto it = body.begin(); it != body.end(); ++it) {
                if (!known.contains(it.key()))
                    return graphError(400, QStringLiteral("BadRequest"),
                                      QStringLiteral("Property '%1' does not exist on type 'microsoft.graph.application'. Make sure to only use property names "
                                                     "that are defined by the type or mark the type as open type.").arg(it.key()));
            }
            if (body.contains(QLatin1String("identifierUris"))) {
                const QStringList uris = body.value(QLatin1String("identifierUris")).toVariant().toStringList();
                for (const QString &uri : uris) {
                    const QString own = QStringLiteral("api://") + app->appId;
                    const bool allowed = uri == own || uri.startsWith(QString(own + QLatin1Char('/')))
                                         || uri.startsWith(QString(QStringLiteral("api://") + m_tenantId + QLatin1Char('/')))
                                         || uri.startsWith(QString(QStringLiteral("https://") + m_domain))
                                         || uri.startsWith(QString(QStringLiteral("api://") + m_domain));
                    if (!allowed)
                        return graphError(400, QStringLiteral("HostNameNotOnVerifiedDomain"),
                                          QStringLiteral("Values of identifierUris property must use a verified domain of the organization or its subdomain: '%1'").arg(uri));
                    for (const Application &other : std::as_const(m_apps)) {
                        if (other.id != app->id && other.identifierUris.contains(uri))
                            return graphError(400, QStringLiteral("Request_BadRequest"),
                                              QStringLiteral("Another object with the same value for property identifierUris already exists."));
                    }
                }
                app->identifierUris = uris;
            }
            if (body.contains(QLatin1String("api"))) {
                const QJsonObject api = body.value(QLatin1String("api")).toObject();
                if (api.contains(QLatin1String("requestedAccessTokenVersion"))) {
                    const QJsonValue v = api.value(QLatin1String("requestedAccessTokenVersion"));
                    if (!v.isNull() && v.toInt() != 1 && v.toInt() != 2)
                        return graphError(400, QStringLiteral("Request_BadRequest"),
                                          QStringLiteral("Invalid value specified for property 'api.requestedAccessTokenVersion' of resource 'Application'."));
                    app->requestedAccessTokenVersion = v;
                }
            }
            if (body.contains(QLatin1String("displayName")))
                app->displayName = body.value(QLatin1String("displayName")).toString();
            if (body.contains(QLatin1String("signInAudience")))
                app->signInAudience = body.value(QLatin1String("signInAudience")).toString();
            return Response::empty(204);
        }
        if (segments.size() == 3 && r.method == "POST" && action == QLatin1String("addPassword")) {
            // Only applications that personal Microsoft accounts may sign in to are limited to two secrets
            // (learn.microsoft.com, "Validation differences by supported account types").
            if (secretLimitOf(app->signInAudience) > 0 && app->passwords.size() >= secretLimitOf(app->signInAudience))
                return graphError(400, QStringLiteral("TooManyAppPasswords"),
                                  QStringLiteral("Unable to save changes because the credential limit has been reached. Please delete a credential and try again."));
            const QJsonObject credential = r.json().value(QLatin1String("passwordCredential")).toObject();
            PasswordCredential p;
            p.keyId = uuid();
            p.secret = newSecretValue();
            p.displayName = credential.value(QLatin1String("displayName")).toString();
            p.created = now;
            p.start = credential.contains(QLatin1String("startDateTime"))
                          ? QDateTime::fromString(credential.value(QLatin1String("startDateTime")).toString(), Qt::ISODateWithMs) : now;
            p.end = credential.contains(QLatin1String("endDateTime"))
                        ? QDateTime::fromString(credential.value(QLatin1String("endDateTime")).toString(), Qt::ISODateWithMs) : p.start.addYears(2);
            if (!p.start.isValid() || !p.end.isValid())
                return graphError(400, QStringLiteral("BadRequest"), QStringLiteral("Cannot convert the literal to the expected type 'Edm.DateTimeOffset'."));
            app->passwords.append(p);
            return Response::json(200, QJsonObject{{QStringLiteral("@odata.context"), QString(context + QStringLiteral("microsoft.graph.passwordCredential"))},
                                                   {QStringLiteral("customKeyIdentifier"), QJsonValue::Null},
                                                   {QStringLiteral("displayName"), p.displayName}, {QStringLiteral("endDateTime"), graphTime(p.end)},
                                                   {QStringLiteral("hint"), p.secret.left(3)}, {QStringLiteral("keyId"), p.keyId},
                                                   {QStringLiteral("secretText"), p.secret}, {QStringLiteral("startDateTime"), graphTime(p.start)}});
        }
        if (segments.size() == 3 && r.method == "POST" && action == QLatin1String("removePassword")) {
            const QString keyId = r.json().value(QLatin1String("keyId")).toString();
            for (int i = 0; i < app->passwords.size(); ++i) {
                if (app->passwords.at(i).keyId == keyId) {
                    app->passwords.removeAt(i);
                    return Response::empty(204);
                }
            }
            return graphError(400, QStringLiteral("Request_BadRequest"), QStringLiteral("No password credential found with keyId '%1'.").arg(keyId));
        }
    }

    if (collection == QLatin1String("servicePrincipals") && segments.size() == 1) {
        if (r.method == "GET") {
            if (!caller->roles.contains(kRead) && !caller->roles.contains(kReadWrite))
                return graphError(403, QStringLiteral("Authorization_RequestDenied"), insufficient);
            const QString filter = r.query.queryItemValue(QStringLiteral("$filter"), QUrl::FullyDecoded);
            static const QRegularExpression eq(QStringLiteral("^\\s*appId\\s+eq\\s+'([^']*)'\\s*$"));
            const auto m = eq.match(filter);
            QJsonArray value;
            for (const QJsonObject &sp : std::as_const(m_servicePrincipals)) {
                if (!m.hasMatch() || sp.value(QLatin1String("appId")).toString() == m.captured(1))
                    value.append(project(sp));
            }
            return Response::json(200, QJsonObject{{QStringLiteral("@odata.context"), QString(context + QStringLiteral("servicePrincipals"))},
                                                   {QStringLiteral("value"), value}});
        }
        if (r.method == "POST") {
            const QString appId = r.json().value(QLatin1String("appId")).toString();
            std::optional<Application> app = applicationByAppId(appId);
            // An application that does not exist, or has not replicated yet, gets the same 400 (msgraph-sdk-dotnet#3108).
            if (!app || !visible(*app))
                return graphError(400, QStringLiteral("Request_BadRequest"),
                                  QStringLiteral("The appId '%1' of the service principal does not reference a valid application object.").arg(appId));
            if (!canWrite(*caller, *app))
                return graphError(403, QStringLiteral("Authorization_RequestDenied"), insufficient);
            if (hasServicePrincipal(appId))
                return graphError(409, QStringLiteral("Request_MultipleObjectsWithSameKeyValue"),
                                  QStringLiteral("The service principal cannot be created, updated, or restored because the service principal name %1 is already in use.").arg(appId));
            const QString id = uuid();
            QJsonArray names{appId};
            for (const QString &u : app->identifierUris)
                names.append(u);
            const QJsonObject sp{{QStringLiteral("id"), id}, {QStringLiteral("appId"), appId}, {QStringLiteral("displayName"), app->displayName},
                                 {QStringLiteral("accountEnabled"), true}, {QStringLiteral("servicePrincipalType"), QStringLiteral("Application")},
                                 {QStringLiteral("appOwnerOrganizationId"), m_tenantId}, {QStringLiteral("servicePrincipalNames"), names},
                                 {QStringLiteral("appRoles"), QJsonArray()}, {QStringLiteral("oauth2PermissionScopes"), QJsonArray()}};
            m_servicePrincipals.insert(id, sp);
            QJsonObject json = sp;
            json.insert(QStringLiteral("@odata.context"), QString(context + QStringLiteral("servicePrincipals/$entity")));
            return Response::json(201, json);
        }
    }
    if (collection != QLatin1String("applications") && collection != QLatin1String("servicePrincipals"))
        return graphError(400, QStringLiteral("BadRequest"), QStringLiteral("Resource not found for the segment '%1'.").arg(collection));
    return graphError(405, QStringLiteral("Request_BadRequest"), QStringLiteral("Specified HTTP method is not allowed for the request target."));
}

QJsonObject EntraStandIn::state() const
{
    QJsonArray apps;
    for (const Application &a : m_apps) {
        QJsonObject json = applicationJson(a); // secretText is null: no secret values in the state
        json.insert(QStringLiteral("graphPermissions"), QJsonArray::fromStringList(a.graphRoles));
        json.insert(QStringLiteral("createdBy"), a.owner);
        json.insert(QStringLiteral("replicated"), visible(a));
        apps.append(json);
    }
    QJsonArray sps;
    for (const QJsonObject &sp : m_servicePrincipals)
        sps.append(sp);
    return QJsonObject{{QStringLiteral("tenant"), QJsonObject{{QStringLiteral("id"), m_tenantId}, {QStringLiteral("domain"), m_domain},
                                                              {QStringLiteral("displayName"), m_tenantName},
                                                              {QStringLiteral("external"), isExternal()}}},
                       {QStringLiteral("replicationLagMs"), m_lagMs},
                       {QStringLiteral("applications"), apps}, {QStringLiteral("servicePrincipals"), sps}};
}

} // namespace km::sandbox
