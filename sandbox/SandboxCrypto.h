#pragma once
// Keys and certificates the stand-ins need, made with OpenSSL's own EVP and X509 APIs.

#include <QByteArray>
#include <QJsonObject>
#include <QSslCertificate>
#include <QSslKey>

#include <memory>

namespace km::sandbox {

struct TlsIdentity
{
    QSslCertificate certificate;
    QSslKey key;
};

// A self-signed certificate for localhost and 127.0.0.1, valid for a year.
TlsIdentity makeSelfSignedIdentity(QString *error);

// An RSA key that signs RS256 JWTs and publishes itself as a JWK.
class JwtSigner
{
public:
    JwtSigner();
    ~JwtSigner();
    JwtSigner(const JwtSigner &) = delete;
    JwtSigner &operator=(const JwtSigner &) = delete;

    bool isValid() const;
    QString keyId() const { return m_kid; }
    QJsonObject jwk() const;     // public part, with kid, use=sig, alg=RS256
    QJsonObject jwks() const;    // {"keys":[jwk]}
    // Compact JWS; `extraHeader` entries are added to {alg, typ, kid}.
    QByteArray sign(const QJsonObject &claims, const QJsonObject &extraHeader = {}) const;

private:
    struct Key;
    std::unique_ptr<Key> m_key;
    QString m_kid;
};

QByteArray base64Url(const QByteArray &data);

} // namespace km::sandbox
