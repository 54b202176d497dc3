// The README's `scripts/run.sh --sandbox`: the real kmconsole binary starts against its embedded
// sandbox, connects to the API Manager stand-in on its own (registering a DCR client), and keeps the
// sandbox's throw-away secrets under a keychain service of their own, apart from the real ones.

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TstRunSandbox : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void startsConnectsAndKeepsItsSecretsApart();

private:
    static QString keychainEntries(const QString &service);
};

QString TstRunSandbox::keychainEntries(const QString &service)
{
    // QtKeychain's libsecret items carry the service as the "server" attribute.
    QProcess search;
    search.start(QStringLiteral("secret-tool"), {QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("server"), service});
    if (!search.waitForFinished(10000))
        return QStringLiteral("(secret-tool did not answer)");
    return QString::fromUtf8(search.readAllStandardOutput() + search.readAllStandardError());
}

void TstRunSandbox::startsConnectsAndKeepsItsSecretsApart()
{
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty(),
             "secret-tool is missing: scripts/setup.sh --test installs libsecret-tools");
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "no D-Bus session: run the tests through scripts/test.sh");
    const QString before = keychainEntries(QStringLiteral("kmconsole"));

    QTemporaryDir home;
    QVERIFY(home.isValid());
    QProcess console;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
    console.setProcessEnvironment(env);
    console.setProcessChannelMode(QProcess::MergedChannels);
    console.start(QStringLiteral(KM_BIN_DIR "/kmconsole"), {QStringLiteral("--sandbox")});
    QVERIFY2(console.waitForStarted(10000), qPrintable(console.errorString()));

    // Connecting registers a DCR client with the API Manager stand-in; its secret lands in the keychain.
    QTRY_VERIFY2_WITH_TIMEOUT(keychainEntries(QStringLiteral("kmconsole-sandbox")).contains(QLatin1String("apim/sandbox/dcr-client-secret")),
                              qPrintable(QString::fromUtf8(console.readAll())), 30000);
    const QString sandboxEntries = keychainEntries(QStringLiteral("kmconsole-sandbox"));
    QVERIFY(sandboxEntries.contains(QLatin1String("asgardeo/acme/client-secret")));
    QVERIFY(sandboxEntries.contains(QLatin1String("entra/")));
    QCOMPARE(console.state(), QProcess::Running);
    // Nothing was added under the real service.
    QCOMPARE(keychainEntries(QStringLiteral("kmconsole")), before);

    console.terminate();
    QVERIFY(console.waitForFinished(10000));
}

QTEST_GUILESS_MAIN(TstRunSandbox)
#include "tst_run_sandbox.moc"
