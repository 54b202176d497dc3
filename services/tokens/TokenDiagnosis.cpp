#include "services/tokens/TokenDiagnosis.h"
#include "services/core/ConstRange.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace km {

namespace {

using Severity = TokenFinding::Severity;

const QStringList kClientIdClaims = {QStringLiteral("azp"), QStringLiteral("appid"), QStringLiteral("client_id"), QStringLiteral("cid")};

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

bool isAzure(const QJsonObject &km)
{
    return str(km, "type").compare(QLatin1String("AzureAD"), Qt::CaseInsensitive) == 0;
}

bool isAsgardeo(const QJsonObject &km)
{
    return str(km, "type").compare(QLatin1String("Asgardeo"), Qt::CaseInsensitive) == 0;
}

QString when(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODate);
}

QString duration(qint64 seconds)
{
    seconds = qAbs(seconds);
    if (seconds < 120)
        return seconds == 1 ? TokenDiagnosis::tr("1 second") : TokenDiagnosis::tr("%1 seconds").arg(seconds);
    if (seconds < 2 * 3600)
        return TokenDiagnosis::tr("%1 minutes").arg(seconds / 60);
    if (seconds < 2 * 86400)
        return TokenDiagnosis::tr("%1 hours %2 minutes").arg(seconds / 3600).arg((seconds % 3600) / 60);
    return TokenDiagnosis::tr("%1 days").arg(seconds / 86400);
}

QString asgardeoOrg(const QString &issuer)
{
    static const QRegularExpression re(QStringLiteral("^https?://[^/]+/t/([^/]+)/"));
    const QRegularExpressionMatch m = re.match(issuer);
    return m.hasMatch() ? m.captured(1) : QString();
}

// What gets a token for the API instead of Graph. When the token names its tenant and client application
// (tid; appid or azp) as GUIDs, the exact request as a curl line, the secret left as $CLIENT_SECRET; the
// values are checked to be GUIDs before they go into a shell line.
QString graphFix(const DecodedToken &t)
{
    static const QRegularExpression guid(QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    const QString tenant = t.claimString(QStringLiteral("tid"));
    QString client = t.claimString(QStringLiteral("appid"));
    if (client.isEmpty())
        client = t.claimString(QStringLiteral("azp"));
    if (!guid.match(tenant).hasMatch() || !guid.match(client).hasMatch())
        return QStringLiteral("Request the token for your API instead: with client credentials, scope api://{your API app's client ID}/.default, "
                              "not https://graph.microsoft.com/.default.");
    return QStringLiteral("Request the token for your API instead: scope api://%2/.default (the Application ID URI of the app, which the "
                          "AzureAD key manager's applications expose), not https://graph.microsoft.com/.default:\n"
                          "curl -sS -X POST https://login.microsoftonline.com/%1/oauth2/v2.0/token -d grant_type=client_credentials "
                          "-d client_id=%2 --data-urlencode \"client_secret=$CLIENT_SECRET\" -d scope=api://%2/.default")
        .arg(tenant, client);
}

class Builder
{
public:
    // `gateway`: the code the gateway answers when the finding bites, for the findings whose code the rule
    // below cannot tell (no token at all, the subscription check).
    void add(Severity s, const QString &id, const QString &title, const QString &detail, const QString &fix = QString(),
             const QString &gateway = QString())
    {
        TokenFinding f;
        f.severity = s;
        f.id = id;
        f.title = title;
        f.detail = detail;
        f.fix = fix;
        // What the gateway answers when this bites: every error is a token it cannot validate; a scope
        // warning bites on resources that require a scope.
        if (!gateway.isEmpty())
            f.gatewayCode = gateway;
        else if (id == QLatin1String("scopes") && s == Severity::Warning)
            f.gatewayCode = QStringLiteral("900910");
        else if (s == Severity::Error)
            f.gatewayCode = QStringLiteral("900901");
        findings.append(f);
    }
    QList<TokenFinding> findings;
};

void checkKeyManager(Builder &b, const QJsonObject &km)
{
    const QString name = str(km, "name");
    if (km.contains(QLatin1String("enabled")) && !km.value(QLatin1String("enabled")).toBool()) {
        b.add(Severity::Error, QStringLiteral("key-manager"), TokenDiagnosis::tr("The key manager “%1” is disabled").arg(name),
              TokenDiagnosis::tr("The gateway ignores a disabled key manager, so no token of its issuer is accepted."),
              TokenDiagnosis::tr("Enable the key manager “%1” in API Manager.").arg(name));
    } else {
        b.add(Severity::Ok, QStringLiteral("key-manager"), TokenDiagnosis::tr("Checked against the key manager “%1” (%2)").arg(name, str(km, "type")),
              TokenDiagnosis::tr("Issuer %1.").arg(str(km, "issuer").isEmpty() ? TokenDiagnosis::tr("not set") : str(km, "issuer")));
    }
}

// Whether the signature verified, was found wrong (tampered, alg none), or could not be checked at all.
enum class SignatureState { Verified, Failed, Unchecked };

SignatureState signatureState(const std::optional<VerificationResult> &v)
{
    using S = VerificationResult::Status;
    if (!v)
        return SignatureState::Unchecked;
    switch (v->status) {
    case S::Verified: return SignatureState::Verified;
    case S::BadSignature:
    case S::AlgorithmRefused:
    case S::NotSigned: return SignatureState::Failed;
    case S::KeyNotFound:
    case S::UnsupportedAlgorithm:
    case S::KeyMismatch:
    case S::InvalidKey:
    case S::NotVerifiable:
    case S::InvalidJwks:
    case S::JwksUnavailable: return SignatureState::Unchecked;
    }
    return SignatureState::Unchecked;
}

void checkSignature(Builder &b, const DecodedToken &t, const std::optional<VerificationResult> &v, TokenDiagnosis::SignaturePolicy policy)
{
    using S = VerificationResult::Status;
    const QString id = QStringLiteral("signature");
    const bool claimsOnly = policy == TokenDiagnosis::SignaturePolicy::ClaimsOnly;
    if (!v) {
        b.add(Severity::Warning, id, TokenDiagnosis::tr("The signature was not checked"),
              QString(TokenDiagnosis::tr("No JWKS was given and the key manager names no JWKS URL: nothing proves the token was made by the issuer.")
                      + (claimsOnly ? TokenDiagnosis::tr(" Only the claims were judged, as asked.") : QString())),
              TokenDiagnosis::tr("Check it against the key manager's JWKS URL."));
        return;
    }
    // A signature that could not be checked is an error, unless the claims alone were asked for on purpose.
    const Severity unchecked = claimsOnly ? Severity::Warning : Severity::Error;
    switch (v->status) {
    case S::Verified:
        b.add(Severity::Ok, id, TokenDiagnosis::tr("The signature is valid"), v->reason);
        return;
    case S::NotVerifiable:
        b.add(unchecked, id, TokenDiagnosis::tr("Only Microsoft Graph can verify this token (it is not forged)"), v->reason, graphFix(t));
        return;
    case S::KeyNotFound:
        b.add(unchecked, id, TokenDiagnosis::tr("The key that signed the token is not in the JWKS"), v->reason,
              QStringLiteral("Compare the key manager's JWKS URL with the jwks_uri of the issuer's discovery document. Entra: v2 keys are "
                             "at https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys, v1 keys at "
                             "https://login.microsoftonline.com/common/discovery/keys."));
        return;
    case S::BadSignature:
        b.add(Severity::Error, id, TokenDiagnosis::tr("The signature does not match"), v->reason,
              TokenDiagnosis::tr("Use the token exactly as the issuer returned it; if it is genuine, the JWKS belongs to another issuer."));
        return;
    case S::AlgorithmRefused:
        b.add(Severity::Error, id, TokenDiagnosis::tr("The token is not signed (alg none)"), v->reason,
              TokenDiagnosis::tr("Get the token from the key manager's token endpoint."));
        return;
    case S::UnsupportedAlgorithm:
        b.add(unchecked, id, TokenDiagnosis::tr("The token's signature algorithm cannot be checked with a JWKS"), v->reason,
              TokenDiagnosis::tr("Configure the issuer to sign access tokens with RS256 (or another asymmetric algorithm)."));
        return;
    case S::JwksUnavailable:
        b.add(unchecked, id, TokenDiagnosis::tr("The JWKS could not be read"), v->reason,
              TokenDiagnosis::tr("Check the key manager's JWKS URL: it must be reachable from the gateway and return the issuer's keys."));
        return;
    case S::KeyMismatch:
    case S::InvalidKey:
    case S::InvalidJwks:
        b.add(unchecked, id, TokenDiagnosis::tr("The JWKS cannot check this token"), v->reason,
              TokenDiagnosis::tr("Check the key manager's JWKS URL: it must point at the issuer's signing keys."));
        return;
    case S::NotSigned:
        b.add(Severity::Error, id, TokenDiagnosis::tr("The token is not signed"), v->reason);
        return;
    }
}

void checkTimes(Builder &b, const DecodedToken &t, const QDateTime &now, int skew)
{
    const QDateTime exp = t.expiresAt(), nbf = t.notBefore(), iat = t.issuedAt();
    struct TimeClaim { const char *claim; const char *id; };
    for (const TimeClaim &c : {TimeClaim{"exp", "expiry"}, TimeClaim{"nbf", "not-before"}, TimeClaim{"iat", "issued-at"}}) {
        const QString claim = QLatin1String(c.claim);
        if (t.hasUnreadableTimeClaim(claim))
            b.add(Severity::Error, QLatin1String(c.id), TokenDiagnosis::tr("The token's “%1” is not a usable time").arg(claim),
                  TokenDiagnosis::tr("“%1” is %2; a JWT time is a number of seconds since 1970 (RFC 7519 NumericDate), and this one is no "
                                     "date between the years 1 and 9999. A gateway cannot check it.")
                      .arg(claim, QString::fromUtf8(QJsonDocument(QJsonArray{t.claims.value(claim)}).toJson(QJsonDocument::Compact)).mid(1).chopped(1)),
                  TokenDiagnosis::tr("Get a token from the key manager's token endpoint; its issuer writes times as seconds since 1970."));
    }
    if (t.hasUnreadableTimeClaim(QStringLiteral("exp"))) {
        // Reported above.
    } else if (!exp.isValid()) {
        b.add(Severity::Warning, QStringLiteral("expiry"), TokenDiagnosis::tr("The token has no expiry (exp)"),
              TokenDiagnosis::tr("An access token should say when it expires."));
    } else {
        const qint64 left = now.secsTo(exp);
        if (left + skew <= 0) {
            QString fix = TokenDiagnosis::tr("Get a new token.");
            if (-left < 300)
                fix += TokenDiagnosis::tr(" It expired only %1 ago: if it was issued moments ago, the clocks of the issuer, the gateway or this "
                                          "machine disagree; synchronize them with NTP.").arg(duration(left));
            b.add(Severity::Error, QStringLiteral("expiry"), TokenDiagnosis::tr("The token has expired"),
                  TokenDiagnosis::tr("It expired at %1, %2 before now (%3).").arg(when(exp), duration(left), when(now)), fix);
        } else {
            QString detail = TokenDiagnosis::tr("It expires at %1, in %2.").arg(when(exp), duration(left));
            if (iat.isValid() && iat < exp)
                detail += TokenDiagnosis::tr(" Lifetime %1.").arg(duration(iat.secsTo(exp)));
            b.add(Severity::Ok, QStringLiteral("expiry"), TokenDiagnosis::tr("The token has not expired"), detail);
        }
    }
    if (nbf.isValid() && now.secsTo(nbf) > skew) {
        const qint64 ahead = now.secsTo(nbf);
        b.add(Severity::Error, QStringLiteral("not-before"), TokenDiagnosis::tr("The token is not valid yet"),
              TokenDiagnosis::tr("It is valid from %1, %2 after now (%3).").arg(when(nbf), duration(ahead), when(now)),
              TokenDiagnosis::tr("If the token was just issued, the issuer's clock runs at least %1 ahead of this machine's: the gateway "
                                 "checks with its own clock, so synchronize the clocks with NTP.").arg(duration(ahead)));
    }
    if (iat.isValid() && now.secsTo(iat) > skew) {
        const qint64 ahead = now.secsTo(iat);
        b.add(Severity::Warning, QStringLiteral("issued-at"), TokenDiagnosis::tr("The token was issued in the future"),
              TokenDiagnosis::tr("Issued at %1, %2 after now (%3).").arg(when(iat), duration(ahead), when(now)),
              TokenDiagnosis::tr("The issuer's clock and this machine's (or the gateway's) differ by %1: synchronize them with NTP.").arg(duration(ahead)));
    }
}

// Microsoft Entra External ID (docs/fidelity.md): its tokens carry https://{tid}.ciamlogin.com/{tid}/v2.0; a
// v1-format token of an external tenant ends in "/" instead. True when a finding was added.
bool checkExternalIssuer(Builder &b, const QString &iss, const QString &kmIss, const QString &mismatch, bool haveKm)
{
    const QString id = QStringLiteral("issuer");
    const bool external = isEntraExternalIssuer(iss), kmExternal = isEntraExternalIssuer(kmIss);
    if (!external && !kmExternal)
        return false;
    const QString tenant = entraIssuerTenant(iss);
    const QString fitting = QStringLiteral("https://%1.ciamlogin.com/%1/v2.0").arg(tenant);
    const QString versionFix = TokenDiagnosis::tr("Set api.requestedAccessTokenVersion to 2 on the API app (the one whose Application ID URI "
                                                  "is the scope; kmconsole-cli azure check-app --fix does it): External ID key managers are v2.");
    if (external && entraIssuerVersion(iss) == 1 && (!haveKm || iss != kmIss)) {
        b.add(haveKm ? Severity::Error : Severity::Warning, id, TokenDiagnosis::tr("A v1-format token of a Microsoft Entra External ID tenant"),
              QString((haveKm ? mismatch + QLatin1Char(' ') : QString())
                      + TokenDiagnosis::tr("The issuer %1 ends in “/” instead of “/v2.0”: the API app asks for v1 tokens, and the key manager that "
                                           "fits this tenant has the issuer %2.").arg(iss, fitting)),
              versionFix);
        return true;
    }
    if (!haveKm || iss == kmIss)
        return false;
    if (external && entraIssuerVersion(kmIss) && !kmExternal && entraIssuerTenant(kmIss).compare(tenant, Qt::CaseInsensitive) == 0) {
        b.add(Severity::Error, id, TokenDiagnosis::tr("A Microsoft Entra External ID token for a key manager with the workforce issuer"),
              QString(mismatch + TokenDiagnosis::tr(" Tenant %1 is an External ID (customer) tenant: its tokens carry %2, not the "
                                                    "login.microsoftonline.com issuer.").arg(tenant, fitting)),
              QStringLiteral("Set the key manager's issuer to %1 as the document https://{subdomain}.ciamlogin.com/%2/v2.0/.well-known/openid-configuration "
                             "gives it: kmconsole-cli setup azure with an External ID profile (profile add entra … --cloud external "
                             "--external-subdomain NAME) does so.").arg(fitting, tenant));
        return true;
    }
    if (kmExternal && entraIssuerVersion(iss) == 2 && !external
        && entraIssuerTenant(iss).compare(entraIssuerTenant(kmIss), Qt::CaseInsensitive) == 0) {
        b.add(Severity::Error, id, TokenDiagnosis::tr("A login.microsoftonline.com token for a Microsoft Entra External ID key manager"),
              QString(mismatch + TokenDiagnosis::tr(" An external tenant also answers on login.microsoftonline.com, with that host as issuer and "
                                                    "other signing keys.")),
              QStringLiteral("Request the token from the key manager's token endpoint, https://{subdomain}.ciamlogin.com/%1/oauth2/v2.0/token, "
                             "not from login.microsoftonline.com.").arg(entraIssuerTenant(kmIss)));
        return true;
    }
    return false;
}

void checkIssuer(Builder &b, const DecodedToken &t, const QJsonObject &km, bool haveKm)
{
    const QString id = QStringLiteral("issuer");
    const QString iss = t.issuer();
    const int tv = entraIssuerVersion(iss);
    const QString ver = t.claimString(QStringLiteral("ver"));
    const QString versionNote = isEntraExternalIssuer(iss)
                                    ? QStringLiteral(" It is a token of the Microsoft Entra External ID tenant %1 (ver %2); the key manager that fits "
                                                     "is an AzureAD one with the issuer https://%1.ciamlogin.com/%1/v2.0.")
                                          .arg(entraIssuerTenant(iss), ver.isEmpty() ? (tv == 1 ? QStringLiteral("1.0") : QStringLiteral("2.0")) : ver)
                                : tv == 1 ? TokenDiagnosis::tr(" It is an Entra v1 token (ver %1).").arg(ver.isEmpty() ? QStringLiteral("1.0") : ver)
                                : tv == 2 ? TokenDiagnosis::tr(" It is an Entra v2 token (ver %1).").arg(ver.isEmpty() ? QStringLiteral("2.0") : ver)
                                          : QString();
    if (iss.isEmpty()) {
        b.add(haveKm ? Severity::Error : Severity::Warning, id, TokenDiagnosis::tr("The token has no issuer (iss)"),
              TokenDiagnosis::tr("The gateway picks the key manager by the token's issuer; without one it finds none and answers 900901 "
                                 "Invalid Credentials."),
              TokenDiagnosis::tr("Use an access token from the key manager's token endpoint."));
        return;
    }
    const QString kmIss = str(km, "issuer");
    const QString mismatch = TokenDiagnosis::tr("The token's issuer is %1, the key manager's is %2: the gateway finds no key manager for "
                                                "this issuer and answers 900901 Invalid Credentials.").arg(iss, kmIss);
    if (!kmIss.isEmpty() || !haveKm) {
        if (checkExternalIssuer(b, iss, kmIss, mismatch, haveKm))
            return;
    }
    if (!haveKm) {
        b.add(Severity::Info, id, TokenDiagnosis::tr("Issued by %1").arg(iss), versionNote.trimmed());
        return;
    }
    const QString name = str(km, "name");
    if (kmIss.isEmpty()) {
        b.add(Severity::Error, id, TokenDiagnosis::tr("The key manager “%1” has no issuer").arg(name),
              TokenDiagnosis::tr("The gateway picks the key manager by the token's issuer (%1); a key manager without an issuer never "
                                 "matches, and the gateway answers 900901 Invalid Credentials.").arg(iss),
              TokenDiagnosis::tr("Set the key manager's issuer to %1 if you trust that issuer.").arg(iss));
        return;
    }
    if (iss == kmIss) {
        b.add(Severity::Ok, id, TokenDiagnosis::tr("The issuer matches the key manager"), QString(iss + QLatin1Char('.') + versionNote));
        return;
    }
    const int kv = entraIssuerVersion(kmIss);
    const QString tenant = entraIssuerTenant(iss), kmTenant = entraIssuerTenant(kmIss);
    if (tv && kv && tenant != kmTenant) {
        b.add(Severity::Error, id, TokenDiagnosis::tr("The token is from another Entra tenant"),
              QString(mismatch + TokenDiagnosis::tr(" The token's tenant is %1, the key manager's %2.").arg(tenant, kmTenant)),
              TokenDiagnosis::tr("Get the token from tenant %1, or set up a key manager for tenant %2.").arg(kmTenant, tenant));
        return;
    }
    if (tv == 1 && kv == 2) {
        b.add(Severity::Error, id, TokenDiagnosis::tr("A v1 token for a key manager that expects v2 tokens"),
              QString(mismatch + versionNote + TokenDiagnosis::tr(" Entra picks the version from the manifest of the API's (resource) "
                                                                  "application, not from the endpoint the token was requested from.")),
              QStringLiteral("The app's api.requestedAccessTokenVersion is null/1 so Entra issues v1 tokens; set it to 2 or point the key "
                             "manager at the v1 issuer (https://sts.windows.net/%1/, consumer-key claim appid).").arg(tenant));
        return;
    }
    if (tv == 2 && kv == 1) {
        b.add(Severity::Error, id, TokenDiagnosis::tr("A v2 token for a key manager that expects v1 tokens"),
              QString(mismatch + versionNote + TokenDiagnosis::tr(" Entra picks the version from the manifest of the API's (resource) "
                                                                  "application.")),
              QStringLiteral("The app's api.requestedAccessTokenVersion is 2 so Entra issues v2 tokens; set it to null/1 or point the key "
                             "manager at the v2 issuer (https://login.microsoftonline.com/%1/v2.0, consumer-key claim azp).").arg(tenant));
        return;
    }
    QString a = iss, k = kmIss;
    while (a.endsWith(QLatin1Char('/')))
        a.chop(1);
    while (k.endsWith(QLatin1Char('/')))
        k.chop(1);
    if (a == k) {
        b.add(Severity::Error, id, TokenDiagnosis::tr("The issuers differ only by a trailing slash"),
              QString(mismatch + TokenDiagnosis::tr(" The gateway compares them character by character.")),
              TokenDiagnosis::tr("Set the key manager's issuer to exactly %1.").arg(iss));
        return;
    }
    const QString org = asgardeoOrg(iss), kmOrg = asgardeoOrg(kmIss);
    if (isAsgardeo(km) && !org.isEmpty() && !kmOrg.isEmpty() && org != kmOrg) {
        b.add(Severity::Error, id, TokenDiagnosis::tr("The token is from another Asgardeo organization"),
              QString(mismatch + TokenDiagnosis::tr(" The token's organization is %1, the key manager's %2.").arg(org, kmOrg)),
              TokenDiagnosis::tr("Get the token from an application in the organization %1.").arg(kmOrg));
        return;
    }
    b.add(Severity::Error, id, TokenDiagnosis::tr("The issuer does not match the key manager"), QString(mismatch + versionNote),
          TokenDiagnosis::tr("Get the token from the key manager's token endpoint, or, if %1 is the right identity provider, set the key "
                             "manager's issuer to exactly that.").arg(iss));
}

void checkConsumerKey(Builder &b, const DecodedToken &t, const QJsonObject &km, bool haveKm)
{
    const QString id = QStringLiteral("consumer-key");
    QStringList present;
    for (const QString &c : kClientIdClaims) {
        if (!t.claimString(c).isEmpty())
            present.append(c);
    }
    if (!haveKm) {
        if (present.isEmpty())
            b.add(Severity::Warning, id, TokenDiagnosis::tr("The token names no client application"),
                  TokenDiagnosis::tr("It has none of azp, appid, client_id: a gateway cannot tell which application it was issued to."),
                  TokenDiagnosis::tr("Use an access token from the client's token request, not an ID token."));
        else
            b.add(Severity::Info, id, TokenDiagnosis::tr("Client ID in “%1”: %2").arg(present.first(), t.claimString(present.first())),
                  TokenDiagnosis::tr("A key manager's consumer-key claim must name this claim."));
        return;
    }
    const QString claim = TokenDiagnosis::consumerKeyClaim(km, t);
    const bool configured = !str(km, "consumerKeyClaim").isEmpty();
    const QString source = configured ? TokenDiagnosis::tr("the key manager's consumer-key claim")
                                      : TokenDiagnosis::tr("the %1 connector's default consumer-key claim").arg(str(km, "type"));
    if (!t.claimString(claim).isEmpty()) {
        b.add(Severity::Ok, id, TokenDiagnosis::tr("Client ID in “%1”: %2").arg(claim, t.claimString(claim)),
              TokenDiagnosis::tr("The gateway finds the application by this consumer key (%1); the application must be subscribed to the API.")
                  .arg(source));
        return;
    }
    QString detail = TokenDiagnosis::tr("The gateway reads the client ID (consumer key) from the claim “%1” — %2 — to find the application and "
                                        "its subscription. This token has no “%1”, so the gateway answers 900901 Invalid Credentials.")
                         .arg(claim, source);
    QString fix;
    const QString other = present.isEmpty() ? QString() : present.first();
    if (other == QLatin1String("appid")) {
        detail += TokenDiagnosis::tr(" It carries the client ID in “appid”, as Entra v1 tokens do.");
        fix = TokenDiagnosis::tr("Set the key manager's consumer-key claim to appid, or make Entra issue v2 tokens (set the API app's "
                                 "api.requestedAccessTokenVersion to 2), which carry azp.");
    } else if (other == QLatin1String("azp")) {
        detail += TokenDiagnosis::tr(" It carries the client ID in “azp”%1.").arg(entraIssuerVersion(t.issuer()) == 2 ? TokenDiagnosis::tr(", as Entra v2 tokens do") : QString());
        fix = TokenDiagnosis::tr("Set the key manager's consumer-key claim to azp.");
    } else if (!other.isEmpty()) {
        detail += TokenDiagnosis::tr(" It carries the client ID in “%1”.").arg(other);
        fix = TokenDiagnosis::tr("Set the key manager's consumer-key claim to %1.").arg(other);
    } else {
        detail += TokenDiagnosis::tr(" It names no client at all (no azp, appid, client_id): it may be an ID token, or a token from another flow.");
        fix = TokenDiagnosis::tr("Use the access token the client receives from the key manager's token endpoint.");
    }
    b.add(Severity::Error, id, TokenDiagnosis::tr("The token has no “%1” claim, where the key manager looks for the client ID").arg(claim), detail, fix);
}

void checkScopes(Builder &b, const DecodedToken &t, const QJsonObject &km, bool haveKm)
{
    const QString id = QStringLiteral("scopes");
    const QStringList roles = t.roles();
    const QString rolesText = roles.isEmpty() ? QString() : TokenDiagnosis::tr(" Roles (application permissions): %1.").arg(roles.join(QStringLiteral(", ")));
    if (!haveKm) {
        const QString name = t.scopesClaimName();
        if (!name.isEmpty())
            b.add(Severity::Info, id, TokenDiagnosis::tr("Scopes in “%1”: %2").arg(name, t.scopes().join(QLatin1Char(' '))), rolesText.trimmed());
        else
            b.add(Severity::Info, id, TokenDiagnosis::tr("The token has no scopes"), rolesText.trimmed());
        return;
    }
    const QString claim = TokenDiagnosis::scopesClaim(km);
    const QJsonValue value = t.claims.value(claim);
    if (!value.isUndefined() && !value.isNull()) {
        QStringList list;
        if (value.isArray()) {
            for (const QJsonValue &v : km::constTemporary(value.toArray()))
                list.append(v.toString());
        } else {
            list = value.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        }
        b.add(Severity::Ok, id, TokenDiagnosis::tr("Scopes in “%1”: %2").arg(claim, list.join(QLatin1Char(' '))),
              QString(TokenDiagnosis::tr("Resources that require one of these scopes accept the token.") + rolesText));
        return;
    }
    const QString other = claim == QLatin1String("scp") ? QStringLiteral("scope") : claim == QLatin1String("scope") ? QStringLiteral("scp") : QString();
    if (!other.isEmpty() && t.claims.contains(other)) {
        b.add(Severity::Warning, id, TokenDiagnosis::tr("The scopes are in “%1”, but the key manager reads “%2”").arg(other, claim),
              TokenDiagnosis::tr("The gateway sees no scopes, so resources that require a scope answer 900910 (scope not allowed)."),
              TokenDiagnosis::tr("Set the key manager's scopes claim to %1.").arg(other));
        return;
    }
    if (!roles.isEmpty()) {
        b.add(Severity::Warning, id, TokenDiagnosis::tr("No scopes: the token carries application permissions in “roles”"),
              QString(TokenDiagnosis::tr("An app-only (client credentials) Entra token has no “%1”; resources that require a scope answer 900910 "
                                         "(scope not allowed), resources without scopes accept it.").arg(claim) + rolesText),
              TokenDiagnosis::tr("Leave scope-protected resources out for app-only clients, or use delegated (user) tokens, which carry scp."));
        return;
    }
    b.add(Severity::Warning, id, TokenDiagnosis::tr("The token has no scopes (“%1”)").arg(claim),
          TokenDiagnosis::tr("Resources that require a scope answer 900910 (scope not allowed); resources without scopes accept it."),
          isAsgardeo(km) ? TokenDiagnosis::tr("Request the scopes in the token request and authorize them for the application in Asgardeo "
                                              "(scopes that are not authorized are silently left out).")
                         : TokenDiagnosis::tr("Request the scopes the API needs in the token request."));
}

void checkAudience(Builder &b, const DecodedToken &t)
{
    const QString id = QStringLiteral("audience");
    const QStringList auds = t.audiences();
    for (const QString &a : auds) {
        if (JwksVerifier::isGraphAudience(a)) {
            b.add(Severity::Error, id, TokenDiagnosis::tr("The token is for Microsoft Graph, not for your API"),
                  TokenDiagnosis::tr("Its audience is %1. A gateway cannot validate Graph tokens.").arg(a), graphFix(t));
            return;
        }
    }
    if (auds.isEmpty())
        b.add(Severity::Info, id, TokenDiagnosis::tr("The token has no audience (aud)"), QString());
    else
        b.add(Severity::Info, id, TokenDiagnosis::tr("Audience: %1").arg(auds.join(QStringLiteral(", "))),
              TokenDiagnosis::tr("The resource the token was requested for."));
}

} // namespace

QString TokenFinding::severityName(Severity severity)
{
    switch (severity) {
    case Severity::Ok: return QStringLiteral("ok");
    case Severity::Info: return QStringLiteral("info");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Error: return QStringLiteral("error");
    }
    return QString();
}

QString TokenFinding::gatewayMessage(const QString &code)
{
    // API Manager's gateway (APISecurityConstants): the <ams:message> of its fault.
    static const QHash<QString, QString> messages{
        {QStringLiteral("900901"), QStringLiteral("Invalid Credentials")},
        {QStringLiteral("900902"), QStringLiteral("Missing Credentials")},
        {QStringLiteral("900908"), QStringLiteral("Resource forbidden")},
        {QStringLiteral("900910"), QStringLiteral("The access token does not allow you to access the requested resource")}};
    return messages.value(code);
}

QString TokenFinding::gatewayAnswer() const
{
    return gatewayCode.isEmpty() ? QString() : QStringLiteral("%1 %2").arg(gatewayCode, gatewayMessage(gatewayCode));
}

QJsonObject TokenFinding::toJson() const
{
    QJsonObject out{{QStringLiteral("severity"), severityName(severity)}, {QStringLiteral("id"), id}, {QStringLiteral("title"), title},
                    {QStringLiteral("detail"), detail}, {QStringLiteral("fix"), fix}};
    if (!gatewayCode.isEmpty()) {
        out.insert(QStringLiteral("gatewayCode"), gatewayCode);
        out.insert(QStringLiteral("gatewayMessage"), gatewayMessage(gatewayCode));
    }
    return out;
}

bool TokenDiagnosis::hasErrors() const
{
    for (const TokenFinding &f : findings) {
        if (f.severity == TokenFinding::Severity::Error)
            return true;
    }
    return false;
}

QString TokenDiagnosis::verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Accepted: return QStringLiteral("accepted");
    case Verdict::Rejected: return QStringLiteral("rejected");
    case Verdict::Undetermined: return QStringLiteral("undetermined");
    case Verdict::NotVerified: return QStringLiteral("not-verified");
    }
    return QString();
}

QJsonArray TokenDiagnosis::findingsJson() const
{
    QJsonArray out;
    for (const TokenFinding &f : findings)
        out.append(f.toJson());
    return out;
}

QJsonObject TokenDiagnosis::verdictJson() const
{
    return QJsonObject{{QStringLiteral("verdict"), verdictName(verdict)}, {QStringLiteral("summary"), summary}, {QStringLiteral("passes"), m_passes}};
}

QString TokenDiagnosis::consumerKeyClaim(const QJsonObject &keyManager, const DecodedToken &token)
{
    const QString configured = str(keyManager, "consumerKeyClaim");
    if (!configured.isEmpty())
        return configured;
    if (isAzure(keyManager)) {
        int version = entraIssuerVersion(str(keyManager, "issuer"));
        if (!version) {
            const QString requested = keyManager.value(QLatin1String("additionalProperties")).toObject()
                                          .value(QLatin1String("azure_ad_requested_access_token_version")).toString();
            version = requested == QLatin1String("v2.0") ? 2 : requested == QLatin1String("v1.0") ? 1 : entraIssuerVersion(token.issuer());
        }
        return version == 2 ? QStringLiteral("azp") : QStringLiteral("appid");
    }
    return QStringLiteral("azp");
}

QString TokenDiagnosis::scopesClaim(const QJsonObject &keyManager)
{
    const QString configured = str(keyManager, "scopesClaim");
    if (!configured.isEmpty())
        return configured;
    return isAzure(keyManager) ? QStringLiteral("scp") : QStringLiteral("scope");
}

TokenDiagnosis TokenDiagnosis::diagnose(const DecodedToken &token, const std::optional<VerificationResult> &verification,
                                        const QJsonObject &keyManager, const QDateTime &now, int clockSkewSeconds,
                                        SignaturePolicy policy)
{
    TokenDiagnosis d;
    Builder b;
    const bool haveKm = !keyManager.isEmpty();
    const QString kmName = str(keyManager, "name");

    switch (token.kind) {
    case DecodedToken::Kind::Malformed:
        if (token.raw.isEmpty()) {
            // No token is a call without credentials.
            b.add(Severity::Error, QStringLiteral("format"), TokenDiagnosis::tr("There is no token"), token.message,
                  TokenDiagnosis::tr("Send the access token in the Authorization header (Authorization: Bearer <token>)."),
                  QStringLiteral("900902"));
            d.findings = b.findings;
            d.verdict = Verdict::Rejected;
            d.summary = TokenDiagnosis::tr("The gateway would answer 900902 Missing Credentials: there is no token.");
            return d;
        }
        b.add(Severity::Error, QStringLiteral("format"), TokenDiagnosis::tr("The token is malformed"), token.message,
              TokenDiagnosis::tr("Copy the whole access token again: a gateway answers 900901 Invalid Credentials to a token it cannot read."));
        d.findings = b.findings;
        d.verdict = Verdict::Rejected;
        d.summary = TokenDiagnosis::tr("The gateway would reject this token (900901 Invalid Credentials): it is malformed. ") + token.message;
        return d;
    case DecodedToken::Kind::Jwe:
    case DecodedToken::Kind::Opaque: {
        const bool opaque = token.kind == DecodedToken::Kind::Opaque;
        QString fix;
        if (opaque && isAsgardeo(keyManager))
            fix = TokenDiagnosis::tr("In Asgardeo, set the application's access token type to JWT (Protocol → Access Token), or make the key "
                                     "manager validate tokens by introspection.");
        else if (opaque && isAzure(keyManager))
            fix = QStringLiteral("Entra issues opaque tokens only for resources it owns (e.g. personal-account Graph tokens): request the "
                                 "token for your API's scope, api://{client ID}/.default.");
        b.add(Severity::Warning, QStringLiteral("format"),
              opaque ? TokenDiagnosis::tr("An opaque token: its claims cannot be read") : TokenDiagnosis::tr("An encrypted token: its claims cannot be read"),
              token.message, fix);
        if (haveKm)
            checkKeyManager(b, keyManager);
        d.findings = b.findings;
        d.verdict = b.findings.size() > 1 && b.findings.last().severity == Severity::Error ? Verdict::Rejected : Verdict::Undetermined;
        d.summary = d.verdict == Verdict::Rejected
                        ? TokenDiagnosis::tr("The gateway would reject this token: the key manager “%1” is disabled.").arg(kmName)
                        : opaque ? TokenDiagnosis::tr("Cannot tell from an opaque token: only its issuer's introspection endpoint knows whether it is valid.")
                                 : TokenDiagnosis::tr("Cannot tell from an encrypted token without the recipient's private key.");
        return d;
    }
    case DecodedToken::Kind::Jws:
        break;
    }

    b.add(Severity::Ok, QStringLiteral("format"), TokenDiagnosis::tr("A signed JWT (%1)").arg(token.algorithm()),
          token.keyId().isEmpty() ? TokenDiagnosis::tr("The header names no key (kid).") : TokenDiagnosis::tr("Signed with the key “%1”.").arg(token.keyId()));
    if (haveKm)
        checkKeyManager(b, keyManager);
    checkAudience(b, token); // first: a Graph token is the root cause of the failures that follow
    checkIssuer(b, token, keyManager, haveKm);
    checkConsumerKey(b, token, keyManager, haveKm);
    checkSignature(b, token, verification, policy);
    checkTimes(b, token, now, clockSkewSeconds);
    checkScopes(b, token, keyManager, haveKm);
    d.findings = b.findings;

    QStringList errors;
    int warnings = 0;
    bool claimErrors = false;
    const TokenFinding *signature = nullptr;
    for (const TokenFinding &f : d.findings) {
        if (f.id == QLatin1String("signature"))
            signature = &f;
        if (f.severity == Severity::Error) {
            errors.append(f.title);
            claimErrors = claimErrors || f.id != QLatin1String("signature");
        } else if (f.severity == Severity::Warning) {
            ++warnings;
        }
    }
    const SignatureState sig = signatureState(verification);
    const bool claimsOnly = policy == SignaturePolicy::ClaimsOnly;
    // Said whenever the claims were judged without a verified signature.
    const QString uncheckedWhy = !verification ? TokenDiagnosis::tr("no JWKS was given")
                                 : signature    ? signature->title.at(0).toLower() + signature->title.mid(1)
                                                : QString();
    const QString notChecked = sig == SignatureState::Unchecked ? TokenDiagnosis::tr("its signature was not checked (%1)").arg(uncheckedWhy) : QString();
    if (claimErrors || sig == SignatureState::Failed) {
        d.verdict = Verdict::Rejected;
        d.summary = TokenDiagnosis::tr("%1 would reject this token with 900901 Invalid Credentials: %2%3.")
                        .arg(haveKm ? TokenDiagnosis::tr("The gateway") : TokenDiagnosis::tr("A gateway"), errors.first(),
                             errors.size() > 1 ? (errors.size() == 2 ? TokenDiagnosis::tr(" (and 1 more problem)") : TokenDiagnosis::tr(" (and %1 more problems)").arg(errors.size() - 1)) : QString());
    } else if (sig == SignatureState::Unchecked && !claimsOnly) {
        // Claims alone prove nothing: anyone can write them. Never call such a token good.
        d.verdict = Verdict::NotVerified;
        d.summary = TokenDiagnosis::tr("Not verified: the signature could not be checked (%1), so nothing proves the issuer made this token. "
                                       "Its claims show no problem%2; check the signature against the issuer's JWKS, or judge the claims "
                                       "alone on purpose.")
                        .arg(uncheckedWhy, haveKm ? TokenDiagnosis::tr(" for the key manager “%1”").arg(kmName) : QString());
    } else if (haveKm) {
        d.verdict = Verdict::Accepted;
        d.m_passes = true;
        // What a valid token can still meet: the subscription check, which only API Manager knows.
        const QString clientId = token.claimString(consumerKeyClaim(keyManager, token));
        if (!clientId.isEmpty()) {
            b.add(Severity::Info, QStringLiteral("subscription"), TokenDiagnosis::tr("The application must be subscribed to the API"),
                  TokenDiagnosis::tr("After validating the token, the gateway looks up the application with the client ID %1 (its “%2” claim) "
                                     "among the API's subscribers; an application that is not subscribed, or a blocked subscription, "
                                     "gets 900908 Resource forbidden.").arg(clientId, consumerKeyClaim(keyManager, token)),
                  TokenDiagnosis::tr("If a call answers 900908, subscribe the application that holds this client ID to the API in the "
                                     "Developer Portal."),
                  QStringLiteral("900908"));
            d.findings.append(b.findings.constLast());
        }
        d.summary = TokenDiagnosis::tr("The gateway would accept this token for the key manager “%1”%2%3.")
                        .arg(kmName,
                             notChecked.isEmpty() ? QString() : TokenDiagnosis::tr(" judging by its claims alone: %1").arg(notChecked),
                             warnings == 1 ? TokenDiagnosis::tr("; 1 warning below") : warnings > 1 ? TokenDiagnosis::tr("; %1 warnings below").arg(warnings) : QString());
    } else {
        d.verdict = Verdict::Undetermined;
        d.m_passes = true;
        d.summary = notChecked.isEmpty()
                        ? TokenDiagnosis::tr("Nothing is wrong with the token itself; compare it with a key manager to tell whether the gateway accepts it.")
                        : TokenDiagnosis::tr("Nothing is wrong with the token's claims, but %1; compare it with a key manager to tell whether the "
                                             "gateway accepts it.").arg(notChecked);
    }
    return d;
}

QJsonObject tokenReportJson(const DecodedToken &token, const std::optional<VerificationResult> &verification, const TokenDiagnosis &diagnosis)
{
    QJsonObject out{{QStringLiteral("kind"), DecodedToken::kindName(token.kind)},
                    {QStringLiteral("header"), token.header},
                    {QStringLiteral("claims"), token.claims},
                    {QStringLiteral("verification"), verification ? QJsonValue(verification->toJson()) : QJsonValue()},
                    {QStringLiteral("findings"), diagnosis.findingsJson()},
                    {QStringLiteral("verdict"), diagnosis.verdictJson()}};
    if (!token.message.isEmpty())
        out.insert(QStringLiteral("message"), token.message);
    return out;
}

} // namespace km
