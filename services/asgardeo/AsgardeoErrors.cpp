#include "services/asgardeo/AsgardeoErrors.h"

#include "services/apim/ApimErrors.h"
#include "services/oauth/OAuthErrors.h"

namespace km::AsgardeoErrors {

bool parse(const QJsonObject &body, int status, ApiError *out)
{
    // The ErrorDTO is the WSO2 Carbon one API Manager also sends (without error[]), and the same reader
    // takes the RFC 6749 bodies of the token endpoint.
    if (ApimErrors::parse(body, status, out))
        return true;
    if (!body.contains(QLatin1String("detail")) && !body.contains(QLatin1String("scimType")))
        return false;
    out->vendorCode = body.value(QLatin1String("scimType")).toString();
    out->message = body.value(QLatin1String("detail")).toString();
    return true;
}

} // namespace km::AsgardeoErrors
