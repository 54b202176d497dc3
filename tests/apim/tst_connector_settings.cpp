// The typed model of API Manager's GET /settings connector descriptions, read from the sandbox, and the rules
// on values the console's form and `key-managers create|edit` check before sending.

#include "support/JobWaiter.h"
#include "support/SandboxFixture.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ConnectorSettings.h"
#include "services/export/KeyManagerEditor.h"
#include "services/http/HttpSession.h"

#include <QJsonArray>
#include <QTest>

using namespace km;
using namespace km::test;

class TstConnectorSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void readsTheSandboxSettings();
    void validationNamesRequiredAndWrongTypes();
    void textIsTypedByTheField();
    void anUnknownTypeIsNamedWithItsSpelling();
    void setNamesAnUnknownKeyAndTheConnectorsFields();
    void aNewKeyManagerNeedsEndpointsAndACertificateItCanUse();

private:
    SandboxFixture m_sandbox;
    HttpSession *m_session = nullptr;
    ConnectorSettings m_settings;
};

void TstConnectorSettings::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    m_session = new HttpSession(this);
    ApimClient *apim = m_sandbox.apimClient(m_session, this);
    JobPtr job = await(apim->settings());
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    m_settings = ConnectorSettings::fromSettings(job->result().toObject());
}

void TstConnectorSettings::readsTheSandboxSettings()
{
    QCOMPARE(m_settings.creatableTypes(), (QStringList{QStringLiteral("WSO2-IS"), QStringLiteral("Asgardeo"), QStringLiteral("KeyCloak"),
                                                       QStringLiteral("okta"), QStringLiteral("Auth0"), QStringLiteral("AzureAD")}));
    const ConnectorType *azure = m_settings.find(QStringLiteral("AzureAD"));
    QVERIFY(azure);
    QCOMPARE(azure->displayName, QStringLiteral("Azure AD"));
    QCOMPARE(azure->defaultConsumerKeyClaim, QStringLiteral("azp"));
    const ConnectorField *version = azure->field(QStringLiteral("v1.0"));
    QVERIFY(version);
    QCOMPARE(version->label, QStringLiteral("Microsoft Graph API Endpoint Version"));
    QVERIFY(version->kind() == ConnectorField::Kind::Choice);
    QCOMPARE(version->values, QStringList{QStringLiteral("v1.0")});
    QCOMPARE(version->defaultText(), QStringLiteral("v1.0"));
    const ConnectorField *tokenVersion = azure->field(QStringLiteral("azure_ad_requested_access_token_version"));
    QVERIFY(tokenVersion && tokenVersion->updateDisabled && !tokenVersion->required);
    const ConnectorField *secret = azure->field(QStringLiteral("azure_ad_client_secret"));
    QVERIFY(secret && secret->mask && secret->required && secret->kind() == ConnectorField::Kind::Text);

    const ConnectorType *okta = m_settings.find(QStringLiteral("okta"));
    QVERIFY(okta);
    QCOMPARE(okta->configurations.size(), 3);
    QVERIFY(okta->field(QStringLiteral("apiKey"))->mask);
    QCOMPARE(okta->field(QStringLiteral("apiKey"))->label, QStringLiteral("API KEY"));
    const ConnectorType *auth0 = m_settings.find(QStringLiteral("Auth0"));
    QVERIFY(auth0);
    QCOMPARE(auth0->field(QStringLiteral("audience"))->defaultText(), QStringLiteral("https://[tenant].[region].auth0.com/api/v2/"));
    QVERIFY(m_settings.find(QStringLiteral("Asgardeo"))->field(QStringLiteral("asgardeo_role_creation"))->kind() == ConnectorField::Kind::Checkbox);
}

void TstConnectorSettings::validationNamesRequiredAndWrongTypes()
{
    const ConnectorType azure = *m_settings.find(QStringLiteral("AzureAD"));
    QJsonObject values{{QStringLiteral("microsoft_graph_api_endpoint"), QStringLiteral("https://graph.microsoft.com")},
                       {QStringLiteral("v1.0"), QStringLiteral("v2.0")},
                       {QStringLiteral("azure_ad_client_id"), QStringLiteral("")},
                       {QStringLiteral("azure_ad_client_secret"), QStringLiteral("*****")},
                       {QStringLiteral("polling_max_wait_time_ms"), QJsonObject{}}};
    QList<FieldProblem> problems = ConnectorSettings::validate(azure, values, true);
    QStringList fields;
    QStringList messages;
    for (const FieldProblem &p : problems) {
        fields << p.field;
        messages << p.message;
    }
    QCOMPARE(fields, (QStringList{QStringLiteral("additionalProperties.v1.0"), QStringLiteral("additionalProperties.azure_ad_client_id"),
                                  QStringLiteral("additionalProperties.azure_ad_client_secret"),
                                  QStringLiteral("additionalProperties.polling_max_wait_time_ms")}));
    QCOMPARE(messages.at(0), QStringLiteral("v1.0 (“Microsoft Graph API Endpoint Version”) must be one of v1.0"));
    QCOMPARE(messages.at(1), QStringLiteral("Client ID (azure_ad_client_id) is required by the Azure AD connector"));
    QVERIFY2(messages.at(2).contains(QLatin1String("is a secret")), qPrintable(messages.at(2)));
    QCOMPARE(messages.at(3), QStringLiteral("polling_max_wait_time_ms (“Maximum Waiting Time (in ms) for Application Polling”) must be text"));

    // On an update "*****" keeps the server's secret: not a problem.
    values.insert(QStringLiteral("v1.0"), QStringLiteral("v1.0"));
    values.insert(QStringLiteral("azure_ad_client_id"), QStringLiteral("app-id"));
    values.remove(QStringLiteral("polling_max_wait_time_ms"));
    QVERIFY(ConnectorSettings::validate(azure, values, false).isEmpty());
}

void TstConnectorSettings::textIsTypedByTheField()
{
    const ConnectorField *checkbox = m_settings.find(QStringLiteral("Asgardeo"))->field(QStringLiteral("asgardeo_role_creation"));
    QString why;
    QCOMPARE(checkbox->parse(QStringLiteral("yes"), &why), QJsonValue(true));
    QCOMPARE(checkbox->parse(QStringLiteral("false"), &why), QJsonValue(false));
    QVERIFY(checkbox->parse(QStringLiteral("maybe"), &why).isUndefined());
    QCOMPARE(why, QStringLiteral("asgardeo_role_creation (“Create roles in Asgardeo”) must be true or false (a checkbox); “maybe” is not"));

    ConnectorField multiple = ConnectorField::fromJson(QJsonObject{{QStringLiteral("name"), QStringLiteral("response_types")},
                                                                   {QStringLiteral("type"), QStringLiteral("select")},
                                                                   {QStringLiteral("multiple"), true},
                                                                   {QStringLiteral("values"), QJsonArray{QStringLiteral("code"), QStringLiteral("token")}}});
    QCOMPARE(multiple.parse(QStringLiteral("code, token"), &why), QJsonValue(QJsonArray{QStringLiteral("code"), QStringLiteral("token")}));
    QVERIFY(multiple.parse(QStringLiteral("code,id_token"), &why).isUndefined());
    QCOMPARE(why, QStringLiteral("response_types (“response_types”) must be one of code, token; “code,id_token” is not"));
}

void TstConnectorSettings::anUnknownTypeIsNamedWithItsSpelling()
{
    const QUrl apim(QStringLiteral("https://apim.example.com:9443"));
    ApiError e = m_settings.unknownType(QStringLiteral("PingFederate"), apim);
    QCOMPARE(e.message, QStringLiteral("API Manager at https://apim.example.com:9443 has no connector of type “PingFederate” "
                                       "(installed: WSO2-IS, Asgardeo, KeyCloak, okta, Auth0, AzureAD)"));
    e = m_settings.unknownType(QStringLiteral("keycloak"), apim);
    QVERIFY2(e.message.contains(QStringLiteral("it has “KeyCloak”")), qPrintable(e.message));
    QCOMPARE(e.hint, QStringLiteral("Use the type “KeyCloak”."));
}

void TstConnectorSettings::setNamesAnUnknownKeyAndTheConnectorsFields()
{
    const ConnectorType keycloak = *m_settings.find(QStringLiteral("KeyCloak"));
    KeyManagerConfig config = KeyManagerEditor::newOfType(keycloak, QStringLiteral("Keycloak"));
    QVERIFY(!KeyManagerEditor::set(&config, keycloak, QStringLiteral("client_id"), QStringLiteral("apim")).isError());
    QVERIFY(!KeyManagerEditor::set(&config, keycloak, QStringLiteral("tokenEndpoint"), QStringLiteral("https://kc.example.com/token")).isError());
    QVERIFY(!KeyManagerEditor::set(&config, keycloak, QStringLiteral("grantTypes"), QStringLiteral("client_credentials, password")).isError());
    QCOMPARE(config.connector.value(QLatin1String("client_id")).toString(), QStringLiteral("apim"));
    QCOMPARE(config.endpoints.value(QStringLiteral("token_endpoint")), QStringLiteral("https://kc.example.com/token"));
    QCOMPARE(config.grantTypes, (QStringList{QStringLiteral("client_credentials"), QStringLiteral("password")}));
    ApiError e = KeyManagerEditor::set(&config, keycloak, QStringLiteral("realm"), QStringLiteral("x"));
    QCOMPARE(e.message, QStringLiteral("Unknown field “realm” for a key manager of type KeyCloak"));
    QVERIFY2(e.hint.endsWith(QLatin1String("or one of the Keycloak connector's: client_id, client_secret.")), qPrintable(e.hint));
    e = KeyManagerEditor::set(&config, keycloak, QStringLiteral("enabled"), QStringLiteral("sometimes"));
    QCOMPARE(e.message, QStringLiteral("enabled must be true or false; “sometimes” is not"));
}

void TstConnectorSettings::aNewKeyManagerNeedsEndpointsAndACertificateItCanUse()
{
    const ConnectorType okta = *m_settings.find(QStringLiteral("okta"));
    KeyManagerConfig config = KeyManagerEditor::newOfType(okta, QStringLiteral("Okta"));
    config.certificateType = QStringLiteral("JWKS");
    config.certificateValue = QStringLiteral("not a url");
    QStringList fields;
    for (const FieldProblem &p : KeyManagerEditor::validate(config, okta, true, true))
        fields << p.field;
    // The masked apiKey and client_secret may come from the keychain; client_id may not.
    QCOMPARE(fields, (QStringList{QStringLiteral("client_registration_endpoint"), QStringLiteral("introspection_endpoint"),
                                  QStringLiteral("token_endpoint"), QStringLiteral("revoke_endpoint"), QStringLiteral("certificateValue"),
                                  QStringLiteral("additionalProperties.client_id")}));
    fields.clear();
    for (const FieldProblem &p : KeyManagerEditor::validate(config, okta, true, false))
        fields << p.field;
    QVERIFY(fields.contains(QStringLiteral("additionalProperties.apiKey")));
    QVERIFY(fields.contains(QStringLiteral("additionalProperties.client_secret")));
}

QTEST_GUILESS_MAIN(TstConnectorSettings)
#include "tst_connector_settings.moc"
