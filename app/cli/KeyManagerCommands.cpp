// kmconsole-cli key-managers list | export (json, yaml, sh, pdf, html) | import.

#include "CliContext.h"
#include "services/core/EnglishPlurals.h"
#include "services/core/ConstRange.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimConnector.h"
#include "services/core/Redactor.h"
#include "services/export/KeyManagerExport.h"
#include "services/export/KeyManagerReport.h"
#include "services/export/KeyManagerScript.h"
#include "services/profiles/ProfileStore.h"
#include "services/setup/SetupRunner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

namespace km::cli {

namespace {

const QString kList = QStringLiteral("key-managers list --profile NAME [--json]");
const QString kExport = QStringLiteral("key-managers export --profile NAME [--name KM]... [--format json|yaml|sh [--target NAME] | --format pdf|html [--with-doctor]] --output FILE");
const QString kImport = QStringLiteral("key-managers import --profile NAME --input FILE [--update] [--dry-run] [--json]");

// The profile given, or the active one; empty (after a usage message) when there is none.
void exportKeyManagers(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("profile"), QStringLiteral("API Manager profile"), QStringLiteral("NAME")},
                       {QStringLiteral("name"), QStringLiteral("a key manager to export (repeatable; default: all but the Resident Key Manager)"), QStringLiteral("KM")},
                       {QStringLiteral("output"), QStringLiteral("file to write"), QStringLiteral("FILE")},
                       {QStringLiteral("format"), QStringLiteral("json (default) or yaml (both read by plan, apply and import), sh (curl calls), or pdf or html (a report for people, secrets masked)"), QStringLiteral("FORMAT")},
                       {QStringLiteral("target"), QStringLiteral("sh: the API Manager profile the script creates them in (default: --profile's)"), QStringLiteral("NAME")},
                       {QStringLiteral("with-doctor"), QStringLiteral("pdf, html: run the Doctor's checks of the API Manager and put them in the report")}});
    if (!parseOrUsage(ctx, parser, arguments, kExport))
        return;
    const QString format = parser.value(QStringLiteral("format")).isEmpty() ? QStringLiteral("json") : parser.value(QStringLiteral("format"));
    const QStringList formats{QStringLiteral("json"), QStringLiteral("yaml"), QStringLiteral("sh"), QStringLiteral("pdf"), QStringLiteral("html")};
    if (!formats.contains(format)) {
        ctx.usage(QStringLiteral("--format is json, yaml, sh, pdf or html, not “%1”").arg(format));
        return;
    }
    const bool report = format == QLatin1String("pdf") || format == QLatin1String("html");
    const bool withDoctor = parser.isSet(QStringLiteral("with-doctor"));
    if (withDoctor && !report)
        return ctx.usage(QStringLiteral("--with-doctor goes with --format pdf or html (a report); a %1 export holds configuration only").arg(format));
    if (parser.value(QStringLiteral("output")).isEmpty()) {
        ctx.usage(QStringLiteral("--output is required; usage: kmconsole-cli ") + kExport);
        return;
    }
    if (!ctx.loadProfiles())
        return;
    const QString profile = profileOrUsage(ctx, parser, kExport);
    if (profile.isEmpty())
        return;
    const QString output = parser.value(QStringLiteral("output"));
    const QStringList names = parser.values(QStringLiteral("name"));
    const auto apimProfile = ctx.services()->profiles()->apimProfile(profile);
    const QUrl source = apimProfile ? apimProfile->url : QUrl();
    const QString targetName = parser.value(QStringLiteral("target")).isEmpty() ? profile : parser.value(QStringLiteral("target"));
    const auto targetProfile = ctx.services()->profiles()->apimProfile(targetName);
    if (!targetProfile) {
        ctx.usage(QStringLiteral("there is no API Manager profile “%1”; kmconsole-cli profile list shows them").arg(targetName));
        return;
    }
    const QUrl target = targetProfile->url;
    const QString who = KeyManagerReport::author(apimProfile ? apimProfile->username : QString(), profile);
    if (report) {
        openApim(ctx, profile, [&ctx, names, output, source, format, who, withDoctor](ApimClient *apim) {
            Job *collected = KeyManagerReport::collect(ctx.services(), apim, source, names, withDoctor, ctx.services());
            ctx.then(collected, [&ctx, output, format, source, who, withDoctor](const QJsonValue &collectedResult) {
                const QJsonObject result = collectedResult.toObject();
                const QJsonObject document = result.value(QLatin1String("document")).toObject();
                const QJsonObject doctor = result.value(QLatin1String("doctor")).toObject();
                const QString html = KeyManagerReport::html(document, doctor, who, source.toString());
                ApiError error;
                if (!KeyManagerReport::write(output, format == QLatin1String("pdf") ? KeyManagerReport::Format::Pdf : KeyManagerReport::Format::Html,
                                             html, &error))
                    return ctx.fail(error);
                const int count = int(document.value(QLatin1String("keyManagers")).toArray().size());
                QString doctorNote;
                if (withDoctor)
                    doctorNote = doctor.isEmpty() ? QStringLiteral(" The Doctor's checks could not run; the report says so.")
                                                  : QStringLiteral(" The Doctor's checks are in it.");
                ctx.print(QStringLiteral("Wrote the report of %1 to %2, secrets masked.%3")
                              .arg(EnglishPlurals::form(QStringLiteral("%1 key manager(s)"), count).arg(count), output, doctorNote));
                ctx.finish(Success);
            });
        });
        return;
    }
    openApim(ctx, profile, [&ctx, names, output, source, format, target](ApimClient *apim) {
        Job *exported = KeyManagerExport::exportKeyManagers(ctx.services(), apim, source, names, ctx.services());
        ctx.then(exported, [&ctx, output, format, target](const QJsonValue &result) {
            const QJsonObject document = result.toObject();
            ApiError error;
            const bool written = format == QLatin1String("sh") ? KeyManagerExport::writeBytes(output, KeyManagerScript::shell(document, target).toUtf8(), &error)
                                 : format == QLatin1String("yaml") ? KeyManagerExport::writeBytes(output, KeyManagerScript::yaml(document).toUtf8(), &error)
                                                                   : KeyManagerExport::write(output, document, &error);
            if (!written) {
                ctx.fail(error);
                return;
            }
            if (format == QLatin1String("sh"))
                QFile::setPermissions(output, QFile::permissions(output) | QFileDevice::ExeOwner | QFileDevice::ExeUser);
            const QJsonArray required = document.value(QLatin1String("secretsRequired")).toArray();
            ctx.print(QStringLiteral("Exported %1 to %2, without secrets; importing needs %3 from the target's keychain.")
                          .arg(EnglishPlurals::form(QStringLiteral("%1 key manager(s)"), int(document.value(QLatin1String("keyManagers")).toArray().size()))
                                   .arg(document.value(QLatin1String("keyManagers")).toArray().size()),
                               output, EnglishPlurals::form(QStringLiteral("%1 secret(s)"), int(required.size())).arg(required.size())));
            ctx.finish(Success);
        });
    });
}

void importKeyManagers(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("profile"), QStringLiteral("API Manager profile to import into"), QStringLiteral("NAME")},
                       {QStringLiteral("input"), QStringLiteral("file kmconsole exported (JSON or YAML)"), QStringLiteral("FILE")},
                       {QStringLiteral("update"), QStringLiteral("update key managers of the same name that differ")},
                       {QStringLiteral("dry-run"), QStringLiteral("check everything, change nothing")},
                       {QStringLiteral("json"), QStringLiteral("print JSON")}});
    if (!parseOrUsage(ctx, parser, arguments, kImport))
        return;
    if (parser.value(QStringLiteral("input")).isEmpty()) {
        ctx.usage(QStringLiteral("--input is required; usage: kmconsole-cli ") + kImport);
        return;
    }
    if (!ctx.loadProfiles())
        return;
    const QString profile = profileOrUsage(ctx, parser, kImport);
    if (profile.isEmpty())
        return;
    ApiError error;
    const QJsonObject document = KeyManagerExport::read(parser.value(QStringLiteral("input")), &error);
    if (error) {
        ctx.fail(error);
        return;
    }
    const bool allowUpdate = parser.isSet(QStringLiteral("update"));
    const bool dryRun = parser.isSet(QStringLiteral("dry-run"));
    const bool json = parser.isSet(QStringLiteral("json"));
    // Never with allowElsewhere: a script cannot look at both hosts and agree, so a secret the file
    // would send to another host is refused here (the console's import asks).
    Job *secrets = KeyManagerExport::resolveSecrets(ctx.services(), document, false, ctx.services());
    ctx.then(secrets, [&ctx, profile, allowUpdate, dryRun, json](const QJsonValue &result) {
        QList<QJsonObject> keyManagers;
        for (const QJsonValue &v : km::constTemporary(result.toObject().value(QLatin1String("keyManagers")).toArray()))
            keyManagers << v.toObject();
        openApim(ctx, profile, [&ctx, keyManagers, allowUpdate, dryRun, json](ApimClient *apim) {
            SetupRunner *runner = KeyManagerExport::createImportRunner(apim, ctx.services()->http(), keyManagers, allowUpdate, ctx.services(), ctx.services()->secrets());
            runner->setDryRun(dryRun);
            QObject::connect(runner, &SetupRunner::finished, [&ctx, runner, keyManagers, json](bool) {
                QJsonArray imported;
                for (const QJsonObject &km : keyManagers) {
                    const QJsonValue readBack = runner->data().value(QStringLiteral("keyManager-") + km.value(QLatin1String("name")).toString());
                    // Secrets never leave through the CLI's output.
                    imported.append(Redactor::redactJson(readBack.isObject() ? readBack : QJsonValue(km)));
                }
                ctx.finishRunner(runner, QJsonObject{{QStringLiteral("keyManagers"), imported}}, json);
            });
            runner->start();
        });
    });
}

void listKeyManagers(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("profile"), QStringLiteral("API Manager profile"), QStringLiteral("NAME")},
                       {QStringLiteral("json"), QStringLiteral("print the API's KeyManagerList JSON")}});
    if (!parseOrUsage(ctx, parser, arguments, kList))
        return;
    if (!ctx.loadProfiles())
        return;
    const QString profile = profileOrUsage(ctx, parser, kList);
    if (profile.isEmpty())
        return;
    const bool json = parser.isSet(QStringLiteral("json"));
    openApim(ctx, profile, [&ctx, json](ApimClient *apim) {
        Job *list = apim->listKeyManagers();
        ctx.then(list, [&ctx, json](const QJsonValue &listed) {
            const QJsonObject result = listed.toObject();
            if (json) {
                ctx.printJson(result);
            } else {
                const QJsonArray items = result.value(QLatin1String("list")).toArray();
                if (items.isEmpty())
                    ctx.print(QStringLiteral("No key managers."));
                for (const QJsonValue &v : items) {
                    const QJsonObject km = v.toObject();
                    ctx.print(QStringLiteral("%1  %2  %3  %4").arg(km.value(QLatin1String("name")).toString(), -28)
                                  .arg(km.value(QLatin1String("type")).toString(), -10)
                                  .arg(km.value(QLatin1String("enabled")).toBool() ? QStringLiteral("enabled ") : QStringLiteral("disabled"),
                                       km.value(QLatin1String("id")).toString()));
                }
            }
            ctx.finish(Success);
        });
    });
}

} // namespace

QList<CommandEntry> keyManagerCommands()
{
    return {{{QStringLiteral("key-managers"), QStringLiteral("list")}, kList, &listKeyManagers},
            {{QStringLiteral("key-managers"), QStringLiteral("export")}, kExport, &exportKeyManagers},
            {{QStringLiteral("key-managers"), QStringLiteral("import")}, kImport, &importKeyManagers}};
}

} // namespace km::cli
