// Runs last in a whole-suite run: no secret the sandbox issued or the tests sent (recorded in the
// ledger by SandboxServer::recordIssuedSecrets) appears in a file under the tests' HOME, their XDG
// config and data folders (the keychain's own files aside), or ctest's logs of this run.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

class TstSecretsScan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void scanFindsAPlantedSecret();
    void testHomeHasNoSecret();
    void configAndDataFoldersHaveNoSecret();
    void ctestLogsHaveNoSecret();

private:
    struct Finding
    {
        QString file;
        int secretLength = 0;
    };
    // The first file under `root` (or `root` itself) holding a ledger secret; `skip` names folders left out.
    QList<Finding> scan(const QString &root, const QStringList &skip = {}) const;
    static QString describe(const QList<Finding> &findings);

    QSet<QByteArray> m_secrets;
};

void TstSecretsScan::initTestCase()
{
    const QString ledger = qEnvironmentVariable("KM_SECRETS_LEDGER_DIR");
    QVERIFY2(!ledger.isEmpty(), "KM_SECRETS_LEDGER_DIR is not set: run the scan through ctest (scripts/test.sh)");
    QDirIterator files(ledger, {QStringLiteral("*.txt")}, QDir::Files);
    while (files.hasNext()) {
        QFile file(files.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        for (const QByteArray &line : file.readAll().split('\n')) {
            if (!line.isEmpty())
                m_secrets.insert(line);
        }
    }
    // An empty ledger would make every check below pass without looking at anything.
    QVERIFY2(!m_secrets.isEmpty(), qPrintable(QStringLiteral("No secrets were recorded in %1: the scan runs after the suites that use "
                                                             "the sandbox (the whole suite), not alone").arg(ledger)));
}

QList<TstSecretsScan::Finding> TstSecretsScan::scan(const QString &root, const QStringList &skip) const
{
    QList<Finding> findings;
    QStringList paths;
    if (QFileInfo(root).isFile()) {
        paths << root;
    } else {
        QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
        while (it.hasNext())
            paths << it.next();
    }
    for (const QString &path : std::as_const(paths)) {
        bool skipped = false;
        for (const QString &s : skip)
            skipped = skipped || path.contains(QLatin1Char('/') + s + QLatin1Char('/'));
        QFile file(path);
        if (skipped || !file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray content = file.read(64 * 1024 * 1024);
        for (const QByteArray &secret : m_secrets) {
            if (content.contains(secret)) {
                findings.append({path, int(secret.size())});
                break;
            }
        }
    }
    return findings;
}

QString TstSecretsScan::describe(const QList<Finding> &findings)
{
    // Names the file, never the secret.
    QStringList lines;
    for (const Finding &f : findings)
        lines << QStringLiteral("%1 holds a secret the tests used (%2 characters)").arg(f.file).arg(f.secretLength);
    return lines.join(QLatin1Char('\n'));
}

void TstSecretsScan::scanFindsAPlantedSecret()
{
    // The scan itself can fail: a secret from the ledger, planted in a log line, is found and named.
    QTemporaryDir dir;
    QFile planted(dir.filePath(QStringLiteral("nested/app.log")));
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("nested")));
    QVERIFY(planted.open(QIODevice::WriteOnly));
    planted.write("2026-01-01 token request ok, body: {\"client_secret\":\"" + *m_secrets.cbegin() + "\"}\n");
    planted.close();
    const QList<Finding> found = scan(dir.path());
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().file, planted.fileName());
    QVERIFY(describe(found).contains(QLatin1String("nested/app.log")));
    QVERIFY(!describe(found).contains(QString::fromUtf8(*m_secrets.cbegin())));
    QVERIFY(scan(dir.path(), {QStringLiteral("nested")}).isEmpty());
}

void TstSecretsScan::testHomeHasNoSecret()
{
    const QString home = qEnvironmentVariable("HOME");
    QVERIFY2(home.startsWith(QStringLiteral(KM_BUILD_DIR)), qPrintable(QStringLiteral("HOME is %1, not the tests' own home under the build folder").arg(home)));
    const QList<Finding> found = scan(home);
    QVERIFY2(found.isEmpty(), qPrintable(describe(found)));
}

void TstSecretsScan::configAndDataFoldersHaveNoSecret()
{
    // Settings, profiles and caches: the keychain's own folder is where secrets belong.
    int scanned = 0;
    for (const char *variable : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"}) {
        const QString folder = qEnvironmentVariable(variable);
        if (folder.isEmpty() || !QFileInfo::exists(folder))
            continue;
        ++scanned;
        const QList<Finding> found = scan(folder, {QStringLiteral("keyrings")});
        QVERIFY2(found.isEmpty(), qPrintable(describe(found)));
    }
    QVERIFY2(scanned > 0, "no XDG config or data folder to scan: run the scan through scripts/test.sh (with-keyring.sh sets them)");
}

void TstSecretsScan::ctestLogsHaveNoSecret()
{
    const QString logs = QStringLiteral(KM_BUILD_DIR "/Testing/Temporary");
    // While ctest runs, the log of this run is LastTest.log.tmp (renamed LastTest.log at the end).
    QFile log(logs + QStringLiteral("/LastTest.log.tmp"));
    QVERIFY2(log.open(QIODevice::ReadOnly), "Testing/Temporary/LastTest.log.tmp is missing: the scan reads the log of the ctest run it is part of");
    QVERIFY2(log.readAll().contains("Totals:"), "the ctest log of this run holds no test output yet");
    const QList<Finding> found = scan(logs);
    QVERIFY2(found.isEmpty(), qPrintable(describe(found)));
}

QTEST_GUILESS_MAIN(TstSecretsScan)
#include "tst_secrets_scan.moc"
