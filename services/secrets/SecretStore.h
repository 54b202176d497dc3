#pragma once
// Keeps secrets in the OS keychain (QtKeychain, service "kmconsole"); when no keychain answers,
// says so and keeps them in memory for this session only, asks the keychain again on later use, and
// moves the session's secrets into it once it answers. Never writes a secret anywhere else.

#include "services/core/Job.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

namespace km {

class SecretStore : public QObject
{
    Q_OBJECT
public:
    explicit SecretStore(const QString &service = QStringLiteral("kmconsole"), QObject *parent = nullptr);

    // Key names: "apim/<profile>/password", "apim/<profile>/dcr-client-secret",
    // "asgardeo/<profile>/client-secret", "entra/<profile>/client-secret".
    static QString apimPasswordKey(const QString &profile);
    static QString apimDcrSecretKey(const QString &profile);
    static QString asgardeoSecretKey(const QString &profile);
    static QString entraSecretKey(const QString &profile);

    // Result: {"stored": "keychain"|"session"}. When the keychain fails the job still succeeds with
    // "session" (the secret is kept in memory) and keychainUnavailable() says why.
    Job *write(const QString &key, const QString &secret);
    // Result: the secret as a JSON string. Missing: error kind Keychain, vendorCode "not-found".
    Job *read(const QString &key);
    Job *remove(const QString &key);
    // A real write/read/delete round trip. Result: {"available": bool, "message": text}.
    Job *probe();

    bool sessionOnly() const { return m_sessionOnly; }
    QString keychainProblem() const { return m_problem; }
    QString service() const { return m_service; }

Q_SIGNALS:
    void keychainUnavailable(const QString &message);
    // The keychain answered again after being unavailable; secrets kept for the session move into it.
    void keychainAvailable();
    // A write or removal of `key` finished (whatever its outcome: the keychain or the session copy may
    // hold another value now). Emitted before the job of that write or removal finishes.
    void secretChanged(const QString &key);

private:
    void markUnavailable(const QString &reason);
    void markAvailable();
    // While session-only: at most every RetryIntervalMs, a use of the store tries the keychain again.
    void retryKeychainSoon();
    static constexpr int RetryIntervalMs = 10000;

    QString m_service;
    QHash<QString, QString> m_session; // secrets kept for this session when the keychain failed
    bool m_sessionOnly = false;
    QString m_problem;
    QElapsedTimer m_sinceFailure;
};

} // namespace km
