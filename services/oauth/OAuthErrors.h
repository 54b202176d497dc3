#pragma once
// OAuth 2.0 token endpoint errors (RFC 6749 §5.2): the wire names and the codes the console reacts to.

#include "services/core/ApiError.h"

#include <QJsonObject>
#include <QLatin1String>

namespace km::OAuthErrors {

// Wire names of RFC 6749 §5.2.
inline constexpr QLatin1String ErrorField("error");
inline constexpr QLatin1String DescriptionField("error_description");

// Error codes of RFC 6749 §5.2.
inline constexpr QLatin1String InvalidRequest("invalid_request");
inline constexpr QLatin1String InvalidClient("invalid_client");
inline constexpr QLatin1String InvalidGrant("invalid_grant");
inline constexpr QLatin1String UnauthorizedClient("unauthorized_client");
inline constexpr QLatin1String UnsupportedGrantType("unsupported_grant_type");
inline constexpr QLatin1String InvalidScope("invalid_scope");

// {error, error_description}: the code becomes vendorCode, the description the message (the code itself
// when the description is absent). False when "error" is not a string.
bool parse(const QJsonObject &body, int status, ApiError *out);

} // namespace km::OAuthErrors
