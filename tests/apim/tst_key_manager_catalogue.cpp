// The key-manager catalogue of one API Manager connection, against the sandbox: the pages that show key
// managers share one read (API Manager gets one GET however many pages ask), a page that stops waiting
// stops nobody else, a change the console sends is read again by itself, and a failed read is said.

#include "support/JobWaiter.h"
#include "support/SandboxFixture.h"

#include "sandbox/SandboxServer.h"
#include "sandbox/apim/ApimStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/apim/KeyManagerCatalogue.h"
#include "services/core/ConstRange.h"
#include "services/core/Job.h"
#include "services/http/HttpSession.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace km;
using namespace km::test;

class TstKeyManagerCatalogue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void pagesAskingAtOnceShareOneRead();
    void aPageThatStopsWaitingStopsNobodyElse();
    void aChangeSentThroughTheClientIsReadAgain();
    void aChangeDuringAReadIsFollowedByAnotherRead();
    void nothingIsReadForWhoNeverAsked();
    void aFailedReadIsSaidAndTheLastListKept();

private:
    ApimClient *client();
    // GETs of the key-manager list since this test function began.
    int listReads() const;

    SandboxFixture m_sandbox;
    HttpSession *m_session = nullptr;
};

void TstKeyManagerCatalogue::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    m_session = new HttpSession(this);
    m_session->pinCertificate(m_sandbox.apimHostPort(), m_sandbox.apimFingerprint());
}

void TstKeyManagerCatalogue::init()
{
    m_sandbox.sandbox()->apim()->server()->clearFaults();
    m_sandbox.clearRecordedRequests();
}

int TstKeyManagerCatalogue::listReads() const
{
    int n = 0;
    for (const QJsonValue &v : km::constTemporary(m_sandbox.recordedRequests())) {
        const QJsonObject o = v.toObject();
        n += o.value(QLatin1String("method")).toString() == QLatin1String("GET")
             && o.value(QLatin1String("path")).toString() == QLatin1String("/api/am/admin/v4/key-managers");
    }
    return n;
}

ApimClient *TstKeyManagerCatalogue::client()
{
    return m_sandbox.apimClient(m_session, this);
}

void TstKeyManagerCatalogue::pagesAskingAtOnceShareOneRead()
{
    ApimClient *apim = client();
    KeyManagerCatalogue *catalogue = apim->keyManagerCatalogue();
    QCOMPARE(catalogue->state(), KeyManagerCatalogue::State::NotRead);
    QSignalSpy changed(catalogue, &KeyManagerCatalogue::changed);
    // The Key Managers page, the Doctor and the Token Inspector open on the same connection.
    Job *keyManagersPage = catalogue->refresh();
    Job *doctor = catalogue->ensure();
    Job *inspector = catalogue->ensure();
    QCOMPARE(catalogue->state(), KeyManagerCatalogue::State::Reading);
    for (Job *page : {keyManagersPage, doctor, inspector}) {
        auto done = await(page);
        QVERIFY2(!done->hasError(), qPrintable(done->error().toUserText()));
        QVERIFY(done->result().toObject().value(QLatin1String("list")).toArray().size() >= 1);
    }
    QCOMPARE(listReads(), 1);
    QCOMPARE(catalogue->state(), KeyManagerCatalogue::State::Read);
    QVERIFY2(catalogue->names().contains(QStringLiteral("Resident Key Manager")), qPrintable(catalogue->names().join(u',')));
    QVERIFY(changed.count() >= 2); // reading, read
    // Once read, a page opened later gets the list without asking API Manager again.
    QVERIFY(!await(catalogue->ensure())->hasError());
    QCOMPARE(listReads(), 1);
    // Refresh asks again.
    QVERIFY(!await(catalogue->refresh())->hasError());
    QCOMPARE(listReads(), 2);
}

void TstKeyManagerCatalogue::aPageThatStopsWaitingStopsNobodyElse()
{
    KeyManagerCatalogue *catalogue = client()->keyManagerCatalogue();
    Job *closedPage = catalogue->refresh();
    Job *openPage = catalogue->refresh();
    closedPage->cancel();
    auto stillWaiting = await(openPage);
    QVERIFY2(!stillWaiting->hasError(), qPrintable(stillWaiting->error().toUserText()));
    QCOMPARE(catalogue->state(), KeyManagerCatalogue::State::Read);
    QCOMPARE(listReads(), 1);
}

void TstKeyManagerCatalogue::aChangeSentThroughTheClientIsReadAgain()
{
    ApimClient *apim = client();
    KeyManagerCatalogue *catalogue = apim->keyManagerCatalogue();
    QVERIFY(!await(catalogue->refresh())->hasError());
    QVERIFY(!catalogue->names().contains(QStringLiteral("Catalogue-created")));
    const int before = listReads();
    // A wizard creates one: every page observing the catalogue sees it without a refresh of its own.
    auto created = await(apim->createKeyManager(SandboxFixture::asgardeoKeyManager(QStringLiteral("Catalogue-created"))));
    QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));
    QTRY_VERIFY(catalogue->names().contains(QStringLiteral("Catalogue-created")));
    QCOMPARE(listReads(), before + 1);
    const QString id = created->result().toObject().value(QLatin1String("id")).toString();
    QVERIFY(!id.isEmpty());
    auto deleted = await(apim->deleteKeyManager(id));
    QVERIFY2(!deleted->hasError(), qPrintable(deleted->error().toUserText()));
    QTRY_VERIFY(!catalogue->names().contains(QStringLiteral("Catalogue-created")));
    QTRY_COMPARE(catalogue->state(), KeyManagerCatalogue::State::Read);
    QCOMPARE(listReads(), before + 2);
}

void TstKeyManagerCatalogue::aChangeDuringAReadIsFollowedByAnotherRead()
{
    ApimClient *apim = client();
    KeyManagerCatalogue *catalogue = apim->keyManagerCatalogue();
    Job *page = catalogue->refresh();
    // The list was asked for before the change was answered: that answer may miss it.
    catalogue->keyManagersChanged();
    auto done = await(page);
    QVERIFY2(!done->hasError(), qPrintable(done->error().toUserText()));
    QCOMPARE(listReads(), 2); // the page was answered from the second read
    QCOMPARE(catalogue->state(), KeyManagerCatalogue::State::Read);
}

void TstKeyManagerCatalogue::nothingIsReadForWhoNeverAsked()
{
    // A command that only writes (the CLI) pays no list read for the pages it has not got.
    ApimClient *apim = client();
    auto created = await(apim->createKeyManager(SandboxFixture::asgardeoKeyManager(QStringLiteral("Catalogue-unread"))));
    QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));
    QTest::qWait(0);
    QCOMPARE(apim->keyManagerCatalogue()->state(), KeyManagerCatalogue::State::NotRead);
    auto deleted = await(apim->deleteKeyManager(created->result().toObject().value(QLatin1String("id")).toString()));
    QVERIFY(!deleted->hasError());
    QCOMPARE(apim->keyManagerCatalogue()->state(), KeyManagerCatalogue::State::NotRead);
    QCOMPARE(listReads(), 0);
}

void TstKeyManagerCatalogue::aFailedReadIsSaidAndTheLastListKept()
{
    KeyManagerCatalogue *catalogue = client()->keyManagerCatalogue();
    QVERIFY(!await(catalogue->refresh())->hasError());
    const QStringList names = catalogue->names();
    sandbox::SandboxServer::Fault fault;
    fault.method = "GET";
    fault.path = QRegularExpression(QStringLiteral("^/api/am/admin/v4/key-managers$"));
    fault.status = 403;
    fault.body = R"({"code":900910,"message":"The access token does not allow you to access the requested resource","description":"User is NOT authorized to access the Resource"})";
    fault.times = -1;
    m_sandbox.sandbox()->apim()->server()->addFault(fault);
    auto failed = await(catalogue->refresh());
    QVERIFY(failed->hasError());
    QCOMPARE(catalogue->state(), KeyManagerCatalogue::State::Failed);
    QCOMPARE(catalogue->error().httpStatus, 403);
    QCOMPARE(failed->error().httpStatus, 403);
    QCOMPARE(catalogue->names(), names); // what was shown stays, the banner says why it is old
    // ensure() after a failure tries again.
    m_sandbox.sandbox()->apim()->server()->clearFaults();
    QVERIFY(!await(catalogue->ensure())->hasError());
    QCOMPARE(catalogue->state(), KeyManagerCatalogue::State::Read);
}

QTEST_GUILESS_MAIN(TstKeyManagerCatalogue)
#include "tst_key_manager_catalogue.moc"
