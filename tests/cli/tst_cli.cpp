// The real kmconsole-cli against the real kmconsole-sandbox: output, exit codes, nothing secret on disk.

#include "support/CliRunner.h"
#include "support/SandboxFixture.h"

#include "sandbox/SandboxServer.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace km::test;

class TstCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void version();
    void badUsageExitsTwoWithOneLine_data();
    void badUsageExitsTwoWithOneLine();
    void untrustedCertificateNamesFingerprint();
    void addListAndKeyManagers();
    void validationFailuresExitOne();
    void sandboxControlEndpointsNeedItsToken();
    void cleanupTestCase();

private:
    SandboxProcess m_sandbox;
    CliRunner m_cli;
    QString m_url, m_fingerprint, m_password;
};

void TstCli::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    const QJsonObject info = m_sandbox.info();
    m_url = info.value(QLatin1String("apim")).toString();
    m_fingerprint = info.value(QLatin1String("apimFingerprint")).toString();
    m_password = info.value(QLatin1String("accounts")).toObject().value(QLatin1String("apim")).toObject().value(QLatin1String("password")).toString();
    QVERIFY(m_url.startsWith(QLatin1String("https://")));
    QCOMPARE(m_fingerprint.size(), 95);
}

void TstCli::version()
{
    const CliResult r = m_cli.run({QStringLiteral("--version")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.trimmed(), QByteArray("kmconsole-cli " KM_VERSION));
}

void TstCli::badUsageExitsTwoWithOneLine_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << QStringLiteral("unknown command");
    QTest::newRow("missing url") << QStringList{QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("apim"), QStringLiteral("p"),
                                                QStringLiteral("--username"), QStringLiteral("admin"), QStringLiteral("--password-stdin")}
                                 << QStringLiteral("--url is required");
    QTest::newRow("password on command line refused") << QStringList{QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("apim"), QStringLiteral("p"),
                                                                     QStringLiteral("--url"), QStringLiteral("https://x"), QStringLiteral("--username"), QStringLiteral("a")}
                                                      << QStringLiteral("--password-stdin is required");
    QTest::newRow("bad fingerprint") << QStringList{QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("apim"), QStringLiteral("p"),
                                                    QStringLiteral("--url"), QStringLiteral("https://x"), QStringLiteral("--username"), QStringLiteral("a"),
                                                    QStringLiteral("--password-stdin"), QStringLiteral("--trust-fingerprint"), QStringLiteral("abc")}
                                     << QStringLiteral("64 hex digits");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("profile"), QStringLiteral("list"), QStringLiteral("--colour")} << QStringLiteral("Unknown option");
}

void TstCli::badUsageExitsTwoWithOneLine()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    const CliResult r = m_cli.run(args, "pw\n");
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.errLines().constFirst().contains(expected), r.err.constData());
}

void TstCli::untrustedCertificateNamesFingerprint()
{
    CliRunner cli;
    QCOMPARE(cli.run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("apim"), QStringLiteral("dev"), QStringLiteral("--url"), m_url,
                      QStringLiteral("--username"), QStringLiteral("admin"), QStringLiteral("--password-stdin")}, m_password.toUtf8() + '\n').exitCode, 0);
    const CliResult r = cli.run({QStringLiteral("key-managers"), QStringLiteral("list"), QStringLiteral("--profile"), QStringLiteral("dev")});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.err.contains(QByteArray("--trust-fingerprint " + m_fingerprint.toUtf8())), r.err.constData());
}

void TstCli::addListAndKeyManagers()
{
    const CliResult add = m_cli.run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("apim"), QStringLiteral("dev"),
                                     QStringLiteral("--url"), m_url, QStringLiteral("--username"), QStringLiteral("admin"),
                                     QStringLiteral("--password-stdin"), QStringLiteral("--trust-fingerprint"), m_fingerprint},
                                    m_password.toUtf8() + '\n');
    QCOMPARE(add.exitCode, 0);
    QVERIFY2(add.err.isEmpty(), add.err.constData());

    const CliResult list = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("list"), QStringLiteral("--profile"), QStringLiteral("dev"), QStringLiteral("--json")});
    QCOMPARE(list.exitCode, 0);
    QVERIFY2(list.err.isEmpty(), list.err.constData());
    const QJsonObject kms = list.json().object();
    QCOMPARE(kms.value(QLatin1String("count")).toInt(), 1);
    QCOMPARE(kms.value(QLatin1String("list")).toArray().first().toObject().value(QLatin1String("name")).toString(), QStringLiteral("Resident Key Manager"));

    const CliResult profiles = m_cli.run({QStringLiteral("profile"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(profiles.exitCode, 0);
    const QJsonObject p = profiles.json().object().value(QLatin1String("apim")).toArray().first().toObject();
    QCOMPARE(p.value(QLatin1String("name")).toString(), QStringLiteral("dev"));
    QCOMPARE(p.value(QLatin1String("url")).toString(), m_url);
    QVERIFY(!p.value(QLatin1String("dcrClientId")).toString().isEmpty()); // the REST client is cached
    QVERIFY(!profiles.out.contains(m_password.toUtf8()));

    QFile file(m_cli.configDir() + QStringLiteral("/profiles.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray onDisk = file.readAll();
    QVERIFY(!onDisk.contains(m_password.toUtf8()));
    QVERIFY(onDisk.contains(m_fingerprint.toUtf8()));
}

void TstCli::validationFailuresExitOne()
{
    const CliResult noScheme = m_cli.run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("apim"), QStringLiteral("x"),
                                          QStringLiteral("--url"), QStringLiteral("apim.example.com:9443"), QStringLiteral("--username"), QStringLiteral("a"),
                                          QStringLiteral("--password-stdin")}, "pw\n");
    QCOMPARE(noScheme.exitCode, 1);
    QCOMPARE(noScheme.errLines().size(), 1);
    QVERIFY(noScheme.err.contains("has no scheme"));
    // user:password@host is refused, without the password in the message or anywhere in the profile file.
    const CliResult userInfo = m_cli.run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("apim"), QStringLiteral("ui"),
                                          QStringLiteral("--url"), QStringLiteral("https://admin:pw-on-cli-url@apim.example.com:9443"),
                                          QStringLiteral("--username"), QStringLiteral("a"), QStringLiteral("--password-stdin")}, "pw\n");
    QCOMPARE(userInfo.exitCode, 1);
    QCOMPARE(userInfo.errLines().size(), 1);
    QVERIFY2(userInfo.err.contains("user name or password before the host"), userInfo.err.constData());
    QVERIFY(!userInfo.err.contains("pw-on-cli-url"));
    QFile file(m_cli.configDir() + QStringLiteral("/profiles.json"));
    QVERIFY(!file.open(QIODevice::ReadOnly) || !file.readAll().contains("pw-on-cli-url"));
    const CliResult missing = m_cli.run({QStringLiteral("key-managers"), QStringLiteral("list"), QStringLiteral("--profile"), QStringLiteral("nope")});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY(missing.err.contains("no API Manager profile named"));
}

void TstCli::sandboxControlEndpointsNeedItsToken()
{
    // Any local process can reach the sandbox's loopback ports: without the token of its start-up line
    // it can neither read its state nor inject faults.
    const QString asgardeo = m_sandbox.info().value(QLatin1String("asgardeo")).toString();
    QVERIFY(asgardeo.startsWith(QLatin1String("http://")));
    QVERIFY(!m_sandbox.info().value(QLatin1String("controlToken")).toString().isEmpty());
    QNetworkAccessManager nam;
    const auto send = [&nam](const QByteArray &method, const QString &url, const QByteArray &token, const QByteArray &body) {
        QNetworkRequest request{QUrl(url)};
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (!token.isEmpty())
            request.setRawHeader(km::sandbox::SandboxServer::ControlTokenHeader, token);
        QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(10000);
        const QPair<int, QByteArray> answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
        reply->deleteLater();
        return answer;
    };
    const auto state = send("GET", asgardeo + QStringLiteral("/__sandbox/state"), {}, {});
    QCOMPARE(state.first, 401);
    QVERIFY(!state.second.contains("listener"));
    QCOMPARE(send("GET", asgardeo + QStringLiteral("/__sandbox/state"), "not-the-token", {}).first, 401);
    const auto fault = send("POST", asgardeo + QStringLiteral("/__sandbox/faults"), {},
                            R"({"pathRegex":".*","status":503,"times":-1})");
    QCOMPARE(fault.first, 401);
    QCOMPARE(send("GET", asgardeo + QStringLiteral("/no-such-path"), {}, {}).first, 404); // no fault was installed
    QCOMPARE(m_sandbox.state("asgardeo").value(QLatin1String("listener")).toString(), QStringLiteral("asgardeo"));
}

void TstCli::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

QTEST_GUILESS_MAIN(TstCli)
#include "tst_cli.moc"
