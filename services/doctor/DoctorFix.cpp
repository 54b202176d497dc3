#include "services/doctor/DoctorFix.h"
#include "services/core/Tasks.h"
#include "services/core/ConstRange.h"

#include "services/apim/ApimClient.h"
#include "services/apim/KeyManagerConfig.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/core/Job.h"
#include "services/entra/EntraAppCheck.h"
#include "services/entra/GraphClient.h"

#include <QJsonArray>
#include <QPointer>

#include <functional>
#include <memory>

namespace km {

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QString kindOf(const QJsonObject &action)
{
    return str(action, "kind");
}

// Finishes `job` as `work` finishes; a success says `message`.
void finishSaying(FunctionJob *job, Job *work, const QString &message)
{
    job->follow(tasks::map(work, [message](const QJsonValue &) { return QJsonObject{{QStringLiteral("message"), message}}; }, {}, job));
}

// The key manager changed through ApimClient::changeKeyManager; `done` says what it now is.
void changeKeyManager(FunctionJob *job, ApimClient *apim, const QString &id, std::function<void(KeyManagerConfig &)> change, const QString &done)
{
    finishSaying(job, apim->changeKeyManager(id, std::move(change)), done);
}

// Runs the steps of a fix one after the other (tasks::forEach); `job` succeeds with `succeeded(names)`, or fails at
// the first refusal, saying which item it was and what was done before it.
void oneAfterTheOther(FunctionJob *job, const QStringList &names, const std::function<Job *(int)> &make,
                      const std::function<QString(const QStringList &)> &succeeded,
                      const std::function<QString(const QString &name, const QString &why)> &refusedFirst,
                      const std::function<QString(const QString &name, const QString &why, const QString &before)> &refusedLater)
{
    Job *all = tasks::forEach(int(names.size()), make, job, [names, refusedFirst, refusedLater](int index, ApiError &error) {
        const QStringList before = names.mid(0, index);
        error.message = before.isEmpty() ? refusedFirst(names.at(index), error.message)
                                         : refusedLater(names.at(index), error.message, before.join(QStringLiteral(", ")));
    });
    finishSaying(job, all, succeeded(names));
}

// Deletes the applications one after the other; stops at the first refusal, saying what was removed.
void deleteApplications(FunctionJob *job, const QPointer<GraphClient> &graph, const QJsonArray &apps)
{
    QStringList names, ids;
    for (const QJsonValue &a : apps) {
        const QJsonObject app = a.toObject();
        names << DoctorFix::tr("%1 (client ID %2)").arg(str(app, "displayName"), str(app, "appId"));
        ids << str(app, "id");
    }
    oneAfterTheOther(
        job, names, [graph, ids](int i) -> Job * { return graph ? graph->deleteApplication(ids.at(i)) : nullptr; },
        [](const QStringList &removed) {
            return DoctorFix::tr("Removed %n Entra application(s): %1", "", int(removed.size())).arg(removed.join(QStringLiteral(", ")));
        },
        [](const QString &name, const QString &why) { return DoctorFix::tr("%1 was not removed: %2").arg(name, why); },
        [](const QString &name, const QString &why, const QString &before) {
            return DoctorFix::tr("%1 was not removed: %2 (removed before it: %3)").arg(name, why, before);
        });
}

// One role after the other: a role without an id is created with its scopes, the others get theirs added.
void bindRoles(FunctionJob *job, const QPointer<AsgardeoClient> &asgardeo, const QJsonArray &roles)
{
    QStringList names;
    for (const QJsonValue &r : roles)
        names << str(r.toObject(), "name");
    oneAfterTheOther(
        job, names,
        [asgardeo, roles](int i) -> Job * {
            if (!asgardeo)
                return nullptr;
            const QJsonObject role = roles.at(i).toObject();
            QStringList scopes;
            for (const QJsonValue &s : km::constTemporary(role.value(QLatin1String("scopes")).toArray()))
                scopes << s.toString();
            return str(role, "id").isEmpty() ? asgardeo->ensureRole(str(role, "name"), scopes) : asgardeo->addRolePermissions(str(role, "id"), scopes);
        },
        [](const QStringList &done) { return DoctorFix::tr("Asgardeo's roles now hold their scopes: %1").arg(done.join(QStringLiteral(", "))); },
        [](const QString &name, const QString &why) { return DoctorFix::tr("Role “%1” was not changed: %2").arg(name, why); },
        [](const QString &name, const QString &why, const QString &before) {
            return DoctorFix::tr("Role “%1” was not changed: %2 (changed before it: %3)").arg(name, why, before);
        });
}

} // namespace

QJsonObject DoctorFix::setIssuer(const QString &keyManager, const QString &id, const QString &issuer)
{
    return {{QStringLiteral("kind"), QString(SetIssuer)}, {QStringLiteral("keyManager"), keyManager}, {QStringLiteral("keyManagerId"), id},
            {QStringLiteral("issuer"), issuer}};
}

QJsonObject DoctorFix::updateEndpoints(const QString &keyManager, const QString &id, const QJsonObject &endpoints, const QString &jwks)
{
    QJsonObject action{{QStringLiteral("kind"), QString(UpdateEndpoints)}, {QStringLiteral("keyManager"), keyManager},
                       {QStringLiteral("keyManagerId"), id}, {QStringLiteral("endpoints"), endpoints}};
    if (!jwks.isEmpty())
        action.insert(QStringLiteral("jwks"), jwks);
    return action;
}

QJsonObject DoctorFix::enableKeyManager(const QString &keyManager, const QString &id)
{
    return {{QStringLiteral("kind"), QString(EnableKeyManager)}, {QStringLiteral("keyManager"), keyManager}, {QStringLiteral("keyManagerId"), id}};
}

QJsonObject DoctorFix::entraApplication(const QString &appId, const QString &application, const QString &finding, int version)
{
    return {{QStringLiteral("kind"), QString(EntraApplication)}, {QStringLiteral("appId"), appId}, {QStringLiteral("application"), application},
            {QStringLiteral("finding"), finding}, {QStringLiteral("version"), version}};
}

QJsonObject DoctorFix::asgardeoAddScopes(const QString &resource, const QString &resourceId, const QStringList &scopes)
{
    return {{QStringLiteral("kind"), QString(AsgardeoAddScopes)}, {QStringLiteral("resource"), resource}, {QStringLiteral("resourceId"), resourceId},
            {QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)}};
}

QJsonObject DoctorFix::entraDeleteApplications(const QJsonArray &applications)
{
    return {{QStringLiteral("kind"), QString(EntraDeleteApplications)}, {QStringLiteral("applications"), applications}};
}

QJsonObject DoctorFix::asgardeoBindRoles(const QString &resource, const QString &resourceId, const QJsonArray &roles)
{
    return {{QStringLiteral("kind"), QString(AsgardeoBindRoles)}, {QStringLiteral("resource"), resource}, {QStringLiteral("resourceId"), resourceId},
            {QStringLiteral("roles"), roles}};
}

QString DoctorFix::label(const QJsonObject &action)
{
    const QString kind = kindOf(action);
    if (kind == SetIssuer)
        return tr("Set the issuer");
    if (kind == UpdateEndpoints)
        return tr("Update the endpoints");
    if (kind == EnableKeyManager)
        return tr("Enable the key manager");
    if (kind == EntraApplication)
        return str(action, "finding") == EntraAppCheck::IdentifierUriMissing ? tr("Add the Application ID URI") : tr("Set the token version");
    if (kind == AsgardeoAddScopes)
        return tr("Add %n scope(s) to Asgardeo", "", int(action.value(QLatin1String("scopes")).toArray().size()));
    if (kind == EntraDeleteApplications)
        return tr("Remove %n application(s)", "", int(action.value(QLatin1String("applications")).toArray().size()));
    if (kind == AsgardeoBindRoles)
        return tr("Bind the scopes to %n role(s)", "", int(action.value(QLatin1String("roles")).toArray().size()));
    return {};
}

QString DoctorFix::question(const QJsonObject &action)
{
    const QString kind = kindOf(action);
    const QString km = str(action, "keyManager");
    if (kind == SetIssuer)
        return tr("Set the issuer of key manager “%1” in API Manager to “%2”, the issuer its provider's discovery document gives?")
            .arg(km, str(action, "issuer"));
    if (kind == UpdateEndpoints) {
        QStringList lines;
        const QJsonObject endpoints = action.value(QLatin1String("endpoints")).toObject();
        for (auto it = endpoints.begin(); it != endpoints.end(); ++it)
            lines << tr("%1 → %2").arg(it.key(), it.value().toString());
        if (!str(action, "jwks").isEmpty())
            lines << tr("JWKS → %1").arg(str(action, "jwks"));
        return tr("Update key manager “%1” in API Manager to the endpoints of its provider's discovery document?\n\n%2")
            .arg(km, lines.join(QLatin1Char('\n')));
    }
    if (kind == EnableKeyManager)
        return tr("Enable key manager “%1” in API Manager again, so that the gateway accepts its tokens?").arg(km);
    if (kind == EntraApplication) {
        const QString app = tr("%1 (client ID %2)").arg(str(action, "application"), str(action, "appId"));
        if (str(action, "finding") == EntraAppCheck::IdentifierUriMissing)
            return tr("Add the Application ID URI api://%1 to the Entra application %2?").arg(str(action, "appId"), app);
        return tr("Set requestedAccessTokenVersion of the Entra application %1 to %2? Clients get v%2 tokens from their next request on.")
            .arg(app)
            .arg(action.value(QLatin1String("version")).toInt());
    }
    if (kind == AsgardeoAddScopes) {
        QStringList scopes;
        for (const QJsonValue &s : km::constTemporary(action.value(QLatin1String("scopes")).toArray()))
            scopes << s.toString();
        return tr("Add %n scope(s) to the Asgardeo API resource “%1”: %2?", "", int(scopes.size())).arg(str(action, "resource"), scopes.join(QStringLiteral(", ")));
    }
    if (kind == AsgardeoBindRoles) {
        QStringList lines;
        for (const QJsonValue &r : km::constTemporary(action.value(QLatin1String("roles")).toArray())) {
            const QJsonObject role = r.toObject();
            QStringList scopes;
            for (const QJsonValue &s : km::constTemporary(role.value(QLatin1String("scopes")).toArray()))
                scopes << s.toString();
            lines << (str(role, "id").isEmpty() ? tr("create role “%1” with %2").arg(str(role, "name"), scopes.join(QStringLiteral(", ")))
                                                : tr("add %2 to role “%1”").arg(str(role, "name"), scopes.join(QStringLiteral(", "))));
        }
        return tr("Change these roles in Asgardeo, with scopes of the API resource “%1”?\n\n%2").arg(str(action, "resource"), lines.join(QLatin1Char('\n')));
    }
    if (kind == EntraDeleteApplications) {
        QStringList names;
        for (const QJsonValue &a : km::constTemporary(action.value(QLatin1String("applications")).toArray()))
            names << tr("%1 (client ID %2)").arg(str(a.toObject(), "displayName"), str(a.toObject(), "appId"));
        return tr("Remove %n Entra application(s) from the tenant? This cannot be undone, and any client still using their secrets stops "
                  "getting tokens.\n\n%1", "", int(names.size()))
            .arg(names.join(QLatin1Char('\n')));
    }
    return {};
}

bool DoctorFix::isDestructive(const QJsonObject &action)
{
    return kindOf(action) == EntraDeleteApplications;
}

QString DoctorFix::system(const QJsonObject &action)
{
    const QString kind = kindOf(action);
    if (kind == EntraApplication || kind == EntraDeleteApplications)
        return QStringLiteral("entra");
    if (kind == AsgardeoAddScopes || kind == AsgardeoBindRoles)
        return QStringLiteral("asgardeo");
    return QStringLiteral("apim");
}

Job *DoctorFix::apply(const QJsonObject &action, ApimClient *apimClient, AsgardeoClient *asgardeoClient, GraphClient *graphClient, QObject *parent)
{
    auto *job = new FunctionJob(parent);
    const QString kind = kindOf(action);
    const QPointer<ApimClient> apim(apimClient);
    const QPointer<AsgardeoClient> asgardeo(asgardeoClient);
    const QPointer<GraphClient> graph(graphClient);
    const QString sys = system(action);
    if (label(action).isEmpty()) {
        job->failLater(ApiError::validation(tr("The Doctor cannot fix this check by itself (unknown action “%1”)").arg(kind)));
        return job;
    }
    if ((sys == QLatin1String("apim") && !apim) || (sys == QLatin1String("asgardeo") && !asgardeo) || (sys == QLatin1String("entra") && !graph)) {
        job->failLater(ApiError::validation(sys == QLatin1String("asgardeo") ? tr("This fix changes Asgardeo: open the Doctor with the Asgardeo profile of this organization.")
                                           : sys == QLatin1String("entra")  ? tr("This fix changes Entra ID: open the Doctor with the Entra profile of this tenant.")
                                                                            : tr("This fix changes API Manager: connect to it first.")));
        return job;
    }
    const QString km = str(action, "keyManager");
    const QString id = str(action, "keyManagerId");

    if (kind == SetIssuer) {
        const QString issuer = str(action, "issuer");
        changeKeyManager(job, apim, id, [issuer](KeyManagerConfig &c) { c.issuer = issuer; },
                         tr("Key manager “%1” now has the issuer %2").arg(km, issuer));
    } else if (kind == UpdateEndpoints) {
        const QJsonObject endpoints = action.value(QLatin1String("endpoints")).toObject();
        const QString jwks = str(action, "jwks");
        changeKeyManager(job, apim, id, [endpoints, jwks](KeyManagerConfig &c) {
            for (auto it = endpoints.begin(); it != endpoints.end(); ++it)
                c.endpoints.insert(it.key(), it.value().toString());
            if (!jwks.isEmpty()) {
                c.certificateType = QStringLiteral("JWKS");
                c.certificateValue = jwks;
            }
        }, tr("Key manager “%1” now has its provider's endpoints").arg(km));
    } else if (kind == EnableKeyManager) {
        changeKeyManager(job, apim, id, [](KeyManagerConfig &c) { c.flags.insert(QStringLiteral("enabled"), true); },
                         tr("Key manager “%1” is enabled again").arg(km));
    } else if (kind == EntraApplication) {
        auto *check = new EntraAppCheck(graph, job);
        const QString finding = str(action, "finding");
        Job *fix = check->fix(str(action, "appId"), finding, action.value(QLatin1String("version")).toInt());
        const QString app = tr("%1 (client ID %2)").arg(str(action, "application"), str(action, "appId"));
        finishSaying(job, fix, finding == EntraAppCheck::IdentifierUriMissing
                                   ? tr("The Entra application %1 now has the Application ID URI api://%2").arg(app, str(action, "appId"))
                                   : tr("The Entra application %1 now gets v%2 tokens").arg(app).arg(action.value(QLatin1String("version")).toInt()));
    } else if (kind == AsgardeoAddScopes) {
        QStringList scopes;
        for (const QJsonValue &s : km::constTemporary(action.value(QLatin1String("scopes")).toArray()))
            scopes << s.toString();
        finishSaying(job, asgardeo->addScopes(str(action, "resourceId"), scopes),
                     tr("Added %n scope(s) to “%1”: %2", "", int(scopes.size())).arg(str(action, "resource"), scopes.join(QStringLiteral(", "))));
    } else if (kind == AsgardeoBindRoles) {
        bindRoles(job, asgardeo, action.value(QLatin1String("roles")).toArray());
    } else if (kind == EntraDeleteApplications) {
        deleteApplications(job, graph, action.value(QLatin1String("applications")).toArray());
    }
    return job;
}

} // namespace km
