#pragma once
// Which of API Manager's scopes (shared and API scopes, from the Publisher) the Asgardeo global scopes
// resource holds, and which would be refused by Asgardeo (AsgardeoClient::checkScopeName: the restricted
// prefix `internal_`, API-RESOURCE-60008, an OpenID Connect scope name, 60009, a blank name, 60005).
// Shared by the Scopes page and `kmconsole-cli scopes list`.

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>

class QObject;

namespace km {

class AsgardeoClient;
class Job;
class PublisherClient;

class ScopeCoverage
{
    Q_DECLARE_TR_FUNCTIONS(km::ScopeCoverage)
public:
    // Result: {"resource": {id, name, identifier} | null, "organization": text | null,
    //          "scopes": [{name, displayName, description, bindings, shared, apis,
    //                      "inAsgardeo": true | false | null (not compared), "problem": text}],
    //          "missing": n, "restricted": n,
    //          "mcp": {read, servers, unscoped: [MCP server], note}} (PublisherClient::allScopesWithUsage);
    // each scope also carries `mcpServers` and `usedBy` (API operations and MCP tools), and usageText()
    // says it in words.
    // `asgardeo` may be null: the scopes are listed without the comparison.
    static Job *compare(PublisherClient *publisher, AsgardeoClient *asgardeo, const QString &resourceName, QObject *parent = nullptr);

    // Empty when Asgardeo accepts the scope name; what is wrong and what to do otherwise.
    static QString problemOf(const QString &scopeName);

    // Where a scope of the result is used, in words: "API PizzaShackAPI (GET /menu); MCP tool list_orders
    // of OrdersMCP", "Shared (unused)".
    static QString usageText(const QJsonObject &scope);
    // What the result says of MCP servers beyond the scopes: not read and why, or servers whose tools carry
    // no scope (any subscribed application's token can call them). Empty when there is nothing to say.
    static QStringList mcpNotes(const QJsonObject &coverage);
    // The question before adding `missing` to `resource`, with the names Asgardeo refuses that are left out.
    static QString addQuestion(const QStringList &missing, int leftOut, const QString &resource);
    // What adding them did: "Added 2 scopes to APIM_GLOBAL_SCOPES: a, b. 1 left out: …".
    static QString addReport(const QStringList &added, int leftOut, const QString &resource);
};

} // namespace km
