// The Entra ID setup wizard driven through its widgets against the sandbox (Entra ID, Graph and API
// Manager stand-ins): V1, V2 and both, the mistakes an administrator makes on the tenant page, and a
// second run that creates nothing.

#include "support/Widgets.h"
#include "support/SandboxFixture.h"

#include "sandbox/apim/ApimStandIn.h"
#include "sandbox/entra/EntraStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/core/ServiceContext.h"
#include "services/http/HttpSession.h"
#include "services/profiles/ProfileStore.h"
#include "services/setup/SetupRunner.h"
#include "ui/setup/KeyManagerDetailsPage.h"
#include "ui/setup/SetupApplyPage.h"
#include "ui/setup/SetupReviewPage.h"
#include "services/core/EnglishPlurals.h"
#include "ui/setup/entra/EntraPages.h"
#include "ui/setup/entra/EntraSetupWizard.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDir>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace km;
using namespace km::test;

class TstEntraWizard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void tenantPageMistakesAreSaidAtTheField();
    void readOnlyPermissionIsNamedAndBlocksNext();
    void v2KeyManagerIsSetUp();
    void v1KeyManagerIsSetUp();
    void bothCreatesTwoKeyManagersOnce();
    void externalIdKeyManagerIsSetUp();

private:
    void newWizard();
    void fillTenant(const QString &clientId, const QString &secret, const QString &tenant = QString());
    void verify();
    // From a verified tenant page to the Review page.
    void goToReview(const char *versionButton, const QString &name);

    std::unique_ptr<km::test::SandboxFixture> m_sandbox;
    std::unique_ptr<QTemporaryDir> m_config;
    ServiceContext *m_context = nullptr;
    ApimClient *m_apim = nullptr;
    EntraSetupWizard *m_wizard = nullptr;
};

void TstEntraWizard::init()
{
    m_sandbox = std::make_unique<km::test::SandboxFixture>();
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    m_config = std::make_unique<QTemporaryDir>();
    qputenv("KMCONSOLE_CONFIG_DIR", QFile::encodeName(m_config->path()));
    m_context = new ServiceContext;
    m_apim = m_sandbox->apimClient(m_context->http(), m_context);
    newWizard();
}

void TstEntraWizard::cleanup()
{
    delete m_wizard;
    m_wizard = nullptr;
    delete m_context;
    m_context = nullptr;
    m_sandbox.reset();
}

void TstEntraWizard::newWizard()
{
    delete m_wizard;
    m_wizard = new EntraSetupWizard(m_context, m_apim);
    m_wizard->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_wizard));
}

void TstEntraWizard::fillTenant(const QString &clientId, const QString &secret, const QString &tenant)
{
    if (m_wizard->currentId() == EntraSetupWizard::IntroId)
        clickNext(m_wizard);
    QCOMPARE(m_wizard->currentId(), int(EntraSetupWizard::TenantId));
    QWidget *page = m_wizard->currentPage();
    // The sandbox stands in for a cloud of its own: custom sign-in and Graph URLs, chosen beside the tenant.
    auto *cloud = child<QComboBox>(page, "entraCloud");
    QVERIFY(cloud);
    cloud->setCurrentIndex(cloud->findData(QStringLiteral("custom")));
    typeInto(page, "entraLoginUrl", m_sandbox->info().value(QLatin1String("entra")).toString());
    typeInto(page, "entraGraphUrl", m_sandbox->info().value(QLatin1String("graph")).toString());
    typeInto(page, "entraTenant", tenant.isEmpty() ? m_sandbox->sandbox()->entra()->tenantId() : tenant);
    typeInto(page, "entraClientId", clientId);
    typeInto(page, "entraClientSecret", secret);
}

void TstEntraWizard::verify()
{
    QWidget *page = m_wizard->currentPage();
    QTest::mouseClick(child<QPushButton>(page, "entraVerify"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(page, "entraVerify")->isEnabled()
                                 && !messageText(page, "entraMessage").contains(QLatin1String("Requesting")), 10000);
}

void TstEntraWizard::goToReview(const char *versionButton, const QString &name)
{
    const auto client = m_sandbox->sandbox()->entra()->managementClient();
    fillTenant(client.clientId, client.secret);
    verify();
    QVERIFY2(m_wizard->tenantPage()->isVerified(), qPrintable(messageText(m_wizard->currentPage(), "entraMessage")));
    clickNext(m_wizard);
    QCOMPARE(m_wizard->currentId(), int(EntraSetupWizard::VersionId));
    QTest::mouseClick(child<QRadioButton>(m_wizard->currentPage(), versionButton), Qt::LeftButton, {}, QPoint(5, 5));
    clickNext(m_wizard);
    QCOMPARE(m_wizard->currentId(), int(EntraSetupWizard::KeyManagerId));
    QWidget *page = m_wizard->currentPage();
    QTRY_VERIFY_WITH_TIMEOUT(messageText(page, "kmMessage").contains(QLatin1String("Imported")), 10000);
    typeInto(page, "kmName", name);
    QTRY_VERIFY_WITH_TIMEOUT(m_wizard->keyManagerPage()->isComplete(), 5000);
    if (qstrcmp(versionButton, "entraBoth") == 0) {
        // Both key managers side by side, each with its own name, issuer and consumer-key claim.
        const QString tid = m_sandbox->sandbox()->entra()->tenantId();
        QVERIFY(m_wizard->bothKeyManagers()->isVisible());

        auto cell = [this](int row, int column) { return m_wizard->bothKeyManagersCell(row, column); };
        QCOMPARE(cell(0, 0), name + QStringLiteral("-v1"));
        QCOMPARE(cell(0, 1), name + QStringLiteral("-v2"));
        QVERIFY(!cell(1, 0).isEmpty() && !cell(1, 1).isEmpty() && cell(1, 0) != cell(1, 1));
        QTRY_COMPARE(cell(2, 0), QStringLiteral("https://sts.windows.net/%1/").arg(tid));
        QCOMPARE(cell(2, 1), QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(tid));
        QCOMPARE(cell(3, 0), QStringLiteral("appid"));
        QCOMPARE(cell(3, 1), QStringLiteral("azp"));
        // The single key manager's own fields are not offered beside the two: only what both share is edited.
        for (const char *field : {"kmIssuer", "kmJwks", "kmConsumerKeyClaim", "kmScopesClaim", "kmDisplayName", "kmDescription"})
            QVERIFY2(!child<QLineEdit>(page, field)->isVisible(), field);
        QVERIFY(child<QLineEdit>(page, "kmName")->isVisible());
        QVERIFY(child<QLineEdit>(page, "kmWellKnown")->isVisible());
        grab(m_wizard, QStringLiteral("entra-wizard-4-endpoints-both"));
    } else {
        for (const char *field : {"kmIssuer", "kmJwks", "kmConsumerKeyClaim", "kmScopesClaim", "kmDisplayName", "kmDescription"})
            QVERIFY2(child<QLineEdit>(page, field)->isVisible(), field);
    }
    // The page scrolls as one: the endpoints table and the grant types show all their rows, with no scroll bar of their own.
    auto *endpoints = child<QTableView>(page, "endpointsTable");
    QTRY_VERIFY2(endpoints->viewport()->height() >= endpoints->verticalHeader()->length(),
                 qPrintable(QStringLiteral("%1 < %2").arg(endpoints->viewport()->height()).arg(endpoints->verticalHeader()->length())));
    QVERIFY(!endpoints->verticalScrollBar()->isVisible());
    auto *grants = child<QListView>(page, "grantTypes");
    const int lastGrant = grants->model()->rowCount() - 1;
    QVERIFY(lastGrant >= 0);
    QTRY_VERIFY(grants->visualRect(grants->model()->index(lastGrant, 0)).bottom() < grants->viewport()->height());
    QVERIFY(!grants->verticalScrollBar()->isVisible());
    clickNext(m_wizard);
    QCOMPARE(m_wizard->currentId(), int(EntraSetupWizard::ConnectorId));
    clickNext(m_wizard);
    QCOMPARE(m_wizard->currentId(), int(EntraSetupWizard::ReviewId));
    QTRY_VERIFY_WITH_TIMEOUT(!m_wizard->reviewPage()->items().isEmpty(), 10000);
}

void TstEntraWizard::tenantPageMistakesAreSaidAtTheField()
{
    QVERIFY(child<QLabel>(m_wizard, "introText")->text().contains(QLatin1String("Grant admin consent")));
    grab(m_wizard, QStringLiteral("entra-wizard-1-intro"));
    const auto client = m_sandbox->sandbox()->entra()->managementClient();
    fillTenant(client.clientId, client.secret, QStringLiteral("not a tenant!"));
    QTest::mouseClick(child<QPushButton>(m_wizard->currentPage(), "entraVerify"), Qt::LeftButton);
    QVERIFY2(messageText(m_wizard->currentPage(), "entraMessage").contains(QLatin1String("tenant"), Qt::CaseInsensitive),
             qPrintable(messageText(m_wizard->currentPage(), "entraMessage")));

    // A client ID that is not a GUID, refused as `kmconsole-cli profile add entra` refuses it.
    typeInto(m_wizard->currentPage(), "entraTenant", m_sandbox->sandbox()->entra()->tenantId());
    typeInto(m_wizard->currentPage(), "entraClientId", QStringLiteral("apim-connector"));
    QTest::mouseClick(child<QPushButton>(m_wizard->currentPage(), "entraVerify"), Qt::LeftButton);
    QVERIFY2(messageText(m_wizard->currentPage(), "entraMessage").contains(QLatin1String("not an Entra Application (client) ID")),
             qPrintable(messageText(m_wizard->currentPage(), "entraMessage")));
    typeInto(m_wizard->currentPage(), "entraClientId", client.clientId);

    // The secret's ID pasted instead of its Value: said before anything is sent.
    typeInto(m_wizard->currentPage(), "entraClientSecret", client.keyId);
    QTest::mouseClick(child<QPushButton>(m_wizard->currentPage(), "entraVerify"), Qt::LeftButton);
    QVERIFY2(messageText(m_wizard->currentPage(), "entraMessage").contains(QLatin1String("secret's ID")),
             qPrintable(messageText(m_wizard->currentPage(), "entraMessage")));

    // A wrong secret: Entra's AADSTS7000215, in words.
    typeInto(m_wizard->currentPage(), "entraClientSecret", QStringLiteral("wrong~secret~value"));
    verify();
    const QString text = messageText(m_wizard->currentPage(), "entraMessage");
    QVERIFY2(text.contains(QLatin1String("7000215")) && text.contains(QLatin1String("secret"), Qt::CaseInsensitive), qPrintable(text));
    QVERIFY(!m_wizard->button(QWizard::NextButton)->isEnabled());
    QCOMPARE(child<QLineEdit>(m_wizard->currentPage(), "entraClientSecret")->text(), QStringLiteral("wrong~secret~value"));
    QVERIFY(m_context->profiles()->entraProfiles().isEmpty());
}

void TstEntraWizard::readOnlyPermissionIsNamedAndBlocksNext()
{
    const auto client = m_sandbox->sandbox()->entra()->readOnlyClient();
    fillTenant(client.clientId, client.secret);
    verify();
    QWidget *page = m_wizard->currentPage();
    const QString text = messageText(page, "entraMessage");
    QVERIFY2(text.contains(QLatin1String("Application.ReadWrite")), qPrintable(text));
    QVERIFY(!m_wizard->button(QWizard::NextButton)->isEnabled());
    auto *tree = child<QTreeWidget>(page, "entraPermissions");
    QCOMPARE(tree->topLevelItemCount(), 3);
    QCOMPARE(tree->topLevelItem(0)->text(1), QStringLiteral("granted"));     // Application.Read.All
    QCOMPARE(tree->topLevelItem(1)->text(1), QStringLiteral("not granted")); // Application.ReadWrite.All
    grab(m_wizard, QStringLiteral("entra-wizard-2-read-only"));
}

void TstEntraWizard::v2KeyManagerIsSetUp()
{
    const QString tid = m_sandbox->sandbox()->entra()->tenantId();
    const auto client = m_sandbox->sandbox()->entra()->managementClient();
    fillTenant(client.clientId, client.secret);
    verify();
    QVERIFY(m_wizard->tenantPage()->isVerified());
    QTRY_VERIFY(child<QLabel>(m_wizard->currentPage(), "entraSaved")->text().contains(QLatin1String("Saved")));
    grab(m_wizard, QStringLiteral("entra-wizard-2-tenant"));
    clickNext(m_wizard);
    QVERIFY(child<QLabel>(m_wizard->currentPage(), "entraVersionExplanation")->text().contains(QLatin1String("azp")));
    grab(m_wizard, QStringLiteral("entra-wizard-3-version"));
    clickNext(m_wizard);

    QWidget *details = m_wizard->currentPage();
    QTRY_VERIFY_WITH_TIMEOUT(messageText(details, "kmMessage").contains(QLatin1String("Imported")), 10000);
    QCOMPARE(child<QLineEdit>(details, "kmIssuer")->text(), QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(tid));
    QCOMPARE(child<QLineEdit>(details, "kmConsumerKeyClaim")->text(), QStringLiteral("azp"));
    auto *endpoints = child<QTableWidget>(details, "endpointsTable");
    QString introspection, registration, note;
    for (int row = 0; row < endpoints->rowCount(); ++row) {
        const QString name = endpoints->item(row, 0)->data(Qt::UserRole).toString().isEmpty() ? endpoints->item(row, 0)->text()
                                                                                              : endpoints->item(row, 0)->data(Qt::UserRole).toString();
        if (name.contains(QLatin1String("ntrospection"))) {
            introspection = endpoints->item(row, 1)->text();
            note = endpoints->item(row, 2) ? endpoints->item(row, 2)->text() : QString();
        }
        if (name.contains(QLatin1String("egistration")))
            registration = endpoints->item(row, 1)->text();
    }
    QVERIFY2(introspection.endsWith(QStringLiteral("/%1/oauth2/v2.0/token").arg(tid)), qPrintable(introspection + QLatin1Char(' ') + tid));
    QVERIFY2(note.contains(QLatin1String("Not supported by Azure")), qPrintable(note));
    QCOMPARE(registration, m_sandbox->info().value(QLatin1String("graph")).toString());
    typeInto(details, "kmName", QStringLiteral("AzureAD"));
    grab(m_wizard, QStringLiteral("entra-wizard-4-endpoints"));
    clickNext(m_wizard);

    auto *config = child<QTableWidget>(m_wizard->currentPage(), "entraConnector");
    QStringList rows;
    for (int row = 0; row < config->rowCount(); ++row)
        rows << config->item(row, 0)->text() + QLatin1Char('=') + config->item(row, 1)->text();
    QVERIFY2(rows.contains(QStringLiteral("azure_ad_requested_access_token_version=v2.0")), qPrintable(rows.join(QLatin1Char(' '))));
    QVERIFY(!rows.join(QLatin1Char(' ')).contains(client.secret));
    grab(m_wizard, QStringLiteral("entra-wizard-5-connector"));
    clickNext(m_wizard);

    QTRY_VERIFY_WITH_TIMEOUT(!m_wizard->reviewPage()->items().isEmpty(), 10000);
    const QString json = child<QPlainTextEdit>(m_wizard->currentPage(), "reviewJson")->toPlainText();
    QVERIFY(json.contains(QLatin1String("\"azp\"")));
    QVERIFY2(!json.contains(client.secret), "the review shows the client secret");
    clickNext(m_wizard);
    QTRY_VERIFY_WITH_TIMEOUT(applySucceeded(m_wizard), 15000);
    grab(m_wizard, QStringLiteral("entra-wizard-7-apply"));
    const QList<QJsonObject> kms = m_sandbox->keyManagersNamed(QStringLiteral("AzureAD"));
    QCOMPARE(kms.size(), 1);
    QCOMPARE(kms.first().value(QLatin1String("issuer")).toString(), QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(tid));
    QCOMPARE(kms.first().value(QLatin1String("consumerKeyClaim")).toString(), QStringLiteral("azp"));
    QCOMPARE(kms.first().value(QLatin1String("availableGrantTypes")).toArray(), QJsonArray{QStringLiteral("client_credentials")});
    QCOMPARE(kms.first().value(QLatin1String("additionalProperties")).toObject().value(QLatin1String("azure_ad_client_secret")).toString(), client.secret);
}

void TstEntraWizard::v1KeyManagerIsSetUp()
{
    const QString tid = m_sandbox->sandbox()->entra()->tenantId();
    goToReview("entraV1", QStringLiteral("AzureAD-legacy"));
    clickNext(m_wizard);
    QTRY_VERIFY_WITH_TIMEOUT(applySucceeded(m_wizard), 15000);
    const QList<QJsonObject> kms = m_sandbox->keyManagersNamed(QStringLiteral("AzureAD-legacy"));
    QCOMPARE(kms.size(), 1);
    QCOMPARE(kms.first().value(QLatin1String("issuer")).toString(), QStringLiteral("https://sts.windows.net/%1/").arg(tid));
    QCOMPARE(kms.first().value(QLatin1String("consumerKeyClaim")).toString(), QStringLiteral("appid"));
    QCOMPARE(kms.first().value(QLatin1String("additionalProperties")).toObject().value(QLatin1String("azure_ad_requested_access_token_version")).toString(),
             QStringLiteral("v1.0"));
}

void TstEntraWizard::bothCreatesTwoKeyManagersOnce()
{
    const QString tid = m_sandbox->sandbox()->entra()->tenantId();
    goToReview("entraBoth", QStringLiteral("Entra"));
    QCOMPARE(m_wizard->reviewPage()->items().size(), 2);
    QCOMPARE(child<QTabWidget>(m_wizard->currentPage(), "reviewTabs")->count(), 2);
    // The button that writes says what it writes, in English plural forms (the console installs EnglishPlurals).
    EnglishPlurals plurals;
    QCoreApplication::installTranslator(&plurals);
    m_wizard->reviewPage()->initializePage();
    QTRY_VERIFY_WITH_TIMEOUT(!m_wizard->reviewPage()->items().isEmpty(), 10000);
    QCOMPARE(m_wizard->button(QWizard::CommitButton)->text(), QStringLiteral("Create 2 key managers"));
    QCoreApplication::removeTranslator(&plurals);
    grab(m_wizard, QStringLiteral("entra-wizard-6-review-both"));
    clickNext(m_wizard);
    QTRY_VERIFY_WITH_TIMEOUT(applySucceeded(m_wizard), 15000);
    const QList<QJsonObject> v1 = m_sandbox->keyManagersNamed(QStringLiteral("Entra-v1"));
    const QList<QJsonObject> v2 = m_sandbox->keyManagersNamed(QStringLiteral("Entra-v2"));
    QCOMPARE(v1.size(), 1);
    QCOMPARE(v2.size(), 1);
    QCOMPARE(v1.first().value(QLatin1String("issuer")).toString(), QStringLiteral("https://sts.windows.net/%1/").arg(tid));
    QCOMPARE(v1.first().value(QLatin1String("consumerKeyClaim")).toString(), QStringLiteral("appid"));
    QCOMPARE(v2.first().value(QLatin1String("issuer")).toString(), QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(tid));
    QCOMPARE(v2.first().value(QLatin1String("consumerKeyClaim")).toString(), QStringLiteral("azp"));

    // Again with the same answers: nothing to change, nothing created.
    const int posts = m_sandbox->countRequests(QStringLiteral("POST"), QStringLiteral("/api/am/admin/v4/key-managers$"));
    newWizard();
    goToReview("entraBoth", QStringLiteral("Entra"));
    QCOMPARE(m_wizard->reviewPage()->changeCount(), 0);
    QCOMPARE(m_wizard->button(QWizard::CommitButton)->text(), QStringLiteral("Check and finish"));
    clickNext(m_wizard);
    QTRY_VERIFY_WITH_TIMEOUT(applySucceeded(m_wizard), 15000);
    QCOMPARE(m_sandbox->countRequests(QStringLiteral("POST"), QStringLiteral("/api/am/admin/v4/key-managers$")), posts);
    QCOMPARE(m_sandbox->keyManagersNamed(QStringLiteral("Entra-v1")).size(), 1);
    QCOMPARE(m_sandbox->keyManagersNamed(QStringLiteral("Entra-v2")).size(), 1);
}

void TstEntraWizard::externalIdKeyManagerIsSetUp()
{
    auto *external = m_sandbox->sandbox()->entraExternal();
    const QString tid = external->tenantId();
    const auto client = external->managementClient();
    clickNext(m_wizard);
    QCOMPARE(m_wizard->currentId(), int(EntraSetupWizard::TenantId));
    QWidget *page = m_wizard->currentPage();
    auto *cloud = child<QComboBox>(page, "entraCloud");
    auto *subdomain = child<QLineEdit>(page, "entraExternalSubdomain");
    QVERIFY(!subdomain->isVisible());
    const int index = cloud->findData(QStringLiteral("external"));
    QVERIFY(index >= 0);
    QCOMPARE(cloud->itemText(index), QStringLiteral("Microsoft Entra External ID"));
    cloud->setCurrentIndex(index);
    QVERIFY(subdomain->isVisible());
    QCOMPARE(child<QLineEdit>(page, "entraGraphUrl")->text(), QStringLiteral("https://graph.microsoft.com"));

    // The host pasted instead of the subdomain: said at Verify, with what to type.
    typeInto(page, "entraExternalSubdomain", QStringLiteral("contosocustomers.ciamlogin.com"));
    typeInto(page, "entraTenant", tid);
    typeInto(page, "entraClientId", client.clientId);
    typeInto(page, "entraClientSecret", client.secret);
    QTest::mouseClick(child<QPushButton>(page, "entraVerify"), Qt::LeftButton);
    QVERIFY2(messageText(page, "entraMessage").contains(QStringLiteral("Type only “contosocustomers”")), qPrintable(messageText(page, "entraMessage")));
    QVERIFY(m_context->profiles()->entraProfiles().isEmpty());

    // The subdomain gives the sign-in URL; the sandbox's external sign-in server then stands in for it (as a custom URL domain would).
    typeInto(page, "entraExternalSubdomain", QStringLiteral("ContosoCustomers"));
    QCOMPARE(child<QLineEdit>(page, "entraLoginUrl")->text(), QStringLiteral("https://contosocustomers.ciamlogin.com"));
    grab(m_wizard, QStringLiteral("entra-wizard-2-external-id"));
    typeInto(page, "entraLoginUrl", external->loginUrl().toString());
    typeInto(page, "entraGraphUrl", external->graphUrl().toString());
    verify();
    QVERIFY2(m_wizard->tenantPage()->isVerified(), qPrintable(messageText(page, "entraMessage")));
    QTRY_VERIFY(child<QLabel>(page, "entraSaved")->text().contains(QLatin1String("Saved")));
    const auto profile = m_context->profiles()->entraProfile(tid);
    QVERIFY(profile.has_value());
    QCOMPARE(profile->cloud, QStringLiteral("external"));
    QCOMPARE(profile->externalSubdomain, QStringLiteral("contosocustomers"));
    QCOMPARE(profile->loginUrl, external->loginUrl());

    // v2 only: v1 and both cannot be chosen.
    clickNext(m_wizard);
    QCOMPARE(m_wizard->currentId(), int(EntraSetupWizard::VersionId));
    QVERIFY(child<QRadioButton>(m_wizard->currentPage(), "entraV2")->isChecked());
    QVERIFY(!child<QRadioButton>(m_wizard->currentPage(), "entraV1")->isEnabled());
    QVERIFY(!child<QRadioButton>(m_wizard->currentPage(), "entraBoth")->isEnabled());
    const QString explanation = child<QLabel>(m_wizard->currentPage(), "entraVersionExplanation")->text();
    QVERIFY2(explanation.contains(QStringLiteral("https://%1.ciamlogin.com/%1/v2.0").arg(tid)), qPrintable(explanation));
    grab(m_wizard, QStringLiteral("entra-wizard-3-external-id-version"));
    clickNext(m_wizard);

    // The issuer as the discovery document gives it: the tenant ID as host.
    QWidget *details = m_wizard->currentPage();
    QTRY_VERIFY_WITH_TIMEOUT(messageText(details, "kmMessage").contains(QLatin1String("Imported")), 10000);
    QCOMPARE(child<QLineEdit>(details, "kmIssuer")->text(), QStringLiteral("https://%1.ciamlogin.com/%1/v2.0").arg(tid));
    QCOMPARE(child<QLineEdit>(details, "kmConsumerKeyClaim")->text(), QStringLiteral("azp"));
    typeInto(details, "kmName", QStringLiteral("Customers"));
    QTRY_VERIFY_WITH_TIMEOUT(m_wizard->keyManagerPage()->isComplete(), 5000);
    clickNext(m_wizard);
    QCOMPARE(m_wizard->currentId(), int(EntraSetupWizard::ConnectorId));
    clickNext(m_wizard);
    QTRY_VERIFY_WITH_TIMEOUT(!m_wizard->reviewPage()->items().isEmpty(), 10000);
    clickNext(m_wizard);
    QTRY_VERIFY_WITH_TIMEOUT(applySucceeded(m_wizard), 15000);
    const QList<QJsonObject> kms = m_sandbox->keyManagersNamed(QStringLiteral("Customers"));
    QCOMPARE(kms.size(), 1);
    QCOMPARE(kms.first().value(QLatin1String("issuer")).toString(), QStringLiteral("https://%1.ciamlogin.com/%1/v2.0").arg(tid));
    QCOMPARE(kms.first().value(QLatin1String("wellKnownEndpoint")).toString(),
             QStringLiteral("%1/%2/v2.0/.well-known/openid-configuration").arg(external->loginUrl().toString(), tid));
    QCOMPARE(kms.first().value(QLatin1String("additionalProperties")).toObject().value(QLatin1String("azure_ad_requested_access_token_version")).toString(),
             QStringLiteral("v2.0"));
}

QTEST_MAIN(TstEntraWizard)
#include "tst_entra_wizard.moc"
