// The Asgardeo setup wizard driven through its widgets, as an administrator uses it, against the sandbox:
// what each page shows, and what API Manager and Asgardeo end up holding.

#include "support/Widgets.h"
#include "services/core/ConstRange.h"
#include "support/JobWaiter.h"
#include "support/SandboxFixture.h"

#include "sandbox/SandboxServer.h"
#include "sandbox/apim/ApimStandIn.h"
#include "sandbox/asgardeo/AsgardeoStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/profiles/ProfileValidation.h"
#include "services/core/ServiceContext.h"
#include "services/http/HttpSession.h"
#include "services/profiles/ProfileStore.h"
#include "ui/setup/KeyManagerDetailsPage.h"
#include "ui/setup/SetupApplyPage.h"
#include "ui/setup/SetupReviewPage.h"
#include "ui/setup/asgardeo/AsgardeoPages.h"
#include "ui/setup/asgardeo/AsgardeoSetupWizard.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace km;
using namespace km::test;

class TstAsgardeoWizard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void organizationFieldProblemsAreSaidAtTheField();
    void wrongSecretIsExplained();
    void organizationApiMistakeIsNamedAndBlocksNext();
    void applicationScopesAreShownAsOptional();
    void resourcePageShowsWhatAsgardeoHolds();
    void wholeWizardSetsUpTheKeyManagerOnce();
    void existingKeyManagerIsUpdatedOnlyWhenConfirmed();
    void failureMidApplyIsResumedNotRepeated();
    void theButtonThatWritesSaysSoAndLocksThePagesBefore();

private:
    QJsonObject account(const char *name) const;
    void newWizard();
    // Organization page filled with `accountName`'s credentials and verified.
    void verifyWith(const char *accountName);
    // From a verified organization page to the Review page, naming the key manager `name`.
    void goToReview(const QString &name, const QString &displayName, bool createRoles);

    std::unique_ptr<km::test::SandboxFixture> m_sandbox;
    std::unique_ptr<QTemporaryDir> m_config;
    ServiceContext *m_context = nullptr;
    ApimClient *m_apim = nullptr;
    AsgardeoSetupWizard *m_wizard = nullptr;
};

void TstAsgardeoWizard::init()
{
    // A fresh sandbox for every test: each starts from an organization without the global resource.
    m_sandbox = std::make_unique<km::test::SandboxFixture>();
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    m_config = std::make_unique<QTemporaryDir>();
    QVERIFY(m_config->isValid());
    qputenv("KMCONSOLE_CONFIG_DIR", QFile::encodeName(m_config->path()));
    m_context = new ServiceContext;
    m_apim = m_sandbox->apimClient(m_context->http(), m_context);
    newWizard();
}

void TstAsgardeoWizard::cleanup()
{
    delete m_wizard;
    m_wizard = nullptr;
    delete m_context;
    m_context = nullptr;
    m_sandbox.reset();
}

void TstAsgardeoWizard::newWizard()
{
    delete m_wizard;
    m_wizard = new AsgardeoSetupWizard(m_context, m_apim);
    m_wizard->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_wizard));
}

QJsonObject TstAsgardeoWizard::account(const char *name) const
{
    return m_sandbox->info().value(QLatin1String("accounts")).toObject().value(QLatin1String(name)).toObject();
}

void TstAsgardeoWizard::verifyWith(const char *accountName)
{
    if (m_wizard->currentId() == AsgardeoSetupWizard::IntroId)
        clickNext(m_wizard);
    QCOMPARE(m_wizard->currentId(), int(AsgardeoSetupWizard::OrganizationId));
    QWidget *page = m_wizard->currentPage();
    const QJsonObject a = account(accountName);
    typeInto(page, "asgOrganization", a.value(QLatin1String("org")).toString());
    typeInto(page, "asgClientId", a.value(QLatin1String("clientId")).toString());
    typeInto(page, "asgClientSecret", a.value(QLatin1String("clientSecret")).toString());
    typeInto(page, "asgBaseUrl", m_sandbox->info().value(QLatin1String("asgardeo")).toString());
    QTest::mouseClick(child<QPushButton>(page, "asgVerify"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(page, "asgVerify")->isEnabled() && !messageText(page, "asgMessage").contains(QLatin1String("Requesting")), 10000);
}

void TstAsgardeoWizard::goToReview(const QString &name, const QString &displayName, bool createRoles)
{
    verifyWith("asgardeo");
    QVERIFY2(m_wizard->organizationPage()->isVerified(), qPrintable(messageText(m_wizard->currentPage(), "asgMessage")));
    clickNext(m_wizard);
    QCOMPARE(m_wizard->currentId(), int(AsgardeoSetupWizard::ResourceId));
    QTRY_VERIFY_WITH_TIMEOUT(m_wizard->resourcePage()->isComplete(), 10000);
    clickNext(m_wizard);
    QCOMPARE(m_wizard->currentId(), int(AsgardeoSetupWizard::KeyManagerId));
    QWidget *page = m_wizard->currentPage();
    // The issuer arrives through API Manager's discover of the organization's well-known URL.
    QTRY_VERIFY_WITH_TIMEOUT(!child<QLineEdit>(page, "kmIssuer")->text().isEmpty()
                                 && messageText(page, "kmMessage").contains(QLatin1String("Imported")), 10000);
    typeInto(page, "kmName", name);
    typeInto(page, "kmDisplayName", displayName);
    QTRY_VERIFY_WITH_TIMEOUT(m_wizard->keyManagerPage()->isComplete(), 5000);
    clickNext(m_wizard);
    QCOMPARE(m_wizard->currentId(), int(AsgardeoSetupWizard::ConnectorId));
    if (createRoles)
        QTest::mouseClick(child<QCheckBox>(m_wizard->currentPage(), "asgCreateRoles"), Qt::LeftButton, {}, QPoint(5, 5));
    clickNext(m_wizard);
    QCOMPARE(m_wizard->currentId(), int(AsgardeoSetupWizard::ReviewId));
    QTRY_VERIFY_WITH_TIMEOUT(!m_wizard->reviewPage()->items().isEmpty(), 10000);
}

void TstAsgardeoWizard::organizationFieldProblemsAreSaidAtTheField()
{
    clickNext(m_wizard);
    QWidget *page = m_wizard->currentPage();
    // Tab goes through the fields in the order they are shown, then to Verify.
    QWidget *field = child<QWidget>(page, "asgOrganization");
    for (const char *next : {"asgClientId", "asgClientSecret", "asgBaseUrl", "asgVerify"}) {
        field = field->nextInFocusChain();
        while (field && field->focusPolicy() == Qt::NoFocus)
            field = field->nextInFocusChain();
        QCOMPARE(field->objectName(), QString::fromLatin1(next));
    }
    typeInto(page, "asgOrganization", QStringLiteral("https://api.asgardeo.io/t/acme"));
    typeInto(page, "asgClientId", QStringLiteral("some-client"));
    typeInto(page, "asgClientSecret", QStringLiteral("typed-secret"));
    QTest::mouseClick(child<QPushButton>(page, "asgVerify"), Qt::LeftButton);
    QVERIFY(messageText(page, "asgMessage").contains(QStringLiteral("not a URL: for https://api.asgardeo.io/t/acme it is “acme”")));
    typeInto(page, "asgOrganization", QString());
    QTest::mouseClick(child<QPushButton>(page, "asgVerify"), Qt::LeftButton);
    QVERIFY(messageText(page, "asgMessage").contains(QLatin1String("Enter the organization name")));
    // The rules of `kmconsole-cli profile add asgardeo`, in the same words: a name with capitals, a plain-http base URL.
    typeInto(page, "asgOrganization", QStringLiteral("Acme"));
    QTest::mouseClick(child<QPushButton>(page, "asgVerify"), Qt::LeftButton);
    QCOMPARE(messageText(page, "asgMessage"), ProfileValidation::organization(QStringLiteral("Acme")).toUserText());
    QVERIFY(messageText(page, "asgMessage").contains(QStringLiteral("“acme”")));
    typeInto(page, "asgOrganization", QStringLiteral("acme"));
    typeInto(page, "asgBaseUrl", QStringLiteral("http://api.asgardeo.example"));
    QTest::mouseClick(child<QPushButton>(page, "asgVerify"), Qt::LeftButton);
    QVERIFY2(messageText(page, "asgMessage").contains(QLatin1String("plain http")), qPrintable(messageText(page, "asgMessage")));
    // Nothing typed is lost, and nothing was sent.
    QCOMPARE(child<QLineEdit>(page, "asgClientSecret")->text(), QStringLiteral("typed-secret"));
    QCOMPARE(m_sandbox->countRequests(QStringLiteral("POST"), QStringLiteral("/oauth2/token")), 0);
    QVERIFY(!m_wizard->button(QWizard::NextButton)->isEnabled());
}

void TstAsgardeoWizard::resourcePageShowsWhatAsgardeoHolds()
{
    verifyWith("asgardeo");
    QVERIFY2(m_wizard->organizationPage()->isVerified(), qPrintable(messageText(m_wizard->currentPage(), "asgMessage")));
    clickNext(m_wizard);
    QCOMPARE(m_wizard->currentId(), int(AsgardeoSetupWizard::ResourceId));
    QWidget *page = m_wizard->currentPage();
    auto *status = child<QLabel>(page, "asgResourceStatus");
    auto *scopes = child<QListWidget>(page, "asgResourceScopes");
    const QString name = QStringLiteral("APIM_PAGE_SCOPES");
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(page, "asgResourceLookUp")->isEnabled(), 10000); // the look-up of the default name
    typeInto(page, "asgResourceName", name);
    QTest::mouseClick(child<QPushButton>(page, "asgResourceLookUp"), Qt::LeftButton);
    // None yet: said, and offered to be created.
    QTRY_VERIFY2_WITH_TIMEOUT(status->text().contains(QStringLiteral("There is no API resource named “APIM_PAGE_SCOPES”")), qPrintable(status->text()), 10000);
    QVERIFY(child<QPushButton>(page, "asgResourceCreate")->isVisible());
    QTest::mouseClick(child<QPushButton>(page, "asgResourceCreate"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Found “APIM_PAGE_SCOPES”")), 10000);
    QVERIFY(!child<QPushButton>(page, "asgResourceCreate")->isVisible());
    QCOMPARE(scopes->count(), 1); // the "none yet" line, not selectable
    QCOMPARE(scopes->item(0)->flags(), Qt::NoItemFlags);

    // API Manager's connector adds scopes to it; a new look-up shows them, read from the resource itself.
    const QString added = m_sandbox->sandbox()->asgardeo()->addScopesToResource(
        account("asgardeo").value(QLatin1String("org")).toString(), name,
        QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("orders:read")}, {QStringLiteral("displayName"), QStringLiteral("Read orders")}},
                   QJsonObject{{QStringLiteral("name"), QStringLiteral("orders:write")}, {QStringLiteral("displayName"), QStringLiteral("Write orders")}}});
    QVERIFY2(added.isEmpty(), qPrintable(added));
    QTest::mouseClick(child<QPushButton>(page, "asgResourceLookUp"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(scopes->count(), 2, 10000);
    QCOMPARE(scopes->item(0)->text(), QStringLiteral("orders:read"));
    QCOMPARE(scopes->item(1)->text(), QStringLiteral("orders:write"));
    QVERIFY2(status->text().contains(QLatin1String("(identifier ") + QString(AsgardeoClient::GlobalScopesIdentifier) + QLatin1String(") with 2 scope")),
             qPrintable(status->text()));
    QVERIFY(m_wizard->resourcePage()->isComplete());
}

void TstAsgardeoWizard::wrongSecretIsExplained()
{
    clickNext(m_wizard);
    QWidget *page = m_wizard->currentPage();
    const QJsonObject a = account("asgardeo");
    typeInto(page, "asgOrganization", a.value(QLatin1String("org")).toString());
    typeInto(page, "asgClientId", a.value(QLatin1String("clientId")).toString());
    typeInto(page, "asgClientSecret", QStringLiteral("not-the-secret"));
    typeInto(page, "asgBaseUrl", m_sandbox->info().value(QLatin1String("asgardeo")).toString());
    QTest::mouseClick(child<QPushButton>(page, "asgVerify"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(page, "asgMessage").contains(QLatin1String("client")) && !messageText(page, "asgMessage").contains(QLatin1String("Requesting")), 10000);
    const QString text = messageText(page, "asgMessage");
    QVERIFY2(text.contains(QLatin1String("secret"), Qt::CaseInsensitive), qPrintable(text));
    QVERIFY(!m_wizard->button(QWizard::NextButton)->isEnabled());
    QCOMPARE(child<QLineEdit>(page, "asgClientSecret")->text(), QStringLiteral("not-the-secret"));
    // A failed verification saves no profile.
    QVERIFY(m_context->profiles()->asgardeoProfiles().isEmpty());
}

void TstAsgardeoWizard::organizationApiMistakeIsNamedAndBlocksNext()
{
    verifyWith("asgardeoOrgApi");
    QWidget *page = m_wizard->currentPage();
    const QString text = messageText(page, "asgMessage");
    QVERIFY2(text.contains(QLatin1String("Organization API")) && text.contains(QLatin1String("Management API")), qPrintable(text));
    QVERIFY(!m_wizard->button(QWizard::NextButton)->isEnabled());
    // Per API, the missing management scopes are listed.
    auto *tree = child<QTreeWidget>(page, "asgScopeCheck");
    // The three APIs, the optional Application Management API, and the mistake itself.
    QCOMPARE(tree->topLevelItemCount(), int(AsgardeoClient::managementApis().size()) + 2);
    QVERIFY(tree->topLevelItem(0)->text(1).contains(QLatin1String("missing")));
    grab(m_wizard, QStringLiteral("asgardeo-wizard-org-api-mistake"));
}

void TstAsgardeoWizard::applicationScopesAreShownAsOptional()
{
    // Authorized for the connector's twelve scopes only: verified (Next is open), the two application scopes shown
    // as optional with what they unlock.
    verifyWith("asgardeoConnectorOnly");
    QWidget *page = m_wizard->currentPage();
    QVERIFY2(m_wizard->organizationPage()->isVerified(), qPrintable(messageText(page, "asgMessage")));
    QVERIFY(m_wizard->button(QWizard::NextButton)->isEnabled());
    auto *tree = child<QTreeWidget>(page, "asgScopeCheck");
    QCOMPARE(tree->topLevelItemCount(), int(AsgardeoClient::managementApis().size()) + 1);
    QTreeWidgetItem *optional = tree->topLevelItem(tree->topLevelItemCount() - 1);
    QCOMPARE(optional->text(0), QStringLiteral("Application Management API (optional)"));
    QCOMPARE(optional->text(1), QStringLiteral("optional: 2 not granted"));
    QCOMPARE(optional->childCount(), 2);
    QVERIFY2(optional->child(0)->text(0).startsWith(QStringLiteral("internal_application_mgt_view — unlocks Scopes › Authorize for an application")),
             qPrintable(optional->child(0)->text(0)));
    QCOMPARE(optional->child(1)->text(1), QStringLiteral("no (optional)"));
    const QString text = messageText(page, "asgMessage");
    QVERIFY2(text.contains(QLatin1String("Optional")) && text.contains(QLatin1String("internal_application_mgt_update")), qPrintable(text));
    grab(m_wizard, QStringLiteral("asgardeo-wizard-optional-scopes"));
    // Verified means saved: wait for the keychain write, which must not outlive this test's context.
    QTRY_VERIFY(child<QLabel>(page, "asgSaved")->text().contains(QLatin1String("Saved")));
}

void TstAsgardeoWizard::wholeWizardSetsUpTheKeyManagerOnce()
{
    QVERIFY(child<QLabel>(m_wizard, "introText")->text().contains(QLatin1String("Management API")));
    grab(m_wizard, QStringLiteral("asgardeo-wizard-1-intro"));
    verifyWith("asgardeo");
    QVERIFY(m_wizard->organizationPage()->isVerified());
    auto *tree = child<QTreeWidget>(m_wizard->currentPage(), "asgScopeCheck");
    // The three APIs and the optional Application Management API, all granted.
    QCOMPARE(tree->topLevelItemCount(), int(AsgardeoClient::managementApis().size()) + 1);
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        QVERIFY2(tree->topLevelItem(i)->text(1).startsWith(QLatin1String("all")), qPrintable(tree->topLevelItem(i)->text(0)));
    // The profile is saved, its secret is not in it.
    QTRY_VERIFY(child<QLabel>(m_wizard->currentPage(), "asgSaved")->text().contains(QLatin1String("Saved")));
    QCOMPARE(m_context->profiles()->asgardeoProfiles().size(), 1);
    QFile profileFile(m_context->profiles()->filePath());
    QVERIFY(profileFile.open(QIODevice::ReadOnly));
    QVERIFY(!profileFile.readAll().contains(account("asgardeo").value(QLatin1String("clientSecret")).toString().toUtf8()));
    grab(m_wizard, QStringLiteral("asgardeo-wizard-2-organization"));

    clickNext(m_wizard);
    QWidget *resource = m_wizard->currentPage();
    QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(resource, "asgResourceStatus")->text().contains(QStringLiteral("There is no API resource named “APIM_GLOBAL_SCOPES”")), 10000);
    QVERIFY(child<QPushButton>(resource, "asgResourceCreate")->isVisible());
    grab(m_wizard, QStringLiteral("asgardeo-wizard-3-resource"));
    clickNext(m_wizard);

    QWidget *details = m_wizard->currentPage();
    QTRY_VERIFY_WITH_TIMEOUT(messageText(details, "kmMessage").contains(QLatin1String("Imported")), 10000);
    const QString org = account("asgardeo").value(QLatin1String("org")).toString();
    QVERIFY(child<QLineEdit>(details, "kmWellKnown")->text().endsWith(QStringLiteral("/t/%1/oauth2/token/.well-known/openid-configuration").arg(org)));
    QVERIFY(child<QLineEdit>(details, "kmIssuer")->text().endsWith(QStringLiteral("/t/%1/oauth2/token").arg(org)));
    QCOMPARE(child<QLineEdit>(details, "kmConsumerKeyClaim")->text(), QStringLiteral("azp"));
    // Grant types start from what Asgardeo supports, without the implicit and password grants.
    const QStringList grants = m_wizard->keyManagerPage()->applyTo(QJsonObject()).value(QLatin1String("availableGrantTypes")).toVariant().toStringList();
    QVERIFY2(grants.contains(QStringLiteral("client_credentials")) && !grants.contains(QStringLiteral("implicit"))
                 && !grants.contains(QStringLiteral("password")), qPrintable(grants.join(QLatin1Char(','))));
    // A name with spaces is refused at the field.
    typeInto(details, "kmName", QStringLiteral("Asgardeo acme"));
    QTRY_VERIFY(child<QLabel>(details, "kmNameStatus")->text().contains(QLatin1String("space")));
    // Next explains rather than moves on.
    QTest::mouseClick(m_wizard->button(QWizard::NextButton), Qt::LeftButton);
    QCOMPARE(m_wizard->currentId(), int(AsgardeoSetupWizard::KeyManagerId));
    QVERIFY2(messageText(details, "kmMessage").contains(QLatin1String("space")), qPrintable(messageText(details, "kmMessage")));
    typeInto(details, "kmName", QStringLiteral("Asgardeo-acme"));
    typeInto(details, "kmDisplayName", QStringLiteral("Asgardeo (acme)"));
    QTRY_VERIFY(child<QLabel>(details, "kmNameStatus")->text().contains(QLatin1String("free")));
    grab(m_wizard, QStringLiteral("asgardeo-wizard-4-key-manager"));
    clickNext(m_wizard);

    QWidget *connector = m_wizard->currentPage();
    auto *config = child<QTableWidget>(connector, "asgConnector");
    QCOMPARE(config->rowCount(), 7);
    QStringList shown;
    for (int row = 0; row < config->rowCount(); ++row)
        shown << config->item(row, 0)->text() + QLatin1Char('=') + config->item(row, 1)->text();
    QVERIFY2(shown.contains(QStringLiteral("org_name=") + org), qPrintable(shown.join(QLatin1Char(' '))));
    QVERIFY(shown.contains(QStringLiteral("APIM_GLOBAL_SCOPES=APIM_GLOBAL_SCOPES")));
    QVERIFY(!shown.join(QLatin1Char(' ')).contains(account("asgardeo").value(QLatin1String("clientSecret")).toString()));
    QTest::mouseClick(child<QCheckBox>(connector, "asgCreateRoles"), Qt::LeftButton, {}, QPoint(5, 5));
    QVERIFY(child<QCheckBox>(connector, "asgCreateRoles")->isChecked());
    typeInto(connector, "asgRoles", QStringLiteral("admin, Internal/publisher, Application/shop"));
    auto *preview = child<QTableWidget>(connector, "asgRolePreview");
    QCOMPARE(preview->rowCount(), 3);
    QCOMPARE(preview->item(0, 1)->text(), QStringLiteral("apim_primary_admin"));
    QCOMPARE(preview->item(1, 1)->text(), QStringLiteral("publisher"));
    QCOMPARE(preview->item(2, 1)->text(), QStringLiteral("rejected"));
    QVERIFY(messageText(connector, "asgRoleMessage").contains(QLatin1String("Application/shop")));
    QVERIFY(!m_wizard->button(QWizard::NextButton)->isEnabled());
    grab(m_wizard, QStringLiteral("asgardeo-wizard-5-connector"));
    typeInto(connector, "asgRoles", QStringLiteral("admin, Internal/publisher"));
    QVERIFY(m_wizard->button(QWizard::NextButton)->isEnabled());
    clickNext(m_wizard);

    QTRY_VERIFY_WITH_TIMEOUT(!m_wizard->reviewPage()->items().isEmpty(), 10000);
    QVERIFY(!m_wizard->reviewPage()->updatesExisting());
    const QString json = child<QPlainTextEdit>(m_wizard->currentPage(), "reviewJson")->toPlainText();
    QVERIFY(json.contains(QLatin1String("\"scope_management_endpoint\"")));
    QVERIFY(json.contains(QLatin1String("\"none\"")));
    QVERIFY(json.contains(QLatin1String("\"mgmt_client_secret\"")));
    QVERIFY2(!json.contains(account("asgardeo").value(QLatin1String("clientSecret")).toString()), "the review shows the secret");
    grab(m_wizard, QStringLiteral("asgardeo-wizard-6-review"));
    clickNext(m_wizard);

    QTRY_VERIFY_WITH_TIMEOUT(applySucceeded(m_wizard), 15000);
    grab(m_wizard, QStringLiteral("asgardeo-wizard-7-apply"));
    auto *steps = child<QTreeWidget>(m_wizard->currentPage(), "applySteps");
    QStringList ids;
    for (const SetupStep &s : m_wizard->applyPage()->runner()->steps())
        ids << s.id;
    QVERIFY2(ids.contains(QStringLiteral("global-scopes-resource")) && ids.contains(QStringLiteral("create-roles")), qPrintable(ids.join(QLatin1Char(','))));
    QCOMPARE(steps->topLevelItemCount(), ids.size());

    // What the remote systems hold now.
    const QList<QJsonObject> created = m_sandbox->keyManagersNamed(QStringLiteral("Asgardeo-acme"));
    QCOMPARE(created.size(), 1);
    QCOMPARE(created.first().value(QLatin1String("type")).toString(), QStringLiteral("Asgardeo"));
    QCOMPARE(created.first().value(QLatin1String("displayName")).toString(), QStringLiteral("Asgardeo (acme)"));
    const QJsonObject props = created.first().value(QLatin1String("additionalProperties")).toObject();
    QCOMPARE(props.value(QLatin1String("org_name")).toString(), org);
    QCOMPARE(props.value(QLatin1String("mgmt_client_secret")).toString(), account("asgardeo").value(QLatin1String("clientSecret")).toString());
    const QJsonObject asgardeo = m_sandbox->sandbox()->asgardeo()->state();
    int globals = 0;
    for (const QJsonValue &r : km::constTemporary(asgardeo.value(QLatin1String("apiResources")).toArray()))
        globals += r.toObject().value(QLatin1String("name")).toString() == QLatin1String("APIM_GLOBAL_SCOPES");
    QCOMPARE(globals, 1);
    QStringList roles;
    for (const QJsonValue &r : km::constTemporary(asgardeo.value(QLatin1String("roles")).toArray()))
        roles << r.toObject().value(QLatin1String("displayName")).toString();
    QVERIFY2(roles.contains(QStringLiteral("apim_primary_admin")) && roles.contains(QStringLiteral("publisher")), qPrintable(roles.join(QLatin1Char(','))));

    // The wizard again, same answers: nothing is created twice.
    const int resourcePosts = m_sandbox->countRequests(QStringLiteral("POST"), QStringLiteral("/api-resources"));
    const int kmPosts = m_sandbox->countRequests(QStringLiteral("POST"), QStringLiteral("/api/am/admin/v4/key-managers$"));
    newWizard();
    goToReview(QStringLiteral("Asgardeo-acme"), QStringLiteral("Asgardeo (acme)"), true);
    QCOMPARE(m_wizard->reviewPage()->changeCount(), 0);
    clickNext(m_wizard);
    QTRY_VERIFY_WITH_TIMEOUT(applySucceeded(m_wizard), 15000);
    QCOMPARE(m_sandbox->countRequests(QStringLiteral("POST"), QStringLiteral("/api-resources")), resourcePosts);
    QCOMPARE(m_sandbox->countRequests(QStringLiteral("POST"), QStringLiteral("/api/am/admin/v4/key-managers$")), kmPosts);
    QCOMPARE(m_sandbox->keyManagersNamed(QStringLiteral("Asgardeo-acme")).size(), 1);
}

void TstAsgardeoWizard::existingKeyManagerIsUpdatedOnlyWhenConfirmed()
{
    goToReview(QStringLiteral("Asgardeo-acme"), QStringLiteral("First"), false);
    clickNext(m_wizard);
    QTRY_VERIFY_WITH_TIMEOUT(applySucceeded(m_wizard), 15000);
    QCOMPARE(m_sandbox->keyManagersNamed(QStringLiteral("Asgardeo-acme")).first().value(QLatin1String("displayName")).toString(), QStringLiteral("First"));

    newWizard();
    goToReview(QStringLiteral("Asgardeo-acme"), QStringLiteral("Second"), false);
    SetupReviewPage *review = m_wizard->reviewPage();
    QVERIFY(review->updatesExisting());
    QVERIFY(review->changeCount() >= 1);
    auto *diff = child<QTreeWidget>(m_wizard->currentPage(), "reviewDiff");
    QVERIFY(diff);
    bool displayNameRow = false;
    for (int i = 0; i < diff->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = diff->topLevelItem(i);
        if (item->text(0) == QLatin1String("displayName")) {
            displayNameRow = true;
            QCOMPARE(item->text(2), QStringLiteral("First"));
            QCOMPARE(item->text(3), QStringLiteral("Second"));
        }
    }
    QVERIFY(displayNameRow);
    // Updating needs an explicit yes.
    auto *confirm = child<QCheckBox>(m_wizard->currentPage(), "confirmUpdate");
    QVERIFY(confirm->isVisible());
    QVERIFY(!m_wizard->button(QWizard::CommitButton)->isEnabled());
    // The button that writes says so.
    QCOMPARE(m_wizard->button(QWizard::CommitButton)->text(), QStringLiteral("Update Asgardeo-acme"));
    grab(m_wizard, QStringLiteral("asgardeo-wizard-6-review-update"));
    confirm->click();
    clickNext(m_wizard);
    QTRY_VERIFY_WITH_TIMEOUT(applySucceeded(m_wizard), 15000);
    const QList<QJsonObject> kms = m_sandbox->keyManagersNamed(QStringLiteral("Asgardeo-acme"));
    QCOMPARE(kms.size(), 1);
    QCOMPARE(kms.first().value(QLatin1String("displayName")).toString(), QStringLiteral("Second"));
    QCOMPARE(m_sandbox->countRequests(QStringLiteral("PUT"), QStringLiteral("/api/am/admin/v4/key-managers/")), 1);
}

void TstAsgardeoWizard::failureMidApplyIsResumedNotRepeated()
{
    goToReview(QStringLiteral("Asgardeo-acme"), QStringLiteral("Asgardeo"), false);
    // API Manager fails the key-manager creation once, after Asgardeo's resource was made.
    sandbox::SandboxServer::Fault fault;
    fault.method = "POST";
    fault.path = QRegularExpression(QStringLiteral("^/api/am/admin/v4/key-managers$"));
    fault.status = 500;
    fault.body = R"({"code":500,"message":"Internal server error","description":"The server encountered an internal error."})";
    m_sandbox->sandbox()->apim()->server()->addFault(fault);
    clickNext(m_wizard);
    auto *summary = child<QLabel>(m_wizard->currentPage(), "applySummary");
    auto *retry = child<QPushButton>(m_wizard->currentPage(), "applyRetry");
    QTRY_VERIFY_WITH_TIMEOUT(retry->isVisible() && !summary->text().isEmpty(), 15000);
    const QString text = summary->text();
    QVERIFY2(text.contains(QLatin1String("Internal server error")) || text.contains(QLatin1String("server failed")), qPrintable(text));
    grab(m_wizard, QStringLiteral("asgardeo-wizard-7-apply-failed"));
    QVERIFY(m_sandbox->keyManagersNamed(QStringLiteral("Asgardeo-acme")).isEmpty());
    const int resourcePosts = m_sandbox->countRequests(QStringLiteral("POST"), QStringLiteral("/api-resources"));
    QCOMPARE(resourcePosts, 1);

    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(applySucceeded(m_wizard), 15000);
    // Resumed from the failed step: the resource was not created again, the key manager once.
    QCOMPARE(m_sandbox->countRequests(QStringLiteral("POST"), QStringLiteral("/api-resources")), resourcePosts);
    QCOMPARE(m_sandbox->keyManagersNamed(QStringLiteral("Asgardeo-acme")).size(), 1);
}

void TstAsgardeoWizard::theButtonThatWritesSaysSoAndLocksThePagesBefore()
{
    goToReview(QStringLiteral("Asgardeo-acme"), QStringLiteral("Asgardeo"), false);
    QAbstractButton *commit = m_wizard->button(QWizard::CommitButton);
    QTRY_COMPARE(commit->text(), QStringLiteral("Create Asgardeo-acme"));
    QVERIFY(commit->isVisible() && commit->isEnabled());
    QVERIFY(!m_wizard->button(QWizard::NextButton)->isVisible());
    QVERIFY2(child<QLabel>(m_wizard->currentPage(), "reviewStatus")->text().contains(QStringLiteral("“Asgardeo-acme” will be created")),
             qPrintable(child<QLabel>(m_wizard->currentPage(), "reviewStatus")->text()));
    const int posts = m_sandbox->countRequests(QStringLiteral("POST"), QStringLiteral("/api/am/admin/v4/key-managers$"));
    QTest::mouseClick(commit, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(applySucceeded(m_wizard), 15000);
    QCOMPARE(m_sandbox->countRequests(QStringLiteral("POST"), QStringLiteral("/api/am/admin/v4/key-managers$")), posts + 1);
    // The closing words tell what was created apart from what was already in place.
    const QString summary = child<QLabel>(m_wizard->currentPage(), "applySummary")->text();
    QVERIFY2(summary.contains(QStringLiteral("Created: “Asgardeo-acme”.")) && !summary.contains(QLatin1String("Already in place")),
             qPrintable(summary));

    // Nothing leads back to the Review that said "will be created", and nothing applies again.
    QAbstractButton *back = m_wizard->button(QWizard::BackButton);
    QVERIFY(!back->isVisible() || !back->isEnabled());
    QVERIFY(!m_wizard->button(QWizard::NextButton)->isVisible());
    QVERIFY(!m_wizard->button(QWizard::CommitButton)->isVisible());
    QVERIFY(!m_wizard->button(QWizard::CancelButton)->isVisible());
    QTest::keyClick(m_wizard, Qt::Key_B, Qt::AltModifier);
    QCOMPARE(m_wizard->currentId(), int(AsgardeoSetupWizard::ApplyId));
    QAbstractButton *open = m_wizard->button(QWizard::CustomButton1);
    QAbstractButton *doctor = m_wizard->button(QWizard::CustomButton2);
    QVERIFY(open->isVisible() && doctor->isVisible());
    QCOMPARE(open->text().remove(QLatin1Char('&')), QStringLiteral("Open in Key Managers"));
    QCOMPARE(doctor->text().remove(QLatin1Char('&')), QStringLiteral("Check with Doctor"));
    grab(m_wizard, QStringLiteral("asgardeo-wizard-8-done"));
    QSignalSpy doctorSpy(m_wizard, &SetupWizard::checkWithDoctorRequested);
    QTest::mouseClick(doctor, Qt::LeftButton);
    QCOMPARE(doctorSpy.size(), 1);
    QCOMPARE(doctorSpy.first().first().toString(), QStringLiteral("Asgardeo-acme"));
    QVERIFY(!m_wizard->isVisible());
    QCOMPARE(m_sandbox->countRequests(QStringLiteral("POST"), QStringLiteral("/api/am/admin/v4/key-managers$")), posts + 1);
}

QTEST_MAIN(TstAsgardeoWizard)
#include "tst_asgardeo_wizard.moc"
