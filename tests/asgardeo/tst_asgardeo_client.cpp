// AsgardeoClient against the sandbox's Asgardeo: what the administrator is told, what Asgardeo receives,
// and, last, every API-resource, application and role request re-sent through an independent OpenAPI
// validator (Prism) with the vendor's own specs.

#include "support/JobWaiter.h"
#include "support/OpenApiValidator.h"
#include "support/SandboxFixture.h"

#include "sandbox/asgardeo/AsgardeoStandIn.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/http/HttpSession.h"
#include "services/oauth/TokenClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace km;
using namespace km::test;

class TstAsgardeoClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void managementAccessIsCheckedPerApi();
    void wrongSecretAndUnknownOrganizationAreSaidPlainly();
    void globalResourceIsFoundAmongOthersAndNeverCreatedTwice();
    void restrictedScopeNamesAreRefusedBeforeSending();
    void scopesAreAuthorizedForAnApplicationByPostThenPatch();
    void rolesAreCreatedOnce();
    // Last: everything sent above, re-sent through Prism.
    void everyRequestFitsTheVendorSpecs_data();
    void everyRequestFitsTheVendorSpecs();

private:
    AsgardeoClient *client(const char *account = "asgardeo", const QString &secret = QString(), const QString &org = QString());
    QJsonObject account(const char *name) const;
    int countRequests(const QString &method, const QString &pathPart) const;
    QByteArray managementBearer();
    QString orgPrefix() const { return QStringLiteral("/t/") + account("asgardeo").value(QLatin1String("org")).toString(); }

    SandboxFixture m_sandbox;
    HttpSession *m_session = nullptr;
    QString m_resourceId;
};

void TstAsgardeoClient::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    m_session = new HttpSession(this);
    m_session->setRetryPolicy({20, 100, 2000});
}

QJsonObject TstAsgardeoClient::account(const char *name) const
{
    return m_sandbox.info().value(QLatin1String("accounts")).toObject().value(QLatin1String(name)).toObject();
}

AsgardeoClient *TstAsgardeoClient::client(const char *accountName, const QString &secret, const QString &org)
{
    const QJsonObject a = account(accountName);
    return new AsgardeoClient(m_session, QUrl(m_sandbox.info().value(QLatin1String("asgardeo")).toString()),
                              org.isEmpty() ? a.value(QLatin1String("org")).toString() : org,
                              a.value(QLatin1String("clientId")).toString(),
                              secret.isEmpty() ? a.value(QLatin1String("clientSecret")).toString() : secret, this);
}

QByteArray TstAsgardeoClient::managementBearer()
{
    const QJsonObject a = account("asgardeo");
    const QUrl tokenUrl(m_sandbox.info().value(QLatin1String("asgardeo")).toString() + orgPrefix() + QStringLiteral("/oauth2/token"));
    auto response = await(TokenClient(m_session).clientCredentials(tokenUrl, a.value(QLatin1String("clientId")).toString(),
                                                                   a.value(QLatin1String("clientSecret")).toString(), AsgardeoClient::managementScopes()));
    const QString token = response->result().toObject().value(QLatin1String("access_token")).toString();
    return token.isEmpty() ? QByteArray() : "Bearer " + token.toUtf8();
}

int TstAsgardeoClient::countRequests(const QString &method, const QString &pathPart) const
{
    int n = 0;
    for (const QJsonValue &v : m_sandbox.allRecordedRequests()) {
        const QJsonObject o = v.toObject();
        if (o.value(QLatin1String("method")).toString() == method && o.value(QLatin1String("path")).toString().contains(pathPart))
            ++n;
    }
    return n;
}

void TstAsgardeoClient::managementAccessIsCheckedPerApi()
{
    auto ok = await(client()->verifyManagementAccess());
    QVERIFY2(!ok->hasError(), qPrintable(ok->error().toUserText()));
    const QJsonObject check = ok->result().toObject();
    QVERIFY(check.value(QLatin1String("ok")).toBool());
    QCOMPARE(check.value(QLatin1String("granted")).toArray().size(), AsgardeoClient::managementScopes().size());
    QVERIFY(check.value(QLatin1String("missing")).toArray().isEmpty());

    auto mistake = await(client("asgardeoOrgApi")->verifyManagementAccess());
    QVERIFY(!mistake->hasError());
    const QJsonObject wrong = mistake->result().toObject();
    QVERIFY(!wrong.value(QLatin1String("ok")).toBool());
    QVERIFY(wrong.value(QLatin1String("organizationApiMistake")).toBool());
    QVERIFY(wrong.value(QLatin1String("message")).toString().contains(QLatin1String("Management API versions")));
    QCOMPARE(wrong.value(QLatin1String("missing")).toArray().size(), AsgardeoClient::managementScopes().size());
}

void TstAsgardeoClient::wrongSecretAndUnknownOrganizationAreSaidPlainly()
{
    auto wrongSecret = await(client("asgardeo", QStringLiteral("not-the-secret"))->verifyManagementAccess());
    QVERIFY(wrongSecret->hasError());
    QCOMPARE(wrongSecret->error().httpStatus, 401);
    QVERIFY2(wrongSecret->error().toUserText().contains(QLatin1String("secret"), Qt::CaseInsensitive), qPrintable(wrongSecret->error().toUserText()));

    auto unknownOrg = await(client("asgardeo", QString(), QStringLiteral("no-such-org"))->verifyManagementAccess());
    QVERIFY(unknownOrg->hasError());
    QVERIFY2(unknownOrg->error().toUserText().contains(QLatin1String("no-such-org")), qPrintable(unknownOrg->error().toUserText()));
}

void TstAsgardeoClient::globalResourceIsFoundAmongOthersAndNeverCreatedTwice()
{
    AsgardeoClient *asgardeo = client();
    auto none = await(asgardeo->findApiResourceByName(QStringLiteral("APIM_GLOBAL_SCOPES")));
    QVERIFY2(!none->hasError(), qPrintable(none->error().toUserText()));
    QVERIFY(none->result().isNull());

    // Other resources around it: the lookup picks the one by name.
    for (int i = 0; i < 12; ++i) {
        auto filler = await(asgardeo->createApiResource(QStringLiteral("https://shop.example.com/api/%1").arg(i),
                                                        QStringLiteral("Shop API %1").arg(i), QStringLiteral("filler"), {}));
        QVERIFY2(!filler->hasError(), qPrintable(filler->error().toUserText()));
    }
    auto created = await(asgardeo->createApiResource(QString(AsgardeoClient::GlobalScopesIdentifier), QStringLiteral("APIM_GLOBAL_SCOPES"),
                                                     QStringLiteral("Global scopes of API Manager"), {QStringLiteral("orders_read")}));
    QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));
    m_resourceId = created->result().toObject().value(QLatin1String("id")).toString();
    QVERIFY(!m_resourceId.isEmpty());

    auto found = await(asgardeo->findApiResourceByName(QStringLiteral("APIM_GLOBAL_SCOPES")));
    QCOMPARE(found->result().toObject().value(QLatin1String("id")).toString(), m_resourceId);

    // Creating it again answers with the one that exists (Asgardeo says 409).
    auto again = await(asgardeo->createApiResource(QString(AsgardeoClient::GlobalScopesIdentifier), QStringLiteral("APIM_GLOBAL_SCOPES"),
                                                   QStringLiteral("Global scopes of API Manager"), {}));
    QVERIFY2(!again->hasError(), qPrintable(again->error().toUserText()));
    QCOMPARE(again->result().toObject().value(QLatin1String("id")).toString(), m_resourceId);
    int globals = 0;
    for (const QJsonValue &r : m_sandbox.sandbox()->asgardeo()->state().value(QLatin1String("apiResources")).toArray())
        globals += r.toObject().value(QLatin1String("name")).toString() == QLatin1String("APIM_GLOBAL_SCOPES");
    QCOMPARE(globals, 1);

    auto added = await(asgardeo->addScopes(m_resourceId, {QStringLiteral("orders_write")}));
    QVERIFY2(!added->hasError(), qPrintable(added->error().toUserText()));
    auto read = await(asgardeo->getApiResource(m_resourceId));
    QStringList scopes;
    for (const QJsonValue &s : read->result().toObject().value(QLatin1String("scopes")).toArray())
        scopes << s.toObject().value(QLatin1String("name")).toString();
    QCOMPARE(scopes, (QStringList{QStringLiteral("orders_read"), QStringLiteral("orders_write")}));
}

void TstAsgardeoClient::restrictedScopeNamesAreRefusedBeforeSending()
{
    QVERIFY(!m_resourceId.isEmpty());
    const int patches = countRequests(QStringLiteral("PATCH"), QStringLiteral("/api-resources/"));
    auto refused = await(client()->addScopes(m_resourceId, {QStringLiteral("internal_x")}));
    QVERIFY(refused->hasError());
    QVERIFY2(refused->error().toUserText().contains(QStringLiteral("“internal_x” begins with “internal”")), qPrintable(refused->error().toUserText()));
    QVERIFY(refused->error().toUserText().contains(QLatin1String("60008")));
    QCOMPARE(countRequests(QStringLiteral("PATCH"), QStringLiteral("/api-resources/")), patches);
}

void TstAsgardeoClient::scopesAreAuthorizedForAnApplicationByPostThenPatch()
{
    QVERIFY(!m_resourceId.isEmpty());
    AsgardeoClient *asgardeo = client();
    auto app = await(asgardeo->findApplicationByClientId(account("asgardeo").value(QLatin1String("clientId")).toString()));
    QVERIFY2(!app->hasError(), qPrintable(app->error().toUserText()));
    const QString appId = app->result().toObject().value(QLatin1String("id")).toString();
    QVERIFY(!appId.isEmpty());

    const int posts = countRequests(QStringLiteral("POST"), QStringLiteral("/authorized-apis"));
    auto first = await(asgardeo->authorizeApi(appId, m_resourceId, {QStringLiteral("orders_read")}));
    QVERIFY2(!first->hasError(), qPrintable(first->error().toUserText()));
    QCOMPARE(countRequests(QStringLiteral("POST"), QStringLiteral("/authorized-apis")), posts + 1);
    const int patches = countRequests(QStringLiteral("PATCH"), QStringLiteral("/authorized-apis/"));
    auto second = await(asgardeo->authorizeApi(appId, m_resourceId, {QStringLiteral("orders_read"), QStringLiteral("orders_write")}));
    QVERIFY2(!second->hasError(), qPrintable(second->error().toUserText()));
    QCOMPARE(countRequests(QStringLiteral("PATCH"), QStringLiteral("/authorized-apis/")), patches + 1);

    auto authorized = await(asgardeo->authorizedApis(appId));
    QStringList granted;
    for (const QJsonValue &a : authorized->result().toArray()) {
        if (a.toObject().value(QLatin1String("id")).toString() == m_resourceId) {
            for (const QJsonValue &s : a.toObject().value(QLatin1String("authorizedScopes")).toArray())
                granted << s.toObject().value(QLatin1String("name")).toString();
        }
    }
    granted.sort();
    QCOMPARE(granted, (QStringList{QStringLiteral("orders_read"), QStringLiteral("orders_write")}));
}

void TstAsgardeoClient::rolesAreCreatedOnce()
{
    AsgardeoClient *asgardeo = client();
    auto first = await(asgardeo->ensureRole(QStringLiteral("apim_primary_admin")));
    QVERIFY2(!first->hasError(), qPrintable(first->error().toUserText()));
    QVERIFY(first->result().toObject().value(QLatin1String("created")).toBool());
    auto second = await(asgardeo->ensureRole(QStringLiteral("apim_primary_admin")));
    QVERIFY2(!second->hasError(), qPrintable(second->error().toUserText()));
    QVERIFY(!second->result().toObject().value(QLatin1String("created")).toBool());
    int count = 0;
    for (const QJsonValue &r : m_sandbox.sandbox()->asgardeo()->state().value(QLatin1String("roles")).toArray())
        count += r.toObject().value(QLatin1String("displayName")).toString() == QLatin1String("apim_primary_admin");
    QCOMPARE(count, 1);
    // What Asgardeo received, in SCIM 2.0 (RFC 7644) shapes.
    bool sawSearch = false, sawCreate = false;
    for (const QJsonValue &v : m_sandbox.allRecordedRequests()) {
        const QJsonObject o = v.toObject();
        const QString path = o.value(QLatin1String("path")).toString();
        const QJsonObject body = QJsonDocument::fromJson(o.value(QLatin1String("body")).toString().toUtf8()).object();
        if (path == orgPrefix() + QStringLiteral("/scim2/v2/Roles/.search")) {
            sawSearch = true;
            QCOMPARE(body.value(QLatin1String("schemas")).toArray(), QJsonArray{QStringLiteral("urn:ietf:params:scim:api:messages:2.0:SearchRequest")});
            QCOMPARE(body.value(QLatin1String("filter")).toString(), QStringLiteral("displayName eq apim_primary_admin"));
        } else if (path == orgPrefix() + QStringLiteral("/scim2/v2/Roles") && o.value(QLatin1String("method")).toString() == QLatin1String("POST")) {
            sawCreate = true;
            QCOMPARE(body.value(QLatin1String("schemas")).toArray(), QJsonArray{QStringLiteral("urn:ietf:params:scim:schemas:extension:2.0:Role")});
            QCOMPARE(body.value(QLatin1String("displayName")).toString(), QStringLiteral("apim_primary_admin"));
            QVERIFY(o.value(QLatin1String("headers")).toObject().value(QLatin1String("content-type")).toString().startsWith(QLatin1String("application/scim+json")));
        }
    }
    QVERIFY(sawSearch && sawCreate);
}

void TstAsgardeoClient::everyRequestFitsTheVendorSpecs_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("only");      // checks only exchanges whose path (after base) starts with it
    QTest::addColumn<int>("minimum");
    QTest::addColumn<QByteArray>("badMethod");
    QTest::addColumn<QString>("badPath");
    QTest::addColumn<QByteArray>("badBody");
    QTest::newRow("api resources") << QStringLiteral("asgardeo-api-resources.yaml") << QStringLiteral("/api/server/v1") << QStringLiteral("/api-resources")
                                   << 18 << QByteArray("POST") << QStringLiteral("/api-resources") << QByteArray(R"({"identifier":"x"})");
    QTest::newRow("applications") << QStringLiteral("asgardeo-applications.yaml") << QStringLiteral("/api/server/v1") << QStringLiteral("/applications")
                                  << 4 << QByteArray("POST") << QStringLiteral("/applications/x/authorized-apis") << QByteArray(R"({"id":"x","scopes":"orders_read"})");
    // Not the Roles V2 file: it types `schemas` as an object in requests and a string in responses, against
    // SCIM 2.0 (RFC 7644) and its own examples, so it flags every correct SCIM exchange. The roles calls are
    // checked field by field in rolesAreCreatedOnce() and against the SCIM RFC shapes in the stand-in.
}

void TstAsgardeoClient::everyRequestFitsTheVendorSpecs()
{
    QFETCH(QString, spec);
    QFETCH(QString, base);
    QFETCH(QString, only);
    QFETCH(int, minimum);
    QFETCH(QByteArray, badMethod);
    QFETCH(QString, badPath);
    QFETCH(QByteArray, badBody);

    const QString prefix = orgPrefix() + base;
    QJsonArray exchanges;
    for (const QJsonValue &v : m_sandbox.allRecordedRequests()) {
        if (v.toObject().value(QLatin1String("path")).toString().startsWith(prefix + only))
            exchanges.append(v);
    }
    // The recorder redacts Authorization: re-sending needs a fresh management token.
    const QByteArray bearer = managementBearer();
    QVERIFY2(!bearer.isEmpty(), "the sandbox issued no management token");

    OpenApiValidator validator;
    QString error;
    QUrl upstream(m_sandbox.info().value(QLatin1String("asgardeo")).toString());
    upstream.setPath(prefix);
    QVERIFY2(validator.start(spec, upstream, &error), qPrintable(error));
    // Not a rubber stamp: a body missing what the spec requires is reported.
    const QStringList wrong = validator.check(badMethod, badPath, badBody, "application/json", bearer);
    QVERIFY2(!wrong.isEmpty(), qPrintable(QStringLiteral("Prism accepted %1 %2 %3").arg(QString::fromLatin1(badMethod), badPath, QString::fromUtf8(badBody))));

    const QStringList violations = validator.validate(exchanges, prefix, bearer);
    QVERIFY2(validator.checkedCount() >= minimum, qPrintable(QStringLiteral("only %1 requests were checked").arg(validator.checkedCount())));
    QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TstAsgardeoClient)
#include "tst_asgardeo_client.moc"
