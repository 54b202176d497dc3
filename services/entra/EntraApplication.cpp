#include "services/entra/EntraApplication.h"

#include "services/core/ConstRange.h"

#include <algorithm>
#include <limits>

namespace km {

namespace {

// A whole number of modest size (QJsonValue::toInteger), or none: anything else is not a count or a version.
std::optional<qint64> whole(const QJsonValue &v)
{
    constexpr qint64 none = std::numeric_limits<qint64>::min();
    const qint64 n = v.toInteger(none);
    if (n == none || n > 1'000'000'000'000 || n < -1'000'000'000'000)
        return std::nullopt; // beyond what a double holds exactly when written back
    return n;
}

// requestedAccessTokenVersion: a small whole number (Graph holds null, 1 or 2), or none.
std::optional<int> tokenVersionOf(const QJsonValue &v)
{
    const std::optional<qint64> n = whole(v);
    return n && *n > -1000 && *n < 1000 ? std::optional<int>(int(*n)) : std::nullopt;
}

// A date as Graph wrote it (text), or null.
QJsonValue dateText(const QJsonValue &v)
{
    return v.isString() ? v : QJsonValue(QJsonValue::Null);
}

QDateTime graphDate(const QJsonValue &v)
{
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(v.toString(), Qt::ISODate);
    return t.toUTC();
}

QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

} // namespace

EntraApplication EntraApplication::fromGraph(const QJsonObject &application)
{
    EntraApplication app;
    app.objectId = text(application, "id");
    app.appId = text(application, "appId");
    app.displayName = text(application, "displayName");
    for (const QJsonValue &v : km::constTemporary(application.value(QLatin1String("identifierUris")).toArray()))
        app.identifierUris << v.toString();
    app.api = application.value(QLatin1String("api")).toObject();
    app.signInAudience = text(application, "signInAudience");
    for (const QJsonValue &v : km::constTemporary(application.value(QLatin1String("passwordCredentials")).toArray())) {
        const QJsonObject p = v.toObject();
        EntraSecret secret;
        secret.keyId = text(p, "keyId");
        secret.displayName = text(p, "displayName");
        secret.hint = text(p, "hint");
        secret.startDateTime = p.value(QLatin1String("startDateTime"));
        secret.endDateTime = p.value(QLatin1String("endDateTime"));
        secret.end = graphDate(secret.endDateTime);
        app.secrets << secret;
    }
    return app;
}

QList<EntraApplication> EntraApplication::listFromGraph(const QJsonArray &applications)
{
    QList<EntraApplication> out;
    out.reserve(applications.size());
    for (const QJsonValue &v : applications)
        out << fromGraph(v.toObject());
    return out;
}

QJsonValue EntraApplication::requestedAccessTokenVersion() const
{
    const QJsonValue v = api.value(QLatin1String("requestedAccessTokenVersion"));
    return v.isUndefined() ? QJsonValue(QJsonValue::Null) : v;
}

int EntraApplication::tokenVersion() const
{
    // null means 1: Entra issues v1 tokens unless the resource app asks for 2.
    return requestedAccessTokenVersion().toInt(1) == 2 ? 2 : 1;
}

QString EntraApplication::ownIdentifierUri() const
{
    return QStringLiteral("api://") + appId;
}

int EntraApplication::secretLimit() const
{
    return secretLimit(signInAudience);
}

int EntraApplication::secretLimit(const QString &signInAudience)
{
    return signInAudience == QLatin1String("AzureADandPersonalMicrosoftAccount") || signInAudience == QLatin1String("PersonalMicrosoftAccount")
               ? PersonalAccountSecretLimit
               : 0;
}

QJsonObject EntraApplication::identifierUriPatch() const
{
    QStringList uris = identifierUris;
    if (!uris.contains(ownIdentifierUri()))
        uris.prepend(ownIdentifierUri());
    return QJsonObject{{QStringLiteral("identifierUris"), QJsonArray::fromStringList(uris)}};
}

QJsonObject EntraApplication::tokenVersionPatch(int version) const
{
    QJsonObject changed = api;
    changed.insert(QStringLiteral("requestedAccessTokenVersion"), version);
    return QJsonObject{{QStringLiteral("api"), changed}};
}

EntraAppSummary EntraApplication::summary(const QDateTime &now) const
{
    EntraAppSummary out;
    out.objectId = objectId;
    out.appId = appId;
    out.displayName = displayName;
    out.identifierUris = identifierUris;
    out.requestedAccessTokenVersion = tokenVersionOf(requestedAccessTokenVersion());
    out.tokenVersion = tokenVersion();
    out.signInAudience = signInAudience;
    out.secretLimit = secretLimit();
    for (const EntraSecret &s : secrets) {
        EntraSecretState state{s.keyId, s.displayName, s.hint, dateText(s.startDateTime), dateText(s.endDateTime), s.expiredAt(now), std::nullopt};
        if (s.end.isValid())
            state.daysLeft = now.daysTo(s.end);
        out.secrets.append(state);
    }
    return out;
}

QJsonObject EntraAppSummary::toJson() const
{
    QJsonArray out;
    for (const EntraSecretState &s : secrets) {
        out.append(QJsonObject{{QStringLiteral("keyId"), s.keyId},
                               {QStringLiteral("displayName"), s.displayName},
                               {QStringLiteral("hint"), s.hint},
                               {QStringLiteral("startDateTime"), s.startDateTime},
                               {QStringLiteral("endDateTime"), s.endDateTime},
                               {QStringLiteral("expired"), s.expired},
                               {QStringLiteral("daysLeft"), s.daysLeft ? QJsonValue(double(*s.daysLeft)) : QJsonValue(QJsonValue::Null)}});
    }
    return QJsonObject{{QStringLiteral("id"), objectId},
                       {QStringLiteral("appId"), appId},
                       {QStringLiteral("displayName"), displayName},
                       {QStringLiteral("identifierUris"), QJsonArray::fromStringList(identifierUris)},
                       {QStringLiteral("requestedAccessTokenVersion"), requestedAccessTokenVersion ? QJsonValue(*requestedAccessTokenVersion) : QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("tokenVersion"), tokenVersion},
                       {QStringLiteral("signInAudience"), signInAudience},
                       {QStringLiteral("secretLimit"), secretLimit > 0 ? QJsonValue(secretLimit) : QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("secrets"), out}};
}

EntraAppSummary EntraAppSummary::fromJson(const QJsonValue &json)
{
    const QJsonObject o = json.toObject();
    const auto text = [](const QJsonObject &from, const char *key) { return from.value(QLatin1String(key)).toString(); };
    EntraAppSummary out;
    out.objectId = text(o, "id");
    out.appId = text(o, "appId");
    out.displayName = text(o, "displayName");
    for (const QJsonValue &v : km::constTemporary(o.value(QLatin1String("identifierUris")).toArray())) {
        if (v.isString())
            out.identifierUris << v.toString();
    }
    out.requestedAccessTokenVersion = tokenVersionOf(o.value(QLatin1String("requestedAccessTokenVersion")));
    out.tokenVersion = o.value(QLatin1String("tokenVersion")).toInt() == 2 ? 2 : 1;
    out.signInAudience = text(o, "signInAudience");
    out.secretLimit = int(std::clamp<qint64>(whole(o.value(QLatin1String("secretLimit"))).value_or(0), 0, 1000));
    for (const QJsonValue &v : km::constTemporary(o.value(QLatin1String("secrets")).toArray())) {
        const QJsonObject s = v.toObject();
        out.secrets.append(EntraSecretState{text(s, "keyId"), text(s, "displayName"), text(s, "hint"), dateText(s.value(QLatin1String("startDateTime"))),
                                            dateText(s.value(QLatin1String("endDateTime"))),
                                            s.value(QLatin1String("expired")).toBool(), whole(s.value(QLatin1String("daysLeft")))});
    }
    return out;
}

} // namespace km
