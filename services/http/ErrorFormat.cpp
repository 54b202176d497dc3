#include "services/http/ErrorFormat.h"

#include "services/oauth/OAuthErrors.h"

namespace km {

bool parseGenericError(const QJsonObject &body, int status, ApiError *out)
{
    if (OAuthErrors::parse(body, status, out))
        return true;
    const QJsonValue message = body.value(QLatin1String("message"));
    if (!message.isString())
        return false;
    out->message = message.toString();
    return true;
}

} // namespace km
