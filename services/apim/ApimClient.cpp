#include "services/apim/ApimClient.h"
#include "services/apim/KeyManagerCatalogue.h"

#include "services/apim/KeyManagerTokenType.h"
#include "services/core/ConstRange.h"
#include "services/core/Tasks.h"
#include "services/apim/ApimErrors.h"
#include "services/oauth/OAuthErrors.h"

#include "services/apim/KeyManagerConfig.h"

#include "services/core/Logging.h"
#include "services/http/HttpJob.h"
#include "services/http/HttpSession.h"
#include "services/oauth/TokenClient.h"

#include <algorithm>
#include <QJsonArray>
#include <QTimer>
#include <QUuid>

namespace km {

QStringList ApimClient::scopes()
{
    return {QStringLiteral("apim:admin"), QStringLiteral("apim:admin_operations"), QStringLiteral("apim:keymanagers_manage"),
            QStringLiteral("apim:admin_settings"), QStringLiteral("apim:api_view"), QStringLiteral("apim:shared_scope_manage"),
            QStringLiteral("apim:api_create"), QStringLiteral("apim:api_manage"), QStringLiteral("apim:subscribe"),
            QStringLiteral("apim:app_manage"),
            // MCP servers (4.6+); an older server leaves the unknown scope out of the token.
            QStringLiteral("apim:mcp_server_view")};
}

ApimClient::ApimClient(HttpSession *session, const ApimCredentials &credentials, QObject *parent)
    : QObject(parent)
    , m_catalogue(new KeyManagerCatalogue(this))
    , m_session(session)
    , m_credentials(credentials)
{
}

Job *ApimClient::changingKeyManagers(Job *write)
{
    // Refused before sending (a value this server cannot take): nothing changed there.
    write->onFinished(m_catalogue, [catalogue = m_catalogue](Job *w) {
        if (w->error().kind != ApiError::Kind::Validation)
            catalogue->keyManagersChanged();
    });
    return write;
}

QUrl ApimClient::resolve(const QUrl &relative) const
{
    QUrl url = m_credentials.baseUrl;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + relative.path());
    url.setQuery(relative.query());
    return url;
}

void ApimClient::withToken(FunctionJob *owner, TokenCallback callback)
{
    if (TokenClient::isFresh(m_token)) {
        callback(ApiError());
        return;
    }
    m_waiters.append({QPointer<FunctionJob>(owner), std::move(callback)});
    if (!m_acquiring)
        acquireToken();
}

bool ApimClient::hasTokenWaiters() const
{
    return std::any_of(m_waiters.cbegin(), m_waiters.cend(),
                       [](const TokenWaiter &w) { return w.owner && !w.owner->isFinished(); });
}

void ApimClient::finishTokenWaiters(const ApiError &error)
{
    m_acquiring = false;
    const auto waiters = m_waiters;
    m_waiters.clear();
    for (const TokenWaiter &w : waiters) {
        if (w.owner && !w.owner->isFinished())
            w.callback(error);
    }
}

void ApimClient::acquireToken()
{
    m_acquiring = true;
    // A refresh token is tried first; if it was revoked or expired the password grant signs in again.
    const QString refreshToken = m_token.value(QLatin1String("refresh_token")).toString();
    if (!refreshToken.isEmpty() && !m_credentials.dcrClientId.isEmpty()) {
        Job *job = TokenClient(m_session, ApimClient::tr("API Manager")).refresh(resolve(QUrl(QStringLiteral("/oauth2/token"))), m_credentials.dcrClientId,
                                                  m_credentials.dcrClientSecret, refreshToken, scopes(), this);
        connect(job, &Job::finished, this, [this](Job *j) {
            if (!j->hasError()) {
                m_token = j->result().toObject();
                finishTokenWaiters(ApiError());
                return;
            }
            qCInfo(lcApim) << "refresh failed, signing in again:" << j->error().vendorCode;
            m_token = QJsonObject();
            if (!hasTokenWaiters())
                return finishTokenWaiters(ApiError::cancelled());
            signIn(true);
        });
        return;
    }
    if (m_credentials.dcrClientId.isEmpty()) {
        registerClient([this](const ApiError &error) {
            if (error.isError() || !hasTokenWaiters())
                finishTokenWaiters(error);
            else
                signIn(false);
        });
        return;
    }
    signIn(true);
}

void ApimClient::registerClient(std::function<void(const ApiError &)> next)
{
    const QJsonObject body{
        {QStringLiteral("callbackUrl"), QStringLiteral("www.example.com")},
        {QStringLiteral("clientName"), QString(QStringLiteral("kmconsole-") + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8))},
        {QStringLiteral("owner"), m_credentials.username},
        {QStringLiteral("grantType"), QStringLiteral("client_credentials password refresh_token")},
        {QStringLiteral("saasApp"), QJsonValue(true)},
    };
    HttpRequest req = HttpRequest::json("POST", resolve(QUrl(QStringLiteral("/client-registration/v0.17/register"))), body);
    req.setBasicAuth(m_credentials.username, m_credentials.password);
    req.purpose = ApimClient::tr("Register kmconsole's REST client (DCR)");
    req.system = ApimClient::tr("API Manager");
    req.errorFormat = ApimErrors::parse;
    HttpJob *job = m_session->send(req, this);
    const QString host = m_credentials.baseUrl.host();
    connect(job, &Job::finished, this, [this, next, host](Job *j) {
        if (j->hasError()) {
            ApiError e = j->error();
            if (e.httpStatus == 401) {
                e.message = ApimClient::tr("API Manager rejected the user name or password for %1").arg(m_credentials.username);
                e.hint = ApimClient::tr("Check both; the account needs the admin role to manage key managers.");
            } else if (e.httpStatus == 404 || e.httpStatus == 405 || e.kind == ApiError::Kind::UnexpectedHtml
                       || e.kind == ApiError::Kind::InvalidJson) {
                e.message = QStringLiteral("%1 does not look like WSO2 API Manager (no /client-registration endpoint answered): %2")
                                .arg(host, e.message);
                e.hint = QStringLiteral("Check the URL: it should be API Manager's management address, usually https://host:9443, without a path.");
            }
            next(e);
            return;
        }
        const QJsonObject r = j->result().toObject();
        const QString id = r.value(QLatin1String("clientId")).toString();
        const QString secret = r.value(QLatin1String("clientSecret")).toString();
        if (id.isEmpty() || secret.isEmpty()) {
            next(ApiError::protocol(QStringLiteral("%1 answered the client registration without a clientId/clientSecret; it does not look like WSO2 API Manager").arg(host)));
            return;
        }
        m_credentials.dcrClientId = id;
        m_credentials.dcrClientSecret = secret;
        Q_EMIT registrationChanged(id, secret);
        next(ApiError());
    });
}

void ApimClient::signIn(bool mayReRegister)
{
    Job *job = TokenClient(m_session, ApimClient::tr("API Manager")).passwordGrant(resolve(QUrl(QStringLiteral("/oauth2/token"))), m_credentials.dcrClientId,
                                                    m_credentials.dcrClientSecret, m_credentials.username,
                                                    m_credentials.password, scopes(), this);
    connect(job, &Job::finished, this, [this, mayReRegister](Job *j) {
        if (!j->hasError()) {
            m_token = j->result().toObject();
            finishTokenWaiters(ApiError());
            return;
        }
        ApiError e = j->error();
        if (mayReRegister && (e.vendorCode == OAuthErrors::InvalidClient || e.httpStatus == 401)
            && e.vendorCode != OAuthErrors::InvalidGrant) {
            // The cached REST client was deleted on the server: register a new one, once.
            qCInfo(lcApim) << "cached REST client rejected, registering again";
            registerClient([this](const ApiError &error) {
                if (error.isError() || !hasTokenWaiters())
                    finishTokenWaiters(error);
                else
                    signIn(false);
            });
            return;
        }
        if (e.vendorCode == OAuthErrors::InvalidGrant) {
            e.message = ApimClient::tr("API Manager rejected the user name or password for %1").arg(m_credentials.username);
            e.hint = ApimClient::tr("Check both; the account needs the admin role to manage key managers.");
        }
        finishTokenWaiters(e);
    });
}

void ApimClient::send(FunctionJob *job, HttpRequest request, bool retriedAfter401)
{
    withToken(job, [this, job, request, retriedAfter401](const ApiError &tokenError) {
        if (tokenError.isError()) {
            job->fail(tokenError);
            return;
        }
        HttpRequest req = request;
        req.url = resolve(request.url);
        req.setBearer(TokenClient::accessToken(m_token));
        req.system = ApimClient::tr("API Manager");
        req.errorFormat = ApimErrors::parse;
        job->whenDone(m_session->send(req, job), [this, job, request, retriedAfter401](ApiError error, const QJsonValue &result) {
            if (error.httpStatus == 401 && !retriedAfter401) {
                // Revoked or expired early: get a new token once and repeat the call.
                m_token.remove(QStringLiteral("access_token"));
                send(job, request, true);
                return;
            }
            if (!error.isError())
                return job->succeed(result);
            if (error.httpStatus == 403)
                error.hint = ApimClient::tr("The user %1 lacks a permission API Manager requires here (admin role and the apim:* scopes).").arg(m_credentials.username);
            job->fail(error);
        });
    });
}

Job *ApimClient::call(HttpRequest request)
{
    auto *job = new FunctionJob(this);
    send(job, std::move(request), false);
    return job;
}

namespace {
HttpRequest adminGet(const QString &path, const QString &purpose)
{
    HttpRequest r = HttpRequest::get(QUrl(QString(ApimClient::AdminBase) + path));
    r.purpose = purpose;
    return r;
}
} // namespace

Job *ApimClient::testConnection()
{
    return tasks::map(
        listKeyManagers(),
        [user = m_credentials.username](const QJsonValue &list) {
            return QJsonValue(QJsonObject{{QStringLiteral("keyManagers"), list.toObject().value(QLatin1String("count")).toInt()},
                                          {QStringLiteral("user"), user}});
        },
        {}, this);
}

Job *ApimClient::listKeyManagers()
{
    return call(adminGet(QStringLiteral("/key-managers"), ApimClient::tr("List key managers")));
}

Job *ApimClient::getKeyManager(const QString &id)
{
    return tasks::reword(call(adminGet(QStringLiteral("/key-managers/") + id, ApimClient::tr("Get key manager"))),
                         [id](ApiError e) {
                             if (e.httpStatus == 404)
                                 e.hint = ApimClient::tr("The key manager %1 no longer exists; refresh the list.").arg(id);
                             return e;
                         },
                         this);
}

Job *ApimClient::saveKeyManager(const QByteArray &method, const QString &path, const QJsonObject &keyManager, const QString &purpose)
{
    auto *job = new FunctionJob(this);
    QJsonObject payload = keyManager;
    if (const ApiError unfit = KeyManagerTokenType::fitToServer(&payload, m_declared)) {
        job->failLater(unfit);
        return job;
    }
    HttpRequest req = HttpRequest::json(method, QUrl(QString(AdminBase) + path), payload);
    req.purpose = purpose;
    const QString name = payload.value(QLatin1String("name")).toString();
    const bool create = method == "POST";
    job->whenDone(call(req), [this, job, keyManager = payload, name, create, method, path, purpose](const ApiError &error, const QJsonValue &result) {
        if (!error.isError()) {
            const QJsonObject saved = result.toObject();
            if (!saved.value(QLatin1String("id")).toString().isEmpty() || !create) {
                job->succeed(result);
                return;
            }
            // A 201 without a body (or without an id): find what was stored by its name.
            job->whenDone(listKeyManagers(), [job, name](const ApiError &listError, const QJsonValue &list) {
                if (listError.isError()) {
                    job->fail(listError);
                    return;
                }
                for (const QJsonValue &v : km::constTemporary(list.toObject().value(QLatin1String("list")).toArray())) {
                    if (v.toObject().value(QLatin1String("name")).toString() == name) {
                        job->succeed(v.toObject());
                        return;
                    }
                }
                job->fail(ApiError::protocol(ApimClient::tr("API Manager answered that key manager “%1” was created, but does not list it").arg(name)));
            });
            return;
        }
        ApiError e = error;
        if (KeyManagerTokenType::refusedAsUnknownField(e) && keyManager.contains(KeyManagerTokenType::Field)) {
            // A server before 4.1 (its release not declared): nothing was stored. A direct key manager is the same
            // key manager without the field, so it is sent once more without it; another token type cannot be.
            const QString value = keyManager.value(KeyManagerTokenType::Field).toString();
            if (KeyManagerTokenType::meansDirect(value)) {
                QJsonObject without = keyManager;
                without.remove(KeyManagerTokenType::Field);
                job->follow(saveKeyManager(method, path, without, purpose));
                return;
            }
            job->fail(KeyManagerTokenType::explainRefusal(e, name, value));
            return;
        }
        if (e.vendorCode == ApimErrors::KeyManagerAlreadyExists || e.httpStatus == 409) {
            e.message = ApimClient::tr("A key manager named “%1” already exists in this API Manager").arg(name);
            e.hint = ApimClient::tr("Choose another name, or update the existing one.");
            e.field = QStringLiteral("name");
        } else if (!create && e.httpStatus == 400 && e.description.contains(QLatin1String("name"), Qt::CaseInsensitive)) {
            // API Manager's own text: "Key Manager name couldn't able to change" (code 400).
            e.message = ApimClient::tr("API Manager does not let a key manager be renamed (“%1”)").arg(name);
            e.hint = ApimClient::tr("Keep the old name, or create a new key manager under the new name and move the applications to it.");
            e.field = QStringLiteral("name");
        } else if (e.vendorCode == ApimErrors::KeyManagerMissingEndpoint) {
            explainMissingConfiguration(job, keyManager, e);
            return;
        } else if (e.vendorCode == ApimErrors::KeyManagerUnknownType) {
            e.hint = ApimClient::tr("This API Manager has no connector for the type “%1”; install the connector or choose another type.")
                         .arg(keyManager.value(QLatin1String("type")).toString());
        } else if (!create && e.httpStatus >= 500) {
            // The 4.x Admin API rethrows every failure inside an update as an internal error.
            e.message = ApimClient::tr("API Manager failed to update key manager “%1” (HTTP %2): nothing was changed").arg(name).arg(e.httpStatus);
            e.hint = ApimClient::tr("Its log (wso2carbon.log) says why; a connector value it cannot accept, or an encrypted value it cannot "
                                    "decrypt, are the usual causes. Fix it there, then press Retry.");
        }
        job->fail(e);
    });
    return job;
}

void ApimClient::explainMissingConfiguration(FunctionJob *job, const QJsonObject &keyManager, ApiError error)
{
    // The settings' answer, or none: a failure to read them leaves the error as API Manager gave it.
    job->whenDone(settings(), [job, keyManager, error](const ApiError &, const QJsonValue &settings) mutable {
        const QString type = keyManager.value(QLatin1String("type")).toString();
        const QJsonObject given = keyManager.value(QLatin1String("additionalProperties")).toObject();
        QStringList missing;
        const QJsonArray configs = settings.toObject().value(QLatin1String("keyManagerConfiguration")).toArray();
        for (const QJsonValue &c : configs) {
            if (c.toObject().value(QLatin1String("type")).toString() != type)
                continue;
            for (const QJsonValue &conf : km::constTemporary(c.toObject().value(QLatin1String("configurations")).toArray())) {
                const QJsonObject o = conf.toObject();
                const QString key = o.value(QLatin1String("name")).toString();
                const QJsonValue v = given.value(key);
                const bool empty = v.isUndefined() || v.isNull() || (v.isString() && v.toString().trimmed().isEmpty());
                if (o.value(QLatin1String("required")).toBool() && empty)
                    missing << QStringLiteral("%1 (%2)").arg(o.value(QLatin1String("label")).toString(), key);
            }
        }
        // Endpoints count as required configuration too (the default connector configuration requires four).
        const QStringList endpoints = KeyManagerConfig::fromJson(keyManager).missingRequiredEndpoints();
        for (const QString &e : endpoints)
            missing << e;
        if (!missing.isEmpty()) {
            error.message = ApimClient::tr("API Manager needs connector configuration that is missing: %1").arg(missing.join(QStringLiteral(", ")));
            error.hint = ApimClient::tr("Fill in these values on the connector page and try again.");
            error.field = QStringLiteral("additionalProperties");
        } else {
            error.hint = ApimClient::tr("API Manager says a required configuration is missing but does not say which; compare the connector settings with /settings.");
        }
        job->fail(error);
    });
}

Job *ApimClient::createKeyManager(const QJsonObject &keyManager)
{
    return changingKeyManagers(saveKeyManager("POST", QStringLiteral("/key-managers"), keyManager, ApimClient::tr("Create key manager")));
}

Job *ApimClient::updateKeyManager(const QString &id, const QJsonObject &keyManager)
{
    return changingKeyManagers(saveKeyManager("PUT", QStringLiteral("/key-managers/") + id, keyManager, ApimClient::tr("Update key manager")));
}

Job *ApimClient::changeKeyManager(const QString &id, std::function<void(KeyManagerConfig &)> change)
{
    // The steps end with the sequence, which ends with this client: `this` is never used after it.
    return tasks::sequence({[this, id](const QJsonValue &) { return getKeyManager(id); },
                            [this, id, change](const QJsonValue &stored) {
                                KeyManagerConfig config = KeyManagerConfig::fromJson(stored.toObject());
                                change(config);
                                return updateKeyManager(id, config.toPayload());
                            }},
                           this);
}

Job *ApimClient::deleteKeyManager(const QString &id)
{
    HttpRequest req = HttpRequest::del(QUrl(QString(AdminBase) + QStringLiteral("/key-managers/") + id));
    req.purpose = ApimClient::tr("Delete key manager");
    auto *job = new FunctionJob(this);
    job->whenDone(changingKeyManagers(call(req)), [this, job, id](const ApiError &error, const QJsonValue &result) {
        if (!error.isError())
            return job->succeed(result);
        if (error.vendorCode == ApimErrors::KeyManagerDeleteInUse || error.httpStatus == 412)
            explainKeyManagerInUse(job, id, error);
        else
            job->fail(error);
    });
    return job;
}

namespace {
// "PizzaShack 1.0.0, Orders 2.1.0 and 3 more" from a usage list (api-usages / app-usages).
QString namedUsers(const QJsonArray &items, int total, bool apis)
{
    QStringList names;
    for (const QJsonValue &v : items) {
        const QJsonObject o = v.toObject();
        QString name = o.value(QLatin1String("name")).toString();
        if (apis && o.contains(QLatin1String("version")))
            name += QLatin1Char(' ') + o.value(QLatin1String("version")).toString();
        else if (!apis && o.contains(QLatin1String("owner")))
            name += QStringLiteral(" (owner %1)").arg(o.value(QLatin1String("owner")).toString());
        if (!name.trimmed().isEmpty())
            names << name;
        if (names.size() == 5)
            break;
    }
    QString text = names.join(QStringLiteral(", "));
    if (total > names.size())
        text += QStringLiteral(" and %1 more").arg(total - names.size());
    return text;
}
} // namespace

void ApimClient::explainKeyManagerInUse(FunctionJob *job, const QString &id, ApiError error)
{
    error.message = ApimClient::tr("API Manager refuses to delete this key manager: APIs or applications still use it (error 902015)");
    error.hint = ApimClient::tr("Remove it from the APIs' key managers (Publisher › API › Runtime) and remove the applications' keys for it "
                                "(Developer Portal › Applications › keys), or disable it instead of deleting it.");
    job->whenDone(keyManagerUsage(id), [job, error](const ApiError &usageError, const QJsonValue &usage) mutable {
        const QString who = describeKeyManagerUsage(usage.toObject());
        if (!usageError.isError() && !who.isEmpty())
            error.message = ApimClient::tr("API Manager refuses to delete this key manager: it is still used by %1 (error 902015)").arg(who);
        job->fail(error);
    });
}

Job *ApimClient::keyManagerUsage(const QString &id, int limit)
{
    // The usage lists (GET /key-managers/{id}/api-usages and /app-usages) say who; a server without
    // them (older 4.x answers 404) fails the job with that answer.
    static const struct
    {
        const char *path;
        const char *list;
        const char *count;
    } lists[] = {{"/api-usages", "apis", "apiCount"}, {"/app-usages", "applications", "applicationCount"}};
    QList<tasks::Factory> reads;
    for (const auto &l : lists) {
        HttpRequest r = HttpRequest::get(QUrl(QString(AdminBase) + QStringLiteral("/key-managers/") + id + QLatin1String(l.path)
                                              + QStringLiteral("?limit=%1").arg(limit)));
        r.purpose = ApimClient::tr("Find what uses the key manager");
        reads << [this, r] { return call(r); };
    }
    return tasks::map(tasks::parallel(reads, this), [](const QJsonValue &answers) {
        QJsonObject result;
        for (int i = 0; i < int(std::size(lists)); ++i) {
            const QString list = QLatin1String(lists[i].list);
            const QString count = QLatin1String(lists[i].count);
            const QJsonObject o = answers.toArray().at(i).toObject();
            const QJsonArray items = o.value(list).toArray();
            result.insert(list, items);
            result.insert(count, qMax(o.value(count).toInt(), int(items.size())));
        }
        return result;
    }, {}, this);
}

QString ApimClient::describeKeyManagerUsage(const QJsonObject &usage)
{
    QStringList who;
    const QString apis = namedUsers(usage.value(QLatin1String("apis")).toArray(), usage.value(QLatin1String("apiCount")).toInt(), true);
    const QString apps = namedUsers(usage.value(QLatin1String("applications")).toArray(), usage.value(QLatin1String("applicationCount")).toInt(), false);
    if (!apis.isEmpty())
        who << QStringLiteral("APIs: ") + apis;
    if (!apps.isEmpty())
        who << QStringLiteral("applications: ") + apps;
    return who.join(QStringLiteral("; "));
}

Job *ApimClient::discoverKeyManager(const QUrl &wellKnownUrl, const QString &type)
{
    HttpRequest req = HttpRequest::multipart(QUrl(QString(AdminBase) + QStringLiteral("/key-managers/discover")),
                                             {{QStringLiteral("url"), wellKnownUrl.toString()}, {QStringLiteral("type"), type}});
    req.purpose = ApimClient::tr("Discover key manager endpoints");
    return call(req);
}

Job *ApimClient::settings()
{
    return call(adminGet(QStringLiteral("/settings"), ApimClient::tr("Admin settings")));
}

} // namespace km
