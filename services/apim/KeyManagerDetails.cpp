#include "services/apim/KeyManagerDetails.h"

#include "services/apim/KeyManagerTokenType.h"

#include "services/apim/KeyManagerConfig.h"

#include <QJsonArray>

namespace km {

namespace {

QString yesNo(bool b)
{
    return b ? KeyManagerDetails::tr("Yes") : KeyManagerDetails::tr("No");
}

QString valueText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool: return yesNo(v.toBool());
    case QJsonValue::Double: return QString::number(v.toDouble());
    case QJsonValue::String: return v.toString();
    case QJsonValue::Array: return v.toVariant().toStringList().join(QStringLiteral(", "));
    default: return QString();
    }
}

bool looksLikeUrl(const QString &text)
{
    return text.startsWith(QLatin1String("https://")) || text.startsWith(QLatin1String("http://"));
}

void addRow(DetailSection *section, const QString &label, const QString &value, const QString &key)
{
    if (!value.isEmpty())
        section->rows.append({label, value, key, looksLikeUrl(value)});
}

} // namespace

QString KeyManagerDetails::endpointLabel(const QString &name)
{
    static const QList<QPair<QString, const char *>> labels{
        {QStringLiteral("client_registration_endpoint"), QT_TR_NOOP("Client Registration Endpoint")},
        {QStringLiteral("introspection_endpoint"), QT_TR_NOOP("Introspection Endpoint")},
        {QStringLiteral("token_endpoint"), QT_TR_NOOP("Token Endpoint")},
        {QStringLiteral("display_token_endpoint"), QT_TR_NOOP("Display Token Endpoint")},
        {QStringLiteral("revoke_endpoint"), QT_TR_NOOP("Revoke Endpoint")},
        {QStringLiteral("display_revoke_endpoint"), QT_TR_NOOP("Display Revoke Endpoint")},
        {QStringLiteral("userinfo_endpoint"), QT_TR_NOOP("UserInfo Endpoint")},
        {QStringLiteral("authorize_endpoint"), QT_TR_NOOP("Authorize Endpoint")},
        {QStringLiteral("scope_management_endpoint"), QT_TR_NOOP("Scope Management Endpoint")},
    };
    for (const auto &l : labels) {
        if (l.first == name)
            return tr(l.second);
    }
    return name;
}

QList<DetailSection> KeyManagerDetails::sections(const QJsonObject &keyManager, const ConnectorType *connector)
{
    const KeyManagerConfig c = KeyManagerConfig::fromJson(keyManager);
    QList<DetailSection> out;

    DetailSection general{tr("General"), {}};
    addRow(&general, tr("Name"), c.name, QStringLiteral("name"));
    addRow(&general, tr("Display name"), c.displayName, QStringLiteral("displayName"));
    addRow(&general, tr("Type"), connector && !connector->displayName.isEmpty() && connector->displayName != c.type
                                     ? tr("%1 (%2)").arg(connector->displayName, c.type) : c.type, QStringLiteral("type"));
    addRow(&general, tr("Description"), c.description, QStringLiteral("description"));
    if (c.flags.contains(QStringLiteral("enabled")) || keyManager.value(QLatin1String("enabled")).isBool())
        addRow(&general, tr("Enabled"), yesNo(keyManager.value(QLatin1String("enabled")).toBool(true)), QStringLiteral("enabled"));
    addRow(&general, tr("Well-known URL"), c.wellKnownEndpoint, QStringLiteral("wellKnownEndpoint"));
    addRow(&general, tr("Issuer"), c.issuer, QStringLiteral("issuer"));
    if (keyManager.contains(KeyManagerTokenType::Field))
        addRow(&general, tr("Token type"), KeyManagerTokenType::describe(c.tokenType), QStringLiteral("tokenType"));
    addRow(&general, tr("Alias"), c.alias, QStringLiteral("alias"));
    out << general;

    DetailSection endpoints{tr("Endpoints"), {}};
    for (const auto &e : KeyManagerConfig::endpointFields())
        addRow(&endpoints, endpointLabel(e.first), c.endpoints.value(e.first), e.first);
    for (auto it = c.endpoints.begin(); it != c.endpoints.end(); ++it) {
        bool standard = false;
        for (const auto &e : KeyManagerConfig::endpointFields())
            standard = standard || e.first == it.key();
        if (standard)
            continue;
        const ConnectorField *f = connector ? connector->field(it.key()) : nullptr;
        addRow(&endpoints, f ? f->displayLabel() : it.key(), it.value(), it.key());
    }
    out << endpoints;

    DetailSection certificates{tr("Certificates"), {}};
    if (c.certificateType == QLatin1String("PEM") && !c.certificateValue.isEmpty())
        addRow(&certificates, tr("PEM certificate"), tr("%n character(s)", nullptr, int(c.certificateValue.size())), QStringLiteral("certificates.value"));
    else if (!c.certificateValue.isEmpty())
        addRow(&certificates, c.certificateType == QLatin1String("JWKS") ? tr("JWKS URL") : c.certificateType, c.certificateValue,
               QStringLiteral("certificates.value"));
    out << certificates;

    // The connector's fields in its own order and words; values it does not declare after them.
    DetailSection connectorSection{connector ? tr("Connector: %1").arg(connector->displayLabel()) : tr("Connector"), {}};
    QStringList shown;
    const auto connectorRow = [&](const QString &key, const QString &label, const QJsonValue &value, bool masked) {
        shown << key;
        if (masked && !ConnectorField::isEmptyValue(value))
            connectorSection.rows.append({label, tr("(secret, kept by API Manager)"), key, false});
        else
            addRow(&connectorSection, label, valueText(value), key);
    };
    if (connector) {
        for (const ConnectorField &f : connector->configurations) {
            if (c.connector.contains(f.name))
                connectorRow(f.name, f.displayLabel(), c.connector.value(f.name), f.mask || KeyManagerConfig::isMaskedProperty(c.type, f.name));
        }
    }
    for (auto it = c.connector.begin(); it != c.connector.end(); ++it) {
        if (!shown.contains(it.key()))
            connectorRow(it.key(), it.key(), it.value(), KeyManagerConfig::isMaskedProperty(c.type, it.key()) || it.value() == QJsonValue(KeyManagerConfig::Masked));
    }
    out << connectorSection;

    DetailSection claims{tr("Claims"), {}};
    addRow(&claims, tr("Consumer key claim"), c.consumerKeyClaim, QStringLiteral("consumerKeyClaim"));
    addRow(&claims, tr("Scopes claim"), c.scopesClaim, QStringLiteral("scopesClaim"));
    for (const QJsonValue &m : c.claimMapping) {
        const QJsonObject o = m.toObject();
        addRow(&claims, tr("Maps %1").arg(o.value(QLatin1String("remoteClaim")).toString()),
               tr("to %1").arg(o.value(QLatin1String("localClaim")).toString()), QStringLiteral("claimMapping"));
    }
    out << claims;

    DetailSection grants{tr("Grant types"), {}};
    addRow(&grants, tr("Available"), c.grantTypes.join(QStringLiteral(", ")), QStringLiteral("availableGrantTypes"));
    out << grants;

    DetailSection permissions{tr("Permissions"), {}};
    const QString permissionType = c.permissions.value(QLatin1String("permissionType")).toString();
    const QStringList roles = c.permissions.value(QLatin1String("roles")).toVariant().toStringList();
    if (permissionType == QLatin1String("ALLOW"))
        addRow(&permissions, tr("Who may use it"), tr("Only the roles %1").arg(roles.join(QStringLiteral(", "))), QStringLiteral("permissions"));
    else if (permissionType == QLatin1String("DENY"))
        addRow(&permissions, tr("Who may use it"), tr("Everyone but the roles %1").arg(roles.join(QStringLiteral(", "))), QStringLiteral("permissions"));
    else
        addRow(&permissions, tr("Who may use it"), tr("Everyone (public)"), QStringLiteral("permissions"));
    out << permissions;

    DetailSection advanced{tr("Advanced"), {}};
    const QList<QPair<QString, QString>> flags{
        {QStringLiteral("enableTokenGeneration"), tr("Token generation")},
        {QStringLiteral("enableOAuthAppCreation"), tr("Out-of-band application creation")},
        {QStringLiteral("enableMapOAuthConsumerApps"), tr("Map existing OAuth applications")},
        {QStringLiteral("enableSelfValidationJWT"), tr("Self-validate JWTs")},
        {QStringLiteral("enableTokenHashing"), tr("Token hashing")},
        {QStringLiteral("enableTokenEncryption"), tr("Token encryption")},
    };
    for (const auto &f : flags) {
        if (c.flags.contains(f.first))
            addRow(&advanced, f.second, yesNo(c.flags.value(f.first)), f.first);
    }
    out << advanced;
    return out;
}

} // namespace km
