#include "services/doctor/SupportBundle.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimVersion.h"
#include "services/core/ApiError.h"
#include "services/core/ConstRange.h"
#include "services/core/Job.h"
#include "services/core/Redactor.h"
#include "services/core/ServiceContext.h"
#include "services/core/Tasks.h"
#include "services/core/ZipWriter.h"
#include "services/doctor/Doctor.h"
#include "services/http/ActivityLog.h"
#include "services/profiles/ProfileStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSslSocket>
#include <QSysInfo>

#include <algorithm>
#include <memory>

namespace km {

namespace {

QByteArray pretty(const QJsonValue &value)
{
    return value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented)
                           : QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented);
}

QJsonObject redacted(const QJsonObject &object)
{
    return Redactor::redactJson(object).toObject();
}

QJsonArray activityJson(const ActivityLog *log)
{
    QJsonArray out;
    if (!log)
        return out;
    for (const ActivityEntry &e : log->entries()) {
        // Entries were redacted when they were logged; again here, for secrets registered since.
        out.append(QJsonObject{{QStringLiteral("id"), e.id},
                               {QStringLiteral("started"), e.started.toUTC().toString(Qt::ISODateWithMs)},
                               {QStringLiteral("method"), QString::fromLatin1(e.method)},
                               {QStringLiteral("url"), Redactor::redactUrl(e.url).toString()},
                               {QStringLiteral("status"), e.status},
                               {QStringLiteral("durationMs"), e.durationMs},
                               {QStringLiteral("attempt"), e.attempt},
                               {QStringLiteral("purpose"), Redactor::redactText(e.purpose)},
                               {QStringLiteral("error"), Redactor::redactText(e.error)},
                               {QStringLiteral("requestBody"), QString::fromUtf8(Redactor::redactBody(e.requestBody, "application/json"))},
                               {QStringLiteral("responseBody"), QString::fromUtf8(Redactor::redactBody(e.responseBody, "application/json"))}});
    }
    return out;
}

QJsonObject versionsJson(ServiceContext *context, const QString &apimProfile)
{
    QJsonObject apim{{QStringLiteral("profile"), apimProfile}};
    if (const std::optional<ApimProfile> p = context->profiles()->apimProfile(apimProfile)) {
        const ApimServerInfo info = ApimServerInfo::fromJson(p->server);
        apim.insert(QStringLiteral("declared"), p->apimVersion);
        apim.insert(QStringLiteral("known"), info.summary());
    }
    return {{QStringLiteral("console"), QStringLiteral(KM_VERSION)},
            {QStringLiteral("qtRuntime"), QString::fromLatin1(qVersion())},
            {QStringLiteral("qtBuild"), QStringLiteral(QT_VERSION_STR)},
            {QStringLiteral("openssl"), QSslSocket::sslLibraryVersionString()},
            {QStringLiteral("system"), QSysInfo::prettyProductName()},
            {QStringLiteral("apiManager"), apim}};
}

QByteArray readMe(const QString &apimProfile, const QDateTime &made)
{
    return SupportBundle::tr("kmconsole support bundle, made %1 for the API Manager profile \"%2\".\n\n"
                             "doctor-report.json, doctor-report.txt  the Doctor's checks (kmconsole-cli doctor --json, and as a table)\n"
                             "key-managers.json                      each key manager as API Manager's Admin API returns it\n"
                             "profiles.json                          the connection profiles (secrets are in the keychain, never here)\n"
                             "activity.json                          every remote call of this session (Activity page)\n"
                             "versions.json                          console, Qt, OpenSSL, API Manager\n\n"
                             "Secrets (passwords, client secrets, tokens) are replaced by %3.\n")
        .arg(made.toUTC().toString(Qt::ISODate), apimProfile, Redactor::Mask)
        .toUtf8();
}

} // namespace

QMap<QString, QByteArray> SupportBundle::files(ServiceContext *context, const QString &apimProfile, const QJsonObject &report,
                                               const QJsonObject &keyManagers)
{
    const QJsonObject grouped = redacted(Doctor::grouped(report));
    const ProfileStore *store = context->profiles();
    QJsonArray apim, asgardeo, entra;
    for (const ApimProfile &p : store->apimProfiles())
        apim.append(p.toJson());
    for (const AsgardeoProfile &p : store->asgardeoProfiles())
        asgardeo.append(p.toJson());
    for (const EntraProfile &p : store->entraProfiles())
        entra.append(p.toJson());
    const QJsonObject profiles{{QStringLiteral("apim"), apim}, {QStringLiteral("asgardeo"), asgardeo}, {QStringLiteral("entra"), entra}};

    QMap<QString, QByteArray> out;
    out.insert(QString(ReadMe), readMe(apimProfile, QDateTime::currentDateTime()));
    out.insert(QString(ReportJson), pretty(grouped));
    out.insert(QString(ReportText), Doctor::reportText(grouped).toUtf8());
    out.insert(QString(KeyManagers), pretty(redacted(keyManagers)));
    out.insert(QString(Profiles), pretty(redacted(profiles)));
    out.insert(QString(Activity), pretty(activityJson(context->activity())));
    out.insert(QString(Versions), pretty(redacted(versionsJson(context, apimProfile))));
    return out;
}

bool SupportBundle::write(const QString &path, const QMap<QString, QByteArray> &files, ApiError *error)
{
    ZipWriter zip;
    const QDateTime now = QDateTime::currentDateTime();
    for (auto it = files.constBegin(); it != files.constEnd(); ++it) {
        if (!zip.addFile(it.key(), it.value(), now)) {
            *error = ApiError::validation(tr("The support bundle could not hold %1.").arg(it.key()));
            error->kind = ApiError::Kind::Storage;
            return false;
        }
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(zip.archive()) < 0 || !file.commit()) {
        *error = ApiError::validation(tr("Could not write %1: %2").arg(path, file.errorString()), tr("Choose a folder you can write to."));
        error->kind = ApiError::Kind::Storage;
        return false;
    }
    return true;
}

Job *SupportBundle::save(ServiceContext *context, ApimClient *apim, const QString &apimProfile, const QJsonObject &report, const QString &path,
                         QObject *parent)
{
    auto *job = new FunctionJob(parent);
    const QPointer<ServiceContext> ctx(context);
    auto finish = [job, ctx, apimProfile, report, path](const QJsonObject &keyManagers) {
        if (!ctx)
            return job->fail(ApiError::cancelled());
        Q_EMIT job->progress(tr("Writing %1…").arg(path));
        const QMap<QString, QByteArray> content = files(ctx, apimProfile, report, keyManagers);
        ApiError error;
        if (!write(path, content, &error))
            return job->fail(error);
        qint64 bytes = 0;
        for (const QByteArray &b : content)
            bytes += b.size();
        job->succeed(QJsonObject{{QStringLiteral("path"), path},
                                 {QStringLiteral("files"), QJsonArray::fromStringList(content.keys())},
                                 {QStringLiteral("bytes"), bytes}});
    };
    if (!apim) {
        QMetaObject::invokeMethod(job, [finish] { finish(QJsonObject{{QStringLiteral("error"), tr("Not connected to API Manager.")}}); },
                                  Qt::QueuedConnection);
        return job;
    }
    // The list, then each key manager in full; one that cannot be read is recorded with its error.
    QMetaObject::invokeMethod(job, [job] { Q_EMIT job->progress(tr("Reading the key managers from API Manager…")); }, Qt::QueuedConnection);
    const QPointer<ApimClient> client(apim);
    job->whenDone(apim->listKeyManagers(), [job, client, finish](const ApiError &error, const QJsonValue &list) {
        if (error.isError())
            return finish(QJsonObject{{QStringLiteral("error"), error.toUserText()}});
        const QJsonArray summaries = list.toObject().value(QLatin1String("list")).toArray();
        if (summaries.isEmpty() || !client)
            return finish(QJsonObject{{QStringLiteral("keyManagers"), QJsonArray()}});
        auto gathered = std::make_shared<QList<QJsonObject>>();
        QList<tasks::Factory> gets;
        for (const QJsonValue &v : summaries)
            gets << [client, id = v.toObject().value(QLatin1String("id")).toString()]() -> Job * { return client ? client->getKeyManager(id) : nullptr; };
        Job *all = tasks::settled(gets, [summaries, gathered](int index, const ApiError &error, const QJsonValue &result) {
            if (!error.isError()) {
                gathered->append(result.toObject());
                return;
            }
            QJsonObject failed = summaries.at(index).toObject();
            failed.insert(QStringLiteral("readError"), error.toUserText());
            gathered->append(failed);
        }, job);
        job->whenDone(all, [gathered, finish](const ApiError &, const QJsonValue &) {
            QList<QJsonObject> sorted = *gathered;
            std::sort(sorted.begin(), sorted.end(), [](const QJsonObject &a, const QJsonObject &b) {
                return a.value(QLatin1String("name")).toString() < b.value(QLatin1String("name")).toString();
            });
            QJsonArray ordered;
            for (const QJsonObject &k : std::as_const(sorted))
                ordered.append(k);
            finish(QJsonObject{{QStringLiteral("keyManagers"), ordered}});
        });
    });
    return job;
}

} // namespace km
