#include "services/oauth/TokenClient.h"

#include "services/http/HttpJob.h"
#include "services/http/HttpSession.h"

#include <QDateTime>
#include <QJsonObject>

namespace km {

namespace {

// The token endpoint's error codes, said as what the user should check.
ApiError explain(ApiError e, const QString &grant, const QString &clientId)
{
    if (e.kind != ApiError::Kind::Http)
        return e;
    const QString code = e.vendorCode;
    const QString vendorText = e.message;
    if (code == OAuthErrors::InvalidClient || e.httpStatus == 401) {
        e.message = TokenClient::tr("The token endpoint rejected the client “%1” (invalid_client)").arg(clientId);
        e.hint = TokenClient::tr("Check the client ID and client secret; a secret that was regenerated or expired must be entered again.");
    } else if (code == OAuthErrors::InvalidGrant && grant == QLatin1String("password")) {
        e.message = TokenClient::tr("The user name or password was rejected (invalid_grant)");
        e.hint = TokenClient::tr("Check the user name and password and that the account is not locked.");
    } else if (code == OAuthErrors::InvalidGrant && grant == QLatin1String("refresh_token")) {
        e.message = TokenClient::tr("The refresh token is no longer valid (invalid_grant)");
        e.hint = TokenClient::tr("Sign in again; kmconsole does this automatically when it still has the password.");
    } else if (code == OAuthErrors::InvalidScope) {
        e.message = TokenClient::tr("A requested scope is not allowed (invalid_scope)");
        e.hint = TokenClient::tr("Check the scopes the application is authorized for.");
    } else if (code == OAuthErrors::UnauthorizedClient) {
        e.message = TokenClient::tr("The client “%1” may not use the %2 grant (unauthorized_client)").arg(clientId, grant);
        e.hint = TokenClient::tr("Enable the %1 grant type on the application.").arg(grant);
    } else if (code == OAuthErrors::UnsupportedGrantType) {
        e.message = TokenClient::tr("The server does not support the %1 grant").arg(grant);
    }
    if (!vendorText.isEmpty() && vendorText != e.message && e.description.isEmpty())
        e.description = vendorText;
    return e;
}

} // namespace

Job *TokenClient::request(const QUrl &tokenUrl, const QString &clientId, const QString &clientSecret, QUrlQuery form,
                          ClientAuth auth, const QString &grant, QObject *parent)
{
    if (auth == ClientAuth::Body) {
        form.addQueryItem(QStringLiteral("client_id"), clientId);
        form.addQueryItem(QStringLiteral("client_secret"), clientSecret);
    }
    HttpRequest req = HttpRequest::form(tokenUrl, form);
    req.errorFormat = m_errorFormat;
    if (auth == ClientAuth::Basic) {
        // RFC 6749 §2.3.1: id and secret are form-encoded before the Basic encoding.
        const QByteArray pair = QUrl::toPercentEncoding(clientId) + ':' + QUrl::toPercentEncoding(clientSecret);
        req.setHeader("Authorization", "Basic " + pair.toBase64());
    }
    req.purpose = QStringLiteral("Token (%1)").arg(grant);
    auto *job = new FunctionJob(parent ? parent : m_session);
    req.system = m_system;
    job->whenDone(m_session->send(req, job), [job, grant, clientId](const ApiError &error, const QJsonValue &answer) {
        if (error.isError()) {
            job->fail(explain(error, grant, clientId));
            return;
        }
        QJsonObject token = answer.toObject();
        if (!token.contains(QLatin1String("access_token"))) {
            job->fail(ApiError::protocol(TokenClient::tr("The token endpoint answered without an access_token")));
            return;
        }
        token.insert(QStringLiteral("obtained_at"), double(QDateTime::currentMSecsSinceEpoch()));
        job->succeed(token);
    });
    return job;
}

Job *TokenClient::clientCredentials(const QUrl &tokenUrl, const QString &clientId, const QString &clientSecret,
                                    const QStringList &scopes, ClientAuth auth, QObject *parent)
{
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
    if (!scopes.isEmpty())
        form.addQueryItem(QStringLiteral("scope"), scopes.join(QLatin1Char(' ')));
    return request(tokenUrl, clientId, clientSecret, form, auth, QStringLiteral("client_credentials"), parent);
}

Job *TokenClient::passwordGrant(const QUrl &tokenUrl, const QString &clientId, const QString &clientSecret,
                                const QString &username, const QString &password, const QStringList &scopes, QObject *parent)
{
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("password"));
    form.addQueryItem(QStringLiteral("username"), username);
    form.addQueryItem(QStringLiteral("password"), password);
    if (!scopes.isEmpty())
        form.addQueryItem(QStringLiteral("scope"), scopes.join(QLatin1Char(' ')));
    return request(tokenUrl, clientId, clientSecret, form, ClientAuth::Basic, QStringLiteral("password"), parent);
}

Job *TokenClient::refresh(const QUrl &tokenUrl, const QString &clientId, const QString &clientSecret,
                          const QString &refreshToken, const QStringList &scopes, QObject *parent)
{
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
    form.addQueryItem(QStringLiteral("refresh_token"), refreshToken);
    if (!scopes.isEmpty())
        form.addQueryItem(QStringLiteral("scope"), scopes.join(QLatin1Char(' ')));
    return request(tokenUrl, clientId, clientSecret, form, ClientAuth::Basic, QStringLiteral("refresh_token"), parent);
}

Job *TokenClient::fetchDiscovery(const QUrl &wellKnownUrl, QObject *parent)
{
    HttpRequest req = HttpRequest::get(wellKnownUrl);
    req.purpose = TokenClient::tr("Discovery document");
    auto *job = new FunctionJob(parent ? parent : m_session);
    req.system = m_system;
    job->whenDone(m_session->send(req, job), [job, wellKnownUrl](ApiError error, const QJsonValue &answer) {
        if (error.isError()) {
            if (error.httpStatus == 404)
                error.hint = TokenClient::tr("Check the well-known URL; it usually ends in /.well-known/openid-configuration.");
            job->fail(error);
            return;
        }
        const QJsonObject doc = answer.toObject();
        if (doc.value(QLatin1String("issuer")).toString().isEmpty() || doc.value(QLatin1String("token_endpoint")).toString().isEmpty()) {
            job->fail(ApiError::protocol(QStringLiteral("%1 is not an OpenID discovery document (no issuer or token_endpoint)").arg(wellKnownUrl.toString()),
                                         wellKnownUrl));
            return;
        }
        job->succeed(doc);
    });
    return job;
}

QString TokenClient::accessToken(const QJsonObject &tokenResponse)
{
    return tokenResponse.value(QLatin1String("access_token")).toString();
}

QStringList TokenClient::grantedScopes(const QJsonObject &tokenResponse)
{
    return tokenResponse.value(QLatin1String("scope")).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

bool TokenClient::isFresh(const QJsonObject &tokenResponse, int marginSeconds)
{
    if (accessToken(tokenResponse).isEmpty())
        return false;
    const double obtained = tokenResponse.value(QLatin1String("obtained_at")).toDouble();
    const double expiresIn = tokenResponse.value(QLatin1String("expires_in")).toDouble(3600);
    return QDateTime::currentMSecsSinceEpoch() < qint64(obtained + (expiresIn - marginSeconds) * 1000.0);
}

} // namespace km
