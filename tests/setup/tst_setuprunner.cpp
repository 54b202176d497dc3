// The setup step runner resumes after failure without repeating steps, and the JSON diff names changed fields.

#include "services/core/Job.h"
#include "services/setup/JsonDiff.h"
#include "services/setup/SetupRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace km;

class TstSetupRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void runsAllStepsInOrder();
    void failureStopsAndRetryResumesAtFailedStep();
    void cancelMarksRunningStepAndIgnoresLateReport();
    void aStepHearsItsJobOnlyWhileItRuns();
    void diff_data();
    void diff();
};

void TstSetupRunner::runsAllStepsInOrder()
{
    SetupRunner runner;
    QStringList order;
    runner.addStep(QStringLiteral("a"), QStringLiteral("Step A"), [&](SetupRunner *r) {
        order << QStringLiteral("a");
        QTimer::singleShot(1, r, [r] { r->stepDone(QStringLiteral("created")); });
    });
    runner.addStep(QStringLiteral("b"), QStringLiteral("Step B"), [&](SetupRunner *r) {
        order << QStringLiteral("b");
        r->stepSkipped(QStringLiteral("already present"));
    });
    QSignalSpy finished(&runner, &SetupRunner::finished);
    runner.start();
    QVERIFY(finished.wait());
    QCOMPARE(finished.first().first().toBool(), true);
    QCOMPARE(order, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QVERIFY(runner.isComplete());
    const QJsonArray steps = runner.stepsJson();
    QCOMPARE(steps.size(), 2);
    QCOMPARE(steps[0].toObject().value(QLatin1String("status")).toString(), QStringLiteral("done"));
    QCOMPARE(steps[1].toObject().value(QLatin1String("status")).toString(), QStringLiteral("skipped"));
    QCOMPARE(steps[1].toObject().value(QLatin1String("detail")).toString(), QStringLiteral("already present"));
}

void TstSetupRunner::failureStopsAndRetryResumesAtFailedStep()
{
    SetupRunner runner;
    int aRuns = 0, bRuns = 0, cRuns = 0;
    bool failB = true;
    runner.addStep(QStringLiteral("a"), QStringLiteral("Create resource"), [&](SetupRunner *r) { ++aRuns; r->stepDone(QStringLiteral("ok")); });
    runner.addStep(QStringLiteral("b"), QStringLiteral("Create key manager"), [&](SetupRunner *r) {
        ++bRuns;
        if (failB) {
            ApiError e;
            e.kind = ApiError::Kind::Http;
            e.httpStatus = 503;
            e.message = QStringLiteral("Service unavailable");
            r->stepFailed(e);
        } else {
            r->stepDone(QStringLiteral("ok"));
        }
    });
    runner.addStep(QStringLiteral("c"), QStringLiteral("Read back"), [&](SetupRunner *r) { ++cRuns; r->stepDone(QStringLiteral("ok")); });
    QSignalSpy finished(&runner, &SetupRunner::finished);
    runner.start();
    QVERIFY(finished.wait());
    QCOMPARE(finished.last().first().toBool(), false);
    QVERIFY(runner.hasFailed());
    QCOMPARE(runner.steps().at(1).status, SetupStep::Status::Failed);
    QVERIFY(runner.steps().at(1).detail.contains(QLatin1String("503")));
    QCOMPARE(runner.steps().at(2).status, SetupStep::Status::Pending);
    QVERIFY2(runner.summary().contains(QLatin1String("Done: Create resource (ok)")), qPrintable(runner.summary()));
    QVERIFY(runner.summary().contains(QLatin1String("Not done: Create key manager; Read back")));

    failB = false;
    runner.start();
    QVERIFY(finished.wait());
    QCOMPARE(finished.last().first().toBool(), true);
    QCOMPARE(aRuns, 1); // not repeated
    QCOMPARE(bRuns, 2);
    QCOMPARE(cRuns, 1);
}

void TstSetupRunner::cancelMarksRunningStepAndIgnoresLateReport()
{
    SetupRunner runner;
    SetupRunner *captured = nullptr;
    runner.addStep(QStringLiteral("slow"), QStringLiteral("Slow step"), [&](SetupRunner *r) { captured = r; });
    runner.addStep(QStringLiteral("next"), QStringLiteral("Next"), [](SetupRunner *r) { r->stepDone(QString()); });
    QSignalSpy finished(&runner, &SetupRunner::finished);
    QSignalSpy changed(&runner, &SetupRunner::stepChanged);
    runner.start();
    QTRY_VERIFY(captured != nullptr);
    runner.cancel();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(runner.steps().at(0).status, SetupStep::Status::Cancelled);
    captured->stepDone(QStringLiteral("late")); // must be ignored
    QCOMPARE(runner.steps().at(0).status, SetupStep::Status::Cancelled);
    QCOMPARE(runner.steps().at(1).status, SetupStep::Status::Pending);
}

void TstSetupRunner::aStepHearsItsJobOnlyWhileItRuns()
{
    SetupRunner runner;
    QList<QPointer<FunctionJob>> jobs;
    QStringList heard;
    // The first step waits for a job of its own; the second reports before the job it waits for finishes.
    runner.addStep(QStringLiteral("wait"), QStringLiteral("Wait"), [&](SetupRunner *r) {
        auto *job = new FunctionJob;
        jobs << job;
        r->whenSucceeded(job, [&heard, r](const QJsonValue &result) {
            heard << result.toString();
            r->stepDone(result.toString());
        });
    });
    FunctionJob *outlived = nullptr;
    runner.addStep(QStringLiteral("early"), QStringLiteral("Early"), [&](SetupRunner *r) {
        outlived = new FunctionJob(&runner);
        outlived->setAutoDelete(false);
        r->whenDone(outlived, [&heard](const ApiError &, const QJsonValue &result) { heard << QStringLiteral("late ") + result.toString(); });
        r->stepDone(QStringLiteral("early"));
    });
    runner.addStep(QStringLiteral("gone"), QStringLiteral("Client gone"), [](SetupRunner *r) {
        r->whenSucceeded(nullptr, [r](const QJsonValue &) { r->stepDone(QStringLiteral("wrongly")); });
    });
    QSignalSpy finished(&runner, &SetupRunner::finished);

    runner.start();
    QTRY_COMPARE(jobs.size(), 1);
    runner.cancel(); // the job is cancelled with the run, and its Cancelled answer reaches no one
    QVERIFY(jobs.at(0).isNull() || jobs.at(0)->isFinished());
    QCOMPARE(runner.steps().at(0).status, SetupStep::Status::Cancelled);

    runner.start(); // Retry: a new attempt, with a new job
    QTRY_COMPARE(jobs.size(), 2);
    QVERIFY(heard.isEmpty());
    jobs.at(1)->succeed(QStringLiteral("answer"));
    QTRY_COMPARE(finished.size(), 2);
    QCOMPARE(heard, QStringList{QStringLiteral("answer")});
    QCOMPARE(runner.steps().at(0).status, SetupStep::Status::Done);
    QCOMPARE(runner.steps().at(1).status, SetupStep::Status::Done);
    // A job that gave no job at all (its client is gone) fails its step as cancelled, not silently.
    QCOMPARE(runner.steps().at(2).status, SetupStep::Status::Failed);
    QCOMPARE(runner.steps().at(2).error.kind, ApiError::Kind::Cancelled);

    QVERIFY(outlived);
    outlived->succeed(QStringLiteral("answer")); // its finished() is delivered at once, to no one
    QCOMPARE(heard, QStringList{QStringLiteral("answer")}); // the step had already reported
}

void TstSetupRunner::diff_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    QTest::addColumn<QStringList>("paths");

    QTest::newRow("same") << QByteArray(R"({"a":1,"b":"x"})") << QByteArray(R"({"b":"x","a":1})") << QStringList();
    QTest::newRow("changed scalar") << QByteArray(R"({"issuer":"a"})") << QByteArray(R"({"issuer":"b"})") << QStringList{QStringLiteral("issuer")};
    QTest::newRow("nested") << QByteArray(R"({"additionalProperties":{"org_name":"a","x":1}})")
                            << QByteArray(R"({"additionalProperties":{"org_name":"b","x":1}})")
                            << QStringList{QStringLiteral("additionalProperties.org_name")};
    QTest::newRow("name/value by name") << QByteArray(R"({"endpoints":[{"name":"token","value":"t1"},{"name":"jwks","value":"j"}]})")
                                        << QByteArray(R"({"endpoints":[{"name":"jwks","value":"j"},{"name":"token","value":"t2"}]})")
                                        << QStringList{QStringLiteral("endpoints[token]")};
    QTest::newRow("scalar array as set") << QByteArray(R"({"g":["a","b"]})") << QByteArray(R"({"g":["b","a"]})") << QStringList();
    QTest::newRow("added and removed") << QByteArray(R"({"a":1})") << QByteArray(R"({"b":2})")
                                       << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("ignored id") << QByteArray(R"({"id":"1","n":1})") << QByteArray(R"({"n":1})") << QStringList();
}

void TstSetupRunner::diff()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    QFETCH(QStringList, paths);
    const auto changes = JsonDiff::diff(QJsonDocument::fromJson(before).object(), QJsonDocument::fromJson(after).object(),
                                        {QStringLiteral("id")});
    QStringList got;
    for (const JsonChange &c : changes)
        got << c.path;
    got.sort();
    paths.sort();
    QCOMPARE(got, paths);
}

QTEST_GUILESS_MAIN(TstSetupRunner)
#include "tst_setuprunner.moc"
