#include "models/applications/DevPortalApplicationModel.h"

#include "services/core/Background.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace km {

DevPortalApplicationModel::DevPortalApplicationModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void DevPortalApplicationModel::setApplications(const QJsonArray &applications)
{
    const quint64 id = ++m_loads;
    if (applications.size() < m_backgroundApplications) {
        m_loading = 0;
        install(applications, load(applications));
        Q_EMIT applicationsLoaded();
        return;
    }
    m_loading = id;
    runInBackground<Loaded>(this, [applications] { return load(applications); }, [this, id, applications](const Loaded &loaded) {
        if (id != m_loading)
            return; // overtaken by a newer list or by clear()
        m_loading = 0;
        install(applications, loaded);
        Q_EMIT applicationsLoaded();
    });
}

DevPortalApplicationModel::Loaded DevPortalApplicationModel::load(const QJsonArray &applications)
{
    Loaded loaded;
    loaded.apps = DevPortalApplication::listFromJson(applications);
    for (int i = 0; i < loaded.apps.size(); ++i) {
        const int keys = int(loaded.apps.at(i).keys.size());
        if (keys == 0)
            loaded.rows.append(Row{i, -1});
        for (int k = 0; k < keys; ++k)
            loaded.rows.append(Row{i, k});
    }
    return loaded;
}

void DevPortalApplicationModel::install(const QJsonArray &applications, const Loaded &loaded)
{
    beginResetModel();
    m_applications = applications;
    m_apps = loaded.apps;
    m_rows = loaded.rows;
    endResetModel();
}

void DevPortalApplicationModel::setKeyManagers(const QList<PortalKeyManager> &keyManagers)
{
    m_keyManagerInfo.clear();
    for (const PortalKeyManager &km : keyManagers) {
        KeyManagerInfo info;
        info.listed = true;
        info.type = km.type;
        info.version = km.tokenVersion;
        info.display = km.label();
        m_keyManagerInfo.insert(km.name, info);
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

DevPortalApplicationModel::KeyManagerInfo DevPortalApplicationModel::keyManagerInfo(const QHash<QString, KeyManagerInfo> &infos, const QString &name)
{
    const auto found = infos.constFind(name);
    if (found != infos.constEnd())
        return *found;
    KeyManagerInfo unlisted;
    unlisted.display = name;
    return unlisted;
}

void DevPortalApplicationModel::clear()
{
    m_loading = 0;
    beginResetModel();
    m_applications = QJsonArray();
    m_apps.clear();
    m_rows.clear();
    endResetModel();
}


int DevPortalApplicationModel::keyCount() const
{
    int n = 0;
    for (const Row &r : m_rows)
        n += r.key < 0 ? 0 : 1;
    return n;
}

QJsonObject DevPortalApplicationModel::applicationAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    QJsonObject app = m_applications.at(m_rows.at(row).application).toObject();
    app.remove(QStringLiteral("keys"));
    return app;
}

QJsonObject DevPortalApplicationModel::keyAt(int row) const
{
    if (row < 0 || row >= m_rows.size() || m_rows.at(row).key < 0)
        return {};
    const Row &r = m_rows.at(row);
    return m_applications.at(r.application).toObject().value(QLatin1String("keys")).toArray().at(r.key).toObject();
}

QJsonArray DevPortalApplicationModel::azureKeys() const
{
    QJsonArray out;
    for (const Row &r : m_rows) {
        if (r.key < 0)
            continue;
        const DevPortalApplication &app = m_apps.at(r.application);
        const DevPortalKey &key = app.keys.at(r.key);
        const KeyManagerInfo km = keyManagerInfo(key.keyManager);
        if (km.type != QLatin1String("AzureAD"))
            continue;
        out.append(QJsonObject{{QStringLiteral("consumerKey"), key.consumerKey},
                               {QStringLiteral("application"), app.name},
                               {QStringLiteral("applicationId"), app.applicationId},
                               {QStringLiteral("keyManager"), key.keyManager},
                               {QStringLiteral("keyType"), key.keyType},
                               {QStringLiteral("mode"), key.mode},
                               {QStringLiteral("tokenVersion"), km.version}});
    }
    return out;
}

int DevPortalApplicationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DevPortalApplicationModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DevPortalApplicationModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= ColumnCount)
        return QVariant();
    const Row &r = m_rows.at(index.row());
    const DevPortalApplication &app = m_apps.at(r.application);
    static const DevPortalKey noKey;
    const bool hasKey = r.key >= 0;
    const DevPortalKey &key = hasKey ? app.keys.at(r.key) : noKey;

    switch (role) {
    case Qt::DisplayRole:
        return displayText(app, hasKey ? &key : nullptr, hasKey ? keyManagerInfo(key.keyManager) : KeyManagerInfo(), index.column());
    case Qt::ToolTipRole:
        if (!hasKey && index.column() == KeyManagerColumn)
            return tr("“%1” holds no OAuth keys: generate them in the Developer Portal, or use “Provide existing keys…” "
                      "to map an Entra application's client ID and secret.").arg(app.name);
        if (index.column() == ModeColumn && hasKey)
            return key.isMapped() ? tr("Provided by an administrator (map-keys): the application was registered elsewhere")
                                  : tr("Created by API Manager (Generate Keys) through the key manager's connector");
        if (index.column() == KeyManagerColumn && hasKey && !keyManagerInfo(key.keyManager).listed)
            return tr("API Manager did not list this key manager (it may have been deleted or renamed)");
        if (index.column() == ConsumerKeyColumn && hasKey && keyManagerInfo(key.keyManager).type == QLatin1String("AzureAD"))
            return tr("The Entra application's Application (client) ID");
        return QVariant();
    case Qt::ForegroundRole:
        if (!hasKey && index.column() != ApplicationColumn && index.column() != OwnerColumn)
            return QBrush(QColor(0x5f, 0x63, 0x68));
        if (index.column() == KeyStateColumn && hasKey && key.keyState != QLatin1String("COMPLETED"))
            return QBrush(QColor(0xb0, 0x60, 0x00));
        return QVariant();
    case Qt::FontRole:
        if (index.column() == ConsumerKeyColumn) {
            QFont f(QStringLiteral("monospace"));
            f.setStyleHint(QFont::Monospace);
            return f;
        }
        if (!hasKey && index.column() == KeyManagerColumn) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        return QVariant();
    case ApplicationIdRole: return app.applicationId;
    case ApplicationNameRole: return app.name;
    case HasKeyRole: return hasKey;
    case ConsumerKeyRole: return key.consumerKey;
    case KeyManagerNameRole: return key.keyManager;
    case KeyManagerTypeRole: return hasKey ? keyManagerInfo(key.keyManager).type : QString();
    case KeyManagerVersionRole: return hasKey ? keyManagerInfo(key.keyManager).version : 0;
    case KeyTypeRole: return key.keyType;
    default: return QVariant();
    }
}

QString DevPortalApplicationModel::displayText(const DevPortalApplication &app, const DevPortalKey *key, const KeyManagerInfo &keyManager, int column)
{
    switch (column) {
    case ApplicationColumn: return app.name;
    case OwnerColumn: return app.owner;
    case KeyManagerColumn: return key ? keyManager.display : tr("no keys");
    case KeyTypeColumn: return key ? key->keyType : QString();
    case ConsumerKeyColumn: return key ? key->consumerKey : QString();
    case ModeColumn: return key ? key->mode : QString();
    case KeyStateColumn: return key ? key->keyState : QString();
    default: return QString();
    }
}

CellTextSource::CellText DevPortalApplicationModel::cellTextSnapshot() const
{
    // Shared copies: the model may load another list or learn other key managers while these are read.
    return [apps = m_apps, rows = m_rows, infos = m_keyManagerInfo](int row, int column) {
        const Row &r = rows.at(row);
        const DevPortalApplication &app = apps.at(r.application);
        const DevPortalKey *key = r.key >= 0 ? &app.keys.at(r.key) : nullptr;
        return displayText(app, key, key ? keyManagerInfo(infos, key->keyManager) : KeyManagerInfo(), column);
    };
}

QVariant DevPortalApplicationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ApplicationColumn: return tr("Application");
    case OwnerColumn: return tr("Owner");
    case KeyManagerColumn: return tr("Key manager");
    case KeyTypeColumn: return tr("Key type");
    case ConsumerKeyColumn: return tr("Consumer key (client ID)");
    case ModeColumn: return tr("Mode");
    case KeyStateColumn: return tr("Key state");
    default: return QVariant();
    }
}

} // namespace km
