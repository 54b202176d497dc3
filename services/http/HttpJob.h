#pragma once
// One HTTP call: timeout, retries with back-off, TLS pinning, error parsing by the request's format, activity record.

#include "services/core/Job.h"
#include "services/http/HttpRequest.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QPointer>
#include <QSslError>

class QTimer;

namespace km {

class HttpSession;

class HttpJob : public Job
{
    Q_OBJECT
public:
    HttpJob(HttpSession *session, HttpRequest request, QObject *parent = nullptr);

    void start();

    const HttpRequest &request() const { return m_request; }
    int status() const { return m_status; }
    QByteArray body() const { return m_body; }
    QByteArray responseHeader(const QByteArray &name) const;
    int attempts() const { return m_attempt; }

    // Turns an error answer into an ApiError for this status: an HTML page is named as such, a JSON body is read
    // by `format` (the request's vendor parser; none: parseGenericError), anything else by its first bytes.
    static ApiError errorFromResponse(int status, const QByteArray &body, const QByteArray &contentType, const QUrl &url,
                                      ErrorFormat format = nullptr);
    // True when a body that should be JSON is an HTML page; `title` gets its <title>.
    static bool looksLikeHtml(const QByteArray &body, const QByteArray &contentType, QString *title = nullptr);
    // Retry-After as milliseconds (delta-seconds or any of the three HTTP-date forms); -1 when absent or
    // unreadable; a wait too long to count in milliseconds is the largest qint64, never a negative number.
    static qint64 parseRetryAfter(const QByteArray &value);
    // The largest response body read; a larger one fails the job while it arrives.
    static constexpr qint64 MaxResponseBytes = 16 * 1024 * 1024;
    // This request's cap: its maxResponseBytes when smaller, else MaxResponseBytes.
    qint64 responseCap() const
    {
        return m_request.maxResponseBytes > 0 && m_request.maxResponseBytes < MaxResponseBytes ? m_request.maxResponseBytes : MaxResponseBytes;
    }
    // True when `to` has the scheme, host and port of `from`: the only redirects followed.
    static bool isSameOrigin(const QUrl &from, const QUrl &to);
    // A successful answer at least this large is read (JSON parse, redaction for the activity log) on a worker
    // thread, so that the event loop keeps answering while a large list arrives; smaller ones are read at once.
    static constexpr qint64 BackgroundParseBytes = 256 * 1024;
    // The most copied out of the network reply in one turn of the event loop.
    static constexpr qint64 ReadSliceBytes = 256 * 1024;

protected:
    void abortWork() override;

private:
    void sendAttempt();
    void onFinished();
    void onSslErrors(const QList<QSslError> &errors);
    void onEncrypted();
    void onRedirected(const QUrl &target);
    void onReadyRead();
    void readSlice();
    bool appendSlice(QNetworkReply *reply);
    void refuseOversizedBody();
    void onTimeout();
    // `notProcessed`: the server said it did not act on the request (429), so even a POST may be repeated.
    bool scheduleRetry(qint64 retryAfterMs, bool notProcessed = false);
    ApiError networkError(QNetworkReply::NetworkError code, const QString &qtText) const;
    struct ReadBody;
    static ReadBody readBody(const QByteArray &body, const QByteArray &contentType, bool expectJson);
    void finishSuccess(const ReadBody &read);
    // `loggedBody`: the response as the activity log shows it, when already redacted; else made from m_body.
    void record(const ApiError &error, const QByteArray *loggedBody = nullptr);
    void done(const ApiError &error, const QJsonValue &result = QJsonValue());

    QPointer<HttpSession> m_session;
    HttpRequest m_request;
    QPointer<QNetworkReply> m_reply;
    QTimer *m_timer = nullptr;
    QElapsedTimer m_elapsed;
    int m_attempt = 0;
    int m_status = 0;
    QByteArray m_body;
    QList<QPair<QByteArray, QByteArray>> m_responseHeaders;
    bool m_timedOut = false;
    bool m_aborted = false;
    QList<QSslCertificate> m_untrustedChain;
    QList<QSslError> m_sslErrors;
    bool m_pinMismatch = false;
    QString m_pinnedFingerprint;   // with m_pinMismatch: the one the user trusted
    QString m_presentedFingerprint; // with m_pinMismatch: the one the server showed
    QUrl m_currentUrl;             // where the current attempt is, after same-origin redirects
    QUrl m_refusedRedirect;        // a redirect to another origin, not followed
    QUrl m_redirectFrom;
    bool m_tooLarge = false;
    bool m_readQueued = false; // a readSlice() is queued: the reply holds more than one slice
};

} // namespace km
