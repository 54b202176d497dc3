#include "services/entra/EntraErrors.h"

#include "services/http/ErrorFormat.h"
#include "services/oauth/OAuthErrors.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace km::EntraErrors {

bool parseGraph(const QJsonObject &body, int status, ApiError *out)
{
    const QJsonValue error = body.value(QLatin1String("error"));
    if (!error.isObject())
        return parseGenericError(body, status, out);
    const QJsonObject err = error.toObject();
    out->vendorCode = err.value(QLatin1String("code")).toString();
    out->message = err.value(QLatin1String("message")).toString();
    return true;
}

bool parseLogin(const QJsonObject &body, int status, ApiError *out)
{
    if (!OAuthErrors::parse(body, status, out))
        return parseGraph(body, status, out);
    const QJsonArray codes = body.value(QLatin1String("error_codes")).toArray();
    if (!codes.isEmpty())
        out->vendorCode = LoginCodePrefix + QString::number(codes.first().toInteger());
    out->message = loginSentence(out->message);
    if (!out->description.isEmpty())
        out->description = loginSentence(out->description);
    return true;
}

QString loginSentence(const QString &description)
{
    const qsizetype trace = description.indexOf(QLatin1String("Trace ID:"));
    QString sentence = (trace > 0 ? description.left(trace) : description).simplified();
    static const QRegularExpression code(QStringLiteral("^AADSTS\\d+:\\s*"));
    return sentence.remove(code);
}

} // namespace km::EntraErrors
