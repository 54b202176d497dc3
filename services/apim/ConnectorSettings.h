#pragma once
// The key-manager connectors an API Manager has installed, as its Admin API's `GET /settings` describes them
// (`keyManagerConfiguration[]`: type, displayName, defaultConsumerKeyClaim, defaultScopesClaim, and per
// connector `configurations[]` and `endpointConfigurations[]` of carbon-apimgt's ConfigurationDto: name,
// label, type, required, mask, multiple, values, default, tooltip, updateDisabled). The Admin Portal builds
// its "Connector Configurations" form from this data; so do the console's key-manager form and
// `kmconsole-cli key-managers create|edit`. The rules on values (required, type, allowed values) live here.

#include "services/core/ApiError.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace km {

struct ConnectorField
{
    Q_DECLARE_TR_FUNCTIONS(km::ConnectorSettings)
public:
    // How the Admin Portal renders `type`: input (text; masked → a password field), checkbox, and a choice
    // (select / options / dropdown) among `values`, several when `multiple`.
    enum class Kind { Text, Checkbox, Choice };

    QString name;
    QString label;
    QString type;              // as the connector declares it
    QString tooltip;
    bool required = false;
    bool mask = false;
    bool multiple = false;
    bool updateDisabled = false;
    QStringList values;
    QJsonValue defaultValue;   // a string as the server serializes it (checkbox: possibly a boolean)

    static ConnectorField fromJson(const QJsonObject &o);
    Kind kind() const;
    // The label to show: the connector's, else its name.
    QString displayLabel() const { return label.isEmpty() ? name : label; }
    // The default as text ("" when none).
    QString defaultText() const;
    // True when `value` says nothing (absent, null, "", an empty list).
    static bool isEmptyValue(const QJsonValue &value);
    // Why `value` does not fit this field (checkbox: true/false; choice: one of `values`, a list only when
    // `multiple`; text: a string or a number); empty when it fits.
    QString misfit(const QJsonValue &value) const;
    // The value typed as text (a command line's --set, a form's line edit) in this field's wire type: a
    // checkbox's true/false/yes/no/1/0 as a boolean, a multiple choice's comma-separated list as a list,
    // anything else as the text. `error` says why the text does not fit (then the result is undefined).
    QJsonValue parse(const QString &text, QString *error) const;
};

struct ConnectorType
{
    QString type;                       // "AzureAD", "KeyCloak", "okta", …
    QString displayName;
    QString defaultConsumerKeyClaim;
    QString defaultScopesClaim;
    QList<ConnectorField> configurations;          // the connector's own fields (additionalProperties)
    QList<ConnectorField> endpointConfigurations;  // endpoints this connector asks for beyond the common ones

    static ConnectorType fromJson(const QJsonObject &o);
    bool isValid() const { return !type.isEmpty(); }
    // The field of either list named `name`, or null.
    const ConnectorField *field(const QString &name) const;
    QString displayLabel() const { return displayName.isEmpty() ? type : displayName; }
};

// One reason a key manager's values cannot be sent: the field (wire path, e.g. additionalProperties.client_id)
// and the words for a person.
struct FieldProblem
{
    QString field;
    QString message;
};

class ConnectorSettings
{
    Q_DECLARE_TR_FUNCTIONS(km::ConnectorSettings)
public:
    // Reads the answer of GET /settings; connector entries without a type are skipped.
    static ConnectorSettings fromSettings(const QJsonObject &settings);

    const QList<ConnectorType> &types() const { return m_types; }
    // The connector of `type` (exact, as API Manager matches it), or null.
    const ConnectorType *find(const QString &type) const;
    // The types a key manager can be created with (the Resident Key Manager's "default" left out).
    QStringList creatableTypes() const;
    bool isEmpty() const { return m_types.isEmpty(); }

    // The error for a type this API Manager has no connector for: names it, the server, and those it has
    // (and the right spelling when only the case differs: "keycloak" → "KeyCloak").
    ApiError unknownType(const QString &type, const QUrl &apim) const;

    // Checks the connector's values of a key manager before it is sent: every required field has a value
    // (on an update a masked one may stay "*****", kept by the server), and each value has its field's type.
    // Values the connector does not declare are left alone (a newer connector's).
    static QList<FieldProblem> validate(const ConnectorType &type, const QJsonObject &connectorValues, bool creating);

private:
    QList<ConnectorType> m_types;
};

} // namespace km
