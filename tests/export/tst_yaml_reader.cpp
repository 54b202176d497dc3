// The YAML reader of key-manager files: what kmconsole writes reads back as the JSON it came from, scalars
// mean what the YAML 1.2 core schema says, and hostile files (alias bombs, deep nesting, too many values,
// too large, foreign tags, duplicate keys, a second document) are refused with where and why.

#include "services/core/YamlReader.h"
#include "services/export/KeyManagerExport.h"
#include "services/export/KeyManagerScript.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace km;

class TstYamlReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void whatKmconsoleWritesReadsBackAsTheJson();
    void scalarsFollowTheCoreSchema();
    void aBillionLaughsIsRefused();
    void deepNestingIsRefused();
    void tooManyValuesAreRefused();
    void aTooLargeDocumentIsRefused();
    void foreignTagsDuplicateKeysAndSecondDocumentsAreRefused();
    void readChoosesYamlByNameOrContentAndSaysWhatIsWrong();
};

namespace {

QJsonObject sampleDocument()
{
    return QJsonObject{
        {QStringLiteral("format"), QString(KeyManagerExport::Format)},
        {QStringLiteral("version"), KeyManagerExport::Version},
        {QStringLiteral("exportedAt"), QStringLiteral("2026-12-06T07:00:00Z")},
        {QStringLiteral("keyManagers"), QJsonArray{QJsonObject{
             {QStringLiteral("name"), QStringLiteral("Keycloak")},
             {QStringLiteral("type"), QStringLiteral("KeyCloak")},
             {QStringLiteral("enabled"), true},
             {QStringLiteral("description"), QStringLiteral("yes: no # not a comment\n\"quoted\" \\ ü “typographic”")},
             {QStringLiteral("issuer"), QStringLiteral("https://keycloak.example.com/realms/apim")},
             {QStringLiteral("tokenEndpoint"), QStringLiteral("https://keycloak.example.com/realms/apim/token")},
             {QStringLiteral("revokeEndpoint"), QStringLiteral("https://keycloak.example.com/realms/apim/revoke")},
             {QStringLiteral("introspectionEndpoint"), QStringLiteral("https://keycloak.example.com/realms/apim/introspect")},
             {QStringLiteral("clientRegistrationEndpoint"), QStringLiteral("https://keycloak.example.com/realms/apim/register")},
             {QStringLiteral("scopes"), QJsonArray{}},
             {QStringLiteral("claimMapping"), QJsonObject{}},
             {QStringLiteral("tokenValidation"), QJsonArray{QJsonObject{{QStringLiteral("id"), 3}, {QStringLiteral("value"), QJsonValue::Null}}}},
             {QStringLiteral("availableGrantTypes"), QJsonArray{QStringLiteral("client_credentials"), QStringLiteral("true"), QStringLiteral("12")}},
             {QStringLiteral("additionalProperties"), QJsonObject{{QStringLiteral("client_id"), QStringLiteral("apim-admin")},
                                                                  {QStringLiteral("client_secret"), QString()},
                                                                  {QStringLiteral("ratio"), 0.25}}}}}},
        {QStringLiteral("secretsRequired"), QJsonArray{}}};
}

QString readError(const QByteArray &yaml, const YamlLimits &limits = {})
{
    QString error;
    const QJsonValue v = YamlReader::read(yaml, &error, limits);
    if (error.isEmpty())
        return QStringLiteral("(read without error)");
    if (!v.isNull())
        return QStringLiteral("(an error and a value)");
    return error;
}

} // namespace

void TstYamlReader::whatKmconsoleWritesReadsBackAsTheJson()
{
    const QJsonObject doc = sampleDocument();
    QString error;
    const QJsonValue back = YamlReader::read(KeyManagerScript::yaml(doc).toUtf8(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(back.toObject(), doc);
    // Characters YAML 1.1 takes as line breaks or does not print, inside text, come back as they were.
    const QJsonObject odd{{QStringLiteral("text"), QString::fromUtf8("a\u2028b\u2029c\u0085d\te\u0001f\rg\u00a0h\ufeffi \u007f")},
                          {QString::fromUtf8("key\u2028"), 1}};
    const QJsonValue oddBack = YamlReader::read(KeyManagerScript::yaml(odd).toUtf8(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(oddBack.toObject(), odd);
    // An empty document is written as one, not as a file of comments alone (found by fuzz_yaml).
    const QJsonValue emptyBack = YamlReader::read(KeyManagerScript::yaml(QJsonObject()).toUtf8(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(emptyBack.isObject());
    QCOMPARE(emptyBack.toObject(), QJsonObject());
}

void TstYamlReader::scalarsFollowTheCoreSchema()
{
    QString error;
    const QJsonObject v = YamlReader::read(QByteArrayLiteral(
        "# a hand-written file\n"
        "a: ~\nb: null\nc:\nd: true\ne: False\nf: 42\ng: -1.5e3\nh: 0x1F\ni: 0o17\n"
        "j: yes\nk: '007'\nl: \"true\"\nm: !!str 12\nn: .inf\no: plain text here\n"
        "p: [1, two, {q: r}]\n"), &error).toObject();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(v.value(QLatin1String("a")).isNull() && v.value(QLatin1String("b")).isNull() && v.value(QLatin1String("c")).isNull());
    QCOMPARE(v.value(QLatin1String("d")), QJsonValue(true));
    QCOMPARE(v.value(QLatin1String("e")), QJsonValue(false));
    QCOMPARE(v.value(QLatin1String("f")), QJsonValue(42));
    QCOMPARE(v.value(QLatin1String("g")), QJsonValue(-1500));
    QCOMPARE(v.value(QLatin1String("h")), QJsonValue(31));
    QCOMPARE(v.value(QLatin1String("i")), QJsonValue(15));
    QCOMPARE(v.value(QLatin1String("j")), QJsonValue(QStringLiteral("yes"))); // YAML 1.1's boolean, text in 1.2
    QCOMPARE(v.value(QLatin1String("k")), QJsonValue(QStringLiteral("007")));
    QCOMPARE(v.value(QLatin1String("l")), QJsonValue(QStringLiteral("true")));
    QCOMPARE(v.value(QLatin1String("m")), QJsonValue(QStringLiteral("12")));
    QCOMPARE(v.value(QLatin1String("n")), QJsonValue(QStringLiteral(".inf"))); // JSON has no infinity
    QCOMPARE(v.value(QLatin1String("o")), QJsonValue(QStringLiteral("plain text here")));
    QCOMPARE(v.value(QLatin1String("p")), QJsonValue(QJsonArray{1, QStringLiteral("two"), QJsonObject{{QStringLiteral("q"), QStringLiteral("r")}}}));
}

void TstYamlReader::aBillionLaughsIsRefused()
{
    // The classic: nine levels of ten aliases each, 10^9 strings once expanded.
    QByteArray bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    for (char c = 'b'; c <= 'i'; ++c) {
        bomb += QByteArray(1, c) + ": &" + QByteArray(1, c) + " [";
        for (int i = 0; i < 9; ++i)
            bomb += (i ? ",*" : "*") + QByteArray(1, char(c - 1));
        bomb += "]\n";
    }
    QElapsedTimer timer;
    timer.start();
    const QString error = readError(bomb);
    QVERIFY2(timer.elapsed() < 2000, "the bomb took long to refuse");
    QCOMPARE(error, QStringLiteral("line 2, column 8: YAML aliases (*a) are not accepted; write the value out in full"));
    // A merge key is an alias too.
    QVERIFY(readError("base: &b {x: 1}\nother:\n  <<: *b\n").contains(QLatin1String("YAML aliases (*b) are not accepted")));
}

void TstYamlReader::deepNestingIsRefused()
{
    const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
    QCOMPARE(readError(deep), QStringLiteral("line 1, column 65: the YAML is nested more than 64 levels deep"));
    // 64 levels are fine.
    QCOMPARE(readError(QByteArray(64, '[') + QByteArray(64, ']')), QStringLiteral("(read without error)"));
}

void TstYamlReader::tooManyValuesAreRefused()
{
    YamlLimits limits;
    limits.maxNodes = 1000;
    QByteArray many = "[";
    for (int i = 0; i < 2000; ++i)
        many += "1,";
    many += "1]";
    QVERIFY(readError(many, limits).endsWith(QLatin1String("the YAML has more than 1000 values")));
    // The default limit holds a wide flat list as well.
    QByteArray wide;
    wide.reserve(3 * 210000);
    wide += "[";
    for (int i = 0; i < 210000; ++i)
        wide += "1,";
    wide += "1]";
    QVERIFY(readError(wide).endsWith(QLatin1String("the YAML has more than 200000 values")));
}

void TstYamlReader::aTooLargeDocumentIsRefused()
{
    YamlLimits limits;
    limits.maxBytes = 100;
    QCOMPARE(readError(QByteArray(101, 'x'), limits), QStringLiteral("the YAML is 101 bytes, more than the 100 a key-manager file may have"));
    limits = YamlLimits();
    limits.maxScalarBytes = 10;
    QVERIFY(readError("a: \"" + QByteArray(11, 'x') + "\"\n", limits).endsWith(QLatin1String("a value of 11 bytes, more than 10")));
}

void TstYamlReader::foreignTagsDuplicateKeysAndSecondDocumentsAreRefused()
{
    QCOMPARE(readError("a: !!python/object:os.system ls\n"), QStringLiteral("line 1, column 4: the tag tag:yaml.org,2002:python/object:os.system is not accepted"));
    QCOMPARE(readError("a: !custom {x: 1}\n"), QStringLiteral("line 1, column 4: the tag !custom is not accepted"));
    QCOMPARE(readError("name: one\nname: two\n"), QStringLiteral("line 2, column 1: the key “name” appears twice in the same mapping"));
    QCOMPARE(readError("a: 1\n---\nb: 2\n"), QStringLiteral("line 2, column 1: a second YAML document; a key-manager file holds one"));
    QCOMPARE(readError("? [a, b]\n: c\n"), QStringLiteral("line 1, column 3: a key must be plain text, not a list or a mapping"));
    QCOMPARE(readError(""), QStringLiteral("the file holds no YAML document"));
    QVERIFY(readError("a: \"unterminated\n").startsWith(QLatin1String("line ")));
    QVERIFY(readError("a: [1, 2\n").contains(QLatin1String("line ")));
}

void TstYamlReader::readChoosesYamlByNameOrContentAndSaysWhatIsWrong()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray yaml = KeyManagerScript::yaml(sampleDocument()).toUtf8();
    for (const QString &name : {QStringLiteral("km.yaml"), QStringLiteral("km.YML"), QStringLiteral("km.txt")}) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(yaml);
        file.close();
        ApiError error;
        const QJsonObject read = KeyManagerExport::read(file.fileName(), &error);
        QVERIFY2(!error.isError(), qPrintable(error.toUserText()));
        QCOMPARE(read, sampleDocument());
    }
    // An alias bomb under a .yml name: refused naming the file and the reason, nothing returned.
    QFile bomb(dir.filePath(QStringLiteral("bomb.yml")));
    QVERIFY(bomb.open(QIODevice::WriteOnly));
    bomb.write("a: &a [1, 2]\nb: [*a, *a]\n");
    bomb.close();
    ApiError error;
    QVERIFY(KeyManagerExport::read(bomb.fileName(), &error).isEmpty());
    QVERIFY(error.isError());
    QVERIFY2(error.toUserText().contains(QStringLiteral("bomb.yml is not a YAML key-manager file: line 2, column 5: YAML aliases (*a) are not accepted")),
             qPrintable(error.toUserText()));
    // A file larger than a key-manager file can be is not even parsed.
    QFile large(dir.filePath(QStringLiteral("large.json")));
    QVERIFY(large.open(QIODevice::WriteOnly));
    large.write(QByteArray(YamlLimits().maxBytes + 1, ' '));
    large.close();
    QVERIFY(KeyManagerExport::read(large.fileName(), &error).isEmpty());
    QVERIFY2(error.toUserText().contains(QLatin1String("too large for a key-manager file")), qPrintable(error.toUserText()));
}

QTEST_GUILESS_MAIN(TstYamlReader)
#include "tst_yaml_reader.moc"
