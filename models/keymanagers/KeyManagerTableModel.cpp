#include "models/keymanagers/KeyManagerTableModel.h"

#include "services/apim/KeyManagerTokenType.h"

#include <QBrush>
#include <QHash>
#include <QJsonArray>
#include <QPalette>

namespace km {

KeyManagerTableModel::KeyManagerTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void KeyManagerTableModel::setKeyManagerList(const QJsonObject &keyManagerList)
{
    QHash<QString, Row> previous;
    for (const Row &row : std::as_const(m_rows))
        previous.insert(id(row), row);

    QList<Row> rows;
    const QJsonArray list = keyManagerList.value(QLatin1String("list")).toArray();
    for (const QJsonValue &value : list) {
        Row row;
        row.summary = value.toObject();
        const auto old = previous.constFind(id(row));
        if (old != previous.constEnd() && old->state == DetailState::Loaded) {
            row.detail = old->detail;
            row.state = old->state;
        }
        rows.append(row);
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

void KeyManagerTableModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void KeyManagerTableModel::setDetailLoading(const QString &kmId)
{
    const int row = rowOf(kmId);
    if (row < 0)
        return;
    m_rows[row].state = DetailState::Loading;
    m_rows[row].error.clear();
    rowChanged(row);
}

void KeyManagerTableModel::setDetail(const QString &kmId, const QJsonObject &keyManager)
{
    const int row = rowOf(kmId);
    if (row < 0)
        return;
    Row &r = m_rows[row];
    r.detail = keyManager;
    r.state = DetailState::Loaded;
    r.error.clear();
    // The details are newer than the list entry: keep the summary's shared fields in step.
    for (const QLatin1StringView key : {QLatin1StringView("enabled"), QLatin1StringView("tokenType"),
                                        QLatin1StringView("description"), QLatin1StringView("type")}) {
        if (keyManager.contains(key))
            r.summary.insert(key, keyManager.value(key));
    }
    rowChanged(row);
}

void KeyManagerTableModel::setDetailError(const QString &kmId, const QString &error)
{
    const int row = rowOf(kmId);
    if (row < 0)
        return;
    m_rows[row].state = DetailState::Failed;
    m_rows[row].error = error;
    rowChanged(row);
}

void KeyManagerTableModel::invalidateDetail(const QString &kmId)
{
    const int row = rowOf(kmId);
    if (row < 0)
        return;
    m_rows[row].state = DetailState::NotLoaded;
    m_rows[row].detail = QJsonObject();
    rowChanged(row);
}

void KeyManagerTableModel::removeKeyManager(const QString &kmId)
{
    const int row = rowOf(kmId);
    if (row < 0)
        return;
    beginRemoveRows(QModelIndex(), row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

int KeyManagerTableModel::rowOf(const QString &kmId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (id(m_rows.at(i)) == kmId)
            return i;
    }
    return -1;
}

QString KeyManagerTableModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? id(m_rows.at(row)) : QString();
}

QString KeyManagerTableModel::nameAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? field(m_rows.at(row), QLatin1StringView("name")).toString() : QString();
}

bool KeyManagerTableModel::isEnabled(int row) const
{
    return row >= 0 && row < m_rows.size() && field(m_rows.at(row), QLatin1StringView("enabled")).toBool();
}

QStringList KeyManagerTableModel::idsWithoutDetail() const
{
    QStringList ids;
    for (const Row &row : m_rows) {
        if (row.state == DetailState::NotLoaded)
            ids.append(id(row));
    }
    return ids;
}

QString KeyManagerTableModel::id(const Row &row) const
{
    return row.summary.value(QLatin1String("id")).toString();
}

QJsonValue KeyManagerTableModel::field(const Row &row, QLatin1StringView key) const
{
    if (row.state == DetailState::Loaded && row.detail.contains(key))
        return row.detail.value(key);
    return row.summary.value(key);
}

void KeyManagerTableModel::rowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int KeyManagerTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int KeyManagerTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KeyManagerTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const Row &r = m_rows.at(index.row());
    const auto column = Column(index.column());
    // Display name and issuer exist only in the details: say where they stand until then.
    const bool fromDetail = column == DisplayName || column == Issuer;
    const auto pendingText = [&]() -> QString {
        switch (r.state) {
        case DetailState::NotLoaded:
        case DetailState::Loading: return tr("loading…");
        case DetailState::Failed: return tr("unavailable");
        case DetailState::Loaded: break;
        }
        return QString();
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Name: return field(r, QLatin1StringView("name")).toString();
        case DisplayName:
            if (r.state != DetailState::Loaded)
                return pendingText();
            return r.detail.value(QLatin1String("displayName")).toString();
        case Type: return field(r, QLatin1StringView("type")).toString();
        case Enabled: return field(r, QLatin1StringView("enabled")).toBool() ? tr("Enabled") : tr("Disabled");
        case TokenType: return KeyManagerTokenType::shortName(field(r, KeyManagerTokenType::Field).toString());
        case Issuer:
            if (r.state != DetailState::Loaded)
                return pendingText();
            return r.detail.value(QLatin1String("issuer")).toString();
        case ColumnCount: break;
        }
        break;
    case Qt::CheckStateRole:
        if (column == Enabled)
            return field(r, QLatin1StringView("enabled")).toBool() ? Qt::Checked : Qt::Unchecked;
        break;
    case Qt::ForegroundRole:
        if (fromDetail && r.state != DetailState::Loaded)
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        break;
    case Qt::ToolTipRole:
        if (fromDetail && r.state == DetailState::Failed)
            return tr("Details could not be fetched: %1").arg(r.error);
        if (column == Name)
            return field(r, QLatin1StringView("description")).toString();
        if (column == Issuer)
            return data(index, Qt::DisplayRole);
        if (column == TokenType)
            return KeyManagerTokenType::describe(field(r, KeyManagerTokenType::Field).toString());
        break;
    case IdRole: return id(r);
    case SummaryRole: return r.summary;
    case DetailRole: return r.detail;
    case DetailStateRole: return QVariant::fromValue(r.state);
    case DetailErrorRole: return r.error;
    case SortRole:
        if (column == Enabled)
            return field(r, QLatin1StringView("enabled")).toBool();
        return data(index, Qt::DisplayRole).toString().toLower();
    default: break;
    }
    return QVariant();
}

QVariant KeyManagerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Name: return tr("Name");
    case DisplayName: return tr("Display name");
    case Type: return tr("Type");
    case Enabled: return tr("Enabled");
    case TokenType: return tr("Token type");
    case Issuer: return tr("Issuer");
    case ColumnCount: break;
    }
    return QVariant();
}

} // namespace km
