// TokenClient against a certified OpenID provider (npm oidc-provider); its JWT checked with npm jose.

#include "support/JobWaiter.h"
#include "support/NodePeer.h"

#include "services/http/HttpSession.h"
#include "services/oauth/TokenClient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace km;
using namespace km::test;

class TstTokenClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void discovery();
    void clientCredentialsGivesVerifiableJwt();
    void grantedScopesAreWhatTheResponseLists();
    void wrongSecretIsExplained();
    void notADiscoveryDocument();

private:
    NodePeer m_provider;
    HttpSession m_session;
    QJsonObject m_discovery;
};

void TstTokenClient::initTestCase()
{
    QString error;
    QVERIFY2(m_provider.start(QStringLiteral("oidc-server.mjs"), {}, &error), qPrintable(error));
}

void TstTokenClient::discovery()
{
    const QUrl issuer(m_provider.info().value(QLatin1String("issuer")).toString());
    auto job = await(TokenClient(&m_session).fetchDiscovery(QUrl(issuer.toString() + QStringLiteral("/.well-known/openid-configuration"))));
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    m_discovery = job->result().toObject();
    QCOMPARE(m_discovery.value(QLatin1String("issuer")).toString(), issuer.toString());
    QVERIFY(m_discovery.value(QLatin1String("grant_types_supported")).toVariant().toStringList().contains(QStringLiteral("client_credentials")));
}

void TstTokenClient::clientCredentialsGivesVerifiableJwt()
{
    const QJsonObject info = m_provider.info();
    auto job = await(TokenClient(&m_session).clientCredentials(QUrl(m_discovery.value(QLatin1String("token_endpoint")).toString()),
                                                               info.value(QLatin1String("clientId")).toString(),
                                                               info.value(QLatin1String("clientSecret")).toString(), {QStringLiteral("read")}));
    QVERIFY2(!job->hasError(), qPrintable(job->error().toUserText()));
    const QJsonObject token = job->result().toObject();
    QCOMPARE(TokenClient::grantedScopes(token), QStringList{QStringLiteral("read")});
    QVERIFY(TokenClient::isFresh(token));
    const QString jwt = token.value(QLatin1String("access_token")).toString();
    QCOMPARE(jwt.count(QLatin1Char('.')), 2);

    QByteArray out, err;
    const int rc = NodePeer::run(QStringLiteral("jwt-verify.mjs"), {m_discovery.value(QLatin1String("jwks_uri")).toString(), jwt}, &out, &err);
    QVERIFY2(rc == 0, err.constData());
    const QJsonObject verified = QJsonDocument::fromJson(out).object();
    QCOMPARE(verified.value(QLatin1String("payload")).toObject().value(QLatin1String("client_id")).toString(), QStringLiteral("kmconsole-test"));
    QCOMPARE(verified.value(QLatin1String("payload")).toObject().value(QLatin1String("aud")).toString(), info.value(QLatin1String("resource")).toString());
    QCOMPARE(verified.value(QLatin1String("header")).toObject().value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
}

void TstTokenClient::grantedScopesAreWhatTheResponseLists()
{
    // WSO2's token endpoints always write the authorized scopes: a response without "scope" granted none.
    QCOMPARE(TokenClient::grantedScopes(QJsonObject{{QStringLiteral("access_token"), QStringLiteral("t")}, {QStringLiteral("scope"), QStringLiteral("read  write")}}),
             (QStringList{QStringLiteral("read"), QStringLiteral("write")}));
    QCOMPARE(TokenClient::grantedScopes(QJsonObject{{QStringLiteral("access_token"), QStringLiteral("t")}, {QStringLiteral("scope"), QString()}}), QStringList());
    QCOMPARE(TokenClient::grantedScopes(QJsonObject{{QStringLiteral("access_token"), QStringLiteral("t")}}), QStringList());
    QCOMPARE(TokenClient::accessToken(QJsonObject{{QStringLiteral("access_token"), QStringLiteral("t")}}), QStringLiteral("t"));
}

void TstTokenClient::wrongSecretIsExplained()
{
    auto job = await(TokenClient(&m_session).clientCredentials(QUrl(m_discovery.value(QLatin1String("token_endpoint")).toString()),
                                                               QStringLiteral("kmconsole-test"), QStringLiteral("wrong"), {}));
    QVERIFY(job->hasError());
    QCOMPARE(job->error().vendorCode, QStringLiteral("invalid_client"));
    QVERIFY2(job->error().toUserText().contains(QStringLiteral("rejected the client “kmconsole-test”")), qPrintable(job->error().toUserText()));
    QVERIFY(job->error().toUserText().contains(QLatin1String("Check the client ID and client secret")));
}

void TstTokenClient::notADiscoveryDocument()
{
    const QUrl issuer(m_provider.info().value(QLatin1String("issuer")).toString());
    auto job = await(TokenClient(&m_session).fetchDiscovery(QUrl(issuer.toString() + QStringLiteral("/jwks"))));
    QVERIFY(job->hasError());
    QVERIFY2(job->error().toUserText().contains(QLatin1String("is not an OpenID discovery document")), qPrintable(job->error().toUserText()));
}

QTEST_GUILESS_MAIN(TstTokenClient)
#include "tst_tokenclient.moc"
