#pragma once
// Microsoft error bodies: Graph {error: {code, message, innerError}} and the Entra login endpoint
// {error, error_description, error_codes, trace_id, correlation_id}; wire names and the codes the console reacts to.

#include "services/core/ApiError.h"

#include <QJsonObject>
#include <QLatin1String>

namespace km::EntraErrors {

// Graph codes seen while a new application replicates (msgraph-sdk-dotnet #3108, msgraph-sdk-javascript #1999).
inline constexpr QLatin1String GraphResourceNotFound("Request_ResourceNotFound");
inline constexpr QLatin1String GraphBadRequest("Request_BadRequest");
// Login codes (Entra's AADSTS error reference): vendorCode is LoginCodePrefix + the first of error_codes.
inline constexpr QLatin1String LoginCodePrefix("AADSTS");
inline constexpr QLatin1String InvalidClientSecret("AADSTS7000215");
inline constexpr QLatin1String ClientSecretExpired("AADSTS7000222");
inline constexpr QLatin1String ApplicationNotFound("AADSTS700016");
inline constexpr QLatin1String TenantNotFound("AADSTS90002");
inline constexpr QLatin1String ResourceNotFound("AADSTS500011");
inline constexpr QLatin1String InvalidScope("AADSTS70011");

// Graph's {error:{code, message}}; a top-level RFC 6749 body as the generic parser reads it.
bool parseGraph(const QJsonObject &body, int status, ApiError *out);
// RFC 6749 with Entra's error_codes: vendorCode becomes AADSTS<first code>; the message is loginSentence's.
bool parseLogin(const QJsonObject &body, int status, ApiError *out);
// Entra's error_description without what the console says elsewhere: the trailing "Trace ID: … Correlation ID: …
// Timestamp: …" lines and the leading "AADSTS…: " (the code is shown once, beside the HTTP status).
QString loginSentence(const QString &description);

} // namespace km::EntraErrors
