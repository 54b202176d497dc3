#include "sandbox/SandboxServer.h"
#include "services/core/ConstRange.h"

#include "sandbox/SandboxCrypto.h"
#include "services/core/ApiError.h"
#include "services/core/Logging.h"
#include "services/core/Redactor.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QPointer>
#include <QSet>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace km::sandbox {

QByteArray Request::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QJsonObject Request::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QHash<QString, QString> Request::formFields() const
{
    QHash<QString, QString> out;
    const QByteArray type = header("Content-Type");
    if (type.startsWith("multipart/form-data")) {
        const int b = type.indexOf("boundary=");
        if (b < 0)
            return out;
        QByteArray boundary = type.mid(b + 9);
        if (boundary.startsWith('"'))
            boundary = boundary.mid(1, boundary.size() - 2);
        const QByteArray delimiter = "--" + boundary;
        int pos = body.indexOf(delimiter);
        while (pos >= 0) {
            const int start = pos + delimiter.size();
            if (body.mid(start, 2) == "--")
                break;
            const int next = body.indexOf(delimiter, start);
            if (next < 0)
                break;
            const QByteArray part = body.mid(start, next - start);
            const int headerEnd = part.indexOf("\r\n\r\n");
            if (headerEnd >= 0) {
                const QByteArray partHeaders = part.left(headerEnd);
                const int n = partHeaders.indexOf("name=\"");
                if (n >= 0) {
                    const int e = partHeaders.indexOf('"', n + 6);
                    QByteArray value = part.mid(headerEnd + 4);
                    if (value.endsWith("\r\n"))
                        value.chop(2);
                    out.insert(QString::fromUtf8(partHeaders.mid(n + 6, e - n - 6)), QString::fromUtf8(value));
                }
            }
            pos = next;
        }
        return out;
    }
    // Form encoding uses '+' for spaces; QUrlQuery does not, so translate first.
    QByteArray form = body;
    form.replace('+', ' ');
    const QUrlQuery q(QString::fromUtf8(form));
    const auto items = q.queryItems(QUrl::FullyDecoded);
    for (const auto &item : items)
        out.insert(item.first, item.second);
    return out;
}

QPair<QString, QString> Request::basicAuth() const
{
    const QByteArray auth = header("Authorization");
    if (!auth.startsWith("Basic "))
        return {};
    const QByteArray decoded = QByteArray::fromBase64(auth.mid(6));
    const int colon = decoded.indexOf(':');
    if (colon < 0)
        return {};
    return {QUrl::fromPercentEncoding(decoded.left(colon)), QUrl::fromPercentEncoding(decoded.mid(colon + 1))};
}

QString Request::bearerToken() const
{
    const QByteArray auth = header("Authorization");
    return auth.startsWith("Bearer ") ? QString::fromUtf8(auth.mid(7).trimmed()) : QString();
}

Response Response::json(int status, const QJsonValue &body, const QByteArray &contentType)
{
    Response r;
    r.status = status;
    r.headers.append({"Content-Type", contentType});
    r.body = body.isArray() ? QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact)
                            : QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    return r;
}

Response Response::empty(int status)
{
    Response r;
    r.status = status;
    return r;
}

Response &Response::header(const QByteArray &name, const QByteArray &value)
{
    headers.append({name, value});
    return *this;
}

SandboxServer::SandboxServer(const QString &name, bool tls, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_name(name)
    , m_tls(tls)
{
}

bool SandboxServer::start(QString *error)
{
    if (m_tls) {
        const TlsIdentity identity = makeSelfSignedIdentity(error);
        if (identity.certificate.isNull())
            return false;
        m_certificate = identity.certificate;
        sslSetup(identity.certificate, identity.key);
    }
    m_port = listen(QHostAddress::LocalHost, 0);
    if (m_port == 0) {
        if (error)
            *error = QStringLiteral("The %1 stand-in could not listen on 127.0.0.1").arg(m_name);
        return false;
    }
    return true;
}

QUrl SandboxServer::baseUrl() const
{
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(m_tls ? QStringLiteral("localhost") : QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    return url;
}

QString SandboxServer::fingerprint() const
{
    return m_certificate.isNull() ? QString() : km::sha256Fingerprint(m_certificate);
}

void SandboxServer::route(const QByteArray &method, const QString &pattern, Handler handler)
{
    routeAsync(method, pattern, [handler](const Request &r, Reply reply) { reply(handler(r)); });
}

void SandboxServer::routeAsync(const QByteArray &method, const QString &pattern, AsyncHandler handler)
{
    Route r;
    r.method = method;
    QString regex = QStringLiteral("^");
    const QStringList segments = pattern.split(QLatin1Char('/'));
    for (int i = 0; i < segments.size(); ++i) {
        const QString &seg = segments.at(i);
        if (i > 0)
            regex += QStringLiteral("/");
        if (seg == QLatin1String("**")) {
            regex += QStringLiteral("(.*)");
            r.params << QStringLiteral("rest");
        } else if (seg.startsWith(QLatin1Char('{')) && seg.endsWith(QLatin1Char('}'))) {
            regex += QStringLiteral("([^/]+)");
            r.params << seg.mid(1, seg.size() - 2);
        } else {
            regex += QRegularExpression::escape(seg);
        }
    }
    regex += QStringLiteral("$");
    r.regex = QRegularExpression(regex);
    r.handler = std::move(handler);
    m_routes.append(r);
}

bool SandboxServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Request r;
    static const QHash<int, QByteArray> methods = {
        {int(QHttpServerRequest::Method::Get), "GET"}, {int(QHttpServerRequest::Method::Put), "PUT"},
        {int(QHttpServerRequest::Method::Delete), "DELETE"}, {int(QHttpServerRequest::Method::Post), "POST"},
        {int(QHttpServerRequest::Method::Head), "HEAD"}, {int(QHttpServerRequest::Method::Options), "OPTIONS"},
        {int(QHttpServerRequest::Method::Patch), "PATCH"},
    };
    r.method = methods.value(int(request.method()), "UNKNOWN");
    r.path = request.url().path(QUrl::FullyDecoded);
    // Servlet containers (API Manager, Asgardeo) read '+' in a query string as a space; so does the sandbox.
    r.query = QUrlQuery(request.url().query(QUrl::FullyEncoded).replace(QLatin1Char('+'), QStringLiteral("%20")));
    r.headers = request.headers();
    r.body = request.body();

    auto responder = std::make_shared<QHttpServerResponder>(makeResponder(request, socket));
    QPointer<QTcpSocket> alive(socket);
    QPointer<SandboxServer> self(this);
    Reply reply = [responder, alive, self, r](Response response) {
        if (self)
            self->record(r, response);
        if (!alive)
            return; // the client went away before the answer
        responder->writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(response.status));
        bool hasType = false;
        for (const auto &h : std::as_const(response.headers)) {
            responder->writeHeader(h.first, h.second);
            hasType = hasType || h.first.compare("Content-Type", Qt::CaseInsensitive) == 0;
        }
        if (!hasType && !response.body.isEmpty())
            responder->writeHeader("Content-Type", "application/json");
        const QByteArray body = r.method == "HEAD" ? QByteArray() : response.body;
        responder->writeHeader("Content-Length", QByteArray::number(body.size()));
        responder->writeBody(body);
    };

    if (r.path.startsWith(QLatin1String("/__sandbox/"))) {
        if (handleControl(r, reply))
            return true;
    }
    for (int i = 0; i < m_faults.size(); ++i) {
        Fault &f = m_faults[i];
        if ((!f.method.isEmpty() && f.method != r.method) || !f.path.match(r.path).hasMatch())
            continue;
        Response fr;
        fr.status = f.status;
        fr.body = f.body;
        if (!f.body.isEmpty())
            fr.headers.append({"Content-Type", f.contentType});
        fr.headers += f.headers;
        const int delay = f.delayMs;
        const Fault fault = f; // `f` goes with removeAt()
        if (f.times > 0 && --f.times == 0)
            m_faults.removeAt(i);
        if (fr.status == 0) {
            // status 0: drop the connection without answering
            QTimer::singleShot(delay, socket, [socket] { socket->abort(); });
            return true;
        }
        if (fault.resetAfterBytes >= 0 || fault.streamBytes > 0) {
            // Written on the socket directly: the responder only knows whole answers.
            const qint64 announced = fault.streamBytes > 0 ? fault.streamBytes : fr.body.size();
            QByteArray head = "HTTP/1.1 " + QByteArray::number(fr.status) + " Sandbox\r\nContent-Type: " + fault.contentType
                              + "\r\nContent-Length: " + QByteArray::number(announced) + "\r\n\r\n";
            if (fault.resetAfterBytes >= 0) {
                const QByteArray part = fr.body.left(fault.resetAfterBytes);
                QTimer::singleShot(delay, socket, [socket, head, part] {
                    socket->write(head + part);
                    socket->flush();
                    QTimer::singleShot(50, socket, [socket] { socket->abort(); });
                });
                return true;
            }
            auto sent = std::make_shared<qint64>(0);
            auto more = [socket, sent, announced] {
                // Keep about one chunk in flight: the test never holds 100 MB, and neither does the sandbox.
                if (socket->bytesToWrite() > 1024 * 1024 || *sent >= announced)
                    return;
                const qint64 n = qMin<qint64>(1024 * 1024, announced - *sent);
                socket->write(QByteArray(int(n), ' '));
                *sent += n;
            };
            QObject::connect(socket, &QIODevice::bytesWritten, socket, more);
            QTimer::singleShot(delay, socket, [socket, head, more] {
                socket->write(head);
                more();
            });
            return true;
        }
        QTimer::singleShot(delay, this, [reply, fr] { reply(fr); });
        return true;
    }
    dispatch(r, reply);
    return true;
}

void SandboxServer::dispatch(const Request &request, Reply reply)
{
    bool pathMatched = false;
    for (const Route &route : std::as_const(m_routes)) {
        const auto m = route.regex.match(request.path);
        if (!m.hasMatch())
            continue;
        pathMatched = true;
        if (route.method != request.method && !(route.method == "GET" && request.method == "HEAD"))
            continue;
        Request r = request;
        for (int i = 0; i < route.params.size(); ++i)
            r.params.insert(route.params.at(i), m.captured(i + 1));
        route.handler(r, reply);
        return;
    }
    if (pathMatched) {
        reply(Response::json(405, QJsonObject{{QStringLiteral("code"), 405},
                                              {QStringLiteral("message"), QStringLiteral("Method Not Allowed")},
                                              {QStringLiteral("description"), QStringLiteral("The requested method is not allowed on this resource")}}));
        return;
    }
    if (m_notFound) {
        reply(m_notFound(request));
        return;
    }
    reply(Response::json(404, QJsonObject{{QStringLiteral("code"), 404}, {QStringLiteral("message"), QStringLiteral("Not Found")},
                                          {QStringLiteral("description"), QStringLiteral("The requested resource is not available.")}}));
}

bool SandboxServer::handleControl(const Request &r, Reply reply)
{
    if (!m_controlToken.isEmpty()) {
        const QByteArray presented = r.header(ControlTokenHeader);
        // Compared in constant time: the token is the only thing between a local process and the faults.
        bool same = presented.size() == m_controlToken.size();
        char difference = 0;
        for (int i = 0; same && i < presented.size(); ++i)
            difference |= char(presented.at(i) ^ m_controlToken.at(i));
        if (!same || difference != 0) {
            reply(Response::json(401, QJsonObject{{QStringLiteral("code"), 401},
                                                  {QStringLiteral("message"), QStringLiteral("Unauthorized")},
                                                  {QStringLiteral("description"),
                                                   QStringLiteral("The sandbox's control endpoints need the controlToken of its start-up line in the %1 header")
                                                       .arg(QLatin1String(ControlTokenHeader))}}));
            return true;
        }
    }
    if (r.path == QLatin1String("/__sandbox/state") && r.method == "GET") {
        QJsonObject state = m_state ? m_state() : QJsonObject();
        state.insert(QStringLiteral("listener"), m_name);
        reply(Response::json(200, state));
        return true;
    }
    if (r.path == QLatin1String("/__sandbox/requests")) {
        if (r.method == "DELETE") {
            m_recorded = QJsonArray();
            reply(Response::empty(204));
        } else {
            reply(Response::json(200, m_recorded));
        }
        return true;
    }
    if (r.path == QLatin1String("/__sandbox/faults")) {
        if (r.method == "DELETE") {
            m_faults.clear();
            reply(Response::empty(204));
            return true;
        }
        const QJsonObject o = r.json();
        Fault f;
        f.method = o.value(QLatin1String("method")).toString().toUtf8();
        f.path = QRegularExpression(o.value(QLatin1String("pathRegex")).toString(QStringLiteral(".*")));
        f.status = o.value(QLatin1String("status")).toInt(500);
        const QJsonValue body = o.value(QLatin1String("body"));
        f.body = body.isString() ? body.toString().toUtf8()
                                 : (body.isObject() ? QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact) : QByteArray());
        f.contentType = o.value(QLatin1String("contentType")).toString(QStringLiteral("application/json")).toUtf8();
        f.times = o.value(QLatin1String("times")).toInt(1);
        f.delayMs = o.value(QLatin1String("delayMs")).toInt(0);
        const QJsonObject headers = o.value(QLatin1String("headers")).toObject();
        for (auto it = headers.begin(); it != headers.end(); ++it)
            f.headers.append({it.key().toUtf8(), it.value().toString().toUtf8()});
        if (!f.path.isValid()) {
            reply(Response::json(400, QJsonObject{{QStringLiteral("message"), QStringLiteral("pathRegex is not a valid regular expression")}}));
            return true;
        }
        m_faults.append(f);
        reply(Response::empty(201));
        return true;
    }
    return false;
}

void SandboxServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Q_UNUSED(request);
    Q_UNUSED(socket);
}

void SandboxServer::recordIssuedSecrets(const QJsonValue &issued)
{
    static const QString directory = qEnvironmentVariable("KM_SECRETS_LEDGER_DIR");
    if (directory.isEmpty())
        return;
    QStringList found;
    const std::function<void(const QJsonValue &)> collect = [&found, &collect](const QJsonValue &v) {
        if (v.isArray()) {
            for (const QJsonValue &item : km::constTemporary(v.toArray()))
                collect(item);
            return;
        }
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.value().isString() && Redactor::isSecretKey(it.key()))
                found << it.value().toString();
            else
                collect(it.value());
        }
    };
    collect(issued);
    static QSet<QString> known;
    QByteArray lines;
    for (const QString &secret : std::as_const(found)) {
        // As for the Redactor: shorter values are ordinary words as often as secrets.
        if (secret.size() < Redactor::MinRegisteredLength || known.contains(secret))
            continue;
        known.insert(secret);
        lines += secret.toUtf8() + '\n';
    }
    if (lines.isEmpty())
        return;
    QDir().mkpath(directory);
    QFile ledger(QDir(directory).filePath(QStringLiteral("%1-%2.txt").arg(QCoreApplication::applicationName()).arg(QCoreApplication::applicationPid())));
    if (ledger.open(QIODevice::Append))
        ledger.write(lines);
}

void SandboxServer::record(const Request &request, const Response &response)
{
    // What went both ways: secrets the sandbox issued, and those the console sent (key manager secrets).
    // An error answer issues nothing: its "code" is a vendor's error code (API-RESOURCE-60008), not an
    // OAuth authorization code, and error codes are meant to be printed.
    const QByteArray issued = response.status < 400 ? response.body : QByteArray();
    for (const QByteArray &body : {issued, request.body}) {
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        if (!doc.isNull())
            recordIssuedSecrets(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
    }
    QJsonObject form;
    const QHash<QString, QString> fields = request.formFields();
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        form.insert(it.key(), it.value());
    recordIssuedSecrets(form);
    if (request.path.startsWith(QLatin1String("/__sandbox/")))
        return;
    QJsonObject headers;
    for (const auto &h : request.headers) {
        const QString name = QString::fromUtf8(h.first).toLower();
        headers.insert(name, name == QLatin1String("authorization") ? QStringLiteral("(redacted)") : QString::fromUtf8(h.second));
    }
    QJsonObject responseHeaders;
    for (const auto &h : response.headers)
        responseHeaders.insert(QString::fromUtf8(h.first).toLower(), QString::fromUtf8(h.second));
    QJsonObject query;
    for (const auto &item : request.query.queryItems(QUrl::FullyDecoded))
        query.insert(item.first, item.second);
    m_recorded.append(QJsonObject{
        {QStringLiteral("listener"), m_name},
        {QStringLiteral("method"), QString::fromLatin1(request.method)},
        {QStringLiteral("path"), request.path},
        {QStringLiteral("query"), query},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("body"), QString::fromUtf8(request.body)},
        {QStringLiteral("status"), response.status},
        {QStringLiteral("responseHeaders"), responseHeaders},
        {QStringLiteral("responseBody"), QString::fromUtf8(response.body)},
    });
    qCDebug(lcSandbox).noquote() << m_name << request.method << request.path << response.status;
}

} // namespace km::sandbox
