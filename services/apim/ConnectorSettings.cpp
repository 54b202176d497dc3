#include "services/apim/ConnectorSettings.h"
#include "services/core/ConstRange.h"

#include "services/apim/KeyManagerConfig.h"

#include <QJsonArray>

namespace km {

namespace {

QString boolText(bool b)
{
    return b ? QStringLiteral("true") : QStringLiteral("false");
}

} // namespace

ConnectorField ConnectorField::fromJson(const QJsonObject &o)
{
    ConnectorField f;
    f.name = o.value(QLatin1String("name")).toString();
    f.label = o.value(QLatin1String("label")).toString();
    f.type = o.value(QLatin1String("type")).toString();
    f.tooltip = o.value(QLatin1String("tooltip")).toString();
    f.required = o.value(QLatin1String("required")).toBool();
    f.mask = o.value(QLatin1String("mask")).toBool();
    f.multiple = o.value(QLatin1String("multiple")).toBool();
    f.updateDisabled = o.value(QLatin1String("updateDisabled")).toBool();
    // ConfigurationDto's values are a List<Object> of strings; the Admin v4 YAML types them as objects.
    for (const QJsonValue &v : km::constTemporary(o.value(QLatin1String("values")).toArray())) {
        const QString text = v.isObject() ? QString() : v.toVariant().toString();
        if (!text.isEmpty())
            f.values << text;
    }
    f.defaultValue = o.value(QLatin1String("default"));
    return f;
}

ConnectorField::Kind ConnectorField::kind() const
{
    if (type == QLatin1String("checkbox"))
        return Kind::Checkbox;
    if ((type == QLatin1String("select") || type == QLatin1String("options") || type == QLatin1String("dropdown")) && !values.isEmpty())
        return Kind::Choice;
    return Kind::Text;
}

QString ConnectorField::defaultText() const
{
    if (defaultValue.isBool())
        return boolText(defaultValue.toBool());
    if (defaultValue.isString() || defaultValue.isDouble())
        return defaultValue.toVariant().toString();
    return QString();
}

bool ConnectorField::isEmptyValue(const QJsonValue &value)
{
    return value.isUndefined() || value.isNull() || (value.isString() && value.toString().trimmed().isEmpty())
           || (value.isArray() && value.toArray().isEmpty());
}

QString ConnectorField::misfit(const QJsonValue &value) const
{
    switch (kind()) {
    case Kind::Checkbox:
        // The Admin Portal stores a checkbox as a boolean or as its text.
        if (value.isBool() || value.toString() == QLatin1String("true") || value.toString() == QLatin1String("false"))
            return QString();
        return tr("must be true or false (a checkbox)");
    case Kind::Choice: {
        const QStringList given = value.isArray() ? value.toVariant().toStringList() : QStringList{value.toString()};
        const bool textual = value.isString() || (value.isArray() && multiple);
        for (const QString &g : given) {
            if (!textual || !values.contains(g))
                return tr("must be one of %1").arg(values.join(QStringLiteral(", ")));
        }
        return QString();
    }
    case Kind::Text:
        break;
    }
    if (value.isString() || value.isDouble())
        return QString();
    return tr("must be text");
}

QJsonValue ConnectorField::parse(const QString &text, QString *error) const
{
    QJsonValue value(text);
    if (kind() == Kind::Checkbox) {
        const QString t = text.trimmed().toLower();
        if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("1"))
            value = true;
        else if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("0"))
            value = false;
    } else if (kind() == Kind::Choice && multiple) {
        QJsonArray list;
        for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
            list.append(part.trimmed());
        value = list;
    }
    const QString why = misfit(value);
    if (!why.isEmpty()) {
        if (error)
            *error = tr("%1 (“%2”) %3; “%4” is not").arg(name, displayLabel(), why, text);
        return QJsonValue(QJsonValue::Undefined);
    }
    return value;
}

ConnectorType ConnectorType::fromJson(const QJsonObject &o)
{
    ConnectorType t;
    t.type = o.value(QLatin1String("type")).toString();
    t.displayName = o.value(QLatin1String("displayName")).toString();
    t.defaultConsumerKeyClaim = o.value(QLatin1String("defaultConsumerKeyClaim")).toString();
    t.defaultScopesClaim = o.value(QLatin1String("defaultScopesClaim")).toString();
    for (const QJsonValue &c : km::constTemporary(o.value(QLatin1String("configurations")).toArray())) {
        if (c.isObject() && !c.toObject().value(QLatin1String("name")).toString().isEmpty())
            t.configurations << ConnectorField::fromJson(c.toObject());
    }
    for (const QJsonValue &c : km::constTemporary(o.value(QLatin1String("endpointConfigurations")).toArray())) {
        if (c.isObject() && !c.toObject().value(QLatin1String("name")).toString().isEmpty())
            t.endpointConfigurations << ConnectorField::fromJson(c.toObject());
    }
    return t;
}

const ConnectorField *ConnectorType::field(const QString &name) const
{
    for (const QList<ConnectorField> *list : {&configurations, &endpointConfigurations}) {
        for (const ConnectorField &f : *list) {
            if (f.name == name)
                return &f;
        }
    }
    return nullptr;
}

ConnectorSettings ConnectorSettings::fromSettings(const QJsonObject &settings)
{
    ConnectorSettings s;
    for (const QJsonValue &v : km::constTemporary(settings.value(QLatin1String("keyManagerConfiguration")).toArray())) {
        const ConnectorType t = ConnectorType::fromJson(v.toObject());
        if (t.isValid())
            s.m_types << t;
    }
    return s;
}

const ConnectorType *ConnectorSettings::find(const QString &type) const
{
    for (const ConnectorType &t : m_types) {
        if (t.type == type)
            return &t;
    }
    return nullptr;
}

QStringList ConnectorSettings::creatableTypes() const
{
    QStringList out;
    for (const ConnectorType &t : m_types) {
        if (t.type != QLatin1String("default"))
            out << t.type;
    }
    return out;
}

ApiError ConnectorSettings::unknownType(const QString &type, const QUrl &apim) const
{
    QString spelled;
    for (const ConnectorType &t : m_types) {
        if (t.type.compare(type, Qt::CaseInsensitive) == 0)
            spelled = t.type;
    }
    const QString installed = creatableTypes().isEmpty() ? tr("none") : creatableTypes().join(QStringLiteral(", "));
    if (!spelled.isEmpty())
        return ApiError::validation(tr("API Manager at %1 has no connector of type “%2”; types are matched exactly, and it has “%3” "
                                       "(installed: %4)").arg(apim.toString(), type, spelled, installed),
                                    tr("Use the type “%1”.").arg(spelled), QStringLiteral("type"));
    return ApiError::validation(tr("API Manager at %1 has no connector of type “%2” (installed: %3)").arg(apim.toString(), type, installed),
                                tr("Install the %1 connector in that API Manager (repository/components/dropins, then restart it), "
                                   "or choose one of the installed types. Nothing was changed.").arg(type),
                                QStringLiteral("type"));
}

QList<FieldProblem> ConnectorSettings::validate(const ConnectorType &type, const QJsonObject &connectorValues, bool creating)
{
    QList<FieldProblem> problems;
    for (const QList<ConnectorField> *list : {&type.configurations, &type.endpointConfigurations}) {
        for (const ConnectorField &f : *list) {
            const QString path = QStringLiteral("additionalProperties.") + f.name;
            const QJsonValue value = connectorValues.value(f.name);
            if (ConnectorField::isEmptyValue(value)) {
                // A checkbox left out is "false" in the Admin Portal, never missing.
                if (f.required && f.kind() != ConnectorField::Kind::Checkbox)
                    problems.append({path, tr("%1 (%2) is required by the %3 connector").arg(f.displayLabel(), f.name, type.displayLabel())});
                continue;
            }
            if (value == QJsonValue(KeyManagerConfig::Masked)) {
                // "*****" keeps the server's secret on an update; on create it would store the mask itself.
                if (creating && f.mask)
                    problems.append({path, tr("%1 (%2) is a secret: enter its value, “*****” only keeps one API Manager "
                                              "already holds").arg(f.displayLabel(), f.name)});
                continue;
            }
            const QString why = f.misfit(value);
            if (!why.isEmpty())
                problems.append({path, QStringLiteral("%1 (“%2”) %3").arg(f.name, f.displayLabel(), why)});
        }
    }
    return problems;
}

} // namespace km
