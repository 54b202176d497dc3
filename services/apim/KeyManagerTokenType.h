#pragma once
// A key manager's `tokenType`: which tokens of its identity provider the gateway takes.
//
// DIRECT (the provider's own tokens go to the gateway), EXCHANGED (a provider token is exchanged at API Manager
// for one of API Manager's; the gateway does not take the provider's token) and BOTH came with token exchange in
// API Manager 4.1.0; a 4.0 server has no such field and refuses a request that carries it (400 "Unrecognized
// property 'tokenType'"). Evidence: docs/fidelity.md, "Token types of a key manager".

#include "services/apim/ApimVersion.h"
#include "services/core/ApiError.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

namespace km {

class KeyManagerTokenType
{
    Q_DECLARE_TR_FUNCTIONS(km::KeyManagerTokenType)
public:
    static constexpr QLatin1StringView Field{"tokenType"};
    static constexpr QLatin1StringView Direct{"DIRECT"};
    // The first release with token types.
    static constexpr int SinceMinor = 1;

    // "Direct: …" for the details form; a value the console does not know is shown as it is, said so.
    static QString describe(const QString &value);
    // A word for a table cell: "Direct", "Exchanged", "Both"; a value the console does not know, as it is.
    static QString shortName(const QString &value);
    // Whether the value means what DIRECT means (DIRECT, the older name ORIGINAL, or no value at all).
    static bool meansDirect(const QString &value);

    // Makes a key manager fit a server of the declared release before it is sent: before 4.1 the field is left
    // out when it means direct tokens, and a key manager that needs token exchange is refused with what to do.
    // An unknown release changes nothing (the refusal below is then handled after the answer).
    static ApiError fitToServer(QJsonObject *keyManager, const ApimVersion &server);

    // Whether API Manager refused the request because it does not know the field (a server before 4.1).
    static bool refusedAsUnknownField(const ApiError &error);
    // What to say when that happened to a key manager whose token type needs 4.1.
    static ApiError explainRefusal(const ApiError &error, const QString &keyManagerName, const QString &value);
};

} // namespace km
