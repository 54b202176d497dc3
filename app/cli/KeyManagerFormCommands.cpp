// kmconsole-cli key-managers create | edit: one key manager of any type the API Manager has a connector for,
// its fields typed by the connector's own description (/settings), reviewed and sent by the same services
// as the console's key-manager form.

#include "CliContext.h"

#include "services/apim/ApimClient.h"
#include "services/export/KeyManagerEditor.h"
#include "services/export/KeyManagerPlan.h"
#include "services/setup/SetupRunner.h"

#include <QJsonArray>
#include <QJsonObject>

#include <unistd.h>

namespace km::cli {

namespace {

const QString kCreate = QStringLiteral("key-managers create --profile NAME --type TYPE --name NAME [--set KEY=VALUE]... [--from-discovery URL] "
                                       "[--dry-run] [--yes] [--json]");
const QString kEdit = QStringLiteral("key-managers edit --profile NAME --name NAME [--set KEY=VALUE]... [--from-discovery URL] [--dry-run] [--yes] [--json]");

void run(CliContext &ctx, const QStringList &arguments, bool edit)
{
    const QString &synopsis = edit ? kEdit : kCreate;
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("profile"), QStringLiteral("API Manager profile"), QStringLiteral("NAME")},
                       {QStringLiteral("type"), QStringLiteral("key-manager type as API Manager's /settings names it (KeyCloak, okta, Auth0, WSO2-IS, …)"),
                        QStringLiteral("TYPE")},
                       {QStringLiteral("name"), QStringLiteral("key manager name"), QStringLiteral("NAME")},
                       {QStringLiteral("set"), QStringLiteral("a field: displayName, tokenEndpoint, grantTypes, certificateType, … or a connector field"),
                        QStringLiteral("KEY=VALUE")},
                       {QStringLiteral("from-discovery"), QStringLiteral("import endpoints, issuer and JWKS from this OpenID discovery URL"), QStringLiteral("URL")},
                       {QStringLiteral("dry-run"), QStringLiteral("show what would be sent, send nothing")},
                       {QStringLiteral("yes"), QStringLiteral("send without asking (for scripts)")},
                       {QStringLiteral("json"), QStringLiteral("print JSON")}});
    if (!parseOrUsage(ctx, parser, arguments, synopsis))
        return;
    KeyManagerEditor::Request request;
    request.edit = edit;
    request.type = parser.value(QStringLiteral("type"));
    request.name = parser.value(QStringLiteral("name"));
    if (request.name.isEmpty() || (!edit && request.type.isEmpty())) {
        ctx.usage(QStringLiteral("%1 required; usage: kmconsole-cli %2").arg(edit ? QStringLiteral("--name is") : QStringLiteral("--type and --name are"), synopsis));
        return;
    }
    for (const QString &s : parser.values(QStringLiteral("set"))) {
        const int eq = s.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            ctx.usage(QStringLiteral("--set takes KEY=VALUE; “%1” has no key").arg(s));
            return;
        }
        request.sets.append({s.left(eq), s.mid(eq + 1)});
    }
    const QString discovery = parser.value(QStringLiteral("from-discovery"));
    if (!discovery.isEmpty()) {
        request.discovery = QUrl(discovery, QUrl::StrictMode);
        if (!request.discovery.isValid() || (request.discovery.scheme() != QLatin1String("https") && request.discovery.scheme() != QLatin1String("http"))) {
            ctx.usage(QStringLiteral("--from-discovery must be an http(s) URL; “%1” is not").arg(discovery));
            return;
        }
    }
    const bool dryRun = parser.isSet(QStringLiteral("dry-run"));
    const bool yes = parser.isSet(QStringLiteral("yes"));
    const bool json = parser.isSet(QStringLiteral("json"));
    if (!dryRun && !yes && !isatty(STDIN_FILENO)) {
        ctx.usage(QStringLiteral("%1 asks before it changes API Manager and there is no terminal to ask on; pass --yes to send without asking, "
                                 "or --dry-run to see what would be sent").arg(edit ? QStringLiteral("edit") : QStringLiteral("create")));
        return;
    }
    if (!ctx.loadProfiles())
        return;
    const QString profile = profileOrUsage(ctx, parser, synopsis);
    if (profile.isEmpty())
        return;
    openApim(ctx, profile, [&ctx, request, dryRun, yes, json, profile](ApimClient *apim) {
        PlanJob *prepared = KeyManagerEditor::prepare(ctx.services(), apim, request, ctx.services());
        ctx.thenJob<PlanJob>(prepared, [&ctx, apim, dryRun, yes, json, profile](PlanJob *planned) {
            const QJsonArray changes = planned->result().toObject().value(QLatin1String("changes")).toArray();
            if (dryRun || !KeyManagerPlan::hasWork(planned->changes())) {
                if (json)
                    ctx.printJson(QJsonObject{{QStringLiteral("changes"), changes}, {QStringLiteral("steps"), QJsonArray()}});
                else
                    printChanges(ctx, planned->changes());
                ctx.finish(Success);
                return;
            }
            if (!yes) {
                printChanges(ctx, planned->changes());
                if (!ctx.confirmed(QStringLiteral("Send this to API Manager profile “%1” (%2)?").arg(profile, apim->baseUrl().toString()))) {
                    ctx.finish(Failure, QStringLiteral("kmconsole-cli: not sent; nothing was changed."));
                    return;
                }
            }
            SetupRunner *runner = KeyManagerPlan::createApplyRunner(apim, planned->changes(), ctx.services(), ctx.services()->secrets());
            QObject::connect(runner, &SetupRunner::finished, [&ctx, runner, changes, json](bool) {
                ctx.finishRunner(runner, QJsonObject{{QStringLiteral("changes"), changes}, {QStringLiteral("summary"), runner->summary()}}, json);
            });
            runner->start();
        });
    });
}

void create(CliContext &ctx, const QStringList &arguments)
{
    run(ctx, arguments, false);
}

void edit(CliContext &ctx, const QStringList &arguments)
{
    run(ctx, arguments, true);
}

} // namespace

QList<CommandEntry> keyManagerFormCommands()
{
    return {{{QStringLiteral("key-managers"), QStringLiteral("create")}, kCreate, &create},
            {{QStringLiteral("key-managers"), QStringLiteral("edit")}, kEdit, &edit}};
}

} // namespace km::cli
