// "Requesting and Using Scopes" as an administrator does it in the console: the Scopes page compares API
// Manager's scopes with Asgardeo's global resource and flags names Asgardeo refuses; scopes are then
// authorized for an Asgardeo application and a token is requested to see which were granted.

#include "support/Widgets.h"
#include "services/core/ConstRange.h"
#include "services/core/Job.h"
#include "support/JobWaiter.h"
#include "support/SandboxFixture.h"

#include "models/scopes/ScopeTableModel.h"
#include "sandbox/apim/PublisherStandIn.h"
#include "sandbox/asgardeo/AsgardeoStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/apim/PublisherClient.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/asgardeo/AsgardeoSetup.h"
#include "services/core/ServiceContext.h"
#include "services/http/HttpSession.h"
#include "services/profiles/ProfileStore.h"
#include "services/secrets/SecretStore.h"
#include "services/setup/SetupRunner.h"
#include "services/tokens/Jwt.h"
#include "ui/common/StateBanner.h"
#include "ui/scopes/ScopesPage.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace km;
using namespace km::test;

namespace {

void check(QListWidget *list, const QString &text)
{
    const auto items = list->findItems(text, Qt::MatchExactly);
    QVERIFY2(items.size() == 1, qPrintable(QStringLiteral("no item %1").arg(text)));
    items.first()->setCheckState(Qt::Checked);
}

} // namespace

class TstGuiScopes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void notConnectedSaysWhatToDo();
    void hiddenPageLoadsNothingUntilShown();
    void scopesAreComparedWithAsgardeoAndRestrictedNamesFlagged();
    void authorizeThenRequestATokenShowsWhatWasGranted();
    void withoutTheApplicationScopesTheScopeToGrantIsNamed();
    void askedAgainShowsOnlyTheLastAnswer();

private:
    // Shows `page` connected to API Manager and waits for its first comparison.
    bool showConnected(ScopesPage &page, QSignalSpy &loaded);
    QJsonObject account(const char *name) const;
    int rowOf(const QString &scope) const;
    QString cell(int row, int column) const;

    km::test::SandboxFixture m_sandbox;
    QTemporaryDir m_config;
    ServiceContext *m_context = nullptr;
    ApimClient *m_apim = nullptr;
    ScopesPage *m_page = nullptr;
};

QJsonObject TstGuiScopes::account(const char *name) const
{
    return m_sandbox.info().value(QLatin1String("accounts")).toObject().value(QLatin1String(name)).toObject();
}

void TstGuiScopes::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    QVERIFY(m_config.isValid());
    qputenv("KMCONSOLE_CONFIG_DIR", QFile::encodeName(m_config.path()));
    m_context = new ServiceContext(QString(), this);
    m_apim = m_sandbox.apimClient(m_context->http(), this);
    PublisherClient publisher(m_apim);
    // An MCP server whose one tool has a scope no API uses: listed, added to Asgardeo and offered like the others.
    m_sandbox.sandbox()->publisher()->addMcpServer(QJsonObject{
        {QStringLiteral("name"), QStringLiteral("OrdersMCP")},
        {QStringLiteral("scopes"), QJsonArray{QJsonObject{{QStringLiteral("scope"), QJsonObject{{QStringLiteral("name"), QStringLiteral("orders:track")},
                                                                                             {QStringLiteral("displayName"), QStringLiteral("Track orders")}}},
                                                          {QStringLiteral("shared"), false}}}},
        {QStringLiteral("operations"), QJsonArray{QJsonObject{{QStringLiteral("target"), QStringLiteral("track_order")}, {QStringLiteral("feature"), QStringLiteral("TOOL")},
                                                              {QStringLiteral("scopes"), QJsonArray{QStringLiteral("orders:track")}}}}}});

    // A scope Asgardeo will refuse, saved while no Asgardeo key manager exists yet.
    auto internal = km::test::await(publisher.createSharedScope(QJsonObject{{QStringLiteral("name"), QStringLiteral("internal_reports")},
                                                                              {QStringLiteral("description"), QStringLiteral("Reports")},
                                                                              {QStringLiteral("bindings"), QJsonArray{QStringLiteral("admin")}}}));
    QVERIFY2(!internal->hasError(), qPrintable(internal->error().toUserText()));

    // The Asgardeo key manager, set up the console's way; the profile the page compares with.
    const QString setUp = m_sandbox.setUpAsgardeo(m_apim, m_context->http(), QStringLiteral("Asgardeo"));
    QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
    const QJsonObject a = account("asgardeo");
    AsgardeoProfile profile;
    profile.name = a.value(QLatin1String("org")).toString();
    profile.organization = profile.name;
    profile.clientId = a.value(QLatin1String("clientId")).toString();
    profile.baseUrl = QUrl(m_sandbox.info().value(QLatin1String("asgardeo")).toString());
    m_context->profiles()->upsertAsgardeo(profile);
    auto stored = km::test::await(m_context->secrets()->write(SecretStore::asgardeoSecretKey(profile.name), a.value(QLatin1String("clientSecret")).toString()));
    QVERIFY2(!stored->hasError(), qPrintable(stored->error().toUserText()));

    // Scopes saved now reach Asgardeo through the connector.
    for (const QString &name : {QStringLiteral("orders:refund"), QStringLiteral("orders:cancel")}) {
        auto created = km::test::await(publisher.createSharedScope(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("description"), name},
                                                                                 {QStringLiteral("bindings"), QJsonArray{QStringLiteral("admin")}}}));
        QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));
    }
}

void TstGuiScopes::cleanupTestCase()
{
    delete m_page;
}

int TstGuiScopes::rowOf(const QString &scope) const
{
    QAbstractItemModel *model = m_page->findChild<QTableView *>(QStringLiteral("scopesTable"))->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, ScopeTableModel::NameColumn).data().toString() == scope)
            return row;
    }
    return -1;
}

QString TstGuiScopes::cell(int row, int column) const
{
    return m_page->findChild<QTableView *>(QStringLiteral("scopesTable"))->model()->index(row, column).data().toString();
}

void TstGuiScopes::notConnectedSaysWhatToDo()
{
    ScopesPage page(m_context);
    page.show();
    QSignalSpy connectAsked(&page, &ScopesPage::connectRequested);
    auto *empty = child<QWidget>(&page, "scopesEmptyState");
    QVERIFY(empty->isVisible());
    auto *button = empty->findChild<QPushButton *>();
    QVERIFY(button && button->isVisible());
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(connectAsked.size(), 1);
    QVERIFY(!child<QPushButton>(&page, "scopesAuthorize")->isEnabled());
}

void TstGuiScopes::hiddenPageLoadsNothingUntilShown()
{
    // As in the main window: connecting hands every page its client, visible or not.
    ScopesPage page(m_context);
    const int before = m_sandbox.countRequests(QStringLiteral("GET"), QStringLiteral("/api/am/publisher/v4/"));
    QSignalSpy loaded(&page, &ScopesPage::loaded);
    page.setClient(m_apim);
    QVERIFY(!loaded.wait(300));
    QCOMPARE(m_sandbox.countRequests(QStringLiteral("GET"), QStringLiteral("/api/am/publisher/v4/")), before);
    page.show();
    QVERIFY(loaded.wait(15000));
    QVERIFY(m_sandbox.countRequests(QStringLiteral("GET"), QStringLiteral("/api/am/publisher/v4/")) > before);
}

void TstGuiScopes::scopesAreComparedWithAsgardeoAndRestrictedNamesFlagged()
{
    m_page = new ScopesPage(m_context);
    m_page->resize(1100, 560);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page));
    QAbstractItemModelTester tester(m_page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(m_page, &ScopesPage::loaded);
    m_page->setClient(m_apim);
    QVERIFY(loaded.wait(15000));
    QCOMPARE(child<QComboBox>(m_page, "scopesOrganization")->currentData().toString(), account("asgardeo").value(QLatin1String("org")).toString());

    const int refund = rowOf(QStringLiteral("orders:refund"));
    const int read = rowOf(QStringLiteral("orders:read"));
    const int internal = rowOf(QStringLiteral("internal_reports"));
    const int local = rowOf(QStringLiteral("pizza:order"));
    QVERIFY(refund >= 0 && read >= 0 && internal >= 0 && local >= 0);
    // What the filter reads off the GUI thread for a long list is the text each cell shows.
    const CellTextSource::CellText shown = m_page->model()->cellTextSnapshot();
    for (int row = 0; row < m_page->model()->rowCount(); ++row)
        for (int column = 0; column < ScopeTableModel::ColumnCount; ++column)
            QCOMPARE(shown(row, column), m_page->model()->index(row, column).data().toString());
    QCOMPARE(cell(refund, ScopeTableModel::AsgardeoColumn), QStringLiteral("yes"));
    // Seeded before the Asgardeo key manager existed: never propagated.
    QCOMPARE(cell(read, ScopeTableModel::AsgardeoColumn), QStringLiteral("missing"));
    // Where each scope is used: the API operation, or the MCP tool and its server.
    QCOMPARE(cell(local, ScopeTableModel::UsedByColumn), QStringLiteral("API PizzaShackAPI (POST /order)"));
    QCOMPARE(cell(read, ScopeTableModel::UsedByColumn),
             QStringLiteral("Shared: API PizzaShackAPI (GET /menu); MCP tool get_menu of PizzaShackMCP"));
    const int track = rowOf(QStringLiteral("orders:track"));
    QVERIFY(track >= 0);
    QCOMPARE(cell(track, ScopeTableModel::UsedByColumn), QStringLiteral("MCP tool track_order of OrdersMCP"));
    QCOMPARE(cell(track, ScopeTableModel::AsgardeoColumn), QStringLiteral("missing"));
    // The proxied MCP server whose tools carry no scope is named above the table.
    auto *banner = m_page->findChild<StateBanner *>();
    QVERIFY(banner && banner->isVisible());
    QVERIFY2(banner->text().contains(QLatin1String("MCP server WeatherMCP: none of its tools requires a scope")), qPrintable(banner->text()));
    QVERIFY2(cell(internal, ScopeTableModel::ProblemColumn).contains(QLatin1String("60008")), qPrintable(cell(internal, ScopeTableModel::ProblemColumn)));
    const QString summary = child<QLabel>(m_page, "scopesSummary")->text();
    QVERIFY2(summary.contains(QLatin1String("missing from Asgardeo")) && summary.contains(QLatin1String("1 with a name Asgardeo refuses")), qPrintable(summary));
    grab(m_page, QStringLiteral("scopes-page"));

    // Missing scopes are added in one go; the one Asgardeo refuses is left out, not sent.
    auto *addMissing = child<QPushButton>(m_page, "scopesAddMissing");
    QVERIFY(addMissing->isEnabled());
    loaded.clear();
    // It asks first, naming what it adds and what stays out.
    QPointer<QMessageBox> box;
    QObject scope;
    connect(m_page, &ScopesPage::confirmationOpened, &scope, [&box](QMessageBox *b) { box = b; }); // clazy:exclude=lambda-in-connect (scope ends first)
    QTest::mouseClick(addMissing, Qt::LeftButton);
    QTRY_VERIFY(box);
    QVERIFY2(box->text().contains(QLatin1String("orders:read")) && box->text().contains(QLatin1String("stay out")), qPrintable(box->text()));
    grab(box, QStringLiteral("scopes-add-missing-confirmation"));
    QTest::mouseClick(child<QPushButton>(box, "addMissingConfirm"), Qt::LeftButton);
    QVERIFY(loaded.wait(15000));
    // And says what it did.
    banner = child<StateBanner>(m_page, "scopesBanner");
    QVERIFY(banner);
    QVERIFY2(banner->text().startsWith(QLatin1String("Added 4 scope")) && banner->text().contains(QLatin1String("left out")),
             qPrintable(banner->text()));
    QCOMPARE(cell(rowOf(QStringLiteral("orders:read")), ScopeTableModel::AsgardeoColumn), QStringLiteral("yes"));
    QCOMPARE(cell(rowOf(QStringLiteral("pizza:order")), ScopeTableModel::AsgardeoColumn), QStringLiteral("yes"));
    QCOMPARE(cell(rowOf(QStringLiteral("orders:track")), ScopeTableModel::AsgardeoColumn), QStringLiteral("yes"));
    QCOMPARE(cell(rowOf(QStringLiteral("internal_reports")), ScopeTableModel::AsgardeoColumn), QStringLiteral("missing"));
    QVERIFY(!addMissing->isEnabled());

    // The filter narrows the table.
    auto *filter = child<QLineEdit>(m_page, "scopesFilter");
    QTest::keyClicks(filter, QStringLiteral("orders:re"));
    QCOMPARE(m_page->findChild<QTableView *>(QStringLiteral("scopesTable"))->model()->rowCount(), 2);
    filter->clear();
}

void TstGuiScopes::authorizeThenRequestATokenShowsWhatWasGranted()
{
    QVERIFY(m_page);
    auto *authorize = child<QPushButton>(m_page, "scopesAuthorize");
    QVERIFY(authorize->isEnabled());
    QTest::mouseClick(authorize, Qt::LeftButton);
    auto *dialog = m_page->findChild<QDialog *>(QStringLiteral("authorizeScopesDialog"));
    QVERIFY(dialog && QTest::qWaitForWindowExposed(dialog));
    auto *apps = child<QComboBox>(dialog, "authApplication");
    const QString appName = account("asgardeoApp").value(QLatin1String("name")).toString();
    QTRY_VERIFY_WITH_TIMEOUT(apps->findText(appName) >= 0, 10000);
    apps->setCurrentIndex(apps->findText(appName));
    auto *scopes = child<QListWidget>(dialog, "authScopes");
    QVERIFY(scopes->findItems(QStringLiteral("internal_reports"), Qt::MatchExactly).isEmpty()); // not in Asgardeo: cannot be authorized
    QCOMPARE(scopes->findItems(QStringLiteral("orders:track"), Qt::MatchExactly).size(), 1); // an MCP tool's scope is offered too
    check(scopes, QStringLiteral("orders:refund"));
    QTest::mouseClick(child<QPushButton>(dialog, "authApply"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(dialog, "authMessage").contains(QLatin1String("may now request orders:refund")), 10000);
    grab(dialog, QStringLiteral("scopes-authorize-dialog"));
    bool authorized = false;
    for (const QJsonValue &app : km::constTemporary(m_sandbox.sandbox()->asgardeo()->state().value(QLatin1String("applications")).toArray())) {
        if (app.toObject().value(QLatin1String("name")).toString() != appName)
            continue;
        const QJsonObject apis = app.toObject().value(QLatin1String("authorizedApis")).toObject();
        for (auto it = apis.begin(); it != apis.end(); ++it)
            authorized = authorized || it.value().toArray().contains(QStringLiteral("orders:refund"));
    }
    QVERIFY(authorized);
    const QPointer<QDialog> first(dialog);
    dialog->close();
    QTRY_VERIFY(first.isNull());

    // Opened again, the dialog ticks what Asgardeo now has authorized for the application, and only that.
    QTest::mouseClick(authorize, Qt::LeftButton);
    auto *again = m_page->findChild<QDialog *>(QStringLiteral("authorizeScopesDialog"));
    QVERIFY(again && QTest::qWaitForWindowExposed(again));
    auto *againApps = child<QComboBox>(again, "authApplication");
    QTRY_VERIFY_WITH_TIMEOUT(againApps->findText(appName) >= 0, 10000);
    againApps->setCurrentIndex(againApps->findText(appName));
    auto *againScopes = child<QListWidget>(again, "authScopes");
    auto state = [againScopes](const QString &name) { return againScopes->findItems(name, Qt::MatchExactly).value(0)->checkState(); };
    QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("orders:refund")), Qt::Checked, 10000);
    QCOMPARE(state(QStringLiteral("orders:cancel")), Qt::Unchecked);
    again->close();

    QTest::mouseClick(child<QPushButton>(m_page, "scopesRequestToken"), Qt::LeftButton);
    auto *request = m_page->findChild<QDialog *>(QStringLiteral("requestTokenDialog"));
    QVERIFY(request && QTest::qWaitForWindowExposed(request));
    QTest::keyClicks(child<QLineEdit>(request, "tokClientId"), account("asgardeoApp").value(QLatin1String("clientId")).toString());
    QTest::keyClicks(child<QLineEdit>(request, "tokClientSecret"), account("asgardeoApp").value(QLatin1String("clientSecret")).toString());
    check(child<QListWidget>(request, "tokScopes"), QStringLiteral("orders:refund"));
    check(child<QListWidget>(request, "tokScopes"), QStringLiteral("orders:cancel"));
    QTest::mouseClick(child<QPushButton>(request, "tokRequest"), Qt::LeftButton);
    auto *open = child<QPushButton>(request, "tokOpenInspector");
    QTRY_VERIFY_WITH_TIMEOUT(open->isEnabled(), 10000);
    // Granted against requested: refund yes, cancel (not authorized) no, and the message says why.
    auto *result = child<QTableWidget>(request, "tokResult");
    QMap<QString, QString> granted;
    for (int row = 0; row < result->rowCount(); ++row)
        granted.insert(result->item(row, 0)->text(), result->item(row, 2)->text());
    QCOMPARE(granted.value(QStringLiteral("orders:refund")), QStringLiteral("yes"));
    QCOMPARE(granted.value(QStringLiteral("orders:cancel")), QStringLiteral("no"));
    QVERIFY2(messageText(request, "tokMessage").contains(QLatin1String("without orders:cancel")), qPrintable(messageText(request, "tokMessage")));
    grab(request, QStringLiteral("scopes-request-token-dialog"));

    QSignalSpy toInspector(m_page, &ScopesPage::openTokenInInspector);
    QTest::mouseClick(open, Qt::LeftButton);
    QCOMPARE(toInspector.size(), 1);
    const DecodedToken token = DecodedToken::decode(toInspector.first().first().toString());
    QVERIFY(token.isJws());
    QCOMPARE(token.scopes(), QStringList{QStringLiteral("orders:refund")});
    QCOMPARE(token.claims.value(QLatin1String("azp")).toString(), account("asgardeoApp").value(QLatin1String("clientId")).toString());
}

bool TstGuiScopes::showConnected(ScopesPage &page, QSignalSpy &loaded)
{
    page.resize(1100, 560);
    page.show();
    if (!QTest::qWaitForWindowExposed(&page))
        return false;
    page.setClient(m_apim);
    return loaded.wait(15000);
}

void TstGuiScopes::askedAgainShowsOnlyTheLastAnswer()
{
    // The resource name changed and the comparison asked again before the first answered: the page shows the
    // second question's answer, once, and never the first's after it.
    ScopesPage page(m_context);
    QSignalSpy loaded(&page, &ScopesPage::loaded);
    QVERIFY(showConnected(page, loaded));
    loaded.clear();
    auto *resource = child<QLineEdit>(&page, "scopesResource");
    resource->setText(QStringLiteral("APIM_GLOBAL_SCOPES"));
    page.refresh();
    resource->setText(QStringLiteral("NO_SUCH_RESOURCE"));
    page.refresh();
    QVERIFY(loaded.wait(15000));
    // Every comparison the two refreshes started has ended (answered or stopped) and is gone: nothing more can load.
    QTRY_VERIFY_WITH_TIMEOUT(page.findChildren<km::Job *>().isEmpty(), 15000);
    QCOMPARE(loaded.count(), 1);
    QVERIFY(page.coverage() && page.coverage()->resource.isNull());
    const QString banner = child<StateBanner>(&page, "scopesBanner")->text();
    QVERIFY2(banner.contains(QLatin1String("NO_SUCH_RESOURCE")), qPrintable(banner));
    resource->setText(QStringLiteral("APIM_GLOBAL_SCOPES"));
}

void TstGuiScopes::withoutTheApplicationScopesTheScopeToGrantIsNamed()
{
    // A management application authorized for the connector's twelve scopes only.
    const QJsonObject a = account("asgardeoConnectorOnly");
    AsgardeoProfile profile;
    profile.name = QStringLiteral("acme-connector-only");
    profile.organization = a.value(QLatin1String("org")).toString();
    profile.clientId = a.value(QLatin1String("clientId")).toString();
    profile.baseUrl = QUrl(m_sandbox.info().value(QLatin1String("asgardeo")).toString());
    m_context->profiles()->upsertAsgardeo(profile);
    auto stored = km::test::await(m_context->secrets()->write(SecretStore::asgardeoSecretKey(profile.name), a.value(QLatin1String("clientSecret")).toString()));
    QVERIFY2(!stored->hasError(), qPrintable(stored->error().toUserText()));

    ScopesPage page(m_context);
    QSignalSpy loaded(&page, &ScopesPage::loaded);
    QVERIFY(showConnected(page, loaded));
    auto *organization = child<QComboBox>(&page, "scopesOrganization");
    const int index = organization->findData(profile.name);
    QVERIFY(index > 0);
    loaded.clear();
    organization->setCurrentIndex(index);
    Q_EMIT organization->activated(index);
    QVERIFY(loaded.wait(15000));
    // The comparison itself needs only the connector's scopes: it works.
    QVERIFY(page.coverage() && !page.coverage()->resource.isNull());

    const int listsBefore = m_sandbox.countRequests(QStringLiteral("GET"), QStringLiteral("/api/server/v1/applications"));
    auto *authorize = child<QPushButton>(&page, "scopesAuthorize");
    QVERIFY(authorize->isEnabled());
    QTest::mouseClick(authorize, Qt::LeftButton);
    auto *dialog = page.findChild<QDialog *>(QStringLiteral("authorizeScopesDialog"));
    QVERIFY(dialog && QTest::qWaitForWindowExposed(dialog));
    // Not a bare 403: the scope, its API and where to grant it.
    QTRY_VERIFY_WITH_TIMEOUT(messageText(dialog, "authMessage").contains(QLatin1String("internal_application_mgt_view")), 10000);
    const QString text = messageText(dialog, "authMessage");
    QVERIFY2(text.contains(QLatin1String("Application Management API")) && text.contains(QStringLiteral("APIM-Management-App › API Authorization"))
                 && !text.contains(QLatin1String("HTTP 403")),
             qPrintable(text));
    QVERIFY(!child<QPushButton>(dialog, "authApply")->isEnabled());
    QCOMPARE(m_sandbox.countRequests(QStringLiteral("GET"), QStringLiteral("/api/server/v1/applications")), listsBefore);
    grab(dialog, QStringLiteral("scopes-authorize-missing-scope"));
    dialog->close();
}

QTEST_MAIN(TstGuiScopes)
#include "tst_gui_scopes.moc"
