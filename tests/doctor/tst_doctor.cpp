// The Doctor against the in-process sandbox: healthy and broken key managers of each type side by side
// (wrong issuer, JWKS unreachable, drifted endpoint, duplicate issuer, disabled but in use; an Entra v1 app
// under a v2 key manager without api://, a secret expiring tomorrow, an orphan app), each check fires with its
// id and the healthy ones pass; bad input (5 MB discovery document, garbage JWKS, HTML, a system that never
// answers) is said by its own check while the others run.

#include "support/JobWaiter.h"
#include "services/core/ConstRange.h"
#include "support/SandboxFixture.h"

#include "sandbox/SandboxServer.h"
#include "sandbox/apim/ApimStandIn.h"
#include "sandbox/entra/EntraStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/apim/DevPortalClient.h"
#include "services/apim/KeyManagerConfig.h"
#include "services/apim/PublisherClient.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/doctor/Doctor.h"
#include "services/doctor/DoctorFix.h"
#include "services/entra/AzureSetup.h"
#include "services/entra/EntraClient.h"
#include "services/entra/GraphClient.h"
#include "services/http/HttpSession.h"
#include "services/setup/SetupRunner.h"
#include "services/tokens/JwksVerifier.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace km;
using namespace km::test;
using km::sandbox::Request;
using km::sandbox::Response;
using km::sandbox::SandboxServer;

class TstDoctor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyBrokenKeyManagerIsNamedAndTheHealthyOnesPass();
    void freshTokensSayWhatTheGatewayWouldAnswer();
    void asgardeoChecks();
    void entraChecks();
    void badInputIsSaidByItsOwnCheck();
    void aSystemThatNeverAnswersBlocksNothing();
    void oneKeyManagerOnlyAndAnUnknownName();
    void aKeyManagerThatCannotBeReadHidesNoOther();
    void unreachableApiManagerIsACheck();
    void jwksKeyProblems();
    // Last: it changes what the checks above read.
    void oneClickFixesFix();

private:
    QJsonObject account(const char *name) const
    {
        return m_sandbox.info().value(QLatin1String("accounts")).toObject().value(QLatin1String(name)).toObject();
    }
    QJsonObject getKeyManager(const QString &name);
    // A copy of the healthy Asgardeo key manager under `name`, changed by `change`, created in API Manager.
    void addVariant(const QString &name, const std::function<void(KeyManagerConfig &)> &change);
    bool runAzureSetup(const QString &name, AzureTokenVersions versions);
    QString devPortalApplication(const QString &name);
    // Runs the Doctor over everything; the checks by "keyManager/id" (several: joined by their levels' order).
    QJsonObject runDoctor(const DoctorOptions &options = {});
    static QList<QJsonObject> checksOf(const QJsonObject &report, const QString &keyManager, const QString &id);

    SandboxFixture m_sandbox;
    HttpSession *m_session = nullptr;
    ApimClient *m_apim = nullptr;
    AsgardeoClient *m_asgardeo = nullptr;
    EntraClient *m_entra = nullptr;
    GraphClient *m_graph = nullptr;
    DevPortalClient *m_portal = nullptr;
    SandboxServer *m_odd = nullptr; // serves the bad input
    QJsonObject m_report;           // the full run, made once
    QString m_expiringAppId;
};

void TstDoctor::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    m_session = new HttpSession(this);
    m_session->setRetryPolicy({20, 100, 2000});
    m_apim = m_sandbox.apimClient(m_session, this);
    m_portal = new DevPortalClient(m_apim, this);
    const QJsonObject a = account("asgardeo");
    m_asgardeo = new AsgardeoClient(m_session, QUrl(m_sandbox.info().value(QLatin1String("asgardeo")).toString()), a.value(QLatin1String("org")).toString(),
                                    a.value(QLatin1String("clientId")).toString(), a.value(QLatin1String("clientSecret")).toString(), this);
    auto *entra = m_sandbox.sandbox()->entra();
    m_entra = new EntraClient(m_session, entra->loginUrl(), entra->graphUrl(), entra->tenantId(), entra->managementClient().clientId,
                              entra->managementClient().secret, this);
    m_graph = new GraphClient(m_entra, this);

    // A server for what real systems should never send.
    m_odd = new SandboxServer(QStringLiteral("odd"), false, this);
    QVERIFY2(m_odd->start(&error), qPrintable(error));
    const QString odd = m_odd->baseUrl().toString();
    m_odd->route("GET", QStringLiteral("/big/.well-known/openid-configuration"), [odd](const Request &) {
        return Response::json(200, QJsonObject{{QStringLiteral("issuer"), QString(odd + QStringLiteral("/big"))},
                                               {QStringLiteral("padding"), QString(5 * 1024 * 1024, QLatin1Char('x'))}});
    });
    m_odd->route("GET", QStringLiteral("/html/.well-known/openid-configuration"), [](const Request &) {
        Response r = Response::json(200, QJsonObject(), "text/html");
        r.body = "<html><head><title>Sign in</title></head><body>Proxy login</body></html>";
        return r;
    });
    m_odd->route("GET", QStringLiteral("/garbage/jwks"), [](const Request &) {
        return Response::json(200, QJsonObject{{QStringLiteral("keys"), QJsonArray{
            QJsonObject{{QStringLiteral("kty"), QStringLiteral("RSA")}, {QStringLiteral("kid"), QStringLiteral("junk")},
                        {QStringLiteral("n"), QStringLiteral("!!!not-base64!!!")}, {QStringLiteral("e"), QStringLiteral("AQAB")}},
            QJsonObject{{QStringLiteral("kty"), QStringLiteral("oct")}, {QStringLiteral("kid"), QStringLiteral("hmac")}, {QStringLiteral("k"), QStringLiteral("c2VjcmV0")}}}}});
    });
    m_odd->routeAsync("GET", QStringLiteral("/never/jwks"), [](const Request &, SandboxServer::Reply) {}); // no answer, ever

    // Asgardeo: the console's setup (healthy), then copies with one fault each.
    QCOMPARE(m_sandbox.setUpAsgardeo(m_apim, m_session, QStringLiteral("AsgardeoOk")), QString());
    addVariant(QStringLiteral("WrongIssuer"), [](KeyManagerConfig &c) { c.issuer = QStringLiteral("https://elsewhere.example/oauth2/token"); });
    addVariant(QStringLiteral("NoJwks"), [](KeyManagerConfig &c) {
        c.issuer = QStringLiteral("https://nojwks.example/oauth2/token");
        c.certificateValue = QStringLiteral("http://127.0.0.1:1/jwks");
    });
    addVariant(QStringLiteral("Drifted"), [](KeyManagerConfig &c) {
        c.issuer = QStringLiteral("https://drifted.example/oauth2/token");
        c.endpoints.insert(QStringLiteral("token_endpoint"), c.endpoints.value(QStringLiteral("token_endpoint")) + QStringLiteral("/old"));
    });
    for (const QString &twin : {QStringLiteral("TwinA"), QStringLiteral("TwinB")})
        addVariant(twin, [](KeyManagerConfig &c) { c.issuer = QStringLiteral("https://twins.example/oauth2/token"); });
    addVariant(QStringLiteral("InUse"), [](KeyManagerConfig &c) { c.issuer = QStringLiteral("https://inuse.example/oauth2/token"); });
    addVariant(QStringLiteral("OddInput"), [odd](KeyManagerConfig &c) {
        c.issuer = QString(odd + QStringLiteral("/big"));
        c.wellKnownEndpoint = odd + QStringLiteral("/big/.well-known/openid-configuration");
        c.certificateValue = odd + QStringLiteral("/garbage/jwks");
    });
    addVariant(QStringLiteral("HtmlDoc"), [odd](KeyManagerConfig &c) {
        c.issuer = QStringLiteral("https://html.example/");
        c.wellKnownEndpoint = odd + QStringLiteral("/html/.well-known/openid-configuration");
    });
    // In use, then disabled: the DevPortal application keeps its keys.
    const QString inUseApp = devPortalApplication(QStringLiteral("Uses InUse"));
    GenerateKeysRequest keys;
    keys.keyManager = QStringLiteral("InUse");
    JobPtr generated = await(m_portal->generateKeys(inUseApp, keys));
    QVERIFY2(!generated->hasError(), qPrintable(generated->error().toUserText()));
    QJsonObject inUse = getKeyManager(QStringLiteral("InUse"));
    KeyManagerConfig disabled = KeyManagerConfig::fromJson(inUse);
    disabled.flags.insert(QStringLiteral("enabled"), false);
    JobPtr put = await(m_apim->updateKeyManager(disabled.id, disabled.toPayload()));
    QVERIFY2(!put->hasError(), qPrintable(put->error().toUserText()));

    // Entra: a healthy v1 key manager whose app the connector made, and a v2 one with the faults.
    QVERIFY(runAzureSetup(QStringLiteral("EntraOk"), AzureTokenVersions::V1));
    QVERIFY(runAzureSetup(QStringLiteral("EntraBroken"), AzureTokenVersions::V2));
    GenerateKeysRequest healthy;
    healthy.keyManager = QStringLiteral("EntraOk");
    JobPtr made = await(m_portal->generateKeys(devPortalApplication(QStringLiteral("HealthyApp")), healthy), 60000);
    QVERIFY2(!made->hasError(), qPrintable(made->error().toUserText()));
    // The legacy app (v1 tokens, no api://) mapped under the v2 key manager.
    JobPtr mapped = await(m_portal->mapKeys(devPortalApplication(QStringLiteral("LegacyUser")), QStringLiteral("EntraBroken"),
                                            m_sandbox.sandbox()->entra()->legacyResourceAppId(), QStringLiteral("typed-value-8Q~doctor"),
                                            QStringLiteral("PRODUCTION")));
    QVERIFY2(!mapped->hasError(), qPrintable(mapped->error().toUserText()));
    // An application whose only secret expires tomorrow, mapped under the v2 key manager.
    JobPtr expiring = await(m_graph->createApplication(QStringLiteral("Expiring registration"), 2));
    QVERIFY2(!expiring->hasError(), qPrintable(expiring->error().toUserText()));
    const QJsonObject app = expiring->result().toObject();
    m_expiringAppId = app.value(QLatin1String("appId")).toString();
    JobPtr uri = await(m_graph->setIdentifierUris(app.value(QLatin1String("id")).toString(), {QStringLiteral("api://") + m_expiringAppId}));
    QVERIFY(!uri->hasError());
    JobPtr secret = await(m_graph->addPassword(app.value(QLatin1String("id")).toString(), QStringLiteral("short-lived"),
                                               QDateTime::currentDateTimeUtc().addDays(1)));
    QVERIFY2(!secret->hasError(), qPrintable(secret->error().toUserText()));
    JobPtr mapped2 = await(m_portal->mapKeys(devPortalApplication(QStringLiteral("ShortLivedUser")), QStringLiteral("EntraBroken"), m_expiringAppId,
                                             QStringLiteral("typed-value-8Q~doctor2"), QStringLiteral("PRODUCTION")));
    QVERIFY2(!mapped2->hasError(), qPrintable(mapped2->error().toUserText()));
    // What the connector left behind for a DevPortal application deleted since.
    JobPtr orphan = await(m_graph->createApplication(QStringLiteral("admin_DeletedShop_PRODUCTION"), 2));
    QVERIFY(!orphan->hasError());

    // Keys under the healthy Asgardeo key manager (registered in Asgardeo by DCR, as the connector does) and
    // under a copy whose consumer-key claim names a claim Asgardeo's tokens do not carry: fresh tokens for both.
    addVariant(QStringLiteral("WrongClaim"), [](KeyManagerConfig &c) {
        c.issuer = QStringLiteral("https://wrongclaim.example/oauth2/token");
        c.consumerKeyClaim = QStringLiteral("client_key");
    });
    for (const QString &km : {QStringLiteral("AsgardeoOk"), QStringLiteral("WrongClaim")}) {
        GenerateKeysRequest shop;
        shop.keyManager = km;
        JobPtr shopKeys = await(m_portal->generateKeys(devPortalApplication(QStringLiteral("Shop under ") + km), shop));
        QVERIFY2(!shopKeys->hasError(), qPrintable(shopKeys->error().toUserText()));
    }
    // A shared scope bound to two roles (API Manager's connector adds it to Asgardeo's resource), then a role
    // "manager" made after it, so without it, and no role "Internal/subscriber" (role creation is off, so the
    // connector looks roles up by API Manager's names).
    PublisherClient publisher(m_apim);
    JobPtr scope = await(publisher.createSharedScope(QJsonObject{
        {QStringLiteral("name"), QStringLiteral("invoices:approve")}, {QStringLiteral("displayName"), QStringLiteral("Approve invoices")},
        {QStringLiteral("description"), QStringLiteral("Approve the invoices")},
        {QStringLiteral("bindings"), QJsonArray{QStringLiteral("Internal/subscriber"), QStringLiteral("manager")}}}));
    QVERIFY2(!scope->hasError(), qPrintable(scope->error().toUserText()));
    JobPtr manager = await(m_asgardeo->ensureRole(QStringLiteral("manager")));
    QVERIFY2(!manager->hasError(), qPrintable(manager->error().toUserText()));

    m_report = runDoctor();
    QVERIFY(!m_report.isEmpty());
}

QJsonObject TstDoctor::getKeyManager(const QString &name)
{
    const QList<QJsonObject> held = m_sandbox.keyManagersNamed(name);
    if (held.isEmpty())
        return {};
    JobPtr get = await(m_apim->getKeyManager(held.first().value(QLatin1String("id")).toString()));
    return get->result().toObject();
}

void TstDoctor::addVariant(const QString &name, const std::function<void(KeyManagerConfig &)> &change)
{
    KeyManagerConfig c = KeyManagerConfig::fromJson(getKeyManager(QStringLiteral("AsgardeoOk")));
    c.id.clear();
    c.name = name;
    c.displayName = name;
    for (const QString &key : c.maskedValues())
        c.connector.insert(key, account("asgardeo").value(QLatin1String("clientSecret")).toString());
    change(c);
    JobPtr created = await(m_apim->createKeyManager(c.toPayload()));
    if (created->hasError())
        qWarning() << name << created->error().toUserText();
    QVERIFY(!created->hasError());
}

bool TstDoctor::runAzureSetup(const QString &name, AzureTokenVersions versions)
{
    AzureSetupOptions options;
    options.name = name;
    options.tokenVersions = versions;
    std::unique_ptr<SetupRunner> runner(AzureSetup::createRunner(m_apim, m_entra, m_session, options, nullptr));
    QSignalSpy finished(runner.get(), &SetupRunner::finished);
    runner->start();
    if (finished.isEmpty() && !finished.wait(60000))
        return false;
    if (!runner->isComplete())
        qWarning() << runner->summary();
    return runner->isComplete();
}

QString TstDoctor::devPortalApplication(const QString &name)
{
    JobPtr created = await(m_portal->createApplication(name));
    return created->result().toObject().value(QLatin1String("applicationId")).toString();
}

QJsonObject TstDoctor::runDoctor(const DoctorOptions &given)
{
    Doctor doctor(m_apim);
    doctor.setAsgardeo(m_asgardeo);
    doctor.setGraph(m_graph);
    DoctorOptions options = given;
    // Generous: the stand-ins answer in the same process, and under the sanitizer build on a
    // loaded CI machine one check of several calls has taken longer than 5 s.
    if (options.timeoutMs == DoctorOptions().timeoutMs)
        options.timeoutMs = 20000;
    QSignalSpy reported(&doctor, &Doctor::checkReported);
    JobPtr run = await(doctor.run(options), 60000);
    if (run->hasError()) {
        qWarning() << run->error().toUserText();
        return {};
    }
    const QJsonObject report = run->result().toObject();
    // Each check was also reported as it came, and the summary counts them.
    if (reported.size() != report.value(QLatin1String("checks")).toArray().size())
        qWarning() << "reported" << reported.size() << "checks, the report holds" << report.value(QLatin1String("checks")).toArray().size();
    return reported.size() == report.value(QLatin1String("checks")).toArray().size() ? report : QJsonObject();
}

QList<QJsonObject> TstDoctor::checksOf(const QJsonObject &report, const QString &keyManager, const QString &id)
{
    QList<QJsonObject> found;
    for (const QJsonValue &v : km::constTemporary(report.value(QLatin1String("checks")).toArray())) {
        const QJsonObject c = v.toObject();
        if (c.value(QLatin1String("keyManager")).toString() == keyManager && c.value(QLatin1String("id")).toString() == id)
            found << c;
    }
    return found;
}

#define CHECK_LEVEL(km, id, level)                                                                                                              \
    do {                                                                                                                                        \
        const QList<QJsonObject> cs = checksOf(m_report, QStringLiteral(km), QStringLiteral(id));                                               \
        QVERIFY2(!cs.isEmpty(), "no check " km "/" id);                                                                                        \
        for (const QJsonObject &c : cs)                                                                                                         \
            QVERIFY2(c.value(QLatin1String("level")).toString() == QLatin1String(level),                                                      \
                     qPrintable(QStringLiteral(km "/" id ": ") + QString::fromUtf8(QJsonDocument(c).toJson(QJsonDocument::Compact))));     \
    } while (false)

void TstDoctor::everyBrokenKeyManagerIsNamedAndTheHealthyOnesPass()
{
    // Healthy: no error anywhere, and the core checks ran and passed.
    for (const char *km : {"AsgardeoOk", "EntraOk"}) {
        for (const QJsonValue &v : km::constTemporary(m_report.value(QLatin1String("checks")).toArray())) {
            const QJsonObject c = v.toObject();
            if (c.value(QLatin1String("keyManager")).toString() == QLatin1String(km))
                QVERIFY2(c.value(QLatin1String("level")).toString() != QLatin1String("error"), QJsonDocument(c).toJson().constData());
        }
    }
    CHECK_LEVEL("AsgardeoOk", "well-known", "ok");
    CHECK_LEVEL("AsgardeoOk", "issuer", "ok");
    CHECK_LEVEL("AsgardeoOk", "endpoint-drift", "ok");
    CHECK_LEVEL("AsgardeoOk", "jwks", "ok");
    CHECK_LEVEL("AsgardeoOk", "token-endpoint", "ok");
    CHECK_LEVEL("AsgardeoOk", "revoke-endpoint", "ok");
    CHECK_LEVEL("AsgardeoOk", "introspection-endpoint", "ok");
    CHECK_LEVEL("AsgardeoOk", "duplicate-issuer", "ok");
    CHECK_LEVEL("AsgardeoOk", "settings-type", "ok");
    CHECK_LEVEL("EntraOk", "issuer", "ok");
    CHECK_LEVEL("EntraOk", "jwks", "ok");
    CHECK_LEVEL("EntraOk", "endpoint-drift", "ok");
    CHECK_LEVEL("EntraOk", "revoke-endpoint", "ok");
    CHECK_LEVEL("EntraOk", "entra-application", "ok");
    CHECK_LEVEL("EntraBroken", "issuer", "ok");
    // A token issued just now: by API Manager with the application's keys, by Entra for the application's API.
    CHECK_LEVEL("AsgardeoOk", "fresh-token", "ok");
    CHECK_LEVEL("EntraOk", "fresh-token", "ok");
    QVERIFY(checksOf(m_report, QStringLiteral("AsgardeoOk"), QStringLiteral("fresh-token")).constFirst().value(QLatin1String("message")).toString()
                .contains(QStringLiteral("“azp”")));

    // Broken: each fault by its id, with words that name it.
    CHECK_LEVEL("WrongIssuer", "issuer", "error");
    const QJsonObject wrong = checksOf(m_report, QStringLiteral("WrongIssuer"), QStringLiteral("issuer")).constFirst();
    QVERIFY(wrong.value(QLatin1String("message")).toString().contains(QLatin1String("https://elsewhere.example/oauth2/token")));
    QVERIFY(wrong.value(QLatin1String("message")).toString().contains(QLatin1String("900901")));
    QVERIFY(!wrong.value(QLatin1String("fix")).toString().isEmpty());
    CHECK_LEVEL("NoJwks", "jwks", "error");
    QVERIFY(checksOf(m_report, QStringLiteral("NoJwks"), QStringLiteral("jwks")).constFirst().value(QLatin1String("message")).toString()
                .contains(QLatin1String("http://127.0.0.1:1/jwks")));
    CHECK_LEVEL("Drifted", "endpoint-drift", "error");
    QVERIFY(checksOf(m_report, QStringLiteral("Drifted"), QStringLiteral("endpoint-drift")).constFirst().value(QLatin1String("message")).toString()
                .contains(QLatin1String("token_endpoint")));
    CHECK_LEVEL("Drifted", "jwks", "ok");
    CHECK_LEVEL("TwinA", "duplicate-issuer", "error");
    CHECK_LEVEL("TwinB", "duplicate-issuer", "error");
    QVERIFY(checksOf(m_report, QStringLiteral("TwinA"), QStringLiteral("duplicate-issuer")).constFirst().value(QLatin1String("message")).toString()
                .startsWith(QLatin1String("TwinB ")));
    CHECK_LEVEL("InUse", "disabled-in-use", "error");
    QVERIFY(checksOf(m_report, QStringLiteral("InUse"), QStringLiteral("disabled-in-use")).constFirst().value(QLatin1String("message")).toString()
                .contains(QLatin1String("Uses InUse")));
    // Only disabled key managers are asked what uses them.
    QVERIFY(checksOf(m_report, QStringLiteral("AsgardeoOk"), QStringLiteral("disabled-in-use")).isEmpty());

    // The summary counts what the list holds.
    const QJsonObject summary = m_report.value(QLatin1String("summary")).toObject();
    int errors = 0;
    for (const QJsonValue &v : km::constTemporary(m_report.value(QLatin1String("checks")).toArray()))
        errors += v.toObject().value(QLatin1String("level")).toString() == QLatin1String("error");
    QCOMPARE(summary.value(QLatin1String("error")).toInt(), errors);
    QCOMPARE(summary.value(QLatin1String("total")).toInt(), int(m_report.value(QLatin1String("checks")).toArray().size()));
    QVERIFY(Doctor::hasErrors(m_report));
}

void TstDoctor::freshTokensSayWhatTheGatewayWouldAnswer()
{
    // The copy at another issuer: API Manager's token names Asgardeo as issuer, which the gateway refuses.
    CHECK_LEVEL("InUse", "fresh-token", "error");
    const QString inUse = checksOf(m_report, QStringLiteral("InUse"), QStringLiteral("fresh-token")).constFirst().value(QLatin1String("message")).toString();
    QVERIFY2(inUse.contains(QLatin1String("Uses InUse")) && inUse.contains(QLatin1String("900901")), qPrintable(inUse));
    // The consumer-key claim the token does not have.
    CHECK_LEVEL("WrongClaim", "fresh-token", "error");
    const QJsonObject wrong = checksOf(m_report, QStringLiteral("WrongClaim"), QStringLiteral("fresh-token")).constFirst();
    QVERIFY2(wrong.value(QLatin1String("message")).toString().contains(QLatin1String("client_key")), QJsonDocument(wrong).toJson().constData());
    QVERIFY2(wrong.value(QLatin1String("fix")).toString().contains(QLatin1String("azp")), QJsonDocument(wrong).toJson().constData());
    // The legacy Entra application has no api:// URI: Entra gives no token for its API.
    CHECK_LEVEL("EntraBroken", "fresh-token", "error");
    const QString legacy = checksOf(m_report, QStringLiteral("EntraBroken"), QStringLiteral("fresh-token")).constFirst().value(QLatin1String("message")).toString();
    QVERIFY2(legacy.contains(QLatin1String("LegacyUser")) && legacy.contains(QLatin1String("AADSTS500011")), qPrintable(legacy));
    // No application has keys under a key manager: said, with what to do.
    CHECK_LEVEL("TwinA", "fresh-token", "warn");
    QVERIFY(checksOf(m_report, QStringLiteral("TwinA"), QStringLiteral("fresh-token")).constFirst().value(QLatin1String("fix")).toString()
                .contains(QLatin1String("Generate keys")));

    // The pure check: the consumer key in the claim must be the application's.
    const QJsonObject km{{QStringLiteral("name"), QStringLiteral("K")}, {QStringLiteral("type"), QStringLiteral("Asgardeo")},
                         {QStringLiteral("issuer"), QStringLiteral("https://idp.example/oauth2/token")}};
    auto part = [](const QJsonObject &o) { return QString::fromLatin1(QJsonDocument(o).toJson(QJsonDocument::Compact).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)); };
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QString token = part(QJsonObject{{QStringLiteral("alg"), QStringLiteral("RS256")}}) + QLatin1Char('.')
                          + part(QJsonObject{{QStringLiteral("iss"), QStringLiteral("https://idp.example/oauth2/token")}, {QStringLiteral("azp"), QStringLiteral("other-client")},
                                             {QStringLiteral("scope"), QStringLiteral("invoices:approve")}, {QStringLiteral("iat"), now}, {QStringLiteral("exp"), now + 600}})
                          + QStringLiteral(".c2ln");
    const DoctorCheck mismatch = Doctor::freshTokenCheck(km, token, QStringLiteral("issued for Shop"), QStringLiteral("shop-client"), QDateTime::currentDateTimeUtc());
    QCOMPARE(mismatch.level, DoctorCheck::Level::Error);
    QVERIFY2(mismatch.message.contains(QLatin1String("other-client")) && mismatch.message.contains(QLatin1String("shop-client"))
                 && mismatch.message.contains(QLatin1String("900908")), qPrintable(mismatch.message));
    QCOMPARE(Doctor::freshTokenCheck(km, token, QStringLiteral("issued for Shop"), QStringLiteral("other-client"), QDateTime::currentDateTimeUtc()).level,
             DoctorCheck::Level::Ok);
    const DoctorCheck opaque = Doctor::freshTokenCheck(km, QStringLiteral("a1b2c3d4"), QStringLiteral("issued for Shop"), QString(), QDateTime::currentDateTimeUtc());
    QCOMPARE(opaque.level, DoctorCheck::Level::Error);
    QVERIFY2(opaque.message.contains(QLatin1String("900901")), qPrintable(opaque.message));
}

void TstDoctor::asgardeoChecks()
{
    // The roles behind API Manager's scope bindings, as the connector maps them.
    CHECK_LEVEL("AsgardeoOk", "asgardeo-roles", "warn");
    const QJsonObject roles = checksOf(m_report, QStringLiteral("AsgardeoOk"), QStringLiteral("asgardeo-roles")).constFirst();
    const QString rolesText = roles.value(QLatin1String("message")).toString();
    QVERIFY2(rolesText.contains(QStringLiteral("role “Internal/subscriber” does not exist (scopes invoices:approve)"))
                 && rolesText.contains(QStringLiteral("role “manager” lacks invoices:approve")), qPrintable(rolesText));
    QCOMPARE(roles.value(QLatin1String("action")).toObject().value(QLatin1String("kind")).toString(), QStringLiteral("asgardeo-bind-roles"));
    // With role creation on, the connector maps Internal/x to x and primary roles to apim_primary_x, and refuses Application/x.
    const auto scope = [](const QStringList &bindings) {
        ScopeCoverageEntry entry;
        entry.scope.name = QStringLiteral("invoices:approve");
        entry.scope.bindings = bindings;
        return QList<ScopeCoverageEntry>{entry};
    };
    const QList<ScopeCoverageEntry> bound = scope({QStringLiteral("Internal/subscriber"), QStringLiteral("manager")});
    QCOMPARE(Doctor::asgardeoRoleNames(bound, true), (QStringList{QStringLiteral("subscriber"), QStringLiteral("apim_primary_manager")}));
    QCOMPARE(Doctor::asgardeoRoleNames(bound, false), (QStringList{QStringLiteral("Internal/subscriber"), QStringLiteral("manager")}));
    const QList<ScopeCoverageEntry> application = scope({QStringLiteral("Application/shop")});
    const DoctorCheck refused = Doctor::asgardeoRolesCheck(QStringLiteral("K"), application, true, {}, QStringLiteral("R"), QStringLiteral("r1"));
    QCOMPARE(refused.level, DoctorCheck::Level::Error);
    QVERIFY2(refused.message.contains(QLatin1String("Application/shop")), qPrintable(refused.message));

    CHECK_LEVEL("AsgardeoOk", "asgardeo-management-scopes", "ok");
    CHECK_LEVEL("AsgardeoOk", "asgardeo-global-scopes", "ok");
    CHECK_LEVEL("AsgardeoOk", "asgardeo-scope-names", "ok");
    QCOMPARE(checksOf(m_report, QStringLiteral("AsgardeoOk"), QStringLiteral("asgardeo-scopes-missing")).size(), 1);
    // A key manager whose global scopes resource Asgardeo does not have.
    addVariant(QStringLiteral("NoResource"), [](KeyManagerConfig &c) {
        c.issuer = QStringLiteral("https://noresource.example/");
        c.connector.insert(QStringLiteral("APIM_GLOBAL_SCOPES"), QStringLiteral("NO_SUCH_RESOURCE"));
    });
    DoctorOptions only;
    only.keyManager = QStringLiteral("NoResource");
    const QJsonObject report = runDoctor(only);
    const QList<QJsonObject> global = checksOf(report, QStringLiteral("NoResource"), QStringLiteral("asgardeo-global-scopes"));
    QCOMPARE(global.size(), 1);
    QCOMPARE(global.first().value(QLatin1String("level")).toString(), QStringLiteral("error"));
    QVERIFY(global.first().value(QLatin1String("message")).toString().contains(QLatin1String("NO_SUCH_RESOURCE")));
    // Without an Asgardeo profile the organization is not checked, and the report says so.
    Doctor bare(m_apim);
    JobPtr run = await(bare.run(only), 60000);
    const QList<QJsonObject> profile = checksOf(run->result().toObject(), QStringLiteral("NoResource"), QStringLiteral("asgardeo-profile"));
    QCOMPARE(profile.size(), 1);
    QCOMPARE(profile.first().value(QLatin1String("level")).toString(), QStringLiteral("warn"));
    QVERIFY(checksOf(run->result().toObject(), QStringLiteral("NoResource"), QStringLiteral("asgardeo-global-scopes")).isEmpty());
}

void TstDoctor::entraChecks()
{
    // The legacy app under the v2 key manager: v1 tokens and no api://.
    CHECK_LEVEL("EntraBroken", "entra-token-version-mismatch", "error");
    CHECK_LEVEL("EntraBroken", "entra-identifier-uri-missing", "error");
    const QString legacy = m_sandbox.sandbox()->entra()->legacyResourceAppId();
    QVERIFY(checksOf(m_report, QStringLiteral("EntraBroken"), QStringLiteral("entra-token-version-mismatch")).constFirst()
                .value(QLatin1String("message")).toString().contains(legacy));
    // The secret expiring tomorrow, with the application named.
    const QList<QJsonObject> expiring = checksOf(m_report, QStringLiteral("EntraBroken"), QStringLiteral("entra-secret-expiring"));
    QCOMPARE(expiring.size(), 1);
    QCOMPARE(expiring.first().value(QLatin1String("level")).toString(), QStringLiteral("warn"));
    QVERIFY(expiring.first().value(QLatin1String("message")).toString().contains(m_expiringAppId));
    QVERIFY(expiring.first().value(QLatin1String("message")).toString().contains(QLatin1String("ShortLivedUser")));
    // The orphan is listed, the connector's app of a living DevPortal application is not.
    const QList<QJsonObject> orphans = checksOf(m_report, QString(), QStringLiteral("entra-orphan-applications"));
    QCOMPARE(orphans.size(), 1);
    QCOMPARE(orphans.first().value(QLatin1String("level")).toString(), QStringLiteral("warn"));
    const QString orphanText = orphans.first().value(QLatin1String("message")).toString();
    QVERIFY(orphanText.contains(QLatin1String("admin_DeletedShop_PRODUCTION")));
    QVERIFY2(!orphanText.contains(QLatin1String("HealthyApp")), qPrintable(orphanText));
    // No Entra profile: a warning instead of the app checks.
    Doctor bare(m_apim);
    DoctorOptions only;
    only.keyManager = QStringLiteral("EntraBroken");
    JobPtr run = await(bare.run(only), 60000);
    QCOMPARE(checksOf(run->result().toObject(), QStringLiteral("EntraBroken"), QStringLiteral("entra-profile")).size(), 1);
    QVERIFY(checksOf(run->result().toObject(), QStringLiteral("EntraBroken"), QStringLiteral("entra-token-version-mismatch")).isEmpty());
}

void TstDoctor::badInputIsSaidByItsOwnCheck()
{
    // 5 MB discovery document: refused while it arrives, said as too large; the JWKS check still ran.
    CHECK_LEVEL("OddInput", "well-known", "error");
    const QString big = checksOf(m_report, QStringLiteral("OddInput"), QStringLiteral("well-known")).constFirst().value(QLatin1String("message")).toString();
    QVERIFY2(big.contains(QLatin1String("larger than")), qPrintable(big));
    // Garbage keys: each named with what is wrong.
    CHECK_LEVEL("OddInput", "jwks", "error");
    const QString jwks = checksOf(m_report, QStringLiteral("OddInput"), QStringLiteral("jwks")).constFirst().value(QLatin1String("message")).toString();
    QVERIFY2(jwks.contains(QStringLiteral("“junk”")) && jwks.contains(QStringLiteral("“hmac”")) && jwks.contains(QLatin1String("oct")), qPrintable(jwks));
    CHECK_LEVEL("OddInput", "token-endpoint", "ok");
    // HTML instead of JSON.
    CHECK_LEVEL("HtmlDoc", "well-known", "error");
    const QString html = checksOf(m_report, QStringLiteral("HtmlDoc"), QStringLiteral("well-known")).constFirst().value(QLatin1String("message")).toString();
    QVERIFY2(html.contains(QLatin1String("HTML")), qPrintable(html));
    CHECK_LEVEL("HtmlDoc", "jwks", "ok");
}

void TstDoctor::aSystemThatNeverAnswersBlocksNothing()
{
    const QString odd = m_odd->baseUrl().toString();
    addVariant(QStringLiteral("Silent"), [odd](KeyManagerConfig &c) {
        c.issuer = QStringLiteral("https://silent.example/");
        c.certificateValue = odd + QStringLiteral("/never/jwks");
    });
    DoctorOptions only;
    only.keyManager = QStringLiteral("Silent");
    only.timeoutMs = 1500;
    QElapsedTimer clock;
    clock.start();
    const QJsonObject report = runDoctor(only);
    QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
    const QList<QJsonObject> jwks = checksOf(report, QStringLiteral("Silent"), QStringLiteral("jwks"));
    QCOMPARE(jwks.size(), 1);
    QCOMPARE(jwks.first().value(QLatin1String("level")).toString(), QStringLiteral("error"));
    const QString said = jwks.first().value(QLatin1String("message")).toString();
    QVERIFY2(said.contains(QLatin1String("/never/jwks")) && (said.contains(QLatin1String("no answer")) || said.contains(QLatin1String("time"), Qt::CaseInsensitive)),
             qPrintable(said));
    // The others ran and passed meanwhile.
    QCOMPARE(checksOf(report, QStringLiteral("Silent"), QStringLiteral("well-known")).constFirst().value(QLatin1String("level")).toString(), QStringLiteral("ok"));
    QCOMPARE(checksOf(report, QStringLiteral("Silent"), QStringLiteral("token-endpoint")).constFirst().value(QLatin1String("level")).toString(), QStringLiteral("ok"));
}

void TstDoctor::oneKeyManagerOnlyAndAnUnknownName()
{
    DoctorOptions only;
    only.keyManager = QStringLiteral("WrongIssuer");
    const QJsonObject report = runDoctor(only);
    QCOMPARE(report.value(QLatin1String("summary")).toObject().value(QLatin1String("keyManagers")).toArray(), QJsonArray{QStringLiteral("WrongIssuer")});
    QCOMPARE(checksOf(report, QStringLiteral("WrongIssuer"), QStringLiteral("issuer")).size(), 1);

    Doctor doctor(m_apim);
    only.keyManager = QStringLiteral("Nobody");
    JobPtr run = await(doctor.run(only));
    QVERIFY(run->hasError());
    QVERIFY(run->error().message.contains(QLatin1String("Nobody")));
    QVERIFY(run->error().hint.contains(QLatin1String("AsgardeoOk")));
}

void TstDoctor::aKeyManagerThatCannotBeReadHidesNoOther()
{
    // API Manager lists the key managers but refuses to give one of them in full: that one is a
    // key-manager-read error saying API Manager's answer, and every other key manager is still checked.
    QString id;
    for (const QJsonObject &km : m_sandbox.sandbox()->apim()->keyManagers()) {
        if (km.value(QLatin1String("name")).toString() == QLatin1String("WrongIssuer"))
            id = km.value(QLatin1String("id")).toString();
    }
    QVERIFY(!id.isEmpty());
    SandboxServer::Fault refuse;
    refuse.method = "GET";
    refuse.path = QRegularExpression(QStringLiteral("^/api/am/admin/v4/key-managers/%1$").arg(id));
    refuse.status = 500;
    refuse.body = R"({"code":500,"message":"Internal server error","description":"Error while retrieving key manager"})";
    refuse.times = -1;
    m_sandbox.sandbox()->apim()->server()->addFault(refuse);
    const QJsonObject report = runDoctor();
    m_sandbox.sandbox()->apim()->server()->clearFaults();
    const QList<QJsonObject> read = checksOf(report, QStringLiteral("WrongIssuer"), QStringLiteral("key-manager-read"));
    QCOMPARE(read.size(), 1);
    QCOMPARE(read.first().value(QLatin1String("level")).toString(), QStringLiteral("error"));
    QVERIFY2(read.first().value(QLatin1String("message")).toString().contains(QLatin1String("Error while retrieving key manager")),
             qPrintable(read.first().value(QLatin1String("message")).toString()));
    QVERIFY(checksOf(report, QStringLiteral("WrongIssuer"), QStringLiteral("issuer")).isEmpty());
    QCOMPARE(checksOf(report, QStringLiteral("AsgardeoOk"), QStringLiteral("issuer")).constFirst().value(QLatin1String("level")).toString(),
             QStringLiteral("ok"));
}

void TstDoctor::unreachableApiManagerIsACheck()
{
    HttpSession session;
    ApimCredentials credentials;
    credentials.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:1"));
    credentials.username = QStringLiteral("admin");
    credentials.password = QStringLiteral("not-used-9");
    ApimClient apim(&session, credentials);
    Doctor doctor(&apim);
    DoctorOptions options;
    options.timeoutMs = 3000;
    JobPtr run = await(doctor.run(options));
    QVERIFY(!run->hasError());
    const QJsonArray checks = run->result().toObject().value(QLatin1String("checks")).toArray();
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first().toObject().value(QLatin1String("id")).toString(), QStringLiteral("apim-reachable"));
    QCOMPARE(checks.first().toObject().value(QLatin1String("level")).toString(), QStringLiteral("error"));
}

void TstDoctor::jwksKeyProblems()
{
    // The sandbox's own keys are usable.
    HttpSession session;
    JobPtr fetched = await(JwksVerifier::fetchJwks(&session, m_sandbox.sandbox()->entra()->loginUrl().resolved(QUrl(QStringLiteral("/common/discovery/keys")))));
    QVERIFY2(!fetched->hasError(), qPrintable(fetched->error().toUserText()));
    QCOMPARE(JwksVerifier::keyProblems(fetched->result().toObject()), QStringList());
    // A 1024-bit RSA key is named with its size; an encryption key is not a signing key's problem.
    const QByteArray modulus(128, '\xC3');
    const QJsonObject weak{{QStringLiteral("kty"), QStringLiteral("RSA")}, {QStringLiteral("kid"), QStringLiteral("old")},
                           {QStringLiteral("n"), QString::fromLatin1(modulus.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals))},
                           {QStringLiteral("e"), QStringLiteral("AQAB")}};
    QJsonObject enc = weak;
    enc.insert(QStringLiteral("use"), QStringLiteral("enc"));
    const QStringList problems = JwksVerifier::keyProblems(QJsonObject{{QStringLiteral("keys"), QJsonArray{weak, enc}}});
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(QStringLiteral("“old”")) && problems.first().contains(QLatin1String("1024 bits")), qPrintable(problems.first()));
}

QTEST_GUILESS_MAIN(TstDoctor)
#include "tst_doctor.moc"

// Each fixable check carries the action that fixes it; applied, the same check passes when run again.
void TstDoctor::oneClickFixesFix()
{
    auto actionOf = [](const QJsonObject &report, const QString &km, const QString &id) {
        const QList<QJsonObject> cs = checksOf(report, km, id);
        return cs.isEmpty() ? QJsonObject() : cs.first().value(QLatin1String("action")).toObject();
    };
    auto apply = [this](const QJsonObject &action) {
        JobPtr fixed = await(DoctorFix::apply(action, m_apim, m_asgardeo, m_graph), 60000);
        if (fixed->hasError())
            qWarning() << fixed->error().toUserText();
        return fixed->hasError() ? QString() : fixed->result().toObject().value(QLatin1String("message")).toString();
    };
    auto runFor = [this](const QString &km) {
        DoctorOptions only;
        only.keyManager = km;
        return runDoctor(only);
    };

    // Healthy checks carry no action; a check the Doctor cannot fix carries none either.
    for (const QJsonValue &v : km::constTemporary(m_report.value(QLatin1String("checks")).toArray())) {
        const QJsonObject c = v.toObject();
        if (c.value(QLatin1String("level")).toString() == QLatin1String("ok"))
            QVERIFY2(!c.contains(QLatin1String("action")), QJsonDocument(c).toJson().constData());
    }
    QVERIFY(actionOf(m_report, QStringLiteral("TwinA"), QStringLiteral("duplicate-issuer")).isEmpty());

    // Wrong issuer: set to the discovery document's.
    const QJsonObject issuer = actionOf(m_report, QStringLiteral("WrongIssuer"), QStringLiteral("issuer"));
    QCOMPARE(issuer.value(QLatin1String("kind")).toString(), QStringLiteral("set-issuer"));
    QVERIFY(DoctorFix::question(issuer).contains(QLatin1String("WrongIssuer")));
    QVERIFY(DoctorFix::question(issuer).contains(issuer.value(QLatin1String("issuer")).toString()));
    QVERIFY(!apply(issuer).isEmpty());
    QCOMPARE(getKeyManager(QStringLiteral("WrongIssuer")).value(QLatin1String("issuer")).toString(), issuer.value(QLatin1String("issuer")).toString());
    QCOMPARE(checksOf(runFor(QStringLiteral("WrongIssuer")), QStringLiteral("WrongIssuer"), QStringLiteral("issuer")).constFirst().value(QLatin1String("level")).toString(),
             QStringLiteral("ok"));

    // Drifted token endpoint: the provider's again, and nothing else of the key manager changed.
    const QJsonObject before = getKeyManager(QStringLiteral("Drifted"));
    const QJsonObject drift = actionOf(m_report, QStringLiteral("Drifted"), QStringLiteral("endpoint-drift"));
    QCOMPARE(drift.value(QLatin1String("kind")).toString(), QStringLiteral("update-endpoints"));
    QCOMPARE(drift.value(QLatin1String("endpoints")).toObject().keys(), QStringList{QStringLiteral("token_endpoint")});
    QVERIFY(!apply(drift).isEmpty());
    const QJsonObject after = getKeyManager(QStringLiteral("Drifted"));
    QCOMPARE(after.value(QLatin1String("tokenEndpoint")).toString(), drift.value(QLatin1String("endpoints")).toObject().value(QLatin1String("token_endpoint")).toString());
    QCOMPARE(after.value(QLatin1String("issuer")), before.value(QLatin1String("issuer")));
    QCOMPARE(after.value(QLatin1String("revokeEndpoint")), before.value(QLatin1String("revokeEndpoint")));
    QCOMPARE(checksOf(runFor(QStringLiteral("Drifted")), QStringLiteral("Drifted"), QStringLiteral("endpoint-drift")).constFirst().value(QLatin1String("level")).toString(),
             QStringLiteral("ok"));

    // Disabled but in use: enabled again.
    const QJsonObject enable = actionOf(m_report, QStringLiteral("InUse"), QStringLiteral("disabled-in-use"));
    QCOMPARE(enable.value(QLatin1String("kind")).toString(), QStringLiteral("enable-key-manager"));
    QVERIFY(!apply(enable).isEmpty());
    QCOMPARE(getKeyManager(QStringLiteral("InUse")).value(QLatin1String("enabled")).toBool(), true);
    QVERIFY(checksOf(runFor(QStringLiteral("InUse")), QStringLiteral("InUse"), QStringLiteral("disabled-in-use")).isEmpty());

    // Asgardeo's roles: the missing one created with its scope, the other given it.
    const QJsonObject bind = actionOf(m_report, QStringLiteral("AsgardeoOk"), QStringLiteral("asgardeo-roles"));
    QVERIFY2(DoctorFix::question(bind).contains(QStringLiteral("create role “Internal/subscriber” with invoices:approve")), qPrintable(DoctorFix::question(bind)));
    QVERIFY2(DoctorFix::question(bind).contains(QStringLiteral("add invoices:approve to role “manager”")), qPrintable(DoctorFix::question(bind)));
    QVERIFY(!apply(bind).isEmpty());
    JobPtr found = await(m_asgardeo->findRoles({QStringLiteral("Internal/subscriber"), QStringLiteral("manager")}));
    QVERIFY2(!found->hasError(), qPrintable(found->error().toUserText()));
    for (const QString &name : {QStringLiteral("Internal/subscriber"), QStringLiteral("manager")}) {
        const QJsonArray permissions = found->result().toObject().value(QLatin1String("roles")).toObject().value(name).toObject()
                                           .value(QLatin1String("permissions")).toArray();
        bool held = false;
        for (const QJsonValue &p : permissions)
            held = held || p.toObject().value(QLatin1String("value")).toString() == QLatin1String("invoices:approve");
        QVERIFY2(held, qPrintable(name));
    }
    QCOMPARE(checksOf(runFor(QStringLiteral("AsgardeoOk")), QStringLiteral("AsgardeoOk"), QStringLiteral("asgardeo-roles")).constFirst()
                 .value(QLatin1String("level")).toString(), QStringLiteral("ok"));

    // The legacy Entra application under the v2 key manager: v2 tokens and api:// after two fixes.
    const QString legacy = m_sandbox.sandbox()->entra()->legacyResourceAppId();
    for (const QString &id : {QStringLiteral("entra-token-version-mismatch"), QStringLiteral("entra-identifier-uri-missing")}) {
        const QJsonObject action = actionOf(m_report, QStringLiteral("EntraBroken"), id);
        QCOMPARE(action.value(QLatin1String("kind")).toString(), QStringLiteral("entra-application"));
        QCOMPARE(action.value(QLatin1String("appId")).toString(), legacy);
        QVERIFY(DoctorFix::question(action).contains(legacy));
        QVERIFY2(!apply(action).isEmpty(), qPrintable(id));
    }
    const QJsonObject entraAfter = runFor(QStringLiteral("EntraBroken"));
    QVERIFY(checksOf(entraAfter, QStringLiteral("EntraBroken"), QStringLiteral("entra-token-version-mismatch")).isEmpty());
    QVERIFY(checksOf(entraAfter, QStringLiteral("EntraBroken"), QStringLiteral("entra-identifier-uri-missing")).isEmpty());
    // Entra now gives a v2 token for its API, which the v2 key manager reads.
    QCOMPARE(checksOf(entraAfter, QStringLiteral("EntraBroken"), QStringLiteral("fresh-token")).constFirst().value(QLatin1String("level")).toString(),
             QStringLiteral("ok"));
    JobPtr app = await(m_graph->getApplicationByAppId(legacy));
    QCOMPARE(app->result().toObject().value(QLatin1String("api")).toObject().value(QLatin1String("requestedAccessTokenVersion")).toInt(), 2);
    QVERIFY(app->result().toObject().value(QLatin1String("identifierUris")).toArray().contains(QJsonValue(QStringLiteral("api://") + legacy)));

    // The orphan: a destructive fix (the confirmation defaults to No), then gone from Graph, the others kept.
    const QJsonObject orphans = actionOf(m_report, QString(), QStringLiteral("entra-orphan-applications"));
    QCOMPARE(orphans.value(QLatin1String("kind")).toString(), QStringLiteral("entra-delete-applications"));
    QVERIFY(DoctorFix::isDestructive(orphans));
    QVERIFY(DoctorFix::question(orphans).contains(QLatin1String("admin_DeletedShop_PRODUCTION")));
    QVERIFY(DoctorFix::question(orphans).contains(QLatin1String("cannot be undone")));
    QVERIFY(!apply(orphans).isEmpty());
    JobPtr listed = await(m_graph->listApplications());
    QStringList names;
    for (const QJsonValue &a : km::constTemporary(listed->result().toObject().value(QLatin1String("applications")).toArray()))
        names << a.toObject().value(QLatin1String("displayName")).toString();
    QVERIFY2(!names.contains(QLatin1String("admin_DeletedShop_PRODUCTION")), qPrintable(names.join(QLatin1Char(','))));
    QVERIFY2(names.contains(QLatin1String("Expiring registration")), qPrintable(names.join(QLatin1Char(','))));

    // Several at once, the second already gone: the first is removed, the rest is not tried, and the error
    // says which one failed and what was removed before it.
    QJsonObject expiring, gone;
    for (const QJsonValue &a : km::constTemporary(listed->result().toObject().value(QLatin1String("applications")).toArray())) {
        if (a.toObject().value(QLatin1String("displayName")).toString() == QLatin1String("Expiring registration"))
            expiring = a.toObject();
    }
    QVERIFY(!expiring.isEmpty());
    gone = QJsonObject{{QStringLiteral("id"), QStringLiteral("00000000-0000-0000-0000-00000000dead")}, {QStringLiteral("appId"), QStringLiteral("dead-app")},
                       {QStringLiteral("displayName"), QStringLiteral("Already deleted")}};
    JobPtr partly = await(DoctorFix::apply(DoctorFix::entraDeleteApplications({expiring, gone, expiring}), m_apim, m_asgardeo, m_graph), 60000);
    QVERIFY(partly->hasError());
    const QString said = partly->error().toUserText();
    QVERIFY2(said.contains(QLatin1String("Already deleted (client ID dead-app) was not removed")), qPrintable(said));
    QVERIFY2(said.contains(QStringLiteral("removed before it: Expiring registration (client ID %1)").arg(expiring.value(QLatin1String("appId")).toString())),
             qPrintable(said));
    JobPtr remaining = await(m_graph->listApplications());
    QVERIFY(!QJsonDocument(remaining->result().toObject()).toJson().contains("Expiring registration"));

    // (The sandbox's API Manager adds every new scope to each Asgardeo key manager, as the connector does, so
    // asgardeo-scopes-missing cannot be made to fire here; its action is built by DoctorFix::asgardeoAddScopes.)
    const QJsonObject add = DoctorFix::asgardeoAddScopes(QStringLiteral("APIM_GLOBAL_SCOPES"), QStringLiteral("some-id"), {QStringLiteral("orders_read")});
    QVERIFY(DoctorFix::question(add).contains(QLatin1String("orders_read")));
    // A fix that needs a client the caller does not hold fails in words and changes nothing.
    JobPtr without = await(DoctorFix::apply(add, m_apim, nullptr, nullptr));
    QVERIFY(without->hasError());
    QVERIFY2(without->error().toUserText().contains(QLatin1String("Asgardeo profile")), qPrintable(without->error().toUserText()));
}
