// The Applications page, the administrator's work after setting up an AzureAD key manager, against the
// sandbox: DevPortal keys per key manager, the Entra applications behind them, the legacy app's two
// problems found and fixed with clicks, old secrets removed after a confirmation, existing keys mapped
// (with the warning that Entra shows a secret once), and a token handed to the Token Inspector.

#include "support/JobWaiter.h"
#include "services/core/ConstRange.h"
#include "support/BackgroundWork.h"
#include "support/Widgets.h"
#include "support/SandboxFixture.h"

#include "models/applications/DevPortalApplicationModel.h"
#include <QHeaderView>
#include <QScopeGuard>
#include "models/common/SearchFilterProxyModel.h"
#include "models/applications/EntraApplicationModel.h"
#include "sandbox/apim/DevPortalStandIn.h"
#include "sandbox/entra/EntraStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/apim/DevPortalClient.h"
#include "services/core/ServiceContext.h"
#include "services/entra/AzureSetup.h"
#include "services/entra/EntraClient.h"
#include "services/entra/GraphClient.h"
#include "services/http/HttpSession.h"
#include "services/profiles/ProfileStore.h"
#include "services/secrets/SecretStore.h"
#include "services/setup/SetupRunner.h"
#include "services/tokens/Jwt.h"
#include "ui/applications/ApplicationsPage.h"
#include "ui/common/EmptyStateView.h"
#include "ui/tokens/TokenInspectorPage.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace km;
using km::test::backgroundWorkSettled;
using km::sandbox::EntraStandIn;
using km::test::await;
using km::test::JobPtr;
using km::test::child;
using km::test::grab;
using km::test::messageText;

namespace {

// The row of the view (through its proxy) whose `column` shows `text`, or -1.
int viewRow(QTableView *table, int column, const QString &text)
{
    QAbstractItemModel *model = table->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, column).data().toString() == text)
            return row;
    }
    return -1;
}

QString viewCell(QTableView *table, int row, int column)
{
    return table->model()->index(row, column).data().toString();
}

} // namespace

class TstGuiApplications : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void notConnectedAndNoEntraProfileSayWhatToDo();
    void hiddenPageLoadsNothingUntilShown();
    void devPortalTabListsKeysPerKeyManager();
    void entraTabShowsTheLegacyApp();
    void checkFindsAndFixesTheLegacyAppWithClicks();
    void secretsAreListedWithDatesAndRemovedOnlyAfterConfirmation();
    void provideExistingKeysMapsThemAndWarnsAboutTheSecret();
    void getTokenOpensItInTheInspectorWithItsVersion();
    void graphSignInFailureIsSaidInThePage();
    void externalIdProfileListsItsTenantsApplications();

private:
    QTableView *table(const char *name) const { return m_page->findChild<QTableView *>(QString::fromLatin1(name)); }
    void selectEntraApp(const QString &appId);
    QDialog *openDialog(const char *button, const char *dialogName);
    void refreshEntra();

    km::test::SandboxFixture m_sandbox;
    QTemporaryDir m_config;
    EntraStandIn *m_standIn = nullptr;
    ServiceContext *m_context = nullptr;
    ApimClient *m_apim = nullptr;
    GraphClient *m_graph = nullptr;
    ApplicationsPage *m_page = nullptr;
    QString m_generatedClientId;
    QString m_generatedSecret;
    QString m_legacySecret;
};

void TstGuiApplications::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    m_standIn = m_sandbox.sandbox()->entra();
    QVERIFY(m_config.isValid());
    qputenv("KMCONSOLE_CONFIG_DIR", QFile::encodeName(m_config.path()));
    m_context = new ServiceContext(QString(), this);
    m_apim = m_sandbox.apimClient(m_context->http(), this);

    // An AzureAD key manager expecting v2 tokens, set up the console's way.
    const EntraStandIn::Client management = m_standIn->managementClient();
    auto *entra = new EntraClient(m_context->http(), m_standIn->loginUrl(), m_standIn->graphUrl(), m_standIn->tenantId(), management.clientId,
                                  management.secret, this);
    m_graph = new GraphClient(entra, this);
    AzureSetupOptions options;
    options.name = QStringLiteral("Entra");
    options.tokenVersions = AzureTokenVersions::V2;
    SetupRunner *runner = AzureSetup::createRunner(m_apim, entra, m_context->http(), options, this);
    QSignalSpy finished(runner, &SetupRunner::finished);
    runner->start();
    QVERIFY(finished.wait(60000));
    QVERIFY2(runner->isComplete(), qPrintable(runner->summary()));

    // A DevPortal application with keys generated through it (API Manager's connector creates the Entra app),
    // and one without keys.
    DevPortalClient portal(m_apim);
    JobPtr orders = await(portal.createApplication(QStringLiteral("Orders client")));
    QVERIFY2(!orders->hasError(), qPrintable(orders->error().toUserText()));
    GenerateKeysRequest request;
    request.keyManager = QStringLiteral("Entra");
    JobPtr generated = await(portal.generateKeys(orders->result().toObject().value(QLatin1String("applicationId")).toString(), request), 60000);
    QVERIFY2(!generated->hasError(), qPrintable(generated->error().toUserText()));
    m_generatedClientId = generated->result().toObject().value(QLatin1String("consumerKey")).toString();
    m_generatedSecret = generated->result().toObject().value(QLatin1String("consumerSecret")).toString();
    QVERIFY(!m_generatedClientId.isEmpty() && !m_generatedSecret.isEmpty());
    JobPtr billing = await(portal.createApplication(QStringLiteral("Billing client")));
    QVERIFY2(!billing->hasError(), qPrintable(billing->error().toUserText()));

    // The Entra profile the page signs in to Graph with; its secret in the keychain.
    EntraProfile profile;
    profile.name = QStringLiteral("contoso");
    profile.tenant = m_standIn->tenantId();
    profile.clientId = management.clientId;
    profile.loginUrl = m_standIn->loginUrl();
    profile.graphUrl = m_standIn->graphUrl();
    profile.cloud = QStringLiteral("custom");
    JobPtr stored = await(m_context->secrets()->write(SecretStore::entraSecretKey(profile.name), management.secret));
    QVERIFY2(!stored->hasError(), qPrintable(stored->error().toUserText()));
    m_context->profiles()->upsertEntra(profile);
}

void TstGuiApplications::cleanupTestCase()
{
    delete m_page;
}

void TstGuiApplications::hiddenPageLoadsNothingUntilShown()
{
    // As in the main window: connecting hands every page its client, visible or not.
    ApplicationsPage page(m_context);
    const int before = m_sandbox.countRequests(QStringLiteral("GET"), QStringLiteral("/api/am/devportal/v3/applications"));
    QSignalSpy loaded(&page, &ApplicationsPage::devPortalLoaded);
    page.setClient(m_apim);
    QVERIFY(!loaded.wait(300));
    QCOMPARE(m_sandbox.countRequests(QStringLiteral("GET"), QStringLiteral("/api/am/devportal/v3/applications")), before);
    page.show();
    QVERIFY(loaded.wait(15000));
    QVERIFY(m_sandbox.countRequests(QStringLiteral("GET"), QStringLiteral("/api/am/devportal/v3/applications")) > before);
}

void TstGuiApplications::notConnectedAndNoEntraProfileSayWhatToDo()
{
    QTemporaryDir emptyConfig;
    ServiceContext bare(emptyConfig.path());
    ApplicationsPage page(&bare);
    page.resize(1000, 520);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QSignalSpy connectAsked(&page, &ApplicationsPage::connectRequested);
    auto *empty = child<EmptyStateView>(&page, "portalEmptyState");
    QVERIFY(empty->isVisible());
    QCOMPARE(empty->title(), QStringLiteral("Not connected"));
    auto *connect = empty->findChild<QPushButton *>();
    QVERIFY(connect && connect->isVisible());
    QTest::mouseClick(connect, Qt::LeftButton);
    QCOMPARE(connectAsked.size(), 1);
    QVERIFY(!child<QPushButton>(&page, "appsProvideKeys")->isEnabled());
    QVERIFY(!child<QPushButton>(&page, "appsCheck")->isEnabled());
    QVERIFY(!child<QPushButton>(&page, "appsGetToken")->isEnabled());
    QVERIFY(child<QPushButton>(&page, "appsGetToken")->toolTip().contains(QLatin1String("Entra ID profile")));
    grab(&page, QStringLiteral("applications-not-connected"));

    page.showTab(ApplicationsPage::EntraTab);
    auto *noProfile = child<EmptyStateView>(&page, "entraEmptyState");
    QVERIFY(noProfile->isVisible());
    QCOMPARE(noProfile->title(), QStringLiteral("No Entra ID profile"));
    QVERIFY2(noProfile->text().contains(QLatin1String("kmconsole-cli profile add entra")) && noProfile->text().contains(QLatin1String("Setup")),
             qPrintable(noProfile->text()));
    grab(&page, QStringLiteral("applications-no-entra-profile"));
}

void TstGuiApplications::devPortalTabListsKeysPerKeyManager()
{
    m_page = new ApplicationsPage(m_context);
    m_page->resize(1280, 560);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page));
    QAbstractItemModelTester portalTester(m_page->devPortalModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(m_page, &ApplicationsPage::devPortalLoaded);
    m_page->setClient(m_apim);
    QVERIFY(loaded.wait(20000));

    QTableView *portal = table("portalTable");
    QVERIFY(portal->isVisible());
    const int orders = viewRow(portal, DevPortalApplicationModel::ConsumerKeyColumn, m_generatedClientId);
    QVERIFY2(orders >= 0, "the generated key's client id is not listed");
    QCOMPARE(viewCell(portal, orders, DevPortalApplicationModel::ApplicationColumn), QStringLiteral("Orders client"));
    QCOMPARE(viewCell(portal, orders, DevPortalApplicationModel::KeyManagerColumn), QStringLiteral("Entra (AzureAD, v2 tokens)"));
    QCOMPARE(viewCell(portal, orders, DevPortalApplicationModel::KeyTypeColumn), QStringLiteral("PRODUCTION"));
    QCOMPARE(viewCell(portal, orders, DevPortalApplicationModel::ModeColumn), QStringLiteral("CREATED"));
    QCOMPARE(viewCell(portal, orders, DevPortalApplicationModel::KeyStateColumn), QStringLiteral("COMPLETED"));
    QCOMPARE(viewCell(portal, orders, DevPortalApplicationModel::OwnerColumn), m_sandbox.apimUser());
    const int billing = viewRow(portal, DevPortalApplicationModel::ApplicationColumn, QStringLiteral("Billing client"));
    QVERIFY(billing >= 0);
    QCOMPARE(viewCell(portal, billing, DevPortalApplicationModel::KeyManagerColumn), QStringLiteral("no keys"));
    const QString summary = child<QLabel>(m_page, "portalSummary")->text();
    QVERIFY2(summary.contains(QLatin1String("1 with an AzureAD key manager")), qPrintable(summary));

    // The filter narrows the table to what matches, here a client id.
    auto *filter = child<QLineEdit>(m_page, "portalFilter");
    QTest::keyClicks(filter, m_generatedClientId.left(13));
    QCOMPARE(portal->model()->rowCount(), 1);
    filter->clear();
    QVERIFY(portal->model()->rowCount() >= 2);
    grab(m_page, QStringLiteral("applications-devportal"));

    // The same list read and prepared as a long one is, on worker threads: the progress stays up until the table
    // has its rows, it is said loaded once, and the rows, summary and columns' widths are the same.
    const auto shown = [portal] {
        QStringList rows;
        for (int row = 0; row < portal->model()->rowCount(); ++row)
            for (int column = 0; column < portal->model()->columnCount(); ++column)
                rows << viewCell(portal, row, column);
        return rows;
    };
    const auto widths = [portal] {
        QList<int> all;
        for (int column = 0; column < portal->model()->columnCount(); ++column)
            all << portal->columnWidth(column);
        return all;
    };
    // The columns were fitted with the table in view: the last one stretches to the table's edge.
    QCOMPARE(portal->horizontalHeader()->sectionViewportPosition(portal->model()->columnCount() - 1)
                 + portal->columnWidth(portal->model()->columnCount() - 1),
             portal->viewport()->width());
    const QStringList rowsBefore = shown();
    const QList<int> widthsBefore = widths();
    auto *search = qobject_cast<SearchFilterProxyModel *>(portal->model());
    QVERIFY(search);
    m_page->devPortalModel()->setBackgroundApplications(1);
    search->setBackgroundRows(1);
    const auto restore = qScopeGuard([this, search] {
        m_page->devPortalModel()->setBackgroundApplications(DevPortalApplicationModel::DefaultBackgroundApplications);
        search->setBackgroundRows(SearchFilterProxyModel::DefaultBackgroundRows);
    });
    auto *bannerText = m_page->findChild<QWidget *>(QStringLiteral("portalBanner"))->findChild<QLabel *>(QStringLiteral("stateBannerText"));
    loaded.clear();
    QSignalSpy read(m_page->devPortalModel(), &DevPortalApplicationModel::applicationsLoaded);
    m_page->refreshDevPortal();
    QVERIFY(read.wait(20000));
    QVERIFY(search->isPreparing());
    QVERIFY2(bannerText->isVisible() && bannerText->text().startsWith(QLatin1String("Reading the Developer Portal")), qPrintable(bannerText->text()));
    QCOMPARE(loaded.size(), 0);
    QVERIFY(loaded.wait(20000));
    // Nothing of the model's or the proxy's is still on its way back that could say "loaded" once more.
    QTRY_VERIFY_WITH_TIMEOUT(backgroundWorkSettled(m_page->devPortalModel()) && backgroundWorkSettled(search), 20000);
    QCOMPARE(loaded.size(), 1);
    QVERIFY(!bannerText->isVisible());
    QCOMPARE(shown(), rowsBefore);
    QCOMPARE(widths(), widthsBefore);
    QCOMPARE(child<QLabel>(m_page, "portalSummary")->text(), summary);
}

void TstGuiApplications::refreshEntra()
{
    QSignalSpy listed(m_page, &ApplicationsPage::entraLoaded);
    m_page->refreshEntra();
    QVERIFY(listed.wait(20000));
}

void TstGuiApplications::entraTabShowsTheLegacyApp()
{
    QVERIFY(m_page);
    QAbstractItemModelTester entraTester(m_page->entraModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_page->showTab(ApplicationsPage::EntraTab);
    QCOMPARE(m_page->currentEntraProfile(), QStringLiteral("contoso"));
    refreshEntra();
    QTableView *entra = table("entraTable");
    QVERIFY(entra->isVisible());
    const QString legacy = m_standIn->legacyResourceAppId();
    const int row = viewRow(entra, EntraApplicationModel::AppIdColumn, legacy);
    QVERIFY2(row >= 0, "the legacy application is not listed");
    QCOMPARE(viewCell(entra, row, EntraApplicationModel::TokenVersionColumn), QStringLiteral("1 (null)"));
    QCOMPARE(viewCell(entra, row, EntraApplicationModel::IdentifierUrisColumn), QStringLiteral("none"));
    // Work accounts only (AzureADMyOrg): Entra sets no two-secret limit, so none is shown.
    QCOMPARE(viewCell(entra, row, EntraApplicationModel::SecretsColumn), QStringLiteral("0"));
    QCOMPARE(viewCell(entra, row, EntraApplicationModel::NearestExpiryColumn), QStringLiteral("no secret"));

    // The application API Manager's connector created: v2, its own URI, one secret, used by the DevPortal key.
    const int generated = viewRow(entra, EntraApplicationModel::AppIdColumn, m_generatedClientId);
    QVERIFY(generated >= 0);
    QCOMPARE(viewCell(entra, generated, EntraApplicationModel::TokenVersionColumn), QStringLiteral("2"));
    QCOMPARE(viewCell(entra, generated, EntraApplicationModel::IdentifierUrisColumn), QStringLiteral("api://") + m_generatedClientId);
    QCOMPARE(viewCell(entra, generated, EntraApplicationModel::SecretsColumn), QStringLiteral("1"));
    QCOMPARE(viewCell(entra, generated, EntraApplicationModel::UsedByColumn), QStringLiteral("Orders client (PRODUCTION, Entra)"));
    const QString summary = child<QLabel>(m_page, "entraSummary")->text();
    // Client-only registrations need no Application ID URI: the summary does not count them as problems.
    QVERIFY2(summary.contains(QLatin1String("application(s) in tenant ")) && !summary.contains(QLatin1String("without Application ID URI")),
             qPrintable(summary));

    auto *filter = child<QLineEdit>(m_page, "entraFilter");
    QTest::keyClicks(filter, legacy);
    QCOMPARE(entra->model()->rowCount(), 1);
    filter->clear();
    grab(m_page, QStringLiteral("applications-entra"));
}

void TstGuiApplications::selectEntraApp(const QString &appId)
{
    m_page->showTab(ApplicationsPage::EntraTab);
    QTableView *entra = table("entraTable");
    const int row = viewRow(entra, EntraApplicationModel::AppIdColumn, appId);
    QVERIFY2(row >= 0, qPrintable(QStringLiteral("%1 is not listed").arg(appId)));
    entra->selectRow(row);
}

QDialog *TstGuiApplications::openDialog(const char *button, const char *dialogName)
{
    // A dialog left open by a failed test function must not be mistaken for the new one.
    for (QDialog *old : m_page->findChildren<QDialog *>(QString::fromLatin1(dialogName)))
        delete old;
    auto *b = child<QPushButton>(m_page, button);
    if (!b || !b->isEnabled()) {
        qWarning("%s is disabled: %s", button, b ? qPrintable(b->toolTip()) : "");
        return nullptr;
    }
    QTest::mouseClick(b, Qt::LeftButton);
    auto *dialog = m_page->findChild<QDialog *>(QString::fromLatin1(dialogName));
    if (dialog && !QTest::qWaitForWindowExposed(dialog))
        return nullptr;
    return dialog;
}

void TstGuiApplications::checkFindsAndFixesTheLegacyAppWithClicks()
{
    QVERIFY(m_page);
    const QString legacy = m_standIn->legacyResourceAppId();
    selectEntraApp(legacy);
    QDialog *dialog = openDialog("appsCheck", "entraAppCheckDialog");
    QVERIFY(dialog);
    QVERIFY(child<QComboBox>(dialog, "checkKeyManager")->currentText().startsWith(QLatin1String("Entra (expects v2 tokens)")));
    QTRY_VERIFY_WITH_TIMEOUT(dialog->findChild<QPushButton *>(QStringLiteral("fix_token-version-mismatch")), 10000);
    auto *uriFix = child<QPushButton>(dialog, "fix_identifier-uri-missing");
    QVERIFY(uriFix);
    const QString versionMessage = child<QWidget>(dialog, "finding_token-version-mismatch")->findChild<QLabel *>(QStringLiteral("findingMessage"))->text();
    QVERIFY2(versionMessage.contains(QLatin1String("900901")), qPrintable(versionMessage));
    QVERIFY(dialog->findChild<QWidget *>(QStringLiteral("finding_no-secret")));
    QVERIFY(child<QLabel>(dialog, "checkNoSecrets")->isVisible());
    QVERIFY(!child<QTableWidget>(dialog, "checkSecrets")->isVisible());
    QVERIFY2(child<QLabel>(dialog, "checkSummary")->text().contains(QLatin1String("2 problems")), qPrintable(child<QLabel>(dialog, "checkSummary")->text()));
    grab(dialog, QStringLiteral("applications-check-legacy"));

    QTest::mouseClick(uriFix, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_standIn->applicationByAppId(legacy)->identifierUris == QStringList{QStringLiteral("api://") + legacy}, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->findChild<QWidget *>(QStringLiteral("finding_identifier-uri-missing")), 10000);
    QTRY_VERIFY(messageText(dialog, "checkMessage").contains(QLatin1String("Application ID URI is set")));
    auto *versionFix = child<QPushButton>(dialog, "fix_token-version-mismatch");
    QVERIFY(versionFix);
    QTRY_VERIFY(versionFix->isEnabled());
    QTest::mouseClick(versionFix, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_standIn->applicationByAppId(legacy)->requestedAccessTokenVersion.toInt(), 2, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->findChild<QWidget *>(QStringLiteral("finding_token-version-mismatch")), 10000);
    QVERIFY(child<QLabel>(dialog, "checkSummary")->text().contains(QLatin1String("Nothing stops")));
    grab(dialog, QStringLiteral("applications-check-fixed"));

    // The page lists the application as Graph now holds it.
    QTableView *entra = table("entraTable");
    QTRY_COMPARE_WITH_TIMEOUT(viewCell(entra, viewRow(entra, EntraApplicationModel::AppIdColumn, legacy), EntraApplicationModel::TokenVersionColumn),
                              QStringLiteral("2"), 10000);
    dialog->close();
}

void TstGuiApplications::secretsAreListedWithDatesAndRemovedOnlyAfterConfirmation()
{
    QVERIFY(m_page);
    const QString legacy = m_standIn->legacyResourceAppId();
    const QString objectId = m_standIn->applicationByAppId(legacy)->id;
    const QDateTime soon = QDateTime::currentDateTimeUtc().addDays(10);
    JobPtr first = await(m_graph->addPassword(objectId, QStringLiteral("old one"), soon));
    JobPtr second = await(m_graph->addPassword(objectId, QStringLiteral("current")));
    QVERIFY(!first->hasError() && !second->hasError());
    m_legacySecret = second->result().toObject().value(QLatin1String("secretText")).toString();
    const QString oldKey = first->result().toObject().value(QLatin1String("keyId")).toString();
    refreshEntra();
    QTableView *entra = table("entraTable");
    QCOMPARE(viewCell(entra, viewRow(entra, EntraApplicationModel::AppIdColumn, legacy), EntraApplicationModel::SecretsColumn), QStringLiteral("2"));
    // An application personal Microsoft accounts may sign in to is limited to two secrets, and says so.
    const QJsonObject personal = await(m_graph->createApplication(QStringLiteral("Consumer app"), 2))->result().toObject();
    QVERIFY(!personal.isEmpty());
    QVERIFY(!await(m_graph->patchApplication(personal.value(QLatin1String("id")).toString(),
                                            QJsonObject{{QStringLiteral("signInAudience"), QStringLiteral("AzureADandPersonalMicrosoftAccount")}}))->hasError());
    QVERIFY(!await(m_graph->addPassword(personal.value(QLatin1String("id")).toString(), QStringLiteral("only")))->hasError());
    refreshEntra();
    QCOMPARE(viewCell(entra, viewRow(entra, EntraApplicationModel::AppIdColumn, personal.value(QLatin1String("appId")).toString()),
                      EntraApplicationModel::SecretsColumn), QStringLiteral("1 of 2 allowed"));
    {
        // "1 of 2 allowed" is explained: the limit comes from the audience.
        const int row = viewRow(entra, EntraApplicationModel::AppIdColumn, personal.value(QLatin1String("appId")).toString());
        const QString tip = entra->model()->index(row, EntraApplicationModel::SecretsColumn).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QLatin1String("AzureADandPersonalMicrosoftAccount")), qPrintable(tip));
    }
    QCOMPARE(viewCell(entra, viewRow(entra, EntraApplicationModel::AppIdColumn, legacy), EntraApplicationModel::NearestExpiryColumn),
             QStringLiteral("%1 (in 10 days)").arg(soon.date().toString(Qt::ISODate)));

    selectEntraApp(legacy);
    QDialog *dialog = openDialog("appsCheck", "entraAppCheckDialog");
    QVERIFY(dialog);
    auto *secrets = child<QTableWidget>(dialog, "checkSecrets");
    QTRY_COMPARE_WITH_TIMEOUT(secrets->rowCount(), 2, 10000);
    // Two secrets on an AzureADMyOrg application are no alarm: that audience has no secret limit.
    QTRY_VERIFY(dialog->findChild<QWidget *>(QStringLiteral("finding_secret-expiring")));
    QVERIFY(!dialog->findChild<QWidget *>(QStringLiteral("finding_secret-limit-reached")));
    int oldRow = -1;
    for (int row = 0; row < secrets->rowCount(); ++row) {
        if (secrets->item(row, 1)->text() == oldKey)
            oldRow = row;
    }
    QVERIFY(oldRow >= 0);
    QCOMPARE(secrets->item(oldRow, 0)->text(), QStringLiteral("old one"));
    QCOMPARE(secrets->item(oldRow, 4)->text(), soon.date().toString(Qt::ISODate));   // expires
    QCOMPARE(secrets->item(oldRow, 3)->text(), QDate::currentDate().toString(Qt::ISODate)); // created
    QCOMPARE(secrets->item(oldRow, 5)->text(), QStringLiteral("10 days left"));

    auto *remove = child<QPushButton>(dialog, "checkRemoveSecret");
    QVERIFY(!remove->isEnabled());
    secrets->selectRow(oldRow);
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QMessageBox *confirm = dialog->findChild<QMessageBox *>(QStringLiteral("confirmRemoveSecret"));
    QVERIFY(confirm);
    QTRY_VERIFY(confirm->isVisible());
    QVERIFY2(confirm->text().contains(oldKey) && confirm->text().contains(soon.date().toString(Qt::ISODate)), qPrintable(confirm->text()));
    QVERIFY(confirm->informativeText().contains(QLatin1String("AADSTS7000215")));
    grab(confirm, QStringLiteral("applications-confirm-remove-secret"));
    // Asking is not removing; Cancel keeps both.
    QCOMPARE(m_standIn->applicationByAppId(legacy)->passwords.size(), 2);
    QTest::mouseClick(confirm->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!dialog->findChild<QMessageBox *>(QStringLiteral("confirmRemoveSecret")));
    QCOMPARE(m_standIn->applicationByAppId(legacy)->passwords.size(), 2);

    secrets->selectRow(oldRow);
    QTest::mouseClick(remove, Qt::LeftButton);
    confirm = dialog->findChild<QMessageBox *>(QStringLiteral("confirmRemoveSecret"));
    QVERIFY(confirm);
    QTRY_VERIFY(confirm->isVisible());
    QTest::mouseClick(child<QPushButton>(confirm, "confirmRemoveSecretYes"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_standIn->applicationByAppId(legacy)->passwords.size(), 1, 10000);
    QCOMPARE(m_standIn->applicationByAppId(legacy)->passwords.first().displayName, QStringLiteral("current"));
    QTRY_COMPARE_WITH_TIMEOUT(secrets->rowCount(), 1, 10000);
    QTRY_VERIFY(messageText(dialog, "checkMessage").contains(QLatin1String("was removed")));
    QTRY_VERIFY(dialog->findChild<QLabel *>(QStringLiteral("checkNoFindings")) && dialog->findChild<QLabel *>(QStringLiteral("checkNoFindings"))->isVisible());
    grab(dialog, QStringLiteral("applications-check-secret-removed"));
    dialog->close();
}

void TstGuiApplications::provideExistingKeysMapsThemAndWarnsAboutTheSecret()
{
    QVERIFY(m_page);
    QVERIFY(!m_legacySecret.isEmpty());
    const QString legacy = m_standIn->legacyResourceAppId();
    selectEntraApp(legacy);
    QDialog *dialog = openDialog("appsProvideKeys", "provideKeysDialog");
    QVERIFY(dialog);
    const QString note = child<QLabel>(dialog, "provideSecretNote")->text();
    QVERIFY2(note.contains(QLatin1String("only once")) && note.contains(QLatin1String("will not show it again"))
                 && note.contains(QLatin1String("does not store it")), qPrintable(note));
    auto *application = child<QComboBox>(dialog, "provideApplication");
    auto *keyManager = child<QComboBox>(dialog, "provideKeyManager");
    auto *clientId = child<QLineEdit>(dialog, "provideClientId");
    auto *secret = child<QLineEdit>(dialog, "provideSecret");
    auto *map = child<QPushButton>(dialog, "provideMap");
    QCOMPARE(clientId->text(), legacy);              // the selected Entra application
    QCOMPARE(keyManager->currentData().toString(), QStringLiteral("Entra")); // AzureAD first
    QVERIFY(keyManager->itemText(keyManager->count() - 1).contains(QLatin1String("Resident Key Manager")));
    application->setCurrentIndex(application->findText(QStringLiteral("Billing client")));
    QCOMPARE(child<QComboBox>(dialog, "provideKeyType")->currentData().toString(), QStringLiteral("PRODUCTION"));

    // Bad input is said inside the dialog, nothing is sent.
    const int mappedBefore = m_sandbox.recordedRequests().size();
    clientId->clear();
    QTest::mouseClick(map, Qt::LeftButton);
    QVERIFY2(messageText(dialog, "provideMessage").contains(QLatin1String("Enter the client ID")), qPrintable(messageText(dialog, "provideMessage")));
    QTest::keyClicks(clientId, QStringLiteral("orders-client"));
    QTest::mouseClick(map, Qt::LeftButton);
    QVERIFY(messageText(dialog, "provideMessage").contains(QLatin1String("not an Entra Application (client) ID")));
    clientId->setText(legacy);
    QTest::keyClicks(secret, m_standIn->managementClient().keyId); // the secret's ID, pasted by mistake
    QTest::mouseClick(map, Qt::LeftButton);
    QVERIFY(messageText(dialog, "provideMessage").contains(QLatin1String("secret's ID")));
    QCOMPARE(m_sandbox.recordedRequests().size(), mappedBefore);

    secret->clear();
    QTest::keyClicks(secret, m_legacySecret);
    QSignalSpy reloaded(m_page, &ApplicationsPage::devPortalLoaded);
    QTest::mouseClick(map, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(dialog, "provideMessage").contains(QLatin1String("now holds PRODUCTION keys")), 20000);
    QVERIFY(messageText(dialog, "provideMessage").contains(QLatin1String("MAPPED")));
    QVERIFY(secret->text().isEmpty());
    grab(dialog, QStringLiteral("applications-provide-keys"));

    // API Manager holds a MAPPED key for the Entra client id.
    bool mapped = false;
    for (const QJsonValue &a : km::constTemporary(m_sandbox.sandbox()->devPortal()->state().value(QLatin1String("applications")).toArray())) {
        if (a.toObject().value(QLatin1String("name")).toString() != QLatin1String("Billing client"))
            continue;
        for (const QJsonValue &k : km::constTemporary(a.toObject().value(QLatin1String("keys")).toArray()))
            mapped = mapped || (k.toObject().value(QLatin1String("mode")).toString() == QLatin1String("MAPPED")
                                && k.toObject().value(QLatin1String("consumerKey")).toString() == legacy
                                && k.toObject().value(QLatin1String("keyManager")).toString() == QLatin1String("Entra"));
    }
    QVERIFY(mapped);
    // The page reloads its DevPortal tab and shows the mapping; the dialog's next default is the free key type.
    QTRY_VERIFY_WITH_TIMEOUT(!reloaded.isEmpty(), 20000);
    QTableView *portal = table("portalTable");
    const int row = viewRow(portal, DevPortalApplicationModel::ConsumerKeyColumn, legacy);
    QVERIFY(row >= 0);
    QCOMPARE(viewCell(portal, row, DevPortalApplicationModel::ApplicationColumn), QStringLiteral("Billing client"));
    QCOMPARE(viewCell(portal, row, DevPortalApplicationModel::ModeColumn), QStringLiteral("MAPPED"));
    QCOMPARE(child<QComboBox>(dialog, "provideKeyType")->currentData().toString(), QStringLiteral("SANDBOX"));

    // Mapping the same key type again is refused by API Manager; its answer stays in the dialog.
    child<QComboBox>(dialog, "provideKeyType")->setCurrentIndex(0);
    QTest::keyClicks(secret, m_legacySecret);
    QTest::mouseClick(map, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(child<QWidget>(dialog, "provideMessage")->isVisible()
                                 && messageText(dialog, "provideMessage").contains(QLatin1String("already")), 20000);
    dialog->close();
}

void TstGuiApplications::getTokenOpensItInTheInspectorWithItsVersion()
{
    QVERIFY(m_page);
    // From the DevPortal key of the Orders client: its client id and key manager are filled in.
    m_page->showTab(ApplicationsPage::DevPortalTab);
    QTableView *portal = table("portalTable");
    portal->selectRow(viewRow(portal, DevPortalApplicationModel::ConsumerKeyColumn, m_generatedClientId));
    QDialog *dialog = openDialog("appsGetToken", "entraTokenDialog");
    QVERIFY(dialog);
    auto *clientId = child<QLineEdit>(dialog, "tokenClientId");
    auto *secret = child<QLineEdit>(dialog, "tokenSecret");
    auto *request = child<QPushButton>(dialog, "tokenRequest");
    QCOMPARE(clientId->text(), m_generatedClientId);
    QCOMPARE(child<QLineEdit>(dialog, "tokenScope")->text(), QStringLiteral("api://%1/.default").arg(m_generatedClientId));
    QCOMPARE(child<QComboBox>(dialog, "tokenKeyManager")->currentData().toString(), QStringLiteral("Entra"));
    QSignalSpy opened(m_page, &ApplicationsPage::openTokenInInspector);
    // Wired as MainWindow wires it: the token is checked against the key manager it is meant for.
    TokenInspectorPage inspector(m_context->http());
    inspector.setClient(m_apim);
    inspector.resize(900, 600);
    inspector.show();
    connect(m_page, &ApplicationsPage::openTokenInInspector, &inspector, &TokenInspectorPage::inspectToken);
    QSignalSpy inspected(&inspector, &TokenInspectorPage::inspected);
    auto errorIds = [&inspector] {
        QStringList ids;
        for (const TokenFinding &f : inspector.findings()) {
            if (f.severity == TokenFinding::Severity::Error)
                ids << f.id;
        }
        return ids;
    };

    // Bad input: no client id; a wrong secret is AADSTS7000215, explained.
    const QString saved = clientId->text();
    clientId->clear();
    QTest::mouseClick(request, Qt::LeftButton);
    QVERIFY(messageText(dialog, "tokenMessage").contains(QLatin1String("Enter the Application (client) ID")));
    QTest::keyClicks(clientId, saved);
    QCOMPARE(child<QLineEdit>(dialog, "tokenScope")->text(), QStringLiteral("api://%1/.default").arg(m_generatedClientId));
    QTest::keyClicks(secret, QStringLiteral("not-the-secret-8Q~"));
    QTest::mouseClick(request, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(dialog, "tokenMessage").contains(QLatin1String("AADSTS7000215")), 15000);
    QVERIFY2(messageText(dialog, "tokenMessage").contains(QLatin1String("secret")), qPrintable(messageText(dialog, "tokenMessage")));
    grab(dialog, QStringLiteral("applications-token-wrong-secret"));
    QCOMPARE(opened.size(), 0);

    secret->clear();
    QTest::keyClicks(secret, m_generatedSecret);
    QTest::mouseClick(request, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, 15000);
    const DecodedToken token = DecodedToken::decode(opened.first().at(0).toString());
    QCOMPARE(opened.first().at(1).toString(), QStringLiteral("Entra"));
    QCOMPARE(token.claimString(QStringLiteral("ver")), QStringLiteral("2.0")); // the connector's app asks for v2
    QCOMPARE(token.claimString(QStringLiteral("azp")), m_generatedClientId);
    QTRY_VERIFY(!m_page->findChild<QDialog *>(QStringLiteral("entraTokenDialog")));
    QTRY_COMPARE_WITH_TIMEOUT(inspected.size(), 1, 15000);
    QVERIFY2(errorIds().isEmpty(), qPrintable(errorIds().join(QLatin1Char(','))));
    bool verifiedWithKeyManager = false; // the key manager's JWKS was used: it was checked against "Entra"
    for (const TokenFinding &f : inspector.findings())
        verifiedWithKeyManager = verifiedWithKeyManager || (f.id == QLatin1String("signature") && f.severity == TokenFinding::Severity::Ok);
    QVERIFY(verifiedWithKeyManager);
    QVERIFY2(inspector.verdictText().contains(QLatin1String("accept")), qPrintable(inspector.verdictText()));

    // A v1 application (null version) gets a v1 token even from the v2 endpoint: the inspector is told it is for "Entra" (v2).
    JobPtr created = await(m_graph->createApplication(QStringLiteral("Reports (v1)")));
    QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));
    const QString v1 = created->result().toObject().value(QLatin1String("appId")).toString();
    const QString v1Object = created->result().toObject().value(QLatin1String("id")).toString();
    QVERIFY(!await(m_graph->setIdentifierUris(v1Object, {QStringLiteral("api://") + v1}))->hasError());
    QVERIFY(!await(m_graph->createServicePrincipal(v1))->hasError());
    JobPtr password = await(m_graph->addPassword(v1Object, QStringLiteral("reports")));
    QVERIFY(!password->hasError());
    refreshEntra();
    selectEntraApp(v1);
    QCOMPARE(viewCell(table("entraTable"), viewRow(table("entraTable"), EntraApplicationModel::AppIdColumn, v1), EntraApplicationModel::TokenVersionColumn),
             QStringLiteral("1 (null)"));
    // This time from the keyboard: Ctrl+Shift+T on the page.
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page));
    table("entraTable")->setFocus();
    QTest::keyClick(table("entraTable"), Qt::Key_T, Qt::ControlModifier | Qt::ShiftModifier);
    dialog = m_page->findChild<QDialog *>(QStringLiteral("entraTokenDialog"));
    QVERIFY2(dialog, "Ctrl+Shift+T opened no token dialog");
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QCOMPARE(child<QLineEdit>(dialog, "tokenClientId")->text(), v1);
    QCOMPARE(child<QComboBox>(dialog, "tokenKeyManager")->currentData().toString(), QStringLiteral("Entra")); // no key yet: the AzureAD one
    QTest::keyClicks(child<QLineEdit>(dialog, "tokenSecret"), password->result().toObject().value(QLatin1String("secretText")).toString());
    QTest::mouseClick(child<QPushButton>(dialog, "tokenRequest"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 2, 15000);
    QCOMPARE(opened.at(1).at(1).toString(), QStringLiteral("Entra"));
    const DecodedToken legacyToken = DecodedToken::decode(opened.at(1).at(0).toString());
    QCOMPARE(legacyToken.claimString(QStringLiteral("ver")), QStringLiteral("1.0"));
    QCOMPARE(legacyToken.claimString(QStringLiteral("appid")), v1);
    QCOMPARE(entraIssuerVersion(legacyToken.issuer()), 1);
    // The guide's 900901 case, said by the inspector: a v1 token (sts.windows.net issuer, appid) for a v2 key manager.
    QTRY_COMPARE_WITH_TIMEOUT(inspected.size(), 2, 15000);
    QVERIFY2(errorIds().contains(QLatin1String("issuer")), qPrintable(errorIds().join(QLatin1Char(','))));
    QVERIFY2(inspector.verdictText().contains(QLatin1String("900901")), qPrintable(inspector.verdictText()));
    grab(&inspector, QStringLiteral("applications-token-in-inspector"));
}

void TstGuiApplications::graphSignInFailureIsSaidInThePage()
{
    QVERIFY(m_page);
    // A profile whose only secret expired: the page says why it lists nothing, no dialog pops up.
    const EntraStandIn::Client expired = m_standIn->expiredSecretClient();
    EntraProfile profile;
    profile.name = QStringLiteral("expired");
    profile.tenant = m_standIn->tenantId();
    profile.clientId = expired.clientId;
    profile.loginUrl = m_standIn->loginUrl();
    profile.graphUrl = m_standIn->graphUrl();
    JobPtr stored = await(m_context->secrets()->write(SecretStore::entraSecretKey(profile.name), expired.secret));
    QVERIFY(!stored->hasError());
    m_context->profiles()->upsertEntra(profile);
    m_page->showTab(ApplicationsPage::EntraTab);
    auto *profiles = child<QComboBox>(m_page, "entraProfile");
    QCOMPARE(profiles->currentData().toString(), QStringLiteral("contoso")); // the choice is kept when profiles change
    profiles->setCurrentIndex(profiles->findData(QStringLiteral("expired")));
    refreshEntra();
    const QString banner = m_page->findChild<QWidget *>(QStringLiteral("entraBanner"))->findChild<QLabel *>(QStringLiteral("stateBannerText"))->text();
    QVERIFY2(banner.contains(QLatin1String("AADSTS7000222")) && banner.contains(QLatin1String("expired")), qPrintable(banner));
    QVERIFY2(!banner.contains(QLatin1String("Graph URL")), qPrintable(banner)); // a sign-in problem, not Graph's
    auto *empty = child<EmptyStateView>(m_page, "entraEmptyState");
    QVERIFY(empty->isVisible());
    QCOMPARE(empty->title(), QStringLiteral("Entra applications not listed"));
    QVERIFY(!child<QPushButton>(m_page, "appsCheck")->isEnabled());
    QVERIFY(m_page->findChildren<QDialog *>().isEmpty());
    grab(m_page, QStringLiteral("applications-entra-signin-failed"));

    profiles->setCurrentIndex(profiles->findData(QStringLiteral("contoso")));
    refreshEntra();
    QVERIFY(table("entraTable")->isVisible());
}

void TstGuiApplications::externalIdProfileListsItsTenantsApplications()
{
    QVERIFY(m_page);
    // A Microsoft Entra External ID profile: its own sign-in host (the sandbox's stands in for
    // https://contosocustomers.ciamlogin.com) and its tenant's applications.
    EntraStandIn *external = m_sandbox.sandbox()->entraExternal();
    const EntraStandIn::Client management = external->managementClient();
    EntraProfile profile;
    profile.name = QStringLiteral("customers");
    profile.tenant = external->tenantId();
    profile.clientId = management.clientId;
    profile.cloud = QStringLiteral("external");
    profile.externalSubdomain = external->subdomain();
    profile.loginUrl = external->loginUrl();
    profile.graphUrl = external->graphUrl();
    JobPtr stored = await(m_context->secrets()->write(SecretStore::entraSecretKey(profile.name), management.secret));
    QVERIFY(!stored->hasError());
    m_context->profiles()->upsertEntra(profile);
    m_page->showTab(ApplicationsPage::EntraTab);
    auto *profiles = child<QComboBox>(m_page, "entraProfile");
    const int index = profiles->findData(QStringLiteral("customers"));
    QVERIFY(index >= 0);
    QVERIFY2(profiles->itemText(index).contains(QLatin1String("External ID")), qPrintable(profiles->itemText(index)));
    profiles->setCurrentIndex(index);
    refreshEntra();
    QTableView *entra = table("entraTable");
    QVERIFY(entra->isVisible());
    const int row = viewRow(entra, EntraApplicationModel::AppIdColumn, external->legacyResourceAppId());
    QVERIFY2(row >= 0, "the external tenant's application is not listed");
    QCOMPARE(viewCell(entra, row, EntraApplicationModel::TokenVersionColumn), QStringLiteral("1 (null)"));
    // The workforce tenant's applications are not.
    QCOMPARE(viewRow(entra, EntraApplicationModel::AppIdColumn, m_standIn->legacyResourceAppId()), -1);
    QVERIFY2(child<QLabel>(m_page, "entraSummary")->text().contains(external->tenantId()), qPrintable(child<QLabel>(m_page, "entraSummary")->text()));

    profiles->setCurrentIndex(profiles->findData(QStringLiteral("contoso")));
    refreshEntra();
    QVERIFY(table("entraTable")->isVisible());
}

QTEST_MAIN(TstGuiApplications)
#include "tst_gui_applications.moc"
