// SecretStore when no keychain answers: a D-Bus session without any Secret Service.

#include "services/core/ServiceContext.h"
#include "services/profiles/ProfileStore.h"
#include "services/profiles/Profiles.h"
#include "services/secrets/SecretStore.h"

#include <QCoreApplication>
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
