// The main window as a user meets it: navigation by mouse and keyboard, placeholder pages that
// explain themselves and can be replaced with one call, the status line, and the Activity page.

#include "support/Widgets.h"
#include "models/activity/ActivityLogModel.h"
#include "services/core/ServiceContext.h"
#include "services/http/ActivityLog.h"
#include "services/profiles/ProfileStore.h"
#include "ui/connect/ApimConnection.h"
#include "ui/activity/ActivityPage.h"
#include "ui/common/EmptyStateView.h"
#include "ui/common/StateBanner.h"
#include "ui/keymanagers/KeyManagersPage.h"
#include "ui/mainwindow/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QPointer>
#include <QScopeGuard>
#include <QTest>
#include <QToolBar>

using namespace km;
using namespace km::test;

namespace {
ActivityEntry call(const char *method, const QString &url, int status, const QString &purpose,
                   const QByteArray &request = {}, const QByteArray &response = {}, const QString &error = {})
{
    ActivityEntry e;
    e.started = QDateTime::currentDateTime();
    e.method = method;
    e.url = QUrl(url);
    e.status = status;
    e.durationMs = 87;
    e.purpose = purpose;
    e.error = error;
    e.requestBody = request;
    e.responseBody = response;
    return e;
}
} // namespace

class TstGuiMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void navigatesWithMouseAndKeyboard();
    void placeholderIsReplacedInPlace();
    void statusLineSaysThereIsNoProfile();
    void activityPageListsFiltersAndShowsRedactedBodies();
    void activityKeepsAnOlderCallInViewAndFollowsNewOnes();
    void geometryIsRememberedWithoutSecrets();
    void aConnectInProgressReportsNothingWhenAbandoned();
    void helpSaysWhatItDoesAndTheTitleNamesTheAppOnce();
    void navigationFollowsTheDesktopsPalette();

private:
    QTemporaryDir m_config;
    ServiceContext *m_context = nullptr;
    MainWindow *m_window = nullptr;
};

void TstGuiMainWindow::init()
{
    QVERIFY(m_config.isValid());
    qputenv("KMCONSOLE_CONFIG_DIR", QFile::encodeName(m_config.path()));
    m_context = new ServiceContext;
    m_window = new MainWindow(m_context);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TstGuiMainWindow::cleanup()
{
    delete m_window;
    delete m_context;
}

void TstGuiMainWindow::navigatesWithMouseAndKeyboard()
{
    auto *navigation = child<QListWidget>(m_window, "navigation");
    auto *pages = child<QStackedWidget>(m_window, "pages");
    QVERIFY(navigation && pages);
    QStringList titles;
    for (int i = 0; i < navigation->count(); ++i)
        titles << navigation->item(i)->text();
    QCOMPARE(titles, (QStringList{QStringLiteral("Key Managers"), QStringLiteral("Scopes"), QStringLiteral("Applications"),
                                  QStringLiteral("Token Inspector"), QStringLiteral("Activity"), QStringLiteral("Doctor")}));
    QCOMPARE(pages->currentWidget(), m_window->keyManagersPage());
    grab(m_window, QStringLiteral("main-window-not-connected"));

    const QRect activityRect = navigation->visualItemRect(navigation->item(4));
    QTest::mouseClick(navigation->viewport(), Qt::LeftButton, {}, activityRect.center());
    QCOMPARE(pages->currentWidget(), m_window->activityPage());

    // Alt+1 … Alt+5 jump between pages; F5 refreshes only where there is something to refresh.
    QTest::keyClick(m_window, Qt::Key_1, Qt::AltModifier);
    QCOMPARE(m_window->currentPageId(), MainWindow::KeyManagersPageId);
    auto *refresh = child<QAction>(m_window, "actionRefresh");
    QVERIFY(refresh && refresh->isEnabled());
    QCOMPARE(refresh->shortcut(), QKeySequence(Qt::Key_F5));
    QTest::keyClick(m_window, Qt::Key_2, Qt::AltModifier);
    QCOMPARE(m_window->currentPageId(), MainWindow::ScopesPageId);
    QVERIFY(refresh->isEnabled());
    QTest::keyClick(m_window, Qt::Key_3, Qt::AltModifier);
    QCOMPARE(m_window->currentPageId(), MainWindow::ApplicationsPageId);
    QVERIFY(refresh->isEnabled());
    QTest::keyClick(m_window, Qt::Key_5, Qt::AltModifier);
    QCOMPARE(m_window->currentPageId(), MainWindow::ActivityPageId);
    QVERIFY(!refresh->isEnabled()); // the activity log has nothing to fetch
    auto *connect = child<QAction>(m_window, "actionConnect");
    QVERIFY(connect);
    QCOMPARE(connect->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_K));
    QVERIFY(connect->text().contains(QLatin1String("&Connect")));
}

void TstGuiMainWindow::placeholderIsReplacedInPlace()
{
    // A page registered again under its id takes the old one's place in the navigation and the stack.
    // Guarded: the window deletes the old page later.
    QPointer<QWidget> old = m_window->page(MainWindow::ApplicationsPageId);
    QVERIFY(old);
    m_window->showPage(MainWindow::ApplicationsPageId);
    // Not connected: the page says so, with the way forward.
    auto *empty = old->findChild<EmptyStateView *>(QStringLiteral("portalEmptyState"));
    QVERIFY(empty && empty->isVisible());
    grab(m_window, QStringLiteral("applications-not-connected"));

    int refreshed = 0;
    auto *real = new QLabel(QStringLiteral("applications"));
    m_window->setPage(MainWindow::ApplicationsPageId, QStringLiteral("A&pplications"), real, [&] { ++refreshed; });
    QCOMPARE(m_window->page(MainWindow::ApplicationsPageId), real);
    QCOMPARE(child<QStackedWidget>(m_window, "pages")->currentWidget(), real);
    QCOMPARE(child<QListWidget>(m_window, "navigation")->count(), 6);
    QCOMPARE(child<QListWidget>(m_window, "navigation")->item(2)->text(), QStringLiteral("Applications"));
    QTest::keyClick(m_window, Qt::Key_F5);
    QCOMPARE(refreshed, 1);
    QTRY_VERIFY(!old || old->parent() != child<QStackedWidget>(m_window, "pages"));
}

void TstGuiMainWindow::statusLineSaysThereIsNoProfile()
{
    QLabel *status = m_window->connectionStatus();
    QVERIFY(status->text().contains(QLatin1String("No API Manager profile")));
    QVERIFY(status->text().contains(QLatin1String("Ctrl+K")));
    // The Key Managers page says the same in the page, with the way forward.
    auto *empty = child<EmptyStateView>(m_window->keyManagersPage(), "keyManagerEmpty");
    QVERIFY(empty && empty->isVisible());
    QCOMPARE(empty->title(), QStringLiteral("Not connected"));
    auto *action = child<QPushButton>(empty, "emptyStateAction");
    QVERIFY(action && action->isVisible());
    QCOMPARE(action->text(), QStringLiteral("&Connect to API Manager…"));
    QVERIFY(!m_window->keyManagersPage()->banner()->isVisible());
}

void TstGuiMainWindow::activityPageListsFiltersAndShowsRedactedBodies()
{
    m_window->showPage(MainWindow::ActivityPageId);
    ActivityPage *page = m_window->activityPage();
    auto *empty = child<EmptyStateView>(page, "activityEmpty");
    QVERIFY(empty && empty->isVisible());
    QCOMPARE(empty->title(), QStringLiteral("No remote calls yet"));
    grab(m_window, QStringLiteral("activity-empty"));

    ActivityLog *log = m_context->activity();
    log->append(call("POST", QStringLiteral("https://localhost:9443/client-registration/v0.17/register"), 200,
                     QStringLiteral("Register the console (DCR)"),
                     R"({"clientName":"kmconsole","owner":"admin"})",
                     R"({"clientId":"abc","clientSecret":"••••••"})"));
    log->append(call("POST", QStringLiteral("https://localhost:9443/oauth2/token"), 200, QStringLiteral("Get an access token"),
                     "grant_type=password&username=admin&password=%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2",
                     R"({"access_token":"••••••","token_type":"Bearer","expires_in":3600})"));
    log->append(call("GET", QStringLiteral("https://localhost:9443/api/am/admin/v4/key-managers"), 200,
                     QStringLiteral("List key managers"), {}, R"({"count":0,"list":[]})"));
    log->append(call("DELETE", QStringLiteral("https://localhost:9443/api/am/admin/v4/key-managers/42"), 404,
                     QStringLiteral("Delete key manager"), {},
                     R"({"code":901411,"message":"Key Manager not found"})",
                     QStringLiteral("HTTP 404 (901411): Key Manager not found.")));
    auto *table = child<QTableView>(page, "activityTable");
    QTRY_VERIFY(table->isVisible());
    QCOMPARE(table->model()->rowCount(), 4);

    auto *filter = child<QLineEdit>(page, "activityFilter");
    filter->setFocus();
    QTest::keyClicks(filter, QStringLiteral("key-managers"));
    QCOMPARE(table->model()->rowCount(), 2);
    QTest::keyClicks(filter, QStringLiteral("/42"));
    QCOMPARE(table->model()->rowCount(), 1);
    table->selectRow(0);
    auto *detail = child<QPlainTextEdit>(page, "activityDetail");
    QVERIFY(detail->toPlainText().contains(QLatin1String("DELETE https://localhost:9443/api/am/admin/v4/key-managers/42")));
    QVERIFY(detail->toPlainText().contains(QLatin1String("Error: HTTP 404 (901411)")));
    QVERIFY(detail->toPlainText().contains(QLatin1String("\"code\": 901411")));

    filter->clear();
    QTest::keyClicks(filter, QStringLiteral("okta"));
    QVERIFY(empty->isVisible());
    QCOMPARE(empty->title(), QStringLiteral("No call matches “okta”"));
    filter->clear();
    QCOMPARE(table->model()->rowCount(), 4);

    // Newest first.
    QCOMPARE(table->model()->index(0, ActivityLogModel::Method).data().toString(), QStringLiteral("DELETE"));
    QCOMPARE(table->model()->index(3, ActivityLogModel::Method).data().toString(), QStringLiteral("POST"));
    table->selectRow(2);
    QVERIFY(detail->toPlainText().contains(QLatin1String("Get an access token")));
    QVERIFY(detail->toPlainText().contains(QStringLiteral("\"access_token\": \"••••••\"")));
    QVERIFY(detail->toPlainText().contains(QStringLiteral("password = ••••••")));
    grab(m_window, QStringLiteral("activity"));
    auto *copy = child<QPushButton>(page, "activityCopy");
    QVERIFY(copy->isEnabled());
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), detail->toPlainText());

    QTest::mouseClick(child<QPushButton>(page, "activityClear"), Qt::LeftButton);
    QCOMPARE(log->entries().size(), 0);
    QVERIFY(empty->isVisible());
}

void TstGuiMainWindow::activityKeepsAnOlderCallInViewAndFollowsNewOnes()
{
    m_window->showPage(MainWindow::ActivityPageId);
    ActivityPage *page = m_window->activityPage();
    ActivityLog *log = m_context->activity();
    const QDateTime start = QDateTime::currentDateTime().addSecs(-3600);
    auto add = [log, start](int i) {
        ActivityEntry e = call("GET", QStringLiteral("https://localhost:9443/api/am/admin/v4/key-managers/call-%1").arg(i), 200,
                               QStringLiteral("List key managers"));
        e.started = start.addSecs(i);
        log->append(e);
    };
    for (int i = 0; i < 200; ++i)
        add(i);
    auto *table = child<QTableView>(page, "activityTable");
    QTRY_VERIFY(table->isVisible());
    QCOMPARE(table->model()->rowCount(), 200);
    auto topUrl = [table] { return table->indexAt(QPoint(1, 1)).siblingAtColumn(ActivityLogModel::Url).data().toString(); };

    // Reading an older call: new calls arrive above it without moving it or what is around it.
    const QModelIndex older = table->model()->index(60, ActivityLogModel::Url);
    table->selectRow(60);
    // The view lays the 200 rows out after the event loop runs: scroll once it can.
    QTRY_VERIFY((table->scrollTo(older, QAbstractItemView::PositionAtTop), topUrl().endsWith(QLatin1String("/call-139"))));
    const QString readTop = topUrl();
    const QString detail = child<QPlainTextEdit>(page, "activityDetail")->toPlainText();
    const QString olderUrl = older.data().toString();
    QVERIFY2(readTop.endsWith(QLatin1String("/call-139")), qPrintable(readTop));
    for (int i = 200; i < 205; ++i)
        add(i);
    QCOMPARE(table->model()->rowCount(), 205);
    QCOMPARE(topUrl(), readTop);
    QCOMPARE(table->selectionModel()->currentIndex().siblingAtColumn(ActivityLogModel::Url).data().toString(), olderUrl);
    QCOMPARE(child<QPlainTextEdit>(page, "activityDetail")->toPlainText(), detail);

    // At the top, the page follows: the newest call is the first one seen.
    table->scrollToTop();
    add(205);
    QVERIFY2(topUrl().endsWith(QLatin1String("/call-205")), qPrintable(topUrl()));
    add(206);
    QVERIFY2(topUrl().endsWith(QLatin1String("/call-206")), qPrintable(topUrl()));
}

void TstGuiMainWindow::geometryIsRememberedWithoutSecrets()
{
    m_window->resize(1000, 650);
    m_window->close();
    delete m_window;
    m_window = new MainWindow(m_context);
    QCOMPARE(m_window->size(), QSize(1000, 650));
    QFile settings(m_config.filePath(QStringLiteral("window.ini")));
    QVERIFY(settings.open(QIODevice::ReadOnly));
    const QByteArray text = settings.readAll().toLower();
    QVERIFY(text.contains("geometry"));
    QVERIFY(!text.contains("password"));
    QVERIFY(!text.contains("secret"));
}

void TstGuiMainWindow::aConnectInProgressReportsNothingWhenAbandoned()
{
    // Closing the window while connecting cancels the connect: its "failed" must not reach the
    // window, which is half destroyed by then; a second connect must not flash "failed" either.
    ApimProfile profile;
    profile.name = QStringLiteral("slow");
    profile.url = QUrl(QStringLiteral("https://apim.invalid:9443"));
    profile.username = QStringLiteral("admin");
    m_context->profiles()->upsertApim(profile);
    auto *connection = new ApimConnection(m_context);
    connection->connectToProfile(QStringLiteral("slow"));
    QCOMPARE(connection->state(), ApimConnection::State::Connecting);
    QSignalSpy states(connection, &ApimConnection::stateChanged);
    connection->connectToProfile(QStringLiteral("slow"));
    QCOMPARE(states.count(), 1);
    QCOMPARE(states.first().first().value<ApimConnection::State>(), ApimConnection::State::Connecting);
    states.clear();
    delete connection;
    QCOMPARE(states.count(), 0);
}

void TstGuiMainWindow::helpSaysWhatItDoesAndTheTitleNamesTheAppOnce()
{
    // The desktop appends the application's display name to the title.
    QVERIFY2(!m_window->windowTitle().contains(QLatin1String("kmconsole")), qPrintable(m_window->windowTitle()));
    QStringList menus;
    for (QAction *menu : m_window->menuBar()->actions())
        menus << menu->text();
    QVERIFY2(menus.contains(QStringLiteral("&Help")), qPrintable(menus.join(QLatin1Char(' '))));
    // One Refresh per page: the page's own (and F5), not a second one in the toolbar; the toolbar's actions all in words.
    auto *toolbar = child<QToolBar>(m_window, "mainToolbar");
    QVERIFY(!toolbar->actions().contains(child<QAction>(m_window, "actionRefresh")));
    QCOMPARE(toolbar->toolButtonStyle(), Qt::ToolButtonTextOnly);
    child<QAction>(m_window, "actionAbout")->trigger();
    QMessageBox *about = nullptr;
    QTRY_VERIFY((about = m_window->findChild<QMessageBox *>(QStringLiteral("aboutBox"))) && about->isVisible());
    QVERIFY(about->informativeText().contains(QLatin1String("Token Inspector")));
    QVERIFY(about->informativeText().contains(QLatin1String("Asgardeo")));
    grab(about, QStringLiteral("about"));
    QTest::keyClick(about, Qt::Key_Return);
    QTRY_VERIFY(!m_window->findChild<QMessageBox *>(QStringLiteral("aboutBox")));
}

void TstGuiMainWindow::navigationFollowsTheDesktopsPalette()
{
    // The desktop switches to a dark palette while the console runs: the page list turns dark with the rest.
    auto *navigation = child<QListWidget>(m_window, "navigation");
    QTRY_VERIFY(navigation->isVisible());
    const QPalette before = QApplication::palette();
    auto restore = qScopeGuard([before] { QApplication::setPalette(before); });
    QPalette dark = before;
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    QApplication::setPalette(dark);
    QCoreApplication::processEvents();
    const QImage shot = navigation->grab().toImage();
    // Below the last page's row: the list's own background.
    const QRect last = navigation->visualItemRect(navigation->item(navigation->count() - 1));
    const QPoint empty = navigation->viewport()->mapTo(navigation, QPoint(last.center().x(), last.bottom() + 20));
    QVERIFY(empty.y() < shot.height());
    QCOMPARE(shot.pixelColor(empty).name(), QColor(0x1e, 0x1e, 0x1e).name());
    // Each row is at least a line and a half high: room to aim at.
    QVERIFY(last.height() >= navigation->fontMetrics().height() + 8);
}

QTEST_MAIN(TstGuiMainWindow)
#include "tst_gui_mainwindow.moc"
