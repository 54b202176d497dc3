#include "sandbox/Sandbox.h"

#include "sandbox/SandboxServer.h"
#include "sandbox/apim/ApimStandIn.h"
#include "sandbox/apim/DevPortalStandIn.h"
#include "sandbox/apim/PublisherStandIn.h"
#include "sandbox/asgardeo/AsgardeoStandIn.h"
#include "sandbox/entra/EntraStandIn.h"

#include <QRandomGenerator>

namespace km::sandbox {

Sandbox::Sandbox(QObject *parent)
    : QObject(parent)
    , m_apim(new ApimStandIn(this))
    , m_asgardeo(new AsgardeoStandIn(this))
    , m_entra(new EntraStandIn(this))
    , m_entraExternal(new EntraStandIn(EntraStandIn::Kind::External, this))
    , m_devPortal(new DevPortalStandIn(m_apim, this))
    , m_publisher(new PublisherStandIn(m_apim, this))
    , m_controlToken(QByteArray::number(QRandomGenerator::system()->generate64(), 16) + QByteArray::number(QRandomGenerator::system()->generate64(), 16))
{
    m_asgardeo->attachTo(m_apim);
    // The Asgardeo connector adds every saved API Manager scope to the organization's global scopes resource.
    m_publisher->addScopeConnector(QStringLiteral("Asgardeo"), [this](const QJsonObject &keyManager, const QJsonArray &scopes) {
        const QJsonObject props = keyManager.value(QLatin1String("additionalProperties")).toObject();
        QString resource = props.value(QLatin1String("APIM_GLOBAL_SCOPES")).toString();
        if (resource.isEmpty())
            resource = QStringLiteral("APIM_GLOBAL_SCOPES");
        return m_asgardeo->addScopesToResource(props.value(QLatin1String("org_name")).toString(), resource, scopes);
    });
    addInfoContributor([this](QJsonObject &info) {
        info.insert(QStringLiteral("asgardeo"), m_asgardeo->baseUrl().toString());
        QJsonObject accounts = info.value(QLatin1String("accounts")).toObject();
        const auto account = [this](const AsgardeoStandIn::App &app) {
            return QJsonObject{{QStringLiteral("org"), m_asgardeo->organization()}, {QStringLiteral("clientId"), app.clientId},
                               {QStringLiteral("clientSecret"), app.clientSecret}};
        };
        accounts.insert(QStringLiteral("asgardeo"), account(m_asgardeo->managementApp()));
        // A management app that authorized the Organization API versions: the common mistake.
        accounts.insert(QStringLiteral("asgardeoOrgApi"), account(m_asgardeo->organizationApiApp()));
        accounts.insert(QStringLiteral("asgardeoConnectorOnly"), account(m_asgardeo->connectorOnlyApp()));
        // An application whose tokens carry API Manager scopes once they are authorized for it.
        QJsonObject app = account(m_asgardeo->businessApp());
        app.insert(QStringLiteral("name"), m_asgardeo->businessApp().name);
        accounts.insert(QStringLiteral("asgardeoApp"), app);
        info.insert(QStringLiteral("accounts"), accounts);
    });
    addInfoContributor([this](QJsonObject &info) {
        info.insert(QStringLiteral("entra"), m_entra->loginUrl().toString());
        info.insert(QStringLiteral("graph"), m_entra->graphUrl().toString());
        QJsonObject accounts = info.value(QLatin1String("accounts")).toObject();
        const EntraStandIn::Client client = m_entra->managementClient();
        accounts.insert(QStringLiteral("entra"), QJsonObject{{QStringLiteral("tenant"), m_entra->tenantId()},
                                                             {QStringLiteral("domain"), m_entra->domain()},
                                                             {QStringLiteral("clientId"), client.clientId},
                                                             {QStringLiteral("clientSecret"), client.secret}});
        // The External ID tenant: "entraExternal" stands in for https://{subdomain}.ciamlogin.com.
        info.insert(QStringLiteral("entraExternal"), m_entraExternal->loginUrl().toString());
        info.insert(QStringLiteral("graphExternal"), m_entraExternal->graphUrl().toString());
        const EntraStandIn::Client external = m_entraExternal->managementClient();
        accounts.insert(QStringLiteral("entraExternal"), QJsonObject{{QStringLiteral("tenant"), m_entraExternal->tenantId()},
                                                                     {QStringLiteral("domain"), m_entraExternal->domain()},
                                                                     {QStringLiteral("subdomain"), m_entraExternal->subdomain()},
                                                                     {QStringLiteral("clientId"), external.clientId},
                                                                     {QStringLiteral("clientSecret"), external.secret}});
        info.insert(QStringLiteral("accounts"), accounts);
    });
}

Sandbox::~Sandbox() = default;

bool Sandbox::start(QString *error)
{
    if (!(m_apim->start(error) && m_asgardeo->start(error) && m_entra->start(error) && m_entraExternal->start(error)))
        return false;
    for (SandboxServer *server : servers())
        server->setControlToken(m_controlToken);
    return true;
}

void Sandbox::addServer(SandboxServer *server)
{
    server->setControlToken(m_controlToken);
    m_extraServers.append(server);
}

QList<SandboxServer *> Sandbox::servers() const
{
    QList<SandboxServer *> out{m_apim->server(), m_asgardeo->server(), m_entra->loginServer(), m_entra->graphServer(),
                                 m_entraExternal->loginServer(), m_entraExternal->graphServer()};
    out += m_extraServers;
    return out;
}

QJsonObject Sandbox::startupInfo() const
{
    QJsonObject info{
        {QStringLiteral("apim"), m_apim->server()->baseUrl().toString()},
        {QStringLiteral("apimFingerprint"), m_apim->server()->fingerprint()},
        {QStringLiteral("controlToken"), QString::fromLatin1(m_controlToken)},
        {QStringLiteral("accounts"), QJsonObject{{QStringLiteral("apim"), QJsonObject{{QStringLiteral("username"), m_apim->adminUser()},
                                                                                       {QStringLiteral("password"), m_apim->adminPassword()}}}}},
    };
    for (const InfoContributor &c : m_contributors)
        c(info);
    SandboxServer::recordIssuedSecrets(info.value(QLatin1String("accounts")));
    return info;
}

} // namespace km::sandbox
