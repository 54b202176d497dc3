#include "ui/setup/KeyManagerDetailsPage.h"

#include "services/setup/KeyManagerSteps.h"

#include "services/apim/ApimClient.h"
#include "services/apim/KeyManagerCatalogue.h"
#include "services/apim/KeyManagerConfig.h"
#include "services/core/Job.h"
#include "ui/widgets/EndpointsEditor.h"
#include "ui/widgets/GrantTypesEditor.h"
#include "ui/widgets/InlineMessage.h"
#include "ui/widgets/PermissionsEditor.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

namespace km {

KeyManagerDetailsPage::KeyManagerDetailsPage(const QString &keyManagerType, QWidget *parent)
    : QWizardPage(parent)
    , m_type(keyManagerType)
    , m_name(new QLineEdit)
    , m_displayName(new QLineEdit)
    , m_description(new QLineEdit)
    , m_wellKnown(new QLineEdit)
    , m_import(new QPushButton(tr("&Import")))
    , m_issuer(new QLineEdit)
    , m_jwks(new QLineEdit)
    , m_consumerKeyClaim(new QLineEdit)
    , m_scopesClaim(new QLineEdit)
    , m_endpoints(new EndpointsEditor)
    , m_grants(new GrantTypesEditor)
    , m_permissions(new PermissionsEditor)
    , m_message(new InlineMessage)
    , m_nameStatus(new QLabel)
    , m_nameTimer(new QTimer(this))
{
    setTitle(tr("Key manager"));
    setSubTitle(tr("How API Manager will know this key manager. Endpoints are imported from the well-known URL "
                   "through API Manager itself, as the Admin Portal's Import does; every value stays editable."));
    m_name->setObjectName(QStringLiteral("kmName"));
    m_name->setMaxLength(100);
    m_name->setPlaceholderText(tr("Unique in this API Manager, no spaces, e.g. Asgardeo"));
    m_displayName->setObjectName(QStringLiteral("kmDisplayName"));
    m_displayName->setMaxLength(100);
    m_description->setObjectName(QStringLiteral("kmDescription"));
    m_description->setMaxLength(256);
    m_wellKnown->setObjectName(QStringLiteral("kmWellKnown"));
    m_import->setObjectName(QStringLiteral("kmImport"));
    m_issuer->setObjectName(QStringLiteral("kmIssuer"));
    m_jwks->setObjectName(QStringLiteral("kmJwks"));
    m_consumerKeyClaim->setObjectName(QStringLiteral("kmConsumerKeyClaim"));
    m_scopesClaim->setObjectName(QStringLiteral("kmScopesClaim"));
    m_nameStatus->setObjectName(QStringLiteral("kmNameStatus"));
    m_nameStatus->setTextFormat(Qt::PlainText);
    m_nameStatus->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("kmMessage"));
    m_nameTimer->setSingleShot(true);
    m_nameTimer->setInterval(250);

    auto *content = new QWidget;
    // Four forms in a column, so that the fields each key manager has of its own (display name, description; issuer,
    // JWKS, claims) can be hidden as two blocks: Qt 6.4's QFormLayout writes past its arrays computing the height of a
    // form whose rows are hidden one by one beside a wrapped label.
    auto newForm = [](QWidget *owner = nullptr) {
        auto *f = owner ? new QFormLayout(owner) : new QFormLayout;
        if (owner)
            f->setContentsMargins(0, 0, 0, 0);
        return f;
    };
    auto *form = newForm();
    // Alt+N is the wizard's Next.
    form->addRow(tr("Na&me:"), m_name);
    form->addRow(QString(), m_nameStatus);
    m_ownFieldsTop = new QWidget;
    QFormLayout *top = newForm(m_ownFieldsTop);
    top->addRow(tr("&Display name:"), m_displayName);
    top->addRow(tr("D&escription:"), m_description);
    auto *wellKnownForm = newForm();
    auto *wellKnownRow = new QHBoxLayout;
    wellKnownRow->addWidget(m_wellKnown, 1);
    wellKnownRow->addWidget(m_import);
    // A row holding a layout gets no buddy from QFormLayout: give the label one so & is a mnemonic.
    auto *wellKnownLabel = new QLabel(tr("&Well-known URL:"));
    wellKnownLabel->setBuddy(m_wellKnown);
    wellKnownForm->addRow(wellKnownLabel, wellKnownRow);
    m_ownFieldsBottom = new QWidget;
    QFormLayout *bottom = newForm(m_ownFieldsBottom);
    bottom->addRow(tr("Iss&uer:"), m_issuer);
    bottom->addRow(tr("Certificates (&JWKS URL):"), m_jwks);
    bottom->addRow(tr("Consumer &key claim:"), m_consumerKeyClaim);
    bottom->addRow(tr("Sco&pes claim:"), m_scopesClaim);
    // One label column across the four forms.
    QList<QLabel *> labels;
    for (QFormLayout *f : {form, top, wellKnownForm, bottom}) {
        for (int row = 0; row < f->rowCount(); ++row) {
            if (auto *label = qobject_cast<QLabel *>(f->itemAt(row, QFormLayout::LabelRole) ? f->itemAt(row, QFormLayout::LabelRole)->widget() : nullptr))
                labels << label;
        }
    }
    int labelWidth = 0;
    for (QLabel *label : std::as_const(labels))
        labelWidth = qMax(labelWidth, label->sizeHint().width());
    for (QLabel *label : std::as_const(labels))
        label->setMinimumWidth(labelWidth);

    auto *endpointsBox = new QGroupBox(tr("Endpoints"));
    (new QVBoxLayout(endpointsBox))->addWidget(m_endpoints);
    auto *grantsBox = new QGroupBox(tr("Grant types"));
    (new QVBoxLayout(grantsBox))->addWidget(m_grants);
    auto *permissionsBox = new QGroupBox(tr("Permissions"));
    (new QVBoxLayout(permissionsBox))->addWidget(m_permissions);

    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->addLayout(form);
    contentLayout->addWidget(m_ownFieldsTop);
    contentLayout->addLayout(wellKnownForm);
    contentLayout->addWidget(m_ownFieldsBottom);
    contentLayout->addWidget(endpointsBox);
    contentLayout->addWidget(grantsBox);
    contentLayout->addWidget(permissionsBox);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(this);
    m_layout = layout;
    layout->addWidget(m_message);
    layout->addWidget(scroll, 1);

    connect(m_name, &QLineEdit::textChanged, this, &KeyManagerDetailsPage::checkNameSoon);
    connect(m_nameTimer, &QTimer::timeout, this, &KeyManagerDetailsPage::checkName);
    connect(m_import, &QPushButton::clicked, this, &KeyManagerDetailsPage::importWellKnown);
    connect(m_wellKnown, &QLineEdit::returnPressed, this, &KeyManagerDetailsPage::importWellKnown);
    for (QLineEdit *edit : {m_issuer, m_jwks, m_consumerKeyClaim, m_scopesClaim, m_displayName})
        connect(edit, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
    connect(m_endpoints, &EndpointsEditor::changed, this, &QWizardPage::completeChanged);
    connect(m_grants, &GrantTypesEditor::changed, this, &QWizardPage::completeChanged);
    connect(m_permissions, &PermissionsEditor::changed, this, &QWizardPage::completeChanged);
}

void KeyManagerDetailsPage::setPerKeyManagerFieldsHidden(bool hidden)
{
    m_perKeyManagerHidden = hidden;
    m_ownFieldsTop->setVisible(!hidden);
    m_ownFieldsBottom->setVisible(!hidden);
    Q_EMIT completeChanged();
}

void KeyManagerDetailsPage::addHeaderWidget(QWidget *widget)
{
    m_layout->insertWidget(1, widget);
}

QString KeyManagerDetailsPage::nameProblem(const QString &name)
{
    if (name.trimmed().isEmpty())
        return tr("Enter a name.");
    static const QRegularExpression space(QStringLiteral("\\s"));
    if (name.contains(space))
        return tr("The name may not contain spaces (API Manager uses it in URLs and token claims); use e.g. “%1”.")
            .arg(name.simplified().replace(QLatin1Char(' '), QLatin1Char('-')));
    if (name.size() > 100)
        return tr("The name is longer than 100 characters.");
    return QString();
}

void KeyManagerDetailsPage::initializePage()
{
    m_namesLoaded = false;
    if (m_apim) {
        // Read again (another administrator may have added one meanwhile), for the other pages too.
        m_nameStatus->setText(tr("Checking the names already used in API Manager…"));
        m_nameJob.start(m_apim->keyManagerCatalogue()->refresh(), [this](const ApiError &error, const QJsonValue &read) {
            if (error) {
                m_nameStatus->setText(tr("Could not list the existing key managers: %1").arg(error.toUserText()));
                return;
            }
            m_existingNames.clear();
            const QJsonArray list = read.toObject().value(QLatin1String("list")).toArray();
            for (const QJsonValue &v : list)
                m_existingNames << v.toObject().value(QLatin1String("name")).toString();
            m_namesLoaded = true;
            checkName();
        });
    }
    if (!m_importedOnce && !m_wellKnown->text().trimmed().isEmpty() && m_apim)
        importWellKnown();
    checkName();
}

void KeyManagerDetailsPage::checkNameSoon()
{
    m_nameTimer->start();
    Q_EMIT completeChanged();
}

void KeyManagerDetailsPage::checkName()
{
    const QString name = m_name->text().trimmed();
    const QString problem = nameProblem(name);
    m_nameExists = m_existingNames.contains(name);
    if (!problem.isEmpty() && !name.isEmpty())
        m_nameStatus->setText(problem);
    else if (m_nameExists && m_allowExisting)
        m_nameStatus->setText(tr("A key manager named “%1” already exists. The Review step shows what would change and asks before updating it.").arg(name));
    else if (m_nameExists)
        m_nameStatus->setText(tr("A key manager named “%1” already exists in this API Manager; choose another name.").arg(name));
    else if (m_namesLoaded && !name.isEmpty())
        m_nameStatus->setText(tr("The name is free."));
    else if (!m_namesLoaded && m_nameJob.isBusy())
        ; // still loading
    else
        m_nameStatus->clear();
    Q_EMIT completeChanged();
}

void KeyManagerDetailsPage::importWellKnown()
{
    const QString url = m_wellKnown->text().trimmed();
    if (url.isEmpty()) {
        m_message->showMessage(InlineMessage::Type::Warning, tr("Enter the well-known URL first."));
        return;
    }
    if (!m_apim) {
        m_message->showMessage(InlineMessage::Type::Warning, tr("Connect to API Manager first: endpoints are imported through it."));
        return;
    }
    m_import->setEnabled(false);
    m_message->showMessage(InlineMessage::Type::Info, tr("Importing endpoints from %1 through API Manager…").arg(url));
    m_importJob.start(m_apim->discoverKeyManager(QUrl(url), m_type), [this, url](const ApiError &error, const QJsonValue &answer) {
        m_import->setEnabled(true);
        if (error) {
            m_message->showMessage(InlineMessage::Type::Error,
                                   tr("Could not import from %1: %2 You can still fill in the endpoints by hand.").arg(url, error.toUserText()));
            return;
        }
        const QJsonObject result = answer.toObject();
        const QJsonObject value = result.value(QLatin1String("value")).toObject();
        if (!result.value(QLatin1String("valid")).toBool() || value.isEmpty()) {
            m_message->showMessage(InlineMessage::Type::Error,
                                   tr("API Manager could not read an OpenID discovery document at %1. Check the URL "
                                      "(it usually ends in /.well-known/openid-configuration) and that API Manager can reach it.").arg(url));
            return;
        }
        m_importedOnce = true;
        // Import replaces what discovery knows; name, description and permissions stay as typed.
        // API Manager's discover answers the endpoints as flat fields (tokenEndpoint, …) with `endpoints: []`.
        QJsonObject discovered{{QStringLiteral("endpoints"), KeyManagerConfig::fromJson(value).endpointList()}};
        for (const QString &key : {QStringLiteral("issuer"), QStringLiteral("certificates"), QStringLiteral("availableGrantTypes")}) {
            if (value.contains(key))
                discovered.insert(key, value.value(key));
        }
        setFromKeyManager(discovered, true);
        m_message->showMessage(InlineMessage::Type::Success, tr("Imported the issuer, endpoints, JWKS URL and grant types from %1. Review them below.").arg(url));
        Q_EMIT imported(value);
        Q_EMIT completeChanged();
    });
}

void KeyManagerDetailsPage::setFromKeyManager(const QJsonObject &km, bool overwriteEdited)
{
    auto setIf = [&](QLineEdit *edit, const QString &key) {
        if (!km.contains(key))
            return;
        if (overwriteEdited || edit->text().isEmpty() || !edit->isModified())
            edit->setText(km.value(key).toString());
    };
    setIf(m_name, QStringLiteral("name"));
    setIf(m_displayName, QStringLiteral("displayName"));
    setIf(m_description, QStringLiteral("description"));
    setIf(m_wellKnown, QStringLiteral("wellKnownEndpoint"));
    setIf(m_issuer, QStringLiteral("issuer"));
    setIf(m_consumerKeyClaim, QStringLiteral("consumerKeyClaim"));
    setIf(m_scopesClaim, QStringLiteral("scopesClaim"));
    if (km.contains(QLatin1String("certificates")))
        m_jwks->setText(km.value(QLatin1String("certificates")).toObject().value(QLatin1String("value")).toString());
    const QJsonArray endpoints = KeyManagerConfig::fromJson(km).endpointList();
    if (km.contains(QLatin1String("endpoints")) || !endpoints.isEmpty())
        m_endpoints->setEndpoints(endpoints);
    if (km.contains(QLatin1String("availableGrantTypes")) && !m_grantsFixed) {
        QStringList grants;
        const QJsonArray array = km.value(QLatin1String("availableGrantTypes")).toArray();
        for (const QJsonValue &g : array)
            grants << g.toString();
        const QStringList previous = m_grants->checkedGrantTypes();
        // First import: what the identity provider supports, less the grants not to use; later: what was chosen.
        const QStringList start = previous.isEmpty() ? KeyManagerSteps::defaultGrantTypes(grants) : previous;
        QStringList checked;
        for (const QString &g : std::as_const(grants)) {
            if (start.contains(g))
                checked << g;
        }
        m_grants->setGrantTypes(grants, checked);
    }
    if (km.contains(QLatin1String("permissions")))
        m_permissions->setJson(km.value(QLatin1String("permissions")).toObject());
    checkName();
}

QJsonObject KeyManagerDetailsPage::applyTo(QJsonObject km) const
{
    km.insert(QStringLiteral("name"), m_name->text().trimmed());
    km.insert(QStringLiteral("type"), m_type);
    auto put = [&](const QString &key, const QString &value) {
        if (value.trimmed().isEmpty())
            km.remove(key);
        else
            km.insert(key, value.trimmed());
    };
    put(QStringLiteral("displayName"), m_displayName->text());
    put(QStringLiteral("description"), m_description->text());
    put(QStringLiteral("wellKnownEndpoint"), m_wellKnown->text());
    put(QStringLiteral("issuer"), m_issuer->text());
    put(QStringLiteral("consumerKeyClaim"), m_consumerKeyClaim->text());
    put(QStringLiteral("scopesClaim"), m_scopesClaim->text());
    if (!m_jwks->text().trimmed().isEmpty())
        km.insert(QStringLiteral("certificates"), QJsonObject{{QStringLiteral("type"), QStringLiteral("JWKS")},
                                                              {QStringLiteral("value"), m_jwks->text().trimmed()}});
    km = KeyManagerConfig::withEndpoints(km, m_endpoints->endpoints());
    km.insert(QStringLiteral("availableGrantTypes"), QJsonArray::fromStringList(m_grants->checkedGrantTypes()));
    km.insert(QStringLiteral("permissions"), m_permissions->toJson());
    return km;
}

void KeyManagerDetailsPage::setWellKnownUrl(const QString &url)
{
    if (m_wellKnown->text() != url) {
        m_wellKnown->setText(url);
        m_importedOnce = false;
    }
}

QString KeyManagerDetailsPage::wellKnownUrl() const
{
    return m_wellKnown->text().trimmed();
}

QString KeyManagerDetailsPage::keyManagerName() const
{
    return m_name->text().trimmed();
}

void KeyManagerDetailsPage::setFixedGrantTypes(const QStringList &grantTypes, const QString &reason)
{
    m_grantsFixed = true;
    m_grants->setFixed(grantTypes, reason);
}

void KeyManagerDetailsPage::setEndpointNote(const QString &endpointName, const QString &note)
{
    m_endpoints->setNote(endpointName, note);
}

bool KeyManagerDetailsPage::isComplete() const
{
    // Next stays available so that pressing it explains what is missing (validatePage) instead of
    // leaving a disabled button with no reason; only an import under way holds it back.
    return !m_importJob.isBusy() && !m_name->text().trimmed().isEmpty();
}

QString KeyManagerDetailsPage::problems() const
{
    QStringList problems;
    const QString nameIssue = nameProblem(m_name->text().trimmed());
    if (!nameIssue.isEmpty())
        problems << nameIssue;
    if (m_nameExists && !m_allowExisting)
        problems << tr("A key manager with this name already exists; choose another name.");
    if (!m_perKeyManagerHidden && m_issuer->text().trimmed().isEmpty())
        problems << tr("The issuer is empty: import from the well-known URL or enter it.");
    if (m_endpoints->endpoints().isEmpty())
        problems << tr("No endpoints: import from the well-known URL or enter them.");
    if (m_grants->checkedGrantTypes().isEmpty())
        problems << tr("Tick at least one grant type.");
    if (!m_endpoints->validationError().isEmpty())
        problems << m_endpoints->validationError();
    if (!m_permissions->validationError().isEmpty())
        problems << m_permissions->validationError();
    return problems.join(QLatin1Char('\n'));
}

bool KeyManagerDetailsPage::validatePage()
{
    const QString text = problems();
    if (!text.isEmpty()) {
        m_message->showMessage(InlineMessage::Type::Error, text);
        return false;
    }
    return true;
}

} // namespace km
