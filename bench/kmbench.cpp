// kmbench: figures of the console's own code, one JSON object on stdout (scripts/bench.sh prints the table).
//   kmbench tokens [--seconds S]      decode + JWKS lookup by kid + verify, per algorithm, in verifications/s
//   kmbench response [--mb N]         a N MB JSON answer through HttpSession on the event loop: longest stall
//   kmbench rows [--rows N]           N DevPortal applications in the Applications page: load, filter as you type, memory
//   kmbench startup                   process start to the main window shown, and its RSS
// Run offscreen (QT_QPA_PLATFORM=offscreen) with a private KMCONSOLE_CONFIG_DIR.

#include "services/core/ServiceContext.h"
#include "services/http/HttpJob.h"
#include "services/http/HttpSession.h"
#include "services/profiles/ProfileStore.h"
#include "services/tokens/JwksVerifier.h"
#include "services/tokens/Jwt.h"
#include "models/applications/DevPortalApplicationModel.h"
#include "models/common/SearchFilterProxyModel.h"
#include "ui/applications/ApplicationsPage.h"
#include "ui/mainwindow/MainWindow.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QAbstractProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QScopeGuard>
#include <QThread>
#include <QTimer>

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <unistd.h>

using namespace km;

namespace {

QByteArray b64(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray bnParam(EVP_PKEY *key, const char *name, int pad = 0)
{
    BIGNUM *bn = nullptr;
    EVP_PKEY_get_bn_param(key, name, &bn);
    QByteArray out(pad ? pad : BN_num_bytes(bn), '\0');
    BN_bn2binpad(bn, reinterpret_cast<unsigned char *>(out.data()), int(out.size()));
    BN_free(bn);
    return out;
}

struct SigningKey
{
    QString alg;
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key{nullptr, &EVP_PKEY_free};
    QJsonObject jwk;
};

SigningKey makeKey(const QString &alg)
{
    SigningKey k;
    k.alg = alg;
    const QString kid = QStringLiteral("bench-") + alg.toLower();
    if (alg == QLatin1String("RS256") || alg == QLatin1String("PS256")) {
        k.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048)));
        k.jwk = {{QStringLiteral("kty"), QStringLiteral("RSA")},
                 {QStringLiteral("n"), QString::fromLatin1(b64(bnParam(k.key.get(), OSSL_PKEY_PARAM_RSA_N)))},
                 {QStringLiteral("e"), QString::fromLatin1(b64(bnParam(k.key.get(), OSSL_PKEY_PARAM_RSA_E)))}};
    } else if (alg == QLatin1String("ES256")) {
        k.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
        k.jwk = {{QStringLiteral("kty"), QStringLiteral("EC")}, {QStringLiteral("crv"), QStringLiteral("P-256")},
                 {QStringLiteral("x"), QString::fromLatin1(b64(bnParam(k.key.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32)))},
                 {QStringLiteral("y"), QString::fromLatin1(b64(bnParam(k.key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32)))}};
    } else {
        k.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
        QByteArray raw(32, '\0');
        size_t len = size_t(raw.size());
        EVP_PKEY_get_raw_public_key(k.key.get(), reinterpret_cast<unsigned char *>(raw.data()), &len);
        k.jwk = {{QStringLiteral("kty"), QStringLiteral("OKP")}, {QStringLiteral("crv"), QStringLiteral("Ed25519")},
                 {QStringLiteral("x"), QString::fromLatin1(b64(raw))}};
    }
    k.jwk.insert(QStringLiteral("kid"), kid);
    k.jwk.insert(QStringLiteral("use"), QStringLiteral("sig"));
    k.jwk.insert(QStringLiteral("alg"), alg);
    return k;
}

QString signToken(const SigningKey &k)
{
    const QJsonObject header{{QStringLiteral("alg"), k.alg}, {QStringLiteral("typ"), QStringLiteral("JWT")}, {QStringLiteral("kid"), k.jwk.value(QLatin1String("kid"))}};
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject claims{{QStringLiteral("iss"), QStringLiteral("https://login.example/tenant/v2.0")},
                             {QStringLiteral("sub"), QStringLiteral("8f1c3a52-1b0e-4f2a-9c3d-0a1b2c3d4e5f")},
                             {QStringLiteral("aud"), QStringLiteral("api://kmconsole-bench")},
                             {QStringLiteral("azp"), QStringLiteral("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0")},
                             {QStringLiteral("scp"), QStringLiteral("read write admin")},
                             {QStringLiteral("iat"), now}, {QStringLiteral("nbf"), now}, {QStringLiteral("exp"), now + 3600}};
    const QByteArray input = b64(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
                             + b64(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = nullptr;
    const bool ed = k.alg == QLatin1String("EdDSA");
    EVP_DigestSignInit(ctx, &pctx, ed ? nullptr : EVP_sha256(), nullptr, k.key.get());
    if (k.alg == QLatin1String("PS256")) {
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
    }
    size_t len = 0;
    EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()));
    QByteArray sig(qsizetype(len), '\0');
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(sig.data()), &len, reinterpret_cast<const unsigned char *>(input.constData()),
                   size_t(input.size()));
    sig.resize(qsizetype(len));
    EVP_MD_CTX_free(ctx);
    if (k.alg == QLatin1String("ES256")) { // DER to JOSE's R || S
        const unsigned char *p = reinterpret_cast<const unsigned char *>(sig.constData());
        ECDSA_SIG *ecdsa = d2i_ECDSA_SIG(nullptr, &p, long(sig.size()));
        QByteArray raw(64, '\0');
        BN_bn2binpad(ECDSA_SIG_get0_r(ecdsa), reinterpret_cast<unsigned char *>(raw.data()), 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(ecdsa), reinterpret_cast<unsigned char *>(raw.data()) + 32, 32);
        ECDSA_SIG_free(ecdsa);
        sig = raw;
    }
    return QString::fromLatin1(input + '.' + b64(sig));
}

double argValue(const QStringList &args, const QString &name, double fallback)
{
    const qsizetype i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1).toDouble() : fallback;
}

// Resident memory of this process in bytes.
qint64 rssBytes()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = f.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * sysconf(_SC_PAGESIZE) : 0;
}

// Milliseconds since this process started (from /proc: the kernel's start time of the process).
double msSinceProcessStart()
{
    QFile stat(QStringLiteral("/proc/self/stat")), uptime(QStringLiteral("/proc/uptime"));
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray s = stat.readAll();
    const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');
    const double startTicks = fields.value(19).toDouble(); // field 22 of stat, counted after "pid (comm) "
    const double up = uptime.readAll().split(' ').value(0).toDouble();
    return (up - startTicks / double(sysconf(_SC_CLK_TCK))) * 1000.0;
}

// The longest gap between ticks of a 1 ms timer: how long the event loop could not answer.
class StallProbe : public QObject
{
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_longestNs = std::max(m_longestNs, now - m_lastNs);
            m_lastNs = now;
        });
    }
    void start()
    {
        m_longestNs = 0;
        m_clock.start();
        m_lastNs = 0;
        m_timer.start();
    }
    double stopMs()
    {
        const qint64 now = m_clock.nsecsElapsed();
        m_longestNs = std::max(m_longestNs, now - m_lastNs);
        m_timer.stop();
        return double(m_longestNs) / 1e6;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    qint64 m_longestNs = 0;
};

QJsonObject benchTokens(double seconds)
{
    const QStringList algs{QStringLiteral("RS256"), QStringLiteral("PS256"), QStringLiteral("ES256"), QStringLiteral("EdDSA")};
    std::vector<SigningKey> keys;
    QJsonArray jwkList;
    for (const QString &alg : algs) {
        keys.push_back(makeKey(alg));
        jwkList.append(keys.back().jwk);
    }
    // The JWKS's keys built once and reused (ParsedJwks): what a verification itself costs, as for a caller that
    // checks many tokens against one JWKS. The Token Inspector checks one token per JWKS it fetches, and there
    // building the key is part of that one call.
    const ParsedJwks jwks(QJsonObject{{QStringLiteral("keys"), jwkList}});
    QJsonObject out;
    for (const SigningKey &k : keys) {
        const QString token = signToken(k);
        qint64 count = 0;
        QElapsedTimer clock;
        clock.start();
        const qint64 budgetNs = qint64(seconds * 1e9);
        while (clock.nsecsElapsed() < budgetNs) {
            for (int i = 0; i < 50; ++i) {
                const DecodedToken decoded = DecodedToken::decode(token);
                const VerificationResult result = JwksVerifier::verify(decoded, jwks);
                if (result.status != VerificationResult::Status::Verified) {
                    std::fprintf(stderr, "kmbench: %s token not verified: %s\n", qPrintable(k.alg), qPrintable(result.reason));
                    return {};
                }
            }
            count += 50;
        }
        out.insert(k.alg, double(count) / (double(clock.nsecsElapsed()) / 1e9));
    }
    return out;
}

// A loopback HTTP server that answers every request with `body` (JSON).
class OneAnswerServer : public QTcpServer
{
public:
    explicit OneAnswerServer(QByteArray body)
        : m_body(std::move(body))
    {
        QObject::connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    if (!socket->readAll().contains("\r\n\r\n"))
                        return;
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(m_body.size())
                                  + "\r\n\r\n" + m_body);
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

private:
    QByteArray m_body;
};

QJsonArray applicationsJson(int count)
{
    QJsonArray apps;
    for (int i = 0; i < count; ++i) {
        const QString id = QStringLiteral("%1-4b2a-4c1d-9e8f-%2").arg(i, 8, 16, QLatin1Char('0')).arg(i * 7919, 12, 16, QLatin1Char('0'));
        QJsonArray keys;
        keys.append(QJsonObject{{QStringLiteral("keyManager"), i % 2 ? QStringLiteral("AzureAD-v2") : QStringLiteral("Resident Key Manager")},
                                {QStringLiteral("keyType"), QStringLiteral("PRODUCTION")},
                                {QStringLiteral("consumerKey"), QStringLiteral("ck_%1").arg(i * 104729, 16, 16, QLatin1Char('0'))},
                                {QStringLiteral("mode"), i % 2 ? QStringLiteral("MAPPED") : QStringLiteral("CREATED")},
                                {QStringLiteral("keyState"), QStringLiteral("COMPLETED")}});
        apps.append(QJsonObject{{QStringLiteral("applicationId"), id},
                                {QStringLiteral("name"), QStringLiteral("app-%1").arg(i)},
                                {QStringLiteral("owner"), QStringLiteral("user%1").arg(i % 500)},
                                {QStringLiteral("throttlingPolicy"), QStringLiteral("Unlimited")},
                                {QStringLiteral("status"), QStringLiteral("APPROVED")},
                                {QStringLiteral("keys"), keys}});
    }
    return apps;
}

QJsonObject benchResponse(double megabytes)
{
    // A DevPortal-like list, grown until it is the size asked for.
    QJsonArray list = applicationsJson(int(megabytes * 1e6 / 280));
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("count"), list.size()}, {QStringLiteral("list"), list}}).toJson(QJsonDocument::Compact);
    // The server in a thread of its own, as a real one is in a process of its own: writing 5 MB into a socket
    // is the server's work, not a stall of the console's event loop.
    QThread serverThread;
    auto *server = new OneAnswerServer(body);
    server->moveToThread(&serverThread);
    serverThread.start();
    quint16 port = 0;
    QMetaObject::invokeMethod(
        server, [server, &port] { port = server->listen(QHostAddress::LocalHost) ? server->serverPort() : 0; }, Qt::BlockingQueuedConnection);
    const auto stopServer = qScopeGuard([&serverThread, server] {
        QMetaObject::invokeMethod(server, [server] { delete server; }, Qt::BlockingQueuedConnection);
        serverThread.quit();
        serverThread.wait();
    });
    HttpSession session;
    StallProbe probe;
    QElapsedTimer clock;
    clock.start();
    probe.start();
    HttpJob *job = session.send(HttpRequest::get(QUrl(QStringLiteral("http://127.0.0.1:%1/api/am/devportal/v3/applications").arg(port))));
    bool ok = false;
    QEventLoop loop;
    QObject::connect(job, &Job::finished, &loop, [&ok, &loop](Job *j) {
        ok = !j->hasError() && j->result().toObject().value(QLatin1String("count")).toInt() > 0;
        loop.quit();
    });
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    loop.exec();
    const double stall = probe.stopMs();
    if (!ok)
        std::fprintf(stderr, "kmbench: the response was not parsed\n");
    return {{QStringLiteral("bytes"), double(body.size())}, {QStringLiteral("totalMs"), double(clock.nsecsElapsed()) / 1e6},
            {QStringLiteral("longestStallMs"), stall}, {QStringLiteral("ok"), ok}};
}

QJsonObject benchRows(int rows)
{
    ServiceContext context;
    ApplicationsPage page(&context);
    page.resize(1200, 800);
    page.show();
    if (!QTest::qWaitForWindowExposed(&page))
        std::fprintf(stderr, "kmbench: the Applications page was not exposed\n");
    auto *table = page.findChild<QTableView *>(QStringLiteral("portalTable"));
    auto *filter = page.findChild<QLineEdit *>(QStringLiteral("portalFilter"));
    auto *proxy = table ? qobject_cast<QAbstractProxyModel *>(table->model()) : nullptr;
    auto *model = proxy ? qobject_cast<DevPortalApplicationModel *>(proxy->sourceModel()) : nullptr;
    if (!model || !filter) {
        std::fprintf(stderr, "kmbench: the Applications page has no portalTable/portalFilter\n");
        return {};
    }
    if (auto *stack = qobject_cast<QStackedWidget *>(table->parentWidget()))
        stack->setCurrentWidget(table);
    const QJsonArray apps = applicationsJson(rows);
    QCoreApplication::processEvents();
    const qint64 rssBefore = rssBytes();
    StallProbe probe;
    probe.start();
    QElapsedTimer clock;
    clock.start();
    // As the page loads them: read on a worker thread, then the search text and order prepared on one.
    auto *search = qobject_cast<SearchFilterProxyModel *>(proxy);
    model->setApplications(apps);
    QDeadlineTimer deadline(120000);
    while ((model->isLoading() || (search && search->isPreparing())) && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    QCoreApplication::processEvents();
    const double loadMs = double(clock.nsecsElapsed()) / 1e6;
    const double loadStall = probe.stopMs();
    const qint64 rssAfter = rssBytes();
    // Typing "app-9999" one key at a time: each key filters every row.
    double longestKeyMs = 0, totalKeyMs = 0;
    const QString typed = QStringLiteral("app-9999");
    probe.start();
    for (const QChar c : typed) {
        clock.restart();
        QTest::keyClick(filter, c.toLatin1());
        QCoreApplication::processEvents();
        const double ms = double(clock.nsecsElapsed()) / 1e6;
        longestKeyMs = std::max(longestKeyMs, ms);
        totalKeyMs += ms;
    }
    const double filterStall = probe.stopMs();
    return {{QStringLiteral("rows"), model->rowCount()}, {QStringLiteral("visible"), proxy->rowCount()},
            {QStringLiteral("loadMs"), loadMs}, {QStringLiteral("loadStallMs"), loadStall},
            {QStringLiteral("longestKeystrokeMs"), longestKeyMs}, {QStringLiteral("meanKeystrokeMs"), totalKeyMs / double(typed.size())},
            {QStringLiteral("filterStallMs"), filterStall},
            {QStringLiteral("bytesPerRow"), double(rssAfter - rssBefore) / double(std::max(1, model->rowCount()))}};
}

QJsonObject benchStartup()
{
    ServiceContext context(QString(), QStringLiteral("kmconsole"));
    ApiError error;
    context.profiles()->load(&error);
    MainWindow window(&context);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return {};
    return {{QStringLiteral("shownMs"), msSinceProcessStart()}, {QStringLiteral("rssBytes"), double(rssBytes())}};
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("kmconsole"));
    QApplication::setOrganizationName(QStringLiteral("kmconsole"));
    const QStringList args = app.arguments().mid(1);
    const QString what = args.value(0);
    QJsonObject result;
    if (what == QLatin1String("tokens"))
        result = benchTokens(argValue(args, QStringLiteral("--seconds"), 3));
    else if (what == QLatin1String("response"))
        result = benchResponse(argValue(args, QStringLiteral("--mb"), 5));
    else if (what == QLatin1String("rows"))
        result = benchRows(int(argValue(args, QStringLiteral("--rows"), 100000)));
    else if (what == QLatin1String("startup"))
        result = benchStartup();
    else {
        std::fprintf(stderr, "usage: kmbench tokens|response|rows|startup [--seconds S] [--mb N] [--rows N]\n");
        return 2;
    }
    if (result.isEmpty())
        return 1;
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return 0;
}
