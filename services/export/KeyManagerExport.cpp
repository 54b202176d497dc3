#include "services/export/KeyManagerExport.h"

#include "services/core/YamlReader.h"
#include "services/core/ConstRange.h"

#include "services/apim/ApimClient.h"
#include "services/apim/KeyManagerConfig.h"
#include "services/core/Job.h"
#include "services/core/NextPage.h"
#include "services/core/Tasks.h"
#include "services/core/ServiceContext.h"
#include "services/profiles/ProfileStore.h"
#include "services/profiles/Profiles.h"
#include "services/secrets/SecretStore.h"
#include "services/setup/KeyManagerSteps.h"
#include "services/setup/SetupRunner.h"

#include <QDateTime>
#include <QPointer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QUrl>

#include <memory>

namespace km {

bool KeyManagerExport::isSecretField(const QString &type, const QString &name)
{
    return KeyManagerConfig::isMaskedProperty(type, name);
}

QJsonObject KeyManagerExport::portable(const QJsonObject &keyManager, QJsonArray *required, const QSet<QString> &masked)
{
    // Through the typed configuration: flat endpoints (what connectors read), the connector's own values
    // without the keys API Manager adds by itself, and no server id.
    KeyManagerConfig config = KeyManagerConfig::fromJson(keyManager);
    config.id.clear();
    config.flags.remove(QStringLiteral("global"));
    const QString name = config.name;
    const QString type = config.type;
    for (auto it = config.connector.begin(); it != config.connector.end(); ++it) {
        // A secret by the connector's mask flag (from /settings), by what the console knows of the
        // connector, or because the server masked it.
        if (!masked.contains(it.key()) && !isSecretField(type, it.key()) && it.value() != QJsonValue(KeyManagerConfig::Masked))
            continue;
        it.value() = QString();
        QString hint;
        if (type == QLatin1String("Asgardeo"))
            hint = KeyManagerExport::tr("client secret of the management app of Asgardeo organization %1").arg(config.connector.value(QLatin1String("org_name")).toString());
        else if (type == QLatin1String("AzureAD"))
            hint = KeyManagerExport::tr("client secret of Entra app %1").arg(config.connector.value(QLatin1String("azure_ad_client_id")).toString());
        else
            hint = QStringLiteral("%1 of key manager %2").arg(it.key(), name);
        required->append(QJsonObject{{QStringLiteral("keyManager"), name}, {QStringLiteral("field"), it.key()},
                                     {QStringLiteral("type"), type}, {QStringLiteral("hint"), hint}});
    }
    return config.toPayload();
}

QHash<QString, QSet<QString>> KeyManagerExport::maskFlags(const QJsonObject &settings)
{
    QHash<QString, QSet<QString>> out;
    for (const QJsonValue &t : km::constTemporary(settings.value(QLatin1String("keyManagerConfiguration")).toArray())) {
        const QJsonObject type = t.toObject();
        QSet<QString> &fields = out[type.value(QLatin1String("type")).toString()];
        for (const char *list : {"configurations", "endpointConfigurations"}) {
            for (const QJsonValue &c : km::constTemporary(type.value(QLatin1String(list)).toArray())) {
                if (c.toObject().value(QLatin1String("mask")).toBool())
                    fields.insert(c.toObject().value(QLatin1String("name")).toString());
            }
        }
    }
    return out;
}

namespace {

// Where a keychain secret shows up in a document about to be written: the field path, else empty.
QString whereIs(const QJsonValue &value, const QString &secret, const QString &path)
{
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString found = whereIs(it.value(), secret, path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key());
            if (!found.isEmpty())
                return found;
        }
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (int i = 0; i < a.size(); ++i) {
            const QString found = whereIs(a.at(i), secret, QStringLiteral("%1[%2]").arg(path).arg(i));
            if (!found.isEmpty())
                return found;
        }
    } else if (value.isString()) {
        const QString text = value.toString();
        // Equal to a secret, or holding a long one (a URL with it in the query, a pasted header).
        if (text == secret || (secret.size() >= 12 && text.contains(secret)))
            return path.isEmpty() ? KeyManagerExport::tr("(top level)") : path;
    }
    return QString();
}

} // namespace

Job *KeyManagerExport::checkHoldsNoKeychainSecret(ServiceContext *context, const QJsonObject &document, QObject *parent)
{
    auto *job = new FunctionJob(parent);
    QList<QPair<QString, QString>> keys; // keychain key → what it is, in words
    for (const ApimProfile &p : context->profiles()->apimProfiles()) {
        keys.append({SecretStore::apimPasswordKey(p.name), KeyManagerExport::tr("the password of API Manager profile “%1”").arg(p.name)});
        if (!p.dcrClientId.isEmpty())
            keys.append({SecretStore::apimDcrSecretKey(p.name), KeyManagerExport::tr("the REST client secret of API Manager profile “%1”").arg(p.name)});
    }
    for (const AsgardeoProfile &p : context->profiles()->asgardeoProfiles())
        keys.append({SecretStore::asgardeoSecretKey(p.name), KeyManagerExport::tr("the client secret of Asgardeo profile “%1”").arg(p.name)});
    for (const EntraProfile &p : context->profiles()->entraProfiles())
        keys.append({SecretStore::entraSecretKey(p.name), KeyManagerExport::tr("the client secret of Entra profile “%1”").arg(p.name)});
    auto found = std::make_shared<QStringList>();
    auto finish = [job, found] {
        if (!found->isEmpty()) {
            job->fail(ApiError::validation(KeyManagerExport::tr("The export would hold a secret of your keychain (%1), so it was not written")
                                               .arg(found->join(QStringLiteral("; "))),
                                           KeyManagerExport::tr("An export never carries secrets. Remove the secret from that field in API Manager "
                                                                "(or mark it as a secret in the connector), then export again.")));
            return;
        }
        job->succeed();
    };
    // Every secret at once; one that cannot be read is one the export cannot hold.
    QList<tasks::Factory> reads;
    for (const auto &k : std::as_const(keys))
        reads << [secrets = QPointer<SecretStore>(context->secrets()), key = k.first]() -> Job * { return secrets ? secrets->read(key) : nullptr; };
    Job *all = tasks::settled(reads, [found, document, keys](int index, const ApiError &error, const QJsonValue &result) {
        const QString what = keys.at(index).second;
        const QString secret = error.isError() ? QString() : result.toString();
        if (secret.size() >= 4) { // shorter values equal too many ordinary ones ("none", "v2")
            // Said by key manager and field, the way the administrator finds it in API Manager.
            for (const QJsonValue &km : km::constTemporary(document.value(QLatin1String("keyManagers")).toArray())) {
                const QString where = whereIs(km, secret, QString());
                if (!where.isEmpty())
                    *found << QStringLiteral("%1, in field %2 of key manager “%3”")
                              .arg(what, where, km.toObject().value(QLatin1String("name")).toString());
            }
            QJsonObject rest = document;
            rest.remove(QStringLiteral("keyManagers"));
            const QString where = whereIs(rest, secret, QString());
            if (!where.isEmpty())
                *found << QStringLiteral("%1, in %2").arg(what, where);
        }
    }, job);
    job->whenDone(all, [finish](const ApiError &, const QJsonValue &) { finish(); });
    return job;
}

Job *KeyManagerExport::exportKeyManagers(ServiceContext *context, ApimClient *apim, const QUrl &source, const QStringList &names, QObject *parent)
{
    auto *job = new FunctionJob(parent);
    const QPointer<ApimClient> client(apim);
    const QPointer<ServiceContext> services(context);
    // The connectors' own mask flags first; if /settings cannot be read the console's knowledge of the
    // connectors and the server's "*****" still mark the secrets.
    job->whenDone(apim->settings(), [job, client, services, source, names](const ApiError &settingsError, const QJsonValue &settings) {
        const QHash<QString, QSet<QString>> masked = settingsError.isError() ? QHash<QString, QSet<QString>>() : maskFlags(settings.toObject());
        if (!client)
            return job->fail(ApiError::cancelled());
        job->whenDone(client->listKeyManagers(), [job, client, services, source, names, masked](const ApiError &error, const QJsonValue &list) {
            if (error.isError()) {
                job->fail(error);
                return;
            }
            QStringList ids;
            QStringList found;
            for (const QJsonValue &v : km::constTemporary(list.toObject().value(QLatin1String("list")).toArray())) {
                const QJsonObject info = v.toObject();
                const QString name = info.value(QLatin1String("name")).toString();
                const bool wanted = names.isEmpty() ? info.value(QLatin1String("type")).toString() != QLatin1String("default") : names.contains(name);
                if (wanted) {
                    ids << info.value(QLatin1String("id")).toString();
                    found << name;
                }
            }
            QStringList missing;
            for (const QString &n : names) {
                if (!found.contains(n))
                    missing << n;
            }
            if (!missing.isEmpty()) {
                job->fail(ApiError::validation(KeyManagerExport::tr("API Manager has no key manager named %1").arg(missing.join(QStringLiteral(", "))),
                                               QStringLiteral("It has: %1.").arg(found.isEmpty() ? KeyManagerExport::tr("none of those") : found.join(QStringLiteral(", "))),
                                               QStringLiteral("name")));
                return;
            }
            if (ids.isEmpty()) {
                job->fail(ApiError::validation(KeyManagerExport::tr("There is no key manager to export besides the Resident Key Manager"),
                                               KeyManagerExport::tr("Set one up first (Setup › Asgardeo or Entra ID).")));
                return;
            }
            // One key manager after the other (each GET answers with its secrets masked or not, per type).
            Job *all = tasks::forEach(int(ids.size()), [client, ids](int i) -> Job * { return client ? client->getKeyManager(ids.at(i)) : nullptr; }, job);
            job->whenDone(all, [job, services, source, masked](const ApiError &readError, const QJsonValue &read) {
                if (readError.isError())
                    return job->fail(readError);
                QJsonArray keyManagers, required;
                for (const QJsonValue &v : km::constTemporary(read.toArray())) {
                    const QJsonObject km = v.toObject();
                    keyManagers.append(portable(km, &required, masked.value(km.value(QLatin1String("type")).toString())));
                }
                const QJsonObject document{{QStringLiteral("format"), QString(Format)},
                                           {QStringLiteral("version"), Version},
                                           {QStringLiteral("exportedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                                           {QStringLiteral("source"), source.toString()},
                                           {QStringLiteral("keyManagers"), keyManagers},
                                           {QStringLiteral("secretsRequired"), required}};
                if (!services)
                    return job->fail(ApiError::cancelled());
                // Last guard: no value of the file may be a secret this computer keeps.
                job->follow(tasks::map(checkHoldsNoKeychainSecret(services, document, job), [document](const QJsonValue &) { return document; }, {}, job));
            });
        });
    });
    return job;
}

ApiError KeyManagerExport::validate(const QJsonObject &document)
{
    if (document.value(QLatin1String("format")).toString() != Format)
        return ApiError::validation(KeyManagerExport::tr("This file is not a kmconsole key-manager export (its \"format\" is not %1)").arg(QString(Format)),
                                    KeyManagerExport::tr("Export the key managers with kmconsole first: Key Managers › Export, or kmconsole-cli key-managers export."));
    const QJsonValue version = document.value(QLatin1String("version"));
    if (!version.isDouble() || version.toDouble() != double(version.toInt()) || version.toInt() < 1)
        return ApiError::validation(KeyManagerExport::tr("The file's format version is unknown (%1): kmconsole writes version %2")
                                        .arg(version.isUndefined() ? KeyManagerExport::tr("none given") : QString::fromUtf8(QJsonDocument(QJsonArray{version}).toJson(QJsonDocument::Compact)).mid(1).chopped(1))
                                        .arg(Version),
                                    KeyManagerExport::tr("Export the key managers again with kmconsole (key-managers export); nothing was changed."));
    if (version.toInt() > Version)
        return ApiError::validation(KeyManagerExport::tr("The export was made by a newer kmconsole (format version %1; this one reads up to %2)").arg(version.toInt()).arg(Version),
                                    KeyManagerExport::tr("Update kmconsole to import it; nothing was changed."));
    const QJsonArray kms = document.value(QLatin1String("keyManagers")).toArray();
    if (kms.isEmpty())
        return ApiError::validation(KeyManagerExport::tr("The export holds no key manager"), KeyManagerExport::tr("Export at least one key manager."));
    for (const QJsonValue &v : kms) {
        const KeyManagerConfig km = KeyManagerConfig::fromJson(v.toObject());
        if (km.name.isEmpty() || km.type.isEmpty())
            return ApiError::validation(KeyManagerExport::tr("A key manager in the export has no name or type"), KeyManagerExport::tr("Export it again from API Manager."));
        // "*****" is API Manager's mask, not a secret: sending it on create would store five stars as the secret.
        if (ApiError invalid = km.validateForCreate(KeyManagerExport::tr("the import file")); invalid.isError())
            return invalid;
    }
    return ApiError();
}

bool KeyManagerExport::write(const QString &path, const QJsonObject &document, ApiError *error)
{
    return writeBytes(path, QJsonDocument(document).toJson(QJsonDocument::Indented), error);
}

bool KeyManagerExport::writeBytes(const QString &path, const QByteArray &bytes, ApiError *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) < 0 || !file.commit()) {
        *error = ApiError::validation(KeyManagerExport::tr("Could not write %1: %2").arg(path, file.errorString()),
                                      KeyManagerExport::tr("Choose a folder you can write to."));
        return false;
    }
    return true;
}

QJsonObject KeyManagerExport::read(const QString &path, ApiError *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = ApiError::validation(KeyManagerExport::tr("Could not read %1: %2").arg(path, file.errorString()), KeyManagerExport::tr("Check the file name."));
        return {};
    }
    // No more than a file of key managers can hold: a larger one is refused before it is parsed.
    const YamlLimits limits;
    const QByteArray bytes = file.read(limits.maxBytes + 1);
    if (bytes.size() > limits.maxBytes) {
        *error = ApiError::validation(QStringLiteral("%1 is larger than %2 MB, too large for a key-manager file").arg(path).arg(limits.maxBytes / (1024 * 1024)),
                                      KeyManagerExport::tr("Give the file kmconsole exported; nothing was changed."));
        return {};
    }
    QJsonObject document;
    if (isYaml(path, bytes)) {
        QString problem;
        const QJsonValue value = YamlReader::read(bytes, &problem, limits);
        if (!problem.isEmpty() || !value.isObject()) {
            *error = ApiError::validation(QStringLiteral("%1 is not a YAML key-manager file: %2")
                                              .arg(path, problem.isEmpty() ? QStringLiteral("it is not a mapping") : problem),
                                          KeyManagerExport::tr("Give the file kmconsole exported (key-managers export --format yaml or json); nothing was changed."));
            return {};
        }
        document = value.toObject();
    } else {
        QJsonParseError parse;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parse);
        if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
            *error = ApiError::validation(QStringLiteral("%1 is not JSON (%2 at offset %3)").arg(path, parse.errorString()).arg(parse.offset),
                                          KeyManagerExport::tr("Give the file kmconsole exported, unchanged."));
            return {};
        }
        document = doc.object();
    }
    *error = validate(document);
    return error->isError() ? QJsonObject() : document;
}

bool KeyManagerExport::isYaml(const QString &path, const QByteArray &bytes)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("yaml") || suffix == QLatin1String("yml"))
        return true;
    if (suffix == QLatin1String("json"))
        return false;
    // Any other name: JSON starts with its object; what kmconsole writes as YAML with a comment or a key.
    for (const char c : bytes) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c != '{';
    }
    return false;
}

namespace {

QString originOf(const QUrl &url)
{
    QUrl origin = url.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
    return origin.toString();
}

void collectUrls(const QJsonValue &value, const QString &field, QList<QPair<QString, QUrl>> *out)
{
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == QLatin1String("issuer"))
                continue;
            collectUrls(it.value(), field.isEmpty() ? it.key() : field + QLatin1Char('.') + it.key(), out);
        }
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (int i = 0; i < a.size(); ++i) {
            // endpoints[] entries are {name, value}: name the field after the entry.
            const QJsonObject entry = a.at(i).toObject();
            const QString name = entry.value(QLatin1String("name")).toString();
            if (!name.isEmpty() && entry.value(QLatin1String("value")).isString())
                collectUrls(entry.value(QLatin1String("value")), field + QLatin1Char('.') + name, out);
            else
                collectUrls(a.at(i), QStringLiteral("%1[%2]").arg(field).arg(i), out);
        }
    } else if (value.isString()) {
        const QString text = value.toString().trimmed();
        if (!text.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) && !text.startsWith(QLatin1String("https://"), Qt::CaseInsensitive))
            return;
        const QUrl url(text);
        if (url.isValid() && !url.host().isEmpty())
            out->append({field, url});
        else
            out->append({field, QUrl(QStringLiteral("https://invalid.invalid"))}); // an unreadable URL is no known host
    }
}

} // namespace

QList<QPair<QString, QUrl>> KeyManagerExport::outboundUrls(const QJsonObject &keyManager)
{
    QList<QPair<QString, QUrl>> out;
    collectUrls(keyManager, QString(), &out);
    return out;
}

QString KeyManagerExport::elsewhereText(const QJsonArray &elsewhere)
{
    QStringList parts;
    for (const QJsonValue &v : elsewhere) {
        const QJsonObject e = v.toObject();
        QStringList targets;
        for (const QJsonValue &t : km::constTemporary(e.value(QLatin1String("sendsTo")).toArray()))
            targets << QStringLiteral("%1 → %2").arg(t.toObject().value(QLatin1String("field")).toString(), t.toObject().value(QLatin1String("url")).toString());
        QStringList kept;
        for (const QJsonValue &o : km::constTemporary(e.value(QLatin1String("storedFor")).toArray()))
            kept << o.toString();
        parts << KeyManagerExport::tr("the %1 of key manager “%2” (kept for %3 by %4) would go to %5")
                     .arg(e.value(QLatin1String("field")).toString(), e.value(QLatin1String("keyManager")).toString(),
                          kept.join(QStringLiteral(", ")), e.value(QLatin1String("profile")).toString(), targets.join(QStringLiteral(", ")));
    }
    return parts.join(QStringLiteral("; "));
}

Job *KeyManagerExport::resolveSecrets(ServiceContext *context, const QJsonObject &document, bool allowElsewhere, QObject *parent)
{
    auto *job = new FunctionJob(parent);
    struct State
    {
        QList<QJsonObject> keyManagers;
        QStringList missing;
        QJsonArray elsewhere;
    };
    auto state = std::make_shared<State>();
    for (const QJsonValue &v : km::constTemporary(document.value(QLatin1String("keyManagers")).toArray()))
        state->keyManagers.append(v.toObject());
    auto finish = [job, state, allowElsewhere] {
        if (!allowElsewhere && !state->elsewhere.isEmpty()) {
            ApiError e = ApiError::validation(KeyManagerExport::tr("Refused: the file would send secrets to hosts they were not stored for"),
                                              KeyManagerExport::tr("A secret goes only to the hosts of its profile. Check where the file came from and "
                                                                   "correct its URLs; the console's import shows both hosts and asks."));
            e.vendorCode = QString(SecretElsewhereCode);
            e.description = elsewhereText(state->elsewhere);
            job->fail(e);
            return;
        }
        if (!state->missing.isEmpty()) {
            job->fail(ApiError::validation(KeyManagerExport::tr("No secret is at hand for: %1").arg(state->missing.join(QStringLiteral("; "))),
                                           KeyManagerExport::tr("Add the matching profile with its secret first (kmconsole-cli profile add asgardeo|entra …, "
                                                                "or the setup wizard), then import again.")));
            return;
        }
        QJsonArray out;
        for (const QJsonObject &km : std::as_const(state->keyManagers))
            out.append(km);
        job->succeed(QJsonObject{{QStringLiteral("keyManagers"), out}, {QStringLiteral("elsewhere"), state->elsewhere}});
    };
    // The keychain reads, all at once once every field is known: key manager index, field, what it is, key.
    struct Read
    {
        int keyManager;
        QString field;
        QString what;
        QString key;
    };
    QList<Read> reads;
    for (int i = 0; i < state->keyManagers.size(); ++i) {
        const QJsonObject km = state->keyManagers.at(i);
        const QString type = km.value(QLatin1String("type")).toString();
        const QString kmName = km.value(QLatin1String("name")).toString();
        const QJsonObject props = km.value(QLatin1String("additionalProperties")).toObject();
        const QList<QPair<QString, QUrl>> urls = outboundUrls(km);
        for (auto it = props.begin(); it != props.end(); ++it) {
            if (!isSecretField(type, it.key()) || !it.value().toString().isEmpty())
                continue;
            QString key;
            QString what;
            QString profileText;
            QList<QUrl> storedFor;
            if (type == QLatin1String("Asgardeo")) {
                const QString org = props.value(QLatin1String("org_name")).toString();
                what = QStringLiteral("%1 (%2): the Asgardeo profile of organization %3").arg(kmName, it.key(), org);
                for (const AsgardeoProfile &p : context->profiles()->asgardeoProfiles()) {
                    if (p.organization == org) {
                        key = SecretStore::asgardeoSecretKey(p.name);
                        profileText = KeyManagerExport::tr("Asgardeo profile “%1”").arg(p.name);
                        storedFor = {p.baseUrl};
                    }
                }
            } else if (type == QLatin1String("AzureAD")) {
                const QString clientId = props.value(QLatin1String("azure_ad_client_id")).toString();
                what = QStringLiteral("%1 (%2): an Entra profile with client ID %3").arg(kmName, it.key(), clientId);
                for (const EntraProfile &p : context->profiles()->entraProfiles()) {
                    if (p.clientId == clientId) {
                        key = SecretStore::entraSecretKey(p.name);
                        profileText = KeyManagerExport::tr("Entra profile “%1”").arg(p.name);
                        storedFor = {p.loginUrl, p.graphUrl};
                    }
                }
            } else {
                // Any other connector: the secret kept for the host of its token endpoint.
                const QUrl token(KeyManagerConfig::fromJson(km).endpoints.value(QStringLiteral("token_endpoint")));
                what = QStringLiteral("%1 (%2): the %3 secret for %4 (add it with kmconsole-cli key-managers secret --type %3 --field %2 --host %4 "
                                      "--secret-stdin)").arg(kmName, it.key(), type, originOf(token));
                if (token.isValid() && !token.host().isEmpty()) {
                    key = connectorSecretKey(token, type, it.key());
                    storedFor = {token};
                    profileText = KeyManagerExport::tr("the %1 secret kept for %2").arg(type, originOf(token));
                }
            }
            if (key.isEmpty()) {
                state->missing << what;
                continue;
            }
            // A secret leaves this computer only for the hosts it was stored for.
            QJsonArray sendsTo;
            for (const auto &u : urls) {
                bool ours = false;
                for (const QUrl &allowed : std::as_const(storedFor))
                    ours = ours || NextPage::sameOrigin(allowed, u.second);
                if (!ours)
                    sendsTo.append(QJsonObject{{QStringLiteral("field"), u.first}, {QStringLiteral("url"), originOf(u.second)}});
            }
            if (!sendsTo.isEmpty()) {
                QJsonArray kept;
                for (const QUrl &allowed : std::as_const(storedFor))
                    kept.append(originOf(allowed));
                state->elsewhere.append(QJsonObject{{QStringLiteral("keyManager"), kmName}, {QStringLiteral("field"), it.key()},
                                                    {QStringLiteral("profile"), profileText}, {QStringLiteral("storedFor"), kept},
                                                    {QStringLiteral("sendsTo"), sendsTo}});
                if (!allowElsewhere)
                    continue; // not read from the keychain at all
            }
            reads.append({i, it.key(), what, key});
        }
    }
    QList<tasks::Factory> factories;
    for (const Read &r : std::as_const(reads))
        factories << [secrets = QPointer<SecretStore>(context->secrets()), key = r.key]() -> Job * { return secrets ? secrets->read(key) : nullptr; };
    Job *all = tasks::settled(factories, [state, reads](int index, const ApiError &error, const QJsonValue &secret) {
        const Read &r = reads.at(index);
        if (error.isError()) {
            state->missing << r.what;
            return;
        }
        QJsonObject km = state->keyManagers.at(r.keyManager);
        QJsonObject p = km.value(QLatin1String("additionalProperties")).toObject();
        p.insert(r.field, secret.toString());
        km.insert(QStringLiteral("additionalProperties"), p);
        state->keyManagers[r.keyManager] = km;
    }, job);
    job->whenDone(all, [finish](const ApiError &, const QJsonValue &) { finish(); });
    return job;
}

QString KeyManagerExport::connectorSecretKey(const QUrl &host, const QString &type, const QString &field)
{
    return QStringLiteral("key-manager-secret/%1/%2/%3").arg(originOf(host), type, field);
}

SetupRunner *KeyManagerExport::createImportRunner(ApimClient *apim, HttpSession *http, const QList<QJsonObject> &keyManagers,
                                                  bool allowUpdate, QObject *parent, SecretStore *ledger)
{
    auto *runner = new SetupRunner(parent);
    for (const QJsonObject &km : keyManagers)
        KeyManagerSteps::add(runner, apim, http, [km] { return km; }, allowUpdate, km.value(QLatin1String("name")).toString(), ledger);
    return runner;
}

} // namespace km
