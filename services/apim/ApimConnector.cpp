#include "services/apim/ApimConnector.h"

#include "services/apim/ApimClient.h"
#include "services/core/ServiceContext.h"
#include "services/profiles/ProfileStore.h"
#include "services/secrets/SecretStore.h"

#include <QTimer>

namespace km {

ApimClient *ApimConnector::clientFor(ServiceContext *context, const ApimProfile &profile, const QString &password,
                                     const QString &dcrClientSecret, QObject *parent)
{
    context->applyPins(profile.pinnedCertificates);
    ApimCredentials creds;
    creds.baseUrl = profile.url;
    creds.username = profile.username;
    creds.password = password;
    if (!dcrClientSecret.isEmpty()) {
        creds.dcrClientId = profile.dcrClientId;
        creds.dcrClientSecret = dcrClientSecret;
    }
    auto *client = new ApimClient(context->http(), creds, parent ? parent : context);
    client->setDeclaredVersion(ApimVersion::parse(profile.apimVersion));
    const QString name = profile.name;
    QObject::connect(client, &ApimClient::registrationChanged, context, [context, name](const QString &id, const QString &secret) {
        // Cache the REST client so the next start does not register another one.
        auto stored = context->profiles()->apimProfile(name);
        if (!stored)
            return;
        stored->dcrClientId = id;
        context->profiles()->upsertApim(*stored);
        context->profiles()->noteSecretKey(SecretStore::apimDcrSecretKey(name));
        context->profiles()->save();
        context->secrets()->write(SecretStore::apimDcrSecretKey(name), secret);
    });
    return client;
}

ApimConnectJob *ApimConnector::open(ServiceContext *context, const QString &profileName, QObject *clientParent)
{
    auto *job = new ApimConnectJob(context);
    const auto profile = context->profiles()->apimProfile(profileName);
    if (!profile) {
        QStringList names;
        for (const ApimProfile &p : context->profiles()->apimProfiles())
            names << p.name;
        const ApiError e = ApiError::validation(
            ApimConnector::tr("There is no API Manager profile named “%1”").arg(profileName),
            names.isEmpty() ? ApimConnector::tr("Add one first (kmconsole-cli profile add apim NAME --url URL --username U --password-stdin).")
                            : ApimConnector::tr("Known profiles: %1.").arg(names.join(QStringLiteral(", "))),
            QStringLiteral("profile"));
        job->failLater(e);
        return job;
    }
    Job *password = context->secrets()->read(SecretStore::apimPasswordKey(profileName));
    job->track(password);
    QObject::connect(password, &Job::finished, job, [job, context, profile, clientParent](Job *p) {
        if (p->hasError()) {
            ApiError e = p->error();
            e.message = ApimConnector::tr("The password of API Manager profile “%1” is not available: %2").arg(profile->name, e.message);
            e.hint = ApimConnector::tr("Enter it again (Connect to API Manager, or re-add the profile with --password-stdin).");
            job->fail(e);
            return;
        }
        const QString pw = p->result().toString();
        auto connect = [job, context, profile, clientParent, pw](const QString &dcrSecret) {
            job->setClient(clientFor(context, *profile, pw, dcrSecret, clientParent));
            job->succeed(profile->toJson());
        };
        if (profile->dcrClientId.isEmpty()) {
            connect(QString());
            return;
        }
        Job *dcr = context->secrets()->read(SecretStore::apimDcrSecretKey(profile->name));
        job->track(dcr);
        // A missing cached client secret only means registering again.
        QObject::connect(dcr, &Job::finished, job, [connect](Job *d) { connect(d->hasError() ? QString() : d->result().toString()); });
    });
    return job;
}

Job *ApimConnector::saveProfile(ServiceContext *context, const ApimProfile &profile, const QString &password)
{
    auto *job = new FunctionJob(context);
    Job *write = context->secrets()->write(SecretStore::apimPasswordKey(profile.name), password);
    job->track(write);
    QObject::connect(write, &Job::finished, job, [job, context, profile](Job *w) {
        if (w->hasError()) {
            job->fail(w->error());
            return;
        }
        context->profiles()->upsertApim(profile);
        context->profiles()->noteSecretKey(SecretStore::apimPasswordKey(profile.name));
        if (context->profiles()->activeApimProfile().isEmpty())
            context->profiles()->setActiveApimProfile(profile.name);
        ApiError error;
        if (!context->profiles()->save(&error)) {
            job->fail(error);
            return;
        }
        QJsonObject result = w->result().toObject();
        result.insert(QStringLiteral("profile"), profile.toJson());
        job->succeed(result);
    });
    return job;
}

} // namespace km
