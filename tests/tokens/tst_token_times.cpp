// What the Token Inspector says about a token's times and claims, decided in services/tokens with a
// fixed now: relative times, the timeline against now, the claim descriptions read from the resource
// file, and which findings differ between two key managers.

#include "services/tokens/ClaimCatalogue.h"
#include "services/tokens/TokenComparison.h"
#include "services/tokens/TokenTimes.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace km;

class TstTokenTimes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void relativeTimes_data();
    void relativeTimes();
    void localTimeIsShownWithTheRelativeOne();
    void timelinePlacesTheClaimsAroundNow();
    void timelineOfAnExpiredAndANotYetValidToken();
    void everyKnownClaimHasAOneLineDescription();
    void comparisonPutsTheDifferencesFirst();
};

namespace {
const QDateTime kNow = QDateTime::fromSecsSinceEpoch(1764633600, Qt::UTC); // 2025-12-02 00:00:00 UTC
}

void TstTokenTimes::relativeTimes_data()
{
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<QString>("text");
    QTest::newRow("now") << qint64(0) << QStringLiteral("now");
    QTest::newRow("seconds ahead") << qint64(42) << QStringLiteral("in 42 s");
    QTest::newRow("12 min ahead") << qint64(12 * 60 + 30) << QStringLiteral("in 12 min");
    QTest::newRow("3 h ago") << qint64(-3 * 3600 - 59) << QStringLiteral("3 h ago");
    QTest::newRow("a day and a half ago") << qint64(-36 * 3600) << QStringLiteral("36 h ago");
    QTest::newRow("5 days ahead") << qint64(5 * 86400 + 10) << QStringLiteral("in 5 days");
}

void TstTokenTimes::relativeTimes()
{
    QFETCH(qint64, offset);
    QFETCH(QString, text);
    QCOMPARE(TokenTimes::relative(kNow.addSecs(offset), kNow), text);
}

void TstTokenTimes::localTimeIsShownWithTheRelativeOne()
{
    const QDateTime exp = kNow.addSecs(300);
    const QString local = exp.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t"));
    QCOMPARE(TokenTimes::localWithRelative(exp, kNow), local + QStringLiteral(" (in 5 min)"));
}

void TstTokenTimes::timelinePlacesTheClaimsAroundNow()
{
    // Issued 8 minutes ago, valid for an hour.
    const QDateTime iat = kNow.addSecs(-480);
    const TokenTimes::Timeline t = TokenTimes::timeline(iat, iat, iat.addSecs(3600), kNow);
    QVERIFY(t.valid);
    QVERIFY(!t.expired && !t.notYetValid);
    QStringList order;
    for (const TokenTimes::Mark &m : t.marks) {
        order << m.name;
        QVERIFY2(m.position > 0 && m.position < 1, qPrintable(m.name));
    }
    QCOMPARE(order, (QStringList{QStringLiteral("nbf"), QStringLiteral("iat"), QStringLiteral("now"), QStringLiteral("exp")}));
    QVERIFY(t.validFrom < t.marks.at(2).position && t.marks.at(2).position < t.validTo);
    QCOMPARE(t.summary, QStringLiteral("Valid for another 52 min (of 1 h)."));
}

void TstTokenTimes::timelineOfAnExpiredAndANotYetValidToken()
{
    const TokenTimes::Timeline expired = TokenTimes::timeline(QDateTime(), kNow.addSecs(-7200), kNow.addSecs(-3600), kNow);
    QVERIFY(expired.expired);
    QCOMPARE(expired.summary, QStringLiteral("Expired 1 h ago."));
    QCOMPARE(expired.marks.last().name, QStringLiteral("now"));

    const TokenTimes::Timeline early = TokenTimes::timeline(kNow.addSecs(600), kNow, kNow.addSecs(4200), kNow);
    QVERIFY(early.notYetValid);
    QCOMPARE(early.summary, QStringLiteral("Not valid yet: valid from in 10 min."));

    const TokenTimes::Timeline none = TokenTimes::timeline(QDateTime(), QDateTime(), QDateTime(), kNow);
    QVERIFY(!none.valid);
    QCOMPARE(none.marks.size(), 1);
}

void TstTokenTimes::everyKnownClaimHasAOneLineDescription()
{
    // The claims the brief names, each described, on one line, from the resource file (not from code).
    for (const char *name : {"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "azp", "scope", "scp", "roles", "appid", "ver", "tid",
                             "oid", "nonce", "client_id", "consumerKey", "aut", "org_id"}) {
        const QString d = ClaimCatalogue::description(ClaimCatalogue::Part::Payload, QString::fromLatin1(name));
        QVERIFY2(!d.isEmpty(), name);
        QVERIFY2(!d.contains(QLatin1Char('\n')) && d.size() < 160, name);
    }
    // The header's nonce is Graph's, not OpenID Connect's.
    QVERIFY(ClaimCatalogue::description(ClaimCatalogue::Part::Header, QStringLiteral("nonce")).contains(QLatin1String("Graph")));
    QVERIFY(!ClaimCatalogue::description(ClaimCatalogue::Part::Payload, QStringLiteral("nonce")).contains(QLatin1String("Graph")));
    QVERIFY(ClaimCatalogue::description(ClaimCatalogue::Part::Payload, QStringLiteral("no_such_claim")).isEmpty());
    // Every entry of the source file is in the compiled catalogue.
    QFile source(QStringLiteral(KM_SOURCE_DIR "/resources/claims/claims.json"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(source.readAll()).object();
    QCOMPARE(ClaimCatalogue::names(ClaimCatalogue::Part::Payload).size(), json.value(QLatin1String("payload")).toObject().size());
    QCOMPARE(ClaimCatalogue::names(ClaimCatalogue::Part::Header).size(), json.value(QLatin1String("header")).toObject().size());
}

void TstTokenTimes::comparisonPutsTheDifferencesFirst()
{
    auto finding = [](const char *id, TokenFinding::Severity s, const char *detail) {
        TokenFinding f;
        f.id = QString::fromLatin1(id);
        f.severity = s;
        f.title = f.id;
        f.detail = QString::fromLatin1(detail);
        return f;
    };
    TokenDiagnosis passing;
    passing.findings = {finding("signature", TokenFinding::Severity::Ok, "verified"), finding("issuer", TokenFinding::Severity::Ok, "v1 issuer"),
                        finding("consumer-key", TokenFinding::Severity::Ok, "appid")};
    TokenDiagnosis failing;
    failing.findings = {finding("signature", TokenFinding::Severity::Ok, "verified"), finding("issuer", TokenFinding::Severity::Error, "v2 issuer expected"),
                        finding("consumer-key", TokenFinding::Severity::Error, "azp missing"), finding("scopes", TokenFinding::Severity::Info, "none")};
    const TokenComparison c = TokenComparison::compare(passing, failing);
    QCOMPARE(c.differences, 3);
    QCOMPARE(c.rows.size(), 4);
    QCOMPARE(c.rows.at(0).id, QStringLiteral("issuer"));
    QCOMPARE(c.rows.at(1).id, QStringLiteral("consumer-key"));
    QCOMPARE(c.rows.at(2).id, QStringLiteral("scopes"));
    QVERIFY(!c.rows.at(2).left.has_value());
    QCOMPARE(c.rows.at(3).id, QStringLiteral("signature"));
    QVERIFY(!c.rows.at(3).differs);
    QCOMPARE(c.summary, QStringLiteral("3 finding(s) differ: issuer, consumer-key, scopes"));
    QCOMPARE(TokenComparison::compare(passing, passing).summary, QStringLiteral("Both key managers see the token the same way."));
}

QTEST_GUILESS_MAIN(TstTokenTimes)
#include "tst_token_times.moc"
