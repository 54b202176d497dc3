#pragma once

// Tokens for tests that need a JWT's shape, not a real signature: the header and claims given, and a
// signature of eight bytes that no key made.

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace km::test {

inline QString jwtWithoutRealSignature(const QJsonObject &header, const QJsonObject &claims)
{
    const auto part = [](const QJsonObject &o) {
        return QJsonDocument(o).toJson(QJsonDocument::Compact).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return QString::fromLatin1(part(header) + '.' + part(claims) + ".c2lnbmF0dXJl");
}

} // namespace km::test
