#pragma once
// Checks an Entra application for use with an AzureAD key manager, the things that make the gateway
// reject its tokens or the connector fail later: the Application ID URI, the token version its tokens
// get, and its client secrets against the credential limit where its audience has one. Each finding
// names its fix; fixable ones are applied with one Graph PATCH.

#include "services/core/Job.h"
#include "services/entra/EntraApplication.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <functional>

namespace km {

class GraphClient;

class EntraAppCheck : public QObject
{
    Q_OBJECT
public:
    static constexpr int ExpiryWarningDays = 30;

    // Finding ids.
    static constexpr QLatin1StringView IdentifierUriMissing{"identifier-uri-missing"};
    static constexpr QLatin1StringView TokenVersionMismatch{"token-version-mismatch"};
    static constexpr QLatin1StringView SecretLimitReached{"secret-limit-reached"};
    static constexpr QLatin1StringView SecretExpired{"secret-expired"};
    static constexpr QLatin1StringView SecretExpiring{"secret-expiring"};
    static constexpr QLatin1StringView NoSecret{"no-secret"};

    explicit EntraAppCheck(GraphClient *graph, QObject *parent = nullptr);

    // Reads the application and checks it for a key manager of `keyManagerVersion` (1 or 2; 0 checks
    // the version only for consistency). Result:
    // {"application": EntraApplication::toSummary(): {"id","appId","displayName","identifierUris":[…],"requestedAccessTokenVersion": null|1|2,
    //                  "tokenVersion": 1|2, "signInAudience", "secretLimit": n|null, "secrets":[{"keyId","displayName","hint","startDateTime","endDateTime","expired","daysLeft"}]},
    //  "keyManagerVersion": n, "findings":[{"id","severity":"error"|"warning"|"info","message","fix","fixable", "keyId"?}],
    //  "ok": no error findings}
    Job *check(const QString &appId, int keyManagerVersion);
    // Applies the PATCH behind a fixable finding (identifier URI or token version), then checks again.
    // Result: {"fixed": findingId, "patch": {…}, "check": <check result>}.
    Job *fix(const QString &appId, const QString &findingId, int keyManagerVersion);
    // Removes one client secret by its keyId (Graph removePassword). Result: {"removed": keyId}.
    Job *removeSecret(const QString &appId, const QString &keyId);

    // The checks on an application (pure; `now` for the secret dates).
    static QJsonArray findings(const EntraApplication &application, int keyManagerVersion, const QDateTime &now = QDateTime::currentDateTimeUtc());
    // The PATCH body that fixes `findingId` on `application`; empty when it is not fixable.
    static QJsonObject fixPatch(const EntraApplication &application, const QString &findingId, int keyManagerVersion);

private:
    // Reads the application (an error when this app cannot see it), then runs the job `next` makes from it.
    Job *withApplication(const QString &appId, const std::function<Job *(const EntraApplication &app)> &next);

    QPointer<GraphClient> m_graph;
};

} // namespace km
