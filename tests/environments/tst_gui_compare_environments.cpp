// File › Compare environments as an administrator uses it: two API Managers (dev and prod, each its own
// sandbox) with a key manager only in each, one that differs in one field and one that is the same; the
// dialog, reached from the menu and driven by the keyboard, shows each with its status, the differing
// field with both values, never a secret, and an API Manager it cannot reach in words.

#include "support/JobWaiter.h"
#include "support/SandboxFixture.h"
#include "support/Widgets.h"

#include "services/apim/ApimClient.h"
#include "services/core/ServiceContext.h"
#include "services/profiles/ProfileStore.h"
#include "services/profiles/Profiles.h"
#include "services/secrets/SecretStore.h"
#include "ui/environments/CompareEnvironmentsDialog.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/widgets/InlineMessage.h"

#include <QAction>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace km;
using namespace km::test;

namespace {

const QString kDevSecret = QStringLiteral("dev-Keycloak-Secret-4b1f9e");
const QString kProdSecret = QStringLiteral("prod-Keycloak-Secret-77c2da");

QJsonObject keycloak(const QString &name, const QString &clientId, const QString &secret)
{
    const QString base = QStringLiteral("https://keycloak.example.com/realms/apim");
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("type"), QStringLiteral("KeyCloak")},
                       {QStringLiteral("tokenEndpoint"), QString(base + QStringLiteral("/oauth2/token"))},
                       {QStringLiteral("revokeEndpoint"), QString(base + QStringLiteral("/oauth2/revoke"))},
                       {QStringLiteral("introspectionEndpoint"), QString(base + QStringLiteral("/oauth2/introspect"))},
                       {QStringLiteral("clientRegistrationEndpoint"), QString(base + QStringLiteral("/oauth2/register"))},
                       {QStringLiteral("issuer"), QString(base + QStringLiteral("/oauth2/token"))},
                       {QStringLiteral("certificates"), QJsonObject{{QStringLiteral("type"), QStringLiteral("JWKS")},
                                                                    {QStringLiteral("value"), QString(base + QStringLiteral("/oauth2/jwks"))}}},
                       {QStringLiteral("availableGrantTypes"), QJsonArray{QStringLiteral("client_credentials")}},
                       {QStringLiteral("enabled"), true},
                       {QStringLiteral("additionalProperties"), QJsonObject{{QStringLiteral("client_id"), clientId},
                                                                            {QStringLiteral("client_secret"), secret}}}};
}

// Every text of the tree, all columns, children included.
QString treeText(const QTreeWidget *tree)
{
    QString text;
    std::function<void(const QTreeWidgetItem *)> walk = [&](const QTreeWidgetItem *item) {
        for (int c = 0; c < tree->columnCount(); ++c)
            text += item->text(c) + QLatin1Char('\n') + item->toolTip(c) + QLatin1Char('\n');
        for (int i = 0; i < item->childCount(); ++i)
            walk(item->child(i));
    };
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        walk(tree->topLevelItem(i));
    return text;
}

QTreeWidgetItem *itemNamed(const QTreeWidget *tree, const QString &name)
{
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        if (tree->topLevelItem(i)->data(0, Qt::UserRole).toString() == name)
            return tree->topLevelItem(i);
    }
    return nullptr;
}

} // namespace

class TstGuiCompareEnvironments : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void theMenuOpensItAndEnterCompares();
    void theSameProfileTwiceCannotBeCompared();
    void anUnreachableApiManagerIsSaidInWords();

private:
    void addProfile(const QString &name, const SandboxFixture &sandbox);
    void select(QComboBox *combo, const QString &text);

    SandboxFixture m_dev;
    SandboxFixture m_prod;
    QTemporaryDir m_config;
    ServiceContext *m_context = nullptr;
    MainWindow *m_window = nullptr;
    QPointer<CompareEnvironmentsDialog> m_dialog;
};

void TstGuiCompareEnvironments::addProfile(const QString &name, const SandboxFixture &sandbox)
{
    ApimProfile apim;
    apim.name = name;
    apim.url = sandbox.apimUrl();
    apim.username = sandbox.apimUser();
    apim.pinnedCertificates.insert(sandbox.apimHostPort(), sandbox.apimFingerprint());
    m_context->profiles()->upsertApim(apim);
    QVERIFY(!await(m_context->secrets()->write(SecretStore::apimPasswordKey(name), sandbox.apimPassword()))->hasError());
}

void TstGuiCompareEnvironments::select(QComboBox *combo, const QString &text)
{
    const int index = combo->findText(text);
    QVERIFY2(index >= 0, qPrintable(text));
    combo->setCurrentIndex(index);
}

void TstGuiCompareEnvironments::initTestCase()
{
    QString error;
    QVERIFY2(m_dev.start(&error), qPrintable(error));
    QVERIFY2(m_prod.start(&error), qPrintable(error));
    QVERIFY(m_config.isValid());
    qputenv("KMCONSOLE_CONFIG_DIR", QFile::encodeName(m_config.path()));
    m_context = new ServiceContext(QString(), this);
    addProfile(QStringLiteral("dev"), m_dev);
    addProfile(QStringLiteral("prod"), m_prod);
    // A third environment whose API Manager is not running.
    ApimProfile gone;
    gone.name = QStringLiteral("staging");
    gone.url = QUrl(QStringLiteral("https://127.0.0.1:1/"));
    gone.username = QStringLiteral("admin");
    m_context->profiles()->upsertApim(gone);
    QVERIFY(!await(m_context->secrets()->write(SecretStore::apimPasswordKey(gone.name), QStringLiteral("staging-password")))->hasError());
    m_context->profiles()->setActiveApimProfile(QStringLiteral("dev"));

    // Dev: Keycloak, OnlyDev, Same. Prod: Keycloak with another client ID and secret, OnlyProd, Same.
    ApimClient *dev = m_dev.apimClient(m_context->http(), this);
    ApimClient *prod = m_prod.apimClient(m_context->http(), this);
    for (const auto &[client, km] : {std::pair{dev, keycloak(QStringLiteral("Keycloak"), QStringLiteral("apim-admin"), kDevSecret)},
                                     std::pair{dev, keycloak(QStringLiteral("OnlyDev"), QStringLiteral("dev-only"), kDevSecret)},
                                     std::pair{dev, keycloak(QStringLiteral("Same"), QStringLiteral("shared"), kDevSecret)},
                                     std::pair{prod, keycloak(QStringLiteral("Keycloak"), QStringLiteral("apim-admin-2"), kProdSecret)},
                                     std::pair{prod, keycloak(QStringLiteral("OnlyProd"), QStringLiteral("prod-only"), kProdSecret)},
                                     std::pair{prod, keycloak(QStringLiteral("Same"), QStringLiteral("shared"), kProdSecret)}}) {
        auto created = await(client->createKeyManager(km));
        QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));
    }

    m_window = new MainWindow(m_context);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TstGuiCompareEnvironments::cleanupTestCase()
{
    delete m_window;
}

void TstGuiCompareEnvironments::theMenuOpensItAndEnterCompares()
{
    // File › Compare environments…, by its mnemonics.
    QAction *action = m_window->findChild<QAction *>(QStringLiteral("actionCompareEnvironments"));
    QVERIFY(action);
    QVERIFY(action->isEnabled());
    QVERIFY(m_window->menuBar()->actions().first()->menu()->actions().contains(action));
    QVERIFY(action->text().contains(QLatin1String("en&vironments")));
    action->trigger();
    m_dialog = m_window->findChild<CompareEnvironmentsDialog *>();
    QVERIFY(m_dialog);
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog));
    // A second trigger raises the same dialog.
    action->trigger();
    QCOMPARE(m_window->findChildren<CompareEnvironmentsDialog *>().size(), 1);

    // The connected profile first, compared with the next one.
    QCOMPARE(m_dialog->profileCombo()->currentText(), QStringLiteral("dev"));
    QCOMPARE(m_dialog->againstCombo()->currentText(), QStringLiteral("prod"));
    QVERIFY(m_dialog->compareButton()->isDefault());
    QVERIFY(m_dialog->compareButton()->isEnabled());

    // Enter compares; while it reads, the choice is locked and it says so.
    m_dialog->activateWindow();
    QTest::keyClick(m_dialog, Qt::Key_Return);
    QVERIFY(m_dialog->isComparing());
    QVERIFY(!m_dialog->compareButton()->isEnabled());
    QVERIFY(!m_dialog->profileCombo()->isEnabled());
    QVERIFY(m_dialog->findChild<QProgressBar *>()->isVisible());
    QVERIFY(messageText(m_dialog, "compareMessage").startsWith(QStringLiteral("Reading the key managers of “dev” and “prod”")));
    QTRY_VERIFY_WITH_TIMEOUT(!m_dialog->isComparing(), 30000);
    QVERIFY2(m_dialog->message()->type() != InlineMessage::Type::Error, qPrintable(messageText(m_dialog, "compareMessage")));
    QVERIFY(!m_dialog->findChild<QProgressBar *>()->isVisible());
    QVERIFY(m_dialog->compareButton()->isEnabled());

    QTreeWidget *tree = m_dialog->tree();
    QCOMPARE(tree->headerItem()->text(2), QStringLiteral("dev"));
    QCOMPARE(tree->headerItem()->text(3), QStringLiteral("prod"));
    QCOMPARE(tree->topLevelItemCount(), 4);
    QTreeWidgetItem *differs = itemNamed(tree, QStringLiteral("Keycloak"));
    QVERIFY(differs);
    QCOMPARE(differs->text(0), QStringLiteral("Keycloak (KeyCloak)"));
    QCOMPARE(differs->text(1), QStringLiteral("differs in 1 field(s)"));
    QCOMPARE(differs->childCount(), 1);
    QCOMPARE(differs->child(0)->text(0), QStringLiteral("additionalProperties.client_id"));
    QCOMPARE(differs->child(0)->text(2), QStringLiteral("apim-admin"));
    QCOMPARE(differs->child(0)->text(3), QStringLiteral("apim-admin-2"));
    QVERIFY(itemNamed(tree, QStringLiteral("OnlyDev")));
    QCOMPARE(itemNamed(tree, QStringLiteral("OnlyDev"))->text(1), QStringLiteral("only in dev"));
    QVERIFY(itemNamed(tree, QStringLiteral("OnlyProd")));
    QCOMPARE(itemNamed(tree, QStringLiteral("OnlyProd"))->text(1), QStringLiteral("only in prod"));
    QVERIFY(itemNamed(tree, QStringLiteral("Same")));
    QCOMPARE(itemNamed(tree, QStringLiteral("Same"))->text(1), QStringLiteral("same"));
    QCOMPARE(itemNamed(tree, QStringLiteral("Same"))->childCount(), 0);
    QCOMPARE(messageText(m_dialog, "compareMessage"), QStringLiteral("3 of 4 key manager(s) are not the same in “dev” and “prod”."));
    // Neither environment's secret is shown anywhere.
    const QString shown = treeText(tree) + messageText(m_dialog, "compareMessage");
    QVERIFY(!shown.contains(kDevSecret));
    QVERIFY(!shown.contains(kProdSecret));
    // Nothing was changed in either API Manager.
    QCOMPARE(m_prod.countRequests(QStringLiteral("POST"), QStringLiteral("/key-managers")) ,
             m_prod.countRequests(QStringLiteral("POST"), QStringLiteral("/key-managers/discover")) + 3);
    QCOMPARE(m_prod.countRequests(QStringLiteral("PUT"), QStringLiteral("/key-managers")), 0);
    QCOMPARE(m_dev.countRequests(QStringLiteral("PUT"), QStringLiteral("/key-managers")), 0);
    grab(m_dialog, QStringLiteral("compare-environments"));

    // The other way round: what was only in dev is now only in the first column's environment.
    select(m_dialog->profileCombo(), QStringLiteral("prod"));
    select(m_dialog->againstCombo(), QStringLiteral("dev"));
    QCOMPARE(tree->topLevelItemCount(), 0); // a new choice clears the old answer
    QTest::mouseClick(m_dialog->compareButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_dialog->isComparing(), 30000);
    QVERIFY(itemNamed(tree, QStringLiteral("OnlyDev")));
    QCOMPARE(itemNamed(tree, QStringLiteral("OnlyDev"))->text(1), QStringLiteral("only in dev"));
    QCOMPARE(itemNamed(tree, QStringLiteral("Keycloak"))->child(0)->text(2), QStringLiteral("apim-admin-2"));
    QCOMPARE(itemNamed(tree, QStringLiteral("Keycloak"))->child(0)->text(3), QStringLiteral("apim-admin"));
}

void TstGuiCompareEnvironments::theSameProfileTwiceCannotBeCompared()
{
    QVERIFY(m_dialog);
    select(m_dialog->profileCombo(), QStringLiteral("dev"));
    select(m_dialog->againstCombo(), QStringLiteral("dev"));
    QVERIFY(!m_dialog->compareButton()->isEnabled());
    QCOMPARE(messageText(m_dialog, "compareMessage"), QStringLiteral("Choose two different API Manager profiles."));
    QTest::keyClick(m_dialog, Qt::Key_Return);
    QVERIFY(!m_dialog->isComparing());
    QCOMPARE(m_dialog->tree()->topLevelItemCount(), 0);
}

void TstGuiCompareEnvironments::anUnreachableApiManagerIsSaidInWords()
{
    QVERIFY(m_dialog);
    select(m_dialog->profileCombo(), QStringLiteral("dev"));
    select(m_dialog->againstCombo(), QStringLiteral("staging"));
    QTest::mouseClick(m_dialog->compareButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_dialog->isComparing(), 60000);
    QCOMPARE(m_dialog->message()->type(), InlineMessage::Type::Error);
    const QString text = messageText(m_dialog, "compareMessage");
    QVERIFY2(text.startsWith(QStringLiteral("Could not compare “dev” with “staging”: ")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("127.0.0.1")), qPrintable(text));
    QCOMPARE(m_dialog->tree()->topLevelItemCount(), 0);
    // The choice is free again for another try.
    QVERIFY(m_dialog->compareButton()->isEnabled());
    QVERIFY(m_dialog->againstCombo()->isEnabled());
}

QTEST_MAIN(TstGuiCompareEnvironments)
#include "tst_gui_compare_environments.moc"
