#pragma once
// What the GUI and the CLI share to reach the outside world: one HTTP session with its activity log,
// the keychain and the profiles.

#include <QObject>

#include <functional>

namespace km {

class ActivityLog;
class Connections;
class HttpSession;
class Job;
class ProfileStore;
class SecretStore;

class ServiceContext : public QObject
{
    Q_OBJECT
public:
    // `configDirectory` empty: the platform's app-config location, or $KMCONSOLE_CONFIG_DIR.
    explicit ServiceContext(const QString &configDirectory = QString(), QObject *parent = nullptr);
    // `secretService`: the keychain service the secrets go under ("kmconsole"; the sandbox uses its own).
    ServiceContext(const QString &configDirectory, const QString &secretService, QObject *parent = nullptr);

    HttpSession *http() const { return m_http; }
    ActivityLog *activity() const { return m_activity; }
    SecretStore *secrets() const { return m_secrets; }
    ProfileStore *profiles() const { return m_profiles; }
    // Saved API Manager, Asgardeo and Entra profiles opened into clients, shared by every page and command.
    Connections *connections() const { return m_connections; }

    // Copies a profile's pinned certificates into the HTTP session.
    // Writes `secret` to the keychain under `secretKey`, then records the profile (`upsert`) and saves the
    // profile file. Result: {"stored": "keychain"|"session", "problem": why it is session-only}. Fails when
    // the file cannot be saved, or, with `requireKeychain`, when the keychain did not take the secret
    // (nothing is saved then).
    Job *saveProfileWithSecret(const QString &secretKey, const QString &secret, std::function<void(ProfileStore *)> upsert,
                               bool requireKeychain = false);

    void applyPins(const QHash<QString, QString> &pinnedCertificates);

private:
    HttpSession *m_http;
    ActivityLog *m_activity;
    SecretStore *m_secrets;
    ProfileStore *m_profiles;
    Connections *m_connections;
};

} // namespace km
