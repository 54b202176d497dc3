#include "services/profiles/ProfileStore.h"
#include "services/core/ConstRange.h"

#include "services/core/Logging.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
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

// The file's content digest, empty when it does not exist or cannot be read.
QByteArray fileDigest(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

constexpr int kLockWaitMs = 2000;   // another writer holds the lock for a few milliseconds at most
constexpr int kStaleLockMs = 10000; // a lock left by a crashed process is taken over after this
} // namespace

ProfileStore::ProfileStore(const QString &directory, QObject *parent)
    : QObject(parent)
    , m_directory(directory.isEmpty() ? defaultDirectory() : directory)
    , m_watcher(new QFileSystemWatcher(this))
{
    // QSaveFile replaces the file by renaming: the directory is watched too, so the new file is seen.
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &ProfileStore::onDiskChanged);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &ProfileStore::onDiskChanged);
    watch();
}

ProfileStore::~ProfileStore() = default;

void ProfileStore::watch()
{
    if (QFileInfo::exists(m_directory) && !m_watcher->directories().contains(m_directory))
        m_watcher->addPath(m_directory);
    if (QFileInfo::exists(filePath()) && !m_watcher->files().contains(filePath()))
        m_watcher->addPath(filePath());
}

void ProfileStore::onDiskChanged()
{
    watch();
    const QByteArray digest = fileDigest(filePath());
    if (digest.isEmpty() || digest == m_diskDigest)
        return; // our own write, or nothing readable to take in
    QFile file(filePath());
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QByteArray data = file.readAll();
    const QList<Change> unsaved = m_unsaved;
    ApiError error;
    if (!parse(data, &error)) {
        qCWarning(lcProfiles).noquote() << "not reloading" << filePath() << error.toUserText();
        return;
    }
    m_diskDigest = QCryptographicHash::hash(data, QCryptographicHash::Sha256);
    for (const Change &change : unsaved)
        change(this);
    qCInfo(lcProfiles).noquote() << "reloaded" << filePath() << "after another process changed it";
    Q_EMIT changed();
}

void ProfileStore::apply(Change change)
{
    change(this);
    m_unsaved.append(std::move(change));
    Q_EMIT changed();
}

void ProfileStore::clearProfiles()
{
    m_apim.clear();
    m_asgardeo.clear();
    m_entra.clear();
    m_activeApim.clear();
    m_secretKeys.clear();
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
    clearProfiles();
    m_unsaved.clear();
    m_backupPath.clear();
    m_diskDigest.clear();
    watch();
    QFile file(filePath());
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = storageError(ProfileStore::tr("Cannot read %1: %2").arg(filePath(), file.errorString()),
                                  ProfileStore::tr("Check the file's permissions."));
        return false;
    }
    const QByteArray data = file.readAll();
    file.close();
    if (!parse(data, error))
        return false;
    m_diskDigest = QCryptographicHash::hash(data, QCryptographicHash::Sha256);
    Q_EMIT changed();
    return true;
}

bool ProfileStore::parse(const QByteArray &data, ApiError *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    QString problem;
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        problem = ProfileStore::tr("is not valid JSON (%1 at byte %2)").arg(parseError.errorString()).arg(parseError.offset);
    else if (doc.object().value(QLatin1String("version")).toInt() != kVersion)
        problem = ProfileStore::tr("has version %1, which this kmconsole (version %2 files) does not know")
                      .arg(doc.object().value(QLatin1String("version")).toVariant().toString())
                      .arg(kVersion);
    if (!problem.isEmpty()) {
        clearProfiles();
        m_backupPath = filePath() + QStringLiteral(".corrupt-") + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss"));
        const bool copied = QFile::copy(filePath(), m_backupPath);
        qCWarning(lcProfiles).noquote() << filePath() << problem << "backup:" << (copied ? m_backupPath : QStringLiteral("failed"));
        if (error)
            *error = storageError(ProfileStore::tr("The profile file %1 %2").arg(filePath(), problem),
                                  copied ? ProfileStore::tr("It was copied to %1 and nothing in it was changed; kmconsole starts with no profiles. "
                                                            "Restore or fix the copy, or add the profiles again.").arg(m_backupPath)
                                         : ProfileStore::tr("It could not be backed up, so kmconsole will not overwrite it; move it aside and start again."));
        if (!copied)
            m_backupPath.clear();
        return false;
    }
    clearProfiles();
    const QJsonObject root = doc.object();
    for (const QJsonValue &v : km::constTemporary(root.value(QLatin1String("apim")).toArray()))
        m_apim.append(ApimProfile::fromJson(v.toObject()));
    for (const QJsonValue &v : km::constTemporary(root.value(QLatin1String("asgardeo")).toArray()))
        m_asgardeo.append(AsgardeoProfile::fromJson(v.toObject()));
    for (const QJsonValue &v : km::constTemporary(root.value(QLatin1String("entra")).toArray()))
        m_entra.append(EntraProfile::fromJson(v.toObject()));
    m_activeApim = root.value(QLatin1String("activeApim")).toString();
    for (const QJsonValue &v : km::constTemporary(root.value(QLatin1String("secretKeys")).toArray()))
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
    if (!QDir().mkpath(m_directory)) {
        if (error)
            *error = storageError(ProfileStore::tr("Cannot create the folder %1").arg(m_directory), ProfileStore::tr("Check its permissions."));
        return false;
    }
    QLockFile lock(filePath() + QStringLiteral(".lock"));
    lock.setStaleLockTime(kStaleLockMs);
    if (!lock.tryLock(kLockWaitMs)) {
        if (error)
            *error = storageError(ProfileStore::tr("Cannot save %1: another kmconsole process has held its lock for more than %2 s")
                                      .arg(filePath()).arg(kLockWaitMs / 1000),
                                  ProfileStore::tr("Wait for the other kmconsole or kmconsole-cli to finish, then save again."));
        return false;
    }
    const QByteArray onDisk = fileDigest(filePath());
    if (!onDisk.isEmpty() && onDisk != m_diskDigest && m_backupPath.isEmpty()) {
        // Another process wrote since this store read the file: start from its version, then redo ours.
        QFile file(filePath());
        if (file.open(QIODevice::ReadOnly)) {
            const QByteArray data = file.readAll();
            const QList<Change> unsaved = m_unsaved;
            const QByteArray mine = QJsonDocument(toJson()).toJson();
            if (parse(data, nullptr)) {
                m_diskDigest = onDisk;
                for (const Change &change : unsaved)
                    change(this);
            } else {
                // parse() backed the unreadable file up; this store's profiles replace it as they are.
                parse(mine, nullptr);
            }
        }
    }
    QFile existing(filePath());
    if (existing.exists() && m_backupPath.isEmpty()) {
        // Never overwrite a file we could not read unless it was backed up first.
        QFile probe(filePath());
        if (probe.open(QIODevice::ReadOnly)) {
            const QJsonDocument doc = QJsonDocument::fromJson(probe.readAll());
            if (!doc.isObject() || doc.object().value(QLatin1String("version")).toInt() != kVersion) {
                if (error)
                    *error = storageError(ProfileStore::tr("Refusing to overwrite %1: it could not be read and has no backup").arg(filePath()),
                                          ProfileStore::tr("Move the file aside, then try again."));
                return false;
            }
        }
    }
    QSaveFile file(filePath());
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = storageError(ProfileStore::tr("Cannot write %1: %2").arg(filePath(), file.errorString()), ProfileStore::tr("Check the folder's permissions and free space."));
        return false;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QByteArray data = QJsonDocument(toJson()).toJson(QJsonDocument::Indented);
    file.write(data);
    if (!file.commit()) {
        if (error)
            *error = storageError(ProfileStore::tr("Cannot write %1: %2").arg(filePath(), file.errorString()), ProfileStore::tr("Check the folder's permissions and free space."));
        return false;
    }
    m_diskDigest = QCryptographicHash::hash(data, QCryptographicHash::Sha256);
    m_unsaved.clear();
    m_backupPath.clear();
    watch();
    return true;
}

std::optional<ApimProfile> ProfileStore::apimProfile(const QString &name) const { return findByName(m_apim, name); }
void ProfileStore::upsertApim(const ApimProfile &profile) { apply([profile](ProfileStore *s) { upsert(s->m_apim, profile); }); }
bool ProfileStore::removeApim(const QString &name)
{
    const bool found = findByName(m_apim, name).has_value();
    apply([name](ProfileStore *s) { removeByName(s->m_apim, name); });
    return found;
}
std::optional<AsgardeoProfile> ProfileStore::asgardeoProfile(const QString &name) const { return findByName(m_asgardeo, name); }
void ProfileStore::upsertAsgardeo(const AsgardeoProfile &profile) { apply([profile](ProfileStore *s) { upsert(s->m_asgardeo, profile); }); }
bool ProfileStore::removeAsgardeo(const QString &name)
{
    const bool found = findByName(m_asgardeo, name).has_value();
    apply([name](ProfileStore *s) { removeByName(s->m_asgardeo, name); });
    return found;
}
std::optional<EntraProfile> ProfileStore::entraProfile(const QString &name) const { return findByName(m_entra, name); }
void ProfileStore::upsertEntra(const EntraProfile &profile) { apply([profile](ProfileStore *s) { upsert(s->m_entra, profile); }); }
bool ProfileStore::removeEntra(const QString &name)
{
    const bool found = findByName(m_entra, name).has_value();
    apply([name](ProfileStore *s) { removeByName(s->m_entra, name); });
    return found;
}

void ProfileStore::setActiveApimProfile(const QString &name)
{
    apply([name](ProfileStore *s) { s->m_activeApim = name; });
}

void ProfileStore::noteSecretKey(const QString &key)
{
    // Not announced: the index of keychain entries is no profile the pages show.
    const Change change = [key](ProfileStore *s) {
        if (!s->m_secretKeys.contains(key))
            s->m_secretKeys.append(key);
    };
    change(this);
    m_unsaved.append(change);
}

void ProfileStore::forgetSecretKey(const QString &key)
{
    const Change change = [key](ProfileStore *s) { s->m_secretKeys.removeAll(key); };
    change(this);
    m_unsaved.append(change);
}

} // namespace km
