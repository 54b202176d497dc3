// The README's `scripts/run.sh --sandbox` (its launcher scripts/run-sandbox.sh, without the set-up):
// a separate kmconsole-sandbox process starts, the real kmconsole binary connects to the API Manager
// stand-in on its own (registering a DCR client) with the sandbox's key managers as profiles, keeps the
// sandbox's throw-away secrets under a keychain service of their own, never gets them on its command
// line, and the sandbox stops when the console exits.

#include <QDir>
#include <QFileInfo>
#include <QMap>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

class TstRunSandbox : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void startsConnectsAndKeepsItsSecretsApart();

private:
    static QString keychainEntries(const QString &service);
    // Child processes of pid, by their executable's file name.
    static QMap<QString, qint64> children(qint64 pid);
};

QMap<QString, qint64> TstRunSandbox::children(qint64 pid)
{
    QMap<QString, qint64> result;
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile file(tasks.filePath(task + QStringLiteral("/children")));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &child : file.readAll().split(' ')) {
            if (child.trimmed().isEmpty())
                continue;
            const qint64 childPid = child.trimmed().toLongLong();
            const QString exe = QFileInfo(QFile::symLinkTarget(QStringLiteral("/proc/%1/exe").arg(childPid))).fileName();
            result.insert(exe, childPid);
        }
    }
    return result;
}

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
    console.setProcessChannelMode(QProcess::MergedChannels);
    env.insert(QStringLiteral("KM_BUILD_DIR"), QDir(QStringLiteral(KM_BIN_DIR "/..")).absolutePath());
    console.setProcessEnvironment(env);
    console.start(QStringLiteral("bash"), {QStringLiteral(KM_SOURCE_DIR "/scripts/run-sandbox.sh")});
    QVERIFY2(console.waitForStarted(10000), qPrintable(console.errorString()));

    // Connecting registers a DCR client with the API Manager stand-in; its secret lands in the keychain.
    QTRY_VERIFY2_WITH_TIMEOUT(keychainEntries(QStringLiteral("kmconsole-sandbox")).contains(QLatin1String("apim/sandbox/dcr-client-secret")),
                              qPrintable(QString::fromUtf8(console.readAll())), 30000);
    const QString sandboxEntries = keychainEntries(QStringLiteral("kmconsole-sandbox"));
    QVERIFY(sandboxEntries.contains(QLatin1String("asgardeo/acme/client-secret")));
    QVERIFY(sandboxEntries.contains(QLatin1String("entra/")));
    // The External ID tenant's profile, under its subdomain.
    QVERIFY2(sandboxEntries.contains(QLatin1String("entra/contosocustomers/")), qPrintable(sandboxEntries));
    QCOMPARE(console.state(), QProcess::Running);
    // Nothing was added under the real service.
    QCOMPARE(keychainEntries(QStringLiteral("kmconsole")), before);

    // Two processes: the sandbox and the console; the console's command line carries no secret.
    const QMap<QString, qint64> processes = children(console.processId());
    QVERIFY2(processes.contains(QStringLiteral("kmconsole-sandbox")), qPrintable(QStringList(processes.keyBegin(), processes.keyEnd()).join(QLatin1Char(' '))));
    QVERIFY2(processes.contains(QStringLiteral("kmconsole")), qPrintable(QStringList(processes.keyBegin(), processes.keyEnd()).join(QLatin1Char(' '))));
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(processes.value(QStringLiteral("kmconsole"))));
    QVERIFY(cmdline.open(QIODevice::ReadOnly));
    const QList<QByteArray> arguments = cmdline.readAll().split('\0');
    QCOMPARE(arguments.value(1), QByteArray("--sandbox-stdin"));
    QVERIFY2(arguments.size() <= 3 && arguments.value(2).isEmpty(), "the console got more arguments than --sandbox-stdin");

    // The user closes the console: the launcher stops the sandbox and ends.
    QCOMPARE(::kill(pid_t(processes.value(QStringLiteral("kmconsole"))), SIGTERM), 0);
    QVERIFY(console.waitForFinished(20000));
    const qint64 sandboxPid = processes.value(QStringLiteral("kmconsole-sandbox"));
    QTRY_VERIFY2_WITH_TIMEOUT(!QFile::exists(QStringLiteral("/proc/%1/exe").arg(sandboxPid)),
                              "kmconsole-sandbox is still running after the console exited", 10000);
}

QTEST_GUILESS_MAIN(TstRunSandbox)
#include "tst_run_sandbox.moc"
