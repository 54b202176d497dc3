// Connecting to API Manager as a user does it: through the Connect dialog, typing into its fields,
// deciding about the untrusted certificate, and then working with the key-manager table.

#include "services/core/ServiceContext.h"
#include "services/profiles/ProfileStore.h"
#include "ui/connect/CertificateTrustPanel.h"
#include "ui/connect/ConnectDialog.h"
#include "ui/mainwindow/MainWindow.h"

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace km;

namespace {
template <typename T>
T *child(QObject *parent, const char *name)
{
    T *w = parent->findChild<T *>(QString::fromLatin1(name));
    if (!w)
        qWarning("no child %s", name);
    return w;
}

void grab(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(KM_BIN_DIR "/../screenshots");
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

void typeInto(QWidget *dialog, const char *field, const QString &text)
{
    auto *edit = child<QLineEdit>(dialog, field);
    QVERIFY(edit);
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}
} // namespace

class TstGuiConnect : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void badInputIsExplainedInlineAndKept_data();
    void badInputIsExplainedInlineAndKept();

private:
    ConnectDialog *openDialog();

    QTemporaryDir m_config;
    ServiceContext *m_context = nullptr;
    MainWindow *m_window = nullptr;
};

void TstGuiConnect::init()
{
    QVERIFY(m_config.isValid());
    qputenv("KMCONSOLE_CONFIG_DIR", QFile::encodeName(m_config.path()));
    m_context = new ServiceContext;
    m_window = new MainWindow(m_context);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TstGuiConnect::cleanup()
{
    delete m_window;
    delete m_context;
}

ConnectDialog *TstGuiConnect::openDialog()
{
    QTest::keyClick(m_window, Qt::Key_K, Qt::ControlModifier);
    ConnectDialog *dialog = m_window->connectDialog();
    if (dialog && !QTest::qWaitForWindowExposed(dialog))
        return nullptr;
    return dialog;
}

void TstGuiConnect::badInputIsExplainedInlineAndKept_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("focus");
    QTest::newRow("no scheme") << QStringLiteral("apim.example.com:9443") << QStringLiteral("admin") << QStringLiteral("pw")
                               << QStringLiteral("has no scheme. Write it with https://, e.g. https://apim.example.com:9443")
                               << QStringLiteral("apimUrl");
    QTest::newRow("plain http") << QStringLiteral("http://apim.example.com:9763") << QStringLiteral("admin") << QStringLiteral("pw")
                                << QStringLiteral("Plain http:// would send the password unencrypted")
                                << QStringLiteral("apimUrl");
    QTest::newRow("no user") << QStringLiteral("https://apim.example.com:9443") << QString() << QStringLiteral("pw")
                             << QStringLiteral("Enter the administrator's user name") << QStringLiteral("username");
    QTest::newRow("no password") << QStringLiteral("https://apim.example.com:9443") << QStringLiteral("admin") << QString()
                                 << QStringLiteral("Enter the password of “admin”") << QStringLiteral("password");
}

void TstGuiConnect::badInputIsExplainedInlineAndKept()
{
    QFETCH(QString, url);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, message);
    QFETCH(QString, focus);
    ConnectDialog *dialog = openDialog();
    QVERIFY(dialog);
    typeInto(dialog, "profileName", QStringLiteral("production"));
    typeInto(dialog, "apimUrl", url);
    typeInto(dialog, "username", user);
    typeInto(dialog, "password", password);
    QTest::mouseClick(child<QPushButton>(dialog, "testConnection"), Qt::LeftButton);
    QVERIFY2(dialog->errorText().contains(message), qPrintable(dialog->errorText()));
    QVERIFY(dialog->isVisible());
    QCOMPARE(QApplication::focusWidget()->objectName(), focus);
    // Nothing typed is lost.
    QCOMPARE(child<QLineEdit>(dialog, "apimUrl")->text(), url);
    QCOMPARE(child<QLineEdit>(dialog, "username")->text(), user);
    QCOMPARE(child<QLineEdit>(dialog, "password")->text(), password);
    QVERIFY(!m_context->profiles()->apimProfile(QStringLiteral("production")));
    grab(dialog, QStringLiteral("connect-dialog-error-") + QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')));
}

QTEST_MAIN(TstGuiConnect)
#include "tst_gui_connect.moc"
