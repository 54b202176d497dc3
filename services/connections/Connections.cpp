#include "services/connections/Connections.h"

#include "services/asgardeo/AsgardeoClient.h"
#include "services/core/Job.h"
#include "services/core/ServiceContext.h"
#include "services/entra/EntraClient.h"
#include "services/entra/GraphClient.h"
#include "services/http/HttpSession.h"
#include "services/profiles/ProfileStore.h"
#include "services/secrets/SecretStore.h"

#include <QTimer>

namespace km {

Connections::Connections(ServiceContext *context)
    : QObject(context)
    , m_context(context)
{
}

Job *Connections::openAsgardeo(const QString &profile)
{
    return open(QStringLiteral("asgardeo"), profile);
}

Job *Connections::openEntra(const QString &profile)
{
    return open(QStringLiteral("entra"), profile);
}

Job *Connections::open(const QString &kind, const QString &name)
{
    auto *job = new FunctionJob(this);
    const bool asgardeo = kind == QLatin1String("asgardeo");
    QString secretKey;
    QString fingerprint;
    QString missing;
    QHash<QString, QString> pins;
    if (asgardeo) {
        const auto profile = m_context->profiles()->asgardeoProfile(name);
        if (profile) {
            secretKey = SecretStore::asgardeoSecretKey(profile->name);
            fingerprint = QStringList{profile->baseUrl.toString(), profile->organization, profile->clientId}.join(QLatin1Char('\n'));
            pins = profile->pinnedCertificates;
        } else {
            missing = Connections::tr("There is no Asgardeo profile named “%1”").arg(name);
        }
    } else {
        const auto profile = m_context->profiles()->entraProfile(name);
        if (profile) {
            secretKey = SecretStore::entraSecretKey(profile->name);
            fingerprint = QStringList{profile->loginUrl.toString(), profile->graphUrl.toString(), profile->tenant, profile->clientId}
                              .join(QLatin1Char('\n'));
            pins = profile->pinnedCertificates;
        } else {
            missing = Connections::tr("There is no Entra profile named “%1”").arg(name);
        }
    }
    if (!missing.isEmpty()) {
        const ApiError error = ApiError::validation(missing, Connections::tr("Add it (Setup, or kmconsole-cli profile add %1 …).").arg(kind), kind);
        job->failLater(error);
        return job;
    }
    const QString key = kind + QLatin1Char('/') + name;
    const auto found = m_open.constFind(key);
    if (found != m_open.constEnd() && found->client && found->fingerprint == fingerprint) {
        job->succeedLater();
        return job;
    }
    Job *read = m_context->secrets()->read(secretKey);
    job->track(read);
    const QString system = asgardeo ? QStringLiteral("Asgardeo") : QStringLiteral("Entra");
    connect(read, &Job::finished, job, [this, job, key, name, asgardeo, secretKey, fingerprint, pins, system](Job *r) {
        if (r->hasError()) {
            ApiError e = r->error();
            e.message = Connections::tr("The client secret of %1 profile “%2” could not be read from the keychain: %3").arg(system, name, e.message);
            job->fail(e);
            return;
        }
        m_context->applyPins(pins);
        Open entry;
        entry.secretKey = secretKey;
        entry.fingerprint = fingerprint;
        entry.secret = r->result().toString();
        if (asgardeo) {
            const auto profile = m_context->profiles()->asgardeoProfile(name);
            if (!profile)
                return job->fail(ApiError::cancelled());
            entry.client = new AsgardeoClient(m_context->http(), profile->baseUrl, profile->organization, profile->clientId, entry.secret, this);
        } else {
            const auto profile = m_context->profiles()->entraProfile(name);
            if (!profile)
                return job->fail(ApiError::cancelled());
            auto *entra = new EntraClient(m_context->http(), *profile, entry.secret, this);
            entry.client = entra;
            entry.graph = new GraphClient(entra, entra);
        }
        // The client made for an older version of the profile goes; holders see their QPointer empty.
        const Open previous = m_open.value(key);
        m_open.insert(key, entry);
        if (previous.client)
            previous.client->deleteLater();
        job->succeed();
    });
    return job;
}

AsgardeoClient *Connections::asgardeo(const QString &profile) const
{
    return qobject_cast<AsgardeoClient *>(m_open.value(QStringLiteral("asgardeo/") + profile).client.data());
}

EntraClient *Connections::entra(const QString &profile) const
{
    return qobject_cast<EntraClient *>(m_open.value(QStringLiteral("entra/") + profile).client.data());
}

GraphClient *Connections::graph(const QString &profile) const
{
    return m_open.value(QStringLiteral("entra/") + profile).graph.data();
}

QString Connections::asgardeoSecret(const QString &profile) const
{
    return m_open.value(QStringLiteral("asgardeo/") + profile).secret;
}

void Connections::closeBySecretKey(const QString &secretKey)
{
    m_open.removeIf([&secretKey](const auto &open) {
        if (open.value().secretKey != secretKey)
            return false;
        if (open.value().client)
            open.value().client->deleteLater();
        return true;
    });
}

} // namespace km
