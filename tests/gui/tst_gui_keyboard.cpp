// The console without a mouse: on every page of the main window, every page of every wizard and every dialog,
// no two Alt+letter mnemonics clash (a clash makes Qt do nothing at all), and every dialog has a default
// button, so that Enter does what the dialog is for.

#include "support/Widgets.h"
#include "services/apim/ApimClient.h"
#include "services/apim/DevPortalClient.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/core/ServiceContext.h"
#include "services/entra/EntraAppCheck.h"
#include "services/entra/EntraClient.h"
#include "services/entra/GraphClient.h"
#include "ui/applications/EntraAppCheckDialog.h"
#include "ui/applications/EntraTokenDialog.h"
#include "ui/applications/ProvideKeysDialog.h"
#include "ui/connect/ConnectDialog.h"
#include "ui/environments/CompareEnvironmentsDialog.h"
#include "ui/keymanagers/ImportKeyManagersWizard.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/scopes/ScopeDialogs.h"
#include "ui/setup/asgardeo/AsgardeoSetupWizard.h"
#include "ui/setup/entra/EntraSetupWizard.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDialog>
#include <QGroupBox>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMultiMap>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QWizard>

using namespace km;
using namespace km::test;

namespace {

QChar mnemonicOf(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}

// Every mnemonic the widgets under `root` carry (hidden ones too: they appear in another state of the same
// page), with what carries it, plus `extra` (the wizard's buttons, the menu bar).
QMultiMap<QChar, QString> mnemonics(QWidget *root, const QStringList &extra = {})
{
    QMultiMap<QChar, QString> out;
    auto add = [&out](const QString &text, const QString &what) {
        const QChar m = mnemonicOf(text);
        if (!m.isNull())
            out.insert(m, QStringLiteral("%1 “%2”").arg(what, text));
    };
    for (const QString &text : extra)
        add(text, QStringLiteral("button"));
    const QList<QWidget *> widgets = root->findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        if (w->isWindow())
            continue; // a dialog of its own
        if (auto *button = qobject_cast<QAbstractButton *>(w))
            add(button->text(), QString::fromLatin1(w->metaObject()->className()));
        else if (auto *label = qobject_cast<QLabel *>(w); label && label->buddy())
            add(label->text(), QStringLiteral("label"));
        else if (auto *group = qobject_cast<QGroupBox *>(w); group && group->isCheckable())
            add(group->title(), QStringLiteral("group"));
        else if (auto *tabs = qobject_cast<QTabWidget *>(w)) {
            for (int i = 0; i < tabs->count(); ++i)
                add(tabs->tabText(i), QStringLiteral("tab"));
        }
    }
    return out;
}

QStringList clashes(const QString &where, const QMultiMap<QChar, QString> &found)
{
    QStringList out;
    const QList<QChar> keys = found.uniqueKeys();
    for (const QChar &key : keys) {
        const QStringList carriers = found.values(key);
        if (carriers.size() > 1)
            out << QStringLiteral("%1: Alt+%2 is %3").arg(where, key.toUpper(), carriers.join(QStringLiteral(" and ")));
    }
    return out;
}

QStringList wizardClashes(QWizard *wizard)
{
    QStringList out;
    const QList<int> ids = wizard->pageIds();
    for (int id : ids) {
        QWizardPage *page = wizard->page(id);
        QStringList buttons{wizard->buttonText(QWizard::BackButton)};
        if (page->nextId() == -1) // the last page: Finish, and after applying "Open in Key Managers", "Check with Doctor"
            buttons << wizard->buttonText(QWizard::FinishButton) << wizard->buttonText(QWizard::CustomButton1)
                    << wizard->buttonText(QWizard::CustomButton2);
        buttons << (page->isCommitPage() ? page->buttonText(QWizard::CommitButton) : page->buttonText(QWizard::NextButton));
        out << clashes(QStringLiteral("%1 page “%2”").arg(wizard->objectName(), page->title()), mnemonics(page, buttons));
    }
    return out;
}

QStringList dialogFindings(QDialog *dialog)
{
    QStringList out = clashes(dialog->objectName(), mnemonics(dialog));
    const QList<QPushButton *> buttons = dialog->findChildren<QPushButton *>();
    QPushButton *byDefault = nullptr;
    for (QPushButton *b : buttons) {
        if (b->isDefault() && b->isVisible())
            byDefault = b;
    }
    const QString text = byDefault ? byDefault->text().remove(QLatin1Char('&')) : QString();
    if (!byDefault || text == QLatin1String("Close") || text == QLatin1String("Cancel") || text == QLatin1String("Show"))
        out << QStringLiteral("%1: Enter does not do what the dialog is for (default button: “%2”)").arg(dialog->objectName(), text);
    return out;
}

} // namespace

class TstGuiKeyboard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void mainWindowPagesHaveNoMnemonicClash();
    void wizardPagesHaveNoMnemonicClash();
    void dialogsHaveADefaultButtonAndNoMnemonicClash();
    void enterAsksForATokenInTheGetTokenDialog();
    void getTokenSuggestsOnlyTheApplicationsOwnScopes();

private:
    QTemporaryDir m_config;
    ServiceContext *m_context = nullptr;
};

void TstGuiKeyboard::initTestCase()
{
    QVERIFY(m_config.isValid());
    qputenv("KMCONSOLE_CONFIG_DIR", QFile::encodeName(m_config.path()));
    m_context = new ServiceContext;
}

void TstGuiKeyboard::cleanupTestCase()
{
    delete m_context;
}

void TstGuiKeyboard::mainWindowPagesHaveNoMnemonicClash()
{
    MainWindow window(m_context);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QStringList menus;
    for (QAction *menu : window.menuBar()->actions())
        menus << menu->text();
    QStringList all;
    for (const QString &id : {MainWindow::KeyManagersPageId, MainWindow::ScopesPageId, MainWindow::ApplicationsPageId,
                              MainWindow::TokenInspectorPageId, MainWindow::ActivityPageId})
        all << clashes(id, mnemonics(window.page(id), menus));
    QVERIFY2(all.isEmpty(), qPrintable(all.join(QLatin1Char('\n'))));
    // A clash is what this test finds: the check itself must see one.
    QLabel probe(QStringLiteral("&File name"), window.page(MainWindow::KeyManagersPageId));
    probe.setBuddy(window.page(MainWindow::KeyManagersPageId));
    QVERIFY(!clashes(QStringLiteral("probe"), mnemonics(window.page(MainWindow::KeyManagersPageId), menus)).isEmpty());
}

void TstGuiKeyboard::wizardPagesHaveNoMnemonicClash()
{
    ApimClient apim(m_context->http(), ApimCredentials{QUrl(QStringLiteral("https://apim.invalid:9443")), QStringLiteral("admin"), QString(), QString(), QString()});
    AsgardeoSetupWizard asgardeo(m_context, &apim);
    EntraSetupWizard entra(m_context, &apim);
    const QJsonObject document{{QStringLiteral("format"), QStringLiteral("kmconsole-key-managers")}, {QStringLiteral("keyManagers"), QJsonArray()}};
    ImportKeyManagersWizard import(m_context, &apim, document, QStringLiteral("key-managers.json"));
    QStringList all = wizardClashes(&asgardeo) + wizardClashes(&entra) + wizardClashes(&import);
    QVERIFY2(all.isEmpty(), qPrintable(all.join(QLatin1Char('\n'))));
}

void TstGuiKeyboard::dialogsHaveADefaultButtonAndNoMnemonicClash()
{
    // No request of these dialogs is answered: the hosts do not exist.
    ApimClient apim(m_context->http(), ApimCredentials{QUrl(QStringLiteral("https://apim.invalid:9443")), QStringLiteral("admin"), QString(), QString(), QString()});
    DevPortalClient portal(&apim);
    AsgardeoClient asgardeo(m_context->http(), QUrl(QStringLiteral("https://asgardeo.invalid")), QStringLiteral("acme"), QStringLiteral("id"), QStringLiteral("s"));
    EntraProfile profile;
    profile.name = QStringLiteral("contoso");
    profile.tenant = QStringLiteral("contoso.onmicrosoft.com");
    profile.clientId = QStringLiteral("id");
    profile.loginUrl = QUrl(QStringLiteral("https://login.invalid"));
    profile.graphUrl = QUrl(QStringLiteral("https://graph.invalid"));
    EntraClient entra(m_context->http(), profile, QStringLiteral("s"));
    GraphClient graph(&entra);
    EntraAppCheck check(&graph);
    PortalKeyManager entraKeyManager;
    entraKeyManager.name = QStringLiteral("AzureAD");
    entraKeyManager.type = QStringLiteral("AzureAD");
    entraKeyManager.tokenVersion = 2;
    const QList<PortalKeyManager> azure{entraKeyManager};
    const QJsonArray applications{QJsonObject{{QStringLiteral("applicationId"), QStringLiteral("a1")}, {QStringLiteral("name"), QStringLiteral("shop")},
                                              {QStringLiteral("keys"), QJsonArray()}}};

    QList<QDialog *> dialogs;
    dialogs << new ConnectDialog(m_context);
    dialogs << new CompareEnvironmentsDialog(m_context);
    dialogs << new EntraTokenDialog(m_context->http(), profile, azure, QStringLiteral("app"), QStringLiteral("AzureAD"));
    dialogs << new ProvideKeysDialog(&portal, DevPortalApplication::listFromJson(applications), azure, QStringLiteral("a1"), QString(), QStringLiteral("AzureAD"));
    dialogs << new EntraAppCheckDialog(&check, QStringLiteral("app"), QStringLiteral("shop"), azure, QStringLiteral("AzureAD"));
    dialogs << new AuthorizeScopesDialog(&asgardeo, QStringLiteral("r1"), QStringLiteral("APIM_GLOBAL_SCOPES"), {QStringLiteral("read")});
    dialogs << new RequestTokenDialog(&asgardeo, m_context->http(), {QStringLiteral("read")});
    QStringList all;
    for (QDialog *dialog : std::as_const(dialogs)) {
        if (dialog->objectName().isEmpty())
            dialog->setObjectName(QString::fromLatin1(dialog->metaObject()->className()));
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        all << dialogFindings(dialog);
        grab(dialog, QStringLiteral("keyboard-%1").arg(dialog->objectName()));
        delete dialog;
    }
    QVERIFY2(all.isEmpty(), qPrintable(all.join(QLatin1Char('\n'))));
}

void TstGuiKeyboard::enterAsksForATokenInTheGetTokenDialog()
{
    EntraProfile profile;
    profile.tenant = QStringLiteral("contoso.onmicrosoft.com");
    profile.loginUrl = QUrl(QStringLiteral("https://login.invalid"));
    EntraTokenDialog dialog(m_context->http(), profile, {}, QStringLiteral("11111111-2222-3333-4444-555555555555"), QString());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QApplication::setActiveWindow(&dialog);
    QWidget *focus = QApplication::focusWidget();
    QVERIFY(focus);
    // The secret is empty: Enter runs the request, which asks for it.
    QTest::keyClick(focus, Qt::Key_Return);
    QTRY_VERIFY(messageText(&dialog, "tokenMessage").contains(QLatin1String("client secret")));
}

void TstGuiKeyboard::getTokenSuggestsOnlyTheApplicationsOwnScopes()
{
    EntraProfile profile;
    profile.tenant = QStringLiteral("contoso.onmicrosoft.com");
    const QString appId = QStringLiteral("11111111-2222-3333-4444-555555555555");
    EntraTokenDialog dialog(m_context->http(), profile, {}, appId, QString());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // No Application ID URI: no api://{appId}/.default (AADSTS500011), and the dialog says what to do.
    dialog.setApplicationIdUris({});
    QCOMPARE(dialog.scope(), QString());
    QVERIFY2(messageText(&dialog, "tokenMessage").contains(QLatin1String("no Application ID URI")), qPrintable(messageText(&dialog, "tokenMessage")));
    grab(&dialog, QStringLiteral("get-token-no-uri"));
    dialog.setApplicationIdUris({QStringLiteral("https://contoso.example/orders/")});
    QCOMPARE(dialog.scope(), QStringLiteral("https://contoso.example/orders/.default"));
}

QTEST_MAIN(TstGuiKeyboard)
#include "tst_gui_keyboard.moc"
