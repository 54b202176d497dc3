#pragma once
// One view of each key manager's health across API Manager, its identity provider and the app
// registrations: runs every check of every key manager concurrently, each with its own deadline, and
// reports each check as it finishes (id, level, message, fix). The Doctor page and `kmconsole-cli doctor`
// show the same checks.

#include "services/asgardeo/ScopeCoverage.h"
#include "services/core/Job.h"
#include "services/entra/EntraApplication.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

namespace km {

class ApimClient;
class AsgardeoClient;
class GraphClient;

struct DoctorCheck
{
    Q_DECLARE_TR_FUNCTIONS(km::DoctorCheck)
public:
    enum class Level { Ok, Warn, Error };

    QString id;         // stable, e.g. "issuer", "jwks", "entra-token-version-mismatch"
    QString keyManager; // the key manager's name; empty for tenant-wide checks (orphan Entra applications)
    Level level = Level::Ok;
    QString message;    // what was found, with the values
    QString fix;        // what to do; empty when nothing is to be done
    QJsonObject action; // the one-click fix (DoctorFix), empty when the Doctor cannot do it itself

    static QString levelName(Level level); // "ok", "warn", "error"
    static Level levelOf(const QString &name);
    QString levelText() const;             // translated, for tables
    QJsonObject toJson() const;            // {id, keyManager, level, message, fix, action?}
    static DoctorCheck fromJson(const QJsonObject &json);
    // A check that is not ok and has an action: what Fix… and --fix offer.
    bool canFix() const { return level != Level::Ok && !action.isEmpty(); }
    DoctorCheck &withAction(const QJsonObject &fixAction)
    {
        action = fixAction;
        return *this;
    }
};

struct DoctorOptions
{
    QString keyManager;                 // only this one (by name); empty: all
    int timeoutMs = 15000;              // each check's own deadline
    qint64 maxDocumentBytes = 1 << 20;  // discovery documents and JWKS larger than this are refused
    QDateTime now;                      // for secret dates; invalid: the current time
};

class Doctor : public QObject
{
    Q_OBJECT
public:
    // Check ids.
    static constexpr QLatin1StringView ApimReachable{"apim-reachable"};
    static constexpr QLatin1StringView KeyManagerRead{"key-manager-read"};
    static constexpr QLatin1StringView Resident{"resident"};
    static constexpr QLatin1StringView SettingsType{"settings-type"};
    static constexpr QLatin1StringView WellKnown{"well-known"};
    static constexpr QLatin1StringView Issuer{"issuer"};
    static constexpr QLatin1StringView EndpointDrift{"endpoint-drift"};
    static constexpr QLatin1StringView Jwks{"jwks"};
    static constexpr QLatin1StringView TokenEndpoint{"token-endpoint"};
    static constexpr QLatin1StringView RevokeEndpoint{"revoke-endpoint"};
    static constexpr QLatin1StringView IntrospectionEndpoint{"introspection-endpoint"};
    static constexpr QLatin1StringView DuplicateIssuer{"duplicate-issuer"};
    static constexpr QLatin1StringView DisabledInUse{"disabled-in-use"};
    static constexpr QLatin1StringView AsgardeoProfile{"asgardeo-profile"};
    static constexpr QLatin1StringView AsgardeoManagementScopes{"asgardeo-management-scopes"};
    static constexpr QLatin1StringView AsgardeoGlobalScopes{"asgardeo-global-scopes"};
    static constexpr QLatin1StringView AsgardeoScopesMissing{"asgardeo-scopes-missing"};
    static constexpr QLatin1StringView AsgardeoScopeNames{"asgardeo-scope-names"};
    static constexpr QLatin1StringView AsgardeoRoles{"asgardeo-roles"};
    static constexpr QLatin1StringView FreshToken{"fresh-token"};
    static constexpr QLatin1StringView EntraProfile{"entra-profile"};
    static constexpr QLatin1StringView EntraApplications{"entra-applications"};
    static constexpr QLatin1StringView EntraApplication{"entra-application"};
    static constexpr QLatin1StringView EntraApplicationMissing{"entra-application-missing"};
    static constexpr QLatin1StringView EntraOrphanApplications{"entra-orphan-applications"};
    // Per-application Entra findings are "entra-" + the EntraAppCheck finding id
    // ("entra-token-version-mismatch", "entra-identifier-uri-missing", "entra-secret-expiring", …).

    explicit Doctor(ApimClient *apim, QObject *parent = nullptr);

    // Optional: without them the Asgardeo and Entra key managers get an "-profile" warning instead of
    // their identity-provider checks.
    void setAsgardeo(AsgardeoClient *asgardeo);
    void setGraph(GraphClient *graph);

    // Runs every check. Result: report(checks). Fails only when `options.keyManager` names no key manager;
    // an API Manager that cannot be read is the check "apim-reachable". checkReported() follows each check.
    Job *run(const DoctorOptions &options = {});

    // {"checks":[…], "summary":{"ok","warn","error","total","keyManagers":[names]}}
    static QJsonObject report(const QList<DoctorCheck> &checks);
    static bool hasErrors(const QJsonObject &report);
    // The report with its checks sorted by key manager (tenant-wide ones last), in the order they were
    // reported within each: how the CLI prints it and the support bundle stores it.
    static QJsonObject grouped(const QJsonObject &report);
    // The report as the CLI's table: a "[key manager]" line, then one line per check (level, id, message)
    // and its fix when it is not ok; the counts last.
    static QString reportText(const QJsonObject &report);

    // The pure checks (the key manager as the Admin API's GET returns it).
    // Issuer and drift against the provider's discovery document.
    static QList<DoctorCheck> discoveryChecks(const QJsonObject &keyManager, const QJsonObject &document);
    static DoctorCheck duplicateIssuerCheck(const QJsonObject &keyManager, const QList<QJsonObject> &all);
    static DoctorCheck settingsTypeCheck(const QJsonObject &keyManager, const QJsonObject &settings);
    // The Entra applications behind this AzureAD key manager's DevPortal keys (`keys`: [{application, keyType,
    // consumerKey}]) checked against `entraApps` (Graph applications by appId).
    static QList<DoctorCheck> entraChecks(const QJsonObject &keyManager, const QJsonArray &keys, const QHash<QString, km::EntraApplication> &entraApps,
                                          const QDateTime &now);
    // A client-credentials token just issued under this key manager (`token`, from `source` in words) read as the
    // gateway reads it: issuer, times, the consumer-key claim (equal to `consumerKey` when given) and the scopes
    // claim (`judgeScopes` false: a token issued to another client than the application's, whose scopes say nothing
    // about the application's). The signature is left to the JWKS check.
    static DoctorCheck freshTokenCheck(const QJsonObject &keyManager, const QString &token, const QString &source, const QString &consumerKey,
                                       const QDateTime &now, bool judgeScopes = true);
    // Scope role bindings against Asgardeo's roles, as the Asgardeo connector maps them (`roleCreation`:
    // its asgardeo_role_creation setting). `scopes`: the scope comparison's entries;
    // `roles`: Asgardeo role name -> the role (with "permissions"), absent when Asgardeo has no such role.
    static DoctorCheck asgardeoRolesCheck(const QString &keyManager, const QList<ScopeCoverageEntry> &scopes, bool roleCreation,
                                          const QHash<QString, QJsonObject> &roles, const QString &resourceName, const QString &resourceId);
    // The Asgardeo role names the scopes' bindings map to (each once, in order); bindings the connector refuses
    // (Application/…) are left out.
    static QStringList asgardeoRoleNames(const QList<ScopeCoverageEntry> &scopes, bool roleCreation);
    // Entra applications the AzureAD connector made ("{owner}_{application}_{PRODUCTION|SANDBOX}") whose
    // client id no DevPortal key holds any more.
    static DoctorCheck orphanCheck(const QList<km::EntraApplication> &entraApps, const QSet<QString> &devPortalClientIds);

Q_SIGNALS:
    void checkReported(const QJsonObject &check);
    // Checks still running (for progress); 0 when the run is over.
    void pendingChanged(int pending, int total);

private:
    QPointer<ApimClient> m_apim;
    QPointer<AsgardeoClient> m_asgardeo;
    QPointer<GraphClient> m_graph;
};

} // namespace km
