// The fault matrix: every kind of call the console makes to API Manager, Asgardeo, Entra ID, Microsoft
// Graph and a JWKS endpoint, against each way a network or server fails. Each cell must end (no hang, no
// crash) with an error that names the system and says what to do; a 429 is waited out and retried; a
// redirect to another host sends that host nothing; a 100 MB answer is refused at the 16 MB cap. A setup
// that stops on a fault says exactly what it created, and the sandbox holds exactly that.

#include "support/JobWaiter.h"
#include "services/core/ConstRange.h"
#include "support/SandboxFixture.h"

#include "sandbox/SandboxServer.h"
#include "sandbox/apim/ApimStandIn.h"
#include "sandbox/asgardeo/AsgardeoStandIn.h"
#include "sandbox/entra/EntraStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/apim/DevPortalClient.h"
#include "services/apim/PublisherClient.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/asgardeo/AsgardeoSetup.h"
#include "services/entra/EntraClient.h"
#include "services/entra/GraphClient.h"
#include "services/http/HttpSession.h"
#include "services/setup/SetupRunner.h"
#include "services/tokens/JwksVerifier.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <functional>

using namespace km;
using namespace km::test;

namespace {

struct Operation
{
    QString system;              // how the error must name who failed
    sandbox::SandboxServer *server = nullptr;
    QByteArray method;
    QString path;                // regex of the request the fault hits
    std::function<Job *(const QUrl &base)> start; // `base`: the server to talk to (another one for "refused")
};

} // namespace

class TstFaultMatrix : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void everyCallFailsInWords_data();
    void everyCallFailsInWords();
    void aStoppedSetupSaysWhatItCreated();

private:
    ApimClient *apimAt(const QUrl &base);
    int hits(sandbox::SandboxServer *server, const QByteArray &method, const QString &pathRegex) const;

    SandboxFixture m_sandbox;
    HttpSession *m_session = nullptr;
    sandbox::SandboxServer *m_elsewhere = nullptr;
    QHash<QString, Operation> m_operations;
    QUrl m_closed; // a loopback port nothing listens on
    QString m_residentId;
    int m_created = 0;
};

ApimClient *TstFaultMatrix::apimAt(const QUrl &base)
{
    ApimCredentials credentials;
    credentials.baseUrl = base;
    credentials.username = m_sandbox.apimUser();
    credentials.password = m_sandbox.apimPassword();
    return new ApimClient(m_session, credentials, this);
}

int TstFaultMatrix::hits(sandbox::SandboxServer *server, const QByteArray &method, const QString &pathRegex) const
{
    const QRegularExpression re(pathRegex);
    int n = 0;
    for (const QJsonValue &v : km::constTemporary(server->recordedRequests())) {
        const QJsonObject o = v.toObject();
        n += o.value(QLatin1String("method")).toString().toUtf8() == method && re.match(o.value(QLatin1String("path")).toString()).hasMatch();
    }
    return n;
}

void TstFaultMatrix::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    m_session = new HttpSession(this);
    m_session->pinCertificate(m_sandbox.apimHostPort(), m_sandbox.apimFingerprint());
    // Short enough to keep the matrix quick, long enough for a loaded CI machine under ASan.
    m_session->setDefaultTimeoutMs(1500);
    m_session->setRetryPolicy({20, 100, 2000});
    m_elsewhere = new sandbox::SandboxServer(QStringLiteral("elsewhere"), false, this);
    QVERIFY(m_elsewhere->start(&error));
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        m_closed = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort()));
    } // closed again: connections to it are refused

    auto resident = await(m_sandbox.apimClient(m_session, this)->listKeyManagers());
    QVERIFY2(!resident->hasError(), qPrintable(resident->error().toUserText()));
    m_residentId = resident->result().toObject().value(QLatin1String("list")).toArray().first().toObject().value(QLatin1String("id")).toString();

    const QJsonObject account = m_sandbox.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("asgardeo")).toObject();
    const QString org = account.value(QLatin1String("org")).toString();
    const QUrl asgardeoUrl(m_sandbox.info().value(QLatin1String("asgardeo")).toString());
    sandbox::EntraStandIn *entra = m_sandbox.sandbox()->entra();
    const auto management = entra->managementClient();
    sandbox::SandboxServer *apim = m_sandbox.sandbox()->apim()->server();
    sandbox::SandboxServer *asgardeo = m_sandbox.sandbox()->asgardeo()->server();
    const QString admin = QStringLiteral("^/api/am/admin/v4");
    const QString t = QStringLiteral("^/t/") + org;

    auto apimOp = [this, apim](const QByteArray &method, const QString &path, std::function<Job *(ApimClient *)> call) {
        return Operation{QStringLiteral("API Manager"), apim, method, path, [this, call](const QUrl &base) { return call(apimAt(base)); }};
    };
    m_operations.insert(QStringLiteral("apim.token"), apimOp("POST", QStringLiteral("^/oauth2/token$"), [](ApimClient *c) { return c->testConnection(); }));
    m_operations.insert(QStringLiteral("apim.listKeyManagers"),
                        apimOp("GET", QString(admin + QStringLiteral("/key-managers$")), [](ApimClient *c) { return c->listKeyManagers(); }));
    m_operations.insert(QStringLiteral("apim.getKeyManager"), apimOp("GET", QString(admin + QStringLiteral("/key-managers/[^/]+$")), [this](ApimClient *c) {
        return c->getKeyManager(m_residentId);
    }));
    m_operations.insert(QStringLiteral("apim.settings"), apimOp("GET", QString(admin + QStringLiteral("/settings$")), [](ApimClient *c) { return c->settings(); }));
    m_operations.insert(QStringLiteral("apim.discover"), apimOp("POST", QString(admin + QStringLiteral("/key-managers/discover$")), [asgardeoUrl, org](ApimClient *c) {
        return c->discoverKeyManager(QUrl(asgardeoUrl.toString() + QStringLiteral("/t/") + org + QStringLiteral("/oauth2/token/.well-known/openid-configuration")),
                                     QStringLiteral("Asgardeo"));
    }));
    m_operations.insert(QStringLiteral("apim.createKeyManager"), apimOp("POST", QString(admin + QStringLiteral("/key-managers$")), [this](ApimClient *c) {
        const QString base = QStringLiteral("https://idp.example.com/oauth2/");
        return c->createKeyManager(QJsonObject{{QStringLiteral("name"), QStringLiteral("Faulty-%1").arg(++m_created)},
                                               {QStringLiteral("type"), QStringLiteral("Asgardeo")},
                                               {QStringLiteral("tokenEndpoint"), QString(base + QStringLiteral("token"))},
                                               {QStringLiteral("revokeEndpoint"), QString(base + QStringLiteral("revoke"))},
                                               {QStringLiteral("introspectionEndpoint"), QString(base + QStringLiteral("introspect"))},
                                               {QStringLiteral("clientRegistrationEndpoint"), QString(base + QStringLiteral("dcr"))}});
    }));
    m_operations.insert(QStringLiteral("apim.deleteKeyManager"), apimOp("DELETE", QString(admin + QStringLiteral("/key-managers/[^/]+$")), [](ApimClient *c) {
        return c->deleteKeyManager(QStringLiteral("00000000-0000-0000-0000-00000000dead"));
    }));
    m_operations.insert(QStringLiteral("publisher.allScopes"), apimOp("GET", QStringLiteral("^/api/am/publisher/v4/scopes"), [this](ApimClient *c) {
        return (new PublisherClient(c, c))->allScopes();
    }));
    m_operations.insert(QStringLiteral("devportal.listApplications"), apimOp("GET", QStringLiteral("^/api/am/devportal/v3/applications$"), [](ApimClient *c) {
        auto *portal = new DevPortalClient(c, c);
        return portal->listApplications();
    }));

    auto asgardeoOp = [this, asgardeo, org, account](const QByteArray &method, const QString &path, std::function<Job *(AsgardeoClient *)> call) {
        return Operation{QStringLiteral("Asgardeo"), asgardeo, method, path, [this, org, account, call](const QUrl &base) {
                             return call(new AsgardeoClient(m_session, base, org, account.value(QLatin1String("clientId")).toString(),
                                                            account.value(QLatin1String("clientSecret")).toString(), this));
                         }};
    };
    m_operations.insert(QStringLiteral("asgardeo.token"), asgardeoOp("POST", QString(t + QStringLiteral("/oauth2/token$")), [](AsgardeoClient *c) {
        return c->verifyManagementAccess();
    }));
    m_operations.insert(QStringLiteral("asgardeo.findApiResource"), asgardeoOp("GET", QString(t + QStringLiteral("/api/server/v1/api-resources$")), [](AsgardeoClient *c) {
        return c->findApiResourceByName(QStringLiteral("APIM_GLOBAL_SCOPES"));
    }));
    m_operations.insert(QStringLiteral("asgardeo.ensureRole"), asgardeoOp("POST", QString(t + QStringLiteral("/scim2/v2/Roles/.search$")), [](AsgardeoClient *c) {
        return c->ensureRole(QStringLiteral("faulty-role"));
    }));
    m_operations.insert(QStringLiteral("jwks.fetch"), Operation{QStringLiteral("The JWKS endpoint"), asgardeo, "GET", QString(t + QStringLiteral("/oauth2/jwks$")),
                                                                [this, org](const QUrl &base) {
                                                                    return JwksVerifier::fetchJwks(m_session, QUrl(base.toString() + QStringLiteral("/t/") + org + QStringLiteral("/oauth2/jwks")), this);
                                                                }});

    const QString tenant = entra->tenantId();
    const QUrl graphUrl = entra->graphUrl();
    const QUrl loginUrl = entra->loginUrl();
    m_operations.insert(QStringLiteral("entra.token"), Operation{QStringLiteral("Microsoft Entra ID"), entra->loginServer(), "POST",
                                                                 QStringLiteral("/oauth2/v2.0/token$"), [this, graphUrl, tenant, management](const QUrl &base) {
                                                                     auto *client = new EntraClient(m_session, base, graphUrl, tenant, management.clientId, management.secret, this);
                                                                     return client->verifyGraphAccess();
                                                                 }});
    auto graphOp = [this, entra, loginUrl, tenant, management](const QByteArray &method, const QString &path, std::function<Job *(GraphClient *)> call) {
        return Operation{QStringLiteral("Microsoft Graph"), entra->graphServer(), method, path, [this, loginUrl, tenant, management, call](const QUrl &base) {
                             auto *client = new EntraClient(m_session, loginUrl, base, tenant, management.clientId, management.secret, this);
                             return call(new GraphClient(client, client));
                         }};
    };
    m_operations.insert(QStringLiteral("graph.listApplications"), graphOp("GET", QStringLiteral("/applications"), [](GraphClient *g) { return g->listApplications(); }));
    m_operations.insert(QStringLiteral("graph.createApplication"), graphOp("POST", QStringLiteral("/applications$"), [](GraphClient *g) {
        return g->createApplication(QStringLiteral("Faulty app"));
    }));
    m_operations.insert(QStringLiteral("graph.findServicePrincipal"), graphOp("GET", QStringLiteral("/servicePrincipals"), [management](GraphClient *g) {
        return g->findServicePrincipal(management.clientId);
    }));
}

void TstFaultMatrix::init()
{
    m_session->setDefaultTimeoutMs(1500);
    for (sandbox::SandboxServer *s : m_sandbox.sandbox()->servers()) {
        s->clearFaults();
        s->clearRecordedRequests();
    }
    m_elsewhere->clearRecordedRequests();
}

void TstFaultMatrix::everyCallFailsInWords_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QString>("fault");
    const QStringList faults{QStringLiteral("refused"), QStringLiteral("reset"), QStringLiteral("timeout"), QStringLiteral("429"),
                             QStringLiteral("500"), QStringLiteral("502"), QStringLiteral("503"), QStringLiteral("truncated"),
                             QStringLiteral("html"), QStringLiteral("huge"), QStringLiteral("redirect")};
    const QStringList operations{QStringLiteral("apim.token"), QStringLiteral("apim.listKeyManagers"), QStringLiteral("apim.getKeyManager"),
                                 QStringLiteral("apim.settings"), QStringLiteral("apim.discover"), QStringLiteral("apim.createKeyManager"),
                                 QStringLiteral("apim.deleteKeyManager"), QStringLiteral("publisher.allScopes"), QStringLiteral("devportal.listApplications"),
                                 QStringLiteral("asgardeo.token"), QStringLiteral("asgardeo.findApiResource"), QStringLiteral("asgardeo.ensureRole"),
                                 QStringLiteral("jwks.fetch"), QStringLiteral("entra.token"), QStringLiteral("graph.listApplications"),
                                 QStringLiteral("graph.createApplication"), QStringLiteral("graph.findServicePrincipal")};
    for (const QString &o : operations) {
        for (const QString &f : faults) {
            // Graph's address is also the resource its token is asked for: pointing the client at a closed
            // port changes the token request, not the connection (the refusal itself is the same HttpJob
            // path the other systems' rows prove).
            if (f == QLatin1String("refused") && o.startsWith(QLatin1String("graph.")))
                continue;
            QTest::newRow(qPrintable(o + QLatin1Char('/') + f)) << o << f;
        }
    }
}

void TstFaultMatrix::everyCallFailsInWords()
{
    QFETCH(QString, operation);
    QFETCH(QString, fault);
    QVERIFY2(m_operations.contains(operation), qPrintable(operation));
    const Operation op = m_operations.value(operation);

    sandbox::SandboxServer::Fault f;
    f.method = op.method;
    f.path = QRegularExpression(op.path);
    f.times = -1;
    QUrl base = op.server->baseUrl();
    if (fault == QLatin1String("refused")) {
        base = m_closed;
    } else if (fault == QLatin1String("reset")) {
        f.status = 200;
        f.body = R"({"list":[{"name":"a"},{"name":"b"}],"count":2})";
        f.resetAfterBytes = 12;
    } else if (fault == QLatin1String("timeout")) {
        f.status = 200;
        f.body = "{}";
        f.delayMs = 3000;
        // Every attempt of a GET waits out the whole timeout: a shorter one keeps the row quick.
        m_session->setDefaultTimeoutMs(800);
    } else if (fault == QLatin1String("429")) {
        f.status = 429;
        f.body = R"({"code":429,"message":"Too many requests"})";
        f.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("1")));
        f.times = 1;
    } else if (fault == QLatin1String("500")) {
        f.status = 500;
        f.body = R"({"code":500,"message":"Internal server error","description":"The system is unable to handle the request"})";
    } else if (fault == QLatin1String("502") || fault == QLatin1String("503")) {
        f.status = fault.toInt();
        f.body = fault == QLatin1String("502") ? QByteArray("Bad Gateway") : QByteArray("upstream connect error or disconnect/reset before headers");
        f.contentType = "text/plain";
    } else if (fault == QLatin1String("truncated")) {
        f.status = 200;
        f.body = R"({"list":[{"name":"a","id":)";
    } else if (fault == QLatin1String("html")) {
        f.status = 200;
        f.body = "<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body><form>login</form></body></html>";
        f.contentType = "text/html; charset=utf-8";
    } else if (fault == QLatin1String("huge")) {
        f.status = 200;
        f.streamBytes = 100LL * 1024 * 1024;
        // The row is about the 16 MB cap, not the clock: 16 MB through TLS under the sanitizers on a loaded machine
        // took longer than 1.5 s once (CI), and the call then said "no answer" instead.
        m_session->setDefaultTimeoutMs(15000);
    } else if (fault == QLatin1String("redirect")) {
        f.status = 307;
        f.headers.append(qMakePair(QByteArray("Location"), (m_elsewhere->baseUrl().toString() + QStringLiteral("/collect")).toUtf8()));
    }
    if (fault != QLatin1String("refused"))
        op.server->addFault(f);

    QElapsedTimer elapsed;
    elapsed.start();
    Job *job = op.start(base);
    QVERIFY(job);
    auto finished = await(job, 40000);
    QVERIFY2(finished->isFinished(), "the call never ended");
    const ApiError error = finished->error();
    const QString said = error.toUserText();

    if (fault == QLatin1String("429")) {
        // Waited out and sent again: whatever the server then answers, it is not the 429.
        QVERIFY2(hits(op.server, op.method, op.path) >= 2, qPrintable(said));
        QVERIFY2(error.httpStatus != 429, qPrintable(said));
        QVERIFY2(elapsed.elapsed() >= 900, "the Retry-After was not waited for");
        return;
    }
    QVERIFY2(finished->hasError(), qPrintable(QStringLiteral("%1 under “%2” reported success").arg(operation, fault)));
    QVERIFY2(said.contains(op.system), qPrintable(QStringLiteral("does not name %1: %2").arg(op.system, said)));
    QVERIFY2(!error.hint.isEmpty(), qPrintable(QStringLiteral("says nothing to do: %1").arg(said)));
    if (fault == QLatin1String("refused"))
        QVERIFY2(said.contains(QLatin1String("refused the connection")), qPrintable(said));
    else if (fault == QLatin1String("timeout"))
        QVERIFY2(said.contains(QLatin1String("No answer")), qPrintable(said));
    else if (fault == QLatin1String("500") || fault == QLatin1String("502") || fault == QLatin1String("503"))
        QVERIFY2(said.contains(fault) || error.httpStatus == fault.toInt(), qPrintable(said));
    else if (fault == QLatin1String("truncated"))
        QVERIFY2(said.contains(QLatin1String("not valid JSON")), qPrintable(said));
    else if (fault == QLatin1String("html"))
        QVERIFY2(said.contains(QLatin1String("HTML")), qPrintable(said));
    else if (fault == QLatin1String("huge"))
        QVERIFY2(said.contains(QLatin1String("16 MB")), qPrintable(said));
    else if (fault == QLatin1String("redirect")) {
        QVERIFY2(said.contains(QLatin1String("redirected")), qPrintable(said));
        QCOMPARE(m_elsewhere->recordedRequests().size(), 0);
    }
}

void TstFaultMatrix::aStoppedSetupSaysWhatItCreated()
{
    // A sandbox of its own, without APIM_GLOBAL_SCOPES: the Asgardeo setup stopped by a fault at each of
    // its two writes in turn.
    SandboxFixture fresh;
    QString error;
    QVERIFY2(fresh.start(&error), qPrintable(error));
    auto *session = new HttpSession(this);
    session->setRetryPolicy({20, 100, 2000});
    ApimClient *apim = fresh.apimClient(session, this);
    const QJsonObject account = fresh.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("asgardeo")).toObject();
    const QString org = account.value(QLatin1String("org")).toString();
    const QString secret = account.value(QLatin1String("clientSecret")).toString();
    AsgardeoClient asgardeo(session, QUrl(fresh.info().value(QLatin1String("asgardeo")).toString()), org,
                            account.value(QLatin1String("clientId")).toString(), secret);
    sandbox::SandboxServer *idp = fresh.sandbox()->asgardeo()->server();
    sandbox::SandboxServer *apimServer = fresh.sandbox()->apim()->server();
    auto globalResources = [&fresh] {
        int n = 0;
        for (const QJsonValue &r : km::constTemporary(fresh.sandbox()->asgardeo()->state().value(QLatin1String("apiResources")).toArray()))
            n += r.toObject().value(QLatin1String("name")).toString() == QLatin1String("APIM_GLOBAL_SCOPES");
        return n;
    };
    auto run = [&](const QString &name) {
        AsgardeoSetupOptions options;
        options.name = name;
        auto *runner = AsgardeoSetup::createRunner(apim, &asgardeo, session, secret, options, this);
        QSignalSpy finished(runner, &SetupRunner::finished);
        runner->start();
        finished.wait(30000);
        return runner;
    };

    // 1. Asgardeo fails the resource creation: nothing was created, and the summary says nothing was.
    sandbox::SandboxServer::Fault resourceDown;
    resourceDown.method = "POST";
    resourceDown.path = QRegularExpression(QStringLiteral("/api/server/v1/api-resources$"));
    resourceDown.status = 503;
    resourceDown.body = "Service Unavailable";
    resourceDown.contentType = "text/plain";
    resourceDown.times = -1;
    idp->addFault(resourceDown);
    SetupRunner *first = run(QStringLiteral("Asgardeo-faulty"));
    QVERIFY(first->hasFailed());
    QVERIFY2(!first->summary().contains(QLatin1String("Created")), qPrintable(first->summary()));
    QVERIFY2(first->summary().contains(QLatin1String("Not done: Create the global scopes API resource")), qPrintable(first->summary()));
    QCOMPARE(globalResources(), 0);
    QVERIFY(fresh.keyManagersNamed(QStringLiteral("Asgardeo-faulty")).isEmpty());

    // 2. API Manager fails the key manager: the resource was created and the summary says so, with its id;
    //    the key manager is listed as not done, and API Manager holds none.
    idp->clearFaults();
    sandbox::SandboxServer::Fault kmDown;
    kmDown.method = "POST";
    kmDown.path = QRegularExpression(QStringLiteral("^/api/am/admin/v4/key-managers$"));
    kmDown.status = 500;
    kmDown.body = R"({"code":500,"message":"Internal server error","description":"Error while adding the key manager"})";
    kmDown.times = -1;
    apimServer->addFault(kmDown);
    SetupRunner *second = run(QStringLiteral("Asgardeo-faulty"));
    QVERIFY(second->hasFailed());
    const QString summary = second->summary();
    QCOMPARE(globalResources(), 1);
    QString resourceId;
    for (const QJsonValue &r : km::constTemporary(fresh.sandbox()->asgardeo()->state().value(QLatin1String("apiResources")).toArray())) {
        if (r.toObject().value(QLatin1String("name")).toString() == QLatin1String("APIM_GLOBAL_SCOPES"))
            resourceId = r.toObject().value(QLatin1String("id")).toString();
    }
    QVERIFY2(summary.contains(QStringLiteral("Created “APIM_GLOBAL_SCOPES” (id %1)").arg(resourceId)), qPrintable(summary));
    const int notDone = summary.indexOf(QLatin1String("Not done:"));
    QVERIFY2(notDone > 0 && summary.indexOf(QLatin1String("key manager"), notDone) > notDone, qPrintable(summary));
    QVERIFY(fresh.keyManagersNamed(QStringLiteral("Asgardeo-faulty")).isEmpty());
    QVERIFY2(second->stepsJson().last().toObject().value(QLatin1String("status")).toString() == QLatin1String("pending"), qPrintable(summary));
}

QTEST_GUILESS_MAIN(TstFaultMatrix)
#include "tst_fault_matrix.moc"
