// kmconsole-cli profile add asgardeo, setup asgardeo.

#include "CliContext.h"
#include "services/core/EnglishPlurals.h"
#include "services/core/ConstRange.h"

#include "services/connections/Connections.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimConnector.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/asgardeo/AsgardeoSetup.h"
#include "services/asgardeo/ScopeCoverage.h"
#include "services/apim/PublisherClient.h"
#include "services/core/Redactor.h"
#include "services/profiles/ProfileStore.h"
#include "services/profiles/ProfileValidation.h"
#include "services/secrets/SecretStore.h"
#include "services/setup/SetupRunner.h"

#include <QJsonArray>
#include <QJsonObject>

namespace km::cli {

namespace {

const QString kAdd = QStringLiteral("profile add asgardeo NAME --org ORG --client-id ID --client-secret-stdin [--base-url URL]");
const QString kSetup = QStringLiteral("setup asgardeo --apim APIM_PROFILE --asgardeo ASGARDEO_PROFILE --name NAME [--display-name D] "
                                      "[--create-roles] [--roles R1,R2] [--update] [--dry-run] [--json]");

void addAsgardeo(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("org"), QStringLiteral("organization"), QStringLiteral("ORG")},
                       {QStringLiteral("client-id"), QStringLiteral("management app client ID"), QStringLiteral("ID")},
                       {QStringLiteral("client-secret-stdin"), QStringLiteral("read the client secret from standard input")},
                       {QStringLiteral("base-url"), QStringLiteral("Asgardeo base URL"), QStringLiteral("URL"), QStringLiteral("https://api.asgardeo.io")}});
    if (!parseOrUsage(ctx, parser, arguments, kAdd))
        return;
    if (parser.positionalArguments().size() != 1 || parser.value(QStringLiteral("org")).isEmpty()
        || parser.value(QStringLiteral("client-id")).isEmpty() || !parser.isSet(QStringLiteral("client-secret-stdin"))) {
        ctx.usage(QStringLiteral("usage: kmconsole-cli ") + kAdd);
        return;
    }
    AsgardeoProfile profile;
    profile.name = parser.positionalArguments().constFirst();
    profile.organization = parser.value(QStringLiteral("org")).trimmed();
    profile.clientId = parser.value(QStringLiteral("client-id")).trimmed();
    if (ctx.failOnAny({ProfileValidation::profileName(profile.name), ProfileValidation::organization(profile.organization),
                       ProfileValidation::clientId(profile.clientId),
                       ProfileValidation::serviceUrl(parser.value(QStringLiteral("base-url")), &profile.baseUrl, QStringLiteral("base-url"))}))
        return;
    const QString secret = ctx.readSecretFromStdin();
    if (secret.isEmpty()) {
        ctx.usage(QStringLiteral("no client secret on standard input"));
        return;
    }
    if (!ctx.loadProfiles())
        return;
    Job *save = ctx.services()->saveProfileWithSecret(SecretStore::asgardeoSecretKey(profile.name), secret,
                                                       [profile](ProfileStore *store) { store->upsertAsgardeo(profile); }, true);
    ctx.then(save, [&ctx, profile](const QJsonValue &) {
        ctx.print(QStringLiteral("Saved Asgardeo profile “%1” (%2); the client secret is in the OS keychain.")
                      .arg(profile.name, profile.organizationUrl().toString()));
        ctx.finish(Success);
    });
}

void setupAsgardeo(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("apim"), QStringLiteral("API Manager profile"), QStringLiteral("P")},
                       {QStringLiteral("asgardeo"), QStringLiteral("Asgardeo profile"), QStringLiteral("A")},
                       {QStringLiteral("name"), QStringLiteral("key manager name"), QStringLiteral("NAME")},
                       {QStringLiteral("display-name"), QStringLiteral("display name"), QStringLiteral("D")},
                       {QStringLiteral("create-roles"), QStringLiteral("create the API Manager roles in Asgardeo")},
                       {QStringLiteral("roles"), QStringLiteral("roles to create"), QStringLiteral("R1,R2"),
                        QStringLiteral("admin,Internal/creator,Internal/publisher,Internal/subscriber")},
                       {QStringLiteral("global-scopes-resource"), QStringLiteral("global scopes API resource name"), QStringLiteral("NAME"), QStringLiteral("APIM_GLOBAL_SCOPES")},
                       {QStringLiteral("update"), QStringLiteral("update an existing key manager of that name")},
                       {QStringLiteral("dry-run"), QStringLiteral("check everything, change nothing, print the payload")},
                       {QStringLiteral("json"), QStringLiteral("print JSON")}});
    if (!parseOrUsage(ctx, parser, arguments, kSetup))
        return;
    for (const char *required : {"apim", "asgardeo", "name"}) {
        if (parser.value(QLatin1String(required)).isEmpty()) {
            ctx.usage(QStringLiteral("--%1 is required; usage: kmconsole-cli ").arg(QLatin1String(required)) + kSetup);
            return;
        }
    }
    const QString name = parser.value(QStringLiteral("name"));
    if (name.contains(QLatin1Char(' '))) {
        ctx.fail(ApiError::validation(QStringLiteral("The key manager name “%1” contains spaces").arg(name),
                                      QStringLiteral("Use a name without spaces, e.g. %1.").arg(QString(name).replace(QLatin1Char(' '), QLatin1Char('-'))), QStringLiteral("name")));
        return;
    }
    if (!ctx.loadProfiles())
        return;
    const auto asgardeoProfile = ctx.services()->profiles()->asgardeoProfile(parser.value(QStringLiteral("asgardeo")));
    if (!asgardeoProfile) {
        ctx.fail(ApiError::validation(QStringLiteral("There is no Asgardeo profile named “%1”").arg(parser.value(QStringLiteral("asgardeo"))),
                                      QStringLiteral("Add it with: kmconsole-cli ") + kAdd, QStringLiteral("asgardeo")));
        return;
    }
    AsgardeoSetupOptions options;
    options.name = name;
    options.displayName = parser.value(QStringLiteral("display-name"));
    options.createRoles = parser.isSet(QStringLiteral("create-roles"));
    options.roles = parser.value(QStringLiteral("roles")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    options.globalScopesResource = parser.value(QStringLiteral("global-scopes-resource"));
    options.allowUpdate = parser.isSet(QStringLiteral("update"));
    const bool dryRun = parser.isSet(QStringLiteral("dry-run"));
    const bool json = parser.isSet(QStringLiteral("json"));

    openApim(ctx, parser.value(QStringLiteral("apim")), [&ctx, asgardeoProfile, options, dryRun, json](ApimClient *apim) {
        const QString asgardeoName = asgardeoProfile->name;
        Job *connect = ctx.services()->connections()->openAsgardeo(asgardeoName);
        ctx.then(connect, [&ctx, apim, asgardeoName, options, dryRun, json](const QJsonValue &) {
            const QString clientSecret = ctx.services()->connections()->asgardeoSecret(asgardeoName);
            AsgardeoClient *asgardeo = ctx.services()->connections()->asgardeo(asgardeoName);
            SetupRunner *runner = AsgardeoSetup::createRunner(apim, asgardeo, ctx.services()->http(), clientSecret, options, ctx.services(), ctx.services()->secrets());
            runner->setDryRun(dryRun);
            QObject::connect(runner, &SetupRunner::finished, [&ctx, runner, json](bool) {
                // Secrets never leave through the CLI's output, whatever API Manager echoes back.
                const QJsonObject keyManager = Redactor::redactJson(runner->data().value(QLatin1String("keyManager"))).toObject();
                ctx.finishRunner(runner, QJsonObject{{QStringLiteral("keyManager"), keyManager}}, json);
            });
            runner->start();
        });
    });
}

} // namespace

const QString kScopes = QStringLiteral("scopes list --apim APIM_PROFILE [--asgardeo ASGARDEO_PROFILE] [--resource NAME] [--check] [--json]");

// The Scopes page's comparison, for scripts: --check exits 1 while a scope is missing from Asgardeo's
// global resource or has a name Asgardeo refuses.
void listScopes(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("apim"), QStringLiteral("API Manager profile"), QStringLiteral("P")},
                       {QStringLiteral("asgardeo"), QStringLiteral("Asgardeo profile to compare with"), QStringLiteral("A")},
                       {QStringLiteral("resource"), QStringLiteral("global scopes API resource name"), QStringLiteral("NAME"), QStringLiteral("APIM_GLOBAL_SCOPES")},
                       {QStringLiteral("check"), QStringLiteral("exit 1 unless every scope is in Asgardeo under an accepted name")},
                       {QStringLiteral("json"), QStringLiteral("print JSON")}});
    if (!parseOrUsage(ctx, parser, arguments, kScopes))
        return;
    if (parser.value(QStringLiteral("apim")).isEmpty()) {
        ctx.usage(QStringLiteral("--apim is required; usage: kmconsole-cli ") + kScopes);
        return;
    }
    if (parser.isSet(QStringLiteral("check")) && parser.value(QStringLiteral("asgardeo")).isEmpty()) {
        ctx.usage(QStringLiteral("--check needs --asgardeo to compare with"));
        return;
    }
    if (!ctx.loadProfiles())
        return;
    std::optional<AsgardeoProfile> asgardeoProfile;
    if (!parser.value(QStringLiteral("asgardeo")).isEmpty()) {
        asgardeoProfile = ctx.services()->profiles()->asgardeoProfile(parser.value(QStringLiteral("asgardeo")));
        if (!asgardeoProfile) {
            ctx.fail(ApiError::validation(QStringLiteral("There is no Asgardeo profile named “%1”").arg(parser.value(QStringLiteral("asgardeo"))),
                                          QStringLiteral("Add it with: kmconsole-cli ") + kAdd, QStringLiteral("asgardeo")));
            return;
        }
    }
    const QString resource = parser.value(QStringLiteral("resource"));
    const bool check = parser.isSet(QStringLiteral("check"));
    const bool json = parser.isSet(QStringLiteral("json"));
    openApim(ctx, parser.value(QStringLiteral("apim")), [&ctx, asgardeoProfile, resource, check, json](ApimClient *apim) {
        auto compare = [&ctx, apim, resource, check, json](AsgardeoClient *asgardeo) { // the job is gone by then
            auto *publisher = new PublisherClient(apim, ctx.services());
            Job *job = ScopeCoverage::compare(publisher, asgardeo, resource, ctx.services());
            ctx.then(job, [&ctx, resource, check, json](const QJsonValue &result) {
                const ScopeCoverageResult coverage = ScopeCoverageResult::fromJson(result);
                if (json) {
                    ctx.printJson(coverage.toJson());
                } else {
                    for (const ScopeCoverageEntry &s : coverage.scopes) {
                        const QString in = !s.inAsgardeo ? QStringLiteral("-          ") : *s.inAsgardeo ? QStringLiteral("in Asgardeo") : QStringLiteral("MISSING    ");
                        ctx.print(QStringLiteral("%1  %2  %3  %4").arg(s.scope.name.leftJustified(32), in, ScopeCoverage::usageText(s.scope), s.problem).trimmed());
                    }
                    // In JSON the same is in "mcp".
                    for (const QString &note : ScopeCoverage::mcpNotes(coverage.mcp))
                        ctx.print(QStringLiteral("Note: ") + note);
                }
                if (check && coverage.resource.isNull())
                    ctx.finish(Failure, QStringLiteral("kmconsole-cli: Asgardeo organization %1 has no API resource named %2; run setup asgardeo.")
                                            .arg(coverage.organization, resource));
                else if (check && (coverage.missing || coverage.restricted))
                    ctx.finish(Failure, EnglishPlurals::form(QStringLiteral("kmconsole-cli: %1 scope(s) missing from Asgardeo"), coverage.missing).arg(coverage.missing)
                                            + QStringLiteral(", %1 with a name Asgardeo refuses.").arg(coverage.restricted));
                else
                    ctx.finish(Success);
            });
        };
        if (!asgardeoProfile) {
            compare(nullptr);
            return;
        }
        const QString asgardeoName = asgardeoProfile->name;
        Job *connect = ctx.services()->connections()->openAsgardeo(asgardeoName);
        ctx.then(connect, [&ctx, asgardeoName, compare](const QJsonValue &) {
            compare(ctx.services()->connections()->asgardeo(asgardeoName));
        });
    });
}

QList<CommandEntry> asgardeoCommands()
{
    return {
        {{QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("asgardeo")}, kAdd, &addAsgardeo},
        {{QStringLiteral("setup"), QStringLiteral("asgardeo")}, kSetup, &setupAsgardeo},
        {{QStringLiteral("scopes"), QStringLiteral("list")}, kScopes, &listScopes},
    };
}

} // namespace km::cli
