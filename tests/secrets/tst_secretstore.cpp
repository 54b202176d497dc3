// SecretStore against the real Secret Service (gnome-keyring on the test's private D-Bus session).

#include "services/core/Redactor.h"
#include "services/secrets/SecretStore.h"

#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

using namespace km;

namespace {
// Waits for a job and returns it; the job is kept alive for inspection.
Job *await(Job *job)
{
    job->setAutoDelete(false);
    QSignalSpy spy(job, &Job::finished);
    if (!job->isFinished())
        spy.wait(15000);
    return job;
}

// What the Secret Service itself holds, read with libsecret's own tool (not through QtKeychain).
QString secretToolLookup(const QString &key)
{
    QProcess p;
    p.start(QStringLiteral("secret-tool"), {QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("kmconsole"),
                                             QStringLiteral("user"), key});
    p.waitForFinished(10000);
    return QString::fromUtf8(p.readAllStandardOutput());
}
} // namespace

class TstSecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void writeReadOverwriteDelete();
    void missingEntryIsNamed();
    void probeRoundTrip();
    void secretsAreRegisteredForRedaction();
};

void TstSecretStore::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QFAIL("No D-Bus session: run the tests through scripts/test.sh, which starts gnome-keyring on a private bus.");
    if (QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty())
        QFAIL("secret-tool (libsecret-tools) is missing: scripts/setup.sh --test installs it.");
}

void TstSecretStore::writeReadOverwriteDelete()
{
    SecretStore store;
    const QString key = QStringLiteral("apim/test-%1/password").arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    Job *w = await(store.write(key, QStringLiteral("first-Secret-1")));
    QVERIFY2(!w->hasError(), qPrintable(w->error().toUserText()));
    QCOMPARE(w->result().toObject().value(QLatin1String("stored")).toString(), QStringLiteral("keychain"));
    QVERIFY(!store.sessionOnly());
    QCOMPARE(secretToolLookup(key), QStringLiteral("first-Secret-1"));

    Job *r = await(store.read(key));
    QVERIFY(!r->hasError());
    QCOMPARE(r->result().toString(), QStringLiteral("first-Secret-1"));

    await(store.write(key, QStringLiteral("second-Secret-2")));
    QCOMPARE(secretToolLookup(key), QStringLiteral("second-Secret-2"));
    SecretStore other; // a second instance reads what the first stored: it is in the keychain, not in memory
    QCOMPARE(await(other.read(key))->result().toString(), QStringLiteral("second-Secret-2"));

    QVERIFY(!await(store.remove(key))->hasError());
    QCOMPARE(secretToolLookup(key), QString());
    Job *gone = await(store.read(key));
    QVERIFY(gone->hasError());
    QCOMPARE(gone->error().vendorCode, QStringLiteral("not-found"));
    delete w; delete r; delete gone;
}

void TstSecretStore::missingEntryIsNamed()
{
    SecretStore store;
    Job *r = await(store.read(QStringLiteral("entra/never-stored/client-secret")));
    QVERIFY(r->hasError());
    QCOMPARE(r->error().kind, ApiError::Kind::Keychain);
    QVERIFY(r->error().toUserText().contains(QLatin1String("entra/never-stored/client-secret")));
    QVERIFY(!store.sessionOnly());
    delete r;
}

void TstSecretStore::probeRoundTrip()
{
    SecretStore store;
    Job *p = await(store.probe());
    QVERIFY(!p->hasError());
    QCOMPARE(p->result().toObject().value(QLatin1String("available")).toBool(), true);
    delete p;
}

void TstSecretStore::secretsAreRegisteredForRedaction()
{
    SecretStore store;
    const QString key = QStringLiteral("asgardeo/redact/client-secret");
    await(store.write(key, QStringLiteral("Zq8-very-private")));
    QCOMPARE(Redactor::redactText(QStringLiteral("secret=Zq8-very-private end")), QStringLiteral("secret=") + Redactor::Mask + QStringLiteral(" end"));
    await(store.remove(key));
}

QTEST_GUILESS_MAIN(TstSecretStore)
#include "tst_secretstore.moc"
