// Every multi-step flow, stopped after each of its requests in turn: once by cancelling it (the
// administrator's Cancel) and once by deleting everything that owns it (the window closed while it runs).
// Whatever arrives afterwards must touch nothing that is gone (the suite runs under ASan/UBSan in CI), a
// cancelled flow must say so, and it must send at most the one request that was already on its way.
//
// clazy:excludeall=lambda-in-connect
// Its lambdas capture the loop's locals by reference on purpose: each is connected with a context object
// (`scope`, `this`) that ends before those locals do, which is what the check cannot see.

#include "support/SandboxFixture.h"

#include "sandbox/entra/EntraStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/apim/DevPortalClient.h"
#include "services/apim/DevPortalOverview.h"
#include "services/apim/PublisherClient.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/asgardeo/AsgardeoSetup.h"
#include "services/asgardeo/ScopeCoverage.h"
#include "services/core/Job.h"
#include "services/core/ServiceContext.h"
#include "services/core/Tasks.h"
#include "services/doctor/Doctor.h"
#include "services/entra/AzureSetup.h"
#include "services/entra/EntraAppCheck.h"
#include "services/entra/EntraClient.h"
#include "services/entra/GraphClient.h"
#include "services/export/KeyManagerExport.h"
#include "services/export/KeyManagerPlan.h"
#include "services/http/ActivityLog.h"
#include "services/http/HttpSession.h"
#include "services/setup/SetupRunner.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace km;
using namespace km::test;

namespace {

// One started flow: how to cancel it, and whether it said it was cancelled.
struct Flow
{
    std::function<void()> cancel;
    std::function<bool()> reportedCancelled;
    std::function<bool()> finished;
};

enum class Stop { Cancel, DeleteOwner };

} // namespace

class TstCancelEverywhere : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void flows_data();
    void flows();

private:
    // Builds the flow's objects under `owner` (clients included, so each run signs in afresh and sends the
    // same requests) and starts it. `run` makes names unique per run.
    using Starter = std::function<Flow(QObject *owner, int run)>;
    Starter starter(const QString &name);
    ApimClient *apim(QObject *owner) { return m_sandbox.apimClient(m_session, owner); }
    AsgardeoClient *asgardeo(QObject *owner) const;
    EntraClient *entra(QObject *owner) const;

    SandboxFixture m_sandbox;
    QTemporaryDir m_config;
    ServiceContext *m_context = nullptr; // the keychain the export checks its document against
    HttpSession *m_session = nullptr;
    ActivityLog *m_log = nullptr;
};

void TstCancelEverywhere::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    QVERIFY(m_config.isValid());
    m_context = new ServiceContext(m_config.path(), this);
    m_session = new HttpSession(this);
    m_session->setRetryPolicy({20, 100, 2000});
    m_log = new ActivityLog(this);
    m_session->setActivityLog(m_log);
}

AsgardeoClient *TstCancelEverywhere::asgardeo(QObject *owner) const
{
    const QJsonObject a = m_sandbox.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("asgardeo")).toObject();
    return new AsgardeoClient(m_session, QUrl(m_sandbox.info().value(QLatin1String("asgardeo")).toString()),
                              a.value(QLatin1String("org")).toString(), a.value(QLatin1String("clientId")).toString(),
                              a.value(QLatin1String("clientSecret")).toString(), owner);
}

EntraClient *TstCancelEverywhere::entra(QObject *owner) const
{
    sandbox::EntraStandIn *standIn = m_sandbox.sandbox()->entra();
    const auto client = standIn->managementClient();
    return new EntraClient(m_session, standIn->loginUrl(), standIn->graphUrl(), standIn->tenantId(), client.clientId, client.secret, owner);
}

static Flow runnerFlow(SetupRunner *runner)
{
    auto cancelled = std::make_shared<bool>(false);
    auto done = std::make_shared<bool>(false);
    QObject::connect(runner, &SetupRunner::finished, [cancelled, done, r = QPointer<SetupRunner>(runner)](bool) {
        *done = true;
        if (!r)
            return;
        for (const SetupStep &step : r->steps()) {
            if (step.status == SetupStep::Status::Cancelled)
                *cancelled = true;
        }
    });
    runner->start();
    const QPointer<SetupRunner> r(runner);
    return {[r] { if (r) r->cancel(); }, [cancelled] { return *cancelled; }, [done] { return *done; }};
}

static Flow jobFlow(Job *job)
{
    auto cancelled = std::make_shared<bool>(false);
    auto done = std::make_shared<bool>(false);
    QObject::connect(job, &Job::finished, job, [cancelled, done](Job *j) {
        *done = true;
        *cancelled = j->hasError() && j->error().kind == ApiError::Kind::Cancelled;
    });
    const QPointer<Job> j(job);
    return {[j] { if (j && !j->isFinished()) j->cancel(); }, [cancelled] { return *cancelled; }, [done] { return *done; }};
}

TstCancelEverywhere::Starter TstCancelEverywhere::starter(const QString &name)
{
    if (name == QLatin1String("asgardeo setup")) {
        return [this](QObject *owner, int run) {
            const QJsonObject a = m_sandbox.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("asgardeo")).toObject();
            AsgardeoSetupOptions options;
            options.name = QStringLiteral("Cancel-A%1").arg(run);
            return runnerFlow(AsgardeoSetup::createRunner(apim(owner), asgardeo(owner), m_session,
                                                          a.value(QLatin1String("clientSecret")).toString(), options, owner));
        };
    }
    if (name == QLatin1String("azure setup, both versions")) {
        return [this](QObject *owner, int run) {
            EntraClient *entra = this->entra(owner);
            AzureSetupOptions options;
            options.name = QStringLiteral("Cancel-E%1").arg(run);
            options.tokenVersions = AzureTokenVersions::Both;
            options.pollingInitialDelayMs = 10;
            return runnerFlow(AzureSetup::createRunner(apim(owner), entra, m_session, options, owner));
        };
    }
    if (name == QLatin1String("scope coverage")) {
        return [this](QObject *owner, int) {
            auto *publisher = new PublisherClient(apim(owner), owner);
            return jobFlow(ScopeCoverage::compare(publisher, asgardeo(owner), QStringLiteral("APIM_GLOBAL_SCOPES"), owner));
        };
    }
    if (name == QLatin1String("developer portal overview")) {
        return [this](QObject *owner, int) {
            ApimClient *client = apim(owner);
            return jobFlow(DevPortalOverview::load(client, new DevPortalClient(client, owner), owner));
        };
    }
    if (name.startsWith(QLatin1String("doctor, "))) {
        // One key manager the setup runs above left (the first run of each finishes): its Asgardeo or Entra
        // checks read side by side (settled), so a stop lands while several are on their way.
        const QString keyManager = name.endsWith(QLatin1String("asgardeo")) ? QStringLiteral("Cancel-A1") : QStringLiteral("Cancel-E1-v2");
        return [this, keyManager](QObject *owner, int) {
            EntraClient *entra = this->entra(owner);
            auto *doctor = new Doctor(apim(owner), owner);
            doctor->setAsgardeo(asgardeo(owner));
            doctor->setGraph(new GraphClient(entra, owner));
            DoctorOptions options;
            options.timeoutMs = 30000;
            options.keyManager = keyManager;
            return jobFlow(doctor->run(options));
        };
    }
    if (name == QLatin1String("entra application fix")) {
        // A new application (Entra gives it v1 tokens), fixed for a v2 key manager: read, PATCH, read again.
        return [this](QObject *owner, int run) {
            EntraClient *entra = this->entra(owner);
            auto *graph = new GraphClient(entra, owner);
            auto *check = new EntraAppCheck(graph, owner);
            return jobFlow(tasks::sequence({[graph, run](const QJsonValue &) { return graph->createApplication(QStringLiteral("Cancel-F%1").arg(run)); },
                                            [check](const QJsonValue &app) {
                                                return check->fix(app.toObject().value(QLatin1String("appId")).toString(),
                                                                  QString(EntraAppCheck::TokenVersionMismatch), 2);
                                            }},
                                           owner));
        };
    }
    if (name == QLatin1String("key-manager export")) {
        // Every key manager the runs before left, read in full, then checked against the keychain.
        return [this](QObject *owner, int) {
            return jobFlow(KeyManagerExport::exportKeyManagers(m_context, apim(owner), m_sandbox.apimUrl(), {}, owner));
        };
    }
    if (name == QLatin1String("plan")) {
        return [this](QObject *owner, int run) {
            QJsonObject wanted{{QStringLiteral("name"), QStringLiteral("Cancel-P%1").arg(run)},
                               {QStringLiteral("type"), QStringLiteral("default")}};
            return jobFlow(KeyManagerPlan::plan(apim(owner), {wanted}, owner));
        };
    }
    return {};
}

void TstCancelEverywhere::flows_data()
{
    QTest::addColumn<QString>("flow");
    for (const char *flow : {"asgardeo setup", "doctor, asgardeo", "key-manager export", "azure setup, both versions", "doctor, entra",
                             "entra application fix", "scope coverage", "developer portal overview", "plan"})
        QTest::newRow(flow) << QString::fromLatin1(flow);
}

void TstCancelEverywhere::flows()
{
    QFETCH(QString, flow);
    const Starter start = starter(flow);
    QVERIFY2(start, "no starter for this flow");
    int run = 0;
    QElapsedTimer clock;
    clock.start();

    // A run to the end first (it creates what every later run finds in place, e.g. the Asgardeo resource),
    // then one that counts this flow's requests.
    int total = 0;
    for (int warmUp = 0; warmUp < 2; ++warmUp) {
        auto owner = std::make_unique<QObject>();
        int requests = 0;
        const auto counting = connect(m_log, &ActivityLog::entryAdded, this, [&requests] { ++requests; });
        const Flow f = start(owner.get(), ++run);
        QTRY_VERIFY_WITH_TIMEOUT(f.finished(), 60000);
        disconnect(counting);
        QVERIFY2(!f.reportedCancelled(), "the flow said it was cancelled without a cancel");
        total = requests;
    }
    QVERIFY2(total >= 2, qPrintable(QStringLiteral("the flow sent %1 request(s); nothing to stop between").arg(total)));

    for (const Stop stop : {Stop::Cancel, Stop::DeleteOwner}) {
        const char *how = stop == Stop::Cancel ? "cancelled" : "owner deleted";
        int finishedEarly = 0;
        for (int k = 1; k < total; ++k) {
            auto *owner = new QObject; // deleted by the stop, or below
            const QPointer<QObject> ownerAlive(owner);
            QObject scope; // the connections and the timer below end with this iteration
            int answered = 0;
            bool stopped = false;
            bool finishedBeforeStop = false;
            QStringList sentAfter;
            const auto watching = connect(m_session, &HttpSession::sending, &scope, [&](const QByteArray &method, const QUrl &url) {
                if (stopped)
                    sentAfter << QString::fromLatin1(method) + u' ' + url.path();
            });
            Flow f;
            // Stopped from the event loop right after the k-th answer was handled, as a click or a closed
            // window would: the flow's continuation has run and its next request may be on its way.
            const auto stopper = connect(m_log, &ActivityLog::entryAdded, &scope, [&, stop] {
                if (++answered != k)
                    return;
                QTimer::singleShot(0, &scope, [&, stop] {
                    stopped = true;
                    finishedBeforeStop = f.finished();
                    if (stop == Stop::Cancel)
                        f.cancel();
                    else
                        delete ownerAlive.data();
                });
            });
            f = start(owner, ++run);
            QTRY_VERIFY_WITH_TIMEOUT(stopped, 60000);
            // Late answers of requests that were on their way arrive now; nothing may touch what is gone.
            QTRY_COMPARE_WITH_TIMEOUT(m_session->runningCount(), 0, 10000);
            QCoreApplication::sendPostedEvents();
            QCoreApplication::processEvents();
            disconnect(stopper);
            disconnect(watching);
            QVERIFY2(sentAfter.isEmpty(), qPrintable(QStringLiteral("%1 after request %2, it still sent: %3")
                                                         .arg(QLatin1String(how)).arg(k).arg(sentAfter.join(u", "))));
            if (finishedBeforeStop) {
                // Its last answers arrived together: nothing was left to stop.
                ++finishedEarly;
                delete ownerAlive.data();
            } else if (stop == Stop::Cancel) {
                QVERIFY2(f.finished(), qPrintable(QStringLiteral("cancelled after request %1, the flow never finished").arg(k)));
                QVERIFY2(f.reportedCancelled(),
                         qPrintable(QStringLiteral("cancelled after request %1, the flow did not say it was cancelled").arg(k)));
                delete ownerAlive.data();
            }
            QVERIFY(!ownerAlive);
        }
        QVERIFY2(finishedEarly < total / 2, qPrintable(QStringLiteral("%1: the flow was over before the stop in %2 of %3 runs")
                                                          .arg(QLatin1String(how)).arg(finishedEarly).arg(total - 1)));
    }
    qInfo("%s: %d requests, stopped after each, %lld ms", qPrintable(flow), total, clock.elapsed());
}

QTEST_MAIN(TstCancelEverywhere)
#include "tst_cancel_everywhere.moc"
