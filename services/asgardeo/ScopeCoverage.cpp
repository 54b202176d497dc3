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

QString ScopeCoverage::usageText(const QJsonObject &scope)
{
    QStringList parts;
    for (const QJsonValue &v : km::constTemporary(scope.value(QLatin1String("usedBy")).toArray())) {
        const QJsonObject u = v.toObject();
        const QString name = u.value(QLatin1String("name")).toString();
        if (u.value(QLatin1String("kind")).toString() == QLatin1String("mcpTool")) {
            parts << tr("MCP tool %1 of %2").arg(u.value(QLatin1String("tool")).toString(), name);
        } else {
            const QString operation = u.value(QLatin1String("operation")).toString();
            parts << (operation.isEmpty() ? tr("API %1").arg(name) : tr("API %1 (%2)").arg(name, operation));
        }
    }
    const bool shared = scope.value(QLatin1String("shared")).toBool();
    if (parts.isEmpty())
        return shared ? tr("Shared (unused)") : tr("Unused");
    const QString uses = parts.join(QStringLiteral("; "));
    return shared ? tr("Shared: %1").arg(uses) : uses;
}

QStringList ScopeCoverage::mcpNotes(const QJsonObject &coverage)
{
    QStringList notes;
    const QJsonObject mcp = coverage.value(QLatin1String("mcp")).toObject();
    const QString note = mcp.value(QLatin1String("note")).toString();
    if (!note.isEmpty())
        notes << note;
    const QJsonArray unscoped = mcp.value(QLatin1String("unscoped")).toArray();
    for (const QJsonValue &v : unscoped)
        notes << tr("MCP server %1: none of its tools requires a scope, so any token of an application subscribed to it can call "
                    "every tool. Add scopes to its tools in the Publisher (MCP Servers ▸ Tools) if they need them.")
                     .arg(v.toString());
    return notes;
}

namespace {

// The Publisher's scopes (allScopesWithUsage's `scopes` and `mcp`) against what Asgardeo's resource holds.
QJsonObject coverage(const QJsonArray &scopes, const QJsonObject &mcp, const AsgardeoApiResource &resource, bool comparing, const QString &organization)
{
    const QStringList names = resource.scopeNames();
    const QSet<QString> held(names.begin(), names.end());
    QJsonArray out;
    int missing = 0;
    int restricted = 0;
    for (const QJsonValue &v : std::as_const(scopes)) {
        QJsonObject scope = v.toObject();
        const QString name = scope.value(QLatin1String("name")).toString();
        const QString problem = ScopeCoverage::problemOf(name);
        if (!problem.isEmpty())
            ++restricted;
        if (comparing && !resource.isNull()) {
            const bool inAsgardeo = held.contains(name);
            scope.insert(QStringLiteral("inAsgardeo"), inAsgardeo);
            missing += inAsgardeo ? 0 : 1;
        } else if (comparing) {
            scope.insert(QStringLiteral("inAsgardeo"), false);
            ++missing;
        } else {
            scope.insert(QStringLiteral("inAsgardeo"), QJsonValue::Null);
        }
        scope.insert(QStringLiteral("problem"), problem);
        out.append(scope);
    }
    const QJsonValue found = resource.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(resource.toSummary());
    return QJsonObject{{QStringLiteral("resource"), found},
                       {QStringLiteral("organization"), comparing ? QJsonValue(organization) : QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("scopes"), out},
                       {QStringLiteral("missing"), missing},
                       {QStringLiteral("restricted"), restricted},
                       {QStringLiteral("mcp"), mcp}};
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
        const QJsonObject usage = read.toArray().at(0).toObject();
        job->succeed(coverage(usage.value(QLatin1String("scopes")).toArray(), usage.value(QLatin1String("mcp")).toObject(),
                              AsgardeoApiResource::fromJson(read.toArray().at(1)), comparing, organization));
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
