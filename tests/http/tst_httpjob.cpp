// The HTTP layer against a scripted local server: what the user is told, and what the server saw.

#include "support/JobWaiter.h"

#include "sandbox/SandboxServer.h"
#include "services/core/Redactor.h"
#include "services/http/ActivityLog.h"
#include "services/http/HttpJob.h"
#include "services/http/HttpSession.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace km;
using namespace km::test;
using km::sandbox::Request;
using km::sandbox::Response;
using km::sandbox::SandboxServer;

namespace {
QStringList s_logLines;
void captureLog(QtMsgType, const QMessageLogContext &, const QString &message)
{
    s_logLines << message;
}
} // namespace

class TstHttpJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void successJson();
    void timeoutNamesHostAndSeconds();
    void retriesIdempotentOn503ButNotPost();
    void retryAfterSecondsAndDateAreHonoured_data();
    void retryAfterSecondsAndDateAreHonoured();
    void retryAfterTooLongIsNotWaited();
    void connectionResetIsRetried();
    void cancelStopsFurtherAttempts();
    void vendorErrorBodies_data();
    void vendorErrorBodies();
    void htmlWhereJsonExpected_data();
    void htmlWhereJsonExpected();
    void malformedJson();
    void plainHttpRefusedForRemoteHosts();
    void tlsUntrustedThenPinnedThenChanged();
    void activityAndLogsAreRedacted();

private:
    HttpJob *get(const QString &path, int timeoutMs = 5000);
    int hits(const QString &path) const;

    SandboxServer *m_server = nullptr;
    HttpSession *m_session = nullptr;
    ActivityLog *m_log = nullptr;
};

void TstHttpJob::initTestCase()
{
    m_server = new SandboxServer(QStringLiteral("scripted"), false, this);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_server->route("GET", QStringLiteral("/ok"), [](const Request &) { return Response::json(200, QJsonObject{{QStringLiteral("hello"), QStringLiteral("world")}}); });
    m_server->route("POST", QStringLiteral("/ok"), [](const Request &) { return Response::json(200, QJsonObject{{QStringLiteral("posted"), true}}); });
    m_server->routeAsync("GET", QStringLiteral("/slow"), [](const Request &, SandboxServer::Reply reply) {
        QTimer::singleShot(3000, [reply] { reply(Response::json(200, QJsonObject())); });
    });
    m_session = new HttpSession(this);
    m_log = new ActivityLog(this);
    m_session->setActivityLog(m_log);
    m_session->setRetryPolicy({50, 400, 3000});
}

void TstHttpJob::init()
{
    m_server->clearFaults();
    m_server->clearRecordedRequests();
    m_log->clear();
}

HttpJob *TstHttpJob::get(const QString &path, int timeoutMs)
{
    HttpRequest r = HttpRequest::get(QUrl(m_server->baseUrl().toString() + path));
    r.timeoutMs = timeoutMs;
    return m_session->send(r);
}

int TstHttpJob::hits(const QString &path) const
{
    int n = 0;
    for (const QJsonValue &v : m_server->recordedRequests())
        n += v.toObject().value(QLatin1String("path")).toString() == path ? 1 : 0;
    return n;
}

void TstHttpJob::successJson()
{
    auto job = await(get(QStringLiteral("/ok")));
    QVERIFY(!job->hasError());
    QCOMPARE(job->result().toObject().value(QLatin1String("hello")).toString(), QStringLiteral("world"));
    QCOMPARE(static_cast<HttpJob *>(job.get())->status(), 200);
}

void TstHttpJob::timeoutNamesHostAndSeconds()
{
    HttpRequest r = HttpRequest::get(QUrl(m_server->baseUrl().toString() + QStringLiteral("/slow")));
    r.timeoutMs = 300;
    r.maxAttempts = 1;
    QElapsedTimer t;
    t.start();
    auto job = await(m_session->send(r));
    QCOMPARE(job->error().kind, ApiError::Kind::Timeout);
    QVERIFY(t.elapsed() < 2500);
    QVERIFY2(job->error().toUserText().contains(QLatin1String("No answer from 127.0.0.1 within 0.3 s")), qPrintable(job->error().toUserText()));
}

void TstHttpJob::retriesIdempotentOn503ButNotPost()
{
    SandboxServer::Fault f;
    f.path = QRegularExpression(QStringLiteral("^/ok$"));
    f.status = 503;
    f.body = R"({"code":503,"message":"Service Unavailable"})";
    f.times = 2;
    m_server->addFault(f);
    auto job = await(get(QStringLiteral("/ok")));
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    QCOMPARE(hits(QStringLiteral("/ok")), 3);
    QCOMPARE(static_cast<HttpJob *>(job.get())->attempts(), 3);

    m_server->clearRecordedRequests();
    f.times = 1;
    f.method = "POST";
    m_server->addFault(f);
    auto post = await(m_session->send(HttpRequest::json("POST", QUrl(m_server->baseUrl().toString() + QStringLiteral("/ok")), QJsonObject())));
    QCOMPARE(post->error().httpStatus, 503);
    QCOMPARE(hits(QStringLiteral("/ok")), 1); // a POST is never repeated: it could create something twice
}

void TstHttpJob::retryAfterSecondsAndDateAreHonoured_data()
{
    QTest::addColumn<bool>("asDate");
    QTest::addColumn<int>("minimumMs");
    QTest::newRow("seconds") << false << 900;
    QTest::newRow("http date") << true << 900;
}

void TstHttpJob::retryAfterSecondsAndDateAreHonoured()
{
    QFETCH(bool, asDate);
    QFETCH(int, minimumMs);
    // An HTTP date has whole seconds: two seconds ahead is at least one second's wait.
    const QByteArray retryAfter = asDate ? QLocale::c().toString(QDateTime::currentDateTimeUtc().addSecs(2),
                                                                  QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1()
                                         : QByteArray("1");
    SandboxServer::Fault f;
    f.path = QRegularExpression(QStringLiteral("^/ok$"));
    f.status = 429;
    f.body = R"({"code":429,"message":"Too Many Requests"})";
    f.headers.append(qMakePair(QByteArray("Retry-After"), retryAfter));
    m_server->addFault(f);
    QElapsedTimer t;
    t.start();
    auto job = await(get(QStringLiteral("/ok")));
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    QVERIFY2(t.elapsed() >= minimumMs, qPrintable(QString::number(t.elapsed())));
    QCOMPARE(hits(QStringLiteral("/ok")), 2);
}

void TstHttpJob::retryAfterTooLongIsNotWaited()
{
    SandboxServer::Fault f;
    f.path = QRegularExpression(QStringLiteral("^/ok$"));
    f.status = 429;
    f.body = R"({"code":429,"message":"Too Many Requests"})";
    f.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("3600")));
    m_server->addFault(f);
    QElapsedTimer t;
    t.start();
    auto job = await(get(QStringLiteral("/ok")));
    QCOMPARE(job->error().httpStatus, 429);
    QVERIFY(t.elapsed() < 1000);
    QVERIFY(job->error().toUserText().contains(QLatin1String("rate-limiting")));
}

void TstHttpJob::connectionResetIsRetried()
{
    SandboxServer::Fault f;
    f.path = QRegularExpression(QStringLiteral("^/ok$"));
    f.status = 0; // drop the connection without answering
    f.times = 2;
    m_server->addFault(f);
    // A fresh session: Qt itself silently resends once on a reused keep-alive connection.
    HttpSession fresh;
    fresh.setRetryPolicy({50, 400, 3000});
    auto job = await(fresh.send(HttpRequest::get(QUrl(m_server->baseUrl().toString() + QStringLiteral("/ok")))));
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    QVERIFY(static_cast<HttpJob *>(job.get())->attempts() >= 2);
}

void TstHttpJob::cancelStopsFurtherAttempts()
{
    SandboxServer::Fault f;
    f.path = QRegularExpression(QStringLiteral("^/ok$"));
    f.status = 503;
    f.times = -1;
    m_server->addFault(f);
    HttpJob *job = get(QStringLiteral("/ok"));
    job->setAutoDelete(false);
    QTRY_VERIFY(hits(QStringLiteral("/ok")) >= 1);
    job->cancel();
    QVERIFY(job->isFinished());
    QCOMPARE(job->error().kind, ApiError::Kind::Cancelled);
    // A request already written to the socket before cancel() may still reach the server; what must
    // not happen is a new attempt afterwards.
    const int sent = job->attempts();
    QVERIFY(sent >= 1);
    // Absence can only be shown by waiting past the longest back-off the policy allows (400 ms).
    QTimer backoffWindow;
    backoffWindow.setSingleShot(true);
    QSignalSpy elapsed(&backoffWindow, &QTimer::timeout);
    backoffWindow.start(m_session->retryPolicy().maxDelayMs + 200);
    QVERIFY(elapsed.wait(5000));
    QVERIFY2(hits(QStringLiteral("/ok")) <= sent, qPrintable(QStringLiteral("%1 requests reached the server after %2 attempts").arg(hits(QStringLiteral("/ok"))).arg(sent)));
    QCOMPARE(job->attempts(), sent);
    delete job;
}

void TstHttpJob::vendorErrorBodies_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("text");
    QTest::newRow("wso2") << 409 << QByteArray(R"({"code":901402,"message":"Key manager Already Exists","description":"Key manager with name X already exists","error":[]})")
                          << QStringLiteral("901402") << QStringLiteral("Key manager with name X already exists");
    QTest::newRow("wso2 details") << 400 << QByteArray(R"({"code":400,"message":"Bad Request","error":[{"code":"1","message":"name","description":"name must not be empty"}]})")
                                  << QStringLiteral("400") << QStringLiteral("name must not be empty");
    QTest::newRow("oauth") << 401 << QByteArray(R"({"error":"invalid_client","error_description":"Client authentication failed"})")
                           << QStringLiteral("invalid_client") << QStringLiteral("Client authentication failed");
    QTest::newRow("entra") << 401 << QByteArray(R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215]})")
                           << QStringLiteral("AADSTS7000215") << QStringLiteral("Invalid client secret provided");
    QTest::newRow("graph") << 404 << QByteArray(R"({"error":{"code":"Request_ResourceNotFound","message":"Resource 'x' does not exist"}})")
                           << QStringLiteral("Request_ResourceNotFound") << QStringLiteral("Resource 'x' does not exist");
    QTest::newRow("scim") << 409 << QByteArray(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"scimType":"uniqueness","detail":"Role already exists","status":"409"})")
                          << QStringLiteral("uniqueness") << QStringLiteral("Role already exists");
    QTest::newRow("asgardeo") << 400 << QByteArray(R"({"code":"60008","message":"Invalid scope","description":"Scope name cannot start with a restricted prefix","traceId":"t"})")
                              << QStringLiteral("60008") << QStringLiteral("restricted prefix");
}

void TstHttpJob::vendorErrorBodies()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, text);
    SandboxServer::Fault f;
    f.path = QRegularExpression(QStringLiteral("^/ok$"));
    f.status = status;
    f.body = body;
    m_server->addFault(f);
    auto job = await(get(QStringLiteral("/ok")));
    QCOMPARE(job->error().kind, ApiError::Kind::Http);
    QCOMPARE(job->error().httpStatus, status);
    QCOMPARE(job->error().vendorCode, code);
    QVERIFY2(job->error().toUserText().contains(text), qPrintable(job->error().toUserText()));
    QVERIFY(!job->error().hint.isEmpty());
}

void TstHttpJob::htmlWhereJsonExpected_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("200 login page") << 200;
    QTest::newRow("401 proxy page") << 401;
    QTest::newRow("502 gateway page") << 502;
}

void TstHttpJob::htmlWhereJsonExpected()
{
    QFETCH(int, status);
    SandboxServer::Fault f;
    f.path = QRegularExpression(QStringLiteral("^/ok$"));
    f.status = status;
    f.contentType = "text/html; charset=utf-8";
    f.body = "<!DOCTYPE html><html><head><title>Corporate Sign-In</title></head><body>…</body></html>";
    f.times = -1;
    m_server->addFault(f);
    auto job = await(get(QStringLiteral("/ok")));
    QCOMPARE(job->error().kind, ApiError::Kind::UnexpectedHtml);
    QVERIFY2(job->error().toUserText().contains(QStringLiteral("“Corporate Sign-In”")), qPrintable(job->error().toUserText()));
    QVERIFY(!job->error().toUserText().contains(QLatin1String("JSON parse")));
}

void TstHttpJob::malformedJson()
{
    SandboxServer::Fault f;
    f.path = QRegularExpression(QStringLiteral("^/ok$"));
    f.status = 200;
    f.body = R"({"list": [1, 2,)";
    m_server->addFault(f);
    auto job = await(get(QStringLiteral("/ok")));
    QCOMPARE(job->error().kind, ApiError::Kind::InvalidJson);
    QVERIFY(job->error().toUserText().contains(QLatin1String("not valid JSON")));
    QVERIFY(job->error().toUserText().contains(QLatin1String("at byte")));
}

void TstHttpJob::plainHttpRefusedForRemoteHosts()
{
    auto job = await(m_session->send(HttpRequest::get(QUrl(QStringLiteral("http://apim.example.com/api")))));
    QCOMPARE(job->error().kind, ApiError::Kind::Validation);
    QVERIFY(job->error().toUserText().contains(QLatin1String("Plain http:// is refused")));
    auto noScheme = await(m_session->send(HttpRequest::get(QUrl(QStringLiteral("apim.example.com")))));
    QCOMPARE(noScheme->error().kind, ApiError::Kind::Validation);
}

void TstHttpJob::tlsUntrustedThenPinnedThenChanged()
{
    SandboxServer tls(QStringLiteral("tls"), true);
    QString error;
    QVERIFY2(tls.start(&error), qPrintable(error));
    tls.route("GET", QStringLiteral("/ok"), [](const Request &) { return Response::json(200, QJsonObject{{QStringLiteral("secure"), true}}); });
    HttpSession session;
    const QUrl url(tls.baseUrl().toString() + QStringLiteral("/ok"));

    auto refused = await(session.send(HttpRequest::get(url)));
    QCOMPARE(refused->error().kind, ApiError::Kind::Tls);
    QCOMPARE(refused->error().vendorCode, QStringLiteral("untrusted-certificate"));
    QVERIFY(!refused->error().certificateChain.isEmpty());
    QCOMPARE(sha256Fingerprint(refused->error().certificateChain.first()), tls.fingerprint());
    QCOMPARE(tls.recordedRequests().size(), 0); // nothing was sent over the untrusted connection

    session.pinCertificate(HttpSession::hostPort(url), tls.fingerprint());
    auto accepted = await(session.send(HttpRequest::get(url)));
    QVERIFY2(!accepted->hasError(), qPrintable(accepted->error().toUserText()));
    QCOMPARE(accepted->result().toObject().value(QLatin1String("secure")).toBool(), true);

    HttpSession other;
    other.pinCertificate(HttpSession::hostPort(url), QString(64, QLatin1Char('A')));
    auto changed = await(other.send(HttpRequest::get(url)));
    QCOMPARE(changed->error().kind, ApiError::Kind::Tls);
    QVERIFY(changed->error().toUserText().contains(QLatin1String("not the one you trusted")));
}

void TstHttpJob::activityAndLogsAreRedacted()
{
    Redactor::registerSecret(QStringLiteral("kc-stored-value-123"));
    QLoggingCategory::setFilterRules(QStringLiteral("kmconsole.*=true"));
    s_logLines.clear();
    const QtMessageHandler previous = qInstallMessageHandler(captureLog);
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("password"));
    form.addQueryItem(QStringLiteral("password"), QStringLiteral("hunter2-pw"));
    form.addQueryItem(QStringLiteral("client_secret"), QStringLiteral("cs-abc-999"));
    form.addQueryItem(QStringLiteral("note"), QStringLiteral("kc-stored-value-123"));
    HttpRequest r = HttpRequest::form(QUrl(m_server->baseUrl().toString() + QStringLiteral("/ok?access_token=tok-in-url")), form);
    r.setBasicAuth(QStringLiteral("admin"), QStringLiteral("basic-secret"));
    SandboxServer::Fault f;
    f.path = QRegularExpression(QStringLiteral("^/ok$"));
    f.status = 200;
    f.body = R"({"access_token":"eyJ-issued-token","refresh_token":"rt-xyz","scope":"a"})";
    m_server->addFault(f);
    auto job = await(m_session->send(r));
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    QVERIFY(!job->hasError());
    QCOMPARE(m_log->entries().size(), 1);
    const ActivityEntry e = m_log->entries().first();
    const QString everything = e.url.toString() + QString::fromUtf8(e.requestBody) + QString::fromUtf8(e.responseBody) + e.error
                               + s_logLines.join(QLatin1Char('\n'));
    for (const char *secret : {"hunter2-pw", "cs-abc-999", "kc-stored-value-123", "tok-in-url", "eyJ-issued-token", "rt-xyz", "basic-secret"})
        QVERIFY2(!everything.contains(QLatin1String(secret)), secret);
    QVERIFY(QString::fromUtf8(e.requestBody).contains(QLatin1String("grant_type=password")));
    QVERIFY(!s_logLines.isEmpty());
    QCOMPARE(e.status, 200);
    QCOMPARE(e.method, QByteArray("POST"));
}

QTEST_GUILESS_MAIN(TstHttpJob)
#include "tst_httpjob.moc"
