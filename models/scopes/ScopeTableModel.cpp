#include "models/scopes/ScopeTableModel.h"
#include "services/asgardeo/ScopeCoverage.h"
#include "services/core/ConstRange.h"

#include <QBrush>
#include <QColor>

namespace km {

namespace {
QStringList strings(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : km::constTemporary(value.toArray()))
        out << v.toString();
    return out;
}
} // namespace

ScopeTableModel::ScopeTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ScopeTableModel::setCoverage(const QJsonObject &coverage)
{
    beginResetModel();
    m_scopes.clear();
    for (const QJsonValue &v : km::constTemporary(coverage.value(QLatin1String("scopes")).toArray()))
        m_scopes.append(v.toObject());
    endResetModel();
}

void ScopeTableModel::clear()
{
    beginResetModel();
    m_scopes.clear();
    endResetModel();
}

QJsonObject ScopeTableModel::scopeAt(int row) const
{
    return row >= 0 && row < m_scopes.size() ? m_scopes.at(row) : QJsonObject();
}

QStringList ScopeTableModel::namesInAsgardeo() const
{
    QStringList out;
    for (const QJsonObject &s : m_scopes) {
        if (s.value(QLatin1String("inAsgardeo")).toBool())
            out << s.value(QLatin1String("name")).toString();
    }
    return out;
}

int ScopeTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_scopes.size());
}

int ScopeTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ScopeTableModel::displayText(const QJsonObject &s, int column)
{
    switch (column) {
    case NameColumn: return s.value(QLatin1String("name")).toString();
    case DisplayNameColumn: return s.value(QLatin1String("displayName")).toString();
    case UsedByColumn: return ScopeCoverage::usageText(s);
    case RolesColumn: return strings(s.value(QLatin1String("bindings"))).join(QStringLiteral(", "));
    case AsgardeoColumn: {
        const QJsonValue in = s.value(QLatin1String("inAsgardeo"));
        if (in.isNull() || in.isUndefined())
            return tr("not compared");
        return in.toBool() ? tr("yes") : tr("missing");
    }
    case ProblemColumn: return s.value(QLatin1String("problem")).toString();
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
    const QJsonObject &s = m_scopes.at(index.row());
    const QJsonValue in = s.value(QLatin1String("inAsgardeo"));
    const QString problem = s.value(QLatin1String("problem")).toString();
    switch (role) {
    case Qt::DisplayRole:
        return displayText(s, index.column());
    case Qt::ToolTipRole:
        if (index.column() == UsedByColumn) // API and tool names are server text: shown escaped
            return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(ScopeCoverage::usageText(s).toHtmlEscaped());
        if (index.column() == ProblemColumn || index.column() == NameColumn)
            return problem.isEmpty() ? QVariant() : QVariant(problem);
        if (index.column() == AsgardeoColumn && in.isBool() && !in.toBool())
            return tr("Asgardeo's global scopes resource does not hold this scope: tokens cannot carry it, and resources that require it answer 900910.");
        return QVariant();
    case Qt::ForegroundRole:
        if ((index.column() == AsgardeoColumn && in.isBool() && !in.toBool()) || (index.column() == ProblemColumn && !problem.isEmpty())
            || (index.column() == NameColumn && !problem.isEmpty()))
            return QBrush(QColor(0xc0, 0x1c, 0x28));
        return QVariant();
    case ScopeJsonRole: return s;
    case NameRole: return s.value(QLatin1String("name")).toString();
    case InAsgardeoRole: return in.toVariant();
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
