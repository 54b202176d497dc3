#include "models/doctor/DoctorCheckModel.h"

#include "services/doctor/DoctorFix.h"

#include <QBrush>
#include <QJsonObject>
#include <QColor>

namespace km {

namespace {
// Child indexes carry their group's row + 1; group indexes carry 0.
constexpr quintptr TopLevel = 0;

QColor levelColor(DoctorCheck::Level level)
{
    switch (level) {
    case DoctorCheck::Level::Ok: return QColor(0x2e, 0x7d, 0x32);
    case DoctorCheck::Level::Warn: return QColor(0xb2, 0x6a, 0x00);
    case DoctorCheck::Level::Error: return QColor(0xc6, 0x28, 0x28);
    }
    return QColor();
}
} // namespace

DoctorCheckModel::DoctorCheckModel(QObject *parent) : QAbstractItemModel(parent) {}

void DoctorCheckModel::clear()
{
    beginResetModel();
    m_groups.clear();
    endResetModel();
}

int DoctorCheckModel::groupRow(const QString &keyManager) const
{
    for (int i = 0; i < m_groups.size(); ++i) {
        if (m_groups.at(i).keyManager == keyManager)
            return i;
    }
    return -1;
}

void DoctorCheckModel::addGroup(const QString &keyManager)
{
    if (groupRow(keyManager) >= 0)
        return;
    const int row = int(m_groups.size());
    beginInsertRows(QModelIndex(), row, row);
    m_groups.append(Group{keyManager, {}});
    endInsertRows();
}

void DoctorCheckModel::addCheck(const DoctorCheck &check)
{
    addGroup(check.keyManager);
    const int g = groupRow(check.keyManager);
    const int row = int(m_groups.at(g).checks.size());
    beginInsertRows(index(g, 0), row, row);
    m_groups[g].checks.append(check);
    endInsertRows();
    // The group's level and counts changed with it.
    Q_EMIT dataChanged(index(g, 0), index(g, ColumnCount - 1));
}

QString DoctorCheckModel::groupName(int row) const
{
    return row >= 0 && row < m_groups.size() ? m_groups.at(row).keyManager : QString();
}

QList<DoctorCheck> DoctorCheckModel::checksOf(const QString &keyManager) const
{
    const int g = groupRow(keyManager);
    return g >= 0 ? m_groups.at(g).checks : QList<DoctorCheck>();
}

int DoctorCheckModel::checkCount() const
{
    int n = 0;
    for (const Group &g : m_groups)
        n += int(g.checks.size());
    return n;
}

DoctorCheck::Level DoctorCheckModel::worstLevel(int groupRow) const
{
    DoctorCheck::Level worst = DoctorCheck::Level::Ok;
    if (groupRow < 0 || groupRow >= m_groups.size())
        return worst;
    for (const DoctorCheck &c : m_groups.at(groupRow).checks)
        worst = qMax(worst, c.level);
    return worst;
}

QModelIndex DoctorCheckModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return QModelIndex();
    if (!parent.isValid())
        return row < m_groups.size() ? createIndex(row, column, TopLevel) : QModelIndex();
    if (parent.internalId() != TopLevel || parent.row() >= m_groups.size() || row >= m_groups.at(parent.row()).checks.size())
        return QModelIndex();
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex DoctorCheckModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == TopLevel)
        return QModelIndex();
    return createIndex(int(child.internalId() - 1), 0, TopLevel);
}

int DoctorCheckModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.internalId() == TopLevel && parent.column() == 0 && parent.row() < m_groups.size())
        return int(m_groups.at(parent.row()).checks.size());
    return 0;
}

int DoctorCheckModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant DoctorCheckModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return QVariant();
    if (index.internalId() == TopLevel)
        return groupData(index.row(), index.column(), role);
    const int g = int(index.internalId() - 1);
    if (g >= m_groups.size() || index.row() >= m_groups.at(g).checks.size())
        return QVariant();
    return checkData(m_groups.at(g).checks.at(index.row()), index.column(), role);
}

QVariant DoctorCheckModel::groupData(int row, int column, int role) const
{
    if (row >= m_groups.size())
        return QVariant();
    const Group &g = m_groups.at(row);
    const DoctorCheck::Level worst = worstLevel(row);
    if (role == KeyManagerRole)
        return g.keyManager;
    if (role == LevelRole)
        return DoctorCheck::levelName(worst);
    if (role == Qt::ForegroundRole && column == Level && !g.checks.isEmpty())
        return QBrush(levelColor(worst));
    if (role != Qt::DisplayRole)
        return QVariant();
    switch (column) {
    case Check: return g.keyManager.isEmpty() ? tr("All key managers") : g.keyManager;
    case Level: {
        if (g.checks.isEmpty())
            return tr("Checking…");
        DoctorCheck worstCheck;
        worstCheck.level = worst;
        return worstCheck.levelText();
    }
    case Message: {
        int errors = 0, warnings = 0;
        for (const DoctorCheck &c : g.checks) {
            errors += c.level == DoctorCheck::Level::Error;
            warnings += c.level == DoctorCheck::Level::Warn;
        }
        return QString(tr("%n check(s)", "", int(g.checks.size())) + QStringLiteral(", ") + tr("%n error(s)", "", errors) + QStringLiteral(", ")
                       + tr("%n warning(s)", "", warnings));
    }
    default: return QVariant();
    }
}

QVariant DoctorCheckModel::checkData(const DoctorCheck &check, int column, int role) const
{
    if (role == LevelRole)
        return DoctorCheck::levelName(check.level);
    if (role == IdRole)
        return check.id;
    if (role == KeyManagerRole)
        return check.keyManager;
    if (role == ActionRole)
        return check.canFix() ? check.action : QJsonObject();
    if (role == Qt::ForegroundRole && column == Level)
        return QBrush(levelColor(check.level));
    if (role == Qt::ToolTipRole && (column == Message || column == Fix)) {
        // Messages quote servers: shown as text even where Qt would take them for markup.
        const QString text = column == Message ? check.message : check.fix;
        return text.isEmpty() ? QVariant() : QVariant(QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(text.toHtmlEscaped()));
    }
    if (role != Qt::DisplayRole)
        return QVariant();
    switch (column) {
    case Check: return check.id;
    case Level: return check.levelText();
    case Message: return check.message;
    case Fix:
        if (check.canFix())
            return QString(check.fix + QLatin1Char(' ') + tr("Fix… does this: %1.").arg(DoctorFix::label(check.action)));
        return check.fix;
    default: return QVariant();
    }
}

QVariant DoctorCheckModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case Check: return tr("Check");
    case Level: return tr("Result");
    case Message: return tr("What was found");
    case Fix: return tr("What to do");
    default: return QVariant();
    }
}

} // namespace km
