#pragma once
// The Asgardeo key-manager setup as checked steps, shared by the wizard and `kmconsole-cli setup asgardeo`:
// management app verified → global scopes resource → roles → endpoints discovered through API Manager →
// key manager created or updated → read back → JWKS → management token still valid.

#include <QJsonObject>
#include <QStringList>

class QObject;

namespace km {

class ApimClient;
class AsgardeoClient;
class HttpSession;
class SecretStore;
class SetupRunner;

struct AsgardeoSetupOptions
{
    QString name;
    QString displayName;
    QString description;
    QString globalScopesResource = QStringLiteral("APIM_GLOBAL_SCOPES");
    bool createRoles = false;
    QStringList roles;              // API Manager role names to create in Asgardeo when createRoles
    QJsonObject permissions{{QStringLiteral("permissionType"), QStringLiteral("PUBLIC")}};
    bool allowUpdate = false;       // update an existing key manager of this name that differs
    QJsonObject keyManager;         // a full payload edited in the wizard; when empty it is built from discovery
};

class AsgardeoSetup
{
public:
    // The seven connector keys of the Asgardeo type.
    static QJsonObject connectorConfiguration(const AsgardeoClient *asgardeo, const QString &clientSecret,
                                              const QString &globalScopesResource, bool createRoles);
    // The key manager API Manager should hold, from what its discover call returned.
    static QJsonObject keyManagerPayload(const QJsonObject &discovered, const AsgardeoSetupOptions &options,
                                         const AsgardeoClient *asgardeo, const QString &clientSecret);

    static SetupRunner *createRunner(ApimClient *apim, AsgardeoClient *asgardeo, HttpSession *http, const QString &clientSecret,
                                     const AsgardeoSetupOptions &options, QObject *parent, SecretStore *ledger = nullptr);
};

} // namespace km
