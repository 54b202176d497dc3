#include "ui/widgets/FitToRows.h"

#include <QAbstractItemModel>
#include <QHeaderView>
#include <QListView>
#include <QPointer>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>

namespace km {

namespace {

int rowsHeight(QAbstractItemView *view)
{
    if (auto *table = qobject_cast<QTableView *>(view)) {
        const int header = table->horizontalHeader()->isVisible() ? table->horizontalHeader()->sizeHint().height() : 0;
        return header + table->verticalHeader()->length();
    }
    int height = 0;
    const QAbstractItemModel *model = view->model();
    for (int row = 0; model && row < model->rowCount(view->rootIndex()); ++row)
        height += qMax(view->sizeHintForRow(row), 0);
    if (auto *list = qobject_cast<QListView *>(view))
        height += 2 * list->spacing() * (model ? model->rowCount(view->rootIndex()) : 0);
    return height;
}

void apply(QAbstractItemView *view)
{
    const int horizontal = view->horizontalScrollBar()->isVisible() ? view->horizontalScrollBar()->sizeHint().height() : 0;
    // At least one row's worth, so that an empty view still reads as a table to fill.
    const int minimum = view->fontMetrics().height() * 2;
    view->setFixedHeight(qMax(rowsHeight(view), minimum) + horizontal + 2 * view->frameWidth());
}

} // namespace

void fitToRows(QAbstractItemView *view)
{
    view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->setSizeAdjustPolicy(QAbstractScrollArea::AdjustIgnored);
    // A QObject guard, cast with qobject_cast when used: the model announces its last reset
    // while the view is already being destroyed (QTableWidget deletes its model from
    // ~QWidget), when the object is no longer a QAbstractItemView and a static downcast
    // would be undefined.
    const QPointer<QObject> guard(view);
    auto later = [guard] {
        if (!qobject_cast<QAbstractItemView *>(guard.data()))
            return;
        // After the view has laid the rows out (row heights are known only then).
        QTimer::singleShot(0, guard.data(), [guard] {
            if (auto *v = qobject_cast<QAbstractItemView *>(guard.data()))
                apply(v);
        });
    };
    QAbstractItemModel *model = view->model();
    QObject::connect(model, &QAbstractItemModel::rowsInserted, view, later);
    QObject::connect(model, &QAbstractItemModel::rowsRemoved, view, later);
    QObject::connect(model, &QAbstractItemModel::modelReset, view, later);
    QObject::connect(model, &QAbstractItemModel::layoutChanged, view, later);
    QObject::connect(view->horizontalScrollBar(), &QScrollBar::rangeChanged, view, later);
    apply(view);
    later();
}

} // namespace km
