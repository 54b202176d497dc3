#pragma once
// Creates or edits a key manager of any type API Manager has a connector for, with the form the Admin
// Portal builds from /settings: general fields and discovery import, endpoints, certificate (JWKS URL or
// PEM), the connector's own fields with their types (masked ones as SecretFields, sent with this request
// only), claims and claim mapping, grant types and permissions. Then the review every wizard has (the exact
// JSON, secrets masked, and the differences from the existing key manager) with a button that says what it
// sends, and the shared Apply page. KeyManagerEditor decides everything; `key-managers create|edit` is its twin.

#include "services/apim/ConnectorSettings.h"
#include "services/core/JobSlot.h"
#include "services/export/KeyManagerEditor.h"
#include "ui/setup/SetupWizard.h"

#include <QHash>
#include <QJsonObject>
#include <QPointer>
#include <QWizardPage>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QGroupBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace km {

class ApimClient;
class EndpointsEditor;
class GrantTypesEditor;
class InlineMessage;
class PermissionsEditor;
class ServiceContext;
class SetupApplyPage;

class KeyManagerFormPage : public QWizardPage
{
    Q_OBJECT
public:
    // `existing` (a GET answer) when editing, empty to create.
    KeyManagerFormPage(const ConnectorSettings &settings, QPointer<ApimClient> *apim, const QJsonObject &existing, QWidget *parent = nullptr);

    // What the form holds as KeyManagerEditor takes it.
    KeyManagerEditor::Request request() const;
    const ConnectorType *connector() const;
    bool validatePage() override;
    bool isEdit() const { return !m_existing.isEmpty(); }

    // The widget of a connector field (QLineEdit, SecretField, QCheckBox, QComboBox), for tests.
    QWidget *connectorWidget(const QString &name) const { return m_connectorWidgets.value(name); }
    InlineMessage *message() const { return m_message; }

private:
    void buildConnectorFields();
    void fill(const KeyManagerConfig &config);
    void importDiscovery();
    void updateCertificate();

    ConnectorSettings m_settings;
    QPointer<ApimClient> *m_apim;
    QJsonObject m_existing;
    QComboBox *m_type;
    QLineEdit *m_name;
    QLineEdit *m_displayName;
    QLineEdit *m_description;
    QLineEdit *m_wellKnown;
    QPushButton *m_import;
    QLineEdit *m_issuer;
    EndpointsEditor *m_endpoints;
    QComboBox *m_certType;
    QLineEdit *m_jwks;
    QPlainTextEdit *m_pem;
    QGroupBox *m_connectorBox;
    QFormLayout *m_connectorForm;
    QHash<QString, QWidget *> m_connectorWidgets;
    QLineEdit *m_consumerKeyClaim;
    QLineEdit *m_scopesClaim;
    QLineEdit *m_claimMapping;
    GrantTypesEditor *m_grants;
    PermissionsEditor *m_permissions;
    InlineMessage *m_message;
    bool m_importing = false;
};

// The review: KeyManagerEditor::prepare against the connected API Manager.
class KeyManagerReviewPage : public QWizardPage
{
    Q_OBJECT
public:
    KeyManagerReviewPage(ServiceContext *context, QPointer<ApimClient> *apim, KeyManagerFormPage *form, QWidget *parent = nullptr);
    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    const QList<KeyManagerChange> &changes() const { return m_changes; }
    QPlainTextEdit *json() const { return m_json; }
    QTreeWidget *differences() const { return m_differences; }
    InlineMessage *message() const { return m_message; }

Q_SIGNALS:
    void reviewReady();

private:
    ServiceContext *m_context;
    QPointer<ApimClient> *m_apim;
    KeyManagerFormPage *m_form;
    InlineMessage *m_message;
    QPlainTextEdit *m_json;
    QTreeWidget *m_differences;
    QList<KeyManagerChange> m_changes;
    JobSlot m_job{this}; // what API Manager holds against what the form says
};

class KeyManagerFormWizard : public SetupWizard
{
    Q_OBJECT
public:
    enum PageId { FormId, ReviewId, ApplyId };
    KeyManagerFormWizard(ServiceContext *context, ApimClient *apim, const ConnectorSettings &settings, const QJsonObject &existing = {},
                         QWidget *parent = nullptr);
    KeyManagerFormPage *formPage() const { return m_form; }
    KeyManagerReviewPage *reviewPage() const { return m_review; }
    SetupApplyPage *applyPage() const { return m_apply; }

Q_SIGNALS:
    // A key manager was created or updated (the Key Managers page refreshes).
    void keyManagerSaved();

private:
    void updateButtons(int id);

    ServiceContext *m_context;
    QPointer<ApimClient> m_apim;
    KeyManagerFormPage *m_form;
    KeyManagerReviewPage *m_review;
    SetupApplyPage *m_apply;
};

} // namespace km
