#include "services/apim/KeyManagerTokenType.h"

namespace km {

namespace {
const QLatin1StringView Exchanged{"EXCHANGED"};
const QLatin1StringView Both{"BOTH"};
// The name older admin DTOs gave direct tokens (docs/fidelity.md).
const QLatin1StringView Original{"ORIGINAL"};
} // namespace

bool KeyManagerTokenType::meansDirect(const QString &value)
{
    return value.isEmpty() || value == Direct || value == Original;
}

QString KeyManagerTokenType::describe(const QString &value)
{
    if (value.isEmpty())
        return tr("Direct (not set: the server takes the identity provider's own tokens; before API Manager 4.1 there are no token types)");
    if (value == Direct)
        return tr("Direct: the gateway takes the identity provider's own tokens");
    if (value == Original)
        return tr("Direct (“ORIGINAL”, the older name of DIRECT): the gateway takes the identity provider's own tokens");
    if (value == Exchanged)
        return tr("Exchanged: an identity provider token is exchanged at API Manager for API Manager's own token; "
                  "the gateway does not take the provider's token itself (its audience must include the alias)");
    if (value == Both)
        return tr("Both: the gateway takes the identity provider's own tokens, and they can also be exchanged for API Manager's");
    return tr("%1 (a token type the console does not know; API Manager 4.x has DIRECT, EXCHANGED and BOTH)").arg(value);
}

QString KeyManagerTokenType::shortName(const QString &value)
{
    if (meansDirect(value))
        return tr("Direct");
    if (value == Exchanged)
        return tr("Exchanged");
    if (value == Both)
        return tr("Both");
    return value;
}

ApiError KeyManagerTokenType::fitToServer(QJsonObject *keyManager, const ApimVersion &server)
{
    if (!server.isValid() || server.atLeast(4, SinceMinor) || !keyManager->contains(Field))
        return {};
    const QString value = keyManager->value(Field).toString();
    if (meansDirect(value)) {
        // A 4.0 key manager is always direct: the same key manager without a field 4.0 would refuse.
        keyManager->remove(Field);
        return {};
    }
    return ApiError::validation(
        tr("Key manager “%1” asks for %2 tokens, but API Manager %3 has no token exchange: token types came with API Manager 4.%4.0.")
            .arg(keyManager->value(QLatin1String("name")).toString(), value, server.toString())
            .arg(SinceMinor),
        tr("Set its token type to DIRECT (the gateway then takes the identity provider's own tokens), or, if the server is newer "
           "than %1, correct the profile's API Manager version.")
            .arg(server.toString()),
        QString(Field));
}

bool KeyManagerTokenType::refusedAsUnknownField(const ApiError &error)
{
    // GlobalThrowableMapper: Jackson's UnrecognizedPropertyException → 400 "Unrecognized property 'tokenType'".
    return error.httpStatus == 400
        && (error.description.contains(QLatin1String("'tokenType'")) || error.message.contains(QLatin1String("'tokenType'")));
}

ApiError KeyManagerTokenType::explainRefusal(const ApiError &error, const QString &keyManagerName, const QString &value)
{
    ApiError e = error;
    e.message = tr("API Manager does not know token types, so it refused key manager “%1” with token type %2: the server is older "
                   "than 4.%3.0, which brought token exchange.")
                    .arg(keyManagerName, value)
                    .arg(SinceMinor);
    e.hint = tr("Set its token type to DIRECT, or upgrade API Manager to 4.%1 or later for exchanged tokens. Declaring the server's "
                "release in the profile (e.g. 4.0.0) lets the console say so before sending.")
                 .arg(SinceMinor);
    e.field = QString(Field);
    return e;
}

} // namespace km
