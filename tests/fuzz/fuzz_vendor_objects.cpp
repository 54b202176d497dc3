// libFuzzer: the vendors' objects as the console reads them into its value types, and the console's own
// conclusions about them: DevPortal applications with their keys and key managers (DevPortalApplication,
// DevPortalOverviewResult), Microsoft Graph's applications with their secrets and the check of them
// (EntraApplication, EntraAppCheckResult), Asgardeo's API resources with their scopes (AsgardeoApiResource), and
// API Manager's scopes as the console gathers them and compares them with Asgardeo (PublisherScopes,
// ScopeCoverageResult). Any JSON must read into a value without a crash, and what the console writes back from a
// value must read back as that value.

#include "FuzzSupport.h"

#include "services/apim/DevPortalApplication.h"
#include "services/apim/DevPortalOverview.h"
#include "services/apim/PublisherScope.h"
#include "services/asgardeo/AsgardeoApiResource.h"
#include "services/asgardeo/ScopeCoverage.h"
#include "services/entra/EntraAppCheck.h"
#include "services/entra/EntraApplication.h"

#include <QDateTime>
#include <QJsonArray>

using namespace km;

KM_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument doc = QJsonDocument::fromJson(fuzz::bytes(data, size));
    const QJsonObject object = doc.object();
    // A list under any of the vendors' keys, a bare array, or one object.
    QJsonArray items = doc.isArray() ? doc.array() : QJsonArray{object};
    for (const char *key : {"list", "applications", "value", "apiResources"}) {
        if (object.value(QLatin1String(key)).isArray())
            items = object.value(QLatin1String(key)).toArray();
    }

    for (const DevPortalApplication &app : DevPortalApplication::listFromJson(items)) {
        for (const DevPortalKey &key : app.keys)
            (void)key.isUsable();
    }

    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
    for (const EntraApplication &app : EntraApplication::listFromGraph(items)) {
        const QJsonObject summary = app.toSummary(now);
        fuzz::require(summary.value(QLatin1String("appId")).toString() == app.appId, "an Entra summary names its application");
        fuzz::require(EntraAppSummary::fromJson(summary).toJson() == summary, "an Entra summary reads back as the value it was written from");
        const EntraAppCheckResult checked{app.summary(now), 2, EntraAppCheck::findings(app, 2, now)};
        fuzz::require(EntraAppCheckResult::fromJson(checked.toJson()).toJson() == checked.toJson(), "an application check reads back as itself");
        fuzz::require(checked.ok() == checked.errorIds().isEmpty(), "a check is ok exactly when no finding is an error");
        fuzz::require(app.tokenVersion() == 1 || app.tokenVersion() == 2, "Entra issues v1 or v2 tokens");
        (void)app.identifierUriPatch();
        (void)app.tokenVersionPatch(2);
        (void)app.secretLimit();
    }

    QList<AsgardeoApiResource> resources = AsgardeoApiResource::listFromJson(object);
    for (const QJsonValue &v : std::as_const(items))
        resources.append(AsgardeoApiResource::fromJson(v));
    for (const AsgardeoApiResource &resource : std::as_const(resources)) {
        const AsgardeoApiResource again = AsgardeoApiResource::fromJson(resource.toJson());
        fuzz::require(again.toJson() == resource.toJson(), "an API resource reads back as the value it was written from");
        fuzz::require(resource.isNull() || !resource.id.isEmpty(), "a resource that is not null has an id");
        fuzz::require(resource.scopeNames().size() == resource.scopes.size() && !resource.scopeNames().contains(QString()),
                      "every scope of a resource has a name");
    }

    for (const QJsonValue &v : std::as_const(items)) {
        const PublisherScope scope = PublisherScope::fromPublisher(v.toObject(), true);
        fuzz::require(PublisherScope::fromJson(scope.toJson()).toJson() == scope.toJson(), "a Publisher scope reads back as the value it was written from");
    }
    const PublisherScopes scopes = PublisherScopes::fromJson(object);
    fuzz::require(PublisherScopes::fromJson(scopes.toJson()).toJson() == scopes.toJson(), "the Publisher's scopes read back as the value they were written from");
    const EntraAppCheckResult check = EntraAppCheckResult::fromJson(object);
    fuzz::require(EntraAppCheckResult::fromJson(check.toJson()).toJson() == check.toJson(), "an application check reads back as the value it was written from");
    const DevPortalOverviewResult overview = DevPortalOverviewResult::fromJson(object);
    fuzz::require(DevPortalOverviewResult::fromJson(overview.toJson()).toJson() == overview.toJson(), "a DevPortal overview reads back as the value it was written from");
    for (const PortalKeyManager &km : PortalKeyManager::entraOnly(overview.keyManagers))
        fuzz::require(km.isEntra() && km.label().startsWith(km.name), "an Entra key manager is shown by its name");
    const ScopeCoverageResult coverage = ScopeCoverageResult::fromJson(object);
    const QJsonObject written = coverage.toJson();
    fuzz::require(ScopeCoverageResult::fromJson(written).toJson() == written, "a scope comparison reads back as the value it was written from");
    for (const ScopeCoverageEntry &entry : coverage.scopes)
        fuzz::require(!entry.canBeAdded() || (entry.isMissing() && entry.problem.isEmpty()), "only a missing scope with an accepted name is added");
    fuzz::require(coverage.namesToAdd().size() <= coverage.scopes.size(), "no scope is added twice");
    return 0;
}
