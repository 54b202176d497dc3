#include "models/applications/DevPortalApplicationModel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace km {

namespace {

QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

} // namespace

DevPortalApplicationModel::DevPortalApplicationModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void DevPortalApplicationModel::setApplications(const QJsonArray &applications)
{
    beginResetModel();
    m_applications = applications;
    rebuild();
    endResetModel();
}

void DevPortalApplicationModel::setKeyManagers(const QJsonArray &keyManagers)
{
    m_keyManagers.clear();
    for (const QJsonValue &v : keyManagers)
        m_keyManagers.insert(text(v.toObject(), "name"), v.toObject());
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void DevPortalApplicationModel::clear()
{
    beginResetModel();
    m_applications = QJsonArray();
    m_rows.clear();
    endResetModel();
}

void DevPortalApplicationModel::rebuild()
{
    m_rows.clear();
    for (int i = 0; i < m_applications.size(); ++i) {
        const QJsonArray keys = m_applications.at(i).toObject().value(QLatin1String("keys")).toArray();
        if (keys.isEmpty())
            m_rows.append(Row{i, QJsonObject()});
        for (const QJsonValue &k : keys)
            m_rows.append(Row{i, k.toObject()});
    }
}

int DevPortalApplicationModel::keyCount() const
{
    int n = 0;
    for (const Row &r : m_rows)
        n += r.key.isEmpty() ? 0 : 1;
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
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).key : QJsonObject();
}

QJsonArray DevPortalApplicationModel::azureKeys() const
{
    QJsonArray out;
    for (const Row &r : m_rows) {
        const QString kmName = text(r.key, "keyManager");
        const QJsonObject km = m_keyManagers.value(kmName);
        if (r.key.isEmpty() || text(km, "type") != QLatin1String("AzureAD"))
            continue;
        const QJsonObject app = m_applications.at(r.application).toObject();
        out.append(QJsonObject{{QStringLiteral("consumerKey"), r.key.value(QLatin1String("consumerKey"))},
                               {QStringLiteral("application"), app.value(QLatin1String("name"))},
                               {QStringLiteral("applicationId"), app.value(QLatin1String("applicationId"))},
                               {QStringLiteral("keyManager"), kmName},
                               {QStringLiteral("keyType"), r.key.value(QLatin1String("keyType"))},
                               {QStringLiteral("mode"), r.key.value(QLatin1String("mode"))},
                               {QStringLiteral("tokenVersion"), km.value(QLatin1String("tokenVersion")).toInt()}});
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
    const QJsonObject app = m_applications.at(r.application).toObject();
    const QJsonObject &key = r.key;
    const bool hasKey = !key.isEmpty();
    const QString kmName = text(key, "keyManager");
    const QJsonObject km = m_keyManagers.value(kmName);
    const int version = km.value(QLatin1String("tokenVersion")).toInt();

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ApplicationColumn: return text(app, "name");
        case OwnerColumn: return text(app, "owner");
        case KeyManagerColumn:
            if (!hasKey)
                return tr("no keys");
            return version ? tr("%1 (%2, v%3 tokens)").arg(kmName, text(km, "type")).arg(version)
                           : (km.isEmpty() ? kmName : tr("%1 (%2)").arg(kmName, text(km, "type")));
        case KeyTypeColumn: return text(key, "keyType");
        case ConsumerKeyColumn: return text(key, "consumerKey");
        case ModeColumn: return text(key, "mode");
        case KeyStateColumn: return text(key, "keyState");
        default: return QVariant();
        }
    case Qt::ToolTipRole:
        if (!hasKey && index.column() == KeyManagerColumn)
            return tr("“%1” holds no OAuth keys: generate them in the Developer Portal, or use “Provide existing keys…” "
                      "to map an Entra application's client ID and secret.").arg(text(app, "name"));
        if (index.column() == ModeColumn && hasKey)
            return text(key, "mode") == QLatin1String("MAPPED")
                       ? tr("Provided by an administrator (map-keys): the application was registered elsewhere")
                       : tr("Created by API Manager (Generate Keys) through the key manager's connector");
        if (index.column() == KeyManagerColumn && hasKey && km.isEmpty())
            return tr("API Manager did not list this key manager (it may have been deleted or renamed)");
        if (index.column() == ConsumerKeyColumn && hasKey && text(km, "type") == QLatin1String("AzureAD"))
            return tr("The Entra application's Application (client) ID");
        return QVariant();
    case Qt::ForegroundRole:
        if (!hasKey && index.column() != ApplicationColumn && index.column() != OwnerColumn)
            return QBrush(QColor(0x5f, 0x63, 0x68));
        if (index.column() == KeyStateColumn && hasKey && text(key, "keyState") != QLatin1String("COMPLETED"))
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
    case ApplicationIdRole: return text(app, "applicationId");
    case ApplicationNameRole: return text(app, "name");
    case HasKeyRole: return hasKey;
    case ConsumerKeyRole: return text(key, "consumerKey");
    case KeyManagerNameRole: return kmName;
    case KeyManagerTypeRole: return text(km, "type");
    case KeyManagerVersionRole: return version;
    case KeyTypeRole: return text(key, "keyType");
    default: return QVariant();
    }
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
