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

// One thing wrong (or worth knowing) about an application, with its fix.
struct EntraFinding
{
    enum class Severity { Info, Warning, Error };
    QString id; // EntraAppCheck's finding ids
    Severity severity = Severity::Info;
    QString message;
    QString fix;
    bool fixable = false; // one Graph PATCH fixes it (EntraAppCheck::fix)
    QString keyId;        // the client secret a secret finding is about

    bool isError() const { return severity == Severity::Error; }
    // "error", "warning" or "info": the word the JSON and the CLI use.
    QString severityName() const;
    QJsonObject toJson() const;
    static EntraFinding fromJson(const QJsonValue &json);
};

// EntraAppCheck::check's result. toJson is what `kmconsole-cli azure check-app --json` prints (with "fixed").
struct EntraAppCheckResult
{
    EntraAppSummary application;
    int keyManagerVersion = 0;
    QList<EntraFinding> findings;

    bool ok() const; // no error finding
    QStringList errorIds() const;
    QStringList fixableIds() const;
    // {"application": EntraAppSummary, "keyManagerVersion": n, "findings": [EntraFinding], "ok": bool}
    QJsonObject toJson() const;
    static EntraAppCheckResult fromJson(const QJsonValue &json);
};

// EntraAppCheck::fix's result.
struct EntraAppFixResult
{
    QString fixed;             // the finding fixed; empty when there was nothing left to fix
    EntraAppCheckResult check; // the check after the fix

    static EntraAppFixResult fromJson(const QJsonValue &json);
};

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
    // the version only for consistency). Result: EntraAppCheckResult::toJson.
    Job *check(const QString &appId, int keyManagerVersion);
    // Applies the PATCH behind a fixable finding (identifier URI or token version), then checks again.
    // Result: {"fixed": findingId, "patch": {…}, "check": EntraAppCheckResult::toJson}, or {"fixed": null,
    // "alreadyFine": findingId} when the application no longer has the finding.
    Job *fix(const QString &appId, const QString &findingId, int keyManagerVersion);
    // Removes one client secret by its keyId (Graph removePassword). Result: {"removed": keyId}.
    Job *removeSecret(const QString &appId, const QString &keyId);

    // The checks on an application (pure; `now` for the secret dates).
    static QList<EntraFinding> findings(const EntraApplication &application, int keyManagerVersion, const QDateTime &now = QDateTime::currentDateTimeUtc());
    // The PATCH body that fixes `findingId` on `application`; empty when it is not fixable.
    static QJsonObject fixPatch(const EntraApplication &application, const QString &findingId, int keyManagerVersion);

private:
    // Reads the application (an error when this app cannot see it), then runs the job `next` makes from it.
    Job *withApplication(const QString &appId, const std::function<Job *(const EntraApplication &app)> &next);

    QPointer<GraphClient> m_graph;
};

} // namespace km
