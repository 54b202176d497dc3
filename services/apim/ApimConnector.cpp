#include "services/apim/ApimConnector.h"

#include "services/apim/ApimClient.h"
#include "services/core/ServiceContext.h"
#include "services/core/Tasks.h"
#include "services/profiles/ProfileStore.h"
#include "services/secrets/SecretStore.h"

#include <QJsonObject>

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

Job *ApimConnector::saveProfile(ServiceContext *context, const ApimProfile &profile, const QString &password)
{
    // Through the context: an open client of this profile is dropped with its old password.
    auto *save = context->saveProfileWithSecret(SecretStore::apimPasswordKey(profile.name), password, [profile](ProfileStore *profiles) {
        profiles->upsertApim(profile);
        if (profiles->activeApimProfile().isEmpty())
            profiles->setActiveApimProfile(profile.name);
    });
    return tasks::map(save, [profile](const QJsonValue &stored) {
        QJsonObject result = stored.toObject();
        result.insert(QStringLiteral("profile"), profile.toJson());
        return result;
    }, {}, context);
}

} // namespace km
