#include "services/export/KeyManagerPlan.h"
#include "services/core/ConstRange.h"

#include "services/apim/ResidentKeyManager.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ConnectorSettings.h"
#include "services/connections/Connections.h"
#include "services/core/ServiceContext.h"
#include "services/core/Tasks.h"
#include "services/export/KeyManagerExport.h"
#include "services/secrets/SecretStore.h"
#include "services/setup/KeyManagerSteps.h"
#include "services/setup/SetupRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QSet>

#include <memory>

namespace km {

namespace {

// The `keyManagers` of an export document.
QList<QJsonObject> keyManagersOf(const QJsonValue &document)
{
    QList<QJsonObject> out;
    for (const QJsonValue &v : km::constTemporary(document.toObject().value(QLatin1String("keyManagers")).toArray()))
        out << v.toObject();
    return out;
}

// Opens the API Manager profile (the shared connection) in `job`, then calls `next` with its client.
void withApim(PlanJob *job, ServiceContext *context, const QString &profile, const std::function<void(ApimClient *)> &next)
{
    Connections *connections = context->connections();
    job->whenDone(connections->openApim(profile), [job, connections = QPointer<Connections>(connections), profile, next](const ApiError &error, const QJsonValue &) {
        if (error.isError())
            return job->fail(error);
        ApimClient *apim = connections ? connections->apim(profile) : nullptr;
        if (!apim)
            return job->fail(ApiError::cancelled());
        next(apim);
    });
}

QString valueInWords(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool: return KeyManagerPlan::tr("the boolean %1").arg(v.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
    case QJsonValue::Double: return KeyManagerPlan::tr("the number %1").arg(v.toDouble());
    case QJsonValue::Array: return QStringLiteral("a list");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Null: return QStringLiteral("null");
    default: return QStringLiteral("“%1”").arg(v.toString());
    }
}

} // namespace

void PlanJob::followPlan(PlanJob *inner, const std::function<bool(const KeyManagerChange &)> &keep)
{
    whenDone(inner, [this, plan = QPointer<PlanJob>(inner), keep](const ApiError &error, const QJsonValue &result) {
        if (error.isError())
            return fail(error);
        if (!plan)
            return fail(ApiError::cancelled());
        if (!keep) {
            setChanges(plan->changes());
            return succeed(result);
        }
        QList<KeyManagerChange> kept;
        for (const KeyManagerChange &c : plan->changes()) {
            if (keep(c))
                kept << c;
        }
        setChanges(kept);
        succeed(KeyManagerPlan::toJson(kept));
    });
}

QString KeyManagerChange::actionName(Action action)
{
    switch (action) {
    case Action::Create: return QStringLiteral("create");
    case Action::Update: return QStringLiteral("update");
    case Action::Unchanged: return QStringLiteral("unchanged");
    case Action::OnlyOnServer: return QStringLiteral("only-on-server");
    }
    return QString();
}

QJsonObject KeyManagerChange::Field::toJson() const
{
    if (secret)
        return {{QStringLiteral("field"), field}, {QStringLiteral("secret"), true}};
    return {{QStringLiteral("field"), field}, {QStringLiteral("from"), from}, {QStringLiteral("to"), to}};
}

QList<KeyManagerChange::Field> KeyManagerChange::fields() const
{
    QList<Field> out;
    for (const JsonChange &c : comparison.differences) {
        const QString key = c.path.startsWith(QLatin1String("additionalProperties.")) ? c.path.mid(21) : QString();
        if (!key.isEmpty() && KeyManagerConfig::isMaskedProperty(type, key)) {
            out.append(Field{c.path, true, {}, {}});
            continue;
        }
        out.append(Field{c.path, false, c.before.isUndefined() ? QJsonValue(QJsonValue::Null) : c.before, c.after});
    }
    for (const QString &s : comparison.secretsChanged)
        out.append(Field{QStringLiteral("additionalProperties.") + s, true, {}, {}});
    return out;
}

QJsonArray KeyManagerChange::fieldsJson() const
{
    QJsonArray out;
    for (const Field &f : fields())
        out.append(f.toJson());
    return out;
}

ApiError KeyManagerPlan::checkAgainstSettings(const QList<QJsonObject> &wanted, const QJsonObject &settings, const QUrl &apim)
{
    const ConnectorSettings connectors = ConnectorSettings::fromSettings(settings);
    for (const QJsonObject &json : wanted) {
        const KeyManagerConfig km = KeyManagerConfig::fromJson(json);
        const ConnectorType *type = connectors.find(km.type);
        if (!type)
            return ApiError::validation(
                KeyManagerPlan::tr("Key manager “%1” is of type %2, which API Manager at %3 does not support: no connector of that type is installed there "
                                   "(it has %4)").arg(km.name, km.type, apim.toString(), connectors.creatableTypes().join(QStringLiteral(", "))),
                KeyManagerPlan::tr("Install the %1 connector in that API Manager (repository/components/dropins, then restart it), or leave this "
                                   "key manager out of the file. Nothing was changed.").arg(km.type),
                QStringLiteral("type"));
        for (auto it = km.connector.begin(); it != km.connector.end(); ++it) {
            const ConnectorField *field = type->field(it.key());
            if (!field)
                continue; // a value the connector does not declare is kept as it is (a newer connector's)
            const QString why = field->misfit(it.value());
            if (!why.isEmpty())
                return ApiError::validation(
                    KeyManagerPlan::tr("Key manager “%1”: the %2 connector's field %3 (“%4”) %5; the file has %6")
                        .arg(km.name, km.type, it.key(), field->label, why,
                             KeyManagerConfig::isMaskedProperty(km.type, it.key()) ? KeyManagerPlan::tr("a value of another type") : valueInWords(it.value())),
                    KeyManagerPlan::tr("Correct additionalProperties.%1 in the file (or export it again from the source API Manager). Nothing was changed.").arg(it.key()),
                    QStringLiteral("additionalProperties.") + it.key());
        }
    }
    return ApiError();
}

PlanJob *KeyManagerPlan::plan(ApimClient *apimClient, const QList<QJsonObject> &wanted, QObject *parent, SecretStore *secretLedger)
{
    auto *job = new PlanJob(parent);
    const QPointer<ApimClient> apim(apimClient);
    const QPointer<SecretStore> ledger(secretLedger);
    const QUrl origin = apimClient->baseUrl();
    auto changes = std::make_shared<QList<KeyManagerChange>>();
    // One key manager of the file that the server has too: its full configuration and the fingerprints of the
    // secrets last pushed to it, read at once, then compared into changes[index]. Every job of the plan is the
    // plan's: none outlives it.
    const auto compareOne = [job, apim, ledger, origin, changes](int index, const KeyManagerConfig &config) -> Job * {
        auto *one = new FunctionJob(job);
        Job *reads = tasks::parallel({[apim, id = changes->at(index).id]() -> Job * {
                                          return apim ? apim->getKeyManager(id) : tasks::failed(ApiError::cancelled());
                                      },
                                      [job, ledger, origin, config] {
                                          return KeyManagerSteps::readPushedFingerprints(ledger, origin, config.name,
                                                                                         KeyManagerSteps::secretFieldsOf(config), job);
                                      }},
                                     one);
        one->whenDone(reads, [one, changes, index, config](const ApiError &error, const QJsonValue &read) {
            if (error.isError())
                return one->fail(error);
            const KeyManagerConfig existing = KeyManagerConfig::fromJson(read.toArray().at(0).toObject());
            const KeyManagerComparison cmp = KeyManagerCompare::compare(config, existing, KeyManagerSteps::fingerprintsFrom(read.toArray().at(1)));
            if (!cmp.updateDisabled.isEmpty())
                return one->fail(ApiError::validation(
                    KeyManagerPlan::tr("Key manager “%1” exists with a different %2, which API Manager does not let change after creation")
                        .arg(config.name, cmp.updateDisabled.join(QStringLiteral(", "))),
                    KeyManagerPlan::tr("Give the key manager another name in the file (a new one is created) or keep the server's value. "
                                       "Nothing was changed."),
                    QStringLiteral("additionalProperties.") + cmp.updateDisabled.first()));
            KeyManagerChange &change = (*changes)[index];
            change.comparison = cmp;
            change.action = cmp.isSame() ? KeyManagerChange::Action::Unchanged : KeyManagerChange::Action::Update;
            if (!cmp.isSame())
                change.payload = KeyManagerCompare::updatePayload(config, existing, cmp);
            one->succeed();
        });
        return one;
    };
    Job *flow = tasks::sequence({
        [apim](const QJsonValue &) -> Job * { return apim ? apim->settings() : tasks::failed(ApiError::cancelled()); },
        [apim, origin, wanted](const QJsonValue &settings) -> Job * {
            if (ApiError invalid = checkAgainstSettings(wanted, settings.toObject(), origin); invalid.isError())
                return tasks::failed(invalid);
            return apim ? apim->listKeyManagers() : tasks::failed(ApiError::cancelled());
        },
        [job, wanted, changes, compareOne](const QJsonValue &list) -> Job * {
            QHash<QString, QPair<QString, QString>> onServer; // name → (id, type)
            QStringList serverOrder;
            for (const QJsonValue &v : km::constTemporary(list.toObject().value(QLatin1String("list")).toArray())) {
                const QJsonObject info = v.toObject();
                const QString name = info.value(QLatin1String("name")).toString();
                onServer.insert(name, {info.value(QLatin1String("id")).toString(), info.value(QLatin1String("type")).toString()});
                serverOrder << name;
            }
            QSet<QString> named;
            QList<tasks::Factory> reads;
            for (const QJsonObject &json : wanted) {
                KeyManagerChange change;
                const KeyManagerConfig config = KeyManagerConfig::fromJson(json);
                if (ApiError refused = ResidentKeyManager::refuseDisableFromFile(config.name, config.type, config.flags.value(QStringLiteral("enabled"), true));
                    refused.isError())
                    return tasks::failed(refused);
                change.name = config.name;
                change.type = config.type;
                named.insert(config.name);
                if (!onServer.contains(config.name)) {
                    if (ApiError invalid = config.validateForCreate(KeyManagerPlan::tr("the file")); invalid.isError())
                        return tasks::failed(invalid);
                    change.action = KeyManagerChange::Action::Create;
                    change.payload = config.toPayload();
                } else {
                    change.id = onServer.value(config.name).first;
                    reads << [compareOne, index = int(changes->size()), config] { return compareOne(index, config); };
                }
                changes->append(change);
            }
            // The Resident Key Manager comes with every API Manager: never a difference.
            for (const QString &name : std::as_const(serverOrder)) {
                if (named.contains(name) || onServer.value(name).second == QLatin1String("default"))
                    continue;
                KeyManagerChange change;
                change.action = KeyManagerChange::Action::OnlyOnServer;
                change.name = name;
                change.type = onServer.value(name).second;
                change.id = onServer.value(name).first;
                changes->append(change);
            }
            return tasks::parallel(reads, job);
        },
    }, job);
    job->whenDone(flow, [job, changes](const ApiError &error, const QJsonValue &) {
        if (error.isError())
            return job->fail(error);
        job->setChanges(*changes);
        job->succeed(toJson(*changes));
    });
    return job;
}

PlanJob *KeyManagerPlan::planDocument(ServiceContext *context, ApimClient *apimClient, const QJsonObject &document, bool allowElsewhere,
                                      QObject *parent)
{
    auto *job = new PlanJob(parent);
    const QPointer<ApimClient> apim(apimClient);
    const QPointer<ServiceContext> services(context);
    Job *secrets = KeyManagerExport::resolveSecrets(context, document, allowElsewhere, job);
    job->whenDone(secrets, [job, apim, services](const ApiError &error, const QJsonValue &resolved) {
        if (error.isError())
            return job->fail(error);
        if (!apim || !services)
            return job->fail(ApiError::cancelled());
        const QList<QJsonObject> keyManagers = keyManagersOf(resolved);
        job->followPlan(plan(apim, keyManagers, job, services->secrets()));
    });
    return job;
}

PlanJob *KeyManagerPlan::compareEnvironments(ServiceContext *context, ApimClient *source, const QString &against, QObject *parent)
{
    auto *job = new PlanJob(parent);
    const QPointer<ServiceContext> services(context);
    Job *exported = KeyManagerExport::exportKeyManagers(context, source, source->baseUrl(), {}, job);
    job->whenDone(exported, [job, services, against](const ApiError &error, const QJsonValue &document) {
        if (error.isError())
            return job->fail(error);
        if (!services)
            return job->fail(ApiError::cancelled());
        const QList<QJsonObject> keyManagers = keyManagersOf(document);
        withApim(job, services, against, [job, keyManagers](ApimClient *apim) { job->followPlan(plan(apim, keyManagers, job)); });
    });
    return job;
}

PlanJob *KeyManagerPlan::compareProfiles(ServiceContext *context, const QString &profile, const QString &against, QObject *parent)
{
    auto *job = new PlanJob(parent);
    if (profile == against) {
        const ApiError error = ApiError::validation(KeyManagerPlan::tr("Choose two different API Manager profiles to compare; both are “%1”.").arg(profile));
        job->failLater(error);
        return job;
    }
    const QPointer<ServiceContext> services(context);
    withApim(job, context, profile, [job, services, against](ApimClient *apim) {
        if (!services)
            return job->fail(ApiError::cancelled());
        job->followPlan(compareEnvironments(services, apim, against, job));
    });
    return job;
}

QString KeyManagerPlan::differenceStatus(KeyManagerChange::Action action)
{
    switch (action) {
    case KeyManagerChange::Action::Create: return QStringLiteral("only-in-profile");
    case KeyManagerChange::Action::OnlyOnServer: return QStringLiteral("only-in-against");
    case KeyManagerChange::Action::Update: return QStringLiteral("differs");
    case KeyManagerChange::Action::Unchanged: break;
    }
    return QStringLiteral("same");
}

QJsonObject KeyManagerPlan::differenceJson(const QList<KeyManagerChange> &changes, const QString &profile, const QString &against)
{
    QJsonArray out;
    bool differ = false;
    for (const KeyManagerChange &c : changes) {
        const QString status = differenceStatus(c.action);
        differ = differ || c.action != KeyManagerChange::Action::Unchanged;
        QJsonArray fields;
        for (const KeyManagerChange::Field &f : c.fields()) {
            if (f.secret)
                fields.append(f.toJson());
            else
                fields.append(QJsonObject{{QStringLiteral("field"), f.field}, {profile, f.to}, {against, f.from}});
        }
        out.append(QJsonObject{{QStringLiteral("keyManager"), c.name}, {QStringLiteral("type"), c.type},
                               {QStringLiteral("status"), status}, {QStringLiteral("fields"), fields}});
    }
    return QJsonObject{{QStringLiteral("profile"), profile}, {QStringLiteral("against"), against},
                       {QStringLiteral("differ"), differ}, {QStringLiteral("keyManagers"), out}};
}

QString KeyManagerPlan::valueText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isNull() || v.isUndefined())
        return KeyManagerPlan::tr("(not set)");
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return QString::number(v.toDouble());
    return QString::fromUtf8(v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                         : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
}

QJsonObject KeyManagerPlan::toJson(const QList<KeyManagerChange> &changes)
{
    QJsonArray out;
    for (const KeyManagerChange &c : changes)
        out.append(QJsonObject{{QStringLiteral("keyManager"), c.name},
                               {QStringLiteral("type"), c.type},
                               {QStringLiteral("action"), KeyManagerChange::actionName(c.action)},
                               {QStringLiteral("fields"), c.fieldsJson()}});
    return QJsonObject{{QStringLiteral("changes"), out}};
}

bool KeyManagerPlan::hasWork(const QList<KeyManagerChange> &changes)
{
    for (const KeyManagerChange &c : changes) {
        if (c.action == KeyManagerChange::Action::Create || c.action == KeyManagerChange::Action::Update)
            return true;
    }
    return false;
}

SetupRunner *KeyManagerPlan::createApplyRunner(ApimClient *apimClient, const QList<KeyManagerChange> &changes, QObject *parent,
                                               SecretStore *secretLedger, const QStringList &selected)
{
    auto *runner = new SetupRunner(parent);
    const QPointer<ApimClient> apim(apimClient);
    const QPointer<SecretStore> ledger(secretLedger);
    const QUrl origin = apimClient->baseUrl();
    for (const KeyManagerChange &change : changes) {
        const bool create = change.action == KeyManagerChange::Action::Create;
        if ((!create && change.action != KeyManagerChange::Action::Update) || (!selected.isEmpty() && !selected.contains(change.name)))
            continue;
        const QString title = create ? KeyManagerPlan::tr("Create key manager “%1”").arg(change.name)
                                     : KeyManagerPlan::tr("Update key manager “%1” (%2)").arg(change.name, change.comparison.describe());
        runner->addStep((create ? QStringLiteral("create-") : QStringLiteral("update-")) + change.name, title,
                        [apim, ledger, origin, change, create](SetupRunner *r) {
            if (!apim) {
                r->stepFailed(ApiError::validation(KeyManagerPlan::tr("The connection to API Manager was closed"),
                                                   KeyManagerPlan::tr("Connect again and apply the plan again; what was done is not repeated.")));
                return;
            }
            Job *save = create ? apim->createKeyManager(change.payload) : apim->updateKeyManager(change.id, change.payload);
            r->whenSucceeded(save, [r, ledger, origin, change, create](const QJsonValue &saved) {
                const KeyManagerConfig sent = KeyManagerConfig::fromJson(change.payload);
                KeyManagerSteps::recordPushedFingerprints(ledger, origin, sent,
                                                          create ? KeyManagerSteps::secretFieldsOf(sent) : change.comparison.secretsChanged);
                const QString id = saved.toObject().value(QLatin1String("id")).toString(change.id);
                r->data().insert(QStringLiteral("keyManager-") + change.name, id);
                r->stepDone(create ? KeyManagerPlan::tr("created key manager “%1” (id %2)").arg(change.name, id)
                                   : KeyManagerPlan::tr("updated key manager “%1” (id %2)").arg(change.name, id));
            });
        });
    }
    return runner;
}

} // namespace km
