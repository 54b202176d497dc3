// The shared wizard widgets and the Review/Apply pages behave as a user sees them.

#include "services/setup/SetupRunner.h"
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
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>
#include <QWizard>

using namespace km;

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
                              {QStringLiteral("additionalProperties"), QJsonObject{{QStringLiteral("mgmt_client_secret"), QStringLiteral("TopSecretValue")}}}};
    const QJsonObject existing{{QStringLiteral("id"), QStringLiteral("42")},
                               {QStringLiteral("name"), QStringLiteral("Asgardeo")},
                               {QStringLiteral("issuer"), QStringLiteral("https://old/oauth2/token")},
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
    QCOMPARE(diff->topLevelItemCount(), 1);
    QCOMPARE(diff->topLevelItem(0)->text(0), QStringLiteral("issuer"));
    QCOMPARE(diff->topLevelItem(0)->text(2), QStringLiteral("https://old/oauth2/token"));
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

QTEST_MAIN(TstSetupWidgets)
#include "tst_setupwidgets.moc"
