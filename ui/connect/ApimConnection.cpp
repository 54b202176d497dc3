#include "ui/connect/ApimConnection.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimVersion.h"
#include "services/connections/Connections.h"
#include "services/core/Logging.h"
#include "services/core/ServiceContext.h"
#include "services/profiles/ProfileStore.h"

#include <QJsonObject>

namespace km {

ApimConnection::ApimConnection(ServiceContext *context, QObject *parent)
    : QObject(parent)
    , m_context(context)
{
}

ApimConnection::~ApimConnection()
{
    // The owner (the main window) is half destroyed by now: a cancelled open must not report to it.
    blockSignals(true);
    abandonOpening();
}

void ApimConnection::abandonOpening()
{
    // Cleared before cancel(): the finish handler sees a superseded job and does nothing, so no
    // "failed: cancelled" state flashes between two connects.
    Job *opening = m_opening;
    m_opening = nullptr;
    if (opening)
        opening->cancel();
}

QString ApimConnection::statusText() const
{
    if (m_profileName.isEmpty() && m_state == State::Failed)
        return tr("API Manager profiles could not be read: %1").arg(m_error.toUserText());
    if (m_profileName.isEmpty())
        return tr("No API Manager profile — use File ▸ Connect to API Manager… (Ctrl+K)");
    const QString where = tr("API Manager “%1” at %2").arg(m_profileName, m_url.toDisplayString());
    switch (m_state) {
    case State::NoProfile: break;
    case State::Connecting: return where + tr(" — connecting…");
    case State::Connected:
        return where + tr(" — connected as %1").arg(m_username) + (m_serverSummary.isEmpty() ? QString() : QString(QStringLiteral(" — ") + m_serverSummary));
    // The reason is in the page's banner and the status line's tooltip; repeated here it was cut at the window's edge.
    case State::Failed: return where + tr(" — not connected");
    }
    return where;
}

void ApimConnection::connectActiveProfile()
{
    const QString active = m_context->profiles()->activeApimProfile();
    if (active.isEmpty()) {
        disconnectFromServer();
        return;
    }
    connectToProfile(active);
}

void ApimConnection::connectToProfile(const QString &profileName)
{
    abandonOpening();
    dropClient();
    m_profileName = profileName;
    m_error = ApiError();
    if (const auto profile = m_context->profiles()->apimProfile(profileName)) {
        m_url = profile->url;
        m_username = profile->username;
    }
    setState(State::Connecting);
    qCInfo(lcUi) << "connecting to API Manager profile" << profileName;
    Job *job = m_context->connections()->openApim(profileName);
    m_opening = job;
    // The handler gets the finishing job as its argument; nothing it captures can be gone.
    job->onFinished(this, [this, profileName](Job *finished) {
        if (m_opening != finished)
            return; // superseded by a newer connect, or abandoned
        m_opening = nullptr;
        ApimClient *client = finished->hasError() ? nullptr : m_context->connections()->apim(profileName);
        if (!client) {
            m_error = finished->hasError() ? finished->error() : ApiError::cancelled();
            setState(State::Failed);
            return;
        }
        // The client is the shared connection's (Connections): it goes when the profile or its password
        // changes (saved by the connect dialog, an import, a command), and the pages holding it see their
        // QPointer empty. Connected to that profile still, the console opens it again with what it says now.
        m_client = client;
        connect(client, &QObject::destroyed, this, [this, profileName](QObject *gone) {
            if (m_state == State::Connected && m_profileName == profileName && (!m_client || m_client.data() == gone))
                connectToProfile(profileName);
        });
        setState(State::Connected);
        Q_EMIT clientChanged(m_client);
        readServerInfo();
    });
}

void ApimConnection::readServerInfo()
{
    const auto profile = m_context->profiles()->apimProfile(m_profileName);
    if (!profile || !m_client)
        return;
    Job *job = ApimServerInfo::detect(m_client, ApimVersion::parse(profile->apimVersion), this);
    m_readingInfo = job;
    const QString name = m_profileName;
    job->onFinished(this, [this, name](Job *j) {
        if (m_readingInfo != j || m_profileName != name)
            return; // another connect meanwhile
        m_readingInfo = nullptr;
        const QJsonObject server = j->result().toObject();
        m_serverSummary = server.value(QLatin1String("summary")).toString();
        ApiError error;
        if (!ApimServerInfo::keepInProfile(m_context->profiles(), name, server, &error))
            qCWarning(lcUi) << "could not keep what the server offers in the profile:" << error.toUserText();
        Q_EMIT serverInfoChanged();
    });
}

void ApimConnection::disconnectFromServer()
{
    abandonOpening();
    dropClient();
    m_profileName.clear();
    m_url.clear();
    m_username.clear();
    m_error = ApiError();
    setState(State::NoProfile);
    Q_EMIT clientChanged(nullptr);
}

void ApimConnection::reportProfileProblem(const ApiError &error)
{
    disconnectFromServer();
    m_error = error;
    setState(State::Failed);
}

void ApimConnection::dropClient()
{
    m_readingInfo = nullptr;
    m_serverSummary.clear();
    if (m_client) {
        m_client = nullptr; // the shared connection keeps it (and its token) for the next connect
        Q_EMIT clientChanged(nullptr);
    }
}

void ApimConnection::setState(State state)
{
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace km
