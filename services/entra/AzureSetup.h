#pragma once
// The Entra ID (AzureAD connector) key-manager setup as checked steps, shared by the wizard and
// `kmconsole-cli setup azure`: Graph permissions verified → endpoints discovered through API Manager →
// one key manager per token version (the shared KeyManagerSteps) → the connector's Graph token still valid.

#include "services/core/ApiError.h"

#include <QJsonObject>
#include <QList>
#include <QString>

class QObject;
class QUrl;

namespace km {

class ApimClient;
class EntraClient;
class HttpSession;
class SecretStore;
class SetupRunner;

enum class AzureTokenVersions { V1, V2, Both };

struct AzureSetupOptions
{
    QString name;                   // the key manager's name; with Both, NAME-v1 and NAME-v2
    QString displayName;            // empty: the name; with Both, "D (v1 tokens)" / "D (v2 tokens)"
    QString description;
    AzureTokenVersions tokenVersions = AzureTokenVersions::V2;
    bool allowUpdate = false;       // update an existing key manager of that name that differs
    int pollingInitialDelayMs = 500;
    int pollingMaxWaitMs = 5000;
    QJsonObject permissions{{QStringLiteral("permissionType"), QStringLiteral("PUBLIC")}};
    // Fields laid over the built payload (the wizard's edits); "additionalProperties" is merged key by key.
    QJsonObject keyManagerOverrides;
};

class AzureSetup
{
public:
    // "v1", "v2", "both" (case-insensitive) → versions; false for anything else.
    static bool parseTokenVersions(const QString &text, AzureTokenVersions *out);
    static QList<int> versions(AzureTokenVersions v); // {1}, {2} or {1, 2}
    // What an External ID tenant refuses: v1 or both (its tokens are v2 only, docs/fidelity.md); none for a workforce tenant.
    static ApiError checkVersionsFor(const EntraClient *entra, AzureTokenVersions versions);
    // The External ID issuer step's rule (pure): the discovery document's `issuer` must have the shape
    // https://{tenant-id}.ciamlogin.com/{tenant-id}/v2.0 for `tenantId` (a GUID, or empty when not known yet), and an
    // issuer typed over it (`typedIssuer`, may be empty) must be exactly the document's.
    static ApiError checkExternalIssuer(const QString &documentIssuer, const QString &tenantId, const QUrl &wellKnown,
                                        const QString &typedIssuer = QString());
    // The key manager's name for `version` under these options.
    static QString keyManagerName(const AzureSetupOptions &options, int version);

    // The AzureAD connector keys (contracts §1.4) for a key manager of `version` (1 or 2).
    static QJsonObject connectorConfiguration(const EntraClient *entra, int version, const AzureSetupOptions &options);
    // The key manager API Manager should hold for `version`. `discoveredV2` / `discoveredV1` are what
    // API Manager's discover call returned for the v2 and v1 documents (either may be empty).
    static QJsonObject keyManagerPayload(const QJsonObject &discoveredV2, const QJsonObject &discoveredV1, int version,
                                         const AzureSetupOptions &options, const EntraClient *entra);

    // Steps "graph-access", "discover-v2" (and "discover-v1"; External ID: "external-issuer" instead), per version "key-manager-vN", "read-back-vN",
    // "fetch-jwks-vN", then "graph-token". The key managers read back are in data()["keyManager-v1"/"keyManager-v2"].
    static SetupRunner *createRunner(ApimClient *apim, EntraClient *entra, HttpSession *http, const AzureSetupOptions &options,
                                     QObject *parent, SecretStore *ledger = nullptr);
};

} // namespace km
