// Token inspection: decoding what admins paste, verifying signatures made by the independent npm jose
// library, and the gateway's 900901 cases the diagnosis must name (Entra v1/v2, appid/azp, Graph tokens).

#include "support/JobWaiter.h"
#include "support/NodePeer.h"

#include "services/http/HttpSession.h"
#include "services/oauth/TokenClient.h"
#include "services/tokens/JwksVerifier.h"
#include "services/tokens/Jwt.h"
#include "services/tokens/TokenDiagnosis.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>

#include <openssl/err.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace km;
using namespace km::test;

namespace {

const QString kTenant = QStringLiteral("72f988bf-86f1-41af-91ab-2d7cd011db47");
const QDateTime kNow = QDateTime(QDate(2025, 6, 1), QTime(12, 0), Qt::UTC);

QString b64(const QByteArray &data)
{
    return QString::fromLatin1(data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString b64(const QJsonObject &object)
{
    return b64(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// A JWS with a made-up signature: for decoding and diagnosis, where the signature is not checked.
QString jws(const QJsonObject &claims, const QJsonObject &header = {{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("kid"), QStringLiteral("k1")}})
{
    return b64(header) + QLatin1Char('.') + b64(claims) + QLatin1Char('.') + b64(QByteArray(256, 'x'));
}

double secs(const QDateTime &t)
{
    return double(t.toSecsSinceEpoch());
}

QJsonObject v1Claims()
{
    return {{QStringLiteral("aud"), QStringLiteral("api://11111111-2222-3333-4444-555555555555")},
            {QStringLiteral("iss"), QStringLiteral("https://sts.windows.net/%1/").arg(kTenant)},
            {QStringLiteral("iat"), secs(kNow.addSecs(-60))}, {QStringLiteral("nbf"), secs(kNow.addSecs(-60))},
            {QStringLiteral("exp"), secs(kNow.addSecs(3540))},
            {QStringLiteral("appid"), QStringLiteral("aaaabbbb-0000-1111-2222-333344445555")}, {QStringLiteral("appidacr"), QStringLiteral("1")},
            {QStringLiteral("roles"), QJsonArray{QStringLiteral("Orders.Read")}},
            {QStringLiteral("tid"), kTenant}, {QStringLiteral("ver"), QStringLiteral("1.0")}};
}

QJsonObject v2Claims()
{
    QJsonObject c = v1Claims();
    c.remove(QStringLiteral("appid"));
    c.remove(QStringLiteral("appidacr"));
    c.insert(QStringLiteral("iss"), QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(kTenant));
    c.insert(QStringLiteral("azp"), QStringLiteral("aaaabbbb-0000-1111-2222-333344445555"));
    c.insert(QStringLiteral("azpacr"), QStringLiteral("1"));
    c.insert(QStringLiteral("ver"), QStringLiteral("2.0"));
    return c;
}

QJsonObject azureKeyManager(int version, const QString &consumerKeyClaim)
{
    return {{QStringLiteral("name"), QStringLiteral("EntraProd")}, {QStringLiteral("type"), QStringLiteral("AzureAD")},
            {QStringLiteral("enabled"), true},
            {QStringLiteral("issuer"), version == 1 ? QStringLiteral("https://sts.windows.net/%1/").arg(kTenant)
                                                    : QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(kTenant)},
            {QStringLiteral("consumerKeyClaim"), consumerKeyClaim}, {QStringLiteral("scopesClaim"), QStringLiteral("scp")},
            {QStringLiteral("additionalProperties"), QJsonObject{{QStringLiteral("microsoft_graph_api_endpoint"), QStringLiteral("https://graph.microsoft.com")}}}};
}

QJsonObject asgardeoClaims(const QDateTime &now)
{
    return {{QStringLiteral("iss"), QStringLiteral("https://api.asgardeo.io/t/acme/oauth2/token")},
            {QStringLiteral("sub"), QStringLiteral("Q2x7cGPGqvhYbWDH2Hb6ZsU0oIka")}, {QStringLiteral("aud"), QStringLiteral("Q2x7cGPGqvhYbWDH2Hb6ZsU0oIka")},
            {QStringLiteral("azp"), QStringLiteral("Q2x7cGPGqvhYbWDH2Hb6ZsU0oIka")}, {QStringLiteral("scope"), QStringLiteral("orders:read orders:write")},
            {QStringLiteral("iat"), secs(now.addSecs(-30))}, {QStringLiteral("nbf"), secs(now.addSecs(-30))},
            {QStringLiteral("exp"), secs(now.addSecs(3570))}, {QStringLiteral("jti"), QStringLiteral("3c2a")},
            {QStringLiteral("client_id"), QStringLiteral("Q2x7cGPGqvhYbWDH2Hb6ZsU0oIka")}};
}

QJsonObject asgardeoKeyManager()
{
    return {{QStringLiteral("name"), QStringLiteral("Asgardeo")}, {QStringLiteral("type"), QStringLiteral("Asgardeo")},
            {QStringLiteral("enabled"), true}, {QStringLiteral("issuer"), QStringLiteral("https://api.asgardeo.io/t/acme/oauth2/token")},
            {QStringLiteral("consumerKeyClaim"), QStringLiteral("azp")}, {QStringLiteral("scopesClaim"), QStringLiteral("scope")}};
}

const TokenFinding *finding(const TokenDiagnosis &d, const QString &id)
{
    for (const TokenFinding &f : d.findings) {
        if (f.id == id)
            return &f;
    }
    return nullptr;
}

QString describe(const TokenDiagnosis &d)
{
    QString out = d.summary;
    for (const TokenFinding &f : d.findings)
        out += QStringLiteral("\n  [%1] %2: %3 | %4 | %5").arg(TokenFinding::severityName(f.severity), f.id, f.title, f.detail, f.fix);
    return out;
}

} // namespace

class TstTokens : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void decode_data();
    void decode();
    void claimHelpers();
    void joseTokensVerify_data();
    void joseTokensVerify();
    void tamperedPayloadFails();
    void wrongKeyFails();
    void kidNotInJwks();
    void tokenWithoutKidUsesTheOnlyKey();
    void algNoneRefused();
    void hmacAndMismatchedKeys();
    void derEcdsaSignatureNamed();
    void notAJwks();
    void graphNonceTokenIsNotForged();
    void fetchJwksFromRealProvider();
    void fetchJwksExplainsFailures();
    void diagnoseV1TokenAgainstV2KeyManager();
    void diagnoseV2TokenAgainstV1KeyManager();
    void diagnoseConsumerKeyClaimDefaults();
    void diagnoseOtherTenant();
    void diagnoseExternalIdTokens();
    void diagnoseExpiredAndNotYetValid();
    void diagnoseAsgardeoTokenPasses();
    void diagnoseDisabledKeyManager();
    void diagnoseGraphToken();
    void eachFindingSaysWhatTheGatewayAnswers();
    void diagnoseAppOnlyEntraTokenWarnsAboutScopes();
    void diagnoseWithoutKeyManager();
    void diagnoseOpaqueAndMalformed();
    void unverifiedSignatureIsNotVerified();
    void claimsOnlySaysTheSignatureWasNotChecked();
    void hugeTimesAreRefused_data();
    void hugeTimesAreRefused();
    void weakRsaKeysRefused_data();
    void weakRsaKeysRefused();
    void openSslFailureDoesNotLeak();
    void parsedJwksBuildsEachKeyOnce();
    void rotatedJwksIsNotServedFromAnOldCache();

private:
    // The signed entry {alg, kid, token, jwks} made by jose for `name`.
    QJsonObject signedBy(const QString &name) const { return m_signed.value(name).toObject(); }
    DecodedToken decoded(const QString &name) const { return DecodedToken::decode(signedBy(name).value(QLatin1String("token")).toString()); }
    QJsonObject jwksOf(const QString &name) const { return signedBy(name).value(QLatin1String("jwks")).toObject(); }

    QJsonObject m_signed; // name -> {alg, kid, token, jwks}
};

void TstTokens::initTestCase()
{
    // Every key pair and signature below is made by npm jose, not by kmconsole.
    const QStringList algs = {QStringLiteral("RS256"), QStringLiteral("RS512"), QStringLiteral("PS256"), QStringLiteral("PS384"),
                              QStringLiteral("ES256"), QStringLiteral("ES384"), QStringLiteral("ES512"), QStringLiteral("EdDSA")};
    const QJsonObject claims = asgardeoClaims(kNow);
    QJsonArray specs;
    QStringList names;
    for (const QString &alg : algs) {
        for (const QString &variant : {QStringLiteral("a"), QStringLiteral("b")}) {
            QJsonObject spec{{QStringLiteral("alg"), alg}, {QStringLiteral("kid"), QString(QStringLiteral("key-") + alg)}, {QStringLiteral("claims"), claims}};
            if (alg == QLatin1String("EdDSA"))
                spec.insert(QStringLiteral("crv"), QStringLiteral("Ed25519"));
            specs.append(spec);
            names.append(alg + QLatin1Char('-') + variant);
        }
    }
    specs.append(QJsonObject{{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("claims"), claims}});
    names.append(QStringLiteral("nokid"));
    for (const QString &aud : {QStringLiteral("https://graph.microsoft.com"), QStringLiteral("00000003-0000-0000-c000-000000000000")}) {
        QJsonObject graphClaims = v1Claims();
        graphClaims.insert(QStringLiteral("aud"), aud);
        specs.append(QJsonObject{{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("kid"), QStringLiteral("graph-key")},
                                 {QStringLiteral("claims"), graphClaims},
                                 {QStringLiteral("header"), QJsonObject{{QStringLiteral("nonce"), QStringLiteral("AQABAAAAAAD--DLA3VO7QrddgJg7Wevr")}}}});
        names.append(aud.startsWith(QLatin1String("https")) ? QStringLiteral("graph-url") : QStringLiteral("graph-guid"));
    }
    QByteArray out, err;
    const int rc = NodePeer::run(QStringLiteral("jose-sign.mjs"), {QString::fromUtf8(QJsonDocument(specs).toJson(QJsonDocument::Compact))}, &out, &err);
    QVERIFY2(rc == 0, qPrintable(QStringLiteral("jose-sign.mjs failed (%1): %2").arg(rc).arg(QString::fromUtf8(err))));
    const QJsonArray results = QJsonDocument::fromJson(out).array();
    QCOMPARE(results.size(), names.size());
    for (int i = 0; i < names.size(); ++i)
        m_signed.insert(names.at(i), results.at(i));
}

void TstTokens::decode_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QStringList>("messageParts");

    const QString good = jws({{QStringLiteral("iss"), QStringLiteral("x")}});
    const int Jws = int(DecodedToken::Kind::Jws), Jwe = int(DecodedToken::Kind::Jwe), Opaque = int(DecodedToken::Kind::Opaque),
              Bad = int(DecodedToken::Kind::Malformed);
    const QStringList parts = good.split(QLatin1Char('.'));
    QTest::newRow("jws") << good << Jws << QStringList();
    QTest::newRow("bearer prefix and whitespace") << QString(QStringLiteral("  Bearer  ") + good + QStringLiteral("\n")) << Jws << QStringList();
    QTest::newRow("authorization header line") << QString(QStringLiteral("Authorization: bearer ") + good) << Jws << QStringList();
    QTest::newRow("jwe") << QString(b64(QJsonObject{{QStringLiteral("alg"), QStringLiteral("RSA-OAEP-256")}, {QStringLiteral("enc"), QStringLiteral("A256GCM")}})
                                    + QStringLiteral(".ZW5jcnlwdGVka2V5.aXY.Y2lwaGVydGV4dA.dGFn"))
                         << Jwe << QStringList{QStringLiteral("encrypted token (JWE, alg RSA-OAEP-256, enc A256GCM)"), QStringLiteral("private key")};
    QTest::newRow("jwe with a broken part") << QString(b64(QJsonObject{{QStringLiteral("alg"), QStringLiteral("RSA-OAEP-256")}, {QStringLiteral("enc"), QStringLiteral("A256GCM")}})
                                                     + QStringLiteral(".ZW5jcnlwdGVka2V5.aXY.Y2lwa@GVydGV4dA.dGFn"))
                                            << Bad << QStringList{QStringLiteral("The ciphertext (part 4) is not valid base64url: “@” at position 6")};
    QTest::newRow("opaque") << QStringLiteral("Bearer 2YotnFZFEjr1zCsicMWpAA") << Opaque
                            << QStringList{QStringLiteral("opaque reference token"), QStringLiteral("introspection endpoint")};
    QTest::newRow("empty") << QStringLiteral("Bearer ") << Bad << QStringList{QStringLiteral("The token is empty")};
    QTest::newRow("two parts") << QString(parts.at(0) + QLatin1Char('.') + parts.at(1)) << Bad
                               << QStringList{QStringLiteral("has 2 parts"), QStringLiteral("header.payload.signature")};
    QTest::newRow("four parts") << QString(good + QStringLiteral(".abc")) << Bad << QStringList{QStringLiteral("has 4 parts")};
    QTest::newRow("standard base64 in payload") << QString(parts.at(0) + QStringLiteral(".eyJp+c3MiOiJ4In0.") + parts.at(2)) << Bad
                                                << QStringList{QStringLiteral("The payload (part 2) is not valid base64url"), QStringLiteral("“+” at position 5"),
                                                               QStringLiteral("standard base64")};
    QTest::newRow("bad signature encoding") << QString(parts.at(0) + QLatin1Char('.') + parts.at(1) + QStringLiteral(".ab*c")) << Bad
                                            << QStringList{QStringLiteral("The signature (part 3) is not valid base64url"), QStringLiteral("“*” at position 3")};
    QTest::newRow("header not json") << QString(b64(QByteArray("hello")) + QLatin1Char('.') + parts.at(1) + QLatin1Char('.') + parts.at(2)) << Bad
                                     << QStringList{QStringLiteral("The header (part 1) decodes, but is not JSON")};
    QTest::newRow("payload not an object") << QString(parts.at(0) + QLatin1Char('.') + b64(QByteArray("[1,2]")) + QLatin1Char('.') + parts.at(2)) << Bad
                                           << QStringList{QStringLiteral("The payload (part 2) is JSON, but not a JSON object")};
    QTest::newRow("header without alg") << jws({{QStringLiteral("iss"), QStringLiteral("x")}}, {{QStringLiteral("typ"), QStringLiteral("JWT")}}) << Bad
                                        << QStringList{QStringLiteral("has no “alg”")};
    QTest::newRow("wrapped when copied") << QString(good.left(20) + QStringLiteral("\n") + good.mid(20)) << Bad
                                         << QStringList{QStringLiteral("contains a line break at position 21"), QStringLiteral("wrapped")};
    QTest::newRow("padded header") << QString(QString::fromLatin1(QJsonDocument(QJsonObject{{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("kid"), QStringLiteral("k1")}})
                                                                    .toJson(QJsonDocument::Compact).toBase64(QByteArray::Base64UrlEncoding))
                                           + QLatin1Char('.') + parts.at(1) + QLatin1Char('.') + parts.at(2))
                                   << Bad << QStringList{QStringLiteral("The header (part 1) is not valid base64url: “=” at position 36 is padding"),
                                                         QStringLiteral("RFC 7515 §2")};
    QTest::newRow("padded signature") << QString(good + QStringLiteral("==")) << Bad
                                      << QStringList{QStringLiteral("The signature (part 3) is not valid base64url: “=” at position")};
    QTest::newRow("crit extension") << jws({{QStringLiteral("iss"), QStringLiteral("x")}},
                                           {{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("crit"), QJsonArray{QStringLiteral("http://example.com/tenant")}},
                                            {QStringLiteral("http://example.com/tenant"), QStringLiteral("t1")}})
                                    << Bad << QStringList{QStringLiteral("marks “http://example.com/tenant” as critical"), QStringLiteral("RFC 7515 §4.1.11")};
    QTest::newRow("crit not a list") << jws({{QStringLiteral("iss"), QStringLiteral("x")}},
                                            {{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("crit"), QStringLiteral("exp")}})
                                     << Bad << QStringList{QStringLiteral("“crit” that is not a list of extension names")};
    QTest::newRow("crit empty") << jws({{QStringLiteral("iss"), QStringLiteral("x")}},
                                       {{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("crit"), QJsonArray()}})
                                << Bad << QStringList{QStringLiteral("“crit” that is not a list of extension names")};
    QTest::newRow("cut short") << QString(parts.at(0) + QLatin1Char('.') + parts.at(1) + QLatin1Char('.') + parts.at(2).left(5)) << Bad
                               << QStringList{QStringLiteral("The signature (part 3) is not valid base64url"), QStringLiteral("length")};
}

void TstTokens::decode()
{
    QFETCH(QString, input);
    QFETCH(int, kind);
    QFETCH(QStringList, messageParts);
    const DecodedToken t = DecodedToken::decode(input);
    QVERIFY2(int(t.kind) == kind, qPrintable(DecodedToken::kindName(t.kind) + QStringLiteral(": ") + t.message));
    for (const QString &part : messageParts)
        QVERIFY2(t.message.contains(part), qPrintable(QStringLiteral("“%1” not in: %2").arg(part, t.message)));
    if (t.kind == DecodedToken::Kind::Jws) {
        QVERIFY(t.message.isEmpty());
        QCOMPARE(t.claims.value(QLatin1String("iss")).toString(), QStringLiteral("x"));
        QVERIFY(!t.raw.contains(QLatin1Char(' ')));
        QVERIFY(t.raw.startsWith(QLatin1String("eyJ")));
        QCOMPARE(t.signature, QByteArray(256, 'x'));
        QCOMPARE(QString::fromLatin1(t.signingInput), t.raw.section(QLatin1Char('.'), 0, 1));
    }
    if (t.kind == DecodedToken::Kind::Malformed) {
        QVERIFY(t.claims.isEmpty());
        QVERIFY(t.header.isEmpty());
    }
}

void TstTokens::claimHelpers()
{
    QJsonObject c = v1Claims();
    c.insert(QStringLiteral("scp"), QStringLiteral("Orders.Read  Orders.Write"));
    c.insert(QStringLiteral("aud"), QJsonArray{QStringLiteral("api://a"), QStringLiteral("api://b")});
    const DecodedToken t = DecodedToken::decode(jws(c));
    QCOMPARE(t.issuedAt(), kNow.addSecs(-60));
    QCOMPARE(t.notBefore(), kNow.addSecs(-60));
    QCOMPARE(t.expiresAt(), kNow.addSecs(3540));
    QCOMPARE(t.expiresAt().timeSpec(), Qt::UTC);
    QCOMPARE(t.scopes(), (QStringList{QStringLiteral("Orders.Read"), QStringLiteral("Orders.Write")}));
    QCOMPARE(t.scopesClaimName(), QStringLiteral("scp"));
    QCOMPARE(t.roles(), QStringList{QStringLiteral("Orders.Read")});
    QCOMPARE(t.audiences(), (QStringList{QStringLiteral("api://a"), QStringLiteral("api://b")}));
    QCOMPARE(t.algorithm(), QStringLiteral("RS256"));
    QCOMPARE(t.keyId(), QStringLiteral("k1"));
    QCOMPARE(entraIssuerVersion(t.issuer()), 1);
    QCOMPARE(entraIssuerTenant(t.issuer()), kTenant);
    QCOMPARE(entraIssuerVersion(QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(kTenant)), 2);
    QCOMPARE(entraIssuerVersion(QStringLiteral("https://api.asgardeo.io/t/acme/oauth2/token")), 0);

    const DecodedToken a = DecodedToken::decode(jws(asgardeoClaims(kNow)));
    QCOMPARE(a.scopes(), (QStringList{QStringLiteral("orders:read"), QStringLiteral("orders:write")}));
    QCOMPARE(a.scopesClaimName(), QStringLiteral("scope"));
    QVERIFY(a.roles().isEmpty());
    QVERIFY(!DecodedToken::decode(jws({{QStringLiteral("iss"), QStringLiteral("x")}})).expiresAt().isValid());
}

void TstTokens::joseTokensVerify_data()
{
    QTest::addColumn<QString>("alg");
    for (const char *alg : {"RS256", "RS512", "PS256", "PS384", "ES256", "ES384", "ES512", "EdDSA"})
        QTest::newRow(alg) << QString::fromLatin1(alg);
}

void TstTokens::joseTokensVerify()
{
    QFETCH(QString, alg);
    const QString name = alg + QStringLiteral("-a");
    const DecodedToken t = decoded(name);
    QCOMPARE(t.kind, DecodedToken::Kind::Jws);
    const VerificationResult r = JwksVerifier::verify(t, jwksOf(name));
    QVERIFY2(r.verified, qPrintable(r.reason));
    QCOMPARE(r.status, VerificationResult::Status::Verified);
    QCOMPARE(r.keyId, QString(QStringLiteral("key-") + alg));
    QCOMPARE(r.algorithm, alg);
    QVERIFY(r.reason.contains(QStringLiteral("signature is valid")));
}

void TstTokens::tamperedPayloadFails()
{
    for (const char *alg : {"RS256", "PS256", "ES256", "ES384", "EdDSA"}) {
        const QString name = QString::fromLatin1(alg) + QStringLiteral("-a");
        const QStringList parts = signedBy(name).value(QLatin1String("token")).toString().split(QLatin1Char('.'));
        QJsonObject claims = asgardeoClaims(kNow);
        claims.insert(QStringLiteral("scope"), QStringLiteral("orders:read orders:write admin")); // one scope added
        const DecodedToken t = DecodedToken::decode(parts.at(0) + QLatin1Char('.') + b64(claims) + QLatin1Char('.') + parts.at(2));
        QCOMPARE(t.kind, DecodedToken::Kind::Jws);
        const VerificationResult r = JwksVerifier::verify(t, jwksOf(name));
        QVERIFY2(!r.verified, alg);
        QCOMPARE(r.status, VerificationResult::Status::BadSignature);
        QVERIFY2(r.reason.contains(QStringLiteral("does not match the JWKS key “key-%1”").arg(QLatin1String(alg))), qPrintable(r.reason));
        QVERIFY(r.reason.contains(QStringLiteral("changed after it was signed")));
    }
}

void TstTokens::wrongKeyFails()
{
    // Same kid, another key pair: what a rotated key or a look-alike issuer gives.
    for (const char *alg : {"RS256", "PS384", "ES256", "ES512", "EdDSA"}) {
        const VerificationResult r = JwksVerifier::verify(decoded(QString::fromLatin1(alg) + QStringLiteral("-a")),
                                                          jwksOf(QString::fromLatin1(alg) + QStringLiteral("-b")));
        QVERIFY2(!r.verified, alg);
        QCOMPARE(r.status, VerificationResult::Status::BadSignature);
    }
}

void TstTokens::kidNotInJwks()
{
    QJsonObject jwks = jwksOf(QStringLiteral("RS256-a"));
    QJsonArray keys = jwks.value(QLatin1String("keys")).toArray();
    QJsonObject key = keys.at(0).toObject();
    key.insert(QStringLiteral("kid"), QStringLiteral("rotated-2025"));
    keys.replace(0, key);
    jwks.insert(QStringLiteral("keys"), keys);
    const VerificationResult r = JwksVerifier::verify(decoded(QStringLiteral("RS256-a")), jwks);
    QVERIFY(!r.verified);
    QCOMPARE(r.status, VerificationResult::Status::KeyNotFound);
    QCOMPARE(r.keyId, QStringLiteral("key-RS256"));
    QVERIFY2(r.reason.contains(QStringLiteral("no key with kid “key-RS256” (it has “rotated-2025”)")), qPrintable(r.reason));
    QVERIFY(r.reason.contains(QStringLiteral("JWKS URL may be wrong")));
    QVERIFY(r.reason.contains(QStringLiteral("rotated its keys")));
}

void TstTokens::tokenWithoutKidUsesTheOnlyKey()
{
    const DecodedToken t = decoded(QStringLiteral("nokid"));
    QVERIFY(t.keyId().isEmpty());
    VerificationResult r = JwksVerifier::verify(t, jwksOf(QStringLiteral("nokid")));
    QVERIFY2(r.verified, qPrintable(r.reason));
    // Several keys: each RSA key is tried; an EC key is skipped.
    QJsonArray keys = jwksOf(QStringLiteral("RS256-b")).value(QLatin1String("keys")).toArray();
    keys.append(jwksOf(QStringLiteral("ES256-a")).value(QLatin1String("keys")).toArray().at(0));
    keys.append(jwksOf(QStringLiteral("nokid")).value(QLatin1String("keys")).toArray().at(0));
    r = JwksVerifier::verify(t, QJsonObject{{QStringLiteral("keys"), keys}});
    QVERIFY2(r.verified, qPrintable(r.reason));
    keys.removeLast();
    r = JwksVerifier::verify(t, QJsonObject{{QStringLiteral("keys"), keys}});
    QCOMPARE(r.status, VerificationResult::Status::BadSignature);
}

void TstTokens::algNoneRefused()
{
    const QString token = b64(QJsonObject{{QStringLiteral("alg"), QStringLiteral("none")}, {QStringLiteral("typ"), QStringLiteral("JWT")}})
                          + QLatin1Char('.') + b64(asgardeoClaims(kNow)) + QLatin1Char('.');
    const DecodedToken t = DecodedToken::decode(token);
    QCOMPARE(t.kind, DecodedToken::Kind::Jws);
    QVERIFY(t.signature.isEmpty());
    const VerificationResult r = JwksVerifier::verify(t, jwksOf(QStringLiteral("RS256-a")));
    QVERIFY(!r.verified);
    QCOMPARE(r.status, VerificationResult::Status::AlgorithmRefused);
    QVERIFY(r.reason.contains(QStringLiteral("alg “none”")));
    const TokenDiagnosis d = TokenDiagnosis::diagnose(t, r, asgardeoKeyManager(), kNow);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Rejected);
    QCOMPARE(finding(d, QStringLiteral("signature"))->title, QStringLiteral("The token is not signed (alg none)"));
}

void TstTokens::hmacAndMismatchedKeys()
{
    const DecodedToken hs = DecodedToken::decode(jws(asgardeoClaims(kNow), {{QStringLiteral("alg"), QStringLiteral("HS256")}, {QStringLiteral("kid"), QStringLiteral("key-RS256")}}));
    VerificationResult r = JwksVerifier::verify(hs, jwksOf(QStringLiteral("RS256-a")));
    QCOMPARE(r.status, VerificationResult::Status::UnsupportedAlgorithm);
    QVERIFY2(r.reason.contains(QStringLiteral("shared secret (HMAC)")), qPrintable(r.reason));

    // An RS256 token whose kid points at an EC key.
    QJsonArray keys = jwksOf(QStringLiteral("ES256-a")).value(QLatin1String("keys")).toArray();
    QJsonObject ec = keys.at(0).toObject();
    ec.insert(QStringLiteral("kid"), QStringLiteral("key-RS256"));
    r = JwksVerifier::verify(decoded(QStringLiteral("RS256-a")), QJsonObject{{QStringLiteral("keys"), QJsonArray{ec}}});
    QCOMPARE(r.status, VerificationResult::Status::KeyMismatch);
    QVERIFY2(r.reason.contains(QStringLiteral("it is a EC key, but RS256 needs a RSA key")), qPrintable(r.reason));

    // An ES384 token against a P-256 key with its kid.
    ec.insert(QStringLiteral("kid"), QStringLiteral("key-ES384"));
    ec.remove(QStringLiteral("alg"));
    r = JwksVerifier::verify(decoded(QStringLiteral("ES384-a")), QJsonObject{{QStringLiteral("keys"), QJsonArray{ec}}});
    QCOMPARE(r.status, VerificationResult::Status::KeyMismatch);
    QVERIFY2(r.reason.contains(QStringLiteral("curve P-256, but ES384 needs P-384")), qPrintable(r.reason));

    // A JWK whose modulus is not base64url.
    QJsonObject rsa = jwksOf(QStringLiteral("RS256-a")).value(QLatin1String("keys")).toArray().at(0).toObject();
    rsa.insert(QStringLiteral("n"), QStringLiteral("not base64!"));
    r = JwksVerifier::verify(decoded(QStringLiteral("RS256-a")), QJsonObject{{QStringLiteral("keys"), QJsonArray{rsa}}});
    QCOMPARE(r.status, VerificationResult::Status::InvalidKey);
    QVERIFY2(r.reason.contains(QStringLiteral("“n” or “e” is missing")), qPrintable(r.reason));
}

void TstTokens::derEcdsaSignatureNamed()
{
    const QStringList parts = signedBy(QStringLiteral("ES256-a")).value(QLatin1String("token")).toString().split(QLatin1Char('.'));
    QByteArray der("\x30\x44\x02\x20", 4);
    der += QByteArray(32, '\x11') + QByteArray("\x02\x20", 2) + QByteArray(32, '\x22');
    const DecodedToken t = DecodedToken::decode(parts.at(0) + QLatin1Char('.') + parts.at(1) + QLatin1Char('.') + b64(der));
    const VerificationResult r = JwksVerifier::verify(t, jwksOf(QStringLiteral("ES256-a")));
    QCOMPARE(r.status, VerificationResult::Status::BadSignature);
    QVERIFY2(r.reason.contains(QStringLiteral("has 70 bytes; a JWS carries R and S as 64 raw bytes")), qPrintable(r.reason));
    QVERIFY(r.reason.contains(QStringLiteral("DER-encoded")));
}

void TstTokens::notAJwks()
{
    const DecodedToken t = decoded(QStringLiteral("RS256-a"));
    VerificationResult r = JwksVerifier::verify(t, QJsonObject{{QStringLiteral("issuer"), QStringLiteral("x")}});
    QCOMPARE(r.status, VerificationResult::Status::InvalidJwks);
    QVERIFY2(r.reason.contains(QStringLiteral("no “keys” array")), qPrintable(r.reason));
    r = JwksVerifier::verify(t, jwksOf(QStringLiteral("RS256-a")).value(QLatin1String("keys")).toArray().at(0).toObject());
    QVERIFY2(r.reason.contains(QStringLiteral("single JWK, not a JWKS")), qPrintable(r.reason));
    QCOMPARE(JwksVerifier::checkJwks(QJsonObject{{QStringLiteral("keys"), QJsonArray()}}), QStringLiteral("The JWKS has no keys"));
    QVERIFY(JwksVerifier::checkJwks(jwksOf(QStringLiteral("RS256-a"))).isEmpty());
    r = JwksVerifier::verify(DecodedToken::decode(QStringLiteral("opaque-token")), jwksOf(QStringLiteral("RS256-a")));
    QCOMPARE(r.status, VerificationResult::Status::NotSigned);
}

void TstTokens::graphNonceTokenIsNotForged()
{
    for (const QString &name : {QStringLiteral("graph-url"), QStringLiteral("graph-guid")}) {
        const DecodedToken t = decoded(name);
        QVERIFY(JwksVerifier::isGraphToken(t));
        // Checked against another issuer's keys it would not match; still it must not be called forged.
        for (const QJsonObject &jwks : {jwksOf(QStringLiteral("RS256-b")), jwksOf(name)}) {
            const VerificationResult r = JwksVerifier::verify(t, jwks);
            QVERIFY(!r.verified);
            QCOMPARE(r.status, VerificationResult::Status::NotVerifiable);
            QVERIFY2(r.reason.contains(QStringLiteral("only Graph can verify it")), qPrintable(r.reason));
            QVERIFY(r.reason.contains(QStringLiteral("It is not forged")));
            QVERIFY(!r.reason.contains(QStringLiteral("does not match")));
        }
    }
    // A nonce header without a Graph audience is checked like any token.
    QJsonObject header{{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("nonce"), QStringLiteral("n")}};
    QVERIFY(!JwksVerifier::isGraphToken(DecodedToken::decode(jws(v1Claims(), header))));
}

void TstTokens::fetchJwksFromRealProvider()
{
    // A certified OpenID provider (npm oidc-provider) issues the token and publishes the keys.
    NodePeer provider;
    QString error;
    QVERIFY2(provider.start(QStringLiteral("oidc-server.mjs"), {}, &error), qPrintable(error));
    HttpSession session;
    const QString issuer = provider.info().value(QLatin1String("issuer")).toString();
    const QUrl discoveryUrl(issuer + QStringLiteral("/.well-known/openid-configuration"));
    auto discovery = await(TokenClient(&session).fetchDiscovery(discoveryUrl));
    QVERIFY2(!discovery->hasError(), qPrintable(discovery->error().toUserText()));
    const QUrl jwksUrl(discovery->result().toObject().value(QLatin1String("jwks_uri")).toString());
    auto tokenJob = await(TokenClient(&session).clientCredentials(
        QUrl(discovery->result().toObject().value(QLatin1String("token_endpoint")).toString()), provider.info().value(QLatin1String("clientId")).toString(),
        provider.info().value(QLatin1String("clientSecret")).toString(), {QStringLiteral("read")}));
    QVERIFY2(!tokenJob->hasError(), qPrintable(tokenJob->error().toUserText()));
    const DecodedToken t = DecodedToken::decode(tokenJob->result().toObject().value(QLatin1String("access_token")).toString());
    QCOMPARE(t.kind, DecodedToken::Kind::Jws);

    auto jwksJob = await(JwksVerifier::fetchJwks(&session, jwksUrl));
    QVERIFY2(!jwksJob->hasError(), qPrintable(jwksJob->error().toUserText()));
    const VerificationResult r = JwksVerifier::verify(t, jwksJob->result().toObject());
    QVERIFY2(r.verified, qPrintable(r.reason));
    QCOMPARE(r.keyId, t.keyId());

    // The discovery document is not a JWKS: say so and point at jwks_uri.
    auto wrong = await(JwksVerifier::fetchJwks(&session, discoveryUrl));
    QVERIFY(wrong->hasError());
    QVERIFY2(wrong->error().toUserText().contains(QStringLiteral("OpenID discovery document, not a JWKS: use its jwks_uri %1").arg(jwksUrl.toString())),
             qPrintable(wrong->error().toUserText()));
}

void TstTokens::fetchJwksExplainsFailures()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close(); // nothing listens there now
    HttpSession session;
    session.setRetryPolicy(RetryPolicy{10, 20, 100});
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/oauth2/jwks").arg(port));
    auto job = await(JwksVerifier::fetchJwks(&session, url));
    QVERIFY(job->hasError());
    QCOMPARE(job->error().kind, ApiError::Kind::Network);
    const DecodedToken t = decoded(QStringLiteral("RS256-a"));
    const VerificationResult r = VerificationResult::jwksUnavailable(t, url, job->error().toUserText());
    QCOMPARE(r.status, VerificationResult::Status::JwksUnavailable);
    QVERIFY2(r.reason.contains(url.toString()) && r.reason.contains(QStringLiteral("900901")), qPrintable(r.reason));
    const TokenDiagnosis d = TokenDiagnosis::diagnose(t, r, asgardeoKeyManager(), kNow);
    // A JWKS that cannot be read proves nothing either way: not verified (and no pass).
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::NotVerified);
    QVERIFY(!d.passes());
    QCOMPARE(finding(d, QStringLiteral("signature"))->title, QStringLiteral("The JWKS could not be read"));
}

void TstTokens::diagnoseV1TokenAgainstV2KeyManager()
{
    const DecodedToken t = DecodedToken::decode(jws(v1Claims()));
    const TokenDiagnosis d = TokenDiagnosis::diagnose(t, std::nullopt, azureKeyManager(2, QStringLiteral("azp")), kNow);
    QVERIFY2(d.verdict == TokenDiagnosis::Verdict::Rejected, qPrintable(describe(d)));
    QVERIFY(!d.passes());
    const TokenFinding *issuer = finding(d, QStringLiteral("issuer"));
    QVERIFY(issuer);
    QCOMPARE(issuer->severity, TokenFinding::Severity::Error);
    QCOMPARE(issuer->title, QStringLiteral("A v1 token for a key manager that expects v2 tokens"));
    QVERIFY2(issuer->fix.startsWith(QStringLiteral("The app's api.requestedAccessTokenVersion is null/1 so Entra issues v1 tokens; set it to 2 "
                                                   "or point the key manager at the v1 issuer (https://sts.windows.net/%1/").arg(kTenant)),
             qPrintable(issuer->fix));
    QVERIFY(issuer->detail.contains(QStringLiteral("900901 Invalid Credentials")));
    QVERIFY(issuer->detail.contains(QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(kTenant)));

    const TokenFinding *key = finding(d, QStringLiteral("consumer-key"));
    QCOMPARE(key->severity, TokenFinding::Severity::Error);
    QCOMPARE(key->title, QStringLiteral("The token has no “azp” claim, where the key manager looks for the client ID"));
    QVERIFY2(key->detail.contains(QStringLiteral("answers 900901 Invalid Credentials")) && key->detail.contains(QStringLiteral("“appid”, as Entra v1 tokens do")),
             qPrintable(key->detail));
    QVERIFY(key->fix.startsWith(QStringLiteral("Set the key manager's consumer-key claim to appid")));
    QVERIFY2(d.summary.startsWith(QStringLiteral("The gateway would reject this token with 900901 Invalid Credentials: A v1 token for a key manager "
                                                 "that expects v2 tokens (and 1 more problem)")), qPrintable(d.summary));
}

void TstTokens::diagnoseExternalIdTokens()
{
    // Microsoft Entra External ID: issuer https://{tid}.ciamlogin.com/{tid}/v2.0 (docs/fidelity.md).
    const QString external = QStringLiteral("https://%1.ciamlogin.com/%1/v2.0").arg(kTenant);
    QJsonObject claims = v2Claims();
    claims.insert(QStringLiteral("iss"), external);
    QJsonObject externalKm = azureKeyManager(2, QStringLiteral("azp"));
    externalKm.insert(QStringLiteral("issuer"), external);
    externalKm.insert(QStringLiteral("scopesClaim"), QStringLiteral("roles"));

    // Its own key manager: accepted, and said to be an External ID token.
    TokenDiagnosis d = TokenDiagnosis::diagnose(DecodedToken::decode(jws(claims)), std::nullopt, externalKm, kNow, 0,
                                                TokenDiagnosis::SignaturePolicy::ClaimsOnly);
    QVERIFY2(d.verdict == TokenDiagnosis::Verdict::Accepted, qPrintable(describe(d)));
    QCOMPARE(finding(d, QStringLiteral("issuer"))->severity, TokenFinding::Severity::Ok);
    QVERIFY2(finding(d, QStringLiteral("issuer"))->detail.contains(QStringLiteral("a token of the Microsoft Entra External ID tenant %1 (ver 2.0)").arg(kTenant)),
             qPrintable(describe(d)));
    QCOMPARE(TokenDiagnosis::consumerKeyClaim(QJsonObject{{QStringLiteral("type"), QStringLiteral("AzureAD")}, {QStringLiteral("issuer"), external}},
                                              DecodedToken::decode(jws(claims))), QStringLiteral("azp"));

    // No key manager: which one fits.
    d = TokenDiagnosis::diagnose(DecodedToken::decode(jws(claims)), std::nullopt, QJsonObject(), kNow);
    QVERIFY2(finding(d, QStringLiteral("issuer"))->detail.contains(QStringLiteral("the key manager that fits is an AzureAD one with the issuer %1").arg(external)),
             qPrintable(describe(d)));

    // The workforce issuer of the same tenant in the key manager.
    d = TokenDiagnosis::diagnose(DecodedToken::decode(jws(claims)), std::nullopt, azureKeyManager(2, QStringLiteral("azp")), kNow);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Rejected);
    const TokenFinding *issuer = finding(d, QStringLiteral("issuer"));
    QCOMPARE(issuer->title, QStringLiteral("A Microsoft Entra External ID token for a key manager with the workforce issuer"));
    QVERIFY2(issuer->detail.contains(QStringLiteral("900901")) && issuer->fix.startsWith(QStringLiteral("Set the key manager's issuer to %1").arg(external)),
             qPrintable(describe(d)));

    // A login.microsoftonline.com token of the external tenant against its External ID key manager.
    d = TokenDiagnosis::diagnose(DecodedToken::decode(jws(v2Claims())), std::nullopt, externalKm, kNow);
    issuer = finding(d, QStringLiteral("issuer"));
    QCOMPARE(issuer->title, QStringLiteral("A login.microsoftonline.com token for a Microsoft Entra External ID key manager"));
    QVERIFY2(issuer->fix.contains(QStringLiteral("https://{subdomain}.ciamlogin.com/%1/oauth2/v2.0/token").arg(kTenant)), qPrintable(issuer->fix));

    // A v1-format token of the external tenant: the API app asks for v1 tokens.
    claims.insert(QStringLiteral("iss"), QStringLiteral("https://%1.ciamlogin.com/%1/").arg(kTenant));
    claims.insert(QStringLiteral("ver"), QStringLiteral("1.0"));
    d = TokenDiagnosis::diagnose(DecodedToken::decode(jws(claims)), std::nullopt, externalKm, kNow);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Rejected);
    issuer = finding(d, QStringLiteral("issuer"));
    QCOMPARE(issuer->severity, TokenFinding::Severity::Error);
    QCOMPARE(issuer->title, QStringLiteral("A v1-format token of a Microsoft Entra External ID tenant"));
    QVERIFY2(issuer->fix.startsWith(QStringLiteral("Set api.requestedAccessTokenVersion to 2 on the API app")), qPrintable(issuer->fix));

    // Another external tenant: the tenants are named.
    const QString other = QStringLiteral("0f2e1d3c-4b5a-4978-8a6b-5c4d3e2f1a0b");
    claims.insert(QStringLiteral("iss"), QStringLiteral("https://%1.ciamlogin.com/%1/v2.0").arg(other));
    claims.insert(QStringLiteral("ver"), QStringLiteral("2.0"));
    d = TokenDiagnosis::diagnose(DecodedToken::decode(jws(claims)), std::nullopt, externalKm, kNow);
    QCOMPARE(finding(d, QStringLiteral("issuer"))->title, QStringLiteral("The token is from another Entra tenant"));
}

void TstTokens::diagnoseV2TokenAgainstV1KeyManager()
{
    const TokenDiagnosis d = TokenDiagnosis::diagnose(DecodedToken::decode(jws(v2Claims())), std::nullopt, azureKeyManager(1, QStringLiteral("appid")), kNow);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Rejected);
    const TokenFinding *issuer = finding(d, QStringLiteral("issuer"));
    QCOMPARE(issuer->title, QStringLiteral("A v2 token for a key manager that expects v1 tokens"));
    QVERIFY2(issuer->fix.contains(QStringLiteral("requestedAccessTokenVersion is 2 so Entra issues v2 tokens")), qPrintable(issuer->fix));
    const TokenFinding *key = finding(d, QStringLiteral("consumer-key"));
    QCOMPARE(key->severity, TokenFinding::Severity::Error);
    QCOMPARE(key->fix, QStringLiteral("Set the key manager's consumer-key claim to azp."));
}

void TstTokens::diagnoseConsumerKeyClaimDefaults()
{
    // AzureAD without a configured claim: appid for a v1 key manager, azp for a v2 one.
    const DecodedToken v1 = DecodedToken::decode(jws(v1Claims()));
    const DecodedToken v2 = DecodedToken::decode(jws(v2Claims()));
    QCOMPARE(TokenDiagnosis::consumerKeyClaim(azureKeyManager(1, QString()), v1), QStringLiteral("appid"));
    QCOMPARE(TokenDiagnosis::consumerKeyClaim(azureKeyManager(2, QString()), v2), QStringLiteral("azp"));
    QCOMPARE(TokenDiagnosis::consumerKeyClaim(asgardeoKeyManager(), v1), QStringLiteral("azp"));
    QCOMPARE(TokenDiagnosis::scopesClaim(QJsonObject{{QStringLiteral("type"), QStringLiteral("AzureAD")}}), QStringLiteral("scp"));
    QCOMPARE(TokenDiagnosis::scopesClaim(QJsonObject{{QStringLiteral("type"), QStringLiteral("Asgardeo")}}), QStringLiteral("scope"));

    TokenDiagnosis d = TokenDiagnosis::diagnose(v1, std::nullopt, azureKeyManager(1, QString()), kNow, 0, TokenDiagnosis::SignaturePolicy::ClaimsOnly);
    QVERIFY2(d.verdict == TokenDiagnosis::Verdict::Accepted, qPrintable(describe(d)));
    const TokenFinding *key = finding(d, QStringLiteral("consumer-key"));
    QCOMPARE(key->severity, TokenFinding::Severity::Ok);
    QCOMPARE(key->title, QStringLiteral("Client ID in “appid”: aaaabbbb-0000-1111-2222-333344445555"));
    QVERIFY(key->detail.contains(QStringLiteral("AzureAD connector's default consumer-key claim")));
    // Claims only, asked for: accepted, saying the signature was not checked, with a warning.
    QVERIFY2(d.summary.contains(QStringLiteral("judging by its claims alone: its signature was not checked")), qPrintable(d.summary));
    QCOMPARE(finding(d, QStringLiteral("signature"))->severity, TokenFinding::Severity::Warning);

    // A token that names no client at all.
    QJsonObject none = v2Claims();
    none.remove(QStringLiteral("azp"));
    d = TokenDiagnosis::diagnose(DecodedToken::decode(jws(none)), std::nullopt, azureKeyManager(2, QStringLiteral("azp")), kNow);
    key = finding(d, QStringLiteral("consumer-key"));
    QCOMPARE(key->severity, TokenFinding::Severity::Error);
    QVERIFY(key->detail.contains(QStringLiteral("names no client at all")));
}

void TstTokens::diagnoseOtherTenant()
{
    QJsonObject km = azureKeyManager(2, QStringLiteral("azp"));
    km.insert(QStringLiteral("issuer"), QStringLiteral("https://login.microsoftonline.com/00000000-1111-2222-3333-444444444444/v2.0"));
    const TokenDiagnosis d = TokenDiagnosis::diagnose(DecodedToken::decode(jws(v2Claims())), std::nullopt, km, kNow);
    const TokenFinding *issuer = finding(d, QStringLiteral("issuer"));
    QCOMPARE(issuer->severity, TokenFinding::Severity::Error);
    QCOMPARE(issuer->title, QStringLiteral("The token is from another Entra tenant"));
    QVERIFY(issuer->detail.contains(QStringLiteral("The token's tenant is %1, the key manager's 00000000-1111-2222-3333-444444444444").arg(kTenant)));

    // Trailing slash only.
    QJsonObject asg = asgardeoKeyManager();
    asg.insert(QStringLiteral("issuer"), QStringLiteral("https://api.asgardeo.io/t/acme/oauth2/token/"));
    const TokenDiagnosis s = TokenDiagnosis::diagnose(DecodedToken::decode(jws(asgardeoClaims(kNow))), std::nullopt, asg, kNow);
    QCOMPARE(finding(s, QStringLiteral("issuer"))->title, QStringLiteral("The issuers differ only by a trailing slash"));
    // Another Asgardeo organization.
    asg.insert(QStringLiteral("issuer"), QStringLiteral("https://api.asgardeo.io/t/globex/oauth2/token"));
    const TokenDiagnosis o = TokenDiagnosis::diagnose(DecodedToken::decode(jws(asgardeoClaims(kNow))), std::nullopt, asg, kNow);
    QCOMPARE(finding(o, QStringLiteral("issuer"))->title, QStringLiteral("The token is from another Asgardeo organization"));
    QVERIFY(finding(o, QStringLiteral("issuer"))->detail.contains(QStringLiteral("organization is acme, the key manager's globex")));
}

void TstTokens::diagnoseExpiredAndNotYetValid()
{
    const DecodedToken t = DecodedToken::decode(jws(asgardeoClaims(kNow)));
    // Ten minutes after it expired.
    TokenDiagnosis d = TokenDiagnosis::diagnose(t, std::nullopt, asgardeoKeyManager(), kNow.addSecs(3570 + 600));
    const TokenFinding *exp = finding(d, QStringLiteral("expiry"));
    QCOMPARE(exp->severity, TokenFinding::Severity::Error);
    QCOMPARE(exp->title, QStringLiteral("The token has expired"));
    QCOMPARE(exp->detail, QStringLiteral("It expired at 2025-06-01T12:59:30Z, 10 minutes before now (2025-06-01T13:09:30Z)."));
    QCOMPARE(exp->fix, QStringLiteral("Get a new token."));
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Rejected);
    QVERIFY(d.summary.contains(QStringLiteral("The token has expired")));
    // Just expired: the clock hint.
    d = TokenDiagnosis::diagnose(t, std::nullopt, asgardeoKeyManager(), kNow.addSecs(3570 + 20));
    QVERIFY2(finding(d, QStringLiteral("expiry"))->fix.contains(QStringLiteral("expired only 20 seconds ago")), qPrintable(finding(d, QStringLiteral("expiry"))->fix));
    QVERIFY(finding(d, QStringLiteral("expiry"))->fix.contains(QStringLiteral("NTP")));
    // Allowed skew.
    d = TokenDiagnosis::diagnose(t, std::nullopt, asgardeoKeyManager(), kNow.addSecs(3570 + 20), 30);
    QCOMPARE(finding(d, QStringLiteral("expiry"))->severity, TokenFinding::Severity::Ok);
    // Two minutes before nbf: the issuer's clock runs ahead.
    d = TokenDiagnosis::diagnose(t, std::nullopt, asgardeoKeyManager(), kNow.addSecs(-150));
    const TokenFinding *nbf = finding(d, QStringLiteral("not-before"));
    QVERIFY(nbf);
    QCOMPARE(nbf->severity, TokenFinding::Severity::Error);
    QCOMPARE(nbf->detail, QStringLiteral("It is valid from 2025-06-01T11:59:30Z, 2 minutes after now (2025-06-01T11:57:30Z)."));
    QVERIFY(nbf->fix.contains(QStringLiteral("issuer's clock runs at least 2 minutes ahead")));
    QCOMPARE(finding(d, QStringLiteral("issued-at"))->severity, TokenFinding::Severity::Warning);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Rejected);
}

void TstTokens::diagnoseAsgardeoTokenPasses()
{
    const DecodedToken t = decoded(QStringLiteral("RS256-a"));
    const VerificationResult r = JwksVerifier::verify(t, jwksOf(QStringLiteral("RS256-a")));
    const TokenDiagnosis d = TokenDiagnosis::diagnose(t, r, asgardeoKeyManager(), kNow);
    QVERIFY2(d.verdict == TokenDiagnosis::Verdict::Accepted, qPrintable(describe(d)));
    QVERIFY(d.passes());
    QVERIFY(!d.hasErrors());
    for (const TokenFinding &f : d.findings)
        QVERIFY2(f.severity == TokenFinding::Severity::Ok || f.severity == TokenFinding::Severity::Info, qPrintable(describe(d)));
    QCOMPARE(d.summary, QStringLiteral("The gateway would accept this token for the key manager “Asgardeo”."));
    QCOMPARE(finding(d, QStringLiteral("scopes"))->title, QStringLiteral("Scopes in “scope”: orders:read orders:write"));
    QCOMPARE(finding(d, QStringLiteral("consumer-key"))->title, QStringLiteral("Client ID in “azp”: Q2x7cGPGqvhYbWDH2Hb6ZsU0oIka"));
    QCOMPARE(finding(d, QStringLiteral("signature"))->severity, TokenFinding::Severity::Ok);
    QCOMPARE(finding(d, QStringLiteral("expiry"))->detail, QStringLiteral("It expires at 2025-06-01T12:59:30Z, in 59 minutes. Lifetime 60 minutes."));

    const QJsonObject json = tokenReportJson(t, r, d);
    QCOMPARE(json.value(QLatin1String("kind")).toString(), QStringLiteral("jws"));
    QCOMPARE(json.value(QLatin1String("verdict")).toObject().value(QLatin1String("verdict")).toString(), QStringLiteral("accepted"));
    QCOMPARE(json.value(QLatin1String("verification")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("verified"));
    QVERIFY(!QJsonDocument(json).toJson().contains(t.raw.section(QLatin1Char('.'), 2).toLatin1()));
}

void TstTokens::diagnoseDisabledKeyManager()
{
    QJsonObject km = asgardeoKeyManager();
    km.insert(QStringLiteral("enabled"), false);
    const TokenDiagnosis d = TokenDiagnosis::diagnose(DecodedToken::decode(jws(asgardeoClaims(kNow))), std::nullopt, km, kNow);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Rejected);
    const TokenFinding *f = finding(d, QStringLiteral("key-manager"));
    QCOMPARE(f->severity, TokenFinding::Severity::Error);
    QCOMPARE(f->title, QStringLiteral("The key manager “Asgardeo” is disabled"));
    QVERIFY(d.summary.contains(QStringLiteral("is disabled")));
}

void TstTokens::diagnoseGraphToken()
{
    const DecodedToken t = decoded(QStringLiteral("graph-url"));
    const VerificationResult r = JwksVerifier::verify(t, jwksOf(QStringLiteral("RS256-a")));
    const TokenDiagnosis d = TokenDiagnosis::diagnose(t, r, azureKeyManager(1, QStringLiteral("appid")), kNow);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Rejected);
    const TokenFinding *aud = finding(d, QStringLiteral("audience"));
    QCOMPARE(aud->severity, TokenFinding::Severity::Error);
    QCOMPARE(aud->title, QStringLiteral("The token is for Microsoft Graph, not for your API"));
    // The exact request for the API's token, from the token's own tenant and client: copyable, secret left out.
    QVERIFY2(aud->fix.contains(QStringLiteral("curl -sS -X POST https://login.microsoftonline.com/") + kTenant
                               + QStringLiteral("/oauth2/v2.0/token -d grant_type=client_credentials -d client_id=aaaabbbb-0000-1111-2222-333344445555 "
                                                "--data-urlencode \"client_secret=$CLIENT_SECRET\" -d scope=api://aaaabbbb-0000-1111-2222-333344445555/.default")),
             qPrintable(aud->fix));
    // A client id that is not a GUID never goes into the shell line.
    QJsonObject odd = t.claims;
    odd.insert(QStringLiteral("appid"), QStringLiteral("x; rm -rf ~"));
    DecodedToken oddToken = t;
    oddToken.claims = odd;
    const TokenDiagnosis oddDiagnosis = TokenDiagnosis::diagnose(oddToken, r, azureKeyManager(1, QStringLiteral("appid")), kNow);
    const QString oddFix = finding(oddDiagnosis, QStringLiteral("audience"))->fix;
    QVERIFY2(!oddFix.contains(QLatin1String("curl")) && !oddFix.contains(QLatin1String("rm -rf")), qPrintable(oddFix));
    QVERIFY(oddFix.contains(QStringLiteral("api://{your API app's client ID}/.default")));
    const TokenFinding *sig = finding(d, QStringLiteral("signature"));
    QCOMPARE(sig->title, QStringLiteral("Only Microsoft Graph can verify this token (it is not forged)"));
    QVERIFY(d.summary.contains(QStringLiteral("Microsoft Graph")));
    for (const TokenFinding &f : d.findings)
        QVERIFY2(!f.title.contains(QStringLiteral("does not match")), qPrintable(f.title));
}

void TstTokens::eachFindingSaysWhatTheGatewayAnswers()
{
    const QJsonObject km = azureKeyManager(2, QStringLiteral("azp"));
    // Accepted (claims only on purpose): the scope warning bites with 900910, the subscription with 900908.
    TokenDiagnosis d = TokenDiagnosis::diagnose(DecodedToken::decode(jws(v2Claims())), std::nullopt, km, kNow, 0,
                                                TokenDiagnosis::SignaturePolicy::ClaimsOnly);
    QVERIFY2(d.verdict == TokenDiagnosis::Verdict::Accepted, qPrintable(describe(d)));
    QCOMPARE(finding(d, QStringLiteral("scopes"))->gatewayCode, QStringLiteral("900910"));
    QCOMPARE(finding(d, QStringLiteral("scopes"))->gatewayAnswer(),
             QStringLiteral("900910 The access token does not allow you to access the requested resource"));
    const TokenFinding *subscription = finding(d, QStringLiteral("subscription"));
    QVERIFY2(subscription, qPrintable(describe(d)));
    QCOMPARE(subscription->gatewayAnswer(), QStringLiteral("900908 Resource forbidden"));
    QVERIFY(subscription->detail.contains(QStringLiteral("aaaabbbb-0000-1111-2222-333344445555 (its “azp” claim)")));
    QVERIFY(finding(d, QStringLiteral("issuer"))->gatewayCode.isEmpty()); // an ok finding costs nothing
    QVERIFY(finding(d, QStringLiteral("expiry"))->gatewayCode.isEmpty());

    // Expired, wrong issuer: each error is the gateway's 900901, in the JSON too.
    QJsonObject claims = v2Claims();
    claims.insert(QStringLiteral("exp"), secs(kNow.addSecs(-600)));
    claims.insert(QStringLiteral("iss"), QStringLiteral("https://login.microsoftonline.com/other/v2.0"));
    d = TokenDiagnosis::diagnose(DecodedToken::decode(jws(claims)), std::nullopt, km, kNow, 0, TokenDiagnosis::SignaturePolicy::ClaimsOnly);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Rejected);
    for (const char *id : {"expiry", "issuer"}) {
        const TokenFinding *f = finding(d, QLatin1String(id));
        QCOMPARE(f->severity, TokenFinding::Severity::Error);
        QCOMPARE(f->gatewayAnswer(), QStringLiteral("900901 Invalid Credentials"));
        QCOMPARE(f->toJson().value(QLatin1String("gatewayCode")).toString(), QStringLiteral("900901"));
        QCOMPARE(f->toJson().value(QLatin1String("gatewayMessage")).toString(), QStringLiteral("Invalid Credentials"));
    }
    QVERIFY2(!finding(d, QStringLiteral("subscription")), "a rejected token never reaches the subscription check");

    // No token at all: 900902 Missing Credentials.
    d = TokenDiagnosis::diagnose(DecodedToken::decode(QString()), std::nullopt, km, kNow);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Rejected);
    QCOMPARE(finding(d, QStringLiteral("format"))->gatewayAnswer(), QStringLiteral("900902 Missing Credentials"));
    QCOMPARE(d.summary, QStringLiteral("The gateway would answer 900902 Missing Credentials: there is no token."));
    // A malformed one is 900901.
    d = TokenDiagnosis::diagnose(DecodedToken::decode(QStringLiteral("not-a-token.at.all!")), std::nullopt, km, kNow);
    QCOMPARE(finding(d, QStringLiteral("format"))->gatewayCode, QStringLiteral("900901"));
}

void TstTokens::diagnoseAppOnlyEntraTokenWarnsAboutScopes()
{
    const TokenDiagnosis d = TokenDiagnosis::diagnose(DecodedToken::decode(jws(v2Claims())), std::nullopt, azureKeyManager(2, QStringLiteral("azp")), kNow,
                                                      0, TokenDiagnosis::SignaturePolicy::ClaimsOnly);
    QVERIFY2(d.verdict == TokenDiagnosis::Verdict::Accepted, qPrintable(describe(d)));
    const TokenFinding *s = finding(d, QStringLiteral("scopes"));
    QCOMPARE(s->severity, TokenFinding::Severity::Warning);
    QCOMPARE(s->title, QStringLiteral("No scopes: the token carries application permissions in “roles”"));
    QVERIFY(s->detail.contains(QStringLiteral("Orders.Read")));
    QVERIFY(s->detail.contains(QStringLiteral("900910")));
    // Scopes in "scope" while the key manager reads "scp".
    QJsonObject c = v2Claims();
    c.insert(QStringLiteral("scope"), QStringLiteral("Orders.Read"));
    const TokenDiagnosis w = TokenDiagnosis::diagnose(DecodedToken::decode(jws(c)), std::nullopt, azureKeyManager(2, QStringLiteral("azp")), kNow);
    QCOMPARE(finding(w, QStringLiteral("scopes"))->title, QStringLiteral("The scopes are in “scope”, but the key manager reads “scp”"));
    QCOMPARE(finding(w, QStringLiteral("scopes"))->fix, QStringLiteral("Set the key manager's scopes claim to scope."));
}

void TstTokens::diagnoseWithoutKeyManager()
{
    const DecodedToken t = decoded(QStringLiteral("ES256-a"));
    TokenDiagnosis d = TokenDiagnosis::diagnose(t, JwksVerifier::verify(t, jwksOf(QStringLiteral("ES256-a"))), QJsonObject(), kNow);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Undetermined);
    QVERIFY(d.passes());
    QVERIFY(!finding(d, QStringLiteral("key-manager")));
    QCOMPARE(finding(d, QStringLiteral("issuer"))->title, QStringLiteral("Issued by https://api.asgardeo.io/t/acme/oauth2/token"));
    QVERIFY(d.summary.contains(QStringLiteral("compare it with a key manager")));
    // Expired without a key manager: any gateway rejects it.
    d = TokenDiagnosis::diagnose(t, std::nullopt, QJsonObject(), kNow.addDays(1));
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Rejected);
    QVERIFY(!d.passes());
    QVERIFY(d.summary.startsWith(QStringLiteral("A gateway would reject this token")));
}

void TstTokens::diagnoseOpaqueAndMalformed()
{
    TokenDiagnosis d = TokenDiagnosis::diagnose(DecodedToken::decode(QStringLiteral("2YotnFZFEjr1zCsicMWpAA")), std::nullopt, asgardeoKeyManager(), kNow);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Undetermined);
    QVERIFY(!d.passes());
    QVERIFY(finding(d, QStringLiteral("format"))->fix.contains(QStringLiteral("access token type to JWT")));
    QVERIFY(d.summary.contains(QStringLiteral("introspection endpoint")));

    d = TokenDiagnosis::diagnose(DecodedToken::decode(QStringLiteral("a.b")), std::nullopt, QJsonObject(), kNow);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Rejected);
    QVERIFY(!d.passes());
    QCOMPARE(finding(d, QStringLiteral("format"))->title, QStringLiteral("The token is malformed"));
    QVERIFY(d.summary.contains(QStringLiteral("has 2 parts")));
}

void TstTokens::unverifiedSignatureIsNotVerified()
{
    // Claims that would pass, but no JWKS: nothing proves the issuer made the token.
    const DecodedToken t = decoded(QStringLiteral("RS256-a"));
    TokenDiagnosis d = TokenDiagnosis::diagnose(t, std::nullopt, asgardeoKeyManager(), kNow);
    QVERIFY2(d.verdict == TokenDiagnosis::Verdict::NotVerified, qPrintable(describe(d)));
    QVERIFY(!d.passes());
    QCOMPARE(TokenDiagnosis::verdictName(d.verdict), QStringLiteral("not-verified"));
    QVERIFY2(d.summary.startsWith(QStringLiteral("Not verified: the signature could not be checked (no JWKS was given)")), qPrintable(d.summary));
    QVERIFY2(!d.summary.contains(QLatin1String("accept")), qPrintable(d.summary));
    // Without a key manager as well.
    d = TokenDiagnosis::diagnose(t, std::nullopt, QJsonObject(), kNow);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::NotVerified);
    QVERIFY(!d.passes());

    // Unverifiable: an unknown kid, an algorithm a JWKS cannot check, a JWKS that could not be fetched.
    const QList<VerificationResult> unverifiable{
        JwksVerifier::verify(t, jwksOf(QStringLiteral("ES256-a"))),
        JwksVerifier::verify(DecodedToken::decode(jws(asgardeoClaims(kNow), {{QStringLiteral("alg"), QStringLiteral("HS256")}})), jwksOf(QStringLiteral("RS256-a"))),
        VerificationResult::jwksUnavailable(t, QUrl(QStringLiteral("https://api.asgardeo.io/t/acme/oauth2/jwks")), QStringLiteral("Connection refused."))};
    const QList<VerificationResult::Status> statuses{VerificationResult::Status::KeyNotFound, VerificationResult::Status::UnsupportedAlgorithm,
                                                     VerificationResult::Status::JwksUnavailable};
    for (int i = 0; i < unverifiable.size(); ++i) {
        QCOMPARE(unverifiable.at(i).status, statuses.at(i));
        d = TokenDiagnosis::diagnose(t, unverifiable.at(i), asgardeoKeyManager(), kNow);
        QVERIFY2(d.verdict == TokenDiagnosis::Verdict::NotVerified, qPrintable(describe(d)));
        QVERIFY(!d.passes());
        QVERIFY2(d.summary.startsWith(QStringLiteral("Not verified: the signature could not be checked (")), qPrintable(d.summary));
        QCOMPARE(finding(d, QStringLiteral("signature"))->severity, TokenFinding::Severity::Error);
    }
    // A signature that does not match is no "not verified": the token is rejected.
    d = TokenDiagnosis::diagnose(t, JwksVerifier::verify(t, jwksOf(QStringLiteral("RS256-b"))), asgardeoKeyManager(), kNow);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Rejected);
}

void TstTokens::claimsOnlySaysTheSignatureWasNotChecked()
{
    const DecodedToken t = decoded(QStringLiteral("RS256-a"));
    const auto claimsOnly = TokenDiagnosis::SignaturePolicy::ClaimsOnly;
    TokenDiagnosis d = TokenDiagnosis::diagnose(t, std::nullopt, asgardeoKeyManager(), kNow, 0, claimsOnly);
    QVERIFY2(d.verdict == TokenDiagnosis::Verdict::Accepted, qPrintable(describe(d)));
    QVERIFY(d.passes());
    QCOMPARE(d.summary, QStringLiteral("The gateway would accept this token for the key manager “Asgardeo” judging by its claims alone: its "
                                       "signature was not checked (no JWKS was given); 1 warning below."));
    QCOMPARE(finding(d, QStringLiteral("signature"))->severity, TokenFinding::Severity::Warning);
    // An unknown kid with claims only: a warning naming it, and the summary says so.
    d = TokenDiagnosis::diagnose(t, JwksVerifier::verify(t, jwksOf(QStringLiteral("ES256-a"))), asgardeoKeyManager(), kNow, 0, claimsOnly);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Accepted);
    QCOMPARE(finding(d, QStringLiteral("signature"))->severity, TokenFinding::Severity::Warning);
    QVERIFY2(d.summary.contains(QStringLiteral("its signature was not checked (the key that signed the token is not in the JWKS)")), qPrintable(d.summary));
    // Without a key manager.
    d = TokenDiagnosis::diagnose(t, std::nullopt, QJsonObject(), kNow, 0, claimsOnly);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Undetermined);
    QVERIFY(d.passes());
    QVERIFY2(d.summary.contains(QStringLiteral("its signature was not checked")), qPrintable(d.summary));
    // Claims only never hides a signature that does not match.
    d = TokenDiagnosis::diagnose(t, JwksVerifier::verify(t, jwksOf(QStringLiteral("RS256-b"))), asgardeoKeyManager(), kNow, 0, claimsOnly);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Rejected);
    QVERIFY(!d.passes());
}

void TstTokens::hugeTimesAreRefused_data()
{
    QTest::addColumn<QString>("claim");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("findingId");
    QTest::newRow("exp 1e300") << QStringLiteral("exp") << QJsonValue(1e300) << QStringLiteral("expiry");
    QTest::newRow("exp 2^63") << QStringLiteral("exp") << QJsonValue(9223372036854775808.0) << QStringLiteral("expiry");
    QTest::newRow("exp -1e300") << QStringLiteral("exp") << QJsonValue(-1e300) << QStringLiteral("expiry");
    QTest::newRow("exp string 1e300") << QStringLiteral("exp") << QJsonValue(QStringLiteral("1e300")) << QStringLiteral("expiry");
    QTest::newRow("nbf 2^63") << QStringLiteral("nbf") << QJsonValue(9223372036854775808.0) << QStringLiteral("not-before");
    QTest::newRow("iat 1e300") << QStringLiteral("iat") << QJsonValue(1e300) << QStringLiteral("issued-at");
}

void TstTokens::hugeTimesAreRefused()
{
    QFETCH(QString, claim);
    QFETCH(QJsonValue, value);
    QFETCH(QString, findingId);
    QJsonObject claims = asgardeoClaims(kNow);
    claims.insert(claim, value);
    const DecodedToken t = DecodedToken::decode(jws(claims));
    QCOMPARE(t.kind, DecodedToken::Kind::Jws);
    QVERIFY(!t.timeClaim(claim).isValid());
    QVERIFY(t.hasUnreadableTimeClaim(claim));
    const TokenDiagnosis d = TokenDiagnosis::diagnose(t, std::nullopt, asgardeoKeyManager(), kNow, 0, TokenDiagnosis::SignaturePolicy::ClaimsOnly);
    QCOMPARE(d.verdict, TokenDiagnosis::Verdict::Rejected);
    const TokenFinding *f = finding(d, findingId);
    QVERIFY2(f, qPrintable(describe(d)));
    QCOMPARE(f->severity, TokenFinding::Severity::Error);
    QCOMPARE(f->title, QStringLiteral("The token's “%1” is not a usable time").arg(claim));
    QVERIFY2(f->detail.contains(QStringLiteral("no date between the years 1 and 9999")), qPrintable(f->detail));
    // Still valid: the largest and smallest dates a gateway can compare.
    claims.insert(claim, 253402300799.0);
    QVERIFY(DecodedToken::decode(jws(claims)).timeClaim(claim).isValid());
}

void TstTokens::weakRsaKeysRefused_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("reason");
    const QByteArray n = QByteArray::fromBase64(jwksOf(QStringLiteral("RS256-a")).value(QLatin1String("keys")).toArray().at(0).toObject()
                                                    .value(QLatin1String("n")).toString().toLatin1(), QByteArray::Base64UrlEncoding);
    QTest::newRow("1024-bit modulus") << QStringLiteral("n") << n.left(128) << QStringLiteral("its modulus “n” has 1024 bits; RSA keys below 2048 bits are refused");
    QTest::newRow("2040-bit modulus") << QStringLiteral("n") << n.left(255) << QStringLiteral("its modulus “n” has 2040 bits");
    QTest::newRow("exponent 3") << QStringLiteral("e") << QByteArray("\x03", 1) << QStringLiteral("its public exponent “e” is 3; an RSA exponent must be odd and at least 65537");
    QTest::newRow("exponent 1") << QStringLiteral("e") << QByteArray("\x01", 1) << QStringLiteral("its public exponent “e” is 1");
    QTest::newRow("even exponent") << QStringLiteral("e") << QByteArray("\x01\x00\x00", 3) << QStringLiteral("its public exponent “e” is 65536");
}

void TstTokens::weakRsaKeysRefused()
{
    QFETCH(QString, field);
    QFETCH(QByteArray, value);
    QFETCH(QString, reason);
    QJsonObject jwks = jwksOf(QStringLiteral("RS256-a"));
    QJsonObject key = jwks.value(QLatin1String("keys")).toArray().at(0).toObject();
    key.insert(field, b64(value));
    jwks.insert(QStringLiteral("keys"), QJsonArray{key});
    const VerificationResult r = JwksVerifier::verify(decoded(QStringLiteral("RS256-a")), jwks);
    QVERIFY(!r.verified);
    QCOMPARE(r.status, VerificationResult::Status::InvalidKey);
    QVERIFY2(r.reason.contains(reason), qPrintable(r.reason));
    const TokenDiagnosis d = TokenDiagnosis::diagnose(decoded(QStringLiteral("RS256-a")), r, asgardeoKeyManager(), kNow);
    QVERIFY2(finding(d, QStringLiteral("signature"))->detail.contains(reason), qPrintable(describe(d)));
    QVERIFY(!d.passes());
}

void TstTokens::openSslFailureDoesNotLeak()
{
    // A P-256 "point" that is not on the curve: OpenSSL refuses it and says why.
    QJsonObject jwks = jwksOf(QStringLiteral("ES256-a"));
    QJsonObject key = jwks.value(QLatin1String("keys")).toArray().at(0).toObject();
    key.insert(QStringLiteral("x"), b64(QByteArray(32, '\x01')));
    key.insert(QStringLiteral("y"), b64(QByteArray(32, '\x02')));
    jwks.insert(QStringLiteral("keys"), QJsonArray{key});
    ERR_clear_error();
    const VerificationResult bad = JwksVerifier::verify(decoded(QStringLiteral("ES256-a")), jwks);
    QCOMPARE(bad.status, VerificationResult::Status::InvalidKey);
    QVERIFY2(bad.reason.contains(QStringLiteral("OpenSSL does not accept its “x” and “y” as a point on P-256 (OpenSSL: ")), qPrintable(bad.reason));
    // Nothing is left on OpenSSL's error queue for the next caller (Qt's TLS reads the same queue).
    QCOMPARE(ERR_peek_error(), 0UL);
    // A stale error from elsewhere does not end up in a verification's reason.
    ERR_raise(ERR_LIB_USER, ERR_R_INTERNAL_ERROR);
    const VerificationResult good = JwksVerifier::verify(decoded(QStringLiteral("ES256-a")), jwksOf(QStringLiteral("ES256-a")));
    QVERIFY2(good.verified, qPrintable(good.reason));
    QCOMPARE(ERR_peek_error(), 0UL);
    const VerificationResult again = JwksVerifier::verify(decoded(QStringLiteral("ES256-a")), jwks);
    QCOMPARE(again.reason, bad.reason);
}

void TstTokens::parsedJwksBuildsEachKeyOnce()
{
    // One JWKS with an RSA and an EC key, as an issuer publishing two algorithms would.
    QJsonArray keys = jwksOf(QStringLiteral("RS256-a")).value(QLatin1String("keys")).toArray();
    keys.append(jwksOf(QStringLiteral("ES256-a")).value(QLatin1String("keys")).toArray().at(0));
    const ParsedJwks jwks(QJsonObject{{QStringLiteral("keys"), keys}});
    QCOMPARE(jwks.keysBuilt(), 0);
    for (int i = 0; i < 3; ++i) {
        for (const QString &name : {QStringLiteral("RS256-a"), QStringLiteral("ES256-a")}) {
            const VerificationResult r = JwksVerifier::verify(decoded(name), jwks);
            QVERIFY2(r.verified, qPrintable(name + QStringLiteral(": ") + r.reason));
        }
        QCOMPARE(jwks.keysBuilt(), 2); // each key once, however many tokens it verifies
    }
    // A forged token is still refused by the key built earlier.
    const DecodedToken other = decoded(QStringLiteral("RS256-b"));
    QCOMPARE(JwksVerifier::verify(other, jwks).status, VerificationResult::Status::BadSignature);
    QCOMPARE(jwks.keysBuilt(), 2);

    // Verifications from several threads at once share the keys of one JWKS.
    const ParsedJwks shared(jwksOf(QStringLiteral("PS256-a")));
    const DecodedToken token = decoded(QStringLiteral("PS256-a"));
    std::atomic<int> verified{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 25; ++i)
                verified += JwksVerifier::verify(token, shared).verified ? 1 : 0;
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    QCOMPARE(verified.load(), 100);
    QCOMPARE(shared.keysBuilt(), 1);
}

void TstTokens::rotatedJwksIsNotServedFromAnOldCache()
{
    // The issuer rotates its key but keeps the kid (both JWKS say "key-RS256"): the JWKS fetched after the rotation
    // must be checked with its own key, not with the one built from the JWKS fetched before.
    const QJsonObject before = jwksOf(QStringLiteral("RS256-a")), after = jwksOf(QStringLiteral("RS256-b"));
    QCOMPARE(before.value(QLatin1String("keys")).toArray().at(0).toObject().value(QLatin1String("kid")),
             after.value(QLatin1String("keys")).toArray().at(0).toObject().value(QLatin1String("kid")));
    QVERIFY(before != after);
    const DecodedToken oldToken = decoded(QStringLiteral("RS256-a")), newToken = decoded(QStringLiteral("RS256-b"));
    const ParsedJwks fetchedBefore(before);
    QVERIFY(JwksVerifier::verify(oldToken, fetchedBefore).verified);
    QCOMPARE(JwksVerifier::verify(newToken, fetchedBefore).status, VerificationResult::Status::BadSignature);

    const ParsedJwks fetchedAfter(after);
    const VerificationResult rotated = JwksVerifier::verify(newToken, fetchedAfter);
    QVERIFY2(rotated.verified, qPrintable(rotated.reason));
    const VerificationResult stale = JwksVerifier::verify(oldToken, fetchedAfter);
    QCOMPARE(stale.status, VerificationResult::Status::BadSignature);
    QCOMPARE(fetchedAfter.keysBuilt(), 1);
    // The JWKS fetched before still answers with its own key (copies share it; it is freed with the last one).
    ParsedJwks copy = fetchedBefore;
    copy = fetchedAfter;
    QVERIFY(JwksVerifier::verify(oldToken, fetchedBefore).verified);
    QVERIFY(JwksVerifier::verify(newToken, copy).verified);
}

QTEST_GUILESS_MAIN(TstTokens)
#include "tst_tokens.moc"
