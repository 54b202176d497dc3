#pragma once
// Key-manager configurations that travel between environments: exported from one API Manager as a JSON
// document without any secret, imported into another with the secrets taken from the local keychain
// (the Asgardeo or Entra profile the key manager points at). Shared by the Key Managers page and
// `kmconsole-cli key-managers export|import`.

#include "services/core/ApiError.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

class QObject;

namespace km {

class ApimClient;
class HttpSession;
class Job;
class SecretStore;
class ServiceContext;
class SetupRunner;

class KeyManagerExport
{
public:
    static constexpr QLatin1StringView Format{"kmconsole.key-managers"};
    static constexpr int Version = 1;

    // Connector fields of a key manager of `type` that carry a secret (the connectors' mask flags).
    static bool isSecretField(const QString &type, const QString &name);
    // The key manager without its server-specific fields (id, usage) and with every secret emptied;
    // each emptied secret is listed in `required` as {"keyManager", "field", "type", "hint"}.
    static QJsonObject portable(const QJsonObject &keyManager, QJsonArray *required);

    // Reads the named key managers (all but the Resident Key Manager when `names` is empty) in full.
    // Result: {"format", "version", "exportedAt", "source", "keyManagers": [...], "secretsRequired": [...]}.
    static Job *exportKeyManagers(ApimClient *apim, const QUrl &source, const QStringList &names, QObject *parent = nullptr);

    // Checks a document read from a file; empty when it can be imported.
    static ApiError validate(const QJsonObject &document);
    // Writes the document atomically (QSaveFile).
    static bool write(const QString &path, const QJsonObject &document, ApiError *error);
    static QJsonObject read(const QString &path, ApiError *error);

    // Fills each required secret from the keychain through the matching profile: Asgardeo by
    // organization, Entra by client ID. Result: the key managers, complete. Fails naming every secret
    // it could not find and the profile to add.
    static Job *resolveSecrets(ServiceContext *context, const QJsonObject &document, QObject *parent = nullptr);

    // One create-or-update, read-back and JWKS step group per key manager (the shared KeyManagerSteps),
    // labelled by name; an existing key manager that differs is updated only with `allowUpdate`.
    static SetupRunner *createImportRunner(ApimClient *apim, HttpSession *http, const QList<QJsonObject> &keyManagers,
                                           bool allowUpdate, QObject *parent, SecretStore *ledger = nullptr);
};

} // namespace km
