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
    // The job is the runner's child: this never runs once the runner is gone.
    job->whenDone(apimClient->listKeyManagers(), [job, runner, apim, name](const ApiError &error, const QJsonValue &list) {
        if (error.isError())
            return job->fail(error);
        const QJsonArray items = list.toObject().value(QLatin1String("list")).toArray();
        runner->setProperty(kListProperty, QVariant::fromValue(items));
        readNamed(job, apim, items, name);
    });
    return job;
}

} // namespace

void KeyManagerSteps::addDiscover(SetupRunner *runner, ApimClient *apim, const QString &id, const QString &title, const QUrl &wellKnown,
                                  const QString &type, const QString &dataKey, const QString &field, const QString &fix)
{
    runner->addStep(id, title, [apim = QPointer<ApimClient>(apim), wellKnown, type, dataKey, field, fix](SetupRunner *r) {
        if (!apim)
            return r->stepFailed(connectionClosed());
        r->whenSucceeded(apim->discoverKeyManager(wellKnown, type), [r, wellKnown, dataKey, field, fix](const QJsonValue &discovered) {
            const QJsonObject result = discovered.toObject();
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
    job->whenDone(apim->listKeyManagers(), [job, apim = QPointer<ApimClient>(apim), name](const ApiError &error, const QJsonValue &list) {
        if (error.isError())
            job->fail(error);
        else
            readNamed(job, apim, list.toObject().value(QLatin1String("list")).toArray(), name);
    });
    return job;
}

QString KeyManagerSteps::pushedSecretKey(const QUrl &apim, const QString &name, const QString &field)
{
    return QStringLiteral("apim-key-manager/%1/%2/%3/pushed-sha256").arg(apim.adjusted(QUrl::RemovePath | QUrl::RemoveQuery).toString(), name, field);
}

Job *KeyManagerSteps::readPushedFingerprints(SecretStore *ledger, const QUrl &apim, const QString &name, const QStringList &fields, QObject *parent)
{
    auto found = std::make_shared<QJsonObject>();
    // Every field's fingerprint at once; one that cannot be read is one that is not known.
    QList<tasks::Factory> reads;
    for (const QString &field : fields)
        reads << [ledger = QPointer<SecretStore>(ledger), key = KeyManagerSteps::pushedSecretKey(apim, name, field)]() -> Job * {
            return ledger ? ledger->read(key) : nullptr;
        };
    Job *all = tasks::settled(ledger ? reads : QList<tasks::Factory>(), [found, fields](int index, const ApiError &error, const QJsonValue &result) {
        if (!error.isError())
            found->insert(fields.at(index), result.toString());
    }, parent);
    return tasks::map(all, [found](const QJsonValue &) { return QJsonValue(*found); }, {}, parent);
}

QHash<QString, QString> KeyManagerSteps::fingerprintsFrom(const QJsonValue &read)
{
    QHash<QString, QString> out;
    const QJsonObject object = read.toObject();
    for (auto it = object.begin(); it != object.end(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
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
        r->whenDone(findInRun(r, apim, name), [r, apim, ledger, wanted, origin, name, allowUpdate, key, readUnchanged](const ApiError &findError,
                                                                                                                       const QJsonValue &found) {
            if (findError.isError()) {
                forgetList(r);
                r->stepFailed(findError);
                return;
            }
            if (!apim) {
                r->stepFailed(connectionClosed());
                return;
            }
            const QJsonObject existingJson = found.toObject();
            const QStringList secretFields = secretFieldsOf(wanted);
            // Sends the write and finishes the step with its outcome.
            auto save = [r, ledger, origin, key, name](Job *write, const KeyManagerConfig &sent, const QStringList &pushed, const QString &what,
                                                       SetupRunner::Outcome outcome) {
                r->whenDone(write, [r, ledger, origin, key, name, sent, pushed, what, outcome](const ApiError &error, const QJsonValue &written) {
                    if (error.isError()) {
                        forgetList(r); // the write may have happened all the same (a timeout): Retry looks again
                        r->stepFailed(error);
                        return;
                    }
                    recordPushedFingerprints(ledger, origin, sent, pushed);
                    // The read-back step fetches what was stored by this id (a 201 may come without a body).
                    const QJsonObject result = written.toObject();
                    if (outcome == SetupRunner::Outcome::Created)
                        rememberCreated(r, QJsonObject{{QStringLiteral("id"), result.value(QLatin1String("id"))}, {QStringLiteral("name"), name}});
                    r->data().insert(key, result);
                    r->noteOutcome(name, outcome);
                    r->stepDone(QObject::tr("%1 key manager “%2” (id %3)").arg(what, name, result.value(QLatin1String("id")).toString()));
                });
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
                save(apim->createKeyManager(wanted.toPayload()), wanted, secretFields, QObject::tr("Created"), SetupRunner::Outcome::Created);
                return;
            }
            const KeyManagerConfig existing = KeyManagerConfig::fromJson(existingJson);
            r->whenSucceeded(readPushedFingerprints(ledger, origin, name, secretFields, r),
                             [r, apim, wanted, existing, existingJson, allowUpdate, key, name, save, readUnchanged](const QJsonValue &pushed) {
                const KeyManagerComparison cmp = KeyManagerCompare::compare(wanted, existing, fingerprintsFrom(pushed));
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
                save(apim->updateKeyManager(existing.id, KeyManagerCompare::updatePayload(wanted, existing, cmp)), wanted, cmp.secretsChanged,
                     QObject::tr("Updated (%1)").arg(cmp.describe()), SetupRunner::Outcome::Updated);
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
        const bool unchanged = readUnchanged->value(QLatin1String("id")).toString() == id;
        r->whenSucceeded(unchanged ? tasks::done(*readUnchanged, r) : apim->getKeyManager(id), [check](const QJsonValue &back) { check(back.toObject()); });
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
        r->whenDone(http->send(request, r), [r, url](const ApiError &error, const QJsonValue &jwks) {
            if (error.isError()) {
                ApiError e = error;
                e.message = QObject::tr("The JWKS at %1 could not be fetched: %2").arg(url.toString(), e.message);
                e.hint = QObject::tr("The gateway needs it to validate tokens; check the JWKS URL on the key manager page.");
                r->stepFailed(e);
                return;
            }
            const QJsonArray keys = jwks.toObject().value(QLatin1String("keys")).toArray();
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
