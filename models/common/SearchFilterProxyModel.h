#pragma once
// A sort/filter proxy for tables of tens of thousands of rows, filtered as the user types: each row's text
// (every column as shown, case-folded) and each row's place in the sort order are worked out once per change
// of the source model, not once per keystroke or per comparison. A keystroke then only searches the rows'
// prepared text, and sorting compares integers.
// Same behaviour as QSortFilterProxyModel with setFilterFixedString, filter key column -1, case-insensitive
// filtering: a row stays when any of its columns contains the text.

#include <QByteArray>
#include <QList>
#include <QSortFilterProxyModel>

namespace km {

class SearchFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit SearchFilterProxyModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override;
    QString searchText() const { return m_text; }

public Q_SLOTS:
    // Shows only the rows that contain `text` (case-insensitive) in one of their columns; empty shows every row.
    void setSearchText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void sourceChanged();
    void prepareSearch() const;
    void prepareRanks(int column) const;

    QString m_text;
    QByteArray m_needle; // m_text case-folded, UTF-8

    // Worked out when first needed after the source changed.
    mutable bool m_searchReady = false;
    mutable QList<QByteArray> m_search; // per source row: its columns' text, case-folded, UTF-8
    mutable int m_rankColumn = -1;      // the column (and sort role, case, locale) m_ranks are for; -1: none
    mutable int m_rankRole = -1;
    mutable Qt::CaseSensitivity m_rankCase = Qt::CaseSensitive;
    mutable bool m_rankLocale = false;
    mutable QList<int> m_ranks;         // per source row: its place in the sort order (equal texts share one)
    QList<QMetaObject::Connection> m_sourceConnections;
};

} // namespace km
