#include "services/apim/PublisherClient.h"
#include "services/core/ConstRange.h"
#include "services/apim/ApimErrors.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimPaging.h"
#include "services/http/HttpRequest.h"

#include <QMap>
#include <QUrl>

#include <memory>

namespace km {

namespace {


QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

// What the Publisher accepts in a Scope body: read-only fields (id, usageCount) stay out.
QJsonObject scopeBody(const QJsonObject &scope)
{
    const QString name = text(scope, "name").trimmed();
    const QString display = text(scope, "displayName").trimmed();
    QJsonObject body{{QStringLiteral("name"), name}, {QStringLiteral("displayName"), display.isEmpty() ? name : display},
                     {QStringLiteral("description"), text(scope, "description")},
                     {QStringLiteral("bindings"), scope.value(QLatin1String("bindings")).toArray()}};
    return body;
}

} // namespace

QStringList PublisherClient::scopes()
{
    return {QStringLiteral("apim:api_view"), QStringLiteral("apim:shared_scope_manage"), QStringLiteral("apim:api_create"),
            QStringLiteral("apim:api_manage")};
}

PublisherClient::PublisherClient(ApimClient *apim, QObject *parent)
    : QObject(parent)
    , m_apim(apim)
{
}

ApiError PublisherClient::explain(ApiError e, const QString &action, const QStringList &neededScopes)
{
    const QString all = e.message + QLatin1Char(' ') + e.description;
    if (e.httpStatus == 403) {
        e.message = QStringLiteral("API Manager did not allow kmconsole to %1: the token it issued has none of the scopes %2")
                        .arg(action, neededScopes.join(QStringLiteral(", ")));
        e.hint = QStringLiteral("API Manager grants only the scopes the user's roles allow: give the user a role with the Publisher "
                                "permissions (e.g. admin or Internal/publisher) and connect again.");
    } else if (e.vendorCode == ApimErrors::ScopeAlreadyAssigned || (e.httpStatus == 409 && action.contains(QLatin1String("scope")))) {
        e.hint = QStringLiteral("Scope names are unique across shared scopes and every API's local scopes: choose another name, or use the existing scope.");
        e.field = QStringLiteral("name");
    } else if (all.contains(QLatin1String("60008")) || all.contains(QLatin1String("restricted prefix"))) {
        e.message = QStringLiteral("API Manager could not %1: its Asgardeo key manager refused the scope, because Asgardeo does not "
                                   "accept scope names that start with the restricted prefix “internal” (Asgardeo error 60008)")
                        .arg(action);
        e.hint = QStringLiteral("Rename the scope so that it does not start with “internal”; nothing was saved.");
        e.field = QStringLiteral("name");
    } else if (e.httpStatus == 500 && e.description.contains(QLatin1String("Key manager"))) {
        e.hint = QStringLiteral("A key manager's connector refused the scope; the description says which key manager and why.");
    } else if (e.vendorCode == ApimErrors::ApiNotFound || e.vendorCode == ApimErrors::ApiNotFoundByUuid) {
        e.hint = QStringLiteral("It no longer exists in API Manager; refresh the list.");
    }
    return e;
}

Job *PublisherClient::send(const QByteArray &method, const QString &path, const QJsonValue &body, const QString &purpose)
{
    const QUrl url(QString(ApimClient::PublisherBase) + path);
    HttpRequest req = body.isUndefined() ? HttpRequest::get(url) : HttpRequest::json(method, url, body);
    req.method = method;
    if (method == "HEAD")
        req.expectJson = false;
    req.purpose = purpose;
    if (!m_apim) {
        auto *job = new FunctionJob(this);
        QMetaObject::invokeMethod(job, [job] { job->fail(ApiError::cancelled()); }, Qt::QueuedConnection);
        return job;
    }
    return m_apim->call(req);
}

void PublisherClient::collectPages(FunctionJob *job, const QString &path, int pageSize, int offset, QJsonArray collected, const QString &purpose)
{
    Job *pageJob = send("GET", QStringLiteral("%1?limit=%2&offset=%3").arg(path).arg(pageSize).arg(offset), QJsonValue::Undefined, purpose);
    job->track(pageJob);
    const int pagesRead = offset / pageSize + 1;
    connect(pageJob, &Job::finished, job, [this, job, path, pageSize, offset, pagesRead, collected, purpose](Job *p) mutable {
        if (p->hasError()) {
            job->fail(explain(p->error(), purpose.toLower(), path == QLatin1String("/scopes")
                                                                 ? QStringList{QStringLiteral("apim:api_view"), QStringLiteral("apim:shared_scope_manage")}
                                                                 : QStringList{QStringLiteral("apim:api_view"), QStringLiteral("apim:api_manage")}));
            return;
        }
        const QJsonObject page = p->result().toObject();
        const QJsonArray list = page.value(QLatin1String("list")).toArray();
        for (const QJsonValue &v : list)
            collected.append(v);
        ApiError tooMany;
        const int next = ApimPaging::nextOffset(page, offset, pageSize, pagesRead, path.mid(1), &tooMany);
        if (tooMany)
            job->fail(tooMany);
        else if (next >= 0)
            collectPages(job, path, pageSize, next, collected, purpose);
        else
            job->succeed(collected);
    });
}

Job *PublisherClient::listSharedScopes(int pageSize)
{
    auto *job = new FunctionJob(this);
    collectPages(job, QStringLiteral("/scopes"), qMax(1, pageSize), 0, QJsonArray(), QStringLiteral("List shared scopes"));
    return job;
}

Job *PublisherClient::listApis(int pageSize)
{
    auto *job = new FunctionJob(this);
    collectPages(job, QStringLiteral("/apis"), qMax(1, pageSize), 0, QJsonArray(), QStringLiteral("List APIs"));
    return job;
}

Job *PublisherClient::scopeExists(const QString &name)
{
    auto *job = new FunctionJob(this);
    const QString encoded = QString::fromLatin1(name.toUtf8().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    Job *head = send("HEAD", QStringLiteral("/scopes/") + encoded, QJsonValue::Undefined, QStringLiteral("Check whether a scope name exists"));
    job->track(head);
    connect(head, &Job::finished, job, [job](Job *h) {
        if (!h->hasError())
            job->succeed(true);
        else if (h->error().httpStatus == 404)
            job->succeed(false);
        else
            job->fail(explain(h->error(), QStringLiteral("check whether a scope name exists"),
                              {QStringLiteral("apim:api_create"), QStringLiteral("apim:api_manage"), QStringLiteral("apim:shared_scope_manage")}));
    });
    return job;
}

Job *PublisherClient::createSharedScope(const QJsonObject &scope)
{
    auto *job = new FunctionJob(this);
    const QJsonObject body = scopeBody(scope);
    const QString name = text(body, "name");
    if (name.isEmpty()) {
        QMetaObject::invokeMethod(job, [job] {
            job->fail(ApiError::validation(QStringLiteral("A shared scope needs a name"), QString(), QStringLiteral("name")));
        }, Qt::QueuedConnection);
        return job;
    }
    Job *post = send("POST", QStringLiteral("/scopes"), body, QStringLiteral("Create shared scope"));
    job->track(post);
    connect(post, &Job::finished, job, [job, name](Job *p) {
        if (p->hasError())
            job->fail(explain(p->error(), QStringLiteral("create the shared scope “%1”").arg(name), {QStringLiteral("apim:shared_scope_manage")}));
        else
            job->succeed(p->result());
    });
    return job;
}

Job *PublisherClient::updateSharedScope(const QString &id, const QJsonObject &scope)
{
    auto *job = new FunctionJob(this);
    const QJsonObject body = scopeBody(scope);
    const QString name = text(body, "name");
    Job *put = send("PUT", QStringLiteral("/scopes/") + id, body, QStringLiteral("Update shared scope"));
    job->track(put);
    connect(put, &Job::finished, job, [job, name](Job *p) {
        if (p->hasError())
            job->fail(explain(p->error(), QStringLiteral("update the shared scope “%1”").arg(name), {QStringLiteral("apim:shared_scope_manage")}));
        else
            job->succeed(p->result());
    });
    return job;
}

Job *PublisherClient::deleteSharedScope(const QString &id)
{
    auto *job = new FunctionJob(this);
    Job *del = send("DELETE", QStringLiteral("/scopes/") + id, QJsonValue::Undefined, QStringLiteral("Delete shared scope"));
    job->track(del);
    connect(del, &Job::finished, job, [job](Job *d) {
        if (d->hasError())
            job->fail(explain(d->error(), QStringLiteral("delete the shared scope"), {QStringLiteral("apim:shared_scope_manage")}));
        else
            job->succeed();
    });
    return job;
}

Job *PublisherClient::getApi(const QString &id)
{
    auto *job = new FunctionJob(this);
    Job *get = send("GET", QStringLiteral("/apis/") + id, QJsonValue::Undefined, QStringLiteral("Get API"));
    job->track(get);
    connect(get, &Job::finished, job, [job](Job *g) {
        if (g->hasError())
            job->fail(explain(g->error(), QStringLiteral("read the API"), {QStringLiteral("apim:api_view"), QStringLiteral("apim:api_manage")}));
        else
            job->succeed(g->result());
    });
    return job;
}

Job *PublisherClient::createApi(const QJsonObject &api)
{
    auto *job = new FunctionJob(this);
    const QString name = text(api, "name");
    Job *post = send("POST", QStringLiteral("/apis"), api, QStringLiteral("Create API"));
    job->track(post);
    connect(post, &Job::finished, job, [job, name](Job *p) {
        if (p->hasError())
            job->fail(explain(p->error(), QStringLiteral("create the API “%1”").arg(name), {QStringLiteral("apim:api_create"), QStringLiteral("apim:api_manage")}));
        else
            job->succeed(p->result());
    });
    return job;
}

Job *PublisherClient::allScopes()
{
    auto *job = new FunctionJob(this);
    struct Gathered
    {
        QJsonArray shared;
        QList<QJsonObject> apis;
        int pending = 0;
        bool failed = false;
    };
    auto gathered = std::make_shared<Gathered>();

    auto combine = [job, gathered] {
        QMap<QString, QJsonObject> byName; // sorted by name
        QMap<QString, QStringList> usedBy;
        for (const QJsonValue &v : std::as_const(gathered->shared)) {
            const QJsonObject s = v.toObject();
            byName.insert(text(s, "name"), QJsonObject{{QStringLiteral("name"), s.value(QLatin1String("name"))},
                                                       {QStringLiteral("displayName"), text(s, "displayName")},
                                                       {QStringLiteral("description"), text(s, "description")},
                                                       {QStringLiteral("bindings"), s.value(QLatin1String("bindings")).toArray()},
                                                       {QStringLiteral("shared"), true}});
        }
        for (const QJsonObject &api : std::as_const(gathered->apis)) {
            const QString apiName = text(api, "name");
            for (const QJsonValue &v : km::constTemporary(api.value(QLatin1String("scopes")).toArray())) {
                const QJsonObject scope = v.toObject().value(QLatin1String("scope")).toObject();
                const QString name = text(scope, "name");
                const bool shared = v.toObject().value(QLatin1String("shared")).toBool() || byName.value(name).value(QLatin1String("shared")).toBool();
                if (!byName.contains(name))
                    byName.insert(name, QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("displayName"), text(scope, "displayName")},
                                                    {QStringLiteral("description"), text(scope, "description")},
                                                    {QStringLiteral("bindings"), scope.value(QLatin1String("bindings")).toArray()},
                                                    {QStringLiteral("shared"), shared}});
                if (!usedBy[name].contains(apiName))
                    usedBy[name] << apiName;
            }
        }
        QJsonArray out;
        for (auto it = byName.begin(); it != byName.end(); ++it) {
            QJsonObject entry = it.value();
            QStringList apis = usedBy.value(it.key());
            apis.sort(Qt::CaseInsensitive);
            entry.insert(QStringLiteral("apis"), QJsonArray::fromStringList(apis));
            out.append(entry);
        }
        job->succeed(out);
    };

    Job *shared = listSharedScopes();
    job->track(shared);
    connect(shared, &Job::finished, job, [this, job, gathered, combine](Job *s) {
        if (s->hasError()) {
            job->fail(s->error());
            return;
        }
        gathered->shared = s->result().toArray();
        Job *apis = listApis();
        job->track(apis);
        connect(apis, &Job::finished, job, [this, job, gathered, combine](Job *a) {
            if (a->hasError()) {
                job->fail(a->error());
                return;
            }
            const QJsonArray infos = a->result().toArray();
            if (infos.isEmpty()) {
                combine();
                return;
            }
            // The list carries no scopes: read every API, all at once.
            gathered->pending = int(infos.size());
            for (const QJsonValue &info : infos) {
                Job *get = getApi(text(info.toObject(), "id"));
                job->track(get);
                connect(get, &Job::finished, job, [job, gathered, combine](Job *g) {
                    if (gathered->failed)
                        return;
                    if (g->hasError()) {
                        gathered->failed = true;
                        job->fail(g->error());
                        return;
                    }
                    gathered->apis.append(g->result().toObject());
                    if (--gathered->pending == 0)
                        combine();
                });
            }
        });
    });
    return job;
}

} // namespace km
