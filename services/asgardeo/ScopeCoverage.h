#pragma once
// Which of API Manager's scopes (shared and API scopes, from the Publisher) the Asgardeo global scopes
// resource holds, and which would be refused by Asgardeo (AsgardeoClient::checkScopeName: the restricted
// prefix `internal_`, API-RESOURCE-60008, an OpenID Connect scope name, 60009, a blank name, 60005).
// Shared by the Scopes page and `kmconsole-cli scopes list`.

#include "services/apim/PublisherScope.h"
#include "services/asgardeo/AsgardeoApiResource.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QObject;

namespace km {

class AsgardeoClient;
class Job;
class PublisherClient;

// One of API Manager's scopes against Asgardeo.
struct ScopeCoverageEntry
{
    PublisherScope scope;
    std::optional<bool> inAsgardeo; // empty: not compared
    QString problem;                // why Asgardeo refuses the name; empty when it accepts it

    bool isMissing() const { return inAsgardeo.has_value() && !*inAsgardeo; }
    // Missing, and a name Asgardeo accepts: what "Add to Asgardeo" adds.
    bool canBeAdded() const { return isMissing() && problem.isEmpty(); }
    // The scope's fields with "inAsgardeo" (true | false | null) and "problem".
    QJsonObject toJson() const;
    static ScopeCoverageEntry fromJson(const QJsonValue &json);
};

struct ScopeCoverageResult
{
    bool compared = false;          // an Asgardeo organization was asked
    QString organization;           // the organization asked
    AsgardeoApiResource resource;   // id, name and identifier; null when Asgardeo has none of that name
    QList<ScopeCoverageEntry> scopes;
    int missing = 0;                // scopes Asgardeo's resource lacks
    int restricted = 0;             // scopes with a name Asgardeo refuses
    McpScopeReading mcp;

    QStringList namesToAdd() const;      // canBeAdded, in order
    QStringList namesInAsgardeo() const; // held by the resource, in order
    // {"resource": {id, name, identifier} | null, "organization": text | null (not compared),
    //  "scopes": [ScopeCoverageEntry::toJson], "missing": n, "restricted": n, "mcp": McpScopeReading::toJson}:
    // what `kmconsole-cli scopes list --json` prints, and what fromJson reads back unchanged.
    QJsonObject toJson() const;
    static ScopeCoverageResult fromJson(const QJsonValue &json);
};

class ScopeCoverage
{
    Q_DECLARE_TR_FUNCTIONS(km::ScopeCoverage)
public:
    // Result: ScopeCoverageResult::toJson. `asgardeo` may be null: the scopes are listed without the comparison.
    static Job *compare(PublisherClient *publisher, AsgardeoClient *asgardeo, const QString &resourceName, QObject *parent = nullptr);

    // Empty when Asgardeo accepts the scope name; what is wrong and what to do otherwise.
    static QString problemOf(const QString &scopeName);

    // Where a scope of the result is used, in words: "API PizzaShackAPI (GET /menu); MCP tool list_orders
    // of OrdersMCP", "Shared (unused)".
    static QString usageText(const PublisherScope &scope);
    // What the result says of MCP servers beyond the scopes: not read and why, or servers whose tools carry
    // no scope (any subscribed application's token can call them). Empty when there is nothing to say.
    static QStringList mcpNotes(const McpScopeReading &mcp);
    // The question before adding `missing` to `resource`, with the names Asgardeo refuses that are left out.
    static QString addQuestion(const QStringList &missing, int leftOut, const QString &resource);
    // What adding them did: "Added 2 scopes to APIM_GLOBAL_SCOPES: a, b. 1 left out: …".
    static QString addReport(const QStringList &added, int leftOut, const QString &resource);
};

} // namespace km
