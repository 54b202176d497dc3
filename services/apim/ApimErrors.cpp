#include "services/apim/ApimErrors.h"

#include "services/oauth/OAuthErrors.h"

#include <QJsonArray>

namespace km::ApimErrors {

namespace {
QString scalarText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 15);
    return QString();
}
} // namespace

bool parse(const QJsonObject &body, int status, ApiError *out)
{
    if (OAuthErrors::parse(body, status, out))
        return true;
    if (!body.contains(QLatin1String("code")) && !body.contains(QLatin1String("message")))
        return false;
    out->vendorCode = scalarText(body.value(QLatin1String("code")));
    out->message = body.value(QLatin1String("message")).toString();
    out->description = body.value(QLatin1String("description")).toString();
    // error[]: per-field details {code, message, description}, folded into the description.
    const QJsonArray details = body.value(QLatin1String("error")).toArray();
    for (const QJsonValue &d : details) {
        const QString text = d.toObject().value(QLatin1String("description")).toString();
        const QString msg = text.isEmpty() ? d.toObject().value(QLatin1String("message")).toString() : text;
        if (!msg.isEmpty() && !out->description.contains(msg))
            out->description += (out->description.isEmpty() ? QString() : QStringLiteral("; ")) + msg;
    }
    return true;
}

} // namespace km::ApimErrors
