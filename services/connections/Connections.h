#pragma once
// Opens saved profiles (API Manager, Asgardeo, Entra) into clients once, for every page and command: the
// secrets read from the keychain, the profile's pins applied, and the same client (with its token) handed
// out until the profile or its secret changes. Holders keep a QPointer: a client that is replaced goes
// away under them, never dangles.

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>

namespace km {

class ApimClient;
class AsgardeoClient;
class EntraClient;
class GraphClient;
class Job;
class ServiceContext;

class Connections : public QObject
{
    Q_OBJECT
public:
    explicit Connections(ServiceContext *context);

    // Opens the client of a saved profile (or finds it open). Result: none; then apim(name) /
    // asgardeo(name) / entra(name) / graph(name) is the client. Fails naming the profile when it does not
    // exist or its secret cannot be read from the keychain. An API Manager client is made with the REST
    // client it registered before (its secret from the keychain); without that it registers on first use.
    Job *openApim(const QString &profile);
    Job *openAsgardeo(const QString &profile);
    Job *openEntra(const QString &profile);

    ApimClient *apim(const QString &profile) const;
    AsgardeoClient *asgardeo(const QString &profile) const;
    EntraClient *entra(const QString &profile) const;
    GraphClient *graph(const QString &profile) const;
    // The client secret an open Asgardeo client was made with (the key manager's connector needs it).
    QString asgardeoSecret(const QString &profile) const;

private:
    // Drops the open client(s) made with the secret under this keychain key: it was written or removed
    // (SecretStore::secretChanged, by whoever wrote it), so the next open reads it again.
    void closeBySecretKey(const QString &secretKey);

    struct Open
    {
        QString secretKey;
        QString fingerprint; // what the profile said when the client was made (URL, organization or tenant, client ID)
        QString secret;
        QPointer<QObject> client;
        QPointer<GraphClient> graph;
    };

    Job *open(const QString &kind, const QString &profile);
    // The client is open for this key and was made from what the profile says now.
    bool isOpen(const QString &key, const QString &fingerprint) const;
    // Keeps `entry` under `key`; the client made for an older version of the profile goes.
    void keep(const QString &key, const Open &entry);

    ServiceContext *m_context;
    QHash<QString, Open> m_open; // "apim/NAME", "asgardeo/NAME", "entra/NAME"
};

} // namespace km
