#pragma once
// Talks to one WSO2 API Manager: registers a REST client (DCR, cached), signs in with the password
// grant, refreshes on expiry and once on 401, and calls the Admin v4 key-manager API.

#include "services/apim/ApimVersion.h"
#include "services/core/Job.h"
#include "services/http/HttpRequest.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>

namespace km {

}
#include "services/http/HttpSession.h"
namespace km {

class KeyManagerCatalogue;
struct KeyManagerConfig;

struct ApimCredentials
{
    QUrl baseUrl;            // https://apim.example.com:9443
    QString username;
    QString password;
    QString dcrClientId;     // cached registration, may be empty
    QString dcrClientSecret;
};

class ApimClient : public QObject
{
    Q_OBJECT
public:
    static QStringList scopes();
    static constexpr QLatin1StringView AdminBase{"/api/am/admin/v4"};
    static constexpr QLatin1StringView PublisherBase{"/api/am/publisher/v4"};
    static constexpr QLatin1StringView DevPortalBase{"/api/am/devportal/v3"};

    ApimClient(HttpSession *session, const ApimCredentials &credentials, QObject *parent = nullptr);

    QUrl baseUrl() const { return m_credentials.baseUrl; }
    QString username() const { return m_credentials.username; }
    HttpSession *session() const { return m_session; }

    // DCR + token + GET /key-managers. Result: {"keyManagers": count, "user": name}.
    Job *testConnection();

    Job *listKeyManagers();
    Job *getKeyManager(const QString &id);
    Job *createKeyManager(const QJsonObject &keyManager);
    Job *updateKeyManager(const QString &id, const QJsonObject &keyManager);
    Job *deleteKeyManager(const QString &id);
    // GET the key manager, apply `change`, PUT it back whole (the API replaces it; masked values sent
    // back as "*****" keep the stored ones). Always from the server's current configuration.
    // Result: the PUT's answer.
    Job *changeKeyManager(const QString &id, std::function<void(KeyManagerConfig &)> change);
    // POST /key-managers/discover (multipart url + type). Result: {valid, value: KeyManager}.
    Job *discoverKeyManager(const QUrl &wellKnownUrl, const QString &type);
    Job *settings();
    // Who uses a key manager (Admin v4 api-usages and app-usages, first `limit` of each). Result:
    // {apis:[{name, version, …}], apiCount, applications:[{name, owner, …}], applicationCount}; fails when
    // either list cannot be read (a server before these routes answers 404).
    Job *keyManagerUsage(const QString &id, int limit = 10);
    // "APIs: PizzaShack 1.0.0 and 2 more; applications: Orders (owner admin)", empty when nothing uses it.
    static QString describeKeyManagerUsage(const QJsonObject &usage);

    // Any other product API call, with `request.url` relative to the server (e.g. "/api/am/publisher/v4/scopes").
    Job *call(HttpRequest request);

    // The release the administrator declared for this server (may be invalid: not known). Key managers are fitted
    // to it before they are sent (KeyManagerTokenType::fitToServer).
    void setDeclaredVersion(const ApimVersion &version) { m_declared = version; }
    ApimVersion declaredVersion() const { return m_declared; }

    // The key managers as last read through this client, shared by the pages that show them; told of
    // every create, update and delete sent through this client.
    KeyManagerCatalogue *keyManagerCatalogue() const { return m_catalogue; }

    // Drops the cached token (tests and "sign out").
    void forgetToken() { m_token = QJsonObject(); }

Q_SIGNALS:
    // A new REST client was registered: store the id in the profile and the secret in the keychain.
    void registrationChanged(const QString &clientId, const QString &clientSecret);

private:
    using TokenCallback = std::function<void(const ApiError &error)>;

    QUrl resolve(const QUrl &relative) const;
    void withToken(FunctionJob *owner, TokenCallback callback);
    void acquireToken();
    void finishTokenWaiters(const ApiError &error);
    void registerClient(std::function<void(const ApiError &)> next);
    void signIn(bool mayReRegister);
    void send(FunctionJob *job, HttpRequest request, bool retriedAfter401);
    // 901401 names no field: compare the payload with /settings to say which configuration is missing.
    void explainMissingConfiguration(FunctionJob *job, const QJsonObject &keyManager, ApiError error);
    // 412 902015 names nobody: ask the usage lists which APIs and applications hold the key manager.
    void explainKeyManagerInUse(FunctionJob *job, const QString &id, ApiError error);
    Job *saveKeyManager(const QByteArray &method, const QString &path, const QJsonObject &keyManager, const QString &purpose);
    void forwardSave(FunctionJob *job, Job *save, const QJsonObject &keyManager, bool create);
    // Tells the catalogue when `write` (a create, update or delete) has been sent and answered.
    Job *changingKeyManagers(Job *write);

    ApimVersion m_declared;
    KeyManagerCatalogue *m_catalogue;
    QPointer<HttpSession> m_session;
    ApimCredentials m_credentials;
    QJsonObject m_token;
    bool m_acquiring = false;
    struct TokenWaiter
    {
        QPointer<FunctionJob> owner;
        TokenCallback callback;
    };
    // Whether a job still waits for the token; sign-in stops between its requests when none does.
    bool hasTokenWaiters() const;
    QList<TokenWaiter> m_waiters;
};

} // namespace km
