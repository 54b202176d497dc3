// File › Export and File › Import as an administrator uses them in the console: the export holds no
// secret, an import shows where each secret comes from and what it would change, asks before updating,
// and a file that is not an export is refused with the reason in the Key Managers page.

#include "support/JobWaiter.h"
#include "support/SandboxFixture.h"
#include "support/PdfText.h"
#include "support/Widgets.h"

#include "sandbox/apim/ApimStandIn.h"
#include "sandbox/entra/EntraStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/core/Job.h"
#include "services/core/ServiceContext.h"
#include "services/entra/AzureSetup.h"
#include "services/entra/EntraClient.h"
#include "services/export/KeyManagerExport.h"
#include "services/export/KeyManagerReport.h"
#include "services/http/HttpSession.h"
#include "services/profiles/ProfileStore.h"
#include "services/profiles/Profiles.h"
#include "services/secrets/SecretStore.h"
#include "services/setup/SetupRunner.h"
#include "ui/common/StateBanner.h"
#include "ui/connect/ApimConnection.h"
#include "ui/doctor/DoctorPage.h"
#include "ui/keymanagers/ImportKeyManagersWizard.h"
#include "ui/keymanagers/KeyManagersPage.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/setup/SetupReviewPage.h"
#include "ui/widgets/CopyButton.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QFileDialog>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QPlainTextEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>
#include <QTreeWidget>

using namespace km;
using namespace km::test;

class TstGuiKeyManagerTransfer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void exportWritesNoSecret();
    void aReportHoldsTheKeyManagerAndTheChecksButNoSecret();
    void importAsksBeforeUpdating();
    void importAsksBeforeSendingASecretElsewhere();
    void notAnExportIsSaidInThePage();
    void anExportThatWouldHoldAKeychainSecretIsNotWritten();
    void theConnectorsMaskFlagsMarkSecrets();
    void residentKeyManagerIsProtected();
    void openInKeyManagersSelectsIt();

private:
    QJsonObject keyManagerNamed(const QString &name) const;

    SandboxFixture m_sandbox;
    QTemporaryDir m_config;
    QTemporaryDir m_files;
    ServiceContext *m_context = nullptr;
    MainWindow *m_window = nullptr;
    QString m_secret;
};

QJsonObject TstGuiKeyManagerTransfer::keyManagerNamed(const QString &name) const
{
    return m_sandbox.keyManagersNamed(name).value(0);
}

void TstGuiKeyManagerTransfer::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    QVERIFY(m_config.isValid() && m_files.isValid());
    qputenv("KMCONSOLE_CONFIG_DIR", QFile::encodeName(m_config.path()));
    m_context = new ServiceContext(QString(), this);

    // The API Manager profile the window connects to, its password in the keychain.
    ApimProfile apim;
    apim.name = QStringLiteral("local");
    apim.url = m_sandbox.apimUrl();
    apim.username = m_sandbox.apimUser();
    apim.pinnedCertificates.insert(m_sandbox.apimHostPort(), m_sandbox.apimFingerprint());
    m_context->profiles()->upsertApim(apim);
    QVERIFY(!await(m_context->secrets()->write(SecretStore::apimPasswordKey(apim.name), m_sandbox.apimPassword()))->hasError());

    // An Entra key manager set up the console's way; its profile holds the secret the import needs.
    const auto client = m_sandbox.sandbox()->entra()->managementClient();
    m_secret = client.secret;
    EntraProfile entra;
    entra.name = QStringLiteral("contoso");
    entra.tenant = m_sandbox.sandbox()->entra()->tenantId();
    entra.clientId = client.clientId;
    entra.loginUrl = m_sandbox.sandbox()->entra()->loginUrl();
    entra.graphUrl = m_sandbox.sandbox()->entra()->graphUrl();
    auto saved = await(m_context->saveProfileWithSecret(SecretStore::entraSecretKey(entra.name), client.secret,
                                                        [entra](ProfileStore *store) { store->upsertEntra(entra); }));
    QVERIFY2(!saved->hasError(), qPrintable(saved->error().toUserText()));
    ApimClient *setupClient = m_sandbox.apimClient(m_context->http(), this);
    auto *entraClient = new EntraClient(m_context->http(), entra, client.secret, this);
    AzureSetupOptions options;
    options.name = QStringLiteral("AzureAD");
    SetupRunner *runner = AzureSetup::createRunner(setupClient, entraClient, m_context->http(), options, this);
    QSignalSpy finished(runner, &SetupRunner::finished);
    runner->start();
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(runner->summary()));

    m_window = new MainWindow(m_context);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    m_window->connection()->connectToProfile(apim.name);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->connection()->state() == ApimConnection::State::Connected, 15000);
    // What the README shows: the key managers with one selected, its configuration with the secret masked.
    m_window->resize(1180, 640);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->keyManagersPage()->proxy()->rowCount() == 2, 15000);
    auto *table = m_window->keyManagersPage()->findChild<QTableView *>();
    QVERIFY(table);
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, 0).data().toString() == QLatin1String("AzureAD"))
            table->selectRow(row);
    }
    auto *detail = m_window->keyManagersPage()->findChild<QPlainTextEdit *>();
    QTRY_VERIFY(detail && detail->toPlainText().contains(QLatin1String("azure_ad_client_secret")));
    QVERIFY(!detail->toPlainText().contains(m_secret));
    grab(m_window, QStringLiteral("main-window-key-managers"));
    // Copy takes the configuration as shown, the secret still masked.
    QTest::mouseClick(child<QToolButton>(m_window->keyManagersPage(), "copyKeyManagerDetail"), Qt::LeftButton);
    QVERIFY(CopyButton::lastCopied().contains(QLatin1String("\"azure_ad_client_id\"")));
    QVERIFY(!CopyButton::lastCopied().contains(m_secret));
}

void TstGuiKeyManagerTransfer::cleanupTestCase()
{
    delete m_window;
}

void TstGuiKeyManagerTransfer::exportWritesNoSecret()
{
    QVERIFY(child<QAction>(m_window, "actionExport")->isEnabled());
    const QString path = m_files.filePath(QStringLiteral("export.json"));
    m_window->exportKeyManagersTo(path);
    StateBanner *banner = m_window->keyManagersPage()->banner();
    QTRY_VERIFY_WITH_TIMEOUT(banner->text().startsWith(QLatin1String("Exported 1 key manager(s)")), 15000);
    QVERIFY(banner->text().contains(QLatin1String("without secrets")));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY2(!text.contains(m_secret.toUtf8()), "the export holds the client secret");
    QVERIFY(text.contains("\"AzureAD\""));
}

void TstGuiKeyManagerTransfer::aReportHoldsTheKeyManagerAndTheChecksButNoSecret()
{
    QVERIFY(child<QAction>(m_window, "actionSaveReport")->isEnabled());
    // File › Save report proposes a dated PDF; choosing the HTML filter makes a typed name end in .html.
    child<QAction>(m_window, "actionSaveReport")->trigger();
    QPointer<QFileDialog> dialog = m_window->findChild<QFileDialog *>();
    QVERIFY(dialog && dialog->isVisible());
    QCOMPARE(dialog->defaultSuffix(), QStringLiteral("pdf"));
    auto *types = dialog->findChild<QComboBox *>(QStringLiteral("fileTypeCombo"));
    QVERIFY(types);
    QTest::keyClick(types, Qt::Key_Down); // as the user picks it: activated, not only a changed index
    QCOMPARE(dialog->defaultSuffix(), QStringLiteral("html"));
    dialog->reject();
    QTRY_VERIFY(!dialog);

    StateBanner *banner = m_window->keyManagersPage()->banner();
    // The Doctor has not run in this window: the report runs its API Manager checks.
    QVERIFY(m_window->doctorPage()->lastReport().isEmpty());
    QSignalSpy saved(m_window, &MainWindow::reportSaved);
    const QString html = m_files.filePath(QStringLiteral("report.html"));
    m_window->saveReportTo(html);
    QVERIFY(banner->text().contains(QLatin1String("running the Doctor's checks")));
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 30000);
    QCOMPARE(banner->text(), QStringLiteral("Saved the report of 1 key manager(s) and the Doctor's checks to %1, secrets masked.").arg(html));
    QFile file(html);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY2(!text.contains(m_secret), "the report holds the client secret");
    QVERIFY(text.contains(QLatin1String("<h2>AzureAD</h2>")));
    QVERIFY(text.contains(KeyManagerReport::maskedText()));
    QVERIFY(text.contains(QStringLiteral("%1 (profile %2)").arg(m_window->connection()->username(), m_window->connection()->profileName())));
    QVERIFY2(!text.contains(QLatin1String("Doctor not run")), "the report says the Doctor did not run");
    QVERIFY(text.contains(QLatin1String(">issuer<")));

    // As PDF, read back as text: the same key manager, its masked secret, never the secret.
    const QString pdf = m_files.filePath(QStringLiteral("report.pdf"));
    m_window->saveReportTo(pdf);
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 2, 30000);
    QCOMPARE(saved.last().first().toString(), pdf);
    QString error;
    const QString pdfText = km::test::pdfText(pdf, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(pdfText.contains(QLatin1String("AzureAD")), qPrintable(pdfText.left(2000)));
    QVERIFY(pdfText.contains(QLatin1String("(masked)")));
    QVERIFY2(!pdfText.contains(m_secret), "the PDF report holds the client secret");

    // Once the Doctor page has run, the report takes its checks instead of running them again.
    DoctorPage *doctor = m_window->doctorPage();
    QSignalSpy checked(doctor, &DoctorPage::finished);
    doctor->runChecks();
    QTRY_COMPARE_WITH_TIMEOUT(checked.count(), 1, 60000);
    const QJsonObject last = doctor->lastReport();
    QVERIFY(last.contains(QLatin1String("checks")));
    const QString again = m_files.filePath(QStringLiteral("report-after-doctor.html"));
    m_window->saveReportTo(again);
    QCOMPARE(banner->text(), QStringLiteral("Saving the report to %1: reading the key managers…").arg(again));
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 3, 30000);
    QFile afterDoctor(again);
    QVERIFY(afterDoctor.open(QIODevice::ReadOnly));
    const QString withChecks = QString::fromUtf8(afterDoctor.readAll());
    const QJsonObject summary = last.value(QLatin1String("summary")).toObject();
    QVERIFY2(withChecks.contains(QStringLiteral("%1 ok, %2 warnings, %3 errors")
                                     .arg(summary.value(QLatin1String("ok")).toInt())
                                     .arg(summary.value(QLatin1String("warn")).toInt())
                                     .arg(summary.value(QLatin1String("error")).toInt())),
             qPrintable(withChecks.left(1500)));
    QVERIFY(!withChecks.contains(m_secret));
}

void TstGuiKeyManagerTransfer::importAsksBeforeUpdating()
{
    // The same key manager, with another display name: what someone changed in the other environment.
    ApiError error;
    QJsonObject document = KeyManagerExport::read(m_files.filePath(QStringLiteral("export.json")), &error);
    QVERIFY2(!error, qPrintable(error.toUserText()));
    QJsonArray kms = document.value(QLatin1String("keyManagers")).toArray();
    QJsonObject km = kms.first().toObject();
    km.insert(QStringLiteral("displayName"), QStringLiteral("Entra ID (production)"));
    kms[0] = km;
    document.insert(QStringLiteral("keyManagers"), kms);
    const QString changed = m_files.filePath(QStringLiteral("changed.json"));
    QVERIFY(KeyManagerExport::write(changed, document, &error));

    m_window->openImportWizard(changed);
    auto *wizard = qobject_cast<ImportKeyManagersWizard *>(m_window->importWizard());
    QVERIFY(wizard && QTest::qWaitForWindowExposed(wizard));
    auto *contents = child<QTreeWidget>(wizard, "importContents");
    QCOMPARE(contents->topLevelItemCount(), 1);
    QVERIFY(contents->topLevelItem(0)->text(2).contains(QLatin1String("client secret of Entra app")));
    QTRY_VERIFY_WITH_TIMEOUT(messageText(wizard->currentPage(), "importMessage").contains(QLatin1String("Every secret was found")), 10000);
    grab(wizard, QStringLiteral("import-1-source"));
    QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
    // Back and Next again before API Manager has answered: the plan is shown once, not once per visit.
    QTest::mouseClick(wizard->button(QWizard::BackButton), Qt::LeftButton);
    QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
    // The plan: one update, of the display name only, not ticked until the administrator ticks it.
    QTreeWidget *plan = child<QTreeWidget>(wizard, "importPlan");
    QTRY_VERIFY_WITH_TIMEOUT(plan->topLevelItemCount() >= 1, 10000);
    // Every comparison either visit started has ended (answered or stopped) and is gone: what the tree holds now
    // is all it will hold.
    QTRY_VERIFY_WITH_TIMEOUT(wizard->planPage()->findChildren<km::Job *>().isEmpty(), 10000);
    QCOMPARE(plan->topLevelItemCount(), 1);
    QTreeWidgetItem *item = plan->topLevelItem(0);
    QCOMPARE(item->text(0), QStringLiteral("AzureAD (AzureAD)"));
    QCOMPARE(item->text(1), QStringLiteral("update 1 field(s)"));
    QCOMPARE(item->checkState(0), Qt::Unchecked);
    QCOMPARE(item->childCount(), 1);
    QCOMPARE(item->child(0)->text(0), QStringLiteral("displayName"));
    QCOMPARE(item->child(0)->text(3), QStringLiteral("Entra ID (production)"));
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
    grab(wizard, QStringLiteral("import-2-plan"));
    item->setCheckState(0, Qt::Checked);
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(applySucceeded(wizard), 15000);
    grab(wizard, QStringLiteral("import-3-applied"));
    QCOMPARE(keyManagerNamed(QStringLiteral("AzureAD")).value(QLatin1String("displayName")).toString(), QStringLiteral("Entra ID (production)"));
    // One PUT and nothing else was sent to save it.
    QCOMPARE(m_sandbox.countRequests(QStringLiteral("PUT"), QStringLiteral("/key-managers/")), 1);
    QCOMPARE(m_sandbox.countRequests(QStringLiteral("POST"), QStringLiteral("/key-managers$")), 0);
    // The secret sent is the keychain's, not the empty one of the file.
    QCOMPARE(keyManagerNamed(QStringLiteral("AzureAD")).value(QLatin1String("additionalProperties")).toObject()
                 .value(QLatin1String("azure_ad_client_secret")).toString(), m_secret);
    wizard->close();
}

void TstGuiKeyManagerTransfer::importAsksBeforeSendingASecretElsewhere()
{
    // A file whose token endpoint points at another host than the Entra profile's: the console shows both
    // hosts and does not read the secret unless the administrator agrees.
    ApiError error;
    QJsonObject document = KeyManagerExport::read(m_files.filePath(QStringLiteral("export.json")), &error);
    QVERIFY2(!error, qPrintable(error.toUserText()));
    QJsonArray kms = document.value(QLatin1String("keyManagers")).toArray();
    QJsonObject km = kms.first().toObject();
    QJsonObject props = km.value(QLatin1String("additionalProperties")).toObject();
    props.insert(QStringLiteral("token_endpoint"), QStringLiteral("https://collector.example.net/token"));
    km.insert(QStringLiteral("additionalProperties"), props);
    kms[0] = km;
    document.insert(QStringLiteral("keyManagers"), kms);
    const QString path = m_files.filePath(QStringLiteral("elsewhere.json"));
    QVERIFY(KeyManagerExport::write(path, document, &error));
    const QString login = m_sandbox.sandbox()->entra()->loginUrl().adjusted(QUrl::RemovePath).toString();

    for (const char *answer : {"keepSecrets", "sendElsewhere"}) {
        QTRY_VERIFY(!m_window->importWizard());
        m_window->openImportWizard(path);
        auto *wizard = qobject_cast<ImportKeyManagersWizard *>(m_window->importWizard());
        QVERIFY(wizard && QTest::qWaitForWindowExposed(wizard));
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((box = wizard->findChild<QMessageBox *>(QStringLiteral("secretElsewhereConfirmation"))) && box->isVisible(), 10000);
        QVERIFY2(box->informativeText().contains(QLatin1String("https://collector.example.net")), qPrintable(box->informativeText()));
        QVERIFY2(box->informativeText().contains(login), qPrintable(box->informativeText()));
        QCOMPARE(box->defaultButton()->objectName(), QStringLiteral("keepSecrets"));
        if (qstrcmp(answer, "keepSecrets") == 0)
            grab(box, QStringLiteral("import-secret-elsewhere"));
        QTest::mouseClick(child<QPushButton>(box, answer), Qt::LeftButton);
        if (qstrcmp(answer, "keepSecrets") == 0) {
            QTRY_VERIFY(messageText(wizard->currentPage(), "importMessage").contains(QLatin1String("Nothing was imported")));
            QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
        } else {
            QTRY_VERIFY_WITH_TIMEOUT(messageText(wizard->currentPage(), "importMessage").contains(QLatin1String("as you agreed")), 10000);
            QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
        }
        wizard->close();
    }
}

void TstGuiKeyManagerTransfer::notAnExportIsSaidInThePage()
{
    const QString path = m_files.filePath(QStringLiteral("not-an-export.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"count": 0, "list": []})");
    file.close();
    QTRY_VERIFY(!m_window->importWizard());
    m_window->openImportWizard(path);
    QVERIFY(!m_window->importWizard());
    QVERIFY2(m_window->keyManagersPage()->banner()->text().contains(QLatin1String("not a kmconsole key-manager export")),
             qPrintable(m_window->keyManagersPage()->banner()->text()));
}

void TstGuiKeyManagerTransfer::anExportThatWouldHoldAKeychainSecretIsNotWritten()
{
    // Someone pasted the Entra client secret into a field no connector masks (the description): the
    // export would carry it. Nothing is written, and the banner says which secret and which field.
    ApimClient *apim = m_sandbox.apimClient(m_context->http(), this);
    auto stored = await(apim->getKeyManager(keyManagerNamed(QStringLiteral("AzureAD")).value(QLatin1String("id")).toString()));
    QVERIFY2(!stored->hasError(), qPrintable(stored->error().toUserText()));
    QJsonObject leaky = stored->result().toObject();
    leaky.remove(QStringLiteral("id"));
    leaky.insert(QStringLiteral("name"), QStringLiteral("AzureAD-notes"));
    leaky.insert(QStringLiteral("description"), QString(QStringLiteral("app secret: ") + m_secret));
    QJsonObject props = leaky.value(QLatin1String("additionalProperties")).toObject();
    props.insert(QStringLiteral("azure_ad_client_secret"), m_secret);
    leaky.insert(QStringLiteral("additionalProperties"), props);
    auto created = await(apim->createKeyManager(leaky));
    QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));

    const QString path = m_files.filePath(QStringLiteral("leaky.json"));
    m_window->exportKeyManagersTo(path);
    StateBanner *banner = m_window->keyManagersPage()->banner();
    QTRY_VERIFY_WITH_TIMEOUT(banner->text().startsWith(QLatin1String("Nothing was exported")), 15000);
    QVERIFY2(banner->text().contains(QStringLiteral("the client secret of Entra profile “contoso”, in field description of key manager “AzureAD-notes”")),
             qPrintable(banner->text()));
    QVERIFY(!banner->text().contains(m_secret));
    QVERIFY(!QFile::exists(path));
    auto removed = await(apim->deleteKeyManager(created->result().toObject().value(QLatin1String("id")).toString()));
    QVERIFY2(!removed->hasError(), qPrintable(removed->error().toUserText()));
}

void TstGuiKeyManagerTransfer::theConnectorsMaskFlagsMarkSecrets()
{
    // A connector the console knows nothing about: its /settings mask flag alone makes a field a secret.
    const QJsonObject settings{{QStringLiteral("keyManagerConfiguration"),
                                QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("PingFederate")},
                                                       {QStringLiteral("configurations"),
                                                        QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("pf_client_credential")}, {QStringLiteral("mask"), true}},
                                                                   QJsonObject{{QStringLiteral("name"), QStringLiteral("pf_client_id")}, {QStringLiteral("mask"), false}}}}}}}};
    const QJsonObject km{{QStringLiteral("name"), QStringLiteral("Ping")}, {QStringLiteral("type"), QStringLiteral("PingFederate")},
                         {QStringLiteral("additionalProperties"), QJsonObject{{QStringLiteral("pf_client_credential"), QStringLiteral("s3cr3t-value")},
                                                                              {QStringLiteral("pf_client_id"), QStringLiteral("client-1")},
                                                                              {QStringLiteral("pf_note"), QStringLiteral("*****")}}}};
    QJsonArray required;
    const QJsonObject out = KeyManagerExport::portable(km, &required, KeyManagerExport::maskFlags(settings).value(QStringLiteral("PingFederate")));
    const QJsonObject props = out.value(QLatin1String("additionalProperties")).toObject();
    QCOMPARE(props.value(QLatin1String("pf_client_credential")).toString(), QString());
    QCOMPARE(props.value(QLatin1String("pf_client_id")).toString(), QStringLiteral("client-1"));
    QCOMPARE(props.value(QLatin1String("pf_note")).toString(), QString()); // masked by the server: not a value to carry
    QCOMPARE(required.size(), 2);
}

namespace {
void selectRowNamed(QTableView *table, const QString &name)
{
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, 0).data().toString() == name)
            table->selectRow(row);
    }
}
QString selectedName(QTableView *table)
{
    return table->selectionModel()->currentIndex().siblingAtColumn(0).data().toString();
}
} // namespace

void TstGuiKeyManagerTransfer::residentKeyManagerIsProtected()
{
    m_window->showPage(MainWindow::KeyManagersPageId);
    KeyManagersPage *page = m_window->keyManagersPage();
    page->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(page->proxy()->rowCount() >= 2 && child<QPushButton>(page, "keyManagerToggle")->isEnabled(), 15000);
    auto *table = page->findChild<QTableView *>();
    selectRowNamed(table, QStringLiteral("Resident Key Manager"));
    QCOMPARE(selectedName(table), QStringLiteral("Resident Key Manager"));
    auto *remove = child<QPushButton>(page, "keyManagerDelete");
    QVERIFY(!remove->isEnabled());
    QVERIFY2(remove->toolTip().contains(QLatin1String("not deleted")), qPrintable(remove->toolTip()));
    // Even asked directly (a shortcut, a script), it is refused with words.
    page->deleteSelected();
    QVERIFY2(page->banner()->text().contains(QLatin1String("built-in key manager")), qPrintable(page->banner()->text()));

    // Disabling asks first, with what stops; Cancel sends nothing.
    const int puts = m_sandbox.countRequests(QStringLiteral("PUT"), QStringLiteral("/api/am/admin/v4/key-managers/"));
    QPointer<QMessageBox> box;
    QObject scope;
    connect(page, &KeyManagersPage::deleteConfirmationOpened, &scope, [&box](QMessageBox *b) { box = b; }); // clazy:exclude=lambda-in-connect (scope ends first)
    QTest::mouseClick(child<QPushButton>(page, "keyManagerToggle"), Qt::LeftButton);
    QTRY_VERIFY(box);
    QCOMPARE(box->objectName(), QStringLiteral("disableResidentConfirmation"));
    QVERIFY(box->informativeText().contains(QLatin1String("Developer Portal")));
    grab(box, QStringLiteral("key-managers-disable-resident"));
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!box);
    QCOMPARE(m_sandbox.countRequests(QStringLiteral("PUT"), QStringLiteral("/api/am/admin/v4/key-managers/")), puts);
    QVERIFY(keyManagerNamed(QStringLiteral("Resident Key Manager")).value(QLatin1String("enabled")).toBool(true));
}

void TstGuiKeyManagerTransfer::openInKeyManagersSelectsIt()
{
    m_window->showPage(MainWindow::ActivityPageId);
    auto *table = m_window->keyManagersPage()->findChild<QTableView *>();
    selectRowNamed(table, QStringLiteral("Resident Key Manager"));
    // What a setup wizard's "Open in Key Managers" does.
    m_window->openInKeyManagers(QStringLiteral("AzureAD"));
    QCOMPARE(m_window->currentPageId(), MainWindow::KeyManagersPageId);
    QTRY_COMPARE(selectedName(table), QStringLiteral("AzureAD"));
}

QTEST_MAIN(TstGuiKeyManagerTransfer)
#include "tst_gui_key_manager_transfer.moc"
