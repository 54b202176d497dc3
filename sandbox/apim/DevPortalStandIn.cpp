#include "sandbox/apim/DevPortalStandIn.h"
#include "services/core/ConstRange.h"

#include "sandbox/apim/ApimStandIn.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>
#include <QUuid>

namespace km::sandbox {

namespace {
QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString randomKey(int length)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
    QString out;
    for (int i = 0; i < length; ++i)
        out += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))]);
    return out;
}

// Connectors read their endpoints from the stored additionalProperties only (KeyManagerConfiguration
// .getParameter): an endpoint sent only in `endpoints[]` is not there.
QString endpointOf(const QJsonObject &km, const QString &name)
{
    return km.value(QLatin1String("additionalProperties")).toObject().value(name).toString();
}

int propertyInt(const QJsonObject &props, const char *name, int fallback)
{
    const QJsonValue v = props.value(QLatin1String(name));
    bool ok = false;
    const int n = v.isString() ? v.toString().toInt(&ok) : v.toInt(-1);
    if (v.isString())
        return ok && n >= 0 ? n : fallback;
    return n >= 0 ? n : fallback;
}

Response applicationNotFound(const QString &id)
{
    return ApimStandIn::error(404, 404, QStringLiteral("Not Found"), QStringLiteral("Requested application with Id '%1' not found").arg(id));
}

QString graphErrorText(int status, const QJsonObject &json, const QString &transportError)
{
    if (!transportError.isEmpty() && status == 0)
        return transportError;
    const QJsonObject error = json.value(QLatin1String("error")).toObject();
    if (!error.isEmpty())
        return QStringLiteral("%1 %2: %3").arg(QString::number(status), error.value(QLatin1String("code")).toString(),
                                               error.value(QLatin1String("message")).toString());
    if (json.contains(QLatin1String("error_description")))
        return QStringLiteral("%1 %2: %3").arg(QString::number(status), json.value(QLatin1String("error")).toString(),
                                               json.value(QLatin1String("error_description")).toString());
    return QStringLiteral("HTTP %1").arg(status);
}
} // namespace

DevPortalStandIn::DevPortalStandIn(ApimStandIn *apim, QObject *parent)
    : QObject(parent)
    , m_apim(apim)
    , m_network(new QNetworkAccessManager(this))
{
    addRoutes();
    // A key manager with application keys under it cannot be deleted (412 902015).
    apim->addUsageCheck([this](const QString &keyManager) {
        QList<ApimStandIn::Usage> users;
        for (const Application &app : std::as_const(m_apps)) {
            for (const QJsonObject &key : app.keys) {
                if (key.value(QLatin1String("keyManager")).toString() == keyManager) {
                    ApimStandIn::Usage u;
                    u.name = app.info.value(QLatin1String("name")).toString();
                    u.owner = app.info.value(QLatin1String("owner")).toString();
                    users << u;
                    break;
                }
            }
        }
        return users;
    });
    // The listener's state shows API Manager's own state with the DevPortal applications added.
    apim->server()->setStateProvider([this] {
        QJsonObject s = m_apim->state();
        s.insert(QStringLiteral("devportal"), state());
        return s;
    });
}

bool DevPortalStandIn::authorize(const Request &r, Response *deny) const
{
    return m_apim->authorize(r, {QStringLiteral("apim:subscribe"), QStringLiteral("apim:app_manage")}, deny);
}

QJsonObject DevPortalStandIn::applicationJson(const Application &app) const
{
    QJsonObject json = app.info;
    QJsonArray keys;
    for (const QJsonObject &k : app.keys)
        keys.append(k);
    json.insert(QStringLiteral("keys"), keys);
    return json;
}

QJsonObject DevPortalStandIn::findKeyManager(const QString &name) const
{
    for (const QJsonObject &km : m_apim->keyManagers()) {
        if (km.value(QLatin1String("name")).toString() == name)
            return km;
    }
    return {};
}

QJsonObject DevPortalStandIn::state() const
{
    QJsonArray apps;
    for (const Application &a : m_apps) {
        QJsonObject json = applicationJson(a);
        QJsonArray keys;
        for (const QJsonValue &k : km::constTemporary(json.value(QLatin1String("keys")).toArray())) {
            QJsonObject key = k.toObject();
            key.remove(QStringLiteral("consumerSecret"));
            keys.append(key);
        }
        json.insert(QStringLiteral("keys"), keys);
        apps.append(json);
    }
    return QJsonObject{{QStringLiteral("applications"), apps}};
}

void DevPortalStandIn::addRoutes()
{
    SandboxServer *server = m_apim->server();
    const QString base = QLatin1String(BasePath);
    server->route("GET", base + QStringLiteral("/applications"), [this](const Request &r) {
        Response deny;
        if (!authorize(r, &deny))
            return deny;
        const QString query = r.query.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
        const int limit = r.query.hasQueryItem(QStringLiteral("limit")) ? r.query.queryItemValue(QStringLiteral("limit")).toInt() : 25;
        const int offset = r.query.queryItemValue(QStringLiteral("offset")).toInt();
        QJsonArray all;
        for (const Application &a : std::as_const(m_apps)) {
            if (!query.isEmpty() && a.info.value(QLatin1String("name")).toString() != query)
                continue;
            QJsonObject info;
            for (const char *k : {"applicationId", "name", "throttlingPolicy", "description", "status", "groups", "subscriptionCount",
                                  "attributes", "owner", "tokenType", "createdTime", "updatedTime"})
                info.insert(QLatin1String(k), a.info.value(QLatin1String(k)));
            all.append(info);
        }
        QJsonArray page;
        for (int i = offset; i < all.size() && i < offset + limit; ++i)
            page.append(all.at(i));
        return Response::json(200, QJsonObject{{QStringLiteral("count"), page.size()}, {QStringLiteral("list"), page},
                                               {QStringLiteral("pagination"), QJsonObject{{QStringLiteral("offset"), offset}, {QStringLiteral("limit"), limit},
                                                                                          {QStringLiteral("total"), all.size()}, {QStringLiteral("next"), QString()},
                                                                                          {QStringLiteral("previous"), QString()}}}});
    });
    server->route("POST", base + QStringLiteral("/applications"), [this](const Request &r) {
        Response deny;
        if (!authorize(r, &deny))
            return deny;
        QJsonObject body;
        Response invalid;
        if (!ApimStandIn::jsonBody(r, &body, &invalid))
            return invalid;
        const QString name = body.value(QLatin1String("name")).toString();
        if (name.trimmed().isEmpty() || name.size() > 100)
            return ApimStandIn::error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("name: size must be between 1 and 100"));
        if (body.value(QLatin1String("throttlingPolicy")).toString().isEmpty())
            return ApimStandIn::error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("throttlingPolicy: must not be null"));
        if (body.value(QLatin1String("description")).toString().size() > 512)
            return ApimStandIn::error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("description: size must be between 0 and 512"));
        for (const Application &a : std::as_const(m_apps)) {
            if (a.info.value(QLatin1String("name")).toString().compare(name, Qt::CaseInsensitive) == 0)
                return ApimStandIn::error(409, 409, QStringLiteral("Conflict"), QStringLiteral("A duplicate application already exists by the name - ") + name);
        }
        const QString now = QString::number(QDateTime::currentMSecsSinceEpoch());
        Application app;
        app.info = QJsonObject{{QStringLiteral("applicationId"), uuid()}, {QStringLiteral("name"), name},
                               {QStringLiteral("throttlingPolicy"), body.value(QLatin1String("throttlingPolicy"))},
                               {QStringLiteral("description"), body.value(QLatin1String("description")).toString()},
                               {QStringLiteral("tokenType"), body.value(QLatin1String("tokenType")).toString(QStringLiteral("JWT"))},
                               {QStringLiteral("status"), QStringLiteral("APPROVED")},
                               {QStringLiteral("groups"), body.value(QLatin1String("groups")).toArray()},
                               {QStringLiteral("subscriptionCount"), 0},
                               {QStringLiteral("attributes"), body.value(QLatin1String("attributes")).toObject()},
                               {QStringLiteral("subscriptionScopes"), QJsonArray()},
                               {QStringLiteral("owner"), m_apim->adminUser()}, {QStringLiteral("hashEnabled"), false},
                               {QStringLiteral("createdTime"), now}, {QStringLiteral("updatedTime"), now}};
        const QString id = app.info.value(QLatin1String("applicationId")).toString();
        m_apps.insert(id, app);
        return Response::json(201, applicationJson(app))
            .header("Location", QString(m_apim->server()->baseUrl().toString() + QLatin1String(BasePath) + QStringLiteral("/applications/") + id).toUtf8());
    });
    server->route("GET", base + QStringLiteral("/applications/{id}"), [this](const Request &r) {
        Response deny;
        if (!authorize(r, &deny))
            return deny;
        const QString id = r.params.value(QStringLiteral("id"));
        if (!m_apps.contains(id))
            return applicationNotFound(id);
        return Response::json(200, applicationJson(m_apps.value(id)));
    });
    server->route("GET", base + QStringLiteral("/applications/{id}/oauth-keys"), [this](const Request &r) {
        Response deny;
        if (!authorize(r, &deny))
            return deny;
        const QString id = r.params.value(QStringLiteral("id"));
        if (!m_apps.contains(id))
            return applicationNotFound(id);
        QJsonArray list;
        for (const QJsonObject &k : m_apps.value(id).keys)
            list.append(k);
        return Response::json(200, QJsonObject{{QStringLiteral("count"), list.size()}, {QStringLiteral("list"), list}});
    });
    server->routeAsync("POST", base + QStringLiteral("/applications/{id}/generate-keys"),
                       [this](const Request &r, SandboxServer::Reply reply) { generateKeys(r, reply); });
    server->routeAsync("POST", base + QStringLiteral("/applications/{id}/map-keys"),
                       [this](const Request &r, SandboxServer::Reply reply) { mapKeys(r, reply); });
    server->routeAsync("POST", base + QStringLiteral("/applications/{id}/oauth-keys/{keyMappingId}/generate-token"),
                       [this](const Request &r, SandboxServer::Reply reply) { generateToken(r, reply); });
}

std::optional<Response> DevPortalStandIn::checkKeyRequest(const QString &appId, const QString &keyType, const QString &kmName, QJsonObject *km) const
{
    if (!m_apps.contains(appId))
        return applicationNotFound(appId);
    if (keyType != QLatin1String("PRODUCTION") && keyType != QLatin1String("SANDBOX"))
        return ApimStandIn::error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("keyType: must be PRODUCTION or SANDBOX"));
    *km = findKeyManager(kmName);
    if (km->isEmpty())
        return ApimStandIn::error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("Key Manager %1 not found").arg(kmName));
    if (!km->value(QLatin1String("enabled")).toBool(true))
        return ApimStandIn::error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("Key Manager %1 is not enabled in the system").arg(kmName));
    for (const QJsonObject &k : m_apps.value(appId).keys) {
        if (k.value(QLatin1String("keyManager")).toString() == kmName && k.value(QLatin1String("keyType")).toString() == keyType)
            return ApimStandIn::error(409, 409, QStringLiteral("Conflict"),
                                      QStringLiteral("Key Mappings already exists for application %1 with key manager %2 and key type %3")
                                          .arg(m_apps.value(appId).info.value(QLatin1String("name")).toString(), kmName, keyType));
    }
    return std::nullopt;
}

void DevPortalStandIn::addKey(const QString &appId, QJsonObject key)
{
    if (!m_apps.contains(appId))
        return; // deleted meanwhile
    m_apps[appId].keys.append(key);
}

void DevPortalStandIn::generateKeys(const Request &r, SandboxServer::Reply reply)
{
    Response deny;
    if (!authorize(r, &deny)) {
        reply(deny);
        return;
    }
    const QString appId = r.params.value(QStringLiteral("id"));
    const QJsonObject body = r.json();
    const QString keyType = body.value(QLatin1String("keyType")).toString();
    const QString kmName = body.value(QLatin1String("keyManager")).toString(QStringLiteral("Resident Key Manager"));
    if (!body.value(QLatin1String("grantTypesToBeSupported")).isArray()) {
        reply(ApimStandIn::error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("grantTypesToBeSupported: must not be null")));
        return;
    }
    QJsonObject km;
    if (auto problem = checkKeyRequest(appId, keyType, kmName, &km)) {
        reply(*problem);
        return;
    }
    QJsonObject key{{QStringLiteral("keyMappingId"), uuid()}, {QStringLiteral("keyManager"), kmName},
                    {QStringLiteral("supportedGrantTypes"), body.value(QLatin1String("grantTypesToBeSupported"))},
                    {QStringLiteral("callbackUrl"), body.value(QLatin1String("callbackUrl")).toString()},
                    {QStringLiteral("keyState"), QStringLiteral("COMPLETED")}, {QStringLiteral("keyType"), keyType},
                    {QStringLiteral("mode"), QStringLiteral("CREATED")}, {QStringLiteral("groupId"), QString()},
                    {QStringLiteral("additionalProperties"), body.value(QLatin1String("additionalProperties")).toObject()}};
    QPointer<DevPortalStandIn> self(this);
    if (km.value(QLatin1String("type")).toString() == QLatin1String("Asgardeo")) {
        // The Asgardeo connector registers the client by DCR ("{owner}_{application}_{uuid prefix}_{key type}")
        // with a token of its management application; API Manager reads the secret back from Asgardeo later.
        QJsonObject dcr{{QStringLiteral("client_name"), QStringLiteral("%1_%2_%3_%4").arg(m_apim->adminUser(),
                                                        m_apps.value(appId).info.value(QLatin1String("name")).toString(), appId.left(7), keyType)},
                        {QStringLiteral("grant_types"), body.value(QLatin1String("grantTypesToBeSupported"))}};
        const QString callback = body.value(QLatin1String("callbackUrl")).toString();
        if (!callback.isEmpty())
            dcr.insert(QStringLiteral("redirect_uris"), QJsonArray{callback});
        asgardeoRegister(km, dcr, [=](int status, const QJsonObject &json, const QString &err) {
            if (!self)
                return;
            if (status != 201) {
                reply(ApimStandIn::error(500, 500, QStringLiteral("Internal Server Error"),
                                         QStringLiteral("Cannot create OAuth application: %1 for application %2: %3")
                                             .arg(dcr.value(QLatin1String("client_name")).toString(), appId, graphErrorText(status, json, err))));
                return;
            }
            QJsonObject created = key;
            created.insert(QStringLiteral("consumerKey"), json.value(QLatin1String("client_id")).toString());
            created.insert(QStringLiteral("consumerSecret"), json.value(QLatin1String("client_secret")).toString());
            self->addKey(appId, created);
            reply(Response::json(200, created));
        });
        return;
    }
    if (km.value(QLatin1String("type")).toString() != QLatin1String("AzureAD")) {
        key.insert(QStringLiteral("consumerKey"), randomKey(28));
        key.insert(QStringLiteral("consumerSecret"), randomKey(28));
        addKey(appId, key);
        reply(Response::json(200, key));
        return;
    }

    // The AzureAD connector: Graph token, then create app -> addPassword -> identifierUris -> service principal.
    const QJsonObject props = km.value(QLatin1String("additionalProperties")).toObject();
    const QString versionText = props.value(QLatin1String("azure_ad_requested_access_token_version")).toString(QStringLiteral("v1.0"));
    if (versionText != QLatin1String("v1.0") && versionText != QLatin1String("v2.0")) {
        reply(ApimStandIn::error(500, 500, QStringLiteral("Internal Server Error"),
                                 QStringLiteral("Invalid property azure_ad_requested_access_token_version: ") + versionText));
        return;
    }
    QString graphBase = props.value(QLatin1String("microsoft_graph_api_endpoint")).toString();
    while (graphBase.endsWith(QLatin1Char('/')))
        graphBase.chop(1);
    const int initialDelay = propertyInt(props, "polling_initial_delay_ms", 500);
    const int maxWait = propertyInt(props, "polling_max_wait_time_ms", 5000);
    const QString clientName = QStringLiteral("%1_%2_%3").arg(m_apim->adminUser(), m_apps.value(appId).info.value(QLatin1String("name")).toString(), keyType);
    auto fail = [reply](const QString &step, int status, const QJsonObject &json, const QString &transport) {
        // The Azure app created before the failing step stays in Graph, as with the real connector.
        reply(ApimStandIn::error(500, 500, QStringLiteral("Internal Server Error"),
                                 QStringLiteral("Error occurred while creating Azure AD Application: %1 failed: %2")
                                     .arg(step, graphErrorText(status, json, transport))));
    };
    azureToken(km, [=](const QString &token, const QString &tokenError) {
        if (!self)
            return;
        if (token.isEmpty()) {
            reply(ApimStandIn::error(500, 500, QStringLiteral("Internal Server Error"),
                                     QStringLiteral("Error occurred while creating Azure AD Application: getting a Microsoft Graph token failed: ") + tokenError));
            return;
        }
        const QJsonObject create{{QStringLiteral("displayName"), clientName}, {QStringLiteral("signInAudience"), QStringLiteral("AzureADMyOrg")},
                                 {QStringLiteral("api"), QJsonObject{{QStringLiteral("requestedAccessTokenVersion"), versionText == QLatin1String("v2.0") ? 2 : 1}}}};
        polledGraphCall("POST", QUrl(graphBase + QStringLiteral("/v1.0/applications")), token, create, initialDelay, 0, maxWait,
                        [=](int status, const QJsonObject &app, const QString &err) {
            if (!self)
                return;
            if (status != 201)
                return fail(QStringLiteral("creating the application"), status, app, err);
            const QString objectId = app.value(QLatin1String("id")).toString();
            const QString clientId = app.value(QLatin1String("appId")).toString();
            const QString appUrl = graphBase + QStringLiteral("/v1.0/applications/") + objectId;
            const QJsonObject password{{QStringLiteral("passwordCredential"), QJsonObject{
                {QStringLiteral("displayName"), QString(QStringLiteral("app_secret_") + QDateTime::currentDateTime().toString(QStringLiteral("yyyy.MM.dd.HH.mm.ss")))}}}};
            polledGraphCall("POST", QUrl(appUrl + QStringLiteral("/addPassword")), token, password, initialDelay, 0, maxWait,
                            [=](int status, const QJsonObject &secret, const QString &err) {
                if (!self)
                    return;
                if (status != 200)
                    return fail(QStringLiteral("adding a password"), status, secret, err);
                const QJsonObject uris{{QStringLiteral("identifierUris"), QJsonArray{QString(QStringLiteral("api://") + clientId)}}};
                polledGraphCall("PATCH", QUrl(appUrl), token, uris, initialDelay, 0, maxWait, [=](int status, const QJsonObject &json, const QString &err) {
                    if (!self)
                        return;
                    if (status != 204)
                        return fail(QStringLiteral("setting the Application ID URI"), status, json, err);
                    polledGraphCall("POST", QUrl(graphBase + QStringLiteral("/v1.0/servicePrincipals")), token,
                                    QJsonObject{{QStringLiteral("appId"), clientId}}, initialDelay, 0, maxWait,
                                    [=](int status, const QJsonObject &json, const QString &err) {
                        if (!self)
                            return;
                        if (status != 201)
                            return fail(QStringLiteral("creating the service principal"), status, json, err);
                        QJsonObject created = key;
                        created.insert(QStringLiteral("consumerKey"), clientId);
                        created.insert(QStringLiteral("supportedGrantTypes"), QJsonArray{QStringLiteral("client_credentials")});
                        // Entra never shows a secret again: API Manager can show it only in this answer.
                        self->addKey(appId, created);
                        created.insert(QStringLiteral("consumerSecret"), secret.value(QLatin1String("secretText")).toString());
                        reply(Response::json(200, created));
                    });
                });
            });
        });
    });
}

void DevPortalStandIn::mapKeys(const Request &r, SandboxServer::Reply reply)
{
    Response deny;
    if (!authorize(r, &deny)) {
        reply(deny);
        return;
    }
    const QString appId = r.params.value(QStringLiteral("id"));
    const QJsonObject body = r.json();
    const QString consumerKey = body.value(QLatin1String("consumerKey")).toString();
    const QString keyType = body.value(QLatin1String("keyType")).toString();
    const QString kmName = body.value(QLatin1String("keyManager")).toString(QStringLiteral("Resident Key Manager"));
    if (consumerKey.isEmpty()) {
        reply(ApimStandIn::error(400, 400, QStringLiteral("Bad Request"), QStringLiteral("consumerKey: must not be null")));
        return;
    }
    QJsonObject km;
    if (auto problem = checkKeyRequest(appId, keyType, kmName, &km)) {
        reply(*problem);
        return;
    }
    QJsonObject key{{QStringLiteral("keyMappingId"), uuid()}, {QStringLiteral("keyManager"), kmName}, {QStringLiteral("consumerKey"), consumerKey},
                    {QStringLiteral("supportedGrantTypes"), QJsonArray{QStringLiteral("client_credentials")}},
                    {QStringLiteral("callbackUrl"), QString()}, {QStringLiteral("keyState"), QStringLiteral("COMPLETED")},
                    {QStringLiteral("keyType"), keyType}, {QStringLiteral("mode"), QStringLiteral("MAPPED")},
                    {QStringLiteral("groupId"), QString()}, {QStringLiteral("additionalProperties"), QJsonObject()}};
    if (km.value(QLatin1String("type")).toString() != QLatin1String("AzureAD")) {
        key.insert(QStringLiteral("consumerSecret"), body.value(QLatin1String("consumerSecret")).toString());
        addKey(appId, key);
        reply(Response::json(200, key));
        return;
    }
    // The connector looks the client id up in Graph; the secret cannot be read back from Entra, so
    // API Manager never shows it for a mapped Azure app.
    const QJsonObject props = km.value(QLatin1String("additionalProperties")).toObject();
    QString graphBase = props.value(QLatin1String("microsoft_graph_api_endpoint")).toString();
    while (graphBase.endsWith(QLatin1Char('/')))
        graphBase.chop(1);
    QPointer<DevPortalStandIn> self(this);
    azureToken(km, [=](const QString &token, const QString &tokenError) {
        if (!self)
            return;
        if (token.isEmpty()) {
            reply(ApimStandIn::error(500, 500, QStringLiteral("Internal Server Error"),
                                     QStringLiteral("Error occurred while mapping the Azure AD Application: getting a Microsoft Graph token failed: ") + tokenError));
            return;
        }
        QUrl url(graphBase + QStringLiteral("/v1.0/applications(appId='%1')").arg(QString::fromLatin1(QUrl::toPercentEncoding(consumerKey))));
        graphCall("GET", url, token, {}, [=](int status, const QJsonObject &json, const QString &err) {
            if (!self)
                return;
            if (status != 200) {
                reply(ApimStandIn::error(400, 400, QStringLiteral("Bad Request"),
                                         QStringLiteral("Azure AD Application not found for the given consumer key %1 (%2)")
                                             .arg(consumerKey, graphErrorText(status, json, err))));
                return;
            }
            self->addKey(appId, key);
            reply(Response::json(200, key));
        });
    });
}

void DevPortalStandIn::generateToken(const Request &r, SandboxServer::Reply reply)
{
    Response deny;
    if (!authorize(r, &deny)) {
        reply(deny);
        return;
    }
    const QString appId = r.params.value(QStringLiteral("id"));
    const QString mappingId = r.params.value(QStringLiteral("keyMappingId"));
    if (!m_apps.contains(appId)) {
        reply(applicationNotFound(appId));
        return;
    }
    QJsonObject key;
    for (const QJsonObject &k : m_apps.value(appId).keys) {
        if (k.value(QLatin1String("keyMappingId")).toString() == mappingId)
            key = k;
    }
    if (key.isEmpty()) {
        reply(ApimStandIn::error(404, 404, QStringLiteral("Not Found"), QStringLiteral("Requested consumer key with Id '%1' not found").arg(mappingId)));
        return;
    }
    const QJsonObject body = r.json();
    // The server reads both without a null check (ApplicationsApiServiceImpl): a NullPointerException, a 500.
    if (!body.value(QLatin1String("validityPeriod")).isDouble() || !body.value(QLatin1String("scopes")).isArray()) {
        reply(ApimStandIn::error(500, 500, QStringLiteral("Internal Server Error"),
                                 QStringLiteral("The server encountered an internal error. Please contact administrator.")));
        return;
    }
    const QJsonObject km = findKeyManager(key.value(QLatin1String("keyManager")).toString());
    const bool azure = km.value(QLatin1String("type")).toString() == QLatin1String("AzureAD");
    const QString clientId = key.value(QLatin1String("consumerKey")).toString();
    QString secret = body.value(QLatin1String("consumerSecret")).toString();
    if (secret.isEmpty())
        secret = key.value(QLatin1String("consumerSecret")).toString();
    if (secret.isEmpty()) {
        // GUESS (docs/fidelity.md): the AzureAD connector gets no secret back from Entra, and its token request
        // then fails inside API Manager.
        reply(ApimStandIn::error(500, 500, QStringLiteral("Internal Server Error"),
                                 QStringLiteral("The server encountered an internal error. Please contact administrator.")));
        return;
    }
    QStringList scopes;
    for (const QJsonValue &v : km::constTemporary(body.value(QLatin1String("scopes")).toArray()))
        scopes << v.toString();
    QList<QPair<QString, QString>> fields{{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}};
    QByteArray basic;
    if (azure) {
        // The AzureAD connector's TokenGenerator: credentials in the form, scope api://{client id}/.default.
        fields << qMakePair(QStringLiteral("client_id"), clientId) << qMakePair(QStringLiteral("client_secret"), secret)
               << qMakePair(QStringLiteral("scope"), QStringLiteral("api://%1/.default").arg(clientId));
    } else {
        basic = (clientId + QLatin1Char(':') + secret).toUtf8().toBase64();
        if (!scopes.isEmpty())
            fields << qMakePair(QStringLiteral("scope"), scopes.join(QLatin1Char(' ')));
    }
    formPost(QUrl(endpointOf(km, QStringLiteral("token_endpoint"))), fields, basic,
             [reply](int status, const QJsonObject &json, const QString &err) {
        if (status != 200) {
            reply(ApimStandIn::error(400, 400, QStringLiteral("Bad Request"),
                                     QStringLiteral("Error occurred while calling token endpoint: %1").arg(graphErrorText(status, json, err))));
            return;
        }
        reply(Response::json(200, QJsonObject{{QStringLiteral("accessToken"), json.value(QLatin1String("access_token"))},
                                              {QStringLiteral("tokenScopes"), QJsonArray::fromStringList(json.value(QLatin1String("scope")).toString()
                                                                                                            .split(QLatin1Char(' '), Qt::SkipEmptyParts))},
                                              {QStringLiteral("validityTime"), json.value(QLatin1String("expires_in")).toInteger(3600)}}));
    });
}

void DevPortalStandIn::formPost(const QUrl &url, const QList<QPair<QString, QString>> &fields, const QByteArray &basicAuth, Done done)
{
    if (!url.isValid() || url.scheme().isEmpty()) {
        done(0, {}, QStringLiteral("the key manager has no usable token endpoint ('%1')").arg(url.toString()));
        return;
    }
    QByteArray form;
    for (const auto &f : fields)
        form += (form.isEmpty() ? "" : "&") + QUrl::toPercentEncoding(f.first) + '=' + QUrl::toPercentEncoding(f.second);
    QNetworkRequest request(url);
    request.setTransferTimeout(10000);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    if (!basicAuth.isEmpty())
        request.setRawHeader("Authorization", "Basic " + basicAuth);
    QNetworkReply *netReply = m_network->post(request, form);
    connect(netReply, &QNetworkReply::finished, this, [netReply, done] {
        netReply->deleteLater();
        const int status = netReply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        done(status, QJsonDocument::fromJson(netReply->readAll()).object(), netReply->errorString());
    });
}

void DevPortalStandIn::asgardeoRegister(const QJsonObject &km, const QJsonObject &dcrBody, Done done)
{
    const QJsonObject props = km.value(QLatin1String("additionalProperties")).toObject();
    const QByteArray basic = (props.value(QLatin1String("mgmt_client_id")).toString() + QLatin1Char(':')
                              + props.value(QLatin1String("mgmt_client_secret")).toString()).toUtf8().toBase64();
    const QUrl dcr(endpointOf(km, QStringLiteral("client_registration_endpoint")));
    QPointer<DevPortalStandIn> self(this);
    formPost(QUrl(endpointOf(km, QStringLiteral("token_endpoint"))),
             {{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}, {QStringLiteral("scope"), QStringLiteral("internal_dcr_create internal_dcr_view")}},
             basic, [=](int status, const QJsonObject &json, const QString &err) {
        if (!self)
            return;
        if (status != 200) {
            done(status, json, err);
            return;
        }
        self->graphCall("POST", dcr, json.value(QLatin1String("access_token")).toString(), dcrBody, done);
    });
}

void DevPortalStandIn::azureToken(const QJsonObject &km, std::function<void(const QString &, const QString &)> done)
{
    const QJsonObject props = km.value(QLatin1String("additionalProperties")).toObject();
    QString graphBase = props.value(QLatin1String("microsoft_graph_api_endpoint")).toString();
    while (graphBase.endsWith(QLatin1Char('/')))
        graphBase.chop(1);
    formPost(QUrl(endpointOf(km, QStringLiteral("token_endpoint"))),
             {{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
              {QStringLiteral("client_id"), props.value(QLatin1String("azure_ad_client_id")).toString()},
              {QStringLiteral("client_secret"), props.value(QLatin1String("azure_ad_client_secret")).toString()},
              {QStringLiteral("scope"), QString(graphBase + QStringLiteral("/.default"))}},
             QByteArray(), [done](int status, const QJsonObject &json, const QString &err) {
        done(status == 200 ? json.value(QLatin1String("access_token")).toString() : QString(), graphErrorText(status, json, err));
    });
}

void DevPortalStandIn::graphCall(const QByteArray &method, const QUrl &url, const QString &token, const QJsonObject &body, Done done)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(10000);
    request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    QByteArray payload;
    if (method != "GET" && method != "DELETE") {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
    QNetworkReply *netReply = m_network->sendCustomRequest(request, method, payload);
    connect(netReply, &QNetworkReply::finished, this, [netReply, done] {
        netReply->deleteLater();
        const int status = netReply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        done(status, QJsonDocument::fromJson(netReply->readAll()).object(), netReply->errorString());
    });
}

void DevPortalStandIn::polledGraphCall(const QByteArray &method, const QUrl &url, const QString &token, const QJsonObject &body,
                                       int delayMs, int waitedMs, int maxWaitMs, Done done)
{
    QPointer<DevPortalStandIn> self(this);
    graphCall(method, url, token, body, [=](int status, const QJsonObject &json, const QString &err) {
        const bool lagging = status == 404
                             && json.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString() == QLatin1String("Request_ResourceNotFound");
        if (!self || !lagging || waitedMs >= maxWaitMs) {
            done(status, json, err);
            return;
        }
        // Replication lag: wait, doubling the delay, until the maximum waiting time is used up.
        const int wait = qMin(delayMs, maxWaitMs - waitedMs);
        QTimer::singleShot(wait, self, [=] {
            if (self)
                self->polledGraphCall(method, url, token, body, delayMs * 2, waitedMs + wait, maxWaitMs, done);
        });
    });
}

} // namespace km::sandbox
