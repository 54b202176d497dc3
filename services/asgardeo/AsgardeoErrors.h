#pragma once
// Asgardeo error bodies: the identity-api-server ErrorDTO {code, message, description, traceId} and SCIM 2.0
// {schemas, detail, status, scimType}; wire names and the codes the console reacts to.

#include "services/core/ApiError.h"

#include <QJsonObject>
#include <QLatin1String>

namespace km::AsgardeoErrors {

// identity-api-server APIResourceMgtEndpointConstants.
inline constexpr QLatin1String RestrictedScopeName("API-RESOURCE-60008"); // 400: scope starts with a reserved prefix
inline constexpr QLatin1String OidcScopeName("API-RESOURCE-60009");       // 400: scope equals an OIDC scope

// ErrorDTO, SCIM error or (the /oauth2/token endpoint) RFC 6749; false for any other shape.
bool parse(const QJsonObject &body, int status, ApiError *out);

} // namespace km::AsgardeoErrors
