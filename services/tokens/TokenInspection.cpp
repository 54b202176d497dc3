#include "services/tokens/TokenInspection.h"

#include <QDateTime>
#include <QTimer>

namespace km {

QUrl TokenInspection::jwksUrlOf(const QJsonObject &keyManager)
{
    const QJsonObject certificates = keyManager.value(QLatin1String("certificates")).toObject();
    if (certificates.value(QLatin1String("type")).toString() != QLatin1String("JWKS"))
        return QUrl();
    const QUrl url(certificates.value(QLatin1String("value")).toString(), QUrl::StrictMode);
    return url.isValid() ? url : QUrl();
}

TokenInspectionJob *TokenInspection::inspect(HttpSession *http, const TokenInspectionRequest &request, QObject *parent)
{
    auto *job = new TokenInspectionJob(parent);
    job->m_token = DecodedToken::decode(request.token);
    const QJsonObject keyManager = request.keyManager;
    const TokenDiagnosis::SignaturePolicy policy = request.signaturePolicy;
    auto conclude = [job, keyManager, policy](const std::optional<VerificationResult> &verification) {
        job->m_verification = verification;
        job->m_diagnosis = TokenDiagnosis::diagnose(job->m_token, verification, keyManager, QDateTime::currentDateTimeUtc(), 0, policy);
        job->succeed(tokenReportJson(job->m_token, verification, job->m_diagnosis));
    };
    // Finishing is always deferred, so callers can connect after inspect() returns.
    if (!job->m_token.isJws()) {
        QTimer::singleShot(0, job, [conclude] { conclude(std::nullopt); });
        return job;
    }
    if (!request.jwks.isEmpty()) {
        QTimer::singleShot(0, job, [job, conclude, jwks = request.jwks] { conclude(JwksVerifier::verify(job->m_token, jwks)); });
        return job;
    }
    job->m_jwksUrl = request.jwksUrl.isEmpty() ? jwksUrlOf(keyManager) : request.jwksUrl;
    if (job->m_jwksUrl.isEmpty() || !http) {
        QTimer::singleShot(0, job, [conclude] { conclude(std::nullopt); });
        return job;
    }
    job->whenDone(JwksVerifier::fetchJwks(http, job->m_jwksUrl, job), [job, conclude](const ApiError &error, const QJsonValue &jwks) {
        if (error.kind == ApiError::Kind::Cancelled)
            return;
        if (error.isError())
            conclude(VerificationResult::jwksUnavailable(job->m_token, job->m_jwksUrl, error.toUserText()));
        else
            conclude(JwksVerifier::verify(job->m_token, jwks.toObject()));
    });
    return job;
}

} // namespace km
