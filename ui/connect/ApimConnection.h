#pragma once
// The console's connection to its active API Manager profile: opens it, holds the client, and says
// where it stands for the status line and the pages.

#include "services/apim/ApimClient.h"
#include "services/core/ApiError.h"
#include "services/core/Job.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

namespace km {

class ServiceContext;

class ApimConnection : public QObject
{
    Q_OBJECT
public:
    enum class State { NoProfile, Connecting, Connected, Failed };
    Q_ENUM(State)

    explicit ApimConnection(ServiceContext *context, QObject *parent = nullptr);
    ~ApimConnection() override;

    State state() const { return m_state; }
    QString profileName() const { return m_profileName; }
    QUrl url() const { return m_url; }
    QString username() const { return m_username; }
    const ApiError &error() const { return m_error; }
    // Null unless connected. The shared connection's (ServiceContext::connections()): gone when the
    // profile or its password changes, and replaced on connecting to another profile.
    ApimClient *client() const { return m_client; }

    // One line for the status bar: profile, URL, state and, once read, what the server is (ApimServerInfo).
    QString statusText() const;
    // What the console knows of the connected server's version and features; empty until read.
    QString serverSummary() const { return m_serverSummary; }

public Q_SLOTS:
    // Connects to the profile marked active in the profile store (no-op without one).
    void connectActiveProfile();
    void connectToProfile(const QString &profileName);
    void disconnectFromServer();
    // The profile file could not be read: not connected, and the status line says why.
    void reportProfileProblem(const km::ApiError &error);

Q_SIGNALS:
    void stateChanged(km::ApimConnection::State state);
    // Emitted with the new client after connecting, and with null on disconnect or failure.
    void clientChanged(km::ApimClient *client);
    // The server's version and features were read after connecting (serverSummary()).
    void serverInfoChanged();

private:
    void setState(State state);
    void dropClient();
    // Stops a connect in progress without reporting it.
    void abandonOpening();
    // Reads what the server offers (its Publisher settings) and keeps it in the profile for `profile list`.
    void readServerInfo();

    ServiceContext *m_context;
    State m_state = State::NoProfile;
    QString m_profileName;
    QUrl m_url;
    QString m_username;
    ApiError m_error;
    QPointer<ApimClient> m_client;
    QPointer<Job> m_opening;
    QPointer<Job> m_readingInfo;
    QString m_serverSummary;
};

} // namespace km
