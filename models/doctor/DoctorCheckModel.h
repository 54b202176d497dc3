#pragma once
// The Doctor's checks as a tree: one row per key manager (its worst level and counts), its checks below,
// in the order they were reported.

#include "services/doctor/Doctor.h"

#include <QAbstractItemModel>
#include <QList>

namespace km {

class DoctorCheckModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { Check, Level, Message, Fix, ColumnCount };
    enum Role { LevelRole = Qt::UserRole + 1, IdRole, KeyManagerRole, ActionRole /* QJsonObject: the one-click fix, empty when none */ };

    explicit DoctorCheckModel(QObject *parent = nullptr);

    void clear();
    void addCheck(const DoctorCheck &check);
    // Appends a group for a key manager whose checks are still to come (keeps the order the user asked for).
    void addGroup(const QString &keyManager);

    int groupCount() const { return int(m_groups.size()); }
    // The group's row, -1 when there is none. An empty name is the tenant-wide group.
    int groupRow(const QString &keyManager) const;
    QString groupName(int row) const;
    QList<DoctorCheck> checksOf(const QString &keyManager) const;
    int checkCount() const;
    // The worst level among a group's checks (Ok for an empty group).
    DoctorCheck::Level worstLevel(int groupRow) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Group
    {
        QString keyManager;
        QList<DoctorCheck> checks;
    };
    QVariant groupData(int row, int column, int role) const;
    QVariant checkData(const DoctorCheck &check, int column, int role) const;

    QList<Group> m_groups;
};

} // namespace km
