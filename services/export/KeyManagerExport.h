#pragma once
// Key-manager configurations that travel between environments: exported from one API Manager as a JSON
// document without any secret, imported into another with the secrets taken from the local keychain
// (the Asgardeo or Entra profile the key manager points at). Shared by the Key Managers page and
// `kmconsole-cli key-managers export|import`.

#include "services/core/ApiError.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QHash>
#include <QList>
#include <QPair>
#include <QSet>
#include <QStringList>
#include <QUrl>

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
    Q_DECLARE_TR_FUNCTIONS(km::KeyManagerExport)
public:
    static constexpr QLatin1StringView Format{"kmconsole.key-managers"};
    static constexpr int Version = 1;
    static constexpr QLatin1StringView SecretElsewhereCode{"secret-elsewhere"};

    // Connector fields of a key manager of `type` that carry a secret (the connectors' mask flags).
    static bool isSecretField(const QString &type, const QString &name);
    // The key manager without its server-specific fields (id, usage) and with every secret emptied: the
    // connector fields in `masked` (its /settings mask flags), those the console knows as secrets, and any
    // value the server masked. Each emptied secret is listed in `required` as {"keyManager", "field", "type", "hint"}.
    static QJsonObject portable(const QJsonObject &keyManager, QJsonArray *required, const QSet<QString> &masked = {});
    // Per key-manager type, the connector fields /settings marks with `mask: true`.
    static QHash<QString, QSet<QString>> maskFlags(const QJsonObject &settings);
    // Fails, naming the secret and the field (never the value), when any value of `document` is a secret
    // this computer's keychain holds for a profile (equal to it, or containing a long one).
    static Job *checkHoldsNoKeychainSecret(ServiceContext *context, const QJsonObject &document, QObject *parent = nullptr);

    // Reads the named key managers (all but the Resident Key Manager when `names` is empty) in full, with
    // the secrets emptied, and checks the result holds no keychain secret.
    // Result: {"format", "version", "exportedAt", "source", "keyManagers": [...], "secretsRequired": [...]}.
    static Job *exportKeyManagers(ServiceContext *context, ApimClient *apim, const QUrl &source, const QStringList &names,
                                  QObject *parent = nullptr);

    // Checks a document read from a file; empty when it can be imported.
    static ApiError validate(const QJsonObject &document);
    // Writes the document atomically (QSaveFile).
    static bool write(const QString &path, const QJsonObject &document, ApiError *error);
    static bool writeBytes(const QString &path, const QByteArray &bytes, ApiError *error);
    // Reads a file of key managers, JSON or YAML (isYaml), at most YamlLimits' size, and validates it.
    // A YAML file is read within YamlReader's limits (no aliases, depth, node count): a bomb is refused
    // with the reason and nothing read from it.
    static QJsonObject read(const QString &path, ApiError *error);
    // YAML by the file's name (.yaml, .yml), JSON by .json; otherwise JSON when it starts with "{".
    static bool isYaml(const QString &path, const QByteArray &bytes);

    // Every place a key manager makes API Manager or its connector call: each http(s) URL in it but the
    // issuer (an identifier, never called), as {field, url}. A secret put in the key manager goes there.
    static QList<QPair<QString, QUrl>> outboundUrls(const QJsonObject &keyManager);

    // Fills each required secret from the keychain through the matching profile: Asgardeo by
    // organization, Entra by client ID, any other connector by the origin of its token endpoint
    // (connectorSecretKey). A secret is kept for its profile's hosts (Asgardeo: the base URL;
    // Entra: the login and Graph URLs); a key manager of the file that would send it to any other host is
    // refused (error code SecretElsewhereCode, the words say which secret and both hosts; nothing is
    // read from the keychain for it) unless `allowElsewhere`, after the user saw both hosts and agreed.
    // Result: {"keyManagers": [...], "elsewhere": [{"keyManager", "field", "profile", "storedFor": [origins],
    // "sendsTo": [{"field", "url"}]}]}. Fails naming every secret it could not find and the profile to add.
    static Job *resolveSecrets(ServiceContext *context, const QJsonObject &document, bool allowElsewhere, QObject *parent = nullptr);
    // The keychain key of a secret of a connector kmconsole keeps no profile for (WSO2-IS, KeyCloak, …):
    // kept for `host`'s origin (the key manager's token endpoint), type and field.
    static QString connectorSecretKey(const QUrl &host, const QString &type, const QString &field);
    // "elsewhere" of resolveSecrets in words: which secret, the hosts it is kept for, where the file sends it.
    static QString elsewhereText(const QJsonArray &elsewhere);

    // One create-or-update, read-back and JWKS step group per key manager (the shared KeyManagerSteps),
    // labelled by name; an existing key manager that differs is updated only with `allowUpdate`.
    static SetupRunner *createImportRunner(ApimClient *apim, HttpSession *http, const QList<QJsonObject> &keyManagers,
                                           bool allowUpdate, QObject *parent, SecretStore *ledger = nullptr);
};

} // namespace km
