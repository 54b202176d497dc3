#include "services/doctor/Doctor.h"
#include "services/doctor/DoctorFix.h"

#include "services/apim/ApimClient.h"
#include "services/apim/DevPortalApplication.h"
#include "services/apim/DevPortalClient.h"
#include "services/apim/DevPortalOverview.h"
#include "services/apim/KeyManagerConfig.h"
#include "services/apim/PublisherClient.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/asgardeo/AsgardeoRoleMapping.h"
#include "services/asgardeo/ScopeCoverage.h"
#include "services/core/ConstRange.h"
#include "services/core/Tasks.h"
#include "services/entra/EntraAppCheck.h"
#include "services/entra/EntraClient.h"
#include "services/entra/GraphClient.h"
#include "services/http/HttpJob.h"
#include "services/http/HttpSession.h"
#include "services/tokens/JwksVerifier.h"
#include "services/tokens/Jwt.h"
#include "services/tokens/TokenDiagnosis.h"

#include <QHash>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <memory>

namespace km {

namespace {

using Level = DoctorCheck::Level;

DoctorCheck make(const QString &id, const QString &keyManager, Level level, const QString &message, const QString &fix = {})
{
    DoctorCheck c;
    c.id = id;
    c.keyManager = keyManager;
    c.level = level;
    c.message = message;
    c.fix = fix;
    return c;
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QString withoutTrailingSlash(QString url)
{
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    return url;
}

// One run: the checks so far and how many are still running.
struct DoctorRun
{
    FunctionJob *job = nullptr; // the context of every continuation; the run lives as long as it does
    QPointer<Doctor> doctor;
    DoctorOptions options;
    QList<DoctorCheck> checks;
    int pending = 0;
    int total = 0;
    bool planning = true; // more checks may still be started

    void add(const DoctorCheck &check)
    {
        checks << check;
        if (doctor)
            Q_EMIT doctor->checkReported(check.toJson());
    }
    void started()
    {
        ++pending;
        ++total;
        if (doctor)
            Q_EMIT doctor->pendingChanged(pending, total);
    }
    void settle()
    {
        --pending;
        if (doctor)
            Q_EMIT doctor->pendingChanged(pending, total);
        finishIfDone();
    }
    void finishIfDone()
    {
        if (pending == 0 && !planning && !job->isFinished())
            job->succeed(Doctor::report(checks));
    }
};
using RunPtr = std::shared_ptr<DoctorRun>;

// Runs `work` as one check with its own deadline: `interpret` turns the finished job into checks; a job
// that outlives the deadline is cancelled and said to be slow, for each of `keyManagers`.
void task(const RunPtr &run, const QStringList &keyManagers, const QString &id, const QString &what, Job *work,
          std::function<QList<DoctorCheck>(Job *)> interpret)
{
    run->started();
    run->job->track(work);
    auto done = std::make_shared<bool>(false);
    auto *timer = new QTimer(run->job);
    timer->setSingleShot(true);
    const QPointer<Job> watched(work);
    const QPointer<QTimer> deadline(timer);
    const int timeoutMs = run->options.timeoutMs;
    QObject::connect(timer, &QTimer::timeout, run->job, [run, done, watched, keyManagers, id, what, timeoutMs] {
        if (*done)
            return;
        *done = true;
        for (const QString &km : keyManagers)
            run->add(make(id, km, Level::Error,
                          Doctor::tr("%1: no answer within %n second(s); the other checks went on without it", "", (timeoutMs + 999) / 1000).arg(what),
                          Doctor::tr("Check that the system answers from this computer (proxy, firewall, VPN), or run the Doctor with a longer timeout.")));
        if (watched)
            watched->cancel();
        run->settle();
    });
    work->onFinished(run->job, [run, done, deadline, interpret](Job *w) {
        if (*done)
            return;
        *done = true;
        if (deadline)
            deadline->stop();
        for (const DoctorCheck &c : interpret(w))
            run->add(c);
        run->settle();
    });
    timer->start(timeoutMs);
}

HttpRequest probeRequest(HttpRequest request, const DoctorOptions &options, const QString &purpose, const QString &system)
{
    request.timeoutMs = options.timeoutMs;
    request.maxResponseBytes = options.maxDocumentBytes;
    request.maxAttempts = 1;
    request.purpose = purpose;
    request.system = system;
    request.errorFormat = parseGenericError;
    return request;
}

QList<DoctorCheck> wellKnownChecks(const QJsonObject &km, const QUrl &url, Job *job)
{
    const QString name = str(km, "name");
    if (job->hasError()) {
        const ApiError &e = job->error();
        return {make(QString(Doctor::WellKnown), name, Level::Error,
                     Doctor::tr("The discovery document %1 could not be read: %2").arg(url.toString(), e.toUserText()),
                     Doctor::tr("Check the well-known URL in the key manager (Admin Portal › Key Managers › %1); issuer and endpoints "
                                "could not be compared with the provider's.").arg(name))};
    }
    if (!job->result().isObject())
        return {make(QString(Doctor::WellKnown), name, Level::Error,
                     Doctor::tr("%1 answered JSON that is not a discovery document (not an object)").arg(url.toString()),
                     Doctor::tr("Point the well-known URL at the provider's /.well-known/openid-configuration."))};
    QList<DoctorCheck> checks{make(QString(Doctor::WellKnown), name, Level::Ok, Doctor::tr("The discovery document %1 answers").arg(url.toString()))};
    checks += Doctor::discoveryChecks(km, job->result().toObject());
    return checks;
}

QList<DoctorCheck> jwksChecks(const QString &name, const QUrl &url, Job *job)
{
    if (job->hasError())
        return {make(QString(Doctor::Jwks), name, Level::Error,
                     Doctor::tr("The JWKS %1 could not be read: %2").arg(url.toString(), job->error().toUserText()),
                     Doctor::tr("Correct the key manager's certificate URL (JWKS) or make it reachable from the gateway: until then the "
                                "gateway cannot check any token of this key manager and answers 900901."))};
    const QJsonObject jwks = job->result().toObject();
    const int keys = int(jwks.value(QLatin1String("keys")).toArray().size());
    const QStringList problems = JwksVerifier::keyProblems(jwks);
    if (problems.isEmpty())
        return {make(QString(Doctor::Jwks), name, Level::Ok, Doctor::tr("The JWKS %1 holds %n usable key(s)", "", keys).arg(url.toString()))};
    const bool none = problems.size() >= keys;
    return {make(QString(Doctor::Jwks), name, none ? Level::Error : Level::Warn,
                 Doctor::tr("The JWKS %1 has %n unusable key(s): %2", "", int(problems.size())).arg(url.toString(), problems.join(QStringLiteral("; "))),
                 none ? Doctor::tr("No key of this JWKS can check a signature: every token is refused with 900901. Ask the provider to publish "
                                   "usable keys (RSA of 2048 bits or more), or correct the JWKS URL.")
                      : Doctor::tr("Tokens signed with these keys are refused with 900901; ask the provider to replace them."))};
}

DoctorCheck endpointCheck(const QString &id, const QString &label, const QString &name, const QUrl &url, Job *job)
{
    if (!job->hasError())
        return make(id, name, Level::Ok, Doctor::tr("The %1 %2 answers").arg(label, url.toString()));
    const ApiError &e = job->error();
    switch (e.kind) {
    case ApiError::Kind::Http:
    case ApiError::Kind::InvalidJson:
        // A refusal of the console's empty request is an answer: the endpoint is there.
        return make(id, name, Level::Ok, Doctor::tr("The %1 %2 answers (HTTP %3 to a request without credentials)").arg(label, url.toString()).arg(e.httpStatus));
    case ApiError::Kind::UnexpectedHtml:
        return make(id, name, Level::Warn, Doctor::tr("The %1 %2 answers with an HTML page, not OAuth JSON: %3").arg(label, url.toString(), e.toUserText()),
                    Doctor::tr("Check that the URL is the provider's endpoint and not a login page or a proxy's page."));
    default:
        return make(id, name, Level::Error, Doctor::tr("The %1 %2 does not answer: %3").arg(label, url.toString(), e.toUserText()),
                    Doctor::tr("Correct the endpoint in the key manager, or make the provider reachable from API Manager."));
    }
}

// The DevPortal key the fresh-token check uses: one under this key manager, production keys first, then by
// application name.
QJsonObject freshTokenKey(const QJsonObject &overview, const QString &keyManager)
{
    const QList<DevPortalApplication> apps = DevPortalApplication::listFromJson(overview.value(QLatin1String("applications")).toArray());
    const DevPortalApplication *chosenApp = nullptr;
    const DevPortalKey *chosen = nullptr;
    // Production keys first, then by application name: the same application each time.
    const auto rank = [](const DevPortalKey &k, const DevPortalApplication &a) { return qMakePair(!k.isProduction(), a.name); };
    for (const DevPortalApplication &app : apps) {
        for (const DevPortalKey &key : app.keys) {
            if (key.keyManager != keyManager || !key.isUsable())
                continue;
            if (!chosen || rank(key, app) < rank(*chosen, *chosenApp)) {
                chosen = &key;
                chosenApp = &app;
            }
        }
    }
    if (!chosen)
        return {};
    return QJsonObject{{QStringLiteral("application"), chosenApp->name}, {QStringLiteral("applicationId"), chosenApp->applicationId},
                       {QStringLiteral("keyMappingId"), chosen->keyMappingId}, {QStringLiteral("keyType"), chosen->keyType},
                       {QStringLiteral("consumerKey"), chosen->consumerKey}};
}

// A client-credentials token under `km`, once the DevPortal's keys are read: API Manager issues it with the
// secret it holds (generate-token); for AzureAD, whose connector keeps no secret, Entra issues one for the
// application's API (api://{client ID}) to the Entra profile's application, on the profile's own host only.
void freshToken(const RunPtr &run, const QJsonObject &km, Job *overview, DevPortalClient *portalClient, GraphClient *graphClient)
{
    const QString name = str(km, "name");
    const bool entra = str(km, "type") == QLatin1String("AzureAD");
    const QString tokenEndpoint = KeyManagerConfig::fromJson(km).endpoints.value(QStringLiteral("token_endpoint"));
    const QPointer<DevPortalClient> portal(portalClient);
    const QPointer<GraphClient> graph(graphClient);
    auto *issue = new FunctionJob(run->job);
    // The overview is shared with the other checks: joined, not owned.
    overview->onFinished(issue, [issue, name, entra, tokenEndpoint, portal, graph](Job *o) {
        if (o->hasError())
            return issue->fail(o->error());
        const QJsonObject key = freshTokenKey(o->result().toObject(), name);
        if (key.isEmpty())
            return issue->succeed(QJsonObject{{QStringLiteral("none"), true}});
        const QString app = str(key, "application");
        const QString consumerKey = str(key, "consumerKey");
        QJsonObject base{{QStringLiteral("application"), app}, {QStringLiteral("keyType"), str(key, "keyType")}};
        Job *request = nullptr;
        if (entra) {
            EntraClient *e = graph ? graph->entra() : nullptr;
            if (!e)
                return issue->fail(ApiError::cancelled());
            const QString endpointHost = QUrl(tokenEndpoint).host();
            if (endpointHost.compare(e->loginUrl().host(), Qt::CaseInsensitive) != 0) {
                base.insert(QStringLiteral("otherHost"), endpointHost);
                base.insert(QStringLiteral("profileHost"), e->loginUrl().host());
                return issue->succeed(base);
            }
            base.insert(QStringLiteral("source"), Doctor::tr("Entra issued just now for api://%1 (the API of %2) to the Entra profile's application")
                                                      .arg(consumerKey, app));
            request = e->requestToken(EntraClient::apiScope(consumerKey));
        } else {
            if (!portal)
                return issue->fail(ApiError::cancelled());
            base.insert(QStringLiteral("source"), Doctor::tr("API Manager issued just now for %1 (%2 keys)").arg(app, str(key, "keyType")));
            base.insert(QStringLiteral("consumerKey"), consumerKey);
            request = portal->generateToken(str(key, "applicationId"), str(key, "keyMappingId"));
        }
        issue->whenDone(request, [issue, base, entra](const ApiError &error, const QJsonValue &token) {
            QJsonObject out = base;
            if (error.isError()) {
                out.insert(QStringLiteral("error"), error.toUserText());
                out.insert(QStringLiteral("hint"), error.hint);
                return issue->succeed(out);
            }
            const QJsonObject answer = token.toObject();
            out.insert(QStringLiteral("token"), answer.value(QLatin1String(entra ? "access_token" : "accessToken")));
            issue->succeed(out);
        });
    });
    task(run, {name}, QString(Doctor::FreshToken), Doctor::tr("A token for an application's keys"), issue, [name, km, entra](Job *j) {
        const auto one = [name](Level level, const QString &message, const QString &fix = {}) {
            return QList<DoctorCheck>{make(QString(Doctor::FreshToken), name, level, message, fix)};
        };
        if (j->hasError())
            return one(Level::Warn, Doctor::tr("No token could be requested: %1").arg(j->error().toUserText()), j->error().hint);
        const QJsonObject r = j->result().toObject();
        if (r.value(QLatin1String("none")).toBool())
            return one(Level::Warn, Doctor::tr("No DevPortal application has keys under this key manager: no token was issued to see what the gateway "
                                               "would read in it"),
                       Doctor::tr("Generate keys for an application under it (Developer Portal › Applications › Keys), then check again."));
        if (r.contains(QLatin1String("otherHost")))
            return one(Level::Warn, Doctor::tr("The key manager signs in on %1, the Entra profile on %2: the profile's secret goes only to its own host, "
                                               "so no token was requested").arg(str(r, "otherHost"), str(r, "profileHost")),
                       Doctor::tr("Give the Entra profile of the tenant this key manager signs in to."));
        if (r.contains(QLatin1String("error"))) {
            const QString who = entra ? Doctor::tr("Entra refused a token for the API of %1").arg(str(r, "application"))
                                      : Doctor::tr("API Manager could not get a token with the keys of %1 (%2)").arg(str(r, "application"), str(r, "keyType"));
            return one(Level::Error, Doctor::tr("%1: %2").arg(who, str(r, "error")),
                       str(r, "hint").isEmpty() ? Doctor::tr("Check the key manager's token endpoint and the application's keys in the identity provider.")
                                                : str(r, "hint"));
        }
        // Entra's token went to the profile's application: its roles are that application's, not the DevPortal one's.
        return QList<DoctorCheck>{Doctor::freshTokenCheck(km, str(r, "token"), str(r, "source"), str(r, "consumerKey"), QDateTime::currentDateTimeUtc(),
                                                          !entra)};
    });
}

QHash<QString, km::EntraApplication> byAppId(const QList<km::EntraApplication> &apps)
{
    QHash<QString, km::EntraApplication> map;
    for (const km::EntraApplication &app : apps)
        map.insert(app.appId, app);
    return map;
}

} // namespace

QString DoctorCheck::levelName(Level level)
{
    switch (level) {
    case Level::Ok: return QStringLiteral("ok");
    case Level::Warn: return QStringLiteral("warn");
    case Level::Error: return QStringLiteral("error");
    }
    return QString();
}

DoctorCheck::Level DoctorCheck::levelOf(const QString &name)
{
    return name == QLatin1String("error") ? Level::Error : name == QLatin1String("warn") ? Level::Warn : Level::Ok;
}

QString DoctorCheck::levelText() const
{
    switch (level) {
    case Level::Ok: return tr("OK");
    case Level::Warn: return tr("Warning");
    case Level::Error: return tr("Error");
    }
    return QString();
}

QJsonObject DoctorCheck::toJson() const
{
    QJsonObject json{{QStringLiteral("id"), id}, {QStringLiteral("keyManager"), keyManager}, {QStringLiteral("level"), levelName(level)},
                     {QStringLiteral("message"), message}, {QStringLiteral("fix"), fix}};
    if (!action.isEmpty())
        json.insert(QStringLiteral("action"), action);
    return json;
}

DoctorCheck DoctorCheck::fromJson(const QJsonObject &json)
{
    return make(str(json, "id"), str(json, "keyManager"), levelOf(str(json, "level")), str(json, "message"), str(json, "fix"))
        .withAction(json.value(QLatin1String("action")).toObject());
}

Doctor::Doctor(ApimClient *apim, QObject *parent) : QObject(parent), m_apim(apim) {}

void Doctor::setAsgardeo(AsgardeoClient *asgardeo)
{
    m_asgardeo = asgardeo;
}

void Doctor::setGraph(GraphClient *graph)
{
    m_graph = graph;
}

QJsonObject Doctor::report(const QList<DoctorCheck> &checks)
{
    int counts[3] = {0, 0, 0};
    QJsonArray list;
    QStringList keyManagers;
    for (const DoctorCheck &c : checks) {
        ++counts[int(c.level)];
        list.append(c.toJson());
        if (!c.keyManager.isEmpty() && !keyManagers.contains(c.keyManager))
            keyManagers << c.keyManager;
    }
    return QJsonObject{{QStringLiteral("checks"), list},
                       {QStringLiteral("summary"), QJsonObject{{QStringLiteral("ok"), counts[0]}, {QStringLiteral("warn"), counts[1]},
                                                               {QStringLiteral("error"), counts[2]}, {QStringLiteral("total"), int(checks.size())},
                                                               {QStringLiteral("keyManagers"), QJsonArray::fromStringList(keyManagers)}}}};
}

bool Doctor::hasErrors(const QJsonObject &report)
{
    return report.value(QLatin1String("summary")).toObject().value(QLatin1String("error")).toInt() > 0;
}

QJsonObject Doctor::grouped(const QJsonObject &report)
{
    QList<QJsonObject> list;
    for (const QJsonValue &v : km::constTemporary(report.value(QLatin1String("checks")).toArray()))
        list << v.toObject();
    std::stable_sort(list.begin(), list.end(), [](const QJsonObject &a, const QJsonObject &b) {
        const QString ka = a.value(QLatin1String("keyManager")).toString(), kb = b.value(QLatin1String("keyManager")).toString();
        if (ka.isEmpty() != kb.isEmpty())
            return kb.isEmpty();
        return ka < kb;
    });
    QJsonArray sorted;
    for (const QJsonObject &o : std::as_const(list))
        sorted.append(o);
    QJsonObject out = report;
    out.insert(QStringLiteral("checks"), sorted);
    return out;
}

QString Doctor::reportText(const QJsonObject &report)
{
    QString text;
    QString group = QStringLiteral("\x01");
    for (const QJsonValue &v : km::constTemporary(report.value(QLatin1String("checks")).toArray())) {
        const DoctorCheck c = DoctorCheck::fromJson(v.toObject());
        if (c.keyManager != group) {
            group = c.keyManager;
            text += (group.isEmpty() ? Doctor::tr("[all key managers]") : QStringLiteral("[%1]").arg(group)) + QLatin1Char('\n');
        }
        text += QStringLiteral("  %1  %2  %3").arg(DoctorCheck::levelName(c.level).toUpper(), -5).arg(c.id, -34).arg(c.message) + QLatin1Char('\n');
        if (!c.fix.isEmpty() && c.level != DoctorCheck::Level::Ok)
            text += QStringLiteral("         fix: %1").arg(c.fix) + QLatin1Char('\n');
    }
    const QJsonObject s = report.value(QLatin1String("summary")).toObject();
    text += QStringLiteral("%1 checks: %2 ok, %3 warnings, %4 errors")
                .arg(s.value(QLatin1String("total")).toInt())
                .arg(s.value(QLatin1String("ok")).toInt())
                .arg(s.value(QLatin1String("warn")).toInt())
                .arg(s.value(QLatin1String("error")).toInt())
            + QLatin1Char('\n');
    return text;
}

QList<DoctorCheck> Doctor::discoveryChecks(const QJsonObject &keyManager, const QJsonObject &document)
{
    const KeyManagerConfig config = KeyManagerConfig::fromJson(keyManager);
    const QString name = config.name;
    QList<DoctorCheck> checks;

    const QString advertised = str(document, "issuer");
    if (advertised.isEmpty())
        checks << make(QString(Issuer), name, Level::Error, tr("The discovery document has no issuer: it is not an OpenID Connect discovery document"),
                       tr("Point the well-known URL at the provider's /.well-known/openid-configuration."));
    else if (advertised != config.issuer && isEntraExternalIssuer(advertised) && entraIssuerVersion(config.issuer) && !isEntraExternalIssuer(config.issuer))
        // An External ID tenant also has a login.microsoftonline.com document, with that issuer and other keys (docs/fidelity.md).
        checks << make(QString(Issuer), name, Level::Error,
                       tr("The key manager holds the workforce issuer “%1” of a Microsoft Entra External ID tenant: its tokens carry “%2”, so "
                          "the gateway refuses them with 900901").arg(config.issuer, advertised),
                       tr("Set the key manager's issuer to “%1” (Admin Portal › Key Managers › %2 › Issuer), or set it up again with an External ID "
                          "profile (kmconsole-cli profile add entra … --cloud external --external-subdomain NAME, then setup azure).").arg(advertised, name));
    else if (advertised != config.issuer)
        checks << make(QString(Issuer), name, Level::Error,
                       tr("The key manager's issuer is “%1”, but the provider's discovery document says “%2”: the gateway refuses every "
                          "token of this provider with 900901").arg(config.issuer, advertised),
                       tr("Set the key manager's issuer to “%1” (Admin Portal › Key Managers › %2 › Issuer), or correct the well-known URL "
                          "if it points at another tenant or organization.").arg(advertised, name))
                      .withAction(DoctorFix::setIssuer(name, config.id, advertised));
    else if (isEntraExternalIssuer(advertised))
        checks << make(QString(Issuer), name, Level::Ok, tr("The issuer “%1” is the one the provider's discovery document gives: a Microsoft Entra "
                                                            "External ID tenant (%2), v2 tokens").arg(advertised, entraIssuerTenant(advertised)));
    else
        checks << make(QString(Issuer), name, Level::Ok, tr("The issuer “%1” is the one the provider's discovery document gives").arg(advertised));

    // Endpoint storage name, discovery name. Entra's key managers keep the v2 token and authorize endpoints
    // whatever the version (and the token endpoint as revoke and introspection, which Entra has not):
    // only their keys follow the discovery document.
    const bool entra = config.type == QLatin1String("AzureAD");
    const QList<QPair<QString, QString>> pairs = entra ? QList<QPair<QString, QString>>{}
                                                       : QList<QPair<QString, QString>>{
                                                             {QStringLiteral("token_endpoint"), QStringLiteral("token_endpoint")},
                                                             {QStringLiteral("revoke_endpoint"), QStringLiteral("revocation_endpoint")},
                                                             {QStringLiteral("introspection_endpoint"), QStringLiteral("introspection_endpoint")},
                                                             {QStringLiteral("authorize_endpoint"), QStringLiteral("authorization_endpoint")},
                                                             {QStringLiteral("userinfo_endpoint"), QStringLiteral("userinfo_endpoint")}};
    QStringList drifted;
    bool serious = false;
    QJsonObject newEndpoints;
    QString newJwks;
    auto compare = [&](const QString &label, const QString &stored, const QString &discovered, bool breaksTokens) {
        if (stored.isEmpty() || discovered.isEmpty() || withoutTrailingSlash(stored) == withoutTrailingSlash(discovered))
            return false;
        drifted << tr("%1 is %2, the provider says %3").arg(label, stored, discovered);
        serious = serious || breaksTokens;
        return true;
    };
    for (const auto &p : pairs) {
        const QString discovered = str(document, p.second.toLatin1().constData());
        if (compare(p.first, config.endpoints.value(p.first), discovered, p.first == QLatin1String("token_endpoint")))
            newEndpoints.insert(p.first, discovered);
    }
    if (config.certificateType == QLatin1String("JWKS") && compare(QStringLiteral("JWKS"), config.certificateValue, str(document, "jwks_uri"), true))
        newJwks = str(document, "jwks_uri");
    if (drifted.isEmpty())
        checks << make(QString(EndpointDrift), name, Level::Ok, tr("The stored endpoints are the ones in the provider's discovery document"));
    else
        checks << make(QString(EndpointDrift), name, serious ? Level::Error : Level::Warn,
                       tr("The stored endpoints differ from the provider's discovery document: %1").arg(drifted.join(QStringLiteral("; "))),
                       tr("Update the key manager from its discovery document (Admin Portal › Key Managers › %1 › Import, or the console's "
                          "setup with “update”) so that API Manager calls the provider where it now is.").arg(name))
                      .withAction(DoctorFix::updateEndpoints(name, config.id, newEndpoints, newJwks));
    return checks;
}

DoctorCheck Doctor::duplicateIssuerCheck(const QJsonObject &keyManager, const QList<QJsonObject> &all)
{
    const QString name = str(keyManager, "name");
    const QString issuer = withoutTrailingSlash(str(keyManager, "issuer"));
    if (issuer.isEmpty())
        return make(QString(DuplicateIssuer), name, Level::Warn, tr("The key manager has no issuer: the gateway cannot tell its tokens apart"),
                    tr("Set the issuer the provider's tokens carry (the “iss” claim)."));
    QStringList others;
    for (const QJsonObject &o : all) {
        if (str(o, "name") != name && withoutTrailingSlash(str(o, "issuer")) == issuer)
            others << str(o, "name");
    }
    if (others.isEmpty())
        return make(QString(DuplicateIssuer), name, Level::Ok, tr("No other key manager has the issuer %1").arg(str(keyManager, "issuer")));
    QStringList all_ = others;
    all_.prepend(name);
    return make(QString(DuplicateIssuer), name, Level::Error,
                tr("%1 has the same issuer (%2): the gateway picks one key manager per issuer, so a token of this issuer is validated by "
                   "only one of %3, and it is not defined which; an API that allows only the other refuses the token with 900901")
                    .arg(others.join(QStringLiteral(", ")), str(keyManager, "issuer"), all_.join(QStringLiteral(", "))),
                tr("Keep one key manager per issuer: delete or disable the duplicate, or move its APIs and applications to one of them."));
}

DoctorCheck Doctor::settingsTypeCheck(const QJsonObject &keyManager, const QJsonObject &settings)
{
    const QString name = str(keyManager, "name");
    const QString type = str(keyManager, "type");
    QStringList types;
    for (const QJsonValue &t : km::constTemporary(settings.value(QLatin1String("keyManagerConfiguration")).toArray()))
        types << str(t.toObject(), "type");
    if (types.contains(type))
        return make(QString(SettingsType), name, Level::Ok, tr("API Manager has the connector for the type %1").arg(type));
    return make(QString(SettingsType), name, Level::Error,
                tr("API Manager's settings know no key manager type “%1” (it knows %2): the key manager cannot load its connector")
                    .arg(type, types.join(QStringLiteral(", "))),
                tr("Install the %1 connector in API Manager (repository/components/dropins) and restart it, or change the key manager's type.")
                    .arg(type));
}

QList<DoctorCheck> Doctor::entraChecks(const QJsonObject &keyManager, const QJsonArray &keys, const QHash<QString, km::EntraApplication> &entraApps,
                                       const QDateTime &now)
{
    const QString name = str(keyManager, "name");
    const int version = DevPortalOverview::entraTokenVersion(keyManager);
    QList<DoctorCheck> checks;
    for (const QJsonValue &v : keys) {
        const QJsonObject key = v.toObject();
        const QString appId = str(key, "consumerKey");
        const QString who = tr("%1 (%2 keys, client ID %3)").arg(str(key, "application"), str(key, "keyType"), appId);
        if (!entraApps.contains(appId)) {
            checks << make(QString(EntraApplicationMissing), name, Level::Error,
                           tr("DevPortal application %1 holds keys of an Entra application that Microsoft Graph does not have").arg(who),
                           tr("Remove the application's keys for %1 and generate new ones (Developer Portal › Applications › keys).").arg(name));
            continue;
        }
        const QList<EntraFinding> findings = EntraAppCheck::findings(entraApps.value(appId), version, now);
        if (findings.isEmpty()) {
            checks << make(QString(EntraApplication), name, Level::Ok, tr("Entra application of %1: fit for v%2 tokens").arg(who).arg(version));
            continue;
        }
        for (const EntraFinding &finding : findings) {
            const QString &id = finding.id;
            // The Doctor looks ahead: a secret that expires within 30 days is worth a warning here, and an
            // expired one stops the application's tokens (the Applications page shows them more calmly).
            const Level level = id == EntraAppCheck::SecretExpired                                                  ? Level::Error
                                : id == EntraAppCheck::SecretExpiring || finding.severity == EntraFinding::Severity::Warning ? Level::Warn
                                : finding.isError()                                                                         ? Level::Error
                                                                                                                             : Level::Ok;
            DoctorCheck check = make(QStringLiteral("entra-") + id, name, level, tr("Entra application of %1: %2").arg(who, finding.message), finding.fix);
            if (finding.fixable)
                check.withAction(DoctorFix::entraApplication(appId, str(key, "application"), id, version));
            checks << check;
        }
    }
    if (keys.isEmpty())
        checks << make(QString(EntraApplication), name, Level::Ok, tr("No DevPortal application has keys under this key manager"));
    return checks;
}

DoctorCheck Doctor::freshTokenCheck(const QJsonObject &keyManager, const QString &token, const QString &source, const QString &consumerKey,
                                    const QDateTime &now, bool judgeScopes)
{
    const QString name = str(keyManager, "name");
    const DecodedToken decoded = DecodedToken::decode(token);
    if (!decoded.isJws())
        return make(QString(FreshToken), name, Level::Error,
                    tr("The token %1 is not a signed JWT (%2): the gateway cannot read its claims and answers 900901").arg(source, decoded.message),
                    tr("Make the identity provider issue JWT access tokens for the application (in Asgardeo: Protocol › Access Token › JWT)."));
    const TokenDiagnosis diagnosis = TokenDiagnosis::diagnose(decoded, std::nullopt, keyManager, now, 0, TokenDiagnosis::SignaturePolicy::ClaimsOnly);
    QStringList errors, warnings, fixes;
    for (const TokenFinding &f : diagnosis.findings) {
        // The signature is the JWKS check's; the key-manager finding repeats the issuer's.
        if (f.id == QLatin1String("signature") || f.id == QLatin1String("key-manager") || (!judgeScopes && f.id == QLatin1String("scopes")))
            continue;
        const QString said = f.gatewayCode.isEmpty() ? f.title : tr("%1 (the gateway answers %2)").arg(f.title, f.gatewayAnswer());
        if (f.severity == TokenFinding::Severity::Error)
            errors << said;
        else if (f.severity == TokenFinding::Severity::Warning)
            warnings << said;
        else
            continue;
        if (!f.fix.isEmpty() && !fixes.contains(f.fix))
            fixes << f.fix;
    }
    const QString keyClaim = TokenDiagnosis::consumerKeyClaim(keyManager, decoded);
    const QString carried = decoded.claimString(keyClaim);
    if (!consumerKey.isEmpty() && !carried.isEmpty() && carried != consumerKey) {
        errors << tr("its “%1” is %2, not the application's consumer key %3: the gateway finds no subscription for it and answers "
                     "900908 Resource forbidden").arg(keyClaim, carried, consumerKey);
        fixes << tr("Set the key manager's consumer-key claim to the claim that holds the application's client ID.");
    }
    if (!errors.isEmpty())
        return make(QString(FreshToken), name, Level::Error, tr("The token %1 would be refused: %2").arg(source, errors.join(QStringLiteral("; "))),
                    fixes.join(QLatin1Char(' ')));
    if (!warnings.isEmpty())
        return make(QString(FreshToken), name, Level::Warn, tr("The token %1: %2").arg(source, warnings.join(QStringLiteral("; "))), fixes.join(QLatin1Char(' ')));
    if (!judgeScopes)
        return make(QString(FreshToken), name, Level::Ok, tr("The token %1 carries the client ID in “%2”, as the key manager reads it").arg(source, keyClaim));
    return make(QString(FreshToken), name, Level::Ok,
                tr("The token %1 carries the client ID in “%2” and the scopes in “%3”, as the key manager reads them")
                    .arg(source, keyClaim, TokenDiagnosis::scopesClaim(keyManager)));
}

QStringList Doctor::asgardeoRoleNames(const QList<ScopeCoverageEntry> &scopes, bool roleCreation)
{
    QStringList names;
    for (const ScopeCoverageEntry &entry : scopes) {
        for (const QString &binding : entry.scope.bindings) {
            const QString role = binding.trimmed();
            if (role.isEmpty())
                continue;
            const QString mapped = AsgardeoRoleMapping::boundRole(role, roleCreation);
            if (!mapped.isEmpty() && !names.contains(mapped))
                names << mapped;
        }
    }
    return names;
}

DoctorCheck Doctor::asgardeoRolesCheck(const QString &keyManager, const QList<ScopeCoverageEntry> &scopes, bool roleCreation,
                                       const QHash<QString, QJsonObject> &roles, const QString &resourceName, const QString &resourceId)
{
    QMap<QString, QStringList> missing, unbound; // Asgardeo role -> scopes
    QStringList refused, fine;
    for (const ScopeCoverageEntry &entry : scopes) {
        const QString &scopeName = entry.scope.name;
        // A scope Asgardeo does not hold cannot be a permission yet (asgardeo-scopes-missing says so).
        if (entry.isMissing())
            continue;
        for (const QString &binding : entry.scope.bindings) {
            const QString role = binding.trimmed();
            if (role.isEmpty())
                continue;
            ApiError error;
            const QString mapped = AsgardeoRoleMapping::boundRole(role, roleCreation, &error);
            if (error.isError()) {
                refused << tr("%1 (scope %2)").arg(role, scopeName);
                continue;
            }
            if (!roles.contains(mapped)) {
                missing[mapped] << scopeName;
                continue;
            }
            bool held = false;
            for (const QJsonValue &p : km::constTemporary(roles.value(mapped).value(QLatin1String("permissions")).toArray()))
                held = held || str(p.toObject(), "value") == scopeName;
            if (held) {
                if (!fine.contains(mapped))
                    fine << mapped;
            } else {
                unbound[mapped] << scopeName;
            }
        }
    }
    const QString id = QString(AsgardeoRoles);
    if (!refused.isEmpty())
        return make(id, keyManager, Level::Error,
                    tr("The connector refuses %n role binding(s) with role creation on: %1. Saving these scopes fails in API Manager", "",
                       int(refused.size())).arg(refused.join(QStringLiteral(", "))),
                    tr("Bind the scopes to Internal/ or primary roles instead of application roles (Publisher › Scopes)."));
    if (missing.isEmpty() && unbound.isEmpty()) {
        if (fine.isEmpty())
            return make(id, keyManager, Level::Ok, tr("No API Manager scope is bound to a role: there are no roles to map to Asgardeo"));
        return make(id, keyManager, Level::Ok,
                    tr("The %n role(s) API Manager's scopes are bound to exist in Asgardeo and hold their scopes: %1", "", int(fine.size()))
                        .arg(fine.join(QStringLiteral(", "))));
    }
    QStringList parts;
    QJsonArray actionRoles;
    for (auto it = missing.cbegin(); it != missing.cend(); ++it) {
        parts << tr("role “%1” does not exist (scopes %2)").arg(it.key(), it.value().join(QStringLiteral(", ")));
        actionRoles.append(QJsonObject{{QStringLiteral("name"), it.key()}, {QStringLiteral("scopes"), QJsonArray::fromStringList(it.value())}});
    }
    for (auto it = unbound.cbegin(); it != unbound.cend(); ++it) {
        parts << tr("role “%1” lacks %2").arg(it.key(), it.value().join(QStringLiteral(", ")));
        actionRoles.append(QJsonObject{{QStringLiteral("name"), it.key()}, {QStringLiteral("id"), str(roles.value(it.key()), "id")},
                                       {QStringLiteral("scopes"), QJsonArray::fromStringList(it.value())}});
    }
    const QString fix = roleCreation
                            ? tr("Users with these roles get no such scopes in their tokens (the gateway answers 900910). The connector adds a binding "
                                 "when a scope is saved; add them now here, or save the scopes again in the Publisher.")
                            : tr("Users with these roles get no such scopes in their tokens (the gateway answers 900910). The connector binds a scope "
                                 "only to roles that exist, as role creation is off: create the roles and add the scopes here, or turn on “Create "
                                 "roles in Asgardeo” in the key manager and save the scopes again.");
    return make(id, keyManager, Level::Warn, tr("Asgardeo's roles do not match API Manager's scope bindings: %1").arg(parts.join(QStringLiteral("; "))), fix)
        .withAction(DoctorFix::asgardeoBindRoles(resourceName, resourceId, actionRoles));
}

DoctorCheck Doctor::orphanCheck(const QList<km::EntraApplication> &entraApps, const QSet<QString> &devPortalClientIds)
{
    // The AzureAD connector names what it creates after API Manager's OAuth client name:
    // {owner}_{application}_{PRODUCTION|SANDBOX}.
    static const QRegularExpression connectorName(QStringLiteral("^.+_.+_(PRODUCTION|SANDBOX)$"));
    QStringList orphans;
    QJsonArray toRemove;
    for (const km::EntraApplication &app : entraApps) {
        if (connectorName.match(app.displayName).hasMatch() && !devPortalClientIds.contains(app.appId)) {
            orphans << tr("%1 (client ID %2)").arg(app.displayName, app.appId);
            toRemove.append(QJsonObject{{QStringLiteral("id"), app.objectId}, {QStringLiteral("appId"), app.appId},
                                        {QStringLiteral("displayName"), app.displayName}});
        }
    }
    if (orphans.isEmpty())
        return make(QString(EntraOrphanApplications), QString(), Level::Ok,
                    tr("Every Entra application the connector created belongs to keys in the Developer Portal"));
    return make(QString(EntraOrphanApplications), QString(), Level::Warn,
                tr("%n Entra application(s) that the connector created have no DevPortal keys any more: %1", "", int(orphans.size()))
                    .arg(orphans.join(QStringLiteral(", "))),
                tr("Their client secrets still work against Entra ID. Remove them in Entra ID (App registrations) once you are sure no one "
                   "uses them."))
        .withAction(DoctorFix::entraDeleteApplications(toRemove));
}

Job *Doctor::run(const DoctorOptions &givenOptions)
{
    auto *job = new FunctionJob(this);
    auto run = std::make_shared<DoctorRun>();
    run->job = job;
    run->doctor = this;
    run->options = givenOptions;
    if (!run->options.now.isValid())
        run->options.now = QDateTime::currentDateTimeUtc();
    if (!m_apim) {
        job->failLater(ApiError::cancelled());
        return job;
    }
    const QPointer<ApimClient> apim = m_apim;
    const QPointer<AsgardeoClient> asgardeo = m_asgardeo;
    const QPointer<GraphClient> graph = m_graph;

    // The list, /settings and every key manager's configuration first (duplicate issuers need all of them).
    struct Read
    {
        QList<QJsonObject> keyManagers;
        QJsonObject settings;
        QString settingsError;
    };
    auto read = std::make_shared<Read>();

    auto plan = [run, read, apim, asgardeo, graph]() {
        const DoctorOptions &options = run->options;
        QList<QJsonObject> selected;
        for (const QJsonObject &km : read->keyManagers) {
            if (options.keyManager.isEmpty() || str(km, "name") == options.keyManager)
                selected << km;
        }
        HttpSession *session = apim ? apim->session() : nullptr;
        QStringList entraNames;
        QList<QJsonObject> fresh; // key managers whose freshly issued token is checked
        for (const QJsonObject &km : selected) {
            const QString name = str(km, "name");
            if (str(km, "id").isEmpty() && km.contains(QLatin1String("readError"))) {
                run->add(make(QString(KeyManagerRead), name, Level::Error, tr("API Manager did not give the key manager's configuration: %1")
                                                                            .arg(str(km, "readError"))));
                continue;
            }
            const KeyManagerConfig config = KeyManagerConfig::fromJson(km);
            if (config.type == QLatin1String("default")) {
                // API Manager's own key manager: its endpoints and keys come from API Manager's configuration.
                run->add(make(QString(Resident), name, Level::Ok,
                              tr("The Resident Key Manager is API Manager's own; its endpoints and keys come from API Manager's "
                                 "configuration and are not checked here")));
                continue;
            }
            if (!read->settingsError.isEmpty())
                run->add(make(QString(SettingsType), name, Level::Warn, tr("API Manager's settings could not be read: %1").arg(read->settingsError)));
            else
                run->add(settingsTypeCheck(km, read->settings));
            run->add(duplicateIssuerCheck(km, read->keyManagers));

            // Discovery: issuer and drift.
            const QUrl wellKnown(config.wellKnownEndpoint);
            if (config.wellKnownEndpoint.isEmpty() || !wellKnown.isValid() || !session) {
                run->add(make(QString(WellKnown), name, Level::Warn, tr("The key manager has no well-known URL: issuer and endpoints cannot be "
                                                                        "compared with the provider's discovery document"),
                              tr("Set the provider's /.well-known/openid-configuration URL in the key manager.")));
            } else {
                HttpRequest r = probeRequest(HttpRequest::get(wellKnown), options, tr("Doctor: read the discovery document"), tr("The discovery endpoint"));
                task(run, {name}, QString(WellKnown), tr("The discovery document %1").arg(wellKnown.toString()), session->send(r, run->job),
                     [km, wellKnown](Job *j) { return wellKnownChecks(km, wellKnown, j); });
            }

            // Signing keys.
            if (config.certificateType == QLatin1String("JWKS") && !config.certificateValue.isEmpty() && session) {
                const QUrl jwks(config.certificateValue);
                task(run, {name}, QString(Jwks), tr("The JWKS %1").arg(jwks.toString()),
                     JwksVerifier::fetchJwks(session, jwks, run->job, options.timeoutMs, options.maxDocumentBytes),
                     [name, jwks](Job *j) { return jwksChecks(name, jwks, j); });
            } else if (config.certificateType == QLatin1String("PEM") && !config.certificateValue.isEmpty()) {
                run->add(make(QString(Jwks), name, Level::Ok, tr("The key manager holds a PEM certificate: no JWKS to read")));
            } else {
                run->add(make(QString(Jwks), name, Level::Error, tr("The key manager has no certificate (JWKS URL or PEM): the gateway cannot check "
                                                                    "the signature of its tokens and answers 900901"),
                              tr("Set the provider's JWKS URL as the key manager's certificate.")));
            }

            // Token, revoke and introspection endpoints answer (a request without credentials: any HTTP answer is one).
            const bool entra = config.type == QLatin1String("AzureAD");
            const QString token = config.endpoints.value(QStringLiteral("token_endpoint"));
            const struct
            {
                QLatin1StringView id;
                const char *storage;
                QString label;
            } endpoints[] = {{TokenEndpoint, "token_endpoint", tr("token endpoint")},
                             {RevokeEndpoint, "revoke_endpoint", tr("revoke endpoint")},
                             {IntrospectionEndpoint, "introspection_endpoint", tr("introspection endpoint")}};
            for (const auto &e : endpoints) {
                const QString value = config.endpoints.value(QLatin1String(e.storage));
                const QUrl url(value);
                if (value.isEmpty() || !url.isValid() || url.scheme().isEmpty()) {
                    run->add(make(QString(e.id), name, Level::Error, tr("The key manager has no %1").arg(e.label),
                                  tr("Set it (Admin Portal › Key Managers › %1 › Endpoints); the connector reads it.").arg(name)));
                    continue;
                }
                if (entra && QLatin1String(e.storage) != QLatin1String("token_endpoint") && value == token) {
                    run->add(make(QString(e.id), name, Level::Ok, tr("The %1 is the token endpoint, as Entra ID has none of its own").arg(e.label)));
                    continue;
                }
                if (!session)
                    continue;
                const bool isToken = QLatin1String(e.storage) == QLatin1String("token_endpoint");
                QUrlQuery fields;
                if (isToken)
                    fields.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
                else
                    fields.addQueryItem(QStringLiteral("token"), QStringLiteral("kmconsole-doctor-probe"));
                HttpRequest r = probeRequest(HttpRequest::form(url, fields), options, tr("Doctor: does the %1 answer").arg(e.label), tr("The %1").arg(e.label));
                const QString id = e.id;
                const QString label = e.label;
                task(run, {name}, id, tr("The %1 %2").arg(label, url.toString()), session->send(r, run->job),
                     [id, label, name, url](Job *j) { return QList<DoctorCheck>{endpointCheck(id, label, name, url, j)}; });
            }

            // A disabled key manager that APIs or applications still hold.
            if (!config.flags.value(QStringLiteral("enabled"), true) && apim) {
                const QString id = config.id;
                task(run, {name}, QString(DisabledInUse), tr("API Manager's usage lists"), apim->keyManagerUsage(config.id), [name, id](Job *j) {
                    if (j->hasError())
                        return QList<DoctorCheck>{make(QString(DisabledInUse), name, Level::Warn,
                                                       tr("The key manager is disabled; API Manager could not say what uses it: %1").arg(j->error().toUserText()),
                                                       tr("Check the APIs' key managers in the Publisher before you delete it."))};
                    const QString who = ApimClient::describeKeyManagerUsage(j->result().toObject());
                    if (who.isEmpty())
                        return QList<DoctorCheck>{make(QString(DisabledInUse), name, Level::Ok, tr("The key manager is disabled and nothing uses it"))};
                    return QList<DoctorCheck>{make(QString(DisabledInUse), name, Level::Error,
                                                   tr("The key manager is disabled, but it is still used by %1: their tokens are refused").arg(who),
                                                   tr("Enable it again, or move the APIs to another key manager (Publisher › API › Runtime › Key Managers) "
                                                      "and the applications to keys of another key manager."))
                                                  .withAction(DoctorFix::enableKeyManager(name, id))};
                });
            }

            // Asgardeo: what the connector needs, and API Manager's scopes in the global scopes resource.
            if (config.type == QLatin1String("Asgardeo")) {
                if (!asgardeo) {
                    run->add(make(QString(AsgardeoProfile), name, Level::Warn, tr("No Asgardeo profile was given: the organization was not checked"),
                                  tr("Give the Asgardeo profile of this organization (the Doctor's Asgardeo profile, or --asgardeo).")));
                } else {
                    task(run, {name}, QString(AsgardeoManagementScopes), tr("Asgardeo's token endpoint"), asgardeo->verifyManagementAccess(),
                         [name](Job *j) {
                        if (j->hasError())
                            return QList<DoctorCheck>{make(QString(AsgardeoManagementScopes), name, Level::Error, j->error().toUserText(), j->error().hint)};
                        const QJsonObject verdict = j->result().toObject();
                        if (verdict.value(QLatin1String("ok")).toBool())
                            return QList<DoctorCheck>{make(QString(AsgardeoManagementScopes), name, Level::Ok,
                                                           tr("The management application holds the connector's scopes"))};
                        return QList<DoctorCheck>{make(QString(AsgardeoManagementScopes), name, Level::Error, str(verdict, "message"),
                                                       tr("Authorize the missing scopes for the management application in Asgardeo "
                                                          "(Applications › the application › API Authorization).")),};
                    });
                    const QString resourceName = config.connector.value(QLatin1String("APIM_GLOBAL_SCOPES")).toString(
                        QString(AsgardeoClient::DefaultGlobalScopesResource));
                    auto *publisher = new PublisherClient(apim, run->job);
                    Job *coverage = ScopeCoverage::compare(publisher, asgardeo, resourceName, run->job);
                    // The roles the scopes are bound to, read once the scopes are known.
                    const bool roleCreation = config.connector.value(QLatin1String("asgardeo_role_creation")).toBool();
                    auto *roles = new FunctionJob(run->job);
                    // The coverage is the global-scopes check's too: joined, not owned.
                    coverage->onFinished(roles, [roles, asgardeo, roleCreation](Job *c) {
                        if (c->hasError())
                            return roles->fail(c->error());
                        if (!asgardeo)
                            return roles->fail(ApiError::cancelled());
                        const QJsonValue &result = c->result();
                        Job *find = asgardeo->findRoles(asgardeoRoleNames(ScopeCoverageResult::fromJson(result).scopes, roleCreation));
                        roles->follow(tasks::map(find, [result](const QJsonValue &found) {
                            return QJsonValue(QJsonObject{{QStringLiteral("coverage"), result},
                                                          {QStringLiteral("roles"), found.toObject().value(QLatin1String("roles"))}});
                        }, {}, roles));
                    });
                    task(run, {name}, QString(AsgardeoRoles), tr("Asgardeo's roles"), roles, [name, roleCreation, resourceName](Job *j) {
                        if (j->hasError())
                            return QList<DoctorCheck>{make(QString(AsgardeoRoles), name, Level::Warn,
                                                           tr("The roles behind API Manager's scope bindings could not be compared: %1").arg(j->error().toUserText()),
                                                           j->error().hint)};
                        const QJsonObject result = j->result().toObject();
                        const ScopeCoverageResult coverage = ScopeCoverageResult::fromJson(result.value(QLatin1String("coverage")));
                        QHash<QString, QJsonObject> byName;
                        const QJsonObject roles = result.value(QLatin1String("roles")).toObject();
                        for (auto it = roles.begin(); it != roles.end(); ++it)
                            byName.insert(it.key(), it.value().toObject());
                        return QList<DoctorCheck>{asgardeoRolesCheck(name, coverage.scopes, roleCreation, byName, resourceName, coverage.resource.id)};
                    });
                    task(run, {name}, QString(AsgardeoGlobalScopes), tr("The scopes of Publisher and Asgardeo"), coverage, [name, resourceName](Job *j) {
                        if (j->hasError())
                            return QList<DoctorCheck>{make(QString(AsgardeoGlobalScopes), name, Level::Error, j->error().toUserText(), j->error().hint)};
                        const ScopeCoverageResult coverage = ScopeCoverageResult::fromJson(j->result());
                        if (coverage.resource.isNull())
                            return QList<DoctorCheck>{make(QString(AsgardeoGlobalScopes), name, Level::Error,
                                                           tr("Asgardeo has no API resource “%1”: the connector fails to load and no scope reaches Asgardeo").arg(resourceName),
                                                           tr("Create it with the console's Asgardeo setup, or in Asgardeo › API Resources."))};
                        QList<DoctorCheck> checks{make(QString(AsgardeoGlobalScopes), name, Level::Ok, tr("Asgardeo has the API resource “%1”").arg(resourceName))};
                        QStringList missing, refused;
                        for (const ScopeCoverageEntry &entry : coverage.scopes) {
                            if (!entry.problem.isEmpty())
                                refused << tr("%1 (%2)").arg(entry.scope.name, entry.problem);
                            else if (entry.isMissing())
                                missing << entry.scope.name;
                        }
                        checks << (missing.isEmpty() ? make(QString(AsgardeoScopesMissing), name, Level::Ok, tr("Every API Manager scope is in “%1”").arg(resourceName))
                                                     : make(QString(AsgardeoScopesMissing), name, Level::Warn,
                                                            tr("%n API Manager scope(s) are missing from “%1”: %2", "", int(missing.size()))
                                                                .arg(resourceName, missing.join(QStringLiteral(", "))),
                                                            tr("Add them on the Scopes page (Add to Asgardeo): tokens cannot carry them until then."))
                                                           .withAction(DoctorFix::asgardeoAddScopes(
                                                               resourceName, coverage.resource.id, missing)));
                        checks << (refused.isEmpty() ? make(QString(AsgardeoScopeNames), name, Level::Ok, tr("Asgardeo accepts every API Manager scope name"))
                                                     : make(QString(AsgardeoScopeNames), name, Level::Error,
                                                            tr("Asgardeo refuses %n scope name(s): %1", "", int(refused.size())).arg(refused.join(QStringLiteral("; "))),
                                                            tr("Rename these scopes in API Manager: Asgardeo refuses names that start with internal_ "
                                                               "(API-RESOURCE-60008) and OpenID Connect scope names (API-RESOURCE-60009).")));
                        return checks;
                    });
                }
            }
            if (!entra || graph)
                fresh << km;
            if (entra) {
                if (!graph)
                    run->add(make(QString(EntraProfile), name, Level::Warn, tr("No Entra profile was given: the app registrations were not checked"),
                                  tr("Give the Entra profile of this tenant (the Doctor's Entra profile, or --entra).")));
                else
                    entraNames << name;
            }
        }

        // The DevPortal's applications and keys, read once for the Entra checks and the fresh tokens.
        DevPortalClient *portal = nullptr;
        Job *overview = nullptr;
        if (apim && (!fresh.isEmpty() || (!entraNames.isEmpty() && graph))) {
            portal = new DevPortalClient(apim, run->job);
            overview = DevPortalOverview::load(apim, portal, run->job);
            overview->setAutoDelete(false); // several checks join it, however late: it goes with the run
            run->job->track(overview);
        }

        // A token issued just now under each key manager, read as the gateway reads it.
        for (const QJsonObject &km : std::as_const(fresh))
            freshToken(run, km, overview, portal, graph);

        // Entra: the DevPortal's keys and Graph's applications, read once for every AzureAD key manager.
        if (!entraNames.isEmpty() && overview && graph) {
            // Graph's applications, then the overview the fresh tokens share (joined, not owned; kept by the run
            // until it ends, so it is there however long Graph takes).
            auto *both = new FunctionJob(run->job);
            both->whenDone(graph->listApplications(), [both, shared = QPointer<Job>(overview)](const ApiError &error, const QJsonValue &apps) {
                if (error.isError())
                    return both->fail(error);
                if (!shared)
                    return both->fail(ApiError::cancelled());
                shared->onFinished(both, [both, apps](Job *o) {
                    if (o->hasError())
                        return both->fail(o->error());
                    both->succeed(QJsonObject{{QStringLiteral("overview"), o->result()}, {QStringLiteral("graph"), apps}});
                });
            });
            const QList<QJsonObject> all = read->keyManagers;
            const QDateTime now = options.now;
            task(run, entraNames, QString(EntraApplications), tr("The Developer Portal's keys and Microsoft Graph's applications"), both,
                 [entraNames, all, now](Job *j) {
                QList<DoctorCheck> checks;
                if (j->hasError()) {
                    for (const QString &n : entraNames)
                        checks << make(QString(EntraApplications), n, Level::Error,
                                       tr("The applications could not be read: %1").arg(j->error().toUserText()), j->error().hint);
                    return checks;
                }
                const QJsonObject result = j->result().toObject();
                const QList<km::EntraApplication> graphApps =
                    km::EntraApplication::listFromGraph(result.value(QLatin1String("graph")).toObject().value(QLatin1String("applications")).toArray());
                const QHash<QString, km::EntraApplication> entraApps = byAppId(graphApps);
                QHash<QString, QJsonArray> keysByKeyManager;
                QSet<QString> clientIds;
                const QList<DevPortalApplication> portalApps =
                    DevPortalApplication::listFromJson(result.value(QLatin1String("overview")).toObject().value(QLatin1String("applications")).toArray());
                for (const DevPortalApplication &app : portalApps) {
                    for (const DevPortalKey &key : app.keys) {
                        clientIds << key.consumerKey;
                        keysByKeyManager[key.keyManager].append(QJsonObject{{QStringLiteral("application"), app.name},
                                                                            {QStringLiteral("keyType"), key.keyType},
                                                                            {QStringLiteral("consumerKey"), key.consumerKey}});
                    }
                }
                for (const QJsonObject &km : all) {
                    if (entraNames.contains(str(km, "name")))
                        checks += entraChecks(km, keysByKeyManager.value(str(km, "name")), entraApps, now);
                }
                checks << orphanCheck(graphApps, clientIds);
                return checks;
            });
        }
        run->planning = false;
        run->finishIfDone();
    };

    auto readAll = [run, read, apim, plan](const QJsonArray &list) {
        for (const QJsonValue &v : list)
            read->keyManagers << v.toObject();
        if (!run->options.keyManager.isEmpty()) {
            bool found = false;
            for (const QJsonObject &km : read->keyManagers)
                found = found || str(km, "name") == run->options.keyManager;
            if (!found) {
                QStringList names;
                for (const QJsonObject &km : read->keyManagers)
                    names << str(km, "name");
                return run->job->fail(ApiError::validation(tr("API Manager has no key manager named “%1”").arg(run->options.keyManager),
                                                           tr("Its key managers: %1").arg(names.join(QStringLiteral(", "))), QStringLiteral("key-manager")));
            }
        }
        if (!apim)
            return run->job->fail(ApiError::cancelled());
        // The connectors' settings and every key manager in full, all at once; a key manager that cannot be
        // read is reported as such, without hiding the others.
        QList<tasks::Factory> reads{[apim]() -> Job * { return apim ? apim->settings() : nullptr; }};
        for (const QJsonObject &km : std::as_const(read->keyManagers)) {
            const QString id = str(km, "id");
            reads << [apim, id]() -> Job * { return apim ? apim->getKeyManager(id) : nullptr; };
        }
        Job *all = tasks::settled(
            reads,
            [read](int i, const ApiError &error, const QJsonValue &result) {
                if (i == 0) {
                    if (error.isError())
                        read->settingsError = error.toUserText();
                    else
                        read->settings = result.toObject();
                    return;
                }
                QJsonObject &km = read->keyManagers[i - 1];
                km = error.isError() ? QJsonObject{{QStringLiteral("name"), str(km, "name")}, {QStringLiteral("readError"), error.toUserText()}}
                                     : result.toObject();
            },
            run->job);
        run->job->whenDone(all, [plan](const ApiError &, const QJsonValue &) { plan(); });
    };

    job->whenDone(m_apim->listKeyManagers(), [run, readAll](const ApiError &error, const QJsonValue &list) {
        if (error.isError()) {
            run->add(make(QString(ApimReachable), QString(), Level::Error, tr("API Manager could not be read: %1").arg(error.toUserText()),
                          error.hint.isEmpty() ? tr("Check the API Manager profile (URL, user, certificate) and that the server runs.") : error.hint));
            run->planning = false;
            run->finishIfDone();
            return;
        }
        readAll(list.toObject().value(QLatin1String("list")).toArray());
    });
    return job;
}

} // namespace km
