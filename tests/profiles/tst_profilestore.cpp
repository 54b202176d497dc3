// Profiles round-trip without secrets; corrupt and newer files are reported and backed up.

#include "services/profiles/ProfileStore.h"
#include "services/profiles/ProfileValidation.h"

#include <QDir>
#include <QLockFile>
#include <QSignalSpy>
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
    void userInfoIsRefusedWithoutRepeatingIt_data();
    void userInfoIsRefusedWithoutRepeatingIt();
    void userInfoNeverReachesTheFile();
    void twoStoresWritingInTurnKeepBoth();
    void aChangeOnDiskIsReloaded();
    void aHeldLockFailsTheSaveAndSaysWhy();
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
    QTest::newRow("org capitals") << QStringLiteral("org") << QStringLiteral("Acme") << QStringLiteral("Enter it as it appears in your Asgardeo URLs: “acme”");
    QTest::newRow("org url") << QStringLiteral("org") << QStringLiteral("https://api.asgardeo.io/t/contoso/oauth2/token")
                             << QStringLiteral("for https://api.asgardeo.io/t/contoso/oauth2/token it is “contoso”");
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

void TstProfileStore::userInfoIsRefusedWithoutRepeatingIt_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("user and password") << QStringLiteral("https://admin:pw-in-url-1@apim.example.com:9443");
    QTest::newRow("user only") << QStringLiteral("https://pw-in-url-1@apim.example.com:9443/");
    QTest::newRow("no scheme") << QStringLiteral("admin:pw-in-url-1@apim.example.com:9443");
    QTest::newRow("encoded") << QStringLiteral("https://admin:pw-in-url-1%40x@apim.example.com");
}

void TstProfileStore::userInfoIsRefusedWithoutRepeatingIt()
{
    QFETCH(QString, url);
    QUrl parsed;
    const ApiError e = ProfileValidation::serviceUrl(url, &parsed);
    QVERIFY(e.isError());
    QCOMPARE(e.field, QStringLiteral("url"));
    QVERIFY2(e.toUserText().contains(QLatin1String("user name or password")), qPrintable(e.toUserText()));
    QVERIFY2(e.toUserText().contains(QLatin1String("apim.example.com")), qPrintable(e.toUserText()));
    QVERIFY(!e.toUserText().contains(QLatin1String("pw-in-url-1")));
    QVERIFY(parsed.isEmpty());
}

void TstProfileStore::userInfoNeverReachesTheFile()
{
    // A profile built by code (or read from an old file) with a user part loses it on the way to disk.
    QTemporaryDir dir;
    ProfileStore store(dir.path());
    QVERIFY(store.load());
    ApimProfile apim;
    apim.name = QStringLiteral("prod");
    apim.url = QUrl(QStringLiteral("https://admin:pw-in-url-2@apim.example.com:9443"));
    store.upsertApim(apim);
    AsgardeoProfile asg;
    asg.name = QStringLiteral("asg");
    asg.organization = QStringLiteral("acme");
    asg.baseUrl = QUrl(QStringLiteral("https://u:pw-in-url-2@api.asgardeo.io"));
    store.upsertAsgardeo(asg);
    EntraProfile entra;
    entra.name = QStringLiteral("entra");
    entra.loginUrl = QUrl(QStringLiteral("https://u:pw-in-url-2@login.microsoftonline.us"));
    entra.graphUrl = QUrl(QStringLiteral("https://u:pw-in-url-2@graph.microsoft.us"));
    store.upsertEntra(entra);
    ApiError error;
    QVERIFY2(store.save(&error), qPrintable(error.toUserText()));
    QFile file(store.filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("pw-in-url-2"));

    QFile old(dir.filePath(QStringLiteral("old/profiles.json")));
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("old")));
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write(R"({"version":1,"apim":[{"name":"x","url":"https://admin:pw-in-url-3@apim.example.com:9443"}]})");
    old.close();
    ProfileStore oldStore(dir.filePath(QStringLiteral("old")));
    QVERIFY(oldStore.load());
    QCOMPARE(oldStore.apimProfile(QStringLiteral("x"))->url, QUrl(QStringLiteral("https://apim.example.com:9443")));
}

void TstProfileStore::twoStoresWritingInTurnKeepBoth()
{
    // The console and kmconsole-cli each hold a store on the same file; neither may drop the other's profile.
    QTemporaryDir dir;
    ProfileStore gui(dir.path());
    ProfileStore cli(dir.path());
    QVERIFY(gui.load());
    QVERIFY(cli.load());
    ApimProfile fromCli;
    fromCli.name = QStringLiteral("from-cli");
    fromCli.url = QUrl(QStringLiteral("https://cli.example.com:9443"));
    cli.upsertApim(fromCli);
    ApiError error;
    QVERIFY2(cli.save(&error), qPrintable(error.toUserText()));

    ApimProfile fromGui;
    fromGui.name = QStringLiteral("from-gui");
    fromGui.url = QUrl(QStringLiteral("https://gui.example.com:9443"));
    gui.upsertApim(fromGui);
    gui.setActiveApimProfile(QStringLiteral("from-gui"));
    QVERIFY2(gui.save(&error), qPrintable(error.toUserText()));

    cli.removeApim(QStringLiteral("from-gui")); // not yet seen here: the remove is replayed over the file
    cli.upsertApim(fromCli);
    QVERIFY2(cli.save(&error), qPrintable(error.toUserText()));

    ProfileStore reader(dir.path());
    QVERIFY(reader.load());
    QVERIFY(reader.apimProfile(QStringLiteral("from-cli")).has_value());
    // The CLI's remove of "from-gui" was made after it took in the GUI's save: it stands.
    QVERIFY(!reader.apimProfile(QStringLiteral("from-gui")).has_value());
    QCOMPARE(reader.activeApimProfile(), QStringLiteral("from-gui"));

    // And the other way round: a store that has not seen a save keeps it when it saves its own change.
    ProfileStore late(dir.path());
    QVERIFY(late.load());
    gui.upsertApim(fromGui);
    QVERIFY2(gui.save(&error), qPrintable(error.toUserText()));
    EntraProfile entra;
    entra.name = QStringLiteral("entra-late");
    late.upsertEntra(entra);
    QVERIFY2(late.save(&error), qPrintable(error.toUserText()));
    QVERIFY(reader.load());
    QVERIFY(reader.apimProfile(QStringLiteral("from-gui")).has_value());
    QVERIFY(reader.apimProfile(QStringLiteral("from-cli")).has_value());
    QVERIFY(reader.entraProfile(QStringLiteral("entra-late")).has_value());
}

void TstProfileStore::aChangeOnDiskIsReloaded()
{
    QTemporaryDir dir;
    ProfileStore gui(dir.path());
    QVERIFY(gui.load());
    ApiError error;
    QVERIFY2(gui.save(&error), qPrintable(error.toUserText()));
    QSignalSpy changed(&gui, &ProfileStore::changed);
    ProfileStore cli(dir.path());
    QVERIFY(cli.load());
    ApimProfile p;
    p.name = QStringLiteral("added-by-cli");
    p.url = QUrl(QStringLiteral("https://cli.example.com:9443"));
    cli.upsertApim(p);
    QVERIFY2(cli.save(&error), qPrintable(error.toUserText()));
    QTRY_VERIFY_WITH_TIMEOUT(gui.apimProfile(QStringLiteral("added-by-cli")).has_value(), 5000);
    QVERIFY(changed.count() >= 1);
}

void TstProfileStore::aHeldLockFailsTheSaveAndSaysWhy()
{
    QTemporaryDir dir;
    ProfileStore store(dir.path());
    QVERIFY(store.load());
    QLockFile other(store.filePath() + QStringLiteral(".lock"));
    QVERIFY(other.tryLock(0));
    ApimProfile p;
    p.name = QStringLiteral("waiting");
    store.upsertApim(p);
    ApiError error;
    QVERIFY(!store.save(&error));
    QCOMPARE(error.kind, ApiError::Kind::Storage);
    QVERIFY2(error.toUserText().contains(QLatin1String("another kmconsole")), qPrintable(error.toUserText()));
    QVERIFY(!QFile::exists(store.filePath()));
    other.unlock();
    QVERIFY2(store.save(&error), qPrintable(error.toUserText()));
}

QTEST_GUILESS_MAIN(TstProfileStore)
#include "tst_profilestore.moc"
