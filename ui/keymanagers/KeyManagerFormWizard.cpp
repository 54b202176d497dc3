#include "ui/keymanagers/KeyManagerFormWizard.h"
#include "services/core/ConstRange.h"

#include "services/apim/ApimClient.h"
#include "services/core/ServiceContext.h"
#include "services/setup/SetupRunner.h"
#include "ui/setup/SetupApplyPage.h"
#include "ui/widgets/EndpointsEditor.h"
#include "ui/widgets/GrantTypesEditor.h"
#include "ui/widgets/InlineMessage.h"
#include "ui/widgets/PermissionsEditor.h"
#include "ui/widgets/SecretField.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace km {

namespace {

const QStringList &knownGrantTypes()
{
    static const QStringList grants{QStringLiteral("client_credentials"), QStringLiteral("authorization_code"), QStringLiteral("refresh_token"),
                                    QStringLiteral("password"), QStringLiteral("implicit"), QStringLiteral("urn:ietf:params:oauth:grant-type:jwt-bearer"),
                                    QStringLiteral("urn:ietf:params:oauth:grant-type:saml2-bearer"),
                                    QStringLiteral("urn:ietf:params:oauth:grant-type:token-exchange"),
                                    QStringLiteral("urn:ietf:params:oauth:grant-type:device_code")};
    return grants;
}

QString withMarker(const ConnectorField &f)
{
    // Required fields carry a star as in the Admin Portal.
    return f.required && f.kind() != ConnectorField::Kind::Checkbox ? f.displayLabel() + QStringLiteral(" *") : f.displayLabel();
}

} // namespace

KeyManagerFormPage::KeyManagerFormPage(const ConnectorSettings &settings, QPointer<ApimClient> *apim, const QJsonObject &existing, QWidget *parent)
    : QWizardPage(parent)
    , m_settings(settings)
    , m_apim(apim)
    , m_existing(existing)
    , m_type(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_displayName(new QLineEdit(this))
    , m_description(new QLineEdit(this))
    , m_wellKnown(new QLineEdit(this))
    , m_import(new QPushButton(tr("&Import"), this))
    , m_issuer(new QLineEdit(this))
    , m_endpoints(new EndpointsEditor(this))
    , m_certType(new QComboBox(this))
    , m_jwks(new QLineEdit(this))
    , m_pem(new QPlainTextEdit(this))
    , m_connectorBox(new QGroupBox(this))
    , m_connectorForm(new QFormLayout(m_connectorBox))
    , m_consumerKeyClaim(new QLineEdit(this))
    , m_scopesClaim(new QLineEdit(this))
    , m_claimMapping(new QLineEdit(this))
    , m_grants(new GrantTypesEditor(this))
    , m_permissions(new PermissionsEditor(this))
    , m_message(new InlineMessage(this))
{
    setObjectName(QStringLiteral("keyManagerFormPage"));
    setTitle(isEdit() ? tr("Edit key manager") : tr("Add a key manager"));
    setSubTitle(tr("The fields of the key manager and of its connector, as this API Manager describes them. Fields marked * are required."));
    m_type->setObjectName(QStringLiteral("kmType"));
    m_name->setObjectName(QStringLiteral("kmName"));
    m_displayName->setObjectName(QStringLiteral("kmDisplayName"));
    m_description->setObjectName(QStringLiteral("kmDescription"));
    m_wellKnown->setObjectName(QStringLiteral("kmWellKnown"));
    m_wellKnown->setPlaceholderText(QStringLiteral("https://idp.example.com/.well-known/openid-configuration"));
    m_import->setObjectName(QStringLiteral("kmImport"));
    m_import->setToolTip(tr("Fill the endpoints, issuer, JWKS URL and grant types from the discovery document (API Manager reads it)"));
    m_issuer->setObjectName(QStringLiteral("kmIssuer"));
    m_endpoints->setObjectName(QStringLiteral("kmEndpoints"));
    m_certType->setObjectName(QStringLiteral("kmCertificateType"));
    m_certType->addItem(tr("JWKS URL"), QStringLiteral("JWKS"));
    m_certType->addItem(tr("PEM certificate"), QStringLiteral("PEM"));
    m_jwks->setObjectName(QStringLiteral("kmJwks"));
    m_pem->setObjectName(QStringLiteral("kmPem"));
    m_pem->setPlaceholderText(QStringLiteral("-----BEGIN CERTIFICATE-----"));
    m_pem->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_pem->setMaximumHeight(fontMetrics().height() * 6);
    m_connectorBox->setObjectName(QStringLiteral("kmConnector"));
    m_consumerKeyClaim->setObjectName(QStringLiteral("kmConsumerKeyClaim"));
    m_scopesClaim->setObjectName(QStringLiteral("kmScopesClaim"));
    m_claimMapping->setObjectName(QStringLiteral("kmClaimMapping"));
    m_claimMapping->setPlaceholderText(tr("remote=local, … (e.g. groups=http://wso2.org/claims/role)"));
    m_grants->setObjectName(QStringLiteral("kmGrantTypes"));
    m_permissions->setObjectName(QStringLiteral("kmPermissions"));
    m_message->setObjectName(QStringLiteral("kmFormMessage"));
    m_message->hide();

    for (const ConnectorType &t : m_settings.types()) {
        if (t.type != QLatin1String("default"))
            m_type->addItem(t.displayName.isEmpty() || t.displayName == t.type ? t.type : tr("%1 (%2)").arg(t.displayName, t.type), t.type);
    }

    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    auto *general = new QGroupBox(tr("General"), content);
    auto *generalForm = new QFormLayout(general);
    generalForm->addRow(tr("&Type:"), m_type);
    generalForm->addRow(tr("&Name *:"), m_name);
    generalForm->addRow(tr("Displa&y name:"), m_displayName);
    generalForm->addRow(tr("Descri&ption:"), m_description);
    auto *wellKnownRow = new QHBoxLayout;
    wellKnownRow->addWidget(m_wellKnown, 1);
    wellKnownRow->addWidget(m_import);
    generalForm->addRow(tr("&Well-known URL:"), wellKnownRow);
    generalForm->addRow(tr("I&ssuer:"), m_issuer);
    layout->addWidget(general);
    auto *endpoints = new QGroupBox(tr("Endpoints"), content);
    auto *endpointsLayout = new QVBoxLayout(endpoints);
    endpointsLayout->addWidget(m_endpoints);
    layout->addWidget(endpoints);
    auto *certificates = new QGroupBox(tr("Certificates"), content);
    auto *certificateForm = new QFormLayout(certificates);
    certificateForm->addRow(tr("&Certificate:"), m_certType);
    certificateForm->addRow(tr("JW&KS URL:"), m_jwks);
    certificateForm->addRow(tr("P&EM:"), m_pem);
    layout->addWidget(certificates);
    layout->addWidget(m_connectorBox);
    auto *claims = new QGroupBox(tr("Claims"), content);
    auto *claimsForm = new QFormLayout(claims);
    claimsForm->addRow(tr("C&onsumer key claim:"), m_consumerKeyClaim);
    claimsForm->addRow(tr("Sc&opes claim:"), m_scopesClaim);
    claimsForm->addRow(tr("Claim &mapping:"), m_claimMapping);
    layout->addWidget(claims);
    auto *grants = new QGroupBox(tr("Grant types"), content);
    auto *grantsLayout = new QVBoxLayout(grants);
    grantsLayout->addWidget(m_grants);
    layout->addWidget(grants);
    auto *permissions = new QGroupBox(tr("Permissions"), content);
    auto *permissionsLayout = new QVBoxLayout(permissions);
    permissionsLayout->addWidget(m_permissions);
    layout->addWidget(permissions);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto *outer = new QVBoxLayout(this);
    outer->addWidget(m_message);
    outer->addWidget(scroll, 1);

    connect(m_certType, &QComboBox::currentIndexChanged, this, &KeyManagerFormPage::updateCertificate);
    connect(m_import, &QPushButton::clicked, this, &KeyManagerFormPage::importDiscovery);

    if (isEdit()) {
        const KeyManagerConfig config = KeyManagerConfig::fromJson(m_existing);
        m_type->setCurrentIndex(qMax(0, m_type->findData(config.type)));
        m_type->setEnabled(false); // API Manager cannot change a key manager's type
        m_name->setReadOnly(true); // nor its name
        buildConnectorFields();
        fill(config);
    } else {
        connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
            buildConnectorFields();
            if (const ConnectorType *t = connector())
                fill(KeyManagerEditor::newOfType(*t, m_name->text()));
        });
        buildConnectorFields();
        if (const ConnectorType *t = connector())
            fill(KeyManagerEditor::newOfType(*t, QString()));
    }
}

const ConnectorType *KeyManagerFormPage::connector() const
{
    return m_settings.find(m_type->currentData().toString());
}

void KeyManagerFormPage::buildConnectorFields()
{
    while (m_connectorForm->rowCount() > 0)
        m_connectorForm->removeRow(0);
    m_connectorWidgets.clear();
    const ConnectorType *type = connector();
    m_connectorBox->setTitle(type ? tr("Connector: %1").arg(type->displayLabel()) : tr("Connector"));
    if (!type || type->configurations.isEmpty()) {
        m_connectorBox->setVisible(type && !type->configurations.isEmpty());
        return;
    }
    m_connectorBox->setVisible(true);
    for (const ConnectorField &f : type->configurations) {
        QWidget *w = nullptr;
        switch (f.kind()) {
        case ConnectorField::Kind::Checkbox:
            w = new QCheckBox(m_connectorBox);
            break;
        case ConnectorField::Kind::Choice:
            if (f.multiple) {
                auto *list = new QListWidget(m_connectorBox);
                for (const QString &v : f.values) {
                    auto *item = new QListWidgetItem(v, list);
                    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
                    item->setCheckState(Qt::Unchecked);
                }
                list->setMaximumHeight(list->sizeHintForRow(0) * int(qMin<qsizetype>(f.values.size(), 5)) + 2 * list->frameWidth());
                w = list;
            } else {
                auto *combo = new QComboBox(m_connectorBox);
                if (!f.required)
                    combo->addItem(QString());
                combo->addItems(f.values);
                w = combo;
            }
            break;
        case ConnectorField::Kind::Text:
            if (f.mask) {
                auto *secret = new SecretField(m_connectorBox);
                secret->setPlaceholderText(isEdit() ? tr("unchanged (kept by API Manager)") : tr("sent with this request only, never stored"));
                w = secret;
            } else {
                w = new QLineEdit(m_connectorBox);
            }
            break;
        }
        w->setObjectName(QStringLiteral("connector_") + f.name);
        w->setToolTip(f.tooltip);
        if (f.updateDisabled && isEdit())
            w->setEnabled(false);
        m_connectorWidgets.insert(f.name, w);
        auto *label = new QLabel(withMarker(f) + QLatin1Char(':'), m_connectorBox);
        label->setTextFormat(Qt::PlainText); // the connector's words
        label->setToolTip(f.name);
        label->setBuddy(w);
        m_connectorForm->addRow(label, w);
    }
}

void KeyManagerFormPage::fill(const KeyManagerConfig &config)
{
    if (isEdit())
        m_name->setText(config.name);
    m_displayName->setText(config.displayName);
    m_description->setText(config.description);
    m_wellKnown->setText(config.wellKnownEndpoint);
    m_issuer->setText(config.issuer);
    m_endpoints->setEndpoints(config.endpointList());
    m_certType->setCurrentIndex(config.certificateType == QLatin1String("PEM") ? 1 : 0);
    m_jwks->setText(config.certificateType == QLatin1String("PEM") ? QString() : config.certificateValue);
    m_pem->setPlainText(config.certificateType == QLatin1String("PEM") ? config.certificateValue : QString());
    updateCertificate();
    m_consumerKeyClaim->setText(config.consumerKeyClaim);
    m_scopesClaim->setText(config.scopesClaim);
    QStringList mapping;
    for (const QJsonValue &m : config.claimMapping)
        mapping << m.toObject().value(QLatin1String("remoteClaim")).toString() + QLatin1Char('=') + m.toObject().value(QLatin1String("localClaim")).toString();
    m_claimMapping->setText(mapping.join(QStringLiteral(", ")));
    QStringList available = knownGrantTypes();
    for (const QString &g : config.grantTypes) {
        if (!available.contains(g))
            available << g;
    }
    m_grants->setGrantTypes(available, config.grantTypes);
    if (!config.permissions.isEmpty())
        m_permissions->setJson(config.permissions);
    for (auto it = m_connectorWidgets.begin(); it != m_connectorWidgets.end(); ++it) {
        const QJsonValue v = config.connector.value(it.key());
        if (auto *secret = qobject_cast<SecretField *>(it.value()))
            secret->clear(); // a secret is never shown, and "*****" is not one
        else if (auto *line = qobject_cast<QLineEdit *>(it.value()))
            line->setText(v.toVariant().toString());
        else if (auto *box = qobject_cast<QCheckBox *>(it.value()))
            box->setChecked(v.isBool() ? v.toBool() : v.toString() == QLatin1String("true"));
        else if (auto *combo = qobject_cast<QComboBox *>(it.value()))
            combo->setCurrentIndex(qMax(0, combo->findText(v.toString())));
        else if (auto *list = qobject_cast<QListWidget *>(it.value())) {
            const QStringList chosen = v.toVariant().toStringList();
            for (int i = 0; i < list->count(); ++i)
                list->item(i)->setCheckState(chosen.contains(list->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
        }
    }
}

void KeyManagerFormPage::updateCertificate()
{
    const bool pem = m_certType->currentData().toString() == QLatin1String("PEM");
    m_jwks->setEnabled(!pem);
    m_pem->setEnabled(pem);
}

void KeyManagerFormPage::importDiscovery()
{
    const QUrl url(m_wellKnown->text().trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
        m_message->showMessage(InlineMessage::Type::Error, tr("Enter the discovery URL (…/.well-known/openid-configuration) first."));
        m_message->show();
        m_wellKnown->setFocus();
        return;
    }
    if (!*m_apim || !connector())
        return;
    m_importing = true;
    m_import->setEnabled(false);
    m_message->showMessage(InlineMessage::Type::Info, tr("API Manager is reading %1…").arg(url.toString()));
    m_message->show();
    Job *job = (*m_apim)->discoverKeyManager(url, connector()->type);
    job->onFinished(this, [this, url](Job *job) {
        m_importing = false;
        m_import->setEnabled(true);
        if (job->hasError()) {
            m_message->showError(job->error());
            return;
        }
        const QJsonObject answer = job->result().toObject();
        if (!answer.value(QLatin1String("valid")).toBool()) {
            m_message->showMessage(InlineMessage::Type::Error, tr("API Manager could not read a discovery document at %1.").arg(url.toString()));
            return;
        }
        // What is typed already stays; the discovery fills the rest.
        KeyManagerConfig current = KeyManagerConfig::fromJson(QJsonObject{{QStringLiteral("endpoints"), m_endpoints->endpoints()}});
        current.issuer = m_issuer->text().trimmed();
        current.certificateType = m_certType->currentData().toString();
        current.certificateValue = current.certificateType == QLatin1String("PEM") ? m_pem->toPlainText().trimmed() : m_jwks->text().trimmed();
        KeyManagerConfig found = KeyManagerConfig::fromJson(answer.value(QLatin1String("value")).toObject());
        KeyManagerEditor::mergeDiscovered(&current, found);
        m_endpoints->setEndpoints(current.endpointList());
        m_issuer->setText(current.issuer);
        if (current.certificateType == QLatin1String("JWKS") || current.certificateType.isEmpty()) {
            m_certType->setCurrentIndex(0);
            m_jwks->setText(current.certificateValue);
        }
        QStringList available = knownGrantTypes();
        for (const QString &g : current.grantTypes) {
            if (!available.contains(g))
                available << g;
        }
        m_grants->setGrantTypes(available, current.grantTypes);
        m_message->showMessage(InlineMessage::Type::Success, tr("Imported the endpoints, issuer, JWKS URL and grant types from %1.").arg(url.toString()));
    });
}

KeyManagerEditor::Request KeyManagerFormPage::request() const
{
    KeyManagerEditor::Request r;
    r.edit = isEdit();
    r.type = m_type->currentData().toString();
    r.name = m_name->text().trimmed();
    auto set = [&r](const QString &key, const QString &value) { r.sets.append({key, value}); };
    // The Admin Portal asks for a display name; the name stands in for an empty one.
    set(QStringLiteral("displayName"), m_displayName->text().trimmed().isEmpty() ? r.name : m_displayName->text().trimmed());
    set(QStringLiteral("description"), m_description->text().trimmed());
    set(QStringLiteral("wellKnownEndpoint"), m_wellKnown->text().trimmed());
    set(QStringLiteral("issuer"), m_issuer->text().trimmed());
    for (const auto &e : KeyManagerConfig::endpointFields())
        set(e.first, m_endpoints->value(e.first).trimmed());
    const QString certificate = m_certType->currentData().toString() == QLatin1String("PEM") ? m_pem->toPlainText().trimmed() : m_jwks->text().trimmed();
    if (!certificate.isEmpty()) {
        set(QStringLiteral("certificateType"), m_certType->currentData().toString());
        set(QStringLiteral("certificateValue"), certificate);
    }
    set(QStringLiteral("consumerKeyClaim"), m_consumerKeyClaim->text().trimmed());
    set(QStringLiteral("scopesClaim"), m_scopesClaim->text().trimmed());
    set(QStringLiteral("claimMapping"), m_claimMapping->text().trimmed());
    set(QStringLiteral("grantTypes"), m_grants->checkedGrantTypes().join(QLatin1Char(',')));
    const QJsonObject permissions = m_permissions->toJson();
    const QString kind = permissions.value(QLatin1String("permissionType")).toString(QStringLiteral("PUBLIC"));
    const QStringList roles = permissions.value(QLatin1String("roles")).toVariant().toStringList();
    set(QStringLiteral("permissions"), roles.isEmpty() ? kind : kind + QLatin1Char(':') + roles.join(QLatin1Char(',')));
    for (auto it = m_connectorWidgets.begin(); it != m_connectorWidgets.end(); ++it) {
        if (!it.value()->isEnabled())
            continue;
        if (auto *secret = qobject_cast<SecretField *>(it.value())) {
            if (!secret->text().isEmpty())
                r.secrets.insert(it.key(), secret->text());
        } else if (auto *line = qobject_cast<QLineEdit *>(it.value())) {
            set(it.key(), line->text().trimmed());
        } else if (auto *box = qobject_cast<QCheckBox *>(it.value())) {
            set(it.key(), box->isChecked() ? QStringLiteral("true") : QStringLiteral("false"));
        } else if (auto *combo = qobject_cast<QComboBox *>(it.value())) {
            set(it.key(), combo->currentText());
        } else if (auto *list = qobject_cast<QListWidget *>(it.value())) {
            QStringList chosen;
            for (int i = 0; i < list->count(); ++i) {
                if (list->item(i)->checkState() == Qt::Checked)
                    chosen << list->item(i)->text();
            }
            set(it.key(), chosen.join(QLatin1Char(',')));
        }
    }
    return r;
}

bool KeyManagerFormPage::validatePage()
{
    const ConnectorType *type = connector();
    if (!type) {
        m_message->showMessage(InlineMessage::Type::Error, tr("This API Manager describes no connector to create a key manager with."));
        m_message->show();
        return false;
    }
    if (QString invalid = m_endpoints->validationError(); !invalid.isEmpty()) {
        m_message->showMessage(InlineMessage::Type::Error, invalid);
        m_message->show();
        return false;
    }
    // The same checks the review runs against the server, at once: required fields and value types.
    const KeyManagerEditor::Request r = request();
    KeyManagerConfig config = isEdit() ? KeyManagerConfig::fromJson(m_existing) : KeyManagerEditor::newOfType(*type, r.name);
    for (auto it = r.secrets.begin(); it != r.secrets.end(); ++it)
        config.connector.insert(it.key(), it.value());
    for (const auto &s : r.sets) {
        if (ApiError e = KeyManagerEditor::set(&config, *type, s.first, s.second); e.isError()) {
            m_message->showError(e);
            m_message->show();
            return false;
        }
    }
    const QList<FieldProblem> problems = KeyManagerEditor::validate(config, *type, !isEdit());
    if (!problems.isEmpty()) {
        QStringList lines;
        for (const FieldProblem &p : problems)
            lines << p.message;
        m_message->showMessage(InlineMessage::Type::Error, tr("Before sending: %1.").arg(lines.join(QStringLiteral("; "))));
        m_message->show();
        const QString first = problems.first().field.startsWith(QLatin1String("additionalProperties."))
                                  ? problems.first().field.mid(21) : problems.first().field;
        if (QWidget *w = m_connectorWidgets.value(first))
            w->setFocus();
        else if (first == QLatin1String("name"))
            m_name->setFocus();
        return false;
    }
    m_message->hide();
    return true;
}

KeyManagerReviewPage::KeyManagerReviewPage(ServiceContext *context, QPointer<ApimClient> *apim, KeyManagerFormPage *form, QWidget *parent)
    : QWizardPage(parent)
    , m_context(context)
    , m_apim(apim)
    , m_form(form)
    , m_message(new InlineMessage(this))
    , m_json(new QPlainTextEdit(this))
    , m_differences(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("keyManagerReviewPage"));
    setTitle(tr("Review"));
    setSubTitle(tr("Exactly what will be sent to API Manager (secrets masked here) and, for an existing key manager, what changes."));
    m_message->setObjectName(QStringLiteral("kmReviewMessage"));
    m_json->setObjectName(QStringLiteral("kmReviewJson"));
    m_json->setReadOnly(true);
    m_json->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_differences->setObjectName(QStringLiteral("kmReviewDifferences"));
    m_differences->setHeaderLabels({tr("Field"), tr("Now"), tr("After")});
    m_differences->setRootIsDecorated(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(m_differences, 1);
    layout->addWidget(m_json, 2);
}

void KeyManagerReviewPage::initializePage()
{
    m_changes.clear();
    m_json->clear();
    m_differences->clear();
    m_differences->hide();
    if (!*m_apim) {
        m_message->showMessage(InlineMessage::Type::Error, tr("The API Manager connection was closed; connect again and reopen this form."));
        return;
    }
    m_message->showMessage(InlineMessage::Type::Info, tr("Checking with API Manager…"));
    m_job.watch(KeyManagerEditor::prepare(m_context, *m_apim, m_form->request(), this), [this](Job *finished) {
        auto *job = static_cast<PlanJob *>(finished); // the plan started above
        if (job->hasError()) {
            m_message->showError(job->error());
            Q_EMIT completeChanged();
            return;
        }
        m_changes = job->changes();
        const KeyManagerChange change = m_changes.value(0);
        const ConnectorType *type = m_form->connector();
        m_json->setPlainText(QString::fromUtf8(QJsonDocument(type ? KeyManagerEditor::maskedPayload(change.payload, *type) : QJsonObject())
                                                   .toJson(QJsonDocument::Indented)));
        switch (change.action) {
        case KeyManagerChange::Action::Create:
            m_message->showMessage(InlineMessage::Type::Info, tr("API Manager has no key manager “%1”: it will be created with this JSON.").arg(change.name));
            break;
        case KeyManagerChange::Action::Update:
            for (const KeyManagerChange::Field &f : change.fields()) {
                if (f.secret)
                    new QTreeWidgetItem(m_differences, {f.field, tr("(kept by API Manager)"), tr("new secret")});
                else
                    new QTreeWidgetItem(m_differences, {f.field, KeyManagerPlan::valueText(f.from), KeyManagerPlan::valueText(f.to)});
            }
            m_differences->resizeColumnToContents(0);
            m_differences->show();
            m_message->showMessage(InlineMessage::Type::Info, tr("%n field(s) of “%1” change.", nullptr, m_differences->topLevelItemCount()).arg(change.name));
            break;
        default:
            m_message->showMessage(InlineMessage::Type::Success, tr("“%1” in API Manager already is what the form says: nothing to send.").arg(change.name));
            break;
        }
        Q_EMIT completeChanged();
        Q_EMIT reviewReady();
    });
}

void KeyManagerReviewPage::cleanupPage()
{
    m_job.cancel(); // Back: the check of what the form said is no longer asked for
}

bool KeyManagerReviewPage::isComplete() const
{
    return KeyManagerPlan::hasWork(m_changes);
}

KeyManagerFormWizard::KeyManagerFormWizard(ServiceContext *context, ApimClient *apim, const ConnectorSettings &settings, const QJsonObject &existing,
                                           QWidget *parent)
    : SetupWizard(parent)
    , m_context(context)
    , m_apim(apim)
    , m_form(new KeyManagerFormPage(settings, &m_apim, existing))
    , m_review(new KeyManagerReviewPage(context, &m_apim, m_form))
    , m_apply(new SetupApplyPage)
{
    setObjectName(QStringLiteral("keyManagerFormWizard"));
    setWindowTitle(existing.isEmpty() ? tr("Add key manager") : tr("Edit key manager"));
    setPage(FormId, m_form);
    setPage(ReviewId, m_review);
    setPage(ApplyId, m_apply);
    m_apply->setRunnerFactory([this](QObject *parent) -> SetupRunner * {
        if (!m_apim)
            return nullptr;
        return KeyManagerPlan::createApplyRunner(m_apim, m_review->changes(), parent, m_context->secrets());
    });
    connect(m_apply, &SetupApplyPage::busyChanged, this, [this](bool busy) { setBusy(busy); });
    connect(m_apply, &SetupApplyPage::applyFinished, this, [this](bool success) {
        if (success)
            Q_EMIT keyManagerSaved();
    });
    connect(this, &QWizard::currentIdChanged, this, &KeyManagerFormWizard::updateButtons);
    connect(m_review, &KeyManagerReviewPage::reviewReady, this, [this] { updateButtons(currentId()); });
    setDirty(true);
    resize(860, 680);
}

void KeyManagerFormWizard::updateButtons(int id)
{
    // The button that writes says what it does.
    if (id == ReviewId) {
        const KeyManagerChange change = m_review->changes().value(0);
        setButtonText(QWizard::NextButton, change.action == KeyManagerChange::Action::Update
                                               ? tr("&Update “%1”").arg(change.name)
                                               : tr("&Create “%1”").arg(change.name.isEmpty() ? m_form->request().name : change.name));
    } else {
        setButtonText(QWizard::NextButton, tr("&Review >"));
    }
}

} // namespace km
