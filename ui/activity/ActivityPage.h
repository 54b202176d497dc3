#pragma once
// The Activity page: every remote call of this session with a filter, and the selected call's
// redacted request and response.

#include <QPersistentModelIndex>
#include <QWidget>

class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace km {

class ActivityLog;
class ActivityLogModel;
class EmptyStateView;
struct ActivityEntry;

class ActivityPage : public QWidget
{
    Q_OBJECT
public:
    explicit ActivityPage(ActivityLog *log, QWidget *parent = nullptr);

    ActivityLogModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }

    // The text the detail pane and the Copy button show for one call.
    static QString describe(const ActivityEntry &entry);

private:
    void updateDetail();
    void updateEmptyState();

    ActivityLog *m_log;
    QPersistentModelIndex m_readingAt; // the call at the top of the view while new ones are inserted
    ActivityLogModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QPushButton *m_copy;
    QPushButton *m_clear;
    QStackedWidget *m_stack;
    EmptyStateView *m_empty;
    QTableView *m_table;
    QPlainTextEdit *m_detail;
};

} // namespace km
