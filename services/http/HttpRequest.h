#pragma once
// Everything needed to send one HTTP request, including how long to wait and whether to retry.

#include "services/http/ErrorFormat.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

namespace km {

struct HttpRequest
{
    QByteArray method = "GET";
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray contentType;
    int timeoutMs = 30000;
    int maxAttempts = 4;     // only idempotent methods (GET, HEAD, PUT, DELETE) are retried
    bool expectJson = true;  // an HTML or non-JSON success body is an error
    qint64 maxResponseBytes = 0; // a smaller cap than HttpJob::MaxResponseBytes (e.g. a discovery document); 0: that cap
    QString purpose;         // short label for the Activity page, e.g. "List key managers"
    QString system;          // who answers, in the user's words ("API Manager", "Asgardeo", "Microsoft Graph"); errors name it
    ErrorFormat errorFormat = nullptr; // reads the vendor's error body; none: parseGenericError

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(const QByteArray &name) const;
    void setBasicAuth(const QString &user, const QString &password);
    void setBearer(const QString &token);
    bool isIdempotent() const;

    static HttpRequest get(const QUrl &url);
    static HttpRequest del(const QUrl &url);
    static HttpRequest head(const QUrl &url);
    static HttpRequest json(const QByteArray &method, const QUrl &url, const QJsonValue &body,
                            const QByteArray &contentType = "application/json");
    static HttpRequest form(const QUrl &url, const QUrlQuery &fields);
    static HttpRequest multipart(const QUrl &url, const QList<QPair<QString, QString>> &fields);
};

} // namespace km
