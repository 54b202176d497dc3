#pragma once
// WSO2 API Manager error bodies {code, message, description, moreInfo, error[]}: wire names and the codes
// the console reacts to (carbon-apimgt ExceptionCodes and KeyManagersApiServiceImpl).

#include "services/core/ApiError.h"

#include <QJsonObject>
#include <QLatin1String>

namespace km::ApimErrors {

// Key manager codes (carbon-apimgt ExceptionCodes).
inline constexpr QLatin1String KeyManagerUnknownType("901400");     // 400: unknown key manager type
inline constexpr QLatin1String KeyManagerMissingEndpoint("901401"); // 400: a required endpoint is missing
inline constexpr QLatin1String KeyManagerAlreadyExists("901402");   // 409: duplicate name
inline constexpr QLatin1String KeyManagerRename("400");            // 400: PUT changed the name
inline constexpr QLatin1String KeyManagerDeleteInUse("902015");    // 412: used by APIs or applications
// Publisher codes.
inline constexpr QLatin1String ScopeAlreadyAssigned("900984");
inline constexpr QLatin1String ApiNotFound("900308");
inline constexpr QLatin1String ApiNotFoundByUuid("900981");
inline constexpr QLatin1String GeneralError("900967");          // 500: INTERNAL_ERROR "General Error"

// The WSO2 error DTO; an OAuth error (the /oauth2/token and DCR endpoints of the same server) is read
// as RFC 6749. False for any other shape.
bool parse(const QJsonObject &body, int status, ApiError *out);

} // namespace km::ApimErrors
