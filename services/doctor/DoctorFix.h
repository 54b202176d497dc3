#pragma once
// One-click fixes of the Doctor's checks. A fixable check carries an "action" object that says exactly
// what would change and where ({kind, label, …}); question() puts it in words for the confirmation, and
// apply() does it against the live system. Shared by the Doctor page and `kmconsole-cli doctor --fix`.
//
// Actions (the check that carries each):
//   set-issuer            issuer            {keyManager, keyManagerId, issuer}
//   update-endpoints      endpoint-drift    {keyManager, keyManagerId, endpoints: {storage name: url}, jwks?: url}
//   enable-key-manager    disabled-in-use   {keyManager, keyManagerId}
//   entra-application     entra-token-version-mismatch, entra-identifier-uri-missing
//                                           {appId, application, finding, version}
//   asgardeo-add-scopes   asgardeo-scopes-missing {resource, resourceId, scopes: [names]}
//   asgardeo-bind-roles   asgardeo-roles    {resource, resourceId, roles: [{name, id?, scopes: [names]}]} (no id: create the role)
//   entra-delete-applications entra-orphan-applications {applications: [{id, appId, displayName}]} (destructive)

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

class QObject;

namespace km {

class ApimClient;
class AsgardeoClient;
class GraphClient;
class Job;

class DoctorFix
{
    Q_DECLARE_TR_FUNCTIONS(km::DoctorFix)
public:
    static constexpr QLatin1StringView SetIssuer{"set-issuer"};
    static constexpr QLatin1StringView UpdateEndpoints{"update-endpoints"};
    static constexpr QLatin1StringView EnableKeyManager{"enable-key-manager"};
    static constexpr QLatin1StringView EntraApplication{"entra-application"};
    static constexpr QLatin1StringView AsgardeoAddScopes{"asgardeo-add-scopes"};
    static constexpr QLatin1StringView EntraDeleteApplications{"entra-delete-applications"};
    static constexpr QLatin1StringView AsgardeoBindRoles{"asgardeo-bind-roles"};

    // The actions, built where the checks are made.
    static QJsonObject setIssuer(const QString &keyManager, const QString &id, const QString &issuer);
    static QJsonObject updateEndpoints(const QString &keyManager, const QString &id, const QJsonObject &endpoints, const QString &jwks);
    static QJsonObject enableKeyManager(const QString &keyManager, const QString &id);
    static QJsonObject entraApplication(const QString &appId, const QString &application, const QString &finding, int version);
    static QJsonObject asgardeoAddScopes(const QString &resource, const QString &resourceId, const QStringList &scopes);
    static QJsonObject entraDeleteApplications(const QJsonArray &applications);
    static QJsonObject asgardeoBindRoles(const QString &resource, const QString &resourceId, const QJsonArray &roles);

    // The button's text ("Set the issuer", "Remove 2 applications", …).
    static QString label(const QJsonObject &action);
    // What will change, where, as the confirmation asks it.
    static QString question(const QJsonObject &action);
    // Deletes something that cannot be brought back: the confirmation's default is No.
    static bool isDestructive(const QJsonObject &action);
    // Which system the action changes ("apim", "asgardeo", "entra"): the caller must hold that client.
    static QString system(const QJsonObject &action);

    // Does it. Result: {"message": what was done}. Fails, in words, when the needed client is missing or
    // the system refuses; nothing else is changed then.
    static Job *apply(const QJsonObject &action, ApimClient *apim, AsgardeoClient *asgardeo, GraphClient *graph, QObject *parent = nullptr);
};

} // namespace km
