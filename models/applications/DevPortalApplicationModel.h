#pragma once
// Developer Portal applications with the OAuth keys they hold: one row per application and key (key
// manager × PRODUCTION/SANDBOX), and one "no keys" row for an application that holds none, so every
// application stays visible.

#include "services/apim/DevPortalApplication.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace km {

class DevPortalApplicationModel : public QAbstractTableModel
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
    void setApplications(const QJsonArray &applications);
    // What is known of the key managers: [{"name", "type", "tokenVersion": 0|1|2}].
    void setKeyManagers(const QJsonArray &keyManagers);
    void clear();

    QJsonArray applications() const { return m_applications; }
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
    void rebuild();
    KeyManagerInfo keyManagerInfo(const QString &name) const;

    QJsonArray m_applications;
    QList<DevPortalApplication> m_apps; // m_applications read once
    QHash<QString, KeyManagerInfo> m_keyManagerInfo;
    QList<Row> m_rows;
};

} // namespace km
