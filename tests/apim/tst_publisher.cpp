// PublisherClient against the sandbox's Publisher API: shared and API scopes as the admin sees them,
// and the Asgardeo connector's propagation of saved scopes to the global scopes resource.

#include "support/JobWaiter.h"
#include "services/core/ConstRange.h"
#include "support/OpenApiValidator.h"
#include "support/SandboxFixture.h"

#include "sandbox/SandboxServer.h"
#include "sandbox/apim/ApimStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/apim/ApimPaging.h"
#include "services/apim/PublisherClient.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/http/HttpSession.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace km;
using namespace km::test;

class TstPublisher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void listingFollowsPagination();
    void endlessPaginationStopsAtTheCapAndNeverFollowsNext();
    void pagingRule_data();
    void pagingRule();
    void allScopesCombinesSharedAndApiScopes();
    void headSaysWhetherANameIsTaken();
    void withoutAsgardeoKeyManagerNothingPropagates();
    void savedScopesPropagateToAsgardeoGlobalResource();
    void internalPrefixFailsTheSaveAndNamesThePrefix();
    void duplicateNameIsRefused();
    void missingTokenScopeIsExplained();
    // Last: everything sent above, re-sent through an independent validator.
    void everyPublisherRequestFitsTheVendorSpec();

private:
    ApimClient *apimClient();
    AsgardeoClient *asgardeo();
    QStringList globalResourceScopes();
    QJsonObject scopeEntry(const QJsonArray &all, const QString &name) const;
    int countRequests(const QByteArray &method, const QString &path) const;

    SandboxFixture m_sandbox;
    HttpSession *m_session = nullptr;
    ApimClient *m_apim = nullptr;
    PublisherClient *m_publisher = nullptr;
    QString m_globalResourceId;
};

void TstPublisher::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    m_session = new HttpSession(this);
    m_session->setRetryPolicy({20, 100, 2000});
    m_session->pinCertificate(m_sandbox.apimHostPort(), m_sandbox.apimFingerprint());
    m_apim = apimClient();
    m_publisher = new PublisherClient(m_apim, this);
}

ApimClient *TstPublisher::apimClient()
{
    return m_sandbox.apimClient(m_session, this);
}

AsgardeoClient *TstPublisher::asgardeo()
{
    const QJsonObject account = m_sandbox.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("asgardeo")).toObject();
    return new AsgardeoClient(m_session, QUrl(m_sandbox.info().value(QLatin1String("asgardeo")).toString()),
                              account.value(QLatin1String("org")).toString(), account.value(QLatin1String("clientId")).toString(),
                              account.value(QLatin1String("clientSecret")).toString(), this);
}

// The scope names of Asgardeo's APIM_GLOBAL_SCOPES resource, read through Asgardeo's own API.
QStringList TstPublisher::globalResourceScopes()
{
    auto job = await(asgardeo()->getApiResource(m_globalResourceId));
    if (job->hasError())
        return {QStringLiteral("<error: %1>").arg(job->error().toUserText())};
    QStringList names;
    for (const QJsonValue &s : km::constTemporary(job->result().toObject().value(QLatin1String("scopes")).toArray()))
        names << s.toObject().value(QLatin1String("name")).toString();
    return names;
}

QJsonObject TstPublisher::scopeEntry(const QJsonArray &all, const QString &name) const
{
    for (const QJsonValue &v : all) {
        if (v.toObject().value(QLatin1String("name")).toString() == name)
            return v.toObject();
    }
    return {};
}

int TstPublisher::countRequests(const QByteArray &method, const QString &path) const
{
    int n = 0;
    for (const QJsonValue &v : km::constTemporary(m_sandbox.recordedRequests())) {
        const QJsonObject o = v.toObject();
        if (o.value(QLatin1String("method")).toString() == QLatin1String(method) && o.value(QLatin1String("path")).toString() == path)
            ++n;
    }
    return n;
}

void TstPublisher::listingFollowsPagination()
{
    // The seed: two shared scopes and one API.
    auto seeded = await(m_publisher->listSharedScopes());
    QVERIFY2(!seeded->hasError(), qPrintable(seeded->error().toUserText()));
    QCOMPARE(seeded->result().toArray().size(), 2);

    for (const QString &name : {QStringLiteral("pets:read"), QStringLiteral("pets:write"), QStringLiteral("pets:admin")}) {
        auto created = await(m_publisher->createSharedScope(QJsonObject{{QStringLiteral("name"), name},
                                                                        {QStringLiteral("description"), QStringLiteral("Pets")},
                                                                        {QStringLiteral("bindings"), QJsonArray{QStringLiteral("admin")}}}));
        QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));
        QVERIFY(!created->result().toObject().value(QLatin1String("id")).toString().isEmpty());
        // The display name defaults to the name: API Manager refuses a shared scope without one.
        QCOMPARE(created->result().toObject().value(QLatin1String("displayName")).toString(), name);
    }
    m_sandbox.clearRecordedRequests();
    auto scopes = await(m_publisher->listSharedScopes(2));
    QVERIFY2(!scopes->hasError(), qPrintable(scopes->error().toUserText()));
    QStringList names;
    for (const QJsonValue &v : km::constTemporary(scopes->result().toArray()))
        names << v.toObject().value(QLatin1String("name")).toString();
    QCOMPARE(names, (QStringList{QStringLiteral("orders:read"), QStringLiteral("orders:write"), QStringLiteral("pets:read"),
                                 QStringLiteral("pets:write"), QStringLiteral("pets:admin")}));
    QCOMPARE(countRequests("GET", QStringLiteral("/api/am/publisher/v4/scopes")), 3); // offsets 0, 2, 4

    // Two more APIs, one with a local scope and one using a shared scope, then the list two at a time.
    const auto api = [](const QString &name, const QString &context, const QJsonArray &scopes, const QStringList &operationScopes) {
        return QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("context"), context}, {QStringLiteral("version"), QStringLiteral("1.0.0")},
                           {QStringLiteral("scopes"), scopes},
                           {QStringLiteral("operations"), QJsonArray{QJsonObject{{QStringLiteral("target"), QStringLiteral("/items")},
                                                                                 {QStringLiteral("verb"), QStringLiteral("GET")},
                                                                                 {QStringLiteral("scopes"), QJsonArray::fromStringList(operationScopes)}}}}};
    };
    const QJsonObject inventoryScope{{QStringLiteral("name"), QStringLiteral("inventory:audit")}, {QStringLiteral("displayName"), QStringLiteral("Audit inventory")},
                                     {QStringLiteral("description"), QStringLiteral("Read the audit trail")},
                                     {QStringLiteral("bindings"), QJsonArray{QStringLiteral("Internal/auditor")}}};
    auto inventory = await(m_publisher->createApi(api(QStringLiteral("InventoryAPI"), QStringLiteral("/inventory"),
                                                      QJsonArray{QJsonObject{{QStringLiteral("scope"), inventoryScope}, {QStringLiteral("shared"), false}}},
                                                      {QStringLiteral("inventory:audit")})));
    QVERIFY2(!inventory->hasError(), qPrintable(inventory->error().toUserText()));
    const QJsonObject ordersWrite{{QStringLiteral("name"), QStringLiteral("orders:write")}};
    auto orders = await(m_publisher->createApi(api(QStringLiteral("OrdersAPI"), QStringLiteral("/orders"),
                                                   QJsonArray{QJsonObject{{QStringLiteral("scope"), ordersWrite}, {QStringLiteral("shared"), true}}},
                                                   {QStringLiteral("orders:write")})));
    QVERIFY2(!orders->hasError(), qPrintable(orders->error().toUserText()));

    m_sandbox.clearRecordedRequests();
    auto apis = await(m_publisher->listApis(2));
    QVERIFY2(!apis->hasError(), qPrintable(apis->error().toUserText()));
    QStringList apiNames;
    for (const QJsonValue &v : km::constTemporary(apis->result().toArray()))
        apiNames << v.toObject().value(QLatin1String("name")).toString();
    QCOMPARE(apiNames, (QStringList{QStringLiteral("PizzaShackAPI"), QStringLiteral("InventoryAPI"), QStringLiteral("OrdersAPI")}));
    QCOMPARE(countRequests("GET", QStringLiteral("/api/am/publisher/v4/apis")), 2);

    // The full API carries the scopes and the operations that use them.
    auto full = await(m_publisher->getApi(inventory->result().toObject().value(QLatin1String("id")).toString()));
    QVERIFY2(!full->hasError(), qPrintable(full->error().toUserText()));
    const QJsonObject fullApi = full->result().toObject();
    QCOMPARE(fullApi.value(QLatin1String("scopes")).toArray().first().toObject().value(QLatin1String("scope")).toObject()
                 .value(QLatin1String("name")).toString(), QStringLiteral("inventory:audit"));
    QCOMPARE(fullApi.value(QLatin1String("operations")).toArray().first().toObject().value(QLatin1String("scopes")).toArray().first().toString(),
             QStringLiteral("inventory:audit"));
    auto missing = await(m_publisher->getApi(QStringLiteral("00000000-0000-0000-0000-000000000000")));
    QCOMPARE(missing->error().httpStatus, 404);
    QCOMPARE(missing->error().vendorCode, QStringLiteral("900308"));
}

void TstPublisher::endlessPaginationStopsAtTheCapAndNeverFollowsNext()
{
    // A server that always reports more, with a next link to another host: the console reads at most
    // ApimPaging::MaxPages pages, all from API Manager, and says why it stopped.
    km::sandbox::SandboxServer elsewhere(QStringLiteral("elsewhere"), false);
    QString error;
    QVERIFY2(elsewhere.start(&error), qPrintable(error));
    const QJsonObject page{{QStringLiteral("count"), 1},
                           {QStringLiteral("list"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("s")}}}},
                           {QStringLiteral("pagination"), QJsonObject{{QStringLiteral("offset"), 0}, {QStringLiteral("limit"), 1},
                                                                      {QStringLiteral("total"), 1000000},
                                                                      {QStringLiteral("next"), QString(elsewhere.baseUrl().toString() + QStringLiteral("/api/am/publisher/v4/scopes?limit=1&offset=1"))}}}};
    // A sandbox of its own: these made-up pages stay out of the vendor-spec check of the shared one.
    SandboxFixture endless;
    QVERIFY2(endless.start(&error), qPrintable(error));
    km::sandbox::SandboxServer::Fault f;
    f.method = "GET";
    f.path = QRegularExpression(QStringLiteral("^/api/am/publisher/v4/scopes$"));
    f.status = 200;
    f.body = QJsonDocument(page).toJson(QJsonDocument::Compact);
    f.times = -1;
    endless.sandbox()->apim()->server()->addFault(f);
    HttpSession session;
    PublisherClient publisher(endless.apimClient(&session, this));
    auto listed = await(publisher.listSharedScopes(1));
    QVERIFY(listed->hasError());
    QVERIFY2(listed->error().toUserText().contains(QStringLiteral("after %1 pages").arg(ApimPaging::MaxPages)), qPrintable(listed->error().toUserText()));
    QCOMPARE(endless.countRequests(QStringLiteral("GET"), QStringLiteral("/api/am/publisher/v4/scopes$")), ApimPaging::MaxPages);
    QCOMPARE(elsewhere.recordedRequests().size(), 0);
}

void TstPublisher::pagingRule_data()
{
    QTest::addColumn<int>("listed");
    QTest::addColumn<int>("total");     // -1: the page has no total
    QTest::addColumn<int>("pagesRead");
    QTest::addColumn<int>("next");
    QTest::addColumn<bool>("stopped");
    QTest::newRow("more by total") << 25 << 60 << 1 << 25 << false;
    QTest::newRow("last by total") << 10 << 35 << 2 << -1 << false;
    QTest::newRow("full page, no total") << 25 << -1 << 1 << 25 << false;
    QTest::newRow("short page, no total") << 3 << -1 << 1 << -1 << false;
    QTest::newRow("empty page, total says more") << 0 << 60 << 1 << -1 << false;
    QTest::newRow("more at the cap") << 25 << 100000 << ApimPaging::MaxPages << -1 << true;
}

void TstPublisher::pagingRule()
{
    QFETCH(int, listed);
    QFETCH(int, total);
    QFETCH(int, pagesRead);
    QFETCH(int, next);
    QFETCH(bool, stopped);
    QJsonArray list;
    for (int i = 0; i < listed; ++i)
        list.append(QJsonObject{{QStringLiteral("name"), QString::number(i)}});
    QJsonObject pagination{{QStringLiteral("next"), QStringLiteral("https://evil.example/next")}};
    if (total >= 0)
        pagination.insert(QStringLiteral("total"), total);
    const int offset = (pagesRead - 1) * 25;
    ApiError error;
    const int expectedNext = next < 0 ? -1 : offset + next;
    QCOMPARE(ApimPaging::nextOffset(QJsonObject{{QStringLiteral("list"), list}, {QStringLiteral("pagination"), pagination}},
                                    offset, 25, pagesRead, QStringLiteral("scopes"), &error),
             expectedNext);
    QCOMPARE(error.isError(), stopped);
}

void TstPublisher::allScopesCombinesSharedAndApiScopes()
{
    auto job = await(m_publisher->allScopes());
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    const QJsonArray all = job->result().toArray();
    QCOMPARE(all.size(), 7); // 5 shared + pizza:order + inventory:audit

    const QJsonObject ordersRead = scopeEntry(all, QStringLiteral("orders:read"));
    QCOMPARE(ordersRead.value(QLatin1String("shared")).toBool(), true);
    QCOMPARE(ordersRead.value(QLatin1String("apis")).toArray(), QJsonArray{QStringLiteral("PizzaShackAPI")});
    QCOMPARE(ordersRead.value(QLatin1String("displayName")).toString(), QStringLiteral("Read orders"));

    const QJsonObject ordersWrite = scopeEntry(all, QStringLiteral("orders:write"));
    QCOMPARE(ordersWrite.value(QLatin1String("shared")).toBool(), true);
    QCOMPARE(ordersWrite.value(QLatin1String("apis")).toArray(), QJsonArray{QStringLiteral("OrdersAPI")});
    QCOMPARE(ordersWrite.value(QLatin1String("bindings")).toArray(), (QJsonArray{QStringLiteral("Internal/creator"), QStringLiteral("admin")}));

    const QJsonObject pizza = scopeEntry(all, QStringLiteral("pizza:order"));
    QCOMPARE(pizza.value(QLatin1String("shared")).toBool(), false);
    QCOMPARE(pizza.value(QLatin1String("apis")).toArray(), QJsonArray{QStringLiteral("PizzaShackAPI")});

    const QJsonObject audit = scopeEntry(all, QStringLiteral("inventory:audit"));
    QCOMPARE(audit.value(QLatin1String("shared")).toBool(), false);
    QCOMPARE(audit.value(QLatin1String("apis")).toArray(), QJsonArray{QStringLiteral("InventoryAPI")});
    QCOMPARE(audit.value(QLatin1String("bindings")).toArray(), QJsonArray{QStringLiteral("Internal/auditor")});

    const QJsonObject unused = scopeEntry(all, QStringLiteral("pets:admin"));
    QCOMPARE(unused.value(QLatin1String("shared")).toBool(), true);
    QVERIFY(unused.value(QLatin1String("apis")).toArray().isEmpty());

    // The listener's /__sandbox/state shows the same Publisher data.
    const QJsonObject publisher = m_sandbox.sandbox()->apim()->state().value(QLatin1String("publisher")).toObject();
    QCOMPARE(publisher.value(QLatin1String("sharedScopes")).toArray().size(), 5);
    QCOMPARE(publisher.value(QLatin1String("apis")).toArray().size(), 3);
}

void TstPublisher::headSaysWhetherANameIsTaken()
{
    m_sandbox.clearRecordedRequests();
    auto shared = await(m_publisher->scopeExists(QStringLiteral("orders:read")));
    QVERIFY2(!shared->hasError(), qPrintable(shared->error().toUserText()));
    QCOMPARE(shared->result().toBool(), true);
    // The name travels base64url-encoded without padding.
    QCOMPARE(countRequests("HEAD", QStringLiteral("/api/am/publisher/v4/scopes/b3JkZXJzOnJlYWQ")), 1);

    auto local = await(m_publisher->scopeExists(QStringLiteral("pizza:order")));
    QCOMPARE(local->result().toBool(), true);
    auto absent = await(m_publisher->scopeExists(QStringLiteral("no:such-scope")));
    QVERIFY2(!absent->hasError(), qPrintable(absent->error().toUserText()));
    QCOMPARE(absent->result().toBool(), false);
}

void TstPublisher::withoutAsgardeoKeyManagerNothingPropagates()
{
    // The global resource exists in Asgardeo, but API Manager has no Asgardeo key manager yet.
    auto resource = await(asgardeo()->createApiResource(QStringLiteral("/api/server/v1/scope-resource"), QStringLiteral("APIM_GLOBAL_SCOPES"),
                                                         QStringLiteral("Global scopes of API Manager"), QStringList()));
    QVERIFY2(!resource->hasError(), qPrintable(resource->error().toUserText()));
    m_globalResourceId = resource->result().toObject().value(QLatin1String("id")).toString();
    QVERIFY(!m_globalResourceId.isEmpty());

    auto created = await(m_publisher->createSharedScope(QJsonObject{{QStringLiteral("name"), QStringLiteral("solo:read")}}));
    QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));
    QCOMPARE(globalResourceScopes(), QStringList());
}

void TstPublisher::savedScopesPropagateToAsgardeoGlobalResource()
{
    const QJsonObject km = SandboxFixture::asgardeoKeyManager(QStringLiteral("Asgardeo"));
    auto kmJob = await(m_apim->createKeyManager(km));
    QVERIFY2(!kmJob->hasError(), qPrintable(kmJob->error().toUserText()));

    auto created = await(m_publisher->createSharedScope(QJsonObject{{QStringLiteral("name"), QStringLiteral("billing:read")},
                                                                    {QStringLiteral("displayName"), QStringLiteral("Read bills")}}));
    QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));
    QCOMPARE(globalResourceScopes(), QStringList{QStringLiteral("billing:read")});
    auto resource = await(asgardeo()->getApiResource(m_globalResourceId));
    QCOMPARE(resource->result().toObject().value(QLatin1String("scopes")).toArray().first().toObject().value(QLatin1String("displayName")).toString(),
             QStringLiteral("Read bills"));

    // An API saved with a local scope propagates it too.
    const QJsonObject local{{QStringLiteral("name"), QStringLiteral("billing:pay")}, {QStringLiteral("displayName"), QStringLiteral("Pay bills")}};
    auto api = await(m_publisher->createApi(QJsonObject{
        {QStringLiteral("name"), QStringLiteral("BillingAPI")}, {QStringLiteral("context"), QStringLiteral("/billing")},
        {QStringLiteral("version"), QStringLiteral("2.0.0")},
        {QStringLiteral("scopes"), QJsonArray{QJsonObject{{QStringLiteral("scope"), local}, {QStringLiteral("shared"), false}}}},
        {QStringLiteral("operations"), QJsonArray{QJsonObject{{QStringLiteral("target"), QStringLiteral("/pay")}, {QStringLiteral("verb"), QStringLiteral("POST")},
                                                              {QStringLiteral("scopes"), QJsonArray{QStringLiteral("billing:pay")}}}}}}));
    QVERIFY2(!api->hasError(), qPrintable(api->error().toUserText()));
    QCOMPARE(globalResourceScopes(), (QStringList{QStringLiteral("billing:read"), QStringLiteral("billing:pay")}));
}

void TstPublisher::internalPrefixFailsTheSaveAndNamesThePrefix()
{
    auto job = await(m_publisher->createSharedScope(QJsonObject{{QStringLiteral("name"), QStringLiteral("internal_x")}}));
    QVERIFY(job->hasError());
    QCOMPARE(job->error().httpStatus, 500);
    const QString text = job->error().toUserText();
    QVERIFY2(text.contains(QStringLiteral("restricted prefix “internal”")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("60008")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Rename the scope")), qPrintable(text));
    QCOMPARE(job->error().field, QStringLiteral("name"));
    // Nothing was saved on either side.
    auto exists = await(m_publisher->scopeExists(QStringLiteral("internal_x")));
    QCOMPARE(exists->result().toBool(), false);
    QVERIFY(!globalResourceScopes().contains(QStringLiteral("internal_x")));
}

void TstPublisher::duplicateNameIsRefused()
{
    // A local scope of an API takes the name as much as a shared scope does.
    auto job = await(m_publisher->createSharedScope(QJsonObject{{QStringLiteral("name"), QStringLiteral("pizza:order")}}));
    QCOMPARE(job->error().httpStatus, 409);
    QCOMPARE(job->error().vendorCode, QStringLiteral("900984"));
    QCOMPARE(job->error().field, QStringLiteral("name"));
    QVERIFY2(job->error().toUserText().contains(QLatin1String("Scope pizza:order already exists")), qPrintable(job->error().toUserText()));
}

void TstPublisher::missingTokenScopeIsExplained()
{
    // A user whose roles allow only the admin scopes: API Manager silently leaves out the Publisher ones.
    m_sandbox.sandbox()->apim()->setUserScopes({QStringLiteral("apim:admin"), QStringLiteral("apim:admin_operations"),
                                                QStringLiteral("apim:keymanagers_manage"), QStringLiteral("apim:admin_settings")});
    PublisherClient limited(apimClient());
    auto job = await(limited.listSharedScopes());
    m_sandbox.sandbox()->apim()->setUserScopes({});
    QCOMPARE(job->error().httpStatus, 403);
    QCOMPARE(job->error().vendorCode, QStringLiteral("900910"));
    const QString text = job->error().toUserText();
    QVERIFY2(text.contains(QLatin1String("list shared scopes")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("apim:api_view, apim:shared_scope_manage")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("role")), qPrintable(text));

    auto create = await(limited.createSharedScope(QJsonObject{{QStringLiteral("name"), QStringLiteral("never:saved")}}));
    QCOMPARE(create->error().httpStatus, 403);
    QVERIFY2(create->error().toUserText().contains(QLatin1String("apim:shared_scope_manage")), qPrintable(create->error().toUserText()));
}

void TstPublisher::everyPublisherRequestFitsTheVendorSpec()
{
    const QString prefix = QStringLiteral("/api/am/publisher/v4");
    const QJsonArray sent = m_sandbox.allRecordedRequests();
    OpenApiValidator validator;
    QString error;
    QUrl upstream = m_sandbox.apimUrl();
    upstream.setPath(prefix);
    QVERIFY2(validator.start(QStringLiteral("wso2-apim-publisher-v4.yaml"), upstream, &error), qPrintable(error));
    // The recorder redacts Authorization: a fresh token with every scope replays the calls.
    const QByteArray bearer = "Bearer " + m_sandbox.sandbox()->apim()->issueAdminToken().toUtf8();

    // The validator is not a rubber stamp: an API without its required context and version is reported.
    const QStringList wrong = validator.check("POST", QStringLiteral("/apis"), R"({"name":"NoContext"})", "application/json", bearer);
    QVERIFY2(!wrong.isEmpty(), "Prism accepted an API without its required context and version");

    // Prism cannot judge the answer to a HEAD that finds nothing: it reads the 404's body, which a HEAD
    // response never has, and reports a 500 of its own. Those requests are checked on their own: an
    // invalid request would be refused with 422 before Prism forwards it; anything but that 500 fails.
    QJsonArray others;
    int missingHeads = 0;
    for (const QJsonValue &v : sent) {
        const QJsonObject e = v.toObject();
        const QString path = e.value(QLatin1String("path")).toString();
        // MCP servers (4.6+) are not in this 4.2 file; tst_mcp_servers checks them against the 4.6 DTOs.
        if (path.startsWith(prefix + QStringLiteral("/mcp-servers")))
            continue;
        if (e.value(QLatin1String("method")).toString() != QLatin1String("HEAD") || e.value(QLatin1String("status")).toInt() != 404
            || !path.startsWith(prefix)) {
            others.append(e);
            continue;
        }
        ++missingHeads;
        for (const QString &problem : validator.check("HEAD", path.mid(prefix.size()), QByteArray(), QByteArray(), bearer))
            QVERIFY2(problem.contains(QLatin1String("(500)")) && !problem.contains(QLatin1String("(422)")), qPrintable(problem));
    }
    QVERIFY2(missingHeads >= 2, "the HEAD requests for missing scope names were not recorded");

    const QStringList violations = validator.validate(others, prefix, bearer);
    QVERIFY2(validator.checkedCount() > 20, qPrintable(QStringLiteral("only %1 requests were checked").arg(validator.checkedCount())));
    QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TstPublisher)
#include "tst_publisher.moc"
