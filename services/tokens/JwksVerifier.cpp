#include "services/tokens/JwksVerifier.h"
#include "services/core/ConstRange.h"

#include "services/core/Job.h"
#include "services/http/HttpJob.h"
#include "services/http/HttpSession.h"

#include <QJsonArray>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

namespace km {

namespace {

enum class Family { Rsa, RsaPss, Ecdsa, EdDsa };

struct AlgSpec
{
    const char *name;
    Family family;
    const EVP_MD *(*digest)();
    const char *curve;    // JWK crv for ECDSA
    int coordinateBytes;  // ECDSA: size of R and of S
};

const AlgSpec kAlgorithms[] = {
    {"RS256", Family::Rsa, EVP_sha256, nullptr, 0},    {"RS384", Family::Rsa, EVP_sha384, nullptr, 0},
    {"RS512", Family::Rsa, EVP_sha512, nullptr, 0},    {"PS256", Family::RsaPss, EVP_sha256, nullptr, 0},
    {"PS384", Family::RsaPss, EVP_sha384, nullptr, 0}, {"PS512", Family::RsaPss, EVP_sha512, nullptr, 0},
    {"ES256", Family::Ecdsa, EVP_sha256, "P-256", 32}, {"ES384", Family::Ecdsa, EVP_sha384, "P-384", 48},
    {"ES512", Family::Ecdsa, EVP_sha512, "P-521", 66}, {"EdDSA", Family::EdDsa, nullptr, nullptr, 0},
    {"Ed25519", Family::EdDsa, nullptr, nullptr, 0},
};

const AlgSpec *findAlgorithm(const QString &alg)
{
    for (const AlgSpec &a : kAlgorithms) {
        if (alg == QLatin1String(a.name))
            return &a;
    }
    return nullptr;
}

QString expectedKty(const AlgSpec &a)
{
    switch (a.family) {
    case Family::Rsa:
    case Family::RsaPss: return QStringLiteral("RSA");
    case Family::Ecdsa: return QStringLiteral("EC");
    case Family::EdDsa: return QStringLiteral("OKP");
    }
    return QString();
}

struct PkeyDeleter { void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); } };
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

QByteArray b64url(const QJsonObject &jwk, const char *name)
{
    const auto r = QByteArray::fromBase64Encoding(jwk.value(QLatin1String(name)).toString().toLatin1(),
                                                  QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    return r.decodingStatus == QByteArray::Base64DecodingStatus::Ok ? r.decoded : QByteArray();
}

const unsigned char *bytes(const QByteArray &b)
{
    return reinterpret_cast<const unsigned char *>(b.constData());
}

// OpenSSL's reason for the last failure, read off its (per-thread) error queue, which is left empty so
// that the failure cannot surface in a later, unrelated verification.
QString takeOpenSslError()
{
    QString reason;
    unsigned long code = 0;
    while ((code = ERR_get_error()) != 0) {
        if (reason.isEmpty()) {
            char text[256] = {};
            ERR_error_string_n(code, text, sizeof text);
            const char *why = ERR_reason_error_string(code);
            reason = QString::fromLatin1(why ? why : text);
        }
    }
    return reason;
}

QString withOpenSslReason(const QString &message)
{
    const QString reason = takeOpenSslError();
    return reason.isEmpty() ? message : QStringLiteral("%1 (OpenSSL: %2)").arg(message, reason);
}

// verify() starts with OpenSSL's error queue empty (so a reason it reads is its own) and, whatever path it
// leaves by, leaves it empty.
struct OpenSslErrorQueueGuard
{
    OpenSslErrorQueueGuard() { ERR_clear_error(); }
    ~OpenSslErrorQueueGuard() { ERR_clear_error(); }
    Q_DISABLE_COPY(OpenSslErrorQueueGuard)
};

Pkey keyFromParams(const char *type, OSSL_PARAM_BLD *bld)
{
    EVP_PKEY *pkey = nullptr;
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1 || EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
        pkey = nullptr;
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    return Pkey(pkey);
}

Pkey rsaKey(const QJsonObject &jwk, QString *error)
{
    const QByteArray n = b64url(jwk, "n"), e = b64url(jwk, "e");
    if (n.isEmpty() || e.isEmpty()) {
        *error = JwksVerifier::tr("its “n” or “e” is missing or not base64url");
        return nullptr;
    }
    BIGNUM *bn = BN_bin2bn(bytes(n), int(n.size()), nullptr);
    BIGNUM *be = BN_bin2bn(bytes(e), int(e.size()), nullptr);
    // RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used"; NIST SP 800-56B (§6.2.1) wants an odd
    // public exponent of at least 65537. Weaker keys are refused before OpenSSL is asked to verify anything.
    const int bits = bn ? BN_num_bits(bn) : 0;
    if (bn && be && bits < 2048) {
        *error = JwksVerifier::tr("its modulus “n” has %1 bits; RSA keys below 2048 bits are refused (RFC 7518 §3.3), so ask the "
                                  "issuer to publish a key of 2048 bits or more").arg(bits);
        BN_free(bn);
        BN_free(be);
        return nullptr;
    }
    if (bn && be && (!BN_is_odd(be) || BN_num_bits(be) < 17)) {
        *error = JwksVerifier::tr("its public exponent “e” is %1; an RSA exponent must be odd and at least 65537 (NIST SP 800-56B), "
                                  "so the key is refused").arg(BN_num_bits(be) <= 64 ? QString::number(BN_get_word(be)) : QStringLiteral("even"));
        BN_free(bn);
        BN_free(be);
        return nullptr;
    }
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    Pkey key;
    if (bn && be && bld && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) == 1
        && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be) == 1)
        key = keyFromParams("RSA", bld);
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn);
    BN_free(be);
    if (!key)
        *error = withOpenSslReason(JwksVerifier::tr("OpenSSL does not accept its “n” and “e” as an RSA public key"));
    return key;
}

Pkey ecKey(const QJsonObject &jwk, const AlgSpec &alg, QString *error)
{
    const QByteArray x = b64url(jwk, "x"), y = b64url(jwk, "y");
    if (x.size() != alg.coordinateBytes || y.size() != alg.coordinateBytes) {
        *error = JwksVerifier::tr("its “x” and “y” must each be %1 bytes for %2").arg(alg.coordinateBytes).arg(QLatin1String(alg.curve));
        return nullptr;
    }
    const QByteArray point = QByteArray(1, '\x04') + x + y; // uncompressed SEC1 point
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    Pkey key;
    if (bld && OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, alg.curve, 0) == 1
        && OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.constData(), size_t(point.size())) == 1)
        key = keyFromParams("EC", bld);
    OSSL_PARAM_BLD_free(bld);
    if (!key)
        *error = withOpenSslReason(JwksVerifier::tr("OpenSSL does not accept its “x” and “y” as a point on %1").arg(QLatin1String(alg.curve)));
    return key;
}

Pkey okpKey(const QJsonObject &jwk, QString *error)
{
    const QString crv = jwk.value(QLatin1String("crv")).toString();
    const QByteArray x = b64url(jwk, "x");
    const int type = crv == QLatin1String("Ed25519") ? EVP_PKEY_ED25519 : EVP_PKEY_ED448;
    Pkey key(EVP_PKEY_new_raw_public_key(type, nullptr, bytes(x), size_t(x.size())));
    if (!key)
        *error = withOpenSslReason(JwksVerifier::tr("its “x” is not a %1 public key").arg(crv));
    return key;
}

// Why `jwk` cannot check a token signed with `alg`; empty when it can.
QString keyMismatch(const QJsonObject &jwk, const AlgSpec &alg, const QString &algName)
{
    const QString kty = jwk.value(QLatin1String("kty")).toString();
    const QString crv = jwk.value(QLatin1String("crv")).toString();
    if (kty != expectedKty(alg))
        return QStringLiteral("it is a %1 key, but %2 needs a %3 key").arg(kty.isEmpty() ? QStringLiteral("typeless") : kty, algName, expectedKty(alg));
    if (alg.family == Family::Ecdsa && crv != QLatin1String(alg.curve))
        return QStringLiteral("it is on curve %1, but %2 needs %3").arg(crv, algName, QLatin1String(alg.curve));
    if (alg.family == Family::EdDsa) {
        if (crv != QLatin1String("Ed25519") && (crv != QLatin1String("Ed448") || algName != QLatin1String("EdDSA")))
            return JwksVerifier::tr("its curve %1 cannot verify %2").arg(crv, algName);
    }
    const QString keyAlg = jwk.value(QLatin1String("alg")).toString();
    if (!keyAlg.isEmpty() && keyAlg != algName)
        return JwksVerifier::tr("the key is published for %1, but the token says %2").arg(keyAlg, algName);
    if (jwk.value(QLatin1String("use")).toString() == QLatin1String("enc"))
        return JwksVerifier::tr("the key is published for encryption (use “enc”), not for signatures");
    return QString();
}

// Raw R||S (JWS, RFC 7518 §3.4) → DER, which OpenSSL verifies.
QByteArray ecdsaRawToDer(const QByteArray &raw)
{
    const int half = int(raw.size() / 2);
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(bytes(raw), half, nullptr);
    BIGNUM *s = BN_bin2bn(bytes(raw) + half, half, nullptr);
    QByteArray der;
    if (sig && r && s && ECDSA_SIG_set0(sig, r, s) == 1) {
        r = s = nullptr; // owned by sig now
        const int len = i2d_ECDSA_SIG(sig, nullptr);
        if (len > 0) {
            der.resize(len);
            unsigned char *p = reinterpret_cast<unsigned char *>(der.data());
            i2d_ECDSA_SIG(sig, &p);
        }
    }
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return der;
}

enum class Check { Valid, Invalid, Error };

struct PkeyCtxDeleter { void operator()(EVP_PKEY_CTX *c) const { EVP_PKEY_CTX_free(c); } };
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter>;

// The digest of each algorithm, fetched once from the default provider. OpenSSL 3's EVP_sha256() and friends
// are fetched again inside every EVP_DigestVerifyInit, a third of a small verification's time.
const EVP_MD *fetchedDigest(const EVP_MD *(*legacy)())
{
    using Legacy = const EVP_MD *(*)();
    struct Fetched
    {
        Legacy legacy;
        EVP_MD *md;
    };
    // A plain array, never freed: the digests live as long as the process, and stay reachable from here when
    // the leak checker looks at exit.
    static const std::array<Fetched, 3> digests = [] {
        std::array<Fetched, 3> all{};
        const Legacy legacies[] = {EVP_sha256, EVP_sha384, EVP_sha512};
        for (size_t i = 0; i < all.size(); ++i)
            all[i] = Fetched{legacies[i], EVP_MD_fetch(nullptr, EVP_MD_get0_name(legacies[i]()), nullptr)};
        return all;
    }();
    for (const Fetched &f : digests) {
        if (f.legacy == legacy && f.md)
            return f.md;
    }
    return legacy ? legacy() : nullptr;
}

// A context ready to verify `alg` signatures with `key` (padding and digest set), made once per key: each
// verification duplicates it (EVP_PKEY_CTX_dup) instead of initialising a new one. Null for EdDSA, which signs the
// message itself rather than its digest and goes through EVP_DigestVerify.
PkeyCtx preparedVerifier(EVP_PKEY *key, const AlgSpec &alg)
{
    if (!key || alg.family == Family::EdDsa)
        return nullptr;
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1)
        return nullptr;
    bool ready = EVP_PKEY_CTX_set_signature_md(ctx.get(), fetchedDigest(alg.digest)) == 1;
    if (alg.family == Family::Rsa)
        ready = ready && EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) == 1;
    if (alg.family == Family::RsaPss)
        ready = ready && EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING) == 1
                && EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), RSA_PSS_SALTLEN_DIGEST) == 1;
    ERR_clear_error();
    return ready ? std::move(ctx) : nullptr;
}

Check verifySignature(EVP_PKEY *key, EVP_PKEY_CTX *prepared, const AlgSpec &alg, const QByteArray &input, QByteArray signature)
{
    Check result = Check::Error;
    if (alg.family == Family::EdDsa) {
        // EdDSA signs the message itself, in one pass (no digest to set up first).
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        if (ctx && EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key) == 1) {
            const int rc = EVP_DigestVerify(ctx, bytes(signature), size_t(signature.size()), bytes(input), size_t(input.size()));
            result = rc == 1 ? Check::Valid : Check::Invalid;
        }
        EVP_MD_CTX_free(ctx);
        ERR_clear_error();
        return result;
    }
    if (alg.family == Family::Ecdsa) {
        signature = ecdsaRawToDer(signature);
        if (signature.isEmpty())
            return Check::Invalid;
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestSize = 0;
    const PkeyCtx ctx(prepared ? EVP_PKEY_CTX_dup(prepared) : nullptr);
    if (ctx && EVP_Digest(input.constData(), size_t(input.size()), digest, &digestSize, fetchedDigest(alg.digest), nullptr) == 1) {
        // Below 0 means the signature could not even be parsed: still a signature that does not match.
        const int rc = EVP_PKEY_verify(ctx.get(), bytes(signature), size_t(signature.size()), digest, digestSize);
        result = rc == 1 ? Check::Valid : Check::Invalid;
    }
    ERR_clear_error();
    return result;
}

VerificationResult make(VerificationResult::Status status, const DecodedToken &token, const QString &reason, const QString &kid = {})
{
    VerificationResult r;
    r.status = status;
    r.verified = status == VerificationResult::Status::Verified;
    r.algorithm = token.algorithm();
    r.keyId = kid.isEmpty() ? token.keyId() : kid;
    r.reason = reason;
    return r;
}

QString quotedList(const QStringList &items)
{
    QStringList q;
    for (const QString &s : items)
        q.append(QStringLiteral("“%1”").arg(s));
    return q.join(QStringLiteral(", "));
}

} // namespace

struct ParsedJwks::Data
{
    QJsonObject json;
    QString problem;            // checkJwks(json): empty when it is a usable JWKS
    QList<QJsonObject> keys;    // its JWKs, in order
    QList<QString> kids, x5ts;  // each JWK's "kid" and "x5t", read once

    // A built key, or why the JWK makes none. Keyed by the JWK's position (kid, kty and alg can repeat within
    // one JWKS; the position cannot) and the algorithm it is built for (an EC key depends on the curve).
    // Entries are never removed or changed once made, so a key found under the lock stays valid without it.
    struct Built
    {
        QString mismatch; // keyMismatch(): why this JWK cannot check `alg` at all; then nothing is built
        Pkey key;
        PkeyCtx verifier; // preparedVerifier(key, alg); null without a key, and for EdDSA
        QString error;
    };
    std::mutex mutex;
    std::map<std::pair<int, const AlgSpec *>, Built> built;

    const Built &keyFor(int index, const AlgSpec &alg)
    {
        const std::lock_guard<std::mutex> lock(mutex);
        const auto found = built.find({index, &alg});
        if (found != built.end())
            return found->second;
        Built b;
        const QJsonObject &jwk = keys.at(index);
        b.mismatch = keyMismatch(jwk, alg, QLatin1String(alg.name));
        if (!b.mismatch.isEmpty())
            return built.emplace(std::make_pair(index, &alg), std::move(b)).first->second;
        b.key = alg.family == Family::Rsa || alg.family == Family::RsaPss ? rsaKey(jwk, &b.error)
                : alg.family == Family::Ecdsa                             ? ecKey(jwk, alg, &b.error)
                                                                          : okpKey(jwk, &b.error);
        b.verifier = preparedVerifier(b.key.get(), alg);
        return built.emplace(std::make_pair(index, &alg), std::move(b)).first->second;
    }
};

ParsedJwks::ParsedJwks()
    : ParsedJwks(QJsonObject())
{
}

ParsedJwks::ParsedJwks(const QJsonObject &jwks)
    : d(std::make_shared<Data>())
{
    d->json = jwks;
    d->problem = JwksVerifier::checkJwks(jwks);
    if (d->problem.isEmpty()) {
        const QJsonArray keys = jwks.value(QLatin1String("keys")).toArray();
        for (const QJsonValue &v : keys) {
            d->keys.append(v.toObject());
            d->kids.append(d->keys.constLast().value(QLatin1String("kid")).toString());
            d->x5ts.append(d->keys.constLast().value(QLatin1String("x5t")).toString());
        }
    }
}

ParsedJwks::~ParsedJwks() = default;
ParsedJwks::ParsedJwks(const ParsedJwks &) = default;
ParsedJwks &ParsedJwks::operator=(const ParsedJwks &) = default;

const QJsonObject &ParsedJwks::json() const
{
    return d->json;
}

int ParsedJwks::keysBuilt() const
{
    const std::lock_guard<std::mutex> lock(d->mutex);
    int n = 0;
    for (const auto &entry : d->built)
        n += entry.second.key ? 1 : 0;
    return n;
}

QString VerificationResult::statusName(Status status)
{
    switch (status) {
    case Status::Verified: return QStringLiteral("verified");
    case Status::BadSignature: return QStringLiteral("bad-signature");
    case Status::KeyNotFound: return QStringLiteral("key-not-found");
    case Status::AlgorithmRefused: return QStringLiteral("alg-refused");
    case Status::UnsupportedAlgorithm: return QStringLiteral("unsupported-alg");
    case Status::KeyMismatch: return QStringLiteral("key-mismatch");
    case Status::InvalidKey: return QStringLiteral("invalid-key");
    case Status::NotVerifiable: return QStringLiteral("not-verifiable");
    case Status::NotSigned: return QStringLiteral("not-signed");
    case Status::InvalidJwks: return QStringLiteral("invalid-jwks");
    case Status::JwksUnavailable: return QStringLiteral("jwks-unavailable");
    }
    return QString();
}

VerificationResult VerificationResult::jwksUnavailable(const DecodedToken &token, const QUrl &url, const QString &reason)
{
    return make(Status::JwksUnavailable, token,
                JwksVerifier::tr("The JWKS at %1 could not be read: %2 A gateway configured with this URL cannot validate any token either "
                                 "and answers 900901 Invalid Credentials.").arg(url.toString(), reason));
}

QJsonObject VerificationResult::toJson() const
{
    return QJsonObject{{QStringLiteral("verified"), verified},
                       {QStringLiteral("status"), statusName(status)},
                       {QStringLiteral("keyId"), keyId},
                       {QStringLiteral("algorithm"), algorithm},
                       {QStringLiteral("reason"), reason}};
}

bool JwksVerifier::isGraphAudience(const QString &audience)
{
    QString a = audience;
    while (a.endsWith(QLatin1Char('/')))
        a.chop(1);
    return a.compare(QLatin1String("https://graph.microsoft.com"), Qt::CaseInsensitive) == 0
           || a.compare(QLatin1String("00000003-0000-0000-c000-000000000000"), Qt::CaseInsensitive) == 0
           || a.compare(QLatin1String("https://graph.microsoft.us"), Qt::CaseInsensitive) == 0
           || a.compare(QLatin1String("https://microsoftgraph.chinacloudapi.cn"), Qt::CaseInsensitive) == 0;
}

bool JwksVerifier::isGraphToken(const DecodedToken &token)
{
    if (!token.header.contains(QLatin1String("nonce")))
        return false;
    const QStringList auds = token.audiences();
    for (const QString &a : auds) {
        if (isGraphAudience(a))
            return true;
    }
    return false;
}

QString JwksVerifier::checkJwks(const QJsonObject &jwks)
{
    if (jwks.contains(QLatin1String("jwks_uri")))
        return JwksVerifier::tr("This is an OpenID discovery document, not a JWKS: use its jwks_uri %1")
            .arg(jwks.value(QLatin1String("jwks_uri")).toString());
    if (!jwks.value(QLatin1String("keys")).isArray()) {
        if (jwks.contains(QLatin1String("kty")))
            return JwksVerifier::tr("This is a single JWK, not a JWKS: a JWKS wraps its keys in {\"keys\": […]}");
        return JwksVerifier::tr("The answer is JSON but not a JWKS: it has no “keys” array");
    }
    const QJsonArray keys = jwks.value(QLatin1String("keys")).toArray();
    if (keys.isEmpty())
        return JwksVerifier::tr("The JWKS has no keys");
    for (const QJsonValue &k : keys) {
        if (!k.isObject() || !k.toObject().value(QLatin1String("kty")).isString())
            return JwksVerifier::tr("The JWKS holds an entry that is not a JWK (no “kty”)");
    }
    return QString();
}

VerificationResult JwksVerifier::verify(const DecodedToken &token, const QJsonObject &jwks)
{
    return verify(token, ParsedJwks(jwks));
}

VerificationResult JwksVerifier::verify(const DecodedToken &token, const ParsedJwks &jwks)
{
    using S = VerificationResult::Status;
    const OpenSslErrorQueueGuard clearOpenSslErrors;
    if (!token.isJws())
        return make(S::NotSigned, token, JwksVerifier::tr("Only a signed JWT (JWS) has a signature to check: this token is %1.")
                                             .arg(token.kind == DecodedToken::Kind::Jwe      ? QStringLiteral("encrypted (JWE)")
                                                  : token.kind == DecodedToken::Kind::Opaque ? JwksVerifier::tr("an opaque reference token")
                                                                                             : QStringLiteral("malformed")));
    const QString algName = token.algorithm();
    if (algName.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return make(S::AlgorithmRefused, token, JwksVerifier::tr("The token says alg “none”: it is not signed, and no gateway accepts an "
                                                                 "unsigned token. Whoever made it is not the key manager's issuer."));
    if (isGraphToken(token))
        return make(S::NotVerifiable, token,
                    JwksVerifier::tr("This is a Microsoft Graph token (audience Graph, with a nonce in its header): Graph changes the "
                                     "nonce before it checks the signature, so only Graph can verify it. It is not forged, but it is "
                                     "meant for Graph, not for your API; no gateway can validate it."));
    const AlgSpec *alg = findAlgorithm(algName);
    if (!alg) {
        if (algName.startsWith(QLatin1String("HS")))
            return make(S::UnsupportedAlgorithm, token,
                        JwksVerifier::tr("The token is signed with %1, a shared secret (HMAC): a JWKS publishes public keys only, so "
                                         "neither kmconsole nor the gateway can check it against the key manager's JWKS.").arg(algName));
        return make(S::UnsupportedAlgorithm, token,
                    JwksVerifier::tr("The token's algorithm “%1” is not supported (RS256/384/512, PS256/384/512, ES256/384/512 and "
                                     "EdDSA are).").arg(algName));
    }
    ParsedJwks::Data &parsed = *jwks.d;
    if (!parsed.problem.isEmpty())
        return make(S::InvalidJwks, token, parsed.problem + QLatin1Char('.'));

    // Candidates: the keys with the token's kid (or x5t); without either, every signing key.
    const QString kid = token.keyId();
    const QString x5t = token.header.value(QLatin1String("x5t")).toString();
    QList<int> candidates;
    for (int i = 0; i < parsed.keys.size(); ++i) {
        if (!kid.isEmpty() ? parsed.kids.at(i) == kid : !x5t.isEmpty() ? parsed.x5ts.at(i) == x5t : true)
            candidates.append(i);
    }
    if (candidates.isEmpty()) {
        QStringList kids;
        for (const QJsonObject &jwk : std::as_const(parsed.keys)) {
            const QString k = jwk.value(QLatin1String("kid")).toString();
            if (!k.isEmpty())
                kids.append(k);
        }
        const QString which = !kid.isEmpty() ? QStringLiteral("kid “%1”").arg(kid) : QStringLiteral("x5t “%1”").arg(x5t);
        return make(S::KeyNotFound, token,
                    JwksVerifier::tr("The JWKS has no key with %1 (it has %2). The key manager's JWKS URL may be wrong (another issuer "
                                     "or tenant), or the issuer rotated its keys and this JWKS is out of date.")
                        .arg(which, kids.isEmpty() ? QStringLiteral("no kids") : quotedList(kids)));
    }

    QString mismatch, keyError;
    QString triedKid;
    bool anyTried = false;
    for (const int index : std::as_const(candidates)) {
        const ParsedJwks::Data::Built &built = parsed.keyFor(index, *alg);
        const QString &thisKid = parsed.kids.at(index);
        if (!built.mismatch.isEmpty()) {
            if (mismatch.isEmpty())
                mismatch = built.mismatch;
            continue;
        }
        EVP_PKEY *key = built.key.get();
        if (!key) {
            if (keyError.isEmpty())
                keyError = built.error;
            continue;
        }
        anyTried = true;
        triedKid = thisKid;
        QByteArray signature = token.signature;
        if (alg->family == Family::Ecdsa && signature.size() != 2 * alg->coordinateBytes) {
            const bool der = !signature.isEmpty() && signature.at(0) == '\x30';
            return make(S::BadSignature, token,
                        JwksVerifier::tr("The %1 signature has %2 bytes; a JWS carries R and S as %3 raw bytes%4.")
                            .arg(algName).arg(signature.size()).arg(2 * alg->coordinateBytes)
                            .arg(der ? JwksVerifier::tr(" (this one looks DER-encoded, which JWS does not allow)") : QString()),
                        thisKid);
        }
        if (signature.isEmpty())
            return make(S::BadSignature, token, JwksVerifier::tr("The token has an empty signature although its alg is %1.").arg(algName), thisKid);
        if (verifySignature(key, built.verifier.get(), *alg, token.signingInput, signature) == Check::Valid)
            return make(S::Verified, token, JwksVerifier::tr("The signature is valid: made with the key “%1” (%2).")
                                                .arg(thisKid.isEmpty() ? JwksVerifier::tr("without kid") : thisKid, algName),
                        thisKid);
    }
    if (!anyTried) {
        if (!keyError.isEmpty())
            return make(S::InvalidKey, token, JwksVerifier::tr("The JWKS key %1 is unusable: %2.")
                                                  .arg(kid.isEmpty() ? JwksVerifier::tr("for this token") : QStringLiteral("“%1”").arg(kid), keyError));
        if (!kid.isEmpty())
            return make(S::KeyMismatch, token, JwksVerifier::tr("The JWKS key “%1” cannot check this token: %2.").arg(kid, mismatch));
        return make(S::KeyNotFound, token, JwksVerifier::tr("The JWKS has no key that fits %1 (%2); the key manager's JWKS URL may be wrong.")
                                               .arg(algName, mismatch));
    }
    QString reason = kid.isEmpty() && candidates.size() > 1
                         ? JwksVerifier::tr("The signature matches none of the JWKS keys: the token was changed after it was signed, or "
                                            "another issuer signed it.")
                         : JwksVerifier::tr("The signature does not match the JWKS key “%1”: the token was changed after it was signed, or "
                                            "it was signed by a different key.").arg(triedKid);
    if (token.header.contains(QLatin1String("nonce")))
        reason += JwksVerifier::tr(" Its header carries a nonce, as Microsoft Graph tokens do; such tokens can be verified only by Graph.");
    return make(S::BadSignature, token, reason, triedKid);
}

QStringList JwksVerifier::keyProblems(const QJsonObject &jwks)
{
    const OpenSslErrorQueueGuard clearOpenSslErrors;
    QStringList problems;
    int index = 0;
    for (const QJsonValue &v : constTemporary(jwks.value(QLatin1String("keys")).toArray())) {
        ++index;
        const QJsonObject jwk = v.toObject();
        const QString kid = jwk.value(QLatin1String("kid")).toString();
        const QString name = kid.isEmpty() ? QStringLiteral("key %1").arg(index) : QStringLiteral("key “%1”").arg(kid);
        if (jwk.value(QLatin1String("use")).toString() == QLatin1String("enc"))
            continue;
        const QString kty = jwk.value(QLatin1String("kty")).toString();
        const QString keyAlg = jwk.value(QLatin1String("alg")).toString();
        QString error;
        Pkey key;
        if (!keyAlg.isEmpty() && !findAlgorithm(keyAlg)) {
            error = JwksVerifier::tr("it is published for %1, which no gateway verifies with a public key").arg(keyAlg);
        } else if (kty == QLatin1String("RSA")) {
            key = rsaKey(jwk, &error);
        } else if (kty == QLatin1String("EC")) {
            const QString crv = jwk.value(QLatin1String("crv")).toString();
            const AlgSpec *alg = nullptr;
            for (const AlgSpec &a : kAlgorithms) {
                if (a.family == Family::Ecdsa && crv == QLatin1String(a.curve))
                    alg = &a;
            }
            if (alg)
                key = ecKey(jwk, *alg, &error);
            else
                error = JwksVerifier::tr("its curve “%1” is not P-256, P-384 or P-521").arg(crv);
        } else if (kty == QLatin1String("OKP")) {
            key = okpKey(jwk, &error);
        } else {
            error = JwksVerifier::tr("its key type “%1” is not a public signing key (RSA, EC or OKP)").arg(kty);
        }
        if (!key && error.isEmpty())
            error = JwksVerifier::tr("OpenSSL does not accept it as a public key");
        if (!key)
            problems << QStringLiteral("%1: %2").arg(name, error);
    }
    return problems;
}

Job *JwksVerifier::fetchJwks(HttpSession *session, const QUrl &url, QObject *parent, int timeoutMs, qint64 maxBytes)
{
    HttpRequest req = HttpRequest::get(url);
    if (timeoutMs > 0)
        req.timeoutMs = timeoutMs;
    req.maxResponseBytes = maxBytes;
    req.purpose = JwksVerifier::tr("Fetch JWKS");
    req.system = JwksVerifier::tr("The JWKS endpoint");
    req.errorFormat = parseGenericError; // any provider's JWKS endpoint: no one vendor's format
    req.setHeader("Accept", "application/json, application/jwk-set+json");
    auto *job = new FunctionJob(parent ? parent : session);
    job->whenDone(session->send(req, job), [job, url](const ApiError &error, const QJsonValue &answer) {
        if (error.isError()) {
            ApiError e = error;
            if (e.hint.isEmpty())
                e.hint = JwksVerifier::tr("The JWKS at %1 could not be read; a gateway configured with this URL cannot validate any "
                                          "token and answers 900901.").arg(url.toString());
            job->fail(e);
            return;
        }
        const QJsonObject jwks = answer.toObject();
        const QString problem = checkJwks(jwks);
        if (!problem.isEmpty()) {
            job->fail(ApiError::protocol(problem + QStringLiteral(" (%1)").arg(url.toString()), url));
            return;
        }
        job->succeed(jwks);
    });
    return job;
}

} // namespace km
