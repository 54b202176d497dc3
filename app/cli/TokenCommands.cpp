// kmconsole-cli token inspect.

#include "TokenCommands.h"
#include "services/core/ConstRange.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimConnector.h"
#include "services/core/Job.h"
#include "services/tokens/TokenInspection.h"
#include "services/tokens/JwksVerifier.h"
#include "services/tokens/Jwt.h"
#include "services/tokens/TokenDiagnosis.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <optional>

namespace km::cli {

namespace {

const QString kInspect = QStringLiteral("token inspect (--token-stdin | TOKEN) [--jwks-url URL | --jwks-file FILE] "
                                        "[--key-manager-json FILE | --apim PROFILE [--key-manager NAME]] [--claims-only] [--json]");

// Reads a JSON object from a file; on failure says why in `error`.
QJsonObject readJsonFile(const QString &path, const QString &what, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the %1 file “%2”: %3").arg(what, path, file.errorString());
        return {};
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("the %1 file “%2” is not a JSON object%3").arg(what, path,
            parseError.error != QJsonParseError::NoError ? QStringLiteral(" (%1)").arg(parseError.errorString()) : QString());
        return {};
    }
    return doc.object();
}

QString indent(const QString &text)
{
    return QStringLiteral("          ") + text;
}

void printReport(CliContext &ctx, const DecodedToken &token, const std::optional<VerificationResult> &verification,
                 const TokenDiagnosis &diagnosis, bool json)
{
    if (json) {
        ctx.printJson(tokenReportJson(token, verification, diagnosis));
        return;
    }
    ctx.print(QStringLiteral("Verdict:  ") + diagnosis.summary);
    if (token.isJws()) {
        ctx.print(QStringLiteral("Header:   ") + QString::fromUtf8(QJsonDocument(token.header).toJson(QJsonDocument::Compact)));
        ctx.print(QStringLiteral("Claims:   ") + QString::fromUtf8(QJsonDocument(token.claims).toJson(QJsonDocument::Compact)));
    }
    ctx.print(QString());
    for (const TokenFinding &f : diagnosis.findings) {
        ctx.print(QStringLiteral("%1 %2").arg(QStringLiteral("[%1]").arg(TokenFinding::severityName(f.severity)), -9).arg(f.title));
        if (!f.detail.isEmpty())
            ctx.print(indent(f.detail));
        if (!f.gatewayCode.isEmpty())
            ctx.print(indent(QStringLiteral("Gateway: ") + f.gatewayAnswer()));
        if (!f.fix.isEmpty())
            ctx.print(indent(QStringLiteral("Fix: ") + f.fix));
    }
}

// Verifies (from the file, the URL, or the key manager's JWKS URL), then diagnoses and finishes.
void check(CliContext &ctx, const TokenInspectionRequest &request, bool json)
{
    TokenInspectionJob *job = TokenInspection::inspect(ctx.services()->http(), request, ctx.services());
    ctx.thenJob<TokenInspectionJob>(job, [&ctx, json](TokenInspectionJob *inspected) {
        printReport(ctx, inspected->token(), inspected->verification(), inspected->diagnosis(), json);
        if (inspected->diagnosis().verdict == TokenDiagnosis::Verdict::NotVerified)
            ctx.finish(Failure, QStringLiteral("kmconsole-cli: the token's signature was not verified; give the issuer's JWKS (--jwks-url, "
                                               "--jwks-file, or a key manager whose certificates are a JWKS URL), or --claims-only to "
                                               "judge its claims alone."));
        else
            ctx.finish(inspected->diagnosis().passes() ? Success : Failure);
    });
}

void inspect(CliContext &ctx, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("token-stdin"), QStringLiteral("read the token from standard input (recommended: a TOKEN argument is "
                                                                      "visible to other users in ps and stays in the shell history)")},
                       {QStringLiteral("jwks-url"), QStringLiteral("check the signature against this JWKS"), QStringLiteral("URL")},
                       {QStringLiteral("jwks-file"), QStringLiteral("check the signature against the JWKS in this file"), QStringLiteral("FILE")},
                       {QStringLiteral("key-manager-json"), QStringLiteral("the API Manager KeyManager object to check against"), QStringLiteral("FILE")},
                       {QStringLiteral("apim"), QStringLiteral("API Manager profile to read the key manager from"), QStringLiteral("PROFILE")},
                       {QStringLiteral("key-manager"), QStringLiteral("name (or id) of the key manager in API Manager (default: the one whose "
                                                                      "issuer is the token's, as the gateway picks it)"), QStringLiteral("NAME")},
                       {QStringLiteral("claims-only"), QStringLiteral("judge the claims even when the signature cannot be checked "
                                                                      "(the report still says it was not)")},
                       {QStringLiteral("json"), QStringLiteral("print the report as JSON")}});
    if (!parseOrUsage(ctx, parser, arguments, kInspect))
        return;
    const QStringList positional = parser.positionalArguments();
    const bool fromStdin = parser.isSet(QStringLiteral("token-stdin"));
    if (fromStdin == (positional.size() == 1) || positional.size() > 1) {
        ctx.usage(QStringLiteral("give the token either as the one argument or with --token-stdin; usage: kmconsole-cli ") + kInspect);
        return;
    }
    if (parser.isSet(QStringLiteral("jwks-url")) && parser.isSet(QStringLiteral("jwks-file"))) {
        ctx.usage(QStringLiteral("give --jwks-url or --jwks-file, not both"));
        return;
    }
    const QString apimProfile = parser.value(QStringLiteral("apim"));
    const QString kmName = parser.value(QStringLiteral("key-manager"));
    if (apimProfile.isEmpty() && !kmName.isEmpty()) {
        ctx.usage(QStringLiteral("--key-manager names a key manager of an API Manager: give --apim PROFILE too"));
        return;
    }
    if (!apimProfile.isEmpty() && parser.isSet(QStringLiteral("key-manager-json"))) {
        ctx.usage(QStringLiteral("give --key-manager-json or --apim with --key-manager, not both"));
        return;
    }
    const QString text = fromStdin ? QString::fromUtf8(ctx.readAllStdin()).trimmed() : positional.first();
    if (text.trimmed().isEmpty()) {
        ctx.usage(fromStdin ? QStringLiteral("no token on standard input") : QStringLiteral("the token is empty"));
        return;
    }

    QString error;
    QJsonObject keyManager;
    if (parser.isSet(QStringLiteral("key-manager-json"))) {
        keyManager = readJsonFile(parser.value(QStringLiteral("key-manager-json")), QStringLiteral("key manager"), &error);
        if (error.isEmpty() && keyManager.contains(QLatin1String("list")))
            error = QStringLiteral("the key manager file holds a list of key managers; give one KeyManager object (GET /key-managers/{id})");
        else if (error.isEmpty() && !keyManager.value(QLatin1String("type")).isString())
            error = QStringLiteral("the key manager file is not a KeyManager object (it has no “type”)");
        if (!error.isEmpty()) {
            ctx.usage(error);
            return;
        }
    }
    QJsonObject jwksFromFile;
    if (parser.isSet(QStringLiteral("jwks-file"))) {
        jwksFromFile = readJsonFile(parser.value(QStringLiteral("jwks-file")), QStringLiteral("JWKS"), &error);
        if (!error.isEmpty()) {
            ctx.usage(error);
            return;
        }
    }
    QUrl jwksUrl;
    if (parser.isSet(QStringLiteral("jwks-url"))) {
        jwksUrl = QUrl(parser.value(QStringLiteral("jwks-url")), QUrl::StrictMode);
        if (!jwksUrl.isValid() || (jwksUrl.scheme() != QLatin1String("https") && jwksUrl.scheme() != QLatin1String("http"))) {
            ctx.usage(QStringLiteral("--jwks-url must be an http(s) URL"));
            return;
        }
    }
    // Only once the command line is known to be good, so that a usage error stays the one line on stderr.
    if (!fromStdin)
        ctx.printError(QStringLiteral("kmconsole-cli: warning: a token given as an argument is visible to other users (ps) and stays in the "
                                      "shell history; pipe it in with --token-stdin instead.\n"));
    const bool json = parser.isSet(QStringLiteral("json"));
    TokenInspectionRequest request;
    request.token = text;
    request.keyManager = keyManager;
    request.jwks = jwksFromFile;
    request.jwksUrl = jwksUrl;
    request.signaturePolicy = parser.isSet(QStringLiteral("claims-only")) ? TokenDiagnosis::SignaturePolicy::ClaimsOnly
                                                                         : TokenDiagnosis::SignaturePolicy::Required;
    if (apimProfile.isEmpty()) {
        check(ctx, request, json);
        return;
    }
    // The key manager as API Manager has it, found by name (or id), or else by the token's issuer as the gateway does.
    if (!ctx.loadProfiles())
        return;
    const QString issuer = DecodedToken::decode(text).issuer();
    openApim(ctx, apimProfile, [&ctx, request, kmName, issuer, apimProfile, json](ApimClient *apim) {
        Job *find = kmName.isEmpty() ? TokenInspection::keyManagerWithIssuer(apim, issuer, ctx.scope())
                                     : TokenInspection::keyManagerNamed(apim, kmName, ctx.scope());
        find->onFinished(ctx.scope(), [&ctx, request, kmName, issuer, apimProfile, json](Job *found) {
            if (found->hasError())
                return ctx.fail(found->error());
            if (kmName.isEmpty() && found->result().isNull())
                ctx.printError(QStringLiteral("kmconsole-cli: API Manager “%1” has no key manager with the issuer “%2”: its gateway would answer "
                                              "900901. The token is checked without a key manager.\n").arg(apimProfile, issuer));
            TokenInspectionRequest withKeyManager = request;
            withKeyManager.keyManager = found->result().toObject();
            check(ctx, withKeyManager, json);
        });
    });
}

} // namespace

QList<CommandEntry> tokenCommands()
{
    return {{{QStringLiteral("token"), QStringLiteral("inspect")}, kInspect, &inspect}};
}

} // namespace km::cli
