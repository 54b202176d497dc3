// libFuzzer: the vendors' objects as the console reads them into its value types: DevPortal applications with
// their keys (DevPortalApplication), Microsoft Graph's applications with their secrets (EntraApplication) and
// Asgardeo's API resources with their scopes (AsgardeoApiResource), and API Manager's scopes as the console
// gathers them and compares them with Asgardeo (PublisherScopes, ScopeCoverageResult). Any JSON must read into
// a value without a crash, and what the console writes back from a value must read back as that value.

#include "FuzzSupport.h"

#include "services/apim/DevPortalApplication.h"
#include "services/apim/PublisherScope.h"
#include "services/asgardeo/AsgardeoApiResource.h"
#include "services/asgardeo/ScopeCoverage.h"
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
    const ScopeCoverageResult coverage = ScopeCoverageResult::fromJson(object);
    const QJsonObject written = coverage.toJson();
    fuzz::require(ScopeCoverageResult::fromJson(written).toJson() == written, "a scope comparison reads back as the value it was written from");
    for (const ScopeCoverageEntry &entry : coverage.scopes)
        fuzz::require(!entry.canBeAdded() || (entry.isMissing() && entry.problem.isEmpty()), "only a missing scope with an accepted name is added");
    fuzz::require(coverage.namesToAdd().size() <= coverage.scopes.size(), "no scope is added twice");
    return 0;
}
