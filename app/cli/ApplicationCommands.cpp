// kmconsole-cli applications …: the Developer Portal's applications with their keys, through the same
// use case as the Applications page (DevPortalOverview).

#include "CliContext.h"
#include "services/core/EnglishPlurals.h"
#include "services/core/ConstRange.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimConnector.h"
#include "services/apim/DevPortalClient.h"
#include "services/apim/DevPortalOverview.h"
#include "services/core/Redactor.h"
#include "services/profiles/ProfileStore.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>

namespace km::cli {

namespace {

const QString kList = QStringLiteral("applications list --profile NAME [--json]");

// A key as it may leave the computer: the client ID and where it belongs, never its secret or tokens.
QJsonObject printableKey(QJsonObject key)
{
    key.remove(QStringLiteral("consumerSecret"));
    key.remove(QStringLiteral("token"));
    return Redactor::redactJson(key).toObject();
}

void listApplications(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("profile"), QStringLiteral("API Manager profile"), QStringLiteral("NAME")},
                       {QStringLiteral("json"), QStringLiteral("print JSON")}});
    if (!parseOrUsage(ctx, parser, arguments, kList))
        return;
    if (!ctx.loadProfiles())
        return;
    const QString profile = profileOrUsage(ctx, parser, kList);
    if (profile.isEmpty())
        return;
    const bool json = parser.isSet(QStringLiteral("json"));
    openApim(ctx, profile, [&ctx, json](ApimClient *apim) {
        auto *portal = new DevPortalClient(apim, ctx.services());
        Job *load = DevPortalOverview::load(apim, portal, ctx.services());
        ctx.then(load, [&ctx, json](const QJsonValue &loaded) {
            const DevPortalOverviewResult result = DevPortalOverviewResult::fromJson(loaded);
            QJsonArray applications;
            for (const QJsonValue &v : result.applications) {
                QJsonObject app = v.toObject();
                QJsonArray keys;
                for (const QJsonValue &k : km::constTemporary(app.value(QLatin1String("keys")).toArray()))
                    keys.append(printableKey(k.toObject()));
                app.insert(QStringLiteral("keys"), keys);
                applications.append(app);
            }
            const QString &keyManagerError = result.keyManagerError;
            if (json) {
                QJsonObject out = result.toJson();
                out.insert(QStringLiteral("applications"), applications);
                out.remove(QStringLiteral("keyManagerError"));
                if (!keyManagerError.isEmpty())
                    out.insert(QStringLiteral("keyManagerError"), keyManagerError);
                ctx.printJson(out);
                ctx.finish(Success);
                return;
            }
            if (applications.isEmpty())
                ctx.print(QStringLiteral("No applications in the Developer Portal."));
            for (const QJsonValue &v : std::as_const(applications)) {
                const QJsonObject app = v.toObject();
                const QJsonArray keys = app.value(QLatin1String("keys")).toArray();
                ctx.print(QStringLiteral("%1  owner %2  %3").arg(app.value(QLatin1String("name")).toString(), -28)
                              .arg(app.value(QLatin1String("owner")).toString(), EnglishPlurals::form(QStringLiteral("%1 key(s)"), int(keys.size())).arg(keys.size())));
                for (const QJsonValue &k : keys) {
                    const QJsonObject key = k.toObject();
                    ctx.print(QStringLiteral("    %1  %2  client ID %3").arg(key.value(QLatin1String("keyManager")).toString(), -20)
                                  .arg(key.value(QLatin1String("keyType")).toString(), -10)
                                  .arg(key.value(QLatin1String("consumerKey")).toString()));
                }
            }
            if (!keyManagerError.isEmpty())
                ctx.print(QStringLiteral("The key managers could not be read: %1").arg(keyManagerError));
            ctx.finish(Success);
        });
    });
}

} // namespace

QList<CommandEntry> applicationCommands()
{
    return {{{QStringLiteral("applications"), QStringLiteral("list")}, kList, &listApplications}};
}

} // namespace km::cli
