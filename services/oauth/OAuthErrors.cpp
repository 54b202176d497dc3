#include "services/oauth/OAuthErrors.h"

namespace km::OAuthErrors {

bool parse(const QJsonObject &body, int /*status*/, ApiError *out)
{
    const QJsonValue error = body.value(ErrorField);
    if (!error.isString())
        return false;
    out->vendorCode = error.toString();
    out->message = body.value(DescriptionField).toString();
    if (out->message.isEmpty())
        out->message = out->vendorCode;
    return true;
}

} // namespace km::OAuthErrors
