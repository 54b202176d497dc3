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
    // wherever it appears, whatever the field is called.
    static void registerSecret(const QString &value);
    static void forgetSecret(const QString &value);

    // True for field names that carry secrets (client_secret, password, access_token, …).
    static bool isSecretKey(const QString &key);

    static QString redactText(const QString &text);
    static QByteArray redactHeader(const QByteArray &name, const QByteArray &value);
    static QUrl redactUrl(const QUrl &url);
    // JSON, form-encoded or plain text bodies.
    static QByteArray redactBody(const QByteArray &body, const QByteArray &contentType = {});
    static QJsonValue redactJson(const QJsonValue &value);
};

} // namespace km
