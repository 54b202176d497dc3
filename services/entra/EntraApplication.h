#pragma once
// An Entra application registration as the console reasons about it, read once from Microsoft Graph's
// application resource (GET /applications, v1.0): its object and client IDs, Application ID URIs, the
// token version its tokens get, its audience and client secrets. Graph's field names live here and
// nowhere else; summary() is the short form the CLI prints and the check reports.

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace km {

struct EntraSecret
{
    QString keyId;
    QString displayName;
    QString hint;                // the first characters of the secret, as Graph shows them
    QJsonValue startDateTime;    // as Graph wrote them (null when not set)
    QJsonValue endDateTime;
    QDateTime end;               // endDateTime read, in UTC; invalid when Graph gave none

    bool expiredAt(const QDateTime &now) const { return end.isValid() && end < now; }
};

// A client secret as a check saw it, at the moment of the check.
struct EntraSecretState
{
    QString keyId;
    QString displayName;
    QString hint;
    QJsonValue startDateTime;       // as Graph wrote them (null when not set)
    QJsonValue endDateTime;
    bool expired = false;
    std::optional<qint64> daysLeft; // none without an end date
};

// An application as the check reports it and the CLI prints it. toJson is the console's own JSON, which fromJson
// reads back unchanged.
struct EntraAppSummary
{
    QString objectId;
    QString appId;
    QString displayName;
    QStringList identifierUris;
    std::optional<int> requestedAccessTokenVersion; // none: Graph holds null (Entra issues v1)
    int tokenVersion = 1;
    QString signInAudience;
    int secretLimit = 0; // 0: no limit for the audience
    QList<EntraSecretState> secrets;

    // {"id","appId","displayName","identifierUris","requestedAccessTokenVersion","tokenVersion","signInAudience",
    //  "secretLimit": n|null, "secrets":[{"keyId","displayName","hint","startDateTime","endDateTime","expired","daysLeft"}]}
    QJsonObject toJson() const;
    static EntraAppSummary fromJson(const QJsonValue &json);
};

struct EntraApplication
{
    // Entra allows two client secrets only for applications personal Microsoft accounts may sign in to.
    static constexpr int PersonalAccountSecretLimit = 2;

    QString objectId;            // "id": what Graph's PATCH and addPassword/removePassword address
    QString appId;               // the Application (client) ID
    QString displayName;
    QStringList identifierUris;
    QJsonObject api;             // kept whole: a PATCH of `api` must carry its scopes and pre-authorized apps
    QString signInAudience;
    QList<EntraSecret> secrets;  // passwordCredentials

    static EntraApplication fromGraph(const QJsonObject &application);
    // Graph's `value` array of applications.
    static QList<EntraApplication> listFromGraph(const QJsonArray &applications);

    // api.requestedAccessTokenVersion as Graph holds it: null (Entra issues v1), 1 or 2.
    QJsonValue requestedAccessTokenVersion() const;
    // What Entra issues: 2 only when the application asks for 2.
    int tokenVersion() const;
    // api://{appId}, the URI clients ask for with …/.default.
    QString ownIdentifierUri() const;
    bool hasOwnIdentifierUri() const { return identifierUris.contains(ownIdentifierUri()); }
    // Client secrets Entra allows for its audience (2 where personal Microsoft accounts may sign in, that is
    // AzureADandPersonalMicrosoftAccount and PersonalMicrosoftAccount), 0 when it has no such limit.
    int secretLimit() const;
    static int secretLimit(const QString &signInAudience);

    // The PATCH bodies that set the own Application ID URI (first, the others kept) and the token version.
    QJsonObject identifierUriPatch() const;
    QJsonObject tokenVersionPatch(int version) const;

    // What the check reports of it at `now`; toSummary is its JSON.
    EntraAppSummary summary(const QDateTime &now) const;
    QJsonObject toSummary(const QDateTime &now) const { return summary(now).toJson(); }
};

} // namespace km
