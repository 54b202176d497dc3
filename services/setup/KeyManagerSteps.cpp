#include "services/setup/KeyManagerSteps.h"

#include "services/apim/ApimClient.h"
#include "services/core/Job.h"
#include "services/core/Redactor.h"
#include "services/http/HttpJob.h"
#include "services/http/HttpSession.h"
#include "services/setup/JsonDiff.h"
#include "services/setup/SetupRunner.h"

#include <QJsonArray>

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

// Secret values come back masked (or not at all): compare everything else.
QJsonObject withoutSecrets(QJsonObject km)
{
    QJsonObject props = km.value(QLatin1String("additionalProperties")).toObject();
    for (const QString &key : props.keys()) {
        if (Redactor::isSecretKey(key))
            props.remove(key);
    }
    km.insert(QStringLiteral("additionalProperties"), props);
    return km;
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

QStringList KeyManagerSteps::ignoredFields()
{
    return {QStringLiteral("id"), QStringLiteral("isUsed"), QStringLiteral("isGlobal"), QStringLiteral("global"),
            QStringLiteral("tokenValidation"), QStringLiteral("claimMapping"), QStringLiteral("alias")};
}

bool KeyManagerSteps::matches(const QJsonObject &existing, const QJsonObject &payload)
{
    // Only what the payload sets matters: API Manager fills in defaults for the rest.
    QJsonObject relevant;
    const QJsonObject cleanExisting = withoutSecrets(existing);
    const QJsonObject cleanPayload = withoutSecrets(payload);
    for (auto it = cleanPayload.begin(); it != cleanPayload.end(); ++it) {
        if (cleanExisting.contains(it.key()))
            relevant.insert(it.key(), cleanExisting.value(it.key()));
    }
    return JsonDiff::diff(relevant, cleanPayload, ignoredFields()).isEmpty();
}

Job *KeyManagerSteps::findByName(ApimClient *apim, const QString &name, QObject *parent)
{
    auto *job = new FunctionJob(parent ? parent : apim);
    Job *list = apim->listKeyManagers();
    job->track(list);
    QObject::connect(list, &Job::finished, job, [job, apim, name](Job *l) {
        if (l->hasError()) {
            job->fail(l->error());
            return;
        }
        QString id;
        const QJsonArray items = l->result().toObject().value(QLatin1String("list")).toArray();
        for (const QJsonValue &v : items) {
            if (v.toObject().value(QLatin1String("name")).toString() == name)
                id = v.toObject().value(QLatin1String("id")).toString();
        }
        if (id.isEmpty()) {
            job->succeed(QJsonValue(QJsonValue::Null));
            return;
        }
        Job *get = apim->getKeyManager(id);
        job->track(get);
        QObject::connect(get, &Job::finished, job, [job](Job *g) {
            if (g->hasError())
                job->fail(g->error());
            else
                job->succeed(g->result());
        });
    });
    return job;
}

void KeyManagerSteps::add(SetupRunner *runner, ApimClient *apim, HttpSession *http, std::function<QJsonObject()> payload,
                          bool allowUpdate, const QString &label)
{
    const QString key = dataKey(label);
    const QString suffix = label.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(label);

    runner->addStep(stepId(QStringLiteral("key-manager"), label), QObject::tr("Create or update the key manager%1").arg(suffix),
                    [apim, payload, allowUpdate, key](SetupRunner *r) {
        const QJsonObject body = payload();
        const QString name = body.value(QLatin1String("name")).toString();
        Job *find = findByName(apim, name, r);
        r->trackJob(find);
        QObject::connect(find, &Job::finished, r, [r, apim, body, name, allowUpdate, key](Job *f) {
            if (f->hasError()) {
                r->stepFailed(f->error());
                return;
            }
            const QJsonObject existing = f->result().toObject();
            auto finish = [r, key, name](Job *j, const QString &what) {
                if (j->hasError()) {
                    r->stepFailed(j->error());
                    return;
                }
                r->data().insert(key, j->result().toObject());
                r->stepDone(QObject::tr("%1 key manager “%2” (id %3)").arg(what, name, j->result().toObject().value(QLatin1String("id")).toString()));
            };
            if (existing.isEmpty()) {
                if (r->isDryRun()) {
                    r->data().insert(key, body);
                    r->stepSkipped(QObject::tr("Dry run: would create key manager “%1”").arg(name));
                    return;
                }
                Job *create = apim->createKeyManager(body);
                r->trackJob(create);
                QObject::connect(create, &Job::finished, r, [finish](Job *j) { finish(j, QObject::tr("Created")); });
                return;
            }
            if (matches(existing, body)) {
                r->data().insert(key, existing);
                r->stepSkipped(QObject::tr("Key manager “%1” already has this configuration (id %2)")
                                   .arg(name, existing.value(QLatin1String("id")).toString()));
                return;
            }
            if (!allowUpdate) {
                r->stepFailed(ApiError::validation(
                    QObject::tr("A key manager named “%1” already exists with a different configuration").arg(name),
                    QObject::tr("Confirm the update on the Review page (or pass --update on the command line), or choose another name."),
                    QStringLiteral("name")));
                return;
            }
            if (r->isDryRun()) {
                r->data().insert(key, body);
                r->stepSkipped(QObject::tr("Dry run: would update key manager “%1”").arg(name));
                return;
            }
            QJsonObject update = body;
            update.insert(QStringLiteral("id"), existing.value(QLatin1String("id")));
            Job *put = apim->updateKeyManager(existing.value(QLatin1String("id")).toString(), update);
            r->trackJob(put);
            QObject::connect(put, &Job::finished, r, [finish](Job *j) { finish(j, QObject::tr("Updated")); });
        });
    });

    runner->addStep(stepId(QStringLiteral("read-back"), label), QObject::tr("Read the key manager back%1").arg(suffix),
                    [apim, payload, key](SetupRunner *r) {
        const QJsonObject saved = r->data().value(key).toObject();
        const QString id = saved.value(QLatin1String("id")).toString();
        if (r->isDryRun() || id.isEmpty()) {
            r->stepSkipped(QObject::tr("Dry run: nothing saved to read back"));
            return;
        }
        Job *get = apim->getKeyManager(id);
        r->trackJob(get);
        QObject::connect(get, &Job::finished, r, [r, payload, key](Job *g) {
            if (g->hasError()) {
                r->stepFailed(g->error());
                return;
            }
            const QJsonObject back = g->result().toObject();
            const QJsonObject wanted = payload();
            QStringList differences;
            for (const QString &field : {QStringLiteral("type"), QStringLiteral("issuer"), QStringLiteral("consumerKeyClaim"),
                                         QStringLiteral("scopesClaim")}) {
                if (wanted.contains(field) && back.value(field) != wanted.value(field))
                    differences << QObject::tr("%1 is “%2”, expected “%3”").arg(field, back.value(field).toString(), wanted.value(field).toString());
            }
            if (!differences.isEmpty()) {
                r->stepFailed(ApiError::protocol(QObject::tr("API Manager saved the key manager differently: %1").arg(differences.join(QStringLiteral("; ")))));
                return;
            }
            r->data().insert(key, back);
            r->stepDone(QObject::tr("Issuer %1, %2 enabled").arg(back.value(QLatin1String("issuer")).toString(),
                                                                  back.value(QLatin1String("enabled")).toBool(true) ? QObject::tr("key manager") : QObject::tr("key manager NOT")));
        });
    });

    runner->addStep(stepId(QStringLiteral("fetch-jwks"), label), QObject::tr("Fetch the JWKS the gateway will use%1").arg(suffix),
                    [http, payload](SetupRunner *r) {
        const QJsonObject certs = payload().value(QLatin1String("certificates")).toObject();
        if (certs.value(QLatin1String("type")).toString() != QLatin1String("JWKS")) {
            r->stepSkipped(QObject::tr("Certificates are given as PEM; no JWKS to fetch"));
            return;
        }
        const QUrl url(certs.value(QLatin1String("value")).toString());
        HttpRequest request = HttpRequest::get(url);
        request.purpose = QObject::tr("Fetch JWKS");
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
