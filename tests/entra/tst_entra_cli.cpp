// `kmconsole-cli profile add entra`, `setup azure`, `azure check-app` and `map-keys` against the real
// kmconsole-sandbox: two key managers set up once, a second run and a dry run change nothing, the
// legacy app is fixed, existing keys are mapped, and bad input is refused with a one-line reason.

#include "support/CliRunner.h"
#include "services/core/ConstRange.h"
#include "support/SandboxFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace km::test;

class TstEntraCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void profileAddEntra();
    void dryRunChangesNothing();
    void setupBothCreatesTwoKeyManagers();
    void secondRunChangesNothing();
    void checkAppFindsAndFixes();
    void mapKeys();
    void applicationsListShowsKeysWithoutSecrets();
    void externalIdProfile();
    void externalIdSetupTakesTheDocumentsIssuer();
    void externalIdWorkforceTenantSaidAsSuch();
    void badInput_data();
    void badInput();
    void cleanupTestCase();

private:
    QJsonObject entraAccount() const
    {
        return m_sandbox.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("entra")).toObject();
    }
    QJsonObject externalAccount() const
    {
        return m_sandbox.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("entraExternal")).toObject();
    }
    QJsonObject entraProfileListed(const QString &name);
    QString externalToken(const QString &scope) const;
    static QJsonObject findingOf(const QJsonObject &report, const QString &id);
    QJsonObject graphApplication(const QString &displayName) const;
    QJsonObject stepsById(const QJsonObject &out) const;
    QJsonObject keyManagerNamed(const QString &name) const;
    CliResult setup(const QStringList &extra);
    CliResult addEntra(const QString &name, const QString &tenant, const QString &clientId, const QByteArray &secret);
    QByteArray send(const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &contentType,
                    const QByteArray &authorization) const;

    SandboxProcess m_sandbox;
    CliRunner m_cli;
};

QByteArray TstEntraCli::send(const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &contentType,
                             const QByteArray &authorization) const
{
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(m_sandbox.info().value(QLatin1String("apim")).toString() + path));
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
    reply->ignoreSslErrors(); // the test prepares the sandbox's own data; the console never does this
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(20000);
    const QByteArray out = reply->readAll();
    reply->deleteLater();
    return out;
}

QJsonObject TstEntraCli::graphApplication(const QString &displayName) const
{
    for (const QJsonValue &v : km::constTemporary(m_sandbox.state("graph").value(QLatin1String("applications")).toArray())) {
        if (v.toObject().value(QLatin1String("displayName")).toString() == displayName)
            return v.toObject();
    }
    return {};
}

QJsonObject TstEntraCli::stepsById(const QJsonObject &out) const
{
    QJsonObject byId;
    for (const QJsonValue &s : km::constTemporary(out.value(QLatin1String("steps")).toArray()))
        byId.insert(s.toObject().value(QLatin1String("id")).toString(), s.toObject());
    return byId;
}

QJsonObject TstEntraCli::keyManagerNamed(const QString &name) const
{
    for (const QJsonValue &v : km::constTemporary(m_sandbox.state("apim").value(QLatin1String("keyManagers")).toArray())) {
        if (v.toObject().value(QLatin1String("name")).toString() == name)
            return v.toObject();
    }
    return {};
}

CliResult TstEntraCli::setup(const QStringList &extra)
{
    return m_cli.run(QStringList{QStringLiteral("setup"), QStringLiteral("azure"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--json")} + extra);
}

CliResult TstEntraCli::addEntra(const QString &name, const QString &tenant, const QString &clientId, const QByteArray &secret)
{
    return m_cli.run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("entra"), name, QStringLiteral("--tenant"), tenant,
                      QStringLiteral("--client-id"), clientId, QStringLiteral("--client-secret-stdin"),
                      QStringLiteral("--login-url"), m_sandbox.info().value(QLatin1String("entra")).toString(),
                      QStringLiteral("--graph-url"), m_sandbox.info().value(QLatin1String("graph")).toString()},
                     secret + '\n');
}

void TstEntraCli::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    const QJsonObject info = m_sandbox.info();
    QVERIFY(info.contains(QLatin1String("entra")) && info.contains(QLatin1String("graph")));
    const CliResult r = m_cli.addApimProfile(QStringLiteral("dev"), info);
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

void TstEntraCli::profileAddEntra()
{
    const QJsonObject a = entraAccount();
    CliResult r = addEntra(QStringLiteral("contoso"), a.value(QLatin1String("tenant")).toString(), a.value(QLatin1String("clientId")).toString(),
                           a.value(QLatin1String("clientSecret")).toString().toUtf8());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("the client secret is in the OS keychain"));
    // A national cloud preset fills in its hosts.
    r = m_cli.run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("entra"), QStringLiteral("gov"), QStringLiteral("--tenant"),
                   QStringLiteral("contoso.onmicrosoft.us"), QStringLiteral("--client-id"), a.value(QLatin1String("clientId")).toString(),
                   QStringLiteral("--client-secret-stdin"), QStringLiteral("--cloud"), QStringLiteral("usgov")},
                  "abc8Q~someValueOfASecretThatIsLongEnough12\n");
    QVERIFY2(r.exitCode == 0, r.err.constData());

    r = m_cli.run({QStringLiteral("profile"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(!r.out.contains(a.value(QLatin1String("clientSecret")).toString().toUtf8()));
    QJsonObject contoso, gov;
    for (const QJsonValue &v : km::constTemporary(r.json().object().value(QLatin1String("entra")).toArray())) {
        if (v.toObject().value(QLatin1String("name")).toString() == QLatin1String("contoso"))
            contoso = v.toObject();
        if (v.toObject().value(QLatin1String("name")).toString() == QLatin1String("gov"))
            gov = v.toObject();
    }
    QCOMPARE(contoso.value(QLatin1String("tenant")).toString(), a.value(QLatin1String("tenant")).toString());
    QCOMPARE(contoso.value(QLatin1String("cloud")).toString(), QStringLiteral("custom"));
    QCOMPARE(contoso.value(QLatin1String("loginUrl")).toString(), m_sandbox.info().value(QLatin1String("entra")).toString());
    QCOMPARE(gov.value(QLatin1String("cloud")).toString(), QStringLiteral("usgov"));
    QCOMPARE(gov.value(QLatin1String("loginUrl")).toString(), QStringLiteral("https://login.microsoftonline.us"));
    QCOMPARE(gov.value(QLatin1String("graphUrl")).toString(), QStringLiteral("https://graph.microsoft.us"));
}

void TstEntraCli::dryRunChangesNothing()
{
    const QJsonArray before = m_sandbox.state("apim").value(QLatin1String("keyManagers")).toArray();
    const CliResult r = setup({QStringLiteral("--entra"), QStringLiteral("contoso"), QStringLiteral("--name"), QStringLiteral("Contoso"),
                               QStringLiteral("--token-version"), QStringLiteral("both"), QStringLiteral("--dry-run")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    const QJsonObject out = r.json().object();
    QCOMPARE(out.value(QLatin1String("dryRun")).toBool(), true);
    const QJsonArray kms = out.value(QLatin1String("keyManagers")).toArray();
    QCOMPARE(kms.size(), 2);
    QCOMPARE(kms.at(0).toObject().value(QLatin1String("name")).toString(), QStringLiteral("Contoso-v1"));
    QCOMPARE(kms.at(1).toObject().value(QLatin1String("name")).toString(), QStringLiteral("Contoso-v2"));
    QCOMPARE(kms.at(1).toObject().value(QLatin1String("type")).toString(), QStringLiteral("AzureAD"));
    QVERIFY(!r.out.contains(entraAccount().value(QLatin1String("clientSecret")).toString().toUtf8())); // masked
    const QJsonObject steps = stepsById(out);
    QCOMPARE(steps.value(QLatin1String("key-manager-v1")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("skipped"));
    QVERIFY(steps.value(QLatin1String("key-manager-v2")).toObject().value(QLatin1String("detail")).toString().startsWith(QLatin1String("Dry run")));
    QCOMPARE(m_sandbox.state("apim").value(QLatin1String("keyManagers")).toArray(), before);
}

void TstEntraCli::setupBothCreatesTwoKeyManagers()
{
    const CliResult r = setup({QStringLiteral("--entra"), QStringLiteral("contoso"), QStringLiteral("--name"), QStringLiteral("Contoso"),
                               QStringLiteral("--token-version"), QStringLiteral("both"), QStringLiteral("--display-name"), QStringLiteral("Contoso Entra")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    const QJsonObject out = r.json().object();
    const QJsonObject steps = stepsById(out);
    for (const char *id : {"graph-access", "discover-v1", "discover-v2", "key-manager-v1", "read-back-v1", "fetch-jwks-v1",
                           "key-manager-v2", "read-back-v2", "fetch-jwks-v2", "graph-token"})
        QVERIFY2(steps.value(QLatin1String(id)).toObject().value(QLatin1String("status")).toString() == QLatin1String("done"), id);
    const QJsonArray kms = out.value(QLatin1String("keyManagers")).toArray();
    QCOMPARE(kms.size(), 2);
    QVERIFY(!kms.at(0).toObject().value(QLatin1String("id")).toString().isEmpty());
    QVERIFY(!out.contains(QLatin1String("keyManager")));
    QCOMPARE(out.value(QLatin1String("graphAccess")).toObject().value(QLatin1String("ok")).toBool(), true);

    const QString tid = entraAccount().value(QLatin1String("tenant")).toString();
    const QJsonObject v1 = keyManagerNamed(QStringLiteral("Contoso-v1"));
    const QJsonObject v2 = keyManagerNamed(QStringLiteral("Contoso-v2"));
    QCOMPARE(v1.value(QLatin1String("issuer")).toString(), QStringLiteral("https://sts.windows.net/%1/").arg(tid));
    QCOMPARE(v1.value(QLatin1String("consumerKeyClaim")).toString(), QStringLiteral("appid"));
    QCOMPARE(v2.value(QLatin1String("issuer")).toString(), QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(tid));
    QCOMPARE(v2.value(QLatin1String("consumerKeyClaim")).toString(), QStringLiteral("azp"));
    const QJsonObject props = v2.value(QLatin1String("additionalProperties")).toObject();
    QCOMPARE(props.value(QLatin1String("azure_ad_client_secret")).toString(), entraAccount().value(QLatin1String("clientSecret")).toString());
    QCOMPARE(props.value(QLatin1String("azure_ad_requested_access_token_version")).toString(), QStringLiteral("v2.0"));
    QCOMPARE(v1.value(QLatin1String("additionalProperties")).toObject().value(QLatin1String("azure_ad_requested_access_token_version")).toString(),
             QStringLiteral("v1.0"));
}

void TstEntraCli::secondRunChangesNothing()
{
    const QJsonArray before = m_sandbox.state("apim").value(QLatin1String("keyManagers")).toArray();
    const CliResult r = setup({QStringLiteral("--entra"), QStringLiteral("contoso"), QStringLiteral("--name"), QStringLiteral("Contoso"),
                               QStringLiteral("--token-version"), QStringLiteral("both"), QStringLiteral("--display-name"), QStringLiteral("Contoso Entra")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject steps = stepsById(r.json().object());
    for (const char *id : {"key-manager-v1", "key-manager-v2"}) {
        QCOMPARE(steps.value(QLatin1String(id)).toObject().value(QLatin1String("status")).toString(), QStringLiteral("skipped"));
        QVERIFY(steps.value(QLatin1String(id)).toObject().value(QLatin1String("detail")).toString().contains(QLatin1String("already has this configuration")));
    }
    // Every other step only reads: nothing failed, nothing is pending.
    for (const QJsonValue &s : km::constTemporary(r.json().object().value(QLatin1String("steps")).toArray()))
        QVERIFY(QStringList({QStringLiteral("done"), QStringLiteral("skipped")}).contains(s.toObject().value(QLatin1String("status")).toString()));
    const QJsonArray after = m_sandbox.state("apim").value(QLatin1String("keyManagers")).toArray();
    QCOMPARE(after, before);
    QStringList names;
    for (const QJsonValue &v : after)
        names << v.toObject().value(QLatin1String("name")).toString();
    QCOMPARE(names.count(QStringLiteral("Contoso-v1")), 1);
    QCOMPARE(names.count(QStringLiteral("Contoso-v2")), 1);
}

void TstEntraCli::checkAppFindsAndFixes()
{
    const QJsonObject legacy = graphApplication(QStringLiteral("Orders API (legacy registration)"));
    QVERIFY(!legacy.isEmpty());
    const QString appId = legacy.value(QLatin1String("appId")).toString();
    const QStringList base{QStringLiteral("azure"), QStringLiteral("check-app"), QStringLiteral("--entra"), QStringLiteral("contoso"),
                           QStringLiteral("--app-id"), appId, QStringLiteral("--key-manager-version"), QStringLiteral("v2"), QStringLiteral("--json")};
    CliResult r = m_cli.run(base);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.err.contains("identifier-uri-missing") && r.err.contains("token-version-mismatch") && r.err.contains("--fix"), r.err.constData());
    QStringList ids;
    for (const QJsonValue &f : km::constTemporary(r.json().object().value(QLatin1String("findings")).toArray()))
        ids << f.toObject().value(QLatin1String("id")).toString();
    QVERIFY(ids.contains(QLatin1String("identifier-uri-missing")));
    QVERIFY(ids.contains(QLatin1String("token-version-mismatch")));
    QVERIFY(graphApplication(QStringLiteral("Orders API (legacy registration)")).value(QLatin1String("identifierUris")).toArray().isEmpty()); // only read

    r = m_cli.run(base + QStringList{QStringLiteral("--fix")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    const QJsonObject out = r.json().object();
    QCOMPARE(out.value(QLatin1String("ok")).toBool(), true);
    QStringList fixed = out.value(QLatin1String("fixed")).toVariant().toStringList();
    fixed.sort();
    QCOMPARE(fixed, (QStringList{QStringLiteral("identifier-uri-missing"), QStringLiteral("token-version-mismatch")}));
    const QJsonObject now = graphApplication(QStringLiteral("Orders API (legacy registration)"));
    QCOMPARE(now.value(QLatin1String("identifierUris")).toArray(), QJsonArray{QString(QStringLiteral("api://") + appId)});
    QCOMPARE(now.value(QLatin1String("api")).toObject().value(QLatin1String("requestedAccessTokenVersion")).toInt(), 2);

    // Fixed once: a further --fix has nothing left to do.
    r = m_cli.run(base + QStringList{QStringLiteral("--fix")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.json().object().value(QLatin1String("fixed")).toArray().isEmpty());
}

void TstEntraCli::applicationsListShowsKeysWithoutSecrets()
{
    // The Developer Portal as the Applications page shows it (same use case): the mapped key under its key
    // manager, the key manager's token version, and never the secret.
    const QString clientId = graphApplication(QStringLiteral("Orders API (legacy registration)")).value(QLatin1String("appId")).toString();
    CliResult r = m_cli.run({QStringLiteral("applications"), QStringLiteral("list"), QStringLiteral("--profile"), QStringLiteral("dev"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    QVERIFY(!r.out.contains("Zq18Q~the-value-the-admin-copied-once.abcd"));
    QVERIFY(!r.out.contains("consumerSecret"));
    const QJsonObject out = r.json().object();
    bool mapped = false;
    for (const QJsonValue &a : km::constTemporary(out.value(QLatin1String("applications")).toArray())) {
        if (a.toObject().value(QLatin1String("name")).toString() != QLatin1String("Orders client"))
            continue;
        for (const QJsonValue &k : km::constTemporary(a.toObject().value(QLatin1String("keys")).toArray()))
            mapped = mapped || (k.toObject().value(QLatin1String("keyManager")).toString() == QLatin1String("Contoso-v2")
                                && k.toObject().value(QLatin1String("consumerKey")).toString() == clientId);
    }
    QVERIFY2(mapped, r.out.constData());
    int version = 0;
    for (const QJsonValue &km : km::constTemporary(out.value(QLatin1String("keyManagers")).toArray())) {
        if (km.toObject().value(QLatin1String("name")).toString() == QLatin1String("Contoso-v2"))
            version = km.toObject().value(QLatin1String("tokenVersion")).toInt();
    }
    QCOMPARE(version, 2);
    r = m_cli.run({QStringLiteral("applications"), QStringLiteral("list"), QStringLiteral("--profile"), QStringLiteral("dev")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("Orders client") && r.out.contains(QByteArray(QByteArray("client ID ") + clientId.toUtf8())), r.out.constData());
}

void TstEntraCli::mapKeys()
{
    // The DevPortal application the key is mapped to, made as a developer would make it.
    const QJsonObject apim = m_sandbox.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("apim")).toObject();
    const QByteArray registration = send("POST", QStringLiteral("/client-registration/v0.17/register"),
                                         R"({"callbackUrl":"www.example.com","clientName":"tst_entra_cli","owner":"admin","grantType":"password","saasApp":true})",
                                         "application/json",
                                         "Basic " + QString(apim.value(QLatin1String("username")).toString() + QLatin1Char(':')
                                                            + apim.value(QLatin1String("password")).toString()).toUtf8().toBase64());
    const QJsonObject client = QJsonDocument::fromJson(registration).object();
    const QByteArray tokenBody = send("POST", QStringLiteral("/oauth2/token"),
                                      "grant_type=password&username=" + QUrl::toPercentEncoding(apim.value(QLatin1String("username")).toString())
                                          + "&password=" + QUrl::toPercentEncoding(apim.value(QLatin1String("password")).toString())
                                          + "&scope=apim%3Asubscribe%20apim%3Aapp_manage",
                                      "application/x-www-form-urlencoded",
                                      "Basic " + QString(client.value(QLatin1String("clientId")).toString() + QLatin1Char(':')
                                                         + client.value(QLatin1String("clientSecret")).toString()).toUtf8().toBase64());
    const QString token = QJsonDocument::fromJson(tokenBody).object().value(QLatin1String("access_token")).toString();
    QVERIFY2(!token.isEmpty(), tokenBody.constData());
    const QJsonObject app = QJsonDocument::fromJson(send("POST", QStringLiteral("/api/am/devportal/v3/applications"),
                                                         R"({"name":"Orders client","throttlingPolicy":"Unlimited"})", "application/json",
                                                         "Bearer " + token.toUtf8())).object();
    QVERIFY(!app.value(QLatin1String("applicationId")).toString().isEmpty());

    const QString clientId = graphApplication(QStringLiteral("Orders API (legacy registration)")).value(QLatin1String("appId")).toString();
    const QByteArray secret = "Zq18Q~the-value-the-admin-copied-once.abcd";
    const QStringList args{QStringLiteral("map-keys"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--application"),
                           QStringLiteral("Orders client"), QStringLiteral("--key-manager"), QStringLiteral("Contoso-v2"), QStringLiteral("--client-id"),
                           clientId, QStringLiteral("--client-secret-stdin"), QStringLiteral("--key-type"), QStringLiteral("PRODUCTION")};
    CliResult r = m_cli.run(args + QStringList{QStringLiteral("--json")}, secret + '\n');
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    const QJsonObject out = r.json().object();
    QCOMPARE(out.value(QLatin1String("key")).toObject().value(QLatin1String("mode")).toString(), QStringLiteral("MAPPED"));
    QCOMPARE(out.value(QLatin1String("key")).toObject().value(QLatin1String("consumerKey")).toString(), clientId);
    QVERIFY(out.value(QLatin1String("note")).toString().contains(QLatin1String("will not show this secret again")));
    QVERIFY(out.value(QLatin1String("note")).toString().contains(QLatin1String("kmconsole did not store it")));
    QVERIFY(!r.out.contains(secret));
    // API Manager holds the mapping; the secret is nowhere in the console's files.
    bool held = false;
    for (const QJsonValue &a : km::constTemporary(m_sandbox.state("apim").value(QLatin1String("devportal")).toObject().value(QLatin1String("applications")).toArray())) {
        for (const QJsonValue &k : km::constTemporary(a.toObject().value(QLatin1String("keys")).toArray()))
            held = held || (k.toObject().value(QLatin1String("consumerKey")).toString() == clientId
                            && k.toObject().value(QLatin1String("keyManager")).toString() == QLatin1String("Contoso-v2"));
    }
    QVERIFY(held);
    const CliResult list = m_cli.run({QStringLiteral("profile"), QStringLiteral("list"), QStringLiteral("--json")});
    QVERIFY(!list.out.contains(secret));

    // Mapping the same key type again is refused with the reason.
    r = m_cli.run(args, secret + '\n');
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.err.contains("already has PRODUCTION keys"), r.err.constData());
}

QJsonObject TstEntraCli::entraProfileListed(const QString &name)
{
    const CliResult r = m_cli.run({QStringLiteral("profile"), QStringLiteral("list"), QStringLiteral("--json")});
    for (const QJsonValue &v : km::constTemporary(r.json().object().value(QLatin1String("entra")).toArray())) {
        if (v.toObject().value(QLatin1String("name")).toString() == name)
            return v.toObject();
    }
    return {};
}

void TstEntraCli::externalIdProfile()
{
    const QJsonObject x = externalAccount();
    const QString tid = x.value(QLatin1String("tenant")).toString();
    QVERIFY(!tid.isEmpty());
    // The sandbox's external sign-in server stands in for https://contosocustomers.ciamlogin.com (a custom URL domain, as far as
    // the profile knows): --login-url keeps it, the subdomain is still stored.
    CliResult r = m_cli.run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("entra"), QStringLiteral("customers"), QStringLiteral("--tenant"),
                             tid, QStringLiteral("--client-id"), x.value(QLatin1String("clientId")).toString(), QStringLiteral("--client-secret-stdin"),
                             QStringLiteral("--cloud"), QStringLiteral("external"), QStringLiteral("--external-subdomain"),
                             x.value(QLatin1String("subdomain")).toString(), QStringLiteral("--login-url"),
                             m_sandbox.info().value(QLatin1String("entraExternal")).toString(), QStringLiteral("--graph-url"),
                             m_sandbox.info().value(QLatin1String("graphExternal")).toString()},
                            x.value(QLatin1String("clientSecret")).toString().toUtf8() + '\n');
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains(QByteArray("Microsoft Entra External ID, sign-in on " + m_sandbox.info().value(QLatin1String("entraExternal")).toString().toUtf8()
                                       + '/' + tid.toUtf8())), r.out.constData());
    // Without --login-url the sign-in host follows the subdomain (typed in capitals: hosts are lower case); Graph stays Graph.
    r = m_cli.run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("entra"), QStringLiteral("fabrikam"), QStringLiteral("--tenant"),
                   tid, QStringLiteral("--client-id"), x.value(QLatin1String("clientId")).toString(), QStringLiteral("--client-secret-stdin"),
                   QStringLiteral("--external-subdomain"), QStringLiteral("Fabrikam")},
                  "abc8Q~someValueOfASecretThatIsLongEnough12\n");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains(QByteArray("sign-in on https://fabrikam.ciamlogin.com/" + tid.toUtf8())), r.out.constData());

    const QJsonObject customers = entraProfileListed(QStringLiteral("customers"));
    QCOMPARE(customers.value(QLatin1String("cloud")).toString(), QStringLiteral("external"));
    QCOMPARE(customers.value(QLatin1String("externalSubdomain")).toString(), x.value(QLatin1String("subdomain")).toString());
    QCOMPARE(customers.value(QLatin1String("tenant")).toString(), tid);
    QCOMPARE(customers.value(QLatin1String("loginUrl")).toString(), m_sandbox.info().value(QLatin1String("entraExternal")).toString());
    QCOMPARE(customers.value(QLatin1String("graphUrl")).toString(), m_sandbox.info().value(QLatin1String("graphExternal")).toString());
    QVERIFY(!customers.contains(QLatin1String("clientSecret")));
    const QJsonObject fabrikam = entraProfileListed(QStringLiteral("fabrikam"));
    QCOMPARE(fabrikam.value(QLatin1String("cloud")).toString(), QStringLiteral("external"));
    QCOMPARE(fabrikam.value(QLatin1String("externalSubdomain")).toString(), QStringLiteral("fabrikam"));
    QCOMPARE(fabrikam.value(QLatin1String("loginUrl")).toString(), QStringLiteral("https://fabrikam.ciamlogin.com"));
    QCOMPARE(fabrikam.value(QLatin1String("graphUrl")).toString(), QStringLiteral("https://graph.microsoft.com"));
    const CliResult listed = m_cli.run({QStringLiteral("profile"), QStringLiteral("list")});
    QVERIFY2(listed.out.contains(QByteArray("entra     fabrikam  tenant " + tid.toUtf8() + "  client " + x.value(QLatin1String("clientId")).toString().toUtf8()
                                            + "  External ID, sign-in on https://fabrikam.ciamlogin.com")), listed.out.constData());
}

void TstEntraCli::externalIdSetupTakesTheDocumentsIssuer()
{
    const QJsonObject x = externalAccount();
    const QString tid = x.value(QLatin1String("tenant")).toString();
    const QString login = m_sandbox.info().value(QLatin1String("entraExternal")).toString();
    const CliResult r = setup({QStringLiteral("--entra"), QStringLiteral("customers"), QStringLiteral("--name"), QStringLiteral("Customers"),
                               QStringLiteral("--token-version"), QStringLiteral("v2")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    const QJsonObject out = r.json().object();
    const QJsonObject steps = stepsById(out);
    for (const char *id : {"graph-access", "discover-v2", "external-issuer", "key-manager-v2", "read-back-v2", "fetch-jwks-v2", "graph-token"})
        QVERIFY2(steps.value(QLatin1String(id)).toObject().value(QLatin1String("status")).toString() == QLatin1String("done"), id);
    // v2.0 only: the v1 document of an external tenant is not asked for.
    QVERIFY(!steps.contains(QLatin1String("discover-v1")));
    QCOMPARE(m_sandbox.control("entraExternal", "GET", QStringLiteral("/__sandbox/requests")).toArray().isEmpty(), false);
    for (const QJsonValue &req : km::constTemporary(m_sandbox.control("entraExternal", "GET", QStringLiteral("/__sandbox/requests")).toArray()))
        QVERIFY2(!req.toObject().value(QLatin1String("path")).toString().endsWith(QLatin1String("/%1/.well-known/openid-configuration").arg(tid)),
                 qPrintable(req.toObject().value(QLatin1String("path")).toString()));
    QVERIFY2(steps.value(QLatin1String("external-issuer")).toObject().value(QLatin1String("detail")).toString()
                 .contains(QStringLiteral("https://%1.ciamlogin.com/%1/v2.0").arg(tid)),
             qPrintable(steps.value(QLatin1String("external-issuer")).toObject().value(QLatin1String("detail")).toString()));
    QCOMPARE(out.value(QLatin1String("graphAccess")).toObject().value(QLatin1String("tenantId")).toString(), tid);

    // What API Manager now holds, field by field: the issuer as the discovery document gives it (tenant ID as host), the
    // endpoints on the subdomain's host with the tenant ID in the path.
    const QJsonObject km = keyManagerNamed(QStringLiteral("Customers"));
    QVERIFY(!km.isEmpty());
    QCOMPARE(km.value(QLatin1String("type")).toString(), QStringLiteral("AzureAD"));
    QCOMPARE(km.value(QLatin1String("issuer")).toString(), QStringLiteral("https://%1.ciamlogin.com/%1/v2.0").arg(tid));
    QCOMPARE(km.value(QLatin1String("wellKnownEndpoint")).toString(), QStringLiteral("%1/%2/v2.0/.well-known/openid-configuration").arg(login, tid));
    QCOMPARE(km.value(QLatin1String("consumerKeyClaim")).toString(), QStringLiteral("azp"));
    QCOMPARE(km.value(QLatin1String("scopesClaim")).toString(), QStringLiteral("roles"));
    QCOMPARE(km.value(QLatin1String("certificates")).toObject().value(QLatin1String("value")).toString(),
             QStringLiteral("%1/%2/discovery/v2.0/keys").arg(login, tid));
    const QJsonObject endpoints = km.value(QLatin1String("additionalProperties")).toObject(); // where the server keeps them
    QCOMPARE(endpoints.value(QLatin1String("token_endpoint")).toString(), QStringLiteral("%1/%2/oauth2/v2.0/token").arg(login, tid));
    QCOMPARE(endpoints.value(QLatin1String("authorize_endpoint")).toString(), QStringLiteral("%1/%2/oauth2/v2.0/authorize").arg(login, tid));
    QCOMPARE(endpoints.value(QLatin1String("client_registration_endpoint")).toString(), m_sandbox.info().value(QLatin1String("graphExternal")).toString());
    const QJsonObject props = km.value(QLatin1String("additionalProperties")).toObject();
    QCOMPARE(props.value(QLatin1String("azure_ad_requested_access_token_version")).toString(), QStringLiteral("v2.0"));
    QCOMPARE(props.value(QLatin1String("azure_ad_client_id")).toString(), x.value(QLatin1String("clientId")).toString());
    QCOMPARE(props.value(QLatin1String("microsoft_graph_api_endpoint")).toString(), m_sandbox.info().value(QLatin1String("graphExternal")).toString());
    QVERIFY(km.value(QLatin1String("description")).toString().contains(QLatin1String("External ID")));
    // The CLI's own output names the same issuer and masks the secret.
    QCOMPARE(out.value(QLatin1String("keyManager")).toObject().value(QLatin1String("issuer")).toString(), km.value(QLatin1String("issuer")).toString());
    QVERIFY(!r.out.contains(x.value(QLatin1String("clientSecret")).toString().toUtf8()));

    // The post-check on an API app of the external tenant: its Application ID URI (the scope) and v2 tokens.
    QString legacyAppId;
    for (const QJsonValue &v : km::constTemporary(m_sandbox.state("graphExternal").value(QLatin1String("applications")).toArray())) {
        if (v.toObject().value(QLatin1String("displayName")).toString() == QLatin1String("Orders API (legacy registration)"))
            legacyAppId = v.toObject().value(QLatin1String("appId")).toString();
    }
    QVERIFY(!legacyAppId.isEmpty());
    const CliResult check = m_cli.run({QStringLiteral("azure"), QStringLiteral("check-app"), QStringLiteral("--entra"), QStringLiteral("customers"),
                                       QStringLiteral("--app-id"), legacyAppId, QStringLiteral("--json")});
    QCOMPARE(check.exitCode, 1);
    QVERIFY2(check.err.contains("identifier-uri-missing") && check.err.contains("token-version-mismatch"), check.err.constData());
    const CliResult fixed = m_cli.run({QStringLiteral("azure"), QStringLiteral("check-app"), QStringLiteral("--entra"), QStringLiteral("customers"),
                                       QStringLiteral("--app-id"), legacyAppId, QStringLiteral("--fix"), QStringLiteral("--json")});
    QVERIFY2(fixed.exitCode == 0, QByteArray(fixed.err + fixed.out).constData());

    // A client-credentials token of the external tenant for that API (its Application ID URI is the scope), inspected
    // against the key manager: its issuer is the key manager's, its signature verifies with the tenant's keys.
    const QString token = externalToken(QStringLiteral("api://%1/.default").arg(legacyAppId));
    QVERIFY(!token.isEmpty());
    CliResult inspected = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--token-stdin"), QStringLiteral("--apim"),
                                     QStringLiteral("dev"), QStringLiteral("--key-manager"), QStringLiteral("Customers"), QStringLiteral("--json")},
                                    token.toLatin1());
    QVERIFY2(inspected.exitCode == 0, QByteArray(inspected.out + inspected.err).constData());
    QJsonObject report = inspected.json().object();
    QCOMPARE(report.value(QLatin1String("verdict")).toObject().value(QLatin1String("verdict")).toString(), QStringLiteral("accepted"));
    QCOMPARE(findingOf(report, QStringLiteral("issuer")).value(QLatin1String("severity")).toString(), QStringLiteral("ok"));
    QVERIFY2(findingOf(report, QStringLiteral("issuer")).value(QLatin1String("detail")).toString()
                 .contains(QStringLiteral("a token of the Microsoft Entra External ID tenant %1").arg(tid)), inspected.out.constData());
    QVERIFY(!inspected.out.contains(token.toLatin1()));
    // Against the workforce tenant's key manager: another tenant, said as such.
    inspected = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--token-stdin"), QStringLiteral("--apim"),
                           QStringLiteral("dev"), QStringLiteral("--key-manager"), QStringLiteral("Contoso-v2"), QStringLiteral("--json"),
                           QStringLiteral("--claims-only")},
                          token.toLatin1());
    QCOMPARE(inspected.exitCode, 1);
    report = inspected.json().object();
    QCOMPARE(report.value(QLatin1String("verdict")).toObject().value(QLatin1String("verdict")).toString(), QStringLiteral("rejected"));
    QCOMPARE(findingOf(report, QStringLiteral("issuer")).value(QLatin1String("title")).toString(), QStringLiteral("The token is from another Entra tenant"));
}

QString TstEntraCli::externalToken(const QString &scope) const
{
    const QJsonObject x = externalAccount();
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(QStringLiteral("%1/%2/oauth2/v2.0/token").arg(m_sandbox.info().value(QLatin1String("entraExternal")).toString(),
                                                                             x.value(QLatin1String("tenant")).toString())));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
    form.addQueryItem(QStringLiteral("client_id"), x.value(QLatin1String("clientId")).toString());
    form.addQueryItem(QStringLiteral("client_secret"), x.value(QLatin1String("clientSecret")).toString());
    form.addQueryItem(QStringLiteral("scope"), scope);
    QNetworkReply *reply = nam.post(request, form.toString(QUrl::FullyEncoded).toLatin1());
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(20000);
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    if (!body.contains(QLatin1String("access_token")))
        qWarning() << "token:" << body;
    return body.value(QLatin1String("access_token")).toString();
}

QJsonObject TstEntraCli::findingOf(const QJsonObject &report, const QString &id)
{
    for (const QJsonValue &f : km::constTemporary(report.value(QLatin1String("findings")).toArray())) {
        if (f.toObject().value(QLatin1String("id")).toString() == id)
            return f.toObject();
    }
    return {};
}

void TstEntraCli::externalIdWorkforceTenantSaidAsSuch()
{
    // The workforce tenant's ID given as an external one: the external sign-in host does not know it.
    const QJsonObject workforce = entraAccount();
    const QJsonObject x = externalAccount();
    CliResult r = m_cli.run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("entra"), QStringLiteral("mixed"), QStringLiteral("--tenant"),
                             workforce.value(QLatin1String("tenant")).toString(), QStringLiteral("--client-id"), x.value(QLatin1String("clientId")).toString(),
                             QStringLiteral("--client-secret-stdin"), QStringLiteral("--external-subdomain"), x.value(QLatin1String("subdomain")).toString(),
                             QStringLiteral("--login-url"), m_sandbox.info().value(QLatin1String("entraExternal")).toString(), QStringLiteral("--graph-url"),
                             m_sandbox.info().value(QLatin1String("graphExternal")).toString()},
                            x.value(QLatin1String("clientSecret")).toString().toUtf8() + '\n');
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = setup({QStringLiteral("--entra"), QStringLiteral("mixed"), QStringLiteral("--name"), QStringLiteral("Mixed"), QStringLiteral("--token-version"),
               QStringLiteral("v2")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("no Microsoft Entra External ID tenant") && r.err.contains("is it a workforce tenant?")
                 && r.err.contains("Microsoft Entra ID (global)"), r.err.constData());
    QVERIFY(keyManagerNamed(QStringLiteral("Mixed")).isEmpty());
}

void TstEntraCli::badInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QJsonObject a = entraAccount();
    const QString clientId = a.value(QLatin1String("clientId")).toString();
    const QString secretId = QStringLiteral("3f9a1c2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b");
    const QStringList add{QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("entra"), QStringLiteral("x"), QStringLiteral("--client-id"),
                          clientId, QStringLiteral("--client-secret-stdin")};
    QTest::newRow("tenant neither GUID nor domain") << (add + QStringList{QStringLiteral("--tenant"), QStringLiteral("my tenant")}) << QByteArray("abc8Q~v\n")
                                                    << 1 << QStringLiteral("neither a tenant ID (a GUID) nor a domain");
    QTest::newRow("secret ID pasted") << (add + QStringList{QStringLiteral("--tenant"), a.value(QLatin1String("tenant")).toString()})
                                      << QByteArray(secretId.toUtf8() + '\n') << 1 << QStringLiteral("that is the secret's ID");
    QTest::newRow("client id not a GUID") << (QStringList{QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("entra"), QStringLiteral("x"),
                                                          QStringLiteral("--client-id"), QStringLiteral("orders-app"), QStringLiteral("--client-secret-stdin"),
                                                          QStringLiteral("--tenant"), a.value(QLatin1String("tenant")).toString()})
                                          << QByteArray("abc8Q~v\n") << 1 << QStringLiteral("is not an Entra Application (client) ID: those are GUIDs");
    QTest::newRow("unknown cloud") << (add + QStringList{QStringLiteral("--tenant"), a.value(QLatin1String("tenant")).toString(), QStringLiteral("--cloud"),
                                                         QStringLiteral("mars")})
                                   << QByteArray("abc8Q~v\n") << 2 << QStringLiteral("--cloud must be global, usgov, china or external");
    // Microsoft Entra External ID: the subdomain alone, never a host or a URL; v2 key managers only.
    const QStringList external = add + QStringList{QStringLiteral("--tenant"), a.value(QLatin1String("tenant")).toString(), QStringLiteral("--cloud"),
                                                   QStringLiteral("external")};
    QTest::newRow("external subdomain as a host") << (external + QStringList{QStringLiteral("--external-subdomain"), QStringLiteral("contoso.ciamlogin.com")})
                                                  << QByteArray("abc8Q~v\n") << 1 << QStringLiteral("“contoso.ciamlogin.com” is a domain, not a subdomain (no dots). Type only “contoso”");
    QTest::newRow("external subdomain as a URL") << (external + QStringList{QStringLiteral("--external-subdomain"),
                                                                            QStringLiteral("https://Contoso.ciamlogin.com/contoso.onmicrosoft.com/v2.0")})
                                                 << QByteArray("abc8Q~v\n") << 1 << QStringLiteral("is a URL, not a subdomain. Type only “contoso”");
    QTest::newRow("external subdomain as the domain") << (external + QStringList{QStringLiteral("--external-subdomain"), QStringLiteral("contoso.onmicrosoft.com")})
                                                      << QByteArray("abc8Q~v\n") << 1 << QStringLiteral("Type only “contoso”");
    QTest::newRow("external without subdomain") << external << QByteArray("abc8Q~v\n") << 2 << QStringLiteral("--cloud external needs --external-subdomain NAME");
    QTest::newRow("external subdomain with another cloud") << (add + QStringList{QStringLiteral("--tenant"), a.value(QLatin1String("tenant")).toString(),
                                                                                 QStringLiteral("--cloud"), QStringLiteral("usgov"),
                                                                                 QStringLiteral("--external-subdomain"), QStringLiteral("contoso")})
                                                           << QByteArray("abc8Q~v\n") << 2 << QStringLiteral("--external-subdomain goes with --cloud external");
    QTest::newRow("external with v1 tokens") << QStringList{QStringLiteral("setup"), QStringLiteral("azure"), QStringLiteral("--apim"), QStringLiteral("dev"),
                                                            QStringLiteral("--entra"), QStringLiteral("customers"), QStringLiteral("--name"), QStringLiteral("X"),
                                                            QStringLiteral("--token-version"), QStringLiteral("both")}
                                             << QByteArray() << 1 << QStringLiteral("External ID tenant gets one key manager, for v2 tokens");
    QTest::newRow("bad token version") << QStringList{QStringLiteral("setup"), QStringLiteral("azure"), QStringLiteral("--apim"), QStringLiteral("dev"),
                                                      QStringLiteral("--entra"), QStringLiteral("contoso"), QStringLiteral("--name"), QStringLiteral("X"),
                                                      QStringLiteral("--token-version"), QStringLiteral("v3")}
                                       << QByteArray() << 2 << QStringLiteral("--token-version must be v1, v2 or both");
    QTest::newRow("missing token version") << QStringList{QStringLiteral("setup"), QStringLiteral("azure"), QStringLiteral("--apim"), QStringLiteral("dev"),
                                                          QStringLiteral("--entra"), QStringLiteral("contoso"), QStringLiteral("--name"), QStringLiteral("X")}
                                           << QByteArray() << 2 << QStringLiteral("--token-version is required");
    QTest::newRow("wrong secret value") << QStringList{QStringLiteral("setup"), QStringLiteral("azure"), QStringLiteral("--apim"), QStringLiteral("dev"),
                                                       QStringLiteral("--entra"), QStringLiteral("wrong"), QStringLiteral("--name"), QStringLiteral("Wrong"),
                                                       QStringLiteral("--token-version"), QStringLiteral("v2")}
                                        << QByteArray() << 1 << QStringLiteral("AADSTS7000215");
    QTest::newRow("map-keys secret ID pasted") << QStringList{QStringLiteral("map-keys"), QStringLiteral("--apim"), QStringLiteral("dev"),
                                                              QStringLiteral("--application"), QStringLiteral("Orders client"), QStringLiteral("--key-manager"),
                                                              QStringLiteral("Contoso-v2"), QStringLiteral("--client-id"), clientId,
                                                              QStringLiteral("--client-secret-stdin"), QStringLiteral("--key-type"), QStringLiteral("SANDBOX")}
                                               << QByteArray(secretId.toUtf8() + '\n') << 1 << QStringLiteral("not its Value");
    QTest::newRow("unknown entra profile") << QStringList{QStringLiteral("azure"), QStringLiteral("check-app"), QStringLiteral("--entra"), QStringLiteral("nope"),
                                                          QStringLiteral("--app-id"), clientId}
                                           << QByteArray() << 1 << QStringLiteral("no Entra profile named");
}

void TstEntraCli::badInput()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, input);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    if (QTest::currentDataTag() == QByteArray("wrong secret value")) {
        const QJsonObject a = entraAccount();
        const CliResult added = addEntra(QStringLiteral("wrong"), a.value(QLatin1String("tenant")).toString(), a.value(QLatin1String("clientId")).toString(),
                                         "abc8Q~NotTheRightSecretValueAtAll1234567");
        QVERIFY2(added.exitCode == 0, added.err.constData());
    }
    const CliResult r = m_cli.run(args, input.isEmpty() ? QByteArray() : input);
    QCOMPARE(r.exitCode, exitCode);
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
}

void TstEntraCli::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

QTEST_GUILESS_MAIN(TstEntraCli)
#include "tst_entra_cli.moc"
