#pragma once
// The support bundle (File › Save support bundle…, `kmconsole-cli doctor --bundle FILE`): one zip an
// administrator can attach to a support request, with no secret in it. It holds the Doctor report (JSON and
// text), the key managers as API Manager returns them, the profiles, the Activity log and the versions,
// each passed through the Redactor again when the bundle is made (every secret the keychain gave out by then
// is masked, whatever field it is in).

#include <QCoreApplication>
#include <QJsonObject>
#include <QMap>
#include <QString>

class QObject;

namespace km {

class ApimClient;
class Job;
class ServiceContext;
struct ApiError;

class SupportBundle
{
    Q_DECLARE_TR_FUNCTIONS(km::SupportBundle)
public:
    // The files of every bundle, in this order.
    static constexpr QLatin1StringView ReadMe{"README.txt"};
    static constexpr QLatin1StringView ReportJson{"doctor-report.json"};
    static constexpr QLatin1StringView ReportText{"doctor-report.txt"};
    static constexpr QLatin1StringView KeyManagers{"key-managers.json"};
    static constexpr QLatin1StringView Profiles{"profiles.json"};
    static constexpr QLatin1StringView Activity{"activity.json"};
    static constexpr QLatin1StringView Versions{"versions.json"};

    // Reads every key manager of `apim` in full (the list, then each one: the list leaves the connector
    // configuration out), puts the bundle together for `report` (Doctor::report) and saves it to `path`
    // with QSaveFile (nothing half-written is left). An API Manager that cannot be read does not stop the
    // bundle: key-managers.json then says why. Result: {"path", "files": [names], "bytes"}. progress()
    // says what it is doing.
    static Job *save(ServiceContext *context, ApimClient *apim, const QString &apimProfile, const QJsonObject &report, const QString &path,
                     QObject *parent = nullptr);

    // The bundle's files from what was gathered: `keyManagers` is {"keyManagers": [as GET returns each]}
    // or {"error": why they could not be read}.
    static QMap<QString, QByteArray> files(ServiceContext *context, const QString &apimProfile, const QJsonObject &report,
                                           const QJsonObject &keyManagers);
    // Zips `files` into `path` (QSaveFile); false with `error` saying what to do when it cannot.
    static bool write(const QString &path, const QMap<QString, QByteArray> &files, ApiError *error);
};

} // namespace km
