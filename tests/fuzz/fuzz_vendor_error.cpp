// libFuzzer: the vendor error bodies HttpJob turns into an ApiError (HttpJob::errorFromResponse), through
// every vendor's parser: WSO2 API Manager {code, message, description, error[]}, Asgardeo {code, message,
// description, traceId} and SCIM {detail, scimType}, OAuth {error, error_description}, Entra login
// {error, error_codes}, Microsoft Graph {error: {code, message}}, the generic one, and HTML pages.
// The first three bytes choose the status, the content type, and the host with its parser (bytes 0-3: the
// host's vendor parser, so the seeds reach the parser their body is for; 4-6: the generic ones); the rest is the body.

#include "FuzzSupport.h"

#include "services/apim/ApimErrors.h"
#include "services/asgardeo/AsgardeoErrors.h"
#include "services/entra/EntraErrors.h"
#include "services/http/ErrorFormat.h"
#include "services/http/HttpJob.h"
#include "services/oauth/OAuthErrors.h"

#include <QUrl>

using namespace km;

KM_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    static const int statuses[] = {400, 401, 403, 404, 405, 409, 412, 415, 429, 500, 502, 503, 504, 200, 302, 418};
    static const QByteArray contentTypes[] = {"application/json", "application/json; charset=utf-8", "text/html; charset=UTF-8",
                                              "application/scim+json", "text/plain", "", "application/problem+json", "TEXT/HTML"};
    static const QUrl urls[] = {QUrl(QStringLiteral("https://apim.example.com:9443/api/am/admin/v4/key-managers")),
                                QUrl(QStringLiteral("https://api.asgardeo.io/t/acme/api/server/v1/api-resources")),
                                QUrl(QStringLiteral("https://login.microsoftonline.com/contoso/oauth2/v2.0/token")),
                                QUrl(QStringLiteral("https://graph.microsoft.com/v1.0/applications"))};
    const int status = statuses[data[0] % (sizeof statuses / sizeof *statuses)];
    const QByteArray &contentType = contentTypes[data[1] % (sizeof contentTypes / sizeof *contentTypes)];
    const QUrl &url = urls[data[2] % (sizeof urls / sizeof *urls)];
    // In the order of `urls`, then the parsers of no one vendor.
    static const ErrorFormat parsers[] = {ApimErrors::parse, AsgardeoErrors::parse, EntraErrors::parseLogin, EntraErrors::parseGraph,
                                          OAuthErrors::parse, parseGenericError, nullptr};
    const ErrorFormat parser = parsers[data[2] % (sizeof parsers / sizeof *parsers)];
    const QByteArray body = fuzz::bytes(data + 3, size - 3);

    const ApiError e = HttpJob::errorFromResponse(status, body, contentType, url, parser);
    fuzz::require(e.isError(), "an error answer is an error");
    fuzz::require(e.httpStatus == status, "the status is kept");
    fuzz::require(!e.message.isEmpty(), "every error has a message");
    fuzz::require(!e.toUserText().isEmpty(), "every error reads as text");
    QString title;
    (void)HttpJob::looksLikeHtml(body, contentType, &title);
    const qint64 retry = HttpJob::parseRetryAfter(body.left(64));
    fuzz::require(retry >= -1, "Retry-After is -1 or a delay");
    return 0;
}
