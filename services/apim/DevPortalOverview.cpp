#include "services/apim/DevPortalOverview.h"
#include "services/core/ConstRange.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimPaging.h"
#include "services/apim/DevPortalClient.h"
#include "services/core/Job.h"
#include "services/tokens/Jwt.h"

#include <QJsonArray>
#include <QPointer>

#include <functional>
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

Job *DevPortalOverview::load(ApimClient *apimClient, DevPortalClient *portalClient, QObject *parent)
{
    struct Load
    {
        QJsonArray keyManagers;
        QString keyManagerError;
        int keyManagersPending = 1; // the list itself
        QJsonArray applications;
        int applicationsPending = 1; // the first page
        bool failed = false;
        std::function<void(int)> listPage;
    };
    auto state = std::make_shared<Load>();
    auto *job = new FunctionJob(parent);
    QPointer<DevPortalClient> portal = portalClient;
    QPointer<ApimClient> apim = apimClient;

    auto finishIfDone = [job, state] {
        if (state->failed || state->keyManagersPending > 0 || state->applicationsPending > 0)
            return;
        state->listPage = nullptr; // breaks the lambda's reference to itself
        job->succeed(QJsonObject{{QStringLiteral("keyManagers"), state->keyManagers},
                                 {QStringLiteral("applications"), state->applications},
                                 {QStringLiteral("keyManagerError"), state->keyManagerError}});
    };
    auto fail = [job, state](const ApiError &error) {
        if (state->failed)
            return;
        state->failed = true;
        state->listPage = nullptr;
        job->fail(error);
    };

    // Key managers: names, types, and for AzureAD the token version they expect (needs the full key manager).
    Job *list = apim->listKeyManagers();
    job->track(list);
    QObject::connect(list, &Job::finished, job, [job, state, apim, finishIfDone](Job *l) {
        --state->keyManagersPending;
        if (l->hasError()) {
            // Not fatal: keys are listed without their key managers' types.
            state->keyManagerError = l->error().toUserText();
            finishIfDone();
            return;
        }
        for (const QJsonValue &v : km::constTemporary(l->result().toObject().value(QLatin1String("list")).toArray())) {
            const QJsonObject km = v.toObject();
            const int index = int(state->keyManagers.size());
            state->keyManagers.append(QJsonObject{{QStringLiteral("id"), km.value(QLatin1String("id"))},
                                                  {QStringLiteral("name"), km.value(QLatin1String("name"))},
                                                  {QStringLiteral("type"), km.value(QLatin1String("type"))},
                                                  {QStringLiteral("enabled"), km.value(QLatin1String("enabled")).toBool(true)},
                                                  {QStringLiteral("tokenVersion"), 0}});
            if (km.value(QLatin1String("type")).toString() != QLatin1String("AzureAD") || !apim)
                continue;
            ++state->keyManagersPending;
            Job *get = apim->getKeyManager(km.value(QLatin1String("id")).toString());
            job->track(get);
            QObject::connect(get, &Job::finished, job, [state, index, finishIfDone](Job *g) {
                --state->keyManagersPending;
                QJsonObject entry = state->keyManagers.at(index).toObject();
                entry.insert(QStringLiteral("tokenVersion"), g->hasError() ? 1 : entraTokenVersion(g->result().toObject()));
                state->keyManagers.replace(index, entry);
                finishIfDone();
            });
        }
        finishIfDone();
    });

    // The page function lives in `state` and holds `state` (through fail and finishIfDone): a job deleted before
    // it finished (its owner went away) breaks that cycle, or the two would keep each other alive.
    QObject::connect(job, &QObject::destroyed, [weak = std::weak_ptr<Load>(state)] {
        if (const std::shared_ptr<Load> s = weak.lock())
            s->listPage = nullptr;
    });

    // Applications, page by page, then each one's keys.
    state->listPage = [job, state, portal, finishIfDone, fail](int offset) {
        if (!portal) {
            // fail() resets state->listPage, which destroys this closure and its own copy of fail:
            // call a copy that lives on the stack.
            const auto failNow = fail; // NOLINT(performance-unnecessary-copy-initialization)
            return failNow(ApiError::cancelled());
        }
        Job *page = portal->listApplications(QString(), PageSize, offset);
        job->track(page);
        QObject::connect(page, &Job::finished, job, [job, state, portal, offset, finishIfDone, fail](Job *p) {
            if (p->hasError())
                return fail(p->error());
            const QJsonObject result = p->result().toObject();
            const QJsonArray list = result.value(QLatin1String("list")).toArray();
            for (const QJsonValue &v : list) {
                const int index = int(state->applications.size());
                state->applications.append(v.toObject());
                ++state->applicationsPending;
                Job *keys = portal->oauthKeys(v.toObject().value(QLatin1String("applicationId")).toString());
                job->track(keys);
                QObject::connect(keys, &Job::finished, job, [state, index, finishIfDone, fail](Job *k) {
                    if (k->hasError())
                        return fail(k->error());
                    --state->applicationsPending;
                    QJsonObject app = state->applications.at(index).toObject();
                    app.insert(QStringLiteral("keys"), k->result().toObject().value(QLatin1String("list")).toArray());
                    state->applications.replace(index, app);
                    finishIfDone();
                });
            }
            ApiError tooMany;
            const int next = ApimPaging::nextOffset(result, offset, PageSize, offset / PageSize + 1,
                                                    DevPortalOverview::tr("DevPortal applications"), &tooMany);
            if (tooMany)
                return fail(tooMany);
            if (next >= 0 && state->listPage) {
                state->listPage(next);
                return;
            }
            --state->applicationsPending;
            finishIfDone();
        });
    };
    state->listPage(0);
    return job;
}

} // namespace km
