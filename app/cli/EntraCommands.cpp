// kmconsole-cli profile add entra, setup azure, azure check-app, map-keys.

#include "EntraCommands.h"
#include "services/core/EnglishPlurals.h"
#include "services/core/ConstRange.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimConnector.h"
#include "services/apim/DevPortalClient.h"
#include "services/core/Redactor.h"
#include "services/core/Tasks.h"
#include "services/entra/AzureSetup.h"
#include "services/entra/EntraAppCheck.h"
#include "services/entra/EntraClient.h"
#include "services/entra/GraphClient.h"
#include "services/profiles/ProfileStore.h"
#include "services/connections/Connections.h"
#include "services/profiles/ProfileValidation.h"
#include "services/secrets/SecretStore.h"
#include "services/setup/SetupRunner.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>

#include <functional>
#include <memory>

namespace km::cli {

namespace {

const QString kAdd = QStringLiteral("profile add entra NAME --tenant T --client-id ID --client-secret-stdin [--cloud global|usgov|china|external] "
                                    "[--external-subdomain NAME] [--login-url URL --graph-url URL]");
const QString kSetup = QStringLiteral("setup azure --apim APIM_PROFILE --entra ENTRA_PROFILE --name NAME --token-version v1|v2|both "
                                      "[--display-name D] [--update] [--dry-run] [--json]");
const QString kCheck = QStringLiteral("azure check-app --entra ENTRA_PROFILE --app-id ID [--key-manager-version v1|v2] [--fix] "
                                      "[--remove-secret KEY_ID] [--json]");
const QString kMap = QStringLiteral("map-keys --apim APIM_PROFILE --application NAME --key-manager KM --client-id ID --client-secret-stdin "
                                    "--key-type PRODUCTION|SANDBOX [--json]");

// The client secret's Value from standard input; empty (after saying why) when it is missing or is the
// secret's ID instead.
QString readClientSecret(CliContext &ctx)
{
    const QString secret = ctx.readSecretFromStdin().trimmed();
    if (secret.isEmpty()) {
        ctx.usage(QStringLiteral("no client secret on standard input"));
        return QString();
    }
    if (const ApiError e = ProfileValidation::entraClientSecret(secret)) {
        ctx.fail(e);
        return QString();
    }
    return secret;
}

bool requireOptions(CliContext &ctx, const QCommandLineParser &parser, std::initializer_list<const char *> options, const QString &synopsis)
{
    for (const char *option : options) {
        if (parser.value(QLatin1String(option)).trimmed().isEmpty()) {
            ctx.usage(QStringLiteral("--%1 is required; usage: kmconsole-cli %2").arg(QLatin1String(option), synopsis));
            return false;
        }
    }
    return true;
}

// Opens an Entra profile through the shared connections (its secret from the keychain).
void openEntra(CliContext &ctx, const QString &name, std::function<void(EntraClient *entra)> next)
{
    if (!ctx.services()->profiles()->entraProfile(name)) {
        ctx.fail(ApiError::validation(QStringLiteral("There is no Entra profile named “%1”").arg(name),
                                      QStringLiteral("Add it with: kmconsole-cli ") + kAdd, QStringLiteral("entra")));
        return;
    }
    Job *open = ctx.services()->connections()->openEntra(name);
    ctx.then(open, [&ctx, name, next](const QJsonValue &) {
        next(ctx.services()->connections()->entra(name));
    });
}

void addEntra(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("tenant"), QStringLiteral("Directory (tenant) ID or verified domain"), QStringLiteral("T")},
                       {QStringLiteral("client-id"), QStringLiteral("Application (client) ID of the connector's app"), QStringLiteral("ID")},
                       {QStringLiteral("client-secret-stdin"), QStringLiteral("read the client secret's Value from standard input")},
                       {QStringLiteral("cloud"), QStringLiteral("global, usgov, china, or external (Microsoft Entra External ID, with --external-subdomain)"),
                        QStringLiteral("CLOUD"), QStringLiteral("global")},
                       {QStringLiteral("external-subdomain"), QStringLiteral("External ID tenant's subdomain: contoso for contoso.onmicrosoft.com "
                                                                             "(sign-in on https://contoso.ciamlogin.com/TENANT_ID); implies --cloud external"),
                        QStringLiteral("NAME")},
                       {QStringLiteral("login-url"), QStringLiteral("sign-in URL of a custom cloud, or an External ID tenant's custom URL domain"), QStringLiteral("URL")},
                       {QStringLiteral("graph-url"), QStringLiteral("Microsoft Graph URL of a custom cloud (External ID: optional, default https://graph.microsoft.com)"),
                        QStringLiteral("URL")}});
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("profile name"));
    if (!parseOrUsage(ctx, parser, arguments, kAdd))
        return;
    if (parser.positionalArguments().size() != 1) {
        ctx.usage(QStringLiteral("give exactly one profile NAME; usage: kmconsole-cli ") + kAdd);
        return;
    }
    if (!requireOptions(ctx, parser, {"tenant", "client-id"}, kAdd))
        return;
    if (!parser.isSet(QStringLiteral("client-secret-stdin"))) {
        ctx.usage(QStringLiteral("--client-secret-stdin is required (secrets are never taken on the command line); usage: kmconsole-cli ") + kAdd);
        return;
    }
    EntraProfile profile;
    profile.name = parser.positionalArguments().constFirst();
    profile.tenant = parser.value(QStringLiteral("tenant")).trimmed();
    profile.clientId = parser.value(QStringLiteral("client-id")).trimmed();
    const QString cloudName = parser.value(QStringLiteral("cloud")).trimmed().toLower();
    const bool external = cloudName == EntraCloud::ExternalId || parser.isSet(QStringLiteral("external-subdomain"));
    const bool customLogin = parser.isSet(QStringLiteral("login-url"));
    const bool customUrls = customLogin || parser.isSet(QStringLiteral("graph-url"));
    ApiError subdomain;
    if (external) {
        if (parser.isSet(QStringLiteral("cloud")) && cloudName != EntraCloud::ExternalId) {
            ctx.usage(QStringLiteral("--external-subdomain goes with --cloud external, not --cloud %1").arg(cloudName));
            return;
        }
        if (!parser.isSet(QStringLiteral("external-subdomain"))) {
            ctx.usage(QStringLiteral("--cloud external needs --external-subdomain NAME (contoso for contoso.onmicrosoft.com); usage: kmconsole-cli ") + kAdd);
            return;
        }
        // https://{subdomain}.ciamlogin.com and Microsoft Graph, unless the tenant has a custom URL domain.
        subdomain = ProfileValidation::externalSubdomain(parser.value(QStringLiteral("external-subdomain")), &profile.externalSubdomain);
        const EntraCloud cloud = EntraCloud::external(profile.externalSubdomain);
        profile.cloud = cloud.id;
        profile.loginUrl = cloud.loginUrl;
        profile.graphUrl = cloud.graphUrl;
    } else if (customUrls) {
        if (!parser.isSet(QStringLiteral("login-url")) || !parser.isSet(QStringLiteral("graph-url"))) {
            ctx.usage(QStringLiteral("--login-url and --graph-url go together; usage: kmconsole-cli ") + kAdd);
            return;
        }
        profile.cloud = QStringLiteral("custom");
    } else {
        const auto cloud = EntraCloud::preset(cloudName);
        if (!cloud) {
            ctx.usage(QStringLiteral("--cloud must be global, usgov, china or external (or give --login-url and --graph-url)"));
            return;
        }
        profile.cloud = cloud->id;
        profile.loginUrl = cloud->loginUrl;
        profile.graphUrl = cloud->graphUrl;
    }
    if (ctx.failOnAny({ProfileValidation::profileName(profile.name), subdomain, EntraClient::validateTenant(profile.tenant),
                       ProfileValidation::entraClientId(profile.clientId),
                       customLogin ? ProfileValidation::serviceUrl(parser.value(QStringLiteral("login-url")), &profile.loginUrl, QStringLiteral("login-url")) : ApiError(),
                       parser.isSet(QStringLiteral("graph-url")) ? ProfileValidation::serviceUrl(parser.value(QStringLiteral("graph-url")), &profile.graphUrl, QStringLiteral("graph-url")) : ApiError()}))
        return;
    const QString secret = readClientSecret(ctx);
    if (secret.isEmpty())
        return;
    if (!ctx.loadProfiles())
        return;
    Job *save = ctx.services()->saveProfileWithSecret(SecretStore::entraSecretKey(profile.name), secret,
                                                       [profile](ProfileStore *store) { store->upsertEntra(profile); }, true);
    ctx.then(save, [&ctx, profile](const QJsonValue &) {
        const QString where = profile.isExternal()
                                  ? QStringLiteral("Microsoft Entra External ID, sign-in on %1/%2").arg(profile.loginUrl.toString(), profile.tenant)
                                  : profile.cloud;
        ctx.print(QStringLiteral("Saved Entra profile “%1” (tenant %2, %3); the client secret is in the OS keychain.")
                      .arg(profile.name, profile.tenant, where));
        ctx.finish(Success);
    });
}

void setupAzure(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("apim"), QStringLiteral("API Manager profile"), QStringLiteral("P")},
                       {QStringLiteral("entra"), QStringLiteral("Entra profile"), QStringLiteral("E")},
                       {QStringLiteral("name"), QStringLiteral("key manager name"), QStringLiteral("NAME")},
                       {QStringLiteral("token-version"), QStringLiteral("v1, v2 or both"), QStringLiteral("V")},
                       {QStringLiteral("display-name"), QStringLiteral("display name"), QStringLiteral("D")},
                       {QStringLiteral("update"), QStringLiteral("update an existing key manager of that name")},
                       {QStringLiteral("dry-run"), QStringLiteral("check everything, change nothing, print the payload")},
                       {QStringLiteral("json"), QStringLiteral("print JSON")}});
    if (!parseOrUsage(ctx, parser, arguments, kSetup) || !requireOptions(ctx, parser, {"apim", "entra", "name", "token-version"}, kSetup))
        return;
    AzureSetupOptions options;
    if (!AzureSetup::parseTokenVersions(parser.value(QStringLiteral("token-version")), &options.tokenVersions)) {
        ctx.usage(QStringLiteral("--token-version must be v1, v2 or both"));
        return;
    }
    options.name = parser.value(QStringLiteral("name")).trimmed();
    if (options.name.contains(QLatin1Char(' '))) {
        ctx.fail(ApiError::validation(QStringLiteral("The key manager name “%1” contains spaces").arg(options.name),
                                      QStringLiteral("Use a name without spaces, e.g. %1.").arg(QString(options.name).replace(QLatin1Char(' '), QLatin1Char('-'))),
                                      QStringLiteral("name")));
        return;
    }
    options.displayName = parser.value(QStringLiteral("display-name"));
    options.allowUpdate = parser.isSet(QStringLiteral("update"));
    const bool dryRun = parser.isSet(QStringLiteral("dry-run"));
    const bool json = parser.isSet(QStringLiteral("json"));
    if (!ctx.loadProfiles())
        return;
    const QString entraName = parser.value(QStringLiteral("entra"));
    if (!ctx.services()->profiles()->entraProfile(entraName)) {
        ctx.fail(ApiError::validation(QStringLiteral("There is no Entra profile named “%1”").arg(entraName),
                                      QStringLiteral("Add it with: kmconsole-cli ") + kAdd, QStringLiteral("entra")));
        return;
    }
    openApim(ctx, parser.value(QStringLiteral("apim")), [&ctx, entraName, options, dryRun, json](ApimClient *apim) {
        openEntra(ctx, entraName, [&ctx, apim, options, dryRun, json](EntraClient *entra) {
            if (const ApiError refused = AzureSetup::checkVersionsFor(entra, options.tokenVersions)) {
                ctx.fail(refused);
                return;
            }
            SetupRunner *runner = AzureSetup::createRunner(apim, entra, ctx.services()->http(), options, ctx.services(), ctx.services()->secrets());
            runner->setDryRun(dryRun);
            QObject::connect(runner, &SetupRunner::finished, [&ctx, runner, options, json](bool) {
                // Secrets never leave through the CLI's output, whatever API Manager echoes back.
                QJsonObject out;
                const QList<int> versions = AzureSetup::versions(options.tokenVersions);
                if (versions.size() == 1) {
                    out.insert(QStringLiteral("keyManager"),
                               Redactor::redactJson(runner->data().value(QStringLiteral("keyManager-v%1").arg(versions.first()))));
                } else {
                    QJsonArray list;
                    for (int v : versions)
                        list.append(Redactor::redactJson(runner->data().value(QStringLiteral("keyManager-v%1").arg(v))));
                    out.insert(QStringLiteral("keyManagers"), list);
                }
                if (runner->data().contains(QLatin1String("graphAccess")))
                    out.insert(QStringLiteral("graphAccess"), runner->data().value(QLatin1String("graphAccess")));
                ctx.finishRunner(runner, out, json);
            });
            runner->start();
        });
    });
}

int parseVersion(const QString &text)
{
    AzureTokenVersions v;
    if (text.isEmpty() || !AzureSetup::parseTokenVersions(text, &v) || v == AzureTokenVersions::Both)
        return -1;
    return v == AzureTokenVersions::V1 ? 1 : 2;
}

void printCheck(CliContext &ctx, const EntraAppCheckResult &check, const QStringList &fixed, bool json)
{
    if (json) {
        QJsonObject out = check.toJson();
        out.insert(QStringLiteral("fixed"), QJsonArray::fromStringList(fixed));
        ctx.printJson(out);
        return;
    }
    const EntraAppSummary &app = check.application;
    ctx.print(QStringLiteral("%1 (%2): v%3 tokens, %4")
                  .arg(app.displayName, app.appId)
                  .arg(app.tokenVersion)
                  .arg(EnglishPlurals::form(QStringLiteral("%1 client secret(s)"), int(app.secrets.size())).arg(app.secrets.size())));
    for (const EntraSecretState &s : app.secrets)
        ctx.print(QStringLiteral("  secret %1  %2  expires %3").arg(s.keyId, s.displayName, s.endDateTime.toString()));
    for (const QString &id : fixed)
        ctx.print(QStringLiteral("fixed    %1").arg(id));
    for (const EntraFinding &f : check.findings)
        ctx.print(QStringLiteral("%1  %2  %3 Fix: %4").arg(f.severityName(), -8).arg(f.id, f.message, f.fix));
}

void finishCheck(CliContext &ctx, const EntraAppCheckResult &check, const QStringList &fixed, bool json)
{
    printCheck(ctx, check, fixed, json);
    if (check.ok()) {
        ctx.finish(Success);
        return;
    }
    ctx.finish(Failure, QStringLiteral("kmconsole-cli: the application needs fixing: %1 (run again with --fix to apply the fixes)")
                            .arg(check.errorIds().join(QStringLiteral(", "))));
}

void checkApp(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("entra"), QStringLiteral("Entra profile"), QStringLiteral("E")},
                       {QStringLiteral("app-id"), QStringLiteral("Application (client) ID to check"), QStringLiteral("ID")},
                       {QStringLiteral("key-manager-version"), QStringLiteral("token version of the key manager: v1 or v2"), QStringLiteral("V"), QStringLiteral("v2")},
                       {QStringLiteral("fix"), QStringLiteral("apply the fixes Graph can make")},
                       {QStringLiteral("remove-secret"), QStringLiteral("remove the client secret with this keyId"), QStringLiteral("KEY_ID")},
                       {QStringLiteral("json"), QStringLiteral("print JSON")}});
    if (!parseOrUsage(ctx, parser, arguments, kCheck) || !requireOptions(ctx, parser, {"entra", "app-id"}, kCheck))
        return;
    const int version = parseVersion(parser.value(QStringLiteral("key-manager-version")));
    if (version < 0) {
        ctx.usage(QStringLiteral("--key-manager-version must be v1 or v2"));
        return;
    }
    const QString appId = parser.value(QStringLiteral("app-id")).trimmed();
    if (const ApiError e = ProfileValidation::entraClientId(appId)) {
        ctx.fail(e);
        return;
    }
    const bool fix = parser.isSet(QStringLiteral("fix"));
    const QString removeKey = parser.value(QStringLiteral("remove-secret")).trimmed();
    const bool json = parser.isSet(QStringLiteral("json"));
    if (!ctx.loadProfiles())
        return;
    openEntra(ctx, parser.value(QStringLiteral("entra")), [&ctx, appId, version, fix, removeKey, json](EntraClient *entra) {
        auto *check = new EntraAppCheck(new GraphClient(entra, ctx.services()), ctx.services());
        auto run = [&ctx, check, appId, version, fix, json](const QStringList &alreadyFixed) {
            Job *first = check->check(appId, version);
            ctx.then(first, [&ctx, check, appId, version, fix, json, alreadyFixed](const QJsonValue &result) {
                const EntraAppCheckResult checked = EntraAppCheckResult::fromJson(result);
                const QStringList fixable = checked.fixableIds();
                if (!fix || fixable.isEmpty()) {
                    finishCheck(ctx, checked, alreadyFixed, json);
                    return;
                }
                // One fix after the other; the check after the last fix is what is printed.
                const QPointer<EntraAppCheck> checker(check);
                Job *fixes = tasks::forEach(int(fixable.size()), [checker, appId, fixable, version](int i) -> Job * {
                    return checker ? checker->fix(appId, fixable.at(i), version) : nullptr;
                }, ctx.scope());
                ctx.then(fixes, [&ctx, checked, alreadyFixed, json](const QJsonValue &results) {
                    // What is printed is the check after the last fix made; a finding someone fixed meanwhile
                    // ("nothing to fix any more") brings no check.
                    QStringList fixed = alreadyFixed;
                    EntraAppCheckResult last = checked;
                    for (const QJsonValue &result : km::constTemporary(results.toArray())) {
                        const EntraAppFixResult made = EntraAppFixResult::fromJson(result);
                        if (made.fixed.isEmpty())
                            continue;
                        fixed << made.fixed;
                        last = made.check;
                    }
                    finishCheck(ctx, last, fixed, json);
                });
            });
        };
        if (removeKey.isEmpty()) {
            run({});
            return;
        }
        Job *remove = check->removeSecret(appId, removeKey);
        ctx.then(remove, [run, removeKey](const QJsonValue &) {
            run({QStringLiteral("removed-secret:") + removeKey});
        });
    });
}

void mapKeys(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("apim"), QStringLiteral("API Manager profile"), QStringLiteral("P")},
                       {QStringLiteral("application"), QStringLiteral("DevPortal application name"), QStringLiteral("NAME")},
                       {QStringLiteral("key-manager"), QStringLiteral("key manager name"), QStringLiteral("KM")},
                       {QStringLiteral("client-id"), QStringLiteral("Application (client) ID of the existing app"), QStringLiteral("ID")},
                       {QStringLiteral("client-secret-stdin"), QStringLiteral("read the client secret's Value from standard input")},
                       {QStringLiteral("key-type"), QStringLiteral("PRODUCTION or SANDBOX"), QStringLiteral("TYPE")},
                       {QStringLiteral("json"), QStringLiteral("print JSON")}});
    if (!parseOrUsage(ctx, parser, arguments, kMap) || !requireOptions(ctx, parser, {"apim", "application", "key-manager", "client-id", "key-type"}, kMap))
        return;
    if (!parser.isSet(QStringLiteral("client-secret-stdin"))) {
        ctx.usage(QStringLiteral("--client-secret-stdin is required (secrets are never taken on the command line); usage: kmconsole-cli ") + kMap);
        return;
    }
    const QString keyType = parser.value(QStringLiteral("key-type")).trimmed().toUpper();
    if (DevPortalClient::checkKeyType(keyType)) {
        ctx.usage(QStringLiteral("--key-type must be PRODUCTION or SANDBOX"));
        return;
    }
    const QString clientId = parser.value(QStringLiteral("client-id")).trimmed();
    if (const ApiError e = ProfileValidation::entraClientId(clientId)) {
        ctx.fail(e);
        return;
    }
    const QString secret = readClientSecret(ctx);
    if (secret.isEmpty())
        return;
    const QString application = parser.value(QStringLiteral("application"));
    const QString keyManager = parser.value(QStringLiteral("key-manager"));
    const bool json = parser.isSet(QStringLiteral("json"));
    if (!ctx.loadProfiles())
        return;
    openApim(ctx, parser.value(QStringLiteral("apim")), [&ctx, application, keyManager, clientId, secret, keyType, json](ApimClient *apim) {
        auto *portal = new DevPortalClient(apim, ctx.services());
        Job *find = portal->findApplicationByName(application);
        ctx.then(find, [&ctx, portal, application, keyManager, clientId, secret, keyType, json](const QJsonValue &result) {
            if (result.isNull()) {
                ctx.fail(ApiError::validation(QStringLiteral("The Developer Portal has no application named “%1” for this user").arg(application),
                                              QStringLiteral("Create it in the Developer Portal first, or check the name."), QStringLiteral("application")));
                return;
            }
            const QString applicationId = result.toObject().value(QLatin1String("applicationId")).toString();
            Job *map = portal->mapKeys(applicationId, keyManager, clientId, secret, keyType);
            ctx.then(map, [&ctx, application, keyManager, keyType, json](const QJsonValue &result) {
                const QJsonObject key = Redactor::redactJson(result).toObject();
                const QString note = QStringLiteral("Entra ID will not show this secret again and kmconsole did not store it: keep it where "
                                                    "your client reads it.");
                if (json) {
                    ctx.printJson(QJsonObject{{QStringLiteral("application"), application}, {QStringLiteral("key"), key},
                                              {QStringLiteral("note"), note}});
                } else {
                    ctx.print(QStringLiteral("Mapped %1 keys of “%2” on key manager “%3” to client %4 (mode %5).")
                                  .arg(keyType, application, keyManager, key.value(QLatin1String("consumerKey")).toString(),
                                       key.value(QLatin1String("mode")).toString()));
                    ctx.print(note);
                }
                ctx.finish(Success);
            });
        });
    });
}

} // namespace

QList<CommandEntry> entraCommands()
{
    return {
        {{QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("entra")}, kAdd, &addEntra},
        {{QStringLiteral("setup"), QStringLiteral("azure")}, kSetup, &setupAzure},
        {{QStringLiteral("azure"), QStringLiteral("check-app")}, kCheck, &checkApp},
        {{QStringLiteral("map-keys")}, kMap, &mapKeys},
    };
}

} // namespace km::cli
