#include "services/core/Redactor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QRegularExpression>
#include <QSet>
#include <QUrlQuery>

namespace km {

namespace {
QMutex s_mutex;
QSet<QString> &secrets()
{
    static QSet<QString> s;
    return s;
}
} // namespace

void Redactor::registerSecret(const QString &value)
{
    if (value.size() < MinRegisteredLength)
        return;
    QMutexLocker lock(&s_mutex);
    secrets().insert(value);
}

void Redactor::registerIssuedTokens(const QJsonValue &response)
{
    const QJsonObject obj = response.toObject();
    for (const char *key : {"access_token", "refresh_token", "id_token", "accessToken", "refreshToken", "idToken"}) {
        const QJsonValue v = obj.value(QLatin1String(key));
        if (v.isString())
            registerSecret(v.toString());
    }
}

void Redactor::forgetSecret(const QString &value)
{
    QMutexLocker lock(&s_mutex);
    secrets().remove(value);
}

bool Redactor::isSecretKey(const QString &key)
{
    const QString k = key.toLower();
    static const QStringList exact = {
        QStringLiteral("password"), QStringLiteral("client_secret"), QStringLiteral("clientsecret"),
        QStringLiteral("consumersecret"), QStringLiteral("access_token"), QStringLiteral("accesstoken"),
        QStringLiteral("refresh_token"), QStringLiteral("refreshtoken"), QStringLiteral("id_token"),
        QStringLiteral("token"), QStringLiteral("secrettext"), QStringLiteral("secret"),
        QStringLiteral("assertion"), QStringLiteral("client_assertion"), QStringLiteral("code"),
        QStringLiteral("authorization"), QStringLiteral("mgmt_client_secret"),
        QStringLiteral("azure_ad_client_secret"), QStringLiteral("jsonstring"),
    };
    if (exact.contains(k))
        return true;
    return k.endsWith(QLatin1String("_secret")) || k.endsWith(QLatin1String("secret")) || k.endsWith(QLatin1String("password"));
}

QString Redactor::redactText(const QString &text)
{
    QString out = text;
    {
        QMutexLocker lock(&s_mutex);
        for (const QString &secret : std::as_const(secrets()))
            out.replace(secret, QString(Mask));
    }
    // A JWT is a credential wherever it appears, known to this process or not (header.payload.signature).
    static const QRegularExpression jwt(QStringLiteral("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"));
    out.replace(jwt, QString(Mask));
    return out;
}

QByteArray Redactor::redactHeader(const QByteArray &name, const QByteArray &value)
{
    const QByteArray lower = name.toLower();
    if (lower == "authorization" || lower == "proxy-authorization") {
        const int space = value.indexOf(' ');
        return (space > 0 ? value.left(space + 1) : QByteArray()) + QString(Mask).toUtf8();
    }
    if (lower == "cookie" || lower == "set-cookie")
        return QString(Mask).toUtf8();
    return redactText(QString::fromUtf8(value)).toUtf8();
}

QUrl Redactor::redactUrl(const QUrl &url)
{
    QUrl out = url;
    out.setUserInfo(QString());
    out.setPath(redactText(out.path()));
    if (out.hasQuery()) {
        QUrlQuery query(out);
        const auto items = query.queryItems(QUrl::FullyDecoded);
        QUrlQuery redacted;
        for (const auto &item : items)
            redacted.addQueryItem(item.first, isSecretKey(item.first) ? QString(Mask) : redactText(item.second));
        out.setQuery(redacted);
    }
    return out;
}

QJsonValue Redactor::redactJson(const QJsonValue &value)
{
    if (value.isObject()) {
        QJsonObject obj = value.toObject();
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            if (isSecretKey(it.key()) && (it.value().isString() || it.value().isDouble()))
                it.value() = QString(Mask);
            else
                it.value() = redactJson(it.value());
        }
        // additionalProperties style {name, value} pairs whose name marks a secret
        if (obj.contains(QLatin1String("name")) && obj.contains(QLatin1String("value"))
            && isSecretKey(obj.value(QLatin1String("name")).toString()))
            obj.insert(QStringLiteral("value"), QString(Mask));
        return obj;
    }
    if (value.isArray()) {
        QJsonArray arr = value.toArray();
        for (auto it = arr.begin(); it != arr.end(); ++it)
            *it = redactJson(*it);
        return arr;
    }
    if (value.isString())
        return redactText(value.toString());
    return value;
}

QByteArray Redactor::redactBody(const QByteArray &body, const QByteArray &contentType)
{
    if (body.isEmpty())
        return body;
    const QByteArray type = contentType.toLower();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError && !doc.isNull()) {
        const QJsonValue redacted = redactJson(doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()));
        return redacted.isObject() ? QJsonDocument(redacted.toObject()).toJson(QJsonDocument::Compact)
                                   : QJsonDocument(redacted.toArray()).toJson(QJsonDocument::Compact);
    }
    if (type.contains("application/x-www-form-urlencoded")) {
        QUrlQuery query(QString::fromUtf8(body));
        const auto items = query.queryItems(QUrl::FullyDecoded);
        QUrlQuery redacted;
        for (const auto &item : items)
            redacted.addQueryItem(item.first, isSecretKey(item.first) ? QString(Mask) : redactText(item.second));
        return redacted.toString(QUrl::FullyEncoded).toUtf8();
    }
    if (type.contains("multipart/form-data"))
        return redactText(QString::fromUtf8(body)).toUtf8();
    return redactText(QString::fromUtf8(body)).toUtf8();
}

} // namespace km
