#include "services/profiles/ProfileStore.h"

#include "services/core/Logging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

namespace km {

namespace {
template<typename P>
std::optional<P> findByName(const QList<P> &list, const QString &name)
{
    for (const P &p : list) {
        if (p.name == name)
            return p;
    }
    return std::nullopt;
}

template<typename P>
void upsert(QList<P> &list, const P &profile)
{
    for (P &p : list) {
        if (p.name == profile.name) {
            p = profile;
            return;
        }
    }
    list.append(profile);
}

template<typename P>
bool removeByName(QList<P> &list, const QString &name)
{
    for (int i = 0; i < list.size(); ++i) {
        if (list.at(i).name == name) {
            list.removeAt(i);
            return true;
        }
    }
    return false;
}

template<typename P>
QJsonArray toArray(const QList<P> &list)
{
    QJsonArray out;
    for (const P &p : list)
        out.append(p.toJson());
    return out;
}

ApiError storageError(const QString &message, const QString &hint)
{
    ApiError e;
    e.kind = ApiError::Kind::Storage;
    e.message = message;
    e.hint = hint;
    return e;
}
} // namespace

ProfileStore::ProfileStore(const QString &directory, QObject *parent)
    : QObject(parent)
    , m_directory(directory.isEmpty() ? defaultDirectory() : directory)
{
}

QString ProfileStore::defaultDirectory()
{
    const QString overridden = qEnvironmentVariable("KMCONSOLE_CONFIG_DIR");
    if (!overridden.isEmpty())
        return overridden;
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
}

QString ProfileStore::filePath() const
{
    return QDir(m_directory).filePath(QStringLiteral("profiles.json"));
}

bool ProfileStore::load(ApiError *error)
{
    m_apim.clear();
    m_asgardeo.clear();
    m_entra.clear();
    m_activeApim.clear();
    m_secretKeys.clear();
    m_backupPath.clear();
    QFile file(filePath());
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = storageError(QStringLiteral("Cannot read %1: %2").arg(filePath(), file.errorString()),
                                  QStringLiteral("Check the file's permissions."));
        return false;
    }
    const QByteArray data = file.readAll();
    file.close();
    QString problem;
    if (!parse(data, &problem)) {
        m_backupPath = filePath() + QStringLiteral(".corrupt-") + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss"));
        const bool copied = QFile::copy(filePath(), m_backupPath);
        qCWarning(lcProfiles).noquote() << filePath() << problem << "backup:" << (copied ? m_backupPath : QStringLiteral("failed"));
        if (error)
            *error = storageError(QStringLiteral("The profile file %1 %2").arg(filePath(), problem),
                                  copied ? QStringLiteral("It was copied to %1 and nothing in it was changed; kmconsole starts with no profiles. "
                                                          "Restore or fix the copy, or add the profiles again.").arg(m_backupPath)
                                         : QStringLiteral("It could not be backed up, so kmconsole will not overwrite it; move it aside and start again."));
        if (!copied)
            m_backupPath.clear();
        return false;
    }
    Q_EMIT changed();
    return true;
}

bool ProfileStore::parse(const QByteArray &data, QString *problem)
{
    m_apim.clear();
    m_asgardeo.clear();
    m_entra.clear();
    m_activeApim.clear();
    m_secretKeys.clear();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *problem = QStringLiteral("is not valid JSON (%1 at byte %2)").arg(parseError.errorString()).arg(parseError.offset);
        return false;
    }
    if (doc.object().value(QLatin1String("version")).toInt() != kVersion) {
        *problem = QStringLiteral("has version %1, which this kmconsole (version %2 files) does not know")
                       .arg(doc.object().value(QLatin1String("version")).toVariant().toString())
                       .arg(kVersion);
        return false;
    }
    const QJsonObject root = doc.object();
    for (const QJsonValue &v : root.value(QLatin1String("apim")).toArray())
        m_apim.append(ApimProfile::fromJson(v.toObject()));
    for (const QJsonValue &v : root.value(QLatin1String("asgardeo")).toArray())
        m_asgardeo.append(AsgardeoProfile::fromJson(v.toObject()));
    for (const QJsonValue &v : root.value(QLatin1String("entra")).toArray())
        m_entra.append(EntraProfile::fromJson(v.toObject()));
    m_activeApim = root.value(QLatin1String("activeApim")).toString();
    for (const QJsonValue &v : root.value(QLatin1String("secretKeys")).toArray())
        m_secretKeys.append(v.toString());
    return true;
}

QJsonObject ProfileStore::toJson() const
{
    QJsonObject root;
    root.insert(QStringLiteral("version"), kVersion);
    root.insert(QStringLiteral("activeApim"), m_activeApim);
    root.insert(QStringLiteral("apim"), toArray(m_apim));
    root.insert(QStringLiteral("asgardeo"), toArray(m_asgardeo));
    root.insert(QStringLiteral("entra"), toArray(m_entra));
    root.insert(QStringLiteral("secretKeys"), QJsonArray::fromStringList(m_secretKeys));
    return root;
}

bool ProfileStore::save(ApiError *error)
{
    QFile existing(filePath());
    if (existing.exists() && m_backupPath.isEmpty()) {
        // Never overwrite a file we could not read unless it was backed up first.
        QFile probe(filePath());
        if (probe.open(QIODevice::ReadOnly)) {
            const QJsonDocument doc = QJsonDocument::fromJson(probe.readAll());
            if (!doc.isObject() || doc.object().value(QLatin1String("version")).toInt() != kVersion) {
                if (error)
                    *error = storageError(QStringLiteral("Refusing to overwrite %1: it could not be read and has no backup").arg(filePath()),
                                          QStringLiteral("Move the file aside, then try again."));
                return false;
            }
        }
    }
    if (!QDir().mkpath(m_directory)) {
        if (error)
            *error = storageError(QStringLiteral("Cannot create the folder %1").arg(m_directory), QStringLiteral("Check its permissions."));
        return false;
    }
    QSaveFile file(filePath());
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = storageError(QStringLiteral("Cannot write %1: %2").arg(filePath(), file.errorString()), QStringLiteral("Check the folder's permissions and free space."));
        return false;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        if (error)
            *error = storageError(QStringLiteral("Cannot write %1: %2").arg(filePath(), file.errorString()), QStringLiteral("Check the folder's permissions and free space."));
        return false;
    }
    m_backupPath.clear();
    return true;
}

std::optional<ApimProfile> ProfileStore::apimProfile(const QString &name) const { return findByName(m_apim, name); }
void ProfileStore::upsertApim(const ApimProfile &profile) { upsert(m_apim, profile); Q_EMIT changed(); }
bool ProfileStore::removeApim(const QString &name) { const bool r = removeByName(m_apim, name); Q_EMIT changed(); return r; }
std::optional<AsgardeoProfile> ProfileStore::asgardeoProfile(const QString &name) const { return findByName(m_asgardeo, name); }
void ProfileStore::upsertAsgardeo(const AsgardeoProfile &profile) { upsert(m_asgardeo, profile); Q_EMIT changed(); }
bool ProfileStore::removeAsgardeo(const QString &name) { const bool r = removeByName(m_asgardeo, name); Q_EMIT changed(); return r; }
std::optional<EntraProfile> ProfileStore::entraProfile(const QString &name) const { return findByName(m_entra, name); }
void ProfileStore::upsertEntra(const EntraProfile &profile) { upsert(m_entra, profile); Q_EMIT changed(); }
bool ProfileStore::removeEntra(const QString &name) { const bool r = removeByName(m_entra, name); Q_EMIT changed(); return r; }

void ProfileStore::setActiveApimProfile(const QString &name)
{
    m_activeApim = name;
    Q_EMIT changed();
}

void ProfileStore::noteSecretKey(const QString &key)
{
    if (!m_secretKeys.contains(key))
        m_secretKeys.append(key);
}

void ProfileStore::forgetSecretKey(const QString &key)
{
    m_secretKeys.removeAll(key);
}

} // namespace km
