// The console under a pseudo-locale (ui/common/PseudoTranslator): every translatable text is shown
// bracketed and 40 % longer. A visible text without brackets was never made translatable; a label or
// button narrower than its longer text is what a German or Finnish user would see clipped.

#include "support/WidgetPaths.h"
#include "support/Widgets.h"
#include "services/apim/ApimClient.h"
#include "services/core/ServiceContext.h"
#include "services/profiles/ProfileValidation.h"
#include "ui/common/PseudoTranslator.h"
#include "ui/connect/ConnectDialog.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/setup/asgardeo/AsgardeoSetupWizard.h"
#include "ui/setup/entra/EntraSetupWizard.h"
#include "ui/tokens/TokenInspectorPage.h"

#include <QAbstractButton>
#include <QApplication>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocument>
#include <QWizard>

using namespace km;
using namespace km::test;

namespace {

// Texts that are data, not words: URLs, numbers, names the user typed or the system returned.
bool isData(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return true;
    static const QRegularExpression wordless(QStringLiteral("^[\\d\\W_]*$"));
    return t.contains(QLatin1String("://")) || wordless.match(t).hasMatch();
}

// What a user of a longer language would see wrong on the visible widgets under `root`.
QStringList findings(QWidget *root)
{
    QStringList out;
    settleLayouts();
    auto check = [&out](const QWidget *w, const QString &shown, const QString &kind) {
        const QString text = plainText(shown);
        if (isData(text) || PseudoTranslator::isPseudo(text))
            return;
        out << QStringLiteral("not translatable: %1 %2 “%3”").arg(widgetPath(w), kind, text.left(80));
    };
    const QList<QWidget *> widgets = root->findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        if (!w->isVisibleTo(root) || w->width() <= 0)
            continue;
        if (auto *label = qobject_cast<QLabel *>(w)) {
            if (label->buddy() == nullptr && label->text().isEmpty())
                continue;
            check(label, label->text(), QStringLiteral("label"));
            if (!label->wordWrap() && !Qt::mightBeRichText(label->text()) && label->sizeHint().width() > label->width() + 1)
                out << QStringLiteral("clipped: %1 “%2” needs %3 px, has %4").arg(widgetPath(label), label->text().left(60)).arg(label->sizeHint().width()).arg(label->width());
            if (label->wordWrap() && label->heightForWidth(label->width()) > label->height() + 1)
                out << QStringLiteral("clipped: %1 “%2” needs %3 px high, has %4").arg(widgetPath(label), label->text().left(60)).arg(label->heightForWidth(label->width())).arg(label->height());
        } else if (auto *button = qobject_cast<QAbstractButton *>(w)) {
            if (button->text().isEmpty())
                continue;
            check(button, button->text(), QStringLiteral("button"));
            if (button->sizeHint().width() > button->width() + 1)
                out << QStringLiteral("clipped: %1 “%2” needs %3 px, has %4").arg(widgetPath(button), button->text().left(60)).arg(button->sizeHint().width()).arg(button->width());
        } else if (auto *list = qobject_cast<QListWidget *>(w)) {
            for (int i = 0; i < list->count(); ++i) {
                const QListWidgetItem *item = list->item(i);
                check(list, item->text(), QStringLiteral("list item"));
                if (list->visualItemRect(item).width() < list->sizeHintForColumn(0) - 1 || list->sizeHintForColumn(0) > list->viewport()->width() + 1)
                    out << QStringLiteral("clipped: %1 item “%2” needs %3 px, has %4").arg(widgetPath(list), item->text()).arg(list->sizeHintForColumn(0)).arg(list->viewport()->width());
            }
        } else if (auto *group = qobject_cast<QGroupBox *>(w)) {
            check(group, group->title(), QStringLiteral("group title"));
        } else if (auto *edit = qobject_cast<QLineEdit *>(w)) {
            check(edit, edit->placeholderText(), QStringLiteral("placeholder"));
        } else if (auto *tabs = qobject_cast<QTabWidget *>(w)) {
            for (int i = 0; i < tabs->count(); ++i)
                check(tabs, tabs->tabText(i), QStringLiteral("tab"));
        } else if (auto *header = qobject_cast<QHeaderView *>(w)) {
            if (!header->model())
                continue;
            for (int i = 0; i < header->count(); ++i) {
                if (!header->isSectionHidden(i))
                    check(header, header->model()->headerData(i, header->orientation()).toString(), QStringLiteral("column"));
            }
        }
    }
    return out;
}

} // namespace

class TstGuiPseudoLocale : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void pseudoFormKeepsMarkersAndMnemonics();
    void mainWindowPagesAreTranslatableAndUnclipped();
    void connectDialogIsTranslatableAndUnclipped();
    void setupWizardsFirstPagesAreTranslatableAndUnclipped();
    void tokenFindingsAreTranslatable();

private:
    QTemporaryDir m_config;
    PseudoTranslator m_pseudo;
    ServiceContext *m_context = nullptr;
};

void TstGuiPseudoLocale::initTestCase()
{
    QVERIFY(m_config.isValid());
    qputenv("KMCONSOLE_CONFIG_DIR", QFile::encodeName(m_config.path()));
    QVERIFY(QCoreApplication::installTranslator(&m_pseudo));
    m_context = new ServiceContext;
}

void TstGuiPseudoLocale::cleanupTestCase()
{
    delete m_context;
    QCoreApplication::removeTranslator(&m_pseudo);
}

void TstGuiPseudoLocale::pseudoFormKeepsMarkersAndMnemonics()
{
    QCOMPARE(PseudoTranslator::pseudo(QStringLiteral("&Next")), QStringLiteral("[&Next~~]"));
    QCOMPARE(QCoreApplication::translate("km::Any", "%1 of %2"), QStringLiteral("[%1 of %2~~~~]"));
    QCOMPARE(PseudoTranslator::pseudo(QStringLiteral("< &Back")), QStringLiteral("[< &Back~~~]"));
    QCOMPARE(PseudoTranslator::pseudo(QStringLiteral("Connect to API Manager to see")).count(QLatin1Char(' ')), 5 + 2);
    QVERIFY(QCoreApplication::translate("km::Any", "%n key manager(s)", nullptr, 2).startsWith(QLatin1String("[2 key manager(s)~")));
    QVERIFY(PseudoTranslator::isPseudo(QCoreApplication::translate("km::Any", "Refresh")));
    QVERIFY(!PseudoTranslator::isPseudo(QStringLiteral("Refresh")));
    // Errors and hints from services go through the translator too.
    const QString error = ProfileValidation::organization(QStringLiteral("Acme")).toUserText();
    QVERIFY2(error.startsWith(QStringLiteral("[“Acme” has capital letters")) && error.contains(QLatin1String("[Enter it as it appears")), qPrintable(error));
}

void TstGuiPseudoLocale::mainWindowPagesAreTranslatableAndUnclipped()
{
    MainWindow window(m_context);
    window.resize(1024, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QStringList all;
    auto *navigation = child<QListWidget>(&window, "navigation");
    for (int i = 0; i < navigation->count(); ++i) {
        navigation->setCurrentRow(i);
        QVERIFY2(PseudoTranslator::isPseudo(navigation->item(i)->text()), qPrintable(navigation->item(i)->text()));
        all << findings(&window);
        grab(&window, QStringLiteral("pseudo-page-%1").arg(i));
    }
    for (QAction *menu : window.menuBar()->actions()) {
        QVERIFY2(PseudoTranslator::isPseudo(menu->text()), qPrintable(menu->text()));
        for (QAction *action : menu->menu()->actions()) {
            if (!action->isSeparator() && !action->text().isEmpty() && !PseudoTranslator::isPseudo(action->text()))
                all << QStringLiteral("not translatable: menu item “%1”").arg(action->text());
        }
    }
    // A longer language must not make the window wider than the screen it was sized for.
    auto *pages = child<QStackedWidget>(&window, "pages");
    for (int i = 0; i < pages->count(); ++i) {
        if (pages->widget(i)->minimumSizeHint().width() > pages->width())
            all << QStringLiteral("too wide: page %1 needs %2 px, has %3").arg(i).arg(pages->widget(i)->minimumSizeHint().width()).arg(pages->width());
    }
    if (window.width() > 1024)
        all << QStringLiteral("too wide: the window needs %1 px at 1024").arg(window.width());
    all.removeDuplicates();
    QVERIFY2(all.isEmpty(), qPrintable(all.join(QLatin1Char('\n'))));
}

void TstGuiPseudoLocale::connectDialogIsTranslatableAndUnclipped()
{
    ConnectDialog dialog(m_context);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    grab(&dialog, QStringLiteral("pseudo-connect"));
    const QStringList all = findings(&dialog);
    QVERIFY2(all.isEmpty(), qPrintable(all.join(QLatin1Char('\n'))));
}

void TstGuiPseudoLocale::setupWizardsFirstPagesAreTranslatableAndUnclipped()
{
    // No request is sent on these pages; the client only has to exist.
    ApimClient apim(m_context->http(), ApimCredentials{QUrl(QStringLiteral("https://apim.invalid:9443")), QStringLiteral("admin"), QString(), QString(), QString()});
    QStringList all;
    AsgardeoSetupWizard asgardeo(m_context, &apim);
    EntraSetupWizard entra(m_context, &apim);
    for (QWizard *wizard : {static_cast<QWizard *>(&asgardeo), static_cast<QWizard *>(&entra)}) {
        wizard->show();
        QVERIFY(QTest::qWaitForWindowExposed(wizard));
        for (int step = 0; step < 2; ++step) {
            all << findings(wizard);
            grab(wizard, QStringLiteral("pseudo-%1-%2").arg(QString::fromLatin1(wizard->metaObject()->className()).section(QLatin1String("::"), -1)).arg(step));
            if (step == 0)
                wizard->next();
        }
        wizard->hide();
    }
    all.removeDuplicates();
    QVERIFY2(all.isEmpty(), qPrintable(all.join(QLatin1Char('\n'))));
}

void TstGuiPseudoLocale::tokenFindingsAreTranslatable()
{
    // The token check's verdict and findings come from services/tokens: they are translated like the page.
    TokenInspectorPage page(m_context->http());
    page.resize(1024, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto part = [](const char *json) { return QByteArray(json).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals); };
    const QByteArray token = part(R"({"alg":"RS256","kid":"k1"})") + '.' + part(R"({"iss":"https://idp.example/","azp":"c1","exp":1000,"iat":900})") + ".c2ln";
    auto *input = child<QPlainTextEdit>(&page, "tokenInput");
    input->setFocus();
    input->insertPlainText(QString::fromLatin1(token));
    QSignalSpy inspected(&page, &TokenInspectorPage::inspected);
    QTest::keyClick(input, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(inspected.wait(15000));
    QVERIFY2(PseudoTranslator::isPseudo(page.verdictText()), qPrintable(page.verdictText()));
    const QString shown = page.findChild<QTextBrowser *>(QStringLiteral("tokenFindings"))->toPlainText();
    // Titles and details of the findings, the expiry and the signature that was not checked.
    QVERIFY2(shown.contains(QLatin1String("[The token has expired")) && shown.contains(QLatin1String("[The signature was not checked")), qPrintable(shown));
    grab(&page, QStringLiteral("pseudo-token-findings"));
    QStringList all = findings(&page);
    all.removeDuplicates();
    QVERIFY2(all.isEmpty(), qPrintable(all.join(QLatin1Char('\n'))));
}

QTEST_MAIN(TstGuiPseudoLocale)
#include "tst_gui_pseudo_locale.moc"
