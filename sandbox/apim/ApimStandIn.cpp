#include "sandbox/apim/ApimStandIn.h"
#include "services/core/ConstRange.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QUuid>

namespace km::sandbox {

namespace {

QString randomToken()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString randomSecret(int length = 24)
{
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    QString out;
    for (int i = 0; i < length; ++i)
        out += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))]);
    return out;
}

QJsonObject configuration(const QString &name, const QString &label, const QString &type, bool required, bool mask,
                          const QString &tooltip, const QJsonArray &values = {}, const QString &defaultValue = {}, bool updateDisabled = false)
{
    QJsonObject o{{QStringLiteral("name"), name}, {QStringLiteral("label"), label}, {QStringLiteral("type"), type},
                  {QStringLiteral("required"), required}, {QStringLiteral("mask"), mask},
                  {QStringLiteral("multiple"), false}, {QStringLiteral("tooltip"), tooltip},
                  {QStringLiteral("default"), defaultValue}, {QStringLiteral("updateDisabled"), updateDisabled}};
    // As the server serializes ConfigurationDto: `values` a list of strings, `default` a string (the Admin v4
    // YAML types both as objects; the contract test names that disagreement).
    if (!values.isEmpty())
        o.insert(QStringLiteral("values"), values);
    return o;
}

// The connector types this API Manager has installed, with their configuration as /settings lists it.
QJsonArray keyManagerTypes()
{
    QJsonArray types;
    types.append(QJsonObject{
        {QStringLiteral("type"), QStringLiteral("default")}, {QStringLiteral("displayName"), QStringLiteral("Resident Key Manager")},
        {QStringLiteral("defaultConsumerKeyClaim"), QStringLiteral("azp")}, {QStringLiteral("defaultScopesClaim"), QStringLiteral("scope")},
        {QStringLiteral("configurations"), QJsonArray()}, {QStringLiteral("endpointConfigurations"), QJsonArray()}});
    types.append(QJsonObject{
        {QStringLiteral("type"), QStringLiteral("WSO2-IS")}, {QStringLiteral("displayName"), QStringLiteral("WSO2 Identity Server")},
        {QStringLiteral("defaultConsumerKeyClaim"), QStringLiteral("azp")}, {QStringLiteral("defaultScopesClaim"), QStringLiteral("scope")},
        {QStringLiteral("configurations"), QJsonArray{
            configuration(QStringLiteral("Username"), QStringLiteral("Username"), QStringLiteral("input"), true, false, QStringLiteral("Enter Username to connect to key manager")),
            configuration(QStringLiteral("Password"), QStringLiteral("Password"), QStringLiteral("input"), true, true, QStringLiteral("Enter Password to connect to key manager"))}},
        {QStringLiteral("endpointConfigurations"), QJsonArray()}});
    types.append(QJsonObject{
        {QStringLiteral("type"), QStringLiteral("Asgardeo")}, {QStringLiteral("displayName"), QStringLiteral("Asgardeo")},
        {QStringLiteral("defaultConsumerKeyClaim"), QStringLiteral("azp")}, {QStringLiteral("defaultScopesClaim"), QStringLiteral("scope")},
        {QStringLiteral("configurations"), QJsonArray{
            configuration(QStringLiteral("org_name"), QStringLiteral("Organization Name"), QStringLiteral("input"), true, false, QStringLiteral("Name of the Asgardeo organization")),
            configuration(QStringLiteral("mgmt_client_id"), QStringLiteral("Client ID"), QStringLiteral("input"), true, false, QStringLiteral("Client ID of the management application")),
            configuration(QStringLiteral("mgmt_client_secret"), QStringLiteral("Client Secret"), QStringLiteral("input"), true, true, QStringLiteral("Client secret of the management application")),
            configuration(QStringLiteral("APIM_GLOBAL_SCOPES"), QStringLiteral("Global scopes API resource name"), QStringLiteral("input"), true, false, QStringLiteral("Default: APIM_GLOBAL_SCOPES")),
            configuration(QStringLiteral("asgardeo_api_resource_management_endpoint"), QStringLiteral("API Resource Management Endpoint"), QStringLiteral("input"), true, false, QStringLiteral("e.g. https://api.asgardeo.io/t/{org}/api/server/v1/api-resources")),
            configuration(QStringLiteral("asgardeo_roles_endpoint"), QStringLiteral("Roles Endpoint"), QStringLiteral("input"), true, false, QStringLiteral("e.g. https://api.asgardeo.io/t/{org}/scim2/v2/Roles")),
            configuration(QStringLiteral("asgardeo_role_creation"), QStringLiteral("Create roles in Asgardeo"), QStringLiteral("checkbox"), false, false, QStringLiteral("Create the API Manager roles in Asgardeo"))}},
        {QStringLiteral("endpointConfigurations"), QJsonArray()}});
    // wso2-extensions/apim-keymanager-keycloak KeyCloakConnectorConfiguration: type "KeyCloak"
    // (KeycloakConstants.KEY_CLOAK_TYPE), client_id and client_secret (masked), both required "input"s.
    types.append(QJsonObject{
        {QStringLiteral("type"), QStringLiteral("KeyCloak")}, {QStringLiteral("displayName"), QStringLiteral("Keycloak")},
        {QStringLiteral("defaultConsumerKeyClaim"), QStringLiteral("azp")}, {QStringLiteral("defaultScopesClaim"), QStringLiteral("scope")},
        {QStringLiteral("configurations"), QJsonArray{
            configuration(QStringLiteral("client_id"), QStringLiteral("Client ID"), QStringLiteral("input"), true, false, QStringLiteral("Client ID of service Application")),
            configuration(QStringLiteral("client_secret"), QStringLiteral("Client Secret"), QStringLiteral("input"), true, true, QStringLiteral("Client Secret of service Application"))}},
        {QStringLiteral("endpointConfigurations"), QJsonArray()}});
    // wso2-extensions/apim-km-okta OKTAConnectorConfiguration: registered under the OSGi property type=okta
    // (OktaConstants.OKTA_TYPE); apiKey and client_secret masked, all three required inputs. It overrides no
    // display name or claims (displayName "Okta" here is a GUESS; the claims are the base class's).
    types.append(QJsonObject{
        {QStringLiteral("type"), QStringLiteral("okta")}, {QStringLiteral("displayName"), QStringLiteral("Okta")},
        {QStringLiteral("defaultConsumerKeyClaim"), QStringLiteral("azp")}, {QStringLiteral("defaultScopesClaim"), QStringLiteral("scope")},
        {QStringLiteral("configurations"), QJsonArray{
            configuration(QStringLiteral("apiKey"), QStringLiteral("API KEY"), QStringLiteral("input"), true, true, QStringLiteral("API Key Generated From Okta UI")),
            configuration(QStringLiteral("client_id"), QStringLiteral("Client ID"), QStringLiteral("input"), true, false, QStringLiteral("Client ID of service Application")),
            configuration(QStringLiteral("client_secret"), QStringLiteral("Client Secret"), QStringLiteral("input"), true, true, QStringLiteral("Client Secret of service Application"))}},
        {QStringLiteral("endpointConfigurations"), QJsonArray()}});
    // wso2-extensions/apim-km-auth0 Auth0ConnectorConfiguration and Auth0Constants: type and display name
    // "Auth0", claims azp/scope, client_secret masked, the audience's default a placeholder URL.
    types.append(QJsonObject{
        {QStringLiteral("type"), QStringLiteral("Auth0")}, {QStringLiteral("displayName"), QStringLiteral("Auth0")},
        {QStringLiteral("defaultConsumerKeyClaim"), QStringLiteral("azp")}, {QStringLiteral("defaultScopesClaim"), QStringLiteral("scope")},
        {QStringLiteral("configurations"), QJsonArray{
            configuration(QStringLiteral("client_id"), QStringLiteral("Client ID"), QStringLiteral("input"), true, false, QStringLiteral("Client ID of service Application")),
            configuration(QStringLiteral("client_secret"), QStringLiteral("Client Secret"), QStringLiteral("input"), true, true, QStringLiteral("Client Secret of service Application")),
            configuration(QStringLiteral("audience"), QStringLiteral("Audience"), QStringLiteral("input"), true, false, QStringLiteral("Audience of the Admin API"), {}, QStringLiteral("https://[tenant].[region].auth0.com/api/v2/"))}},
        {QStringLiteral("endpointConfigurations"), QJsonArray()}});
    // wso2-extensions/apim-km-azure-ad AzureADConnectorConfiguration: labels, defaults, the token version's
    // "options" type with updateDisabled, and azp as the default consumer-key claim (the scopes claim is
    // the base class's "scope").
    types.append(QJsonObject{
        {QStringLiteral("type"), QStringLiteral("AzureAD")}, {QStringLiteral("displayName"), QStringLiteral("Azure AD")},
        {QStringLiteral("defaultConsumerKeyClaim"), QStringLiteral("azp")}, {QStringLiteral("defaultScopesClaim"), QStringLiteral("scope")},
        {QStringLiteral("configurations"), QJsonArray{
            configuration(QStringLiteral("microsoft_graph_api_endpoint"), QStringLiteral("Microsoft Graph API Endpoint"), QStringLiteral("input"), true, false, QStringLiteral("Microsoft's Graph API Endpoint"), {}, QStringLiteral("https://graph.microsoft.com")),
            configuration(QStringLiteral("v1.0"), QStringLiteral("Microsoft Graph API Endpoint Version"), QStringLiteral("select"), true, false, QStringLiteral("Microsoft's Graph API Endpoint Version"), QJsonArray{QStringLiteral("v1.0")}, QStringLiteral("v1.0")),
            configuration(QStringLiteral("azure_ad_requested_access_token_version"), QStringLiteral("Requested Access Token Version"), QStringLiteral("options"), false, false, QStringLiteral("Select the requested access token version"), QJsonArray{QStringLiteral("v1.0"), QStringLiteral("v2.0")}, QStringLiteral("v1.0"), true),
            configuration(QStringLiteral("azure_ad_client_id"), QStringLiteral("Client ID"), QStringLiteral("input"), true, false, QStringLiteral("Azure AD App Client ID")),
            configuration(QStringLiteral("azure_ad_client_secret"), QStringLiteral("Client Secret"), QStringLiteral("input"), true, true, QStringLiteral("Azure AD App Client Secret")),
            configuration(QStringLiteral("polling_initial_delay_ms"), QStringLiteral("Initial Delay (in ms) for Application Polling"), QStringLiteral("input"), false, false, QStringLiteral("The initial time to wait before starting polling for Azure Application creation"), {}, QStringLiteral("500")),
            configuration(QStringLiteral("polling_max_wait_time_ms"), QStringLiteral("Maximum Waiting Time (in ms) for Application Polling"), QStringLiteral("input"), false, false, QStringLiteral("The maximum time to wait for Azure Application creation"), {}, QStringLiteral("5000"))}},
        {QStringLiteral("endpointConfigurations"), QJsonArray()}});
    return types;
}

// Storage name → flat DTO field of every endpoint (carbon-apimgt KeyManagerMappingUtil). Kept apart from the
// console's own table (services/apim/KeyManagerConfig) on purpose: the stand-in must not share the client's guesses.
const QList<QPair<QString, QString>> &endpointFields()
{
    static const QList<QPair<QString, QString>> fields{
        {QStringLiteral("client_registration_endpoint"), QStringLiteral("clientRegistrationEndpoint")},
        {QStringLiteral("introspection_endpoint"), QStringLiteral("introspectionEndpoint")},
        {QStringLiteral("token_endpoint"), QStringLiteral("tokenEndpoint")},
        {QStringLiteral("display_token_endpoint"), QStringLiteral("displayTokenEndpoint")},
        {QStringLiteral("revoke_endpoint"), QStringLiteral("revokeEndpoint")},
        {QStringLiteral("display_revoke_endpoint"), QStringLiteral("displayRevokeEndpoint")},
        {QStringLiteral("userinfo_endpoint"), QStringLiteral("userInfoEndpoint")},
        {QStringLiteral("authorize_endpoint"), QStringLiteral("authorizeEndpoint")},
        {QStringLiteral("scope_management_endpoint"), QStringLiteral("scopeManagementEndpoint")},
    };
    return fields;
}

// DTO boolean → storage key, with the DTO's default when the request leaves it out.
struct FlagField { const char *dto; const char *stored; bool byDefault; };
const FlagField flagFields[] = {
    {"enableOAuthAppCreation", "enable_oauth_app_creation", true},
    {"enableMapOAuthConsumerApps", "enable_map_oauth_consumer_apps", false},
    {"enableTokenGeneration", "enable_token_generation", true},
    {"enableTokenHashing", "enable_token_hash", false},
    {"enableTokenEncryption", "enable_token_encryption", false},
    {"enableSelfValidationJWT", "self_validate_jwt", true},
};

QJsonObject info(const QJsonObject &stored, bool used)
{
    return QJsonObject{{QStringLiteral("id"), stored.value(QLatin1String("id"))},
                       {QStringLiteral("name"), stored.value(QLatin1String("name"))},
                       {QStringLiteral("displayName"), stored.value(QLatin1String("displayName"))},
                       {QStringLiteral("type"), stored.value(QLatin1String("type"))},
                       {QStringLiteral("description"), stored.value(QLatin1String("description")).toString()},
                       {QStringLiteral("enabled"), stored.value(QLatin1String("enabled")).toBool(true)},
                       {QStringLiteral("isGlobal"), false},
                       {QStringLiteral("isUsed"), used},
                       {QStringLiteral("tokenType"), stored.value(QLatin1String("tokenType")).toString(QStringLiteral("DIRECT"))}};
}

} // namespace

ApimStandIn::ApimStandIn(QObject *parent)
    : QObject(parent)
    , m_server(new SandboxServer(QStringLiteral("apim"), true, this))
    , m_network(new QNetworkAccessManager(this))
    , m_adminPassword(randomSecret(16))
{
    const QString id = randomToken();
    const QJsonObject resident{
        {QStringLiteral("name"), QStringLiteral("Resident Key Manager")},
        {QStringLiteral("displayName"), QStringLiteral("Resident Key Manager")},
        {QStringLiteral("type"), QStringLiteral("default")},
        {QStringLiteral("description"), QStringLiteral("This is Resident Key Manager")},
        {QStringLiteral("enabled"), true},
        {QStringLiteral("tokenType"), QStringLiteral("DIRECT")},
        {QStringLiteral("availableGrantTypes"), QJsonArray{QStringLiteral("client_credentials"), QStringLiteral("password"),
                                                           QStringLiteral("refresh_token"), QStringLiteral("authorization_code")}},
        {QStringLiteral("enableTokenGeneration"), true},
        {QStringLiteral("enableOAuthAppCreation"), true},
        {QStringLiteral("enableMapOAuthConsumerApps"), false},
        {QStringLiteral("enableSelfValidationJWT"), true},
        {QStringLiteral("consumerKeyClaim"), QStringLiteral("azp")},
        {QStringLiteral("scopesClaim"), QStringLiteral("scope")},
    };
    m_keyManagers.insert(id, toStored(id, resident, {}));
    addRoutes();
}

bool ApimStandIn::start(QString *error)
{
    if (!m_server->start(error))
        return false;
    // The issuer of the resident key manager is this server's own token endpoint.
    for (auto it = m_keyManagers.begin(); it != m_keyManagers.end(); ++it) {
        if (it->value(QLatin1String("type")).toString() != QLatin1String("default"))
            continue;
        QJsonObject props = it->value(QLatin1String("additionalProperties")).toObject();
        props.insert(QStringLiteral("issuer"), QString(m_server->baseUrl().toString() + QStringLiteral("/oauth2/token")));
        it->insert(QStringLiteral("additionalProperties"), props);
    }
    return true;
}

Response ApimStandIn::error(int status, qint64 code, const QString &message, const QString &description)
{
    return Response::json(status, QJsonObject{{QStringLiteral("code"), code},
                                              {QStringLiteral("message"), message},
                                              {QStringLiteral("description"), description.isEmpty() ? message : description},
                                              {QStringLiteral("moreInfo"), QString()},
                                              {QStringLiteral("error"), QJsonArray()}});
}

bool ApimStandIn::jsonBody(const Request &r, QJsonObject *body, Response *invalid)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(r.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *invalid = error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("Request body is not valid JSON"));
        return false;
    }
    *body = doc.object();
    return true;
}

void ApimStandIn::addRoutes()
{
    m_server->route("POST", QStringLiteral("/client-registration/v0.17/register"), [this](const Request &r) { return registerClient(r); });
    m_server->route("POST", QStringLiteral("/oauth2/token"), [this](const Request &r) { return token(r); });
    const QString admin = QStringLiteral("/api/am/admin/v4");
    m_server->route("GET", admin + QStringLiteral("/key-managers"), [this](const Request &r) { return listKeyManagers(r); });
    m_server->route("POST", admin + QStringLiteral("/key-managers"), [this](const Request &r) { return saveKeyManager(r, true); });
    m_server->routeAsync("POST", admin + QStringLiteral("/key-managers/discover"),
                         [this](const Request &r, SandboxServer::Reply reply) { discover(r, reply); });
    m_server->route("GET", admin + QStringLiteral("/key-managers/{id}"), [this](const Request &r) { return getKeyManager(r); });
    m_server->route("GET", admin + QStringLiteral("/key-managers/{id}/api-usages"), [this](const Request &r) { return keyManagerUsages(r, true); });
    m_server->route("GET", admin + QStringLiteral("/key-managers/{id}/app-usages"), [this](const Request &r) { return keyManagerUsages(r, false); });
    m_server->route("PUT", admin + QStringLiteral("/key-managers/{id}"), [this](const Request &r) { return saveKeyManager(r, false); });
    m_server->route("DELETE", admin + QStringLiteral("/key-managers/{id}"), [this](const Request &r) { return deleteKeyManager(r); });
    m_server->route("GET", admin + QStringLiteral("/settings"), [this](const Request &r) { return settings(r); });
    m_server->setStateProvider([this] { return state(); });
    // API Manager's own web apps answer unknown paths with an HTML page, not JSON.
    m_server->setNotFoundHandler([](const Request &) { return notFoundPage(); });
}

Response ApimStandIn::notFoundPage()
{
    Response r;
    r.status = 404;
    r.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("text/html;charset=utf-8")));
    r.body = "<!doctype html><html><head><title>HTTP Status 404 - Not Found</title></head>"
             "<body><h1>HTTP Status 404 - Not Found</h1></body></html>";
    return r;
}

QJsonObject ApimStandIn::state() const
{
    QJsonArray kms;
    for (const QJsonObject &km : keyManagers())
        kms.append(km);
    QJsonArray clients;
    for (auto it = m_clients.begin(); it != m_clients.end(); ++it)
        clients.append(QJsonObject{{QStringLiteral("clientId"), it.key()}, {QStringLiteral("clientName"), it->name}, {QStringLiteral("owner"), it->owner}});
    QJsonObject out{{QStringLiteral("keyManagers"), kms}, {QStringLiteral("dcrClients"), clients},
                    {QStringLiteral("activeTokens"), int(m_tokens.size())}, {QStringLiteral("tokenLifetimeSeconds"), m_tokenLifetime},
                    {QStringLiteral("serverLog"), QJsonArray::fromStringList(m_serverLog)}};
    for (const StateContributor &c : m_stateContributors)
        c(out);
    return out;
}

Response ApimStandIn::registerClient(const Request &r)
{
    const auto auth = r.basicAuth();
    if (auth.first != m_adminUser || auth.second != m_adminPassword)
        return error(401, 401, QStringLiteral("Unauthorized"), QStringLiteral("Authentication failed for user: ") + auth.first);
    const QJsonObject body = r.json();
    const QString name = body.value(QLatin1String("clientName")).toString();
    if (name.isEmpty())
        return error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("clientName is required"));
    // The real endpoint returns the existing client when the same owner registers the same name again.
    QString clientId;
    for (auto it = m_clients.begin(); it != m_clients.end(); ++it) {
        if (it->name == name && it->owner == auth.first)
            clientId = it.key();
    }
    if (clientId.isEmpty()) {
        clientId = randomSecret(28);
        m_clients.insert(clientId, {randomSecret(28), name, auth.first});
    }
    const Client &c = m_clients[clientId];
    const QJsonObject jsonString{{QStringLiteral("grant_types"), body.value(QLatin1String("grantType")).toString()},
                                 {QStringLiteral("redirect_uris"), body.value(QLatin1String("callbackUrl")).toString()}};
    return Response::json(200, QJsonObject{
        {QStringLiteral("clientId"), clientId}, {QStringLiteral("clientName"), QString(c.owner + QStringLiteral("_") + c.name)},
        {QStringLiteral("callBackURL"), body.value(QLatin1String("callbackUrl")).toString()},
        {QStringLiteral("clientSecret"), c.secret}, {QStringLiteral("isSaasApplication"), body.value(QLatin1String("saasApp")).toBool(true)},
        {QStringLiteral("appOwner"), c.owner},
        {QStringLiteral("jsonString"), QString::fromUtf8(QJsonDocument(jsonString).toJson(QJsonDocument::Compact))},
        {QStringLiteral("jsonAppAttribute"), QStringLiteral("{}")}, {QStringLiteral("tokenType"), QStringLiteral("JWT")}});
}

QJsonObject ApimStandIn::issueToken(const QString &user, const QString &clientId, const QStringList &scopes)
{
    const QString access = randomToken();
    const QString refresh = randomToken();
    const QDateTime expires = QDateTime::currentDateTimeUtc().addSecs(m_tokenLifetime);
    m_tokens.insert(access, {user, clientId, scopes, expires});
    m_refreshTokens.insert(refresh, {user, clientId, scopes, QDateTime::currentDateTimeUtc().addSecs(86400)});
    return QJsonObject{{QStringLiteral("access_token"), access}, {QStringLiteral("refresh_token"), refresh},
                       {QStringLiteral("scope"), scopes.join(QLatin1Char(' '))}, {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                       {QStringLiteral("expires_in"), m_tokenLifetime}};
}

QString ApimStandIn::issueAdminToken()
{
    const QStringList scopes = {QStringLiteral("apim:admin"), QStringLiteral("apim:admin_operations"), QStringLiteral("apim:keymanagers_manage"),
                                QStringLiteral("apim:admin_settings"), QStringLiteral("apim:api_view"), QStringLiteral("apim:shared_scope_manage"),
                                QStringLiteral("apim:api_create"), QStringLiteral("apim:api_manage"), QStringLiteral("apim:subscribe"),
                                QStringLiteral("apim:app_manage"), QStringLiteral("apim:mcp_server_view")};
    return issueToken(m_adminUser, QStringLiteral("sandbox"), scopes).value(QLatin1String("access_token")).toString();
}

Response ApimStandIn::token(const Request &r)
{
    const auto auth = r.basicAuth();
    const auto fields = r.formFields();
    const QString clientId = auth.first.isEmpty() ? fields.value(QStringLiteral("client_id")) : auth.first;
    const QString secret = auth.first.isEmpty() ? fields.value(QStringLiteral("client_secret")) : auth.second;
    auto oauthError = [](int status, const QString &code, const QString &text) {
        return Response::json(status, QJsonObject{{QStringLiteral("error"), code}, {QStringLiteral("error_description"), text}});
    };
    if (!m_clients.contains(clientId) || m_clients.value(clientId).secret != secret)
        return oauthError(401, QStringLiteral("invalid_client"), QStringLiteral("A valid OAuth client could not be found for client_id: ") + clientId);
    const QString grant = fields.value(QStringLiteral("grant_type"));
    QStringList scopes = fields.value(QStringLiteral("scope")).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    // A scope the server's REST APIs do not define is left out of the token like one the roles do not allow.
    if (!hasMcpServers())
        scopes.removeIf([](const QString &scope) { return scope.startsWith(QLatin1String("apim:mcp_server_")); });
    if (grant == QLatin1String("password")) {
        if (fields.value(QStringLiteral("username")) != m_adminUser || fields.value(QStringLiteral("password")) != m_adminPassword)
            return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("Authentication failed for ") + fields.value(QStringLiteral("username")));
        if (!m_userScopes.isEmpty()) {
            // Scopes the user's roles do not allow are left out of the token without an error.
            QStringList allowed;
            for (const QString &scope : std::as_const(scopes)) {
                if (m_userScopes.contains(scope))
                    allowed << scope;
            }
            scopes = allowed;
        }
        if (scopes.isEmpty())
            scopes << QStringLiteral("default");
        return Response::json(200, issueToken(m_adminUser, clientId, scopes));
    }
    if (grant == QLatin1String("refresh_token")) {
        const QString refresh = fields.value(QStringLiteral("refresh_token"));
        const auto it = m_refreshTokens.constFind(refresh);
        if (it == m_refreshTokens.constEnd() || it->clientId != clientId || it->expires < QDateTime::currentDateTimeUtc())
            return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("Persisted access token data not found"));
        const Token t = *it; // NOLINT(performance-unnecessary-copy-initialization): the entry is removed on the next line
        m_refreshTokens.remove(refresh);
        return Response::json(200, issueToken(t.user, clientId, scopes.isEmpty() ? t.scopes : scopes));
    }
    if (grant == QLatin1String("client_credentials"))
        return Response::json(200, issueToken(m_clients.value(clientId).owner, clientId, scopes.isEmpty() ? QStringList{QStringLiteral("default")} : scopes));
    return oauthError(400, QStringLiteral("unsupported_grant_type"), QStringLiteral("Unsupported grant_type value"));
}

bool ApimStandIn::authorize(const Request &request, const QStringList &scopes, Response *deny) const
{
    const QString bearer = request.bearerToken();
    if (bearer.isEmpty()) {
        *deny = error(401, 900902, QStringLiteral("Missing Credentials"),
                      QStringLiteral("Invalid Credentials. Make sure your API invocation call has a header: 'Authorization : Bearer ACCESS_TOKEN' or 'Authorization : Basic ACCESS_TOKEN' or 'apikey: API_KEY'"));
        return false;
    }
    const auto it = m_tokens.constFind(bearer);
    if (it == m_tokens.constEnd() || it->expires < QDateTime::currentDateTimeUtc()) {
        *deny = error(401, 900901, QStringLiteral("Invalid Credentials"),
                      QStringLiteral("Invalid Credentials. Make sure you have provided the correct security credentials"));
        return false;
    }
    for (const QString &s : scopes) {
        if (it->scopes.contains(s))
            return true;
    }
    *deny = error(403, 900910, QStringLiteral("The access token does not allow you to access the requested resource"),
                  QStringLiteral("User is NOT authorized to access the Resource. Scope validation failed."));
    return false;
}

QJsonObject ApimStandIn::typeConfiguration(const QString &type) const
{
    for (const QJsonValue &t : km::constTemporary(keyManagerTypes())) {
        if (t.toObject().value(QLatin1String("type")).toString() == type)
            return t.toObject();
    }
    return {};
}

QJsonObject ApimStandIn::toStored(const QString &id, const QJsonObject &dto, const QJsonObject &previous) const
{
    // toKeyManagerConfigurationDTO: the flat fields go into additionalProperties (where connectors and the
    // gateway read them) and, for endpoints, into the endpoints map too; entries of `endpoints[]` go into the
    // endpoints map only.
    QJsonObject props = dto.value(QLatin1String("additionalProperties")).toObject();
    const QJsonObject before = previous.value(QLatin1String("additionalProperties")).toObject();
    for (auto it = props.begin(); it != props.end(); ++it) {
        // A masked value sent back keeps the stored one (encryptKeyManagerConfigurationValues).
        if (it.value().isString() && it.value().toString() == QLatin1String("*****") && before.contains(it.key()))
            it.value() = before.value(it.key());
    }
    QJsonObject endpointsMap;
    for (const auto &e : endpointFields()) {
        const QString value = dto.value(e.second).toString();
        if (value.isEmpty())
            continue;
        props.insert(e.first, value);
        endpointsMap.insert(e.first, value);
    }
    if (dto.value(QLatin1String("availableGrantTypes")).isArray())
        props.insert(QStringLiteral("grant_types"), dto.value(QLatin1String("availableGrantTypes")));
    for (const char *field : {"issuer", "wellKnownEndpoint"}) {
        const QString value = dto.value(QLatin1String(field)).toString();
        if (!value.isEmpty())
            props.insert(QLatin1String(field) == QLatin1String("issuer") ? QStringLiteral("issuer") : QStringLiteral("well_known_endpoint"), value);
    }
    const QJsonObject certs = dto.value(QLatin1String("certificates")).toObject();
    if (!certs.isEmpty()) {
        props.insert(QStringLiteral("certificate_value"), certs.value(QLatin1String("value")));
        props.insert(QStringLiteral("certificate_type"), certs.value(QLatin1String("type")));
    }
    for (const QJsonValue &v : km::constTemporary(dto.value(QLatin1String("endpoints")).toArray()))
        endpointsMap.insert(v.toObject().value(QLatin1String("name")).toString(), v.toObject().value(QLatin1String("value")));
    for (const FlagField &f : flagFields)
        props.insert(QLatin1String(f.stored), dto.value(QLatin1String(f.dto)).toBool(f.byDefault));
    const QJsonArray validation = dto.value(QLatin1String("tokenValidation")).toArray();
    if (!validation.isEmpty())
        props.insert(QStringLiteral("token_format_string"), QString::fromUtf8(QJsonDocument(validation).toJson(QJsonDocument::Compact)));
    if (dto.value(QLatin1String("claimMapping")).isArray())
        props.insert(QStringLiteral("claim_mappings"), dto.value(QLatin1String("claimMapping")));
    // validateKeyManagerConfiguration: the connector's claim defaults when none is given.
    const QJsonObject type = typeConfiguration(dto.value(QLatin1String("type")).toString());
    const QString consumerKeyClaim = dto.value(QLatin1String("consumerKeyClaim")).toString();
    const QString scopesClaim = dto.value(QLatin1String("scopesClaim")).toString();
    props.insert(QStringLiteral("consumer_key_claim"), consumerKeyClaim.isEmpty() ? type.value(QLatin1String("defaultConsumerKeyClaim")).toString(QStringLiteral("azp")) : consumerKeyClaim);
    props.insert(QStringLiteral("scopes_claim"), scopesClaim.isEmpty() ? type.value(QLatin1String("defaultScopesClaim")).toString(QStringLiteral("scope")) : scopesClaim);
    QJsonObject stored{
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), dto.value(QLatin1String("name"))},
        {QStringLiteral("displayName"), dto.value(QLatin1String("displayName")).toString(dto.value(QLatin1String("name")).toString())},
        {QStringLiteral("description"), dto.value(QLatin1String("description")).toString()},
        {QStringLiteral("type"), dto.value(QLatin1String("type"))},
        {QStringLiteral("enabled"), dto.value(QLatin1String("enabled")).toBool(true)},
        {QStringLiteral("tokenType"), dto.value(QLatin1String("tokenType")).toString(QStringLiteral("DIRECT"))},
        {QStringLiteral("additionalProperties"), props},
        {QStringLiteral("endpointsMap"), endpointsMap},
    };
    if (dto.contains(QLatin1String("alias")))
        stored.insert(QStringLiteral("alias"), dto.value(QLatin1String("alias")));
    if (dto.value(QLatin1String("permissions")).isObject())
        stored.insert(QStringLiteral("permissions"), dto.value(QLatin1String("permissions")));
    return stored;
}

QJsonObject ApimStandIn::toDto(const QJsonObject &stored, bool mask) const
{
    // toKeyManagerDTO: every known key is lifted out of additionalProperties into its flat field and
    // removed there, except self_validate_jwt; the endpoints list is never filled.
    QJsonObject props = stored.value(QLatin1String("additionalProperties")).toObject();
    QJsonObject dto{
        {QStringLiteral("id"), stored.value(QLatin1String("id"))},
        {QStringLiteral("name"), stored.value(QLatin1String("name"))},
        {QStringLiteral("displayName"), stored.value(QLatin1String("displayName"))},
        {QStringLiteral("type"), stored.value(QLatin1String("type"))},
        {QStringLiteral("description"), stored.value(QLatin1String("description"))},
        {QStringLiteral("enabled"), stored.value(QLatin1String("enabled"))},
        {QStringLiteral("global"), false},
        {QStringLiteral("tokenType"), stored.value(QLatin1String("tokenType"))},
        {QStringLiteral("endpoints"), QJsonArray()},
        {QStringLiteral("claimMapping"), QJsonArray()},
        {QStringLiteral("tokenValidation"), QJsonArray()},
    };
    for (const char *field : {"alias", "permissions"}) {
        if (stored.contains(QLatin1String(field)))
            dto.insert(QLatin1String(field), stored.value(QLatin1String(field)));
    }
    if (!hasTokenTypes())
        dto.remove(QStringLiteral("tokenType"));
    auto lift = [&props, &dto](const QString &key, const QString &field) {
        if (!props.contains(key))
            return;
        dto.insert(field, props.value(key));
        props.remove(key);
    };
    for (const auto &e : endpointFields())
        lift(e.first, e.second);
    lift(QStringLiteral("grant_types"), QStringLiteral("availableGrantTypes"));
    lift(QStringLiteral("issuer"), QStringLiteral("issuer"));
    lift(QStringLiteral("well_known_endpoint"), QStringLiteral("wellKnownEndpoint"));
    lift(QStringLiteral("consumer_key_claim"), QStringLiteral("consumerKeyClaim"));
    lift(QStringLiteral("scopes_claim"), QStringLiteral("scopesClaim"));
    lift(QStringLiteral("claim_mappings"), QStringLiteral("claimMapping"));
    if (props.contains(QLatin1String("certificate_value")) && props.contains(QLatin1String("certificate_type"))) {
        dto.insert(QStringLiteral("certificates"), QJsonObject{{QStringLiteral("type"), props.value(QLatin1String("certificate_type"))},
                                                               {QStringLiteral("value"), props.value(QLatin1String("certificate_value"))}});
        props.remove(QStringLiteral("certificate_value"));
        props.remove(QStringLiteral("certificate_type"));
    }
    if (props.contains(QLatin1String("token_format_string"))) {
        dto.insert(QStringLiteral("tokenValidation"), QJsonDocument::fromJson(props.value(QLatin1String("token_format_string")).toString().toUtf8()).array());
        props.remove(QStringLiteral("token_format_string"));
    }
    for (const FlagField &f : flagFields) {
        dto.insert(QLatin1String(f.dto), props.value(QLatin1String(f.stored)).toBool(f.byDefault));
        if (QLatin1String(f.stored) != QLatin1String("self_validate_jwt"))
            props.remove(QLatin1String(f.stored));
    }
    if (mask) {
        // maskValues(): every connector configuration with mask=true comes back as "*****".
        for (const QJsonValue &c : km::constTemporary(typeConfiguration(stored.value(QLatin1String("type")).toString()).value(QLatin1String("configurations")).toArray())) {
            const QString key = c.toObject().value(QLatin1String("name")).toString();
            if (c.toObject().value(QLatin1String("mask")).toBool() && props.contains(key))
                props.insert(key, QStringLiteral("*****"));
        }
    }
    dto.insert(QStringLiteral("additionalProperties"), props);
    return dto;
}

QJsonObject ApimStandIn::heldView(const QJsonObject &stored) const
{
    QJsonObject view = toDto(stored, false);
    view.insert(QStringLiteral("additionalProperties"), stored.value(QLatin1String("additionalProperties")));
    view.insert(QStringLiteral("endpointsMap"), stored.value(QLatin1String("endpointsMap")));
    return view;
}

QList<QJsonObject> ApimStandIn::keyManagers() const
{
    QList<QJsonObject> out;
    for (const QJsonObject &stored : m_keyManagers)
        out << heldView(stored);
    return out;
}

QList<ApimStandIn::Usage> ApimStandIn::usersOf(const QString &name) const
{
    QList<Usage> users;
    for (const UsageCheck &check : m_usageChecks)
        users << check(name);
    return users;
}

Response ApimStandIn::listKeyManagers(const Request &r)
{
    Response deny;
    if (!authorize(r, {QStringLiteral("apim:admin"), QStringLiteral("apim:admin_operations")}, &deny))
        return deny;
    QJsonArray list;
    for (const QJsonObject &km : std::as_const(m_keyManagers)) {
        QJsonObject entry = info(km, !usersOf(km.value(QLatin1String("name")).toString()).isEmpty());
        if (!hasTokenTypes())
            entry.remove(QStringLiteral("tokenType"));
        list.append(entry);
    }
    return Response::json(200, QJsonObject{{QStringLiteral("count"), list.size()}, {QStringLiteral("list"), list}});
}

Response ApimStandIn::getKeyManager(const Request &r)
{
    Response deny;
    if (!authorize(r, {QStringLiteral("apim:admin"), QStringLiteral("apim:admin_operations")}, &deny))
        return deny;
    const QString id = r.params.value(QStringLiteral("id"));
    if (!m_keyManagers.contains(id))
        return error(404, 901411, QStringLiteral("Key Manager not found"), QStringLiteral("Key Manager not found with id: ") + id);
    return Response::json(200, toDto(m_keyManagers.value(id), true));
}

std::optional<Response> ApimStandIn::validateKeyManager(const QJsonObject &km, const QJsonObject &stored) const
{
    const QString name = km.value(QLatin1String("name")).toString();
    const QString type = km.value(QLatin1String("type")).toString();
    if (name.isEmpty() || name.size() > 100)
        return error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("name: size must be between 1 and 100"));
    if (type.isEmpty() || type.size() > 45)
        return error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("type: size must be between 1 and 45"));
    if (km.value(QLatin1String("displayName")).toString().size() > 100)
        return error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("displayName: size must be between 0 and 100"));
    if (km.value(QLatin1String("description")).toString().size() > 256)
        return error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("description: size must be between 0 and 256"));
    const QJsonObject typeConfig = typeConfiguration(type);
    if (typeConfig.isEmpty())
        return error(400, 901400, QStringLiteral("Key Manager Type not configured"),
                     QStringLiteral("Key Manager Type %1 not configured").arg(type));
    const QJsonObject props = stored.value(QLatin1String("additionalProperties")).toObject();
    for (const QJsonValue &c : km::constTemporary(typeConfig.value(QLatin1String("configurations")).toArray())) {
        const QJsonObject conf = c.toObject();
        const QJsonValue v = props.value(conf.value(QLatin1String("name")).toString());
        const bool empty = v.isUndefined() || v.isNull() || (v.isString() && v.toString().trimmed().isEmpty());
        // As on the real server: the error does not say which configuration is missing.
        if (conf.value(QLatin1String("required")).toBool() && empty)
            return error(400, 901401, QStringLiteral("Required Key Manager configuration missing"),
                         QStringLiteral("Required Key Manager configuration missing"));
    }
    // validateKeyManagerEndpointConfiguration: the default endpoint configuration (every connector that does
    // not override getEndpointConfigurations(), AzureAD and Asgardeo included) requires these four, looked up
    // in the endpoints map, which both the flat fields and endpoints[] fill.
    if (type != QLatin1String("default")) {
        const QJsonObject endpoints = stored.value(QLatin1String("endpointsMap")).toObject();
        for (const char *required : {"client_registration_endpoint", "introspection_endpoint", "token_endpoint", "revoke_endpoint"}) {
            if (endpoints.value(QLatin1String(required)).toString().trimmed().isEmpty())
                return error(400, 901401, QStringLiteral("Required Key Manager configuration missing"),
                             QStringLiteral("Required Key Manager configuration missing"));
        }
    }
    return std::nullopt;
}

Response ApimStandIn::saveKeyManager(const Request &r, bool create)
{
    Response deny;
    if (!authorize(r, {QStringLiteral("apim:admin"), QStringLiteral("apim:admin_operations")}, &deny))
        return deny;
    QJsonObject km;
    Response invalid;
    if (!jsonBody(r, &km, &invalid))
        return invalid;
    // GlobalThrowableMapper: Jackson refuses a field the DTO lacks (docs/fidelity.md, "Token types of a key manager").
    if (!hasTokenTypes() && km.contains(QLatin1String("tokenType")))
        return error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("Unrecognized property 'tokenType'"));
    QString id;
    QJsonObject previous;
    if (create) {
        const QString name = km.value(QLatin1String("name")).toString();
        for (const QJsonObject &existing : std::as_const(m_keyManagers)) {
            if (existing.value(QLatin1String("name")).toString() == name)
                return error(409, 901402, QStringLiteral("Key Manager Already Exists"), QStringLiteral("Key Manager Already Exists"));
        }
        id = randomToken();
    } else {
        id = r.params.value(QStringLiteral("id"));
        if (!m_keyManagers.contains(id))
            return error(404, 901411, QStringLiteral("Key Manager not found"), QStringLiteral("Key Manager not found with id: ") + id);
        previous = m_keyManagers.value(id);
        // keyManagersKeyManagerIdPut: a rename is a plain 400.
        if (km.value(QLatin1String("name")).toString() != previous.value(QLatin1String("name")).toString())
            return error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("Key Manager name couldn't able to change"));
    }
    const QJsonObject stored = toStored(id, km, previous);
    if (auto problem = validateKeyManager(km, stored)) {
        // The 4.x update rethrows every validation failure as an internal error.
        if (!create)
            return error(500, 900967, QStringLiteral("General Error"),
                         QStringLiteral("Error while updating Key Manager configuration %1").arg(id));
        return *problem;
    }
    if (!create) {
        // The connector marks these updateDisabled; the Admin Portal greys them out.
        const QJsonObject before = previous.value(QLatin1String("additionalProperties")).toObject();
        const QJsonObject after = stored.value(QLatin1String("additionalProperties")).toObject();
        for (const QJsonValue &c : km::constTemporary(typeConfiguration(km.value(QLatin1String("type")).toString()).value(QLatin1String("configurations")).toArray())) {
            const QString key = c.toObject().value(QLatin1String("name")).toString();
            if (c.toObject().value(QLatin1String("updateDisabled")).toBool() && before.contains(key) && before.value(key) != after.value(key))
                return error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("%1 cannot be updated").arg(key));
        }
    }
    m_keyManagers.insert(id, stored);
    // The connector loads the key manager from the event after the answer; its failure reaches only the log.
    const QString type = km.value(QLatin1String("type")).toString();
    if (m_hooks.contains(type)) {
        const QString problem = m_hooks.value(type)(heldView(stored));
        if (!problem.isEmpty())
            m_serverLog << QStringLiteral("ERROR - key manager %1 (%2) could not be loaded: %3").arg(km.value(QLatin1String("name")).toString(), type, problem);
    }
    Response ok = Response::json(create ? 201 : 200, toDto(stored, true));
    if (create)
        ok.header("Location", (m_server->baseUrl().toString() + QStringLiteral("/api/am/admin/v4/key-managers/") + id).toUtf8());
    return ok;
}

Response ApimStandIn::deleteKeyManager(const Request &r)
{
    Response deny;
    if (!authorize(r, {QStringLiteral("apim:admin"), QStringLiteral("apim:admin_operations")}, &deny))
        return deny;
    const QString id = r.params.value(QStringLiteral("id"));
    if (!m_keyManagers.contains(id))
        return error(404, 901411, QStringLiteral("Key Manager not found"), QStringLiteral("Key Manager not found with id: ") + id);
    // deleteKeyManagerConfigurationById: in use by APIs or applications → KEY_MANAGER_DELETE_FAILED.
    if (!usersOf(m_keyManagers.value(id).value(QLatin1String("name")).toString()).isEmpty())
        return error(412, 902015, QStringLiteral("Key Manager Delete error"), QStringLiteral("Error while deleting the Key Manager. %s"));
    m_keyManagers.remove(id);
    return Response::empty(200);
}

Response ApimStandIn::keyManagerUsages(const Request &r, bool apis)
{
    // SettingsApiServiceImpl/KeyManagersApiServiceImpl keyManagersKeyManagerIdApiUsagesGet / AppUsagesGet:
    // 404 901411 for an unknown id, else the KeyManagerAPIUsages / KeyManagerAppUsages objects.
    Response deny;
    if (!authorize(r, {QStringLiteral("apim:admin"), QStringLiteral("apim:admin_operations")}, &deny))
        return deny;
    const QString id = r.params.value(QStringLiteral("id"));
    if (!m_keyManagers.contains(id))
        return error(404, 901411, QStringLiteral("Key Manager not found"), QStringLiteral("Requested KeyManager not found"));
    const int limit = r.query.queryItemValue(QStringLiteral("limit")).isEmpty() ? 25 : r.query.queryItemValue(QStringLiteral("limit")).toInt();
    QJsonArray items;
    int count = 0;
    for (const Usage &u : usersOf(m_keyManagers.value(id).value(QLatin1String("name")).toString())) {
        if (u.api != apis)
            continue;
        ++count;
        if (items.size() >= limit)
            continue;
        if (apis)
            items.append(QJsonObject{{QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                                     {QStringLiteral("type"), QStringLiteral("API")},
                                     {QStringLiteral("name"), u.name},
                                     {QStringLiteral("transportType"), QStringLiteral("http")},
                                     {QStringLiteral("description"), QJsonValue::Null},
                                     {QStringLiteral("context"), QString(QLatin1Char('/') + u.name.toLower())},
                                     {QStringLiteral("version"), u.version},
                                     {QStringLiteral("provider"), QStringLiteral("admin")}});
        else
            items.append(QJsonObject{{QStringLiteral("name"), u.name},
                                     {QStringLiteral("uuid"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                                     {QStringLiteral("organizationId"), QJsonValue::Null},
                                     {QStringLiteral("owner"), u.owner},
                                     {QStringLiteral("organization"), QStringLiteral("carbon.super")}});
    }
    return Response::json(200, apis ? QJsonObject{{QStringLiteral("apiCount"), count}, {QStringLiteral("apis"), items}}
                                    : QJsonObject{{QStringLiteral("applicationCount"), count}, {QStringLiteral("applications"), items}});
}

void ApimStandIn::discover(const Request &r, SandboxServer::Reply reply)
{
    Response deny;
    if (!authorize(r, {QStringLiteral("apim:admin"), QStringLiteral("apim:admin_operations")}, &deny)) {
        reply(deny);
        return;
    }
    const auto fields = r.formFields();
    const QString url = fields.value(QStringLiteral("url"));
    const QString type = fields.value(QStringLiteral("type"));
    const QUrl target(url);
    if (url.isEmpty() || !target.isValid() || target.scheme().isEmpty()) {
        reply(error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("Invalid well-known endpoint URL: ") + url));
        return;
    }
    QNetworkRequest request(target);
    request.setTransferTimeout(10000);
    QNetworkReply *netReply = m_network->get(request);
    const bool tokenTypes = hasTokenTypes();
    connect(netReply, &QNetworkReply::finished, this, [netReply, reply, url, type, tokenTypes] {
        netReply->deleteLater();
        const QJsonObject doc = QJsonDocument::fromJson(netReply->readAll()).object();
        if (netReply->error() != QNetworkReply::NoError || doc.value(QLatin1String("issuer")).toString().isEmpty()) {
            // The real server reports a well-known URL it cannot read as not valid rather than failing.
            reply(Response::json(200, QJsonObject{{QStringLiteral("valid"), false}}));
            return;
        }
        // fromOpenIdConnectConfigurationToKeyManagerConfiguration: flat fields only, `endpoints` stays [].
        QJsonObject km{
            {QStringLiteral("name"), QJsonValue(QJsonValue::Null)},
            {QStringLiteral("type"), type},
            {QStringLiteral("wellKnownEndpoint"), url},
            {QStringLiteral("issuer"), doc.value(QLatin1String("issuer"))},
            {QStringLiteral("availableGrantTypes"), doc.value(QLatin1String("grant_types_supported")).toArray()},
            {QStringLiteral("enabled"), true},
            {QStringLiteral("enableTokenGeneration"), true},
            {QStringLiteral("enableMapOAuthConsumerApps"), true},
            {QStringLiteral("enableOAuthAppCreation"), true},
            {QStringLiteral("enableSelfValidationJWT"), true},
            {QStringLiteral("enableTokenEncryption"), false},
            {QStringLiteral("enableTokenHashing"), false},
            {QStringLiteral("endpoints"), QJsonArray()},
            {QStringLiteral("claimMapping"), QJsonArray()},
            {QStringLiteral("tokenValidation"), QJsonArray()},
            {QStringLiteral("tokenType"), QStringLiteral("DIRECT")},
        };
        static const QList<QPair<QLatin1String, QLatin1String>> flatFields{
            {QLatin1String("tokenEndpoint"), QLatin1String("token_endpoint")},
            {QLatin1String("revokeEndpoint"), QLatin1String("revocation_endpoint")},
            {QLatin1String("introspectionEndpoint"), QLatin1String("introspection_endpoint")},
            {QLatin1String("clientRegistrationEndpoint"), QLatin1String("registration_endpoint")},
            {QLatin1String("authorizeEndpoint"), QLatin1String("authorization_endpoint")}};
        for (const auto &[field, key] : flatFields) {
            const QString value = doc.value(key).toString();
            if (!value.isEmpty())
                km.insert(field, value);
        }
        if (doc.contains(QLatin1String("jwks_uri")))
            km.insert(QStringLiteral("certificates"), QJsonObject{{QStringLiteral("type"), QStringLiteral("JWKS")},
                                                                  {QStringLiteral("value"), doc.value(QLatin1String("jwks_uri"))}});
        if (!tokenTypes)
            km.remove(QStringLiteral("tokenType"));
        reply(Response::json(200, QJsonObject{{QStringLiteral("valid"), true}, {QStringLiteral("value"), km}}));
    });
}

Response ApimStandIn::settings(const Request &r)
{
    Response deny;
    if (!authorize(r, {QStringLiteral("apim:admin"), QStringLiteral("apim:admin_settings")}, &deny))
        return deny;
    return Response::json(200, QJsonObject{{QStringLiteral("scopes"), QJsonArray()},
                                           {QStringLiteral("gatewayTypes"), QJsonArray{QStringLiteral("Regular")}},
                                           {QStringLiteral("IsJWTEnabledForLoginTokens"), false},
                                           {QStringLiteral("keyManagerConfiguration"), keyManagerTypes()},
                                           {QStringLiteral("analyticsEnabled"), false}});
}

} // namespace km::sandbox
