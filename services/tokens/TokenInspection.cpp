#include "services/tokens/TokenInspection.h"

#include "services/apim/ApimClient.h"
#include "services/apim/KeyManagerCatalogue.h"
#include "services/core/ConstRange.h"
#include "services/core/Tasks.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QPointer>
#include <QTimer>

namespace km {

namespace {

void readUntilIssuer(FunctionJob *job, const QPointer<ApimClient> &apim, const QStringList &ids, int index, const QString &issuer)
{
    if (index >= ids.size())
        return job->succeed(QJsonValue(QJsonValue::Null));
    if (!apim)
        return job->fail(ApiError::cancelled());
    job->whenDone(apim->getKeyManager(ids.at(index)), [job, apim, ids, index, issuer](const ApiError &error, const QJsonValue &keyManager) {
        if (!error.isError() && keyManager.toObject().value(QLatin1String("issuer")).toString() == issuer)
            return job->succeed(keyManager);
        readUntilIssuer(job, apim, ids, index + 1, issuer);
    });
}

QJsonArray listed(const QJsonValue &list)
{
    return list.toObject().value(QLatin1String("list")).toArray();
}

} // namespace

Job *TokenInspection::keyManagerNamed(ApimClient *apimClient, const QString &nameOrId, QObject *parent)
{
    const QPointer<ApimClient> apim(apimClient);
    // The connection's catalogue: a list a page has already read is not asked for again.
    return tasks::sequence({[apim](const QJsonValue &) -> Job * {
                                return apim ? apim->keyManagerCatalogue()->ensure() : tasks::failed(ApiError::cancelled());
                            },
                            [apim, nameOrId](const QJsonValue &list) -> Job * {
                                QStringList names;
                                for (const QJsonValue &v : km::constTemporary(listed(list))) {
                                    const QJsonObject info = v.toObject();
                                    const QString id = info.value(QLatin1String("id")).toString();
                                    if (info.value(QLatin1String("name")).toString() == nameOrId || id == nameOrId)
                                        return apim ? apim->getKeyManager(id) : tasks::failed(ApiError::cancelled());
                                    names << info.value(QLatin1String("name")).toString();
                                }
                                return tasks::failed(ApiError::validation(
                                    QCoreApplication::translate("km::TokenInspection", "API Manager has no key manager named “%1” (it has: %2)")
                                        .arg(nameOrId, names.join(QStringLiteral(", "))),
                                    QCoreApplication::translate("km::TokenInspection", "Name one of its key managers, by name or id."),
                                    QStringLiteral("key-manager")));
                            }},
                           parent);
}

Job *TokenInspection::keyManagerWithIssuer(ApimClient *apimClient, const QString &issuer, QObject *parent)
{
    auto *job = new FunctionJob(parent);
    const QPointer<ApimClient> apim(apimClient);
    job->whenDone(apimClient->keyManagerCatalogue()->ensure(), [job, apim, issuer](const ApiError &error, const QJsonValue &list) {
        if (error.isError())
            return job->fail(error);
        QStringList ids;
        for (const QJsonValue &v : km::constTemporary(listed(list)))
            ids << v.toObject().value(QLatin1String("id")).toString();
        readUntilIssuer(job, apim, ids, 0, issuer);
    });
    return job;
}

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
