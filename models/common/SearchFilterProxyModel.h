#pragma once
// A sorted, filtered view of a flat table model, for tables of a hundred thousand rows filtered as the user
// types. What QSortFilterProxyModel would show with filter key column -1, case-insensitive fixed-string
// filtering and a case-insensitive sort, worked out differently:
// - each source row's text (every column as shown, case-folded) is prepared once per change of the source;
// - the order of every source row for the sort column is worked out once per sort or change of the source;
// - a keystroke then walks the rows in that order and keeps those whose text contains what was typed, one pass
//   without any sorting; a keystroke that only adds to the text walks just the rows shown.
// (QSortFilterProxyModel sorts the rows that stay on every change of its filter, or removes the others one gap at
// a time; at 100,000 rows either costs far more than one frame.)
// A source of BackgroundRows rows or more that is a CellTextSource has its text and order prepared on a worker
// thread after each reset: until they are ready the proxy shows no rows and isPreparing() is true; prepared()
// follows, with the rows shown as a layout change.
// Rows that sort equal keep the source's order in both directions, as QSortFilterProxyModel's stable sort does.
// Changes of the rows shown and of their order are layout changes, so selections and persistent indexes follow
// their rows.

#include <QAbstractProxyModel>
#include <QByteArray>
#include <QList>
#include <QPersistentModelIndex>

namespace km {

class SearchFilterProxyModel : public QAbstractProxyModel
{
    Q_OBJECT
public:
    explicit SearchFilterProxyModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override;
    QString searchText() const { return m_text; }

    // From how many source rows the preparation moves off the GUI thread (tests set it low).
    static constexpr int DefaultBackgroundRows = 5000;
    void setBackgroundRows(int rows) { m_backgroundRows = rows; }
    bool isPreparing() const { return m_preparing != 0; }

    // Orders the rows by `column`'s display text, case-insensitively (an empty value after any other); -1: the
    // source's order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &idx) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

public Q_SLOTS:
    // Shows only the rows that contain `text` (case-insensitive) in one of their columns; empty shows every row.
    void setSearchText(const QString &text);

Q_SIGNALS:
    // The text and order prepared on a worker thread are in place: the rows are shown.
    void prepared();

private:
    void disconnectSource();
    void dropPrepared();
    // After a reset of a large CellTextSource: the text and order prepared on a worker thread.
    void prepareInBackground();
    QByteArray rowText(int row) const; // every column as shown, case-folded, UTF-8
    void prepareSearch() const;
    void prepareOrder() const;
    // Works out which rows are shown, in which order; `narrowing`: only rows shown now can stay.
    void updateVisible(bool narrowing) const;

    // A layout change: persistent indexes (selections, the current row) follow their source rows.
    void beginRelayout();
    void endRelayout();
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);

    QString m_text;
    QByteArray m_needle; // m_text case-folded, UTF-8
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;

    // Worked out when first needed after the source changed.
    mutable bool m_searchReady = false;
    mutable QList<QByteArray> m_search; // per source row: its columns' text, case-folded, UTF-8
    mutable bool m_orderReady = false;
    mutable QList<int> m_order;         // every source row, in the order shown
    mutable bool m_visibleReady = false;
    mutable QList<int> m_visible;       // per proxy row: its source row
    mutable QList<int> m_proxyRow;      // per source row: its proxy row, -1 when hidden

    int m_backgroundRows = DefaultBackgroundRows;
    quint64 m_preparing = 0;    // the preparation under way on a worker thread, 0 when none
    quint64 m_preparations = 0; // how many were started: a result that is not the latest is dropped

    int m_relayouts = 0; // nesting of beginRelayout/endRelayout
    QModelIndexList m_relayoutFrom;
    QList<QPersistentModelIndex> m_relayoutSources;
    QList<QMetaObject::Connection> m_sourceConnections;
};

} // namespace km
