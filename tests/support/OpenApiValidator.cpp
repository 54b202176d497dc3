#include "support/OpenApiValidator.h"
#include "services/core/ConstRange.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QUrlQuery>

namespace km::test {

OpenApiValidator::~OpenApiValidator()
{
    if (m_prism.state() != QProcess::NotRunning) {
        m_prism.terminate();
        if (!m_prism.waitForFinished(5000))
            m_prism.kill();
        m_prism.waitForFinished(2000);
    }
}

bool OpenApiValidator::start(const QString &specFile, const QUrl &upstream, QString *error)
{
    const QString prism = QStringLiteral(KM_NODE_DIR "/node_modules/.bin/prism");
    const QString spec = QStringLiteral(KM_SOURCE_DIR "/tests/contracts/") + specFile;
    if (!QFile::exists(prism)) {
        *error = QStringLiteral("Prism is not installed (%1): scripts/setup.sh --test installs the npm test peers").arg(prism);
        return false;
    }
    if (!QFile::exists(spec)) {
        *error = QStringLiteral("The vendor spec %1 is missing").arg(spec);
        return false;
    }
    QTcpServer probe; // a free port for Prism
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Only Prism's own leg to the sandbox's self-signed HTTPS skips verification; the console never does.
    env.insert(QStringLiteral("NODE_TLS_REJECT_UNAUTHORIZED"), QStringLiteral("0"));
    env.insert(QStringLiteral("NODE_NO_WARNINGS"), QStringLiteral("1"));
    m_prism.setProcessEnvironment(env);
    m_prism.setProcessChannelMode(QProcess::MergedChannels);
    m_prism.start(prism, {QStringLiteral("proxy"), spec, upstream.toString(), QStringLiteral("--errors"),
                          QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(port)});
    if (!m_prism.waitForStarted(10000)) {
        *error = QStringLiteral("Prism did not start: ") + m_prism.errorString();
        return false;
    }
    QByteArray output;
    while (!output.contains("Prism is listening")) {
        if (!m_prism.waitForReadyRead(120000)) {
            *error = QStringLiteral("Prism did not come up: ") + QString::fromUtf8(output.right(2000));
            return false;
        }
        output += m_prism.readAll();
    }
    m_base = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    return true;
}

QStringList OpenApiValidator::check(const QByteArray &method, const QString &path, const QByteArray &body,
                                    const QByteArray &contentType, const QByteArray &authorization)
{
    QNetworkAccessManager nam;
    QUrl url = m_base;
    const int q = path.indexOf(QLatin1Char('?'));
    url.setPath(q < 0 ? path : path.left(q));
    if (q >= 0)
        url.setQuery(path.mid(q + 1));
    QNetworkRequest request(url);
    if (!contentType.isEmpty())
        request.setRawHeader("Content-Type", contentType);
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    request.setRawHeader("Accept", "application/json");
    QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        done.wait(60000);
    ++m_checked;
    QStringList violations;
    const QString what = QString::fromLatin1(method) + QLatin1Char(' ') + path;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray answer = reply->readAll();
    const QByteArray type = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    if (qEnvironmentVariableIsSet("KM_DEBUG_PRISM")) qWarning("prism %s -> %d %s %s", qPrintable(path), status, type.constData(), answer.left(300).constData());
    if (type.contains("problem+json")) {
        // Prism's own verdicts (422 invalid request, 404 no such path, 500 invalid response …).
        const QJsonObject problem = QJsonDocument::fromJson(answer).object();
        const QString title = problem.value(QLatin1String("title")).toString();
        QStringList details;
        for (const QJsonValue &v : km::constTemporary(problem.value(QLatin1String("validation")).toArray())) {
            const QJsonObject o = v.toObject();
            QStringList location;
            for (const QJsonValue &l : km::constTemporary(o.value(QLatin1String("location")).toArray()))
                location << l.toVariant().toString();
            details << location.join(QLatin1Char('.')) + QStringLiteral(" ") + o.value(QLatin1String("message")).toString();
        }
        const QString type = problem.value(QLatin1String("type")).toString();
        // UNAUTHORIZED is Prism checking the token's presence, not the contract's shape.
        if (!type.endsWith(QLatin1String("UNAUTHORIZED")))
            violations << QStringLiteral("%1: %2 (%3) %4").arg(what, title).arg(status).arg(details.join(QStringLiteral("; ")));
    }
    const QByteArray header = reply->rawHeader("sl-violations");
    if (!header.isEmpty()) {
        for (const QJsonValue &v : km::constTemporary(QJsonDocument::fromJson(header).array())) {
            const QJsonObject o = v.toObject();
            // Warnings are statuses the vendor did not document (e.g. 401); errors are shape violations.
            if (o.value(QLatin1String("severity")).toString() == QLatin1String("Error")) {
                QStringList location;
                for (const QJsonValue &l : km::constTemporary(o.value(QLatin1String("location")).toArray()))
                    location << l.toVariant().toString();
                violations << QStringLiteral("%1 → %2: %3 %4").arg(what).arg(status).arg(location.join(QLatin1Char('.')), o.value(QLatin1String("message")).toString());
            }
        }
    }
    reply->deleteLater();
    return violations;
}

QStringList OpenApiValidator::validate(const QJsonArray &exchanges, const QString &prefix, const QByteArray &authorization)
{
    QStringList violations;
    for (const QJsonValue &v : exchanges) {
        const QJsonObject e = v.toObject();
        const QString path = e.value(QLatin1String("path")).toString();
        if (!path.startsWith(prefix))
            continue;
        QString relative = path.mid(prefix.size());
        const QJsonObject query = e.value(QLatin1String("query")).toObject();
        if (!query.isEmpty()) {
            QUrlQuery q;
            for (auto it = query.begin(); it != query.end(); ++it)
                q.addQueryItem(it.key(), it.value().toString());
            relative += QLatin1Char('?') + q.toString(QUrl::FullyEncoded);
        }
        violations += check(e.value(QLatin1String("method")).toString().toLatin1(), relative,
                            e.value(QLatin1String("body")).toString().toUtf8(),
                            e.value(QLatin1String("headers")).toObject().value(QLatin1String("content-type")).toString().toLatin1(),
                            authorization);
    }
    return violations;
}

} // namespace km::test
