// Key-manager configurations travelling between two environments with the real binaries: set up in
// one sandbox (dev), exported without secrets, imported into another (prod) with the secrets taken from
// the keychain through the matching profile; a second import changes nothing.

#include "support/CliRunner.h"
#include "services/core/ConstRange.h"
#include "support/SandboxFixture.h"

#include "services/export/KeyManagerExport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace km;
using namespace km::test;

class TstKeyManagerExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void exportHoldsNoSecret();
    void importIntoAnotherEnvironment();
    void secondImportChangesNothing();
    void importWithoutTheSecretsProfileSaysWhichToAdd();
    void aSecretTheFileWouldSendElsewhereIsRefused();
    void notAnExportIsRefused();

private:
    static QJsonObject keyManagerNamed(const SandboxProcess &sandbox, const QString &name);

    SandboxProcess m_dev;
    SandboxProcess m_prod;
    CliRunner m_cli;
    QTemporaryDir m_files;
    QString m_exportPath;
};

QJsonObject TstKeyManagerExport::keyManagerNamed(const SandboxProcess &sandbox, const QString &name)
{
    for (const QJsonValue &v : km::constTemporary(sandbox.state("apim").value(QLatin1String("keyManagers")).toArray())) {
        if (v.toObject().value(QLatin1String("name")).toString() == name)
            return v.toObject();
    }
    return {};
}

void TstKeyManagerExport::initTestCase()
{
    QString error;
    QVERIFY2(m_dev.start(&error), qPrintable(error));
    QVERIFY2(m_prod.start(&error), qPrintable(error));
    QVERIFY(m_files.isValid());
    m_exportPath = m_files.filePath(QStringLiteral("key-managers.json"));
    CliResult r = m_cli.addApimProfile(QStringLiteral("dev"), m_dev.info());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = m_cli.addApimProfile(QStringLiteral("prod"), m_prod.info());
    QVERIFY2(r.exitCode == 0, r.err.constData());

    // Dev uses an Entra tenant for v2 tokens; the tenant stays the same across environments.
    const QJsonObject entra = m_dev.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("entra")).toObject();
    r = m_cli.run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("entra"), QStringLiteral("contoso"), QStringLiteral("--tenant"),
                   entra.value(QLatin1String("tenant")).toString(), QStringLiteral("--client-id"), entra.value(QLatin1String("clientId")).toString(),
                   QStringLiteral("--client-secret-stdin"), QStringLiteral("--login-url"), m_dev.info().value(QLatin1String("entra")).toString(),
                   QStringLiteral("--graph-url"), m_dev.info().value(QLatin1String("graph")).toString()},
                  entra.value(QLatin1String("clientSecret")).toString().toUtf8() + '\n');
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = m_cli.run({QStringLiteral("setup"), QStringLiteral("azure"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--entra"),
                   QStringLiteral("contoso"), QStringLiteral("--name"), QStringLiteral("AzureAD"), QStringLiteral("--token-version"), QStringLiteral("v2"),
                   QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    QVERIFY(!keyManagerNamed(m_dev, QStringLiteral("AzureAD")).isEmpty());
}

void TstKeyManagerExport::exportHoldsNoSecret()
{
    const CliResult r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("export"), QStringLiteral("--profile"), QStringLiteral("dev"),
                                   QStringLiteral("--output"), m_exportPath});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("Exported 1 key manager to"));
    QFile file(m_exportPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    const QString secret = m_dev.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("entra")).toObject().value(QLatin1String("clientSecret")).toString();
    QVERIFY2(!text.contains(secret.toUtf8()), "the export holds the client secret");
    const QJsonObject doc = QJsonDocument::fromJson(text).object();
    QCOMPARE(doc.value(QLatin1String("format")).toString(), QString(KeyManagerExport::Format));
    const QJsonArray kms = doc.value(QLatin1String("keyManagers")).toArray();
    QCOMPARE(kms.size(), 1); // the Resident Key Manager is not exported
    QVERIFY(!kms.first().toObject().contains(QLatin1String("id")));
    const QJsonArray required = doc.value(QLatin1String("secretsRequired")).toArray();
    QCOMPARE(required.size(), 1);
    QCOMPARE(required.first().toObject().value(QLatin1String("field")).toString(), QStringLiteral("azure_ad_client_secret"));
}

void TstKeyManagerExport::importIntoAnotherEnvironment()
{
    QVERIFY(keyManagerNamed(m_prod, QStringLiteral("AzureAD")).isEmpty());
    const CliResult dry = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("import"), QStringLiteral("--profile"), QStringLiteral("prod"),
                                     QStringLiteral("--input"), m_exportPath, QStringLiteral("--dry-run"), QStringLiteral("--json")});
    QVERIFY2(dry.exitCode == 0, QByteArray(dry.err + dry.out).constData());
    QVERIFY(keyManagerNamed(m_prod, QStringLiteral("AzureAD")).isEmpty());

    const CliResult r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("import"), QStringLiteral("--profile"), QStringLiteral("prod"),
                                   QStringLiteral("--input"), m_exportPath, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    const QJsonObject imported = keyManagerNamed(m_prod, QStringLiteral("AzureAD"));
    const QJsonObject original = keyManagerNamed(m_dev, QStringLiteral("AzureAD"));
    QVERIFY(!imported.isEmpty());
    QCOMPARE(imported.value(QLatin1String("issuer")), original.value(QLatin1String("issuer")));
    // The endpoints landed where the connector reads them, as in the source environment.
    for (const char *endpoint : {"token_endpoint", "revoke_endpoint", "introspection_endpoint", "client_registration_endpoint", "authorize_endpoint"}) {
        const QJsonValue value = imported.value(QLatin1String("additionalProperties")).toObject().value(QLatin1String(endpoint));
        QVERIFY2(!value.toString().isEmpty(), endpoint);
        QCOMPARE(value, original.value(QLatin1String("additionalProperties")).toObject().value(QLatin1String(endpoint)));
    }
    // The secret came from this machine's keychain, through the Entra profile with that client ID.
    QCOMPARE(imported.value(QLatin1String("additionalProperties")).toObject().value(QLatin1String("azure_ad_client_secret")),
             original.value(QLatin1String("additionalProperties")).toObject().value(QLatin1String("azure_ad_client_secret")));
    QVERIFY(!r.out.contains(original.value(QLatin1String("additionalProperties")).toObject().value(QLatin1String("azure_ad_client_secret")).toString().toUtf8()));
}

void TstKeyManagerExport::secondImportChangesNothing()
{
    const CliResult r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("import"), QStringLiteral("--profile"), QStringLiteral("prod"),
                                   QStringLiteral("--input"), m_exportPath, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    int keyManagerSteps = 0;
    for (const QJsonValue &s : km::constTemporary(r.json().object().value(QLatin1String("steps")).toArray())) {
        if (s.toObject().value(QLatin1String("id")).toString() == QLatin1String("key-manager-AzureAD")) {
            ++keyManagerSteps;
            QCOMPARE(s.toObject().value(QLatin1String("status")).toString(), QStringLiteral("skipped"));
        }
    }
    QVERIFY2(keyManagerSteps == 1, r.out.constData());
    int count = 0;
    for (const QJsonValue &v : km::constTemporary(m_prod.state("apim").value(QLatin1String("keyManagers")).toArray()))
        count += v.toObject().value(QLatin1String("name")).toString() == QLatin1String("AzureAD");
    QCOMPARE(count, 1);
}

void TstKeyManagerExport::importWithoutTheSecretsProfileSaysWhichToAdd()
{
    CliRunner fresh; // another machine: no Entra profile, so no secret at hand
    CliResult r = fresh.addApimProfile(QStringLiteral("prod"), m_prod.info());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = fresh.run({QStringLiteral("key-managers"), QStringLiteral("import"), QStringLiteral("--profile"), QStringLiteral("prod"),
                   QStringLiteral("--input"), m_exportPath});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.err.contains("an Entra profile with client ID") && r.err.contains("profile add"), r.err.constData());
}

void TstKeyManagerExport::aSecretTheFileWouldSendElsewhereIsRefused()
{
    // A file that keeps the Entra client ID but points the token endpoint at another host: the keychain's
    // secret would go there through API Manager's connector. The CLI refuses and names both hosts.
    QFile original(m_exportPath);
    QVERIFY(original.open(QIODevice::ReadOnly));
    QJsonObject document = QJsonDocument::fromJson(original.readAll()).object();
    QJsonArray kms = document.value(QLatin1String("keyManagers")).toArray();
    QJsonObject km = kms.first().toObject();
    QJsonObject props = km.value(QLatin1String("additionalProperties")).toObject();
    props.insert(QStringLiteral("token_endpoint"), QStringLiteral("https://collector.example.net/oauth2/token"));
    km.insert(QStringLiteral("additionalProperties"), props);
    if (km.contains(QLatin1String("tokenEndpoint")))
        km.insert(QStringLiteral("tokenEndpoint"), QStringLiteral("https://collector.example.net/oauth2/token"));
    kms[0] = km;
    document.insert(QStringLiteral("keyManagers"), kms);
    const QString path = m_files.filePath(QStringLiteral("elsewhere.json"));
    ApiError error;
    QVERIFY(KeyManagerExport::write(path, document, &error));
    const QJsonObject before = keyManagerNamed(m_prod, QStringLiteral("AzureAD"));

    const CliResult r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("import"), QStringLiteral("--profile"), QStringLiteral("prod"),
                                   QStringLiteral("--input"), path, QStringLiteral("--update")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("Refused: the file would send secrets to hosts they were not stored for"), r.err.constData());
    QVERIFY2(r.err.contains("azure_ad_client_secret of key manager “AzureAD”"), r.err.constData());
    QVERIFY2(r.err.contains("token_endpoint → https://collector.example.net"), r.err.constData());
    const QByteArray login = QUrl(m_dev.info().value(QLatin1String("entra")).toString()).adjusted(QUrl::RemovePath).toString().toUtf8();
    QVERIFY2(r.err.contains(QByteArray(QByteArray("kept for ") + login)), r.err.constData());
    // Nothing reached API Manager: the key manager there is as it was.
    QCOMPARE(keyManagerNamed(m_prod, QStringLiteral("AzureAD")), before);
    const QString secret = m_dev.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("entra")).toObject().value(QLatin1String("clientSecret")).toString();
    QVERIFY(!r.err.contains(secret.toUtf8()) && !r.out.contains(secret.toUtf8()));
}

void TstKeyManagerExport::notAnExportIsRefused()
{
    const QString path = m_files.filePath(QStringLiteral("other.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"list":[]})");
    file.close();
    CliResult r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("import"), QStringLiteral("--profile"), QStringLiteral("prod"),
                             QStringLiteral("--input"), path});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("not a kmconsole key-manager export"), r.err.constData());
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("<html>not json</html>");
    file.close();
    r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("import"), QStringLiteral("--profile"), QStringLiteral("prod"), QStringLiteral("--input"), path});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("is not JSON"), r.err.constData());
}

QTEST_GUILESS_MAIN(TstKeyManagerExport)
#include "tst_key_manager_export.moc"
