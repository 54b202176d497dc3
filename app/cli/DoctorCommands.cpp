// kmconsole-cli doctor: every key manager's health across API Manager, Asgardeo and Entra ID.

#include "DoctorCommands.h"
#include "services/core/EnglishPlurals.h"

#include "services/apim/ApimClient.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/connections/Connections.h"
#include "services/core/ConstRange.h"
#include "services/doctor/Doctor.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

#include <functional>

namespace km::cli {

namespace {

const QString kDoctor = QStringLiteral("doctor --apim PROFILE [--key-manager NAME] [--asgardeo P] [--entra P] [--json] [--timeout S]");

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
        QObject::connect(open, &Job::finished, open, [&ctx, connections, entra, kept, next](Job *o) {
            if (o->hasError())
                return ctx.fail(o->error());
            next(kept.data(), connections->graph(entra));
        });
    };
    if (asgardeo.isEmpty())
        return openEntra(nullptr);
    Job *open = connections->openAsgardeo(asgardeo);
    QObject::connect(open, &Job::finished, open, [&ctx, connections, asgardeo, openEntra](Job *o) {
        if (o->hasError())
            return ctx.fail(o->error());
        openEntra(connections->asgardeo(asgardeo));
    });
}

void printTable(CliContext &ctx, const QJsonObject &report)
{
    QString group = QStringLiteral("\x01");
    for (const QJsonValue &v : km::constTemporary(report.value(QLatin1String("checks")).toArray())) {
        const DoctorCheck c = DoctorCheck::fromJson(v.toObject());
        if (c.keyManager != group) {
            group = c.keyManager;
            ctx.print(group.isEmpty() ? QStringLiteral("[all key managers]") : QStringLiteral("[%1]").arg(group));
        }
        ctx.print(QStringLiteral("  %1  %2  %3").arg(DoctorCheck::levelName(c.level).toUpper(), -5).arg(c.id, -34).arg(c.message));
        if (!c.fix.isEmpty() && c.level != DoctorCheck::Level::Ok)
            ctx.print(QStringLiteral("         fix: %1").arg(c.fix));
    }
    const QJsonObject s = report.value(QLatin1String("summary")).toObject();
    ctx.print(QStringLiteral("%1 checks: %2 ok, %3 warnings, %4 errors")
                  .arg(s.value(QLatin1String("total")).toInt())
                  .arg(s.value(QLatin1String("ok")).toInt())
                  .arg(s.value(QLatin1String("warn")).toInt())
                  .arg(s.value(QLatin1String("error")).toInt()));
}

// The checks sorted by key manager (tenant-wide ones last), in the order they were reported within each.
QJsonObject grouped(const QJsonObject &report)
{
    QJsonArray checks = report.value(QLatin1String("checks")).toArray();
    QList<QJsonObject> list;
    for (const QJsonValue &v : checks)
        list << v.toObject();
    std::stable_sort(list.begin(), list.end(), [](const QJsonObject &a, const QJsonObject &b) {
        const QString ka = a.value(QLatin1String("keyManager")).toString(), kb = b.value(QLatin1String("keyManager")).toString();
        if (ka.isEmpty() != kb.isEmpty())
            return kb.isEmpty();
        return ka < kb;
    });
    QJsonArray sorted;
    for (const QJsonObject &o : list)
        sorted.append(o);
    QJsonObject out = report;
    out.insert(QStringLiteral("checks"), sorted);
    return out;
}

void doctor(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("apim"), QStringLiteral("API Manager profile"), QStringLiteral("PROFILE")},
                       {QStringLiteral("key-manager"), QStringLiteral("check only this key manager"), QStringLiteral("NAME")},
                       {QStringLiteral("asgardeo"), QStringLiteral("Asgardeo profile for the Asgardeo key managers"), QStringLiteral("P")},
                       {QStringLiteral("entra"), QStringLiteral("Entra profile for the AzureAD key managers"), QStringLiteral("P")},
                       {QStringLiteral("json"), QStringLiteral("print the report as JSON")},
                       {QStringLiteral("timeout"), QStringLiteral("seconds each check may take"), QStringLiteral("S"), QStringLiteral("15")}});
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
    openApim(ctx, apimProfile, [&ctx, options, json, asgardeo, entra](ApimClient *apim) {
        const QPointer<ApimClient> client(apim);
        openIdentityProviders(ctx, asgardeo, entra, [&ctx, options, json, client](AsgardeoClient *asgardeoClient, GraphClient *graph) {
            if (!client)
                return ctx.fail(ApiError::cancelled());
            auto *doctor = new Doctor(client, QCoreApplication::instance());
            doctor->setAsgardeo(asgardeoClient);
            doctor->setGraph(graph);
            Job *run = doctor->run(options);
            QObject::connect(run, &Job::finished, doctor, [&ctx, json](Job *r) {
                if (r->hasError())
                    return ctx.fail(r->error());
                const QJsonObject report = grouped(r->result().toObject());
                if (json)
                    ctx.printJson(report);
                else
                    printTable(ctx, report);
                if (Doctor::hasErrors(report))
                    ctx.finish(Failure, EnglishPlurals::form(QStringLiteral("kmconsole-cli: %1 check(s) found an error"),
                                                                 report.value(QLatin1String("summary")).toObject().value(QLatin1String("error")).toInt())
                                            .arg(report.value(QLatin1String("summary")).toObject().value(QLatin1String("error")).toInt()));
                else
                    ctx.finish(Success);
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
