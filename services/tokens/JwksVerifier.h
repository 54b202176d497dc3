#pragma once
// Checks a JWS signature against a JWKS the way a gateway would, and says in words why it fails.

#include "services/tokens/Jwt.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <memory>

namespace km {

class HttpSession;
class Job;

struct VerificationResult
{
    enum class Status {
        Verified,
        BadSignature,         // the key was found but the signature does not match (tampered, or signed by another key)
        KeyNotFound,          // no key in the JWKS for the token's kid (wrong JWKS URL, or the key rotated)
        AlgorithmRefused,     // alg "none": never accepted
        UnsupportedAlgorithm, // HS256 and other algorithms a JWKS of public keys cannot check
        KeyMismatch,          // the key's kty/crv/alg/use does not fit the token's alg
        InvalidKey,           // the JWK's parameters do not make a public key
        NotVerifiable,        // a Microsoft Graph token (nonce header): only Graph can verify it; not a forgery
        NotSigned,            // not a JWS at all (JWE, opaque, malformed)
        InvalidJwks,          // the JWKS has no "keys" array
        JwksUnavailable,      // the JWKS could not be fetched (a gateway would fail the same way)
    };

    bool verified = false;
    Status status = Status::NotSigned;
    QString keyId;     // the kid of the key used (or asked for)
    QString algorithm; // the token's alg
    QString reason;    // one or two sentences for the user

    static QString statusName(Status status); // "verified", "bad-signature", "key-not-found", …
    // For a JWKS that could not be fetched: `reason` is what went wrong (e.g. ApiError::toUserText()).
    static VerificationResult jwksUnavailable(const DecodedToken &token, const QUrl &url, const QString &reason);
    QJsonObject toJson() const;               // {verified, status, keyId, algorithm, reason}
};

// A JWKS as fetched, with the OpenSSL public keys made from its JWKs the first time a verification needs them:
// verifying many tokens against one ParsedJwks builds each key once, and each verification then only checks the
// signature. The JSON cannot change under the keys (it is a copy), so a key is never stale: a new JWKS (the issuer
// rotated its keys, even under the same kid) is a new ParsedJwks with keys of its own. Copies share the keys, which
// are freed with the last copy; verify() may be called on one ParsedJwks from several threads at once.
class ParsedJwks
{
public:
    ParsedJwks();
    explicit ParsedJwks(const QJsonObject &jwks);
    ~ParsedJwks();
    ParsedJwks(const ParsedJwks &);
    ParsedJwks &operator=(const ParsedJwks &);

    const QJsonObject &json() const;
    // How many public keys have been built from this JWKS's JWKs so far (each at most once).
    int keysBuilt() const;

private:
    friend class JwksVerifier;
    struct Data;
    std::shared_ptr<Data> d;
};

class JwksVerifier
{
    Q_DECLARE_TR_FUNCTIONS(km::JwksVerifier)
public:
    // Selects the key by kid (or, without kid, each key that fits the alg) and verifies with OpenSSL.
    // Supports RS256/384/512, PS256/384/512, ES256/384/512 and EdDSA (Ed25519, Ed448).
    static VerificationResult verify(const DecodedToken &token, const ParsedJwks &jwks);
    // The same for a JWKS used once (its keys are built for this call and freed after it).
    static VerificationResult verify(const DecodedToken &token, const QJsonObject &jwks);

    // True for a token whose header has a nonce and whose audience is Microsoft Graph.
    static bool isGraphToken(const DecodedToken &token);
    static bool isGraphAudience(const QString &audience);

    // GETs the JWKS; the job's result is the JWKS object, or an error in words when the answer is not a JWKS.
    // `timeoutMs` and `maxBytes` 0: the session's defaults.
    static Job *fetchJwks(HttpSession *session, const QUrl &url, QObject *parent = nullptr, int timeoutMs = 0, qint64 maxBytes = 0);
    // Empty when `jwks` is a usable JWKS, else what is wrong with it.
    static QString checkJwks(const QJsonObject &jwks);
    // For each signing key of a JWKS that a gateway could not use, why ("key “k1”: its modulus has 1024 bits…"):
    // parameters OpenSSL refuses, RSA below 2048 bits, an algorithm or key type no JWS verifier supports.
    // Empty when every signing key is usable (keys published for encryption are skipped).
    static QStringList keyProblems(const QJsonObject &jwks);
};

} // namespace km
