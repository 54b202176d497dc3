#include "services/apim/DevPortalClient.h"
#include "services/core/ConstRange.h"
#include "services/core/Tasks.h"

#include "services/apim/ApimClient.h"

#include <QJsonArray>
#include <QJsonObject>

namespace km {

namespace {

// What API Manager says about keys, with what to do about it.
ApiError explainKeyError(ApiError e, const QString &keyManager, const QString &keyType)
{
    if (e.kind != ApiError::Kind::Http)
        return e;
    if (e.httpStatus == 409) {
        e.hint = QObject::tr("The application already has %1 keys from “%2”: remove them in the Developer Portal first, or use the other key type.")
                     .arg(keyType, keyManager);
    } else if (e.httpStatus == 400 && (e.description.contains(QLatin1String("Key Manager")) || e.message.contains(QLatin1String("Key Manager")))) {
        e.hint = QObject::tr("Check the key manager's name (kmconsole-cli km list) and that it is enabled.");
    } else if (e.httpStatus == 400 && e.description.contains(QLatin1String("Azure AD Application not found"))) {
        e.hint = QObject::tr("The client ID must be the Application (client) ID of an app registration in the key manager's tenant, "
                             "readable by the connector's app (Application.Read.All).");
    } else if (e.httpStatus == 404) {
        e.hint = QObject::tr("The application no longer exists in the Developer Portal.");
    } else if (e.httpStatus == 403) {
        e.hint = QObject::tr("The API Manager user needs the apim:subscribe and apim:app_manage scopes (a subscriber role) to manage applications.");
    }
    return e;
}

} // namespace

DevPortalClient::DevPortalClient(ApimClient *apim, QObject *parent)
    : QObject(parent ? parent : apim)
    , m_apim(apim)
{
}

ApiError DevPortalClient::checkKeyType(const QString &keyType)
{
    if (keyType == QLatin1String("PRODUCTION") || keyType == QLatin1String("SANDBOX"))
        return {};
    return ApiError::validation(tr("“%1” is not a key type").arg(keyType), tr("Use PRODUCTION or SANDBOX."), QStringLiteral("keyType"));
}

Job *DevPortalClient::send(const QByteArray &method, const QString &path, const QJsonObject &body, const QString &purpose)
{
    const QUrl url(QString(ApimClient::DevPortalBase) + path);
    HttpRequest r = method == "GET" ? HttpRequest::get(url) : HttpRequest::json(method, url, body);
    r.purpose = purpose;
    return m_apim->call(r);
}

Job *DevPortalClient::listApplications(const QString &query, int limit, int offset)
{
    QString path = QStringLiteral("/applications?limit=%1&offset=%2").arg(limit).arg(offset);
    if (!query.isEmpty())
        path += QStringLiteral("&query=") + QString::fromLatin1(QUrl::toPercentEncoding(query));
    return send("GET", path, {}, tr("List DevPortal applications"));
}

Job *DevPortalClient::findApplicationByName(const QString &name)
{
    // The query matches by substring: the one named exactly so, or null.
    return tasks::map(
        listApplications(name, 25, 0),
        [name](const QJsonValue &page) {
            for (const QJsonValue &v : km::constTemporary(page.toObject().value(QLatin1String("list")).toArray())) {
                if (v.toObject().value(QLatin1String("name")).toString() == name)
                    return v;
            }
            return QJsonValue(QJsonValue::Null);
        },
        {}, this);
}

Job *DevPortalClient::getApplication(const QString &applicationId)
{
    return send("GET", QStringLiteral("/applications/") + applicationId, {}, tr("Get DevPortal application"));
}

Job *DevPortalClient::createApplication(const QString &name, const QString &throttlingPolicy, const QString &description)
{
    QJsonObject body{{QStringLiteral("name"), name}, {QStringLiteral("throttlingPolicy"), throttlingPolicy}};
    if (!description.isEmpty())
        body.insert(QStringLiteral("description"), description);
    return send("POST", QStringLiteral("/applications"), body, tr("Create DevPortal application %1").arg(name));
}

Job *DevPortalClient::oauthKeys(const QString &applicationId)
{
    return send("GET", QStringLiteral("/applications/%1/oauth-keys").arg(applicationId), {}, tr("OAuth keys of a DevPortal application"));
}

Job *DevPortalClient::generateKeys(const QString &applicationId, const GenerateKeysRequest &request)
{
    if (const ApiError e = checkKeyType(request.keyType))
        return tasks::failed(e, this);
    QJsonObject body{{QStringLiteral("keyType"), request.keyType},
                     {QStringLiteral("grantTypesToBeSupported"), QJsonArray::fromStringList(request.grantTypes)}};
    if (!request.keyManager.isEmpty())
        body.insert(QStringLiteral("keyManager"), request.keyManager);
    if (!request.callbackUrl.isEmpty())
        body.insert(QStringLiteral("callbackUrl"), request.callbackUrl);
    if (!request.scopes.isEmpty())
        body.insert(QStringLiteral("scopes"), QJsonArray::fromStringList(request.scopes));
    if (!request.validityTime.isEmpty())
        body.insert(QStringLiteral("validityTime"), request.validityTime);
    const QString km = request.keyManager.isEmpty() ? QStringLiteral("Resident Key Manager") : request.keyManager;
    const QString keyType = request.keyType;
    return tasks::reword(send("POST", QStringLiteral("/applications/%1/generate-keys").arg(applicationId), body, tr("Generate keys")),
                         [km, keyType](const ApiError &e) { return explainKeyError(e, km, keyType); }, this);
}

Job *DevPortalClient::generateToken(const QString &applicationId, const QString &keyMappingId, int validitySeconds, const QStringList &scopes)
{
    // The server reads validityPeriod and scopes without a null check (carbon-apimgt ApplicationsApiServiceImpl):
    // both are always sent. No consumerSecret: API Manager uses the one it holds.
    const QJsonObject body{{QStringLiteral("validityPeriod"), validitySeconds}, {QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)},
                           {QStringLiteral("revokeToken"), QString()}};
    return send("POST", QStringLiteral("/applications/%1/oauth-keys/%2/generate-token").arg(applicationId, keyMappingId), body,
                tr("Generate an access token"));
}

Job *DevPortalClient::mapKeys(const QString &applicationId, const QString &keyManager, const QString &consumerKey, const QString &consumerSecret,
                              const QString &keyType)
{
    ApiError invalid = checkKeyType(keyType);
    if (!invalid && consumerKey.trimmed().isEmpty())
        invalid = ApiError::validation(tr("The client ID is empty"), tr("Give the Application (client) ID of the existing app."), QStringLiteral("clientId"));
    if (invalid)
        return tasks::failed(invalid, this);
    QJsonObject body{{QStringLiteral("consumerKey"), consumerKey.trimmed()}, {QStringLiteral("keyType"), keyType}};
    if (!consumerSecret.isEmpty())
        body.insert(QStringLiteral("consumerSecret"), consumerSecret);
    if (!keyManager.isEmpty())
        body.insert(QStringLiteral("keyManager"), keyManager);
    return tasks::reword(send("POST", QStringLiteral("/applications/%1/map-keys").arg(applicationId), body, tr("Map existing OAuth keys")),
                         [keyManager, keyType](const ApiError &e) { return explainKeyError(e, keyManager, keyType); }, this);
}

} // namespace km
