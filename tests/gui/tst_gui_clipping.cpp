// Every page of the console at 1024×700, connected to the sandbox with real key managers and tokens:
// no label, button or column header may be cut. A label's or button's sizeHint() is compared with the
// size it got; a header section's size with the header's size hint for that section.

#include "ui/widgets/ElidedLabel.h"

#include <algorithm>

#include <QComboBox>
#include "support/ConsoleScene.h"
#include "support/Tokens.h"
#include "support/WidgetPaths.h"
#include "support/Widgets.h"

#include "models/tokens/TokenComparisonModel.h"
#include "services/core/ServiceContext.h"
#include "services/profiles/ProfileStore.h"
#include "ui/connect/ApimConnection.h"
#include "ui/keymanagers/KeyManagersPage.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/tokens/TokenInspectorPage.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QDateTime>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace km;
using namespace km::test;

namespace {

// Labels, buttons and header sections under `root` that are narrower (or lower) than their content.
QStringList clipped(QWidget *root)
{
    QStringList out;
    settleLayouts(); // layouts, and the show/hide of a tab just switched to
    const QList<QWidget *> widgets = root->findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        if (!w->isVisibleTo(root) || w->width() <= 0 || !w->window()->isVisible())
            continue;
        if (auto *elided = qobject_cast<km::ElidedLabel *>(w)) {
            // Elided in the middle on purpose (URLs keep host and last segment); the whole text must stay
            // reachable in its tool tip.
            if (elided->toolTip() != elided->fullText() && elided->text() != elided->fullText())
                out << QStringLiteral("elided label %1 “%2” hides its full text").arg(widgetPath(elided), elided->text().left(60));
            continue;
        }
        if (auto *label = qobject_cast<QLabel *>(w)) {
            if (label->text().isEmpty())
                continue;
            if (!label->wordWrap() && label->sizeHint().width() > label->width() + 1)
                out << QStringLiteral("label %1 “%2” needs %3 px, has %4").arg(widgetPath(label), plainText(label->text()).left(60)).arg(label->sizeHint().width()).arg(label->width());
            if (label->wordWrap() && label->heightForWidth(label->width()) > label->height() + 1)
                out << QStringLiteral("label %1 “%2” needs %3 px high, has %4").arg(widgetPath(label), plainText(label->text()).left(60)).arg(label->heightForWidth(label->width())).arg(label->height());
        } else if (auto *button = qobject_cast<QAbstractButton *>(w)) {
            if (!button->text().isEmpty() && button->sizeHint().width() > button->width() + 1)
                out << QStringLiteral("button %1 “%2” needs %3 px, has %4").arg(widgetPath(button), button->text()).arg(button->sizeHint().width()).arg(button->width());
        } else if (auto *header = qobject_cast<QHeaderView *>(w)) {
            if (!header->model() || header->orientation() != Qt::Horizontal)
                continue;
            for (int i = 0; i < header->count(); ++i) {
                if (header->isSectionHidden(i))
                    continue;
                const QString title = header->model()->headerData(i, Qt::Horizontal).toString();
                if (header->sectionSize(i) + 1 < header->sectionSizeHint(i))
                    out << QStringLiteral("column %1 “%2” needs %3 px, has %4").arg(widgetPath(header), title).arg(header->sectionSizeHint(i)).arg(header->sectionSize(i));
            }
        }
    }
    return out;
}

} // namespace

class TstGuiClipping : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void noPageClipsALabelOrAColumnHeader();
    void tokenInspectorWithResultsAndComparisonClipsNothing();
    void tokenInspectorWithANoteAndAVerdictClipsNothing();
    void aFailedConnectionClipsNothing();
    void theCheckFindsAClippedLabel();

private:
    ConsoleScene *m_scene = nullptr;
};

void TstGuiClipping::initTestCase()
{
    m_scene = new ConsoleScene;
    QString error;
    QVERIFY2(m_scene->start(&error), qPrintable(error));
    m_scene->window()->resize(1024, 700);
    QTRY_VERIFY_WITH_TIMEOUT(m_scene->window()->keyManagersPage()->proxy()->rowCount() >= 3, 15000);
}

void TstGuiClipping::cleanupTestCase()
{
    delete m_scene;
}

void TstGuiClipping::noPageClipsALabelOrAColumnHeader()
{
    MainWindow *window = m_scene->window();
    QCOMPARE(window->size(), QSize(1024, 700));
    auto *navigation = child<QListWidget>(window, "navigation");
    QStringList all;
    for (int i = 0; i < navigation->count(); ++i) {
        navigation->setCurrentRow(i);
        window->refreshCurrentPage();
        // Pages fill from the sandbox; wait until none says it is still reading.
        QTRY_VERIFY_WITH_TIMEOUT(!stillLoading(window), 15000);
        const QStringList found = clipped(window);
        for (const QString &f : found)
            all << QStringLiteral("page %1: %2").arg(window->currentPageId(), f);
        grab(window, QStringLiteral("clipping-%1").arg(window->currentPageId()));
    }
    all.removeDuplicates();
    QVERIFY2(all.isEmpty(), qPrintable(all.join(QLatin1Char('\n'))));
}

void TstGuiClipping::tokenInspectorWithResultsAndComparisonClipsNothing()
{
    MainWindow *window = m_scene->window();
    window->showPage(MainWindow::TokenInspectorPageId);
    TokenInspectorPage *page = window->tokenInspectorPage();
    // The inspector offers the key managers once API Manager's list has arrived.
    auto *keyManagers = child<QComboBox>(page, "tokenKeyManager");
    QTRY_VERIFY_WITH_TIMEOUT(keyManagers->findText(QStringLiteral("AzureAD-v1"), Qt::MatchContains) >= 0
                                 && keyManagers->findText(QStringLiteral("AzureAD-v2"), Qt::MatchContains) >= 0, 15000);
    page->setCompareWith(QStringLiteral("AzureAD-v1"));
    QSignalSpy compared(page, &TokenInspectorPage::compared);
    page->inspectToken(m_scene->entraToken(2), QStringLiteral("AzureAD-v2"));
    QVERIFY(compared.wait(15000));
    QVERIFY(page->comparisonModel()->rowCount() > 0);
    auto *tabs = page->findChild<QTabWidget *>();
    QStringList all;
    for (int i = 0; i < tabs->count(); ++i) {
        if (!tabs->isTabVisible(i))
            continue;
        tabs->setCurrentIndex(i);
        for (const QString &f : clipped(window))
            all << QStringLiteral("tab %1: %2").arg(tabs->tabText(i), f);
    }
    grab(window, QStringLiteral("clipping-token-inspector-compared"));
    page->setCompareWith(QString());
    page->clearToken();
    all.removeDuplicates();
    QVERIFY2(all.isEmpty(), qPrintable(all.join(QLatin1Char('\n'))));
}

void TstGuiClipping::tokenInspectorWithANoteAndAVerdictClipsNothing()
{
    // A token no key manager has the issuer of, opened without one: the two-line note above and the verdict
    // below must both be read whole, at the main window's smallest usual size.
    MainWindow *window = m_scene->window();
    window->showPage(MainWindow::TokenInspectorPageId);
    TokenInspectorPage *page = window->tokenInspectorPage();
    const QString stranger = jwtWithoutRealSignature(QJsonObject{{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("typ"), QStringLiteral("JWT")}},
                                                     QJsonObject{{QStringLiteral("iss"), QStringLiteral("https://idp.example.org/oauth2/token")},
                                                                 {QStringLiteral("sub"), QStringLiteral("someone")},
                                                                 {QStringLiteral("exp"), QDateTime::currentSecsSinceEpoch() + 3600}});
    QSignalSpy inspected(page, &TokenInspectorPage::inspected);
    page->inspectToken(stranger);
    QVERIFY(inspected.wait(15000));
    auto *status = child<QLabel>(page, "tokenStatus");
    QVERIFY2(status->text().contains(QLatin1String("No key manager of this API Manager has the issuer")), qPrintable(status->text()));
    QVERIFY(!page->verdictText().isEmpty());
    // At 1024×700 the note takes two lines; wider, the verdict and the note share less room with the token.
    QStringList found;
    for (const QSize size : {QSize(1024, 700), QSize(1200, 700), QSize(1400, 700), QSize(1024, 600), QSize(900, 600)}) {
        window->resize(size);
        grab(window, QStringLiteral("clipping-token-inspector-note-%1").arg(size.width()));
        for (const QString &f : clipped(window))
            found << QStringLiteral("%1×%2: %3").arg(size.width()).arg(size.height()).arg(f);
    }
    window->resize(1024, 700);
    page->clearToken();
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
}

void TstGuiClipping::aFailedConnectionClipsNothing()
{
    // A profile whose password is not in the keychain: the long reason is said on the page, and the status
    // line stays readable.
    MainWindow *window = m_scene->window();
    ApimProfile gone;
    gone.name = QStringLiteral("unreachable");
    gone.url = QUrl(QStringLiteral("https://127.0.0.1:9"));
    gone.username = QStringLiteral("admin");
    m_scene->context()->profiles()->upsertApim(gone);
    window->showPage(MainWindow::KeyManagersPageId);
    window->connection()->connectToProfile(gone.name);
    QTRY_VERIFY_WITH_TIMEOUT(window->connection()->state() == ApimConnection::State::Failed, 20000);
    grab(window, QStringLiteral("clipping-connection-failed"));
    const QStringList found = clipped(window);
    window->connection()->connectToProfile(ConsoleScene::apimProfileName());
    QTRY_VERIFY_WITH_TIMEOUT(window->connection()->state() == ApimConnection::State::Connected, 20000);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
}

void TstGuiClipping::theCheckFindsAClippedLabel()
{
    // The check itself must be able to fail: a label squeezed under its text, a header section under its title.
    QWidget root;
    auto *label = new QLabel(QStringLiteral("A label much longer than the space it was given"), &root);
    label->setGeometry(0, 0, 40, 20);
    root.resize(300, 200);
    root.show();
    QVERIFY(QTest::qWaitForWindowExposed(&root));
    const QStringList found = clipped(&root);
    QCOMPARE(found.size(), 1);
    QVERIFY2(found.first().startsWith(QLatin1String("label")), qPrintable(found.first()));

    delete label;
    TokenComparisonModel model;
    auto *table = new QTableView(&root);
    table->setModel(&model);
    table->setGeometry(0, 0, 300, 200);
    table->horizontalHeader()->setMinimumSectionSize(5);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table->horizontalHeader()->setStretchLastSection(false);
    table->setColumnWidth(TokenComparisonModel::FindingColumn, 8);
    table->show();
    const QString columns = clipped(&root).join(QLatin1Char('\n'));
    QVERIFY2(columns.contains(QStringLiteral("column QHeaderView () “Check” needs")), qPrintable(columns));
}

QTEST_MAIN(TstGuiClipping)
#include "tst_gui_clipping.moc"
