#include "services/asgardeo/ScopeCoverage.h"
#include "services/core/ConstRange.h"

#include "services/apim/PublisherClient.h"
#include "services/asgardeo/AsgardeoApiResource.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/core/Job.h"
#include "services/core/Tasks.h"

#include <QJsonArray>
#include <QStringList>
#include <QJsonObject>
#include <QPointer>
#include <QSet>


namespace km {

QString ScopeCoverage::problemOf(const QString &scopeName)
{
    const ApiError error = AsgardeoClient::checkScopeName(scopeName);
    return error ? error.toUserText() : QString();
}

QString ScopeCoverage::usageText(const PublisherScope &scope)
{
    QStringList parts;
    for (const ScopeUse &u : scope.usedBy) {
        if (u.kind == ScopeUse::Kind::McpTool)
            parts << tr("MCP tool %1 of %2").arg(u.tool, u.owner);
        else
            parts << (u.operation.isEmpty() ? tr("API %1").arg(u.owner) : tr("API %1 (%2)").arg(u.owner, u.operation));
    }
    if (parts.isEmpty())
        return scope.shared ? tr("Shared (unused)") : tr("Unused");
    const QString uses = parts.join(QStringLiteral("; "));
    return scope.shared ? tr("Shared: %1").arg(uses) : uses;
}

QStringList ScopeCoverage::mcpNotes(const McpScopeReading &mcp)
{
    QStringList notes;
    if (!mcp.note.isEmpty())
        notes << mcp.note;
    for (const QString &server : mcp.unscoped)
        notes << tr("MCP server %1: none of its tools requires a scope, so any token of an application subscribed to it can call "
                    "every tool. Add scopes to its tools in the Publisher (MCP Servers ▸ Tools) if they need them.")
                     .arg(server);
    return notes;
}

QJsonObject ScopeCoverageEntry::toJson() const
{
    QJsonObject out = scope.toJson();
    out.insert(QStringLiteral("inAsgardeo"), inAsgardeo ? QJsonValue(*inAsgardeo) : QJsonValue(QJsonValue::Null));
    out.insert(QStringLiteral("problem"), problem);
    return out;
}

ScopeCoverageEntry ScopeCoverageEntry::fromJson(const QJsonValue &json)
{
    const QJsonObject o = json.toObject();
    ScopeCoverageEntry entry;
    entry.scope = PublisherScope::fromJson(o);
    const QJsonValue in = o.value(QLatin1String("inAsgardeo"));
    if (in.isBool())
        entry.inAsgardeo = in.toBool();
    entry.problem = o.value(QLatin1String("problem")).toString();
    return entry;
}

QStringList ScopeCoverageResult::namesToAdd() const
{
    QStringList out;
    for (const ScopeCoverageEntry &e : scopes) {
        if (e.canBeAdded())
            out << e.scope.name;
    }
    return out;
}

QStringList ScopeCoverageResult::namesInAsgardeo() const
{
    QStringList out;
    for (const ScopeCoverageEntry &e : scopes) {
        if (e.inAsgardeo.value_or(false))
            out << e.scope.name;
    }
    return out;
}

QJsonObject ScopeCoverageResult::toJson() const
{
    QJsonArray list;
    for (const ScopeCoverageEntry &e : scopes)
        list.append(e.toJson());
    return QJsonObject{{QStringLiteral("resource"), resource.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(resource.toSummary())},
                       {QStringLiteral("organization"), compared ? QJsonValue(organization) : QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("scopes"), list},
                       {QStringLiteral("missing"), missing},
                       {QStringLiteral("restricted"), restricted},
                       {QStringLiteral("mcp"), mcp.toJson()}};
}

ScopeCoverageResult ScopeCoverageResult::fromJson(const QJsonValue &json)
{
    const QJsonObject o = json.toObject();
    ScopeCoverageResult r;
    const QJsonValue organization = o.value(QLatin1String("organization"));
    r.compared = organization.isString();
    r.organization = organization.toString();
    r.resource = AsgardeoApiResource::fromJson(o.value(QLatin1String("resource")));
    for (const QJsonValue &v : km::constTemporary(o.value(QLatin1String("scopes")).toArray()))
        r.scopes.append(ScopeCoverageEntry::fromJson(v));
    r.missing = o.value(QLatin1String("missing")).toInt();
    r.restricted = o.value(QLatin1String("restricted")).toInt();
    r.mcp = McpScopeReading::fromJson(o.value(QLatin1String("mcp")));
    return r;
}

namespace {

// The Publisher's scopes against what Asgardeo's resource holds.
ScopeCoverageResult coverage(const PublisherScopes &publisher, const AsgardeoApiResource &resource, bool comparing, const QString &organization)
{
    const QStringList names = resource.scopeNames();
    const QSet<QString> held(names.begin(), names.end());
    ScopeCoverageResult out;
    out.compared = comparing;
    out.organization = organization;
    out.resource = resource;
    out.mcp = publisher.mcp;
    for (const PublisherScope &scope : publisher.scopes) {
        ScopeCoverageEntry entry{scope, std::nullopt, ScopeCoverage::problemOf(scope.name)};
        if (!entry.problem.isEmpty())
            ++out.restricted;
        if (comparing)
            entry.inAsgardeo = !resource.isNull() && held.contains(scope.name);
        if (entry.isMissing())
            ++out.missing;
        out.scopes.append(entry);
    }
    return out;
}

} // namespace

Job *ScopeCoverage::compare(PublisherClient *publisher, AsgardeoClient *asgardeo, const QString &resourceName, QObject *parent)
{
    auto *job = new FunctionJob(parent);
    const bool comparing = asgardeo != nullptr;
    // Copied and guarded: the page may replace its Asgardeo client while the comparison runs.
    const QString organization = comparing ? asgardeo->organization() : QString();
    const QPointer<AsgardeoClient> client(asgardeo);
    const QPointer<PublisherClient> scopesOf(publisher);
    QList<tasks::Factory> reads{[scopesOf]() -> Job * { return scopesOf ? scopesOf->allScopesWithUsage() : tasks::failed(ApiError::cancelled()); }};
    if (comparing) {
        // Its jobs go with a deleted client and never answer: the comparison ends then, instead of waiting forever.
        QObject::connect(asgardeo, &QObject::destroyed, job, [job] { job->fail(ApiError::cancelled()); });
        // The resource with its scopes; none: null.
        reads << [client, resourceName]() -> Job * {
            return client ? client->readApiResourceByName(resourceName) : tasks::failed(ApiError::cancelled());
        };
    }
    job->whenDone(tasks::parallel(reads, job), [job, comparing, organization](const ApiError &error, const QJsonValue &read) {
        if (error.isError())
            return job->fail(error);
        job->succeed(coverage(PublisherScopes::fromJson(read.toArray().at(0)), AsgardeoApiResource::fromJson(read.toArray().at(1)), comparing, organization)
                         .toJson());
    });
    return job;
}

QString ScopeCoverage::addQuestion(const QStringList &missing, int leftOut, const QString &resource)
{
    QString text = tr("Add %n scope(s) to Asgardeo's “%1”: %2?", nullptr, int(missing.size()))
                       .arg(resource, missing.join(QStringLiteral(", ")));
    if (leftOut > 0)
        text += QLatin1Char(' ') + tr("%n scope(s) with a name Asgardeo refuses stay out; the Problem column says why.", nullptr, leftOut);
    return text;
}

QString ScopeCoverage::addReport(const QStringList &added, int leftOut, const QString &resource)
{
    QString text = tr("Added %n scope(s) to “%1”: %2.", nullptr, int(added.size())).arg(resource, added.join(QStringLiteral(", ")));
    if (leftOut > 0)
        text += QLatin1Char(' ') + tr("%n left out: Asgardeo refuses the name.", nullptr, leftOut);
    return text;
}

} // namespace km
