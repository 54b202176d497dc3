#include "services/setup/KeyManagerSteps.h"

#include "services/apim/ApimClient.h"
#include "services/apim/KeyManagerConfig.h"
#include "services/core/Job.h"
#include "services/core/Tasks.h"
#include "services/http/HttpJob.h"
#include "services/http/HttpSession.h"
#include "services/secrets/SecretStore.h"
#include "services/setup/JsonDiff.h"
#include "services/setup/SetupRunner.h"

#include <QJsonArray>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace km {

namespace {

QString dataKey(const QString &label)
{
    return label.isEmpty() ? QStringLiteral("keyManager") : QStringLiteral("keyManager-") + label;
}

QString stepId(const QString &base, const QString &label)
{
    return label.isEmpty() ? base : base + QLatin1Char('-') + label;
}

ApiError connectionClosed()
{
    return ApiError::validation(QObject::tr("The connection to API Manager was closed while the setup ran"),
                                QObject::tr("Connect to API Manager again, then press Retry."));
}

// The key-manager list is read once per run: the runner keeps it (in a property, not in its data, which callers
// print) for every key-manager step of the run (an import of N key managers, a setup of two token versions). A step
// that creates a key manager adds it; a step whose write fails drops the list, so that Retry reads it afresh.
constexpr char kListProperty[] = "kmconsole_keyManagerList";

void forgetList(SetupRunner *runner)
{
    runner->setProperty(kListProperty, QVariant());
}

void rememberCreated(SetupRunner *runner, const QJsonObject &created)
{
    const QVariant known = runner->property(kListProperty);
    if (!known.isValid() || created.value(QLatin1String("id")).toString().isEmpty())
        return;
    QJsonArray list = known.value<QJsonArray>();
    list.append(QJsonObject{{QStringLiteral("id"), created.value(QLatin1String("id"))}, {QStringLiteral("name"), created.value(QLatin1String("name"))}});
    runner->setProperty(kListProperty, QVariant::fromValue(list));
}

// The second half of a look-up by name: the key manager named `name` in `items` (a KeyManagerList's "list"),
// read in full (the list's entries carry no configuration); null when there is none.
void readNamed(FunctionJob *job, const QPointer<ApimClient> &apim, const QJsonArray &items, const QString &name)
{
    if (!apim) {
        job->fail(connectionClosed());
        return;
    }
    QString id;
    for (const QJsonValue &v : items) {
        if (v.toObject().value(QLatin1String("name")).toString() == name)
            id = v.toObject().value(QLatin1String("id")).toString();
    }
    if (id.isEmpty()) {
        job->succeed(QJsonValue(QJsonValue::Null));
        return;
    }
    job->follow(apim->getKeyManager(id));
}

// findByName with the run's list when a step before read it.
Job *findInRun(SetupRunner *runner, ApimClient *apimClient, const QString &name)
{
    const QPointer<ApimClient> apim(apimClient);
    auto *job = new FunctionJob(runner);
    const QVariant known = runner->property(kListProperty);
    if (known.isValid()) {
        QTimer::singleShot(0, job, [job, apim, items = known.value<QJsonArray>(), name] { readNamed(job, apim, items, name); });
        return job;
    }
    Job *list = apimClient->listKeyManagers();
    job->track(list);
    // The job is the runner's child: this never runs once the runner is gone.
    QObject::connect(list, &Job::finished, job, [job, runner, apim, name](Job *l) {
        if (l->hasError()) {
            job->fail(l->error());
            return;
        }
        const QJsonArray items = l->result().toObject().value(QLatin1String("list")).toArray();
        runner->setProperty(kListProperty, QVariant::fromValue(items));
        readNamed(job, apim, items, name);
    });
    return job;
}

} // namespace

void KeyManagerSteps::addDiscover(SetupRunner *runner, ApimClient *apim, const QString &id, const QString &title, const QUrl &wellKnown,
                                  const QString &type, const QString &dataKey, const QString &field, const QString &fix)
{
    runner->addStep(id, title, [apim, wellKnown, type, dataKey, field, fix](SetupRunner *r) {
        Job *discover = apim->discoverKeyManager(wellKnown, type);
        r->trackJob(discover);
        QObject::connect(discover, &Job::finished, r, [r, wellKnown, dataKey, field, fix](Job *d) {
            if (d->hasError()) {
                r->stepFailed(d->error());
                return;
            }
            const QJsonObject result = d->result().toObject();
            if (!result.value(QLatin1String("valid")).toBool()) {
                r->stepFailed(ApiError::validation(QObject::tr("API Manager could not read the discovery document at %1").arg(wellKnown.toString()),
                                                   fix, field));
                return;
            }
            const QJsonObject value = result.value(QLatin1String("value")).toObject();
            r->data().insert(dataKey, value);
            r->stepDone(QObject::tr("Issuer %1").arg(value.value(QLatin1String("issuer")).toString()));
        });
    });
}

QJsonObject KeyManagerSteps::withThirdPartyDefaults(QJsonObject keyManager)
{
    for (const char *flag : {"enableTokenGeneration", "enableMapOAuthConsumerApps", "enableOAuthAppCreation", "enableSelfValidationJWT", "enabled"})
        keyManager.insert(QLatin1String(flag), true);
    keyManager.insert(QStringLiteral("tokenType"), QStringLiteral("DIRECT"));
    return keyManager;
}

QStringList KeyManagerSteps::defaultGrantTypes(const QStringList &supported)
{
    QStringList out;
    for (const QString &grant : supported) {
        if (grant != QLatin1String("implicit") && grant != QLatin1String("password"))
            out << grant;
    }
    return out;
}

Job *KeyManagerSteps::findByName(ApimClient *apim, const QString &name, QObject *parent)
{
    auto *job = new FunctionJob(parent ? parent : apim);
    Job *list = apim->listKeyManagers();
    job->track(list);
    QObject::connect(list, &Job::finished, job, [job, apim = QPointer<ApimClient>(apim), name](Job *l) {
        if (l->hasError())
            job->fail(l->error());
        else
            readNamed(job, apim, l->result().toObject().value(QLatin1String("list")).toArray(), name);
    });
    return job;
}

QString KeyManagerSteps::pushedSecretKey(const QUrl &apim, const QString &name, const QString &field)
{
    return QStringLiteral("apim-key-manager/%1/%2/%3/pushed-sha256").arg(apim.adjusted(QUrl::RemovePath | QUrl::RemoveQuery).toString(), name, field);
}

void KeyManagerSteps::readPushedFingerprints(SecretStore *ledger, const QUrl &apim, const QString &name, const QStringList &fields, QObject *context,
                            std::function<void(QHash<QString, QString>)> done)
{
    auto found = std::make_shared<QHash<QString, QString>>();
    if (!ledger || fields.isEmpty()) {
        QTimer::singleShot(0, context, [done, found] { done(*found); });
        return;
    }
    // Every field's fingerprint at once; one that cannot be read is one that is not known.
    QList<tasks::Factory> reads;
    for (const QString &field : fields)
        reads << [ledger = QPointer<SecretStore>(ledger), key = KeyManagerSteps::pushedSecretKey(apim, name, field)]() -> Job * {
            return ledger ? ledger->read(key) : nullptr;
        };
    Job *all = tasks::settled(reads, [found, fields](int index, const ApiError &error, const QJsonValue &result) {
        if (!error.isError())
            found->insert(fields.at(index), result.toString());
    }, context);
    QObject::connect(all, &Job::finished, context, [found, done](Job *) { done(*found); });
}

void KeyManagerSteps::recordPushedFingerprints(SecretStore *ledger, const QUrl &apim, const KeyManagerConfig &sent, const QStringList &fields)
{
    if (!ledger)
        return;
    for (const QString &field : fields) {
        const QString value = sent.connector.value(field).toString();
        if (!value.isEmpty() && value != KeyManagerConfig::Masked)
            ledger->write(KeyManagerSteps::pushedSecretKey(apim, sent.name, field), KeyManagerConfig::secretFingerprint(value));
    }
}

QStringList KeyManagerSteps::secretFieldsOf(const KeyManagerConfig &config)
{
    QStringList fields;
    for (auto it = config.connector.begin(); it != config.connector.end(); ++it) {
        if (KeyManagerConfig::isMaskedProperty(config.type, it.key()))
            fields << it.key();
    }
    return fields;
}

void KeyManagerSteps::add(SetupRunner *runner, ApimClient *apimClient, HttpSession *httpSession, std::function<QJsonObject()> payload,
                          bool allowUpdate, const QString &label, SecretStore *secretLedger)
{
    const QString key = dataKey(label);
    const QString suffix = label.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(label);
    const QPointer<ApimClient> apim(apimClient);
    const QPointer<HttpSession> http(httpSession);
    const QPointer<SecretStore> ledger(secretLedger);
    // The key manager as read in full by this run's look-up, when the run then left it as it was: the read-back
    // step checks it without asking again. Empty after a create or an update, which the read-back reads anew.
    auto readUnchanged = std::make_shared<QJsonObject>();

    runner->addStep(stepId(QStringLiteral("key-manager"), label), QObject::tr("Create or update the key manager%1").arg(suffix),
                    [apim, ledger, payload, allowUpdate, key, readUnchanged](SetupRunner *r) {
        *readUnchanged = QJsonObject();
        if (!apim) {
            r->stepFailed(connectionClosed());
            return;
        }
        const KeyManagerConfig wanted = KeyManagerConfig::fromJson(payload());
        const QUrl origin = apim->baseUrl();
        const QString name = wanted.name;
        Job *find = findInRun(r, apim, name);
        r->trackJob(find);
        QObject::connect(find, &Job::finished, r, [r, apim, ledger, wanted, origin, name, allowUpdate, key, readUnchanged](Job *f) {
            if (f->hasError()) {
                forgetList(r);
                r->stepFailed(f->error());
                return;
            }
            if (!apim) {
                r->stepFailed(connectionClosed());
                return;
            }
            const QJsonObject existingJson = f->result().toObject();
            const QStringList secretFields = secretFieldsOf(wanted);
            auto saved = [r, ledger, origin, key, name](const KeyManagerConfig &sent, const QStringList &pushed, const QString &what,
                                                        SetupRunner::Outcome outcome) {
                return [r, ledger, origin, key, name, sent, pushed, what, outcome](Job *j) {
                    if (j->hasError()) {
                        forgetList(r); // the write may have happened all the same (a timeout): Retry looks again
                        r->stepFailed(j->error());
                        return;
                    }
                    recordPushedFingerprints(ledger, origin, sent, pushed);
                    // The read-back step fetches what was stored by this id (a 201 may come without a body).
                    const QJsonObject result = j->result().toObject();
                    if (outcome == SetupRunner::Outcome::Created)
                        rememberCreated(r, QJsonObject{{QStringLiteral("id"), result.value(QLatin1String("id"))}, {QStringLiteral("name"), name}});
                    r->data().insert(key, result);
                    r->noteOutcome(name, outcome);
                    r->stepDone(QObject::tr("%1 key manager “%2” (id %3)").arg(what, name, result.value(QLatin1String("id")).toString()));
                };
            };
            if (existingJson.isEmpty()) {
                if (ApiError invalid = wanted.validateForCreate(QObject::tr("the request")); invalid.isError()) {
                    r->stepFailed(invalid);
                    return;
                }
                if (r->isDryRun()) {
                    r->data().insert(key, wanted.toPayload());
                    r->stepSkipped(QObject::tr("Dry run: would create key manager “%1”").arg(name));
                    return;
                }
                Job *create = apim->createKeyManager(wanted.toPayload());
                r->trackJob(create);
                QObject::connect(create, &Job::finished, r, saved(wanted, secretFields, QObject::tr("Created"), SetupRunner::Outcome::Created));
                return;
            }
            const KeyManagerConfig existing = KeyManagerConfig::fromJson(existingJson);
            readPushedFingerprints(ledger, origin, name, secretFields, r,
                                   [r, apim, wanted, existing, existingJson, allowUpdate, key, name, saved, readUnchanged](const QHash<QString, QString> &pushed) {
                const KeyManagerComparison cmp = KeyManagerCompare::compare(wanted, existing, pushed);
                if (cmp.isSame()) {
                    r->data().insert(key, existingJson);
                    *readUnchanged = existingJson;
                    r->noteOutcome(name, SetupRunner::Outcome::AlreadyInPlace);
                    QString detail = QObject::tr("Key manager “%1” already has this configuration (id %2)").arg(name, existing.id);
                    if (!cmp.secretsKeptByServer.isEmpty())
                        detail += QObject::tr("; API Manager keeps its own %1 (it shows only “*****”), which was left as it is")
                                      .arg(cmp.secretsKeptByServer.join(QStringLiteral(", ")));
                    r->stepSkipped(detail);
                    return;
                }
                if (!cmp.updateDisabled.isEmpty()) {
                    r->stepFailed(ApiError::validation(
                        QObject::tr("Key manager “%1” exists with a different %2, which API Manager does not let change after creation")
                            .arg(name, cmp.updateDisabled.join(QStringLiteral(", "))),
                        QObject::tr("Create a new key manager under another name (for example “%1-v2”) and move the applications to it; "
                                    "the existing one keeps its value.").arg(name),
                        QStringLiteral("additionalProperties.") + cmp.updateDisabled.first()));
                    return;
                }
                if (!allowUpdate) {
                    r->stepFailed(ApiError::validation(
                        QObject::tr("A key manager named “%1” already exists with a different configuration: %2").arg(name, cmp.describe()),
                        QObject::tr("Confirm the update on the Review page (or pass --update on the command line), or choose another name."),
                        QStringLiteral("name")));
                    return;
                }
                if (r->isDryRun()) {
                    r->data().insert(key, wanted.toPayload());
                    r->stepSkipped(QObject::tr("Dry run: would update key manager “%1” (%2)").arg(name, cmp.describe()));
                    return;
                }
                if (!apim) {
                    r->stepFailed(connectionClosed());
                    return;
                }
                Job *put = apim->updateKeyManager(existing.id, KeyManagerCompare::updatePayload(wanted, existing, cmp));
                r->trackJob(put);
                QObject::connect(put, &Job::finished, r, saved(wanted, cmp.secretsChanged, QObject::tr("Updated (%1)").arg(cmp.describe()), SetupRunner::Outcome::Updated));
            });
        });
    });

    runner->addStep(stepId(QStringLiteral("read-back"), label), QObject::tr("Read the key manager back%1").arg(suffix),
                    [apim, payload, key, readUnchanged](SetupRunner *r) {
        const QJsonObject saved = r->data().value(key).toObject();
        const QString id = saved.value(QLatin1String("id")).toString();
        if (r->isDryRun() || id.isEmpty()) {
            r->stepSkipped(QObject::tr("Dry run: nothing saved to read back"));
            return;
        }
        if (!apim) {
            r->stepFailed(connectionClosed());
            return;
        }
        const KeyManagerConfig wanted = KeyManagerConfig::fromJson(payload());
        const auto check = [r, wanted, key](const QJsonObject &backJson) {
            const KeyManagerConfig back = KeyManagerConfig::fromJson(backJson);
            // API Manager answers 201 even when it stored something its connector cannot use: what the
            // gateway and the connector read is what a GET returns, so that is what is checked.
            const QStringList missing = back.missingRequiredEndpoints();
            if (!missing.isEmpty()) {
                ApiError e = ApiError::protocol(QObject::tr("API Manager stored key manager “%1” without %2: its connector reads them from there, "
                                                            "so it cannot get tokens or create applications")
                                                    .arg(wanted.name, missing.join(QStringLiteral(", "))));
                e.hint = QObject::tr("Edit the key manager in the Admin Portal and fill in its endpoints, or run the setup again with Update confirmed.");
                r->stepFailed(e);
                return;
            }
            KeyManagerConfig owned = wanted;
            // Secrets come back masked; what counts here is where the configuration landed.
            for (const QString &field : secretFieldsOf(wanted))
                owned.connector.remove(field);
            owned.displayName.clear();
            owned.description.clear();
            owned.flags.clear();
            const KeyManagerComparison cmp = KeyManagerCompare::compare(owned, back);
            if (!cmp.differences.isEmpty()) {
                QStringList differences;
                for (const JsonChange &c : cmp.differences)
                    differences << QObject::tr("%1 is “%2”, expected “%3”").arg(c.path, c.before.toVariant().toString(), c.after.toVariant().toString());
                r->stepFailed(ApiError::protocol(QObject::tr("API Manager saved the key manager differently: %1").arg(differences.join(QStringLiteral("; ")))));
                return;
            }
            r->data().insert(key, backJson);
            r->stepDone(QObject::tr("Issuer %1, %2 enabled").arg(back.issuer, back.flags.value(QStringLiteral("enabled"), true) ? QObject::tr("key manager") : QObject::tr("key manager NOT")));
        };
        // Left as it was a moment ago by this run: what its look-up read is what a GET would return now.
        if (readUnchanged->value(QLatin1String("id")).toString() == id) {
            QTimer::singleShot(0, r, [check, back = *readUnchanged] { check(back); });
            return;
        }
        Job *get = apim->getKeyManager(id);
        r->trackJob(get);
        QObject::connect(get, &Job::finished, r, [r, check](Job *g) {
            if (g->hasError()) {
                r->stepFailed(g->error());
                return;
            }
            check(g->result().toObject());
        });
    });

    runner->addStep(stepId(QStringLiteral("fetch-jwks"), label), QObject::tr("Fetch the JWKS the gateway will use%1").arg(suffix),
                    [http, payload](SetupRunner *r) {
        const KeyManagerConfig wanted = KeyManagerConfig::fromJson(payload());
        if (wanted.certificateType != QLatin1String("JWKS")) {
            r->stepSkipped(QObject::tr("Certificates are given as PEM; no JWKS to fetch"));
            return;
        }
        if (!http) {
            r->stepFailed(connectionClosed());
            return;
        }
        const QUrl url(wanted.certificateValue);
        HttpRequest request = HttpRequest::get(url);
        request.purpose = QObject::tr("Fetch JWKS");
        request.system = QObject::tr("The identity provider's JWKS endpoint");
        request.errorFormat = parseGenericError; // any provider's JWKS endpoint: no one vendor's format
        HttpJob *job = http->send(request, r);
        r->trackJob(job);
        QObject::connect(job, &Job::finished, r, [r, url](Job *j) {
            if (j->hasError()) {
                ApiError e = j->error();
                e.message = QObject::tr("The JWKS at %1 could not be fetched: %2").arg(url.toString(), e.message);
                e.hint = QObject::tr("The gateway needs it to validate tokens; check the JWKS URL on the key manager page.");
                r->stepFailed(e);
                return;
            }
            const QJsonArray keys = j->result().toObject().value(QLatin1String("keys")).toArray();
            if (keys.isEmpty()) {
                r->stepFailed(ApiError::protocol(QObject::tr("The JWKS at %1 holds no keys: tokens could not be validated").arg(url.toString()), url));
                return;
            }
            QStringList kids;
            for (const QJsonValue &k : keys)
                kids << k.toObject().value(QLatin1String("kid")).toString();
            r->stepDone(QObject::tr("%n signing key(s): %1", nullptr, int(keys.size())).arg(kids.join(QStringLiteral(", "))));
        });
    });
}

} // namespace km
