#pragma once
// One loopback HTTP(S) listener of the sandbox: routes, a recorder of every exchange, injected faults,
// and GET /__sandbox/state. The /__sandbox/ endpoints answer only requests carrying the control token
// (header X-Sandbox-Token) once one is set.

#include <QAbstractHttpServer>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>

class QHttpServerResponder;

namespace km::sandbox {

struct Request
{
    QByteArray method;
    QString path;              // decoded path
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHash<QString, QString> params; // named segments of the matched route

    QByteArray header(const QByteArray &name) const;
    QJsonObject json() const;
    // application/x-www-form-urlencoded and multipart/form-data fields.
    QHash<QString, QString> formFields() const;
    // "user:password" from Basic auth, or empty.
    QPair<QString, QString> basicAuth() const;
    QString bearerToken() const;
};

struct Response
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    static Response json(int status, const QJsonValue &body, const QByteArray &contentType = "application/json");
    static Response empty(int status);
    Response &header(const QByteArray &name, const QByteArray &value);
};

class SandboxServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Reply = std::function<void(Response)>;
    using Handler = std::function<Response(const Request &)>;
    using AsyncHandler = std::function<void(const Request &, Reply)>;
    using StateProvider = std::function<QJsonObject()>;

    SandboxServer(const QString &name, bool tls, QObject *parent = nullptr);

    bool start(QString *error);
    QUrl baseUrl() const;
    QString name() const { return m_name; }
    QSslCertificate certificate() const { return m_certificate; }
    QString fingerprint() const;

    // Pattern segments in braces are parameters: "/t/{org}/oauth2/token". A trailing "/**" matches the rest.
    void route(const QByteArray &method, const QString &pattern, Handler handler);
    void routeAsync(const QByteArray &method, const QString &pattern, AsyncHandler handler);
    void setStateProvider(StateProvider provider) { m_state = std::move(provider); }
    // Any process on this computer can reach a loopback port: with a token set, the control endpoints
    // (state, recorded requests, fault injection) refuse requests without it.
    void setControlToken(const QByteArray &token) { m_controlToken = token; }

    // With $KM_SECRETS_LEDGER_DIR set (the tests set it), every secret value (by field name: password,
    // client secrets, tokens) in `issued` is appended to a ledger file there, so the tests' final
    // secrets scan knows what must not appear in any log or file. Every JSON response is passed here.
    static void recordIssuedSecrets(const QJsonValue &issued);
    static constexpr const char *ControlTokenHeader = "X-Sandbox-Token";
    // Called for requests no route matched; default: 404 in the stand-in's own error format.
    void setNotFoundHandler(Handler handler) { m_notFound = std::move(handler); }

    struct Fault
    {
        QByteArray method;  // empty: any
        QRegularExpression path;
        int status = 500;
        QByteArray body;
        QByteArray contentType = "application/json";
        int times = 1;      // -1: until cleared
        int delayMs = 0;
        QList<QPair<QByteArray, QByteArray>> headers;
        // Broken transports (status and headers are sent as above, the body is not):
        int resetAfterBytes = -1; // >= 0: announce the whole body, send this many bytes of it, then reset the connection
        qint64 streamBytes = 0;   // > 0: announce and stream this many bytes of filler, 1 MB at a time as the client reads
    };
    void addFault(const Fault &fault) { m_faults.append(fault); }
    void clearFaults() { m_faults.clear(); }
    QJsonArray recordedRequests() const { return m_recorded; }
    void clearRecordedRequests() { m_recorded = QJsonArray(); }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Route
    {
        QByteArray method;
        QRegularExpression regex;
        QStringList params;
        AsyncHandler handler;
    };
    void dispatch(const Request &request, Reply reply);
    bool handleControl(const Request &request, Reply reply);
    void record(const Request &request, const Response &response);

    QString m_name;
    bool m_tls;
    QSslCertificate m_certificate;
    QList<Route> m_routes;
    QList<Fault> m_faults;
    QJsonArray m_recorded;
    StateProvider m_state;
    Handler m_notFound;
    QByteArray m_controlToken;
    quint16 m_port = 0;
};

} // namespace km::sandbox
