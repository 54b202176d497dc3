#pragma once
// Table of the remote calls recorded in an ActivityLog, newest last, for the Activity page.

#include "services/http/ActivityLog.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace km {

class ActivityLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Method, Url, Status, Duration, PurposeOrError, ColumnCount };
    enum Role {
        EntryIdRole = Qt::UserRole + 1,
        SortRole,        // raw value of the column (time, status, milliseconds) for sorting
        FailedRole,      // true when the call ended in an error
    };

    explicit ActivityLogModel(ActivityLog *log = nullptr, QObject *parent = nullptr);

    void setLog(ActivityLog *log);
    ActivityLog *log() const { return m_log; }

    // The entry shown in `row` (a copy; the log may drop old entries).
    ActivityEntry entry(int row) const { return m_entries.value(row); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "HTTP 200", "no answer" — the status as a user reads it.
    static QString statusText(const ActivityEntry &entry);

private:
    void append(const ActivityEntry &entry);
    void reload();

    QPointer<ActivityLog> m_log;
    // A copy, because the log evicts its oldest entry before telling us about the new one.
    QList<ActivityEntry> m_entries;
};

} // namespace km
