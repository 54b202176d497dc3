#pragma once
// Opens saved identity-provider profiles into clients once, for every page and command: the secret read
// from the keychain, the profile's pins applied, and the same client handed out until the profile or its
// secret changes. Holders keep a QPointer: a client that is replaced goes away under them, never dangles.

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>

namespace km {

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

    // Opens the client of a saved profile (or finds it open). Result: none; then asgardeo(name) /
    // entra(name) / graph(name) is the client. Fails naming the profile when it does not exist or its
    // secret cannot be read from the keychain.
    Job *openAsgardeo(const QString &profile);
    Job *openEntra(const QString &profile);

    AsgardeoClient *asgardeo(const QString &profile) const;
    EntraClient *entra(const QString &profile) const;
    GraphClient *graph(const QString &profile) const;
    // The client secret an open Asgardeo client was made with (the key manager's connector needs it).
    QString asgardeoSecret(const QString &profile) const;

    // Drops the open client(s) stored under this keychain key (the secret was replaced).
    void closeBySecretKey(const QString &secretKey);

private:
    struct Open
    {
        QString secretKey;
        QString fingerprint; // what the profile said when the client was made (URL, organization or tenant, client ID)
        QString secret;
        QPointer<QObject> client;
        QPointer<GraphClient> graph;
    };

    Job *open(const QString &kind, const QString &profile);

    ServiceContext *m_context;
    QHash<QString, Open> m_open; // "asgardeo/NAME", "entra/NAME"
};

} // namespace km
