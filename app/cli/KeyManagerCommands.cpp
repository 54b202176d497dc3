// kmconsole-cli key-managers list.

#include "CliContext.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimConnector.h"
#include "services/profiles/ProfileStore.h"

#include <QJsonArray>
#include <QJsonObject>

namespace km::cli {

namespace {

const QString kList = QStringLiteral("key-managers list --profile NAME [--json]");

void listKeyManagers(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("profile"), QStringLiteral("API Manager profile"), QStringLiteral("NAME")},
                       {QStringLiteral("json"), QStringLiteral("print the API's KeyManagerList JSON")}});
    if (!parseOrUsage(ctx, parser, arguments, kList))
        return;
    if (!ctx.loadProfiles())
        return;
    QString profile = parser.value(QStringLiteral("profile"));
    if (profile.isEmpty())
        profile = ctx.services()->profiles()->activeApimProfile();
    if (profile.isEmpty()) {
        ctx.usage(QStringLiteral("--profile is required; usage: kmconsole-cli ") + kList);
        return;
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    ApimConnectJob *open = ApimConnector::open(ctx.services(), profile);
    QObject::connect(open, &Job::finished, [&ctx, json](Job *j) {
        if (j->hasError()) {
            ctx.fail(j->error());
            return;
        }
        ApimClient *apim = static_cast<ApimConnectJob *>(j)->client();
        Job *list = apim->listKeyManagers();
        QObject::connect(list, &Job::finished, [&ctx, json](Job *l) {
            if (l->hasError()) {
                ctx.fail(l->error());
                return;
            }
            const QJsonObject result = l->result().toObject();
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
    return {{{QStringLiteral("key-managers"), QStringLiteral("list")}, kList, &listKeyManagers}};
}

} // namespace km::cli
