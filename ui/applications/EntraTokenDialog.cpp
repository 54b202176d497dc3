#include "ui/applications/EntraTokenDialog.h"

#include "services/core/Job.h"
#include "services/entra/EntraClient.h"
#include "services/http/HttpSession.h"
#include "ui/widgets/InlineMessage.h"
#include "ui/widgets/SecretField.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace km {

EntraTokenDialog::EntraTokenDialog(HttpSession *http, const EntraProfile &profile, const QList<PortalKeyManager> &keyManagers, const QString &clientId,
                                   const QString &keyManagerName, QWidget *parent)
    : QDialog(parent)
    , m_http(http)
    , m_profile(profile)
    , m_keyManager(new QComboBox)
    , m_clientId(new QLineEdit(clientId))
    , m_secret(new SecretField)
    , m_scope(new QLineEdit)
    , m_message(new InlineMessage)
    , m_request(new QPushButton(tr("&Get token")))
{
    setObjectName(QStringLiteral("entraTokenDialog"));
    setWindowTitle(tr("Get a token from Entra ID"));
    m_keyManager->setObjectName(QStringLiteral("tokenKeyManager"));
    m_clientId->setObjectName(QStringLiteral("tokenClientId"));
    m_secret->setObjectName(QStringLiteral("tokenSecret"));
    m_scope->setObjectName(QStringLiteral("tokenScope"));
    m_message->setObjectName(QStringLiteral("tokenMessage"));
    m_request->setObjectName(QStringLiteral("tokenRequest"));

    for (const PortalKeyManager &km : keyManagers)
        m_keyManager->addItem(km.expectationLabel(), km.name);
    m_keyManager->addItem(tr("The one whose issuer the token has"), QString());
    // Unknown (the application holds no DevPortal key yet): the first AzureAD key manager, the one being set up.
    const int preferred = keyManagerName.isEmpty() ? -1 : m_keyManager->findData(keyManagerName);
    m_keyManager->setCurrentIndex(preferred >= 0 ? preferred : 0);
    m_keyManager->setToolTip(tr("The Token Inspector checks the token's issuer and consumer-key claim against this key manager"));

    m_clientId->setPlaceholderText(tr("Application (client) ID"));
    m_secret->setPlaceholderText(tr("The client secret's Value (used for this request only, not stored)"));
    m_scope->setPlaceholderText(QStringLiteral("api://{appId}/.default"));
    m_scope->setToolTip(tr("A client-credentials token is for one resource: api://{appId}/.default asks for the application's own API"));
    m_autoScope = clientId.trimmed().isEmpty() ? QString() : EntraClient::apiScope(clientId.trimmed());
    m_scope->setText(m_autoScope);
    m_message->hide();

    auto *intro = new QLabel(tr("Requests a client-credentials token from tenant %1 as the application would, and opens it in the "
                                "Token Inspector. The version of the token comes from the application's requestedAccessTokenVersion "
                                "(null is v1), not from the endpoint.").arg(profile.tenant));
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText); // names the tenant as typed
    auto *form = new QFormLayout;
    form->addRow(tr("Check &against:"), m_keyManager);
    form->addRow(tr("Client &ID:"), m_clientId);
    form->addRow(tr("Client &secret:"), m_secret);
    form->addRow(tr("S&cope:"), m_scope);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_request, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(buttons);
    // Default once it is in the dialog: set before, the dialog picks another when it is shown (Enter did nothing).
    m_request->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_request, &QPushButton::clicked, this, &EntraTokenDialog::requestToken);
    connect(m_clientId, &QLineEdit::textChanged, this, [this](const QString &text) {
        // The scope follows the client ID until the user writes one of their own.
        if (m_scope->text() != m_autoScope)
            return;
        m_autoScope = text.trimmed().isEmpty() ? QString() : EntraClient::apiScope(text.trimmed());
        m_scope->setText(m_autoScope);
    });
    resize(600, 400);
    (m_clientId->text().isEmpty() ? static_cast<QWidget *>(m_clientId) : m_secret)->setFocus();
}

void EntraTokenDialog::setApplicationIdUris(const QStringList &uris)
{
    const QStringList scopes = EntraClient::ownScopes(uris);
    const bool followed = m_scope->text() == m_autoScope;
    m_autoScope = scopes.value(0);
    if (followed)
        m_scope->setText(m_autoScope);
    m_scope->setToolTip(scopes.isEmpty() ? QString() : tr("Its own scopes: %1").arg(scopes.join(QStringLiteral(", "))));
    if (scopes.isEmpty()) {
        m_scope->setPlaceholderText(tr("The scope of a resource the application has permissions for"));
        m_message->showMessage(InlineMessage::Type::Info,
                               tr("This application has no Application ID URI, so it has no api://…/.default of its own to ask for. "
                                  "Add one with Check on the Applications page (it sets api://{appId}), or enter the scope of a "
                                  "resource it has permissions for."));
    }
}

EntraTokenDialog::~EntraTokenDialog() = default; // the slot cancels a request still running

QString EntraTokenDialog::scope() const
{
    return m_scope->text().trimmed();
}

void EntraTokenDialog::requestToken()
{
    if (m_job.isBusy())
        return;
    const QString clientId = m_clientId->text().trimmed();
    if (clientId.isEmpty()) {
        m_message->showMessage(InlineMessage::Type::Warning,
                               tr("Enter the Application (client) ID of the application that asks for the token "
                                  "(the consumer key of its DevPortal keys)."));
        m_clientId->setFocus();
        return;
    }
    if (m_secret->text().isEmpty()) {
        m_message->showMessage(InlineMessage::Type::Warning,
                               tr("Enter the client secret's Value. Entra showed it once, when the secret was created; for keys generated "
                                  "in the Developer Portal it was shown once there."));
        m_secret->setFocus();
        return;
    }
    if (scope().isEmpty()) {
        m_message->showMessage(InlineMessage::Type::Warning, tr("Enter the scope, e.g. %1.").arg(EntraClient::apiScope(clientId)));
        m_scope->setFocus();
        return;
    }
    delete m_entra;
    m_entra = new EntraClient(m_http, m_profile.loginUrl, m_profile.graphUrl, m_profile.tenant, clientId, m_secret->text(), this);
    m_entra->setExternal(m_profile.isExternal());
    m_request->setEnabled(false);
    m_message->showMessage(InlineMessage::Type::Info, tr("Requesting a token for %1 from Entra ID…").arg(scope()));
    m_job.start(m_entra->requestToken(scope()), [this](const ApiError &error, const QJsonValue &result) {
        m_request->setEnabled(true);
        if (error) {
            m_message->showError(error);
            return;
        }
        const QString token = result.toObject().value(QLatin1String("access_token")).toString();
        if (token.isEmpty()) {
            m_message->showMessage(InlineMessage::Type::Error, tr("Entra ID answered without an access token."));
            return;
        }
        m_secret->clear();
        m_message->showMessage(InlineMessage::Type::Success, tr("Token received; it opens in the Token Inspector."));
        Q_EMIT tokenReceived(token, m_keyManager->currentData().toString());
    });
}

} // namespace km
