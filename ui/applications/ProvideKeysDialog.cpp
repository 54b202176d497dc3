#include "ui/applications/ProvideKeysDialog.h"
#include "services/core/ConstRange.h"

#include "services/apim/ApimClient.h"
#include "services/apim/DevPortalClient.h"
#include "services/core/Job.h"
#include "services/entra/EntraClient.h"
#include "services/profiles/ProfileValidation.h"
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
#include <QRegularExpression>
#include <QVBoxLayout>

namespace km {

ProvideKeysDialog::ProvideKeysDialog(DevPortalClient *portal, const QList<DevPortalApplication> &applications, const QList<PortalKeyManager> &keyManagers,
                                     const QString &applicationId, const QString &clientId, const QString &keyManager, QWidget *parent)
    : QDialog(parent)
    , m_portal(portal)
    , m_applications(applications)
    , m_application(new QComboBox)
    , m_keyManager(new QComboBox)
    , m_keyType(new QComboBox)
    , m_clientId(new QLineEdit(clientId))
    , m_secret(new SecretField)
    , m_note(new QLabel)
    , m_message(new InlineMessage)
    , m_map(new QPushButton(tr("&Map keys")))
{
    setObjectName(QStringLiteral("provideKeysDialog"));
    setWindowTitle(tr("Provide existing OAuth keys"));
    m_application->setObjectName(QStringLiteral("provideApplication"));
    m_keyManager->setObjectName(QStringLiteral("provideKeyManager"));
    m_keyType->setObjectName(QStringLiteral("provideKeyType"));
    m_clientId->setObjectName(QStringLiteral("provideClientId"));
    m_secret->setObjectName(QStringLiteral("provideSecret"));
    m_note->setObjectName(QStringLiteral("provideSecretNote"));
    m_message->setObjectName(QStringLiteral("provideMessage"));
    m_map->setObjectName(QStringLiteral("provideMap"));

    for (const DevPortalApplication &a : applications)
        m_application->addItem(a.name, a.applicationId);
    const int app = m_application->findData(applicationId);
    if (app >= 0)
        m_application->setCurrentIndex(app);
    // AzureAD key managers first: this dialog is mostly for Entra app registrations made by hand.
    for (int pass = 0; pass < 2; ++pass) {
        for (const PortalKeyManager &k : keyManagers) {
            if (k.isEntra() != (pass == 0))
                continue;
            m_keyManager->addItem(k.label(), k.name);
            m_keyManager->setItemData(m_keyManager->count() - 1, k.type, Qt::UserRole + 1);
        }
    }
    const int km = m_keyManager->findData(keyManager);
    if (km >= 0)
        m_keyManager->setCurrentIndex(km);
    m_keyType->addItem(tr("Production"), QStringLiteral("PRODUCTION"));
    m_keyType->addItem(tr("Sandbox"), QStringLiteral("SANDBOX"));
    updateKeyTypes();

    m_clientId->setPlaceholderText(tr("Application (client) ID, e.g. 1b2c3d4e-…"));
    m_secret->setPlaceholderText(tr("The client secret's Value (not its Secret ID)"));
    m_note->setWordWrap(true);
    m_note->setText(tr("<b>Entra ID shows a client secret's Value only once</b>, when it is created (Azure portal › App registrations › "
                       "the app › Certificates &amp; secrets). Paste the Value, not the Secret ID. Entra will not show it again, and "
                       "neither will API Manager for a mapped key: keep it where your client keeps its configuration. "
                       "kmconsole sends it to API Manager with this request only and does not store it."));
    m_message->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("DevPortal &application:"), m_application);
    form->addRow(tr("&Key manager:"), m_keyManager);
    form->addRow(tr("Key t&ype:"), m_keyType);
    form->addRow(tr("Client &ID:"), m_clientId);
    form->addRow(tr("Client &secret:"), m_secret);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_map, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(buttons);
    m_map->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_map, &QPushButton::clicked, this, &ProvideKeysDialog::mapKeys);
    connect(m_application, &QComboBox::currentIndexChanged, this, &ProvideKeysDialog::updateKeyTypes);
    connect(m_keyManager, &QComboBox::currentIndexChanged, this, &ProvideKeysDialog::updateKeyTypes);
    resize(600, 460);
    (m_clientId->text().isEmpty() ? static_cast<QWidget *>(m_clientId) : m_secret)->setFocus();
}

ProvideKeysDialog::~ProvideKeysDialog() = default; // the slot cancels a mapping still running

DevPortalApplication ProvideKeysDialog::selectedApplication() const
{
    const QString id = m_application->currentData().toString();
    const auto found = std::find_if(m_applications.cbegin(), m_applications.cend(), [&id](const DevPortalApplication &a) { return a.applicationId == id; });
    return found != m_applications.cend() ? *found : DevPortalApplication();
}

QString ProvideKeysDialog::selectedKeyManagerType() const
{
    return m_keyManager->currentData(Qt::UserRole + 1).toString();
}

void ProvideKeysDialog::updateKeyTypes()
{
    // A key type the application already holds with this key manager cannot be mapped again: the first free one is chosen.
    const QString km = m_keyManager->currentData().toString();
    QStringList taken;
    for (const DevPortalKey &k : km::constTemporary(selectedApplication().keys)) {
        if (k.keyManager == km)
            taken << k.keyType;
    }
    for (int i = 0; i < m_keyType->count(); ++i) {
        const QString type = m_keyType->itemData(i).toString();
        m_keyType->setItemText(i, (type == QLatin1String("PRODUCTION") ? tr("Production") : tr("Sandbox"))
                                      + (taken.contains(type) ? tr(" (already has keys)") : QString()));
    }
    for (int i = 0; i < m_keyType->count(); ++i) {
        if (!taken.contains(m_keyType->itemData(i).toString())) {
            m_keyType->setCurrentIndex(i);
            break;
        }
    }
}

void ProvideKeysDialog::mapKeys()
{
    if (!m_portal || m_job.isBusy())
        return;
    const QString applicationId = m_application->currentData().toString();
    const QString keyManager = m_keyManager->currentData().toString();
    const QString clientId = m_clientId->text().trimmed();
    const QString secret = m_secret->text();
    const bool azure = selectedKeyManagerType() == QLatin1String("AzureAD");
    if (applicationId.isEmpty() || keyManager.isEmpty()) {
        m_message->showMessage(InlineMessage::Type::Warning,
                               applicationId.isEmpty() ? tr("There is no DevPortal application to give the keys to: create one in the Developer Portal first.")
                                                       : tr("API Manager lists no key manager to map the keys to."));
        return;
    }
    // The same rules as `kmconsole-cli applications map-keys` (services/profiles/ProfileValidation).
    const ApiError idProblem = azure ? ProfileValidation::entraClientId(clientId) : ProfileValidation::clientId(clientId);
    const ApiError secretProblem = azure ? ProfileValidation::entraClientSecret(secret)
                                         : ProfileValidation::clientSecret(secret, tr("the identity provider's application"));
    if (idProblem || secretProblem) {
        m_message->showMessage(InlineMessage::Type::Warning, (idProblem ? idProblem : secretProblem).toUserText());
        (idProblem ? static_cast<QWidget *>(m_clientId) : static_cast<QWidget *>(m_secret))->setFocus();
        return;
    }
    m_map->setEnabled(false);
    m_message->showMessage(InlineMessage::Type::Info, tr("Mapping the keys in API Manager…"));
    const QString keyType = m_keyType->currentData().toString();
    const QString appName = m_application->currentText();
    m_job.start(m_portal->mapKeys(applicationId, keyManager, clientId, secret, keyType),
                [this, applicationId, appName, keyManager, keyType](const ApiError &error, const QJsonValue &result) {
        m_map->setEnabled(true);
        if (error) {
            m_message->showError(error);
            return;
        }
        const DevPortalKey mapped = DevPortalKey::fromJson(result.toObject()); // holds no secret: the answer's is dropped here
        m_secret->clear();
        m_message->showMessage(InlineMessage::Type::Success,
                               tr("“%1” now holds %2 keys with %3 (mode %4, client ID %5). The secret went to API Manager only; "
                                  "kmconsole did not keep it.")
                                   .arg(appName, keyType, keyManager, mapped.mode, mapped.consumerKey));
        // The application now holds this key type: the next mapping defaults to the other one.
        for (DevPortalApplication &a : m_applications) {
            if (a.applicationId == applicationId)
                a.keys.append(mapped);
        }
        updateKeyTypes();
        Q_EMIT keysMapped(applicationId, mapped);
    });
}

} // namespace km
