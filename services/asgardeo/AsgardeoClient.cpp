#include "services/asgardeo/AsgardeoClient.h"

#include "services/core/Logging.h"
#include "services/http/HttpJob.h"
#include "services/http/HttpSession.h"
#include "services/oauth/TokenClient.h"

#include <QJsonArray>
#include <QTimer>
#include <QUrlQuery>

namespace km {

QList<QPair<QString, QStringList>> AsgardeoClient::managementApis()
{
    return {
        {QStringLiteral("OAuth DCR API"), {QStringLiteral("internal_dcr_create"), QStringLiteral("internal_dcr_view"),
                                           QStringLiteral("internal_dcr_update"), QStringLiteral("internal_dcr_delete")}},
        {QStringLiteral("API Resource Management API"), {QStringLiteral("internal_api_resource_create"), QStringLiteral("internal_api_resource_view"),
                                                         QStringLiteral("internal_api_resource_update"), QStringLiteral("internal_api_resource_delete")}},
        {QStringLiteral("SCIM2 Roles API"), {QStringLiteral("internal_role_mgt_create"), QStringLiteral("internal_role_mgt_view"),
                                             QStringLiteral("internal_role_mgt_update"), QStringLiteral("internal_role_mgt_delete")}},
    };
}

QStringList AsgardeoClient::managementScopes()
{
    QStringList all;
    for (const auto &api : managementApis())
        all += api.second;
    return all;
}

AsgardeoClient::AsgardeoClient(HttpSession *session, const QUrl &baseUrl, const QString &organization, const QString &clientId,
                               const QString &clientSecret, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_baseUrl(baseUrl)
    , m_org(organization)
    , m_clientId(clientId)
    , m_clientSecret(clientSecret)
{
}

QUrl AsgardeoClient::organizationUrl(const QString &path) const
{
    QUrl url = m_baseUrl;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const int q = path.indexOf(QLatin1Char('?'));
    url.setPath(base + QStringLiteral("/t/") + m_org + (q < 0 ? path : path.left(q)));
    if (q >= 0)
        url.setQuery(path.mid(q + 1));
    return url;
}

ApiError AsgardeoClient::explainTokenError(ApiError e) const
{
    if (e.vendorCode == QLatin1String("invalid_client") || e.httpStatus == 401) {
        e.message = QStringLiteral("Asgardeo organization “%1” rejected the management application's client ID or secret").arg(m_org);
        e.hint = QStringLiteral("Check the organization name, and copy the client ID and secret again from the APIM-Management-App's Protocol tab in the Asgardeo Console.");
        e.field = e.description.contains(QLatin1String("Organization")) ? QStringLiteral("organization") : QStringLiteral("clientSecret");
    } else if (e.httpStatus == 404 || e.kind == ApiError::Kind::UnexpectedHtml) {
        e.message = QStringLiteral("Asgardeo has no organization named “%1”").arg(m_org);
        e.hint = QStringLiteral("Use the organization name exactly as it appears in Asgardeo URLs (/t/<organization>).");
        e.field = QStringLiteral("organization");
    }
    return e;
}

Job *AsgardeoClient::verifyManagementAccess()
{
    auto *job = new FunctionJob(this);
    // Ask for the Organization API twins as well: Asgardeo silently drops unauthorized scopes, so
    // seeing internal_org_* granted is the only way to tell which API the admin authorized.
    QStringList requested = managementScopes();
    for (const QString &s : managementScopes())
        requested << QString(s).replace(QStringLiteral("internal_"), QStringLiteral("internal_org_"));
    Job *token = TokenClient(m_session).clientCredentials(organizationUrl(QStringLiteral("/oauth2/token")), m_clientId, m_clientSecret,
                                                          requested, TokenClient::ClientAuth::Basic, job);
    job->track(token);
    connect(token, &Job::finished, job, [this, job](Job *t) {
        if (t->hasError()) {
            job->fail(explainTokenError(t->error()));
            return;
        }
        const QStringList granted = TokenClient::grantedScopes(t->result().toObject());
        QJsonArray apis;
        QStringList missing;
        for (const auto &api : managementApis()) {
            QStringList apiGranted, apiMissing;
            for (const QString &s : api.second)
                (granted.contains(s) ? apiGranted : apiMissing) << s;
            missing += apiMissing;
            apis.append(QJsonObject{{QStringLiteral("api"), api.first}, {QStringLiteral("granted"), QJsonArray::fromStringList(apiGranted)},
                                    {QStringLiteral("missing"), QJsonArray::fromStringList(apiMissing)}});
        }
        bool orgScopes = false;
        for (const QString &s : granted)
            orgScopes = orgScopes || s.startsWith(QLatin1String("internal_org_"));
        const bool mistake = orgScopes && !missing.isEmpty();
        QString message;
        if (mistake)
            message = QStringLiteral("The management application was authorized for the Organization API versions (internal_org_* scopes) "
                                     "instead of the Management API. In the Asgardeo Console open APIM-Management-App › API Authorization, "
                                     "remove the Organization API entries and authorize the Management API versions of OAuth DCR API, "
                                     "API Resource Management API and SCIM2 Roles API with all their scopes.");
        else if (!missing.isEmpty())
            message = QStringLiteral("The management token lacks %1 scope(s): %2. In the Asgardeo Console open APIM-Management-App › "
                                     "API Authorization and authorize the Management API versions of the APIs listed, with all scopes.")
                          .arg(missing.size()).arg(missing.join(QStringLiteral(", ")));
        else
            message = QStringLiteral("The management application holds all %1 scopes the connector needs.").arg(managementScopes().size());
        // Keep a token with only the management scopes for the calls that follow.
        QJsonObject tokenResponse = t->result().toObject();
        m_token = tokenResponse;
        const QJsonObject check{{QStringLiteral("granted"), QJsonArray::fromStringList(granted)},
                                {QStringLiteral("missing"), QJsonArray::fromStringList(missing)},
                                {QStringLiteral("apis"), apis},
                                {QStringLiteral("organizationApiMistake"), mistake},
                                {QStringLiteral("ok"), missing.isEmpty()},
                                {QStringLiteral("message"), message}};
        Q_EMIT managementTokenChecked(check);
        job->succeed(check);
    });
    return job;
}

void AsgardeoClient::withToken(FunctionJob *owner, TokenCallback callback)
{
    if (TokenClient::isFresh(m_token)) {
        callback(ApiError());
        return;
    }
    Job *token = TokenClient(m_session).clientCredentials(organizationUrl(QStringLiteral("/oauth2/token")), m_clientId, m_clientSecret,
                                                          managementScopes(), TokenClient::ClientAuth::Basic, owner);
    owner->track(token);
    connect(token, &Job::finished, owner, [this, callback](Job *t) {
        if (t->hasError()) {
            callback(explainTokenError(t->error()));
            return;
        }
        m_token = t->result().toObject();
        callback(ApiError());
    });
}

Job *AsgardeoClient::call(HttpRequest request)
{
    auto *job = new FunctionJob(this);
    withToken(job, [this, job, request](const ApiError &error) mutable {
        if (error.isError()) {
            job->fail(error);
            return;
        }
        request.url = organizationUrl(request.url.toString());
        request.setBearer(m_token.value(QLatin1String("access_token")).toString());
        HttpJob *http = m_session->send(request, job);
        job->track(http);
        connect(http, &Job::finished, job, [job](Job *h) {
            if (!h->hasError()) {
                job->succeed(h->result());
                return;
            }
            ApiError e = h->error();
            if (e.httpStatus == 403)
                e.hint = QStringLiteral("The management token lacks the scope for this operation: authorize the Management API versions "
                                        "of the APIs with all scopes for the management application.");
            job->fail(e);
        });
    });
    return job;
}

void AsgardeoClient::findPage(FunctionJob *job, const QString &name, const QString &after)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("filter"), QStringLiteral("name eq %1").arg(name));
    q.addQueryItem(QStringLiteral("limit"), QStringLiteral("10"));
    if (!after.isEmpty())
        q.addQueryItem(QStringLiteral("after"), after);
    HttpRequest r = HttpRequest::get(QUrl(QStringLiteral("/api/server/v1/api-resources?") + q.toString(QUrl::FullyEncoded)));
    r.purpose = QStringLiteral("Find API resource %1").arg(name);
    Job *page = call(r);
    job->track(page);
    connect(page, &Job::finished, job, [this, job, name](Job *p) {
        if (p->hasError()) {
            job->fail(p->error());
            return;
        }
        const QJsonObject result = p->result().toObject();
        for (const QJsonValue &v : result.value(QLatin1String("APIResources")).toArray()) {
            if (v.toObject().value(QLatin1String("name")).toString() == name) {
                job->succeed(v);
                return;
            }
        }
        for (const QJsonValue &l : result.value(QLatin1String("links")).toArray()) {
            if (l.toObject().value(QLatin1String("rel")).toString() == QLatin1String("next")) {
                const QUrlQuery next(QUrl(l.toObject().value(QLatin1String("href")).toString()).query());
                findPage(job, name, next.queryItemValue(QStringLiteral("after")));
                return;
            }
        }
        job->succeed(QJsonValue(QJsonValue::Null));
    });
}

Job *AsgardeoClient::findApiResourceByName(const QString &name)
{
    auto *job = new FunctionJob(this);
    findPage(job, name, QString());
    return job;
}

Job *AsgardeoClient::getApiResource(const QString &id)
{
    HttpRequest r = HttpRequest::get(QUrl(QStringLiteral("/api/server/v1/api-resources/") + id));
    r.purpose = QStringLiteral("Get API resource");
    return call(r);
}

ApiError AsgardeoClient::checkScopeName(const QString &scope)
{
    if (scope.startsWith(QLatin1String("internal"), Qt::CaseInsensitive))
        return ApiError::validation(QStringLiteral("The scope “%1” begins with “internal”, a prefix Asgardeo reserves for its own APIs (it would reject it with error 60008)").arg(scope),
                                    QStringLiteral("Rename the scope in API Manager, e.g. “%1”.").arg(scope.mid(8).prepend(QStringLiteral("api"))),
                                    QStringLiteral("scope"));
    if (scope.trimmed().isEmpty() || scope.contains(QLatin1Char(' ')))
        return ApiError::validation(QStringLiteral("“%1” is not a valid scope name").arg(scope), QStringLiteral("Scope names have no spaces."), QStringLiteral("scope"));
    return {};
}

Job *AsgardeoClient::createApiResource(const QString &identifier, const QString &name, const QString &description,
                                       const QStringList &scopes, bool requiresAuthorization)
{
    auto *job = new FunctionJob(this);
    QJsonArray scopeArray;
    for (const QString &s : scopes) {
        if (const ApiError e = checkScopeName(s)) {
            QTimer::singleShot(0, job, [job, e] { job->fail(e); });
            return job;
        }
        scopeArray.append(QJsonObject{{QStringLiteral("name"), s}, {QStringLiteral("displayName"), s}, {QStringLiteral("description"), s}});
    }
    const QJsonObject body{{QStringLiteral("identifier"), identifier}, {QStringLiteral("name"), name},
                           {QStringLiteral("description"), description}, {QStringLiteral("requiresAuthorization"), requiresAuthorization},
                           {QStringLiteral("scopes"), scopeArray}};
    HttpRequest r = HttpRequest::json("POST", QUrl(QStringLiteral("/api/server/v1/api-resources")), body);
    r.purpose = QStringLiteral("Create API resource %1").arg(name);
    Job *create = call(r);
    job->track(create);
    connect(create, &Job::finished, job, [this, job, name](Job *c) {
        if (!c->hasError()) {
            job->succeed(c->result());
            return;
        }
        if (c->error().httpStatus == 409) {
            Job *find = findApiResourceByName(name);
            job->track(find);
            connect(find, &Job::finished, job, [job, c](Job *f) {
                if (f->hasError() || f->result().isNull())
                    job->fail(c->error());
                else
                    job->succeed(f->result());
            });
            return;
        }
        job->fail(c->error());
    });
    return job;
}

Job *AsgardeoClient::addScopes(const QString &resourceId, const QStringList &scopes)
{
    auto *job = new FunctionJob(this);
    QJsonArray added;
    for (const QString &s : scopes) {
        if (const ApiError e = checkScopeName(s)) {
            QTimer::singleShot(0, job, [job, e] { job->fail(e); });
            return job;
        }
        added.append(QJsonObject{{QStringLiteral("name"), s}, {QStringLiteral("displayName"), s}, {QStringLiteral("description"), s}});
    }
    HttpRequest r = HttpRequest::json("PATCH", QUrl(QStringLiteral("/api/server/v1/api-resources/") + resourceId),
                                      QJsonObject{{QStringLiteral("addedScopes"), added}});
    r.purpose = QStringLiteral("Add scopes to API resource");
    Job *patch = call(r);
    job->track(patch);
    connect(patch, &Job::finished, job, [job](Job *p) {
        if (p->hasError())
            job->fail(p->error());
        else
            job->succeed();
    });
    return job;
}

Job *AsgardeoClient::findApplicationByClientId(const QString &clientId)
{
    auto *job = new FunctionJob(this);
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("filter"), QStringLiteral("clientId eq %1").arg(clientId));
    HttpRequest r = HttpRequest::get(QUrl(QStringLiteral("/api/server/v1/applications?") + q.toString(QUrl::FullyEncoded)));
    r.purpose = QStringLiteral("Find application by client ID");
    Job *find = call(r);
    job->track(find);
    connect(find, &Job::finished, job, [job, clientId](Job *f) {
        if (f->hasError()) {
            job->fail(f->error());
            return;
        }
        const QJsonArray apps = f->result().toObject().value(QLatin1String("applications")).toArray();
        if (apps.isEmpty()) {
            job->fail(ApiError::validation(QStringLiteral("No Asgardeo application has the client ID %1").arg(clientId),
                                           QStringLiteral("Check the client ID on the application's Protocol tab."), QStringLiteral("clientId")));
            return;
        }
        job->succeed(apps.first());
    });
    return job;
}

Job *AsgardeoClient::listApplications()
{
    auto *job = new FunctionJob(this);
    HttpRequest r = HttpRequest::get(QUrl(QStringLiteral("/api/server/v1/applications?limit=100")));
    r.purpose = QStringLiteral("List applications");
    Job *list = call(r);
    job->track(list);
    connect(list, &Job::finished, job, [job](Job *l) {
        if (l->hasError())
            job->fail(l->error());
        else
            job->succeed(l->result().toObject().value(QLatin1String("applications")).toArray());
    });
    return job;
}

Job *AsgardeoClient::authorizedApis(const QString &appId)
{
    HttpRequest r = HttpRequest::get(QUrl(QStringLiteral("/api/server/v1/applications/%1/authorized-apis").arg(appId)));
    r.purpose = QStringLiteral("Authorized APIs of an application");
    return call(r);
}

Job *AsgardeoClient::authorizeApi(const QString &appId, const QString &apiResourceId, const QStringList &scopes)
{
    auto *job = new FunctionJob(this);
    Job *current = authorizedApis(appId);
    job->track(current);
    connect(current, &Job::finished, job, [this, job, appId, apiResourceId, scopes](Job *c) {
        if (c->hasError()) {
            job->fail(c->error());
            return;
        }
        bool already = false;
        QStringList have;
        for (const QJsonValue &v : c->result().toArray()) {
            if (v.toObject().value(QLatin1String("id")).toString() != apiResourceId)
                continue;
            already = true;
            for (const QJsonValue &s : v.toObject().value(QLatin1String("authorizedScopes")).toArray())
                have << s.toObject().value(QLatin1String("name")).toString();
        }
        HttpRequest r;
        if (!already) {
            r = HttpRequest::json("POST", QUrl(QStringLiteral("/api/server/v1/applications/%1/authorized-apis").arg(appId)),
                                  QJsonObject{{QStringLiteral("id"), apiResourceId}, {QStringLiteral("policyIdentifier"), QStringLiteral("RBAC")},
                                              {QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)}});
        } else {
            QStringList added;
            for (const QString &s : scopes) {
                if (!have.contains(s))
                    added << s;
            }
            if (added.isEmpty()) {
                job->succeed(QJsonObject{{QStringLiteral("changed"), false}});
                return;
            }
            r = HttpRequest::json("PATCH", QUrl(QStringLiteral("/api/server/v1/applications/%1/authorized-apis/%2").arg(appId, apiResourceId)),
                                  QJsonObject{{QStringLiteral("addedScopes"), QJsonArray::fromStringList(added)},
                                              {QStringLiteral("removedScopes"), QJsonArray()}});
        }
        r.purpose = QStringLiteral("Authorize API for application");
        Job *send = call(r);
        job->track(send);
        connect(send, &Job::finished, job, [job](Job *s) {
            if (s->hasError())
                job->fail(s->error());
            else
                job->succeed(QJsonObject{{QStringLiteral("changed"), true}});
        });
    });
    return job;
}

Job *AsgardeoClient::ensureRole(const QString &displayName, const QStringList &permissions)
{
    auto *job = new FunctionJob(this);
    const QJsonObject search{{QStringLiteral("schemas"), QJsonArray{QStringLiteral("urn:ietf:params:scim:api:messages:2.0:SearchRequest")}},
                             {QStringLiteral("filter"), QStringLiteral("displayName eq %1").arg(displayName)}};
    HttpRequest r = HttpRequest::json("POST", QUrl(QStringLiteral("/scim2/v2/Roles/.search")), search, "application/scim+json");
    r.purpose = QStringLiteral("Find role %1").arg(displayName);
    Job *find = call(r);
    job->track(find);
    connect(find, &Job::finished, job, [this, job, displayName, permissions](Job *f) {
        if (f->hasError()) {
            job->fail(f->error());
            return;
        }
        const QJsonArray found = f->result().toObject().value(QLatin1String("Resources")).toArray();
        if (!found.isEmpty()) {
            QJsonObject role = found.first().toObject();
            role.insert(QStringLiteral("created"), false);
            job->succeed(role);
            return;
        }
        QJsonArray perms;
        for (const QString &p : permissions)
            perms.append(QJsonObject{{QStringLiteral("value"), p}});
        const QJsonObject body{{QStringLiteral("schemas"), QJsonArray{QStringLiteral("urn:ietf:params:scim:schemas:extension:2.0:Role")}},
                               {QStringLiteral("displayName"), displayName}, {QStringLiteral("permissions"), perms}};
        HttpRequest create = HttpRequest::json("POST", QUrl(QStringLiteral("/scim2/v2/Roles")), body, "application/scim+json");
        create.purpose = QStringLiteral("Create role %1").arg(displayName);
        Job *c = call(create);
        job->track(c);
        connect(c, &Job::finished, job, [job](Job *cj) {
            if (cj->hasError()) {
                job->fail(cj->error());
                return;
            }
            QJsonObject role = cj->result().toObject();
            role.insert(QStringLiteral("created"), true);
            job->succeed(role);
        });
    });
    return job;
}

} // namespace km
