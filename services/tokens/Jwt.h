#pragma once
// Takes a pasted access token apart (JWS, JWE, opaque or malformed) without trusting it.

#include <QCoreApplication>
#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace km {

struct DecodedToken
{
    Q_DECLARE_TR_FUNCTIONS(km::DecodedToken)
public:
    enum class Kind {
        Jws,       // header.payload.signature: claims readable, signature checkable against a JWKS
        Jwe,       // five parts: encrypted, only the header is readable
        Opaque,    // no dots: a reference token, only its issuer knows what it stands for
        Malformed, // none of the above; `message` says what is wrong
    };

    Kind kind = Kind::Malformed;
    QString raw;              // the token as decoded (trimmed, without "Bearer "); never print it
    QJsonObject header;       // JWS and JWE protected header
    QJsonObject claims;       // JWS payload
    QByteArray signingInput;  // "header.payload" as sent, what the signature covers
    QByteArray signature;     // decoded signature bytes
    QString message;          // Malformed: what is wrong; Jwe/Opaque: why the claims cannot be read and what to do

    // Accepts surrounding whitespace, a leading "Bearer " and a leading "Authorization:".
    static DecodedToken decode(const QString &token);
    static QString kindName(Kind kind); // "jws", "jwe", "opaque", "malformed"

    bool isJws() const { return kind == Kind::Jws; }
    QString algorithm() const;   // header alg
    QString keyId() const;       // header kid
    QString issuer() const;      // iss
    QStringList audiences() const; // aud, a string or an array
    QString claimString(const QString &name) const; // a string or number claim as text; empty when absent

    // Invalid QDateTime when the claim is absent, not a number, or out of range (UTC).
    QDateTime issuedAt() const;
    QDateTime notBefore() const;
    QDateTime expiresAt() const;

    // From `scope` (space separated string) or, if absent, `scp` (Entra: string, sometimes an array).
    QStringList scopes() const;
    // Which claim scopes() read: "scope", "scp" or empty.
    QString scopesClaimName() const;
    // `roles` (Entra application permissions, app roles).
    QStringList roles() const;

    QDateTime timeClaim(const QString &name) const;
    // The claim is present but not a date a gateway can use (not a number, or beyond year 1..9999, e.g. 1e300).
    bool hasUnreadableTimeClaim(const QString &name) const;

private:
    std::optional<qint64> timeClaimSeconds(const QString &name) const;
};

// "https://sts.windows.net/{tid}/" → 1, "https://login.microsoftonline.com/{tid}/v2.0" → 2, else 0.
// External ID (docs/fidelity.md): "https://{tid}.ciamlogin.com/{tid}/v2.0" → 2, "https://{tid}.ciamlogin.com/{tid}/" → 1.
int entraIssuerVersion(const QString &issuer);
// The tenant id part of an Entra issuer (v1 or v2, workforce or External ID), else empty.
QString entraIssuerTenant(const QString &issuer);
// An issuer of a Microsoft Entra External ID tenant: https://{tid}.ciamlogin.com/{tid}/v2.0 (or the v1-format
// …/{tid}/), the tenant ID as host label and as path segment, both the same.
bool isEntraExternalIssuer(const QString &issuer);

} // namespace km
