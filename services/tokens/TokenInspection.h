#pragma once
// One inspection of a pasted token, shared by the Token Inspector page and `kmconsole-cli token inspect`:
// decode → JWKS (given, or fetched from the URL, or the key manager's own) → verify → diagnose.

#include "services/core/Job.h"
#include "services/tokens/TokenDiagnosis.h"

#include <QJsonObject>
#include <QUrl>

#include <optional>

namespace km {

class ApimClient;
class HttpSession;

struct TokenInspectionRequest
{
    QString token;              // as pasted; never logged or stored
    QJsonObject keyManager;     // Admin v4 KeyManager; empty: compare with none
    QJsonObject jwks;           // a JWKS to verify with; empty: fetch jwksUrl
    QUrl jwksUrl;               // empty: the key manager's certificates when they are a JWKS URL
    // Required: a token whose signature cannot be checked is "not verified"; ClaimsOnly judges its claims alone.
    TokenDiagnosis::SignaturePolicy signaturePolicy = TokenDiagnosis::SignaturePolicy::Required;
};

class TokenInspectionJob : public FunctionJob
{
    Q_OBJECT
public:
    using FunctionJob::FunctionJob;

    const DecodedToken &token() const { return m_token; }
    const std::optional<VerificationResult> &verification() const { return m_verification; }
    const TokenDiagnosis &diagnosis() const { return m_diagnosis; }
    QUrl jwksUrl() const { return m_jwksUrl; }

private:
    friend class TokenInspection;
    DecodedToken m_token;
    std::optional<VerificationResult> m_verification;
    TokenDiagnosis m_diagnosis;
    QUrl m_jwksUrl;
};

class TokenInspection
{
public:
    // The JWKS URL the gateway would use for this key manager; empty when it holds a PEM certificate or none.
    static QUrl jwksUrlOf(const QJsonObject &keyManager);

    // Always succeeds (a bad token is a finding, not an error) unless cancelled; result() is tokenReportJson().
    static TokenInspectionJob *inspect(HttpSession *http, const TokenInspectionRequest &request, QObject *parent = nullptr);

    // Which key manager a token is read under, as the console and the CLI pick it. The key manager of `apim`
    // named `nameOrId` (its name or its id), read in full; fails, naming those API Manager has, when none is.
    static Job *keyManagerNamed(ApimClient *apim, const QString &nameOrId, QObject *parent);
    // The key manager whose issuer is `issuer`, as the gateway picks one for a token: the key managers read in
    // full one after the other, in API Manager's order, until one has it (one that cannot be read is not it).
    // Result: that key manager, or null when none has it.
    static Job *keyManagerWithIssuer(ApimClient *apim, const QString &issuer, QObject *parent);
};

} // namespace km
