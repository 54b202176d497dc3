#include "services/core/ServiceContext.h"

#include "services/connections/Connections.h"
#include "services/core/Job.h"
#include <QJsonObject>
#include "services/http/ActivityLog.h"
#include "services/http/HttpSession.h"
#include "services/profiles/ProfileStore.h"
#include "services/secrets/SecretStore.h"

namespace km {

ServiceContext::ServiceContext(const QString &configDirectory, QObject *parent)
    : ServiceContext(configDirectory, QStringLiteral("kmconsole"), parent)
{
}

ServiceContext::ServiceContext(const QString &configDirectory, const QString &secretService, QObject *parent)
    : QObject(parent)
    , m_http(new HttpSession(this))
    , m_activity(new ActivityLog(this))
    , m_secrets(new SecretStore(secretService, this))
    , m_profiles(new ProfileStore(configDirectory, this))
    , m_connections(new Connections(this))
{
    m_http->setActivityLog(m_activity);
}

Job *ServiceContext::saveProfileWithSecret(const QString &secretKey, const QString &secret, std::function<void(ProfileStore *)> upsert,
                                           bool requireKeychain)
{
    auto *job = new FunctionJob(this);
    job->whenDone(m_secrets->write(secretKey, secret), [this, job, secretKey, upsert, requireKeychain](const ApiError &writeError, const QJsonValue &written) {
        const bool inKeychain = !writeError.isError() && written.toObject().value(QLatin1String("stored")).toString() == QLatin1String("keychain");
        const QString problem = inKeychain ? QString() : (writeError.isError() ? writeError.toUserText() : m_secrets->keychainProblem());
        if (requireKeychain && !inKeychain) {
            job->fail(ApiError::validation(ServiceContext::tr("The client secret could not be stored in the OS keychain: %1").arg(problem),
                                           ServiceContext::tr("Unlock or start the keychain (Secret Service) and try again.")));
            return;
        }
        upsert(m_profiles);
        m_profiles->noteSecretKey(secretKey);
        ApiError error;
        if (!m_profiles->save(&error)) {
            job->fail(error);
            return;
        }
        QJsonObject result{{QStringLiteral("stored"), inKeychain ? QStringLiteral("keychain") : QStringLiteral("session")}};
        if (!inKeychain)
            result.insert(QStringLiteral("problem"), problem);
        job->succeed(result);
    });
    return job;
}

void ServiceContext::applyPins(const QHash<QString, QString> &pinnedCertificates)
{
    for (auto it = pinnedCertificates.begin(); it != pinnedCertificates.end(); ++it)
        m_http->pinCertificate(it.key(), it.value());
}

} // namespace km
