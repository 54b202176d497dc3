// The Doctor page as an administrator uses it: Check on the Key Managers page opens the Doctor for that
// key manager; the checks arrive grouped per key manager while a progress bar runs and the window stays
// responsive; all key managers at once; Stop; without a connection the page says what to do.

#include "support/JobWaiter.h"
#include "support/SandboxFixture.h"
#include "support/Widgets.h"

#include "models/doctor/DoctorCheckModel.h"
#include "models/keymanagers/KeyManagerTableModel.h"
#include "services/apim/ApimClient.h"
#include "services/apim/DevPortalClient.h"
#include "services/apim/KeyManagerConfig.h"
#include "services/core/ServiceContext.h"
#include "services/profiles/ProfileStore.h"
#include "services/secrets/SecretStore.h"
#include "ui/doctor/DoctorPage.h"
#include "ui/keymanagers/KeyManagersPage.h"
#include "ui/mainwindow/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace km;
using namespace km::test;

class TstGuiDoctor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void notConnectedSaysWhatToDo();
    void checkButtonOpensTheDoctorForThatKeyManager();
    void allKeyManagersAreGroupedAndTheWindowStaysResponsive();
    void stopEndsTheRun();
    void deleteAsksWithWhatStillUsesTheKeyManager();
    void fixAsksThenFixesAndChecksAgain();

private:
    QString cellText(const QModelIndex &index) const { return index.data().toString(); }
    // The checks the tree shows under `keyManager`: id → level name.
    QHash<QString, QString> shownChecks(QTreeView *tree, const QString &keyManager) const;

    SandboxFixture m_sandbox;
    QTemporaryDir m_config;
    ServiceContext *m_context = nullptr;
    ApimClient *m_apim = nullptr;
    MainWindow *m_window = nullptr;
};

void TstGuiDoctor::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    QVERIFY(m_config.isValid());
    qputenv("KMCONSOLE_CONFIG_DIR", QFile::encodeName(m_config.path()));
    m_context = new ServiceContext(QString(), this);
    m_apim = m_sandbox.apimClient(m_context->http(), this);
    QCOMPARE(m_sandbox.setUpAsgardeo(m_apim, m_context->http(), QStringLiteral("Asgardeo")), QString());
    QCOMPARE(m_sandbox.setUpAsgardeo(m_apim, m_context->http(), QStringLiteral("Twin")), QString());
    // The organization's profile, which the page offers and uses.
    const QJsonObject a = m_sandbox.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("asgardeo")).toObject();
    AsgardeoProfile profile;
    profile.name = a.value(QLatin1String("org")).toString();
    profile.organization = profile.name;
    profile.clientId = a.value(QLatin1String("clientId")).toString();
    profile.baseUrl = QUrl(m_sandbox.info().value(QLatin1String("asgardeo")).toString());
    m_context->profiles()->upsertAsgardeo(profile);
    JobPtr stored = await(m_context->secrets()->write(SecretStore::asgardeoSecretKey(profile.name), a.value(QLatin1String("clientSecret")).toString()));
    QVERIFY2(!stored->hasError(), qPrintable(stored->error().toUserText()));

    m_window = new MainWindow(m_context);
    m_window->resize(1200, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TstGuiDoctor::cleanupTestCase()
{
    delete m_window;
}

QHash<QString, QString> TstGuiDoctor::shownChecks(QTreeView *tree, const QString &keyManager) const
{
    QHash<QString, QString> shown;
    QAbstractItemModel *model = tree->model();
    for (int g = 0; g < model->rowCount(); ++g) {
        const QModelIndex group = model->index(g, DoctorCheckModel::Check);
        if (group.data().toString() != keyManager)
            continue;
        for (int r = 0; r < model->rowCount(group); ++r)
            shown.insert(model->index(r, DoctorCheckModel::Check, group).data().toString(),
                         model->index(r, DoctorCheckModel::Level, group).data(DoctorCheckModel::LevelRole).toString());
    }
    return shown;
}

void TstGuiDoctor::notConnectedSaysWhatToDo()
{
    DoctorPage *page = m_window->doctorPage();
    QVERIFY(page);
    m_window->showDoctorFor(QStringLiteral("Asgardeo"));
    QCOMPARE(m_window->currentPageId(), MainWindow::DoctorPageId);
    QVERIFY(!page->isRunning());
    bool said = false;
    for (QLabel *label : page->findChildren<QLabel *>()) {
        if (label->isVisible() && label->text().contains(QLatin1String("Connect to an API Manager")))
            said = true;
    }
    QVERIFY(said);
    QVERIFY(!child<QPushButton>(page, "doctorRun")->isEnabled());
}

void TstGuiDoctor::checkButtonOpensTheDoctorForThatKeyManager()
{
    m_window->keyManagersPage()->setClient(m_apim);
    m_window->doctorPage()->setClient(m_apim);
    m_window->showPage(MainWindow::KeyManagersPageId);
    KeyManagersPage *keyManagers = m_window->keyManagersPage();
    auto *table = child<QTableView>(keyManagers, "keyManagerTable");
    QTRY_VERIFY(keyManagers->model()->rowCount() >= 3);
    auto *check = child<QPushButton>(keyManagers, "keyManagerCheck");
    int twinRow = -1;
    for (int r = 0; r < table->model()->rowCount(); ++r) {
        if (table->model()->index(r, KeyManagerTableModel::Name).data().toString() == QLatin1String("Twin"))
            twinRow = r;
    }
    QVERIFY(twinRow >= 0);
    table->selectRow(twinRow);
    QVERIFY(check->isEnabled());
    QVERIFY(check->toolTip().contains(QLatin1String("Twin")));

    DoctorPage *page = m_window->doctorPage();
    QSignalSpy finished(page, &DoctorPage::finished);
    QTest::mouseClick(check, Qt::LeftButton);
    QCOMPARE(m_window->currentPageId(), MainWindow::DoctorPageId);
    QCOMPARE(child<QComboBox>(page, "doctorKeyManager")->currentText(), QStringLiteral("Twin"));
    // Running: progress shown, Run waits, Stop offered.
    QVERIFY(page->isRunning());
    QVERIFY(child<QProgressBar>(page, "doctorProgress")->isVisible());
    QVERIFY(!child<QPushButton>(page, "doctorRun")->isEnabled());
    QVERIFY(child<QPushButton>(page, "doctorStop")->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY(!child<QProgressBar>(page, "doctorProgress")->isVisible());
    QVERIFY(child<QPushButton>(page, "doctorRun")->isEnabled());

    auto *tree = child<QTreeView>(page, "doctorChecks");
    QAbstractItemModelTester tester(tree->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(tree->model()->rowCount(), 1);
    const QModelIndex group = tree->model()->index(0, DoctorCheckModel::Check);
    QCOMPARE(group.data().toString(), QStringLiteral("Twin"));
    QVERIFY(tree->isExpanded(group));
    QCOMPARE(tree->model()->index(0, DoctorCheckModel::Level).data().toString(), QStringLiteral("Error"));
    const QHash<QString, QString> shown = shownChecks(tree, QStringLiteral("Twin"));
    QCOMPARE(shown.value(QStringLiteral("duplicate-issuer")), QStringLiteral("error"));
    QCOMPARE(shown.value(QStringLiteral("issuer")), QStringLiteral("ok"));
    QCOMPARE(shown.value(QStringLiteral("jwks")), QStringLiteral("ok"));
    QCOMPARE(shown.value(QStringLiteral("asgardeo-global-scopes")), QStringLiteral("ok")); // the profile the page chose
    // The message names the other key manager; its fix is shown beside it.
    for (int r = 0; r < tree->model()->rowCount(group); ++r) {
        if (tree->model()->index(r, DoctorCheckModel::Check, group).data().toString() == QLatin1String("duplicate-issuer")) {
            QVERIFY(tree->model()->index(r, DoctorCheckModel::Message, group).data().toString().startsWith(QLatin1String("Asgardeo ")));
            QVERIFY(!tree->model()->index(r, DoctorCheckModel::Fix, group).data().toString().isEmpty());
        }
    }
    const QString summary = child<QLabel>(page, "doctorSummary")->text();
    QVERIFY2(summary.contains(QLatin1String("1 error")), qPrintable(summary));
}

void TstGuiDoctor::allKeyManagersAreGroupedAndTheWindowStaysResponsive()
{
    DoctorPage *page = m_window->doctorPage();
    auto *which = child<QComboBox>(page, "doctorKeyManager");
    which->setCurrentIndex(which->findText(QStringLiteral("All key managers")));
    QVERIFY(which->findText(QStringLiteral("Asgardeo")) >= 0); // the names came from API Manager
    QSignalSpy finished(page, &DoctorPage::finished);
    QTest::mouseClick(child<QPushButton>(page, "doctorRun"), Qt::LeftButton);
    // The window answers while the checks run: switching pages works at once.
    m_window->showPage(MainWindow::ActivityPageId);
    QCOMPARE(m_window->currentPageId(), MainWindow::ActivityPageId);
    m_window->showPage(MainWindow::DoctorPageId);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    auto *tree = child<QTreeView>(page, "doctorChecks");
    QStringList groups;
    for (int g = 0; g < tree->model()->rowCount(); ++g)
        groups << tree->model()->index(g, DoctorCheckModel::Check).data().toString();
    groups.sort();
    QCOMPARE(groups, (QStringList{QStringLiteral("Asgardeo"), QStringLiteral("Resident Key Manager"), QStringLiteral("Twin")}));
    QCOMPARE(shownChecks(tree, QStringLiteral("Asgardeo")).value(QStringLiteral("duplicate-issuer")), QStringLiteral("error"));
    QCOMPARE(shownChecks(tree, QStringLiteral("Resident Key Manager")).value(QStringLiteral("resident")), QStringLiteral("ok"));
}

void TstGuiDoctor::stopEndsTheRun()
{
    DoctorPage *page = m_window->doctorPage();
    QSignalSpy finished(page, &DoctorPage::finished);
    QTest::mouseClick(child<QPushButton>(page, "doctorRun"), Qt::LeftButton);
    QVERIFY(page->isRunning());
    QVERIFY(child<QPushButton>(page, "doctorStop")->isEnabled());
    QTest::mouseClick(child<QPushButton>(page, "doctorStop"), Qt::LeftButton);
    QCOMPARE(finished.size(), 1);
    QVERIFY(!page->isRunning());
    QCOMPARE(child<QLabel>(page, "doctorSummary")->text(), QStringLiteral("Stopped."));
    QVERIFY(child<QPushButton>(page, "doctorRun")->isEnabled());
    QVERIFY(!child<QProgressBar>(page, "doctorProgress")->isVisible());
    // Nothing of the stopped run arrives later.
    const int rows = child<QTreeView>(page, "doctorChecks")->model()->rowCount();
    // Every request of the stopped run has ended; what they would have delivered is delivered now.
    QTRY_COMPARE(m_context->http()->runningCount(), 0);
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QCOMPARE(child<QTreeView>(page, "doctorChecks")->model()->rowCount(), rows);
}

void TstGuiDoctor::deleteAsksWithWhatStillUsesTheKeyManager()
{
    // A DevPortal application with keys under Twin.
    DevPortalClient portal(m_apim);
    JobPtr app = await(portal.createApplication(QStringLiteral("Orders <b>portal</b>")));
    QVERIFY2(!app->hasError(), qPrintable(app->error().toUserText()));
    GenerateKeysRequest keys;
    keys.keyManager = QStringLiteral("Twin");
    JobPtr generated = await(portal.generateKeys(app->result().toObject().value(QLatin1String("applicationId")).toString(), keys));
    QVERIFY2(!generated->hasError(), qPrintable(generated->error().toUserText()));

    m_window->showPage(MainWindow::KeyManagersPageId);
    KeyManagersPage *keyManagers = m_window->keyManagersPage();
    auto *table = child<QTableView>(keyManagers, "keyManagerTable");
    for (int r = 0; r < table->model()->rowCount(); ++r) {
        if (table->model()->index(r, KeyManagerTableModel::Name).data().toString() == QLatin1String("Twin"))
            table->selectRow(r);
    }
    QTest::mouseClick(child<QPushButton>(keyManagers, "keyManagerDelete"), Qt::LeftButton);
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = m_window->findChild<QMessageBox *>(QStringLiteral("deleteConfirmation"))) && box->isVisible());
    // The box names the application from API Manager's usage list, its markup shown as text.
    QTRY_VERIFY2(box->informativeText().contains(QLatin1String("Orders &lt;b&gt;portal&lt;/b&gt;")), qPrintable(box->informativeText()));
    QVERIFY(box->informativeText().contains(QLatin1String("902015")));
    QTest::mouseClick(child<QPushButton>(box, "deleteCancel"), Qt::LeftButton);
    QCOMPARE(m_sandbox.keyManagersNamed(QStringLiteral("Twin")).size(), 1);

    // Asgardeo has no keys and no APIs: the box says nothing uses it.
    for (int r = 0; r < table->model()->rowCount(); ++r) {
        if (table->model()->index(r, KeyManagerTableModel::Name).data().toString() == QLatin1String("Asgardeo"))
            table->selectRow(r);
    }
    QTest::mouseClick(child<QPushButton>(keyManagers, "keyManagerDelete"), Qt::LeftButton);
    QTRY_VERIFY((box = m_window->findChild<QMessageBox *>(QStringLiteral("deleteConfirmation"))) && box->isVisible()
                && box->informativeText().contains(QLatin1String("Nothing uses it")));
    QTest::mouseClick(child<QPushButton>(box, "deleteCancel"), Qt::LeftButton);
}

// A drifted token endpoint: the check offers its fix, Fix asks what will change, and after the fix the
// same check runs again and passes.
void TstGuiDoctor::fixAsksThenFixesAndChecksAgain()
{
    const QString id = m_sandbox.keyManagersNamed(QStringLiteral("Twin")).constFirst().value(QLatin1String("id")).toString();
    JobPtr get = await(m_apim->getKeyManager(id));
    KeyManagerConfig config = KeyManagerConfig::fromJson(get->result().toObject());
    const QString right = config.endpoints.value(QStringLiteral("token_endpoint"));
    config.endpoints.insert(QStringLiteral("token_endpoint"), right + QStringLiteral("/old"));
    JobPtr put = await(m_apim->updateKeyManager(id, config.toPayload()));
    QVERIFY2(!put->hasError(), qPrintable(put->error().toUserText()));

    DoctorPage *page = m_window->doctorPage();
    page->setClient(m_apim);
    m_window->showPage(MainWindow::DoctorPageId);
    QSignalSpy finished(page, &DoctorPage::finished);
    page->showDoctorFor(QStringLiteral("Twin"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    auto *tree = child<QTreeView>(page, "doctorChecks");
    auto *fix = child<QPushButton>(page, "doctorFix");
    QVERIFY(!fix->isEnabled()); // nothing selected
    const QModelIndex group = tree->model()->index(0, DoctorCheckModel::Check);
    QModelIndex drift;
    for (int r = 0; r < tree->model()->rowCount(group); ++r) {
        if (tree->model()->index(r, DoctorCheckModel::Check, group).data().toString() == QLatin1String("endpoint-drift"))
            drift = tree->model()->index(r, DoctorCheckModel::Check, group);
    }
    QVERIFY(drift.isValid());
    QCOMPARE(drift.data(DoctorCheckModel::LevelRole).toString(), QStringLiteral("error"));
    QVERIFY(drift.siblingAtColumn(DoctorCheckModel::Fix).data().toString().contains(QStringLiteral("Fix… does this: Update the endpoints")));
    tree->setCurrentIndex(drift);
    QVERIFY(fix->isEnabled());
    QVERIFY(fix->toolTip().contains(QLatin1String("Update the endpoints")));

    // Cancel first: nothing changes.
    QSignalSpy asked(page, &DoctorPage::fixConfirmationOpened);
    QSignalSpy fixed(page, &DoctorPage::fixFinished);
    QTest::mouseClick(fix, Qt::LeftButton);
    QCOMPARE(asked.size(), 1);
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = page->findChild<QMessageBox *>(QStringLiteral("doctorFixConfirmation"))) && box->isVisible());
    QVERIFY(box->text().contains(QStringLiteral("token_endpoint → ") + right));
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!page->findChild<QMessageBox *>(QStringLiteral("doctorFixConfirmation"))); // closed and deleted
    QCOMPARE(fixed.size(), 0);
    QCOMPARE(await(m_apim->getKeyManager(id))->result().toObject().value(QLatin1String("tokenEndpoint")).toString(), right + QStringLiteral("/old"));

    // Then confirm: fixed, checked again, ok, and the banner says what was done.
    QTest::mouseClick(fix, Qt::LeftButton);
    QCOMPARE(asked.size(), 2);
    QTRY_VERIFY((box = page->findChild<QMessageBox *>(QStringLiteral("doctorFixConfirmation"))) && box->isVisible());
    QPushButton *confirm = box->findChild<QPushButton *>(QStringLiteral("doctorFixConfirm"));
    QVERIFY(confirm);
    QCOMPARE(confirm->text(), QStringLiteral("Update the endpoints"));
    confirm->click();
    QTRY_COMPARE_WITH_TIMEOUT(fixed.size(), 1, 30000);
    QVERIFY2(fixed.first().constFirst().toBool(), qPrintable(fixed.first().at(1).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 60000);
    QCOMPARE(shownChecks(tree, QStringLiteral("Twin")).value(QStringLiteral("endpoint-drift")), QStringLiteral("ok"));
    QCOMPARE(await(m_apim->getKeyManager(id))->result().toObject().value(QLatin1String("tokenEndpoint")).toString(), right);
    auto *banner = page->findChild<QLabel *>(QStringLiteral("stateBannerText"));
    QVERIFY(banner);
    QVERIFY2(banner->text().contains(QLatin1String("provider's endpoints")), qPrintable(banner->text()));
}

QTEST_MAIN(TstGuiDoctor)
#include "tst_gui_doctor.moc"
