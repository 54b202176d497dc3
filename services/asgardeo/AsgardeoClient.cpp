#include "services/asgardeo/AsgardeoClient.h"
#include "services/core/EnglishPlurals.h"
#include "services/core/ConstRange.h"
#include "services/asgardeo/AsgardeoApiResource.h"
#include "services/asgardeo/AsgardeoErrors.h"
#include "services/oauth/OAuthErrors.h"

#include "services/core/Logging.h"
#include "services/core/NextPage.h"
#include "services/core/Tasks.h"
#include "services/http/HttpJob.h"
#include "services/http/HttpSession.h"
#include "services/oauth/TokenClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <QUrlQuery>

#include <memory>

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

QStringList AsgardeoClient::applicationScopes()
{
    return {QString(ApplicationViewScope), QString(ApplicationUpdateScope)};
}

QStringList AsgardeoClient::requestedScopes()
{
    return managementScopes() + applicationScopes();
}

QString AsgardeoClient::apiOfScope(const QString &scope)
{
    for (const auto &api : managementApis()) {
        if (api.second.contains(scope))
            return api.first;
    }
    if (scope.startsWith(QLatin1String("internal_application_mgt_")))
        return QStringLiteral("Application Management API");
    return QString();
}

QStringList AsgardeoClient::oidcScopes()
{
    return {QStringLiteral("openid"), QStringLiteral("email"), QStringLiteral("profile"), QStringLiteral("address"), QStringLiteral("phone")};
}

QString AsgardeoClient::scimString(const QString &value)
{
    // A JSON string literal is exactly RFC 7644's compValue string form: quotes and backslashes escaped.
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
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
    if (e.vendorCode == OAuthErrors::InvalidClient || e.httpStatus == 401) {
        e.message = AsgardeoClient::tr("Asgardeo organization “%1” rejected the management application's client ID or secret").arg(m_org);
        e.hint = AsgardeoClient::tr("Check the organization name, and copy the client ID and secret again from the APIM-Management-App's Protocol tab in the Asgardeo Console.");
        e.field = e.description.contains(QLatin1String("Organization")) ? QStringLiteral("organization") : QStringLiteral("clientSecret");
    } else if (e.httpStatus == 404) {
        e.message = AsgardeoClient::tr("Asgardeo has no organization named “%1”").arg(m_org);
        e.hint = AsgardeoClient::tr("Use the organization name exactly as it appears in Asgardeo URLs (/t/<organization>).");
        e.field = QStringLiteral("organization");
    } else if (e.kind == ApiError::Kind::UnexpectedHtml) {
        // A web page where the token endpoint should answer: a wrong organization, or a proxy's page.
        e.message = AsgardeoClient::tr("Asgardeo answered the token request for organization “%1” with an HTML page instead of a token").arg(m_org);
        e.hint = AsgardeoClient::tr("Use the organization name exactly as it appears in Asgardeo URLs (/t/<organization>); if it is right, a proxy "
                                    "or login page is answering instead of Asgardeo.");
        e.field = QStringLiteral("organization");
    }
    return e;
}

Job *AsgardeoClient::verifyManagementAccess()
{
    auto *job = new FunctionJob(this);
    // Ask for the Organization API twins as well: Asgardeo silently drops unauthorized scopes, so
    // seeing internal_org_* granted is the only way to tell which API the admin authorized.
    QStringList requested = requestedScopes();
    for (const QString &s : managementScopes())
        requested << QString(s).replace(QStringLiteral("internal_"), QStringLiteral("internal_org_"));
    Job *token = TokenClient(m_session, QStringLiteral("Asgardeo")).clientCredentials(organizationUrl(QStringLiteral("/oauth2/token")), m_clientId, m_clientSecret,
                                                          requested, TokenClient::ClientAuth::Basic, job);
    job->whenDone(token, [this, job](const ApiError &error, const QJsonValue &answer) {
        if (error.isError()) {
            job->fail(explainTokenError(error));
            return;
        }
        const QStringList granted = TokenClient::grantedScopes(answer.toObject());
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
        QJsonArray optional;
        QStringList optionalMissing;
        for (const QString &s : applicationScopes()) {
            const bool has = granted.contains(s);
            if (!has)
                optionalMissing << s;
            optional.append(QJsonObject{
                {QStringLiteral("scope"), s}, {QStringLiteral("api"), apiOfScope(s)}, {QStringLiteral("granted"), has},
                {QStringLiteral("unlocks"), s == ApplicationViewScope
                                                ? tr("Scopes › Authorize for an application…: listing the organization's applications and what they may request")
                                                : tr("Scopes › Authorize for an application…: authorizing scopes for an application")}});
        }
        bool orgScopes = false;
        for (const QString &s : granted)
            orgScopes = orgScopes || s.startsWith(QLatin1String("internal_org_"));
        const bool mistake = orgScopes && !missing.isEmpty();
        QString message;
        if (mistake)
            message = AsgardeoClient::tr("The management application was authorized for the Organization API versions (internal_org_* scopes) "
                                         "instead of the Management API. In the Asgardeo Console open APIM-Management-App › API Authorization, "
                                         "remove the Organization API entries and authorize the Management API versions of OAuth DCR API, "
                                         "API Resource Management API and SCIM2 Roles API with all their scopes.");
        else if (!missing.isEmpty())
            message = EnglishPlurals::form(AsgardeoClient::tr("The management token lacks %1 scope(s): %2. In the Asgardeo Console open APIM-Management-App › "
                                                              "API Authorization and authorize the Management API versions of the APIs listed, with all scopes."),
                                           int(missing.size()))
                          .arg(missing.size()).arg(missing.join(QStringLiteral(", ")));
        else
            message = AsgardeoClient::tr("The management application holds all %1 scopes the connector needs.").arg(managementScopes().size());
        if (!mistake && !optionalMissing.isEmpty())
            message += AsgardeoClient::tr(" Optional, for the Scopes page's “Authorize for an application…”: %1 not granted; authorize the "
                                          "Application Management API (Management API) with %2 for APIM-Management-App to use it.")
                           .arg(optionalMissing.join(QStringLiteral(" and ")), applicationScopes().join(QStringLiteral(" and ")));
        // Keep the token for the calls that follow.
        QJsonObject tokenResponse = answer.toObject();
        m_token = tokenResponse;
        const QJsonObject check{{QStringLiteral("granted"), QJsonArray::fromStringList(granted)},
                                {QStringLiteral("missing"), QJsonArray::fromStringList(missing)},
                                {QStringLiteral("apis"), apis},
                                {QStringLiteral("optional"), optional},
                                {QStringLiteral("optionalMissing"), QJsonArray::fromStringList(optionalMissing)},
                                {QStringLiteral("organizationApiMistake"), mistake},
                                {QStringLiteral("ok"), missing.isEmpty()},
                                {QStringLiteral("message"), message}};
        Q_EMIT managementTokenChecked(check);
        job->succeed(check);
    });
    return job;
}

ApiError AsgardeoClient::missingScopeError(const QString &scope) const
{
    const QString api = apiOfScope(scope);
    // Said before anything is sent (the token shows the scope is missing), so no HTTP status of its own.
    ApiError e;
    e.kind = ApiError::Kind::Validation;
    e.vendorCode = QStringLiteral("missing-scope");
    e.field = QStringLiteral("scope");
    e.message = AsgardeoClient::tr("The management application of Asgardeo organization “%1” is not authorized for the scope %2%3, "
                                   "which Asgardeo requires for this operation")
                    .arg(m_org, scope, api.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(api));
    e.hint = AsgardeoClient::tr("In the Asgardeo Console open Applications › APIM-Management-App › API Authorization, authorize the "
                                "Management API version of %1 with the scope %2, then try again.")
                 .arg(api.isEmpty() ? AsgardeoClient::tr("the API") : api, scope);
    return e;
}

ApiError AsgardeoClient::explainApiError(ApiError e, const QString &requiredScope) const
{
    if (e.kind != ApiError::Kind::Http)
        return e;
    if (e.httpStatus == 403 && !requiredScope.isEmpty()) {
        ApiError named = missingScopeError(requiredScope);
        named.kind = ApiError::Kind::Http;
        named.httpStatus = 403;
        named.url = e.url;
        return named;
    }
    const QString code = e.vendorCode;
    const QString vendor = e.message + (e.description.isEmpty() ? QString() : QStringLiteral(" ") + e.description);
    if (code == QLatin1String("API-RESOURCE-60008")) {
        e.message = AsgardeoClient::tr("Asgardeo refused a scope name as restricted (API-RESOURCE-60008: %1)").arg(vendor.trimmed());
        e.hint = AsgardeoClient::tr("Asgardeo reserves scope names that start with its restricted prefixes (“%1” by default, case-sensitive) "
                                    "for its own APIs: rename the scope in API Manager so it does not start with one.").arg(RestrictedScopePrefix);
        e.field = QStringLiteral("scope");
    } else if (code == QLatin1String("API-RESOURCE-60009")) {
        e.message = AsgardeoClient::tr("Asgardeo refused a scope whose name is an OpenID Connect scope (API-RESOURCE-60009: %1)").arg(vendor.trimmed());
        e.hint = AsgardeoClient::tr("Names such as %1 belong to OpenID Connect in Asgardeo: rename the API Manager scope, e.g. with a prefix "
                                    "of the API (“orders:%2”).").arg(oidcScopes().join(QStringLiteral(", ")), oidcScopes().constFirst());
        e.field = QStringLiteral("scope");
    } else if (code == QLatin1String("API-RESOURCE-60005")) {
        e.message = AsgardeoClient::tr("Asgardeo refused a blank scope name (API-RESOURCE-60005: %1)").arg(vendor.trimmed());
        e.hint = AsgardeoClient::tr("Give every scope a name.");
        e.field = QStringLiteral("scope");
    }
    return e;
}

void AsgardeoClient::withToken(FunctionJob *owner, const QString &requiredScope, TokenCallback callback)
{
    // A token response without `scope` cannot be judged here: the call is sent and a 403 explained afterwards.
    const auto lacks = [requiredScope](const QJsonObject &token) {
        return !requiredScope.isEmpty() && token.contains(QLatin1String("scope")) && !TokenClient::grantedScopes(token).contains(requiredScope);
    };
    if (TokenClient::isFresh(m_token) && !lacks(m_token)) {
        callback(ApiError());
        return;
    }
    // A cached token without the scope is replaced once: the scope may have been authorized since.
    Job *token = TokenClient(m_session, QStringLiteral("Asgardeo")).clientCredentials(organizationUrl(QStringLiteral("/oauth2/token")), m_clientId, m_clientSecret,
                                                          requestedScopes(), TokenClient::ClientAuth::Basic, owner);
    owner->whenDone(token, [this, callback, lacks, requiredScope](const ApiError &error, const QJsonValue &answer) {
        if (error.isError()) {
            callback(explainTokenError(error));
            return;
        }
        m_token = answer.toObject();
        callback(lacks(m_token) ? missingScopeError(requiredScope) : ApiError());
    });
}

Job *AsgardeoClient::call(HttpRequest request, const QString &requiredScope, SuccessHandler onSuccess)
{
    auto *job = new FunctionJob(this);
    withToken(job, requiredScope, [this, job, request, requiredScope, onSuccess](const ApiError &error) mutable {
        if (error.isError()) {
            job->fail(error);
            return;
        }
        if (request.url.isRelative())
            request.url = organizationUrl(request.url.toString(QUrl::FullyEncoded));
        request.setBearer(m_token.value(QLatin1String("access_token")).toString());
        request.system = QStringLiteral("Asgardeo");
        request.errorFormat = AsgardeoErrors::parse;
        HttpJob *http = m_session->send(request, job);
        job->track(http);
        // `this` outlives the job (its parent); the HTTP job is handed in, never captured.
        connect(http, &Job::finished, job, [this, job, requiredScope, onSuccess](Job *h) {
            if (h->hasError()) {
                job->fail(explainApiError(h->error(), requiredScope));
                return;
            }
            if (onSuccess)
                onSuccess(job, static_cast<HttpJob *>(h));
            else
                job->succeed(h->result());
        });
    });
    return job;
}

void AsgardeoClient::findPage(FunctionJob *job, const QString &name, const QUrl &pageUrl, int pagesRead)
{
    HttpRequest r = HttpRequest::get(pageUrl);
    r.purpose = AsgardeoClient::tr("Find API resource %1").arg(name);
    job->whenDone(call(r, QStringLiteral("internal_api_resource_view")), [this, job, name, pagesRead](const ApiError &error, const QJsonValue &page) {
        if (error.isError()) {
            job->fail(error);
            return;
        }
        const QJsonObject result = page.toObject();
        for (const AsgardeoApiResource &entry : AsgardeoApiResource::listFromJson(result)) {
            if (entry.name == name)
                return job->succeed(entry.toJson());
        }
        for (const QJsonValue &l : km::constTemporary(result.value(QLatin1String("links")).toArray())) {
            if (l.toObject().value(QLatin1String("rel")).toString() != QLatin1String("next"))
                continue;
            const QString href = l.toObject().value(QLatin1String("href")).toString();
            const QUrl base = organizationUrl();
            if (const ApiError refused = NextPage::check(base, href, pagesRead + 1, MaxListPages, QStringLiteral("Asgardeo"))) {
                job->fail(refused);
                return;
            }
            findPage(job, name, NextPage::resolve(base, href), pagesRead + 1);
            return;
        }
        job->succeed(QJsonValue(QJsonValue::Null));
    });
}

Job *AsgardeoClient::findApiResourceByName(const QString &name)
{
    auto *job = new FunctionJob(this);
    // The connector's own lookup: ?limit=…&filter=name+eq+{name}, the value unquoted.
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("filter"), QStringLiteral("name eq %1").arg(name));
    q.addQueryItem(QStringLiteral("limit"), QStringLiteral("10"));
    findPage(job, name, organizationUrl(QStringLiteral("/api/server/v1/api-resources?") + q.toString(QUrl::FullyEncoded)), 0);
    return job;
}

Job *AsgardeoClient::readApiResourceByName(const QString &name)
{
    // The search answers without scopes; the resource itself has them. None found: null, as the search.
    return tasks::sequence({[this, name](const QJsonValue &) { return findApiResourceByName(name); },
                            [this](const QJsonValue &found) -> Job * {
                                const AsgardeoApiResource entry = AsgardeoApiResource::fromJson(found);
                                return entry.isNull() ? nullptr : getApiResource(entry.id);
                            }},
                           this);
}

Job *AsgardeoClient::getApiResource(const QString &id)
{
    HttpRequest r = HttpRequest::get(QUrl(QStringLiteral("/api/server/v1/api-resources/") + id));
    r.purpose = AsgardeoClient::tr("Get API resource");
    return call(r, QStringLiteral("internal_api_resource_view"));
}

ApiError AsgardeoClient::checkScopeName(const QString &scope)
{
    const QString field = QStringLiteral("scope");
    if (scope.trimmed().isEmpty())
        return ApiError::validation(AsgardeoClient::tr("A scope name is blank (Asgardeo would refuse it with API-RESOURCE-60005)"),
                                    AsgardeoClient::tr("Give every scope a name."), field);
    if (scope.startsWith(RestrictedScopePrefix)) {
        const QString rest = scope.mid(RestrictedScopePrefix.size());
        return ApiError::validation(AsgardeoClient::tr("The scope “%1” begins with “%2”, a prefix Asgardeo reserves for its own APIs "
                                                       "(it would refuse it with API-RESOURCE-60008)").arg(scope, RestrictedScopePrefix),
                                    rest.isEmpty() ? AsgardeoClient::tr("Rename the scope in API Manager without that prefix.")
                                                   : AsgardeoClient::tr("Rename the scope in API Manager, e.g. “%1”.").arg(rest),
                                    field);
    }
    if (oidcScopes().contains(scope))
        return ApiError::validation(AsgardeoClient::tr("The scope “%1” has the name of an OpenID Connect scope, which Asgardeo keeps for itself "
                                                       "(it would refuse it with API-RESOURCE-60009)").arg(scope),
                                    AsgardeoClient::tr("Rename the scope in API Manager, e.g. “api:%1”.").arg(scope), field);
    if (scope.contains(QLatin1Char(' ')))
        return ApiError::validation(AsgardeoClient::tr("“%1” is not a valid scope name").arg(scope),
                                    AsgardeoClient::tr("OAuth 2.0 scope names have no spaces."), field);
    return {};
}

Job *AsgardeoClient::createApiResource(const QString &identifier, const QString &name, const QString &description,
                                       const QStringList &scopes, bool requiresAuthorization)
{
    auto *job = new FunctionJob(this);
    QJsonArray scopeArray;
    for (const QString &s : scopes) {
        if (const ApiError e = checkScopeName(s)) {
            job->failLater(e);
            return job;
        }
        scopeArray.append(QJsonObject{{QStringLiteral("name"), s}, {QStringLiteral("displayName"), s}, {QStringLiteral("description"), s}});
    }
    const QJsonObject body{{QStringLiteral("identifier"), identifier}, {QStringLiteral("name"), name},
                           {QStringLiteral("description"), description}, {QStringLiteral("requiresAuthorization"), requiresAuthorization},
                           {QStringLiteral("scopes"), scopeArray}};
    HttpRequest r = HttpRequest::json("POST", QUrl(QStringLiteral("/api/server/v1/api-resources")), body);
    r.purpose = AsgardeoClient::tr("Create API resource %1").arg(name);
    // What was created, read back when the 201 carried no resource: by its Location, else by name.
    const auto readBack = [this, job, name](const QString &location) {
        const QString id = QUrl(location).path().section(QLatin1Char('/'), -1);
        Job *read = id.isEmpty() ? findApiResourceByName(name) : getApiResource(id);
        job->whenDone(read, [job, name](const ApiError &error, const QJsonValue &resource) {
            if (!error.isError() && resource.isObject()) {
                job->succeed(resource);
                return;
            }
            ApiError e = error.isError() ? error : ApiError::protocol(AsgardeoClient::tr("Asgardeo does not list it yet"));
            e.message = AsgardeoClient::tr("Asgardeo created the API resource “%1” but it could not be read back: %2").arg(name, e.message);
            e.hint = AsgardeoClient::tr("Run the setup again: it finds the resource that now exists and continues from there.");
            job->fail(e);
        });
    };
    // Asgardeo answers 201 + Location; the body (the resource) is not relied upon.
    Job *create = call(r, QStringLiteral("internal_api_resource_create"), [](FunctionJob *j, HttpJob *http) {
        j->succeed(QJsonObject{{QStringLiteral("resource"), http->result()},
                               {QStringLiteral("location"), QString::fromUtf8(http->responseHeader("Location"))}});
    });
    job->whenDone(create, [this, job, name, identifier, readBack](const ApiError &error, const QJsonValue &created) {
        if (!error.isError()) {
            const QJsonObject answer = created.toObject();
            const QJsonObject resource = answer.value(QLatin1String("resource")).toObject();
            if (!resource.value(QLatin1String("id")).toString().isEmpty())
                job->succeed(resource);
            else
                readBack(answer.value(QLatin1String("location")).toString());
            return;
        }
        if (error.httpStatus != 409) {
            job->fail(error);
            return;
        }
        job->whenDone(findApiResourceByName(name), [job, conflict = error, name, identifier](const ApiError &lookupError, const QJsonValue &found) {
            if (!lookupError.isError() && found.isObject()) {
                job->succeed(found);
                return;
            }
            ApiError e = conflict;
            e.description = conflict.message;
            e.message = lookupError.isError()
                            ? AsgardeoClient::tr("Asgardeo says the API resource “%1” already exists (409), but looking it up failed: %2").arg(name, lookupError.message)
                            : AsgardeoClient::tr("Asgardeo already has an API resource with the identifier “%1” (409), but none named “%2”").arg(identifier, name);
            e.hint = AsgardeoClient::tr("Another API resource uses that identifier: in the Asgardeo Console › API Resources, find it and use its name, "
                                        "or delete it if it is unused, then run the setup again.");
            job->fail(e);
        });
    });
    return job;
}

Job *AsgardeoClient::addScopes(const QString &resourceId, const QStringList &scopes)
{
    QJsonArray added;
    for (const QString &s : scopes) {
        if (const ApiError e = checkScopeName(s))
            return tasks::failed(e, this);
        added.append(QJsonObject{{QStringLiteral("name"), s}, {QStringLiteral("displayName"), s}, {QStringLiteral("description"), s}});
    }
    HttpRequest r = HttpRequest::json("PATCH", QUrl(QStringLiteral("/api/server/v1/api-resources/") + resourceId),
                                      QJsonObject{{QStringLiteral("addedScopes"), added}});
    r.purpose = AsgardeoClient::tr("Add scopes to API resource");
    return tasks::map(call(r, QStringLiteral("internal_api_resource_update")), [](const QJsonValue &) { return QJsonValue(); }, {}, this);
}

Job *AsgardeoClient::findApplicationByClientId(const QString &clientId)
{
    auto *job = new FunctionJob(this);
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("filter"), QStringLiteral("clientId eq %1").arg(clientId));
    HttpRequest r = HttpRequest::get(QUrl(QStringLiteral("/api/server/v1/applications?") + q.toString(QUrl::FullyEncoded)));
    r.purpose = AsgardeoClient::tr("Find application by client ID");
    job->whenDone(call(r, QString(ApplicationViewScope)), [job, clientId](const ApiError &error, const QJsonValue &found) {
        if (error.isError()) {
            job->fail(error);
            return;
        }
        const QJsonArray apps = found.toObject().value(QLatin1String("applications")).toArray();
        if (apps.isEmpty()) {
            job->fail(ApiError::validation(AsgardeoClient::tr("No Asgardeo application has the client ID %1").arg(clientId),
                                           AsgardeoClient::tr("Check the client ID on the application's Protocol tab."), QStringLiteral("clientId")));
            return;
        }
        job->succeed(apps.first());
    });
    return job;
}

Job *AsgardeoClient::listApplications()
{
    HttpRequest r = HttpRequest::get(QUrl(QStringLiteral("/api/server/v1/applications?limit=100")));
    r.purpose = AsgardeoClient::tr("List applications");
    return tasks::map(call(r, QString(ApplicationViewScope)),
                      [](const QJsonValue &page) { return QJsonValue(page.toObject().value(QLatin1String("applications")).toArray()); }, {}, this);
}

Job *AsgardeoClient::authorizedApis(const QString &appId)
{
    HttpRequest r = HttpRequest::get(QUrl(QStringLiteral("/api/server/v1/applications/%1/authorized-apis").arg(appId)));
    r.purpose = AsgardeoClient::tr("Authorized APIs of an application");
    return call(r, QString(ApplicationViewScope));
}

Job *AsgardeoClient::authorizedScopes(const QString &appId, const QString &apiResourceId)
{
    // GET …/authorized-apis: [{id, authorizedScopes: [{name, …}], …}] (identity-api-server application.management.v1
    // AuthorizedAPIResponse).
    return tasks::map(authorizedApis(appId), [apiResourceId](const QJsonValue &apis) {
        bool authorized = false;
        QJsonArray names;
        for (const QJsonValue &v : km::constTemporary(apis.toArray())) {
            if (v.toObject().value(QLatin1String("id")).toString() != apiResourceId)
                continue;
            authorized = true;
            for (const QJsonValue &s : km::constTemporary(v.toObject().value(QLatin1String("authorizedScopes")).toArray()))
                names.append(s.toObject().value(QLatin1String("name")).toString());
        }
        return QJsonValue(QJsonObject{{QStringLiteral("authorized"), authorized}, {QStringLiteral("scopes"), names}});
    }, {}, this);
}

Job *AsgardeoClient::authorizeApi(const QString &appId, const QString &apiResourceId, const QStringList &scopes)
{
    auto *job = new FunctionJob(this);
    job->whenDone(authorizedScopes(appId, apiResourceId), [this, job, appId, apiResourceId, scopes](const ApiError &error, const QJsonValue &current) {
        if (error.isError()) {
            job->fail(error);
            return;
        }
        const bool already = current.toObject().value(QLatin1String("authorized")).toBool();
        const QStringList have = current.toObject().value(QLatin1String("scopes")).toVariant().toStringList();
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
        r.purpose = AsgardeoClient::tr("Authorize API for application");
        job->follow(tasks::map(call(r, QString(ApplicationUpdateScope)), [](const QJsonValue &) { return QJsonObject{{QStringLiteral("changed"), true}}; }, {}, job));
    });
    return job;
}

Job *AsgardeoClient::findRole(const QString &displayName)
{
    const QJsonObject search{{QStringLiteral("schemas"), QJsonArray{QStringLiteral("urn:ietf:params:scim:api:messages:2.0:SearchRequest")}},
                             {QStringLiteral("filter"), QStringLiteral("displayName eq %1").arg(scimString(displayName))}};
    HttpRequest r = HttpRequest::json("POST", QUrl(QStringLiteral("/scim2/v2/Roles/.search")), search, "application/scim+json");
    r.purpose = tr("Find role %1").arg(displayName);
    return call(r, QStringLiteral("internal_role_mgt_view"));
}

Job *AsgardeoClient::ensureRole(const QString &displayName, const QStringList &permissions)
{
    auto *job = new FunctionJob(this);
    job->whenDone(findRole(displayName), [this, job, displayName, permissions](const ApiError &error, const QJsonValue &search) {
        if (error.isError()) {
            job->fail(error);
            return;
        }
        const QJsonArray found = search.toObject().value(QLatin1String("Resources")).toArray();
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
        create.purpose = AsgardeoClient::tr("Create role %1").arg(displayName);
        job->follow(tasks::map(call(create, QStringLiteral("internal_role_mgt_create")), [](const QJsonValue &created) {
            QJsonObject role = created.toObject();
            role.insert(QStringLiteral("created"), true);
            return role;
        }, {}, job));
    });
    return job;
}

Job *AsgardeoClient::getRole(const QString &roleId)
{
    HttpRequest g = HttpRequest::get(QUrl(QStringLiteral("/scim2/v2/Roles/") + QString::fromLatin1(QUrl::toPercentEncoding(roleId))));
    g.purpose = tr("Read a role");
    return call(g, QStringLiteral("internal_role_mgt_view"));
}

Job *AsgardeoClient::findRoles(const QStringList &displayNames)
{
    // Each name: search, then read the role found (the search need not carry its permissions); all names at once.
    const QPointer<AsgardeoClient> self(this);
    auto gone = [] { return tasks::failed(ApiError::cancelled()); };
    QList<tasks::Factory> lookups;
    for (const QString &name : displayNames) {
        lookups << [self, name, gone]() -> Job * {
            return tasks::sequence({[self, gone, name](const QJsonValue &) { return self ? self->findRole(name) : gone(); },
                                    [self, gone, name](const QJsonValue &found) -> Job * {
                                        QString id;
                                        for (const QJsonValue &v : km::constTemporary(found.toObject().value(QLatin1String("Resources")).toArray())) {
                                            if (v.toObject().value(QLatin1String("displayName")).toString() == name)
                                                id = v.toObject().value(QLatin1String("id")).toString();
                                        }
                                        if (id.isEmpty())
                                            return tasks::done(QJsonValue::Null);
                                        return self ? self->getRole(id) : gone();
                                    }},
                                   self);
        };
    }
    return tasks::map(tasks::parallel(lookups, this), [displayNames](const QJsonValue &all) {
        QJsonObject found;
        const QJsonArray roles = all.toArray();
        for (int i = 0; i < displayNames.size() && i < roles.size(); ++i) {
            if (roles.at(i).isObject())
                found.insert(displayNames.at(i), roles.at(i));
        }
        return QJsonObject{{QStringLiteral("roles"), found}};
    }, {}, this);
}

Job *AsgardeoClient::addRolePermissions(const QString &roleId, const QStringList &scopes)
{
    QJsonArray values;
    for (const QString &s : scopes)
        values.append(QJsonObject{{QStringLiteral("value"), s}});
    const QJsonObject patch{{QStringLiteral("schemas"), QJsonArray{QStringLiteral("urn:ietf:params:scim:api:messages:2.0:PatchOp")}},
                            {QStringLiteral("Operations"), QJsonArray{QJsonObject{{QStringLiteral("op"), QStringLiteral("add")},
                                                                                  {QStringLiteral("path"), QStringLiteral("permissions")},
                                                                                  {QStringLiteral("value"), values}}}}};
    HttpRequest r = HttpRequest::json("PATCH", QUrl(QStringLiteral("/scim2/v2/Roles/") + QString::fromLatin1(QUrl::toPercentEncoding(roleId))), patch,
                                      "application/scim+json");
    r.purpose = tr("Add scopes to a role");
    return call(r, QStringLiteral("internal_role_mgt_update"));
}

} // namespace km
