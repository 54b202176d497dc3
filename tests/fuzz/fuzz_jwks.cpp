// libFuzzer: a token and a JWKS (the input's first line and the rest): JWKS parsing (checkJwks), key
// selection and OpenSSL verification (JwksVerifier::verify), as when a key manager's JWKS is fetched.

#include "FuzzSupport.h"

#include "services/tokens/JwksVerifier.h"
#include "services/tokens/TokenDiagnosis.h"

#include <openssl/err.h>

using namespace km;

KM_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    const qsizetype newline = input.indexOf('\n');
    const QByteArray tokenText = newline < 0 ? input : input.left(newline);
    const QByteArray jwksText = newline < 0 ? QByteArray() : input.mid(newline + 1);

    const DecodedToken token = DecodedToken::decode(QString::fromUtf8(tokenText));
    const QJsonObject jwks = fuzz::objectOf(jwksText);
    (void)JwksVerifier::checkJwks(jwks);
    const VerificationResult r = JwksVerifier::verify(token, jwks);
    fuzz::require(ERR_peek_error() == 0, "verify() leaves OpenSSL's error queue empty");
    fuzz::require(r.verified == (r.status == VerificationResult::Status::Verified), "verified matches the status");
    fuzz::require(!r.reason.isEmpty(), "every verification says why");
    fuzz::require(!r.verified || token.isJws(), "only a JWS verifies");
    (void)r.toJson();

    static const QDateTime now = QDateTime(QDate(2025, 6, 1), QTime(12, 0), Qt::UTC);
    const TokenDiagnosis d = TokenDiagnosis::diagnose(token, r, QJsonObject(), now);
    fuzz::require(!d.passes() || r.verified, "without a verified signature nothing passes");
    return 0;
}
