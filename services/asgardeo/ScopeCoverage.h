#pragma once
// Which of API Manager's scopes (shared and API scopes, from the Publisher) the Asgardeo global scopes
// resource holds, and which would be refused by Asgardeo (AsgardeoClient::checkScopeName: the restricted
// prefix `internal_`, API-RESOURCE-60008, an OpenID Connect scope name, 60009, a blank name, 60005).
// Shared by the Scopes page and `kmconsole-cli scopes list`.

#include <QString>

class QObject;

namespace km {

class AsgardeoClient;
class Job;
class PublisherClient;

class ScopeCoverage
{
public:
    // Result: {"resource": {id, name, identifier} | null, "organization": text | null,
    //          "scopes": [{name, displayName, description, bindings, shared, apis,
    //                      "inAsgardeo": true | false | null (not compared), "problem": text}],
    //          "missing": n, "restricted": n}.
    // `asgardeo` may be null: the scopes are listed without the comparison.
    static Job *compare(PublisherClient *publisher, AsgardeoClient *asgardeo, const QString &resourceName, QObject *parent = nullptr);

    // Empty when Asgardeo accepts the scope name; what is wrong and what to do otherwise.
    static QString problemOf(const QString &scopeName);
};

} // namespace km
