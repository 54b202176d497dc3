// Desired state between two environments with the real binaries: dev (one sandbox) holds Asgardeo,
// AzureAD, KeyCloak and WSO2-IS key managers; its export is planned against prod (a second sandbox) and
// applied there; a changed field is an update of that field only; an apply stops at an injected failure
// and says what it created; bad files are refused with nothing sent.

#include "support/PdfText.h"
#include "services/core/ConstRange.h"
#include "support/CliRunner.h"
#include "support/SandboxFixture.h"

#include "services/export/KeyManagerExport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace km;
using namespace km::test;

namespace {

const QString kKeycloakHost = QStringLiteral("https://keycloak.example.com");
const QString kIsHost = QStringLiteral("https://is.example.com:9443");
const QString kKeycloakSecret = QStringLiteral("kc-Secret-7f3a9e21d4");
const QString kIsPassword = QStringLiteral("is-Password-5c81b0e7aa");

QJsonObject endpointsAt(const QString &base, QJsonObject km)
{
    km.insert(QStringLiteral("tokenEndpoint"), QString(base + QStringLiteral("/oauth2/token")));
    km.insert(QStringLiteral("revokeEndpoint"), QString(base + QStringLiteral("/oauth2/revoke")));
    km.insert(QStringLiteral("introspectionEndpoint"), QString(base + QStringLiteral("/oauth2/introspect")));
    km.insert(QStringLiteral("clientRegistrationEndpoint"), QString(base + QStringLiteral("/oauth2/register")));
    km.insert(QStringLiteral("issuer"), QString(base + QStringLiteral("/oauth2/token")));
    km.insert(QStringLiteral("certificates"), QJsonObject{{QStringLiteral("type"), QStringLiteral("JWKS")},
                                                           {QStringLiteral("value"), QString(base + QStringLiteral("/oauth2/jwks"))}});
    km.insert(QStringLiteral("availableGrantTypes"), QJsonArray{QStringLiteral("client_credentials"), QStringLiteral("authorization_code")});
    km.insert(QStringLiteral("enabled"), true);
    return km;
}

QJsonObject document(const QJsonArray &keyManagers)
{
    return QJsonObject{{QStringLiteral("format"), QString(KeyManagerExport::Format)}, {QStringLiteral("version"), KeyManagerExport::Version},
                       {QStringLiteral("keyManagers"), keyManagers}};
}

QJsonObject change(const QString &name, const QString &type, const QString &action, const QJsonArray &fields = {})
{
    return QJsonObject{{QStringLiteral("keyManager"), name}, {QStringLiteral("type"), type}, {QStringLiteral("action"), action},
                       {QStringLiteral("fields"), fields}};
}

} // namespace

class TstKeyManagerPlan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void planAgainstAnEmptyEnvironmentCreatesEach();
    void applyCreatesThemAndAPlanAfterIsUnchanged();
    void aYamlExportPlansAsUnchanged();
    void aChangedFieldIsAnUpdateOfThatFieldOnly();
    void compareEnvironmentsNamesTheField();
    void applyStopsAtTheFirstFailureAndSaysWhatItCreated();
    void applyWithoutATerminalOrYesRefuses();
    void aFileOfANewerOrUnknownVersionIsRefused();
    void aTypeTheTargetDoesNotSupportIsNamed();
    void aSecretMissingFromTheKeychainIsNamed();
    void aValueOfTheWrongTypeIsNamed();
    void aShellExportPassesBashAndShellcheckAndSendsWhatTheFileHolds();
    void aYamlExportReadsBackAsTheJson();
    void aYamlBombIsRefusedAndNothingApplied();
    void aReportReadsBackWithTheKeyManagersAndNoSecret();

private:
    QString writeFile(const QString &name, const QJsonObject &doc);
    QJsonObject readFile(const QString &path) const;
    QJsonObject keyManagerNamed(const SandboxProcess &sandbox, const QString &name) const;
    int saves(const SandboxProcess &sandbox) const; // POST and PUT to key-managers since the last clear
    CliResult plan(const QString &profile, const QString &path) const;
    CliResult apply(const QString &profile, const QString &path) const;

    SandboxProcess m_dev;
    SandboxProcess m_prod;
    CliRunner m_cli;
    QTemporaryDir m_files;
    QString m_exportPath;
};

QString TstKeyManagerPlan::writeFile(const QString &name, const QJsonObject &doc)
{
    const QString path = m_files.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QString();
    file.write(QJsonDocument(doc).toJson());
    return path;
}

QJsonObject TstKeyManagerPlan::readFile(const QString &path) const
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QJsonObject TstKeyManagerPlan::keyManagerNamed(const SandboxProcess &sandbox, const QString &name) const
{
    for (const QJsonValue &v : km::constTemporary(sandbox.state("apim").value(QLatin1String("keyManagers")).toArray())) {
        if (v.toObject().value(QLatin1String("name")).toString() == name)
            return v.toObject();
    }
    return {};
}

int TstKeyManagerPlan::saves(const SandboxProcess &sandbox) const
{
    int n = 0;
    for (const QJsonValue &v : km::constTemporary(sandbox.control("apim", "GET", QStringLiteral("/__sandbox/requests")).toArray())) {
        const QString method = v.toObject().value(QLatin1String("method")).toString();
        n += v.toObject().value(QLatin1String("path")).toString().contains(QLatin1String("/key-managers"))
             && (method == QLatin1String("POST") || method == QLatin1String("PUT"))
             && !v.toObject().value(QLatin1String("path")).toString().endsWith(QLatin1String("/discover"));
    }
    return n;
}

CliResult TstKeyManagerPlan::plan(const QString &profile, const QString &path) const
{
    return m_cli.run({QStringLiteral("plan"), QStringLiteral("--profile"), profile, QStringLiteral("--input"), path, QStringLiteral("--json")});
}

CliResult TstKeyManagerPlan::apply(const QString &profile, const QString &path) const
{
    return m_cli.run({QStringLiteral("apply"), QStringLiteral("--profile"), profile, QStringLiteral("--input"), path, QStringLiteral("--yes"),
                      QStringLiteral("--json")});
}

void TstKeyManagerPlan::initTestCase()
{
    QString error;
    QVERIFY2(m_dev.start(&error), qPrintable(error));
    QVERIFY2(m_prod.start(&error), qPrintable(error));
    QVERIFY(m_files.isValid());
    m_exportPath = m_files.filePath(QStringLiteral("dev.json"));
    CliResult r = m_cli.addApimProfile(QStringLiteral("dev"), m_dev.info());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = m_cli.addApimProfile(QStringLiteral("prod"), m_prod.info());
    QVERIFY2(r.exitCode == 0, r.err.constData());

    // The identity providers are the same for both environments: one Entra tenant, one Asgardeo organization.
    const QJsonObject accounts = m_dev.info().value(QLatin1String("accounts")).toObject();
    const QJsonObject entra = accounts.value(QLatin1String("entra")).toObject();
    r = m_cli.run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("entra"), QStringLiteral("contoso"), QStringLiteral("--tenant"),
                   entra.value(QLatin1String("tenant")).toString(), QStringLiteral("--client-id"), entra.value(QLatin1String("clientId")).toString(),
                   QStringLiteral("--client-secret-stdin"), QStringLiteral("--login-url"), m_dev.info().value(QLatin1String("entra")).toString(),
                   QStringLiteral("--graph-url"), m_dev.info().value(QLatin1String("graph")).toString()},
                  entra.value(QLatin1String("clientSecret")).toString().toUtf8() + '\n');
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject asgardeo = accounts.value(QLatin1String("asgardeo")).toObject();
    r = m_cli.run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("asgardeo"), QStringLiteral("acme"), QStringLiteral("--org"),
                   asgardeo.value(QLatin1String("org")).toString(), QStringLiteral("--client-id"), asgardeo.value(QLatin1String("clientId")).toString(),
                   QStringLiteral("--client-secret-stdin"), QStringLiteral("--base-url"), m_dev.info().value(QLatin1String("asgardeo")).toString()},
                  asgardeo.value(QLatin1String("clientSecret")).toString().toUtf8() + '\n');
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // The other connectors' secrets, each kept for its identity provider's host only.
    for (const auto &s : {std::tuple{QStringLiteral("KeyCloak"), QStringLiteral("client_secret"), kKeycloakHost, kKeycloakSecret},
                          std::tuple{QStringLiteral("WSO2-IS"), QStringLiteral("Password"), kIsHost, kIsPassword}}) {
        r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("secret"), QStringLiteral("--type"), std::get<0>(s), QStringLiteral("--field"),
                       std::get<1>(s), QStringLiteral("--host"), std::get<2>(s), QStringLiteral("--secret-stdin")},
                      std::get<3>(s).toUtf8() + '\n');
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!r.out.contains(std::get<3>(s).toUtf8()));
    }

    // Dev: the two guided setups, and two other connector types applied from a file.
    r = m_cli.run({QStringLiteral("setup"), QStringLiteral("azure"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--entra"),
                   QStringLiteral("contoso"), QStringLiteral("--name"), QStringLiteral("AzureAD"), QStringLiteral("--token-version"), QStringLiteral("v2"),
                   QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    r = m_cli.run({QStringLiteral("setup"), QStringLiteral("asgardeo"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--asgardeo"),
                   QStringLiteral("acme"), QStringLiteral("--name"), QStringLiteral("Asgardeo"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    const QJsonObject keycloak = endpointsAt(QString(kKeycloakHost + QStringLiteral("/realms/apim")), QJsonObject{
        {QStringLiteral("name"), QStringLiteral("Keycloak")}, {QStringLiteral("type"), QStringLiteral("KeyCloak")},
        {QStringLiteral("additionalProperties"), QJsonObject{{QStringLiteral("client_id"), QStringLiteral("apim-admin")},
                                                             {QStringLiteral("client_secret"), QString()}}}});
    const QJsonObject is = endpointsAt(kIsHost, QJsonObject{
        {QStringLiteral("name"), QStringLiteral("WSO2IS")}, {QStringLiteral("type"), QStringLiteral("WSO2-IS")},
        {QStringLiteral("additionalProperties"), QJsonObject{{QStringLiteral("Username"), QStringLiteral("apim-admin")},
                                                             {QStringLiteral("Password"), QString()}}}});
    const QString others = writeFile(QStringLiteral("others.json"), document({keycloak, is}));
    r = apply(QStringLiteral("dev"), others);
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    // The secrets went in from the keychain.
    QCOMPARE(keyManagerNamed(m_dev, QStringLiteral("Keycloak")).value(QLatin1String("additionalProperties")).toObject()
                 .value(QLatin1String("client_secret")).toString(), kKeycloakSecret);
    QCOMPARE(keyManagerNamed(m_dev, QStringLiteral("WSO2IS")).value(QLatin1String("additionalProperties")).toObject()
                 .value(QLatin1String("Password")).toString(), kIsPassword);

    r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("export"), QStringLiteral("--profile"), QStringLiteral("dev"),
                   QStringLiteral("--output"), m_exportPath});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile exported(m_exportPath);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    const QByteArray text = exported.readAll();
    QVERIFY(!text.contains(kKeycloakSecret.toUtf8()) && !text.contains(kIsPassword.toUtf8()));
}

void TstKeyManagerPlan::planAgainstAnEmptyEnvironmentCreatesEach()
{
    m_prod.control("apim", "DELETE", QStringLiteral("/__sandbox/requests"));
    const CliResult r = plan(QStringLiteral("prod"), m_exportPath);
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    QJsonArray expected;
    QStringList types;
    for (const QJsonValue &v : km::constTemporary(readFile(m_exportPath).value(QLatin1String("keyManagers")).toArray())) {
        expected.append(change(v.toObject().value(QLatin1String("name")).toString(), v.toObject().value(QLatin1String("type")).toString(),
                               QStringLiteral("create")));
        types << v.toObject().value(QLatin1String("type")).toString();
    }
    types.sort();
    QCOMPARE(types, (QStringList{QStringLiteral("Asgardeo"), QStringLiteral("AzureAD"), QStringLiteral("KeyCloak"), QStringLiteral("WSO2-IS")}));
    QCOMPARE(r.json().object(), (QJsonObject{{QStringLiteral("changes"), expected}}));
    QCOMPARE(saves(m_prod), 0); // a plan changes nothing
}

void TstKeyManagerPlan::applyCreatesThemAndAPlanAfterIsUnchanged()
{
    m_prod.control("apim", "DELETE", QStringLiteral("/__sandbox/requests"));
    CliResult r = apply(QStringLiteral("prod"), m_exportPath);
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    QCOMPARE(saves(m_prod), 4); // one POST per key manager, nothing else
    const QJsonObject accounts = m_dev.info().value(QLatin1String("accounts")).toObject();
    for (const auto &s : {std::pair{QStringLiteral("AzureAD"), QStringLiteral("azure_ad_client_secret")},
                          std::pair{QStringLiteral("Asgardeo"), QStringLiteral("mgmt_client_secret")},
                          std::pair{QStringLiteral("Keycloak"), QStringLiteral("client_secret")},
                          std::pair{QStringLiteral("WSO2IS"), QStringLiteral("Password")}}) {
        const QJsonObject dev = keyManagerNamed(m_dev, s.first);
        const QJsonObject prod = keyManagerNamed(m_prod, s.first);
        QVERIFY2(!prod.isEmpty(), qPrintable(s.first));
        QCOMPARE(prod.value(QLatin1String("issuer")), dev.value(QLatin1String("issuer")));
        QCOMPARE(prod.value(QLatin1String("additionalProperties")).toObject().value(QLatin1String("token_endpoint")),
                 dev.value(QLatin1String("additionalProperties")).toObject().value(QLatin1String("token_endpoint")));
        const QString secret = dev.value(QLatin1String("additionalProperties")).toObject().value(s.second).toString();
        QVERIFY(!secret.isEmpty());
        QCOMPARE(prod.value(QLatin1String("additionalProperties")).toObject().value(s.second).toString(), secret);
        QVERIFY2(!r.out.contains(secret.toUtf8()) && !r.err.contains(secret.toUtf8()), "a secret in the output");
    }

    r = plan(QStringLiteral("prod"), m_exportPath);
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    QJsonArray expected;
    for (const QJsonValue &v : km::constTemporary(readFile(m_exportPath).value(QLatin1String("keyManagers")).toArray()))
        expected.append(change(v.toObject().value(QLatin1String("name")).toString(), v.toObject().value(QLatin1String("type")).toString(),
                               QStringLiteral("unchanged")));
    QCOMPARE(r.json().object(), (QJsonObject{{QStringLiteral("changes"), expected}}));

    // A second apply has nothing to send.
    m_prod.control("apim", "DELETE", QStringLiteral("/__sandbox/requests"));
    r = apply(QStringLiteral("prod"), m_exportPath);
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    QCOMPARE(saves(m_prod), 0);

    r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("diff"), QStringLiteral("--profile"), QStringLiteral("dev"),
                   QStringLiteral("--against"), QStringLiteral("prod"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    QCOMPARE(r.json().object().value(QLatin1String("differ")).toBool(true), false);
}

void TstKeyManagerPlan::aYamlExportPlansAsUnchanged()
{
    // Prod now holds what dev exported: dev's export as YAML plans as unchanged there, by the file's name
    // (.yaml) and by its content (no telling name), exactly as the JSON does.
    const QString yaml = m_files.filePath(QStringLiteral("round-trip.yaml"));
    CliResult r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("export"), QStringLiteral("--profile"), QStringLiteral("dev"),
                             QStringLiteral("--format"), QStringLiteral("yaml"), QStringLiteral("--output"), yaml});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QJsonArray expected;
    for (const QJsonValue &v : km::constTemporary(readFile(m_exportPath).value(QLatin1String("keyManagers")).toArray()))
        expected.append(change(v.toObject().value(QLatin1String("name")).toString(), v.toObject().value(QLatin1String("type")).toString(),
                               QStringLiteral("unchanged")));
    QCOMPARE(expected.size(), 4);
    const QString unnamed = m_files.filePath(QStringLiteral("round-trip.desired"));
    QVERIFY(QFile::copy(yaml, unnamed));
    for (const QString &path : {yaml, unnamed}) {
        r = plan(QStringLiteral("prod"), path);
        QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
        QCOMPARE(r.json().object(), (QJsonObject{{QStringLiteral("changes"), expected}}));
    }
    m_prod.control("apim", "DELETE", QStringLiteral("/__sandbox/requests"));
    r = apply(QStringLiteral("prod"), yaml);
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    QCOMPARE(saves(m_prod), 0);
}

void TstKeyManagerPlan::aChangedFieldIsAnUpdateOfThatFieldOnly()
{
    QJsonObject doc = readFile(m_exportPath);
    QJsonArray kms = doc.value(QLatin1String("keyManagers")).toArray();
    QJsonArray expected;
    for (int i = 0; i < kms.size(); ++i) {
        QJsonObject km = kms.at(i).toObject();
        const QString name = km.value(QLatin1String("name")).toString();
        if (name == QLatin1String("Keycloak")) {
            QJsonObject props = km.value(QLatin1String("additionalProperties")).toObject();
            props.insert(QStringLiteral("client_id"), QStringLiteral("apim-admin-2"));
            km.insert(QStringLiteral("additionalProperties"), props);
            kms[i] = km;
            expected.append(change(name, QStringLiteral("KeyCloak"), QStringLiteral("update"),
                                   QJsonArray{QJsonObject{{QStringLiteral("field"), QStringLiteral("additionalProperties.client_id")},
                                                          {QStringLiteral("from"), QStringLiteral("apim-admin")},
                                                          {QStringLiteral("to"), QStringLiteral("apim-admin-2")}}}));
        } else {
            expected.append(change(name, km.value(QLatin1String("type")).toString(), QStringLiteral("unchanged")));
        }
    }
    doc.insert(QStringLiteral("keyManagers"), kms);
    const QString path = writeFile(QStringLiteral("changed.json"), doc);
    CliResult r = plan(QStringLiteral("prod"), path);
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    QCOMPARE(r.json().object(), (QJsonObject{{QStringLiteral("changes"), expected}}));

    const QJsonObject before = keyManagerNamed(m_prod, QStringLiteral("Keycloak"));
    m_prod.control("apim", "DELETE", QStringLiteral("/__sandbox/requests"));
    r = apply(QStringLiteral("prod"), path);
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    QCOMPARE(saves(m_prod), 1); // one PUT
    QJsonObject after = keyManagerNamed(m_prod, QStringLiteral("Keycloak"));
    QCOMPARE(after.value(QLatin1String("additionalProperties")).toObject().value(QLatin1String("client_id")).toString(), QStringLiteral("apim-admin-2"));
    // Everything else, the secret the server kept included, is as it was.
    QJsonObject props = after.value(QLatin1String("additionalProperties")).toObject();
    props.insert(QStringLiteral("client_id"), QStringLiteral("apim-admin"));
    after.insert(QStringLiteral("additionalProperties"), props);
    QCOMPARE(after.value(QLatin1String("additionalProperties")), before.value(QLatin1String("additionalProperties")));
}

void TstKeyManagerPlan::compareEnvironmentsNamesTheField()
{
    // Prod's Keycloak now has another client ID than dev's.
    CliResult r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("diff"), QStringLiteral("--profile"), QStringLiteral("dev"),
                             QStringLiteral("--against"), QStringLiteral("prod"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);
    const QJsonObject out = r.json().object();
    QCOMPARE(out.value(QLatin1String("differ")).toBool(), true);
    int differing = 0;
    for (const QJsonValue &v : km::constTemporary(out.value(QLatin1String("keyManagers")).toArray())) {
        const QJsonObject k = v.toObject();
        if (k.value(QLatin1String("keyManager")).toString() != QLatin1String("Keycloak")) {
            QCOMPARE(k.value(QLatin1String("status")).toString(), QStringLiteral("same"));
            continue;
        }
        ++differing;
        QCOMPARE(k.value(QLatin1String("status")).toString(), QStringLiteral("differs"));
        QCOMPARE(k.value(QLatin1String("fields")).toArray(),
                 (QJsonArray{QJsonObject{{QStringLiteral("field"), QStringLiteral("additionalProperties.client_id")},
                                         {QStringLiteral("dev"), QStringLiteral("apim-admin")}, {QStringLiteral("prod"), QStringLiteral("apim-admin-2")}}}));
    }
    QCOMPARE(differing, 1);
    r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("diff"), QStringLiteral("--profile"), QStringLiteral("dev"),
                   QStringLiteral("--against"), QStringLiteral("prod")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("additionalProperties.client_id: dev “apim-admin”, prod “apim-admin-2”"), r.out.constData());
    QVERIFY2(r.err.contains("differ"), r.err.constData());
}

void TstKeyManagerPlan::applyStopsAtTheFirstFailureAndSaysWhatItCreated()
{
    // The file: a new key manager, then an update (the dev client ID back), then another new one.
    QJsonObject doc = readFile(m_exportPath);
    QJsonObject keycloak;
    for (const QJsonValue &v : km::constTemporary(doc.value(QLatin1String("keyManagers")).toArray())) {
        if (v.toObject().value(QLatin1String("name")).toString() == QLatin1String("Keycloak"))
            keycloak = v.toObject();
    }
    QVERIFY(!keycloak.isEmpty());
    QJsonObject first = keycloak;
    first.insert(QStringLiteral("name"), QStringLiteral("Keycloak-B"));
    QJsonObject last = keycloak;
    last.insert(QStringLiteral("name"), QStringLiteral("Keycloak-C"));
    const QString path = writeFile(QStringLiteral("three.json"), document({first, keycloak, last}));
    const QJsonValue fault = m_prod.control("apim", "POST", QStringLiteral("/__sandbox/faults"), QJsonObject{
        {QStringLiteral("method"), QStringLiteral("PUT")}, {QStringLiteral("pathRegex"), QStringLiteral("/key-managers/")},
        {QStringLiteral("status"), 500}, {QStringLiteral("times"), -1},
        {QStringLiteral("body"), QJsonObject{{QStringLiteral("code"), 900967}, {QStringLiteral("message"), QStringLiteral("General Error")},
                                             {QStringLiteral("description"), QStringLiteral("Error while updating Key Manager configuration")}}}});
    Q_UNUSED(fault);
    const CliResult r = apply(QStringLiteral("prod"), path);
    m_prod.control("apim", "DELETE", QStringLiteral("/__sandbox/faults"));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("step update-Keycloak failed"), r.err.constData());
    const QJsonObject out = r.json().object();
    QStringList statuses;
    for (const QJsonValue &s : km::constTemporary(out.value(QLatin1String("steps")).toArray()))
        statuses << s.toObject().value(QLatin1String("id")).toString() + QLatin1Char('=') + s.toObject().value(QLatin1String("status")).toString();
    QCOMPARE(statuses, (QStringList{QStringLiteral("create-Keycloak-B=done"), QStringLiteral("update-Keycloak=failed"),
                                    QStringLiteral("create-Keycloak-C=pending")}));
    const QString summary = out.value(QLatin1String("summary")).toString();
    QVERIFY2(summary.startsWith(QStringLiteral("Done: Create key manager “Keycloak-B” (created key manager “Keycloak-B” (id ")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("Not done: Update key manager “Keycloak”")) && summary.contains(QStringLiteral("Create key manager “Keycloak-C”")),
             qPrintable(summary));
    QVERIFY(!keyManagerNamed(m_prod, QStringLiteral("Keycloak-B")).isEmpty());
    QVERIFY(keyManagerNamed(m_prod, QStringLiteral("Keycloak-C")).isEmpty());
    QCOMPARE(keyManagerNamed(m_prod, QStringLiteral("Keycloak")).value(QLatin1String("additionalProperties")).toObject()
                 .value(QLatin1String("client_id")).toString(), QStringLiteral("apim-admin-2"));
}

void TstKeyManagerPlan::applyWithoutATerminalOrYesRefuses()
{
    m_prod.control("apim", "DELETE", QStringLiteral("/__sandbox/requests"));
    const CliResult r = m_cli.run({QStringLiteral("apply"), QStringLiteral("--profile"), QStringLiteral("prod"), QStringLiteral("--input"), m_exportPath});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("no terminal to ask on; pass --yes"), r.err.constData());
    QCOMPARE(saves(m_prod), 0);
}

void TstKeyManagerPlan::aFileOfANewerOrUnknownVersionIsRefused()
{
    QJsonObject doc = readFile(m_exportPath);
    doc.insert(QStringLiteral("version"), KeyManagerExport::Version + 1);
    CliResult r = apply(QStringLiteral("prod"), writeFile(QStringLiteral("newer.json"), doc));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("made by a newer kmconsole (format version 2; this one reads up to 1)") && r.err.contains("Update kmconsole"), r.err.constData());
    doc.insert(QStringLiteral("version"), QStringLiteral("1.0-beta"));
    r = plan(QStringLiteral("prod"), writeFile(QStringLiteral("unknown.json"), doc));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("The file's format version is unknown (\"1.0-beta\")"), r.err.constData());
    doc.remove(QStringLiteral("version"));
    r = plan(QStringLiteral("prod"), writeFile(QStringLiteral("none.json"), doc));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("format version is unknown (none given)"), r.err.constData());
}

void TstKeyManagerPlan::aTypeTheTargetDoesNotSupportIsNamed()
{
    // The sandbox has the okta connector; PingFederate's is not installed there.
    const QJsonObject ping = endpointsAt(QStringLiteral("https://sso.acme.com/as"), QJsonObject{
        {QStringLiteral("name"), QStringLiteral("Ping")}, {QStringLiteral("type"), QStringLiteral("PingFederate")},
        {QStringLiteral("additionalProperties"), QJsonObject{{QStringLiteral("client_id"), QStringLiteral("0oa1")}}}});
    QJsonObject doc = readFile(m_exportPath);
    QJsonArray kms = doc.value(QLatin1String("keyManagers")).toArray();
    kms.prepend(ping);
    doc.insert(QStringLiteral("keyManagers"), kms);
    m_prod.control("apim", "DELETE", QStringLiteral("/__sandbox/requests"));
    const CliResult r = apply(QStringLiteral("prod"), writeFile(QStringLiteral("ping.json"), doc));
    QCOMPARE(r.exitCode, 1);
    const QByteArray expected = QByteArray("Key manager “Ping” is of type PingFederate, which API Manager at ") + m_prod.info().value(QLatin1String("apim")).toString().toUtf8()
                                + QByteArray(" does not support: no connector of that type is installed there (it has WSO2-IS, Asgardeo, KeyCloak, okta, Auth0, AzureAD)");
    QVERIFY2(r.err.contains(expected),
             r.err.constData());
    QVERIFY2(r.err.contains("Install the PingFederate connector"), r.err.constData());
    QCOMPARE(saves(m_prod), 0);
}

void TstKeyManagerPlan::aSecretMissingFromTheKeychainIsNamed()
{
    // A Keycloak of another host: the keychain holds no secret for it (the one it holds is for kKeycloakHost only).
    const QJsonObject keycloak = endpointsAt(QStringLiteral("https://sso.example.org/realms/apim"), QJsonObject{
        {QStringLiteral("name"), QStringLiteral("Keycloak-E")}, {QStringLiteral("type"), QStringLiteral("KeyCloak")},
        {QStringLiteral("additionalProperties"), QJsonObject{{QStringLiteral("client_id"), QStringLiteral("apim-admin")},
                                                             {QStringLiteral("client_secret"), QString()}}}});
    m_prod.control("apim", "DELETE", QStringLiteral("/__sandbox/requests"));
    const CliResult r = apply(QStringLiteral("prod"), writeFile(QStringLiteral("e.json"), document({keycloak})));
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.err.contains("No secret is at hand for: Keycloak-E (client_secret): the KeyCloak secret for https://sso.example.org "
                            "(add it with kmconsole-cli key-managers secret --type KeyCloak --field client_secret --host https://sso.example.org --secret-stdin)"),
             r.err.constData());
    QCOMPARE(saves(m_prod), 0);
    QVERIFY(keyManagerNamed(m_prod, QStringLiteral("Keycloak-E")).isEmpty());
}

void TstKeyManagerPlan::aValueOfTheWrongTypeIsNamed()
{
    QJsonObject doc = readFile(m_exportPath);
    QJsonArray kms = doc.value(QLatin1String("keyManagers")).toArray();
    for (int i = 0; i < kms.size(); ++i) {
        QJsonObject km = kms.at(i).toObject();
        if (km.value(QLatin1String("name")).toString() != QLatin1String("AzureAD"))
            continue;
        QJsonObject props = km.value(QLatin1String("additionalProperties")).toObject();
        props.insert(QStringLiteral("polling_max_wait_time_ms"), QJsonObject{{QStringLiteral("ms"), 5000}});
        km.insert(QStringLiteral("additionalProperties"), props);
        kms[i] = km;
    }
    doc.insert(QStringLiteral("keyManagers"), kms);
    m_prod.control("apim", "DELETE", QStringLiteral("/__sandbox/requests"));
    CliResult r = apply(QStringLiteral("prod"), writeFile(QStringLiteral("wrong.json"), doc));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("Key manager “AzureAD”: the AzureAD connector's field polling_max_wait_time_ms "
                            "(“Maximum Waiting Time (in ms) for Application Polling”) must be text; the file has an object"),
             r.err.constData());

    // A token version that is none of the connector's options.
    for (int i = 0; i < kms.size(); ++i) {
        QJsonObject km = kms.at(i).toObject();
        if (km.value(QLatin1String("name")).toString() != QLatin1String("AzureAD"))
            continue;
        QJsonObject props = km.value(QLatin1String("additionalProperties")).toObject();
        props.remove(QStringLiteral("polling_max_wait_time_ms"));
        props.insert(QStringLiteral("azure_ad_requested_access_token_version"), QStringLiteral("v3"));
        km.insert(QStringLiteral("additionalProperties"), props);
        kms[i] = km;
    }
    doc.insert(QStringLiteral("keyManagers"), kms);
    r = apply(QStringLiteral("prod"), writeFile(QStringLiteral("wrong2.json"), doc));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("azure_ad_requested_access_token_version (“Requested Access Token Version”) must be one of v1.0, v2.0; the file has “v3”"),
             r.err.constData());
    QCOMPARE(saves(m_prod), 0);
}

void TstKeyManagerPlan::aShellExportPassesBashAndShellcheckAndSendsWhatTheFileHolds()
{
    const QString path = m_files.filePath(QStringLiteral("prod.sh"));
    CliResult r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("export"), QStringLiteral("--profile"), QStringLiteral("dev"),
                             QStringLiteral("--format"), QStringLiteral("sh"), QStringLiteral("--target"), QStringLiteral("prod"),
                             QStringLiteral("--output"), path});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString script = QString::fromUtf8(file.readAll());
    QVERIFY(!script.contains(kKeycloakSecret) && !script.contains(kIsPassword));
    const QString entraSecret = m_dev.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("entra")).toObject()
                                    .value(QLatin1String("clientSecret")).toString();
    QVERIFY(!script.contains(entraSecret));
    // The header lists every secret's variable.
    for (const char *var : {"APIM_TOKEN", "KM_KEYCLOAK_CLIENT_SECRET", "KM_WSO2IS_PASSWORD", "KM_AZUREAD_AZURE_AD_CLIENT_SECRET", "KM_ASGARDEO_MGMT_CLIENT_SECRET"})
        QVERIFY2(script.contains(QStringLiteral("#   %1  ").arg(QLatin1String(var))), var);

    QProcess bash;
    bash.start(QStringLiteral("bash"), {QStringLiteral("-n"), path});
    QVERIFY(bash.waitForFinished(10000));
    QVERIFY2(bash.exitCode() == 0, bash.readAllStandardError().constData());
    QProcess shellcheck;
    shellcheck.start(QStringLiteral("shellcheck"), {path});
    QVERIFY2(shellcheck.waitForStarted(10000), "shellcheck is not installed (scripts/setup.sh --test installs it)");
    QVERIFY(shellcheck.waitForFinished(30000));
    QVERIFY2(shellcheck.exitCode() == 0, shellcheck.readAllStandardOutput().constData());

    // Run with a curl that records what it would send: the target's URL, the token header, and a JSON body
    // per key manager with each secret from its variable (quotes and backslashes kept intact).
    QTemporaryDir bin;
    QVERIFY(bin.isValid());
    QFile fake(bin.filePath(QStringLiteral("curl")));
    QVERIFY(fake.open(QIODevice::WriteOnly));
    fake.write("#!/bin/sh\nn=$(ls \"$CURL_OUT\" | wc -l)\nprintf '%s\\n' \"$@\" > \"$CURL_OUT/args$n\"\ncat > \"$CURL_OUT/body$n\"\necho '{}'\n");
    fake.close();
    QFile::setPermissions(fake.fileName(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QTemporaryDir sent;
    const QString tricky = QStringLiteral("kc\"quote\\back$dollar`tick");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PATH"), bin.path() + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
    env.insert(QStringLiteral("CURL_OUT"), sent.path());
    env.insert(QStringLiteral("APIM_TOKEN"), QStringLiteral("token-for-test"));
    env.insert(QStringLiteral("KM_KEYCLOAK_CLIENT_SECRET"), tricky);
    env.insert(QStringLiteral("KM_WSO2IS_PASSWORD"), QStringLiteral("is-pass"));
    env.insert(QStringLiteral("KM_AZUREAD_AZURE_AD_CLIENT_SECRET"), QStringLiteral("az-secret"));
    QProcess run;
    run.setProcessEnvironment(env);
    run.start(QStringLiteral("bash"), {path});
    QVERIFY(run.waitForFinished(30000));
    // One secret missing: nothing is sent, and the message names its variable.
    QCOMPARE(run.exitCode(), 1);
    QVERIFY2(run.readAllStandardError().contains("KM_ASGARDEO_MGMT_CLIENT_SECRET"), "the missing variable is not named");
    QCOMPARE(QDir(sent.path()).entryList(QDir::Files).size(), 0);

    env.insert(QStringLiteral("KM_ASGARDEO_MGMT_CLIENT_SECRET"), QStringLiteral("asg-secret"));
    run.setProcessEnvironment(env);
    run.start(QStringLiteral("bash"), {path});
    QVERIFY(run.waitForFinished(30000));
    QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
    const QJsonArray kms = readFile(m_exportPath).value(QLatin1String("keyManagers")).toArray();
    QCOMPARE(QDir(sent.path()).entryList({QStringLiteral("body*")}, QDir::Files).size(), int(kms.size()));
    for (int i = 0; i < kms.size(); ++i) {
        QFile args(sent.filePath(QStringLiteral("args%1").arg(i * 2)));
        QFile body(sent.filePath(QStringLiteral("body%1").arg(i * 2)));
        QVERIFY(args.open(QIODevice::ReadOnly) && body.open(QIODevice::ReadOnly));
        const QString argText = QString::fromUtf8(args.readAll());
        QVERIFY2(argText.contains(m_prod.info().value(QLatin1String("apim")).toString() + QStringLiteral("/api/am/admin/v4/key-managers")), qPrintable(argText));
        QVERIFY(argText.contains(QStringLiteral("Authorization: Bearer token-for-test")));
        QVERIFY(!argText.contains(QStringLiteral("--insecure")) && !argText.contains(QStringLiteral("\n-k\n")));
        QJsonParseError error;
        QJsonObject sentKm = QJsonDocument::fromJson(body.readAll(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QJsonObject expected = kms.at(i).toObject();
        QJsonObject props = expected.value(QLatin1String("additionalProperties")).toObject();
        const QString name = expected.value(QLatin1String("name")).toString();
        const QHash<QString, QPair<QString, QString>> secrets{
            {QStringLiteral("Keycloak"), {QStringLiteral("client_secret"), tricky}},
            {QStringLiteral("WSO2IS"), {QStringLiteral("Password"), QStringLiteral("is-pass")}},
            {QStringLiteral("AzureAD"), {QStringLiteral("azure_ad_client_secret"), QStringLiteral("az-secret")}},
            {QStringLiteral("Asgardeo"), {QStringLiteral("mgmt_client_secret"), QStringLiteral("asg-secret")}}};
        props.insert(secrets.value(name).first, secrets.value(name).second);
        expected.insert(QStringLiteral("additionalProperties"), props);
        QCOMPARE(sentKm, expected);
    }
}

void TstKeyManagerPlan::aReportReadsBackWithTheKeyManagersAndNoSecret()
{
    const QString entraSecret = m_dev.info().value(QLatin1String("accounts")).toObject().value(QLatin1String("entra")).toObject()
                                    .value(QLatin1String("clientSecret")).toString();
    QVERIFY(!entraSecret.isEmpty());
    const QStringList secrets{kKeycloakSecret, kIsPassword, entraSecret};

    // PDF, with the Doctor's checks, read back as text by pdftotext.
    const QString pdf = m_files.filePath(QStringLiteral("dev-report.pdf"));
    CliResult r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("export"), QStringLiteral("--profile"), QStringLiteral("dev"),
                             QStringLiteral("--format"), QStringLiteral("pdf"), QStringLiteral("--with-doctor"), QStringLiteral("--output"), pdf});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.err, QByteArray()); // no word from the graphics platform on a machine without a display
    QCOMPARE(QString::fromUtf8(r.out).trimmed(),
             QStringLiteral("Wrote the report of 4 key managers to %1, secrets masked. The Doctor's checks are in it.").arg(pdf));
    QString error;
    const QString text = pdfText(pdf, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    for (const char *name : {"Asgardeo", "AzureAD", "Keycloak", "WSO2IS"})
        QVERIFY2(text.contains(QLatin1String(name)), name);
    QVERIFY(text.contains(QLatin1String("(masked)")));
    QVERIFY2(!text.contains(QLatin1String("Doctor not run")), qPrintable(text.left(3000)));
    for (const QString &secret : secrets)
        QVERIFY2(!text.contains(secret), "the PDF report holds a secret");

    // HTML, without the Doctor: it says it did not run.
    const QString html = m_files.filePath(QStringLiteral("dev-report.html"));
    r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("export"), QStringLiteral("--profile"), QStringLiteral("dev"),
                   QStringLiteral("--name"), QStringLiteral("Keycloak"), QStringLiteral("--format"), QStringLiteral("html"), QStringLiteral("--output"), html});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QString::fromUtf8(r.out).trimmed(), QStringLiteral("Wrote the report of 1 key manager to %1, secrets masked.").arg(html));
    QFile file(html);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString page = QString::fromUtf8(file.readAll());
    QVERIFY(page.contains(QLatin1String("<h2>Keycloak</h2>")));
    QVERIFY(!page.contains(QLatin1String("<h2>AzureAD</h2>")));
    QVERIFY(page.contains(QLatin1String("Doctor not run")));
    for (const QString &secret : secrets)
        QVERIFY2(!page.contains(secret), "the HTML report holds a secret");

    // --with-doctor belongs to a report.
    r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("export"), QStringLiteral("--profile"), QStringLiteral("dev"),
                   QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--with-doctor"), QStringLiteral("--output"), html});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--with-doctor goes with --format pdf or html"), r.err.constData());
}

void TstKeyManagerPlan::aYamlExportReadsBackAsTheJson()
{
    const QString path = m_files.filePath(QStringLiteral("dev.yaml"));
    const CliResult r = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("export"), QStringLiteral("--profile"), QStringLiteral("dev"),
                                   QStringLiteral("--format"), QStringLiteral("yaml"), QStringLiteral("--output"), path});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // Read back by an independent YAML parser (PyYAML's safe loader), as JSON.
    QProcess python;
    python.start(QStringLiteral("python3"), {QStringLiteral("-c"), QStringLiteral("import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))"), path});
    QVERIFY2(python.waitForStarted(10000), "python3 is not installed");
    QVERIFY(python.waitForFinished(30000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    QJsonObject fromYaml = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    QJsonObject fromJson = readFile(m_exportPath);
    QVERIFY(!fromYaml.isEmpty());
    fromYaml.remove(QStringLiteral("exportedAt"));
    fromJson.remove(QStringLiteral("exportedAt"));
    QCOMPARE(fromYaml, fromJson);
}

void TstKeyManagerPlan::aYamlBombIsRefusedAndNothingApplied()
{
    // dev's export with a billion-laughs payload in a field: nothing is expanded, nothing is sent.
    QFile exported(m_files.filePath(QStringLiteral("dev.yaml")));
    QVERIFY(exported.open(QIODevice::ReadOnly));
    QByteArray bomb = exported.readAll();
    bomb += "\"laughs\":\n  \"a\": &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    for (char c = 'b'; c <= 'i'; ++c)
        bomb += "  \"" + QByteArray(1, c) + "\": &" + QByteArray(1, c) + " [*" + QByteArray(1, char(c - 1)) + ",*" + QByteArray(1, char(c - 1))
                + ",*" + QByteArray(1, char(c - 1)) + ",*" + QByteArray(1, char(c - 1)) + ",*" + QByteArray(1, char(c - 1)) + "]\n";
    const QString path = m_files.filePath(QStringLiteral("bomb.yaml"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(bomb);
    out.close();
    m_prod.control("apim", "DELETE", QStringLiteral("/__sandbox/requests"));
    CliResult r = apply(QStringLiteral("prod"), path);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("bomb.yaml is not a YAML key-manager file") && r.err.contains("YAML aliases (*a) are not accepted")
                 && r.err.contains("nothing was changed"), r.err.constData());
    QCOMPARE(saves(m_prod), 0);
    // Nesting deeper than a key-manager file ever is: refused the same way.
    QFile deep(m_files.filePath(QStringLiteral("deep.yml")));
    QVERIFY(deep.open(QIODevice::WriteOnly));
    deep.write("\"keyManagers\": " + QByteArray(5000, '[') + QByteArray(5000, ']') + "\n");
    deep.close();
    r = plan(QStringLiteral("prod"), deep.fileName());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("nested more than 64 levels deep"), r.err.constData());
    QCOMPARE(saves(m_prod), 0);
}

QTEST_GUILESS_MAIN(TstKeyManagerPlan)
#include "tst_key_manager_plan.moc"
