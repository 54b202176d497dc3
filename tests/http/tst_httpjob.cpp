// The HTTP layer against a scripted local server: what the user is told, and what the server saw.

#include "support/JobWaiter.h"
#include "services/core/ConstRange.h"

#include "sandbox/SandboxServer.h"
#include "services/apim/ApimErrors.h"
#include "services/asgardeo/AsgardeoErrors.h"
#include "services/entra/EntraErrors.h"
#include "services/oauth/OAuthErrors.h"
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
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTcpSocket>
#include <QDeadlineTimer>
#include <QPointer>
#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <memory>

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
    void retryAfterOutOfRangeIsNotRetried_data();
    void retryAfterOutOfRangeIsNotRetried();
    void retryAfterParsing_data();
    void retryAfterParsing();
    void connectionResetIsRetried();
    void cancelStopsFurtherAttempts();
    void aJobFinishedAtOnceIsStillTheCallersToKeep();
    void vendorErrorBodies_data();
    void vendorErrorBodies();
    void htmlWhereJsonExpected_data();
    void htmlWhereJsonExpected();
    void malformedJson();
    void plainHttpRefusedForRemoteHosts();
    void tlsUntrustedThenPinnedThenChanged();
    void pinHoldsEvenForACaTrustedCertificate();
    void redirectToAnotherOriginIsRefused_data();
    void redirectToAnotherOriginIsRefused();
    void redirectWithinTheSameOriginIsFollowed();
    void oversizedBodyIsRefusedWhileReading_data();
    void oversizedBodyIsRefusedWhileReading();
    void headDeclaringALargeBodyIsNoOversizedAnswer();
    void activityAndLogsAreRedacted();
    void shortPasswordIsMaskedByFieldNotEverywhere();
    void issuedTokensAndJwtsAreMaskedInTheActivityLog();
    void largeAnswerIsReadAndRedacted();
    void largeAnswerDroppedWhenTheJobGoesWhileItIsRead_data();
    void largeAnswerDroppedWhenTheJobGoesWhileItIsRead();
    void answerThatArrivedAtOnceIsCopiedASliceAtATime();

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
        QTimer::singleShot(3000, QCoreApplication::instance(), [reply] { reply(Response::json(200, QJsonObject())); });
    });
    // An answer of several MB (a DevPortal list of tens of thousands of applications), read on a worker thread.
    m_server->route("GET", QStringLiteral("/large"), [](const Request &) {
        QJsonArray list;
        for (int i = 0; i < 30000; ++i)
            list.append(QJsonObject{{QStringLiteral("applicationId"), QStringLiteral("%1-4b2a-4c1d-9e8f").arg(i, 8, 16, QLatin1Char('0'))},
                                    {QStringLiteral("name"), QStringLiteral("app-%1").arg(i)},
                                    {QStringLiteral("description"), QString(120, QLatin1Char('d'))}});
        return Response::json(200, QJsonObject{{QStringLiteral("access_token"), QStringLiteral("eyJ-large-answer-token")},
                                               {QStringLiteral("count"), list.size()}, {QStringLiteral("list"), list}});
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
    for (const QJsonValue &v : km::constTemporary(m_server->recordedRequests()))
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

void TstHttpJob::aJobFinishedAtOnceIsStillTheCallersToKeep()
{
    // A job refused before any request (bad input, a client that went away) finishes inside the call
    // that made it; the caller that then keeps it must not find it deleted under its hands.
    auto *kept = new FunctionJob(this);
    kept->fail(ApiError::cancelled());
    kept->setAutoDelete(false);
    QPointer<FunctionJob> keptGuard(kept);
    auto *dropped = new FunctionJob(this);
    dropped->succeed();
    QPointer<FunctionJob> droppedGuard(dropped);
    QTRY_VERIFY(droppedGuard.isNull());
    QCoreApplication::processEvents();
    QVERIFY(!keptGuard.isNull());
    QCOMPARE(kept->error().kind, ApiError::Kind::Cancelled);
    delete kept;
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
    // Each body as its vendor's client reads it: the request names the vendor's parser.
    const QByteArray vendor = QTest::currentDataTag();
    HttpRequest r = HttpRequest::get(QUrl(m_server->baseUrl().toString() + QStringLiteral("/ok")));
    r.errorFormat = vendor.startsWith("wso2") ? ApimErrors::parse
                    : vendor == "oauth"       ? OAuthErrors::parse
                    : vendor == "entra"       ? EntraErrors::parseLogin
                    : vendor == "graph"       ? EntraErrors::parseGraph
                                              : AsgardeoErrors::parse;
    auto job = await(m_session->send(r));
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
    // The Basic credentials travel base64-encoded: looking for "basic-secret" alone could never fail.
    QVERIFY2(!everything.contains(QString::fromLatin1(QByteArray("admin:basic-secret").toBase64())), "the Basic credentials");
    QVERIFY2(!everything.contains(QLatin1String("Basic ")), "the Authorization header");
    QVERIFY(QString::fromUtf8(e.requestBody).contains(QLatin1String("grant_type=password")));
    QVERIFY(!s_logLines.isEmpty());
    QCOMPARE(e.status, 200);
    QCOMPARE(e.method, QByteArray("POST"));
}

void TstHttpJob::retryAfterOutOfRangeIsNotRetried_data()
{
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::newRow("beyond 64 bits") << QByteArray("99999999999999999999");
    QTest::newRow("overflows as milliseconds") << QByteArray("9300000000000000");
    QTest::newRow("a date in year 9999") << QByteArray("Fri, 31 Dec 9999 23:59:59 GMT");
}

void TstHttpJob::retryAfterOutOfRangeIsNotRetried()
{
    // A server that asks for a wait longer than the policy allows gets no retry, however the number is written.
    QFETCH(QByteArray, retryAfter);
    SandboxServer::Fault f;
    f.path = QRegularExpression(QStringLiteral("^/ok$"));
    f.status = 503;
    f.body = R"({"code":503,"message":"Service Unavailable"})";
    f.headers.append(qMakePair(QByteArray("Retry-After"), retryAfter));
    f.times = -1;
    m_server->addFault(f);
    auto job = await(get(QStringLiteral("/ok")));
    QCOMPARE(job->error().httpStatus, 503);
    QCOMPARE(hits(QStringLiteral("/ok")), 1);
}

void TstHttpJob::retryAfterParsing_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("minimumMs");
    QTest::addColumn<qint64>("maximumMs");
    QTest::newRow("seconds") << QByteArray("120") << qint64(120000) << qint64(120000);
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1) << qint64(-1);
    QTest::newRow("signed") << QByteArray("+5") << qint64(-1) << qint64(-1);
    QTest::newRow("fraction") << QByteArray("1.5") << qint64(-1) << qint64(-1);
    QTest::newRow("huge") << QByteArray("99999999999999999999") << qint64(1) << std::numeric_limits<qint64>::max();
    QTest::newRow("overflowing") << QByteArray("9300000000000000") << qint64(1) << std::numeric_limits<qint64>::max();
    QTest::newRow("past IMF date") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << qint64(0) << qint64(0);
    QTest::newRow("past RFC 850 date") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT") << qint64(0) << qint64(0);
    QTest::newRow("past asctime date") << QByteArray("Sun Nov  6 08:49:37 1994") << qint64(0) << qint64(0);
    QTest::newRow("garbage") << QByteArray("soon") << qint64(-1) << qint64(-1);
}

void TstHttpJob::retryAfterParsing()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, minimumMs);
    QFETCH(qint64, maximumMs);
    const qint64 ms = HttpJob::parseRetryAfter(value);
    QVERIFY2(ms >= minimumMs && ms <= maximumMs, qPrintable(QString::number(ms)));
}

void TstHttpJob::pinHoldsEvenForACaTrustedCertificate()
{
    // A pin means "this certificate and no other": a certificate the trust store vouches for is still
    // refused when it is not the pinned one, before any request goes out.
    SandboxServer tls(QStringLiteral("tls"), true);
    QString error;
    QVERIFY2(tls.start(&error), qPrintable(error));
    tls.route("GET", QStringLiteral("/ok"), [](const Request &) { return Response::json(200, QJsonObject{{QStringLiteral("secure"), true}}); });
    const QSslConfiguration previous = QSslConfiguration::defaultConfiguration();
    QSslConfiguration trusting = previous;
    trusting.addCaCertificate(tls.certificate());
    QSslConfiguration::setDefaultConfiguration(trusting);
    const QUrl url(tls.baseUrl().toString() + QStringLiteral("/ok"));

    HttpSession unpinned;
    auto trusted = await(unpinned.send(HttpRequest::get(url)));
    QVERIFY2(!trusted->hasError(), qPrintable(trusted->error().toUserText())); // the store does vouch for it
    tls.clearRecordedRequests();

    HttpSession pinned;
    const QString otherFingerprint = QStringList(32, QStringLiteral("AB")).join(QLatin1Char(':'));
    pinned.pinCertificate(HttpSession::hostPort(url), otherFingerprint);
    HttpRequest r = HttpRequest::get(url);
    r.setBearer(QStringLiteral("bearer-for-the-pinned-host"));
    auto refused = await(pinned.send(r));
    QSslConfiguration::setDefaultConfiguration(previous);
    QCOMPARE(refused->error().kind, ApiError::Kind::Tls);
    QCOMPARE(refused->error().vendorCode, QStringLiteral("pin-mismatch"));
    const QString text = refused->error().toUserText();
    QVERIFY2(text.contains(otherFingerprint), qPrintable(text));
    QVERIFY2(text.contains(tls.fingerprint()), qPrintable(text));
    QCOMPARE(tls.recordedRequests().size(), 0);
}

void TstHttpJob::redirectToAnotherOriginIsRefused_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("post");
    QTest::newRow("307 POST with Basic and a client secret") << 307 << true;
    QTest::newRow("308 GET with a bearer token") << 308 << false;
    QTest::newRow("302 GET with a bearer token") << 302 << false;
}

void TstHttpJob::redirectToAnotherOriginIsRefused()
{
    QFETCH(int, status);
    QFETCH(bool, post);
    SandboxServer elsewhere(QStringLiteral("elsewhere"), false);
    QString error;
    QVERIFY2(elsewhere.start(&error), qPrintable(error));
    elsewhere.route("POST", QStringLiteral("/capture"), [](const Request &) { return Response::json(200, QJsonObject()); });
    elsewhere.route("GET", QStringLiteral("/capture"), [](const Request &) { return Response::json(200, QJsonObject()); });
    const QUrl target(elsewhere.baseUrl().toString() + QStringLiteral("/capture"));
    SandboxServer::Fault f;
    f.path = QRegularExpression(QStringLiteral("^/token$"));
    f.status = status;
    f.headers.append(qMakePair(QByteArray("Location"), target.toEncoded()));
    m_server->addFault(f);

    const QUrl url(m_server->baseUrl().toString() + QStringLiteral("/token"));
    HttpRequest r;
    if (post) {
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
        form.addQueryItem(QStringLiteral("client_secret"), QStringLiteral("cs-redirected-away"));
        r = HttpRequest::form(url, form);
        r.setBasicAuth(QStringLiteral("client"), QStringLiteral("basic-redirected-away"));
    } else {
        r = HttpRequest::get(url);
        r.setBearer(QStringLiteral("bearer-redirected-away"));
    }
    auto job = await(m_session->send(r));
    QVERIFY(job->hasError());
    const QString text = job->error().toUserText();
    QVERIFY2(text.contains(HttpSession::hostPort(url)) && text.contains(HttpSession::hostPort(target)), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("redirect")), qPrintable(text));
    QCOMPARE(job->error().vendorCode, QStringLiteral("redirect-refused"));
    QCOMPARE(job->error().httpStatus, status);
    QCOMPARE(elsewhere.recordedRequests().size(), 0); // the other server received nothing at all
}

void TstHttpJob::redirectWithinTheSameOriginIsFollowed()
{
    SandboxServer::Fault f;
    f.path = QRegularExpression(QStringLiteral("^/moved$"));
    f.status = 308;
    f.headers.append(qMakePair(QByteArray("Location"), QByteArray("/ok")));
    m_server->addFault(f);
    HttpRequest r = HttpRequest::json("POST", QUrl(m_server->baseUrl().toString() + QStringLiteral("/moved")), QJsonObject{{QStringLiteral("a"), 1}});
    auto job = await(m_session->send(r));
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    QCOMPARE(job->result().toObject().value(QLatin1String("posted")).toBool(), true);
    QCOMPARE(hits(QStringLiteral("/ok")), 1);
}

void TstHttpJob::oversizedBodyIsRefusedWhileReading_data()
{
    QTest::addColumn<bool>("declaresLength");
    QTest::newRow("chunked, no length") << false;
    QTest::newRow("Content-Length too large") << true;
}

void TstHttpJob::oversizedBodyIsRefusedWhileReading()
{
    // A server that sends more than 16 MB and never finishes: the job must stop at the cap, not wait
    // for (or buffer) the rest, and say what the limit is.
    QFETCH(bool, declaresLength);
    QTcpServer endless;
    QVERIFY(endless.listen(QHostAddress::LocalHost, 0));
    QList<QPointer<QTcpSocket>> clients;
    connect(&endless, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *socket = endless.nextPendingConnection();
        clients << socket;
        connect(socket, &QTcpSocket::readyRead, socket, [socket, declaresLength] {
            if (!socket->readAll().contains("\r\n\r\n"))
                return;
            const QByteArray chunk(1024 * 1024, ' ');
            if (declaresLength) {
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n");
                socket->write(chunk);
                return;
            }
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 17; ++i)
                socket->write(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
        });
    });
    HttpRequest r = HttpRequest::get(QUrl(QStringLiteral("http://127.0.0.1:%1/big").arg(endless.serverPort())));
    r.timeoutMs = 15000;
    r.maxAttempts = 1;
    QElapsedTimer t;
    t.start();
    auto job = await(m_session->send(r));
    QVERIFY(job->hasError());
    QVERIFY2(job->error().kind != ApiError::Kind::Timeout, qPrintable(job->error().toUserText()));
    QVERIFY2(job->error().toUserText().contains(QLatin1String("16 MB")), qPrintable(job->error().toUserText()));
    QVERIFY(static_cast<HttpJob *>(job.get())->body().size() <= 16 * 1024 * 1024);
    QVERIFY(t.elapsed() < 12000);
    for (const auto &c : std::as_const(clients))
        if (c)
            c->abort();
}

void TstHttpJob::headDeclaringALargeBodyIsNoOversizedAnswer()
{
    // HEAD says how long the body would be without sending it: a large one is no reason to refuse.
    QTcpServer declaring;
    QVERIFY(declaring.listen(QHostAddress::LocalHost, 0));
    connect(&declaring, &QTcpServer::newConnection, this, [&declaring] {
        QTcpSocket *socket = declaring.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket] {
            if (socket->readAll().contains("\r\n\r\n"))
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1073741824\r\n\r\n");
        });
    });
    HttpRequest r = HttpRequest::head(QUrl(QStringLiteral("http://127.0.0.1:%1/file").arg(declaring.serverPort())));
    r.maxAttempts = 1;
    r.timeoutMs = 5000;
    auto job = await(m_session->send(r));
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    QCOMPARE(static_cast<HttpJob *>(job.get())->status(), 200);
}

void TstHttpJob::shortPasswordIsMaskedByFieldNotEverywhere()
{
    // The sandbox's (and many real) admin password is "admin": masking it as a substring would blank
    // out the user name, the /api/am/admin path and every word "admin" in an error.
    Redactor::registerSecret(QStringLiteral("admin"));
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("password"));
    form.addQueryItem(QStringLiteral("username"), QStringLiteral("admin"));
    form.addQueryItem(QStringLiteral("password"), QStringLiteral("admin"));
    HttpRequest r = HttpRequest::form(QUrl(m_server->baseUrl().toString() + QStringLiteral("/api/am/admin/v4/ok")), form);
    SandboxServer::Fault f;
    f.path = QRegularExpression(QStringLiteral("^/api/am/admin/v4/ok$"));
    f.status = 403;
    f.body = R"({"code":900910,"message":"The user admin lacks the admin scope"})";
    m_server->addFault(f);
    auto job = await(m_session->send(r));
    Redactor::forgetSecret(QStringLiteral("admin"));
    QCOMPARE(job->error().httpStatus, 403);
    const ActivityEntry e = m_log->entries().last();
    QCOMPARE(e.url.path(), QStringLiteral("/api/am/admin/v4/ok"));
    QVERIFY2(e.error.contains(QLatin1String("The user admin lacks the admin scope")), qPrintable(e.error));
    const QString request = QString::fromUtf8(e.requestBody);
    QVERIFY2(request.contains(QLatin1String("username=admin")), qPrintable(request));
    QVERIFY2(!request.contains(QLatin1String("password=admin")), qPrintable(request)); // masked by its field
}

void TstHttpJob::issuedTokensAndJwtsAreMaskedInTheActivityLog()
{
    // A token obtained by one call is masked when a later answer quotes it; a JWT under any name is masked.
    SandboxServer::Fault issued;
    issued.path = QRegularExpression(QStringLiteral("^/token$"));
    issued.status = 200;
    issued.body = R"({"access_token":"opaque-at-5d41402abc4b2a76","refresh_token":"opaque-rt-7d793037a0760186","token_type":"Bearer"})";
    m_server->addFault(issued);
    auto token = await(m_session->send(HttpRequest::form(QUrl(m_server->baseUrl().toString() + QStringLiteral("/token")), QUrlQuery())));
    QVERIFY2(!token->hasError(), qPrintable(token->error().toUserText()));

    const QString jwt = QStringLiteral("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLWJ5dGVz");
    SandboxServer::Fault quoting;
    quoting.path = QRegularExpression(QStringLiteral("^/ok$"));
    quoting.status = 401;
    quoting.body = QJsonDocument(QJsonObject{{QStringLiteral("code"), 900901},
                                             {QStringLiteral("message"), QStringLiteral("Token opaque-at-5d41402abc4b2a76 is not active")},
                                             {QStringLiteral("description"), QString(QStringLiteral("Presented: ") + jwt)}})
                       .toJson(QJsonDocument::Compact);
    m_server->addFault(quoting);
    HttpRequest r = HttpRequest::get(QUrl(m_server->baseUrl().toString() + QStringLiteral("/ok")));
    r.setBearer(QStringLiteral("opaque-at-5d41402abc4b2a76"));
    auto job = await(m_session->send(r));
    QCOMPARE(job->error().httpStatus, 401);
    QString everything;
    for (const ActivityEntry &e : m_log->entries())
        everything += e.url.toString() + e.error + QString::fromUtf8(e.requestBody) + QString::fromUtf8(e.responseBody);
    QVERIFY2(!everything.contains(QLatin1String("opaque-at-5d41402abc4b2a76")), "the access token");
    QVERIFY2(!everything.contains(QLatin1String("opaque-rt-7d793037a0760186")), "the refresh token");
    QVERIFY2(!everything.contains(jwt.section(QLatin1Char('.'), 1, 1)), "the JWT");
    QVERIFY(everything.contains(QLatin1String("is not active")));
}

void TstHttpJob::largeAnswerIsReadAndRedacted()
{
    auto job = await(get(QStringLiteral("/large"), 60000));
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    QVERIFY(static_cast<HttpJob *>(job.get())->body().size() >= HttpJob::BackgroundParseBytes);
    const QJsonObject answer = job->result().toObject();
    QCOMPARE(answer.value(QLatin1String("count")).toInt(), 30000);
    QCOMPARE(answer.value(QLatin1String("list")).toArray().size(), 30000);
    QCOMPARE(answer.value(QLatin1String("list")).toArray().last().toObject().value(QLatin1String("name")).toString(), QStringLiteral("app-29999"));
    // The activity log got its redacted copy, as for a small answer: the token the answer carried is masked there.
    QCOMPARE(m_log->entries().size(), 1);
    const ActivityEntry e = m_log->entries().first();
    QCOMPARE(e.status, 200);
    QVERIFY(!e.responseBody.isEmpty());
    QVERIFY(!e.responseBody.contains("eyJ-large-answer-token"));
}

void TstHttpJob::largeAnswerDroppedWhenTheJobGoesWhileItIsRead_data()
{
    QTest::addColumn<bool>("deleteIt");
    QTest::newRow("cancelled") << false;
    QTest::newRow("deleted") << true;
}

void TstHttpJob::largeAnswerDroppedWhenTheJobGoesWhileItIsRead()
{
    QFETCH(bool, deleteIt);
    QThreadPool *pool = QThreadPool::globalInstance();
    QVERIFY(pool->waitForDone(60000));
    HttpJob *job = get(QStringLiteral("/large"), 60000);
    job->setAutoDelete(false);
    QPointer<HttpJob> guard(job);
    QSignalSpy finished(job, &Job::finished);
    // Until the answer has arrived and is being read on the worker thread.
    QDeadlineTimer deadline(60000);
    while (finished.isEmpty() && pool->activeThreadCount() == 0 && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    QVERIFY2(finished.isEmpty(), "the answer was read before the job could be stopped");
    QVERIFY(pool->activeThreadCount() > 0);
    if (deleteIt) {
        delete job;
    } else {
        job->cancel();
        QCOMPARE(job->error().kind, ApiError::Kind::Cancelled);
    }
    // The worker finishes with its own copies; nothing it leaves behind reaches the job or the log.
    QVERIFY(pool->waitForDone(60000));
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QCOMPARE(finished.size(), deleteIt ? 0 : 1);
    QVERIFY(m_log->entries().isEmpty());
    if (!deleteIt) {
        QCOMPARE(job->error().kind, ApiError::Kind::Cancelled);
        delete job;
    }
    QVERIFY(guard.isNull());
}

QTEST_GUILESS_MAIN(TstHttpJob)
void TstHttpJob::answerThatArrivedAtOnceIsCopiedASliceAtATime()
{
    // A server in a thread of its own sends 4 MB while the console's event loop is busy: when the loop comes back,
    // the whole answer waits in the reply. Copying it in one go stalled the window (tens of ms: a page fault per
    // 4 KB); each turn of the loop now copies no more than a slice of 256 KB (two when the network's readyRead
    // and the queued read fall in the same turn), and the answer still arrives whole.
    const QByteArray body = "{\"list\":[\"" + QByteArray(4 * 1024 * 1024, 'x') + "\"]}";
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const quint16 port = server.serverPort();
    server.close();
    auto listens = std::make_shared<std::atomic_int>(0); // 1: listening, -1: could not
    QScopedPointer<QThread> writer(QThread::create([port, body, listens] {
        QTcpServer listening;
        const bool ok = listening.listen(QHostAddress::LocalHost, port);
        listens->store(ok ? 1 : -1);
        if (!ok || !listening.waitForNewConnection(30000))
            return;
        QTcpSocket *socket = listening.nextPendingConnection();
        QByteArray request;
        while (!request.contains("\r\n\r\n") && socket->waitForReadyRead(30000))
            request += socket->readAll();
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                      + "\r\nConnection: close\r\n\r\n" + body);
        while (socket->bytesToWrite() > 0 && socket->waitForBytesWritten(30000)) {
        }
        socket->waitForDisconnected(30000);
    }));
    writer->start();
    QTRY_VERIFY_WITH_TIMEOUT(listens->load() != 0, 10000);
    QVERIFY2(listens->load() == 1, "the writer thread could not listen on the port it was given");
    HttpRequest r = HttpRequest::get(QUrl(QStringLiteral("http://127.0.0.1:%1/list").arg(port)));
    r.timeoutMs = 60000;
    r.maxAttempts = 1;
    HttpJob *job = m_session->send(r);
    job->setAutoDelete(false);
    QPointer<HttpJob> guard(job);
    QThread::msleep(1500); // the loop busy: the answer arrives and waits
    qsizetype last = 0, largest = 0;
    int turns = 0;
    QTimer tick;
    tick.setInterval(0);
    connect(&tick, &QTimer::timeout, this, [&] {
        if (!guard)
            return;
        const qsizetype now = guard->body().size();
        largest = std::max(largest, now - last);
        last = now;
        ++turns;
    });
    tick.start();
    QSignalSpy finished(job, &Job::finished);
    QVERIFY(finished.wait(60000));
    tick.stop();
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    QCOMPARE(job->body().size(), body.size());
    QCOMPARE(job->result().toObject().value(QLatin1String("list")).toArray().first().toString().size(), 4 * 1024 * 1024);
    constexpr qsizetype mostPerTurn = 512 * 1024;
    QVERIFY2(largest <= mostPerTurn, qPrintable(QStringLiteral("%1 bytes copied in one turn").arg(largest)));
    QVERIFY2(turns >= int(body.size() / mostPerTurn), qPrintable(QStringLiteral("%1 turns").arg(turns)));
    delete job;
    writer->wait(30000);
}

#include "tst_httpjob.moc"
