#pragma once
// Removes secrets from anything that is logged, shown in the Activity page or exported.

#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <QUrl>

namespace km {

class Redactor
{
public:
    // QStringLiteral, not Latin-1: the bullets are outside Latin-1.
    static inline const QString Mask = QStringLiteral("••••••");

    // Every value read from or written to the keychain is registered here, so it is masked
    // wherever it appears, whatever the field is called. Values shorter than MinRegisteredLength
    // (a password such as "admin") are not: masking them as substrings would blank out ordinary
    // words and paths; they are masked by field and header name instead (isSecretKey, redactHeader).
    static constexpr int MinRegisteredLength = 8;
    static void registerSecret(const QString &value);
    // Registers the tokens of an OAuth token response (access_token, refresh_token, id_token and
    // their camel-case forms), so a token quoted later (an error text, a URL) is masked too.
    static void registerIssuedTokens(const QJsonValue &response);
    static void forgetSecret(const QString &value);

    // True for field names that carry secrets (client_secret, password, access_token, …).
    static bool isSecretKey(const QString &key);

    // Registered secrets and anything shaped like a JWT (eyJ….….…) are masked.
    static QString redactText(const QString &text);
    static QByteArray redactHeader(const QByteArray &name, const QByteArray &value);
    static QUrl redactUrl(const QUrl &url);
    // JSON, form-encoded or plain text bodies.
    static QByteArray redactBody(const QByteArray &body, const QByteArray &contentType = {});
    static QJsonValue redactJson(const QJsonValue &value);
};

} // namespace km
