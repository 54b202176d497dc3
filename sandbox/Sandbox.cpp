#include "sandbox/Sandbox.h"

#include "sandbox/apim/ApimStandIn.h"

namespace km::sandbox {

Sandbox::Sandbox(QObject *parent)
    : QObject(parent)
    , m_apim(new ApimStandIn(this))
{
}

Sandbox::~Sandbox() = default;

bool Sandbox::start(QString *error)
{
    return m_apim->start(error);
}

QList<SandboxServer *> Sandbox::servers() const
{
    QList<SandboxServer *> out{m_apim->server()};
    out += m_extraServers;
    return out;
}

QJsonObject Sandbox::startupInfo() const
{
    QJsonObject info{
        {QStringLiteral("apim"), m_apim->server()->baseUrl().toString()},
        {QStringLiteral("apimFingerprint"), m_apim->server()->fingerprint()},
        {QStringLiteral("accounts"), QJsonObject{{QStringLiteral("apim"), QJsonObject{{QStringLiteral("username"), m_apim->adminUser()},
                                                                                       {QStringLiteral("password"), m_apim->adminPassword()}}}}},
    };
    for (const InfoContributor &c : m_contributors)
        c(info);
    return info;
}

} // namespace km::sandbox
