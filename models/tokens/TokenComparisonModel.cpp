#include "models/tokens/TokenComparisonModel.h"

#include <QColor>
#include <QFont>

namespace km {

TokenComparisonModel::TokenComparisonModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void TokenComparisonModel::setComparison(const TokenComparison &comparison, const QString &leftName, const QString &rightName)
{
    beginResetModel();
    m_comparison = comparison;
    m_leftName = leftName;
    m_rightName = rightName;
    endResetModel();
    Q_EMIT headerDataChanged(Qt::Horizontal, LeftColumn, RightColumn);
}

void TokenComparisonModel::clear()
{
    setComparison(TokenComparison(), QString(), QString());
}

QString TokenComparisonModel::cellText(const std::optional<TokenFinding> &finding)
{
    if (!finding)
        return QStringLiteral("—");
    QString mark;
    switch (finding->severity) {
    case TokenFinding::Severity::Ok: mark = QStringLiteral("✔"); break;
    case TokenFinding::Severity::Info: mark = QStringLiteral("ℹ"); break;
    case TokenFinding::Severity::Warning: mark = QStringLiteral("⚠"); break;
    case TokenFinding::Severity::Error: mark = QStringLiteral("✖"); break;
    }
    return mark + QLatin1Char(' ') + finding->title;
}

int TokenComparisonModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_comparison.rows.size());
}

int TokenComparisonModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TokenComparisonModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_comparison.rows.size())
        return QVariant();
    const TokenComparisonRow &row = m_comparison.rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case FindingColumn: return row.id;
        case LeftColumn: return cellText(row.left);
        case RightColumn: return cellText(row.right);
        default: return QVariant();
        }
    case Qt::ToolTipRole: {
        const std::optional<TokenFinding> &f = index.column() == RightColumn ? row.right : row.left;
        if (index.column() == FindingColumn || !f)
            return QVariant();
        return f->fix.isEmpty() ? f->detail : QStringLiteral("%1\n%2 %3").arg(f->detail, tr("Fix:"), f->fix);
    }
    case DiffersRole:
        return row.differs;
    case Qt::FontRole:
        if (row.differs) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return QVariant();
    case Qt::BackgroundRole:
        // A translucent amber reads on a light and on a dark base alike.
        return row.differs ? QVariant(QColor(230, 160, 0, 70)) : QVariant();
    default:
        return QVariant();
    }
}

QVariant TokenComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case FindingColumn: return tr("Check");
    case LeftColumn: return m_leftName.isEmpty() ? tr("Key manager") : m_leftName;
    case RightColumn: return m_rightName.isEmpty() ? tr("Compared with") : m_rightName;
    default: return QVariant();
    }
}

} // namespace km
