// SecretStore when no keychain answers: a D-Bus session without any Secret Service.

#include "services/core/ServiceContext.h"
#include "services/profiles/ProfileStore.h"
#include "services/profiles/Profiles.h"
#include "services/secrets/SecretStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QFile>
#include <QTest>

using namespace km;

class TstSecretStoreNoKeychain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writeKeepsSecretForSessionAndSaysWhy();
    void probeReportsUnavailable();
    void profileWithSecretIsSavedOnlyAsTheCallerAllows();
    // Last: starts a keychain on this test's bus.
    void keychainThatComesBackIsUsedAgain();
};

namespace {
Job *await(Job *job)
{
    job->setAutoDelete(false);
    QSignalSpy spy(job, &Job::finished);
    if (!job->isFinished())
        spy.wait(30000);
    return job;
}
} // namespace

void TstSecretStoreNoKeychain::writeKeepsSecretForSessionAndSaysWhy()
{
    SecretStore store;
    QSignalSpy unavailable(&store, &SecretStore::keychainUnavailable);
    Job *w = await(store.write(QStringLiteral("apim/prod/password"), QStringLiteral("typed-by-user")));
    QVERIFY(w->isFinished());
    QVERIFY(!w->hasError()); // nothing the user typed is lost
    QCOMPARE(w->result().toObject().value(QLatin1String("stored")).toString(), QStringLiteral("session"));
    QVERIFY(store.sessionOnly());
    QCOMPARE(unavailable.size(), 1);
    const QString message = unavailable.first().first().toString();
    QVERIFY2(message.contains(QLatin1String("No OS keychain answered")), qPrintable(message));
    QVERIFY(message.contains(QLatin1String("this session only")));
    Job *r = await(store.read(QStringLiteral("apim/prod/password")));
    QCOMPARE(r->result().toString(), QStringLiteral("typed-by-user"));
    delete w;
    delete r;
}

void TstSecretStoreNoKeychain::probeReportsUnavailable()
{
    SecretStore store;
    Job *p = await(store.probe());
    QCOMPARE(p->result().toObject().value(QLatin1String("available")).toBool(), false);
    QVERIFY(p->result().toObject().value(QLatin1String("message")).toString().contains(QLatin1String("keyring")));
    delete p;
}

void TstSecretStoreNoKeychain::profileWithSecretIsSavedOnlyAsTheCallerAllows()
{
    QTemporaryDir config;
    QVERIFY(config.isValid());
    ServiceContext context(config.path());
    AsgardeoProfile profile;
    profile.name = QStringLiteral("acme");
    profile.organization = QStringLiteral("acme");
    profile.clientId = QStringLiteral("client");
    auto upsert = [profile](ProfileStore *store) { store->upsertAsgardeo(profile); };

    // The CLI insists on the keychain: nothing is saved, and the reason says what to do.
    Job *strict = await(context.saveProfileWithSecret(SecretStore::asgardeoSecretKey(profile.name), QStringLiteral("s3cret-value"), upsert, true));
    QVERIFY(strict->hasError());
    QVERIFY2(strict->error().toUserText().contains(QLatin1String("could not be stored in the OS keychain")), qPrintable(strict->error().toUserText()));
    QVERIFY(!context.profiles()->asgardeoProfile(profile.name));
    QVERIFY(!QFile::exists(context.profiles()->filePath()));

    // The GUI keeps going for the session and says so; the profile file never holds the secret.
    Job *lenient = await(context.saveProfileWithSecret(SecretStore::asgardeoSecretKey(profile.name), QStringLiteral("s3cret-value"), upsert, false));
    QVERIFY2(!lenient->hasError(), qPrintable(lenient->error().toUserText()));
    QCOMPARE(lenient->result().toObject().value(QLatin1String("stored")).toString(), QStringLiteral("session"));
    QVERIFY(!lenient->result().toObject().value(QLatin1String("problem")).toString().isEmpty());
    QFile file(context.profiles()->filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray saved = file.readAll();
    QVERIFY(saved.contains("acme"));
    QVERIFY(!saved.contains("s3cret-value"));
    delete strict;
    delete lenient;
}

void TstSecretStoreNoKeychain::keychainThatComesBackIsUsedAgain()
{
    SecretStore store;
    Job *early = await(store.write(QStringLiteral("apim/retry/password"), QStringLiteral("typed-while-keychain-was-down")));
    QCOMPARE(early->result().toObject().value(QLatin1String("stored")).toString(), QStringLiteral("session"));
    QVERIFY(store.sessionOnly());

    // The user starts their keyring: gnome-keyring on this test's private bus, in a throw-away home.
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.filePath(QStringLiteral("run")));
    for (const char *sub : {"data", "config", "run"})
        QVERIFY(QDir(home.path()).mkpath(QLatin1String(sub)));
    QFile::setPermissions(home.filePath(QStringLiteral("run")), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QProcess keyring;
    keyring.setProcessEnvironment(env);
    keyring.start(QStringLiteral("gnome-keyring-daemon"), {QStringLiteral("--foreground"), QStringLiteral("--unlock"), QStringLiteral("--components=secrets")});
    QVERIFY2(keyring.waitForStarted(5000), "gnome-keyring-daemon could not be started (package gnome-keyring)");
    keyring.write("kmconsole-test");
    keyring.closeWriteChannel();
    QSignalSpy back(&store, &SecretStore::keychainAvailable);
    // The next use reaches the keychain, and the secret kept for the session moves into it.
    // Until the daemon has registered on the bus, a write still lands in the session store: ask again until it does not.
    QTRY_VERIFY2_WITH_TIMEOUT([&store] {
        Job *later = await(store.write(QStringLiteral("apim/retry/other"), QStringLiteral("typed-when-keychain-is-back")));
        const bool stored = later->result().toObject().value(QLatin1String("stored")).toString() == QLatin1String("keychain");
        delete later;
        return stored;
    }(), "the keychain was not used once it answered", 5000);
    QVERIFY(!store.sessionOnly());
    QCOMPARE(back.size(), 1);
    SecretStore fresh;
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        Job *r = await(fresh.read(QStringLiteral("apim/retry/password")));
        const bool same = !r->hasError() && r->result().toString() == QLatin1String("typed-while-keychain-was-down");
        delete r;
        return same;
    }(), 10000);
    QVERIFY(!fresh.sessionOnly());
    delete early;
    keyring.terminate();
    if (!keyring.waitForFinished(5000))
        keyring.kill();
}

int main(int argc, char **argv)
{
    // A private session bus with nothing on it: the keychain daemon is absent, as on a bare server.
    // No service directories either, so nothing can be activated on demand.
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("bus.conf"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return 1;
    file.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
               "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
               "<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen>"
               "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
               "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n");
    file.close();
    QProcess bus;
    bus.start(QStringLiteral("dbus-daemon"), {QStringLiteral("--config-file=") + config, QStringLiteral("--nofork"), QStringLiteral("--print-address=1")});
    if (!bus.waitForStarted(5000) || !bus.waitForReadyRead(5000)) {
        fprintf(stderr, "FAIL: could not start dbus-daemon for the no-keychain test (package dbus)\n");
        return 1;
    }
    const QByteArray address = bus.readLine().trimmed();
    qputenv("DBUS_SESSION_BUS_ADDRESS", address);
    int status = 0;
    {
        QCoreApplication app(argc, argv);
        TstSecretStoreNoKeychain test;
        status = QTest::qExec(&test, argc, argv);
    }
    bus.terminate();
    bus.waitForFinished(5000);
    return status;
}

#include "tst_secretstore_nokeychain.moc"
