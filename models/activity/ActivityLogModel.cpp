#include "models/activity/ActivityLogModel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace km {

ActivityLogModel::ActivityLogModel(ActivityLog *log, QObject *parent)
    : QAbstractTableModel(parent)
{
    setLog(log);
}

void ActivityLogModel::setLog(ActivityLog *log)
{
    if (m_log)
        disconnect(m_log, nullptr, this, nullptr);
    m_log = log;
    if (m_log) {
        connect(m_log, &ActivityLog::entryAdded, this, &ActivityLogModel::append);
        connect(m_log, &ActivityLog::cleared, this, &ActivityLogModel::reload);
    }
    reload();
}

void ActivityLogModel::reload()
{
    beginResetModel();
    m_entries = m_log ? m_log->entries() : QList<ActivityEntry>();
    endResetModel();
}

void ActivityLogModel::append(const ActivityEntry &entry)
{
    // Mirror the log's eviction of its oldest entries so rows never outnumber the log.
    const int keep = m_log ? int(m_log->entries().size()) - 1 : int(m_entries.size());
    const int excess = int(m_entries.size()) - qMax(0, keep);
    if (excess > 0) {
        beginRemoveRows(QModelIndex(), 0, excess - 1);
        m_entries.remove(0, excess);
        endRemoveRows();
    }
    const int row = int(m_entries.size());
    beginInsertRows(QModelIndex(), row, row);
    m_entries.append(entry);
    endInsertRows();
}

int ActivityLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int ActivityLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ActivityLogModel::statusText(const ActivityEntry &entry)
{
    if (entry.status > 0)
        return QString::number(entry.status);
    return entry.error.isEmpty() ? tr("pending") : tr("no answer");
}

QVariant ActivityLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const ActivityEntry &e = m_entries.at(index.row());
    const bool failed = !e.error.isEmpty() || e.status >= 400;
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Time: return e.started.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
        case Method: return QString::fromLatin1(e.method);
        case Url: return e.url.toString();
        case Status: return statusText(e);
        case Duration: return tr("%1 ms").arg(QLocale().toString(e.durationMs));
        case PurposeOrError:
            if (e.error.isEmpty())
                return e.purpose;
            return e.purpose.isEmpty() ? e.error : e.purpose + QStringLiteral(" — ") + e.error;
        case ColumnCount: break;
        }
        break;
    case SortRole:
        switch (Column(index.column())) {
        case Time: return index.row(); // the order of arrival: calls started in the same millisecond stay apart
        case Status: return e.status;
        case Duration: return e.durationMs;
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::ToolTipRole:
        if (index.column() == PurposeOrError || index.column() == Url)
            return data(index, Qt::DisplayRole);
        if (index.column() == Time)
            return QLocale().toString(e.started.toLocalTime(), QLocale::LongFormat);
        if (index.column() == Status && e.attempt > 1)
            return tr("Answered on attempt %1").arg(e.attempt);
        break;
    case Qt::ForegroundRole:
        if (failed)
            return QBrush(QColor(0xb0, 0x1e, 0x1e));
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Duration || index.column() == Status)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case EntryIdRole: return e.id;
    case FailedRole: return failed;
    default: break;
    }
    return QVariant();
}

QVariant ActivityLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Time: return tr("Time");
    case Method: return tr("Method");
    case Url: return tr("URL");
    case Status: return tr("Status");
    case Duration: return tr("Duration");
    case PurposeOrError: return tr("Purpose / error");
    case ColumnCount: break;
    }
    return QVariant();
}

} // namespace km
