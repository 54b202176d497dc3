#pragma once
// API Manager's DevPortal v3 applications and their OAuth keys, on the API Manager stand-in's
// HTTPS listener. Keys on a key manager of type AzureAD are made the way the AzureAD connector
// makes them: Graph calls (create app, addPassword, identifierUris, service principal), each polled
// through Graph's replication lag, without blocking the event loop.

#include "sandbox/SandboxServer.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace km::sandbox {

class ApimStandIn;

class DevPortalStandIn : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *BasePath = "/api/am/devportal/v3";

    DevPortalStandIn(ApimStandIn *apim, QObject *parent = nullptr);

    // Applications with their keys (consumer secrets left out), for /__sandbox/state and tests.
    QJsonObject state() const;

private:
    struct Application
    {
        QJsonObject info;     // Application fields except keys
        QList<QJsonObject> keys; // ApplicationKey, consumerSecret kept only where API Manager can show it again
    };
    struct AzureCall;
    using Done = std::function<void(int status, const QJsonObject &json, const QString &transportError)>;

    void addRoutes();
    bool authorize(const Request &r, Response *deny) const;
    QJsonObject applicationJson(const Application &app) const;
    QJsonObject findKeyManager(const QString &name) const;
    void generateKeys(const Request &r, SandboxServer::Reply reply);
    void mapKeys(const Request &r, SandboxServer::Reply reply);
    void generateToken(const Request &r, SandboxServer::Reply reply);
    std::optional<Response> checkKeyRequest(const QString &appId, const QString &keyType, const QString &kmName, QJsonObject *km) const;

    // The AzureAD connector's side.
    void azureToken(const QJsonObject &km, std::function<void(const QString &token, const QString &error)> done);
    void graphCall(const QByteArray &method, const QUrl &url, const QString &token, const QJsonObject &body, Done done);
    void polledGraphCall(const QByteArray &method, const QUrl &url, const QString &token, const QJsonObject &body,
                         int delayMs, int waitedMs, int maxWaitMs, Done done);
    void addKey(const QString &appId, QJsonObject key);
    // The Asgardeo connector's side: a management token, then DCR.
    void asgardeoRegister(const QJsonObject &km, const QJsonObject &dcrBody, Done done);
    // POST of a form (token endpoints).
    void formPost(const QUrl &url, const QList<QPair<QString, QString>> &fields, const QByteArray &basicAuth, Done done);

    ApimStandIn *m_apim;
    QNetworkAccessManager *m_network;
    QMap<QString, Application> m_apps; // applicationId -> application
};

} // namespace km::sandbox
