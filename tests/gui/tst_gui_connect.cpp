// Connecting to API Manager as a user does it: through the Connect dialog, typing into its fields,
// deciding about the untrusted certificate, and then working with the key-manager table.

#include "support/Widgets.h"
#include "support/JobWaiter.h"
#include "support/SandboxFixture.h"

#include "sandbox/SandboxServer.h"
#include "sandbox/apim/ApimStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/core/ServiceContext.h"
#include "services/http/HttpSession.h"
#include "services/secrets/SecretStore.h"
#include "services/profiles/ProfileStore.h"
#include "services/core/ConstRange.h"
#include "ui/connect/CertificateTrustPanel.h"
#include "ui/connect/ConnectDialog.h"
#include "services/setup/SetupRunner.h"
#include "ui/connect/ApimConnection.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/keymanagers/KeyManagersPage.h"
#include "ui/setup/SetupApplyPage.h"
#include "ui/setup/asgardeo/AsgardeoSetupWizard.h"

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QTableView>
#include <QPointer>
#include <QComboBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace km;
using namespace km::test;

class TstGuiConnect : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void badInputIsExplainedInlineAndKept_data();
    void badInputIsExplainedInlineAndKept();
    void connectsThroughDialogTrustsCertificateAndSeesKeyManagers();
    void wrongPasswordIsShownInTheDialog();
    void deleteAsksFirstAndRemovesFromServer();
    void changedCertificateIsShownAsAChange();
    void serverMarkupInAnErrorIsShownAsText();
    void userInfoInTheUrlIsRefused();
    void reconnectTakesRetryAwayFromAnOpenWizard();
    void testingASavedProfileRegistersNoNewClient();
    void aPasswordChangedInTheDialogIsUsedAtOnce();
    void aRefreshWhileConnectingStillFillsTheDetails();
    void statusLineSaysWhichApiManagerItIs();
    void versionTypedInTheDialogIsKeptAndCheckedAgainstTheServer();

private:
    ConnectDialog *openDialog();
    // Types a profile into the dialog's four fields, as a user does.
    static void fill(ConnectDialog *dialog, const QString &name, const QString &url, const QString &user, const QString &password);

    void connectThroughDialog();
    int tableRows() const;
    QString tableText(int row, int column) const;

    km::test::SandboxFixture m_sandbox;
    QTemporaryDir m_config;
    ServiceContext *m_context = nullptr;
    MainWindow *m_window = nullptr;
};

void TstGuiConnect::init()
{
    if (!m_sandbox.sandbox()) {
        QString error;
        QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    }
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
    // The shortcut works in the active window, as for a user who clicks back into the console.
    m_window->activateWindow();
    if (!QTest::qWaitForWindowActive(m_window))
        return nullptr;
    QTest::keyClick(m_window, Qt::Key_K, Qt::ControlModifier);
    ConnectDialog *dialog = m_window->connectDialog();
    if (dialog && !QTest::qWaitForWindowExposed(dialog))
        return nullptr;
    return dialog;
}

void TstGuiConnect::fill(ConnectDialog *dialog, const QString &name, const QString &url, const QString &user, const QString &password)
{
    typeInto(dialog, "profileName", name);
    typeInto(dialog, "apimUrl", url);
    typeInto(dialog, "username", user);
    typeInto(dialog, "password", password);
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
    fill(dialog, QStringLiteral("production"), url, user, password);
    QTest::mouseClick(child<QPushButton>(dialog, "testConnection"), Qt::LeftButton);
    QVERIFY2(dialog->errorText().contains(message), qPrintable(dialog->errorText()));
    QVERIFY(dialog->isVisible());
    QCOMPARE(QApplication::focusWidget()->objectName(), focus);
    // Nothing typed is lost.
    QCOMPARE(child<QLineEdit>(dialog, "apimUrl")->text(), url);
    QCOMPARE(child<QLineEdit>(dialog, "username")->text(), user);
    QCOMPARE(child<QLineEdit>(dialog, "password")->text(), password);
    QVERIFY(!m_context->profiles()->apimProfile(QStringLiteral("production")));
    // The error is shown whole and no field is squashed to make room for it.
    auto *error = child<QLabel>(dialog, "connectError");
    auto shownWhole = [dialog, error] {
        if (error->height() < error->heightForWidth(error->width()))
            return false;
        for (const char *field : {"apimUrl", "username", "password"}) {
            if (child<QLineEdit>(dialog, field)->height() < child<QLineEdit>(dialog, field)->minimumSizeHint().height())
                return false;
        }
        return true;
    };
    QTRY_VERIFY2(shownWhole(), qPrintable(QStringLiteral("dialog %1x%2").arg(dialog->width()).arg(dialog->height())));
    grab(dialog, QStringLiteral("connect-dialog-error-") + QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')));
}

int TstGuiConnect::tableRows() const
{
    auto *table = child<QTableView>(m_window, "keyManagerTable");
    return table && table->model() ? table->model()->rowCount() : -1;
}

QString TstGuiConnect::tableText(int row, int column) const
{
    auto *table = child<QTableView>(m_window, "keyManagerTable");
    return table->model()->index(row, column).data().toString();
}

void TstGuiConnect::connectThroughDialog()
{
    ConnectDialog *dialog = openDialog();
    QVERIFY(dialog);
    fill(dialog, QStringLiteral("local"), m_sandbox.apimUrl().toString(), m_sandbox.apimUser(), m_sandbox.apimPassword());
    QTest::mouseClick(child<QPushButton>(dialog, "testConnection"), Qt::LeftButton);

    // The sandbox's certificate is self-signed: the dialog shows it and asks.
    auto *panel = child<QWidget>(dialog, "certificatePanel");
    QTRY_VERIFY_WITH_TIMEOUT(panel->isVisible(), 15000);
    bool fingerprintShown = false;
    for (QLabel *label : panel->findChildren<QLabel *>())
        fingerprintShown = fingerprintShown || label->text().contains(m_sandbox.apimFingerprint());
    QVERIFY2(fingerprintShown, "the certificate's SHA-256 fingerprint is not shown");
    grab(dialog, QStringLiteral("connect-untrusted-certificate"));
    QVERIFY(m_context->profiles()->apimProfile(QStringLiteral("local")) == std::nullopt); // nothing pinned or saved yet

    QTest::mouseClick(child<QPushButton>(dialog, "trustCertificate"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->statusText().contains(QStringLiteral("accepted")), 15000);
    QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->connectDialog(), 15000);

    const auto profile = m_context->profiles()->apimProfile(QStringLiteral("local"));
    QVERIFY(profile.has_value());
    QCOMPARE(profile->pinnedCertificates.value(m_sandbox.apimHostPort()), m_sandbox.apimFingerprint());
}

void TstGuiConnect::connectsThroughDialogTrustsCertificateAndSeesKeyManagers()
{
    // Setting up a key manager needs a connection first.
    QVERIFY(!m_window->setupAsgardeoAction()->isEnabled());
    connectThroughDialog();
    QTRY_VERIFY(m_window->setupAsgardeoAction()->isEnabled());
    QTRY_VERIFY(!m_window->connectDialog() || !m_window->connectDialog()->isVisible());
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window));
    QTest::keyClick(m_window, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(m_window->asgardeoWizard());
    QVERIFY(QTest::qWaitForWindowExposed(m_window->asgardeoWizard()));
    m_window->asgardeoWizard()->close();
    QVERIFY(m_window->setupEntraAction()->isEnabled());
    QTRY_VERIFY(!m_window->asgardeoWizard());
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window));
    QTest::keyClick(m_window, Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(m_window->entraWizard());
    QVERIFY(QTest::qWaitForWindowExposed(m_window->entraWizard()));
    m_window->entraWizard()->close();
    QTRY_COMPARE_WITH_TIMEOUT(tableRows(), 1, 15000);
    QCOMPARE(tableText(0, 0), QStringLiteral("Resident Key Manager"));
    // The issuer column is filled from each key manager's details.
    QTRY_VERIFY_WITH_TIMEOUT(tableText(0, 5).startsWith(m_sandbox.apimUrl().toString()), 15000);
    grab(m_window, QStringLiteral("main-window-connected"));
    // The password went to the keychain, not to the profile file.
    QFile file(m_context->profiles()->filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains(m_sandbox.apimPassword().toUtf8()));
    auto stored = km::test::await(m_context->secrets()->read(SecretStore::apimPasswordKey(QStringLiteral("local"))));
    QCOMPARE(stored->result().toString(), m_sandbox.apimPassword());

    // The Key Managers page, the Doctor's choice and the Token Inspector's read the list from the
    // connection's one catalogue: a new connection (here: the password entered again) costs API Manager
    // one read of the list, not one per page.
    const QString listPath = QStringLiteral("/api/am/admin/v4/key-managers$");
    const int before = m_sandbox.countRequests(QStringLiteral("GET"), listPath);
    QPointer<ApimClient> first = m_window->connection()->client();
    QVERIFY(!km::test::await(m_context->secrets()->write(SecretStore::apimPasswordKey(QStringLiteral("local")), m_sandbox.apimPassword()))->hasError());
    QTRY_VERIFY(first.isNull());
    QTRY_VERIFY(m_window->connection()->client());
    auto *doctorChoice = child<QComboBox>(m_window, "doctorKeyManager");
    QTRY_VERIFY(doctorChoice->findText(QStringLiteral("Resident Key Manager")) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(tableRows() == 1 && tableText(0, 5).startsWith(m_sandbox.apimUrl().toString()), 15000);
    QCOMPARE(m_sandbox.countRequests(QStringLiteral("GET"), listPath), before + 1);
}

void TstGuiConnect::wrongPasswordIsShownInTheDialog()
{
    m_context->http()->pinCertificate(m_sandbox.apimHostPort(), m_sandbox.apimFingerprint());
    ConnectDialog *dialog = openDialog();
    QVERIFY(dialog);
    fill(dialog, QStringLiteral("wrong"), m_sandbox.apimUrl().toString(), m_sandbox.apimUser(), QStringLiteral("not-it"));
    QTest::mouseClick(child<QPushButton>(dialog, "testConnection"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->errorText().isEmpty(), 15000);
    QVERIFY2(dialog->errorText().contains(QStringLiteral("rejected the user name or password for admin")), qPrintable(dialog->errorText()));
    // The final error alone: no "Contacting…" line left above it.
    QVERIFY2(dialog->statusText().isEmpty(), qPrintable(dialog->statusText()));
    QVERIFY(dialog->isVisible());
    QCOMPARE(child<QLineEdit>(dialog, "password")->text(), QStringLiteral("not-it")); // nothing typed is lost
    QVERIFY(QApplication::activeModalWidget() == nullptr || QApplication::activeModalWidget() == dialog);
}

void TstGuiConnect::deleteAsksFirstAndRemovesFromServer()
{
    // A key manager to delete, created on the server the way an administrator would have.
    HttpSession session;
    session.pinCertificate(m_sandbox.apimHostPort(), m_sandbox.apimFingerprint());
    ApimClient apim(&session, {m_sandbox.apimUrl(), m_sandbox.apimUser(), m_sandbox.apimPassword(), QString(), QString()});
    auto created = km::test::await(apim.createKeyManager(QJsonObject{{QStringLiteral("name"), QStringLiteral("Old-IdP")},
                                                                     {QStringLiteral("type"), QStringLiteral("default")}}));
    QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));

    connectThroughDialog();
    QTRY_COMPARE_WITH_TIMEOUT(tableRows(), 2, 15000);
    auto *table = child<QTableView>(m_window, "keyManagerTable");
    int row = tableText(0, 0) == QLatin1String("Old-IdP") ? 0 : 1;
    table->selectRow(row);
    QMessageBox *box = nullptr;
    QTest::mouseClick(child<QPushButton>(m_window, "keyManagerDelete"), Qt::LeftButton);
    QTRY_VERIFY((box = m_window->findChild<QMessageBox *>(QStringLiteral("deleteConfirmation"))) && box->isVisible());
    QVERIFY(box->text().contains(QLatin1String("Old-IdP")));
    QCOMPARE(tableRows(), 2); // nothing deleted before the answer
    QTest::mouseClick(child<QPushButton>(box, "deleteConfirm"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(tableRows(), 1, 15000);
    QCOMPARE(tableText(0, 0), QStringLiteral("Resident Key Manager"));
    for (const QJsonObject &km : m_sandbox.sandbox()->apim()->keyManagers())
        QVERIFY(km.value(QLatin1String("name")).toString() != QLatin1String("Old-IdP"));
}

void TstGuiConnect::changedCertificateIsShownAsAChange()
{
    // The host was trusted with another certificate before: the panel says it changed and shows both.
    const QString trustedBefore = QStringList(32, QStringLiteral("5A")).join(QLatin1Char(':'));
    m_context->http()->pinCertificate(m_sandbox.apimHostPort(), trustedBefore);
    ConnectDialog *dialog = openDialog();
    QVERIFY(dialog);
    fill(dialog, QStringLiteral("changed"), m_sandbox.apimUrl().toString(), m_sandbox.apimUser(), m_sandbox.apimPassword());
    m_sandbox.clearRecordedRequests();
    QTest::mouseClick(child<QPushButton>(dialog, "testConnection"), Qt::LeftButton);
    auto *panel = child<CertificateTrustPanel>(dialog, "certificatePanel");
    QTRY_VERIFY_WITH_TIMEOUT(panel->isVisible(), 15000);
    const QString intro = child<QLabel>(panel, "certificateIntro")->text();
    QVERIFY2(intro.contains(QLatin1String("has changed since you trusted it")), qPrintable(intro));
    auto *previous = child<QLabel>(panel, "certificatePreviousFingerprint");
    QVERIFY(previous->isVisible());
    QCOMPARE(previous->text(), trustedBefore);
    QCOMPARE(child<QLabel>(panel, "certificateFingerprint")->text(), m_sandbox.apimFingerprint());
    QVERIFY(child<QPushButton>(panel, "trustCertificate")->text().contains(QLatin1String("new certificate")));
    QCOMPARE(m_sandbox.recordedRequests().size(), 0); // nothing went to the server with the changed certificate
    grab(dialog, QStringLiteral("connect-changed-certificate"));

    // A first use on the same panel shows no "before".
    m_context->http()->unpinCertificate(m_sandbox.apimHostPort());
    QTest::mouseClick(child<QPushButton>(panel, "rejectCertificate"), Qt::LeftButton);
    QTest::mouseClick(child<QPushButton>(dialog, "testConnection"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(panel->isVisible(), 15000);
    QVERIFY(!previous->isVisible());
    QVERIFY(!child<QLabel>(panel, "certificateIntro")->text().contains(QLatin1String("changed")));
}

void TstGuiConnect::serverMarkupInAnErrorIsShownAsText()
{
    // A server's error text is shown as the server wrote it: no bold, no link to click.
    km::sandbox::SandboxServer::Fault f;
    f.method = "POST";
    f.path = QRegularExpression(QStringLiteral("^/client-registration/"));
    f.status = 400;
    f.body = R"({"code":400,"message":"<a href=\"https://evil.example/login\">Sign in again</a> <b>now</b>"})";
    m_sandbox.sandbox()->apim()->server()->addFault(f);
    m_context->http()->pinCertificate(m_sandbox.apimHostPort(), m_sandbox.apimFingerprint());
    ConnectDialog *dialog = openDialog();
    QVERIFY(dialog);
    fill(dialog, QStringLiteral("markup"), m_sandbox.apimUrl().toString(), m_sandbox.apimUser(), m_sandbox.apimPassword());
    QTest::mouseClick(child<QPushButton>(dialog, "testConnection"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->errorText().isEmpty(), 15000);
    auto *error = child<QLabel>(dialog, "connectError");
    QVERIFY2(error->text().contains(QLatin1String("<a href=\"https://evil.example/login\">")), qPrintable(error->text()));
    QCOMPARE(error->textFormat(), Qt::PlainText);
    QVERIFY(!error->openExternalLinks());
    QSignalSpy linkClicked(error, &QLabel::linkActivated);
    QSignalSpy linkHovered(error, &QLabel::linkHovered);
    QTest::mouseMove(error, QPoint(error->fontMetrics().horizontalAdvance(QStringLiteral("<a href")), error->height() / 2));
    QTest::mouseClick(error, Qt::LeftButton, {}, QPoint(error->fontMetrics().horizontalAdvance(QStringLiteral("<a href")), error->height() / 2));
    QCOMPARE(linkClicked.count(), 0);
    QCOMPARE(linkHovered.count(), 0);
    // Every label in the console that quotes the server says it as text, the status line included.
    for (QWidget *top : {static_cast<QWidget *>(dialog), static_cast<QWidget *>(m_window)}) {
        for (QLabel *label : top->findChildren<QLabel *>()) {
            if (label->text().contains(QLatin1String("evil.example")))
                QVERIFY2(label->textFormat() == Qt::PlainText, qPrintable(label->objectName()));
        }
    }
}

void TstGuiConnect::userInfoInTheUrlIsRefused()
{
    ConnectDialog *dialog = openDialog();
    QVERIFY(dialog);
    fill(dialog, QStringLiteral("userinfo"), QStringLiteral("https://admin:pw-typed-in-url@apim.example.com:9443"), QStringLiteral("admin"), QStringLiteral("pw"));
    QTest::mouseClick(child<QPushButton>(dialog, "testConnection"), Qt::LeftButton);
    QVERIFY2(dialog->errorText().contains(QLatin1String("user name or password before the host")), qPrintable(dialog->errorText()));
    QVERIFY(!dialog->errorText().contains(QLatin1String("pw-typed-in-url")));
    QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("apimUrl"));
    QVERIFY(!m_context->profiles()->apimProfile(QStringLiteral("userinfo")));
    QFile file(m_context->profiles()->filePath());
    QVERIFY(!file.open(QIODevice::ReadOnly) || !file.readAll().contains("pw-typed-in-url"));
}

void TstGuiConnect::reconnectTakesRetryAwayFromAnOpenWizard()
{
    // A setup failed part-way; the password is then entered again (the shared connection drops the old
    // ApimClient, the console reconnects). The wizard's Retry would run the remaining steps with the old
    // client: it must be gone.
    connectThroughDialog();
    QTRY_VERIFY(m_window->connection()->client());
    QPointer<ApimClient> oldClient = m_window->connection()->client();
    m_window->openAsgardeoWizard();
    AsgardeoSetupWizard *wizard = m_window->asgardeoWizard();
    QVERIFY(wizard);
    SetupApplyPage *apply = wizard->applyPage();
    int runs = 0;
    apply->setRunnerFactory([&runs, oldClient](QObject *parent) {
        auto *runner = new SetupRunner(parent);
        runner->addStep(QStringLiteral("km"), QStringLiteral("Create key manager"), [&runs, oldClient](SetupRunner *r) {
            ++runs;
            ApiError e;
            e.kind = ApiError::Kind::Network;
            e.message = oldClient ? QStringLiteral("refused") : QStringLiteral("ran with a deleted client");
            r->stepFailed(e);
        });
        return runner;
    });
    apply->initializePage();
    auto *retry = child<QPushButton>(apply, "applyRetry");
    QTRY_VERIFY(!retry->isHidden());
    QCOMPARE(runs, 1);

    QVERIFY(!km::test::await(m_context->secrets()->write(SecretStore::apimPasswordKey(QStringLiteral("local")), m_sandbox.apimPassword()))->hasError());
    QTRY_VERIFY_WITH_TIMEOUT(!oldClient, 5000);
    QTRY_VERIFY(m_window->connection()->client());
    QVERIFY(retry->isHidden());
    QVERIFY(!apply->runner());
    const QString summary = child<QLabel>(apply, "applySummary")->text();
    QVERIFY2(summary.contains(QLatin1String("connection to API Manager changed")), qPrintable(summary));
    QTest::mouseClick(retry, Qt::LeftButton);
    QCOMPARE(runs, 1);
    wizard->close();
}

void TstGuiConnect::testingASavedProfileRegistersNoNewClient()
{
    // Each DCR registration is a REST client on API Manager: a saved profile's is reused, not replaced.
    const QString registerPath = QStringLiteral("/client-registration/v0.17/register$");
    const int before = m_sandbox.countRequests(QStringLiteral("POST"), registerPath);
    connectThroughDialog();
    QTRY_VERIFY(m_window->connection()->client());
    QCOMPARE(m_sandbox.countRequests(QStringLiteral("POST"), registerPath), before + 1);
    const QString clientId = m_context->profiles()->apimProfile(QStringLiteral("local"))->dcrClientId;
    QVERIFY(!clientId.isEmpty());

    m_window->openConnectDialog();
    ConnectDialog *dialog = m_window->connectDialog();
    QVERIFY(dialog && QTest::qWaitForWindowExposed(dialog));
    QCOMPARE(child<QLineEdit>(dialog, "profileName")->text(), QStringLiteral("local"));
    // The saved profiles are there to pick from.
    auto *profiles = child<QComboBox>(dialog, "profileCombo");
    QCOMPARE(profiles->findText(QStringLiteral("local")), 0);
    typeInto(dialog, "apimUrl", QStringLiteral("https://elsewhere.invalid"));
    profiles->setCurrentIndex(-1);
    QTest::keyClick(profiles, Qt::Key_Down); // picking it loads it again
    QCOMPARE(child<QLineEdit>(dialog, "profileName")->text(), QStringLiteral("local"));
    QCOMPARE(child<QLineEdit>(dialog, "apimUrl")->text(), m_context->profiles()->apimProfile(QStringLiteral("local"))->url.toString());
    QTest::mouseClick(child<QPushButton>(dialog, "testConnection"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->statusText().contains(QStringLiteral("accepted")), 15000);
    QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->connectDialog(), 15000);
    QTRY_VERIFY(m_window->connection()->state() == ApimConnection::State::Connected);
    QCOMPARE(m_sandbox.countRequests(QStringLiteral("POST"), registerPath), before + 1);
    QCOMPARE(m_context->profiles()->apimProfile(QStringLiteral("local"))->dcrClientId, clientId);
}

void TstGuiConnect::aPasswordChangedInTheDialogIsUsedAtOnce()
{
    connectThroughDialog();
    QTRY_COMPARE_WITH_TIMEOUT(tableRows(), 1, 15000);
    QPointer<ApimClient> before = m_window->connection()->client();
    QVERIFY(before);
    m_sandbox.clearRecordedRequests();

    // The administrator rotated the password on the server and types the new one for the same profile.
    m_window->openConnectDialog();
    ConnectDialog *dialog = m_window->connectDialog();
    QVERIFY(dialog && QTest::qWaitForWindowExposed(dialog));
    QCOMPARE(child<QLineEdit>(dialog, "profileName")->text(), QStringLiteral("local"));
    typeInto(dialog, "password", QStringLiteral("rotated-password-value"));
    QTest::mouseClick(child<QPushButton>(dialog, "saveProfile"), Qt::LeftButton);

    // The console signs in again with it at once, instead of going on with the old password's token.
    auto tokenRequestWith = [this](const QString &password) {
        for (const QJsonValue &v : km::constTemporary(m_sandbox.recordedRequests())) {
            const QJsonObject o = v.toObject();
            if (o.value(QLatin1String("method")).toString() == QLatin1String("POST") && o.value(QLatin1String("path")).toString().endsWith(QLatin1String("/token"))
                && o.value(QLatin1String("body")).toString().contains(QStringLiteral("password=") + password))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(tokenRequestWith(QStringLiteral("rotated-password-value")), 15000);
    QVERIFY(before.isNull());
    QVERIFY(m_window->connection()->client());
    QVERIFY(!tokenRequestWith(QString::fromLatin1(QUrl::toPercentEncoding(m_sandbox.apimPassword()))));
}

void TstGuiConnect::aRefreshWhileConnectingStillFillsTheDetails()
{
    connectThroughDialog();
    QTRY_VERIFY_WITH_TIMEOUT(tableRows() == 1 && tableText(0, 5).startsWith(m_sandbox.apimUrl().toString()), 15000);
    // Connect again (the same shared client) and press Refresh at once, while the list is being read.
    m_window->connection()->connectToProfile(QStringLiteral("local"));
    QTRY_VERIFY(m_window->connection()->client());
    m_window->keyManagersPage()->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(tableRows() == 1 && tableText(0, 5).startsWith(m_sandbox.apimUrl().toString()), 15000);
}

void TstGuiConnect::statusLineSaysWhichApiManagerItIs()
{
    // Read from the server's Publisher settings after connecting, shown in the status line and kept in the
    // profile for `profile list`.
    connectThroughDialog();
    QLabel *status = m_window->connectionStatus();
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("API Manager 4.6 or later; its Publisher has MCP servers")), 15000);
    QCOMPARE(m_context->profiles()->apimProfile(QStringLiteral("local"))->server.value(QLatin1String("mcpServers")).toString(),
             QStringLiteral("present"));

    // The same profile on a server answering as 4.2: no MCP servers, and why.
    sandbox::ApimStandIn *apim = m_sandbox.sandbox()->apim();
    apim->setVersion(4, 2, 0);
    auto restore = qScopeGuard([apim] { apim->setVersion(4, 6, 0); });
    m_window->connection()->connectToProfile(QStringLiteral("local"));
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("API Manager 4.x before 4.6; no MCP servers (they came with 4.6)")), 15000);
    QVERIFY2(status->text().contains(QLatin1String("connected as")), qPrintable(status->text()));
    QCOMPARE(m_context->profiles()->apimProfile(QStringLiteral("local"))->server.value(QLatin1String("mcpServers")).toString(),
             QStringLiteral("absent"));
}

void TstGuiConnect::versionTypedInTheDialogIsKeptAndCheckedAgainstTheServer()
{
    ConnectDialog *dialog = openDialog();
    QVERIFY(dialog);
    fill(dialog, QStringLiteral("staging"), QStringLiteral("https://apim.example.com:9443"), QStringLiteral("admin"), QStringLiteral("pw"));

    // Something that is no release: said on the field, nothing saved, nothing typed lost.
    auto *version = child<QLineEdit>(dialog, "apimVersion");
    auto *note = child<QLabel>(dialog, "apimVersionNote");
    typeInto(dialog, "apimVersion", QStringLiteral("four-two"));
    QTRY_VERIFY(note->isVisible());
    QVERIFY2(note->text().contains(QLatin1String("is not an API Manager version")), qPrintable(note->text()));
    QTest::mouseClick(child<QPushButton>(dialog, "saveProfile"), Qt::LeftButton);
    QVERIFY2(dialog->errorText().contains(QStringLiteral("“four-two” is not an API Manager version")), qPrintable(dialog->errorText()));
    QVERIFY2(version->hasFocus(), QApplication::focusWidget() ? QApplication::focusWidget()->metaObject()->className() : "no focus");
    QCOMPARE(version->text(), QStringLiteral("four-two"));
    QVERIFY(!m_context->profiles()->apimProfile(QStringLiteral("staging")));

    // A release newer than the console knows is taken, with what the console does about it.
    typeInto(dialog, "apimVersion", QStringLiteral("4.9"));
    QTRY_VERIFY2(note->text().contains(QLatin1String("newer than the releases the console knows")), qPrintable(note->text()));
    // Wrapped over several lines, the note is shown whole: the dialog grows instead of clipping it.
    QTRY_VERIFY2(note->height() >= note->heightForWidth(note->width()), qPrintable(QString::number(note->height())));
    grab(dialog, QStringLiteral("connect-dialog-version-note"));
    {
        // Escape closes the dialog (and, closed, it goes away).
        QPointer<ConnectDialog> closing(dialog);
        QTest::keyClick(dialog, Qt::Key_Escape);
        QTRY_VERIFY(closing.isNull());
    }

    // Connected once (certificate trusted), then the release declared in the dialog, typed short, saved in full.
    connectThroughDialog();
    QTRY_VERIFY(m_window->connection()->state() == ApimConnection::State::Connected);
    dialog = openDialog();
    QVERIFY(dialog);
    dialog->loadProfile(QStringLiteral("local"));
    QCOMPARE(child<QLineEdit>(dialog, "apimVersion")->text(), QString());
    typeInto(dialog, "apimVersion", QStringLiteral("4.2"));
    QTRY_VERIFY(child<QLabel>(dialog, "apimVersionNote")->isHidden());
    QTest::mouseClick(child<QPushButton>(dialog, "saveProfile"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->connectDialog() || !m_window->connectDialog()->isVisible(), 15000);
    QCOMPARE(m_context->profiles()->apimProfile(QStringLiteral("local"))->apimVersion, QStringLiteral("4.2.0"));

    // Opened again, the saved profile shows it.
    dialog = openDialog();
    QVERIFY(dialog);
    dialog->loadProfile(QStringLiteral("local"));
    QCOMPARE(child<QLineEdit>(dialog, "apimVersion")->text(), QStringLiteral("4.2.0"));
    {
        // Escape closes the dialog (and, closed, it goes away).
        QPointer<ConnectDialog> closing(dialog);
        QTest::keyClick(dialog, Qt::Key_Escape);
        QTRY_VERIFY(closing.isNull());
    }

    // The sandbox answers as 4.6: the status line says the declaration is wrong and that the server wins.
    m_window->connection()->connectToProfile(QStringLiteral("local"));
    QLabel *status = m_window->connectionStatus();
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("The profile says 4.2.0, but the server's Publisher has MCP servers")), 15000);
}

QTEST_MAIN(TstGuiConnect)
#include "tst_gui_connect.moc"
