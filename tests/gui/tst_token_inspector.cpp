// The Token Inspector page as an administrator uses it: paste a token, pick the key manager it is meant
// for, press Inspect, and read whether the gateway would accept it. Tokens come from the sandbox's
// Asgardeo (a real client-credentials token) and from the independent npm jose library.

#include "support/Widgets.h"
#include "support/JobWaiter.h"
#include "support/NodePeer.h"
#include "support/SandboxFixture.h"
#include "support/Tokens.h"
#include "services/core/ConstRange.h"

#include "models/tokens/TokenClaimsModel.h"
#include "models/tokens/TokenComparisonModel.h"
#include "ui/tokens/TokenTimelineWidget.h"
#include "ui/widgets/InlineMessage.h"
#include "sandbox/entra/EntraStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/asgardeo/AsgardeoSetup.h"
#include "services/core/ServiceContext.h"
#include "services/http/HttpSession.h"
#include "services/oauth/TokenClient.h"
#include "services/setup/SetupRunner.h"
#include "ui/tokens/TokenInspectorPage.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <optional>
#include <QTabWidget>
#include <QTextBrowser>
#include <QLabel>
#include <QPalette>
#include <QFont>

using namespace km;
using namespace km::test;

class TstTokenInspector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void emptyAndGarbageAreExplainedAndKept();
    void asgardeoTokenIsAcceptedByItsKeyManager();
    void entraV1TokenAgainstV2KeyManagerIsRejectedWithTheFix();
    void openedFromElsewhereWithAKeyManagerName();
    void openedWithoutAKeyManagerPicksTheOneWithTheTokensIssuer();
    void tokenWithoutJwksIsNotVerified();
    void externalIdTokenIsNamedWithTheFixForItsApp();
    void claimsModelPassesTheModelTester();
    void tokenIsColouredByPartWithItsTimelineAndComparedOnRequest();

private:
    QByteArray asgardeoToken();
    QString externalIdToken(const QString &scope);
    QString keyManagerIndexText(const QString &name) const;
    void selectKeyManager(const QString &name);
    void pasteAndInspect(const QString &token);
    QStringList findingIds() const;
    QString findingsText() const;

    km::test::SandboxFixture m_sandbox;
    QTemporaryDir m_config;
    ServiceContext *m_context = nullptr;
    ApimClient *m_apim = nullptr;
    TokenInspectorPage *m_page = nullptr;
};

void TstTokenInspector::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    QVERIFY(m_config.isValid());
    qputenv("KMCONSOLE_CONFIG_DIR", QFile::encodeName(m_config.path()));
    m_context = new ServiceContext(QString(), this);
    m_apim = m_sandbox.apimClient(m_context->http(), this);

    // An Asgardeo key manager set up the way the console does it.
    const QString setUp = m_sandbox.setUpAsgardeo(m_apim, m_context->http(), QStringLiteral("Asgardeo"));
    QVERIFY2(setUp.isEmpty(), qPrintable(setUp));

    // An Entra ID key manager expecting v2 tokens.
    const QString tid = m_sandbox.sandbox()->entra()->tenantId();
    const QJsonObject entra{
        {QStringLiteral("name"), QStringLiteral("AzureAD-v2")},
        {QStringLiteral("type"), QStringLiteral("AzureAD")},
        {QStringLiteral("issuer"), QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(tid)},
        {QStringLiteral("consumerKeyClaim"), QStringLiteral("azp")},
        {QStringLiteral("scopesClaim"), QStringLiteral("roles")},
        {QStringLiteral("tokenEndpoint"), QStringLiteral("https://login.microsoftonline.com/%1/oauth2/v2.0/token").arg(tid)},
        {QStringLiteral("revokeEndpoint"), QStringLiteral("https://login.microsoftonline.com/%1/oauth2/v2.0/token").arg(tid)},
        {QStringLiteral("introspectionEndpoint"), QStringLiteral("https://login.microsoftonline.com/%1/oauth2/v2.0/token").arg(tid)},
        {QStringLiteral("clientRegistrationEndpoint"), QStringLiteral("https://graph.microsoft.com")},
        {QStringLiteral("certificates"), QJsonObject{{QStringLiteral("type"), QStringLiteral("JWKS")},
                                                     {QStringLiteral("value"), QString(m_sandbox.sandbox()->entra()->loginUrl().toString() + QStringLiteral("/%1/discovery/v2.0/keys").arg(tid))}}},
        {QStringLiteral("additionalProperties"), QJsonObject{
            {QStringLiteral("microsoft_graph_api_endpoint"), m_sandbox.sandbox()->entra()->graphUrl().toString()},
            {QStringLiteral("v1.0"), QStringLiteral("v1.0")},
            {QStringLiteral("azure_ad_requested_access_token_version"), QStringLiteral("v2.0")},
            {QStringLiteral("azure_ad_client_id"), QStringLiteral("11111111-2222-3333-4444-555555555555")},
            {QStringLiteral("azure_ad_client_secret"), QStringLiteral("not-used-here")}}},
    };
    auto created = km::test::await(m_apim->createKeyManager(entra));
    QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));

    // A Microsoft Entra External ID key manager, with the issuer its discovery document gives.
    km::sandbox::EntraStandIn *external = m_sandbox.sandbox()->entraExternal();
    const QString xtid = external->tenantId();
    const QString xlogin = external->loginUrl().toString();
    QJsonObject customers = entra;
    customers.insert(QStringLiteral("name"), QStringLiteral("Customers"));
    customers.insert(QStringLiteral("issuer"), external->v2Issuer());
    customers.insert(QStringLiteral("tokenEndpoint"), QStringLiteral("%1/%2/oauth2/v2.0/token").arg(xlogin, xtid));
    customers.insert(QStringLiteral("certificates"), QJsonObject{{QStringLiteral("type"), QStringLiteral("JWKS")},
                                                                 {QStringLiteral("value"), QStringLiteral("%1/%2/discovery/v2.0/keys").arg(xlogin, xtid)}});
    created = km::test::await(m_apim->createKeyManager(customers));
    QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));
}

void TstTokenInspector::init()
{
    m_page = new TokenInspectorPage(m_context->http());
    m_page->resize(1000, 640);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page));
    m_page->setClient(m_apim);
    auto *combo = child<QComboBox>(m_page, "tokenKeyManager");
    QTRY_VERIFY_WITH_TIMEOUT(combo->count() >= 3, 10000);
}

void TstTokenInspector::cleanup()
{
    delete m_page;
    m_page = nullptr;
}

QByteArray TstTokenInspector::asgardeoToken()
{
    const QJsonObject a = m_sandbox.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("asgardeo")).toObject();
    const QUrl tokenUrl(m_sandbox.info().value(QLatin1String("asgardeo")).toString() + QStringLiteral("/t/%1/oauth2/token").arg(a.value(QLatin1String("org")).toString()));
    auto token = km::test::await(TokenClient(m_context->http()).clientCredentials(tokenUrl, a.value(QLatin1String("clientId")).toString(),
                                                                                 a.value(QLatin1String("clientSecret")).toString(),
                                                                                 {QStringLiteral("internal_api_resource_view")}));
    return token->result().toObject().value(QLatin1String("access_token")).toString().toUtf8();
}

QString TstTokenInspector::externalIdToken(const QString &scope)
{
    // A client-credentials token from the External ID tenant's own token endpoint.
    const QJsonObject x = m_sandbox.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("entraExternal")).toObject();
    const QUrl tokenUrl(QStringLiteral("%1/%2/oauth2/v2.0/token").arg(m_sandbox.info().value(QLatin1String("entraExternal")).toString(),
                                                                      x.value(QLatin1String("tenant")).toString()));
    auto token = km::test::await(TokenClient(m_context->http()).clientCredentials(tokenUrl, x.value(QLatin1String("clientId")).toString(),
                                                                                 x.value(QLatin1String("clientSecret")).toString(), {scope}));
    if (token->hasError())
        qWarning("token: %s", qPrintable(token->error().toUserText()));
    return token->result().toObject().value(QLatin1String("access_token")).toString();
}

void TstTokenInspector::selectKeyManager(const QString &name)
{
    auto *combo = child<QComboBox>(m_page, "tokenKeyManager");
    const int index = combo->findData(name, Qt::UserRole + 1);
    QVERIFY2(index > 0, qPrintable(QStringLiteral("no key manager %1 in the list").arg(name)));
    combo->setCurrentIndex(index);
}

void TstTokenInspector::pasteAndInspect(const QString &token)
{
    auto *input = child<QPlainTextEdit>(m_page, "tokenInput");
    input->setFocus();
    input->selectAll();
    QTest::keyClick(input, Qt::Key_Delete);
    input->insertPlainText(token);
    QSignalSpy inspected(m_page, &TokenInspectorPage::inspected);
    QTest::keyClick(input, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(inspected.wait(15000));
}

QStringList TstTokenInspector::findingIds() const
{
    QStringList ids;
    for (const TokenFinding &f : m_page->findings())
        ids << f.id + QLatin1Char(':') + TokenFinding::severityName(f.severity);
    return ids;
}

QString TstTokenInspector::findingsText() const
{
    return m_page->findChild<QTextBrowser *>(QStringLiteral("tokenFindings"))->toPlainText();
}

void TstTokenInspector::emptyAndGarbageAreExplainedAndKept()
{
    QTest::mouseClick(child<QPushButton>(m_page, "tokenInspect"), Qt::LeftButton);
    QCOMPARE(m_page->verdictText(), QStringLiteral("Paste an access token first."));
    grab(m_page, QStringLiteral("token-inspector-empty"));

    pasteAndInspect(QStringLiteral("eyJhbGciOiJSUzI1NiJ9.not base64!.sig"));
    QVERIFY2(!m_page->verdictText().isEmpty(), "no verdict for a malformed token");
    QVERIFY(findingIds().join(QLatin1Char(' ')).contains(QLatin1String("format:error")));
    QVERIFY2(findingsText().contains(QLatin1String("contains a space at position 25")), qPrintable(findingsText()));
    // What was pasted stays for the user to correct.
    QCOMPARE(child<QPlainTextEdit>(m_page, "tokenInput")->toPlainText(), QStringLiteral("eyJhbGciOiJSUzI1NiJ9.not base64!.sig"));

    pasteAndInspect(QStringLiteral("2YotnFZFEjr1zCsicMWpAA"));
    QVERIFY2(findingsText().contains(QLatin1String("opaque"), Qt::CaseInsensitive), qPrintable(findingsText()));
}

void TstTokenInspector::asgardeoTokenIsAcceptedByItsKeyManager()
{
    const QByteArray token = asgardeoToken();
    QVERIFY(!token.isEmpty());
    selectKeyManager(QStringLiteral("Asgardeo"));
    pasteAndInspect(QString::fromUtf8(token));
    QVERIFY2(m_page->verdictText().contains(QLatin1String("accept"), Qt::CaseInsensitive), qPrintable(m_page->verdictText() + QLatin1Char('\n') + findingIds().join(QLatin1Char(' '))));
    QVERIFY2(findingIds().contains(QStringLiteral("signature:ok")), qPrintable(findingIds().join(QLatin1Char(' '))));
    // The consumer-key claim is there, shown first among the claims and in bold.
    TokenClaimsModel *claims = m_page->claimsModel();
    bool azp = false;
    for (int row = 0; row < claims->rowCount(); ++row) {
        if (claims->index(row, TokenClaimsModel::NameColumn).data().toString() == QLatin1String("azp")) {
            azp = true;
            QVERIFY(claims->index(row, 0).data(TokenClaimsModel::HighlightRole).toBool());
            QVERIFY(claims->index(row, TokenClaimsModel::MeaningColumn).data().toString().contains(QLatin1String("consumer-key")));
        }
    }
    QVERIFY(azp);
    // The report never holds the token itself.
    const QString report = child<QPlainTextEdit>(m_page, "tokenJson")->toPlainText();
    QVERIFY(!report.isEmpty());
    QVERIFY(!report.contains(QString::fromUtf8(token)));
    QVERIFY(!report.contains(QString::fromUtf8(token.split('.').last())));
    grab(m_page, QStringLiteral("token-inspector-accepted"));
}

void TstTokenInspector::entraV1TokenAgainstV2KeyManagerIsRejectedWithTheFix()
{
    const QString tid = m_sandbox.sandbox()->entra()->tenantId();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonArray specs{QJsonObject{
        {QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("kid"), QStringLiteral("v1-key")},
        {QStringLiteral("claims"), QJsonObject{{QStringLiteral("iss"), QStringLiteral("https://sts.windows.net/%1/").arg(tid)},
                                               {QStringLiteral("ver"), QStringLiteral("1.0")},
                                               {QStringLiteral("appid"), QStringLiteral("6f1c8a2e-0000-4000-8000-000000000001")},
                                               {QStringLiteral("aud"), QStringLiteral("api://6f1c8a2e-0000-4000-8000-000000000001")},
                                               {QStringLiteral("tid"), tid}, {QStringLiteral("iat"), now}, {QStringLiteral("nbf"), now},
                                               {QStringLiteral("exp"), now + 3600}}}}};
    QByteArray out, err;
    const int rc = km::test::NodePeer::run(QStringLiteral("jose-sign.mjs"), {QString::fromUtf8(QJsonDocument(specs).toJson(QJsonDocument::Compact))}, &out, &err);
    QVERIFY2(rc == 0, qPrintable(QStringLiteral("jose-sign.mjs failed (%1): %2").arg(rc).arg(QString::fromUtf8(err))));
    const QString token = QJsonDocument::fromJson(out).array().first().toObject().value(QLatin1String("token")).toString();

    selectKeyManager(QStringLiteral("AzureAD-v2"));
    pasteAndInspect(token);
    QVERIFY2(m_page->verdictText().contains(QLatin1String("reject"), Qt::CaseInsensitive), qPrintable(m_page->verdictText()));
    const QStringList ids = findingIds();
    QVERIFY2(ids.contains(QStringLiteral("issuer:error")) && ids.contains(QStringLiteral("consumer-key:error")), qPrintable(ids.join(QLatin1Char(' '))));
    QString issuerFix;
    for (const TokenFinding &f : m_page->findings()) {
        if (f.id == QLatin1String("issuer"))
            issuerFix = f.fix;
    }
    // The user reads what the gateway answers, then the fix, under the finding.
    QVERIFY2(findingsText().contains(QStringLiteral("Gateway answers: 900901 Invalid Credentials\nFix: ") + issuerFix), qPrintable(findingsText()));
    QVERIFY2(issuerFix.contains(QLatin1String("requestedAccessTokenVersion")), qPrintable(issuerFix));
    grab(m_page, QStringLiteral("token-inspector-rejected"));
}

void TstTokenInspector::openedFromElsewhereWithAKeyManagerName()
{
    // A page that has just been given its client: the list is still loading when the token arrives.
    delete m_page;
    m_page = new TokenInspectorPage(m_context->http());
    m_page->show();
    m_page->setClient(m_apim);
    QSignalSpy inspected(m_page, &TokenInspectorPage::inspected);
    m_page->inspectToken(QString::fromUtf8(asgardeoToken()), QStringLiteral("Asgardeo"));
    QVERIFY(inspected.wait(15000));
    QCOMPARE(child<QComboBox>(m_page, "tokenKeyManager")->currentData(Qt::UserRole + 1).toString(), QStringLiteral("Asgardeo"));
    QVERIFY2(m_page->verdictText().contains(QLatin1String("accept"), Qt::CaseInsensitive), qPrintable(m_page->verdictText()));
}

void TstTokenInspector::openedWithoutAKeyManagerPicksTheOneWithTheTokensIssuer()
{
    // As the gateway does: the key manager whose issuer is the token's.
    auto *combo = child<QComboBox>(m_page, "tokenKeyManager");
    QSignalSpy inspected(m_page, &TokenInspectorPage::inspected);
    const QString token = QString::fromUtf8(asgardeoToken());
    m_sandbox.clearRecordedRequests();
    m_page->inspectToken(token);
    QVERIFY(inspected.wait(15000));
    QCOMPARE(combo->currentData(Qt::UserRole + 1).toString(), QStringLiteral("Asgardeo"));
    // The page's list (the connection's catalogue) is what is searched: API Manager is not asked for it again.
    for (const QJsonValue &v : km::constTemporary(m_sandbox.recordedRequests()))
        QVERIFY2(!v.toObject().value(QLatin1String("path")).toString().endsWith(QLatin1String("/key-managers")), "the key-manager list was read again");
    QVERIFY2(m_page->verdictText().contains(QLatin1String("accept"), Qt::CaseInsensitive), qPrintable(m_page->verdictText()));

    // An issuer no key manager has: said, and the token read without a key manager.
    const QString stranger = km::test::jwtWithoutRealSignature(QJsonObject{{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("typ"), QStringLiteral("JWT")}},
                                                               QJsonObject{{QStringLiteral("iss"), QStringLiteral("https://idp.example.org/oauth2/token")},
                                                                           {QStringLiteral("sub"), QStringLiteral("someone")},
                                                                           {QStringLiteral("exp"), QDateTime::currentSecsSinceEpoch() + 3600}});
    inspected.clear();
    m_page->inspectToken(stranger);
    QVERIFY(inspected.wait(15000));
    QCOMPARE(combo->currentIndex(), 0);
    QVERIFY2(child<QLabel>(m_page, "tokenStatus")->text().contains(QLatin1String("No key manager of this API Manager has the issuer https://idp.example.org/oauth2/token")),
             qPrintable(child<QLabel>(m_page, "tokenStatus")->text()));
}

void TstTokenInspector::tokenWithoutJwksIsNotVerified()
{
    // No key manager and no JWKS URL: the claims are fine, but the page never calls the token good.
    const QByteArray token = asgardeoToken();
    QVERIFY(!token.isEmpty());
    child<QComboBox>(m_page, "tokenKeyManager")->setCurrentIndex(0);
    child<QLineEdit>(m_page, "tokenJwksUrl")->clear();
    pasteAndInspect(QString::fromUtf8(token));
    QVERIFY2(m_page->verdictText().startsWith(QStringLiteral("Not verified: the signature could not be checked (no JWKS was given)")),
             qPrintable(m_page->verdictText()));
    QVERIFY2(!m_page->verdictText().contains(QLatin1String("accept"), Qt::CaseInsensitive), qPrintable(m_page->verdictText()));
    QVERIFY2(findingIds().contains(QStringLiteral("signature:warning")), qPrintable(findingIds().join(QLatin1Char(' '))));
}

void TstTokenInspector::externalIdTokenIsNamedWithTheFixForItsApp()
{
    // The API app of the external tenant still asks for v1-format tokens: its token carries the v1 issuer.
    km::sandbox::EntraStandIn *external = m_sandbox.sandbox()->entraExternal();
    const QString token = externalIdToken(external->legacyResourceAppId() + QStringLiteral("/.default"));
    QVERIFY(!token.isEmpty());

    // Against the External ID key manager: rejected, the tenant named, and the fix on the app, read under the finding.
    selectKeyManager(QStringLiteral("Customers"));
    pasteAndInspect(token);
    QVERIFY2(m_page->verdictText().contains(QLatin1String("reject"), Qt::CaseInsensitive), qPrintable(m_page->verdictText()));
    // findings() returns a copy: keep the finding itself, not a pointer into the temporary.
    std::optional<TokenFinding> issuer;
    const QList<TokenFinding> findings = m_page->findings();
    for (const TokenFinding &f : findings) {
        if (f.id == QLatin1String("issuer"))
            issuer = f;
    }
    QVERIFY(issuer);
    QCOMPARE(issuer->title, QStringLiteral("A v1-format token of a Microsoft Entra External ID tenant"));
    QVERIFY2(findingsText().contains(issuer->title), qPrintable(findingsText()));
    QVERIFY2(findingsText().contains(QStringLiteral("Fix: Set api.requestedAccessTokenVersion to 2 on the API app")), qPrintable(findingsText()));
    QVERIFY2(findingIds().contains(QStringLiteral("signature:ok")), qPrintable(findingIds().join(QLatin1Char(' '))));
    grab(m_page, QStringLiteral("token-inspector-external-id"));

    // Against the workforce tenant's key manager: rejected, and the key manager that would fit is named.
    selectKeyManager(QStringLiteral("AzureAD-v2"));
    pasteAndInspect(token);
    QVERIFY2(m_page->verdictText().contains(QLatin1String("reject"), Qt::CaseInsensitive), qPrintable(m_page->verdictText()));
    QVERIFY2(findingsText().contains(QStringLiteral("the key manager that fits this tenant has the issuer %1.").arg(external->v2Issuer())),
             qPrintable(findingsText()));
}

void TstTokenInspector::claimsModelPassesTheModelTester()
{
    TokenClaimsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1764633600, Qt::UTC);
    model.setClaims(QJsonObject{{QStringLiteral("sub"), QStringLiteral("x")}, {QStringLiteral("exp"), 1764633600 + 300},
                                {QStringLiteral("iss"), QStringLiteral("https://issuer")}, {QStringLiteral("roles"), QJsonArray{QStringLiteral("a"), QStringLiteral("b")}}},
                    now);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("iss"));
    // exp in the local time zone with the time from now, and in UTC in the tooltip.
    const QString local = QDateTime::fromSecsSinceEpoch(1764633600 + 300, Qt::UTC).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t"));
    QCOMPARE(model.index(2, 1).data().toString(), local + QStringLiteral(" (in 5 min)"));
    QVERIFY(model.index(2, 1).data(Qt::ToolTipRole).toString().endsWith(QLatin1String("2025-12-02 00:05:00 UTC")));
    QVERIFY(model.index(2, 2).data().toString().startsWith(QLatin1String("Expiry time")));
    QCOMPARE(model.index(1, 1).data().toString(), QStringLiteral("a, b"));
    model.setHighlighted({QStringLiteral("iss")});
    QVERIFY(model.index(0, 0).data(TokenClaimsModel::HighlightRole).toBool());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TstTokenInspector::tokenIsColouredByPartWithItsTimelineAndComparedOnRequest()
{
    const QString token = QString::fromUtf8(asgardeoToken());
    QVERIFY(!token.isEmpty());
    // Compare is asked for through the page: the button shows the second key manager's row.
    auto *compareWith = child<QComboBox>(m_page, "tokenCompareWith");
    QVERIFY(!compareWith->isVisible());
    QTest::mouseClick(child<QPushButton>(m_page, "tokenCompare"), Qt::LeftButton);
    QVERIFY(compareWith->isVisible());
    compareWith->setCurrentIndex(compareWith->findData(QStringLiteral("AzureAD-v2"), Qt::UserRole + 1));
    QVERIFY(compareWith->currentIndex() > 0);
    selectKeyManager(QStringLiteral("Asgardeo"));
    QSignalSpy compared(m_page, &TokenInspectorPage::compared);
    pasteAndInspect(token);
    QVERIFY(compared.wait(15000));

    // The verdict of the first key manager stays on top.
    QVERIFY2(m_page->verdictText().contains(QLatin1String("accept"), Qt::CaseInsensitive), qPrintable(m_page->verdictText()));

    // The encoded token in three colours, its text the token itself; the decoded parts beside it.
    auto *encoded = child<QTextBrowser>(m_page, "tokenEncoded");
    QCOMPARE(encoded->toPlainText().trimmed(), token);
    const QString html = encoded->toHtml();
    for (const char *colour : {"#c01c28", "#813d9c", "#0b6e99"})
        QVERIFY2(html.contains(QLatin1String(colour), Qt::CaseInsensitive), colour);
    const QString decoded = child<QTextBrowser>(m_page, "tokenDecoded")->toPlainText();
    QVERIFY2(decoded.contains(QLatin1String("Header")) && decoded.contains(QLatin1String("\"alg\": \"RS256\"")) && decoded.contains(QLatin1String("Payload"))
                 && decoded.contains(QLatin1String("\"azp\"")) && decoded.contains(QLatin1String("verified with the key manager's signing key")),
             qPrintable(decoded));
    QVERIFY(!decoded.contains(token.section(QLatin1Char('.'), 2)));

    // The timeline: issued just now, valid for about an hour.
    QVERIFY(m_page->timeline()->isVisible());
    QVERIFY2(child<QLabel>(m_page, "tokenTimelineSummary")->text().startsWith(QLatin1String("Valid for another")),
             qPrintable(child<QLabel>(m_page, "tokenTimelineSummary")->text()));
    QCOMPARE(m_page->timeline()->timeline().marks.size(), 4);

    // Side by side: Asgardeo accepts, AzureAD-v2 rejects; the issuer is among the differences, listed first.
    TokenComparisonModel *comparison = m_page->comparisonModel();
    QCOMPARE(comparison->headerData(TokenComparisonModel::LeftColumn, Qt::Horizontal).toString(), QStringLiteral("Asgardeo"));
    QCOMPARE(comparison->headerData(TokenComparisonModel::RightColumn, Qt::Horizontal).toString(), QStringLiteral("AzureAD-v2"));
    QStringList differing;
    for (int row = 0; row < comparison->rowCount(); ++row) {
        if (comparison->index(row, 0).data(TokenComparisonModel::DiffersRole).toBool())
            differing << comparison->index(row, 0).data().toString();
    }
    QVERIFY2(differing.contains(QStringLiteral("issuer")), qPrintable(differing.join(QLatin1Char(' '))));
    QVERIFY(comparison->index(0, 0).data(TokenComparisonModel::DiffersRole).toBool());
    QVERIFY(comparison->index(0, 0).data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(child<InlineMessage>(m_page, "tokenCompareLeft")->type(), InlineMessage::Type::Success);
    QCOMPARE(child<InlineMessage>(m_page, "tokenCompareRight")->type(), InlineMessage::Type::Error);
    QVERIFY(child<InlineMessage>(m_page, "tokenCompareRight")->text().startsWith(QLatin1String("AzureAD-v2: ")));
    QVERIFY(child<QLabel>(m_page, "tokenCompareSummary")->text().contains(QLatin1String("issuer")));
    auto *tabs = m_page->findChild<QTabWidget *>();
    QCOMPARE(tabs->currentWidget()->findChild<QTableView *>(QStringLiteral("tokenComparison")) != nullptr, true);
    grab(m_page, QStringLiteral("token-inspector-compared"));

    // A dark palette gets the light variants of the three colours.
    QPalette dark = m_page->palette();
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    m_page->setPalette(dark);
    const QString darkHtml = encoded->toHtml();
    QVERIFY2(darkHtml.contains(QLatin1String("#ff7b72"), Qt::CaseInsensitive) && !darkHtml.contains(QLatin1String("#c01c28"), Qt::CaseInsensitive), qPrintable(darkHtml.left(400)));

    // Compare off: the comparison tab goes away with the next token.
    QTest::mouseClick(child<QPushButton>(m_page, "tokenCompare"), Qt::LeftButton);
    QVERIFY(!compareWith->isVisible());
    QVERIFY(!tabs->isTabVisible(tabs->indexOf(tabs->findChild<QTableView *>(QStringLiteral("tokenComparison"))->parentWidget())));
}

QTEST_MAIN(TstTokenInspector)
#include "tst_token_inspector.moc"
