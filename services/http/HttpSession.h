#pragma once
// Owns one QNetworkAccessManager, the pinned certificates and the retry policy for a client.

#include "services/http/ActivityLog.h"
#include "services/http/HttpRequest.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class QNetworkAccessManager;

namespace km {

class HttpJob;

struct RetryPolicy
{
    int baseDelayMs = 500;        // first back-off; doubles per attempt, with jitter
    int maxDelayMs = 8000;
    int maxRetryAfterMs = 60000;  // a longer Retry-After is reported instead of waited for
};

class HttpSession : public QObject
{
    Q_OBJECT
public:
    explicit HttpSession(QObject *parent = nullptr);

    QNetworkAccessManager *network() const { return m_network; }

    // Certificate pinning: "host:port" -> SHA-256 fingerprint (colon hex). Only that exact
    // certificate is accepted for that host when the system trust store does not vouch for it.
    void pinCertificate(const QString &hostPort, const QString &fingerprint);
    void unpinCertificate(const QString &hostPort);
    QString pinnedFingerprint(const QString &hostPort) const;
    QHash<QString, QString> pinnedCertificates() const { return m_pins; }
    static QString hostPort(const QUrl &url);

    void setActivityLog(ActivityLog *log) { m_activityLog = log; }
    ActivityLog *activityLog() const { return m_activityLog; }

    void setRetryPolicy(const RetryPolicy &policy) { m_retryPolicy = policy; }
    const RetryPolicy &retryPolicy() const { return m_retryPolicy; }

    void setDefaultTimeoutMs(int ms) { m_defaultTimeoutMs = ms; }
    int defaultTimeoutMs() const { return m_defaultTimeoutMs; }

    // Sends the request; the returned job is already running and finishes asynchronously.
    // A request whose timeoutMs is 30000 (the default) takes the session's default timeout.
    HttpJob *send(HttpRequest request, QObject *parent = nullptr);
    // Requests sent and not finished yet (retries included): 0 once every flow that used the session
    // is done or stopped. Tests wait for it instead of sleeping.
    int runningCount() const;

    // Plain http:// is accepted for loopback hosts only.
    static bool isLoopbackHost(const QString &host);

Q_SIGNALS:
    // A request (or a retry of one) leaves now; the URL is redacted. For counting requests per flow.
    void sending(const QByteArray &method, const QUrl &url);

private:
    QNetworkAccessManager *m_network;
    QHash<QString, QString> m_pins;
    QPointer<ActivityLog> m_activityLog;
    RetryPolicy m_retryPolicy;
    int m_defaultTimeoutMs = 30000;
    mutable QList<QPointer<HttpJob>> m_running;
};

} // namespace km
