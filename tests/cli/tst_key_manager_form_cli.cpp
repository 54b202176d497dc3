// `kmconsole-cli key-managers create|edit` with the real binaries: a key manager of a type the wizards do not
// cover (okta) created from --set values and the keychain's secrets, edited field by field, and bad input
// (a value of the wrong type for a connector field, an unknown type, a missing required field) refused with
// the field named and nothing sent.

#include "support/CliRunner.h"
#include "services/core/ConstRange.h"
#include "support/SandboxFixture.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace km;
using namespace km::test;

namespace {

const QString kOkta = QStringLiteral("https://dev-1234.okta.com/oauth2/default");
const QString kApiKey = QStringLiteral("okta-ApiKey-3f9a61c0d2");
const QString kClientSecret = QStringLiteral("okta-Secret-8b27e4f1aa");

} // namespace

class TstKeyManagerFormCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void createsAnOktaKeyManagerWithTheKeychainsSecrets();
    void editChangesOnlyTheFieldSet();
    void aValueOfTheWrongTypeIsNamed();
    void anUnknownTypeIsNamedWithThoseInstalled();
    void aMissingRequiredFieldIsNamed();
    void withoutATerminalOrYesNothingIsSent();

private:
    QJsonObject keyManagerNamed(const QString &name) const;
    int saves() const;
    QStringList oktaEndpoints() const;
    // key-managers create of `type` and `name` with the sets, Okta's endpoints and --yes.
    CliResult create(const QString &type, const QString &name, const QStringList &sets) const;

    SandboxProcess m_apim;
    CliRunner m_cli;
};

QJsonObject TstKeyManagerFormCli::keyManagerNamed(const QString &name) const
{
    for (const QJsonValue &v : km::constTemporary(m_apim.state("apim").value(QLatin1String("keyManagers")).toArray())) {
        if (v.toObject().value(QLatin1String("name")).toString() == name)
            return v.toObject();
    }
    return {};
}

int TstKeyManagerFormCli::saves() const
{
    int n = 0;
    for (const QJsonValue &v : km::constTemporary(m_apim.control("apim", "GET", QStringLiteral("/__sandbox/requests")).toArray())) {
        const QString method = v.toObject().value(QLatin1String("method")).toString();
        const QString path = v.toObject().value(QLatin1String("path")).toString();
        n += path.contains(QLatin1String("/key-managers")) && !path.endsWith(QLatin1String("/discover"))
             && (method == QLatin1String("POST") || method == QLatin1String("PUT"));
    }
    return n;
}

QStringList TstKeyManagerFormCli::oktaEndpoints() const
{
    return {QStringLiteral("--set"), QStringLiteral("tokenEndpoint=") + kOkta + QStringLiteral("/v1/token"),
            QStringLiteral("--set"), QStringLiteral("revokeEndpoint=") + kOkta + QStringLiteral("/v1/revoke"),
            QStringLiteral("--set"), QStringLiteral("introspectionEndpoint=") + kOkta + QStringLiteral("/v1/introspect"),
            QStringLiteral("--set"), QStringLiteral("client_registration_endpoint=https://dev-1234.okta.com/oauth2/v1/clients"),
            QStringLiteral("--set"), QStringLiteral("issuer=") + kOkta,
            QStringLiteral("--set"), QStringLiteral("certificateType=JWKS"),
            QStringLiteral("--set"), QStringLiteral("certificateValue=") + kOkta + QStringLiteral("/v1/keys")};
}

CliResult TstKeyManagerFormCli::create(const QString &type, const QString &name, const QStringList &sets) const
{
    QStringList arguments{QStringLiteral("key-managers"), QStringLiteral("create"), QStringLiteral("--profile"), QStringLiteral("dev"),
                          QStringLiteral("--type"), type, QStringLiteral("--name"), name};
    for (const QString &s : sets)
        arguments << QStringLiteral("--set") << s;
    return m_cli.run(arguments + oktaEndpoints() + QStringList{QStringLiteral("--yes"), QStringLiteral("--json")});
}

void TstKeyManagerFormCli::initTestCase()
{
    QString error;
    QVERIFY2(m_apim.start(&error), qPrintable(error));
    CliResult r = m_cli.addApimProfile(QStringLiteral("dev"), m_apim.info());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // Okta's secrets kept for its host only, as for any connector the console keeps no profile for.
    for (const auto &s : {std::pair{QStringLiteral("apiKey"), kApiKey}, std::pair{QStringLiteral("client_secret"), kClientSecret}}) {
        r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("secret"), QStringLiteral("--type"), QStringLiteral("okta"), QStringLiteral("--field"),
                       s.first, QStringLiteral("--host"), QStringLiteral("https://dev-1234.okta.com"), QStringLiteral("--secret-stdin")},
                      s.second.toUtf8() + '\n');
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
}

void TstKeyManagerFormCli::createsAnOktaKeyManagerWithTheKeychainsSecrets()
{
    m_apim.control("apim", "DELETE", QStringLiteral("/__sandbox/requests"));
    CliResult r = create(QStringLiteral("okta"), QStringLiteral("Okta"),
                         {QStringLiteral("client_id=0oa1abc"), QStringLiteral("grantTypes=client_credentials,authorization_code")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    QVERIFY(!r.out.contains(kApiKey.toUtf8()) && !r.out.contains(kClientSecret.toUtf8()) && !r.err.contains(kApiKey.toUtf8()));
    const QJsonArray changes = r.json().object().value(QLatin1String("changes")).toArray();
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.at(0).toObject().value(QLatin1String("action")).toString(), QStringLiteral("create"));
    QCOMPARE(saves(), 1);

    const QJsonObject stored = keyManagerNamed(QStringLiteral("Okta"));
    QCOMPARE(stored.value(QLatin1String("type")).toString(), QStringLiteral("okta"));
    const QJsonObject props = stored.value(QLatin1String("additionalProperties")).toObject();
    QCOMPARE(props.value(QLatin1String("client_id")).toString(), QStringLiteral("0oa1abc"));
    QCOMPARE(props.value(QLatin1String("apiKey")).toString(), kApiKey);
    QCOMPARE(props.value(QLatin1String("client_secret")).toString(), kClientSecret);
    QCOMPARE(props.value(QLatin1String("token_endpoint")).toString(), QString(kOkta + QStringLiteral("/v1/token")));
    QCOMPARE(props.value(QLatin1String("grant_types")).toVariant().toStringList(),
             (QStringList{QStringLiteral("client_credentials"), QStringLiteral("authorization_code")}));
    // The connector's default claims, as the Admin Portal fills them.
    QCOMPARE(props.value(QLatin1String("consumer_key_claim")).toString(), QStringLiteral("azp"));

    // Creating it again is refused, naming edit.
    r = m_cli.run(QStringList{QStringLiteral("key-managers"), QStringLiteral("create"), QStringLiteral("--profile"), QStringLiteral("dev"),
                              QStringLiteral("--type"), QStringLiteral("okta"), QStringLiteral("--name"), QStringLiteral("Okta"), QStringLiteral("--yes")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("already has a key manager named “Okta”"), r.err.constData());
}

void TstKeyManagerFormCli::editChangesOnlyTheFieldSet()
{
    m_apim.control("apim", "DELETE", QStringLiteral("/__sandbox/requests"));
    CliResult r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("edit"), QStringLiteral("--profile"), QStringLiteral("dev"),
                             QStringLiteral("--name"), QStringLiteral("Okta"), QStringLiteral("--set"), QStringLiteral("client_id=0oa2xyz"),
                             QStringLiteral("--yes"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    const QJsonObject change = r.json().object().value(QLatin1String("changes")).toArray().at(0).toObject();
    QCOMPARE(change.value(QLatin1String("action")).toString(), QStringLiteral("update"));
    QCOMPARE(change.value(QLatin1String("fields")).toArray(),
             (QJsonArray{QJsonObject{{QStringLiteral("field"), QStringLiteral("additionalProperties.client_id")},
                                     {QStringLiteral("from"), QStringLiteral("0oa1abc")}, {QStringLiteral("to"), QStringLiteral("0oa2xyz")}}}));
    QCOMPARE(saves(), 1);
    const QJsonObject props = keyManagerNamed(QStringLiteral("Okta")).value(QLatin1String("additionalProperties")).toObject();
    QCOMPARE(props.value(QLatin1String("client_id")).toString(), QStringLiteral("0oa2xyz"));
    // The secrets API Manager keeps were sent back as "*****" and stay what they were.
    QCOMPARE(props.value(QLatin1String("apiKey")).toString(), kApiKey);

    // Nothing to change: nothing sent.
    m_apim.control("apim", "DELETE", QStringLiteral("/__sandbox/requests"));
    r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("edit"), QStringLiteral("--profile"), QStringLiteral("dev"),
                   QStringLiteral("--name"), QStringLiteral("Okta"), QStringLiteral("--set"), QStringLiteral("client_id=0oa2xyz"), QStringLiteral("--yes")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.startsWith("unchanged"), r.out.constData());
    QCOMPARE(saves(), 0);
}

void TstKeyManagerFormCli::aValueOfTheWrongTypeIsNamed()
{
    m_apim.control("apim", "DELETE", QStringLiteral("/__sandbox/requests"));
    CliResult r = create(QStringLiteral("AzureAD"), QStringLiteral("Entra"), {QStringLiteral("azure_ad_requested_access_token_version=v3.0")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("The Azure AD connector's field azure_ad_requested_access_token_version (“Requested Access Token Version”) "
                            "must be one of v1.0, v2.0; “v3.0” is not"),
             r.err.constData());
    r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("edit"), QStringLiteral("--profile"), QStringLiteral("dev"), QStringLiteral("--name"),
                   QStringLiteral("Okta"), QStringLiteral("--set"), QStringLiteral("enabled=perhaps"), QStringLiteral("--yes")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("enabled must be true or false; “perhaps” is not"), r.err.constData());
    QCOMPARE(saves(), 0);
}

void TstKeyManagerFormCli::anUnknownTypeIsNamedWithThoseInstalled()
{
    m_apim.control("apim", "DELETE", QStringLiteral("/__sandbox/requests"));
    CliResult r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("create"), QStringLiteral("--profile"), QStringLiteral("dev"),
                             QStringLiteral("--type"), QStringLiteral("PingFederate"), QStringLiteral("--name"), QStringLiteral("Ping"), QStringLiteral("--yes")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("has no connector of type “PingFederate” (installed: WSO2-IS, Asgardeo, KeyCloak, okta, Auth0, AzureAD)"), r.err.constData());
    r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("create"), QStringLiteral("--profile"), QStringLiteral("dev"),
                   QStringLiteral("--type"), QStringLiteral("keycloak"), QStringLiteral("--name"), QStringLiteral("KC"), QStringLiteral("--yes")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("Use the type “KeyCloak”"), r.err.constData());
    QCOMPARE(saves(), 0);
}

void TstKeyManagerFormCli::aMissingRequiredFieldIsNamed()
{
    m_apim.control("apim", "DELETE", QStringLiteral("/__sandbox/requests"));
    CliResult r = create(QStringLiteral("Auth0"), QStringLiteral("Auth0"), {QStringLiteral("audience=")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("Client ID (client_id) is required by the Auth0 connector; Audience (audience) is required by the Auth0 connector"),
             r.err.constData());
    QCOMPARE(saves(), 0);
}

void TstKeyManagerFormCli::withoutATerminalOrYesNothingIsSent()
{
    CliResult r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("edit"), QStringLiteral("--profile"), QStringLiteral("dev"),
                             QStringLiteral("--name"), QStringLiteral("Okta"), QStringLiteral("--set"), QStringLiteral("client_id=other")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("pass --yes"), r.err.constData());
    QCOMPARE(keyManagerNamed(QStringLiteral("Okta")).value(QLatin1String("additionalProperties")).toObject().value(QLatin1String("client_id")).toString(),
             QStringLiteral("0oa2xyz"));
}

QTEST_GUILESS_MAIN(TstKeyManagerFormCli)
#include "tst_key_manager_form_cli.moc"
