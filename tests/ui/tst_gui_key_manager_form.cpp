// The Key Managers page as an administrator uses it: a key manager's details as a form grouped like the Admin
// Portal with the connector's own labels (not raw JSON), columns sized to their contents, and the connector's
// form creating and editing a Keycloak key manager — the sandbox's API Manager receives exactly what the
// review showed, the secret typed once and never shown.

#include "support/JobWaiter.h"
#include "services/core/ConstRange.h"
#include "support/SandboxFixture.h"
#include "support/Widgets.h"

#include "models/keymanagers/KeyManagerTableModel.h"
#include "services/apim/ApimClient.h"
#include "services/core/Redactor.h"
#include "services/core/ServiceContext.h"
#include "services/http/HttpSession.h"
#include "ui/keymanagers/KeyManagerDetailsView.h"
#include "ui/keymanagers/KeyManagerFormWizard.h"
#include "ui/keymanagers/KeyManagersPage.h"
#include "ui/widgets/EndpointsEditor.h"
#include "ui/widgets/SecretField.h"

#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeWidget>

using namespace km;
using namespace km::test;

namespace {

const QString kEntraSecret = QStringLiteral("entra-Value-Qz8~4kLm2pX");
const QString kKeycloakSecret = QStringLiteral("kc-Secret-5e0b7d93c1");
const QString kRealm = QStringLiteral("https://keycloak.example.com/realms/apim/protocol/openid-connect");

// POSTs of a key manager since the recording was last cleared.
int postsIn(const SandboxFixture &sandbox)
{
    int n = 0;
    for (const QJsonValue &v : km::constTemporary(sandbox.recordedRequests()))
        n += v.toObject().value(QLatin1String("method")).toString() == QLatin1String("POST")
             && v.toObject().value(QLatin1String("path")).toString() == QLatin1String("/api/am/admin/v4/key-managers");
    return n;
}

QJsonObject lastBody(const SandboxFixture &sandbox, const QString &method)
{
    QJsonObject body;
    for (const QJsonValue &v : km::constTemporary(sandbox.recordedRequests())) {
        const QJsonObject o = v.toObject();
        if (o.value(QLatin1String("method")).toString() == method && o.value(QLatin1String("path")).toString().contains(QLatin1String("/key-managers"))
            && !o.value(QLatin1String("path")).toString().endsWith(QLatin1String("/discover")))
            body = QJsonDocument::fromJson(o.value(QLatin1String("body")).toString().toUtf8()).object();
    }
    return body;
}

} // namespace

class TstGuiKeyManagerForm : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void detailsAreAFormWithTheConnectorsLabels();
    void columnsFitTheirContents();
    void theFormNamesAMissingRequiredField();
    void theFormCreatesAKeycloakKeyManagerTheSandboxReceivesExactly();
    void editingShowsTheDifferencesAndKeepsTheSecret();

private:
    bool select(const QString &name);
    KeyManagerFormWizard *openForm(QPushButton *button);
    // Add…, the type KeyCloak and the name "Keycloak" chosen.
    KeyManagerFormWizard *newKeycloakForm();

    SandboxFixture m_sandbox;
    QTemporaryDir m_config;
    ServiceContext *m_context = nullptr;
    ApimClient *m_apim = nullptr;
    KeyManagersPage *m_page = nullptr;
};

void TstGuiKeyManagerForm::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    QVERIFY(m_config.isValid());
    qputenv("KMCONSOLE_CONFIG_DIR", QFile::encodeName(m_config.path()));
    m_context = new ServiceContext(QString(), this);
    m_apim = m_sandbox.apimClient(m_context->http(), this);

    // An Entra key manager with a long issuer, as the Admin Portal would have stored it.
    const QString tenant = QStringLiteral("https://login.microsoftonline.com/3f6c2a19-8d4e-4b7a-9c1d-5e2f7a8b9c0d");
    const QJsonObject entra{
        {QStringLiteral("name"), QStringLiteral("AzureAD-v2")}, {QStringLiteral("displayName"), QStringLiteral("Entra ID (v2)")},
        {QStringLiteral("type"), QStringLiteral("AzureAD")}, {QStringLiteral("enabled"), true},
        {QStringLiteral("issuer"), QString(tenant + QStringLiteral("/v2.0/with/a/path/long/enough/to/be/elided/in/a/narrow/column"))},
        {QStringLiteral("tokenEndpoint"), QString(tenant + QStringLiteral("/oauth2/v2.0/token"))},
        {QStringLiteral("revokeEndpoint"), QString(tenant + QStringLiteral("/oauth2/v2.0/logout"))},
        {QStringLiteral("introspectionEndpoint"), QString(tenant + QStringLiteral("/oauth2/v2.0/introspect"))},
        {QStringLiteral("clientRegistrationEndpoint"), QStringLiteral("https://graph.microsoft.com/v1.0/applications")},
        {QStringLiteral("certificates"), QJsonObject{{QStringLiteral("type"), QStringLiteral("JWKS")},
                                                     {QStringLiteral("value"), QString(tenant + QStringLiteral("/discovery/v2.0/keys"))}}},
        {QStringLiteral("availableGrantTypes"), QJsonArray{QStringLiteral("client_credentials")}},
        {QStringLiteral("additionalProperties"), QJsonObject{
            {QStringLiteral("microsoft_graph_api_endpoint"), QStringLiteral("https://graph.microsoft.com")}, {QStringLiteral("v1.0"), QStringLiteral("v1.0")},
            {QStringLiteral("azure_ad_requested_access_token_version"), QStringLiteral("v2.0")},
            {QStringLiteral("azure_ad_client_id"), QStringLiteral("6b1d2f0e-2c4a-4f7e-9a3b-0c5d6e7f8a9b")},
            {QStringLiteral("azure_ad_client_secret"), kEntraSecret}}}};
    JobPtr created = await(m_apim->createKeyManager(entra));
    QVERIFY2(!created->hasError(), qPrintable(created->error().toUserText()));

    m_page = new KeyManagersPage;
    m_page->setServices(m_context);
    m_page->resize(1280, 760);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page));
    m_page->setClient(m_apim);
    QTRY_VERIFY_WITH_TIMEOUT(m_page->model()->rowCount() == 2 && m_page->model()->idsWithoutDetail().isEmpty(), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(!m_page->connectors().isEmpty(), 15000);
}

void TstGuiKeyManagerForm::cleanupTestCase()
{
    delete m_page;
}

bool TstGuiKeyManagerForm::select(const QString &name)
{
    auto *table = child<QTableView>(m_page, "keyManagerTable");
    for (int row = 0; row < m_page->proxy()->rowCount(); ++row) {
        const QModelIndex index = m_page->proxy()->index(row, KeyManagerTableModel::Name);
        if (index.data().toString() == name) {
            table->setCurrentIndex(index);
            return true;
        }
    }
    return false;
}

KeyManagerFormWizard *TstGuiKeyManagerForm::openForm(QPushButton *button)
{
    QSignalSpy opened(m_page, &KeyManagersPage::formOpened);
    if (!button->isEnabled())
        return nullptr;
    QTest::mouseClick(button, Qt::LeftButton);
    const QList<KeyManagerFormWizard *> wizards = m_page->findChildren<KeyManagerFormWizard *>();
    return opened.isEmpty() || wizards.isEmpty() ? nullptr : wizards.last();
}

KeyManagerFormWizard *TstGuiKeyManagerForm::newKeycloakForm()
{
    KeyManagerFormWizard *wizard = openForm(child<QPushButton>(m_page, "keyManagerAdd"));
    if (!wizard)
        return nullptr;
    auto *type = child<QComboBox>(wizard->formPage(), "kmType");
    type->setCurrentIndex(type->findData(QStringLiteral("KeyCloak")));
    auto *name = child<QLineEdit>(wizard->formPage(), "kmName");
    name->clear();
    QTest::keyClicks(name, QStringLiteral("Keycloak"));
    return wizard;
}

void TstGuiKeyManagerForm::detailsAreAFormWithTheConnectorsLabels()
{
    QVERIFY(select(QStringLiteral("AzureAD-v2")));
    KeyManagerDetailsView *details = m_page->details();
    QTRY_COMPARE(details->valueOf(QStringLiteral("Connector: Azure AD"), QStringLiteral("Microsoft Graph API Endpoint Version")), QStringLiteral("v1.0"));
    QCOMPARE(details->currentIndex(), 0); // the form first, the JSON on its own tab
    QCOMPARE(details->tabText(0), QStringLiteral("&Details"));
    QCOMPARE(details->valueOf(QStringLiteral("Connector: Azure AD"), QStringLiteral("Requested Access Token Version")), QStringLiteral("v2.0"));
    QCOMPARE(details->valueOf(QStringLiteral("Connector: Azure AD"), QStringLiteral("Client Secret")), QStringLiteral("(secret, kept by API Manager)"));
    QCOMPARE(details->valueOf(QStringLiteral("General"), QStringLiteral("Type")), QStringLiteral("Azure AD (AzureAD)"));
    QVERIFY(details->valueOf(QStringLiteral("General"), QStringLiteral("Issuer")).endsWith(QLatin1String("/in/a/narrow/column")));
    QVERIFY(details->valueOf(QStringLiteral("Endpoints"), QStringLiteral("Token Endpoint")).endsWith(QLatin1String("/oauth2/v2.0/token")));
    QVERIFY(details->valueOf(QStringLiteral("Certificates"), QStringLiteral("JWKS URL")).endsWith(QLatin1String("/discovery/v2.0/keys")));
    QCOMPARE(details->valueOf(QStringLiteral("Grant types"), QStringLiteral("Available")), QStringLiteral("client_credentials"));
    QCOMPARE(details->valueOf(QStringLiteral("Claims"), QStringLiteral("Consumer key claim")), QStringLiteral("azp"));
    QCOMPARE(details->valueOf(QStringLiteral("Permissions"), QStringLiteral("Who may use it")), QStringLiteral("Everyone (public)"));
    // The wire name is nowhere a label, and no secret is anywhere on the page.
    QVERIFY(details->valueOf(QStringLiteral("Connector: Azure AD"), QStringLiteral("v1.0")).isEmpty());
    for (QLabel *label : details->findChildren<QLabel *>())
        QVERIFY2(!label->text().contains(kEntraSecret) && !label->toolTip().contains(kEntraSecret), qPrintable(label->text()));
    const QString json = details->jsonView()->toPlainText();
    QVERIFY2(json.contains(QStringLiteral("\"azure_ad_client_secret\": \"") + QString(Redactor::Mask) + QLatin1Char('"')), qPrintable(json));
    QVERIFY(!json.contains(kEntraSecret));
    QCOMPARE(details->jsonView()->lineWrapMode(), QPlainTextEdit::NoWrap);
    // The form fits the panel's width: long values are shortened, the panel never scrolls sideways.
    auto *form = child<QScrollArea>(details, "keyManagerDetailForm");
    QTRY_VERIFY2(form->widget()->width() <= form->viewport()->width(),
                 qPrintable(QStringLiteral("%1 > %2").arg(form->widget()->width()).arg(form->viewport()->width())));
    QVERIFY(!form->horizontalScrollBar()->isVisible());
    QCOMPARE(details->valueOf(QStringLiteral("Connector: Azure AD"), QStringLiteral("Client ID")).size(), 36);
    grab(m_page, QStringLiteral("key-manager-details"));
}

void TstGuiKeyManagerForm::columnsFitTheirContents()
{
    auto *table = child<QTableView>(m_page, "keyManagerTable");
    QCOMPARE(table->textElideMode(), Qt::ElideMiddle);
    // Every column but the issuer is as wide as its contents; the issuer takes what it needs up to half the
    // table and is elided in the middle beyond that (its full text is in the details).
    const QAbstractItemView *view = table;
    for (int column = 0; column < KeyManagerTableModel::Issuer; ++column)
        QVERIFY2(table->columnWidth(column) >= view->sizeHintForColumn(column),
                 qPrintable(QStringLiteral("column %1: %2 < %3").arg(column).arg(table->columnWidth(column)).arg(view->sizeHintForColumn(column))));
    QVERIFY(table->columnWidth(KeyManagerTableModel::Issuer) > table->fontMetrics().horizontalAdvance(QStringLiteral("https://login.microsoftonline.com")));
}

void TstGuiKeyManagerForm::theFormNamesAMissingRequiredField()
{
    m_sandbox.clearRecordedRequests();
    KeyManagerFormWizard *wizard = newKeycloakForm();
    QVERIFY(wizard);
    KeyManagerFormPage *form = wizard->formPage();
    QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(KeyManagerFormWizard::FormId));
    const QString message = messageText(form, "kmFormMessage");
    QVERIFY2(message.contains(QLatin1String("The endpoint token_endpoint is required")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("Client ID (client_id) is required by the Keycloak connector")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("Client Secret (client_secret) is required by the Keycloak connector")), qPrintable(message));
    QCOMPARE(postsIn(m_sandbox), 0);
    wizard->setDirty(false);
    wizard->reject();
}

void TstGuiKeyManagerForm::theFormCreatesAKeycloakKeyManagerTheSandboxReceivesExactly()
{
    KeyManagerFormWizard *wizard = newKeycloakForm();
    QVERIFY(wizard);
    KeyManagerFormPage *form = wizard->formPage();
    typeInto(form, "kmIssuer", QStringLiteral("https://keycloak.example.com/realms/apim"));
    auto *endpoints = child<EndpointsEditor>(form, "kmEndpoints");
    endpoints->setValue(QStringLiteral("token_endpoint"), kRealm + QStringLiteral("/token"));
    endpoints->setValue(QStringLiteral("revoke_endpoint"), kRealm + QStringLiteral("/revoke"));
    endpoints->setValue(QStringLiteral("introspection_endpoint"), kRealm + QStringLiteral("/token/introspect"));
    endpoints->setValue(QStringLiteral("client_registration_endpoint"), QStringLiteral("https://keycloak.example.com/realms/apim/clients-registrations/openid-connect"));
    typeInto(form, "kmJwks", kRealm + QStringLiteral("/certs"));
    // The connector's own fields, built from /settings: the masked one is a SecretField.
    QVERIFY(qobject_cast<SecretField *>(form->connectorWidget(QStringLiteral("client_secret"))));
    QVERIFY(!qobject_cast<SecretField *>(form->connectorWidget(QStringLiteral("client_id"))));
    typeInto(form, "connector_client_id", QStringLiteral("apim-admin"));
    typeInto(form, "connector_client_secret", kKeycloakSecret);

    m_sandbox.clearRecordedRequests();
    QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(KeyManagerFormWizard::ReviewId));
    KeyManagerReviewPage *review = wizard->reviewPage();
    QTRY_VERIFY_WITH_TIMEOUT(review->isComplete(), 15000);
    // The button that writes says so; the review shows the exact JSON with the secret masked.
    QCOMPARE(wizard->button(QWizard::NextButton)->text(), QStringLiteral("&Create “Keycloak”"));
    const QJsonObject reviewed = QJsonDocument::fromJson(review->json()->toPlainText().toUtf8()).object();
    QCOMPARE(reviewed.value(QLatin1String("additionalProperties")).toObject().value(QLatin1String("client_secret")).toString(), QStringLiteral("*****"));
    QVERIFY(!review->json()->toPlainText().contains(kKeycloakSecret));
    QCOMPARE(postsIn(m_sandbox), 0);

    QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(applySucceeded(wizard), 15000);
    QCOMPARE(postsIn(m_sandbox), 1);

    // What API Manager received: the reviewed JSON, with the typed secret in place of the mask.
    QJsonObject expected = reviewed;
    QJsonObject props = expected.value(QLatin1String("additionalProperties")).toObject();
    props.insert(QStringLiteral("client_secret"), kKeycloakSecret);
    expected.insert(QStringLiteral("additionalProperties"), props);
    QCOMPARE(lastBody(m_sandbox, QStringLiteral("POST")), expected);
    const QJsonObject wanted{
        {QStringLiteral("name"), QStringLiteral("Keycloak")}, {QStringLiteral("displayName"), QStringLiteral("Keycloak")},
        {QStringLiteral("type"), QStringLiteral("KeyCloak")}, {QStringLiteral("issuer"), QStringLiteral("https://keycloak.example.com/realms/apim")},
        {QStringLiteral("consumerKeyClaim"), QStringLiteral("azp")}, {QStringLiteral("scopesClaim"), QStringLiteral("scope")},
        {QStringLiteral("enabled"), true},
        {QStringLiteral("clientRegistrationEndpoint"), QStringLiteral("https://keycloak.example.com/realms/apim/clients-registrations/openid-connect")},
        {QStringLiteral("introspectionEndpoint"), QString(kRealm + QStringLiteral("/token/introspect"))},
        {QStringLiteral("tokenEndpoint"), QString(kRealm + QStringLiteral("/token"))},
        {QStringLiteral("revokeEndpoint"), QString(kRealm + QStringLiteral("/revoke"))},
        {QStringLiteral("endpoints"), QJsonArray{
            QJsonObject{{QStringLiteral("name"), QStringLiteral("client_registration_endpoint")},
                        {QStringLiteral("value"), QStringLiteral("https://keycloak.example.com/realms/apim/clients-registrations/openid-connect")}},
            QJsonObject{{QStringLiteral("name"), QStringLiteral("introspection_endpoint")}, {QStringLiteral("value"), QString(kRealm + QStringLiteral("/token/introspect"))}},
            QJsonObject{{QStringLiteral("name"), QStringLiteral("token_endpoint")}, {QStringLiteral("value"), QString(kRealm + QStringLiteral("/token"))}},
            QJsonObject{{QStringLiteral("name"), QStringLiteral("revoke_endpoint")}, {QStringLiteral("value"), QString(kRealm + QStringLiteral("/revoke"))}}}},
        {QStringLiteral("certificates"), QJsonObject{{QStringLiteral("type"), QStringLiteral("JWKS")}, {QStringLiteral("value"), QString(kRealm + QStringLiteral("/certs"))}}},
        {QStringLiteral("availableGrantTypes"), QJsonArray{QStringLiteral("client_credentials"), QStringLiteral("authorization_code"), QStringLiteral("refresh_token")}},
        {QStringLiteral("permissions"), QJsonObject{{QStringLiteral("permissionType"), QStringLiteral("PUBLIC")}, {QStringLiteral("roles"), QJsonArray()}}},
        {QStringLiteral("additionalProperties"), QJsonObject{{QStringLiteral("client_id"), QStringLiteral("apim-admin")},
                                                             {QStringLiteral("client_secret"), kKeycloakSecret}}}};
    QCOMPARE(lastBody(m_sandbox, QStringLiteral("POST")), wanted);
    QCOMPARE(m_sandbox.keyManagersNamed(QStringLiteral("Keycloak")).value(0).value(QLatin1String("additionalProperties")).toObject()
                 .value(QLatin1String("client_secret")).toString(), kKeycloakSecret);
    // The page lists it after the apply.
    QTRY_VERIFY_WITH_TIMEOUT(m_page->model()->rowCount() == 3, 15000);
    wizard->close();
}

void TstGuiKeyManagerForm::editingShowsTheDifferencesAndKeepsTheSecret()
{
    QTRY_VERIFY_WITH_TIMEOUT(m_page->model()->idsWithoutDetail().isEmpty(), 15000);
    QVERIFY(select(QStringLiteral("Keycloak")));
    auto *edit = child<QPushButton>(m_page, "keyManagerEdit");
    QTRY_VERIFY_WITH_TIMEOUT(edit->isEnabled(), 15000);
    KeyManagerFormWizard *wizard = openForm(edit);
    QVERIFY(wizard);
    KeyManagerFormPage *form = wizard->formPage();
    QVERIFY(!child<QComboBox>(form, "kmType")->isEnabled());
    QCOMPARE(child<QLineEdit>(form, "connector_client_id")->text(), QStringLiteral("apim-admin"));
    QVERIFY(child<QLineEdit>(form, "connector_client_secret")->text().isEmpty()); // never shown, never "*****"
    typeInto(form, "connector_client_id", QStringLiteral("apim-console"));
    m_sandbox.clearRecordedRequests();
    QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
    KeyManagerReviewPage *review = wizard->reviewPage();
    QTRY_VERIFY_WITH_TIMEOUT(review->isComplete(), 15000);
    QCOMPARE(wizard->button(QWizard::NextButton)->text(), QStringLiteral("&Update “Keycloak”"));
    QTreeWidget *differences = review->differences();
    QCOMPARE(differences->topLevelItemCount(), 1);
    QCOMPARE(differences->topLevelItem(0)->text(0), QStringLiteral("additionalProperties.client_id"));
    QCOMPARE(differences->topLevelItem(0)->text(1), QStringLiteral("apim-admin"));
    QCOMPARE(differences->topLevelItem(0)->text(2), QStringLiteral("apim-console"));
    QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(applySucceeded(wizard), 15000);
    const QJsonObject put = lastBody(m_sandbox, QStringLiteral("PUT"));
    QCOMPARE(put.value(QLatin1String("additionalProperties")).toObject().value(QLatin1String("client_secret")).toString(), QStringLiteral("*****"));
    const QJsonObject stored = m_sandbox.keyManagersNamed(QStringLiteral("Keycloak")).value(0).value(QLatin1String("additionalProperties")).toObject();
    QCOMPARE(stored.value(QLatin1String("client_id")).toString(), QStringLiteral("apim-console"));
    QCOMPARE(stored.value(QLatin1String("client_secret")).toString(), kKeycloakSecret);
    wizard->close();
}

QTEST_MAIN(TstGuiKeyManagerForm)
#include "tst_gui_key_manager_form.moc"
