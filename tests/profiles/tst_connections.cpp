// The shared connections: a saved API Manager, Asgardeo or Entra profile is opened into one client that
// every page and command gets, read from the real keychain (gnome-keyring on the test's D-Bus), and
// replaced when the profile or its secret changes (whoever wrote it), so nobody keeps talking with old
// credentials.

#include "support/JobWaiter.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimConnector.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/connections/Connections.h"
#include "services/core/ServiceContext.h"
#include "services/entra/EntraClient.h"
#include "services/entra/GraphClient.h"
#include "services/http/HttpSession.h"
#include "services/profiles/ProfileStore.h"
#include "services/profiles/Profiles.h"
#include "services/secrets/SecretStore.h"

#include <QPointer>
#include <QTemporaryDir>
#include <QTest>

using namespace km;
using namespace km::test;

class TstConnections : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aProfileIsOpenedOnceForEveryone();
    void aChangedProfileOrSecretGetsANewClient();
    void entraGivesTheClientAndItsGraph();
    void unknownProfileAndMissingSecretAreNamed();
    void apiManagerProfileIsOpenedOnceAndDroppedWithItsPassword();
    void apiManagerProfileNotFoundOrWithoutPasswordIsNamed();

private:
    bool save(const AsgardeoProfile &profile, const QString &secret);

    QTemporaryDir m_config;
    ServiceContext *m_context = nullptr;
};

void TstConnections::initTestCase()
{
    QVERIFY(m_config.isValid());
    m_context = new ServiceContext(m_config.path(), QStringLiteral("kmconsole-test-connections"), this);
    auto probe = await(m_context->secrets()->write(QStringLiteral("probe"), QStringLiteral("x")));
    QVERIFY2(probe->result().toObject().value(QLatin1String("stored")).toString() == QLatin1String("keychain"),
             "the Secret Service on the private D-Bus did not answer (scripts/test.sh starts gnome-keyring)");
}

bool TstConnections::save(const AsgardeoProfile &profile, const QString &secret)
{
    auto saved = await(m_context->saveProfileWithSecret(SecretStore::asgardeoSecretKey(profile.name), secret,
                                                        [profile](ProfileStore *store) { store->upsertAsgardeo(profile); }));
    return !saved->hasError();
}

void TstConnections::aProfileIsOpenedOnceForEveryone()
{
    AsgardeoProfile acme;
    acme.name = QStringLiteral("acme");
    acme.organization = QStringLiteral("acme");
    acme.clientId = QStringLiteral("client-1");
    QVERIFY(save(acme, QStringLiteral("first-secret-value")));
    Connections *connections = m_context->connections();
    QVERIFY(!connections->asgardeo(QStringLiteral("acme")));
    auto first = await(connections->openAsgardeo(QStringLiteral("acme")));
    QVERIFY2(!first->hasError(), qPrintable(first->error().toUserText()));
    AsgardeoClient *client = connections->asgardeo(QStringLiteral("acme"));
    QVERIFY(client);
    QCOMPARE(client->organization(), QStringLiteral("acme"));
    QVERIFY(connections->asgardeoSecret(QStringLiteral("acme")) == QLatin1String("first-secret-value"));
    // A second page or command opening the same profile gets the same client.
    auto second = await(connections->openAsgardeo(QStringLiteral("acme")));
    QVERIFY(!second->hasError());
    QCOMPARE(connections->asgardeo(QStringLiteral("acme")), client);
}

void TstConnections::aChangedProfileOrSecretGetsANewClient()
{
    Connections *connections = m_context->connections();
    QPointer<AsgardeoClient> old = connections->asgardeo(QStringLiteral("acme"));
    QVERIFY(old);
    // Another client ID in the profile: the next open makes a new client; the old one goes.
    AsgardeoProfile acme = *m_context->profiles()->asgardeoProfile(QStringLiteral("acme"));
    acme.clientId = QStringLiteral("client-2");
    m_context->profiles()->upsertAsgardeo(acme);
    QVERIFY(!await(connections->openAsgardeo(QStringLiteral("acme")))->hasError());
    QVERIFY(connections->asgardeo(QStringLiteral("acme")) != old.data());
    QCOMPARE(connections->asgardeo(QStringLiteral("acme"))->clientId(), QStringLiteral("client-2"));
    QTRY_VERIFY(old.isNull());
    // A new secret saved for the profile: the open client is dropped, the next open reads the new secret.
    QPointer<AsgardeoClient> beforeRotation = connections->asgardeo(QStringLiteral("acme"));
    QVERIFY(save(acme, QStringLiteral("rotated-secret-value")));
    QVERIFY(!connections->asgardeo(QStringLiteral("acme")));
    QVERIFY(!await(connections->openAsgardeo(QStringLiteral("acme")))->hasError());
    QVERIFY(connections->asgardeoSecret(QStringLiteral("acme")) == QLatin1String("rotated-secret-value"));
    QTRY_VERIFY(beforeRotation.isNull());
}

void TstConnections::entraGivesTheClientAndItsGraph()
{
    EntraProfile contoso;
    contoso.name = QStringLiteral("contoso");
    contoso.tenant = QStringLiteral("contoso.onmicrosoft.com");
    contoso.clientId = QStringLiteral("00000000-0000-0000-0000-000000000001");
    auto saved = await(m_context->saveProfileWithSecret(SecretStore::entraSecretKey(contoso.name), QStringLiteral("entra-secret-value"),
                                                        [contoso](ProfileStore *store) { store->upsertEntra(contoso); }));
    QVERIFY(!saved->hasError());
    Connections *connections = m_context->connections();
    QVERIFY(!await(connections->openEntra(QStringLiteral("contoso")))->hasError());
    EntraClient *entra = connections->entra(QStringLiteral("contoso"));
    QVERIFY(entra);
    QCOMPARE(entra->tenant(), QStringLiteral("contoso.onmicrosoft.com"));
    QVERIFY(connections->graph(QStringLiteral("contoso")));
    QCOMPARE(connections->graph(QStringLiteral("contoso"))->parent(), entra);
    // The Asgardeo profile of the same name space is another connection.
    QVERIFY(!connections->asgardeo(QStringLiteral("contoso")));
}

void TstConnections::unknownProfileAndMissingSecretAreNamed()
{
    Connections *connections = m_context->connections();
    auto unknown = await(connections->openAsgardeo(QStringLiteral("nobody")));
    QVERIFY(unknown->hasError());
    QVERIFY2(unknown->error().toUserText().contains(QStringLiteral("There is no Asgardeo profile named “nobody”")), qPrintable(unknown->error().toUserText()));
    // A profile whose secret is not in the keychain (added on another computer, or removed meanwhile).
    AsgardeoProfile lost;
    lost.name = QStringLiteral("lost");
    lost.organization = QStringLiteral("lost");
    lost.clientId = QStringLiteral("client-3");
    m_context->profiles()->upsertAsgardeo(lost);
    auto missing = await(connections->openAsgardeo(QStringLiteral("lost")));
    QVERIFY(missing->hasError());
    QVERIFY2(missing->error().toUserText().contains(QStringLiteral("The client secret of Asgardeo profile “lost” could not be read from the keychain")),
             qPrintable(missing->error().toUserText()));
    QVERIFY(!connections->asgardeo(QStringLiteral("lost")));
}

void TstConnections::apiManagerProfileIsOpenedOnceAndDroppedWithItsPassword()
{
    ApimProfile prod;
    prod.name = QStringLiteral("prod");
    prod.url = QUrl(QStringLiteral("https://apim.example.com:9443"));
    prod.username = QStringLiteral("admin");
    QVERIFY(!await(ApimConnector::saveProfile(m_context, prod, QStringLiteral("first-password-value")))->hasError());
    Connections *connections = m_context->connections();
    QVERIFY(!connections->apim(QStringLiteral("prod")));
    auto first = await(connections->openApim(QStringLiteral("prod")));
    QVERIFY2(!first->hasError(), qPrintable(first->error().toUserText()));
    QPointer<ApimClient> client = connections->apim(QStringLiteral("prod"));
    QVERIFY(client);
    QCOMPARE(client->baseUrl(), prod.url);
    QCOMPARE(client->username(), QStringLiteral("admin"));
    // The Key Managers page, the Doctor and a plan against it share this client (and its token).
    QVERIFY(!await(connections->openApim(QStringLiteral("prod")))->hasError());
    QCOMPARE(connections->apim(QStringLiteral("prod")), client.data());

    // The password written straight to the keychain, as the connect dialog does: the client goes.
    QVERIFY(!await(m_context->secrets()->write(SecretStore::apimPasswordKey(QStringLiteral("prod")), QStringLiteral("second-password-value")))->hasError());
    QVERIFY(!connections->apim(QStringLiteral("prod")));
    QTRY_VERIFY(client.isNull());
    QVERIFY(!await(connections->openApim(QStringLiteral("prod")))->hasError());
    client = connections->apim(QStringLiteral("prod"));
    QVERIFY(client);

    // The REST client it registers is kept in the profile without making a new connection…
    QVERIFY(!await(m_context->secrets()->write(SecretStore::apimDcrSecretKey(QStringLiteral("prod")), QStringLiteral("dcr-secret-value")))->hasError());
    ApimProfile registered = *m_context->profiles()->apimProfile(QStringLiteral("prod"));
    registered.dcrClientId = QStringLiteral("dcr-client");
    m_context->profiles()->upsertApim(registered);
    QVERIFY(!await(connections->openApim(QStringLiteral("prod")))->hasError());
    QCOMPARE(connections->apim(QStringLiteral("prod")), client.data());
    // …while another server or user is another connection.
    registered.username = QStringLiteral("operator");
    m_context->profiles()->upsertApim(registered);
    QVERIFY(!await(connections->openApim(QStringLiteral("prod")))->hasError());
    QVERIFY(connections->apim(QStringLiteral("prod")) != client.data());
    QCOMPARE(connections->apim(QStringLiteral("prod"))->username(), QStringLiteral("operator"));
    QTRY_VERIFY(client.isNull());
}

void TstConnections::apiManagerProfileNotFoundOrWithoutPasswordIsNamed()
{
    Connections *connections = m_context->connections();
    auto unknown = await(connections->openApim(QStringLiteral("nobody")));
    QVERIFY(unknown->hasError());
    QVERIFY2(unknown->error().toUserText().contains(QStringLiteral("There is no API Manager profile named “nobody”")), qPrintable(unknown->error().toUserText()));
    QVERIFY2(unknown->error().toUserText().contains(QStringLiteral("Known profiles: prod")), qPrintable(unknown->error().toUserText()));
    ApimProfile lost;
    lost.name = QStringLiteral("lost-apim");
    lost.url = QUrl(QStringLiteral("https://apim.example.com:9443"));
    lost.username = QStringLiteral("admin");
    m_context->profiles()->upsertApim(lost);
    auto missing = await(connections->openApim(QStringLiteral("lost-apim")));
    QVERIFY(missing->hasError());
    QVERIFY2(missing->error().toUserText().contains(QStringLiteral("The password of API Manager profile “lost-apim” is not available")),
             qPrintable(missing->error().toUserText()));
    QVERIFY2(missing->error().toUserText().contains(QStringLiteral("Enter it again")), qPrintable(missing->error().toUserText()));
    QVERIFY(!connections->apim(QStringLiteral("lost-apim")));
    // A removed password closes the connection too.
    QVERIFY(!await(connections->openApim(QStringLiteral("prod")))->hasError());
    QPointer<ApimClient> prod = connections->apim(QStringLiteral("prod"));
    QVERIFY(prod);
    QVERIFY(!await(m_context->secrets()->remove(SecretStore::apimPasswordKey(QStringLiteral("prod"))))->hasError());
    QVERIFY(!connections->apim(QStringLiteral("prod")));
    QTRY_VERIFY(prod.isNull());
}

QTEST_GUILESS_MAIN(TstConnections)
#include "tst_connections.moc"
