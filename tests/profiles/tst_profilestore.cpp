// Profiles round-trip without secrets; corrupt and newer files are reported and backed up.

#include "services/profiles/ProfileStore.h"
#include "services/profiles/ProfileValidation.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace km;

class TstProfileStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripWithoutSecrets();
    void corruptFileIsBackedUpAndReported_data();
    void corruptFileIsBackedUpAndReported();
    void validation_data();
    void validation();
};

void TstProfileStore::roundTripWithoutSecrets()
{
    QTemporaryDir dir;
    ProfileStore store(dir.path());
    QVERIFY(store.load());
    ApimProfile apim;
    apim.name = QStringLiteral("prod");
    apim.url = QUrl(QStringLiteral("https://apim.example.com:9443"));
    apim.username = QStringLiteral("admin");
    apim.pinnedCertificates.insert(QStringLiteral("apim.example.com:9443"), QStringLiteral("AB:CD"));
    store.upsertApim(apim);
    AsgardeoProfile asg;
    asg.name = QStringLiteral("asg");
    asg.organization = QStringLiteral("acme");
    asg.clientId = QStringLiteral("cid");
    store.upsertAsgardeo(asg);
    EntraProfile entra;
    entra.name = QStringLiteral("entra");
    entra.tenant = QStringLiteral("contoso.onmicrosoft.com");
    entra.clientId = QStringLiteral("appid");
    store.upsertEntra(entra);
    store.setActiveApimProfile(QStringLiteral("prod"));
    store.noteSecretKey(QStringLiteral("apim/prod/password"));
    ApiError error;
    QVERIFY2(store.save(&error), qPrintable(error.toUserText()));

    ProfileStore again(dir.path());
    QVERIFY(again.load());
    QCOMPARE(again.apimProfile(QStringLiteral("prod"))->url, apim.url);
    QCOMPARE(again.apimProfile(QStringLiteral("prod"))->pinnedCertificates.value(QStringLiteral("apim.example.com:9443")), QStringLiteral("AB:CD"));
    QCOMPARE(again.asgardeoProfile(QStringLiteral("asg"))->organizationUrl(), QUrl(QStringLiteral("https://api.asgardeo.io/t/acme")));
    QCOMPARE(again.entraProfile(QStringLiteral("entra"))->graphUrl, QUrl(QStringLiteral("https://graph.microsoft.com")));
    QCOMPARE(again.activeApimProfile(), QStringLiteral("prod"));
    QCOMPARE(again.secretKeys(), QStringList{QStringLiteral("apim/prod/password")});

    QFile file(store.filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(!text.contains("password\":"));
    QVERIFY(!text.contains("secret\":"));
    QCOMPARE(file.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());
}

void TstProfileStore::corruptFileIsBackedUpAndReported_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << QByteArray("{\"version\":1, \"apim\": [") << QStringLiteral("is not valid JSON");
    QTest::newRow("newer version") << QByteArray("{\"version\":7}") << QStringLiteral("has version 7");
    QTest::newRow("html") << QByteArray("<html>oops</html>") << QStringLiteral("is not valid JSON");
}

void TstProfileStore::corruptFileIsBackedUpAndReported()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    ProfileStore store(dir.path());
    QFile file(store.filePath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    ApiError error;
    QVERIFY(!store.load(&error));
    QCOMPARE(error.kind, ApiError::Kind::Storage);
    QVERIFY2(error.toUserText().contains(expected), qPrintable(error.toUserText()));
    QVERIFY(!store.backupPath().isEmpty());
    QVERIFY(error.toUserText().contains(store.backupPath()));
    QFile backup(store.backupPath());
    QVERIFY(backup.open(QIODevice::ReadOnly));
    QCOMPARE(backup.readAll(), content); // nothing lost
    // After the backup exists the user can go on and save new profiles.
    const QString backupPath = store.backupPath();
    ApimProfile p;
    p.name = QStringLiteral("new");
    store.upsertApim(p);
    QVERIFY(store.save(&error));
    QVERIFY(QFile::exists(backupPath));
}

void TstProfileStore::validation_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected"); // empty = valid
    QTest::newRow("url ok") << QStringLiteral("url") << QStringLiteral("https://apim.example.com:9443/") << QString();
    QTest::newRow("url no scheme") << QStringLiteral("url") << QStringLiteral("apim.example.com:9443") << QStringLiteral("has no scheme");
    QTest::newRow("url http remote") << QStringLiteral("url") << QStringLiteral("http://apim.example.com") << QStringLiteral("plain http");
    QTest::newRow("url http loopback") << QStringLiteral("url") << QStringLiteral("http://127.0.0.1:8080") << QString();
    QTest::newRow("tenant guid") << QStringLiteral("tenant") << QStringLiteral("72f988bf-86f1-41af-91ab-2d7cd011db47") << QString();
    QTest::newRow("tenant domain") << QStringLiteral("tenant") << QStringLiteral("contoso.onmicrosoft.com") << QString();
    QTest::newRow("tenant junk") << QStringLiteral("tenant") << QStringLiteral("my tenant") << QStringLiteral("neither a tenant ID");
    QTest::newRow("org ok") << QStringLiteral("org") << QStringLiteral("acme") << QString();
    QTest::newRow("org empty") << QStringLiteral("org") << QString() << QStringLiteral("organization name is empty");
    QTest::newRow("org spaces") << QStringLiteral("org") << QStringLiteral("Acme Corp") << QStringLiteral("is not an Asgardeo organization");
    QTest::newRow("name bad") << QStringLiteral("name") << QStringLiteral("my prod") << QStringLiteral("has characters");
}

void TstProfileStore::validation()
{
    QFETCH(QString, kind);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    ApiError e;
    if (kind == QLatin1String("url"))
        e = ProfileValidation::serviceUrl(value, nullptr);
    else if (kind == QLatin1String("tenant"))
        e = ProfileValidation::tenant(value);
    else if (kind == QLatin1String("org"))
        e = ProfileValidation::organization(value);
    else
        e = ProfileValidation::profileName(value);
    if (expected.isEmpty()) {
        QVERIFY2(!e.isError(), qPrintable(e.toUserText()));
    } else {
        QVERIFY(e.isError());
        QVERIFY2(e.toUserText().contains(expected), qPrintable(e.toUserText()));
        QVERIFY(!e.hint.isEmpty());
        QVERIFY(!e.field.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TstProfileStore)
#include "tst_profilestore.moc"
