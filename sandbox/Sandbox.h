#pragma once
// The whole local stand-in: API Manager (HTTPS, self-signed) and, as they are added, Asgardeo and
// Entra ID/Graph, each on its own loopback port.

#include <QJsonObject>
#include <QList>
#include <QObject>

#include <functional>

namespace km::sandbox {

class ApimStandIn;
class AsgardeoStandIn;
class DevPortalStandIn;
class EntraStandIn;
class PublisherStandIn;
class SandboxServer;

class Sandbox : public QObject
{
    Q_OBJECT
public:
    explicit Sandbox(QObject *parent = nullptr);
    ~Sandbox() override;

    bool start(QString *error);
    // The start-up line: {"apim", "apimFingerprint", "asgardeo", "entra", "graph", "entraExternal", "graphExternal", "controlToken",
    // "accounts": {"apim": {"username", "password"}, "asgardeo": {…}, "entra": {"tenant", "domain", "clientId", "clientSecret"},
    // "entraExternal": {…, "subdomain"}}}.
    QJsonObject startupInfo() const;

    ApimStandIn *apim() const { return m_apim; }
    AsgardeoStandIn *asgardeo() const { return m_asgardeo; }
    EntraStandIn *entra() const { return m_entra; }
    // A Microsoft Entra External ID tenant (its own sign-in server and Graph).
    EntraStandIn *entraExternal() const { return m_entraExternal; }
    DevPortalStandIn *devPortal() const { return m_devPortal; }
    PublisherStandIn *publisher() const { return m_publisher; }
    QList<SandboxServer *> servers() const;
    // Random per start: what the /__sandbox/ endpoints of every listener require (SandboxServer::ControlTokenHeader).
    QByteArray controlToken() const { return m_controlToken; }

    // Stand-ins added later register a contribution to the start-up line.
    using InfoContributor = std::function<void(QJsonObject &info)>;
    void addInfoContributor(InfoContributor contributor) { m_contributors.append(std::move(contributor)); }
    void addServer(SandboxServer *server);

private:
    ApimStandIn *m_apim;
    AsgardeoStandIn *m_asgardeo;
    EntraStandIn *m_entra;
    EntraStandIn *m_entraExternal;
    DevPortalStandIn *m_devPortal;
    PublisherStandIn *m_publisher;
    QList<SandboxServer *> m_extraServers;
    QList<InfoContributor> m_contributors;
    QByteArray m_controlToken;
};

} // namespace km::sandbox
