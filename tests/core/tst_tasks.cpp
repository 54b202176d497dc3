// The combinators over Job (services/core/Tasks): the order they run things in, what they give back, what
// they stop, and that nothing of theirs runs after they were cancelled; and JobSlot, the one job a page waits for.

#include "support/JobWaiter.h"
#include "services/core/JobSlot.h"
#include "services/core/Tasks.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace km;
using namespace km::test;

namespace {

// A job that succeeds with `value` (or fails with `error`) after `ms`, and says when it was made and
// whether it was cancelled.
struct Log
{
    QStringList made;
    QStringList cancelled;
};

Job *later(const std::shared_ptr<Log> &log, const QString &name, int ms, const QJsonValue &value, const ApiError &error = {})
{
    log->made << name;
    auto *job = new FunctionJob;
    QTimer::singleShot(ms, job, [job, value, error] {
        if (error.isError())
            job->fail(error);
        else
            job->succeed(value);
    });
    QObject::connect(job, &Job::finished, job, [log, name](Job *j) {
        if (j->error().kind == ApiError::Kind::Cancelled)
            log->cancelled << name;
    });
    return job;
}

ApiError httpError(int status)
{
    ApiError e;
    e.kind = ApiError::Kind::Http;
    e.httpStatus = status;
    e.message = QStringLiteral("HTTP %1").arg(status);
    return e;
}

} // namespace

class TstTasks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sequencePassesEachResultOnAndStopsAtTheFirstError();
    void sequenceTakesAJobThatHasAlreadyFinished();
    void forEachRunsOneAfterTheOtherAndSaysWhichFailed();
    void parallelGathersInOrderAndCancelsTheRestOnAnError();
    void settledReportsEveryOutcomeAndCancelsNothing();
    void retryTriesTransientErrorsAgainWithGrowingPauses();
    void withTimeoutCancelsWhatIsTooSlow();
    void cancellingACombinatorStopsEverythingItStarted();
    void aJobThatFinishesStopsTheWorkItNoLongerNeeds();
    void doneAndFailedAnswerFromTheEventLoop();
    void mapAndRewordChangeTheOutcomeOnTheWay();
    void followTakesTheChildsOutcome();
    void aJobSlotHearsOnlyTheJobItHolds();
};

void TstTasks::sequencePassesEachResultOnAndStopsAtTheFirstError()
{
    auto log = std::make_shared<Log>();
    QList<QJsonValue> seen;
    JobPtr ok = await(tasks::sequence({
        [log, &seen](const QJsonValue &previous) { seen << previous; return later(log, QStringLiteral("a"), 5, 1); },
        [log, &seen](const QJsonValue &previous) { seen << previous; return later(log, QStringLiteral("b"), 1, previous.toInt() + 1); },
        [log, &seen](const QJsonValue &previous) { seen << previous; return later(log, QStringLiteral("c"), 1, previous.toInt() * 10); },
    }));
    QVERIFY(!ok->hasError());
    QCOMPARE(ok->result().toInt(), 20);
    QCOMPARE(seen, (QList<QJsonValue>{QJsonValue(QJsonValue::Undefined), 1, 2}));
    QCOMPARE(log->made, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));

    log->made.clear();
    JobPtr failed = await(tasks::sequence({
        [log](const QJsonValue &) { return later(log, QStringLiteral("a"), 1, 1); },
        [log](const QJsonValue &) { return later(log, QStringLiteral("b"), 1, QJsonValue(), httpError(404)); },
        [log](const QJsonValue &) { return later(log, QStringLiteral("never"), 1, 3); },
    }));
    QCOMPARE(failed->error().httpStatus, 404);
    QCOMPARE(log->made, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));

    // A step that makes no job ends the sequence with what came before.
    JobPtr shortened = await(tasks::sequence({[log](const QJsonValue &) { return later(log, QStringLiteral("a"), 1, 7); },
                                              [](const QJsonValue &) -> Job * { return nullptr; }}));
    QCOMPARE(shortened->result().toInt(), 7);
}

void TstTasks::sequenceTakesAJobThatHasAlreadyFinished()
{
    JobPtr done = await(tasks::sequence({[](const QJsonValue &) {
        auto *job = new FunctionJob;
        job->succeed(QStringLiteral("known"));
        return static_cast<Job *>(job);
    }}));
    QVERIFY(done->isFinished());
    QCOMPARE(done->result().toString(), QStringLiteral("known"));
}

void TstTasks::forEachRunsOneAfterTheOtherAndSaysWhichFailed()
{
    auto log = std::make_shared<Log>();
    const QStringList names{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    // The longest first: had they run at once, "c" would have been made before "a" finished.
    auto running = std::make_shared<int>(0);
    int most = 0;
    JobPtr all = await(tasks::forEach(int(names.size()), [&](int i) {
        most = std::max(most, ++*running);
        Job *one = later(log, names.at(i), 30 - 10 * i, i * i);
        QObject::connect(one, &Job::finished, one, [running] { --*running; });
        return one;
    }));
    QVERIFY(!all->hasError());
    QCOMPARE(all->result().toArray(), (QJsonArray{0, 1, 4}));
    QCOMPARE(log->made, names);
    QCOMPARE(most, 1);

    // The second refuses: the third is never made, and the error says which one and what came before.
    log->made.clear();
    JobPtr failed = await(tasks::forEach(
        int(names.size()),
        [&](int i) { return later(log, names.at(i), 1, i, i == 1 ? httpError(403) : ApiError()); }, nullptr,
        [&names](int i, ApiError &error) { error.message = QStringLiteral("%1 refused (%2) after %3").arg(names.at(i), error.message, names.mid(0, i).join(QLatin1Char(','))); }));
    QCOMPARE(failed->error().httpStatus, 403);
    QCOMPARE(failed->error().message, QStringLiteral("b refused (HTTP 403) after a"));
    QCOMPARE(log->made, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));

    // Nothing to do: an empty array. A factory whose client is gone (no job): cancelled.
    JobPtr none = await(tasks::forEach(0, [](int) -> Job * { return nullptr; }));
    QVERIFY(!none->hasError());
    QCOMPARE(none->result().toArray(), QJsonArray());
    JobPtr gone = await(tasks::forEach(2, [](int) -> Job * { return nullptr; }));
    QCOMPARE(gone->error().kind, ApiError::Kind::Cancelled);

    // Cancelled during the first: the second is never made.
    log->made.clear();
    log->cancelled.clear();
    FunctionJob *slow = tasks::forEach(2, [log](int i) { return later(log, QString::number(i), 5000, i); });
    QSignalSpy finished(slow, &Job::finished);
    QTimer::singleShot(20, slow, [slow] { slow->cancel(); });
    QVERIFY(finished.wait(2000));
    QTRY_COMPARE(log->cancelled, QStringList{QStringLiteral("0")});
    QCOMPARE(log->made, QStringList{QStringLiteral("0")});
}

void TstTasks::settledReportsEveryOutcomeAndCancelsNothing()
{
    auto log = std::make_shared<Log>();
    QMap<int, QString> outcomes;
    const auto record = [&outcomes](int i, const ApiError &error, const QJsonValue &result) {
        outcomes.insert(i, error.isError() ? QStringLiteral("error %1").arg(error.httpStatus) : QString::number(result.toInt()));
    };
    // The failure comes first and cancels nothing: the slower ones still report; a factory without a job is
    // a cancelled outcome.
    JobPtr all = await(tasks::settled({[log] { return later(log, QStringLiteral("slow"), 40, 1); },
                                       [log] { return later(log, QStringLiteral("fails"), 1, QJsonValue(), httpError(500)); },
                                       []() -> Job * { return nullptr; },
                                       [log] { return later(log, QStringLiteral("quick"), 10, 3); }},
                                      record));
    QVERIFY(!all->hasError());
    QCOMPARE(outcomes.value(0), QStringLiteral("1"));
    QCOMPARE(outcomes.value(1), QStringLiteral("error 500"));
    QCOMPARE(outcomes.value(2), QStringLiteral("error 0"));
    QCOMPARE(outcomes.value(3), QStringLiteral("3"));
    QCOMPARE(log->cancelled, QStringList());

    // Nothing to read: it succeeds, from the event loop.
    outcomes.clear();
    JobPtr none = await(tasks::settled({}, record));
    QVERIFY(!none->hasError());
    QVERIFY(outcomes.isEmpty());
}

void TstTasks::parallelGathersInOrderAndCancelsTheRestOnAnError()
{
    auto log = std::make_shared<Log>();
    QElapsedTimer clock;
    clock.start();
    JobPtr all = await(tasks::parallel({[log] { return later(log, QStringLiteral("slow"), 300, QStringLiteral("first")); },
                                        [log] { return later(log, QStringLiteral("fast"), 10, QStringLiteral("second")); },
                                        [log] { return later(log, QStringLiteral("mid"), 250, QStringLiteral("third")); }}));
    QVERIFY(!all->hasError());
    QCOMPARE(all->result().toArray(), (QJsonArray{QStringLiteral("first"), QStringLiteral("second"), QStringLiteral("third")}));
    QVERIFY2(clock.elapsed() < 500, qPrintable(QStringLiteral("%1 ms: not run at once").arg(clock.elapsed()))); // 300 at once, 560 one after the other

    JobPtr failed = await(tasks::parallel({[log] { return later(log, QStringLiteral("long"), 5000, 1); },
                                           [log] { return later(log, QStringLiteral("broken"), 10, QJsonValue(), httpError(503)); }}));
    QCOMPARE(failed->error().httpStatus, 503);
    QTRY_COMPARE(log->cancelled, QStringList{QStringLiteral("long")});

    JobPtr none = await(tasks::parallel({}));
    QVERIFY(!none->hasError());
    QCOMPARE(none->result().toArray(), QJsonArray());
}

void TstTasks::retryTriesTransientErrorsAgainWithGrowingPauses()
{
    auto log = std::make_shared<Log>();
    int calls = 0;
    QElapsedTimer clock;
    clock.start();
    JobPtr third = await(tasks::retry([log, &calls] {
        ++calls;
        return calls < 3 ? later(log, QStringLiteral("try"), 1, QJsonValue(), httpError(calls == 1 ? 503 : 429)) : later(log, QStringLiteral("try"), 1, 42);
    }, 5, 40));
    QCOMPARE(third->result().toInt(), 42);
    QCOMPARE(calls, 3);
    QVERIFY2(clock.elapsed() >= 40 + 80, qPrintable(QStringLiteral("%1 ms: the pauses were not 40 then 80 ms").arg(clock.elapsed())));

    // An error that another try cannot mend is given back at once.
    calls = 0;
    JobPtr refused = await(tasks::retry([log, &calls] { ++calls; return later(log, QStringLiteral("try"), 1, QJsonValue(), httpError(401)); }, 5, 10));
    QCOMPARE(refused->error().httpStatus, 401);
    QCOMPARE(calls, 1);

    // At most `attempts` tries: the last error is the answer.
    calls = 0;
    JobPtr exhausted = await(tasks::retry([log, &calls] { ++calls; return later(log, QStringLiteral("try"), 1, QJsonValue(), httpError(500 + calls)); }, 3, 1));
    QCOMPARE(exhausted->error().httpStatus, 503);
    QCOMPARE(calls, 3);

    QVERIFY(tasks::isTransient(httpError(502)));
    QVERIFY(!tasks::isTransient(httpError(404)));
    QVERIFY(!tasks::isTransient(ApiError::validation(QStringLiteral("bad"))));
}

void TstTasks::withTimeoutCancelsWhatIsTooSlow()
{
    auto log = std::make_shared<Log>();
    JobPtr slow = await(tasks::withTimeout([log] { return later(log, QStringLiteral("slow"), 5000, 1); }, 50, QStringLiteral("The discovery endpoint")));
    QCOMPARE(slow->error().kind, ApiError::Kind::Timeout);
    QCOMPARE(slow->error().message, QStringLiteral("The discovery endpoint did not answer within 50 ms"));
    QVERIFY(!slow->error().hint.isEmpty());
    QTRY_COMPARE(log->cancelled, QStringList{QStringLiteral("slow")});

    JobPtr quick = await(tasks::withTimeout([log] { return later(log, QStringLiteral("quick"), 5, 2); }, 2000, QStringLiteral("It")));
    QCOMPARE(quick->result().toInt(), 2);
}

void TstTasks::cancellingACombinatorStopsEverythingItStarted()
{
    auto log = std::make_shared<Log>();
    // Cancelled during the first step: it is cancelled and the second is never made.
    FunctionJob *steps = tasks::sequence({[log](const QJsonValue &) { return later(log, QStringLiteral("first"), 5000, 1); },
                                          [log](const QJsonValue &) { return later(log, QStringLiteral("second"), 1, 2); }});
    QSignalSpy finished(steps, &Job::finished);
    QTimer::singleShot(20, steps, [steps] { steps->cancel(); });
    QVERIFY(finished.wait(2000));
    // The second step would be made at once when the first finishes: once the first is cancelled, it was not.
    QTRY_COMPARE(log->cancelled, QStringList{QStringLiteral("first")});
    QCOMPARE(log->made, QStringList{QStringLiteral("first")});

    // Cancelled while waiting to try again: no further attempt.
    int calls = 0;
    FunctionJob *again = tasks::retry([log, &calls] { ++calls; return later(log, QStringLiteral("try"), 1, QJsonValue(), httpError(503)); }, 5, 200);
    const QPointer<FunctionJob> retrying(again);
    QSignalSpy retried(again, &Job::finished);
    QTimer::singleShot(50, again, [again] { again->cancel(); });
    QVERIFY(retried.wait(2000));
    // The pause's timer lives in the job: once the job is gone, no attempt can follow.
    QTRY_VERIFY(retrying.isNull());
    QCOMPARE(calls, 1);
}

void TstTasks::aJobThatFinishesStopsTheWorkItNoLongerNeeds()
{
    auto log = std::make_shared<Log>();
    // Two reads side by side; the first fails, which ends the job: the second's answer has no one to go to.
    auto *job = new FunctionJob;
    job->setAutoDelete(false); // read after it finished; deleted below
    Job *fails = later(log, QStringLiteral("fails"), 10, QJsonValue(), httpError(500));
    Job *slow = later(log, QStringLiteral("slow"), 300, 2);
    job->track(fails);
    job->track(slow);
    auto nextSteps = std::make_shared<int>(0);
    QObject::connect(fails, &Job::finished, job, [job](Job *f) { job->fail(f->error()); });
    QObject::connect(slow, &Job::finished, job, [nextSteps](Job *) { ++*nextSteps; }); // would start the next step
    QSignalSpy finished(job, &Job::finished);
    QVERIFY(finished.wait(2000));
    QCOMPARE(job->error().httpStatus, 500);
    // The slow read finished (cancelled) before the job said it had: had its continuation not been cut, the
    // next step would have started by now.
    QCOMPARE(log->cancelled, QStringList{QStringLiteral("slow")});
    QCOMPARE(*nextSteps, 0);
    delete job;

    // A job that succeeds while a tracked child still runs stops it the same way.
    auto *quick = new FunctionJob;
    Job *pending = later(log, QStringLiteral("pending"), 5000, 3);
    quick->track(pending);
    QSignalSpy quickFinished(quick, &Job::finished);
    quick->succeedLater(1);
    QVERIFY(quickFinished.wait(2000));
    QTRY_COMPARE(log->cancelled, (QStringList{QStringLiteral("slow"), QStringLiteral("pending")}));
}

void TstTasks::doneAndFailedAnswerFromTheEventLoop()
{
    // Not before the caller could connect: a flow may hand these back where it would hand back a request.
    FunctionJob *value = tasks::done(QJsonObject{{QStringLiteral("removed"), QStringLiteral("k1")}});
    FunctionJob *refused = tasks::failed(ApiError::validation(QStringLiteral("No such secret"), QStringLiteral("Use a listed keyId.")));
    value->setAutoDelete(false);
    refused->setAutoDelete(false);
    QVERIFY(!value->isFinished());
    QVERIFY(!refused->isFinished());
    QSignalSpy valueDone(value, &Job::finished);
    QSignalSpy refusedDone(refused, &Job::finished);
    QVERIFY(valueDone.wait(1000));
    QTRY_COMPARE(refusedDone.count(), 1);
    QCOMPARE(value->result().toObject().value(QLatin1String("removed")).toString(), QStringLiteral("k1"));
    QVERIFY(!value->hasError());
    QCOMPARE(refused->error().message, QStringLiteral("No such secret"));
    QCOMPARE(refused->error().hint, QStringLiteral("Use a listed keyId."));
    delete value;
    delete refused;
}

void TstTasks::mapAndRewordChangeTheOutcomeOnTheWay()
{
    auto log = std::make_shared<Log>();
    FunctionJob *counted = tasks::map(
        later(log, QStringLiteral("list"), 5, QJsonObject{{QStringLiteral("count"), 3}}),
        [](const QJsonValue &v) { return QJsonValue(v.toObject().value(QLatin1String("count")).toInt() * 2); }, {});
    counted->setAutoDelete(false);
    FunctionJob *explained = tasks::reword(later(log, QStringLiteral("get"), 5, QJsonValue(), httpError(404)), [](ApiError e) {
        e.hint = QStringLiteral("Refresh the list.");
        return e;
    });
    explained->setAutoDelete(false);
    FunctionJob *untouched = tasks::reword(later(log, QStringLiteral("ok"), 5, 7), [](ApiError e) {
        e.hint = QStringLiteral("never");
        return e;
    });
    untouched->setAutoDelete(false);
    QTRY_VERIFY(counted->isFinished() && explained->isFinished() && untouched->isFinished());
    QCOMPARE(counted->result().toInt(), 6);
    QCOMPARE(explained->error().httpStatus, 404);
    QCOMPARE(explained->error().hint, QStringLiteral("Refresh the list."));
    QVERIFY(!untouched->hasError());
    QCOMPARE(untouched->result().toInt(), 7);

    // Cancelled, it stops the job it changes and says it was cancelled, not reworded.
    FunctionJob *stopped = tasks::reword(later(log, QStringLiteral("slow"), 5000, 1), [](ApiError e) {
        e.message = QStringLiteral("reworded");
        return e;
    });
    stopped->setAutoDelete(false);
    stopped->cancel();
    QCOMPARE(stopped->error().kind, ApiError::Kind::Cancelled);
    QTRY_COMPARE(log->cancelled, QStringList{QStringLiteral("slow")});
    delete counted;
    delete explained;
    delete untouched;
    delete stopped;
}

void TstTasks::followTakesTheChildsOutcome()
{
    auto log = std::make_shared<Log>();
    auto *ok = new FunctionJob;
    ok->setAutoDelete(false);
    ok->follow(later(log, QStringLiteral("saved"), 5, QJsonObject{{QStringLiteral("id"), QStringLiteral("km-1")}}));
    auto *failing = new FunctionJob;
    failing->setAutoDelete(false);
    failing->follow(later(log, QStringLiteral("refused"), 5, QJsonValue(), httpError(409)));
    // A child that has already finished is answered from the event loop, not now.
    auto *finishedChild = new FunctionJob;
    finishedChild->setAutoDelete(false);
    finishedChild->succeed(5);
    auto *late = new FunctionJob;
    late->setAutoDelete(false);
    late->follow(finishedChild);
    QVERIFY(!late->isFinished());
    QTRY_VERIFY(ok->isFinished() && failing->isFinished() && late->isFinished());
    QCOMPARE(ok->result().toObject().value(QLatin1String("id")).toString(), QStringLiteral("km-1"));
    QCOMPARE(failing->error().httpStatus, 409);
    QCOMPARE(late->result().toInt(), 5);
    delete ok;
    delete failing;
    delete late;
    delete finishedChild;
}

void TstTasks::aJobSlotHearsOnlyTheJobItHolds()
{
    auto log = std::make_shared<Log>();
    QStringList heard;
    auto *owner = new QObject;
    auto slot = std::make_unique<JobSlot>(owner);
    const auto hear = [&heard](const QString &name) {
        return [&heard, name](const ApiError &error, const QJsonValue &value) {
            heard << (error ? QStringLiteral("%1 failed %2").arg(name).arg(error.httpStatus) : QStringLiteral("%1 %2").arg(name, value.toString()));
        };
    };

    // A question asked again: the first is cancelled, only the second answers, and the slot is empty after.
    slot->start(later(log, QStringLiteral("first"), 20, QStringLiteral("old")), hear(QStringLiteral("first")));
    QVERIFY(slot->isBusy());
    slot->start(later(log, QStringLiteral("second"), 5, QStringLiteral("new")), hear(QStringLiteral("second")));
    QTRY_VERIFY(!slot->isBusy());
    QTest::qWait(30);
    QCOMPARE(heard, QStringList{QStringLiteral("second new")});
    QCOMPARE(log->cancelled, QStringList{QStringLiteral("first")});

    // Errors are answers; a cancel is not.
    slot->start(later(log, QStringLiteral("refused"), 1, QJsonValue(), httpError(409)), hear(QStringLiteral("refused")));
    QTRY_VERIFY(!slot->isBusy());
    slot->start(later(log, QStringLiteral("stopped"), 20, QStringLiteral("x")), hear(QStringLiteral("stopped")));
    slot->cancel();
    QVERIFY(!slot->isBusy());
    QTest::qWait(30);
    QCOMPARE(heard, (QStringList{QStringLiteral("second new"), QStringLiteral("refused failed 409")}));

    // A job cancelled by someone else (its client going away) answers no one either, and empties the slot.
    Job *elsewhere = later(log, QStringLiteral("elsewhere"), 50, QStringLiteral("x"));
    slot->start(elsewhere, hear(QStringLiteral("elsewhere")));
    elsewhere->cancel();
    QTRY_VERIFY(!slot->isBusy());

    // An answer already there is given from the event loop; `done` may start the next job.
    auto *ready = new FunctionJob;
    ready->succeed(QStringLiteral("ready"));
    slot->start(ready, [&heard, &slot, &log, hear](const ApiError &, const QJsonValue &value) {
        heard << value.toString();
        slot->start(later(log, QStringLiteral("next"), 1, QStringLiteral("after")), hear(QStringLiteral("next")));
    });
    QVERIFY(heard.size() == 2);
    QTRY_COMPARE(heard.size(), 4);
    QCOMPARE(heard.mid(2), (QStringList{QStringLiteral("ready"), QStringLiteral("next after")}));

    // An answer already there but not yet given when the question is asked again: only the new answer is given,
    // and the old one does not empty the slot under the new job.
    auto *stale = new FunctionJob;
    stale->succeed(QStringLiteral("stale"));
    slot->start(stale, hear(QStringLiteral("stale")));
    slot->start(later(log, QStringLiteral("fresh"), 20, QStringLiteral("answer")), hear(QStringLiteral("fresh")));
    QTest::qWait(5);
    QVERIFY(slot->isBusy());
    QTRY_VERIFY(!slot->isBusy());
    QCOMPARE(heard.mid(4), QStringList{QStringLiteral("fresh answer")});

    // A null job (a client already gone) leaves the slot empty.
    slot->start(nullptr, hear(QStringLiteral("none")));
    QVERIFY(!slot->isBusy());

    // The owner gone: the slot goes with it, cancels its job, and nothing is heard.
    log->cancelled.clear();
    slot->start(later(log, QStringLiteral("orphan"), 10, QStringLiteral("x")), hear(QStringLiteral("orphan")));
    slot.reset();
    delete owner;
    QTest::qWait(30);
    QCOMPARE(heard.size(), 5);
    QCOMPARE(log->cancelled, QStringList{QStringLiteral("orphan")});
}

QTEST_GUILESS_MAIN(TstTasks)
#include "tst_tasks.moc"
