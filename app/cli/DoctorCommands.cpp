// kmconsole-cli doctor: every key manager's health across API Manager, Asgardeo and Entra ID.

#include "DoctorCommands.h"
#include "services/core/EnglishPlurals.h"

#include "services/apim/ApimClient.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/connections/Connections.h"
#include "services/core/ConstRange.h"
#include "services/doctor/Doctor.h"
#include "services/doctor/DoctorFix.h"
#include "services/doctor/SupportBundle.h"
#include "services/entra/GraphClient.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>

#include <functional>

#include <unistd.h>

namespace km::cli {

namespace {

const QString kDoctor = QStringLiteral("doctor --apim PROFILE [--key-manager NAME] [--asgardeo P] [--entra P] [--json] [--timeout S] [--bundle FILE] "
                                       "[--fix ID|all]... [--yes]");

// The checks of `report` whose one-click fix --fix asked for (by check id, or all), not ok.
QList<DoctorCheck> fixable(const QJsonObject &report, const QStringList &wanted)
{
    QList<DoctorCheck> out;
    for (const QJsonValue &v : km::constTemporary(report.value(QLatin1String("checks")).toArray())) {
        const DoctorCheck c = DoctorCheck::fromJson(v.toObject());
        if (c.canFix() && (wanted.contains(QLatin1String("all")) || wanted.contains(c.id)))
            out << c;
    }
    return out;
}

struct FixClients
{
    QPointer<ApimClient> apim;
    QPointer<AsgardeoClient> asgardeo;
    QPointer<GraphClient> graph;
};

// Applies the fixes one after the other, each after its question on the terminal (unless `yes`); prints
// what each did or why not (text), then calls `then` with [{id, keyManager, fixed, message}].
void applyFixes(CliContext &ctx, QList<DoctorCheck> left, FixClients clients, bool yes, bool json, QJsonArray done,
                std::function<void(const QJsonArray &)> then)
{
    if (left.isEmpty())
        return then(done);
    const DoctorCheck check = left.takeFirst();
    const QString where = check.keyManager.isEmpty() ? check.id : QStringLiteral("%1/%2").arg(check.keyManager, check.id);
    auto record = [check, json, &ctx, where](QJsonArray &into, bool fixed, const QString &message) {
        into.append(QJsonObject{{QStringLiteral("id"), check.id}, {QStringLiteral("keyManager"), check.keyManager},
                                {QStringLiteral("fixed"), fixed}, {QStringLiteral("message"), message}});
        if (!json)
            ctx.print(fixed ? QStringLiteral("Fixed %1: %2").arg(where, message) : QStringLiteral("Not fixed %1: %2").arg(where, message));
    };
    if (!yes && !ctx.confirmed(DoctorFix::question(check.action))) {
        record(done, false, QStringLiteral("not confirmed"));
        return applyFixes(ctx, left, clients, yes, json, done, then);
    }
    Job *fix = DoctorFix::apply(check.action, clients.apim, clients.asgardeo, clients.graph, ctx.scope());
    QObject::connect(fix, &Job::finished, ctx.scope(), [&ctx, left, clients, yes, json, done, then, record](Job *f) mutable {
        record(done, !f->hasError(), f->hasError() ? f->error().toUserText() : f->result().toObject().value(QLatin1String("message")).toString());
        applyFixes(ctx, left, clients, yes, json, done, then);
    });
}

// Opens the Asgardeo and Entra profiles that were given (none: nullptr), then calls `next`.
void openIdentityProviders(CliContext &ctx, const QString &asgardeo, const QString &entra,
                           std::function<void(AsgardeoClient *, GraphClient *)> next)
{
    Connections *connections = ctx.services()->connections();
    auto openEntra = [&ctx, connections, entra, next](AsgardeoClient *asgardeoClient) {
        if (entra.isEmpty())
            return next(asgardeoClient, nullptr);
        const QPointer<AsgardeoClient> kept(asgardeoClient);
        Job *open = connections->openEntra(entra);
        ctx.then(open, [connections, entra, kept, next](const QJsonValue &) {
            next(kept.data(), connections->graph(entra));
        });
    };
    if (asgardeo.isEmpty())
        return openEntra(nullptr);
    Job *open = connections->openAsgardeo(asgardeo);
    ctx.then(open, [connections, asgardeo, openEntra](const QJsonValue &) {
        openEntra(connections->asgardeo(asgardeo));
    });
}

void doctor(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("apim"), QStringLiteral("API Manager profile"), QStringLiteral("PROFILE")},
                       {QStringLiteral("key-manager"), QStringLiteral("check only this key manager"), QStringLiteral("NAME")},
                       {QStringLiteral("asgardeo"), QStringLiteral("Asgardeo profile for the Asgardeo key managers"), QStringLiteral("P")},
                       {QStringLiteral("entra"), QStringLiteral("Entra profile for the AzureAD key managers"), QStringLiteral("P")},
                       {QStringLiteral("json"), QStringLiteral("print the report as JSON")},
                       {QStringLiteral("timeout"), QStringLiteral("seconds each check may take"), QStringLiteral("S"), QStringLiteral("15")},
                       {QStringLiteral("bundle"), QStringLiteral("also save a support bundle (zip: report, key managers, profiles, activity, versions; no secrets) to FILE"),
                        QStringLiteral("FILE")},
                       {QStringLiteral("fix"), QStringLiteral("apply the one-click fix of the checks with this id (or all), after asking; then check again"),
                        QStringLiteral("ID")},
                       {QStringLiteral("yes"), QStringLiteral("fix without asking (for scripts)")}});
    if (!parseOrUsage(ctx, parser, arguments, kDoctor))
        return;
    const QString apimProfile = parser.value(QStringLiteral("apim")).trimmed();
    if (apimProfile.isEmpty())
        return ctx.usage(QStringLiteral("--apim is required; usage: kmconsole-cli ") + kDoctor);
    bool numeric = false;
    const double seconds = parser.value(QStringLiteral("timeout")).toDouble(&numeric);
    if (!numeric || seconds <= 0 || seconds > 600)
        return ctx.usage(QStringLiteral("--timeout must be a number of seconds between 0 and 600"));
    if (!ctx.loadProfiles())
        return;
    DoctorOptions options;
    options.keyManager = parser.value(QStringLiteral("key-manager")).trimmed();
    options.timeoutMs = int(seconds * 1000);
    const bool json = parser.isSet(QStringLiteral("json"));
    const QString asgardeo = parser.value(QStringLiteral("asgardeo")).trimmed();
    const QString entra = parser.value(QStringLiteral("entra")).trimmed();
    const QString bundle = parser.value(QStringLiteral("bundle")).trimmed();
    if (parser.isSet(QStringLiteral("bundle")) && bundle.isEmpty())
        return ctx.usage(QStringLiteral("--bundle needs a file name, e.g. --bundle support.zip"));
    const QStringList fixes = parser.values(QStringLiteral("fix"));
    const bool yes = parser.isSet(QStringLiteral("yes"));
    if (!fixes.isEmpty() && !yes && !isatty(STDIN_FILENO))
        return ctx.usage(QStringLiteral("--fix asks before it changes a system and there is no terminal to ask on; pass --yes to fix without asking"));
    openApim(ctx, apimProfile, [&ctx, options, json, asgardeo, entra, bundle, apimProfile, fixes, yes](ApimClient *apim) {
        const QPointer<ApimClient> client(apim);
        openIdentityProviders(ctx, asgardeo, entra, [&ctx, options, json, client, bundle, apimProfile, fixes, yes](AsgardeoClient *asgardeoClient, GraphClient *graph) {
            if (!client)
                return ctx.fail(ApiError::cancelled());
            auto *doctor = new Doctor(client, ctx.scope());
            doctor->setAsgardeo(asgardeoClient);
            doctor->setGraph(graph);
            const FixClients clients{client, asgardeoClient, graph};
            Job *run = doctor->run(options);
            ctx.then(run, [&ctx, json, client, bundle, apimProfile, fixes, yes, clients, kept = QPointer<Doctor>(doctor), options](const QJsonValue &result) {
                if (!fixes.isEmpty()) {
                    // Fix, then check again: the report printed is the one after the fixes.
                    const QList<DoctorCheck> todo = fixable(result.toObject(), fixes);
                    if (todo.isEmpty()) {
                        return ctx.finish(Failure, QStringLiteral("kmconsole-cli: no check “%1” that is not ok has a fix the Doctor can apply")
                                                       .arg(fixes.join(QStringLiteral("”, “"))));
                    }
                    applyFixes(ctx, todo, clients, yes, json, {}, [&ctx, json, kept, options](const QJsonArray &done) {
                        if (!kept)
                            return ctx.fail(ApiError::cancelled());
                        Job *again = kept->run(options);
                        ctx.then(again, [&ctx, json, done](const QJsonValue &result) {
                            QJsonObject report = Doctor::grouped(result.toObject());
                            int failed = 0;
                            for (const QJsonValue &d : done)
                                failed += !d.toObject().value(QLatin1String("fixed")).toBool();
                            if (json) {
                                report.insert(QStringLiteral("fixes"), done);
                                ctx.printJson(report);
                            } else {
                                ctx.print(Doctor::reportText(report).chopped(1));
                            }
                            if (failed > 0)
                                return ctx.finish(Failure, EnglishPlurals::form(QStringLiteral("kmconsole-cli: %1 of %2 fix(es) were not applied"), int(done.size()))
                                                               .arg(failed).arg(done.size()));
                            ctx.finish(Doctor::hasErrors(report) ? Failure : Success);
                        });
                    });
                    return;
                }
                const QJsonObject report = Doctor::grouped(result.toObject());
                // Prints the report (with where the bundle went, if one was saved) and sets the exit code.
                auto conclude = [&ctx, json, report](const QJsonObject &saved) {
                    if (json) {
                        QJsonObject out = report;
                        if (!saved.isEmpty())
                            out.insert(QStringLiteral("bundle"), saved);
                        ctx.printJson(out);
                    } else {
                        ctx.print(Doctor::reportText(report).chopped(1));
                        if (!saved.isEmpty())
                            ctx.print(QStringLiteral("Support bundle saved to %1 (secrets masked)").arg(saved.value(QLatin1String("path")).toString()));
                    }
                    if (Doctor::hasErrors(report))
                        ctx.finish(Failure, EnglishPlurals::form(QStringLiteral("kmconsole-cli: %1 check(s) found an error"),
                                                                     report.value(QLatin1String("summary")).toObject().value(QLatin1String("error")).toInt())
                                                .arg(report.value(QLatin1String("summary")).toObject().value(QLatin1String("error")).toInt()));
                    else
                        ctx.finish(Success);
                };
                if (bundle.isEmpty())
                    return conclude({});
                // The bundle is saved whatever the checks found: that is when it is wanted.
                Job *save = SupportBundle::save(ctx.services(), client, apimProfile, report, bundle, ctx.scope());
                ctx.then(save, [conclude](const QJsonValue &result) {
                    conclude(result.toObject());
                });
            });
        });
    });
}

} // namespace

QList<CommandEntry> doctorCommands()
{
    return {{{QStringLiteral("doctor")}, kDoctor, &doctor}};
}

} // namespace km::cli
