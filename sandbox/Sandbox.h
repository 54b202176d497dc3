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
class PublisherStandIn;
class SandboxServer;

class Sandbox : public QObject
{
    Q_OBJECT
public:
    explicit Sandbox(QObject *parent = nullptr);
    ~Sandbox() override;

    bool start(QString *error);
    // The start-up line: {"apim", "apimFingerprint", "accounts": {"apim": {"username", "password"}}, …}.
    QJsonObject startupInfo() const;

    ApimStandIn *apim() const { return m_apim; }
    AsgardeoStandIn *asgardeo() const { return m_asgardeo; }
    PublisherStandIn *publisher() const { return m_publisher; }
    QList<SandboxServer *> servers() const;

    // Stand-ins added later register a contribution to the start-up line.
    using InfoContributor = std::function<void(QJsonObject &info)>;
    void addInfoContributor(InfoContributor contributor) { m_contributors.append(std::move(contributor)); }
    void addServer(SandboxServer *server) { m_extraServers.append(server); }

private:
    ApimStandIn *m_apim;
    AsgardeoStandIn *m_asgardeo;
    PublisherStandIn *m_publisher;
    QList<SandboxServer *> m_extraServers;
    QList<InfoContributor> m_contributors;
};

} // namespace km::sandbox
