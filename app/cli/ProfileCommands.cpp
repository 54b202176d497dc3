// kmconsole-cli profile add apim|…, profile list.

#include "CliContext.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimConnector.h"
#include "services/apim/ApimVersion.h"
#include "services/http/HttpSession.h"
#include "services/profiles/ProfileStore.h"
#include "services/profiles/ProfileValidation.h"
#include "services/secrets/SecretStore.h"

#include <QJsonArray>
#include <QJsonObject>

namespace km::cli {

namespace {

const QString kAddApim = QStringLiteral("profile add apim NAME --url URL --username U --password-stdin [--trust-fingerprint SHA256] [--apim-version VERSION]");

bool requireValue(CliContext &ctx, const QCommandLineParser &parser, const QString &option, const QString &synopsis)
{
    if (parser.value(option).trimmed().isEmpty()) {
        ctx.usage(QStringLiteral("--%1 is required; usage: kmconsole-cli %2").arg(option, synopsis));
        return false;
    }
    return true;
}

void addApim(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("url"), QStringLiteral("API Manager URL"), QStringLiteral("URL")},
                       {QStringLiteral("username"), QStringLiteral("admin user"), QStringLiteral("U")},
                       {QStringLiteral("password-stdin"), QStringLiteral("read the password from standard input")},
                       {QStringLiteral("trust-fingerprint"), QStringLiteral("trust this SHA-256 certificate fingerprint"), QStringLiteral("SHA256")},
                       {QStringLiteral("apim-version"), QStringLiteral("the API Manager release, e.g. 4.6.0 (else read from the server)"), QStringLiteral("VERSION")}});
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("profile name"));
    if (!parseOrUsage(ctx, parser, arguments, kAddApim))
        return;
    if (parser.positionalArguments().size() != 1) {
        ctx.usage(QStringLiteral("give exactly one profile NAME; usage: kmconsole-cli ") + kAddApim);
        return;
    }
    if (!requireValue(ctx, parser, QStringLiteral("url"), kAddApim) || !requireValue(ctx, parser, QStringLiteral("username"), kAddApim))
        return;
    if (!parser.isSet(QStringLiteral("password-stdin"))) {
        ctx.usage(QStringLiteral("--password-stdin is required (passwords are never taken on the command line); usage: kmconsole-cli ") + kAddApim);
        return;
    }
    ApimProfile profile;
    profile.name = parser.positionalArguments().constFirst();
    profile.username = parser.value(QStringLiteral("username")).trimmed();
    if (const ApiError e = ProfileValidation::profileName(profile.name)) {
        ctx.fail(e);
        return;
    }
    if (const ApiError e = ProfileValidation::serviceUrl(parser.value(QStringLiteral("url")), &profile.url)) {
        ctx.fail(e);
        return;
    }
    QString versionNote;
    if (parser.isSet(QStringLiteral("apim-version"))) {
        if (const ApiError e = ProfileValidation::apimVersion(parser.value(QStringLiteral("apim-version")), &profile.apimVersion, &versionNote)) {
            ctx.fail(e);
            return;
        }
    }
    if (parser.isSet(QStringLiteral("trust-fingerprint"))) {
        const QString fingerprint = normalizeFingerprint(parser.value(QStringLiteral("trust-fingerprint")));
        if (fingerprint.isEmpty()) {
            ctx.usage(QStringLiteral("--trust-fingerprint takes a SHA-256 fingerprint: 64 hex digits, with or without colons"));
            return;
        }
        profile.pinnedCertificates.insert(HttpSession::hostPort(profile.url), fingerprint);
    }
    const QString password = ctx.readSecretFromStdin();
    if (password.isEmpty()) {
        ctx.usage(QStringLiteral("no password on standard input (pipe it in, e.g. printf '%s' \"$PW\" | kmconsole-cli profile add apim …)"));
        return;
    }
    if (!ctx.loadProfiles())
        return;
    if (const auto existing = ctx.services()->profiles()->apimProfile(profile.name)) {
        // Re-adding keeps the cached REST client registration when the server is the same.
        if (existing->url == profile.url && existing->username == profile.username) {
            profile.dcrClientId = existing->dcrClientId;
            profile.server = existing->server;
            if (!parser.isSet(QStringLiteral("apim-version")))
                profile.apimVersion = existing->apimVersion;
        }
    }
    Job *save = ApimConnector::saveProfile(ctx.services(), profile, password);
    ctx.then(save, [&ctx, profile, versionNote](const QJsonValue &result) {
        const bool session = result.toObject().value(QLatin1String("stored")).toString() == QLatin1String("session");
        if (session) {
            ctx.finish(Failure, QStringLiteral("kmconsole-cli: profile “%1” saved, but the password could not be stored: %2")
                                    .arg(profile.name, ctx.services()->secrets()->keychainProblem()));
            return;
        }
        ctx.print(QStringLiteral("Saved API Manager profile “%1” (%2); the password is in the OS keychain.").arg(profile.name, profile.url.toString()));
        if (!versionNote.isEmpty())
            ctx.print(QStringLiteral("Note: ") + versionNote);
        ctx.finish(Success);
    });
}

// The declared release and what the console last read from the server.
QString serverSummary(const ApimProfile &p)
{
    if (p.apimVersion.isEmpty() && p.server.isEmpty())
        return QStringLiteral("version unknown: declare it with --apim-version, or connect once in the console to read what the server offers");
    ApimServerInfo info = ApimServerInfo::fromJson(p.server);
    info.declared = ApimVersion::parse(p.apimVersion);
    QString out = info.summary();
    const QString at = p.server.value(QLatin1String("checkedAt")).toString();
    if (!at.isEmpty())
        out += QStringLiteral(" (read from the server %1)").arg(at);
    return out;
}

void listProfiles(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("json"), QStringLiteral("print JSON")});
    if (!parseOrUsage(ctx, parser, arguments, QStringLiteral("profile list [--json]")))
        return;
    if (!ctx.loadProfiles())
        return;
    QJsonObject all = ctx.services()->profiles()->toJson();
    // Each API Manager profile says what the console knows of its server, in words too.
    QJsonArray apims = all.value(QLatin1String("apim")).toArray();
    for (qsizetype i = 0; i < apims.size(); ++i) {
        QJsonObject p = apims.at(i).toObject();
        p.insert(QStringLiteral("serverSummary"), serverSummary(ApimProfile::fromJson(p)));
        apims[i] = p;
    }
    if (all.contains(QLatin1String("apim")))
        all.insert(QStringLiteral("apim"), apims);
    all.remove(QStringLiteral("secretKeys"));
    all.remove(QStringLiteral("version"));
    if (parser.isSet(QStringLiteral("json"))) {
        ctx.printJson(all);
        ctx.finish(Success);
        return;
    }
    const ProfileStore *store = ctx.services()->profiles();
    if (store->apimProfiles().isEmpty() && store->asgardeoProfiles().isEmpty() && store->entraProfiles().isEmpty())
        ctx.print(QStringLiteral("No profiles yet. Add one with: kmconsole-cli ") + kAddApim);
    for (const ApimProfile &p : store->apimProfiles())
        ctx.print(QStringLiteral("apim      %1  %2  user %3%4\n          %5").arg(p.name, p.url.toString(), p.username,
                                                                  p.name == store->activeApimProfile() ? QStringLiteral("  (active)") : QString(),
                                                                  serverSummary(p)));
    for (const AsgardeoProfile &p : store->asgardeoProfiles())
        ctx.print(QStringLiteral("asgardeo  %1  %2  client %3").arg(p.name, p.organizationUrl().toString(), p.clientId));
    for (const EntraProfile &p : store->entraProfiles())
        ctx.print(QStringLiteral("entra     %1  tenant %2  client %3%4").arg(p.name, p.tenant, p.clientId,
                                                                    p.isExternal() ? QStringLiteral("  External ID, sign-in on %1").arg(p.loginUrl.toString())
                                                                                   : QString()));
    ctx.finish(Success);
}

} // namespace

QList<CommandEntry> profileCommands()
{
    return {
        {{QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("apim")}, kAddApim, &addApim},
        {{QStringLiteral("profile"), QStringLiteral("list")}, QStringLiteral("profile list [--json]"), &listProfiles},
    };
}

} // namespace km::cli
