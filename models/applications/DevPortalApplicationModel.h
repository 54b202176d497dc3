#pragma once
// Developer Portal applications with the OAuth keys they hold: one row per application and key (key
// manager × PRODUCTION/SANDBOX), and one "no keys" row for an application that holds none, so every
// application stays visible.

#include "models/common/CellTextSource.h"
#include "services/apim/DevPortalApplication.h"
#include "services/apim/DevPortalOverview.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace km {

class DevPortalApplicationModel : public QAbstractTableModel, public CellTextSource
{
    Q_OBJECT
public:
    enum Column { ApplicationColumn, OwnerColumn, KeyManagerColumn, KeyTypeColumn, ConsumerKeyColumn, ModeColumn, KeyStateColumn, ColumnCount };
    enum Role {
        ApplicationIdRole = Qt::UserRole + 1,
        ApplicationNameRole,
        HasKeyRole,
        ConsumerKeyRole,
        KeyManagerNameRole,
        KeyManagerTypeRole,     // "AzureAD", "Asgardeo", "Default", … ; empty when API Manager did not list it
        KeyManagerVersionRole,  // 1 or 2 for an AzureAD key manager, else 0
        KeyTypeRole,
    };

    explicit DevPortalApplicationModel(QObject *parent = nullptr);

    // `applications`: DevPortal application info objects, each with "keys": [ApplicationKey] (from oauth-keys).
    // BackgroundApplications or more are read on a worker thread, the rows before it stay meanwhile
    // (isLoading()); applicationsLoaded() follows every call that is not overtaken by another or by clear().
    void setApplications(const QJsonArray &applications);
    static constexpr int DefaultBackgroundApplications = 2000;
    void setBackgroundApplications(int count) { m_backgroundApplications = count; } // tests set it low
    bool isLoading() const { return m_loading != 0; }
    // What is known of the key managers: [{"name", "type", "tokenVersion": 0|1|2}].
    void setKeyManagers(const QList<PortalKeyManager> &keyManagers);
    void clear();

    const QList<DevPortalApplication> &applications() const { return m_apps; }
    int applicationCount() const { return int(m_apps.size()); }
    int keyCount() const;
    QJsonObject applicationAt(int row) const;
    // The key of this row; empty for an application's "no keys" row.
    QJsonObject keyAt(int row) const;
    // Every key held with an AzureAD key manager: [{"consumerKey", "application", "applicationId", "keyManager", "keyType",
    // "mode", "tokenVersion"}], for the Entra applications' "Used by".
    QJsonArray azureKeys() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    CellText cellTextSnapshot() const override;

Q_SIGNALS:
    void applicationsLoaded();

private:
    struct Row
    {
        int application = -1;
        int key = -1; // -1: the application holds no keys
    };
    // What a row shows of its key manager, worked out once per key manager (not per cell).
    struct KeyManagerInfo
    {
        QString type;
        int version = 0;
        QString display; // "Entra (AzureAD, v2 tokens)"
        bool listed = false;
    };
    struct Loaded
    {
        QList<DevPortalApplication> apps;
        QList<Row> rows;
    };
    static Loaded load(const QJsonArray &applications); // any thread
    void install(const QJsonArray &applications, const Loaded &loaded);
    static KeyManagerInfo keyManagerInfo(const QHash<QString, KeyManagerInfo> &infos, const QString &name);
    KeyManagerInfo keyManagerInfo(const QString &name) const { return keyManagerInfo(m_keyManagerInfo, name); }
    // What a cell shows; `key` null for an application's "no keys" row. Any thread.
    static QString displayText(const DevPortalApplication &app, const DevPortalKey *key, const KeyManagerInfo &keyManager, int column);

    int m_backgroundApplications = DefaultBackgroundApplications;
    quint64 m_loading = 0; // the list being read on a worker thread, 0 when none
    quint64 m_loads = 0;
    QJsonArray m_applications;
    QList<DevPortalApplication> m_apps; // m_applications read once
    QHash<QString, KeyManagerInfo> m_keyManagerInfo;
    QList<Row> m_rows;
};

} // namespace km
