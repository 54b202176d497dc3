#include "services/entra/GraphClient.h"
#include "services/core/ConstRange.h"
#include "services/core/Tasks.h"
#include "services/entra/EntraErrors.h"

#include "services/core/NextPage.h"
#include "services/entra/EntraClient.h"
#include "services/http/HttpJob.h"
#include "services/http/HttpSession.h"

#include <QJsonArray>
#include <QTimer>

namespace km {

namespace {

QString odataLiteral(const QString &value)
{
    return QString(value).replace(QLatin1Char('\''), QStringLiteral("''"));
}

// $filter=appId eq '…', percent-encoded for the query.
QString filterAppId(const QString &appId)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("appId eq '%1'").arg(odataLiteral(appId))));
}

} // namespace

// Graph's replication lag as it shows: a 404 Request_ResourceNotFound for an object created moments ago,
// and, for POST /servicePrincipals right after the application, a 400 Request_BadRequest saying the appId
// "does not reference a valid application object".
bool GraphClient::isReplicationLag(const ApiError &e)
{
    if (e.httpStatus == 404 && e.vendorCode == EntraErrors::GraphResourceNotFound)
        return true;
    return e.httpStatus == 400 && e.vendorCode == EntraErrors::GraphBadRequest
           && e.message.contains(QLatin1String("does not reference a valid application object"));
}

GraphClient::GraphClient(EntraClient *entra, QObject *parent)
    : QObject(parent ? parent : entra)
    , m_entra(entra)
{
}

EntraClient *GraphClient::entra() const
{
    return m_entra;
}

void GraphClient::setReplicationWait(int initialDelayMs, int maxWaitMs)
{
    m_initialDelayMs = qMax(1, initialDelayMs);
    m_maxWaitMs = qMax(0, maxWaitMs);
}

QUrl GraphClient::url(const QString &path) const
{
    QString base = m_entra->graphUrl().toString();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    return QUrl(base + QStringLiteral("/v1.0") + path);
}

ApiError GraphClient::explain(ApiError e)
{
    if (e.kind != ApiError::Kind::Http)
        return e;
    const QString code = e.vendorCode;
    if (code == QLatin1String("Authorization_RequestDenied") || e.httpStatus == 403) {
        e.hint = GraphClient::tr("The app lacks the Microsoft Graph permission for this: Application.ReadWrite.All (any application) or "
                                 "Application.ReadWrite.OwnedBy (only applications it created), with admin consent granted in Azure portal › "
                                 "App registrations › your app › API permissions.");
    } else if (code == QLatin1String("TooManyAppPasswords") || e.message.contains(QLatin1String("credential limit"))) {
        e.description = e.message;
        e.message = GraphClient::tr("The application already has as many client secrets as Entra ID allows here: a new one was refused");
        e.hint = GraphClient::tr("Remove an old or expired secret first (kmconsole-cli azure check-app lists them with their dates), "
                                 "then try again. The AzureAD connector adds a secret every time API Manager updates the application.");
    } else if (code == QLatin1String("HostNameNotOnVerifiedDomain")) {
        e.hint = QStringLiteral("Use api://<Application (client) ID>, or a URI on one of the tenant's verified domains.");
    } else if (code == QLatin1String("InvalidAuthenticationToken") || e.httpStatus == 401) {
        e.hint = GraphClient::tr("Microsoft Graph did not accept the token: check that the profile's Graph URL belongs to the same cloud as its sign-in URL.");
    }
    return e;
}

void GraphClient::attempt(FunctionJob *job, const HttpRequest &request, int delayMs, int waitedMs, bool signedInAgain)
{
    if (!m_entra) {
        job->fail(ApiError::cancelled());
        return;
    }
    m_entra->withGraphToken(job, [this, job, request, delayMs, waitedMs, signedInAgain](const ApiError &tokenError, const QString &token) {
        if (tokenError.isError()) {
            job->fail(tokenError);
            return;
        }
        HttpRequest r = request;
        r.setBearer(token);
        r.errorFormat = EntraErrors::parseGraph;
        if (!m_entra || !m_entra->session()) {
            job->fail(ApiError::cancelled());
            return;
        }
        r.system = GraphClient::tr("Microsoft Graph");
        job->whenDone(m_entra->session()->send(r, job), [this, job, request, delayMs, waitedMs, signedInAgain](const ApiError &error, const QJsonValue &result) {
            if (!error.isError()) {
                job->succeed(result);
                return;
            }
            ApiError e = error;
            if (e.httpStatus == 401 && !signedInAgain && m_entra) {
                // The cached Graph token expired or was revoked: sign in again once.
                m_entra->forgetToken();
                attempt(job, request, delayMs, waitedMs, true);
                return;
            }
            const bool lag = isReplicationLag(e);
            if (lag && waitedMs < m_maxWaitMs) {
                // New objects reach Graph's replicas after a while: wait, doubling, within the maximum.
                const int wait = qMin(delayMs, m_maxWaitMs - waitedMs);
                Q_EMIT job->progress(tr("Waiting %1 ms for Microsoft Graph to replicate the new object").arg(wait));
                QTimer::singleShot(wait, job, [this, job, request, delayMs, waitedMs, wait, signedInAgain] {
                    attempt(job, request, delayMs * 2, waitedMs + wait, signedInAgain);
                });
                return;
            }
            if (lag && waitedMs > 0) {
                e.description = e.message;
                e.message = tr("Microsoft Graph still did not find the object after waiting %1 ms: it was created moments ago and has not "
                               "replicated across Entra ID yet (replication lag)").arg(waitedMs);
                e.hint = e.httpStatus == 400
                             ? tr("If the application was created moments ago, try again in a minute; otherwise check that the Application (client) ID exists in this tenant.")
                             : tr("Nothing is wrong with the request: try again in a minute, or allow a longer wait.");
            }
            job->fail(explain(e));
        });
    });
}

Job *GraphClient::call(HttpRequest request)
{
    auto *job = new FunctionJob(this);
    // Relative to /v1.0; an absolute URL (a checked @odata.nextLink) is sent as it is.
    if (request.url.isRelative())
        request.url = url(request.url.toString(QUrl::FullyEncoded));
    attempt(job, request, m_initialDelayMs, 0);
    return job;
}

Job *GraphClient::listApplications(int maxPages)
{
    auto *job = new FunctionJob(this);
    collectApplications(job, QUrl(QStringLiteral("/applications?$top=999")), QJsonArray(), 0, maxPages);
    return job;
}

void GraphClient::collectApplications(FunctionJob *job, const QUrl &pageUrl, const QJsonArray &collected, int pagesRead, int maxPages)
{
    HttpRequest request = HttpRequest::get(pageUrl);
    request.purpose = tr("List Entra applications");
    // The job is this client's: the next page is never asked of a client that is gone.
    job->whenDone(call(request), [this, job, collected, pagesRead, maxPages](const ApiError &error, const QJsonValue &page) {
        if (error.isError())
            return job->fail(error);
        const QJsonObject result = page.toObject();
        QJsonArray applications = collected;
        for (const QJsonValue &v : km::constTemporary(result.value(QLatin1String("value")).toArray()))
            applications.append(v);
        const int pages = pagesRead + 1;
        const QString next = result.value(QLatin1String("@odata.nextLink")).toString();
        if (!next.isEmpty() && pages < maxPages) {
            // Only on Graph's own origin: the link carries the caller's bearer token with it.
            const QUrl base = url(QString());
            if (const ApiError refused = NextPage::check(base, next, pages, maxPages, tr("Microsoft Graph")))
                return job->fail(refused);
            return collectApplications(job, NextPage::resolve(base, next), applications, pages, maxPages);
        }
        job->succeed(QJsonObject{{QStringLiteral("applications"), applications}, {QStringLiteral("truncated"), !next.isEmpty()},
                                 {QStringLiteral("pages"), pages}});
    });
}

Job *GraphClient::findFirst(const QString &collection, const QString &appId, const QString &purpose)
{
    HttpRequest r = HttpRequest::get(QUrl(collection + QStringLiteral("?$filter=") + filterAppId(appId)));
    r.purpose = purpose;
    return tasks::map(call(r), [](const QJsonValue &found) {
        const QJsonArray value = found.toObject().value(QLatin1String("value")).toArray();
        return value.isEmpty() ? QJsonValue(QJsonValue::Null) : value.first();
    }, {}, this);
}

Job *GraphClient::findApplicationByAppId(const QString &appId)
{
    return findFirst(QStringLiteral("/applications"), appId, tr("Find Entra application %1").arg(appId));
}

Job *GraphClient::getApplication(const QString &objectId)
{
    HttpRequest r = HttpRequest::get(QUrl(QStringLiteral("/applications/") + objectId));
    r.purpose = tr("Get Entra application");
    return call(r);
}

Job *GraphClient::getApplicationByAppId(const QString &appId)
{
    HttpRequest r = HttpRequest::get(QUrl(QStringLiteral("/applications(appId='%1')").arg(QString::fromLatin1(QUrl::toPercentEncoding(odataLiteral(appId))))));
    r.purpose = tr("Get Entra application %1").arg(appId);
    return call(r);
}

Job *GraphClient::createApplication(const QString &displayName, const QJsonValue &requestedAccessTokenVersion)
{
    const QJsonObject body{{QStringLiteral("displayName"), displayName},
                           {QStringLiteral("signInAudience"), QStringLiteral("AzureADMyOrg")},
                           {QStringLiteral("api"), QJsonObject{{QStringLiteral("requestedAccessTokenVersion"), requestedAccessTokenVersion}}}};
    HttpRequest r = HttpRequest::json("POST", QUrl(QStringLiteral("/applications")), body);
    r.purpose = tr("Create Entra application %1").arg(displayName);
    return call(r);
}

Job *GraphClient::patchApplication(const QString &objectId, const QJsonObject &changes)
{
    HttpRequest r = HttpRequest::json("PATCH", QUrl(QStringLiteral("/applications/") + objectId), changes);
    r.purpose = tr("Update Entra application");
    return tasks::map(call(r), [changes](const QJsonValue &) { return QJsonObject{{QStringLiteral("changed"), changes}}; }, {}, this);
}

Job *GraphClient::setIdentifierUris(const QString &objectId, const QStringList &identifierUris)
{
    return patchApplication(objectId, QJsonObject{{QStringLiteral("identifierUris"), QJsonArray::fromStringList(identifierUris)}});
}

Job *GraphClient::setRequestedAccessTokenVersion(const QString &objectId, const QJsonValue &version, const QJsonObject &currentApi)
{
    // The whole `api` value goes back so its scopes and pre-authorized apps are kept as they are.
    QJsonObject api = currentApi;
    api.insert(QStringLiteral("requestedAccessTokenVersion"), version);
    return patchApplication(objectId, QJsonObject{{QStringLiteral("api"), api}});
}

Job *GraphClient::addPassword(const QString &objectId, const QString &displayName, const QDateTime &endDateTime)
{
    QJsonObject credential{{QStringLiteral("displayName"), displayName}};
    if (endDateTime.isValid())
        credential.insert(QStringLiteral("endDateTime"), endDateTime.toUTC().toString(Qt::ISODate));
    HttpRequest r = HttpRequest::json("POST", QUrl(QStringLiteral("/applications/%1/addPassword").arg(objectId)),
                                      QJsonObject{{QStringLiteral("passwordCredential"), credential}});
    r.purpose = tr("Add a client secret");
    return call(r);
}

Job *GraphClient::removePassword(const QString &objectId, const QString &keyId)
{
    HttpRequest r = HttpRequest::json("POST", QUrl(QStringLiteral("/applications/%1/removePassword").arg(objectId)),
                                      QJsonObject{{QStringLiteral("keyId"), keyId}});
    r.purpose = tr("Remove a client secret");
    return call(r);
}

Job *GraphClient::createServicePrincipal(const QString &appId)
{
    auto *job = new FunctionJob(this);
    HttpRequest r = HttpRequest::json("POST", QUrl(QStringLiteral("/servicePrincipals")), QJsonObject{{QStringLiteral("appId"), appId}});
    r.purpose = tr("Create service principal");
    // 409: it exists already, which is what was wanted.
    job->whenDone(call(r), [job, appId](const ApiError &error, const QJsonValue &created) {
        if (!error.isError())
            job->succeed(created);
        else if (error.httpStatus == 409)
            job->succeed(QJsonObject{{QStringLiteral("existing"), true}, {QStringLiteral("appId"), appId}});
        else
            job->fail(error);
    });
    return job;
}

Job *GraphClient::findServicePrincipal(const QString &appId)
{
    return findFirst(QStringLiteral("/servicePrincipals"), appId, tr("Find service principal"));
}

Job *GraphClient::deleteApplication(const QString &objectId)
{
    HttpRequest r = HttpRequest::del(QUrl(QStringLiteral("/applications/") + objectId));
    r.purpose = tr("Delete Entra application");
    return call(r);
}

} // namespace km
