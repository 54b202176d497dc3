#include "models/scopes/ScopeTableModel.h"

#include <QBrush>
#include <QColor>

namespace km {

ScopeTableModel::ScopeTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ScopeTableModel::setCoverage(const ScopeCoverageResult &coverage)
{
    beginResetModel();
    m_scopes = coverage.scopes;
    endResetModel();
}

void ScopeTableModel::clear()
{
    beginResetModel();
    m_scopes.clear();
    endResetModel();
}

int ScopeTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_scopes.size());
}

int ScopeTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ScopeTableModel::displayText(const ScopeCoverageEntry &s, int column)
{
    switch (column) {
    case NameColumn: return s.scope.name;
    case DisplayNameColumn: return s.scope.displayName;
    case UsedByColumn: return ScopeCoverage::usageText(s.scope);
    case RolesColumn: return s.scope.bindings.join(QStringLiteral(", "));
    case AsgardeoColumn:
        if (!s.inAsgardeo)
            return tr("not compared");
        return *s.inAsgardeo ? tr("yes") : tr("missing");
    case ProblemColumn: return s.problem;
    default: return QString();
    }
}

CellTextSource::CellText ScopeTableModel::cellTextSnapshot() const
{
    return [scopes = m_scopes](int row, int column) { return displayText(scopes.at(row), column); };
}

QVariant ScopeTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_scopes.size())
        return QVariant();
    const ScopeCoverageEntry &s = m_scopes.at(index.row());
    const QString &problem = s.problem;
    switch (role) {
    case Qt::DisplayRole:
        return displayText(s, index.column());
    case Qt::ToolTipRole:
        if (index.column() == UsedByColumn) // API and tool names are server text: shown escaped
            return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(ScopeCoverage::usageText(s.scope).toHtmlEscaped());
        if (index.column() == ProblemColumn || index.column() == NameColumn)
            return problem.isEmpty() ? QVariant() : QVariant(problem);
        if (index.column() == AsgardeoColumn && s.isMissing())
            return tr("Asgardeo's global scopes resource does not hold this scope: tokens cannot carry it, and resources that require it answer 900910.");
        return QVariant();
    case Qt::ForegroundRole:
        if ((index.column() == AsgardeoColumn && s.isMissing()) || (index.column() == ProblemColumn && !problem.isEmpty())
            || (index.column() == NameColumn && !problem.isEmpty()))
            return QBrush(QColor(0xc0, 0x1c, 0x28));
        return QVariant();
    case NameRole: return s.scope.name;
    case InAsgardeoRole: return s.inAsgardeo ? QVariant(*s.inAsgardeo) : QVariant();
    case HasProblemRole: return !problem.isEmpty();
    default: return QVariant();
    }
}

QVariant ScopeTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case NameColumn: return tr("Scope");
    case DisplayNameColumn: return tr("Display name");
    case UsedByColumn: return tr("Used by");
    case RolesColumn: return tr("Roles");
    case AsgardeoColumn: return tr("In Asgardeo");
    case ProblemColumn: return tr("Problem");
    default: return QVariant();
    }
}

} // namespace km
