#include "services/core/ApiError.h"

#include <QCryptographicHash>
#include <QRegularExpression>

namespace km {

QString ApiError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None: return QStringLiteral("none");
    case Kind::Network: return QStringLiteral("network");
    case Kind::Timeout: return QStringLiteral("timeout");
    case Kind::Tls: return QStringLiteral("tls");
    case Kind::Http: return QStringLiteral("http");
    case Kind::UnexpectedHtml: return QStringLiteral("html");
    case Kind::InvalidJson: return QStringLiteral("json");
    case Kind::Cancelled: return QStringLiteral("cancelled");
    case Kind::Validation: return QStringLiteral("validation");
    case Kind::Keychain: return QStringLiteral("keychain");
    case Kind::Storage: return QStringLiteral("storage");
    case Kind::Protocol: return QStringLiteral("protocol");
    }
    return QString();
}

QString ApiError::toUserText() const
{
    if (!isError())
        return QString();
    QString text = message;
    if (httpStatus > 0 && kind == Kind::Http)
        // The vendor's code once: not again when the message already names it.
        text = QStringLiteral("HTTP %1").arg(httpStatus)
               + (vendorCode.isEmpty() || message.contains(vendorCode) ? QString() : QStringLiteral(" (%1)").arg(vendorCode))
               + QStringLiteral(": ") + message;
    if (!description.isEmpty() && description != message)
        text += QStringLiteral(" — ") + description;
    // Which system said it, unless the words already do: "Asgardeo: HTTP 503: …".
    if (!system.isEmpty() && !text.contains(system))
        text = system + QStringLiteral(": ") + text;
    if (!text.endsWith(QLatin1Char('.')))
        text += QLatin1Char('.');
    if (!hint.isEmpty())
        text += QLatin1Char(' ') + hint;
    return text;
}

ApiError ApiError::validation(const QString &message, const QString &hint, const QString &field)
{
    ApiError e;
    e.kind = Kind::Validation;
    e.message = message;
    e.hint = hint;
    e.field = field;
    return e;
}

ApiError ApiError::protocol(const QString &message, const QUrl &url)
{
    ApiError e;
    e.kind = Kind::Protocol;
    e.message = message;
    e.url = url;
    return e;
}

ApiError ApiError::cancelled()
{
    ApiError e;
    e.kind = Kind::Cancelled;
    e.message = QStringLiteral("Cancelled");
    return e;
}

QString sha256Fingerprint(const QSslCertificate &certificate)
{
    const QByteArray hex = certificate.digest(QCryptographicHash::Sha256).toHex().toUpper();
    QString out;
    for (int i = 0; i < hex.size(); i += 2) {
        if (i)
            out += QLatin1Char(':');
        out += QLatin1String(hex.mid(i, 2));
    }
    return out;
}

QString normalizeFingerprint(const QString &text)
{
    QString hex = text;
    static const QRegularExpression separators(QStringLiteral("[\\s:]"));
    hex.remove(separators);
    hex = hex.toUpper();
    static const QRegularExpression valid(QStringLiteral("^[0-9A-F]{64}$"));
    if (!valid.match(hex).hasMatch())
        return QString();
    QString out;
    for (int i = 0; i < hex.size(); i += 2) {
        if (i)
            out += QLatin1Char(':');
        out += hex.mid(i, 2);
    }
    return out;
}

ApiError ApiError::firstOf(std::initializer_list<ApiError> checks)
{
    for (const ApiError &e : checks) {
        if (e.isError())
            return e;
    }
    return {};
}

} // namespace km
