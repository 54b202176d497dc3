// kmconsole-cli plan | apply | key-managers diff | key-managers secret: a desired-state file of key managers
// against an API Manager, and two API Managers against each other.

#include "CliContext.h"
#include "services/core/ConstRange.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimConnector.h"
#include "services/export/KeyManagerExport.h"
#include "services/export/KeyManagerPlan.h"
#include "services/profiles/ProfileStore.h"
#include "services/profiles/Profiles.h"
#include "services/secrets/SecretStore.h"
#include "services/setup/SetupRunner.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace km::cli {

namespace {

const QString kPlan = QStringLiteral("plan --profile NAME --input FILE [--json]");
const QString kApply = QStringLiteral("apply --profile NAME --input FILE [--yes] [--json]");
const QString kDiff = QStringLiteral("key-managers diff --profile NAME --against NAME [--json]");
const QString kSecret = QStringLiteral("key-managers secret --type TYPE --field FIELD --host URL --secret-stdin");

QString compact(const QJsonValue &v)
{
    return v.isString() ? QStringLiteral("“%1”").arg(v.toString()) : KeyManagerPlan::valueText(v);
}

} // namespace

void printChanges(CliContext &ctx, const QList<KeyManagerChange> &changes)
{
    for (const KeyManagerChange &c : changes) {
        ctx.print(QStringLiteral("%1  %2 (%3)").arg(KeyManagerChange::actionName(c.action), -14).arg(c.name, c.type));
        for (const KeyManagerChange::Field &f : c.fields()) {
            if (f.secret)
                ctx.print(QStringLiteral("    %1: the secret changes").arg(f.field));
            else
                ctx.print(QStringLiteral("    %1: %2 → %3").arg(f.field, compact(f.from), compact(f.to)));
        }
    }
}

namespace {

// Reads the file, connects to the profile and plans; `then` gets the plan (the ApimClient stays with the
// services for the apply).
void planFile(CliContext &ctx, const QString &profile, const QString &input, std::function<void(PlanJob *, ApimClient *)> then)
{
    ApiError error;
    const QJsonObject document = KeyManagerExport::read(input, &error);
    if (error) {
        ctx.fail(error);
        return;
    }
    openApim(ctx, profile, [&ctx, document, then](ApimClient *apim) {
        // Never with allowElsewhere: a script cannot look at both hosts and agree.
        PlanJob *plan = KeyManagerPlan::planDocument(ctx.services(), apim, document, false, ctx.services());
        ctx.thenJob<PlanJob>(plan, [apim, then](PlanJob *planned) { then(planned, apim); });
    });
}

bool parseFileCommand(CliContext &ctx, QCommandLineParser &parser, const QStringList &arguments, const QString &synopsis, QString *profile)
{
    if (!parseOrUsage(ctx, parser, arguments, synopsis))
        return false;
    if (parser.value(QStringLiteral("input")).isEmpty()) {
        ctx.usage(QStringLiteral("--input is required; usage: kmconsole-cli ") + synopsis);
        return false;
    }
    if (!ctx.loadProfiles())
        return false;
    *profile = profileOrUsage(ctx, parser, synopsis);
    return !profile->isEmpty();
}

void plan(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("profile"), QStringLiteral("API Manager profile to compare with"), QStringLiteral("NAME")},
                       {QStringLiteral("input"), QStringLiteral("key-manager file, JSON or YAML (key-managers export)"), QStringLiteral("FILE")},
                       {QStringLiteral("json"), QStringLiteral("print JSON")}});
    QString profile;
    if (!parseFileCommand(ctx, parser, arguments, kPlan, &profile))
        return;
    const bool json = parser.isSet(QStringLiteral("json"));
    planFile(ctx, profile, parser.value(QStringLiteral("input")), [&ctx, json](PlanJob *p, ApimClient *) {
        if (json)
            ctx.printJson(p->result());
        else
            printChanges(ctx, p->changes());
        ctx.finish(Success);
    });
}

void apply(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("profile"), QStringLiteral("API Manager profile to change"), QStringLiteral("NAME")},
                       {QStringLiteral("input"), QStringLiteral("key-manager file, JSON or YAML (key-managers export)"), QStringLiteral("FILE")},
                       {QStringLiteral("yes"), QStringLiteral("apply without asking (for scripts)")},
                       {QStringLiteral("json"), QStringLiteral("print JSON")}});
    QString profile;
    if (!parseFileCommand(ctx, parser, arguments, kApply, &profile))
        return;
    const bool yes = parser.isSet(QStringLiteral("yes"));
    const bool json = parser.isSet(QStringLiteral("json"));
    if (!yes && !isatty(STDIN_FILENO)) {
        ctx.usage(QStringLiteral("apply asks before it changes API Manager and there is no terminal to ask on; pass --yes to apply without asking"));
        return;
    }
    planFile(ctx, profile, parser.value(QStringLiteral("input")), [&ctx, json, yes, profile](PlanJob *p, ApimClient *apim) {
        const QJsonObject planned = p->result().toObject();
        if (!KeyManagerPlan::hasWork(p->changes())) {
            if (json)
                ctx.printJson(QJsonObject{{QStringLiteral("changes"), planned.value(QLatin1String("changes"))}, {QStringLiteral("steps"), QJsonArray()}});
            else
                ctx.print(QStringLiteral("Nothing to change: API Manager profile “%1” already matches the file.").arg(profile));
            ctx.finish(Success);
            return;
        }
        if (!yes) {
            printChanges(ctx, p->changes());
            if (!ctx.confirmed(QStringLiteral("Apply these changes to API Manager profile “%1” (%2)?").arg(profile, apim->baseUrl().toString()))) {
                ctx.finish(Failure, QStringLiteral("kmconsole-cli: not applied; nothing was changed."));
                return;
            }
        }
        SetupRunner *runner = KeyManagerPlan::createApplyRunner(apim, p->changes(), ctx.services(), ctx.services()->secrets());
        QObject::connect(runner, &SetupRunner::finished, [&ctx, runner, planned, json](bool) {
            ctx.finishRunner(runner, QJsonObject{{QStringLiteral("changes"), planned.value(QLatin1String("changes"))},
                                                 {QStringLiteral("summary"), runner->summary()}}, json);
        });
        runner->start();
    });
}

void diff(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("profile"), QStringLiteral("API Manager profile (e.g. dev)"), QStringLiteral("NAME")},
                       {QStringLiteral("against"), QStringLiteral("API Manager profile to compare with (e.g. prod)"), QStringLiteral("NAME")},
                       {QStringLiteral("json"), QStringLiteral("print JSON")}});
    if (!parseOrUsage(ctx, parser, arguments, kDiff))
        return;
    const QString against = parser.value(QStringLiteral("against"));
    if (against.isEmpty()) {
        ctx.usage(QStringLiteral("--against is required; usage: kmconsole-cli ") + kDiff);
        return;
    }
    if (!ctx.loadProfiles())
        return;
    const QString profile = profileOrUsage(ctx, parser, kDiff);
    if (profile.isEmpty())
        return;
    if (!ctx.services()->profiles()->apimProfile(against)) {
        ctx.usage(QStringLiteral("there is no API Manager profile “%1”; kmconsole-cli profile list shows them").arg(against));
        return;
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    openApim(ctx, profile, [&ctx, profile, against, json](ApimClient *apim) {
        PlanJob *compare = KeyManagerPlan::compareEnvironments(ctx.services(), apim, against, ctx.services());
        ctx.thenJob<PlanJob>(compare, [&ctx, profile, against, json](PlanJob *compared) {
            const QJsonObject out = KeyManagerPlan::differenceJson(compared->changes(), profile, against);
            const bool differ = out.value(QLatin1String("differ")).toBool();
            if (json) {
                ctx.printJson(out);
            } else {
                for (const QJsonValue &v : km::constTemporary(out.value(QLatin1String("keyManagers")).toArray())) {
                    const QJsonObject k = v.toObject();
                    ctx.print(QStringLiteral("%1  %2 (%3)").arg(k.value(QLatin1String("status")).toString(), -16)
                                  .arg(k.value(QLatin1String("keyManager")).toString(), k.value(QLatin1String("type")).toString()));
                    for (const QJsonValue &f : km::constTemporary(k.value(QLatin1String("fields")).toArray())) {
                        const QJsonObject field = f.toObject();
                        if (field.value(QLatin1String("secret")).toBool())
                            ctx.print(QStringLiteral("    %1: the secret differs").arg(field.value(QLatin1String("field")).toString()));
                        else
                            ctx.print(QStringLiteral("    %1: %2 %3, %4 %5").arg(field.value(QLatin1String("field")).toString(), profile,
                                                                              compact(field.value(profile)), against, compact(field.value(against))));
                    }
                }
            }
            ctx.finish(differ ? Failure : Success, differ ? QStringLiteral("kmconsole-cli: the key managers of “%1” and “%2” differ").arg(profile, against) : QString());
        });
    });
}

void storeSecret(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("type"), QStringLiteral("key-manager type (KeyCloak, WSO2-IS, …)"), QStringLiteral("TYPE")},
                       {QStringLiteral("field"), QStringLiteral("connector field holding the secret (client_secret, Password, …)"), QStringLiteral("FIELD")},
                       {QStringLiteral("host"), QStringLiteral("the identity provider the secret is for (its token endpoint's origin)"), QStringLiteral("URL")},
                       {QStringLiteral("secret-stdin"), QStringLiteral("read the secret from standard input")}});
    if (!parseOrUsage(ctx, parser, arguments, kSecret))
        return;
    const QUrl host(parser.value(QStringLiteral("host")));
    if (parser.value(QStringLiteral("type")).isEmpty() || parser.value(QStringLiteral("field")).isEmpty() || !parser.isSet(QStringLiteral("secret-stdin"))) {
        ctx.usage(QStringLiteral("--type, --field, --host and --secret-stdin are required; usage: kmconsole-cli ") + kSecret);
        return;
    }
    if (host.scheme() != QLatin1String("https") || host.host().isEmpty()) {
        ctx.usage(QStringLiteral("--host must be an https:// URL (the identity provider's token endpoint or its origin)"));
        return;
    }
    const QString secret = ctx.readSecretFromStdin();
    if (secret.isEmpty()) {
        ctx.usage(QStringLiteral("no secret on standard input"));
        return;
    }
    const QString key = KeyManagerExport::connectorSecretKey(host, parser.value(QStringLiteral("type")), parser.value(QStringLiteral("field")));
    Job *write = ctx.services()->secrets()->write(key, secret);
    ctx.then(write, [&ctx, host](const QJsonValue &) {
        ctx.print(QStringLiteral("Kept in the keychain for %1 only.").arg(host.adjusted(QUrl::RemovePath | QUrl::RemoveQuery).toString()));
        ctx.finish(Success);
    });
}

} // namespace

QList<CommandEntry> planCommands()
{
    return {{{QStringLiteral("plan")}, kPlan, &plan},
            {{QStringLiteral("apply")}, kApply, &apply},
            {{QStringLiteral("key-managers"), QStringLiteral("diff")}, kDiff, &diff},
            {{QStringLiteral("key-managers"), QStringLiteral("secret")}, kSecret, &storeSecret}};
}

} // namespace km::cli
