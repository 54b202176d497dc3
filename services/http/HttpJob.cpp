#include "services/http/HttpJob.h"

#include "services/core/Logging.h"
#include "services/core/Redactor.h"
#include "services/core/Background.h"
#include "services/http/ActivityLog.h"
#include "services/http/HttpSession.h"

#include <QJsonArray>
#include <algorithm>
#include <limits>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QTimer>

namespace km {

namespace {
constexpr int kMaxLoggedBody = 16 * 1024;

QByteArray truncated(const QByteArray &body)
{
    return body.size() > kMaxLoggedBody ? body.left(kMaxLoggedBody) + "…" : body;
}

QString defaultHintForStatus(int status)
{
    switch (status) {
    case 400: return HttpJob::tr("Check the values sent; the server rejected them.");
    case 401: return HttpJob::tr("Check the user name and password or the client credentials.");
    case 403: return HttpJob::tr("The account is missing a permission or scope for this operation.");
    case 404: return HttpJob::tr("Check the URL; the resource does not exist there.");
    case 405: return HttpJob::tr("Check the URL: this server does not accept that method there.");
    case 409: return HttpJob::tr("Something with the same name already exists.");
    case 429: return HttpJob::tr("The server is rate-limiting requests; wait a moment and try again.");
    default: break;
    }
    if (status >= 500)
        return HttpJob::tr("The server failed; try again later, and check the server's logs if it persists.");
    return QString();
}
} // namespace

HttpJob::HttpJob(HttpSession *session, HttpRequest request, QObject *parent)
    : Job(parent)
    , m_session(session)
    , m_request(std::move(request))
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &HttpJob::onTimeout);
}

QByteArray HttpJob::responseHeader(const QByteArray &name) const
{
    for (const auto &h : m_responseHeaders) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

void HttpJob::start()
{
    const QUrl &url = m_request.url;
    ApiError invalid;
    if (!url.isValid() || url.host().isEmpty()) {
        invalid = ApiError::validation(HttpJob::tr("“%1” is not a complete URL").arg(url.toString()),
                                       QStringLiteral("Enter it with its scheme and host, for example https://apim.example.com:9443."),
                                       QStringLiteral("url"));
    } else if (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")) {
        invalid = ApiError::validation(QStringLiteral("“%1” does not start with https://").arg(url.toString()),
                                       QStringLiteral("Enter the URL with its scheme, for example https://%1.").arg(url.toString()),
                                       QStringLiteral("url"));
    } else if (url.scheme() == QLatin1String("http") && !HttpSession::isLoopbackHost(url.host())) {
        invalid = ApiError::validation(QStringLiteral("Plain http:// is refused for %1: credentials would travel unencrypted").arg(url.host()),
                                       QStringLiteral("Use https://; plain http is accepted only for loopback addresses."),
                                       QStringLiteral("url"));
    }
    if (invalid.isError()) {
        invalid.url = url;
        QTimer::singleShot(0, this, [this, invalid] {
            record(invalid);
            done(invalid);
        });
        return;
    }
    sendAttempt();
}

void HttpJob::sendAttempt()
{
    if (!m_session) {
        done(ApiError::cancelled());
        return;
    }
    ++m_attempt;
    m_timedOut = false;
    m_untrustedChain.clear();
    m_sslErrors.clear();
    m_pinMismatch = false;
    m_pinnedFingerprint.clear();
    m_presentedFingerprint.clear();
    m_refusedRedirect.clear();
    m_redirectFrom.clear();
    m_tooLarge = false;
    m_body.clear();
    m_currentUrl = m_request.url;

    QNetworkRequest req(m_request.url);
    for (const auto &h : std::as_const(m_request.headers))
        req.setRawHeader(h.first, h.second);
    if (!m_request.contentType.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, m_request.contentType);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    // Qt 6 gives every request its own redirect policy (following by default), so the session's policy
    // alone is not enough: each redirect comes to onRedirected, which follows the same origin only.
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::UserVerifiedRedirectPolicy);
    req.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    req.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);

    qCDebug(lcHttp).noquote() << m_request.method << Redactor::redactUrl(m_request.url).toString()
                              << "attempt" << m_attempt
                              << QString::fromUtf8(truncated(Redactor::redactBody(m_request.body, m_request.contentType)));

    m_elapsed.start();
    Q_EMIT m_session->sending(m_request.method, Redactor::redactUrl(m_request.url));
    QNetworkAccessManager *nam = m_session->network();
    // HEAD goes through head(): as a custom verb Qt would wait for the body its Content-Length declares.
    m_reply = m_request.method == "HEAD" ? nam->head(req) : nam->sendCustomRequest(req, m_request.method, m_request.body);
    connect(m_reply, &QNetworkReply::finished, this, &HttpJob::onFinished);
    connect(m_reply, &QNetworkReply::sslErrors, this, &HttpJob::onSslErrors);
    connect(m_reply, &QNetworkReply::encrypted, this, &HttpJob::onEncrypted);
    connect(m_reply, &QNetworkReply::redirected, this, &HttpJob::onRedirected);
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpJob::onReadyRead);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        // A declared length over the cap is refused before a byte of the body is read (a HEAD answer
        // declares the length of a body it does not send).
        if (m_reply && m_request.method != "HEAD"
            && m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong() > responseCap())
            refuseOversizedBody();
    });
    m_timer->start(m_request.timeoutMs);
}

void HttpJob::onEncrypted()
{
    // Qt emits this after the handshake and before any request byte is written: the place to hold a
    // pinned host to exactly its pinned certificate, even when the system trust store vouches for another.
    if (!m_reply || !m_session)
        return;
    const QString pinned = m_session->pinnedFingerprint(HttpSession::hostPort(m_currentUrl));
    if (pinned.isEmpty())
        return;
    const QSslCertificate peer = m_reply->sslConfiguration().peerCertificate();
    const QString actual = sha256Fingerprint(peer);
    if (actual == pinned)
        return;
    m_pinMismatch = true;
    m_pinnedFingerprint = pinned;
    m_presentedFingerprint = actual;
    m_untrustedChain = m_reply->sslConfiguration().peerCertificateChain();
    if (m_untrustedChain.isEmpty() && !peer.isNull())
        m_untrustedChain.append(peer);
    qCWarning(lcTls) << "pinned certificate mismatch for" << HttpSession::hostPort(m_currentUrl) << actual;
    m_reply->abort();
}

bool HttpJob::isSameOrigin(const QUrl &from, const QUrl &to)
{
    return from.scheme().compare(to.scheme(), Qt::CaseInsensitive) == 0
           && HttpSession::hostPort(from) == HttpSession::hostPort(to);
}

void HttpJob::onRedirected(const QUrl &target)
{
    if (!m_reply)
        return;
    // The reply's url() may already be the target here: the origin is the one this job last sent to.
    const QUrl from = m_currentUrl;
    const QUrl to = from.resolved(target);
    if (isSameOrigin(from, to)) {
        m_currentUrl = to;
        Q_EMIT m_reply->redirectAllowed();
        return;
    }
    // The request carries credentials (a Basic header, a bearer token, a client secret in the body):
    // another origin gets none of them.
    m_redirectFrom = from;
    m_refusedRedirect = to;
    m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    qCWarning(lcHttp).noquote() << "refused redirect from" << HttpSession::hostPort(from) << "to" << Redactor::redactUrl(to).toString();
    m_reply->abort();
}

void HttpJob::onReadyRead()
{
    // Once a slice has been read, what is left waits for the queued read, however many readyRead came meanwhile:
    // one slice per turn of the event loop.
    if (!m_readQueued)
        readSlice();
}

void HttpJob::readSlice()
{
    m_readQueued = false;
    if (!m_reply || m_tooLarge)
        return;
    if (appendSlice(m_reply)) {
        m_readQueued = true;
        QMetaObject::invokeMethod(this, &HttpJob::readSlice, Qt::QueuedConnection);
    }
    if (m_body.size() > responseCap())
        refuseOversizedBody();
}

// One slice of what the reply holds, no further than one byte past the cap: what lies beyond is never buffered
// here. A slice at a time keeps each turn of the event loop short however much arrived at once (copying into fresh
// memory costs a page fault per 4 KB); the body is reserved once from Content-Length when that is honest. True
// when more is waiting in the reply.
bool HttpJob::appendSlice(QNetworkReply *reply)
{
    const qint64 room = responseCap() + 1 - m_body.size();
    const qint64 count = std::min({reply->bytesAvailable(), room, ReadSliceBytes});
    if (count <= 0)
        return false;
    if (m_body.isEmpty()) {
        bool known = false;
        const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&known);
        if (known && length > count && length <= responseCap())
            m_body.reserve(length);
    }
    m_body += reply->read(count);
    return m_body.size() <= responseCap() && reply->bytesAvailable() > 0;
}

void HttpJob::refuseOversizedBody()
{
    if (!m_reply || m_tooLarge)
        return;
    m_tooLarge = true;
    m_body.truncate(responseCap());
    m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_reply->abort();
}

void HttpJob::onSslErrors(const QList<QSslError> &errors)
{
    if (!m_reply)
        return;
    const QSslCertificate peer = m_reply->sslConfiguration().peerCertificate();
    const QString pinned = m_session ? m_session->pinnedFingerprint(HttpSession::hostPort(m_request.url)) : QString();
    const QString actual = sha256Fingerprint(peer);
    if (!pinned.isEmpty() && !peer.isNull() && pinned == actual) {
        // Exactly the certificate the user chose to trust for this host: accept these errors only.
        qCDebug(lcTls) << "accepting pinned certificate for" << HttpSession::hostPort(m_request.url);
        m_reply->ignoreSslErrors(errors);
        return;
    }
    m_pinMismatch = !pinned.isEmpty();
    m_pinnedFingerprint = pinned;
    m_presentedFingerprint = actual;
    m_untrustedChain = m_reply->sslConfiguration().peerCertificateChain();
    if (m_untrustedChain.isEmpty() && !peer.isNull())
        m_untrustedChain.append(peer);
    m_sslErrors = errors;
    qCInfo(lcTls) << "untrusted certificate for" << HttpSession::hostPort(m_request.url) << actual;
}

void HttpJob::onTimeout()
{
    if (!m_reply)
        return;
    m_timedOut = true;
    m_reply->abort();
}

void HttpJob::abortWork()
{
    m_aborted = true;
    m_timer->stop();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

qint64 HttpJob::parseRetryAfter(const QByteArray &value)
{
    constexpr qint64 longest = std::numeric_limits<qint64>::max();
    const QByteArray v = value.simplified();
    if (v.isEmpty())
        return -1;
    // delta-seconds is 1*DIGIT (RFC 9110 §10.2.3): no sign, no fraction; any number of digits.
    if (std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        bool ok = false;
        const qint64 seconds = v.toLongLong(&ok);
        if (!ok || seconds > longest / 1000)
            return longest; // more than 64 bits can count: as good as forever
        return seconds * 1000;
    }
    // HTTP-date: IMF-fixdate, and the obsolete RFC 850 and asctime forms recipients must accept (RFC 9110 §5.6.7).
    static const QStringList formats = {QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"),
                                        QStringLiteral("dddd, dd-MMM-yy HH:mm:ss 'GMT'"),
                                        QStringLiteral("ddd MMM d HH:mm:ss yyyy")};
    for (const QString &format : formats) {
        QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(v), format);
        if (!when.isValid())
            continue;
        when.setTimeSpec(Qt::UTC);
        return qMax<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(when));
    }
    return -1;
}

bool HttpJob::scheduleRetry(qint64 retryAfterMs, bool notProcessed)
{
    if ((!m_request.isIdempotent() && !notProcessed) || m_attempt >= m_request.maxAttempts || !m_session)
        return false;
    const RetryPolicy &policy = m_session->retryPolicy();
    qint64 delay;
    if (retryAfterMs >= 0) {
        if (retryAfterMs > policy.maxRetryAfterMs)
            return false;
        delay = retryAfterMs;
    } else {
        const qint64 base = qMin<qint64>(policy.maxDelayMs, qint64(policy.baseDelayMs) << (m_attempt - 1));
        // Full jitter on the upper half keeps clients that failed together from retrying together.
        delay = base / 2 + QRandomGenerator::global()->bounded(base / 2 + 1);
    }
    Q_EMIT progress(QStringLiteral("Retrying %1 in %2 ms (attempt %3 of %4)")
                        .arg(m_request.url.host()).arg(delay).arg(m_attempt + 1).arg(m_request.maxAttempts));
    QTimer::singleShot(delay, this, [this] {
        if (!isFinished())
            sendAttempt();
    });
    return true;
}

ApiError HttpJob::networkError(QNetworkReply::NetworkError code, const QString &qtText) const
{
    ApiError e;
    e.url = m_request.url;
    const QString host = m_request.url.host();
    const int port = m_request.url.port(m_request.url.scheme() == QLatin1String("http") ? 80 : 443);
    e.kind = ApiError::Kind::Network;
    switch (code) {
    case QNetworkReply::HostNotFoundError:
        e.message = HttpJob::tr("Host %1 was not found").arg(host);
        e.hint = HttpJob::tr("Check the host name in the URL and your DNS or VPN.");
        break;
    case QNetworkReply::ConnectionRefusedError:
        e.message = QStringLiteral("%1 refused the connection on port %2").arg(host).arg(port);
        e.hint = HttpJob::tr("Check the port and that the server is running.");
        break;
    case QNetworkReply::RemoteHostClosedError:
        e.message = QStringLiteral("%1 closed the connection before answering").arg(host);
        e.hint = HttpJob::tr("Check that the URL's scheme and port match the server (https vs http) and try again.");
        break;
    case QNetworkReply::SslHandshakeFailedError:
        e.kind = ApiError::Kind::Tls;
        e.message = HttpJob::tr("The secure connection to %1 failed").arg(host);
        e.hint = HttpJob::tr("Check that the server speaks HTTPS on port %1.").arg(port);
        break;
    default:
        e.message = HttpJob::tr("Could not reach %1: %2").arg(host, qtText);
        e.hint = HttpJob::tr("Check the URL and your network connection, then try again.");
        break;
    }
    return e;
}

bool HttpJob::looksLikeHtml(const QByteArray &body, const QByteArray &contentType, QString *title)
{
    const QByteArray type = contentType.toLower();
    const QByteArray start = body.trimmed().left(256).toLower();
    const bool html = type.contains("text/html") || start.startsWith("<!doctype html") || start.startsWith("<html")
                      || (start.startsWith("<") && start.contains("<head"));
    if (html && title) {
        static const QRegularExpression re(QStringLiteral("<title[^>]*>\\s*([^<]*?)\\s*</title>"),
                                           QRegularExpression::CaseInsensitiveOption);
        const auto m = re.match(QString::fromUtf8(body.left(64 * 1024)));
        *title = m.hasMatch() ? m.captured(1) : QString();
    }
    return html;
}

ApiError HttpJob::errorFromResponse(int status, const QByteArray &body, const QByteArray &contentType, const QUrl &url,
                                    ErrorFormat format)
{
    ApiError e;
    e.kind = ApiError::Kind::Http;
    e.httpStatus = status;
    e.url = url;
    e.hint = defaultHintForStatus(status);

    QString title;
    if (looksLikeHtml(body, contentType, &title)) {
        e.kind = ApiError::Kind::UnexpectedHtml;
        e.message = QStringLiteral("%1 answered HTTP %2 with an HTML page%3 instead of an API response")
                        .arg(url.host()).arg(status)
                        .arg(title.isEmpty() ? QString() : QStringLiteral(" (“%1”)").arg(title));
        e.hint = HttpJob::tr("A login page, proxy or load balancer answered instead of the API; check the URL and any proxy in between.");
        return e;
    }

    const QJsonObject obj = QJsonDocument::fromJson(body).object();
    if (!obj.isEmpty())
        (format ? format : parseGenericError)(obj, status, &e);
    if (e.message.isEmpty()) {
        const QString text = QString::fromUtf8(body.left(200)).simplified();
        e.message = text.isEmpty() ? QStringLiteral("%1 answered HTTP %2").arg(url.host()).arg(status) : text;
    }
    return e;
}

struct HttpJob::ReadBody
{
    bool json = false;          // the body was read as JSON (expected, and not empty)
    bool html = false;          // an HTML page where JSON was expected
    QString htmlTitle;
    QJsonParseError parseError{};
    QJsonDocument document;
    QByteArray loggedBody;      // redacted and truncated, for the activity log
};

void HttpJob::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply || isFinished() || m_aborted)
        return;
    m_timer->stop();
    // The network's part is done; what is left is copying the reply's buffer, a slice per turn of the event loop.
    if (!m_tooLarge && reply->isOpen() && (m_readQueued || appendSlice(reply))) {
        QMetaObject::invokeMethod(this, &HttpJob::onFinished, Qt::QueuedConnection);
        return;
    }
    reply->deleteLater();
    m_reply = nullptr;

    if (!m_refusedRedirect.isValid())
        m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (!m_tooLarge) {
        if (m_body.size() > responseCap()) {
            m_tooLarge = true;
            m_body.truncate(responseCap());
        }
    }
    m_responseHeaders = reply->rawHeaderPairs();
    const QByteArray contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    const QNetworkReply::NetworkError netError = reply->error();

    if (m_timedOut) {
        ApiError e;
        e.kind = ApiError::Kind::Timeout;
        e.url = m_request.url;
        e.message = HttpJob::tr("No answer from %1 within %2 s").arg(m_request.url.host()).arg(m_request.timeoutMs / 1000.0);
        e.hint = HttpJob::tr("Check that the host is reachable and not overloaded, then try again.");
        record(e);
        if (scheduleRetry(-1))
            return;
        done(e);
        return;
    }

    if (!m_untrustedChain.isEmpty()) {
        ApiError e;
        e.kind = ApiError::Kind::Tls;
        e.url = m_request.url;
        e.certificateChain = m_untrustedChain;
        const QString host = HttpSession::hostPort(m_request.url);
        QStringList reasons;
        for (const QSslError &err : std::as_const(m_sslErrors))
            reasons << err.errorString();
        reasons.removeDuplicates();
        if (m_pinMismatch) {
            e.message = HttpJob::tr("The certificate of %1 is not the one you trusted: you trusted SHA-256 %2, the server presented %3")
                            .arg(host, m_pinnedFingerprint, m_presentedFingerprint);
            e.hint = HttpJob::tr("Do not continue unless the server's administrator confirms the certificate was replaced; then trust the new one.");
        } else {
            e.message = HttpJob::tr("The certificate of %1 is not trusted: %2").arg(host, reasons.join(QStringLiteral("; ")));
            e.hint = HttpJob::tr("If this is the server's own self-signed certificate, compare its SHA-256 fingerprint with the server's and trust it for this host.");
        }
        e.vendorCode = m_pinMismatch ? QStringLiteral("pin-mismatch") : QStringLiteral("untrusted-certificate");
        record(e);
        done(e);
        return;
    }

    if (m_refusedRedirect.isValid()) {
        ApiError e;
        e.kind = ApiError::Kind::Protocol;
        e.httpStatus = m_status;
        e.url = m_request.url;
        e.vendorCode = QStringLiteral("redirect-refused");
        e.message = QStringLiteral("%1 redirected the request (HTTP %2) to %3, another host; the console refused to follow "
                                   "the redirect so the credentials it carries went nowhere else")
                        .arg(HttpSession::hostPort(m_redirectFrom)).arg(m_status).arg(HttpSession::hostPort(m_refusedRedirect));
        e.hint = HttpJob::tr("If %1 is the right address, enter it as the URL yourself; otherwise check the proxy or load "
                             "balancer in front of %2.").arg(Redactor::redactUrl(m_refusedRedirect).adjusted(QUrl::RemovePath | QUrl::RemoveQuery).toString(),
                                                                m_redirectFrom.host());
        record(e);
        done(e);
        return;
    }

    if (m_tooLarge) {
        ApiError e;
        e.kind = ApiError::Kind::Protocol;
        e.httpStatus = m_status;
        e.url = m_request.url;
        e.vendorCode = QStringLiteral("response-too-large");
        e.message = responseCap() < 1024 * 1024
                        ? QStringLiteral("%1 sent a response larger than %2 KB, the most the console reads for this request; it stopped reading")
                              .arg(m_request.url.host()).arg(responseCap() / 1024)
                        : QStringLiteral("%1 sent a response larger than %2 MB, the most the console reads; it stopped reading")
                              .arg(m_request.url.host()).arg(responseCap() / (1024 * 1024));
        e.hint = HttpJob::tr("Check that the URL points to the API and not to a file or a stream; narrow the request if the API pages its results.");
        record(e);
        done(e);
        return;
    }

    if (m_status == 0 && netError != QNetworkReply::NoError) {
        const ApiError e = networkError(netError, reply->errorString());
        record(e);
        const bool transient = netError == QNetworkReply::RemoteHostClosedError
                               || netError == QNetworkReply::TemporaryNetworkFailureError
                               || netError == QNetworkReply::NetworkSessionFailedError
                               || netError == QNetworkReply::ProxyConnectionClosedError;
        if (transient && scheduleRetry(-1))
            return;
        done(e);
        return;
    }

    if (m_status >= 400) {
        const ApiError e = errorFromResponse(m_status, m_body, contentType, m_request.url, m_request.errorFormat);
        record(e);
        if (m_status == 429 || m_status == 502 || m_status == 503 || m_status == 504) {
            // 429 means the server did not process the request (RFC 6585 §4): even a POST may be sent again.
            if (scheduleRetry(parseRetryAfter(responseHeader("Retry-After")), m_status == 429))
                return;
        }
        done(e);
        return;
    }

    // Success status. A large answer is read on a worker thread that gets copies only (the body is shared, not
    // copied): if the job is cancelled or deleted meanwhile, the watcher goes with it and the result is dropped.
    if (m_body.size() >= BackgroundParseBytes) {
        runInBackground<ReadBody>(
            this, [body = m_body, contentType, expectJson = m_request.expectJson] { return readBody(body, contentType, expectJson); },
            [this](const ReadBody &read) { finishSuccess(read); });
        return;
    }
    finishSuccess(readBody(m_body, contentType, m_request.expectJson));
}

// Everything here works on its arguments only (and the Redactor, which locks): safe on any thread.
HttpJob::ReadBody HttpJob::readBody(const QByteArray &body, const QByteArray &contentType, bool expectJson)
{
    ReadBody read;
    if (expectJson && !body.trimmed().isEmpty()) {
        read.json = true;
        read.html = looksLikeHtml(body, contentType, &read.htmlTitle);
        if (!read.html) {
            read.document = QJsonDocument::fromJson(body, &read.parseError);
            // Tokens this call obtained are masked wherever they show up later (errors, URLs, bodies), the
            // activity log's copy of this answer first.
            if (read.parseError.error == QJsonParseError::NoError && read.document.isObject())
                Redactor::registerIssuedTokens(read.document.object());
        }
    }
    read.loggedBody = truncated(Redactor::redactBody(body));
    return read;
}

void HttpJob::finishSuccess(const ReadBody &read)
{
    if (isFinished() || m_aborted)
        return;
    const QString &title = read.htmlTitle;
    if (read.json) {
        if (read.html) {
            ApiError e;
            e.kind = ApiError::Kind::UnexpectedHtml;
            e.httpStatus = m_status;
            e.url = m_request.url;
            e.message = QStringLiteral("%1 answered with an HTML page%2 where an API response (JSON) was expected")
                            .arg(m_request.url.host(), title.isEmpty() ? QString() : QStringLiteral(" (“%1”)").arg(title));
            e.hint = HttpJob::tr("The URL probably points to a web console or login page rather than the API; check the host, port and path.");
            record(e, &read.loggedBody);
            done(e);
            return;
        }
        const QJsonParseError &parseError = read.parseError;
        const QJsonDocument &doc = read.document;
        if (parseError.error != QJsonParseError::NoError) {
            ApiError e;
            e.kind = ApiError::Kind::InvalidJson;
            e.httpStatus = m_status;
            e.url = m_request.url;
            e.message = QStringLiteral("%1 sent a response that is not valid JSON (%2 at byte %3)")
                            .arg(m_request.url.host(), parseError.errorString()).arg(parseError.offset);
            e.hint = HttpJob::tr("Check that the URL points to the right API; if it does, the server or a proxy corrupted the answer.");
            record(e, &read.loggedBody);
            done(e);
            return;
        }
        record(ApiError(), &read.loggedBody);
        done(ApiError(), doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
        return;
    }
    record(ApiError(), &read.loggedBody);
    done(ApiError());
}

void HttpJob::record(const ApiError &error, const QByteArray *loggedBody)
{
    const QUrl redactedUrl = Redactor::redactUrl(m_request.url);
    if (error.isError())
        qCInfo(lcHttp).noquote() << m_request.method << redactedUrl.toString() << m_status
                                 << Redactor::redactText(error.toUserText());
    else
        qCDebug(lcHttp).noquote() << m_request.method << redactedUrl.toString() << m_status << m_elapsed.elapsed() << "ms";
    if (!m_session || !m_session->activityLog())
        return;
    ActivityEntry entry;
    entry.started = QDateTime::currentDateTime().addMSecs(-m_elapsed.elapsed());
    entry.method = m_request.method;
    entry.url = redactedUrl;
    entry.status = m_status;
    entry.durationMs = m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
    entry.attempt = m_attempt;
    entry.purpose = m_request.purpose;
    entry.error = Redactor::redactText(error.toUserText());
    entry.requestBody = truncated(Redactor::redactBody(m_request.body, m_request.contentType));
    entry.responseBody = loggedBody ? *loggedBody : truncated(Redactor::redactBody(m_body));
    m_session->activityLog()->append(entry);
}

void HttpJob::done(const ApiError &error, const QJsonValue &result)
{
    if (isFinished() || m_aborted)
        return;
    if (error.isError()) {
        ApiError named = error;
        if (named.system.isEmpty())
            named.system = m_request.system;
        finishWithError(named);
    }
    else
        finishWithResult(result);
}

} // namespace km
