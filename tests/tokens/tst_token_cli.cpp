// `kmconsole-cli token inspect` as a script runs it: tokens and keys from npm jose and a certified
// OpenID provider, the report as JSON, exit codes 0/1/2, and the raw token never printed.

#include "support/CliRunner.h"
#include "services/core/ConstRange.h"
#include "support/JobWaiter.h"
#include "support/NodePeer.h"

#include "services/http/HttpSession.h"
#include "services/oauth/TokenClient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QRegularExpression>
#include <QTest>

using namespace km;
using namespace km::test;

namespace {

const QString kTenant = QStringLiteral("72f988bf-86f1-41af-91ab-2d7cd011db47");

QJsonObject byId(const QJsonObject &report)
{
    QJsonObject out;
    for (const QJsonValue &f : km::constTemporary(report.value(QLatin1String("findings")).toArray()))
        out.insert(f.toObject().value(QLatin1String("id")).toString(), f.toObject());
    return out;
}

QString verdictOf(const QJsonObject &report)
{
    return report.value(QLatin1String("verdict")).toObject().value(QLatin1String("verdict")).toString();
}

} // namespace

class TstTokenCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void asgardeoTokenAccepted();
    void v1TokenAgainstV2KeyManagerRejected();
    void keyManagerJwksUrlAndConsumerKeyClaim();
    void unreachableJwks();
    void withoutKeyManager();
    void noJwksIsNotVerifiedUnlessClaimsOnly();
    void tokenArgumentWarns();
    void malformedAndOpaque();
    void humanReadableOutput();
    void badUsage_data();
    void badUsage();

private:
    QString writeFile(const QString &name, const QJsonObject &object);
    // Asserts the token (and its signature part) appear nowhere in what the CLI printed.
    static bool leaks(const CliResult &r, const QString &token);

    QTemporaryDir m_dir;
    CliRunner m_cli;
    QString m_asgardeoToken, m_asgardeoJwks, m_asgardeoKm;
    QString m_v1Token, m_v1Jwks, m_v2Km;
};

QString TstTokenCli::writeFile(const QString &name, const QJsonObject &object)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(QJsonDocument(object).toJson());
    return path;
}

bool TstTokenCli::leaks(const CliResult &r, const QString &token)
{
    const QByteArray t = token.toLatin1();
    const QByteArray signature = t.mid(t.lastIndexOf('.') + 1);
    return r.out.contains(t) || r.err.contains(t) || (signature.size() > 20 && (r.out.contains(signature) || r.err.contains(signature)));
}

void TstTokenCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const double now = double(QDateTime::currentSecsSinceEpoch());
    const QJsonObject asgardeo{{QStringLiteral("iss"), QStringLiteral("https://api.asgardeo.io/t/acme/oauth2/token")},
                               {QStringLiteral("azp"), QStringLiteral("Q2x7cGPGqvhYbWDH2Hb6ZsU0oIka")}, {QStringLiteral("aud"), QStringLiteral("Q2x7cGPGqvhYbWDH2Hb6ZsU0oIka")},
                               {QStringLiteral("scope"), QStringLiteral("orders:read")}, {QStringLiteral("iat"), now - 30},
                               {QStringLiteral("exp"), now + 3600}};
    const QJsonObject v1{{QStringLiteral("iss"), QStringLiteral("https://sts.windows.net/%1/").arg(kTenant)},
                         {QStringLiteral("appid"), QStringLiteral("aaaabbbb-0000-1111-2222-333344445555")}, {QStringLiteral("ver"), QStringLiteral("1.0")},
                         {QStringLiteral("aud"), QStringLiteral("api://orders")}, {QStringLiteral("roles"), QJsonArray{QStringLiteral("Orders.Read")}},
                         {QStringLiteral("iat"), now - 30}, {QStringLiteral("nbf"), now - 30}, {QStringLiteral("exp"), now + 3600}};
    const QJsonArray specs{QJsonObject{{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("kid"), QStringLiteral("asg-1")}, {QStringLiteral("claims"), asgardeo}},
                           QJsonObject{{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("kid"), QStringLiteral("entra-1")}, {QStringLiteral("claims"), v1}}};
    QByteArray out, err;
    const int rc = NodePeer::run(QStringLiteral("jose-sign.mjs"), {QString::fromUtf8(QJsonDocument(specs).toJson(QJsonDocument::Compact))}, &out, &err);
    QVERIFY2(rc == 0, qPrintable(QStringLiteral("jose-sign.mjs failed (%1): %2").arg(rc).arg(QString::fromUtf8(err))));
    const QJsonArray signedTokens = QJsonDocument::fromJson(out).array();
    QCOMPARE(signedTokens.size(), 2);
    m_asgardeoToken = signedTokens.at(0).toObject().value(QLatin1String("token")).toString();
    m_asgardeoJwks = writeFile(QStringLiteral("asgardeo-jwks.json"), signedTokens.at(0).toObject().value(QLatin1String("jwks")).toObject());
    m_v1Token = signedTokens.at(1).toObject().value(QLatin1String("token")).toString();
    m_v1Jwks = writeFile(QStringLiteral("entra-jwks.json"), signedTokens.at(1).toObject().value(QLatin1String("jwks")).toObject());
    m_asgardeoKm = writeFile(QStringLiteral("asgardeo-km.json"),
                             {{QStringLiteral("name"), QStringLiteral("Asgardeo")}, {QStringLiteral("type"), QStringLiteral("Asgardeo")},
                              {QStringLiteral("enabled"), true}, {QStringLiteral("issuer"), QStringLiteral("https://api.asgardeo.io/t/acme/oauth2/token")},
                              {QStringLiteral("consumerKeyClaim"), QStringLiteral("azp")}, {QStringLiteral("scopesClaim"), QStringLiteral("scope")}});
    m_v2Km = writeFile(QStringLiteral("entra-v2-km.json"),
                       {{QStringLiteral("name"), QStringLiteral("EntraProd")}, {QStringLiteral("type"), QStringLiteral("AzureAD")},
                        {QStringLiteral("enabled"), true}, {QStringLiteral("issuer"), QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(kTenant)},
                        {QStringLiteral("consumerKeyClaim"), QStringLiteral("azp")}, {QStringLiteral("scopesClaim"), QStringLiteral("scp")}});
}

void TstTokenCli::asgardeoTokenAccepted()
{
    const CliResult r = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--token-stdin"), QStringLiteral("--jwks-file"),
                                   m_asgardeoJwks, QStringLiteral("--key-manager-json"), m_asgardeoKm, QStringLiteral("--json")},
                                  QByteArray("Bearer " + m_asgardeoToken.toLatin1() + "\n"));
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    const QJsonObject report = r.json().object();
    QCOMPARE(report.value(QLatin1String("kind")).toString(), QStringLiteral("jws"));
    QCOMPARE(report.value(QLatin1String("header")).toObject().value(QLatin1String("kid")).toString(), QStringLiteral("asg-1"));
    QCOMPARE(report.value(QLatin1String("claims")).toObject().value(QLatin1String("azp")).toString(), QStringLiteral("Q2x7cGPGqvhYbWDH2Hb6ZsU0oIka"));
    QCOMPARE(report.value(QLatin1String("verification")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("verified"));
    QCOMPARE(report.value(QLatin1String("verification")).toObject().value(QLatin1String("verified")).toBool(), true);
    QCOMPARE(verdictOf(report), QStringLiteral("accepted"));
    QCOMPARE(report.value(QLatin1String("verdict")).toObject().value(QLatin1String("summary")).toString(),
             QStringLiteral("The gateway would accept this token for the key manager “Asgardeo”."));
    for (const QJsonValue &f : km::constTemporary(report.value(QLatin1String("findings")).toArray()))
        QVERIFY2(f.toObject().value(QLatin1String("severity")).toString() != QLatin1String("error"), r.out.constData());
    QVERIFY(!leaks(r, m_asgardeoToken));
    QVERIFY(r.err.isEmpty());
}

void TstTokenCli::v1TokenAgainstV2KeyManagerRejected()
{
    const CliResult r = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--token-stdin"), QStringLiteral("--jwks-file"),
                                   m_v1Jwks, QStringLiteral("--key-manager-json"), m_v2Km, QStringLiteral("--json")},
                                  m_v1Token.toLatin1());
    QVERIFY2(r.exitCode == 1, QByteArray(r.out + r.err).constData());
    const QJsonObject report = r.json().object();
    QCOMPARE(verdictOf(report), QStringLiteral("rejected"));
    const QJsonObject findings = byId(report);
    QCOMPARE(findings.value(QLatin1String("issuer")).toObject().value(QLatin1String("severity")).toString(), QStringLiteral("error"));
    QVERIFY2(findings.value(QLatin1String("issuer")).toObject().value(QLatin1String("fix")).toString().startsWith(
                 QStringLiteral("The app's api.requestedAccessTokenVersion is null/1 so Entra issues v1 tokens; set it to 2 or point the key "
                                "manager at the v1 issuer")), r.out.constData());
    QCOMPARE(findings.value(QLatin1String("consumer-key")).toObject().value(QLatin1String("title")).toString(),
             QStringLiteral("The token has no “azp” claim, where the key manager looks for the client ID"));
    QCOMPARE(findings.value(QLatin1String("signature")).toObject().value(QLatin1String("severity")).toString(), QStringLiteral("ok"));
    QVERIFY(report.value(QLatin1String("verdict")).toObject().value(QLatin1String("summary")).toString().contains(QStringLiteral("900901")));
    QVERIFY(!leaks(r, m_v1Token));
}

void TstTokenCli::keyManagerJwksUrlAndConsumerKeyClaim()
{
    // A certified OpenID provider issues the token; the key manager's certificates name its JWKS URL.
    NodePeer provider;
    QString error;
    QVERIFY2(provider.start(QStringLiteral("oidc-server.mjs"), {}, &error), qPrintable(error));
    HttpSession session;
    const QString issuer = provider.info().value(QLatin1String("issuer")).toString();
    auto discovery = await(TokenClient(&session).fetchDiscovery(QUrl(issuer + QStringLiteral("/.well-known/openid-configuration"))));
    QVERIFY2(!discovery->hasError(), qPrintable(discovery->error().toUserText()));
    const QJsonObject doc = discovery->result().toObject();
    auto tokenJob = await(TokenClient(&session).clientCredentials(QUrl(doc.value(QLatin1String("token_endpoint")).toString()),
                                                                  provider.info().value(QLatin1String("clientId")).toString(),
                                                                  provider.info().value(QLatin1String("clientSecret")).toString(), {QStringLiteral("read")}));
    QVERIFY2(!tokenJob->hasError(), qPrintable(tokenJob->error().toUserText()));
    const QString token = tokenJob->result().toObject().value(QLatin1String("access_token")).toString();

    QJsonObject km{{QStringLiteral("name"), QStringLiteral("Local")}, {QStringLiteral("type"), QStringLiteral("default")},
                   {QStringLiteral("enabled"), true}, {QStringLiteral("issuer"), issuer},
                   {QStringLiteral("certificates"), QJsonObject{{QStringLiteral("type"), QStringLiteral("JWKS")}, {QStringLiteral("value"), doc.value(QLatin1String("jwks_uri"))}}}};
    // No consumer-key claim configured: the gateway looks in azp, but this provider puts the client in client_id.
    CliResult r = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), token, QStringLiteral("--key-manager-json"),
                             writeFile(QStringLiteral("local-km.json"), km), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 1, QByteArray(r.out + r.err).constData());
    QJsonObject report = r.json().object();
    QCOMPARE(report.value(QLatin1String("verification")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("verified"));
    QCOMPARE(byId(report).value(QLatin1String("consumer-key")).toObject().value(QLatin1String("fix")).toString(),
             QStringLiteral("Set the key manager's consumer-key claim to client_id."));
    QVERIFY(!leaks(r, token));

    km.insert(QStringLiteral("consumerKeyClaim"), QStringLiteral("client_id"));
    r = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), token, QStringLiteral("--key-manager-json"),
                   writeFile(QStringLiteral("local-km.json"), km), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    report = r.json().object();
    QCOMPARE(verdictOf(report), QStringLiteral("accepted"));
    QCOMPARE(byId(report).value(QLatin1String("consumer-key")).toObject().value(QLatin1String("title")).toString(),
             QStringLiteral("Client ID in “client_id”: kmconsole-test"));
    QVERIFY(!leaks(r, token));
}

void TstTokenCli::unreachableJwks()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const QString url = QStringLiteral("http://127.0.0.1:%1/oauth2/jwks").arg(probe.serverPort());
    probe.close();
    const CliResult r = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--token-stdin"), QStringLiteral("--jwks-url"), url,
                                   QStringLiteral("--key-manager-json"), m_asgardeoKm, QStringLiteral("--json")},
                                  m_asgardeoToken.toLatin1());
    QVERIFY2(r.exitCode == 1, QByteArray(r.out + r.err).constData());
    const QJsonObject verification = r.json().object().value(QLatin1String("verification")).toObject();
    QCOMPARE(verification.value(QLatin1String("status")).toString(), QStringLiteral("jwks-unavailable"));
    QVERIFY2(verification.value(QLatin1String("reason")).toString().contains(QStringLiteral("The JWKS at %1 could not be read").arg(url)), r.out.constData());
    // A JWKS that cannot be fetched proves nothing either way: not verified, exit 1.
    QCOMPARE(verdictOf(r.json().object()), QStringLiteral("not-verified"));
    QVERIFY2(r.errLines().value(0).contains(QStringLiteral("signature was not verified")), r.err.constData());
}

void TstTokenCli::withoutKeyManager()
{
    const CliResult r = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--token-stdin"), QStringLiteral("--jwks-file"),
                                   m_asgardeoJwks, QStringLiteral("--json")}, m_asgardeoToken.toLatin1());
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    QCOMPARE(verdictOf(r.json().object()), QStringLiteral("undetermined"));
    // The wrong JWKS: the signature fails, so nothing passes.
    const CliResult wrong = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--token-stdin"), QStringLiteral("--jwks-file"),
                                       m_v1Jwks, QStringLiteral("--json")}, m_asgardeoToken.toLatin1());
    QVERIFY2(wrong.exitCode == 1, QByteArray(wrong.out + wrong.err).constData());
    QCOMPARE(wrong.json().object().value(QLatin1String("verification")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("key-not-found"));
    QCOMPARE(verdictOf(wrong.json().object()), QStringLiteral("not-verified"));
}

void TstTokenCli::noJwksIsNotVerifiedUnlessClaimsOnly()
{
    // A good token and its key manager, but no JWKS anywhere: exit 1, "not verified" in words.
    CliResult r = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--token-stdin"), QStringLiteral("--key-manager-json"),
                             m_asgardeoKm}, m_asgardeoToken.toLatin1());
    QVERIFY2(r.exitCode == 1, QByteArray(r.out + r.err).constData());
    QVERIFY2(r.out.startsWith("Verdict:  Not verified: the signature could not be checked (no JWKS was given)"), r.out.constData());
    QVERIFY2(r.err.contains("give the issuer's JWKS (--jwks-url, --jwks-file"), r.err.constData());
    QVERIFY(!leaks(r, m_asgardeoToken));

    // --claims-only: the claims are judged, exit 0, and the output still says the signature was not checked.
    r = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--token-stdin"), QStringLiteral("--key-manager-json"),
                   m_asgardeoKm, QStringLiteral("--claims-only")}, m_asgardeoToken.toLatin1());
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    QVERIFY2(r.out.startsWith("Verdict:  The gateway would accept this token for the key manager “Asgardeo” judging by its claims alone: "
                              "its signature was not checked (no JWKS was given)"), r.out.constData());
    QVERIFY2(r.out.contains("[warning] The signature was not checked"), r.out.constData());
    QVERIFY(r.err.isEmpty());

    // --claims-only never turns a forged signature into a pass.
    r = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--token-stdin"), QStringLiteral("--key-manager-json"),
                   m_asgardeoKm, QStringLiteral("--jwks-file"), m_asgardeoJwks, QStringLiteral("--claims-only"), QStringLiteral("--json")},
                  m_asgardeoToken.section(QLatin1Char('.'), 0, 1).toLatin1() + '.' + m_v1Token.section(QLatin1Char('.'), 2).toLatin1());
    QVERIFY2(r.exitCode == 1, QByteArray(r.out + r.err).constData());
}

void TstTokenCli::tokenArgumentWarns()
{
    // The token as an argument works, but is visible in ps and the shell history: say so on stderr.
    const CliResult r = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), m_asgardeoToken, QStringLiteral("--jwks-file"), m_asgardeoJwks,
                                   QStringLiteral("--key-manager-json"), m_asgardeoKm, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    QCOMPARE(verdictOf(r.json().object()), QStringLiteral("accepted"));
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.errLines().constFirst().startsWith(QStringLiteral("kmconsole-cli: warning: a token given as an argument is visible to other users (ps)")),
             r.err.constData());
    QVERIFY(r.errLines().constFirst().contains(QStringLiteral("--token-stdin")));
    QVERIFY(!leaks(r, m_asgardeoToken));
    // The help shows --token-stdin first.
    const CliResult help = m_cli.run({QStringLiteral("--help")});
    const QString text = QString::fromUtf8(help.out + help.err);
    const int line = text.indexOf(QStringLiteral("token inspect"));
    QVERIFY2(line >= 0, qPrintable(text));
    QVERIFY2(text.mid(line).startsWith(QStringLiteral("token inspect (--token-stdin | TOKEN)")), qPrintable(text));
}

void TstTokenCli::malformedAndOpaque()
{
    const QString broken = m_asgardeoToken.section(QLatin1Char('.'), 0, 1) + QStringLiteral(".abc+def");
    CliResult r = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--token-stdin"), QStringLiteral("--json")}, broken.toLatin1());
    QVERIFY2(r.exitCode == 1, QByteArray(r.out + r.err).constData());
    QJsonObject report = r.json().object();
    QCOMPARE(report.value(QLatin1String("kind")).toString(), QStringLiteral("malformed"));
    QVERIFY2(report.value(QLatin1String("message")).toString().contains(QStringLiteral("The signature (part 3) is not valid base64url: “+” at position 4")), r.out.constData());
    QVERIFY(report.value(QLatin1String("claims")).toObject().isEmpty());
    QVERIFY(!r.out.contains(broken.toLatin1()));

    r = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--token-stdin"), QStringLiteral("--key-manager-json"), m_asgardeoKm,
                   QStringLiteral("--json")}, "2YotnFZFEjr1zCsicMWpAA");
    QVERIFY2(r.exitCode == 1, QByteArray(r.out + r.err).constData());
    report = r.json().object();
    QCOMPARE(report.value(QLatin1String("kind")).toString(), QStringLiteral("opaque"));
    QCOMPARE(verdictOf(report), QStringLiteral("undetermined"));
    QVERIFY(report.value(QLatin1String("verification")).isNull());
    QVERIFY(!r.out.contains("2YotnFZFEjr1zCsicMWpAA"));
}

void TstTokenCli::humanReadableOutput()
{
    const CliResult r = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), m_v1Token, QStringLiteral("--jwks-file"), m_v1Jwks,
                                   QStringLiteral("--key-manager-json"), m_v2Km});
    QCOMPARE(r.exitCode, 1);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.startsWith(QStringLiteral("Verdict:  The gateway would reject this token with 900901 Invalid Credentials")), r.out.constData());
    QVERIFY(out.contains(QStringLiteral("[error]   A v1 token for a key manager that expects v2 tokens")));
    // Under each problem: what the gateway answers, then the fix.
    static const QRegularExpression underTheFinding(QStringLiteral("A v1 token for a key manager that expects v2 tokens\n(?: {10}.*\n)*?"
                                                                   " {10}Gateway: 900901 Invalid Credentials\n {10}Fix: The app's "
                                                                   "api.requestedAccessTokenVersion is null/1"));
    QVERIFY2(out.contains(underTheFinding), r.out.constData());
    QVERIFY(out.contains(QStringLiteral("\"appid\":\"aaaabbbb-0000-1111-2222-333344445555\"")));
    QVERIFY(!leaks(r, m_v1Token));
}

void TstTokenCli::badUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("stdinData");
    QTest::addColumn<QString>("message");
    const QString t = QStringLiteral("eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
    QTest::newRow("no token") << QStringList{QStringLiteral("--json")} << QByteArray() << QStringLiteral("give the token either as the one argument or with --token-stdin");
    QTest::newRow("token twice") << QStringList{t, QStringLiteral("--token-stdin")} << QByteArray("x") << QStringLiteral("give the token either");
    QTest::newRow("empty stdin") << QStringList{QStringLiteral("--token-stdin")} << QByteArray("\n") << QStringLiteral("no token on standard input");
    QTest::newRow("missing key manager file") << QStringList{t, QStringLiteral("--key-manager-json"), QStringLiteral("/nonexistent/km.json")} << QByteArray()
                                              << QStringLiteral("cannot read the key manager file “/nonexistent/km.json”");
    QTest::newRow("both jwks options") << QStringList{t, QStringLiteral("--jwks-url"), QStringLiteral("https://x/jwks"), QStringLiteral("--jwks-file"), QStringLiteral("f")}
                                       << QByteArray() << QStringLiteral("give --jwks-url or --jwks-file, not both");
    QTest::newRow("jwks url not http") << QStringList{t, QStringLiteral("--jwks-url"), QStringLiteral("ftp://x/jwks")} << QByteArray()
                                       << QStringLiteral("--jwks-url must be an http(s) URL");
    QTest::newRow("unknown option") << QStringList{t, QStringLiteral("--frobnicate")} << QByteArray() << QStringLiteral("Unknown option 'frobnicate'");
}

void TstTokenCli::badUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, stdinData);
    QFETCH(QString, message);
    const CliResult r = m_cli.run(QStringList{QStringLiteral("token"), QStringLiteral("inspect")} + arguments, stdinData);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.errLines().constFirst().contains(message), r.err.constData());
}

QTEST_GUILESS_MAIN(TstTokenCli)
#include "tst_token_cli.moc"
