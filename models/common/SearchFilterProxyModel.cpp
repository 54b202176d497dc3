#include "models/common/SearchFilterProxyModel.h"

#include <algorithm>
#include <numeric>

namespace km {

namespace {

// QSortFilterProxyModel's own order (QAbstractItemModelPrivate::isVariantLessThan): an empty value after any
// other, text by the proxy's case sensitivity or the locale, anything else by QVariant::compare.
bool variantLess(const QVariant &left, const QVariant &right, Qt::CaseSensitivity cs, bool localeAware)
{
    if (!left.isValid())
        return false;
    if (!right.isValid())
        return true;
    if (left.userType() == QMetaType::QString && right.userType() == QMetaType::QString) {
        const QString l = left.toString(), r = right.toString();
        return localeAware ? l.localeAwareCompare(r) < 0 : l.compare(r, cs) < 0;
    }
    return QVariant::compare(left, right) == QPartialOrdering::Less;
}

} // namespace

SearchFilterProxyModel::SearchFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
}

void SearchFilterProxyModel::setSourceModel(QAbstractItemModel *model)
{
    for (const QMetaObject::Connection &c : std::as_const(m_sourceConnections))
        disconnect(c);
    m_sourceConnections.clear();
    sourceChanged();
    // Connected before QSortFilterProxyModel connects its own handlers, so that what was prepared is dropped
    // before the proxy re-filters or re-sorts the rows that changed.
    if (model) {
        const auto changed = [this] { sourceChanged(); };
        m_sourceConnections = {
            connect(model, &QAbstractItemModel::modelReset, this, changed),
            connect(model, &QAbstractItemModel::dataChanged, this, changed),
            connect(model, &QAbstractItemModel::rowsInserted, this, changed),
            connect(model, &QAbstractItemModel::rowsRemoved, this, changed),
            connect(model, &QAbstractItemModel::rowsMoved, this, changed),
            connect(model, &QAbstractItemModel::columnsInserted, this, changed),
            connect(model, &QAbstractItemModel::columnsRemoved, this, changed),
            connect(model, &QAbstractItemModel::layoutChanged, this, changed),
        };
    }
    QSortFilterProxyModel::setSourceModel(model);
}

void SearchFilterProxyModel::sourceChanged()
{
    m_searchReady = false;
    m_search.clear();
    m_rankColumn = -1;
    m_ranks.clear();
}

void SearchFilterProxyModel::setSearchText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_needle = text.toCaseFolded().toUtf8();
    // One pass over the prepared rows and a sort by rank, rather than QSortFilterProxyModel's row-by-row
    // removal and insertion, which costs a pass over all rows per gap between the rows that stay.
    invalidate();
}

void SearchFilterProxyModel::prepareSearch() const
{
    if (m_searchReady)
        return;
    const QAbstractItemModel *model = sourceModel();
    const int rows = model ? model->rowCount() : 0, columns = model ? model->columnCount() : 0;
    const int role = filterRole();
    m_search.resize(rows);
    QString text;
    for (int row = 0; row < rows; ++row) {
        text.clear();
        for (int column = 0; column < columns; ++column) {
            text += model->data(model->index(row, column), role).toString();
            text += QChar(0x1f); // a unit separator: no typed text spans two columns
        }
        m_search[row] = text.toCaseFolded().toUtf8();
    }
    m_searchReady = true;
}

void SearchFilterProxyModel::prepareRanks(int column) const
{
    const bool localeAware = isSortLocaleAware();
    if (m_rankColumn == column && m_rankRole == sortRole() && m_rankCase == sortCaseSensitivity() && m_rankLocale == localeAware)
        return;
    const QAbstractItemModel *model = sourceModel();
    const int rows = model ? model->rowCount() : 0;
    QList<QVariant> keys(rows);
    for (int row = 0; row < rows; ++row)
        keys[row] = model->data(model->index(row, column), sortRole());
    QList<int> order(rows);
    std::iota(order.begin(), order.end(), 0);
    const Qt::CaseSensitivity cs = sortCaseSensitivity();
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return variantLess(keys.at(a), keys.at(b), cs, localeAware); });
    m_ranks.resize(rows);
    int rank = 0;
    for (int i = 0; i < rows; ++i) {
        if (i > 0 && variantLess(keys.at(order.at(i - 1)), keys.at(order.at(i)), cs, localeAware))
            ++rank;
        m_ranks[order.at(i)] = rank;
    }
    m_rankColumn = column;
    m_rankRole = sortRole();
    m_rankCase = cs;
    m_rankLocale = localeAware;
}

bool SearchFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_needle.isEmpty() || sourceParent.isValid())
        return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
    prepareSearch();
    return sourceRow < m_search.size() && m_search.at(sourceRow).contains(m_needle);
}

bool SearchFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (left.parent().isValid() || right.parent().isValid() || left.column() != right.column())
        return QSortFilterProxyModel::lessThan(left, right);
    prepareRanks(left.column());
    if (left.row() >= m_ranks.size() || right.row() >= m_ranks.size())
        return QSortFilterProxyModel::lessThan(left, right);
    return m_ranks.at(left.row()) < m_ranks.at(right.row());
}

} // namespace km
