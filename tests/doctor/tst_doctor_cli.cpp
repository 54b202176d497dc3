// `kmconsole-cli doctor` against the real kmconsole-sandbox: a healthy Asgardeo key manager passes and the
// JSON report is checked field by field; a second one with the same issuer is an error (exit 1) that names
// the other; the plain-text table; bad usage.

#include "support/CliRunner.h"
#include "support/SandboxFixture.h"

#include "services/core/ConstRange.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace km::test;

class TstDoctorCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void healthyKeyManagerPassesFieldByField();
    void duplicateIssuerFailsAndNamesTheOther();
    void plainTextTable();
    void badUsage_data();
    void badUsage();
    void cleanupTestCase();

private:
    CliResult doctor(const QStringList &extra) const
    {
        return m_cli.run(QStringList{QStringLiteral("doctor"), QStringLiteral("--apim"), QStringLiteral("dev")} + extra);
    }
    static QList<QJsonObject> checksOf(const QJsonObject &report, const QString &keyManager, const QString &id = QString());

    SandboxProcess m_sandbox;
    CliRunner m_cli;
};

void TstDoctorCli::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(&error), qPrintable(error));
    const QJsonObject info = m_sandbox.info();
    CliResult r = m_cli.addApimProfile(QStringLiteral("dev"), info);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = m_cli.addAsgardeoProfile(QStringLiteral("org"), info);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = m_cli.run({QStringLiteral("setup"), QStringLiteral("asgardeo"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--asgardeo"),
                   QStringLiteral("org"), QStringLiteral("--name"), QStringLiteral("Asgardeo")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

void TstDoctorCli::cleanupTestCase()
{
    m_sandbox.stop();
}

QList<QJsonObject> TstDoctorCli::checksOf(const QJsonObject &report, const QString &keyManager, const QString &id)
{
    QList<QJsonObject> found;
    for (const QJsonValue &v : km::constTemporary(report.value(QLatin1String("checks")).toArray())) {
        const QJsonObject c = v.toObject();
        if (c.value(QLatin1String("keyManager")).toString() == keyManager && (id.isEmpty() || c.value(QLatin1String("id")).toString() == id))
            found << c;
    }
    return found;
}

void TstDoctorCli::healthyKeyManagerPassesFieldByField()
{
    const CliResult r = doctor({QStringLiteral("--asgardeo"), QStringLiteral("org"), QStringLiteral("--key-manager"), QStringLiteral("Asgardeo"),
                                QStringLiteral("--json"), QStringLiteral("--timeout"), QStringLiteral("10")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + "\n" + r.out).constData());
    QVERIFY(r.err.isEmpty());
    const QJsonObject report = r.json().object();
    QCOMPARE(report.keys(), (QStringList{QStringLiteral("checks"), QStringLiteral("summary")}));
    const QJsonArray checks = report.value(QLatin1String("checks")).toArray();
    QVERIFY(checks.size() >= 11);
    const QSet<QString> fields{QStringLiteral("id"), QStringLiteral("keyManager"), QStringLiteral("level"), QStringLiteral("message"), QStringLiteral("fix")};
    QSet<QString> ids;
    for (const QJsonValue &v : checks) {
        const QJsonObject c = v.toObject();
        QStringList keys = c.keys();
        // A check that is not ok may carry its one-click fix.
        if (keys.removeAll(QStringLiteral("action")) > 0) {
            QVERIFY(c.value(QLatin1String("action")).toObject().contains(QLatin1String("kind")));
            QVERIFY(c.value(QLatin1String("level")).toString() != QLatin1String("ok"));
        }
        QCOMPARE(QSet<QString>(keys.begin(), keys.end()), fields);
        for (const QString &f : fields)
            QVERIFY2(c.value(f).isString(), qPrintable(f));
        QCOMPARE(c.value(QLatin1String("keyManager")).toString(), QStringLiteral("Asgardeo"));
        QVERIFY2(c.value(QLatin1String("level")).toString() == QLatin1String("ok") || c.value(QLatin1String("level")).toString() == QLatin1String("warn"),
                 qPrintable(c.value(QLatin1String("id")).toString() + QStringLiteral(": ") + c.value(QLatin1String("message")).toString()));
        QVERIFY(!c.value(QLatin1String("message")).toString().isEmpty());
        ids << c.value(QLatin1String("id")).toString();
    }
    for (const char *id : {"settings-type", "duplicate-issuer", "well-known", "issuer", "endpoint-drift", "jwks", "token-endpoint", "revoke-endpoint",
                           "introspection-endpoint", "asgardeo-management-scopes", "asgardeo-global-scopes", "asgardeo-scopes-missing",
                           "asgardeo-scope-names", "asgardeo-roles", "fresh-token"})
        QVERIFY2(ids.contains(QLatin1String(id)), id);
    const QJsonObject issuer = checksOf(report, QStringLiteral("Asgardeo"), QStringLiteral("issuer")).constFirst();
    QCOMPARE(issuer.value(QLatin1String("level")).toString(), QStringLiteral("ok"));
    QCOMPARE(issuer.value(QLatin1String("fix")).toString(), QString());

    const QJsonObject summary = report.value(QLatin1String("summary")).toObject();
    QCOMPARE(summary.value(QLatin1String("total")).toInt(), int(checks.size()));
    QCOMPARE(summary.value(QLatin1String("error")).toInt(), 0);
    QCOMPARE(summary.value(QLatin1String("ok")).toInt() + summary.value(QLatin1String("warn")).toInt(), int(checks.size()));
    QCOMPARE(summary.value(QLatin1String("keyManagers")).toArray(), QJsonArray{QStringLiteral("Asgardeo")});
}

void TstDoctorCli::duplicateIssuerFailsAndNamesTheOther()
{
    CliResult r = m_cli.run({QStringLiteral("setup"), QStringLiteral("asgardeo"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--asgardeo"),
                             QStringLiteral("org"), QStringLiteral("--name"), QStringLiteral("Twin")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = doctor({QStringLiteral("--asgardeo"), QStringLiteral("org"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith("kmconsole-cli: ") && r.err.contains("found an error"), r.err.constData());
    const QJsonObject report = r.json().object();
    for (const auto &[self, other] : {std::pair{QStringLiteral("Twin"), QStringLiteral("Asgardeo")}, std::pair{QStringLiteral("Asgardeo"), QStringLiteral("Twin")}}) {
        const QList<QJsonObject> dup = checksOf(report, self, QStringLiteral("duplicate-issuer"));
        QCOMPARE(dup.size(), 1);
        QCOMPARE(dup.first().value(QLatin1String("level")).toString(), QStringLiteral("error"));
        QVERIFY(dup.first().value(QLatin1String("message")).toString().startsWith(other + QLatin1Char(' ')));
        QVERIFY(!dup.first().value(QLatin1String("fix")).toString().isEmpty());
    }
    // The Resident Key Manager is API Manager's own: listed, not judged.
    const QList<QJsonObject> resident = checksOf(report, QStringLiteral("Resident Key Manager"));
    QCOMPARE(resident.size(), 1);
    QCOMPARE(resident.first().value(QLatin1String("id")).toString(), QStringLiteral("resident"));
    QCOMPARE(report.value(QLatin1String("summary")).toObject().value(QLatin1String("error")).toInt(), 2);
}

void TstDoctorCli::plainTextTable()
{
    const CliResult r = doctor({QStringLiteral("--key-manager"), QStringLiteral("Twin")});
    QVERIFY2(r.exitCode == 1, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(QString::fromUtf8(r.err.right(6000)))));
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.startsWith(QLatin1String("[Twin]\n")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("  ERROR  duplicate-issuer ")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("  WARN   asgardeo-profile ")), qPrintable(out)); // no --asgardeo: the organization was not checked
    QVERIFY2(out.contains(QLatin1String("  OK     issuer ")), qPrintable(out));
    // No DevPortal application has keys under it: no token to read, and what to do about it.
    QVERIFY2(out.contains(QLatin1String("  WARN   fresh-token ")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("         fix: Generate keys for an application under it")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("         fix: Keep one key manager per issuer")), qPrintable(out));
    static const QRegularExpression counts(QStringLiteral("\\n\\d+ checks: \\d+ ok, 2 warnings, 1 errors\\n$"));
    QVERIFY2(out.contains(counts), qPrintable(out));
}

void TstDoctorCli::badUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("said");
    QTest::newRow("no --apim") << QStringList{QStringLiteral("doctor")} << 2 << QStringLiteral("--apim is required");
    QTest::newRow("zero timeout") << QStringList{QStringLiteral("doctor"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--timeout"),
                                                 QStringLiteral("0")} << 2 << QStringLiteral("--timeout");
    QTest::newRow("unknown key manager") << QStringList{QStringLiteral("doctor"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--key-manager"),
                                                        QStringLiteral("Nobody")} << 1 << QStringLiteral("no key manager named “Nobody”");
    QTest::newRow("unknown profile") << QStringList{QStringLiteral("doctor"), QStringLiteral("--apim"), QStringLiteral("prod")} << 1 << QStringLiteral("prod");
    QTest::newRow("unknown asgardeo profile") << QStringList{QStringLiteral("doctor"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--asgardeo"),
                                                             QStringLiteral("nope")} << 1 << QStringLiteral("nope");
    // --fix asks on a terminal; the test's stdin is a pipe.
    QTest::newRow("fix without a terminal") << QStringList{QStringLiteral("doctor"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--fix"),
                                                           QStringLiteral("all")} << 2 << QStringLiteral("pass --yes");
    QTest::newRow("nothing to fix") << QStringList{QStringLiteral("doctor"), QStringLiteral("--apim"), QStringLiteral("dev"), QStringLiteral("--key-manager"),
                                                   QStringLiteral("Asgardeo"), QStringLiteral("--fix"), QStringLiteral("issuer"), QStringLiteral("--yes")}
                                    << 1 << QStringLiteral("no check “issuer” that is not ok has a fix");
}

void TstDoctorCli::badUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, said);
    const CliResult r = m_cli.run(arguments);
    QCOMPARE(r.exitCode, exitCode);
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.errLines().constFirst().contains(said), qPrintable(r.errLines().constFirst()));
    QVERIFY(r.out.isEmpty());
}

QTEST_GUILESS_MAIN(TstDoctorCli)
#include "tst_doctor_cli.moc"
