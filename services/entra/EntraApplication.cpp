#include "services/entra/EntraApplication.h"

#include "services/core/ConstRange.h"


namespace km {

namespace {

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

QJsonObject EntraApplication::toSummary(const QDateTime &now) const
{
    QJsonArray out;
    for (const EntraSecret &s : secrets) {
        out.append(QJsonObject{{QStringLiteral("keyId"), s.keyId},
                               {QStringLiteral("displayName"), s.displayName},
                               {QStringLiteral("hint"), s.hint},
                               {QStringLiteral("startDateTime"), s.startDateTime.isUndefined() ? QJsonValue(QJsonValue::Null) : s.startDateTime},
                               {QStringLiteral("endDateTime"), s.endDateTime.isUndefined() ? QJsonValue(QJsonValue::Null) : s.endDateTime},
                               {QStringLiteral("expired"), s.expiredAt(now)},
                               {QStringLiteral("daysLeft"), s.end.isValid() ? double(now.daysTo(s.end)) : QJsonValue(QJsonValue::Null)}});
    }
    const int limit = secretLimit();
    return QJsonObject{{QStringLiteral("id"), objectId},
                       {QStringLiteral("appId"), appId},
                       {QStringLiteral("displayName"), displayName},
                       {QStringLiteral("identifierUris"), QJsonArray::fromStringList(identifierUris)},
                       {QStringLiteral("requestedAccessTokenVersion"), requestedAccessTokenVersion()},
                       {QStringLiteral("tokenVersion"), tokenVersion()},
                       {QStringLiteral("signInAudience"), signInAudience},
                       {QStringLiteral("secretLimit"), limit > 0 ? QJsonValue(limit) : QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("secrets"), out}};
}

} // namespace km
