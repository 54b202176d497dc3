#include "sandbox/SandboxCrypto.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace km::sandbox {

namespace {
QByteArray bioToBytes(BIO *bio)
{
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(len));
}

QByteArray bnParam(EVP_PKEY *key, const char *name)
{
    BIGNUM *bn = nullptr;
    if (!EVP_PKEY_get_bn_param(key, name, &bn))
        return {};
    QByteArray out(BN_num_bytes(bn), Qt::Uninitialized);
    BN_bn2bin(bn, reinterpret_cast<unsigned char *>(out.data()));
    BN_free(bn);
    return out;
}
} // namespace

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

TlsIdentity makeSelfSignedIdentity(QString *error)
{
    TlsIdentity identity;
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    X509 *cert = X509_new();
    if (!pkey || !cert) {
        if (error)
            *error = QStringLiteral("OpenSSL could not create a key");
        EVP_PKEY_free(pkey);
        X509_free(cert);
        return identity;
    }
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), long(QUuid::createUuid().data1 & 0x7fffffff));
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 365L * 24 * 3600);
    X509_set_pubkey(cert, pkey);
    X509_NAME *name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("kmconsole sandbox"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    if (X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1")) {
        X509_add_ext(cert, ext, -1);
        X509_EXTENSION_free(ext);
    }
    X509_sign(cert, pkey, EVP_sha256());

    BIO *certBio = BIO_new(BIO_s_mem());
    BIO *keyBio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(certBio, cert);
    PEM_write_bio_PrivateKey(keyBio, pkey, nullptr, nullptr, 0, nullptr, nullptr);
    identity.certificate = QSslCertificate(bioToBytes(certBio), QSsl::Pem);
    identity.key = QSslKey(bioToBytes(keyBio), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    BIO_free(certBio);
    BIO_free(keyBio);
    X509_free(cert);
    EVP_PKEY_free(pkey);
    if ((identity.certificate.isNull() || identity.key.isNull()) && error)
        *error = QStringLiteral("Qt could not load the generated certificate");
    return identity;
}

struct JwtSigner::Key
{
    EVP_PKEY *pkey = nullptr;
    ~Key() { EVP_PKEY_free(pkey); }
};

JwtSigner::JwtSigner()
    : m_key(new Key)
{
    m_key->pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048));
    const QJsonObject pub = jwk();
    m_kid = QString::fromLatin1(base64Url(QCryptographicHash::hash(
        pub.value(QLatin1String("n")).toString().toLatin1(), QCryptographicHash::Sha256)).left(16));
}

JwtSigner::~JwtSigner() = default;

bool JwtSigner::isValid() const
{
    return m_key && m_key->pkey;
}

QJsonObject JwtSigner::jwk() const
{
    if (!isValid())
        return {};
    QJsonObject key{{QStringLiteral("kty"), QStringLiteral("RSA")},
                    {QStringLiteral("use"), QStringLiteral("sig")},
                    {QStringLiteral("alg"), QStringLiteral("RS256")},
                    {QStringLiteral("n"), QString::fromLatin1(base64Url(bnParam(m_key->pkey, OSSL_PKEY_PARAM_RSA_N)))},
                    {QStringLiteral("e"), QString::fromLatin1(base64Url(bnParam(m_key->pkey, OSSL_PKEY_PARAM_RSA_E)))}};
    if (!m_kid.isEmpty())
        key.insert(QStringLiteral("kid"), m_kid);
    return key;
}

QJsonObject JwtSigner::jwks() const
{
    return QJsonObject{{QStringLiteral("keys"), QJsonArray{jwk()}}};
}

QByteArray JwtSigner::sign(const QJsonObject &claims, const QJsonObject &extraHeader) const
{
    QJsonObject header{{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("typ"), QStringLiteral("JWT")},
                       {QStringLiteral("kid"), m_kid}};
    for (auto it = extraHeader.begin(); it != extraHeader.end(); ++it)
        header.insert(it.key(), it.value());
    const QByteArray input = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
                             + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t len = 0;
    QByteArray signature;
    if (EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, m_key->pkey) == 1
        && EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size())) == 1) {
        signature.resize(qsizetype(len));
        if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(signature.data()), &len,
                           reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size())) == 1)
            signature.resize(qsizetype(len));
        else
            signature.clear();
    }
    EVP_MD_CTX_free(ctx);
    return input + '.' + base64Url(signature);
}

} // namespace km::sandbox
