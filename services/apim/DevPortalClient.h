#pragma once
// API Manager's DevPortal v3 applications and their OAuth keys, through ApimClient's signed-in token
// (scopes apim:subscribe apim:app_manage): list, keys, generate keys on a key manager, and map keys an
// administrator made elsewhere ("Provide Existing OAuth Keys").

#include "services/core/Job.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

namespace km {

class ApimClient;

struct GenerateKeysRequest
{
    QString keyType = QStringLiteral("PRODUCTION");    // PRODUCTION | SANDBOX
    QString keyManager;                                 // empty: API Manager's default (Resident Key Manager)
    QStringList grantTypes{QStringLiteral("client_credentials")};
    QString callbackUrl;
    QStringList scopes;
    QString validityTime;                               // seconds as text, e.g. "3600"; empty leaves it out
};

class DevPortalClient : public QObject
{
    Q_OBJECT
public:
    explicit DevPortalClient(ApimClient *apim, QObject *parent = nullptr);

    ApimClient *apim() const { return m_apim; }

    // GET /applications (query = exact name). Result: {count, list:[Application info], pagination}.
    Job *listApplications(const QString &query = QString(), int limit = 25, int offset = 0);
    // The application named `name`, or null.
    Job *findApplicationByName(const QString &name);
    Job *getApplication(const QString &applicationId);
    // POST /applications {name, throttlingPolicy, description}. Result: the Application.
    Job *createApplication(const QString &name, const QString &throttlingPolicy = QStringLiteral("Unlimited"),
                           const QString &description = QString());
    // GET /applications/{id}/oauth-keys. Result: {count, list:[ApplicationKey]}.
    Job *oauthKeys(const QString &applicationId);
    // POST /applications/{id}/generate-keys. Result: the ApplicationKey (its consumerSecret is shown only here).
    Job *generateKeys(const QString &applicationId, const GenerateKeysRequest &request);
    // POST /applications/{id}/map-keys {consumerKey, consumerSecret, keyManager, keyType}. Result: the ApplicationKey (mode MAPPED).
    Job *mapKeys(const QString &applicationId, const QString &keyManager, const QString &consumerKey, const QString &consumerSecret,
                 const QString &keyType);

    // POST /applications/{id}/oauth-keys/{keyMappingId}/generate-token: API Manager asks the key manager for a
    // client-credentials token with the secret it holds for these keys (none sent from here). Result:
    // {accessToken, tokenScopes, validityTime}. A key manager whose connector keeps no secret (AzureAD) fails.
    Job *generateToken(const QString &applicationId, const QString &keyMappingId, int validitySeconds = 3600,
                       const QStringList &scopes = {});

    static ApiError checkKeyType(const QString &keyType);

private:
    Job *send(const QByteArray &method, const QString &path, const QJsonObject &body, const QString &purpose);

    QPointer<ApimClient> m_apim;
};

} // namespace km
