#pragma once
// API Manager's scopes as ScopeCoverage reports them: one row per scope, with where it is used, the roles
// bound to it, whether Asgardeo's global scopes resource holds it, and any name Asgardeo would refuse.

#include "models/common/CellTextSource.h"

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>

namespace km {

class ScopeTableModel : public QAbstractTableModel, public CellTextSource
{
    Q_OBJECT
public:
    enum Column { NameColumn, DisplayNameColumn, UsedByColumn, RolesColumn, AsgardeoColumn, ProblemColumn, ColumnCount };
    enum Role { ScopeJsonRole = Qt::UserRole + 1, NameRole, InAsgardeoRole, HasProblemRole };

    explicit ScopeTableModel(QObject *parent = nullptr);

    // `coverage` is ScopeCoverage's result.
    void setCoverage(const QJsonObject &coverage);
    void clear();
    QJsonObject scopeAt(int row) const;
    // Names of the scopes that Asgardeo's global resource holds.
    QStringList namesInAsgardeo() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    CellText cellTextSnapshot() const override;

private:
    static QString displayText(const QJsonObject &scope, int column); // any thread

    QList<QJsonObject> m_scopes;
};

} // namespace km
