#pragma once
// Microsoft Graph v1.0 applications, secrets and service principals with the Entra client's Graph
// token. A 404 Request_ResourceNotFound right after a create, and a 400 Request_BadRequest "does not
// reference a valid application object" for a service principal of a new application, are Graph's
// replication lag: calls wait it out on a timer (500 ms, doubling, up to a maximum) and say it was lag
// when the wait runs out.

#include "services/core/Job.h"
#include "services/http/HttpRequest.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>

namespace km {

class EntraClient;

class GraphClient : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultInitialDelayMs = 500;
    static constexpr int DefaultMaxWaitMs = 5000;

    explicit GraphClient(EntraClient *entra, QObject *parent = nullptr);

    EntraClient *entra() const;
    // How long a call keeps waiting out replication lag; maxWaitMs 0 turns the waiting off.
    void setReplicationWait(int initialDelayMs, int maxWaitMs);
    int initialDelayMs() const { return m_initialDelayMs; }
    int maxWaitMs() const { return m_maxWaitMs; }

    // {graph}/v1.0{path}
    QUrl url(const QString &path) const;

    // GET /applications?$filter=appId eq '…'. Result: the application, or null when there is none.
    Job *findApplicationByAppId(const QString &appId);
    // The tenant's applications the caller may read, following @odata.nextLink (only on the Graph URL's own
    // scheme, host and port: another host fails the listing) for up to `maxPages` pages.
    // Result: {"applications": [...], "truncated": bool (more pages were left), "pages": n}.
    Job *listApplications(int maxPages = 50);
    // GET /applications/{id}. Result: the application.
    Job *getApplication(const QString &objectId);
    // GET /applications(appId='…'). Result: the application (404 after the wait when there is none).
    Job *getApplicationByAppId(const QString &appId);
    // POST /applications {displayName, signInAudience: AzureADMyOrg, api: {requestedAccessTokenVersion}}. Result: the application.
    Job *createApplication(const QString &displayName, const QJsonValue &requestedAccessTokenVersion = QJsonValue(QJsonValue::Null));
    // PATCH /applications/{id}. Result: {"changed": the patch}.
    Job *patchApplication(const QString &objectId, const QJsonObject &changes);
    Job *setIdentifierUris(const QString &objectId, const QStringList &identifierUris);
    // PATCH api.requestedAccessTokenVersion (null, 1 or 2), keeping the rest of `currentApi`.
    Job *setRequestedAccessTokenVersion(const QString &objectId, const QJsonValue &version, const QJsonObject &currentApi = {});
    // POST /applications/{id}/addPassword. Result: {keyId, secretText, hint, displayName, startDateTime, endDateTime};
    // secretText is shown this once. The credential limit is said as such.
    Job *addPassword(const QString &objectId, const QString &displayName, const QDateTime &endDateTime = QDateTime());
    // POST /applications/{id}/removePassword {keyId}.
    Job *removePassword(const QString &objectId, const QString &keyId);
    // POST /servicePrincipals {appId}. Result: the service principal; 409 (exists) answers {"existing": true, "appId"}.
    Job *createServicePrincipal(const QString &appId);
    // GET /servicePrincipals?$filter=appId eq '…'. Result: the service principal or null.
    Job *findServicePrincipal(const QString &appId);
    Job *deleteApplication(const QString &objectId);

    // Any Graph call with `request.url` relative to /v1.0 (e.g. "/applications"), lag waited out.
    // True for the answers Graph gives while a new object replicates (see the class comment).
    static bool isReplicationLag(const ApiError &error);
    Job *call(HttpRequest request);

    // Graph errors said with their fix (permissions, the credential limit, verified domains).
    static ApiError explain(ApiError error);

private:
    // GET collection?$filter=appId eq '…': its first item, or null.
    Job *findFirst(const QString &collection, const QString &appId, const QString &purpose);
    // `signedInAgain`: a 401 already made the client fetch a new Graph token for this call.
    void attempt(FunctionJob *job, const HttpRequest &request, int delayMs, int waitedMs, bool signedInAgain = false);
    // Adds the applications of the page at `pageUrl` to `collected`, then reads the next page (Graph's
    // @odata.nextLink, on Graph's own origin only) until there is none or `maxPages` were read.
    void collectApplications(FunctionJob *job, const QUrl &pageUrl, const QJsonArray &collected, int pagesRead, int maxPages);

    QPointer<EntraClient> m_entra;
    int m_initialDelayMs = DefaultInitialDelayMs;
    int m_maxWaitMs = DefaultMaxWaitMs;
};

} // namespace km
