#include "services/asgardeo/ScopeCoverage.h"
#include "services/core/ConstRange.h"

#include "services/apim/PublisherClient.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/core/Job.h"

#include <QJsonArray>
#include <QStringList>
#include <QJsonObject>
#include <QPointer>
#include <QSet>

#include <memory>

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

Job *ScopeCoverage::compare(PublisherClient *publisher, AsgardeoClient *asgardeo, const QString &resourceName, QObject *parent)
{
    auto *job = new FunctionJob(parent);
    struct State
    {
        QJsonArray scopes;
        QJsonObject mcp;
        QJsonObject resource;
        QSet<QString> held;
        bool scopesDone = false;
        bool resourceDone = false;
        bool failed = false;
    };
    auto state = std::make_shared<State>();
    const bool comparing = asgardeo != nullptr;
    // Copied and guarded: the page may replace its Asgardeo client while the comparison runs.
    const QString organization = comparing ? asgardeo->organization() : QString();
    const QPointer<AsgardeoClient> client(asgardeo);
    auto finish = [job, state, comparing, organization] {
        if (state->failed || !state->scopesDone || !state->resourceDone)
            return;
        QJsonArray out;
        int missing = 0;
        int restricted = 0;
        for (const QJsonValue &v : std::as_const(state->scopes)) {
            QJsonObject scope = v.toObject();
            const QString name = scope.value(QLatin1String("name")).toString();
            const QString problem = problemOf(name);
            if (!problem.isEmpty())
                ++restricted;
            if (comparing && !state->resource.isEmpty()) {
                const bool held = state->held.contains(name);
                scope.insert(QStringLiteral("inAsgardeo"), held);
                missing += held ? 0 : 1;
            } else if (comparing) {
                scope.insert(QStringLiteral("inAsgardeo"), false);
                ++missing;
            } else {
                scope.insert(QStringLiteral("inAsgardeo"), QJsonValue::Null);
            }
            scope.insert(QStringLiteral("problem"), problem);
            out.append(scope);
        }
        QJsonObject resource;
        if (!state->resource.isEmpty())
            resource = QJsonObject{{QStringLiteral("id"), state->resource.value(QLatin1String("id"))},
                                   {QStringLiteral("name"), state->resource.value(QLatin1String("name"))},
                                   {QStringLiteral("identifier"), state->resource.value(QLatin1String("identifier"))}};
        job->succeed(QJsonObject{{QStringLiteral("resource"), resource.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(resource)},
                                 {QStringLiteral("organization"), comparing ? QJsonValue(organization) : QJsonValue(QJsonValue::Null)},
                                 {QStringLiteral("scopes"), out},
                                 {QStringLiteral("missing"), missing},
                                 {QStringLiteral("restricted"), restricted},
                                 {QStringLiteral("mcp"), state->mcp}});
    };
    auto fail = [job, state](const ApiError &error) {
        if (state->failed)
            return;
        state->failed = true;
        job->fail(error);
    };

    Job *scopes = publisher->allScopesWithUsage();
    job->track(scopes);
    QObject::connect(scopes, &Job::finished, job, [state, finish, fail](Job *s) {
        if (s->hasError())
            return fail(s->error());
        state->scopes = s->result().toObject().value(QLatin1String("scopes")).toArray();
        state->mcp = s->result().toObject().value(QLatin1String("mcp")).toObject();
        state->scopesDone = true;
        finish();
    });

    if (!asgardeo) {
        state->resourceDone = true;
        return job;
    }
    // Its jobs go with a deleted client and never answer: the comparison ends then, instead of waiting forever.
    QObject::connect(asgardeo, &QObject::destroyed, job, [fail] { fail(ApiError::cancelled()); });
    Job *find = asgardeo->findApiResourceByName(resourceName);
    job->track(find);
    QObject::connect(find, &Job::finished, job, [job, state, finish, fail, client](Job *f) {
        if (f->hasError())
            return fail(f->error());
        if (!client)
            return fail(ApiError::cancelled());
        const QJsonObject found = f->result().toObject();
        if (found.isEmpty()) {
            state->resourceDone = true;
            finish();
            return;
        }
        // The search answers without scopes; the resource itself has them.
        Job *get = client->getApiResource(found.value(QLatin1String("id")).toString());
        job->track(get);
        QObject::connect(get, &Job::finished, job, [state, finish, fail](Job *g) {
            if (g->hasError())
                return fail(g->error());
            state->resource = g->result().toObject();
            for (const QJsonValue &s : km::constTemporary(state->resource.value(QLatin1String("scopes")).toArray()))
                state->held.insert(s.toObject().value(QLatin1String("name")).toString());
            state->resourceDone = true;
            finish();
        });
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
