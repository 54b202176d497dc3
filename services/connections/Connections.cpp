#include "services/connections/Connections.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimConnector.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/core/Job.h"
#include "services/core/ServiceContext.h"
#include "services/entra/EntraClient.h"
#include "services/entra/GraphClient.h"
#include "services/http/HttpSession.h"
#include "services/profiles/ProfileStore.h"
#include "services/secrets/SecretStore.h"


namespace km {

Connections::Connections(ServiceContext *context)
    : QObject(context)
    , m_context(context)
{
    connect(context->secrets(), &SecretStore::secretChanged, this, &Connections::closeBySecretKey);
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
    if (isOpen(key, fingerprint)) {
        job->succeedLater();
        return job;
    }
    const QString system = asgardeo ? QStringLiteral("Asgardeo") : QStringLiteral("Entra");
    job->whenDone(m_context->secrets()->read(secretKey), [this, job, key, name, asgardeo, secretKey, fingerprint, pins, system](const ApiError &error,
                                                                                                                                 const QJsonValue &secret) {
        if (error.isError()) {
            ApiError e = error;
            e.message = Connections::tr("The client secret of %1 profile “%2” could not be read from the keychain: %3").arg(system, name, e.message);
            job->fail(e);
            return;
        }
        m_context->applyPins(pins);
        Open entry;
        entry.secretKey = secretKey;
        entry.fingerprint = fingerprint;
        entry.secret = secret.toString();
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
        keep(key, entry);
        job->succeed();
    });
    return job;
}

Job *Connections::openApim(const QString &name)
{
    auto *job = new FunctionJob(this);
    const auto profile = m_context->profiles()->apimProfile(name);
    if (!profile) {
        QStringList names;
        for (const ApimProfile &p : m_context->profiles()->apimProfiles())
            names << p.name;
        const ApiError e = ApiError::validation(
            Connections::tr("There is no API Manager profile named “%1”").arg(name),
            names.isEmpty() ? Connections::tr("Add one first (kmconsole-cli profile add apim NAME --url URL --username U --password-stdin).")
                            : Connections::tr("Known profiles: %1.").arg(names.join(QStringLiteral(", "))),
            QStringLiteral("profile"));
        job->failLater(e);
        return job;
    }
    const QString key = QStringLiteral("apim/") + name;
    // The REST client it registered is not part of it: the client itself records a new registration.
    const QString fingerprint = QStringList{profile->url.toString(), profile->username, profile->apimVersion}.join(QLatin1Char('\n'));
    if (isOpen(key, fingerprint)) {
        job->succeedLater();
        return job;
    }
    const QString secretKey = SecretStore::apimPasswordKey(name);
    job->whenDone(m_context->secrets()->read(secretKey), [this, job, key, name, secretKey, fingerprint](const ApiError &error, const QJsonValue &password) {
        if (error.isError()) {
            ApiError e = error;
            e.message = Connections::tr("The password of API Manager profile “%1” is not available: %2").arg(name, e.message);
            e.hint = Connections::tr("Enter it again (Connect to API Manager, or re-add the profile with --password-stdin).");
            job->fail(e);
            return;
        }
        auto make = [this, job, key, name, secretKey, fingerprint, password = password.toString()](const QString &dcrSecret) {
            const auto profile = m_context->profiles()->apimProfile(name);
            if (!profile)
                return job->fail(ApiError::cancelled());
            Open entry;
            entry.secretKey = secretKey;
            entry.fingerprint = fingerprint;
            entry.client = ApimConnector::clientFor(m_context, *profile, password, dcrSecret, this);
            keep(key, entry);
            job->succeed();
        };
        const auto profile = m_context->profiles()->apimProfile(name);
        if (!profile || profile->dcrClientId.isEmpty())
            return make(QString());
        // A missing cached client secret only means registering again.
        job->whenDone(m_context->secrets()->read(SecretStore::apimDcrSecretKey(name)),
                      [make](const ApiError &dcrError, const QJsonValue &dcrSecret) { make(dcrError.isError() ? QString() : dcrSecret.toString()); });
    });
    return job;
}

bool Connections::isOpen(const QString &key, const QString &fingerprint) const
{
    const auto found = m_open.constFind(key);
    return found != m_open.constEnd() && found->client && found->fingerprint == fingerprint;
}

void Connections::keep(const QString &key, const Open &entry)
{
    // Holders of the client made for an older version of the profile see their QPointer empty.
    const Open previous = m_open.value(key);
    m_open.insert(key, entry);
    if (previous.client && previous.client != entry.client)
        previous.client->deleteLater();
}

ApimClient *Connections::apim(const QString &profile) const
{
    return qobject_cast<ApimClient *>(m_open.value(QStringLiteral("apim/") + profile).client.data());
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
