#include "services/export/KeyManagerEditor.h"
#include "services/core/ConstRange.h"

#include "services/apim/ApimClient.h"
#include "services/core/ServiceContext.h"
#include "services/export/KeyManagerExport.h"

#include <QJsonArray>
#include <QPointer>

#include <memory>

namespace km {

namespace {

// The top-level text fields a person may set (name and type are set by the command itself).
const QList<QPair<QLatin1StringView, QString KeyManagerConfig::*>> &textFields()
{
    static const QList<QPair<QLatin1StringView, QString KeyManagerConfig::*>> fields{
        {QLatin1StringView("displayName"), &KeyManagerConfig::displayName},
        {QLatin1StringView("description"), &KeyManagerConfig::description},
        {QLatin1StringView("wellKnownEndpoint"), &KeyManagerConfig::wellKnownEndpoint},
        {QLatin1StringView("issuer"), &KeyManagerConfig::issuer},
        {QLatin1StringView("alias"), &KeyManagerConfig::alias},
        {QLatin1StringView("tokenType"), &KeyManagerConfig::tokenType},
        {QLatin1StringView("consumerKeyClaim"), &KeyManagerConfig::consumerKeyClaim},
        {QLatin1StringView("scopesClaim"), &KeyManagerConfig::scopesClaim},
        {QLatin1StringView("certificateValue"), &KeyManagerConfig::certificateValue},
    };
    return fields;
}

const QStringList &flagNames()
{
    static const QStringList names{QStringLiteral("enabled"), QStringLiteral("enableTokenGeneration"), QStringLiteral("enableTokenEncryption"),
                                   QStringLiteral("enableTokenHashing"), QStringLiteral("enableMapOAuthConsumerApps"),
                                   QStringLiteral("enableOAuthAppCreation"), QStringLiteral("enableSelfValidationJWT")};
    return names;
}

bool isHttpUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    return url.isValid() && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http")) && !url.host().isEmpty();
}

QStringList commaList(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            out << part.trimmed();
    }
    return out;
}

bool isMaskedField(const ConnectorType &type, const QString &name)
{
    const ConnectorField *f = type.field(name);
    return (f && f->mask) || KeyManagerConfig::isMaskedProperty(type.type, name);
}

} // namespace

KeyManagerConfig KeyManagerEditor::newOfType(const ConnectorType &type, const QString &name)
{
    KeyManagerConfig c;
    c.name = name;
    c.displayName = name;
    c.type = type.type;
    c.consumerKeyClaim = type.defaultConsumerKeyClaim;
    c.scopesClaim = type.defaultScopesClaim;
    c.flags.insert(QStringLiteral("enabled"), true);
    c.grantTypes = {QStringLiteral("client_credentials"), QStringLiteral("authorization_code"), QStringLiteral("refresh_token")};
    for (const ConnectorField &f : type.configurations) {
        const QString text = f.defaultText();
        if (text.isEmpty() || f.mask)
            continue;
        QString ignored;
        const QJsonValue value = f.parse(text, &ignored);
        if (!value.isUndefined())
            c.connector.insert(f.name, value);
    }
    return c;
}

ApiError KeyManagerEditor::set(KeyManagerConfig *config, const ConnectorType &type, const QString &key, const QString &value)
{
    const QString connectorKey = key.startsWith(QLatin1String("additionalProperties.")) ? key.mid(21) : key;
    if (const ConnectorField *field = type.field(connectorKey)) {
        if (value.isEmpty()) {
            config->connector.remove(field->name);
            return ApiError();
        }
        QString why;
        const QJsonValue typed = field->parse(value, &why);
        if (typed.isUndefined())
            return ApiError::validation(tr("The %1 connector's field %2").arg(type.displayLabel(), why),
                                        field->tooltip.isEmpty() ? QString() : field->tooltip, QStringLiteral("additionalProperties.") + field->name);
        config->connector.insert(field->name, typed);
        return ApiError();
    }
    if (key == QLatin1String("name") || key == QLatin1String("type"))
        return ApiError::validation(tr("%1 is set with --%1, not with --set").arg(key), QString(), key);
    for (const auto &f : textFields()) {
        if (key != f.first)
            continue;
        if (key == QLatin1String("tokenType") && !value.isEmpty()
            && !QStringList{QStringLiteral("DIRECT"), QStringLiteral("EXCHANGED"), QStringLiteral("BOTH")}.contains(value))
            return ApiError::validation(tr("tokenType must be DIRECT, EXCHANGED or BOTH; “%1” is not").arg(value), QString(), key);
        config->*(f.second) = value;
        return ApiError();
    }
    if (flagNames().contains(key)) {
        const QString t = value.trimmed().toLower();
        if (t != QLatin1String("true") && t != QLatin1String("false"))
            return ApiError::validation(tr("%1 must be true or false; “%2” is not").arg(key, value), QString(), key);
        config->flags.insert(key, t == QLatin1String("true"));
        return ApiError();
    }
    if (key == QLatin1String("grantTypes") || key == QLatin1String("availableGrantTypes")) {
        config->grantTypes = commaList(value);
        return ApiError();
    }
    if (key == QLatin1String("certificateType")) {
        if (value != QLatin1String("JWKS") && value != QLatin1String("PEM"))
            return ApiError::validation(tr("certificateType must be JWKS or PEM; “%1” is not").arg(value), QString(), key);
        config->certificateType = value;
        return ApiError();
    }
    if (key == QLatin1String("permissions")) {
        // PUBLIC, or ALLOW:role,role / DENY:role,role
        const QString kind = value.section(QLatin1Char(':'), 0, 0).trimmed().toUpper();
        const QStringList roles = commaList(value.section(QLatin1Char(':'), 1));
        if (kind == QLatin1String("PUBLIC") && roles.isEmpty()) {
            config->permissions = QJsonObject{{QStringLiteral("permissionType"), kind}, {QStringLiteral("roles"), QJsonArray()}};
            return ApiError();
        }
        if ((kind == QLatin1String("ALLOW") || kind == QLatin1String("DENY")) && !roles.isEmpty()) {
            config->permissions = QJsonObject{{QStringLiteral("permissionType"), kind}, {QStringLiteral("roles"), QJsonArray::fromStringList(roles)}};
            return ApiError();
        }
        return ApiError::validation(tr("permissions takes PUBLIC, ALLOW:role,… or DENY:role,…; “%1” is not").arg(value), QString(), key);
    }
    if (key == QLatin1String("claimMapping")) {
        QJsonArray mapping;
        for (const QString &pair : commaList(value)) {
            const int eq = pair.indexOf(QLatin1Char('='));
            if (eq <= 0 || eq == pair.size() - 1)
                return ApiError::validation(tr("claimMapping takes remote=local pairs separated by commas; “%1” is not one").arg(pair), QString(), key);
            mapping.append(QJsonObject{{QStringLiteral("remoteClaim"), pair.left(eq).trimmed()}, {QStringLiteral("localClaim"), pair.mid(eq + 1).trimmed()}});
        }
        config->claimMapping = mapping;
        return ApiError();
    }
    for (const auto &e : KeyManagerConfig::endpointFields()) {
        if (key == e.first || key == e.second) {
            if (value.isEmpty())
                config->endpoints.remove(e.first);
            else
                config->endpoints.insert(e.first, value);
            return ApiError();
        }
    }
    QStringList connectorNames;
    for (const ConnectorField &f : type.configurations)
        connectorNames << f.name;
    return ApiError::validation(tr("Unknown field “%1” for a key manager of type %2").arg(key, type.type),
                                tr("Set a field of the key manager (displayName, description, issuer, wellKnownEndpoint, tokenEndpoint, revokeEndpoint, "
                                   "introspectionEndpoint, clientRegistrationEndpoint, grantTypes, certificateType, certificateValue, consumerKeyClaim, "
                                   "scopesClaim, claimMapping, permissions, enabled, …) or one of the %1 connector's: %2.")
                                    .arg(type.displayLabel(), connectorNames.isEmpty() ? tr("none") : connectorNames.join(QStringLiteral(", "))),
                                key);
}

void KeyManagerEditor::mergeDiscovered(KeyManagerConfig *config, const KeyManagerConfig &discovered)
{
    for (auto it = discovered.endpoints.begin(); it != discovered.endpoints.end(); ++it) {
        if (config->endpoints.value(it.key()).isEmpty() && !it.value().isEmpty())
            config->endpoints.insert(it.key(), it.value());
    }
    if (config->issuer.isEmpty())
        config->issuer = discovered.issuer;
    if (config->wellKnownEndpoint.isEmpty())
        config->wellKnownEndpoint = discovered.wellKnownEndpoint;
    if (config->certificateValue.isEmpty() && !discovered.certificateValue.isEmpty()) {
        config->certificateType = discovered.certificateType;
        config->certificateValue = discovered.certificateValue;
    }
    if (!discovered.grantTypes.isEmpty())
        config->grantTypes = discovered.grantTypes;
}

QList<FieldProblem> KeyManagerEditor::validate(const KeyManagerConfig &config, const ConnectorType &type, bool creating, bool secretsFromKeychain)
{
    QList<FieldProblem> problems;
    if (config.name.trimmed().isEmpty())
        problems.append({QStringLiteral("name"), tr("The key manager needs a name")});
    for (const QString &e : config.missingRequiredEndpoints())
        problems.append({e, tr("The endpoint %1 is required (API Manager refuses the key manager without it)").arg(e)});
    for (auto it = config.endpoints.begin(); it != config.endpoints.end(); ++it) {
        if (!it.value().isEmpty() && !isHttpUrl(it.value()))
            problems.append({it.key(), tr("The endpoint %1 is not an http(s) URL: “%2”").arg(it.key(), it.value())});
    }
    if (!config.certificateType.isEmpty() && config.certificateValue.trimmed().isEmpty())
        problems.append({QStringLiteral("certificateValue"), config.certificateType == QLatin1String("JWKS")
                                                               ? tr("The JWKS URL is missing (API Manager checks token signatures with it)")
                                                               : tr("The PEM certificate is missing (API Manager checks token signatures with it)")});
    else if (config.certificateType == QLatin1String("JWKS") && !isHttpUrl(config.certificateValue))
        problems.append({QStringLiteral("certificateValue"), tr("The JWKS URL is not an http(s) URL: “%1”").arg(config.certificateValue)});
    else if (config.certificateType == QLatin1String("PEM") && !config.certificateValue.contains(QLatin1String("BEGIN CERTIFICATE")))
        problems.append({QStringLiteral("certificateValue"), tr("The certificate is not in PEM form (-----BEGIN CERTIFICATE----- …)")});
    for (const FieldProblem &p : ConnectorSettings::validate(type, config.connector, creating)) {
        const QString name = p.field.mid(21);
        if (secretsFromKeychain && isMaskedField(type, name) && ConnectorField::isEmptyValue(config.connector.value(name)))
            continue;
        problems.append(p);
    }
    return problems;
}

ApiError KeyManagerEditor::problemsError(const QString &name, const QList<FieldProblem> &problems)
{
    if (problems.isEmpty())
        return ApiError();
    QStringList lines;
    for (const FieldProblem &p : problems)
        lines << p.message;
    return ApiError::validation(tr("Key manager “%1” cannot be sent: %2").arg(name, lines.join(QStringLiteral("; "))),
                                tr("Correct these fields; nothing was sent."), problems.first().field);
}

QJsonObject KeyManagerEditor::maskedPayload(const QJsonObject &payload, const ConnectorType &type)
{
    QJsonObject out = payload;
    QJsonObject props = out.value(QLatin1String("additionalProperties")).toObject();
    for (auto it = props.begin(); it != props.end(); ++it) {
        if (isMaskedField(type, it.key()) && !ConnectorField::isEmptyValue(it.value()))
            it.value() = QString(KeyManagerConfig::Masked);
    }
    out.insert(QStringLiteral("additionalProperties"), props);
    return out;
}

PlanJob *KeyManagerEditor::prepare(ServiceContext *context, ApimClient *apimClient, const Request &request, QObject *parent)
{
    auto *job = new PlanJob(parent);
    const QPointer<ApimClient> apim(apimClient);
    const QPointer<ServiceContext> services(context);
    const QUrl origin = apimClient->baseUrl();

    // After the configuration is complete: check it and plan the one change.
    auto planIt = [job, apim, services, request](KeyManagerConfig config, const ConnectorType &type) {
        if (!apim || !services)
            return job->fail(ApiError::cancelled());
        for (auto it = request.secrets.begin(); it != request.secrets.end(); ++it) {
            if (!it.value().toString().isEmpty())
                config.connector.insert(it.key(), it.value());
        }
        for (const auto &s : request.sets) {
            if (ApiError e = set(&config, type, s.first, s.second); e.isError())
                return job->fail(e);
        }
        const bool creating = !request.edit;
        if (ApiError e = problemsError(config.name, validate(config, type, creating, creating)); e.isError())
            return job->fail(e);
        PlanJob *inner = nullptr;
        if (creating) {
            // Masked fields with no value come from the keychain, as `plan` takes them.
            for (const ConnectorField &f : type.configurations) {
                if (f.mask && ConnectorField::isEmptyValue(config.connector.value(f.name)))
                    config.connector.insert(f.name, QString());
            }
            const QJsonObject document{{QStringLiteral("keyManagers"), QJsonArray{config.toPayload()}}};
            inner = KeyManagerPlan::planDocument(services, apim, document, false, job);
        } else {
            inner = KeyManagerPlan::plan(apim, {config.toPayload()}, job, services->secrets());
        }
        // Only this key manager's change; the others API Manager holds are no concern of this request.
        job->followPlan(inner, [](const KeyManagerChange &c) { return c.action != KeyManagerChange::Action::OnlyOnServer; });
    };

    // With the connector and the starting configuration: the discovery when asked, then planIt.
    auto discoverThen = [job, apim, request, planIt](KeyManagerConfig config, const ConnectorType &type) {
        if (request.discovery.isEmpty())
            return planIt(config, type);
        if (!apim)
            return job->fail(ApiError::cancelled());
        job->whenDone(apim->discoverKeyManager(request.discovery, type.type),
                      [job, config, type, request, planIt](const ApiError &error, const QJsonValue &discovered) mutable {
            if (error.isError())
                return job->fail(error);
            const QJsonObject answer = discovered.toObject();
            if (!answer.value(QLatin1String("valid")).toBool())
                return job->fail(ApiError::validation(tr("API Manager could not read a discovery document at %1").arg(request.discovery.toString()),
                                                      tr("Check the URL (it usually ends in /.well-known/openid-configuration)."),
                                                      QStringLiteral("wellKnownEndpoint")));
            KeyManagerConfig found = KeyManagerConfig::fromJson(answer.value(QLatin1String("value")).toObject());
            if (found.wellKnownEndpoint.isEmpty())
                found.wellKnownEndpoint = request.discovery.toString();
            mergeDiscovered(&config, found);
            planIt(config, type);
        });
    };

    job->whenDone(apimClient->settings(), [job, apim, origin, request, discoverThen](const ApiError &settingsError, const QJsonValue &settings) {
        if (settingsError.isError())
            return job->fail(settingsError);
        if (!apim)
            return job->fail(ApiError::cancelled());
        const ConnectorSettings connectors = ConnectorSettings::fromSettings(settings.toObject());
        if (request.name.trimmed().isEmpty())
            return job->fail(ApiError::validation(tr("The key manager needs a name"), QString(), QStringLiteral("name")));
        job->whenDone(apim->listKeyManagers(), [job, apim, origin, request, connectors, discoverThen](const ApiError &error, const QJsonValue &list) {
            if (error.isError())
                return job->fail(error);
            QString id;
            QString existingType;
            for (const QJsonValue &v : km::constTemporary(list.toObject().value(QLatin1String("list")).toArray())) {
                if (v.toObject().value(QLatin1String("name")).toString() == request.name) {
                    id = v.toObject().value(QLatin1String("id")).toString();
                    existingType = v.toObject().value(QLatin1String("type")).toString();
                }
            }
            if (!request.edit && !id.isEmpty())
                return job->fail(ApiError::validation(tr("API Manager at %1 already has a key manager named “%2”").arg(origin.toString(), request.name),
                                                      tr("Edit it (key-managers edit) or choose another name."), QStringLiteral("name")));
            if (request.edit && id.isEmpty())
                return job->fail(ApiError::validation(tr("API Manager at %1 has no key manager named “%2”").arg(origin.toString(), request.name),
                                                      tr("Create it (key-managers create) or check the name (key-managers list)."), QStringLiteral("name")));
            const QString typeName = request.edit ? existingType : request.type;
            if (request.edit && !request.type.isEmpty() && request.type != existingType)
                return job->fail(ApiError::validation(tr("Key manager “%1” is of type %2; API Manager cannot change a key manager's type (asked: %3)")
                                                          .arg(request.name, existingType, request.type),
                                                      tr("Leave --type out, or create a new key manager of type %1.").arg(request.type), QStringLiteral("type")));
            const ConnectorType *type = connectors.find(typeName);
            if (!type)
                return job->fail(connectors.unknownType(typeName, origin));
            const ConnectorType connector = *type;
            if (!request.edit)
                return discoverThen(newOfType(connector, request.name), connector);
            if (!apim)
                return job->fail(ApiError::cancelled());
            job->whenDone(apim->getKeyManager(id), [job, connector, discoverThen](const ApiError &getError, const QJsonValue &stored) {
                if (getError.isError())
                    return job->fail(getError);
                KeyManagerConfig existing = KeyManagerConfig::fromJson(stored.toObject());
                existing.id.clear();
                existing.flags.remove(QStringLiteral("global"));
                discoverThen(existing, connector);
            });
        });
    });
    return job;
}

} // namespace km
