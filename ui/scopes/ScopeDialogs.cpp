#include "ui/scopes/ScopeDialogs.h"
#include "services/core/ConstRange.h"

#include "services/asgardeo/AsgardeoClient.h"
#include "services/core/Job.h"
#include "services/oauth/TokenClient.h"
#include "ui/widgets/InlineMessage.h"
#include "ui/widgets/SecretField.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace km {

namespace {

QListWidget *scopeList(const QStringList &scopes, const char *name)
{
    auto *list = new QListWidget;
    list->setObjectName(QString::fromLatin1(name));
    for (const QString &s : scopes) {
        auto *item = new QListWidgetItem(s, list);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    return list;
}

QStringList checked(QListWidget *list)
{
    QStringList out;
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->checkState() == Qt::Checked)
            out << list->item(i)->text();
    }
    return out;
}

} // namespace

// ---------------------------------------------------------------------------------------------

AuthorizeScopesDialog::AuthorizeScopesDialog(AsgardeoClient *asgardeo, const QString &resourceId, const QString &resourceName,
                                             const QStringList &scopes, QWidget *parent)
    : QDialog(parent)
    , m_asgardeo(asgardeo)
    , m_resourceId(resourceId)
    , m_resourceName(resourceName)
    , m_application(new QComboBox)
    , m_scopes(scopeList(scopes, "authScopes"))
    , m_message(new InlineMessage)
    , m_apply(new QPushButton(tr("&Authorize")))
{
    setObjectName(QStringLiteral("authorizeScopesDialog"));
    setWindowTitle(tr("Authorize scopes for an application"));
    m_application->setObjectName(QStringLiteral("authApplication"));
    m_message->setObjectName(QStringLiteral("authMessage"));
    m_apply->setObjectName(QStringLiteral("authApply"));
    m_message->hide();
    auto *intro = new QLabel(tr("Tick the scopes of “%1” the application may request. Asgardeo grants a client-credentials "
                                "token only the scopes authorized here.").arg(resourceName));
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("A&pplication:"), m_application);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_apply, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_scopes, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    m_apply->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_apply, &QPushButton::clicked, this, &AuthorizeScopesDialog::authorize);
    connect(m_application, &QComboBox::currentIndexChanged, this, &AuthorizeScopesDialog::loadAuthorized);
    resize(520, 460);
    loadApplications();
}

void AuthorizeScopesDialog::loadApplications()
{
    m_apply->setEnabled(false);
    m_message->showMessage(InlineMessage::Type::Info, tr("Listing the organization's applications…"));
    m_job.start(m_asgardeo->listApplications(), [this](const ApiError &error, const QJsonValue &applications) {
        if (error) {
            m_message->showError(error);
            return;
        }
        m_message->hide();
        for (const QJsonValue &v : km::constTemporary(applications.toArray())) {
            const QJsonObject app = v.toObject();
            m_application->addItem(app.value(QLatin1String("name")).toString(), app.value(QLatin1String("id")).toString());
        }
        if (m_application->count() == 0)
            m_message->showMessage(InlineMessage::Type::Warning, tr("The organization has no applications. Create one in the Asgardeo Console first."));
        m_apply->setEnabled(m_application->count() > 0);
    });
}

void AuthorizeScopesDialog::loadAuthorized()
{
    const QString appId = m_application->currentData().toString();
    if (appId.isEmpty())
        return;
    // Another application chosen meanwhile: this read is cancelled, its answer never ticks the other's scopes.
    m_authorized.start(m_asgardeo->authorizedScopes(appId, m_resourceId), [this](const ApiError &error, const QJsonValue &authorized) {
        if (error)
            return; // the boxes stay as they are; authorizing still says what Asgardeo answers
        const QStringList have = authorized.toObject().value(QLatin1String("scopes")).toVariant().toStringList();
        for (int i = 0; i < m_scopes->count(); ++i)
            m_scopes->item(i)->setCheckState(have.contains(m_scopes->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
    });
}

void AuthorizeScopesDialog::authorize()
{
    const QString appId = m_application->currentData().toString();
    const QStringList scopes = checked(m_scopes);
    if (appId.isEmpty() || scopes.isEmpty()) {
        m_message->showMessage(InlineMessage::Type::Warning, tr("Pick an application and tick at least one scope."));
        return;
    }
    m_apply->setEnabled(false);
    m_message->showMessage(InlineMessage::Type::Info, tr("Authorizing…"));
    const QString appName = m_application->currentText();
    m_job.start(m_asgardeo->authorizeApi(appId, m_resourceId, scopes), [this, appName, scopes](const ApiError &error, const QJsonValue &result) {
        m_apply->setEnabled(true);
        if (error) {
            m_message->showError(error);
            return;
        }
        const bool changed = result.toObject().value(QLatin1String("changed")).toBool();
        m_message->showMessage(InlineMessage::Type::Success,
                               changed ? tr("“%1” may now request %2.").arg(appName, scopes.join(QStringLiteral(", ")))
                                       : tr("“%1” was already authorized for these scopes.").arg(appName));
        Q_EMIT authorized(appName, scopes);
    });
}

// ---------------------------------------------------------------------------------------------

RequestTokenDialog::RequestTokenDialog(AsgardeoClient *asgardeo, HttpSession *http, const QStringList &scopes, QWidget *parent)
    : QDialog(parent)
    , m_asgardeo(asgardeo)
    , m_http(http)
    , m_clientId(new QLineEdit)
    , m_secret(new SecretField)
    , m_scopes(scopeList(scopes, "tokScopes"))
    , m_result(new QTableWidget(0, 3))
    , m_message(new InlineMessage)
    , m_request(new QPushButton(tr("&Request token")))
    , m_open(new QPushButton(tr("&Open in Token Inspector")))
{
    setObjectName(QStringLiteral("requestTokenDialog"));
    setWindowTitle(tr("Request a token"));
    m_clientId->setObjectName(QStringLiteral("tokClientId"));
    m_secret->setObjectName(QStringLiteral("tokClientSecret"));
    m_result->setObjectName(QStringLiteral("tokResult"));
    m_message->setObjectName(QStringLiteral("tokMessage"));
    m_request->setObjectName(QStringLiteral("tokRequest"));
    m_open->setObjectName(QStringLiteral("tokOpenInspector"));
    m_clientId->setPlaceholderText(tr("Client ID of the application (Asgardeo Console › Applications › Protocol)"));
    m_secret->setPlaceholderText(tr("Client secret (used for this request only, not stored)"));
    m_result->setHorizontalHeaderLabels({tr("Scope"), tr("Requested"), tr("Granted")});
    m_result->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_result->verticalHeader()->hide();
    m_result->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_message->hide();
    m_open->setEnabled(false);

    auto *form = new QFormLayout;
    form->addRow(tr("Client &ID:"), m_clientId);
    form->addRow(tr("Client &secret:"), m_secret);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_request, QDialogButtonBox::ActionRole);
    buttons->addButton(m_open, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Scopes to request:")));
    layout->addWidget(m_scopes, 1);
    layout->addWidget(m_message);
    layout->addWidget(m_result, 1);
    layout->addWidget(buttons);
    m_request->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_request, &QPushButton::clicked, this, &RequestTokenDialog::request);
    connect(m_open, &QPushButton::clicked, this, [this] { Q_EMIT openInInspector(m_token); });
    resize(560, 560);
}

void RequestTokenDialog::request()
{
    if (m_clientId->text().trimmed().isEmpty() || m_secret->text().isEmpty()) {
        m_message->showMessage(InlineMessage::Type::Warning, tr("Enter the application's client ID and secret."));
        (m_clientId->text().trimmed().isEmpty() ? static_cast<QWidget *>(m_clientId) : m_secret)->setFocus();
        return;
    }
    const QStringList requested = checked(m_scopes);
    m_request->setEnabled(false);
    m_open->setEnabled(false);
    m_token.clear();
    m_message->showMessage(InlineMessage::Type::Info, tr("Requesting a client-credentials token from %1…").arg(m_asgardeo->organization()));
    TokenClient client(m_http);
    Job *job = client.clientCredentials(m_asgardeo->organizationUrl(QStringLiteral("/oauth2/token")), m_clientId->text().trimmed(),
                                        m_secret->text(), requested, TokenClient::ClientAuth::Basic, this);
    m_job.start(job, [this, requested](const ApiError &error, const QJsonValue &result) {
        m_request->setEnabled(true);
        if (error) {
            m_message->showError(error);
            return;
        }
        const QJsonObject response = result.toObject();
        m_token = TokenClient::accessToken(response);
        const QStringList granted = TokenClient::grantedScopes(response);
        QStringList all = requested;
        for (const QString &g : granted) {
            if (!all.contains(g))
                all << g;
        }
        m_result->setRowCount(0);
        QStringList refused;
        for (const QString &scope : std::as_const(all)) {
            const int row = m_result->rowCount();
            m_result->insertRow(row);
            m_result->setItem(row, 0, new QTableWidgetItem(scope));
            m_result->setItem(row, 1, new QTableWidgetItem(requested.contains(scope) ? tr("yes") : tr("no")));
            auto *grantedItem = new QTableWidgetItem(granted.contains(scope) ? tr("yes") : tr("no"));
            if (requested.contains(scope) && !granted.contains(scope)) {
                grantedItem->setForeground(QColor(0xc0, 0x1c, 0x28));
                refused << scope;
            }
            m_result->setItem(row, 2, grantedItem);
        }
        if (refused.isEmpty())
            m_message->showMessage(InlineMessage::Type::Success, tr("Token obtained with every requested scope."));
        else
            m_message->showMessage(InlineMessage::Type::Warning,
                                   tr("Token obtained, but without %1: Asgardeo grants only scopes authorized for the application. "
                                      "Authorize them with “Authorize for an application…” and request again.").arg(refused.join(QStringLiteral(", "))));
        m_open->setEnabled(!m_token.isEmpty());
    });
}

} // namespace km
