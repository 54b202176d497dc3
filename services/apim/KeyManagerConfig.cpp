#include "services/apim/KeyManagerConfig.h"
#include "services/core/ConstRange.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSet>

namespace km {

namespace {

// Top-level string fields of the Admin v4 KeyManager DTO, by wire name.
const QList<QPair<QString, QString KeyManagerConfig::*>> &stringFields()
{
    static const QList<QPair<QString, QString KeyManagerConfig::*>> fields{
        {QStringLiteral("name"), &KeyManagerConfig::name},
        {QStringLiteral("displayName"), &KeyManagerConfig::displayName},
        {QStringLiteral("type"), &KeyManagerConfig::type},
        {QStringLiteral("description"), &KeyManagerConfig::description},
        {QStringLiteral("wellKnownEndpoint"), &KeyManagerConfig::wellKnownEndpoint},
        {QStringLiteral("issuer"), &KeyManagerConfig::issuer},
        {QStringLiteral("alias"), &KeyManagerConfig::alias},
        {QStringLiteral("tokenType"), &KeyManagerConfig::tokenType},
        {QStringLiteral("consumerKeyClaim"), &KeyManagerConfig::consumerKeyClaim},
        {QStringLiteral("scopesClaim"), &KeyManagerConfig::scopesClaim},
    };
    return fields;
}

const QStringList &flagFields()
{
    static const QStringList flags{QStringLiteral("enabled"), QStringLiteral("global"), QStringLiteral("enableTokenGeneration"),
                                   QStringLiteral("enableTokenEncryption"), QStringLiteral("enableTokenHashing"),
                                   QStringLiteral("enableMapOAuthConsumerApps"), QStringLiteral("enableOAuthAppCreation"),
                                   QStringLiteral("enableSelfValidationJWT")};
    return flags;
}

// Keys the list and GET answers carry that say nothing about the configuration.
const QStringList &readOnlyFields()
{
    static const QStringList fields{QStringLiteral("id"), QStringLiteral("isUsed"), QStringLiteral("isGlobal"),
                                    QStringLiteral("endpoints"), QStringLiteral("certificates"), QStringLiteral("availableGrantTypes"),
                                    QStringLiteral("permissions"), QStringLiteral("claimMapping"), QStringLiteral("tokenValidation"),
                                    QStringLiteral("additionalProperties")};
    return fields;
}

bool isMaskedText(const QJsonValue &v)
{
    return v.isString() && v.toString() == KeyManagerConfig::Masked;
}

QString joinWords(const QStringList &items)
{
    if (items.size() <= 1)
        return items.value(0);
    return QStringList(items.mid(0, items.size() - 1)).join(QStringLiteral(", ")) + KeyManagerConfig::tr(" and ") + items.last();
}

} // namespace

const QList<QPair<QString, QString>> &KeyManagerConfig::endpointFields()
{
    // Storage name (additionalProperties / endpoints map) → flat DTO field. From carbon-apimgt
    // KeyManagerMappingUtil.toKeyManagerConfigurationDTO / toKeyManagerDTO.
    static const QList<QPair<QString, QString>> fields{
        {QStringLiteral("client_registration_endpoint"), QStringLiteral("clientRegistrationEndpoint")},
        {QStringLiteral("introspection_endpoint"), QStringLiteral("introspectionEndpoint")},
        {QStringLiteral("token_endpoint"), QStringLiteral("tokenEndpoint")},
        {QStringLiteral("display_token_endpoint"), QStringLiteral("displayTokenEndpoint")},
        {QStringLiteral("revoke_endpoint"), QStringLiteral("revokeEndpoint")},
        {QStringLiteral("display_revoke_endpoint"), QStringLiteral("displayRevokeEndpoint")},
        {QStringLiteral("userinfo_endpoint"), QStringLiteral("userInfoEndpoint")},
        {QStringLiteral("authorize_endpoint"), QStringLiteral("authorizeEndpoint")},
        {QStringLiteral("scope_management_endpoint"), QStringLiteral("scopeManagementEndpoint")},
    };
    return fields;
}

QJsonArray KeyManagerConfig::endpointList() const
{
    QJsonArray list;
    for (auto it = endpoints.begin(); it != endpoints.end(); ++it)
        list.append(QJsonObject{{QStringLiteral("name"), it.key()}, {QStringLiteral("value"), it.value()}});
    return list;
}

QJsonObject KeyManagerConfig::withEndpoints(QJsonObject wire, const QJsonArray &list)
{
    for (const auto &e : endpointFields())
        wire.remove(e.second);
    QJsonObject props = wire.value(QLatin1String("additionalProperties")).toObject();
    for (const auto &e : endpointFields())
        props.remove(e.first);
    if (wire.contains(QLatin1String("additionalProperties")))
        wire.insert(QStringLiteral("additionalProperties"), props);
    wire.insert(QStringLiteral("endpoints"), list);
    return wire;
}

QStringList KeyManagerConfig::requiredEndpoints()
{
    return {QStringLiteral("client_registration_endpoint"), QStringLiteral("introspection_endpoint"), QStringLiteral("token_endpoint"),
            QStringLiteral("revoke_endpoint")};
}

QStringList KeyManagerConfig::missingRequiredEndpoints() const
{
    QStringList missing;
    for (const QString &e : requiredEndpoints()) {
        if (endpoints.value(e).trimmed().isEmpty())
            missing << e;
    }
    return missing;
}

bool KeyManagerConfig::isServerAddedProperty(const QString &key)
{
    // Written into additionalProperties by API Manager on every save (toKeyManagerConfigurationDTO) and,
    // for self_validate_jwt, left there on GET (toKeyManagerDTO does not remove it).
    static const QSet<QString> keys{
        QStringLiteral("self_validate_jwt"), QStringLiteral("enable_oauth_app_creation"), QStringLiteral("enable_map_oauth_consumer_apps"),
        QStringLiteral("enable_token_generation"), QStringLiteral("enable_token_hash"), QStringLiteral("enable_token_encryption"),
        QStringLiteral("consumer_key_claim"), QStringLiteral("scopes_claim"), QStringLiteral("claim_mappings"),
        QStringLiteral("token_format_string"), QStringLiteral("grant_types"), QStringLiteral("issuer"),
        QStringLiteral("well_known_endpoint"), QStringLiteral("certificate_type"), QStringLiteral("certificate_value"),
        QStringLiteral("jwks_endpoint")};
    if (keys.contains(key))
        return true;
    for (const auto &e : endpointFields()) {
        if (e.first == key)
            return true;
    }
    return false;
}

bool KeyManagerConfig::isMaskedProperty(const QString &type, const QString &key)
{
    // The connectors' ConfigurationDto mask flags: AzureADConnectorConfiguration (azure_ad_client_secret),
    // AsgardeoConnectorConfiguration (mgmt_client_secret). Other connectors: anything named like a secret.
    if (type == QLatin1String("AzureAD"))
        return key == QLatin1String("azure_ad_client_secret");
    if (type == QLatin1String("Asgardeo"))
        return key == QLatin1String("mgmt_client_secret");
    static const QRegularExpression secret(QStringLiteral("secret|password|apikey|api_key"), QRegularExpression::CaseInsensitiveOption);
    return secret.match(key).hasMatch();
}

bool KeyManagerConfig::isUpdateDisabled(const QString &type, const QString &key)
{
    // apim-km-azure-ad AzureADConnectorConfiguration marks the token version updateDisabled.
    return type == QLatin1String("AzureAD") && key == QLatin1String("azure_ad_requested_access_token_version");
}

KeyManagerConfig KeyManagerConfig::fromJson(const QJsonObject &wire)
{
    KeyManagerConfig c;
    c.id = wire.value(QLatin1String("id")).toString();
    for (const auto &f : stringFields())
        c.*(f.second) = wire.value(f.first).toString();
    for (const QString &flag : flagFields()) {
        if (wire.value(flag).isBool())
            c.flags.insert(flag, wire.value(flag).toBool());
    }
    const QJsonObject certs = wire.value(QLatin1String("certificates")).toObject();
    c.certificateType = certs.value(QLatin1String("type")).toString();
    c.certificateValue = certs.value(QLatin1String("value")).toString();
    for (const QJsonValue &g : constTemporary(wire.value(QLatin1String("availableGrantTypes")).toArray()))
        c.grantTypes << g.toString();
    c.permissions = wire.value(QLatin1String("permissions")).toObject();
    c.claimMapping = wire.value(QLatin1String("claimMapping")).toArray();
    c.tokenValidation = wire.value(QLatin1String("tokenValidation")).toArray();

    const QJsonObject props = wire.value(QLatin1String("additionalProperties")).toObject();
    // Least trusted first: a flat field (what connectors read) wins over the endpoints[] list.
    for (const auto &e : endpointFields()) {
        const QString fromProps = props.value(e.first).toString();
        if (!fromProps.isEmpty())
            c.endpoints.insert(e.first, fromProps);
    }
    for (const QJsonValue &v : constTemporary(wire.value(QLatin1String("endpoints")).toArray())) {
        const QJsonObject e = v.toObject();
        const QString name = e.value(QLatin1String("name")).toString();
        if (!name.isEmpty() && !e.value(QLatin1String("value")).toString().isEmpty())
            c.endpoints.insert(name, e.value(QLatin1String("value")).toString());
    }
    for (const auto &e : endpointFields()) {
        const QString flat = wire.value(e.second).toString();
        if (!flat.isEmpty())
            c.endpoints.insert(e.first, flat);
    }
    for (auto it = props.begin(); it != props.end(); ++it) {
        if (!isServerAddedProperty(it.key()))
            c.connector.insert(it.key(), it.value());
    }

    QSet<QString> known{readOnlyFields().begin(), readOnlyFields().end()};
    for (const auto &f : stringFields())
        known.insert(f.first);
    for (const QString &flag : flagFields())
        known.insert(flag);
    for (const auto &e : endpointFields())
        known.insert(e.second);
    for (auto it = wire.begin(); it != wire.end(); ++it) {
        if (!known.contains(it.key()))
            c.unknown.insert(it.key(), it.value());
    }
    return c;
}

QJsonObject KeyManagerConfig::toPayload() const
{
    QJsonObject km = unknown;
    for (const auto &f : stringFields()) {
        const QString &value = this->*(f.second);
        if (!value.isEmpty())
            km.insert(f.first, value);
    }
    for (auto it = flags.begin(); it != flags.end(); ++it)
        km.insert(it.key(), it.value());
    QJsonArray list;
    for (const auto &e : endpointFields()) {
        const QString value = endpoints.value(e.first);
        if (value.isEmpty())
            continue;
        km.insert(e.second, value);
        list.append(QJsonObject{{QStringLiteral("name"), e.first}, {QStringLiteral("value"), value}});
    }
    // Endpoints a connector declares beyond the DTO's own travel in the list only.
    for (auto it = endpoints.begin(); it != endpoints.end(); ++it) {
        bool flat = false;
        for (const auto &e : endpointFields())
            flat = flat || e.first == it.key();
        if (!flat && !it.value().isEmpty())
            list.append(QJsonObject{{QStringLiteral("name"), it.key()}, {QStringLiteral("value"), it.value()}});
    }
    km.insert(QStringLiteral("endpoints"), list);
    if (!certificateType.isEmpty() || !certificateValue.isEmpty())
        km.insert(QStringLiteral("certificates"), QJsonObject{{QStringLiteral("type"), certificateType}, {QStringLiteral("value"), certificateValue}});
    km.insert(QStringLiteral("availableGrantTypes"), QJsonArray::fromStringList(grantTypes));
    if (!permissions.isEmpty())
        km.insert(QStringLiteral("permissions"), permissions);
    if (!claimMapping.isEmpty())
        km.insert(QStringLiteral("claimMapping"), claimMapping);
    if (!tokenValidation.isEmpty())
        km.insert(QStringLiteral("tokenValidation"), tokenValidation);
    km.insert(QStringLiteral("additionalProperties"), connector);
    return km;
}

QStringList KeyManagerConfig::maskedValues() const
{
    QStringList out;
    for (auto it = connector.begin(); it != connector.end(); ++it) {
        if (isMaskedText(it.value()))
            out << it.key();
    }
    return out;
}

ApiError KeyManagerConfig::validateForCreate(const QString &system) const
{
    if (name.trimmed().isEmpty() || type.trimmed().isEmpty())
        return ApiError::validation(tr("A key manager in %1 has no name or type").arg(system), tr("Give it a name and a type."),
                                    QStringLiteral("name"));
    const QStringList masked = maskedValues();
    if (!masked.isEmpty())
        return ApiError::validation(
            tr("Key manager “%1” in %2 holds the masked value “*****” for %3: that is what API Manager shows instead of a secret, not the secret")
                .arg(name, system, masked.join(QStringLiteral(", "))),
            tr("Add the profile whose secret belongs there (or type the secret), or leave the field empty so kmconsole fills it from the keychain."),
            QStringLiteral("additionalProperties.") + masked.first());
    const QStringList missing = missingRequiredEndpoints();
    if (!missing.isEmpty())
        return ApiError::validation(
            tr("Key manager “%1” in %2 lacks the %3 API Manager requires (it would refuse it with error 901401, naming none)")
                .arg(name, system, joinWords(missing)),
            tr("Import the endpoints from the identity provider's discovery document, or fill them in."), missing.first());
    return ApiError();
}

QString KeyManagerConfig::secretFingerprint(const QString &secret)
{
    return QString::fromLatin1(QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString KeyManagerComparison::describe() const
{
    QStringList items;
    for (const JsonChange &c : differences)
        items << c.path;
    for (const QString &s : secretsChanged)
        items << tr("the secret in %1").arg(s);
    if (items.isEmpty())
        return tr("nothing differs");
    return tr("%1 differ").arg(joinWords(items));
}

KeyManagerComparison KeyManagerCompare::compare(const KeyManagerConfig &wanted, const KeyManagerConfig &server,
                                                const QHash<QString, QString> &pushedFingerprints)
{
    KeyManagerComparison out;
    auto differ = [&out](const QString &path, const QJsonValue &before, const QJsonValue &after) {
        if (before == after)
            return;
        JsonChange c;
        c.path = path;
        c.before = before;
        c.after = after;
        c.kind = before.isUndefined() || (before.isString() && before.toString().isEmpty()) ? JsonChange::Kind::Added : JsonChange::Kind::Changed;
        out.differences.append(c);
    };
    for (const auto &f : stringFields()) {
        const QString &w = wanted.*(f.second);
        // Unset means "whatever the server has" (displayName and the claims get server defaults).
        if (!w.isEmpty())
            differ(f.first, server.*(f.second), w);
    }
    for (auto it = wanted.flags.begin(); it != wanted.flags.end(); ++it) {
        if (it.key() == QLatin1String("global"))
            continue;
        // A flag the server does not report is not known to differ (real GETs report every flag).
        if (server.flags.contains(it.key()) && server.flags.value(it.key()) != it.value())
            differ(it.key(), server.flags.value(it.key()), it.value());
    }
    for (auto it = wanted.endpoints.begin(); it != wanted.endpoints.end(); ++it) {
        if (!it.value().isEmpty())
            differ(QStringLiteral("endpoints[%1]").arg(it.key()), server.endpoints.value(it.key()), it.value());
    }
    if (!wanted.certificateType.isEmpty() || !wanted.certificateValue.isEmpty()) {
        differ(QStringLiteral("certificates.type"), server.certificateType, wanted.certificateType);
        differ(QStringLiteral("certificates.value"), server.certificateValue, wanted.certificateValue);
    }
    if (!wanted.grantTypes.isEmpty()) {
        QStringList a = server.grantTypes;
        QStringList b = wanted.grantTypes;
        a.sort();
        b.sort();
        if (a != b)
            differ(QStringLiteral("availableGrantTypes"), QJsonArray::fromStringList(server.grantTypes), QJsonArray::fromStringList(wanted.grantTypes));
    }
    if (!wanted.permissions.isEmpty()) {
        // The server answers {"permissionType": "PUBLIC", "roles": []} for no restriction.
        const QJsonObject sp = server.permissions;
        const QString wantedType = wanted.permissions.value(QLatin1String("permissionType")).toString(QStringLiteral("PUBLIC"));
        const QString serverType = sp.value(QLatin1String("permissionType")).toString(QStringLiteral("PUBLIC"));
        differ(QStringLiteral("permissions.permissionType"), serverType, wantedType);
        if (wantedType != QLatin1String("PUBLIC")) {
            QStringList a = sp.value(QLatin1String("roles")).toVariant().toStringList();
            QStringList b = wanted.permissions.value(QLatin1String("roles")).toVariant().toStringList();
            a.sort();
            b.sort();
            if (a != b)
                differ(QStringLiteral("permissions.roles"), QJsonArray::fromStringList(a), QJsonArray::fromStringList(b));
        }
    }
    for (auto it = wanted.connector.begin(); it != wanted.connector.end(); ++it) {
        const QString path = QStringLiteral("additionalProperties.") + it.key();
        const QJsonValue have = server.connector.value(it.key());
        if (isMaskedText(it.value()))
            continue; // "keep what the server holds"
        if (isMaskedText(have) || (have.isUndefined() && KeyManagerConfig::isMaskedProperty(wanted.type, it.key()))) {
            const QString pushed = pushedFingerprints.value(it.key());
            if (pushed.isEmpty())
                out.secretsKeptByServer << it.key();
            else if (pushed != KeyManagerConfig::secretFingerprint(it.value().toString()))
                out.secretsChanged << it.key();
            continue;
        }
        // The Admin Portal stores checkbox values as booleans or strings; compare what they say.
        const bool sameText = have.isString() != it.value().isString()
                              && have.toVariant().toString() == it.value().toVariant().toString();
        if (!sameText && have != it.value()) {
            differ(path, have, it.value());
            if (KeyManagerConfig::isUpdateDisabled(wanted.type, it.key()) && !have.isUndefined())
                out.updateDisabled << it.key();
        }
    }
    return out;
}

QJsonObject KeyManagerCompare::updatePayload(const KeyManagerConfig &wanted, const KeyManagerConfig &server,
                                             const KeyManagerComparison &comparison)
{
    KeyManagerConfig body = wanted;
    for (const QString &key : comparison.secretsKeptByServer)
        body.connector.insert(key, QString(KeyManagerConfig::Masked));
    QJsonObject payload = body.toPayload();
    payload.insert(QStringLiteral("id"), server.id);
    return payload;
}

} // namespace km
