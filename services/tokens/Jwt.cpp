#include "services/tokens/Jwt.h"
#include "services/core/ConstRange.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QVarLengthArray>

#include <cmath>

namespace km {

namespace {

const char *const kJwsParts[] = {"header", "payload", "signature"};
const char *const kJweParts[] = {"protected header", "encrypted key", "initialization vector", "ciphertext", "authentication tag"};

bool isBase64UrlChar(char u)
{
    return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' || u == '_';
}

QString describeChar(QChar c)
{
    if (c == QLatin1Char(' '))
        return QStringLiteral("a space");
    if (c == QLatin1Char('\n') || c == QLatin1Char('\r'))
        return DecodedToken::tr("a line break");
    if (c == QLatin1Char('\t'))
        return QStringLiteral("a tab");
    if (c.unicode() < 0x20 || c.unicode() == 0x7f)
        return DecodedToken::tr("the control character U+%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
    return QStringLiteral("“%1”").arg(c);
}

// Decodes one base64url part; on failure says which part and which character is wrong. `part` is printable ASCII
// (decode() checked the whole token).
bool decodePart(QByteArrayView part, int index, const char *name, QByteArray *out, QString *error)
{
    // Qt's decoder, aborting on anything outside base64url's alphabet, checks a part that is right in its one
    // pass; it accepts trailing "=" padding, which a JWT must not have. Only a part that fails is looked at again,
    // to say why.
    if (!part.contains('=') && part.size() % 4 != 1) {
        const auto decoded = QByteArray::fromBase64Encoding(QByteArray::fromRawData(part.data(), part.size()),
                                                            QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
        if (decoded.decodingStatus == QByteArray::Base64DecodingStatus::Ok) {
            *out = decoded.decoded;
            return true;
        }
    }
    // Built only when something is wrong: a token that decodes pays for no message.
    const auto label = [&] { return QStringLiteral("The %1 (part %2)").arg(QLatin1String(name)).arg(index + 1); };
    for (qsizetype i = 0; i < part.size(); ++i) {
        const char byte = part.at(i);
        const QChar c = QLatin1Char(byte);
        if (byte == '=') {
            // RFC 7515 §2: base64url "with all trailing '=' characters omitted"; a gateway refuses padding.
            *error = QStringLiteral("%1 is not valid base64url: “=” at position %2 is padding, which a JWT must not have "
                                    "(RFC 7515 §2: every segment is base64url without “=”). Was the token re-encoded by another tool?")
                         .arg(label()).arg(i + 1);
            return false;
        }
        if (!isBase64UrlChar(byte)) {
            QString why = QStringLiteral("%1 is not valid base64url: %2 at position %3 is not allowed")
                              .arg(label(), describeChar(c)).arg(i + 1);
            if (c == QLatin1Char('+') || c == QLatin1Char('/'))
                why += DecodedToken::tr(" (that is standard base64; JWTs use “-” and “_” instead)");
            else if (c.isSpace())
                why += DecodedToken::tr(" (was the token wrapped or cut when it was copied?)");
            *error = why + QLatin1Char('.');
            return false;
        }
    }
    if (part.size() % 4 == 1) {
        *error = QStringLiteral("%1 is not valid base64url: its length does not fit (was the token cut short when it was copied?).").arg(label());
        return false;
    }
    *error = QStringLiteral("%1 is not valid base64url.").arg(label());
    return false;
}

bool parseJsonObject(const QByteArray &bytes, int index, const char *name, QJsonObject *out, QString *error)
{
    const auto label = [&] { return QStringLiteral("The %1 (part %2)").arg(QLatin1String(name)).arg(index + 1); };
    if (bytes.isEmpty()) {
        *error = QStringLiteral("%1 is empty.").arg(label());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("%1 decodes, but is not JSON (%2 at offset %3).").arg(label(), parseError.errorString()).arg(parseError.offset);
        return false;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("%1 is JSON, but not a JSON object.").arg(label());
        return false;
    }
    *out = doc.object();
    return true;
}

// RFC 7515 §4.1.11: a recipient must refuse a JWS whose "crit" names an extension it does not
// understand, and "crit" itself must be a non-empty array of names. kmconsole understands no
// extension (nor does API Manager's gateway), so any "crit" refuses the token.
QString criticalHeaderProblem(const QJsonObject &header)
{
    if (!header.contains(QLatin1String("crit")))
        return QString();
    const QJsonValue crit = header.value(QLatin1String("crit"));
    QStringList names;
    for (const QJsonValue &v : km::constTemporary(crit.toArray())) {
        if (v.isString() && !v.toString().isEmpty())
            names.append(QStringLiteral("“%1”").arg(v.toString()));
    }
    if (!crit.isArray() || names.isEmpty() || names.size() != crit.toArray().size())
        return DecodedToken::tr("The header (part 1) has a “crit” that is not a list of extension names; RFC 7515 §4.1.11 requires "
                                "refusing such a token. Get the token from the key manager's token endpoint.");
    return DecodedToken::tr("The header (part 1) marks %1 as critical (“crit”): neither kmconsole nor the gateway understands that "
                            "extension, and RFC 7515 §4.1.11 requires refusing the token. Ask the issuer for a plain signed JWT.")
        .arg(names.join(QStringLiteral(", ")));
}

QString stripPrefix(QString text)
{
    text = text.trimmed();
    if (text.size() >= 2 && text.startsWith(QLatin1Char('"')) && text.endsWith(QLatin1Char('"')))
        text = text.mid(1, text.size() - 2).trimmed();
    if (text.startsWith(QLatin1String("Authorization:"), Qt::CaseInsensitive))
        text = text.mid(int(qstrlen("Authorization:"))).trimmed();
    if (text.startsWith(QLatin1String("Bearer "), Qt::CaseInsensitive) || text.startsWith(QLatin1String("Bearer\t"), Qt::CaseInsensitive))
        text = text.mid(7).trimmed();
    if (text.compare(QLatin1String("Bearer"), Qt::CaseInsensitive) == 0) // "Bearer " with nothing after it, trimmed
        text.clear();
    return text;
}

QStringList stringsOf(const QJsonValue &value, bool splitSpaces)
{
    QStringList out;
    if (value.isString()) {
        const QString s = value.toString();
        out = splitSpaces ? s.split(QLatin1Char(' '), Qt::SkipEmptyParts) : QStringList{s};
    } else if (value.isArray()) {
        for (const QJsonValue &v : km::constTemporary(value.toArray())) {
            if (v.isString())
                out.append(v.toString());
        }
    }
    return out;
}

} // namespace

QString DecodedToken::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Jws: return QStringLiteral("jws");
    case Kind::Jwe: return QStringLiteral("jwe");
    case Kind::Opaque: return QStringLiteral("opaque");
    case Kind::Malformed: return QStringLiteral("malformed");
    }
    return QString();
}

DecodedToken DecodedToken::decode(const QString &token)
{
    DecodedToken t;
    t.raw = stripPrefix(token);
    if (t.raw.isEmpty()) {
        t.message = DecodedToken::tr("The token is empty.");
        return t;
    }
    // One pass without branches first (the compiler makes it a vector loop): only a token that is not printable
    // ASCII pays for finding where. (u - 0x21) wraps below 0x21: one comparison for both ends.
    const char16_t *units = reinterpret_cast<const char16_t *>(t.raw.utf16());
    unsigned outside = 0;
    for (qsizetype i = 0; i < t.raw.size(); ++i)
        outside |= unsigned(char16_t(units[i] - 0x21) > 0x7e - 0x21);
    const bool printable = outside == 0;
    for (int i = 0; !printable && i < t.raw.size(); ++i) {
        const QChar c = t.raw.at(i);
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f) {
            t.message = DecodedToken::tr("The token contains %1 at position %2; a token is one word of printable ASCII "
                                         "(was it wrapped or cut when it was copied?).").arg(describeChar(c)).arg(i + 1);
            return t;
        }
    }

    // Printable ASCII from here on: read as bytes, the parts as views into them (nothing copied until decoded).
    const QByteArray ascii = t.raw.toLatin1();
    QVarLengthArray<QByteArrayView, 5> parts;
    for (qsizetype from = 0;;) {
        const qsizetype dot = ascii.indexOf('.', from);
        parts.append(QByteArrayView(ascii).sliced(from, (dot < 0 ? ascii.size() : dot) - from));
        if (dot < 0)
            break;
        from = dot + 1;
    }
    if (parts.size() == 1) {
        t.kind = Kind::Opaque;
        t.message = DecodedToken::tr("This is an opaque reference token, not a JWT: it carries no claims to read. Only its issuer knows what it "
                                     "stands for: ask the issuer's introspection endpoint, and make sure the key manager validates tokens "
                                     "by reference (introspection) rather than as JWTs.");
        return t;
    }
    if (parts.size() == 5) {
        QByteArray headerBytes;
        if (!decodePart(parts.at(0), 0, kJweParts[0], &headerBytes, &t.message)
            || !parseJsonObject(headerBytes, 0, kJweParts[0], &t.header, &t.message))
            return t;
        for (int i = 1; i < 5; ++i) {
            QByteArray ignored;
            if (!decodePart(parts.at(i), i, kJweParts[i], &ignored, &t.message)) {
                t.header = QJsonObject(); // malformed: nothing of it is shown as if it were read
                return t;
            }
        }
        t.kind = Kind::Jwe;
        t.message = DecodedToken::tr("This is an encrypted token (JWE, alg %1, enc %2): its claims cannot be inspected without the "
                                     "recipient's private key. Ask the issuer for a signed (JWS) access token, or turn off token "
                                     "encryption for this application.")
                        .arg(t.header.value(QLatin1String("alg")).toString(QStringLiteral("?")),
                             t.header.value(QLatin1String("enc")).toString(QStringLiteral("?")));
        return t;
    }
    if (parts.size() != 3) {
        t.message = DecodedToken::tr("The token has %1 parts separated by dots; a signed JWT has 3 (header.payload.signature), an "
                                     "encrypted one 5, an opaque token none.").arg(parts.size());
        return t;
    }
    QByteArray headerBytes, payloadBytes, signature;
    if (!decodePart(parts.at(0), 0, kJwsParts[0], &headerBytes, &t.message)
        || !parseJsonObject(headerBytes, 0, kJwsParts[0], &t.header, &t.message)
        || !decodePart(parts.at(1), 1, kJwsParts[1], &payloadBytes, &t.message)
        || !parseJsonObject(payloadBytes, 1, kJwsParts[1], &t.claims, &t.message)
        || !decodePart(parts.at(2), 2, kJwsParts[2], &signature, &t.message)) {
        t.header = QJsonObject();
        t.claims = QJsonObject();
        return t;
    }
    if (!t.header.value(QLatin1String("alg")).isString()) {
        t.message = DecodedToken::tr("The header (part 1) has no “alg”: a JWT must say how it is signed.");
        t.header = QJsonObject();
        t.claims = QJsonObject();
        return t;
    }
    const QString critical = criticalHeaderProblem(t.header);
    if (!critical.isEmpty()) {
        t.message = critical;
        t.header = QJsonObject();
        t.claims = QJsonObject();
        return t;
    }
    t.kind = Kind::Jws;
    t.signingInput = ascii.left(parts.at(0).size() + 1 + parts.at(1).size());
    t.signature = signature;
    return t;
}

QString DecodedToken::algorithm() const
{
    return header.value(QLatin1String("alg")).toString();
}

QString DecodedToken::keyId() const
{
    return header.value(QLatin1String("kid")).toString();
}

QString DecodedToken::issuer() const
{
    return claims.value(QLatin1String("iss")).toString();
}

QStringList DecodedToken::audiences() const
{
    return stringsOf(claims.value(QLatin1String("aud")), false);
}

QString DecodedToken::claimString(const QString &name) const
{
    const QJsonValue v = claims.value(name);
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    return QString();
}

// A NumericDate as seconds, when it is a number (or a numeric string) within 0001-01-01..9999-12-31:
// beyond that no date arithmetic is meaningful, and converting 1e300 or 2^63 to qint64 would overflow.
std::optional<qint64> DecodedToken::timeClaimSeconds(const QString &name) const
{
    constexpr double kEarliest = -62135596800.0; // 0001-01-01T00:00:00Z
    constexpr double kLatest = 253402300799.0;   // 9999-12-31T23:59:59Z
    const QJsonValue v = claims.value(name);
    double seconds = 0;
    if (v.isDouble()) {
        seconds = v.toDouble();
    } else if (v.isString()) {
        bool ok = false;
        seconds = v.toString().toDouble(&ok);
        if (!ok)
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    if (!std::isfinite(seconds) || seconds < kEarliest || seconds > kLatest)
        return std::nullopt;
    return qint64(seconds);
}

QDateTime DecodedToken::timeClaim(const QString &name) const
{
    const std::optional<qint64> seconds = timeClaimSeconds(name);
    return seconds ? QDateTime::fromSecsSinceEpoch(*seconds, Qt::UTC) : QDateTime();
}

bool DecodedToken::hasUnreadableTimeClaim(const QString &name) const
{
    return claims.contains(name) && !timeClaimSeconds(name);
}

QDateTime DecodedToken::issuedAt() const
{
    return timeClaim(QStringLiteral("iat"));
}

QDateTime DecodedToken::notBefore() const
{
    return timeClaim(QStringLiteral("nbf"));
}

QDateTime DecodedToken::expiresAt() const
{
    return timeClaim(QStringLiteral("exp"));
}

QString DecodedToken::scopesClaimName() const
{
    if (claims.contains(QLatin1String("scope")))
        return QStringLiteral("scope");
    if (claims.contains(QLatin1String("scp")))
        return QStringLiteral("scp");
    return QString();
}

QStringList DecodedToken::scopes() const
{
    const QString name = scopesClaimName();
    return name.isEmpty() ? QStringList() : stringsOf(claims.value(name), true);
}

QStringList DecodedToken::roles() const
{
    return stringsOf(claims.value(QLatin1String("roles")), false);
}

namespace {
// https://{guid}.ciamlogin.com/{guid}/v2.0 (v2) or …/{guid}/ (the v1-format token seen on external tenants).
QRegularExpressionMatch externalIssuerMatch(const QString &issuer)
{
    static const QRegularExpression re(QStringLiteral("^https://([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
                                                      "\\.ciamlogin\\.com/([0-9a-fA-F-]{36})/(v2\\.0/?)?$"));
    QRegularExpressionMatch m = re.match(issuer);
    if (m.hasMatch() && m.captured(1).compare(m.captured(2), Qt::CaseInsensitive) != 0)
        return QRegularExpressionMatch();
    return m;
}
} // namespace

bool isEntraExternalIssuer(const QString &issuer)
{
    return externalIssuerMatch(issuer).hasMatch();
}

int entraIssuerVersion(const QString &issuer)
{
    static const QRegularExpression v1(QStringLiteral("^https://sts\\.windows\\.net/[^/]+/$"));
    static const QRegularExpression v2(QStringLiteral("^https://login\\.microsoftonline\\.com/[^/]+/v2\\.0/?$"));
    if (v1.match(issuer).hasMatch())
        return 1;
    if (v2.match(issuer).hasMatch())
        return 2;
    const QRegularExpressionMatch external = externalIssuerMatch(issuer);
    if (external.hasMatch())
        return external.captured(3).isEmpty() ? 1 : 2;
    return 0;
}

QString entraIssuerTenant(const QString &issuer)
{
    static const QRegularExpression re(QStringLiteral("^https://(?:sts\\.windows\\.net|login\\.microsoftonline\\.com)/([^/]+)/"));
    const QRegularExpressionMatch m = re.match(issuer);
    if (m.hasMatch())
        return m.captured(1);
    const QRegularExpressionMatch external = externalIssuerMatch(issuer);
    return external.hasMatch() ? external.captured(2) : QString();
}

} // namespace km
