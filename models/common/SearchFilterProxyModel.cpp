#include "models/common/SearchFilterProxyModel.h"

#include "models/common/CellTextSource.h"
#include "services/core/Background.h"

#include <algorithm>
#include <numeric>

namespace km {

namespace {

// QSortFilterProxyModel's own order (QAbstractItemModelPrivate::isVariantLessThan) for a case-insensitive sort: an
// empty value after any other, text case-insensitively, anything else by QVariant::compare.
bool variantLess(const QVariant &left, const QVariant &right)
{
    if (!left.isValid())
        return false;
    if (!right.isValid())
        return true;
    if (left.userType() == QMetaType::QString && right.userType() == QMetaType::QString)
        return QString::compare(left.toString(), right.toString(), Qt::CaseInsensitive) < 0;
    return QVariant::compare(left, right) == QPartialOrdering::Less;
}

// A row's text as searched: every column's text followed by a unit separator (no typed text spans two columns),
// case-folded, UTF-8.
template <typename Cell>
QByteArray foldedRowText(int columns, Cell cell)
{
    QString text;
    for (int column = 0; column < columns; ++column) {
        text += cell(column);
        text += QChar(0x1f);
    }
    return std::move(text).toCaseFolded().toUtf8(); // folded in place: one string less per row
}

// Every source row in the order shown, `less` comparing two source rows. Stable; descending gives the groups of
// equal rows from last to first, each in the source's order (as a stable sort by "greater than" leaves them).
template <typename Less>
QList<int> sortedRows(int rows, Qt::SortOrder order, Less less)
{
    QList<int> sorted(rows);
    std::iota(sorted.begin(), sorted.end(), 0);
    std::stable_sort(sorted.begin(), sorted.end(), less);
    if (order == Qt::AscendingOrder)
        return sorted;
    QList<int> descending;
    descending.reserve(rows);
    int end = rows;
    while (end > 0) {
        int begin = end - 1;
        while (begin > 0 && !less(sorted.at(begin - 1), sorted.at(begin)))
            --begin;
        descending.append(sorted.mid(begin, end - begin));
        end = begin;
    }
    return descending;
}

struct Prepared
{
    QList<QByteArray> search;
    QList<int> order;
};

} // namespace

SearchFilterProxyModel::SearchFilterProxyModel(QObject *parent)
    : QAbstractProxyModel(parent)
{
}

void SearchFilterProxyModel::disconnectSource()
{
    for (const QMetaObject::Connection &c : std::as_const(m_sourceConnections))
        disconnect(c);
    m_sourceConnections.clear();
}

void SearchFilterProxyModel::setSourceModel(QAbstractItemModel *model)
{
    beginResetModel();
    disconnectSource();
    QAbstractProxyModel::setSourceModel(model);
    dropPrepared();
    prepareInBackground();
    if (model) {
        using M = QAbstractItemModel;
        const auto reset = [this] { beginResetModel(); };
        const auto resetDone = [this] {
            dropPrepared();
            prepareInBackground();
            endResetModel();
        };
        const auto relayout = [this] { beginRelayout(); };
        const auto relayoutDone = [this] {
            dropPrepared();
            endRelayout();
        };
        m_sourceConnections = {
            connect(model, &M::modelAboutToBeReset, this, reset),
            connect(model, &M::modelReset, this, resetDone),
            connect(model, &M::columnsAboutToBeInserted, this, reset),
            connect(model, &M::columnsInserted, this, resetDone),
            connect(model, &M::columnsAboutToBeRemoved, this, reset),
            connect(model, &M::columnsRemoved, this, resetDone),
            connect(model, &M::columnsAboutToBeMoved, this, reset),
            connect(model, &M::columnsMoved, this, resetDone),
            connect(model, &M::rowsAboutToBeInserted, this, relayout),
            connect(model, &M::rowsInserted, this, relayoutDone),
            connect(model, &M::rowsAboutToBeRemoved, this, relayout),
            connect(model, &M::rowsRemoved, this, relayoutDone),
            connect(model, &M::rowsAboutToBeMoved, this, relayout),
            connect(model, &M::rowsMoved, this, relayoutDone),
            connect(model, &M::layoutAboutToBeChanged, this, relayout),
            connect(model, &M::layoutChanged, this, relayoutDone),
            connect(model, &M::dataChanged, this, &SearchFilterProxyModel::sourceDataChanged),
            connect(model, &M::headerDataChanged, this,
                    [this](Qt::Orientation orientation, int first, int last) {
                        if (orientation == Qt::Horizontal)
                            Q_EMIT headerDataChanged(orientation, first, last);
                    }),
            // QAbstractProxyModel then reads an empty model: so do the rows shown. Silently, as Qt's proxies do:
            // a source goes when its owner does, and whoever listens to this proxy may be half gone too.
            connect(model, &QObject::destroyed, this, [this] { dropPrepared(); }),
        };
    }
    endResetModel();
}

void SearchFilterProxyModel::dropPrepared()
{
    m_searchReady = false;
    m_search.clear();
    m_orderReady = false;
    m_order.clear();
    m_visibleReady = false;
    m_visible.clear();
    m_proxyRow.clear();
    m_preparing = 0;
}

void SearchFilterProxyModel::prepareInBackground()
{
    const QAbstractItemModel *model = sourceModel();
    const auto *source = dynamic_cast<const CellTextSource *>(model);
    const int rows = model ? model->rowCount() : 0;
    if (!source || rows < m_backgroundRows) {
        m_preparing = 0;
        return;
    }
    const quint64 id = ++m_preparations;
    m_preparing = id;
    const int columns = model->columnCount();
    const int sortColumn = m_sortColumn < columns ? m_sortColumn : -1;
    auto work = [cell = source->cellTextSnapshot(), rows, columns, sortColumn, order = m_sortOrder] {
        Prepared prepared;
        prepared.search.resize(rows);
        for (int row = 0; row < rows; ++row)
            prepared.search[row] = foldedRowText(columns, [&cell, row](int column) { return cell(row, column); });
        if (sortColumn < 0) {
            prepared.order.resize(rows);
            std::iota(prepared.order.begin(), prepared.order.end(), 0);
            return prepared;
        }
        QList<QString> keys(rows);
        for (int row = 0; row < rows; ++row)
            keys[row] = cell(row, sortColumn);
        prepared.order = sortedRows(rows, order, [&keys](int a, int b) { return QString::compare(keys.at(a), keys.at(b), Qt::CaseInsensitive) < 0; });
        return prepared;
    };
    runInBackground<Prepared>(this, std::move(work), [this, id](const Prepared &ready) {
        if (id != m_preparing)
            return; // the source changed again meanwhile: a newer preparation is under way, or none is needed
        beginRelayout();
        m_preparing = 0;
        m_search = ready.search;
        m_searchReady = true;
        m_order = ready.order;
        m_orderReady = true;
        m_visibleReady = false;
        endRelayout();
        Q_EMIT prepared();
    });
}

QByteArray SearchFilterProxyModel::rowText(int row) const
{
    const QAbstractItemModel *model = sourceModel();
    return foldedRowText(model->columnCount(), [model, row](int column) { return model->data(model->index(row, column), Qt::DisplayRole).toString(); });
}

void SearchFilterProxyModel::prepareSearch() const
{
    if (m_searchReady)
        return;
    const int rows = sourceModel() ? sourceModel()->rowCount() : 0;
    m_search.resize(rows);
    for (int row = 0; row < rows; ++row)
        m_search[row] = rowText(row);
    m_searchReady = true;
}

void SearchFilterProxyModel::prepareOrder() const
{
    if (m_orderReady)
        return;
    const QAbstractItemModel *model = sourceModel();
    const int rows = model ? model->rowCount() : 0;
    if (m_sortColumn >= 0 && model && m_sortColumn < model->columnCount()) {
        QList<QVariant> keys(rows);
        for (int row = 0; row < rows; ++row)
            keys[row] = model->data(model->index(row, m_sortColumn), Qt::DisplayRole);
        m_order = sortedRows(rows, m_sortOrder, [&keys](int a, int b) { return variantLess(keys.at(a), keys.at(b)); });
    } else {
        m_order.resize(rows);
        std::iota(m_order.begin(), m_order.end(), 0);
    }
    m_orderReady = true;
}

void SearchFilterProxyModel::updateVisible(bool narrowing) const
{
    if (m_preparing) {
        m_visible.clear();
        m_proxyRow.fill(-1, sourceModel() ? sourceModel()->rowCount() : 0);
        m_visibleReady = true;
        return;
    }
    prepareOrder();
    if (m_needle.isEmpty()) {
        m_visible = m_order;
    } else {
        prepareSearch();
        const QList<int> &candidates = narrowing && m_visibleReady ? m_visible : m_order;
        QList<int> shown;
        shown.reserve(candidates.size());
        for (const int row : candidates) {
            if (m_search.at(row).contains(m_needle))
                shown.append(row);
        }
        m_visible = std::move(shown);
    }
    m_proxyRow.fill(-1, m_order.size());
    for (int i = 0; i < m_visible.size(); ++i)
        m_proxyRow[m_visible.at(i)] = i;
    m_visibleReady = true;
}

void SearchFilterProxyModel::beginRelayout()
{
    if (m_relayouts++ > 0)
        return;
    Q_EMIT layoutAboutToBeChanged();
    m_relayoutFrom = persistentIndexList();
    m_relayoutSources.clear();
    m_relayoutSources.reserve(m_relayoutFrom.size());
    for (const QModelIndex &index : std::as_const(m_relayoutFrom))
        m_relayoutSources.append(QPersistentModelIndex(mapToSource(index)));
}

void SearchFilterProxyModel::endRelayout()
{
    if (--m_relayouts > 0)
        return;
    QModelIndexList to;
    to.reserve(m_relayoutSources.size());
    for (const QPersistentModelIndex &source : std::as_const(m_relayoutSources))
        to.append(mapFromSource(source));
    changePersistentIndexList(m_relayoutFrom, to);
    m_relayoutFrom.clear();
    m_relayoutSources.clear();
    Q_EMIT layoutChanged();
}

void SearchFilterProxyModel::setSearchText(const QString &text)
{
    if (text == m_text)
        return;
    const QByteArray needle = text.toCaseFolded().toUtf8();
    // Text added to what was typed can only hide rows: only the rows shown are searched again.
    const bool narrowing = needle.contains(m_needle);
    beginRelayout();
    m_text = text;
    m_needle = needle;
    if (m_visibleReady)
        updateVisible(narrowing);
    endRelayout();
}

void SearchFilterProxyModel::sort(int column, Qt::SortOrder order)
{
    if (column == m_sortColumn && order == m_sortOrder && m_orderReady)
        return;
    beginRelayout();
    m_sortColumn = column;
    m_sortOrder = order;
    m_orderReady = false;
    m_visibleReady = false;
    if (m_preparing)
        prepareInBackground(); // for the new order
    endRelayout();
}

void SearchFilterProxyModel::sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (!topLeft.isValid() || topLeft.parent().isValid())
        return;
    const bool textChanged = roles.isEmpty() || roles.contains(Qt::DisplayRole);
    if (m_preparing) {
        if (textChanged)
            prepareInBackground(); // from the new text
        return;
    }
    if (textChanged && m_searchReady) {
        // The prepared text of just those rows; filtering then needs no other row read again.
        for (int row = topLeft.row(); row <= bottomRight.row() && row < m_search.size(); ++row)
            m_search[row] = rowText(row);
    }
    const bool orderChanged = textChanged && m_sortColumn >= topLeft.column() && m_sortColumn <= bottomRight.column();
    if (textChanged && (orderChanged || !m_needle.isEmpty())) {
        beginRelayout();
        if (orderChanged)
            m_orderReady = false;
        m_visibleReady = false;
        endRelayout();
        return;
    }
    if (!m_visibleReady)
        return;
    // Neither the rows shown nor their order change: the rows' own change, over the proxy rows it spans.
    int first = -1, last = -1;
    for (int row = topLeft.row(); row <= bottomRight.row() && row < m_proxyRow.size(); ++row) {
        const int proxyRow = m_proxyRow.at(row);
        if (proxyRow < 0)
            continue;
        first = first < 0 ? proxyRow : std::min(first, proxyRow);
        last = std::max(last, proxyRow);
    }
    if (first >= 0)
        Q_EMIT dataChanged(index(first, topLeft.column()), index(last, bottomRight.column()), roles);
}

QModelIndex SearchFilterProxyModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return QModelIndex();
    return createIndex(row, column);
}

QModelIndex SearchFilterProxyModel::parent(const QModelIndex &) const
{
    return QModelIndex();
}

QModelIndex SearchFilterProxyModel::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int SearchFilterProxyModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !sourceModel())
        return 0;
    if (!m_visibleReady)
        updateVisible(false);
    return int(m_visible.size());
}

int SearchFilterProxyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

bool SearchFilterProxyModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && rowCount() > 0 && columnCount() > 0;
}

QModelIndex SearchFilterProxyModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || proxyIndex.model() != this || !sourceModel())
        return QModelIndex();
    if (!m_visibleReady)
        updateVisible(false);
    if (proxyIndex.row() >= m_visible.size())
        return QModelIndex();
    return sourceModel()->index(m_visible.at(proxyIndex.row()), proxyIndex.column());
}

QModelIndex SearchFilterProxyModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != sourceModel() || sourceIndex.parent().isValid())
        return QModelIndex();
    if (!m_visibleReady)
        updateVisible(false);
    const int row = sourceIndex.row() < m_proxyRow.size() ? m_proxyRow.at(sourceIndex.row()) : -1;
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

QVariant SearchFilterProxyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!sourceModel())
        return QVariant();
    if (orientation == Qt::Vertical) {
        if (section < 0 || section >= rowCount())
            return QVariant();
        section = m_visible.at(section);
    }
    return sourceModel()->headerData(section, orientation, role);
}

} // namespace km
