// libFuzzer: a pasted token, taken apart (DecodedToken::decode) and diagnosed against no key manager,
// an Entra and an Asgardeo key manager, as the Token Inspector and `token inspect` do.

#include "FuzzSupport.h"

#include "services/tokens/Jwt.h"
#include "services/tokens/TokenDiagnosis.h"

#include <QJsonArray>

using namespace km;

KM_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const DecodedToken t = DecodedToken::decode(QString::fromUtf8(fuzz::bytes(data, size)));
    switch (t.kind) {
    case DecodedToken::Kind::Jws:
        fuzz::require(t.header.value(QLatin1String("alg")).isString(), "a JWS has an alg");
        fuzz::require(!t.header.contains(QLatin1String("crit")), "a JWS with crit is refused");
        fuzz::require(!t.signingInput.contains('='), "no padding in a JWS");
        fuzz::require(t.message.isEmpty(), "a JWS has no message");
        break;
    case DecodedToken::Kind::Malformed:
        fuzz::require(!t.message.isEmpty(), "a malformed token says why");
        fuzz::require(t.claims.isEmpty() && t.header.isEmpty(), "a malformed token shows no claims");
        break;
    case DecodedToken::Kind::Jwe:
    case DecodedToken::Kind::Opaque:
        fuzz::require(!t.message.isEmpty(), "JWE and opaque tokens say why the claims cannot be read");
        break;
    }
    (void)t.audiences();
    (void)t.scopes();
    (void)t.roles();
    (void)t.claimString(QStringLiteral("azp"));
    (void)entraIssuerVersion(t.issuer());
    (void)entraIssuerTenant(t.issuer());
    if (isEntraExternalIssuer(t.issuer()))
        fuzz::require(entraIssuerVersion(t.issuer()) != 0 && !entraIssuerTenant(t.issuer()).isEmpty(),
                      "an External ID issuer has a version and a tenant");
    for (const char *claim : {"exp", "nbf", "iat"}) {
        const QDateTime when = t.timeClaim(QLatin1String(claim));
        fuzz::require(!when.isValid() || (when.date().year() >= 1 && when.date().year() <= 9999), "times stay within years 1..9999");
    }

    static const QDateTime now = QDateTime(QDate(2025, 6, 1), QTime(12, 0), Qt::UTC);
    static const QJsonObject azure = fuzz::objectOf(R"({"name":"Entra","type":"AzureAD","enabled":true,
        "issuer":"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0","scopesClaim":"scp"})");
    static const QJsonObject asgardeo = fuzz::objectOf(R"({"name":"Asgardeo","type":"Asgardeo","enabled":true,
        "issuer":"https://api.asgardeo.io/t/acme/oauth2/token","consumerKeyClaim":"azp","scopesClaim":"scope"})");
    static const QJsonObject external = fuzz::objectOf(R"({"name":"Customers","type":"AzureAD","enabled":true,
        "issuer":"https://72f988bf-86f1-41af-91ab-2d7cd011db47.ciamlogin.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0","consumerKeyClaim":"azp","scopesClaim":"roles"})");
    // One key manager and policy per input (chosen by its length), so each execution stays cheap.
    const QJsonObject keyManagers[] = {QJsonObject(), azure, asgardeo, external};
    const QJsonObject &km = keyManagers[size % 4];
    const auto policy = (size / 4) % 2 ? TokenDiagnosis::SignaturePolicy::ClaimsOnly : TokenDiagnosis::SignaturePolicy::Required;
    const TokenDiagnosis d = TokenDiagnosis::diagnose(t, std::nullopt, km, now, 0, policy);
    fuzz::require(!d.summary.isEmpty(), "every diagnosis has a summary");
    // Without a checked signature, only an explicit claims-only judgement may pass.
    fuzz::require(!d.passes() || policy == TokenDiagnosis::SignaturePolicy::ClaimsOnly, "an unverified token never passes");
    fuzz::require(d.verdict != TokenDiagnosis::Verdict::Accepted || !km.isEmpty(), "accepted needs a key manager");
    (void)tokenReportJson(t, std::nullopt, d);
    return 0;
}
