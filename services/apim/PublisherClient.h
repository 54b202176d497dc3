#pragma once
// Reads and writes API Manager's scopes through the Publisher REST API v4 (shared scopes and the
// scopes of each API), signed in through an ApimClient's token.

#include "services/core/Job.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>

namespace km {

class ApimClient;

class PublisherClient : public QObject
{
    Q_OBJECT
public:
    // The scopes the Publisher calls need in API Manager's token (contracts §1.1).
    static QStringList scopes();

    explicit PublisherClient(ApimClient *apim, QObject *parent = nullptr);

    // Every shared scope, following the pagination `pageSize` at a time. Result: [Scope].
    Job *listSharedScopes(int pageSize = 25);
    // HEAD /scopes/{base64url(name)}: is the name taken by a shared or an API's local scope. Result: bool.
    Job *scopeExists(const QString &name);
    // POST /scopes. `scope` = {name, displayName, description, bindings}; displayName defaults to the name.
    // Result: the created Scope (with its id).
    Job *createSharedScope(const QJsonObject &scope);
    Job *updateSharedScope(const QString &id, const QJsonObject &scope);
    Job *deleteSharedScope(const QString &id);
    // Every API (APIInfo objects), following the pagination. Result: [APIInfo].
    Job *listApis(int pageSize = 25);
    // The full API, with `scopes:[{scope, shared}]` and `operations[].scopes`. Result: API.
    Job *getApi(const QString &id);
    // POST /apis. Result: the created API.
    Job *createApi(const QJsonObject &api);
    // Shared scopes and each API's local scopes in one list, sorted by name. Result:
    // [{name, displayName, description, bindings:[role], shared: bool, apis:[API name]}];
    // a shared scope lists the APIs that use it, a local scope the API that defines it.
    Job *allScopes();

private:
    Job *send(const QByteArray &method, const QString &path, const QJsonValue &body, const QString &purpose);
    // Collects `list` of every page of GET `path`, starting at offset.
    void collectPages(FunctionJob *job, const QString &path, int pageSize, int offset, QJsonArray collected, const QString &purpose);
    // Turns a Publisher error into what the admin can act on for this call.
    static ApiError explain(ApiError error, const QString &action, const QStringList &neededScopes);

    QPointer<ApimClient> m_apim;
};

} // namespace km
