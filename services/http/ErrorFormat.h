#pragma once
// How a request's error body is read: each vendor folder supplies one parser for its own wire format.

#include "services/core/ApiError.h"

#include <QJsonObject>

namespace km {

// Fills out->vendorCode, out->message and out->description from an error body already parsed as a JSON
// object; returns false when the body is not in this format (the caller then falls back to the raw text).
using ErrorFormat = bool (*)(const QJsonObject &body, int status, ApiError *out);

// The parser of a request that names none: RFC 6749 §5.2 {error, error_description}, else a top-level
// "message". Knows no vendor.
bool parseGenericError(const QJsonObject &body, int status, ApiError *out);

} // namespace km
