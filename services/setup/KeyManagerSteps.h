#pragma once
// The steps every key-manager setup ends with: create or update the key manager (never twice),
// read it back, and fetch its JWKS. Shared by the Asgardeo and Azure AD setups, GUI and CLI alike.

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>

namespace km {

class ApimClient;
class HttpSession;
class Job;
class SecretStore;
class SetupRunner;
struct KeyManagerConfig;

class KeyManagerSteps
{
public:
    // Finds a key manager by name: result is its full configuration, or null when there is none.
    static Job *findByName(ApimClient *apim, const QString &name, QObject *parent = nullptr);

    // Adds "create-or-update", "read-back" and "fetch-jwks" steps for the payload returned by
    // `payload` (called when the step runs, so it sees the steps before it). `label` distinguishes
    // several key managers of one setup ("v1", "v2"); the key manager read back is stored in
    // runner->data()["keyManager"] (or ["keyManager-<label>"]). An existing key manager that differs
    // is updated only when `allowUpdate`; the comparison is KeyManagerCompare's (only what the console
    // owns; "*****" is a secret the server keeps). With a `ledger`, the fingerprint of every secret pushed
    // is kept in the keychain so that a rerun sends a rotated secret and nothing else.
    static void add(SetupRunner *runner, ApimClient *apim, HttpSession *http, std::function<QJsonObject()> payload,
                    bool allowUpdate, const QString &label = QString(), SecretStore *ledger = nullptr);

    // The keychain key under which the fingerprint of the secret last pushed to `field` of key manager
    // `name` on the API Manager at `apim` is kept.
    static QString pushedSecretKey(const QUrl &apim, const QString &name, const QString &field);

    // Reads the fingerprints of the secrets last pushed to `fields` of key manager `name` (missing or
    // unreadable: not known; no ledger: none known). Result: {field: fingerprint}; it never fails.
    static Job *readPushedFingerprints(SecretStore *ledger, const QUrl &apim, const QString &name, const QStringList &fields, QObject *parent);
    // readPushedFingerprints()'s result as the comparison takes it.
    static QHash<QString, QString> fingerprintsFrom(const QJsonValue &read);
    // The connector fields of `config` that hold a secret (masked by API Manager).
    static QStringList secretFieldsOf(const KeyManagerConfig &config);
    // Keeps the fingerprints of the secrets of `sent` in `fields` just pushed; a keychain that refuses only
    // costs a later rerun a "kept by the server" note, so the outcome is not waited for.
    static void recordPushedFingerprints(SecretStore *ledger, const QUrl &apim, const KeyManagerConfig &sent, const QStringList &fields);

    // A step that imports endpoints as the Admin Portal's Import does: API Manager's discover of
    // `wellKnown` for a key manager of `type`; the discovered key manager goes to runner->data()[dataKey].
    // An unreadable document fails the step at `field` with `fix` as the way out.
    static void addDiscover(SetupRunner *runner, ApimClient *apim, const QString &id, const QString &title, const QUrl &wellKnown,
                            const QString &type, const QString &dataKey, const QString &field, const QString &fix);

    // What every third-party key manager the console sets up enables: token generation, OAuth app creation
    // and mapping, self-validated JWTs, DIRECT tokens. `keyManager` with those fields added.
    static QJsonObject withThirdPartyDefaults(QJsonObject keyManager);

    // The grant types a new key manager starts with, of those its identity provider supports: all but the
    // implicit and password grants, which the OAuth 2.0 Security Best Current Practice (RFC 9700) says not to use.
    static QStringList defaultGrantTypes(const QStringList &supported);

};

} // namespace km
