// Every kmconsole-cli command answers --help with its own synopsis and options (the man page and the
// shell completion are built from these texts), exits 0 and touches nothing.

#include "support/CliRunner.h"

#include <QDir>
#include <QRegularExpression>
#include <QTest>

using namespace km::test;

class TstCliHelp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void topLevelHelpListsEveryCommand();
    void everyCommandAnswersHelp_data();
    void everyCommandAnswersHelp();
    void helpWinsOverOtherErrors();
    void theBinaryRunsAsAScriptRunsIt();

private:
    CliRunner m_cli;
    QList<QStringList> m_commands; // command words, from the top-level --help
    QStringList m_synopses;
};

void TstCliHelp::initTestCase()
{
    const CliResult r = m_cli.run({QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.isEmpty());
    const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'));
    const qsizetype start = lines.indexOf(QStringLiteral("Commands:"));
    QVERIFY2(start >= 0, r.out.constData());
    for (qsizetype i = start + 1; i < lines.size() && !lines.at(i).isEmpty(); ++i) {
        const QString synopsis = lines.at(i).trimmed().mid(qsizetype(sizeof("kmconsole-cli")));
        QStringList words;
        // A command's words are the lower-case words before its first option or argument.
        static const QRegularExpression word(QStringLiteral("^[a-z][a-z-]*$"));
        for (const QString &w : synopsis.split(QLatin1Char(' '))) {
            if (!word.match(w).hasMatch())
                break;
            words << w;
        }
        QVERIFY2(!words.isEmpty(), qPrintable(lines.at(i)));
        m_commands << words;
        m_synopses << synopsis;
    }
    QVERIFY2(m_commands.size() >= 15, qPrintable(QStringLiteral("only %1 commands in --help").arg(m_commands.size())));
}

void TstCliHelp::topLevelHelpListsEveryCommand()
{
    const CliResult r = m_cli.run({QStringLiteral("--help")});
    QVERIFY(r.out.startsWith("Usage: kmconsole-cli COMMAND [OPTIONS]"));
    QVERIFY(r.out.contains("Exit status: 0 success, 1 remote or validation failure, 2 bad usage."));
    QVERIFY(r.out.contains("kmconsole-cli token inspect --help"));
    QVERIFY(m_commands.contains(QStringList{QStringLiteral("token"), QStringLiteral("inspect")}));
    QVERIFY(m_commands.contains(QStringList{QStringLiteral("setup"), QStringLiteral("azure")}));
}

void TstCliHelp::everyCommandAnswersHelp_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QString>("synopsis");
    QTest::addColumn<QString>("flag");
    for (qsizetype i = 0; i < m_commands.size(); ++i) {
        for (const QString &flag : {QStringLiteral("--help"), QStringLiteral("-h")})
            QTest::newRow(qPrintable(m_commands.at(i).join(QLatin1Char(' ')) + QLatin1Char(' ') + flag)) << m_commands.at(i) << m_synopses.at(i) << flag;
    }
}

void TstCliHelp::everyCommandAnswersHelp()
{
    QFETCH(QStringList, words);
    QFETCH(QString, synopsis);
    QFETCH(QString, flag);
    const CliResult r = m_cli.run(words + QStringList{flag}, QByteArray(""));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QString::fromUtf8(r.err), QString());
    const QString out = QString::fromUtf8(r.out);
    QCOMPARE(out.section(QLatin1Char('\n'), 0, 0), QStringLiteral("Usage: kmconsole-cli ") + synopsis);
    QVERIFY2(out.contains(QLatin1String("\nOptions:\n")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("--help")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("Exit status: 0 success")), qPrintable(out));
    // Each option of the synopsis is explained below it.
    const QString options = out.mid(out.indexOf(QLatin1String("\nOptions:\n")));
    static const QRegularExpression optionName(QStringLiteral("--[a-z][a-z-]*"));
    auto it = optionName.globalMatch(synopsis);
    while (it.hasNext()) {
        const QString option = it.next().captured();
        QVERIFY2(options.contains(QRegularExpression(QStringLiteral("(^|[ ,])") + QRegularExpression::escape(option) + QStringLiteral("( |$)"),
                                                     QRegularExpression::MultilineOption)),
                 qPrintable(QStringLiteral("%1 is in the synopsis but not explained:\n%2").arg(option, out)));
    }
    // Nothing was written: asking for help creates no profile file.
    QVERIFY2(QDir(m_cli.configDir()).isEmpty(), qPrintable(QDir(m_cli.configDir()).entryList().join(QLatin1Char(' '))));
}

void TstCliHelp::helpWinsOverOtherErrors()
{
    // A half-typed command line still gets the help, not the usage error.
    const CliResult r = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--jwks-url"),
                                   QStringLiteral("x"), QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("Usage: kmconsole-cli token inspect "));
    QVERIFY(r.out.contains("--token-stdin"));
    QVERIFY(r.out.contains("read the token from standard input"));
    // Without --help the same command is still a usage error.
    const CliResult bad = m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--colour")});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.err.contains("Unknown option"));
}

void TstCliHelp::theBinaryRunsAsAScriptRunsIt()
{
    // The one process-level smoke test: every other CLI test runs the commands in-process (CliRunner::run), so
    // here the real binary's own streams, exit statuses and standard input are checked once.
    const CliResult version = m_cli.runProcess({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QCOMPARE(QString::fromUtf8(version.out), QStringLiteral("kmconsole-cli " KM_VERSION "\n"));
    QVERIFY(version.err.isEmpty());

    const CliResult bare = m_cli.runProcess({});
    QCOMPARE(bare.exitCode, 2);
    QVERIFY(bare.out.isEmpty());
    QVERIFY(bare.err.startsWith("Usage: kmconsole-cli COMMAND"));
    QCOMPARE(bare.err, m_cli.run({}).err); // what the tests see in-process is what a script sees

    const CliResult unknown = m_cli.runProcess({QStringLiteral("no-such-command")});
    QCOMPARE(unknown.exitCode, 2);
    QCOMPARE(unknown.errLines(), QStringList{QStringLiteral("kmconsole-cli: unknown command “no-such-command” (see kmconsole-cli --help)")});

    // A token piped in on standard input, read to its end; the report on standard output.
    const QByteArray token = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwiZXhwIjoxfQ.c2ln";
    const CliResult inspected = m_cli.runProcess({QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--token-stdin"),
                                                  QStringLiteral("--claims-only"), QStringLiteral("--json")},
                                                 token + '\n');
    QVERIFY2(inspected.json().isObject(), inspected.out.constData());
    QCOMPARE(inspected.exitCode, m_cli.run({QStringLiteral("token"), QStringLiteral("inspect"), QStringLiteral("--token-stdin"),
                                            QStringLiteral("--claims-only"), QStringLiteral("--json")},
                                           token + '\n').exitCode);
    QVERIFY2(inspected.out.contains("https://issuer.example"), inspected.out.constData());
}

QTEST_GUILESS_MAIN(TstCliHelp)
#include "tst_cli_help.moc"
