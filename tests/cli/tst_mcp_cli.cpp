// `kmconsole-cli scopes list` and `profile list` against the real kmconsole-sandbox answering as API Manager
// 4.6 (MCP servers with tools and scopes) and as 4.2 (`--apim-version 4.2.0`: no /mcp-servers): where each
// scope is used, the version the console knows, and version strings it does not.

#include "support/CliRunner.h"
#include "support/SandboxFixture.h"

#include "services/core/ConstRange.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace km::test;

class TstMcpCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void scopesListSaysWhereEachScopeIsUsed();
    void an42ServerHasNoMcpServersAndSaysSo();
    void profileListShowsTheVersion();
    void unknownVersionStrings_data();
    void unknownVersionStrings();
    void sandboxRefusesAVersionItCannotAnswerAs();
    void cleanupTestCase();

private:
    static QJsonObject scopeNamed(const QJsonObject &coverage, const QString &name);

    SandboxProcess m_current;
    SandboxProcess m_old;
    CliRunner m_cli;
};

QJsonObject TstMcpCli::scopeNamed(const QJsonObject &coverage, const QString &name)
{
    for (const QJsonValue &v : km::constTemporary(coverage.value(QLatin1String("scopes")).toArray())) {
        if (v.toObject().value(QLatin1String("name")).toString() == name)
            return v.toObject();
    }
    return {};
}

void TstMcpCli::initTestCase()
{
    QString error;
    QVERIFY2(m_current.start(&error), qPrintable(error));
    QVERIFY2(m_old.start(&error, {QStringLiteral("--apim-version"), QStringLiteral("4.2.0")}), qPrintable(error));
    CliResult r = m_cli.addApimProfile(QStringLiteral("current"), m_current.info(), {QStringLiteral("--apim-version"), QStringLiteral("4.6.0")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = m_cli.addApimProfile(QStringLiteral("old"), m_old.info(), {QStringLiteral("--apim-version"), QStringLiteral("v4.2")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

void TstMcpCli::scopesListSaysWhereEachScopeIsUsed()
{
    CliResult r = m_cli.run({QStringLiteral("scopes"), QStringLiteral("list"), QStringLiteral("--apim"), QStringLiteral("current"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject coverage = r.json().object();
    // The shared scope of the seeded API is also the scope of the MCP tool made from that API.
    const QJsonArray usedBy = scopeNamed(coverage, QStringLiteral("orders:read")).value(QLatin1String("usedBy")).toArray();
    QVERIFY(usedBy.contains(QJsonObject{{QStringLiteral("kind"), QStringLiteral("api")}, {QStringLiteral("name"), QStringLiteral("PizzaShackAPI")},
                                        {QStringLiteral("operation"), QStringLiteral("GET /menu")}}));
    QVERIFY(usedBy.contains(QJsonObject{{QStringLiteral("kind"), QStringLiteral("mcpTool")}, {QStringLiteral("name"), QStringLiteral("PizzaShackMCP")},
                                        {QStringLiteral("tool"), QStringLiteral("get_menu")}}));
    const QJsonObject mcp = coverage.value(QLatin1String("mcp")).toObject();
    QCOMPARE(mcp.value(QLatin1String("read")).toBool(), true);
    QCOMPARE(mcp.value(QLatin1String("unscoped")).toArray(), QJsonArray{QStringLiteral("WeatherMCP")});

    // In words: the usage beside each scope, and the server whose tools carry no scope.
    r = m_cli.run({QStringLiteral("scopes"), QStringLiteral("list"), QStringLiteral("--apim"), QStringLiteral("current")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.contains(QLatin1String("Shared: API PizzaShackAPI (GET /menu); MCP tool get_menu of PizzaShackMCP")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("Note: MCP server WeatherMCP: none of its tools requires a scope")), qPrintable(out));
}

void TstMcpCli::an42ServerHasNoMcpServersAndSaysSo()
{
    CliResult r = m_cli.run({QStringLiteral("scopes"), QStringLiteral("list"), QStringLiteral("--apim"), QStringLiteral("old"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData()); // the 404 of /mcp-servers is not a failure
    const QJsonObject coverage = r.json().object();
    const QJsonObject mcp = coverage.value(QLatin1String("mcp")).toObject();
    QCOMPARE(mcp.value(QLatin1String("read")).toBool(true), false);
    QVERIFY2(mcp.value(QLatin1String("note")).toString().contains(QLatin1String("no MCP servers")), r.out.constData());
    QCOMPARE(scopeNamed(coverage, QStringLiteral("orders:read")).value(QLatin1String("usedBy")).toArray().size(), 1);

    r = m_cli.run({QStringLiteral("scopes"), QStringLiteral("list"), QStringLiteral("--apim"), QStringLiteral("old")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("Note: This API Manager has no MCP servers") && r.out.contains("came with API Manager 4.6"), r.out.constData());
    QVERIFY2(!r.out.contains("404 Not Found") && !r.err.contains("404"), r.err.constData());
    // The 4.2 server was asked once and answered as the real one does.
    const QJsonArray requests = m_old.control("apim", "GET", QStringLiteral("/__sandbox/requests")).toArray();
    int notFound = 0;
    for (const QJsonValue &v : requests) {
        const QJsonObject e = v.toObject();
        if (e.value(QLatin1String("path")).toString().startsWith(QLatin1String("/api/am/publisher/v4/mcp-servers")))
            notFound += e.value(QLatin1String("status")).toInt() == 404 ? 1 : 100;
    }
    QCOMPARE(notFound, 2);
}

void TstMcpCli::profileListShowsTheVersion()
{
    const CliResult r = m_cli.run({QStringLiteral("profile"), QStringLiteral("list")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("API Manager 4.6.0 (declared)"), r.out.constData());
    QVERIFY2(r.out.contains("API Manager 4.2.0 (declared)"), r.out.constData()); // "v4.2" as typed, kept normalised
    const CliResult json = m_cli.run({QStringLiteral("profile"), QStringLiteral("list"), QStringLiteral("--json")});
    QVERIFY2(json.exitCode == 0, json.err.constData());
    bool seen = false;
    for (const QJsonValue &v : km::constTemporary(json.json().object().value(QLatin1String("apim")).toArray())) {
        const QJsonObject p = v.toObject();
        if (p.value(QLatin1String("name")).toString() == QLatin1String("old")) {
            seen = true;
            QCOMPARE(p.value(QLatin1String("apimVersion")).toString(), QStringLiteral("4.2.0"));
            QVERIFY(p.value(QLatin1String("serverSummary")).toString().startsWith(QLatin1String("API Manager 4.2.0 (declared)")));
        }
    }
    QVERIFY(seen);
}

void TstMcpCli::unknownVersionStrings_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("said");
    QTest::newRow("a word") << QStringLiteral("latest") << 1 << QStringLiteral("“latest” is not an API Manager version");
    QTest::newRow("a URL pasted") << QStringLiteral("https://apim.example.com:9443") << 1 << QStringLiteral("e.g. 4.2.0 or 4.6.0");
    QTest::newRow("3.x") << QStringLiteral("3.2.0") << 1 << QStringLiteral("older than 4.0");
    QTest::newRow("newer than known") << QStringLiteral("4.9.0") << 0 << QStringLiteral("Note: API Manager 4.9.0 is newer than the releases the console knows");
}

void TstMcpCli::unknownVersionStrings()
{
    QFETCH(QString, version);
    QFETCH(int, exitCode);
    QFETCH(QString, said);
    const CliResult r = m_cli.addApimProfile(QStringLiteral("tried"), m_current.info(), {QStringLiteral("--apim-version"), version});
    QCOMPARE(r.exitCode, exitCode);
    const QString text = QString::fromUtf8(exitCode == 0 ? r.out : r.err);
    QVERIFY2(text.contains(said), qPrintable(text));
    if (exitCode != 0)
        QCOMPARE(r.errLines().size(), 1);
}

void TstMcpCli::sandboxRefusesAVersionItCannotAnswerAs()
{
    QProcess p;
    p.start(QStringLiteral(KM_BIN_DIR "/kmconsole-sandbox"), {QStringLiteral("--apim-version"), QStringLiteral("four")});
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitCode(), 2);
    QVERIFY(p.readAllStandardError().contains("--apim-version takes a release such as 4.2.0"));
}

void TstMcpCli::cleanupTestCase()
{
    QCOMPARE(m_current.stop(), 0);
    QCOMPARE(m_old.stop(), 0);
}

QTEST_GUILESS_MAIN(TstMcpCli)
#include "tst_mcp_cli.moc"
