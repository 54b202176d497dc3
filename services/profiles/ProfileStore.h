#pragma once
// Reads and writes the connection profiles (profiles.json under the app-config location, or
// $KMCONSOLE_CONFIG_DIR). A corrupt or newer file is reported and backed up, never dropped silently.
// Several processes (the console, kmconsole-cli) share the file: a save holds profiles.json.lock, takes in
// what another process wrote since and keeps it; a change on disk is reloaded and announced by changed().

#include "services/core/ApiError.h"
#include "services/profiles/Profiles.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <functional>
#include <optional>

class QFileSystemWatcher;

namespace km {

class ProfileStore : public QObject
{
    Q_OBJECT
public:
    static constexpr int kVersion = 1;

    explicit ProfileStore(const QString &directory = QString(), QObject *parent = nullptr);
    ~ProfileStore() override;

    static QString defaultDirectory();
    QString filePath() const;

    // A missing file is an empty store. A corrupt or unknown-version file: false, `error` names the
    // file and where its backup copy is; the store starts empty and may then save.
    bool load(ApiError *error = nullptr);
    // Fills the store from the bytes of a profile file (what load() reads); false, with `error` naming the
    // file and its backup, for a corrupt or unknown-version file (the store is then empty).
    bool parse(const QByteArray &data, ApiError *error);
    // Under the lock: re-reads the file if another process changed it, re-applies this store's unsaved
    // changes on top, and writes atomically. Fails (nothing written) when the lock stays held for 2 s.
    bool save(ApiError *error = nullptr);
    QString backupPath() const { return m_backupPath; }

    QList<ApimProfile> apimProfiles() const { return m_apim; }
    std::optional<ApimProfile> apimProfile(const QString &name) const;
    void upsertApim(const ApimProfile &profile);
    bool removeApim(const QString &name);

    QList<AsgardeoProfile> asgardeoProfiles() const { return m_asgardeo; }
    std::optional<AsgardeoProfile> asgardeoProfile(const QString &name) const;
    void upsertAsgardeo(const AsgardeoProfile &profile);
    bool removeAsgardeo(const QString &name);

    QList<EntraProfile> entraProfiles() const { return m_entra; }
    std::optional<EntraProfile> entraProfile(const QString &name) const;
    void upsertEntra(const EntraProfile &profile);
    bool removeEntra(const QString &name);

    QString activeApimProfile() const { return m_activeApim; }
    void setActiveApimProfile(const QString &name);

    // QtKeychain cannot list entries: the names (never values) of stored secrets are indexed here.
    QStringList secretKeys() const { return m_secretKeys; }
    void noteSecretKey(const QString &key);
    void forgetSecretKey(const QString &key);

    // All profiles as JSON (no secrets), as `profile list --json` prints them.
    QJsonObject toJson() const;

Q_SIGNALS:
    void changed();

private:
    using Change = std::function<void(ProfileStore *store)>;
    // Applies `change` now and keeps it until saved, to replay it over what another process wrote.
    void apply(Change change);
    void clearProfiles();
    void watch();
    void onDiskChanged();

    QString m_directory;
    QString m_backupPath;
    QList<ApimProfile> m_apim;
    QList<AsgardeoProfile> m_asgardeo;
    QList<EntraProfile> m_entra;
    QString m_activeApim;
    QStringList m_secretKeys;
    QList<Change> m_unsaved;
    QByteArray m_diskDigest; // SHA-256 of the file as last read or written here
    QFileSystemWatcher *m_watcher = nullptr;
};

} // namespace km
