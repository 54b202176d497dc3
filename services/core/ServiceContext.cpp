#include "services/core/ServiceContext.h"

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
{
    m_http->setActivityLog(m_activity);
}

void ServiceContext::applyPins(const QHash<QString, QString> &pinnedCertificates)
{
    for (auto it = pinnedCertificates.begin(); it != pinnedCertificates.end(); ++it)
        m_http->pinCertificate(it.key(), it.value());
}

} // namespace km
