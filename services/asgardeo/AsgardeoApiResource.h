#pragma once
// An Asgardeo API resource as the console reasons about it, read once from Asgardeo's API Resource
// Management API (/api/server/v1/api-resources): its id, name, identifier and scopes. Asgardeo's field
// names live here and nowhere else. A search entry (APIResourceListResponse's `apiResources`) carries no
// scopes; the resource read by id (APIResourceResponse) does.

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace km {

// One scope of an API resource (ScopeGetModel): `name` is what tokens carry.
struct AsgardeoScope
{
    QString id;
    QString name;
    QString displayName;
    QString description;
};

struct AsgardeoApiResource
{
    QString id;
    QString name;
    QString identifier;          // the audience URI, e.g. API Manager's global scopes identifier
    QString description;
    QString type;                // "BUSINESS" for the resources the console makes
    bool requiresAuthorization = true;
    QList<AsgardeoScope> scopes; // empty for a search entry

    // No resource (a search that found none answers null).
    bool isNull() const { return id.isEmpty(); }
    QStringList scopeNames() const;

    // A resource or a search entry; anything else (null, not an object, no id) is the null resource.
    static AsgardeoApiResource fromJson(const QJsonValue &json);
    // The entries of one page of a search (`apiResources`; the vendor YAML's `APIResources` is wrong).
    static QList<AsgardeoApiResource> listFromJson(const QJsonObject &page);
    // {id, name, identifier}: the short form the CLI prints and the scope comparison reports.
    QJsonObject toSummary() const;
    // Every field above under Asgardeo's names: what fromJson reads back unchanged.
    QJsonObject toJson() const;
};

} // namespace km
