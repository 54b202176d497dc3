#include "sandbox/asgardeo/AsgardeoStandIn.h"
#include "services/core/ConstRange.h"

#include "sandbox/apim/ApimStandIn.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUuid>

#include <optional>

namespace km::sandbox {

namespace {
QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString randomSecret(int length)
{
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    QString out;
    for (int i = 0; i < length; ++i)
        out += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))]);
    return out;
}

// "name eq APIM_GLOBAL_SCOPES" / "clientId eq abc" (Identity Server's own filters, value unquoted) → {attribute, value}
QPair<QString, QString> parseEq(const QString &filter)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\w+)\\s+eq\\s+(.*?)\\s*$"));
    const auto m = re.match(filter);
    return m.hasMatch() ? qMakePair(m.captured(1), m.captured(2)) : QPair<QString, QString>();
}

// A SCIM 2.0 filter `attr eq "value"`: the value is a JSON string (RFC 7644 §3.4.2.2), quotes and
// backslashes escaped. An unquoted value is not a SCIM filter: {attribute, value, ok=false}.
struct ScimEq
{
    QString attribute;
    QString value;
    bool ok = false;
};
ScimEq parseScimEq(const QString &filter)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\w+)\\s+eq\\s+(\"(?:[^\"\\\\]|\\\\.)*\")\\s*$"));
    const auto m = re.match(filter);
    if (!m.hasMatch())
        return {};
    const QJsonArray parsed = QJsonDocument::fromJson(QStringLiteral("[%1]").arg(m.captured(2)).toUtf8()).array();
    if (parsed.size() != 1 || !parsed.first().isString())
        return {};
    return {m.captured(1), parsed.first().toString(), true};
}

QString cursor(int index)
{
    return QString::fromLatin1(QByteArray::number(index).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

int fromCursor(const QString &c)
{
    return QByteArray::fromBase64(c.toLatin1(), QByteArray::Base64UrlEncoding).toInt();
}
} // namespace

QStringList AsgardeoStandIn::managementScopes()
{
    return {QStringLiteral("internal_dcr_create"), QStringLiteral("internal_dcr_view"), QStringLiteral("internal_dcr_update"),
            QStringLiteral("internal_dcr_delete"), QStringLiteral("internal_api_resource_create"), QStringLiteral("internal_api_resource_view"),
            QStringLiteral("internal_api_resource_update"), QStringLiteral("internal_api_resource_delete"), QStringLiteral("internal_role_mgt_create"),
            QStringLiteral("internal_role_mgt_view"), QStringLiteral("internal_role_mgt_update"), QStringLiteral("internal_role_mgt_delete")};
}

QStringList AsgardeoStandIn::applicationScopes()
{
    return {QStringLiteral("internal_application_mgt_view"), QStringLiteral("internal_application_mgt_update")};
}

AsgardeoStandIn::AsgardeoStandIn(QObject *parent)
    : QObject(parent)
    , m_server(new SandboxServer(QStringLiteral("asgardeo"), false, this))
{
    // System API resources, enough of them that a list needs more than one page.
    const QStringList system = {QStringLiteral("Application Management API"), QStringLiteral("API Resource Management API"),
                                QStringLiteral("OAuth DCR API"), QStringLiteral("SCIM2 Roles API"), QStringLiteral("SCIM2 Users API"),
                                QStringLiteral("SCIM2 Groups API"), QStringLiteral("Identity Provider Management API"),
                                QStringLiteral("Claim Management API"), QStringLiteral("Branding Preference API"),
                                QStringLiteral("Organization Management API"), QStringLiteral("Notification Sender API"),
                                QStringLiteral("Session Management API")};
    for (const QString &name : system) {
        const QString id = uuid();
        m_resources.insert(id, QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("name"), name},
                                           {QStringLiteral("identifier"), QString(QStringLiteral("/api/server/v1/") + QString(name).toLower().replace(QLatin1Char(0x20), QLatin1Char(0x2d)))},
                                           {QStringLiteral("type"), QStringLiteral("SYSTEM")}, {QStringLiteral("requiresAuthorization"), true},
                                           {QStringLiteral("description"), name}, {QStringLiteral("scopes"), QJsonArray()}});
    }
    App management;
    management.id = uuid();
    management.name = QStringLiteral("APIM-Management-App");
    management.clientId = randomSecret(28);
    management.clientSecret = randomSecret(40);
    // Authorized as the Asgardeo guide says, plus the Application Management API the console's Scopes page uses.
    management.grantedScopes = managementScopes() + applicationScopes();
    m_managementAppId = management.id;
    m_apps.insert(management.id, management);
    // Authorized for the connector's twelve scopes only: the optional application scopes are missing.
    App connectorOnly;
    connectorOnly.id = uuid();
    connectorOnly.name = QStringLiteral("APIM-Connector-Only-App");
    connectorOnly.clientId = randomSecret(28);
    connectorOnly.clientSecret = randomSecret(40);
    connectorOnly.grantedScopes = managementScopes();
    m_connectorOnlyAppId = connectorOnly.id;
    m_apps.insert(connectorOnly.id, connectorOnly);
    // The common mistake: the Organization API versions authorized instead of the Management API.
    App orgApi;
    orgApi.id = uuid();
    orgApi.name = QStringLiteral("APIM-Org-API-App");
    orgApi.clientId = randomSecret(28);
    orgApi.clientSecret = randomSecret(40);
    for (const QString &s : managementScopes())
        orgApi.grantedScopes << QString(s).replace(QStringLiteral("internal_"), QStringLiteral("internal_org_"));
    m_orgApiAppId = orgApi.id;
    m_apps.insert(orgApi.id, orgApi);
    // A business application of the organization, with no API authorized yet: what an admin authorizes scopes for.
    App business;
    business.id = uuid();
    business.name = QStringLiteral("PizzaShack-Web");
    business.clientId = randomSecret(28);
    business.clientSecret = randomSecret(40);
    m_businessAppId = business.id;
    m_apps.insert(business.id, business);
    addRoutes();
}

bool AsgardeoStandIn::start(QString *error)
{
    if (!m_signer.isValid()) {
        if (error)
            *error = QStringLiteral("OpenSSL could not create the Asgardeo signing key");
        return false;
    }
    return m_server->start(error);
}

QUrl AsgardeoStandIn::orgUrl(const QString &path) const
{
    QUrl url = m_server->baseUrl();
    url.setPath(QStringLiteral("/t/") + m_org + path);
    return url;
}

Response AsgardeoStandIn::error(int status, const QString &code, const QString &message, const QString &description) const
{
    return Response::json(status, QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message},
                                              {QStringLiteral("description"), description}, {QStringLiteral("traceId"), uuid()}});
}

AsgardeoStandIn::App *AsgardeoStandIn::appByClientId(const QString &clientId)
{
    for (auto it = m_apps.begin(); it != m_apps.end(); ++it) {
        if (it->clientId == clientId)
            return &it.value();
    }
    return nullptr;
}

bool AsgardeoStandIn::authorize(const Request &r, const QString &scope, Response *deny) const
{
    const QString token = r.bearerToken();
    const auto claims = m_tokenClaims.constFind(token);
    if (token.isEmpty() || claims == m_tokenClaims.constEnd() || m_tokens.value(token) < QDateTime::currentDateTimeUtc()) {
        *deny = Response::empty(401);
        deny->header("WWW-Authenticate", "Bearer realm=\"asgardeo\", error=\"invalid_token\"");
        return false;
    }
    const QStringList granted = claims->value(QLatin1String("scope")).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (!granted.contains(scope)) {
        *deny = Response::empty(403);
        return false;
    }
    return true;
}

QJsonObject AsgardeoStandIn::resourceJson(const QJsonObject &resource, bool withScopes) const
{
    QJsonObject out{{QStringLiteral("id"), resource.value(QLatin1String("id"))},
                    {QStringLiteral("name"), resource.value(QLatin1String("name"))},
                    {QStringLiteral("identifier"), resource.value(QLatin1String("identifier"))},
                    {QStringLiteral("type"), resource.value(QLatin1String("type"))},
                    {QStringLiteral("requiresAuthorization"), resource.value(QLatin1String("requiresAuthorization"))},
                    {QStringLiteral("self"), QStringLiteral("/t/%1/api/server/v1/api-resources/%2").arg(m_org, resource.value(QLatin1String("id")).toString())}};
    if (withScopes) {
        out.insert(QStringLiteral("description"), resource.value(QLatin1String("description")).toString());
        out.insert(QStringLiteral("scopes"), resource.value(QLatin1String("scopes")));
    }
    return out;
}

QJsonObject AsgardeoStandIn::findResourceByName(const QString &name) const
{
    for (const QJsonObject &r : m_resources) {
        if (r.value(QLatin1String("name")).toString() == name)
            return r;
    }
    return {};
}

std::optional<Response> AsgardeoStandIn::checkScopeNames(const QJsonArray &scopes) const
{
    // identity-api-server APIResourceMgtEndpointUtil.validateScopes: blank → 60005, startsWith (case-sensitive) a
    // restricted prefix of identity.xml OAuth.RestrictedScopes → 60008, an existing OIDC scope → 60009.
    static const QStringList oidc = {QStringLiteral("openid"), QStringLiteral("email"), QStringLiteral("profile"),
                                     QStringLiteral("address"), QStringLiteral("phone")};
    for (const QJsonValue &s : scopes) {
        const QString name = s.isObject() ? s.toObject().value(QLatin1String("name")).toString() : s.toString();
        if (name.trimmed().isEmpty())
            return error(400, QStringLiteral("API-RESOURCE-60005"), QStringLiteral("Invalid scope name provided."), QStringLiteral("Scope name is required."));
        if (name.startsWith(QLatin1String("internal_")))
            return error(400, QStringLiteral("API-RESOURCE-60008"), QStringLiteral("Restricted scope name provided."), QStringLiteral("Scope name is restricted."));
        if (oidc.contains(name))
            return error(400, QStringLiteral("API-RESOURCE-60009"), QStringLiteral("Existing OIDC scope name provided."),
                         QStringLiteral("Provided scopes name is already exists in the system as an OIDC scope."));
        // GUESS (docs/fidelity.md): a space cannot be in an OAuth scope token; the real code for it is not known.
        if (name.contains(QLatin1Char(' ')))
            return error(400, QStringLiteral("API-RESOURCE-60005"), QStringLiteral("Invalid scope name provided."), QStringLiteral("Scope name '%1' is not valid.").arg(name));
    }
    return std::nullopt;
}

Response AsgardeoStandIn::token(const Request &r)
{
    if (r.params.value(QStringLiteral("org")) != m_org)
        return Response::json(401, QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_client")},
                                               {QStringLiteral("error_description"), QStringLiteral("Organization %1 does not exist.").arg(r.params.value(QStringLiteral("org")))}});
    auto auth = r.basicAuth();
    const auto fields = r.formFields();
    if (auth.first.isEmpty())
        auth = {fields.value(QStringLiteral("client_id")), fields.value(QStringLiteral("client_secret"))};
    App *app = appByClientId(auth.first);
    if (!app || app->clientSecret != auth.second)
        return Response::json(401, QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_client")},
                                               {QStringLiteral("error_description"), QStringLiteral("Client credentials are invalid.")}});
    if (fields.value(QStringLiteral("grant_type")) != QLatin1String("client_credentials"))
        return Response::json(400, QJsonObject{{QStringLiteral("error"), QStringLiteral("unsupported_grant_type")},
                                               {QStringLiteral("error_description"), QStringLiteral("Unsupported grant_type value")}});
    // Scopes that were not authorized are silently left out, as Asgardeo does.
    QStringList granted;
    for (const QString &s : fields.value(QStringLiteral("scope")).split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (app->grantedScopes.contains(s))
            granted << s;
    }
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QString jti = uuid();
    const QJsonObject claims{{QStringLiteral("iss"), orgUrl(QStringLiteral("/oauth2/token")).toString()},
                             {QStringLiteral("sub"), app->clientId}, {QStringLiteral("aud"), app->clientId},
                             {QStringLiteral("azp"), app->clientId}, {QStringLiteral("client_id"), app->clientId},
                             {QStringLiteral("org_name"), m_org}, {QStringLiteral("scope"), granted.join(QLatin1Char(' '))},
                             {QStringLiteral("iat"), now}, {QStringLiteral("nbf"), now}, {QStringLiteral("exp"), now + 3600},
                             {QStringLiteral("jti"), jti}, {QStringLiteral("aut"), QStringLiteral("APPLICATION")}};
    const QString token = QString::fromLatin1(m_signer.sign(claims, QJsonObject{{QStringLiteral("typ"), QStringLiteral("at+jwt")}}));
    m_tokens.insert(token, QDateTime::currentDateTimeUtc().addSecs(3600));
    m_tokenClaims.insert(token, claims);
    return Response::json(200, QJsonObject{{QStringLiteral("access_token"), token}, {QStringLiteral("scope"), granted.join(QLatin1Char(' '))},
                                           {QStringLiteral("token_type"), QStringLiteral("Bearer")}, {QStringLiteral("expires_in"), 3600}});
}

void AsgardeoStandIn::addRoutes()
{
    const QString t = QStringLiteral("/t/{org}");
    m_server->route("GET", t + QStringLiteral("/oauth2/token/.well-known/openid-configuration"), [this](const Request &r) {
        if (r.params.value(QStringLiteral("org")) != m_org)
            return error(404, QStringLiteral("OIDC-60001"), QStringLiteral("Organization not found"), QStringLiteral("No organization named %1").arg(r.params.value(QStringLiteral("org"))));
        auto u = [this](const char *p) { return orgUrl(QLatin1String(p)).toString(); };
        return Response::json(200, QJsonObject{
            {QStringLiteral("issuer"), u("/oauth2/token")}, {QStringLiteral("token_endpoint"), u("/oauth2/token")},
            {QStringLiteral("jwks_uri"), u("/oauth2/jwks")}, {QStringLiteral("introspection_endpoint"), u("/oauth2/introspect")},
            {QStringLiteral("revocation_endpoint"), u("/oauth2/revoke")}, {QStringLiteral("authorization_endpoint"), u("/oauth2/authorize")},
            {QStringLiteral("userinfo_endpoint"), u("/oauth2/userinfo")}, {QStringLiteral("end_session_endpoint"), u("/oidc/logout")},
            {QStringLiteral("registration_endpoint"), u("/api/identity/oauth2/dcr/v1.1/register")},
            {QStringLiteral("grant_types_supported"), QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("implicit"), QStringLiteral("password"),
                                                                 QStringLiteral("client_credentials"), QStringLiteral("refresh_token"),
                                                                 QStringLiteral("urn:ietf:params:oauth:grant-type:device_code"),
                                                                 QStringLiteral("urn:ietf:params:oauth:grant-type:token-exchange")}},
            {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code"), QStringLiteral("id_token"), QStringLiteral("token")}},
            {QStringLiteral("subject_types_supported"), QJsonArray{QStringLiteral("public")}},
            {QStringLiteral("id_token_signing_alg_values_supported"), QJsonArray{QStringLiteral("RS256")}},
            {QStringLiteral("scopes_supported"), QJsonArray{QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("email")}}});
    });
    m_server->route("GET", t + QStringLiteral("/oauth2/jwks"), [this](const Request &) { return Response::json(200, m_signer.jwks()); });
    m_server->route("POST", t + QStringLiteral("/oauth2/token"), [this](const Request &r) { return token(r); });
    m_server->route("POST", t + QStringLiteral("/oauth2/introspect"), [this](const Request &r) {
        const QString tok = r.formFields().value(QStringLiteral("token"));
        if (!m_tokenClaims.contains(tok) || m_tokens.value(tok) < QDateTime::currentDateTimeUtc())
            return Response::json(200, QJsonObject{{QStringLiteral("active"), false}});
        QJsonObject out = m_tokenClaims.value(tok);
        out.insert(QStringLiteral("active"), true);
        out.insert(QStringLiteral("token_type"), QStringLiteral("Bearer"));
        return Response::json(200, out);
    });
    m_server->route("POST", t + QStringLiteral("/oauth2/revoke"), [this](const Request &r) {
        const QString tok = r.formFields().value(QStringLiteral("token"));
        m_tokens.remove(tok);
        m_tokenClaims.remove(tok);
        return Response::empty(200);
    });

    // DCR v1.1
    const QString dcr = t + QStringLiteral("/api/identity/oauth2/dcr/v1.1/register");
    auto dcrJson = [](const App &a, const QJsonObject &meta) {
        return QJsonObject{{QStringLiteral("client_id"), a.clientId}, {QStringLiteral("client_secret"), a.clientSecret},
                           {QStringLiteral("client_secret_expires_at"), 0}, {QStringLiteral("client_name"), a.name},
                           {QStringLiteral("redirect_uris"), meta.value(QLatin1String("redirect_uris")).toArray()},
                           {QStringLiteral("grant_types"), meta.value(QLatin1String("grant_types")).toArray()}};
    };
    m_server->route("POST", dcr, [this, dcrJson](const Request &r) {
        Response deny;
        if (!authorize(r, QStringLiteral("internal_dcr_create"), &deny))
            return deny;
        const QJsonObject body = r.json();
        const QString name = body.value(QLatin1String("client_name")).toString();
        if (name.isEmpty())
            return Response::json(400, QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_client_metadata")},
                                                   {QStringLiteral("error_description"), QStringLiteral("Client Name is required.")}});
        for (const App &a : std::as_const(m_apps)) {
            if (a.name == name)
                return Response::json(400, QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_client_metadata")},
                                                       {QStringLiteral("error_description"), QStringLiteral("Application with the name %1 already exist in the system").arg(name)}});
        }
        App app;
        app.id = uuid();
        app.name = name;
        app.clientId = randomSecret(28);
        app.clientSecret = randomSecret(40);
        m_apps.insert(app.id, app);
        return Response::json(201, dcrJson(app, body));
    });
    m_server->route("GET", dcr + QStringLiteral("/{clientId}"), [this, dcrJson](const Request &r) {
        Response deny;
        if (!authorize(r, QStringLiteral("internal_dcr_view"), &deny))
            return deny;
        App *app = appByClientId(r.params.value(QStringLiteral("clientId")));
        if (!app)
            return Response::json(404, QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_client")},
                                                   {QStringLiteral("error_description"), QStringLiteral("No application found")}});
        return Response::json(200, dcrJson(*app, QJsonObject()));
    });
    m_server->route("DELETE", dcr + QStringLiteral("/{clientId}"), [this](const Request &r) {
        Response deny;
        if (!authorize(r, QStringLiteral("internal_dcr_delete"), &deny))
            return deny;
        App *app = appByClientId(r.params.value(QStringLiteral("clientId")));
        if (!app)
            return Response::json(404, QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_client")},
                                                   {QStringLiteral("error_description"), QStringLiteral("No application found")}});
        m_apps.remove(app->id);
        return Response::empty(204);
    });

    // API resources
    const QString ar = t + QStringLiteral("/api/server/v1/api-resources");
    m_server->route("GET", ar, [this, ar](const Request &r) {
        Response deny;
        if (!authorize(r, QStringLiteral("internal_api_resource_view"), &deny))
            return deny;
        const auto filter = parseEq(r.query.queryItemValue(QStringLiteral("filter"), QUrl::FullyDecoded));
        if (r.query.hasQueryItem(QStringLiteral("filter")) && filter.first.isEmpty())
            return error(400, QStringLiteral("API-RESOURCE-60007"), QStringLiteral("Invalid search attribute."), QStringLiteral("Only 'eq' filters are supported here."));
        QList<QJsonObject> matching;
        for (const QJsonObject &res : std::as_const(m_resources)) {
            if (filter.first.isEmpty() || res.value(filter.first).toString() == filter.second)
                matching.append(res);
        }
        const int limit = qBound(1, r.query.queryItemValue(QStringLiteral("limit")).toInt() > 0 ? r.query.queryItemValue(QStringLiteral("limit")).toInt() : 10, 100);
        const int start = r.query.hasQueryItem(QStringLiteral("after")) ? fromCursor(r.query.queryItemValue(QStringLiteral("after"))) : 0;
        QJsonArray page;
        for (int i = start; i < matching.size() && i < start + limit; ++i)
            page.append(resourceJson(matching.at(i), false));
        QJsonArray links;
        QString base = QStringLiteral("/t/%1/api/server/v1/api-resources?limit=%2").arg(m_org).arg(limit);
        if (!filter.first.isEmpty())
            base += QStringLiteral("&filter=") + QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("%1 eq %2").arg(filter.first, filter.second)));
        if (start + limit < matching.size())
            links.append(QJsonObject{{QStringLiteral("rel"), QStringLiteral("next")}, {QStringLiteral("href"), QString(base + QStringLiteral("&after=") + cursor(start + limit))}});
        if (start > 0)
            links.append(QJsonObject{{QStringLiteral("rel"), QStringLiteral("previous")}, {QStringLiteral("href"), QString(base + QStringLiteral("&before=") + cursor(start))}});
        Q_UNUSED(ar);
        // The list key is apiResources (APIResourceListResponse @JsonProperty("apiResources")), not the vendor YAML's APIResources.
        return Response::json(200, QJsonObject{{QStringLiteral("totalResults"), int(matching.size())}, {QStringLiteral("links"), links},
                                               {QStringLiteral("apiResources"), page}});
    });
    m_server->route("POST", ar, [this](const Request &r) {
        Response deny;
        if (!authorize(r, QStringLiteral("internal_api_resource_create"), &deny))
            return deny;
        const QJsonObject body = r.json();
        const QString identifier = body.value(QLatin1String("identifier")).toString();
        const QString name = body.value(QLatin1String("name")).toString();
        if (name.trimmed().isEmpty())
            return error(400, QStringLiteral("API-RESOURCE-60003"), QStringLiteral("Invalid API resource name provided."), QStringLiteral("API resource name is required."));
        if (identifier.trimmed().isEmpty())
            return error(400, QStringLiteral("API-RESOURCE-60004"), QStringLiteral("Invalid API resource identifier provided."), QStringLiteral("API resource identifier is required."));
        for (const QJsonObject &res : std::as_const(m_resources)) {
            // 409 as ApiResourcesApiServiceImpl maps a conflict; the code in its body is a GUESS (docs/fidelity.md).
            if (res.value(QLatin1String("identifier")).toString() == identifier)
                return error(409, QStringLiteral("API-RESOURCE-60003"), QStringLiteral("API resource already exists."),
                             QStringLiteral("API resource with identifier: %1 already exists.").arg(identifier));
        }
        const QJsonArray scopes = body.value(QLatin1String("scopes")).toArray();
        if (auto problem = checkScopeNames(scopes))
            return *problem;
        QJsonArray stored;
        for (const QJsonValue &s : scopes) {
            const QJsonObject o = s.toObject();
            stored.append(QJsonObject{{QStringLiteral("id"), uuid()}, {QStringLiteral("name"), o.value(QLatin1String("name"))},
                                      {QStringLiteral("displayName"), o.value(QLatin1String("displayName")).toString(o.value(QLatin1String("name")).toString())},
                                      {QStringLiteral("description"), o.value(QLatin1String("description")).toString()}});
        }
        const QString id = uuid();
        const QJsonObject res{{QStringLiteral("id"), id}, {QStringLiteral("name"), name}, {QStringLiteral("identifier"), identifier},
                              {QStringLiteral("description"), body.value(QLatin1String("description")).toString()},
                              {QStringLiteral("requiresAuthorization"), body.value(QLatin1String("requiresAuthorization")).toBool(true)},
                              {QStringLiteral("type"), QStringLiteral("BUSINESS")}, {QStringLiteral("scopes"), stored}};
        m_resources.insert(id, res);
        // ApiResourcesApiServiceImpl.addAPIResource: Response.created(location) — 201, although the vendor YAML documents 200.
        return Response::json(201, resourceJson(res, true)).header("Location", orgUrl(QStringLiteral("/api/server/v1/api-resources/") + id).toString().toUtf8());
    });
    m_server->route("GET", ar + QStringLiteral("/{id}"), [this](const Request &r) {
        Response deny;
        if (!authorize(r, QStringLiteral("internal_api_resource_view"), &deny))
            return deny;
        const QString id = r.params.value(QStringLiteral("id"));
        if (!m_resources.contains(id))
            return error(404, QStringLiteral("API-RESOURCE-60002"), QStringLiteral("Unable to find the API resource."),
                         QStringLiteral("Unable to find the API resource with the id: %1 in the tenant domain.").arg(id));
        return Response::json(200, resourceJson(m_resources.value(id), true));
    });
    m_server->route("PATCH", ar + QStringLiteral("/{id}"), [this](const Request &r) {
        Response deny;
        if (!authorize(r, QStringLiteral("internal_api_resource_update"), &deny))
            return deny;
        const QString id = r.params.value(QStringLiteral("id"));
        if (!m_resources.contains(id))
            return error(404, QStringLiteral("API-RESOURCE-60002"), QStringLiteral("Unable to find the API resource."),
                         QStringLiteral("Unable to find the API resource with the id: %1 in the tenant domain.").arg(id));
        const QJsonObject body = r.json();
        if (!body.value(QLatin1String("removedScopes")).toArray().isEmpty())
            return error(501, QStringLiteral("API-RESOURCE-60006"), QStringLiteral("Removed scopes patching is not supported yet."),
                         QStringLiteral("Removed scopes patching is not supported yet for API resources."));
        const QJsonArray added = body.value(QLatin1String("addedScopes")).toArray();
        if (auto problem = checkScopeNames(added))
            return *problem;
        QJsonObject res = m_resources.value(id);
        QJsonArray scopes = res.value(QLatin1String("scopes")).toArray();
        for (const QJsonValue &s : added) {
            const QJsonObject o = s.toObject();
            for (const QJsonValue &existing : std::as_const(scopes)) {
                if (existing.toObject().value(QLatin1String("name")) == o.value(QLatin1String("name")))
                    return error(409, QStringLiteral("API-RESOURCE-60007"), QStringLiteral("Scope already exists."),
                                 QStringLiteral("Scope %1 already exists.").arg(o.value(QLatin1String("name")).toString()));
            }
            scopes.append(QJsonObject{{QStringLiteral("id"), uuid()}, {QStringLiteral("name"), o.value(QLatin1String("name"))},
                                      {QStringLiteral("displayName"), o.value(QLatin1String("displayName")).toString(o.value(QLatin1String("name")).toString())},
                                      {QStringLiteral("description"), o.value(QLatin1String("description")).toString()}});
        }
        res.insert(QStringLiteral("scopes"), scopes);
        m_resources.insert(id, res);
        return Response::empty(204);
    });
    m_server->route("DELETE", ar + QStringLiteral("/{id}/scopes/{scope}"), [this](const Request &r) {
        Response deny;
        if (!authorize(r, QStringLiteral("internal_api_resource_update"), &deny))
            return deny;
        const QString id = r.params.value(QStringLiteral("id"));
        QJsonObject res = m_resources.value(id);
        QJsonArray kept;
        bool found = false;
        for (const QJsonValue &s : km::constTemporary(res.value(QLatin1String("scopes")).toArray())) {
            if (s.toObject().value(QLatin1String("name")).toString() == r.params.value(QStringLiteral("scope")))
                found = true;
            else
                kept.append(s);
        }
        if (!found)
            return error(404, QStringLiteral("API-RESOURCE-60002"), QStringLiteral("Scope not found."), QStringLiteral("No such scope in the API resource."));
        res.insert(QStringLiteral("scopes"), kept);
        m_resources.insert(id, res);
        return Response::empty(204);
    });

    // Applications and their authorized APIs
    const QString apps = t + QStringLiteral("/api/server/v1/applications");
    m_server->route("GET", apps, [this](const Request &r) {
        Response deny;
        if (!authorize(r, QStringLiteral("internal_application_mgt_view"), &deny))
            return deny;
        const auto filter = parseEq(r.query.queryItemValue(QStringLiteral("filter"), QUrl::FullyDecoded));
        QJsonArray list;
        for (const App &a : std::as_const(m_apps)) {
            if (filter.first == QLatin1String("clientId") && a.clientId != filter.second)
                continue;
            if (filter.first == QLatin1String("name") && a.name != filter.second)
                continue;
            list.append(QJsonObject{{QStringLiteral("id"), a.id}, {QStringLiteral("name"), a.name}, {QStringLiteral("clientId"), a.clientId},
                                    {QStringLiteral("self"), QStringLiteral("/t/%1/api/server/v1/applications/%2").arg(m_org, a.id)}});
        }
        return Response::json(200, QJsonObject{{QStringLiteral("totalResults"), list.size()}, {QStringLiteral("startIndex"), 1},
                                               {QStringLiteral("count"), list.size()}, {QStringLiteral("applications"), list},
                                               {QStringLiteral("links"), QJsonArray()}});
    });
    auto authorizedJson = [this](const App &a) {
        QJsonArray out;
        for (auto it = a.authorizedApis.begin(); it != a.authorizedApis.end(); ++it) {
            const QJsonObject res = m_resources.value(it.key());
            QJsonArray scopes;
            for (const QJsonValue &s : km::constTemporary(res.value(QLatin1String("scopes")).toArray())) {
                if (it.value().contains(s.toObject().value(QLatin1String("name")).toString()))
                    scopes.append(QJsonObject{{QStringLiteral("id"), s.toObject().value(QLatin1String("id"))},
                                              {QStringLiteral("name"), s.toObject().value(QLatin1String("name"))},
                                              {QStringLiteral("displayName"), s.toObject().value(QLatin1String("displayName"))}});
            }
            out.append(QJsonObject{{QStringLiteral("id"), it.key()}, {QStringLiteral("identifier"), res.value(QLatin1String("identifier"))},
                                   {QStringLiteral("displayName"), res.value(QLatin1String("name"))}, {QStringLiteral("policyId"), QStringLiteral("RBAC")},
                                   {QStringLiteral("type"), res.value(QLatin1String("type"))}, {QStringLiteral("authorizedScopes"), scopes}});
        }
        return out;
    };
    m_server->route("GET", apps + QStringLiteral("/{appId}/authorized-apis"), [this, authorizedJson](const Request &r) {
        Response deny;
        if (!authorize(r, QStringLiteral("internal_application_mgt_view"), &deny))
            return deny;
        if (!m_apps.contains(r.params.value(QStringLiteral("appId"))))
            return error(404, QStringLiteral("APP-60006"), QStringLiteral("Application not found."), QStringLiteral("No application with that id."));
        return Response::json(200, authorizedJson(m_apps.value(r.params.value(QStringLiteral("appId")))));
    });
    auto applyScopes = [](App &app, const QString &apiId, const QStringList &scopes) {
        QStringList &authorized = app.authorizedApis[apiId];
        for (const QString &s : scopes) {
            if (!authorized.contains(s))
                authorized << s;
            if (!app.grantedScopes.contains(s))
                app.grantedScopes << s;
        }
    };
    m_server->route("POST", apps + QStringLiteral("/{appId}/authorized-apis"), [this, applyScopes](const Request &r) {
        Response deny;
        if (!authorize(r, QStringLiteral("internal_application_mgt_update"), &deny))
            return deny;
        const QString appId = r.params.value(QStringLiteral("appId"));
        if (!m_apps.contains(appId))
            return error(404, QStringLiteral("APP-60006"), QStringLiteral("Application not found."), QStringLiteral("No application with that id."));
        const QJsonObject body = r.json();
        const QString apiId = body.value(QLatin1String("id")).toString();
        if (!m_resources.contains(apiId))
            return error(400, QStringLiteral("APP-60001"), QStringLiteral("Invalid API resource."), QStringLiteral("No API resource with id %1.").arg(apiId));
        if (m_apps.value(appId).authorizedApis.contains(apiId))
            return error(409, QStringLiteral("APP-60011"), QStringLiteral("API already authorized."), QStringLiteral("Use PATCH to change the scopes."));
        applyScopes(m_apps[appId], apiId, body.value(QLatin1String("scopes")).toVariant().toStringList());
        return Response::empty(201);
    });
    m_server->route("PATCH", apps + QStringLiteral("/{appId}/authorized-apis/{apiId}"), [this, applyScopes](const Request &r) {
        Response deny;
        if (!authorize(r, QStringLiteral("internal_application_mgt_update"), &deny))
            return deny;
        const QString appId = r.params.value(QStringLiteral("appId"));
        const QString apiId = r.params.value(QStringLiteral("apiId"));
        if (!m_apps.contains(appId) || !m_apps.value(appId).authorizedApis.contains(apiId))
            return error(404, QStringLiteral("APP-60006"), QStringLiteral("Authorized API not found."), QStringLiteral("Authorize it with POST first."));
        const QJsonObject body = r.json();
        applyScopes(m_apps[appId], apiId, body.value(QLatin1String("addedScopes")).toVariant().toStringList());
        for (const QString &s : body.value(QLatin1String("removedScopes")).toVariant().toStringList())
            m_apps[appId].authorizedApis[apiId].removeAll(s);
        return Response::empty(200); // the vendor documents 200 OK for this PATCH
    });

    // SCIM2 Roles V2
    const QString roles = t + QStringLiteral("/scim2/v2/Roles");
    auto scimError = [](int status, const QString &scimType, const QString &detail) {
        QJsonObject o{{QStringLiteral("schemas"), QJsonArray{QStringLiteral("urn:ietf:params:scim:api:messages:2.0:Error")}},
                      {QStringLiteral("detail"), detail}, {QStringLiteral("status"), QString::number(status)}};
        if (!scimType.isEmpty())
            o.insert(QStringLiteral("scimType"), scimType);
        return Response::json(status, o, "application/scim+json");
    };
    m_server->route("POST", roles, [this, scimError](const Request &r) {
        Response deny;
        if (!authorize(r, QStringLiteral("internal_role_mgt_create"), &deny))
            return deny;
        const QJsonObject body = r.json();
        const QString name = body.value(QLatin1String("displayName")).toString();
        if (name.isEmpty())
            return scimError(400, QStringLiteral("invalidValue"), QStringLiteral("Role name is required."));
        for (const QJsonObject &role : std::as_const(m_roles)) {
            if (role.value(QLatin1String("displayName")).toString() == name)
                return scimError(409, QStringLiteral("uniqueness"), QStringLiteral("Role with name: %1 already exists in the organization.").arg(name));
        }
        const QString id = uuid();
        QJsonArray permissions;
        for (const QJsonValue &p : km::constTemporary(body.value(QLatin1String("permissions")).toArray()))
            permissions.append(QJsonObject{{QStringLiteral("value"), p.toObject().value(QLatin1String("value"))},
                                           {QStringLiteral("display"), p.toObject().value(QLatin1String("value"))}});
        const QJsonObject role{{QStringLiteral("schemas"), QJsonArray{QStringLiteral("urn:ietf:params:scim:schemas:extension:2.0:Role")}},
                               {QStringLiteral("id"), id}, {QStringLiteral("displayName"), name},
                               {QStringLiteral("audience"), QJsonObject{{QStringLiteral("value"), m_org}, {QStringLiteral("display"), m_org},
                                                                        {QStringLiteral("type"), QStringLiteral("organization")}}},
                               {QStringLiteral("permissions"), permissions},
                               {QStringLiteral("meta"), QJsonObject{{QStringLiteral("location"), orgUrl(QStringLiteral("/scim2/v2/Roles/") + id).toString()}}}};
        m_roles.insert(id, role);
        return Response::json(201, role, "application/scim+json").header("Location", orgUrl(QStringLiteral("/scim2/v2/Roles/") + id).toString().toUtf8());
    });
    m_server->route("POST", roles + QStringLiteral("/.search"), [this](const Request &r) {
        Response deny;
        if (!authorize(r, QStringLiteral("internal_role_mgt_view"), &deny))
            return deny;
        const QString filterText = r.json().value(QLatin1String("filter")).toString();
        const ScimEq filter = parseScimEq(filterText);
        if (!filterText.isEmpty() && !filter.ok)
            return Response::json(400, QJsonObject{{QStringLiteral("schemas"), QJsonArray{QStringLiteral("urn:ietf:params:scim:api:messages:2.0:Error")}},
                                                   {QStringLiteral("scimType"), QStringLiteral("invalidFilter")},
                                                   {QStringLiteral("detail"), QStringLiteral("The specified filter syntax was invalid: %1").arg(filterText)},
                                                   {QStringLiteral("status"), QStringLiteral("400")}},
                                  "application/scim+json");
        QJsonArray found;
        for (const QJsonObject &role : std::as_const(m_roles)) {
            if (!filter.ok || role.value(filter.attribute).toString() == filter.value)
                found.append(role);
        }
        return Response::json(200, QJsonObject{{QStringLiteral("schemas"), QJsonArray{QStringLiteral("urn:ietf:params:scim:api:messages:2.0:ListResponse")}},
                                               {QStringLiteral("totalResults"), found.size()}, {QStringLiteral("startIndex"), 1},
                                               {QStringLiteral("itemsPerPage"), found.size()}, {QStringLiteral("Resources"), found}},
                              "application/scim+json");
    });
    // /Roles/{id}: the caller's token must hold `scope` and the role must exist; otherwise the refusal.
    auto refuseRole = [this, scimError](const Request &r, const QString &scope) -> std::optional<Response> {
        Response deny;
        if (!authorize(r, scope, &deny))
            return deny;
        if (!m_roles.contains(r.params.value(QStringLiteral("id"))))
            return scimError(404, QString(), QStringLiteral("Role not found."));
        return std::nullopt;
    };
    m_server->route("GET", roles + QStringLiteral("/{id}"), [this, refuseRole](const Request &r) {
        if (auto refused = refuseRole(r, QStringLiteral("internal_role_mgt_view")))
            return *refused;
        return Response::json(200, m_roles.value(r.params.value(QStringLiteral("id"))), "application/scim+json");
    });
    m_server->route("PATCH", roles + QStringLiteral("/{id}"), [this, refuseRole](const Request &r) {
        if (auto refused = refuseRole(r, QStringLiteral("internal_role_mgt_update")))
            return *refused;
        const QString id = r.params.value(QStringLiteral("id"));
        QJsonObject role = m_roles.value(id);
        for (const QJsonValue &op : km::constTemporary(r.json().value(QLatin1String("Operations")).toArray())) {
            const QJsonObject o = op.toObject();
            if (o.value(QLatin1String("path")).toString() == QLatin1String("permissions") && o.value(QLatin1String("op")).toString().toLower() == QLatin1String("add")) {
                QJsonArray permissions = role.value(QLatin1String("permissions")).toArray();
                for (const QJsonValue &p : km::constTemporary(o.value(QLatin1String("value")).toArray()))
                    permissions.append(p);
                role.insert(QStringLiteral("permissions"), permissions);
            }
        }
        m_roles.insert(id, role);
        return Response::json(200, role, "application/scim+json");
    });
    m_server->setStateProvider([this] { return state(); });
}

void AsgardeoStandIn::attachTo(ApimStandIn *apim)
{
    apim->addKeyManagerHook(QStringLiteral("Asgardeo"), [this](const QJsonObject &km) -> QString {
        const QJsonObject props = km.value(QLatin1String("additionalProperties")).toObject();
        const QString org = props.value(QLatin1String("org_name")).toString();
        const QString resource = props.value(QLatin1String("APIM_GLOBAL_SCOPES")).toString();
        // The connector looks the global scopes resource up by name when the key manager loads.
        if (org == m_org && !findResourceByName(resource).isEmpty())
            return QString();
        return QStringLiteral("Asgardeo connector: the global scopes API resource '%1' was not found in organization '%2'.").arg(resource, org);
    });
}

QString AsgardeoStandIn::addScopesToResource(const QString &org, const QString &resourceName, const QJsonArray &scopes)
{
    if (org != m_org)
        return QStringLiteral("Asgardeo organization '%1' does not exist").arg(org);
    QJsonObject resource = findResourceByName(resourceName);
    if (resource.isEmpty())
        return QStringLiteral("The global scopes API resource '%1' was not found in organization '%2'").arg(resourceName, org);
    QJsonArray existing = resource.value(QLatin1String("scopes")).toArray();
    QJsonArray added;
    for (const QJsonValue &s : scopes) {
        const QJsonObject o = s.toObject();
        bool present = false;
        for (const QJsonValue &e : std::as_const(existing))
            present = present || e.toObject().value(QLatin1String("name")) == o.value(QLatin1String("name"));
        if (!present)
            added.append(o);
    }
    if (auto problem = checkScopeNames(added)) {
        // The connector relays Asgardeo's answer to PATCH /api-resources/{id}.
        const QJsonObject body = QJsonDocument::fromJson(problem->body).object();
        return QStringLiteral("Asgardeo rejected the scope: %1 - %2 (code %3)")
            .arg(body.value(QLatin1String("message")).toString(), body.value(QLatin1String("description")).toString(),
                 body.value(QLatin1String("code")).toString());
    }
    for (const QJsonValue &s : std::as_const(added)) {
        const QJsonObject o = s.toObject();
        existing.append(QJsonObject{{QStringLiteral("id"), uuid()}, {QStringLiteral("name"), o.value(QLatin1String("name"))},
                                    {QStringLiteral("displayName"), o.value(QLatin1String("displayName")).toString(o.value(QLatin1String("name")).toString())},
                                    {QStringLiteral("description"), o.value(QLatin1String("description")).toString()}});
    }
    resource.insert(QStringLiteral("scopes"), existing);
    m_resources.insert(resource.value(QLatin1String("id")).toString(), resource);
    return QString();
}

QJsonObject AsgardeoStandIn::state() const
{
    QJsonArray resources;
    for (const QJsonObject &r : m_resources)
        resources.append(r);
    QJsonArray apps;
    for (const App &a : m_apps) {
        QJsonObject authorized;
        for (auto it = a.authorizedApis.begin(); it != a.authorizedApis.end(); ++it)
            authorized.insert(it.key(), QJsonArray::fromStringList(it.value()));
        apps.append(QJsonObject{{QStringLiteral("id"), a.id}, {QStringLiteral("name"), a.name}, {QStringLiteral("clientId"), a.clientId},
                                {QStringLiteral("grantedScopes"), QJsonArray::fromStringList(a.grantedScopes)}, {QStringLiteral("authorizedApis"), authorized}});
    }
    QJsonArray roles;
    for (const QJsonObject &r : m_roles)
        roles.append(r);
    return QJsonObject{{QStringLiteral("organization"), m_org}, {QStringLiteral("apiResources"), resources},
                       {QStringLiteral("applications"), apps}, {QStringLiteral("roles"), roles}};
}

} // namespace km::sandbox
