#include "services/entra/EntraAppCheck.h"

#include "services/core/ConstRange.h"
#include "services/core/Tasks.h"
#include "services/entra/GraphClient.h"

#include <algorithm>

namespace km {

namespace {

using Severity = EntraFinding::Severity;

EntraFinding finding(const QString &id, Severity severity, const QString &message, const QString &fix, bool fixable)
{
    return EntraFinding{id, severity, message, fix, fixable, QString()};
}

} // namespace

QString EntraFinding::severityName() const
{
    switch (severity) {
    case Severity::Error: return QStringLiteral("error");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Info: break;
    }
    return QStringLiteral("info");
}

QJsonObject EntraFinding::toJson() const
{
    QJsonObject out{{QStringLiteral("id"), id}, {QStringLiteral("severity"), severityName()}, {QStringLiteral("message"), message},
                    {QStringLiteral("fix"), fix}, {QStringLiteral("fixable"), fixable}};
    if (!keyId.isEmpty())
        out.insert(QStringLiteral("keyId"), keyId);
    return out;
}

EntraFinding EntraFinding::fromJson(const QJsonValue &json)
{
    const QJsonObject o = json.toObject();
    const QString severity = o.value(QLatin1String("severity")).toString();
    return EntraFinding{o.value(QLatin1String("id")).toString(),
                        severity == QLatin1String("error") ? Severity::Error : severity == QLatin1String("warning") ? Severity::Warning : Severity::Info,
                        o.value(QLatin1String("message")).toString(), o.value(QLatin1String("fix")).toString(), o.value(QLatin1String("fixable")).toBool(),
                        o.value(QLatin1String("keyId")).toString()};
}

bool EntraAppCheckResult::ok() const
{
    return std::none_of(findings.cbegin(), findings.cend(), [](const EntraFinding &f) { return f.isError(); });
}

QStringList EntraAppCheckResult::errorIds() const
{
    QStringList out;
    for (const EntraFinding &f : findings) {
        if (f.isError())
            out << f.id;
    }
    return out;
}

QStringList EntraAppCheckResult::fixableIds() const
{
    QStringList out;
    for (const EntraFinding &f : findings) {
        if (f.fixable)
            out << f.id;
    }
    return out;
}

QJsonObject EntraAppCheckResult::toJson() const
{
    QJsonArray list;
    for (const EntraFinding &f : findings)
        list.append(f.toJson());
    return QJsonObject{{QStringLiteral("application"), application.toJson()}, {QStringLiteral("keyManagerVersion"), keyManagerVersion},
                       {QStringLiteral("findings"), list}, {QStringLiteral("ok"), ok()}};
}

EntraAppCheckResult EntraAppCheckResult::fromJson(const QJsonValue &json)
{
    const QJsonObject o = json.toObject();
    EntraAppCheckResult out;
    out.application = EntraAppSummary::fromJson(o.value(QLatin1String("application")));
    out.keyManagerVersion = o.value(QLatin1String("keyManagerVersion")).toInt();
    for (const QJsonValue &f : km::constTemporary(o.value(QLatin1String("findings")).toArray()))
        out.findings.append(EntraFinding::fromJson(f));
    return out;
}

EntraAppFixResult EntraAppFixResult::fromJson(const QJsonValue &json)
{
    const QJsonObject o = json.toObject();
    return EntraAppFixResult{o.value(QLatin1String("fixed")).toString(), EntraAppCheckResult::fromJson(o.value(QLatin1String("check")))};
}

EntraAppCheck::EntraAppCheck(GraphClient *graph, QObject *parent)
    : QObject(parent ? parent : graph)
    , m_graph(graph)
{
}

QList<EntraFinding> EntraAppCheck::findings(const EntraApplication &app, int keyManagerVersion, const QDateTime &now)
{
    QList<EntraFinding> out;
    const QString name = app.displayName;
    const QString uri = app.ownIdentifierUri();
    const QString portal = EntraAppCheck::tr("Azure portal › App registrations › %1").arg(name);

    if (!app.hasOwnIdentifierUri()) {
        out.append(finding(QString(IdentifierUriMissing), Severity::Error,
                           QObject::tr("“%1” has no Application ID URI %2: clients asking for %2/.default get AADSTS500011 "
                                       "(Entra finds no resource by that URI)").arg(name, uri),
                           QObject::tr("Set the Application ID URI to %1 (%2 › Expose an API › Add).").arg(uri, portal), true));
    }

    const QJsonValue requested = app.requestedAccessTokenVersion();
    const int actual = app.tokenVersion();
    if (keyManagerVersion == 2 && actual != 2) {
        out.append(finding(QString(TokenVersionMismatch), Severity::Error,
                           QObject::tr("“%1” gets v1 tokens (requestedAccessTokenVersion is %2) but the key manager expects v2: the gateway "
                                       "rejects them with 900901 (a v1 issuer, https://sts.windows.net/… or on an External ID tenant https://{tenant-id}.ciamlogin.com/{tenant-id}/, "
                                       "and no azp claim)")
                               .arg(name, requested.isNull() || requested.isUndefined() ? QStringLiteral("null") : QString::number(requested.toInt())),
                           QObject::tr("Set requestedAccessTokenVersion to 2 (%1 › Manifest, \"requestedAccessTokenVersion\": 2).").arg(portal), true));
    } else if (keyManagerVersion == 1 && actual != 1) {
        out.append(finding(QString(TokenVersionMismatch), Severity::Error,
                           QObject::tr("“%1” gets v2 tokens (requestedAccessTokenVersion is 2) but the key manager expects v1: the gateway "
                                       "rejects them with 900901 (issuer …/v2.0 and no appid claim)").arg(name),
                           QObject::tr("Set requestedAccessTokenVersion to 1 (%1 › Manifest), or use a v2 key manager for this application.").arg(portal), true));
    }

    const QList<EntraSecret> &secrets = app.secrets;
    if (secrets.isEmpty()) {
        out.append(finding(QString(NoSecret), Severity::Warning,
                           QObject::tr("“%1” has no client secret: clients cannot get tokens with it").arg(name),
                           QObject::tr("Add a client secret (%1 › Certificates & secrets) and give its Value to the client; Entra shows it only once.").arg(portal), false));
    }
    const int limit = app.secretLimit();
    if (limit > 0 && secrets.size() >= limit) {
        QStringList dates;
        for (const EntraSecret &secret : secrets)
            dates << QObject::tr("%1 (expires %2)").arg(secret.keyId, secret.end.date().toString(Qt::ISODate));
        out.append(finding(QString(SecretLimitReached), Severity::Warning,
                           QObject::tr("“%1” has %2 client secrets, the limit for its audience (%3) is %4: the next secret (the connector adds "
                                       "one on every update of the application) will be refused: %5")
                               .arg(name).arg(secrets.size()).arg(app.signInAudience).arg(limit).arg(dates.join(QStringLiteral(", "))),
                           QObject::tr("Remove a secret that is no longer used (kmconsole-cli azure check-app … --remove-secret KEY_ID, or %1 › "
                                       "Certificates & secrets).").arg(portal), false));
    }
    for (const EntraSecret &secret : secrets) {
        const QDateTime &end = secret.end;
        if (!end.isValid())
            continue;
        const QString &keyId = secret.keyId;
        EntraFinding f;
        if (end < now)
            f = finding(QString(SecretExpired), Severity::Warning,
                        QObject::tr("Client secret %1 (%2) expired on %3: tokens with it fail with AADSTS7000222")
                            .arg(keyId, secret.displayName, end.date().toString(Qt::ISODate)),
                        QObject::tr("Remove it and give the clients a new secret."), false);
        else if (now.daysTo(end) <= ExpiryWarningDays)
            f = finding(QString(SecretExpiring), Severity::Info,
                        QObject::tr("Client secret %1 (%2) expires on %3, in %n day(s)", nullptr, int(now.daysTo(end)))
                            .arg(keyId, secret.displayName, end.date().toString(Qt::ISODate)),
                        QObject::tr("Add a new secret before then and move the clients to it."), false);
        if (!f.id.isEmpty()) {
            f.keyId = keyId;
            out.append(f);
        }
    }
    return out;
}

QJsonObject EntraAppCheck::fixPatch(const EntraApplication &app, const QString &findingId, int keyManagerVersion)
{
    if (findingId == IdentifierUriMissing)
        return app.identifierUriPatch();
    if (findingId == TokenVersionMismatch && (keyManagerVersion == 1 || keyManagerVersion == 2))
        return app.tokenVersionPatch(keyManagerVersion);
    return QJsonObject();
}

Job *EntraAppCheck::withApplication(const QString &appId, const std::function<Job *(const EntraApplication &app)> &next)
{
    // The steps run in the sequence's lifetime, which ends with this object's: `this` is never used after it.
    const QPointer<GraphClient> graph(m_graph);
    return tasks::sequence({[this, graph, appId](const QJsonValue &) -> Job * {
                                return graph ? graph->findApplicationByAppId(appId) : tasks::failed(ApiError::cancelled(), this);
                            },
                            [this, appId, next](const QJsonValue &found) -> Job * {
                                if (!found.isNull())
                                    return next(EntraApplication::fromGraph(found.toObject()));
                                return tasks::failed(
                                    ApiError::validation(tr("Entra ID has no application with the Application (client) ID %1 that this app may read").arg(appId),
                                                         tr("Copy the Application (client) ID from Azure portal › App registrations › the app › Overview. "
                                                            "An app holding only Application.ReadWrite.OwnedBy sees only the applications it created."),
                                                         QStringLiteral("appId")),
                                    this);
                            }},
                           this);
}

Job *EntraAppCheck::check(const QString &appId, int keyManagerVersion)
{
    return withApplication(appId, [this, keyManagerVersion](const EntraApplication &app) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        return tasks::done(EntraAppCheckResult{app.summary(now), keyManagerVersion, findings(app, keyManagerVersion, now)}.toJson(), this);
    });
}

Job *EntraAppCheck::fix(const QString &appId, const QString &findingId, int keyManagerVersion)
{
    return withApplication(appId, [this, appId, findingId, keyManagerVersion](const EntraApplication &app) -> Job * {
        const QList<EntraFinding> found = findings(app, keyManagerVersion);
        const bool present = std::any_of(found.cbegin(), found.cend(), [&findingId](const EntraFinding &f) { return f.id == findingId; });
        if (!present)
            return tasks::done(QJsonObject{{QStringLiteral("fixed"), QJsonValue(QJsonValue::Null)}, {QStringLiteral("alreadyFine"), findingId}}, this);
        const QJsonObject patch = fixPatch(app, findingId, keyManagerVersion);
        if (patch.isEmpty())
            return tasks::failed(ApiError::validation(tr("“%1” cannot be fixed automatically").arg(findingId),
                                                      tr("Follow the finding's fix in the Azure portal."), QStringLiteral("finding")),
                                 this);
        const QPointer<GraphClient> graph(m_graph);
        const QString objectId = app.objectId;
        return tasks::sequence(
            {[this, graph, objectId, patch](const QJsonValue &) -> Job * {
                 return graph ? graph->patchApplication(objectId, patch) : tasks::failed(ApiError::cancelled(), this);
             },
             [this, appId, keyManagerVersion](const QJsonValue &) { return check(appId, keyManagerVersion); },
             [this, findingId, patch](const QJsonValue &checked) {
                 return tasks::done(QJsonObject{{QStringLiteral("fixed"), findingId}, {QStringLiteral("patch"), patch}, {QStringLiteral("check"), checked}},
                                    this);
             }},
            this);
    });
}

Job *EntraAppCheck::removeSecret(const QString &appId, const QString &keyId)
{
    return withApplication(appId, [this, keyId](const EntraApplication &app) -> Job * {
        const bool known = std::any_of(app.secrets.cbegin(), app.secrets.cend(), [&keyId](const EntraSecret &s) { return s.keyId == keyId; });
        if (!known)
            return tasks::failed(ApiError::validation(tr("“%1” has no client secret with the ID %2").arg(app.displayName, keyId),
                                                      tr("Use a keyId from the check's list of secrets."), QStringLiteral("keyId")),
                                 this);
        const QPointer<GraphClient> graph(m_graph);
        const QString objectId = app.objectId;
        return tasks::sequence({[this, graph, objectId, keyId](const QJsonValue &) -> Job * {
                                    return graph ? graph->removePassword(objectId, keyId) : tasks::failed(ApiError::cancelled(), this);
                                },
                                [this, keyId](const QJsonValue &) { return tasks::done(QJsonObject{{QStringLiteral("removed"), keyId}}, this); }},
                               this);
    });
}

} // namespace km
