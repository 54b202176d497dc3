#include "ui/connect/ApimConnection.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimConnector.h"
#include "services/core/Logging.h"
#include "services/core/ServiceContext.h"
#include "services/profiles/ProfileStore.h"

namespace km {

ApimConnection::ApimConnection(ServiceContext *context, QObject *parent)
    : QObject(parent)
    , m_context(context)
{
}

ApimConnection::~ApimConnection()
{
    if (m_opening)
        m_opening->cancel();
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
    case State::Connected: return where + tr(" — connected as %1").arg(m_username);
    case State::Failed: return where + tr(" — not connected: %1").arg(m_error.toUserText());
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
    if (m_opening)
        m_opening->cancel();
    dropClient();
    m_profileName = profileName;
    m_error = ApiError();
    if (const auto profile = m_context->profiles()->apimProfile(profileName)) {
        m_url = profile->url;
        m_username = profile->username;
    }
    setState(State::Connecting);
    qCInfo(lcUi) << "connecting to API Manager profile" << profileName;
    ApimConnectJob *job = ApimConnector::open(m_context, profileName);
    m_opening = job;
    job->onFinished(this, [this, job](Job *) {
        if (m_opening != job)
            return; // superseded by a newer connect
        m_opening = nullptr;
        if (job->hasError()) {
            m_error = job->error();
            setState(State::Failed);
            return;
        }
        m_client = job->client();
        m_client->setParent(this);
        setState(State::Connected);
        Q_EMIT clientChanged(m_client);
    });
}

void ApimConnection::disconnectFromServer()
{
    if (m_opening)
        m_opening->cancel();
    m_opening = nullptr;
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
    if (m_client) {
        m_client->deleteLater();
        m_client = nullptr;
        Q_EMIT clientChanged(nullptr);
    }
}

void ApimConnection::setState(State state)
{
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace km
