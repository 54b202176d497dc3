// Each vendor's error parser against the real error bodies (tests/fixtures/real) and against bodies it
// must not misread: another vendor's, HTML, empty and truncated. Asserts what the user is told.

#include "services/apim/ApimErrors.h"
#include "services/asgardeo/AsgardeoErrors.h"
#include "services/entra/EntraErrors.h"
#include "services/http/ErrorFormat.h"
#include "services/http/HttpJob.h"
#include "services/oauth/OAuthErrors.h"

#include <QFile>
#include <QTest>

using namespace km;

namespace {

ErrorFormat parserNamed(const QString &name)
{
    if (name == QLatin1String("apim"))
        return ApimErrors::parse;
    if (name == QLatin1String("asgardeo"))
        return AsgardeoErrors::parse;
    if (name == QLatin1String("graph"))
        return EntraErrors::parseGraph;
    if (name == QLatin1String("entra-login"))
        return EntraErrors::parseLogin;
    if (name == QLatin1String("oauth"))
        return OAuthErrors::parse;
    return nullptr; // the generic parser a request without a format gets
}

QByteArray realFixture(const char *name)
{
    QFile f(QStringLiteral(KM_SOURCE_DIR "/tests/fixtures/real/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("fixture %s is missing", name);
    return f.readAll();
}

// Microsoft's documented error response of the v2.0 token endpoint (client credentials flow, "Error response").
const QByteArray kEntraInvalidSecret =
    R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '00000000-0000-0000-0000-000000000001'.\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2025-01-01 00:00:00Z","error_codes":[7000215],"timestamp":"2025-01-01 00:00:00Z","trace_id":"0000aaaa-11bb-cccc-dd22-eeeeee333333","correlation_id":"aaaa0000-bb11-2222-33cc-444444dddddd","error_uri":"https://login.microsoftonline.com/error?code=7000215"})";

} // namespace

class TstVendorErrors : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesEachVendorsBody_data();
    void parsesEachVendorsBody();
    void codesMatchTheNamedConstants();
};

void TstVendorErrors::parsesEachVendorsBody_data()
{
    QTest::addColumn<QString>("parser");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("vendorCode");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("userText");

    const QByteArray json = "application/json";
    // The real bodies, each through its vendor's parser.
    QTest::newRow("apim duplicate 901402") << "apim" << 409 << json << realFixture("apim-km-duplicate-error.json")
        << "901402" << "Key Manager Already Exists"
        << "HTTP 409 (901402): Key Manager Already Exists. Something with the same name already exists.";
    QTest::newRow("apim delete in use 902015") << "apim" << 412 << json << realFixture("apim-km-delete-in-use-error.json")
        << "902015" << "Key Manager Delete error"
        << "HTTP 412 (902015): Key Manager Delete error — Error while deleting the Key Manager. %s.";
    QTest::newRow("apim rename 400") << "apim" << 400 << json << realFixture("apim-km-rename-error.json")
        << "400" << "Bad Request"
        << "HTTP 400 (400): Bad Request — Key Manager name couldn't able to change. Check the values sent; the server rejected them.";
    QTest::newRow("apim error[] details") << "apim" << 400 << json
        << QByteArray(R"({"code":400,"message":"Bad Request","description":"Invalid request","moreInfo":"","error":[{"code":400,"message":"name","description":"Scope name is missing"},{"code":400,"message":"displayName"}]})")
        << "400" << "Bad Request"
        << "HTTP 400 (400): Bad Request — Invalid request; Scope name is missing; displayName. Check the values sent; the server rejected them.";
    QTest::newRow("apim general error 900967") << "apim" << 500 << json
        << QByteArray(R"({"code":900967,"message":"General Error","description":"Server Error Occurred","moreInfo":"","error":[]})")
        << "900967" << "General Error"
        << "HTTP 500 (900967): General Error — Server Error Occurred. The server failed; try again later, and check the server's logs if it persists.";
    QTest::newRow("asgardeo API-RESOURCE-60008") << "asgardeo" << 400 << json
        << realFixture("asgardeo-api-resource-restricted-scope-error.json")
        << "API-RESOURCE-60008" << "Restricted scope name provided."
        << "HTTP 400 (API-RESOURCE-60008): Restricted scope name provided. — Scope name is restricted. Check the values sent; the server rejected them.";
    QTest::newRow("asgardeo SCIM") << "asgardeo" << 409 << QByteArray("application/scim+json")
        << QByteArray(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"scimType":"uniqueness","detail":"Role name already exists.","status":"409"})")
        << "uniqueness" << "Role name already exists."
        << "HTTP 409 (uniqueness): Role name already exists. Something with the same name already exists.";
    QTest::newRow("graph lag 404") << "graph" << 404 << json << realFixture("graph-lag-error.json")
        << "Request_ResourceNotFound"
        << "Resource '00000000-0000-0000-0000-000000000020' does not exist or one of its queried reference-property objects are not present."
        << "HTTP 404 (Request_ResourceNotFound): Resource '00000000-0000-0000-0000-000000000020' does not exist or one of its queried "
           "reference-property objects are not present. Check the URL; the resource does not exist there.";
    QTest::newRow("graph sp lag 400") << "graph" << 400 << json << realFixture("graph-sp-lag-error-400.json")
        << "Request_BadRequest"
        << "The appId '00000000-0000-0000-0000-000000000021' of the service principal does not reference a valid application object."
        << "HTTP 400 (Request_BadRequest): The appId '00000000-0000-0000-0000-000000000021' of the service principal does not reference "
           "a valid application object. Check the values sent; the server rejected them.";
    const QString aadsts = QStringLiteral("AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client "
                                          "secret value, not the client secret ID, for a secret added to app '00000000-0000-0000-0000-000000000001'.\r\n"
                                          "Trace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\n"
                                          "Timestamp: 2025-01-01 00:00:00Z");
    QTest::newRow("entra login AADSTS7000215") << "entra-login" << 401 << json << kEntraInvalidSecret
        << "AADSTS7000215" << aadsts.section(QStringLiteral("\r\n"), 0, 0).mid(15)
        // The code once, without the trace lines.
        << QStringLiteral("HTTP 401 (AADSTS7000215): ") + aadsts.section(QStringLiteral("\r\n"), 0, 0).mid(15)
               + QStringLiteral(" Check the user name and password or the client credentials.");
    QTest::newRow("oauth invalid_grant") << "oauth" << 400 << json
        << QByteArray(R"({"error":"invalid_grant","error_description":"Authentication failed for admin"})")
        << "invalid_grant" << "Authentication failed for admin"
        << "HTTP 400 (invalid_grant): Authentication failed for admin. Check the values sent; the server rejected them.";
    QTest::newRow("oauth code without description") << "oauth" << 401 << json << QByteArray(R"({"error":"invalid_client"})")
        << "invalid_client" << "invalid_client"
        << "HTTP 401: invalid_client. Check the user name and password or the client credentials."; // the code once
    // The token endpoints of API Manager and Asgardeo answer RFC 6749 through the vendor's parser.
    QTest::newRow("apim token endpoint") << "apim" << 401 << json
        << QByteArray(R"({"error":"invalid_client","error_description":"A valid OAuth client could not be found for client_id: abc"})")
        << "invalid_client" << "A valid OAuth client could not be found for client_id: abc"
        << "HTTP 401 (invalid_client): A valid OAuth client could not be found for client_id: abc. Check the user name and password or the client credentials.";
    QTest::newRow("generic message only") << "generic" << 500 << json << QByteArray(R"({"message":"Internal failure"})")
        << "" << "Internal failure"
        << "HTTP 500: Internal failure. The server failed; try again later, and check the server's logs if it persists.";

    // The wrong vendor's body: no code is invented, the message is the body's own text.
    const QByteArray graphLag = realFixture("graph-lag-error.json");
    const QString graphText = QString::fromUtf8(graphLag.left(200)).simplified();
    QTest::newRow("graph body to apim") << "apim" << 404 << json << graphLag << "" << graphText
        << QStringLiteral("HTTP 404: ") + graphText + QStringLiteral(". Check the URL; the resource does not exist there.");
    QTest::newRow("graph body to generic") << "generic" << 404 << json << graphLag << "" << graphText
        << QStringLiteral("HTTP 404: ") + graphText + QStringLiteral(". Check the URL; the resource does not exist there.");
    const QByteArray apimDup = realFixture("apim-km-duplicate-error.json");
    QTest::newRow("apim body to graph") << "graph" << 409 << json << apimDup << "" << "Key Manager Already Exists"
        << "HTTP 409: Key Manager Already Exists. Something with the same name already exists.";
    QTest::newRow("apim body to entra login") << "entra-login" << 409 << json << apimDup << "" << "Key Manager Already Exists"
        << "HTTP 409: Key Manager Already Exists. Something with the same name already exists.";
    QTest::newRow("asgardeo body to oauth") << "oauth" << 400 << json << realFixture("asgardeo-api-resource-restricted-scope-error.json")
        << "" << QString::fromUtf8(realFixture("asgardeo-api-resource-restricted-scope-error.json").left(200)).simplified()
        << QStringLiteral("HTTP 400: ")
               + QString::fromUtf8(realFixture("asgardeo-api-resource-restricted-scope-error.json").left(200)).simplified()
               + QStringLiteral(". Check the values sent; the server rejected them.");

    // Not JSON at all, for every parser.
    for (const char *p : {"apim", "asgardeo", "graph", "entra-login", "oauth", "generic"}) {
        QTest::addRow("%s html", p) << QString::fromLatin1(p) << 502 << QByteArray("text/html")
            << QByteArray("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
            << "" << "apim.example.com answered HTTP 502 with an HTML page (“502 Bad Gateway”) instead of an API response"
            << "apim.example.com answered HTTP 502 with an HTML page (“502 Bad Gateway”) instead of an API response. A login page, "
               "proxy or load balancer answered instead of the API; check the URL and any proxy in between.";
        QTest::addRow("%s empty", p) << QString::fromLatin1(p) << 503 << json << QByteArray() << "" << "apim.example.com answered HTTP 503"
            << "HTTP 503: apim.example.com answered HTTP 503. The server failed; try again later, and check the server's logs if it persists.";
        QTest::addRow("%s truncated", p) << QString::fromLatin1(p) << 400 << json << QByteArray(R"({"code":901402,"message":"Key Man)")
            << "" << R"({"code":901402,"message":"Key Man)"
            << R"(HTTP 400: {"code":901402,"message":"Key Man. Check the values sent; the server rejected them.)";
        QTest::addRow("%s json array", p) << QString::fromLatin1(p) << 400 << json << QByteArray(R"([{"code":"x"}])")
            << "" << R"([{"code":"x"}])" << R"(HTTP 400: [{"code":"x"}]. Check the values sent; the server rejected them.)";
    }
}

void TstVendorErrors::parsesEachVendorsBody()
{
    QFETCH(QString, parser);
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, vendorCode);
    QFETCH(QString, message);
    QFETCH(QString, userText);

    const ApiError e = HttpJob::errorFromResponse(status, body, contentType,
                                                  QUrl(QStringLiteral("https://apim.example.com:9443/api/am/admin/v4/key-managers")),
                                                  parserNamed(parser));
    QVERIFY(e.isError());
    QCOMPARE(e.httpStatus, status);
    QCOMPARE(e.vendorCode, vendorCode);
    QCOMPARE(e.message, message);
    QCOMPARE(e.toUserText(), userText);
}

// The constants the clients compare against are the codes the real bodies carry.
void TstVendorErrors::codesMatchTheNamedConstants()
{
    const auto code = [](ErrorFormat parser, int status, const QByteArray &body) {
        return HttpJob::errorFromResponse(status, body, "application/json", QUrl(QStringLiteral("https://host.example/")), parser).vendorCode;
    };
    QCOMPARE(code(ApimErrors::parse, 409, realFixture("apim-km-duplicate-error.json")), QString(ApimErrors::KeyManagerAlreadyExists));
    QCOMPARE(code(ApimErrors::parse, 412, realFixture("apim-km-delete-in-use-error.json")), QString(ApimErrors::KeyManagerDeleteInUse));
    QCOMPARE(code(ApimErrors::parse, 400, realFixture("apim-km-rename-error.json")), QString(ApimErrors::KeyManagerRename));
    QCOMPARE(code(ApimErrors::parse, 500, R"({"code":900967,"message":"General Error"})"), QString(ApimErrors::GeneralError));
    QCOMPARE(code(AsgardeoErrors::parse, 400, realFixture("asgardeo-api-resource-restricted-scope-error.json")),
             QString(AsgardeoErrors::RestrictedScopeName));
    QCOMPARE(code(EntraErrors::parseGraph, 404, realFixture("graph-lag-error.json")), QString(EntraErrors::GraphResourceNotFound));
    QCOMPARE(code(EntraErrors::parseGraph, 400, realFixture("graph-sp-lag-error-400.json")), QString(EntraErrors::GraphBadRequest));
    QCOMPARE(code(EntraErrors::parseLogin, 401, kEntraInvalidSecret), QString(EntraErrors::InvalidClientSecret));
}

QTEST_GUILESS_MAIN(TstVendorErrors)
#include "tst_vendor_errors.moc"
