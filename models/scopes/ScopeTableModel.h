#pragma once
// API Manager's scopes as ScopeCoverage reports them: one row per scope, with where it is used, the roles
// bound to it, whether Asgardeo's global scopes resource holds it, and any name Asgardeo would refuse.

#include "models/common/CellTextSource.h"
#include "services/asgardeo/ScopeCoverage.h"

#include <QAbstractTableModel>

namespace km {

class ScopeTableModel : public QAbstractTableModel, public CellTextSource
{
    Q_OBJECT
public:
    enum Column { NameColumn, DisplayNameColumn, UsedByColumn, RolesColumn, AsgardeoColumn, ProblemColumn, ColumnCount };
    enum Role { NameRole = Qt::UserRole + 1, InAsgardeoRole, HasProblemRole };

    explicit ScopeTableModel(QObject *parent = nullptr);

    void setCoverage(const ScopeCoverageResult &coverage);
    void clear();

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    CellText cellTextSnapshot() const override;

private:
    static QString displayText(const ScopeCoverageEntry &scope, int column); // any thread

    QList<ScopeCoverageEntry> m_scopes;
};

} // namespace km
