#include "services/http/HttpSession.h"

#include "services/http/HttpJob.h"

#include <QHostAddress>
#include <QNetworkAccessManager>

namespace km {

HttpSession::HttpSession(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    // Each redirect is checked by the job (HttpJob::onRedirected): only the same scheme, host and port is
    // followed, so an Authorization header or a body with a client secret never travels to another host.
    m_network->setRedirectPolicy(QNetworkRequest::UserVerifiedRedirectPolicy);
    // Credentials are never cached by the network layer: every request carries its own.
    m_network->setStrictTransportSecurityEnabled(true);
}

void HttpSession::pinCertificate(const QString &hostPort, const QString &fingerprint)
{
    m_pins.insert(hostPort.toLower(), normalizeFingerprint(fingerprint));
}

void HttpSession::unpinCertificate(const QString &hostPort)
{
    m_pins.remove(hostPort.toLower());
}

QString HttpSession::pinnedFingerprint(const QString &hostPort) const
{
    return m_pins.value(hostPort.toLower());
}

QString HttpSession::hostPort(const QUrl &url)
{
    const int defaultPort = url.scheme() == QLatin1String("http") ? 80 : 443;
    return url.host().toLower() + QLatin1Char(':') + QString::number(url.port(defaultPort));
}

bool HttpSession::isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    QHostAddress address;
    if (!address.setAddress(host))
        return false;
    return address.isLoopback();
}

HttpJob *HttpSession::send(HttpRequest request, QObject *parent)
{
    if (request.timeoutMs == 30000)
        request.timeoutMs = m_defaultTimeoutMs;
    auto *job = new HttpJob(this, std::move(request), parent ? parent : this);
    runningCount(); // drops the finished ones, so that the list stays as short as what runs
    m_running.append(job);
    job->start();
    return job;
}

int HttpSession::runningCount() const
{
    m_running.removeIf([](const QPointer<HttpJob> &job) { return !job || job->isFinished(); });
    return int(m_running.size());
}

} // namespace km
