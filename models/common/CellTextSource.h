#pragma once
// A flat table model that can hand out what it shows as a value: a function giving the display text of any
// cell, holding shared copies of everything it reads, so that another thread may call it for as long as it
// wants, whatever the model does meanwhile. SearchFilterProxyModel prepares a large model's search text and
// order from it off the GUI thread.

#include <QString>

#include <functional>

namespace km {

class CellTextSource
{
public:
    using CellText = std::function<QString(int row, int column)>;

    virtual ~CellTextSource() = default;
    // What data(index(row, column), Qt::DisplayRole).toString() gives now, for every row and column it has now.
    virtual CellText cellTextSnapshot() const = 0;
};

} // namespace km
