#pragma once
// One token against two key managers as a table: a row per finding, the left and right key manager's
// verdict on it, rows that differ first, bold and tinted.

#include "services/tokens/TokenComparison.h"

#include <QAbstractTableModel>

namespace km {

class TokenComparisonModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { FindingColumn, LeftColumn, RightColumn, ColumnCount };
    enum Role { DiffersRole = Qt::UserRole + 1 };

    explicit TokenComparisonModel(QObject *parent = nullptr);

    void setComparison(const TokenComparison &comparison, const QString &leftName, const QString &rightName);
    void clear();
    const TokenComparison &comparison() const { return m_comparison; }

    // "✖ Issuer does not match", "✔ Signature verified", "—" when absent.
    static QString cellText(const std::optional<TokenFinding> &finding);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    TokenComparison m_comparison;
    QString m_leftName;
    QString m_rightName;
};

} // namespace km
