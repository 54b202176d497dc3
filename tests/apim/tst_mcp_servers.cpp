// MCP servers (API Manager 4.6+) and the version the console talks to: the tools' scopes are read through
// the Publisher like API scopes, with where each is used; a 4.2 server (no /mcp-servers) is said, not a
// failure; version strings the console does not know are handled and said.

#include "support/JobWaiter.h"
#include "support/SandboxFixture.h"

#include "sandbox/apim/ApimStandIn.h"
#include "sandbox/apim/PublisherStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/apim/ApimVersion.h"
#include "services/apim/PublisherClient.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/asgardeo/ScopeCoverage.h"
#include "services/core/ConstRange.h"
#include "services/http/HttpSession.h"
#include "services/profiles/ProfileValidation.h"

#include <QJsonArray>

#include <algorithm>
#include <QScopeGuard>
#include <QTest>

using namespace km;
using namespace km::test;

class TstMcpServers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void versionStrings_data();
    void versionStrings();
    void declaredVersionIsCheckedWhereItIsTyped();
    void toolScopesAreListedWithWhereTheyAreUsed();
    void mcpServersArePagedLikeTheOtherLists();
    void coverageFlagsToolScopesAsgardeoRefusesOrLacks();
    void theServerSaysItHasMcpServers();
    void aServerBefore46HasNoneAndThatIsSaid();
    void aTokenWithoutTheMcpScopeIsSaid();

private:
    QJsonObject entry(const QJsonArray &scopes, const QString &name) const;
    // Every request of the whole run (SandboxFixture keeps them all): compare before and after.
    int countRequests(const QString &method, const QString &pathPart) const { return m_sandbox.countRequests(method, pathPart); }

    SandboxFixture m_sandbox;
    HttpSession *m_session = nullptr;
    ApimClient *m_apim = nullptr;
    PublisherClient *m_publisher = nullptr;
};

void TstMcpServers::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    m_session = new HttpSession(this);
    m_session->setRetryPolicy({20, 100, 2000});
    m_session->pinCertificate(m_sandbox.apimHostPort(), m_sandbox.apimFingerprint());
    m_apim = m_sandbox.apimClient(m_session, this);
    m_publisher = new PublisherClient(m_apim, this);

    // An MCP server made from an OpenAPI file: a tool behind its own scope, one behind a scope Asgardeo
    // refuses (internal_…), and one behind the shared scope the seeded API uses too.
    auto tool = [](const char *name, const QStringList &scopes) {
        return QJsonObject{{QStringLiteral("target"), QLatin1String(name)}, {QStringLiteral("feature"), QStringLiteral("TOOL")},
                           {QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)}};
    };
    auto local = [](const char *name) {
        return QJsonObject{{QStringLiteral("scope"), QJsonObject{{QStringLiteral("name"), QLatin1String(name)},
                                                                 {QStringLiteral("displayName"), QLatin1String(name)},
                                                                 {QStringLiteral("bindings"), QJsonArray()}}},
                           {QStringLiteral("shared"), false}};
    };
    sandbox::PublisherStandIn *publisher = m_sandbox.sandbox()->publisher();
    publisher->addMcpServer(QJsonObject{
        {QStringLiteral("name"), QStringLiteral("OrdersMCP")},
        {QStringLiteral("context"), QStringLiteral("/orders-mcp")},
        {QStringLiteral("scopes"), QJsonArray{local("orders:cancel"), local("internal_refunds"),
                                              QJsonObject{{QStringLiteral("scope"), QJsonObject{{QStringLiteral("name"), QStringLiteral("orders:read")}}},
                                                          {QStringLiteral("shared"), true}}}},
        {QStringLiteral("operations"), QJsonArray{tool("cancel_order", {QStringLiteral("orders:cancel")}),
                                                  tool("refund_order", {QStringLiteral("internal_refunds")}),
                                                  tool("list_orders", {QStringLiteral("orders:read")})}}});
}

QJsonObject TstMcpServers::entry(const QJsonArray &scopes, const QString &name) const
{
    for (const QJsonValue &v : scopes) {
        if (v.toObject().value(QLatin1String("name")).toString() == name)
            return v.toObject();
    }
    return {};
}

void TstMcpServers::versionStrings_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("normal");
    QTest::addColumn<bool>("mcp");
    QTest::addColumn<QString>("problem"); // part of what is said, empty when nothing is
    QTest::newRow("4.6.0") << QStringLiteral("4.6.0") << true << QStringLiteral("4.6.0") << true << QString();
    QTest::newRow("v4.2") << QStringLiteral(" v4.2 ") << true << QStringLiteral("4.2.0") << false << QString();
    QTest::newRow("4.5.0 has none") << QStringLiteral("4.5.0") << true << QStringLiteral("4.5.0") << false << QString();
    QTest::newRow("update level") << QStringLiteral("4.6.0-wum") << true << QStringLiteral("4.6.0") << true << QString();
    QTest::newRow("four parts") << QStringLiteral("4.3.0.12") << true << QStringLiteral("4.3.0") << false << QString();
    QTest::newRow("newer than known") << QStringLiteral("4.9.1") << true << QStringLiteral("4.9.1") << true << QStringLiteral("newer than the releases");
    QTest::newRow("3.x") << QStringLiteral("3.2.0") << true << QStringLiteral("3.2.0") << false << QStringLiteral("older than 4.0");
    QTest::newRow("a word") << QStringLiteral("latest") << false << QStringLiteral("latest") << false << QStringLiteral("“latest” is not an API Manager version");
    QTest::newRow("a URL") << QStringLiteral("https://apim:9443") << false << QStringLiteral("https://apim:9443") << false << QStringLiteral("“https://apim:9443” is not an API Manager version (a release reads like 4.6.0)");
    QTest::newRow("empty") << QString() << false << QString() << false << QStringLiteral("No API Manager version");
}

void TstMcpServers::versionStrings()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, normal);
    QFETCH(bool, mcp);
    QFETCH(QString, problem);
    const ApimVersion v = ApimVersion::parse(text);
    QCOMPARE(v.isValid(), valid);
    QCOMPARE(v.toString(), normal);
    QCOMPARE(v.hasMcpServers(), mcp);
    if (problem.isEmpty())
        QCOMPARE(v.problem(), QString());
    else
        QVERIFY2(v.problem().contains(problem), qPrintable(v.problem()));
    // Order: invalid first, then by number.
    QVERIFY(ApimVersion::parse(QStringLiteral("4.10.0")).compare(ApimVersion::parse(QStringLiteral("4.9.9"))) > 0);
    QVERIFY(ApimVersion::parse(QStringLiteral("4.2.0")) < ApimVersion::parse(QStringLiteral("4.6.0")));
    QVERIFY(ApimVersion::parse(QStringLiteral("nope")) < ApimVersion::parse(QStringLiteral("3.0.0")));
    QVERIFY(ApimVersion::parse(QStringLiteral("4.6")) == ApimVersion(4, 6, 0));
}

void TstMcpServers::declaredVersionIsCheckedWhereItIsTyped()
{
    QString normal;
    QString note;
    QVERIFY(!ProfileValidation::apimVersion(QStringLiteral("v4.6"), &normal, &note));
    QCOMPARE(normal, QStringLiteral("4.6.0"));
    QVERIFY(note.isEmpty());
    QVERIFY(!ProfileValidation::apimVersion(QStringLiteral("4.9.0"), &normal, &note));
    QVERIFY2(note.contains(QLatin1String("newer")), qPrintable(note));
    const ApiError word = ProfileValidation::apimVersion(QStringLiteral("latest"), &normal, &note);
    QVERIFY(word);
    QCOMPARE(word.field, QStringLiteral("apim-version"));
    QVERIFY2(word.toUserText().contains(QLatin1String("4.6.0")), qPrintable(word.toUserText()));
    QVERIFY(ProfileValidation::apimVersion(QStringLiteral("3.2.0"), &normal, &note));
}

void TstMcpServers::toolScopesAreListedWithWhereTheyAreUsed()
{
    const int detailsBefore = countRequests(QStringLiteral("GET"), QStringLiteral("/api/am/publisher/v4/mcp-servers/"));
    auto job = await(m_publisher->allScopesWithUsage());
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    const QJsonObject result = job->result().toObject();
    const QJsonArray scopes = result.value(QLatin1String("scopes")).toArray();

    // A scope shared by an API operation and two MCP tools lists all three.
    const QJsonObject read = entry(scopes, QStringLiteral("orders:read"));
    QVERIFY(read.value(QLatin1String("shared")).toBool());
    QCOMPARE(read.value(QLatin1String("apis")).toArray(), QJsonArray{QStringLiteral("PizzaShackAPI")});
    QCOMPARE(read.value(QLatin1String("mcpServers")).toArray(), (QJsonArray{QStringLiteral("OrdersMCP"), QStringLiteral("PizzaShackMCP")}));
    const QString usage = ScopeCoverage::usageText(PublisherScope::fromJson(read));
    QVERIFY2(usage.startsWith(QLatin1String("Shared: ")), qPrintable(usage));
    QVERIFY2(usage.contains(QLatin1String("API PizzaShackAPI (GET /menu)")), qPrintable(usage));
    QVERIFY2(usage.contains(QLatin1String("MCP tool get_menu of PizzaShackMCP")), qPrintable(usage));
    QVERIFY2(usage.contains(QLatin1String("MCP tool list_orders of OrdersMCP")), qPrintable(usage));

    // Scopes only MCP tools use are there too, as the server's own (not shared).
    const QJsonObject cancel = entry(scopes, QStringLiteral("orders:cancel"));
    QVERIFY(!cancel.isEmpty());
    QVERIFY(!cancel.value(QLatin1String("shared")).toBool());
    QCOMPARE(cancel.value(QLatin1String("apis")).toArray(), QJsonArray());
    QCOMPARE(ScopeCoverage::usageText(PublisherScope::fromJson(cancel)), QStringLiteral("MCP tool cancel_order of OrdersMCP"));
    QVERIFY(!entry(scopes, QStringLiteral("internal_refunds")).isEmpty());

    // The proxied server's tools carry no scope: named, not dropped silently.
    const QJsonObject mcp = result.value(QLatin1String("mcp")).toObject();
    QCOMPARE(mcp.value(QLatin1String("read")).toBool(), true);
    QCOMPARE(mcp.value(QLatin1String("servers")).toInt(), 3);
    QCOMPARE(mcp.value(QLatin1String("unscoped")).toArray(), QJsonArray{QStringLiteral("WeatherMCP")});
    // Each server was read once, through its own resource.
    QCOMPARE(countRequests(QStringLiteral("GET"), QStringLiteral("/api/am/publisher/v4/mcp-servers/")) - detailsBefore, 3);

    // Read once into values; what they write is what the Publisher's reading said (the CLI prints it).
    const PublisherScopes typed = PublisherScopes::fromJson(result);
    QCOMPARE(typed.toJson(), result);
    QCOMPARE(typed.mcp.unscoped, QStringList{QStringLiteral("WeatherMCP")});
    const auto cancelled = std::find_if(typed.scopes.cbegin(), typed.scopes.cend(), [](const PublisherScope &s) { return s.name == QLatin1String("orders:cancel"); });
    QVERIFY(cancelled != typed.scopes.cend());
    QCOMPARE(cancelled->usedBy.size(), 1);
    QVERIFY(cancelled->usedBy.first().kind == ScopeUse::Kind::McpTool);
    QCOMPARE(cancelled->usedBy.first().tool, QStringLiteral("cancel_order"));

    // allScopes() keeps its list form for the callers that need only the scopes.
    auto list = await(m_publisher->allScopes());
    QVERIFY(!list->hasError());
    QCOMPARE(list->result().toArray().size(), scopes.size());
}

void TstMcpServers::mcpServersArePagedLikeTheOtherLists()
{
    const int before = countRequests(QStringLiteral("GET"), QStringLiteral("/api/am/publisher/v4/mcp-servers$"));
    auto job = await(m_publisher->listMcpServers(1));
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    QCOMPARE(job->result().toArray().size(), 3);
    QCOMPARE(countRequests(QStringLiteral("GET"), QStringLiteral("/api/am/publisher/v4/mcp-servers$")) - before, 3);
    for (const QJsonValue &v : km::constTemporary(job->result().toArray()))
        QCOMPARE(v.toObject().value(QLatin1String("type")).toString(), QStringLiteral("MCP"));
}

void TstMcpServers::coverageFlagsToolScopesAsgardeoRefusesOrLacks()
{
    const QJsonObject account = m_sandbox.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("asgardeo")).toObject();
    auto *asgardeo = new AsgardeoClient(m_session, QUrl(m_sandbox.info().value(QLatin1String("asgardeo")).toString()),
                                        account.value(QLatin1String("org")).toString(), account.value(QLatin1String("clientId")).toString(),
                                        account.value(QLatin1String("clientSecret")).toString(), this);
    QVERIFY(m_sandbox.setUpAsgardeo(m_apim, m_session, QStringLiteral("Asgardeo")).isEmpty());
    auto job = await(ScopeCoverage::compare(m_publisher, asgardeo, QStringLiteral("APIM_GLOBAL_SCOPES"), this));
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    const QJsonObject coverage = job->result().toObject();
    const QJsonArray scopes = coverage.value(QLatin1String("scopes")).toArray();
    const QJsonObject refused = entry(scopes, QStringLiteral("internal_refunds"));
    QVERIFY2(refused.value(QLatin1String("problem")).toString().contains(QLatin1String("internal")),
             qPrintable(refused.value(QLatin1String("problem")).toString()));
    QCOMPARE(entry(scopes, QStringLiteral("orders:cancel")).value(QLatin1String("inAsgardeo")).toBool(true), false);
    QVERIFY(coverage.value(QLatin1String("restricted")).toInt() >= 1);
    const ScopeCoverageResult typed = ScopeCoverageResult::fromJson(coverage);
    QCOMPARE(typed.toJson(), coverage);
    QVERIFY(typed.compared);
    QCOMPARE(typed.resource.name, QStringLiteral("APIM_GLOBAL_SCOPES"));
    QVERIFY(!typed.namesToAdd().contains(QStringLiteral("internal_refunds"))); // refused: never offered
    QVERIFY(typed.namesToAdd().contains(QStringLiteral("orders:cancel")));
    const QStringList notes = ScopeCoverage::mcpNotes(typed.mcp);
    QCOMPARE(notes.size(), 1);
    QVERIFY2(notes.first().contains(QLatin1String("WeatherMCP")) && notes.first().contains(QLatin1String("any token")), qPrintable(notes.first()));
}

void TstMcpServers::theServerSaysItHasMcpServers()
{
    auto job = await(ApimServerInfo::detect(m_apim, ApimVersion(), this));
    QVERIFY(!job->hasError());
    const ApimServerInfo info = ApimServerInfo::fromJson(job->result().toObject());
    QCOMPARE(info.mcp, ApimServerInfo::Mcp::Present);
    QVERIFY2(job->result().toObject().value(QLatin1String("summary")).toString().startsWith(QLatin1String("API Manager 4.6 or later")),
             qPrintable(job->result().toObject().value(QLatin1String("summary")).toString()));
    QCOMPARE(countRequests(QStringLiteral("GET"), QStringLiteral("/api/am/publisher/v4/settings$")) >= 1, true);
    // Declared 4.2.0 against a server that has MCP servers: the server wins, and the profile is said to be wrong.
    auto declared = await(ApimServerInfo::detect(m_apim, ApimVersion::parse(QStringLiteral("4.2.0")), this));
    const QString summary = declared->result().toObject().value(QLatin1String("summary")).toString();
    QVERIFY2(summary.contains(QLatin1String("4.2.0 (declared)")) && summary.contains(QLatin1String("correct the profile's version")), qPrintable(summary));
    QVERIFY(ApimServerInfo::fromJson(declared->result().toObject()).expectsMcpServers());
}

void TstMcpServers::aServerBefore46HasNoneAndThatIsSaid()
{
    sandbox::ApimStandIn *apim = m_sandbox.sandbox()->apim();
    apim->setVersion(4, 2, 0);
    auto restore = qScopeGuard([apim] { apim->setVersion(4, 6, 0); });
    const int before = countRequests(QStringLiteral("GET"), QStringLiteral("/api/am/publisher/v4/mcp-servers"));

    auto job = await(m_publisher->allScopesWithUsage());
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText())); // a 404 of /mcp-servers is no failure
    const QJsonObject result = job->result().toObject();
    const QJsonObject mcp = result.value(QLatin1String("mcp")).toObject();
    QCOMPARE(mcp.value(QLatin1String("read")).toBool(true), false);
    const QString note = mcp.value(QLatin1String("note")).toString();
    QVERIFY2(note.contains(QLatin1String("no MCP servers")) && note.contains(QLatin1String("4.6")), qPrintable(note));
    // The API scopes are all there; the tool-only scopes are not.
    const QJsonArray scopes = result.value(QLatin1String("scopes")).toArray();
    QCOMPARE(entry(scopes, QStringLiteral("orders:read")).value(QLatin1String("apis")).toArray(), QJsonArray{QStringLiteral("PizzaShackAPI")});
    QVERIFY(entry(scopes, QStringLiteral("orders:cancel")).isEmpty());
    QCOMPARE(ScopeCoverage::mcpNotes(PublisherScopes::fromJson(result).mcp), QStringList{note});
    // The real 4.2 answers 404 for the path; nothing else about MCP was asked.
    QCOMPARE(countRequests(QStringLiteral("GET"), QStringLiteral("/api/am/publisher/v4/mcp-servers")) - before, 1);

    auto listed = await(m_publisher->listMcpServers());
    QVERIFY(listed->hasError());
    QCOMPARE(listed->error().vendorCode, QStringLiteral("mcp-servers-absent"));
    QVERIFY2(listed->error().toUserText().contains(QLatin1String("came with API Manager 4.6")), qPrintable(listed->error().toUserText()));

    auto info = await(ApimServerInfo::detect(m_apim, ApimVersion::parse(QStringLiteral("4.6.0")), this));
    const ApimServerInfo read = ApimServerInfo::fromJson(info->result().toObject());
    QCOMPARE(read.mcp, ApimServerInfo::Mcp::Absent);
    QVERIFY(!read.expectsMcpServers());
    const QString summary = info->result().toObject().value(QLatin1String("summary")).toString();
    QVERIFY2(summary.contains(QLatin1String("no MCP servers (they came with 4.6)")) && summary.contains(QLatin1String("The profile says 4.6.0")),
             qPrintable(summary));
    auto undeclared = await(ApimServerInfo::detect(m_apim, ApimVersion(), this));
    QVERIFY(undeclared->result().toObject().value(QLatin1String("summary")).toString().startsWith(QLatin1String("API Manager 4.x before 4.6")));
}

void TstMcpServers::aTokenWithoutTheMcpScopeIsSaid()
{
    sandbox::ApimStandIn *apim = m_sandbox.sandbox()->apim();
    QStringList allowed = ApimClient::scopes();
    allowed.removeAll(QStringLiteral("apim:mcp_server_view"));
    apim->setUserScopes(allowed);
    auto restore = qScopeGuard([apim] { apim->setUserScopes({}); });
    ApimClient *limited = m_sandbox.apimClient(m_session, this);
    PublisherClient publisher(limited);
    auto job = await(publisher.allScopesWithUsage());
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    const QString note = job->result().toObject().value(QLatin1String("mcp")).toObject().value(QLatin1String("note")).toString();
    QVERIFY2(note.contains(QLatin1String("apim:mcp_server_view")), qPrintable(note));
}

QTEST_GUILESS_MAIN(TstMcpServers)
#include "tst_mcp_servers.moc"
