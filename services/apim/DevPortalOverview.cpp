#include "services/apim/DevPortalOverview.h"
#include "services/core/ConstRange.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimPaging.h"
#include "services/apim/DevPortalClient.h"
#include "services/core/Job.h"
#include "services/core/Tasks.h"
#include "services/tokens/Jwt.h"

#include <QJsonArray>
#include <QPointer>

#include <algorithm>
#include <iterator>
#include <memory>

namespace km {

int DevPortalOverview::entraTokenVersion(const QJsonObject &km)
{
    const QString setting = km.value(QLatin1String("additionalProperties")).toObject()
                                .value(QLatin1String("azure_ad_requested_access_token_version")).toString();
    if (setting == QLatin1String("v2.0"))
        return 2;
    if (setting == QLatin1String("v1.0"))
        return 1;
    const int byIssuer = entraIssuerVersion(km.value(QLatin1String("issuer")).toString());
    return byIssuer ? byIssuer : 1;
}

QString PortalKeyManager::label() const
{
    return tokenVersion ? DevPortalOverview::tr("%1 (%2, v%3 tokens)").arg(name, type).arg(tokenVersion)
                        : DevPortalOverview::tr("%1 (%2)").arg(name, type);
}

QString PortalKeyManager::expectationLabel() const
{
    return DevPortalOverview::tr("%1 (expects v%2 tokens)").arg(name).arg(tokenVersion);
}

QJsonObject PortalKeyManager::toJson() const
{
    return {{QStringLiteral("id"), id}, {QStringLiteral("name"), name}, {QStringLiteral("type"), type},
            {QStringLiteral("enabled"), enabled}, {QStringLiteral("tokenVersion"), tokenVersion}};
}

PortalKeyManager PortalKeyManager::fromJson(const QJsonObject &json)
{
    PortalKeyManager km;
    km.id = json.value(QLatin1String("id")).toString();
    km.name = json.value(QLatin1String("name")).toString();
    km.type = json.value(QLatin1String("type")).toString();
    km.enabled = json.value(QLatin1String("enabled")).toBool(true);
    km.tokenVersion = json.value(QLatin1String("tokenVersion")).toInt();
    return km;
}

QList<PortalKeyManager> PortalKeyManager::entraOnly(const QList<PortalKeyManager> &keyManagers)
{
    QList<PortalKeyManager> out;
    std::copy_if(keyManagers.cbegin(), keyManagers.cend(), std::back_inserter(out), [](const PortalKeyManager &km) { return km.isEntra(); });
    return out;
}

QJsonObject DevPortalOverviewResult::toJson() const
{
    QJsonArray kms;
    for (const PortalKeyManager &km : keyManagers)
        kms.append(km.toJson());
    return {{QStringLiteral("keyManagers"), kms}, {QStringLiteral("applications"), applications},
            {QStringLiteral("keyManagerError"), keyManagerError}};
}

DevPortalOverviewResult DevPortalOverviewResult::fromJson(const QJsonValue &json)
{
    const QJsonObject o = json.toObject();
    DevPortalOverviewResult r;
    for (const QJsonValue &v : km::constTemporary(o.value(QLatin1String("keyManagers")).toArray()))
        r.keyManagers.append(PortalKeyManager::fromJson(v.toObject()));
    r.applications = o.value(QLatin1String("applications")).toArray();
    r.keyManagerError = o.value(QLatin1String("keyManagerError")).toString();
    return r;
}

namespace {

// Key managers: names, types, and for AzureAD the token version they expect (which needs the full key manager).
// A list that cannot be read is not fatal: the keys are listed without their key managers' types.
Job *keyManagersOf(const QPointer<ApimClient> &apim, QObject *parent)
{
    if (!apim)
        return tasks::failed(ApiError::cancelled(), parent);
    auto *job = new FunctionJob(parent);
    job->whenDone(apim->listKeyManagers(), [job, apim](const ApiError &error, const QJsonValue &list) {
        DevPortalOverviewResult read;
        if (error.isError()) {
            read.keyManagerError = error.toUserText();
            return job->succeed(read.toJson());
        }
        auto entries = std::make_shared<QList<PortalKeyManager>>();
        QList<tasks::Factory> reads;
        QList<int> entraIndexes;
        for (const QJsonValue &v : km::constTemporary(list.toObject().value(QLatin1String("list")).toArray())) {
            // An entry of API Manager's list (KeyManagerInfo: id, name, type, enabled) has no version yet.
            PortalKeyManager km = PortalKeyManager::fromJson(v.toObject());
            km.tokenVersion = 0;
            if (km.isEntra()) {
                entraIndexes << int(entries->size());
                reads << [apim, id = km.id]() -> Job * { return apim ? apim->getKeyManager(id) : nullptr; };
            }
            entries->append(km);
        }
        Job *versions = tasks::settled(reads, [entries, entraIndexes](int i, const ApiError &readError, const QJsonValue &full) {
            (*entries)[entraIndexes.at(i)].tokenVersion = readError.isError() ? 1 : DevPortalOverview::entraTokenVersion(full.toObject());
        }, job);
        job->whenDone(versions, [job, entries](const ApiError &, const QJsonValue &) {
            DevPortalOverviewResult done;
            done.keyManagers = *entries;
            job->succeed(done.toJson());
        });
    });
    return job;
}

// The applications, page by page, then every one's keys at once. Result: the applications, each with "keys".
Job *applicationsOf(const QPointer<DevPortalClient> &portal, QObject *parent)
{
    auto *job = new FunctionJob(parent);
    Job *pages = ApimPaging::readAll([portal](int offset) { return portal ? portal->listApplications(QString(), DevPortalOverview::PageSize, offset) : nullptr; },
                                     DevPortalOverview::PageSize, DevPortalOverview::tr("DevPortal applications"), job);
    job->whenDone(pages, [job, portal](const ApiError &error, const QJsonValue &read) {
        if (error.isError())
            return job->fail(error);
        const QJsonArray applications = read.toArray();
        QList<tasks::Factory> reads;
        for (const QJsonValue &v : applications)
            reads << [portal, id = v.toObject().value(QLatin1String("applicationId")).toString()]() -> Job * {
                return portal ? portal->oauthKeys(id) : tasks::failed(ApiError::cancelled());
            };
        job->whenDone(tasks::parallel(reads, job), [job, applications](const ApiError &keysError, const QJsonValue &keys) {
            if (keysError.isError())
                return job->fail(keysError);
            QJsonArray out;
            for (int i = 0; i < applications.size(); ++i) {
                QJsonObject app = applications.at(i).toObject();
                app.insert(QStringLiteral("keys"), keys.toArray().at(i).toObject().value(QLatin1String("list")).toArray());
                out.append(app);
            }
            job->succeed(out);
        });
    });
    return job;
}

} // namespace

Job *DevPortalOverview::load(ApimClient *apimClient, DevPortalClient *portalClient, QObject *parent)
{
    const QPointer<ApimClient> apim(apimClient);
    const QPointer<DevPortalClient> portal(portalClient);
    // Both at once; an application or its keys that cannot be read fail the overview (the key managers cannot).
    Job *both = tasks::parallel({[apim, parent] { return keyManagersOf(apim, parent); }, [portal, parent] { return applicationsOf(portal, parent); }}, parent);
    return tasks::map(both, [](const QJsonValue &read) {
        QJsonObject out = read.toArray().at(0).toObject();
        out.insert(QStringLiteral("applications"), read.toArray().at(1));
        return QJsonValue(out);
    }, {}, parent);
}

} // namespace km
