// File › Save support bundle… as an administrator uses it: the file dialog takes a name, the Doctor page
// runs its checks with its progress bar and then says where the bundle went; the zip, opened with unzip,
// holds the report the page showed, the key managers, the profiles and the activity, and no secret of the
// console's session (the profiles' secrets in the keychain, the tokens and client secrets the sandbox issued).

#include "support/ConsoleScene.h"
#include "services/core/ConstRange.h"
#include "support/Widgets.h"
#include "support/ZipFiles.h"

#include "models/doctor/DoctorCheckModel.h"
#include "ui/common/StateBanner.h"
#include "ui/doctor/DoctorPage.h"
#include "ui/mainwindow/MainWindow.h"

#include <QAction>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace km;
using namespace km::test;

class TstGuiSupportBundle : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void fileMenuSavesTheBundle();

private:
    ConsoleScene *m_scene = nullptr;
    QTemporaryDir m_dir;
    QTemporaryDir m_ledger;
};

void TstGuiSupportBundle::initTestCase()
{
    QVERIFY(m_dir.isValid() && m_ledger.isValid());
    // Run alone (not through ctest), the sandbox keeps its ledger here, so the test still knows its secrets.
    if (qEnvironmentVariableIsEmpty("KM_SECRETS_LEDGER_DIR"))
        qputenv("KM_SECRETS_LEDGER_DIR", QFile::encodeName(m_ledger.path()));
    m_scene = new ConsoleScene;
    QString error;
    QVERIFY2(m_scene->start(&error), qPrintable(error));
    m_scene->window()->resize(1024, 700);
}

void TstGuiSupportBundle::cleanupTestCase()
{
    delete m_scene;
}

void TstGuiSupportBundle::fileMenuSavesTheBundle()
{
    MainWindow *window = m_scene->window();
    QAction *save = nullptr;
    QMenu *file = nullptr;
    for (QAction *menu : window->menuBar()->actions()) {
        if (menu->text() == QLatin1String("&File"))
            file = menu->menu();
    }
    QVERIFY(file);
    for (QAction *a : file->actions()) {
        if (a->objectName() == QLatin1String("actionSupportBundle"))
            save = a;
    }
    QVERIFY(save);
    QCOMPARE(save->text(), QStringLiteral("Save support &bundle…"));
    QTRY_VERIFY(save->isEnabled()); // connected
    save->trigger();
    QFileDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window->findChild<QFileDialog *>()) && dialog->isVisible());
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
    QVERIFY(name);
    QVERIFY2(name->text().startsWith(QLatin1String("kmconsole-support-")) && name->text().endsWith(QLatin1String(".zip")), qPrintable(name->text()));
    const QString zip = m_dir.filePath(QStringLiteral("support.zip"));
    name->setText(zip);
    DoctorPage *page = window->doctorPage();
    QSignalSpy saved(page, &DoctorPage::bundleFinished);
    QTest::keyClick(name, Qt::Key_Return);

    // The Doctor page runs its checks first, its progress bar showing.
    QCOMPARE(window->currentPageId(), MainWindow::DoctorPageId);
    QVERIFY(page->isRunning());
    QVERIFY(child<QProgressBar>(page, "doctorProgress")->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 60000);
    QCOMPARE(saved.first().first().toBool(), true);
    QVERIFY(!page->isRunning());
    QVERIFY(!child<QProgressBar>(page, "doctorProgress")->isVisible());
    StateBanner *banner = page->findChild<StateBanner *>();
    QVERIFY(banner && banner->isVisible());
    QVERIFY2(banner->text().startsWith(QStringLiteral("Support bundle saved to %1.").arg(zip)), qPrintable(banner->text()));
    QVERIFY(banner->text().contains(QLatin1String("masked")));
    QWidget *shot = window;
    shot->grab().save(m_dir.filePath(QStringLiteral("bundle-saved.png")));
    if (!qEnvironmentVariableIsEmpty("KM_SCREENSHOT_DIR"))
        shot->grab().save(QDir(qEnvironmentVariable("KM_SCREENSHOT_DIR")).filePath(QStringLiteral("support-bundle.png")));

    QCOMPARE(zipNames(zip), (QStringList{QStringLiteral("README.txt"), QStringLiteral("activity.json"), QStringLiteral("doctor-report.json"),
                                         QStringLiteral("doctor-report.txt"), QStringLiteral("key-managers.json"), QStringLiteral("profiles.json"),
                                         QStringLiteral("versions.json")}));
    // The report holds the checks the page shows, key manager by key manager.
    const QJsonObject report = QJsonDocument::fromJson(unzipped(zip, QStringLiteral("doctor-report.json"))).object();
    auto *tree = child<QTreeView>(page, "doctorChecks");
    int shown = 0;
    for (int g = 0; g < tree->model()->rowCount(); ++g)
        shown += tree->model()->rowCount(tree->model()->index(g, 0));
    QCOMPARE(report.value(QLatin1String("checks")).toArray().size(), shown);
    QVERIFY(shown > 10);
    const QJsonArray keyManagers = QJsonDocument::fromJson(unzipped(zip, QStringLiteral("key-managers.json"))).object().value(QLatin1String("keyManagers")).toArray();
    // Every key manager the checks looked at, in full.
    QStringList names, checked;
    for (const QJsonValue &v : keyManagers)
        names << v.toObject().value(QLatin1String("name")).toString();
    for (const QJsonValue &v : km::constTemporary(report.value(QLatin1String("summary")).toObject().value(QLatin1String("keyManagers")).toArray()))
        checked << v.toString();
    names.sort();
    checked.sort();
    QCOMPARE(names, checked);
    QVERIFY(names.size() >= 3);
    const QJsonObject profiles = QJsonDocument::fromJson(unzipped(zip, QStringLiteral("profiles.json"))).object();
    QCOMPARE(profiles.value(QLatin1String("apim")).toArray().first().toObject().value(QLatin1String("name")).toString(), ConsoleScene::apimProfileName());
    QCOMPARE(profiles.value(QLatin1String("entra")).toArray().size(), 1);
    const QJsonArray activity = QJsonDocument::fromJson(unzipped(zip, QStringLiteral("activity.json"))).array();
    QVERIFY(activity.size() > 5); // the session's calls, from the connection on

    const QStringList secrets = knownSecrets(m_scene->sandbox().info().value(QLatin1String("accounts")).toObject());
    QVERIFY2(secrets.size() >= 5, "too few secrets known: is the ledger written?");
    for (const QString &entry : zipNames(zip)) {
        const QByteArray content = unzipped(zip, entry);
        QVERIFY2(!content.isEmpty(), qPrintable(entry));
        for (const QString &secret : secrets)
            QVERIFY2(!content.contains(secret.toUtf8()), qPrintable(QStringLiteral("%1 holds a secret of %2 characters").arg(entry).arg(secret.size())));
    }
}

QTEST_MAIN(TstGuiSupportBundle)
#include "tst_gui_support_bundle.moc"
