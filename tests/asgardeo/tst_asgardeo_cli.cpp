// `kmconsole-cli setup asgardeo` against the real kmconsole-sandbox: the key manager is set up right the
// first time, a second run changes nothing, the Organization-API mistake is named, a dry run sends nothing.

#include "support/CliRunner.h"
#include "services/core/ConstRange.h"
#include "support/SandboxFixture.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace km::test;

class TstAsgardeoCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void dryRunChangesNothing();
    void setupCreatesResourceRolesAndKeyManager();
    void secondRunChangesNothing();
    void organizationApiMistakeIsNamed();
    void scopesCheckSaysWhatAsgardeoLacks();
    void badInput_data();
    void badInput();
    void cleanupTestCase();

private:
    QJsonObject account(const char *name) const
    {
        return m_sandbox.info().value(QLatin1String("accounts")).toObject().value(QLatin1String(name)).toObject();
    }
    QJsonObject stepsById(const QJsonObject &out) const;
    CliResult setup(const QStringList &extra);

    SandboxProcess m_sandbox;
    CliRunner m_cli;
};

QJsonObject TstAsgardeoCli::stepsById(const QJsonObject &out) const
{
    QJsonObject byId;
    for (const QJsonValue &s : km::constTemporary(out.value(QLatin1String("steps")).toArray()))
        byId.insert(s.toObject().value(QLatin1String("id")).toString(), s.toObject());
    return byId;
}

CliResult TstAsgardeoCli::setup(const QStringList &extra)
{
    return m_cli.run(QStringList{QStringLiteral("setup"), QStringLiteral("asgardeo"), QStringLiteral("--apim"), QStringLiteral("dev"),
                                 QStringLiteral("--json")} + extra);
}

void TstAsgardeoCli::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    const QJsonObject info = m_sandbox.info();
    QVERIFY(info.contains(QLatin1String("asgardeo")));
    CliResult r = m_cli.addApimProfile(QStringLiteral("dev"), info);
    QCOMPARE(r.exitCode, 0);
    for (const auto &p : {qMakePair("asg", "asgardeo"), qMakePair("orgapi", "asgardeoOrgApi")}) {
        r = m_cli.run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("asgardeo"), QLatin1String(p.first),
                       QStringLiteral("--org"), account(p.second).value(QLatin1String("org")).toString(),
                       QStringLiteral("--client-id"), account(p.second).value(QLatin1String("clientId")).toString(),
                       QStringLiteral("--client-secret-stdin"), QStringLiteral("--base-url"), info.value(QLatin1String("asgardeo")).toString()},
                      account(p.second).value(QLatin1String("clientSecret")).toString().toUtf8() + '\n');
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
}

void TstAsgardeoCli::dryRunChangesNothing()
{
    const CliResult r = setup({QStringLiteral("--asgardeo"), QStringLiteral("asg"), QStringLiteral("--name"), QStringLiteral("Asgardeo"),
                               QStringLiteral("--create-roles"), QStringLiteral("--dry-run")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject out = r.json().object();
    QCOMPARE(out.value(QLatin1String("dryRun")).toBool(), true);
    const QJsonObject km = out.value(QLatin1String("keyManager")).toObject();
    QCOMPARE(km.value(QLatin1String("type")).toString(), QStringLiteral("Asgardeo"));
    QVERIFY(!r.out.contains(account("asgardeo").value(QLatin1String("clientSecret")).toString().toUtf8())); // masked
    QCOMPARE(stepsById(out).value(QLatin1String("global-scopes-resource")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("skipped"));
    // Nothing changed on either server.
    QCOMPARE(m_sandbox.state("apim").value(QLatin1String("keyManagers")).toArray().size(), 1);
    for (const QJsonValue &res : km::constTemporary(m_sandbox.state("asgardeo").value(QLatin1String("apiResources")).toArray()))
        QVERIFY(res.toObject().value(QLatin1String("name")).toString() != QLatin1String("APIM_GLOBAL_SCOPES"));
    QVERIFY(m_sandbox.state("asgardeo").value(QLatin1String("roles")).toArray().isEmpty());
}

void TstAsgardeoCli::setupCreatesResourceRolesAndKeyManager()
{
    const CliResult r = setup({QStringLiteral("--asgardeo"), QStringLiteral("asg"), QStringLiteral("--name"), QStringLiteral("Asgardeo"),
                               QStringLiteral("--display-name"), QStringLiteral("Asgardeo (acme)"), QStringLiteral("--create-roles")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    const QJsonObject out = r.json().object();
    const QJsonObject steps = stepsById(out);
    for (const char *id : {"management-app", "global-scopes-resource", "create-roles", "discover-endpoints", "key-manager", "read-back", "fetch-jwks", "management-token"})
        QVERIFY2(steps.value(QLatin1String(id)).toObject().value(QLatin1String("status")).toString() == QLatin1String("done"), id);
    const QJsonObject km = out.value(QLatin1String("keyManager")).toObject();
    QVERIFY(!km.value(QLatin1String("id")).toString().isEmpty());
    QCOMPARE(km.value(QLatin1String("displayName")).toString(), QStringLiteral("Asgardeo (acme)"));

    // What API Manager now holds is what the connector needs.
    QJsonObject held;
    for (const QJsonValue &v : km::constTemporary(m_sandbox.state("apim").value(QLatin1String("keyManagers")).toArray())) {
        if (v.toObject().value(QLatin1String("name")).toString() == QLatin1String("Asgardeo"))
            held = v.toObject();
    }
    QVERIFY(!held.isEmpty());
    const QString org = m_sandbox.info().value(QLatin1String("asgardeo")).toString() + QStringLiteral("/t/acme");
    QCOMPARE(held.value(QLatin1String("issuer")).toString(), org + QStringLiteral("/oauth2/token"));
    QCOMPARE(held.value(QLatin1String("consumerKeyClaim")).toString(), QStringLiteral("azp"));
    QCOMPARE(held.value(QLatin1String("certificates")).toObject().value(QLatin1String("value")).toString(), org + QStringLiteral("/oauth2/jwks"));
    const QJsonObject props = held.value(QLatin1String("additionalProperties")).toObject();
    QCOMPARE(props.value(QLatin1String("org_name")).toString(), QStringLiteral("acme"));
    QCOMPARE(props.value(QLatin1String("mgmt_client_id")).toString(), account("asgardeo").value(QLatin1String("clientId")).toString());
    QCOMPARE(props.value(QLatin1String("mgmt_client_secret")).toString(), account("asgardeo").value(QLatin1String("clientSecret")).toString());
    QCOMPARE(props.value(QLatin1String("APIM_GLOBAL_SCOPES")).toString(), QStringLiteral("APIM_GLOBAL_SCOPES"));
    QCOMPARE(props.value(QLatin1String("asgardeo_api_resource_management_endpoint")).toString(), org + QStringLiteral("/api/server/v1/api-resources"));
    QCOMPARE(props.value(QLatin1String("asgardeo_roles_endpoint")).toString(), org + QStringLiteral("/scim2/v2/Roles"));
    // The endpoints are stored where the connector reads them (additionalProperties), all four required ones included.
    QCOMPARE(props.value(QLatin1String("scope_management_endpoint")).toString(), QStringLiteral("none"));
    QCOMPARE(props.value(QLatin1String("token_endpoint")).toString(), org + QStringLiteral("/oauth2/token"));
    for (const char *required : {"revoke_endpoint", "introspection_endpoint", "client_registration_endpoint"})
        QVERIFY2(!props.value(QLatin1String(required)).toString().isEmpty(), required);

    // Asgardeo holds the global resource and the mapped roles.
    const QJsonObject asg = m_sandbox.state("asgardeo");
    bool resourceFound = false;
    for (const QJsonValue &res : km::constTemporary(asg.value(QLatin1String("apiResources")).toArray())) {
        if (res.toObject().value(QLatin1String("name")).toString() == QLatin1String("APIM_GLOBAL_SCOPES")) {
            resourceFound = true;
            QCOMPARE(res.toObject().value(QLatin1String("identifier")).toString(), QStringLiteral("/api/server/v1/scope-resource"));
            QCOMPARE(res.toObject().value(QLatin1String("requiresAuthorization")).toBool(), true);
        }
    }
    QVERIFY(resourceFound);
    QStringList roles;
    for (const QJsonValue &role : km::constTemporary(asg.value(QLatin1String("roles")).toArray()))
        roles << role.toObject().value(QLatin1String("displayName")).toString();
    roles.sort();
    QCOMPARE(roles, (QStringList{QStringLiteral("apim_primary_admin"), QStringLiteral("creator"), QStringLiteral("publisher"), QStringLiteral("subscriber")}));
    const QString created = steps.value(QLatin1String("create-roles")).toObject().value(QLatin1String("detail")).toString();
    QVERIFY2(created.endsWith(QLatin1String("; already there: none")), qPrintable(created));
    for (const QString &role : std::as_const(roles))
        QVERIFY2(created.section(QLatin1String("; "), 0, 0).mid(9).split(QStringLiteral(", ")).contains(role), qPrintable(created));
}

void TstAsgardeoCli::secondRunChangesNothing()
{
    const QJsonObject apimBefore = m_sandbox.state("apim");
    const QJsonObject asgBefore = m_sandbox.state("asgardeo");
    const CliResult r = setup({QStringLiteral("--asgardeo"), QStringLiteral("asg"), QStringLiteral("--name"), QStringLiteral("Asgardeo"),
                               QStringLiteral("--display-name"), QStringLiteral("Asgardeo (acme)"), QStringLiteral("--create-roles")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject steps = stepsById(r.json().object());
    QCOMPARE(steps.value(QLatin1String("global-scopes-resource")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("skipped"));
    QCOMPARE(steps.value(QLatin1String("key-manager")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("skipped"));
    // Every role is found again, one after the other, and named as found.
    const QString again = steps.value(QLatin1String("create-roles")).toObject().value(QLatin1String("detail")).toString();
    QVERIFY2(again.startsWith(QLatin1String("Created: none; already there: ")), qPrintable(again));
    for (const char *role : {"apim_primary_admin", "creator", "publisher", "subscriber"})
        QVERIFY2(again.section(QLatin1String("already there: "), 1).split(QStringLiteral(", ")).contains(QLatin1String(role)), qPrintable(again));
    QCOMPARE(m_sandbox.state("apim").value(QLatin1String("keyManagers")), apimBefore.value(QLatin1String("keyManagers")));
    QCOMPARE(m_sandbox.state("asgardeo").value(QLatin1String("apiResources")), asgBefore.value(QLatin1String("apiResources")));
    QCOMPARE(m_sandbox.state("asgardeo").value(QLatin1String("roles")).toArray().size(), asgBefore.value(QLatin1String("roles")).toArray().size());
}

void TstAsgardeoCli::organizationApiMistakeIsNamed()
{
    const CliResult r = setup({QStringLiteral("--asgardeo"), QStringLiteral("orgapi"), QStringLiteral("--name"), QStringLiteral("Asgardeo-2")});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.err.contains("authorized for the Organization API versions"), r.err.constData());
    QVERIFY(r.err.contains("Management API"));
    const QJsonObject steps = stepsById(r.json().object());
    QCOMPARE(steps.value(QLatin1String("management-app")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("failed"));
    QCOMPARE(steps.value(QLatin1String("key-manager")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("pending"));
}

void TstAsgardeoCli::scopesCheckSaysWhatAsgardeoLacks()
{
    // The Publisher's seeded scopes predate the key manager: the connector never propagated them.
    CliResult r = m_cli.run({QStringLiteral("scopes"), QStringLiteral("list"), QStringLiteral("--apim"), QStringLiteral("dev"),
                             QStringLiteral("--asgardeo"), QStringLiteral("asg"), QStringLiteral("--check"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.err.contains("missing from Asgardeo"), r.err.constData());
    const QJsonObject coverage = r.json().object();
    QCOMPARE(coverage.value(QLatin1String("organization")).toString(), account("asgardeo").value(QLatin1String("org")).toString());
    QVERIFY(coverage.value(QLatin1String("missing")).toInt() >= 1);
    bool readListed = false;
    for (const QJsonValue &v : km::constTemporary(coverage.value(QLatin1String("scopes")).toArray())) {
        if (v.toObject().value(QLatin1String("name")).toString() == QLatin1String("orders:read")) {
            readListed = true;
            QCOMPARE(v.toObject().value(QLatin1String("inAsgardeo")).toBool(true), false);
        }
    }
    QVERIFY(readListed);
    // Without an Asgardeo profile the scopes are listed, not compared.
    r = m_cli.run({QStringLiteral("scopes"), QStringLiteral("list"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.right(6000).constData());
    QVERIFY(r.json().object().value(QLatin1String("organization")).isNull());
    r = m_cli.run({QStringLiteral("scopes"), QStringLiteral("list"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--check")});
    QCOMPARE(r.exitCode, 2);
}

void TstAsgardeoCli::badInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("name with spaces") << QStringList{QStringLiteral("--asgardeo"), QStringLiteral("asg"), QStringLiteral("--name"), QStringLiteral("My Asgardeo")}
                                      << 1 << QStringLiteral("contains spaces");
    QTest::newRow("unknown profile") << QStringList{QStringLiteral("--asgardeo"), QStringLiteral("nope"), QStringLiteral("--name"), QStringLiteral("X")}
                                     << 1 << QStringLiteral("no Asgardeo profile named");
    QTest::newRow("missing name") << QStringList{QStringLiteral("--asgardeo"), QStringLiteral("asg")} << 2 << QStringLiteral("--name is required");
}

void TstAsgardeoCli::badInput()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const CliResult r = setup(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
}

void TstAsgardeoCli::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

QTEST_GUILESS_MAIN(TstAsgardeoCli)
#include "tst_asgardeo_cli.moc"
