// `kmconsole-cli token inspect --apim PROFILE --key-manager NAME` against the real kmconsole-sandbox:
// the key manager is read from API Manager, the token is signed by npm jose.

#include "support/CliRunner.h"
#include "services/core/ConstRange.h"
#include "support/NodePeer.h"
#include "support/SandboxFixture.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace km::test;

class TstTokenApimCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void residentKeyManagerTokenIsNotVerifiedWithoutJwks();
    void claimsOnlyJudgesTheClaimsAndSaysSo();
    void otherIssuerRejected();
    void unknownKeyManagerNamed();
    void keyManagerNeedsApim();
    void apimAlonePicksTheKeyManagerByTheTokensIssuer();
    void cleanupTestCase();

private:
    QString sign(const QString &issuer);
    CliResult inspect(const QString &token, const QString &keyManager, const QStringList &extra = {});

    SandboxProcess m_sandbox;
    CliRunner m_cli;
    QString m_residentIssuer;
};

QString TstTokenApimCli::sign(const QString &issuer)
{
    const double now = double(QDateTime::currentSecsSinceEpoch());
    const QJsonObject claims{{QStringLiteral("iss"), issuer}, {QStringLiteral("azp"), QStringLiteral("app-client-1")},
                             {QStringLiteral("scope"), QStringLiteral("default")}, {QStringLiteral("iat"), now - 10},
                             {QStringLiteral("exp"), now + 900}};
    const QJsonArray specs{QJsonObject{{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("kid"), QStringLiteral("k")}, {QStringLiteral("claims"), claims}}};
    QByteArray out, err;
    if (NodePeer::run(QStringLiteral("jose-sign.mjs"), {QString::fromUtf8(QJsonDocument(specs).toJson(QJsonDocument::Compact))}, &out, &err) != 0) {
        qWarning("jose-sign.mjs failed: %s", err.constData());
        return QString();
    }
    return QJsonDocument::fromJson(out).array().at(0).toObject().value(QLatin1String("token")).toString();
}

CliResult TstTokenApimCli::inspect(const QString &token, const QString &keyManager, const QStringList &extra)
{
    return m_cli.run(QStringList{QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--token-stdin"), QStringLiteral("--apim"), QStringLiteral("dev"),
                                 QStringLiteral("--key-manager"), keyManager, QStringLiteral("--json")} + extra,
                     token.toLatin1());
}

void TstTokenApimCli::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    const QJsonObject info = m_sandbox.info();
    const CliResult r = m_cli.addApimProfile(QStringLiteral("dev"), info);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // The sandbox's resident key manager trusts API Manager's own token endpoint.
    m_residentIssuer = info.value(QLatin1String("apim")).toString() + QStringLiteral("/oauth2/token");
}

void TstTokenApimCli::residentKeyManagerTokenIsNotVerifiedWithoutJwks()
{
    // The resident key manager publishes no JWKS URL: the claims fit, but nothing proves who signed the token.
    const QString token = sign(m_residentIssuer);
    QVERIFY(!token.isEmpty());
    const CliResult r = inspect(token, QStringLiteral("Resident Key Manager"));
    QVERIFY2(r.exitCode == 1, QByteArray(r.out + r.err).constData());
    const QJsonObject report = r.json().object();
    const QJsonObject verdict = report.value(QLatin1String("verdict")).toObject();
    QCOMPARE(verdict.value(QLatin1String("verdict")).toString(), QStringLiteral("not-verified"));
    QCOMPARE(verdict.value(QLatin1String("passes")).toBool(), false);
    QVERIFY2(verdict.value(QLatin1String("summary")).toString().startsWith(QStringLiteral("Not verified: the signature could not be checked (no JWKS was given)")),
             r.out.constData());
    QVERIFY(report.value(QLatin1String("verification")).isNull());
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.errLines().constFirst().contains(QStringLiteral("signature was not verified")) && r.errLines().constFirst().contains(QStringLiteral("--claims-only")),
             r.err.constData());
    QVERIFY(!r.out.contains(token.toLatin1()) && !r.err.contains(token.toLatin1()));
}

void TstTokenApimCli::claimsOnlyJudgesTheClaimsAndSaysSo()
{
    const QString token = sign(m_residentIssuer);
    QVERIFY(!token.isEmpty());
    const CliResult r = inspect(token, QStringLiteral("Resident Key Manager"), {QStringLiteral("--claims-only")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    const QJsonObject report = r.json().object();
    QCOMPARE(report.value(QLatin1String("verdict")).toObject().value(QLatin1String("verdict")).toString(), QStringLiteral("accepted"));
    QVERIFY2(report.value(QLatin1String("verdict")).toObject().value(QLatin1String("summary")).toString().contains(
                 QStringLiteral("judging by its claims alone: its signature was not checked (no JWKS was given)")), r.out.constData());
    QVERIFY(report.value(QLatin1String("verification")).isNull());
    bool sawKeyManager = false;
    for (const QJsonValue &f : km::constTemporary(report.value(QLatin1String("findings")).toArray())) {
        if (f.toObject().value(QLatin1String("id")).toString() == QLatin1String("key-manager")) {
            sawKeyManager = true;
            QCOMPARE(f.toObject().value(QLatin1String("title")).toString(), QStringLiteral("Checked against the key manager “Resident Key Manager” (default)"));
        }
    }
    QVERIFY(sawKeyManager);
    QVERIFY(!r.out.contains(token.toLatin1()));
}

void TstTokenApimCli::otherIssuerRejected()
{
    const QString token = sign(QStringLiteral("https://api.asgardeo.io/t/acme/oauth2/token"));
    const CliResult r = inspect(token, QStringLiteral("Resident Key Manager"));
    QVERIFY2(r.exitCode == 1, QByteArray(r.out + r.err).constData());
    const QJsonObject report = r.json().object();
    QCOMPARE(report.value(QLatin1String("verdict")).toObject().value(QLatin1String("verdict")).toString(), QStringLiteral("rejected"));
    QString issuerDetail;
    for (const QJsonValue &f : km::constTemporary(report.value(QLatin1String("findings")).toArray())) {
        if (f.toObject().value(QLatin1String("id")).toString() == QLatin1String("issuer"))
            issuerDetail = f.toObject().value(QLatin1String("detail")).toString();
    }
    QVERIFY2(issuerDetail.contains(QStringLiteral("the key manager's is %1").arg(m_residentIssuer)), qPrintable(issuerDetail));
}

void TstTokenApimCli::unknownKeyManagerNamed()
{
    const CliResult r = inspect(sign(m_residentIssuer), QStringLiteral("Nope"));
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.errLines().value(0).contains(QStringLiteral("has no key manager named “Nope” (it has: Resident Key Manager")), r.err.constData());
}

void TstTokenApimCli::keyManagerNeedsApim()
{
    const CliResult r = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("abc"), QStringLiteral("--key-manager"), QStringLiteral("X")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.errLines().value(0).contains(QStringLiteral("--key-manager names a key manager of an API Manager: give --apim PROFILE too")), r.err.constData());
}

void TstTokenApimCli::apimAlonePicksTheKeyManagerByTheTokensIssuer()
{
    // As the gateway does: the key manager whose issuer is the token's.
    const auto keyManagerFinding = [](const QJsonObject &report) {
        for (const QJsonValue &f : km::constTemporary(report.value(QLatin1String("findings")).toArray())) {
            if (f.toObject().value(QLatin1String("id")).toString() == QLatin1String("key-manager"))
                return f.toObject().value(QLatin1String("title")).toString();
        }
        return QString();
    };
    const QStringList apimOnly{QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--token-stdin"), QStringLiteral("--apim"),
                               QStringLiteral("dev"), QStringLiteral("--json"), QStringLiteral("--claims-only")};
    const CliResult r = m_cli.run(apimOnly, sign(m_residentIssuer).toLatin1());
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    QCOMPARE(keyManagerFinding(r.json().object()), QStringLiteral("Checked against the key manager “Resident Key Manager” (default)"));
    QVERIFY2(r.err.isEmpty(), r.err.constData());

    // An issuer no key manager has: said on stderr, and the token checked without one.
    const CliResult stranger = m_cli.run(apimOnly, sign(QStringLiteral("https://idp.example.org/oauth2/token")).toLatin1());
    QVERIFY2(stranger.errLines().value(0).contains(QStringLiteral("API Manager “dev” has no key manager with the issuer “https://idp.example.org/oauth2/token”: "
                                                                  "its gateway would answer 900901")), stranger.err.constData());
    QVERIFY(!keyManagerFinding(stranger.json().object()).contains(QLatin1String("Resident Key Manager")));
}

void TstTokenApimCli::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

QTEST_GUILESS_MAIN(TstTokenApimCli)
#include "tst_token_apim_cli.moc"
