#pragma once
// Obtains OAuth 2.0 tokens (client credentials, password, refresh) and discovery documents,
// turning token-endpoint errors into advice.

#include "services/core/Job.h"
#include "services/http/ErrorFormat.h"
#include "services/oauth/OAuthErrors.h"

#include <QCoreApplication>
#include <QStringList>
#include <QUrl>

namespace km {

class HttpSession;

class TokenClient
{
    Q_DECLARE_TR_FUNCTIONS(km::TokenClient)
public:
    enum class ClientAuth { Basic, Body };

    // `system`: whose token endpoint it is, in the user's words ("Asgardeo"); errors name it.
    // `errorFormat` reads the token endpoint's error bodies: RFC 6749 unless the provider extends it.
    explicit TokenClient(HttpSession *session, const QString &system = QString(), ErrorFormat errorFormat = OAuthErrors::parse)
        : m_session(session), m_system(system), m_errorFormat(errorFormat) {}

    // Result: the token response JSON plus "obtained_at" (ms since epoch) for expiry checks.
    Job *clientCredentials(const QUrl &tokenUrl, const QString &clientId, const QString &clientSecret,
                           const QStringList &scopes, ClientAuth auth = ClientAuth::Basic, QObject *parent = nullptr);
    Job *passwordGrant(const QUrl &tokenUrl, const QString &clientId, const QString &clientSecret, const QString &username,
                       const QString &password, const QStringList &scopes, QObject *parent = nullptr);
    Job *refresh(const QUrl &tokenUrl, const QString &clientId, const QString &clientSecret, const QString &refreshToken,
                 const QStringList &scopes = {}, QObject *parent = nullptr);
    // Result: the OpenID/OAuth discovery document; checks it names an issuer and a token endpoint.
    Job *fetchDiscovery(const QUrl &wellKnownUrl, QObject *parent = nullptr);

    // The access token of a token response.
    static QString accessToken(const QJsonObject &tokenResponse);
    // Scopes granted by a token response: its "scope". A response without one granted none: WSO2's token
    // endpoints always write the authorized scopes, so an absent "scope" is not RFC 6749 §5.1's "as requested"
    // (docs/fidelity.md, Asgardeo).
    static QStringList grantedScopes(const QJsonObject &tokenResponse);
    // True while the token has at least `marginSeconds` left.
    static bool isFresh(const QJsonObject &tokenResponse, int marginSeconds = 30);

private:
    Job *request(const QUrl &tokenUrl, const QString &clientId, const QString &clientSecret, QUrlQuery form,
                 ClientAuth auth, const QString &grant, QObject *parent);

    HttpSession *m_session;
    QString m_system;
    ErrorFormat m_errorFormat;
};

} // namespace km
