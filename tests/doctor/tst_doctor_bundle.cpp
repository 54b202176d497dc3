// The support bundle of `kmconsole-cli doctor --bundle FILE` against the real kmconsole-sandbox, opened
// with another program than the one that wrote it (unzip): every file is there with what it should hold
// (the report the CLI printed, the key managers as API Manager returns them, the profiles, the activity,
// the versions), and no secret the test used or the sandbox issued (admin password, client secrets,
// tokens: the secrets ledger) is anywhere in it.

#include "support/CliRunner.h"
#include "support/SandboxFixture.h"
#include "support/ZipFiles.h"

#include "services/core/ConstRange.h"
#include "services/core/Redactor.h"
#include "services/core/ZipWriter.h"
#include "services/doctor/SupportBundle.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace km::test;

class TstDoctorBundle : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void zipWriterIsReadByUnzip();
    void bundleHoldsEachFileAndNoSecret();
    void unwritableBundleSaysWhatToDo();
    void cleanupTestCase();

private:
    SandboxProcess m_sandbox;
    CliRunner m_cli;
    QTemporaryDir m_dir;
    QTemporaryDir m_ledger;
};

void TstDoctorBundle::initTestCase()
{
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("unzip")).isEmpty(), "unzip is missing: scripts/setup.sh --test installs it");
    QVERIFY(m_dir.isValid() && m_ledger.isValid());
    // Run alone (not through ctest), the sandbox keeps its ledger here, so the test still knows its secrets.
    if (qEnvironmentVariableIsEmpty("KM_SECRETS_LEDGER_DIR"))
        qputenv("KM_SECRETS_LEDGER_DIR", QFile::encodeName(m_ledger.path()));
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    const QJsonObject info = m_sandbox.info();
    CliResult r = m_cli.addApimProfile(QStringLiteral("dev"), info);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject accounts = info.value(QLatin1String("accounts")).toObject();
    r = m_cli.addAsgardeoProfile(QStringLiteral("org"), info);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = m_cli.run({QStringLiteral("setup"), QStringLiteral("asgardeo"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--asgardeo"),
                   QStringLiteral("org"), QStringLiteral("--name"), QStringLiteral("Asgardeo")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject e = accounts.value(QLatin1String("entra")).toObject();
    r = m_cli.run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("entra"), QStringLiteral("contoso"), QStringLiteral("--tenant"),
                   e.value(QLatin1String("tenant")).toString(), QStringLiteral("--client-id"), e.value(QLatin1String("clientId")).toString(),
                   QStringLiteral("--client-secret-stdin"), QStringLiteral("--login-url"), info.value(QLatin1String("entra")).toString(),
                   QStringLiteral("--graph-url"), info.value(QLatin1String("graph")).toString()},
                  e.value(QLatin1String("clientSecret")).toString().toUtf8() + '\n');
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = m_cli.run({QStringLiteral("setup"), QStringLiteral("azure"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--entra"),
                   QStringLiteral("contoso"), QStringLiteral("--name"), QStringLiteral("Contoso"), QStringLiteral("--token-version"), QStringLiteral("v2")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

void TstDoctorBundle::cleanupTestCase()
{
    m_sandbox.stop();
}

void TstDoctorBundle::zipWriterIsReadByUnzip()
{
    km::ZipWriter zip;
    QByteArray binary;
    for (int i = 0; i < 70000; ++i)
        binary.append(char((i * 7919) % 251));
    const QByteArray text = QByteArray("line\n").repeated(2000);
    QVERIFY(zip.addFile(QStringLiteral("a.txt"), text));
    QVERIFY(zip.addFile(QStringLiteral("dir/binary.bin"), binary));
    QVERIFY(zip.addFile(QStringLiteral("empty.json"), QByteArray()));
    QVERIFY(zip.addFile(QStringLiteral("zürich.txt"), QByteArray("ü")));
    QVERIFY(!zip.addFile(QStringLiteral("/etc/passwd"), QByteArray("x")));
    QVERIFY(!zip.addFile(QStringLiteral("../up.txt"), QByteArray("x")));
    QCOMPARE(zip.count(), 4);
    const QString path = m_dir.filePath(QStringLiteral("writer.zip"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(zip.archive());
    file.close();
    QVERIFY2(file.size() < text.size() + binary.size(), "the text was not compressed");
    QProcess test;
    test.start(QStringLiteral("unzip"), {QStringLiteral("-t"), path});
    QVERIFY(test.waitForFinished(30000));
    QVERIFY2(test.exitCode() == 0, test.readAllStandardOutput().constData());
    QCOMPARE(zipNames(path), (QStringList{QStringLiteral("a.txt"), QStringLiteral("dir/binary.bin"), QStringLiteral("empty.json"),
                                          QStringLiteral("zürich.txt")}));
    QCOMPARE(unzipped(path, QStringLiteral("a.txt")), text);
    QCOMPARE(unzipped(path, QStringLiteral("dir/binary.bin")), binary);
    QCOMPARE(unzipped(path, QStringLiteral("zürich.txt")), QByteArray("ü"));
}

void TstDoctorBundle::bundleHoldsEachFileAndNoSecret()
{
    const QString zip = m_dir.filePath(QStringLiteral("support.zip"));
    const CliResult r = m_cli.run({QStringLiteral("doctor"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--asgardeo"),
                                   QStringLiteral("org"), QStringLiteral("--entra"), QStringLiteral("contoso"), QStringLiteral("--json"),
                                   QStringLiteral("--bundle"), zip});
    QVERIFY2(r.exitCode == 0 || r.exitCode == 1, r.err.constData());
    QJsonObject printed = r.json().object();
    const QJsonObject saved = printed.take(QStringLiteral("bundle")).toObject();
    QVERIFY2(saved.value(QLatin1String("path")).toString() == zip, r.err.constData());
    const QStringList expected{QStringLiteral("README.txt"),       QStringLiteral("activity.json"), QStringLiteral("doctor-report.json"),
                               QStringLiteral("doctor-report.txt"), QStringLiteral("key-managers.json"), QStringLiteral("profiles.json"),
                               QStringLiteral("versions.json")};
    QCOMPARE(saved.value(QLatin1String("files")).toVariant().toStringList(), expected);
    QCOMPARE(zipNames(zip), expected);

    // The report is the one the CLI printed.
    const QJsonObject report = QJsonDocument::fromJson(unzipped(zip, QStringLiteral("doctor-report.json"))).object();
    QCOMPARE(report.value(QLatin1String("summary")), printed.value(QLatin1String("summary")));
    QCOMPARE(report.value(QLatin1String("checks")).toArray().size(), printed.value(QLatin1String("checks")).toArray().size());
    QVERIFY(report.value(QLatin1String("checks")).toArray().size() > 10);
    const QString table = QString::fromUtf8(unzipped(zip, QStringLiteral("doctor-report.txt")));
    QVERIFY2(table.contains(QLatin1String("[Asgardeo]\n")) && table.contains(QLatin1String("[Contoso]\n")), qPrintable(table));
    const QJsonObject summary = report.value(QLatin1String("summary")).toObject();
    QVERIFY2(table.endsWith(QStringLiteral("%1 checks: %2 ok, %3 warnings, %4 errors\n")
                                .arg(summary.value(QLatin1String("total")).toInt())
                                .arg(summary.value(QLatin1String("ok")).toInt())
                                .arg(summary.value(QLatin1String("warn")).toInt())
                                .arg(summary.value(QLatin1String("error")).toInt())),
             qPrintable(table.right(200)));

    // The key managers in full, as the Admin API's GET returns each (the list has no connector configuration).
    const QJsonArray keyManagers = QJsonDocument::fromJson(unzipped(zip, QStringLiteral("key-managers.json"))).object().value(QLatin1String("keyManagers")).toArray();
    QStringList names;
    for (const QJsonValue &v : keyManagers) {
        const QJsonObject km = v.toObject();
        names << km.value(QLatin1String("name")).toString();
        if (km.value(QLatin1String("name")).toString() == QLatin1String("Contoso")) {
            QVERIFY(!km.value(QLatin1String("issuer")).toString().isEmpty());
            const QJsonObject connector = km.value(QLatin1String("additionalProperties")).toObject();
            QVERIFY2(!connector.value(QLatin1String("azure_ad_client_id")).toString().isEmpty(), QJsonDocument(km).toJson().constData());
            // The connector's secret field is there, masked.
            QCOMPARE(connector.value(QLatin1String("azure_ad_client_secret")).toString(), km::Redactor::Mask);
        }
    }
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("Asgardeo"), QStringLiteral("Contoso"), QStringLiteral("Resident Key Manager")}));

    const QJsonObject profiles = QJsonDocument::fromJson(unzipped(zip, QStringLiteral("profiles.json"))).object();
    QCOMPARE(profiles.value(QLatin1String("apim")).toArray().first().toObject().value(QLatin1String("name")).toString(), QStringLiteral("dev"));
    QCOMPARE(profiles.value(QLatin1String("asgardeo")).toArray().first().toObject().value(QLatin1String("name")).toString(), QStringLiteral("org"));
    QCOMPARE(profiles.value(QLatin1String("entra")).toArray().first().toObject().value(QLatin1String("name")).toString(), QStringLiteral("contoso"));

    // The activity of the run: API Manager's key managers were read, Graph was asked.
    const QJsonArray activity = QJsonDocument::fromJson(unzipped(zip, QStringLiteral("activity.json"))).array();
    QStringList urls;
    for (const QJsonValue &v : activity)
        urls << v.toObject().value(QLatin1String("url")).toString();
    QVERIFY2(urls.filter(QStringLiteral("/api/am/admin/v4/key-managers")).size() >= 3, qPrintable(urls.join(QLatin1Char('\n'))));
    QVERIFY2(!urls.filter(m_sandbox.info().value(QLatin1String("graph")).toString()).isEmpty(), qPrintable(urls.join(QLatin1Char('\n'))));
    QVERIFY(!activity.first().toObject().value(QLatin1String("started")).toString().isEmpty());

    const QJsonObject versions = QJsonDocument::fromJson(unzipped(zip, QStringLiteral("versions.json"))).object();
    QCOMPARE(versions.value(QLatin1String("console")).toString(), QStringLiteral(KM_VERSION));
    QCOMPARE(versions.value(QLatin1String("qtRuntime")).toString(), QString::fromLatin1(qVersion()));
    QVERIFY(versions.value(QLatin1String("openssl")).toString().contains(QLatin1String("OpenSSL")));
    QCOMPARE(versions.value(QLatin1String("apiManager")).toObject().value(QLatin1String("profile")).toString(), QStringLiteral("dev"));
    QVERIFY(!versions.value(QLatin1String("apiManager")).toObject().value(QLatin1String("known")).toString().isEmpty());
    QVERIFY(QString::fromUtf8(unzipped(zip, QStringLiteral("README.txt"))).contains(QLatin1String("\"dev\"")));

    // No secret anywhere: neither those typed here nor any the sandbox issued (tokens, DCR and connector secrets).
    const QStringList secrets = knownSecrets(m_sandbox.info().value(QLatin1String("accounts")).toObject());
    QVERIFY2(secrets.size() >= 5, "too few secrets known: is the ledger written?");
    for (const QString &name : expected) {
        const QByteArray content = unzipped(zip, name);
        QVERIFY2(!content.isEmpty(), qPrintable(name));
        for (const QString &secret : secrets)
            QVERIFY2(!content.contains(secret.toUtf8()), qPrintable(QStringLiteral("%1 holds a secret of %2 characters").arg(name).arg(secret.size())));
        QVERIFY2(!content.contains("eyJ"), qPrintable(name + QStringLiteral(" holds a token")));
    }
}

void TstDoctorBundle::unwritableBundleSaysWhatToDo()
{
    const QString zip = m_dir.filePath(QStringLiteral("no-such-folder/support.zip"));
    const CliResult r = m_cli.run({QStringLiteral("doctor"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--key-manager"),
                                   QStringLiteral("Resident Key Manager"), QStringLiteral("--bundle"), zip});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.err.contains("Could not write") && r.err.contains("Choose a folder you can write to"), r.err.constData());
    QVERIFY(!QFile::exists(zip));

    const CliResult usage = m_cli.run({QStringLiteral("doctor"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--bundle"), QString()});
    QCOMPARE(usage.exitCode, 2);
    QVERIFY2(usage.err.contains("--bundle needs a file name"), usage.err.constData());
}

QTEST_GUILESS_MAIN(TstDoctorBundle)
#include "tst_doctor_bundle.moc"
