#include "services/http/HttpRequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace km {

void HttpRequest::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            h.second = value;
            return;
        }
    }
    headers.append({name, value});
}

QByteArray HttpRequest::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

void HttpRequest::setBasicAuth(const QString &user, const QString &password)
{
    setHeader("Authorization", "Basic " + (user + QLatin1Char(':') + password).toUtf8().toBase64());
}

void HttpRequest::setBearer(const QString &token)
{
    setHeader("Authorization", "Bearer " + token.toUtf8());
}

bool HttpRequest::isIdempotent() const
{
    return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE";
}

HttpRequest HttpRequest::get(const QUrl &url)
{
    HttpRequest r;
    r.url = url;
    r.setHeader("Accept", "application/json");
    return r;
}

HttpRequest HttpRequest::del(const QUrl &url)
{
    HttpRequest r = get(url);
    r.method = "DELETE";
    return r;
}

HttpRequest HttpRequest::head(const QUrl &url)
{
    HttpRequest r = get(url);
    r.method = "HEAD";
    r.expectJson = false;
    return r;
}

HttpRequest HttpRequest::json(const QByteArray &method, const QUrl &url, const QJsonValue &body, const QByteArray &contentType)
{
    HttpRequest r = get(url);
    r.method = method;
    r.contentType = contentType;
    r.body = body.isArray() ? QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact)
                            : QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    return r;
}

HttpRequest HttpRequest::form(const QUrl &url, const QUrlQuery &fields)
{
    HttpRequest r = get(url);
    r.method = "POST";
    r.contentType = "application/x-www-form-urlencoded";
    // QUrlQuery leaves '+' alone; a form body must encode it or it reads as a space.
    QByteArray body;
    const auto items = fields.queryItems(QUrl::FullyDecoded);
    for (const auto &item : items) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(item.first) + '=' + QUrl::toPercentEncoding(item.second);
    }
    r.body = body;
    return r;
}

HttpRequest HttpRequest::multipart(const QUrl &url, const QList<QPair<QString, QString>> &fields)
{
    HttpRequest r = get(url);
    r.method = "POST";
    const QByteArray boundary = "kmconsole-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    r.contentType = "multipart/form-data; boundary=" + boundary;
    QByteArray body;
    for (const auto &field : fields) {
        body += "--" + boundary + "\r\n";
        body += "Content-Disposition: form-data; name=\"" + field.first.toUtf8() + "\"\r\n\r\n";
        body += field.second.toUtf8() + "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    r.body = body;
    return r;
}

} // namespace km
