// kmconsole-cli doctor: every key manager's health across API Manager, Asgardeo and Entra ID.

#include "DoctorCommands.h"
#include "services/core/EnglishPlurals.h"

#include "services/apim/ApimClient.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/connections/Connections.h"
#include "services/core/ConstRange.h"
#include "services/doctor/Doctor.h"
#include "services/doctor/SupportBundle.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

#include <functional>

namespace km::cli {

namespace {

const QString kDoctor = QStringLiteral("doctor --apim PROFILE [--key-manager NAME] [--asgardeo P] [--entra P] [--json] [--timeout S] [--bundle FILE]");

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
                        QStringLiteral("FILE")}});
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
    openApim(ctx, apimProfile, [&ctx, options, json, asgardeo, entra, bundle, apimProfile](ApimClient *apim) {
        const QPointer<ApimClient> client(apim);
        openIdentityProviders(ctx, asgardeo, entra, [&ctx, options, json, client, bundle, apimProfile](AsgardeoClient *asgardeoClient, GraphClient *graph) {
            if (!client)
                return ctx.fail(ApiError::cancelled());
            auto *doctor = new Doctor(client, QCoreApplication::instance());
            doctor->setAsgardeo(asgardeoClient);
            doctor->setGraph(graph);
            Job *run = doctor->run(options);
            QObject::connect(run, &Job::finished, doctor, [&ctx, json, client, bundle, apimProfile](Job *r) {
                if (r->hasError())
                    return ctx.fail(r->error());
                const QJsonObject report = Doctor::grouped(r->result().toObject());
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
                Job *save = SupportBundle::save(ctx.services(), client, apimProfile, report, bundle, QCoreApplication::instance());
                QObject::connect(save, &Job::finished, save, [&ctx, conclude](Job *s) {
                    if (s->hasError())
                        return ctx.fail(s->error());
                    conclude(s->result().toObject());
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
