// The shared wizard widgets and the Review/Apply pages behave as a user sees them.

#include "services/setup/SetupRunner.h"
#include "support/Widgets.h"
#include "ui/common/EmptyStateView.h"
#include "ui/common/StateBanner.h"
#include "ui/setup/SetupApplyPage.h"
#include "ui/setup/SetupReviewPage.h"
#include "ui/widgets/EndpointsEditor.h"
#include "ui/widgets/GrantTypesEditor.h"
#include "ui/widgets/InlineMessage.h"
#include "ui/widgets/PermissionsEditor.h"
#include "ui/widgets/SecretField.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTextDocument>
#include <QTreeWidget>
#include <QWizard>

using namespace km;
using km::test::settleLayouts;

class TstSetupWidgets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void permissionsRoundTripAndValidation();
    void grantTypesFixedShowsReason();
    void endpointsEditorKeepsUnknownAndNamesBadRow();
    void secretFieldMasksUntilRevealed();
    void reviewMasksSecretsAndRequiresConfirmationForUpdate();
    void applyShowsFailureAndRetryResumes();
    void applyWithoutARunnerSaysWhy();
    void invalidatedApplyDropsRunnerAndRetry();
    void lateSignalsOfAReplacedRunnerAreIgnored();
    void messagesShowMarkupAsText();
    void emptyStateTextIsNeverCut();
};

void TstSetupWidgets::permissionsRoundTripAndValidation()
{
    PermissionsEditor editor;
    QCOMPARE(editor.toJson().value(QLatin1String("permissionType")).toString(), QStringLiteral("PUBLIC"));
    editor.setJson(QJsonObject{{QStringLiteral("permissionType"), QStringLiteral("ALLOW")},
                               {QStringLiteral("roles"), QJsonArray{QStringLiteral("admin"), QStringLiteral("Internal/subscriber")}}});
    QCOMPARE(editor.findChild<QLineEdit *>(QStringLiteral("permissionRoles"))->text(), QStringLiteral("admin, Internal/subscriber"));
    QCOMPARE(editor.toJson().value(QLatin1String("roles")).toArray().size(), 2);
    QVERIFY(editor.validationError().isEmpty());
    editor.findChild<QLineEdit *>(QStringLiteral("permissionRoles"))->clear();
    QVERIFY(editor.validationError().contains(QLatin1String("at least one role")));
}

void TstSetupWidgets::grantTypesFixedShowsReason()
{
    GrantTypesEditor editor;
    editor.setGrantTypes({QStringLiteral("client_credentials"), QStringLiteral("password")}, {QStringLiteral("client_credentials")});
    QCOMPARE(editor.checkedGrantTypes(), QStringList{QStringLiteral("client_credentials")});
    auto *list = editor.findChild<QListWidget *>(QStringLiteral("grantTypes"));
    list->item(1)->setCheckState(Qt::Checked);
    QCOMPARE(editor.checkedGrantTypes().size(), 2);
    editor.setFixed({QStringLiteral("client_credentials")}, QStringLiteral("Entra ID issues application tokens only."));
    QCOMPARE(editor.checkedGrantTypes(), QStringList{QStringLiteral("client_credentials")});
    QVERIFY(!(list->item(0)->flags() & Qt::ItemIsUserCheckable));
    QCOMPARE(editor.findChild<QLabel *>(QStringLiteral("grantTypesReason"))->text(), QStringLiteral("Entra ID issues application tokens only."));
}

void TstSetupWidgets::endpointsEditorKeepsUnknownAndNamesBadRow()
{
    EndpointsEditor editor;
    editor.setEndpoints(QJsonArray{
        QJsonObject{{QStringLiteral("name"), QStringLiteral("token_endpoint")}, {QStringLiteral("value"), QStringLiteral("https://idp/token")}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("scope_management_endpoint")}, {QStringLiteral("value"), QStringLiteral("none")}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("custom_endpoint")}, {QStringLiteral("value"), QStringLiteral("https://idp/x")}},
    });
    QCOMPARE(editor.endpoints().size(), 3);
    QCOMPARE(editor.value(QStringLiteral("custom_endpoint")), QStringLiteral("https://idp/x"));
    QVERIFY(editor.validationError().isEmpty());
    editor.setValue(QStringLiteral("revoke_endpoint"), QStringLiteral("idp/revoke"));
    QVERIFY(editor.validationError().contains(QLatin1String("Revoke Endpoint")));
}

void TstSetupWidgets::secretFieldMasksUntilRevealed()
{
    SecretField field;
    QCOMPARE(field.echoMode(), QLineEdit::Password);
    field.setRevealed(true);
    QCOMPARE(field.echoMode(), QLineEdit::Normal);
}

void TstSetupWidgets::reviewMasksSecretsAndRequiresConfirmationForUpdate()
{
    QWizard wizard;
    auto *page = new SetupReviewPage;
    const QJsonObject payload{{QStringLiteral("name"), QStringLiteral("Asgardeo")},
                              {QStringLiteral("issuer"), QStringLiteral("https://new/oauth2/token")},
                              {QStringLiteral("availableGrantTypes"), QJsonArray{QStringLiteral("client_credentials"), QStringLiteral("refresh_token")}},
                              {QStringLiteral("additionalProperties"), QJsonObject{{QStringLiteral("mgmt_client_secret"), QStringLiteral("TopSecretValue")}}}};
    const QJsonObject existing{{QStringLiteral("id"), QStringLiteral("42")},
                               {QStringLiteral("name"), QStringLiteral("Asgardeo")},
                               {QStringLiteral("issuer"), QStringLiteral("https://old/oauth2/token")},
                               {QStringLiteral("availableGrantTypes"), QJsonArray{QStringLiteral("client_credentials"), QStringLiteral("implicit"),
                                                                                 QStringLiteral("password")}},
                               {QStringLiteral("additionalProperties"), QJsonObject{{QStringLiteral("mgmt_client_secret"), QStringLiteral("TopSecretValue")}}}};
    page->setLoader([&](SetupReviewPage *p) { p->setReview({{QStringLiteral("Key manager Asgardeo"), payload, existing}}); });
    wizard.addPage(page);
    wizard.show();
    QTRY_VERIFY(!page->items().isEmpty());
    const auto *json = page->findChild<QPlainTextEdit *>(QStringLiteral("reviewJson"));
    QVERIFY(json);
    QVERIFY(!json->toPlainText().contains(QLatin1String("TopSecretValue")));
    QVERIFY(json->toPlainText().contains(QLatin1String("https://new/oauth2/token")));
    const auto *diff = page->findChild<QTreeWidget *>(QStringLiteral("reviewDiff"));
    QVERIFY(diff);
    QCOMPARE(diff->topLevelItemCount(), 2);
    const QTreeWidgetItem *issuer = nullptr, *grants = nullptr;
    for (int i = 0; i < diff->topLevelItemCount(); ++i) {
        if (diff->topLevelItem(i)->text(0) == QLatin1String("issuer"))
            issuer = diff->topLevelItem(i);
        if (diff->topLevelItem(i)->text(0) == QLatin1String("availableGrantTypes"))
            grants = diff->topLevelItem(i);
    }
    QVERIFY(issuer && grants);
    QCOMPARE(issuer->text(2), QStringLiteral("https://old/oauth2/token"));
    // A list reads as words, and the change says what goes and what comes, not JSON.
    QCOMPARE(grants->text(2), QStringLiteral("client_credentials, implicit, password"));
    QCOMPARE(grants->text(3), QStringLiteral("client_credentials, refresh_token"));
    QCOMPARE(grants->text(1), QStringLiteral("adds refresh_token; removes implicit, password"));
    QVERIFY(!page->isComplete());
    page->findChild<QCheckBox *>(QStringLiteral("confirmUpdate"))->setChecked(true);
    QVERIFY(page->isComplete());
}

void TstSetupWidgets::applyShowsFailureAndRetryResumes()
{
    QWizard wizard;
    auto *page = new SetupApplyPage;
    int firstRuns = 0;
    bool fail = true;
    page->setRunnerFactory([&](QObject *parent) {
        auto *runner = new SetupRunner(parent);
        runner->addStep(QStringLiteral("one"), QStringLiteral("Create API resource"), [&](SetupRunner *r) { ++firstRuns; r->stepDone(QStringLiteral("created")); });
        runner->addStep(QStringLiteral("two"), QStringLiteral("Create key manager"), [&](SetupRunner *r) {
            if (fail) {
                ApiError e;
                e.kind = ApiError::Kind::Network;
                e.message = QStringLiteral("apim.example refused the connection");
                e.hint = QStringLiteral("Check that the server is running.");
                r->stepFailed(e);
            } else {
                r->stepDone(QStringLiteral("created"));
            }
        });
        return runner;
    });
    wizard.addPage(page);
    wizard.show();
    auto *retry = page->findChild<QPushButton *>(QStringLiteral("applyRetry"));
    QTRY_VERIFY(retry->isVisible());
    const auto *summary = page->findChild<QLabel *>(QStringLiteral("applySummary"));
    QVERIFY(summary->text().contains(QStringLiteral("“Create key manager” did not complete")));
    QVERIFY(summary->text().contains(QLatin1String("refused the connection")));
    QVERIFY(summary->text().contains(QLatin1String("Done: Create API resource")));
    QVERIFY(!page->isComplete());
    fail = false;
    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_VERIFY(page->isComplete());
    QCOMPARE(firstRuns, 1);
    const auto *steps = page->findChild<QTreeWidget *>(QStringLiteral("applySteps"));
    QCOMPARE(steps->topLevelItem(1)->text(1), QStringLiteral("Done"));
}

void TstSetupWidgets::applyWithoutARunnerSaysWhy()
{
    // The wizard's connection is gone: its factory has nothing to build a runner from.
    QWizard wizard;
    auto *page = new SetupApplyPage;
    page->setRunnerFactory([](QObject *) -> SetupRunner * { return nullptr; });
    wizard.addPage(page);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    const auto *summary = page->findChild<QLabel *>(QStringLiteral("applySummary"));
    QVERIFY2(summary->text().contains(QLatin1String("connection this wizard was opened with is gone")), qPrintable(summary->text()));
    QVERIFY(!page->findChild<QPushButton *>(QStringLiteral("applyRetry"))->isVisible());
    QVERIFY(!page->isComplete());
}

void TstSetupWidgets::invalidatedApplyDropsRunnerAndRetry()
{
    // After a failure the console reconnects: Retry would run steps against the old, deleted client.
    QWizard wizard;
    auto *page = new SetupApplyPage;
    int runs = 0;
    page->setRunnerFactory([&](QObject *parent) {
        auto *runner = new SetupRunner(parent);
        runner->addStep(QStringLiteral("one"), QStringLiteral("Create key manager"), [&](SetupRunner *r) {
            ++runs;
            ApiError e;
            e.kind = ApiError::Kind::Network;
            e.message = QStringLiteral("apim.example refused the connection");
            r->stepFailed(e);
        });
        return runner;
    });
    wizard.addPage(page);
    wizard.show();
    auto *retry = page->findChild<QPushButton *>(QStringLiteral("applyRetry"));
    QTRY_VERIFY(retry->isVisible());
    QPointer<SetupRunner> runner = page->runner();
    QVERIFY(runner);
    page->invalidate(QStringLiteral("The connection to API Manager changed."));
    QVERIFY(!retry->isVisible());
    QVERIFY(!page->runner());
    QTRY_VERIFY(!runner); // deleted: nothing holds the old connection's client any more
    QCOMPARE(page->findChild<QLabel *>(QStringLiteral("applySummary"))->text(), QStringLiteral("The connection to API Manager changed."));
    QTest::mouseClick(retry, Qt::LeftButton);
    QCOMPARE(runs, 1);
    QVERIFY(!page->isComplete());
}

void TstSetupWidgets::lateSignalsOfAReplacedRunnerAreIgnored()
{
    QWizard wizard;
    auto *page = new SetupApplyPage;
    QList<QPointer<SetupRunner>> runners;
    page->setRunnerFactory([&](QObject *parent) {
        auto *runner = new SetupRunner(parent);
        runner->addStep(QStringLiteral("one"), QStringLiteral("Step of runner %1").arg(runners.size() + 1), [](SetupRunner *) {});
        runners << runner;
        return runner;
    });
    wizard.addPage(page);
    wizard.show();
    QTRY_COMPARE(runners.size(), 1);
    runners.first()->cancel();
    page->initializePage(); // entered again: a new runner replaces the stopped one
    QCOMPARE(runners.size(), 2);
    const auto *steps = page->findChild<QTreeWidget *>(QStringLiteral("applySteps"));
    QCOMPARE(steps->topLevelItem(0)->text(0), QStringLiteral("Step of runner 2"));
    if (runners.first()) {
        // The old runner is on its way out; what it still says must not reach the page.
        Q_EMIT runners.first()->finished(false);
        Q_EMIT runners.first()->stepChanged(0);
    }
    QVERIFY(!page->findChild<QPushButton *>(QStringLiteral("applyRetry"))->isVisible());
    QCOMPARE(steps->topLevelItem(0)->text(0), QStringLiteral("Step of runner 2"));
}

void TstSetupWidgets::emptyStateTextIsNeverCut()
{
    // Whatever the width, the explanation under an empty list gets the lines it wraps to, also when it
    // replaces a shorter text on a page already shown ("Reading…" becomes "No applications yet").
    const QString longText = QStringLiteral("The Developer Portal has no applications that admin can see. Create one in the "
                                            "Developer Portal (Applications › Add New Application), generate its keys with a "
                                            "key manager or provide existing ones here, then refresh.");
    EmptyStateView empty;
    empty.setContent(QStringLiteral("Applications not read yet"), QStringLiteral("Reading the Developer Portal's applications…"));
    empty.show();
    auto *text = empty.findChild<QLabel *>(QStringLiteral("emptyStateText"));
    for (int width = 160; width <= 1400; width += 3) {
        empty.resize(width, 500);
        if (width == 901)
            empty.setContent(QStringLiteral("No applications yet"), longText);
        settleLayouts();
        QVERIFY2(text->height() >= text->heightForWidth(text->width()),
                 qPrintable(QStringLiteral("at %1 px the text is %2 px wide and needs %3 px high, has %4")
                                .arg(width).arg(text->width()).arg(text->heightForWidth(text->width())).arg(text->height())));
    }
    QCOMPARE(text->text(), longText);
}

void TstSetupWidgets::messagesShowMarkupAsText()
{
    // Error texts quote servers: markup in them is shown as written and no link can be followed.
    const QString markup = QStringLiteral("<a href=\"https://evil.example/\">Sign in</a> <b>now</b>");
    InlineMessage message;
    message.showMessage(InlineMessage::Type::Error, markup);
    auto *text = message.findChild<QLabel *>(QStringLiteral("inlineMessageText"));
    QCOMPARE(text->textFormat(), Qt::PlainText);
    QVERIFY(!text->openExternalLinks());
    QCOMPARE(text->text(), markup);
    StateBanner banner;
    banner.showMessage(StateBanner::Kind::Error, markup);
    QCOMPARE(banner.findChild<QLabel *>(QStringLiteral("stateBannerText"))->textFormat(), Qt::PlainText);
    EmptyStateView empty;
    empty.setContent(markup, markup);
    QCOMPARE(empty.findChild<QLabel *>(QStringLiteral("emptyStateTitle"))->textFormat(), Qt::PlainText);
    QCOMPARE(empty.findChild<QLabel *>(QStringLiteral("emptyStateText"))->textFormat(), Qt::PlainText);

    // A step's tooltip quotes the server's error: what it shows is that text, not rendered markup.
    QWizard wizard;
    auto *page = new SetupApplyPage;
    page->setRunnerFactory([markup](QObject *parent) {
        auto *runner = new SetupRunner(parent);
        runner->addStep(QStringLiteral("one"), QStringLiteral("Create key manager"), [markup](SetupRunner *r) {
            ApiError e;
            e.kind = ApiError::Kind::Http;
            e.message = markup;
            r->stepFailed(e);
        });
        return runner;
    });
    wizard.addPage(page);
    wizard.show();
    auto *steps = page->findChild<QTreeWidget *>(QStringLiteral("applySteps"));
    QTRY_VERIFY(page->findChild<QPushButton *>(QStringLiteral("applyRetry"))->isVisible());
    const QString tip = steps->topLevelItem(0)->toolTip(2);
    QTextDocument shown;
    if (Qt::mightBeRichText(tip))
        shown.setHtml(tip);
    else
        shown.setPlainText(tip);
    QVERIFY2(shown.toPlainText().contains(markup), qPrintable(shown.toPlainText()));
}

QTEST_MAIN(TstSetupWidgets)
#include "tst_setupwidgets.moc"
