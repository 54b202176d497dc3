#pragma once
// Tells an admin, claim by claim, whether API Manager's gateway would accept a token, and if not why
// (the 900901 "Invalid Credentials" cases) and what to change. Pure: no network, `now` is given.

#include "services/tokens/JwksVerifier.h"
#include "services/tokens/Jwt.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace km {

struct TokenFinding
{
    enum class Severity { Ok, Info, Warning, Error };

    Severity severity = Severity::Info;
    QString id;     // stable: "format", "expiry", "not-before", "issued-at", "issuer", "consumer-key", "scopes",
                    // "audience", "signature", "key-manager"
    QString title;  // one line
    QString detail; // what was found, with the values
    QString fix;    // what to change; empty when nothing is to be done
    // What the gateway answers a call with this token when this finding bites (APISecurityConstants in API
    // Manager's gateway): "900901" Invalid Credentials for a token it cannot validate (malformed, signature,
    // issuer, times, consumer key), "900902" Missing Credentials for no token at all, "900910" for a scope a
    // resource requires and the token lacks, "900908" Resource forbidden for an application not subscribed to
    // the API. Empty when the finding costs nothing at the gateway.
    QString gatewayCode;

    static QString severityName(Severity severity); // "ok", "info", "warning", "error"
    // The gateway's message for a code ("Invalid Credentials"); empty for an unknown code.
    static QString gatewayMessage(const QString &code);
    // "900901 Invalid Credentials"; empty without a code.
    QString gatewayAnswer() const;
    QJsonObject toJson() const;                     // {severity, id, title, detail, fix[, gatewayCode, gatewayMessage]}
};

struct TokenDiagnosis
{
    Q_DECLARE_TR_FUNCTIONS(km::TokenDiagnosis)
public:
    enum class Verdict {
        Accepted,     // a key manager was given, the signature verified (or claims only were asked for) and nothing blocks the token
        Rejected,     // a claim is wrong, or the signature does not match
        Undetermined, // no key manager to compare with, or the claims cannot be read (JWE, opaque)
        NotVerified,  // nothing wrong in the claims, but the signature could not be checked: nothing proves who made the token
    };
    // Whether an unchecked signature blocks a verdict: by default it does; ClaimsOnly judges the claims
    // alone on purpose (the summary still says the signature was not checked).
    enum class SignaturePolicy { Required, ClaimsOnly };

    QList<TokenFinding> findings;
    Verdict verdict = Verdict::Undetermined;
    QString summary; // one line: would the gateway accept it, and the main reason if not

    bool hasErrors() const;
    // What a script should exit with 0 for: accepted, or no key manager given and nothing wrong with a JWS
    // whose signature verified (or ClaimsOnly).
    bool passes() const { return m_passes; }
    static QString verdictName(Verdict verdict); // "accepted", "rejected", "undetermined", "not-verified"
    QJsonArray findingsJson() const;
    QJsonObject verdictJson() const;            // {verdict, summary, passes}

    // `keyManager` is the Admin v4 KeyManager object (empty: none); `verification` absent = signature not checked.
    // Times older than `clockSkewSeconds` past `now` count as expired.
    static TokenDiagnosis diagnose(const DecodedToken &token, const std::optional<VerificationResult> &verification,
                                   const QJsonObject &keyManager, const QDateTime &now, int clockSkewSeconds = 0,
                                   SignaturePolicy policy = SignaturePolicy::Required);

    // The claim the gateway reads the client ID from: the key manager's consumerKeyClaim, else the
    // connector's default (AzureAD: appid for v1 tokens, azp for v2; others azp).
    static QString consumerKeyClaim(const QJsonObject &keyManager, const DecodedToken &token);
    // The key manager's scopesClaim, else the default (AzureAD scp, others scope).
    static QString scopesClaim(const QJsonObject &keyManager);

private:
    bool m_passes = false;
};

// {kind, message?, header, claims, verification (null when not checked), findings, verdict}: never the raw token or signature.
QJsonObject tokenReportJson(const DecodedToken &token, const std::optional<VerificationResult> &verification, const TokenDiagnosis &diagnosis);

} // namespace km
